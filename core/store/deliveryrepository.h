// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "exportdestination.h"

#include <QList>

#include <optional>

namespace medpull {

class Database;

// Deliveries: one per (pull, destination), with persisted retry state and a
// lease so two processes never deliver the same thing at once.
class DeliveryRepository {
public:
    explicit DeliveryRepository(const Database &database)
        : m_db(database) {}

    // Creates the delivery of a pull to a destination, or returns the one
    // that already exists.
    Delivery ensure(qint64 pullId, qint64 destinationId, qint64 resourceCount);
    std::optional<Delivery> get(qint64 id) const;
    // Newest first, paged.
    QList<Delivery> forDestination(qint64 destinationId, int limit = 200, int offset = 0) const;
    QList<Delivery> forPatient(qint64 patientId, int limit = 200, int offset = 0) const;

    // Claiming a due delivery is DeliveryStore::claimDue (the exporter's).
    void markDelivered(qint64 id);
    // A failed attempt; with a valid `nextAttemptAt` it goes back to
    // `pending` for an automatic retry, else it stays `failed` for a person.
    // A failed manual retry ignores `nextAttemptAt` and goes back to the
    // automatic schedule it stepped in front of (or to `failed`).
    void markFailed(qint64 id, int httpStatus, const QString &error,
                    const QDateTime &nextAttemptAt);
    // A manual retry of a failed delivery or one waiting for an automatic
    // retry: due now. It is not one of the automatic attempts, so a failure
    // leaves the automatic schedule as it was (the same next attempt, the
    // same count). False when the delivery is neither.
    bool retryNow(qint64 id);
    // retryNow() for every such delivery of a destination; the ids retried.
    QList<qint64> retryAllFailed(qint64 destinationId);

private:
    QList<Delivery> select(const QString &where, const QVariantList &values) const;

    const Database &m_db;
};

} // namespace medpull
