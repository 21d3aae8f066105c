// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "enums.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace medpull {

// One event of the outbox: what happened, fixed when it happened. `body` is
// the exact JSON envelope every endpoint receives (and the bytes signed).
struct OutboxEvent {
    qint64 id = 0;
    QString uuid; // the envelope's `id`: stable, receivers dedupe on it
    EventType type = EventType::ConnectionConnected;
    qint64 connectionId = 0;
    qint64 pullId = 0;
    QDateTime createdAt;
    QByteArray body;
};

// A URL that receives signed event notifications (not data).
struct EventEndpoint {
    qint64 id = 0;
    QString name;
    QString url;
    // Event type names, or {"*"} for every type.
    QStringList eventTypes{QStringLiteral("*")};
    // {"secret": ...} in plain, or sealed like a destination's secrets.
    QJsonObject config;
    bool enabled = true;
    // Why the endpoint was disabled automatically (a stored error code), or
    // empty when an admin disabled it or it is enabled.
    QString disabledReason;
    QDateTime createdAt;
    QDateTime updatedAt;

    bool wants(EventType type) const {
        return eventTypes.contains(QStringLiteral("*")) || eventTypes.contains(nameOf(type));
    }
};

// One event sent to one endpoint, with its retry state.
struct EventDelivery {
    qint64 id = 0;
    qint64 eventId = 0;
    qint64 endpointId = 0;
    qint64 connectionId = 0;
    DeliveryStatus status = DeliveryStatus::Pending;
    int attempts = 0;
    QDateTime nextAttemptAt;
    QDateTime lastAttemptAt;
    QString lastError; // stored error code
    int httpStatus = 0;
    QDateTime createdAt;
    QDateTime deliveredAt;
    // From the event, for lists.
    QString eventUuid;
    EventType eventType = EventType::ConnectionConnected;
    QDateTime eventCreatedAt;
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::OutboxEvent)
Q_DECLARE_METATYPE(medpull::EventEndpoint)
Q_DECLARE_METATYPE(medpull::EventDelivery)
