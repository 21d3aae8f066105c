// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "event.h"

#include <QList>

#include <optional>

namespace medpull {

class Database;

// The event outbox and the deliveries of its events to endpoints, with
// persisted retry state and a lease so two processes never send the same
// delivery at once.
class EventRepository {
public:
    explicit EventRepository(const Database &database)
        : m_db(database) {}

    // Writes an event; call it inside the transaction of the change that
    // causes it.
    OutboxEvent add(OutboxEvent event);
    std::optional<OutboxEvent> get(qint64 id) const;
    std::optional<OutboxEvent> findByUuid(const QString &uuid) const;
    // Newest first.
    QList<OutboxEvent> list(int limit = 200, int offset = 0) const;

    // Creates the deliveries of events recorded since each endpoint last
    // planned (enabled or not, filtered by its event types).
    int plan();
    // Takes the oldest due delivery of an enabled endpoint that has no
    // earlier undelivered event of the same connection before it (or one
    // whose lease expired), counts the attempt and leases it to `owner`.
    std::optional<EventDelivery> claimDue(const QString &owner, int leaseSeconds,
                                          const QDateTime &now = QDateTime::currentDateTimeUtc());
    bool renewLease(qint64 deliveryId, const QString &owner, int leaseSeconds);
    bool holdsLease(qint64 deliveryId, const QString &owner) const;
    // Hands an unfinished delivery back: due at once, the attempt not counted.
    void release(qint64 deliveryId, const QString &owner);
    void markDelivered(qint64 deliveryId, int httpStatus);
    // A failed attempt; with a valid `nextAttemptAt` it is retried then,
    // else it stays `failed`.
    void markFailed(qint64 deliveryId, int httpStatus, const QString &error,
                    const QDateTime &nextAttemptAt);
    // Makes every pending delivery of an enabled endpoint due now, whatever
    // its backoff said.
    int retryPendingNow();
    // Sends an event to an endpoint again (or for the first time), now.
    EventDelivery redeliver(qint64 endpointId, qint64 eventId);

    // Whether a delivery to an enabled endpoint is being sent (by this
    // process or another, or held by one that died until its lease ends).
    bool anyDelivering() const;

    std::optional<EventDelivery> delivery(qint64 id) const;
    // An endpoint's delivery log, newest event first.
    QList<EventDelivery> forEndpoint(qint64 endpointId, int limit = 200, int offset = 0) const;

private:
    QList<OutboxEvent> selectEvents(const QString &where, const QVariantList &values) const;
    QList<EventDelivery> selectDeliveries(const QString &where, const QVariantList &values) const;

    const Database &m_db;
};

} // namespace medpull
