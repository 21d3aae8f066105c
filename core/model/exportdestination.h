// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "enums.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace medpull {

// Where data goes after a pull settles.
struct ExportDestination {
    qint64 id = 0;
    QString name;
    DestinationKind kind = DestinationKind::NdjsonFolder;
    bool enabled = true;
    QJsonObject config;
    // Highest pull id whose data this destination has received.
    qint64 watermarkPullId = 0;
    QDateTime createdAt;
    QDateTime updatedAt;
};

// One pull's new data sent to one destination.
struct Delivery {
    qint64 id = 0;
    qint64 pullId = 0;
    qint64 destinationId = 0;
    DeliveryStatus status = DeliveryStatus::Pending;
    int attempts = 0;
    QDateTime nextAttemptAt;
    QString lastError;
    int httpStatus = 0;
    qint64 resourceCount = 0;
    QString leaseOwner;
    QDateTime leaseExpiresAt;
    QDateTime createdAt;
    QDateTime deliveredAt;

    // Failed, or waiting for an automatic retry: a person may retry it now
    // (DeliveryRepository::retryNow).
    bool retryable() const {
        return status == DeliveryStatus::Failed ||
               (status == DeliveryStatus::Pending && !lastError.isEmpty());
    }
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::ExportDestination)
Q_DECLARE_METATYPE(medpull::Delivery)
