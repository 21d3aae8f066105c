// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "connection.h"

#include <QList>

#include <optional>

namespace medpull {

class Database;

class ConnectionRepository {
public:
    explicit ConnectionRepository(const Database &database)
        : m_db(database) {}

    Connection add(qint64 patientId, qint64 sourceId,
                   ConnectionState state = ConnectionState::Pending);
    std::optional<Connection> get(qint64 id) const;
    // The patient's account at the source: there is at most one.
    std::optional<Connection> find(qint64 patientId, qint64 sourceId) const;
    // Only for an account that never got further than `pending` (a cancelled
    // first connect): it has no history worth keeping.
    void remove(qint64 id);
    QList<Connection> forPatient(qint64 patientId) const;
    // Accounts of other patients that reached the same portal record: the
    // same person signed in for two medpull patients.
    QList<Connection> othersWithRecord(qint64 sourceId, const QString &fhirPatientId,
                                       qint64 exceptPatientId) const;
    QList<Connection> list() const;

    // Moves a connection to `state`. A failure kind goes with the unusable
    // states; reaching `active` clears it.
    void setState(qint64 id, ConnectionState state,
                  std::optional<FailureKind> failureKind = std::nullopt,
                  const QString &failureDetail = {});
    void setFhirPatientId(qint64 id, const QString &fhirPatientId);
    void setNextPullAt(qint64 id, const QDateTime &nextPullAt);
    void recordSuccessfulPull(qint64 id, const QDateTime &at, bool full);
    // The automatic retry schedule after a retrieval error (see
    // AccountFailures); an invalid time means no retry is waiting.
    void setRetry(qint64 id, int attempt, const QDateTime &retryAt);
    // Whether the connection's last sign-in left it without a refresh token.
    void setSessionOnly(qint64 id, bool sessionOnly);

    // Active connections whose scheduled pull time has come.
    QList<Connection> dueForScheduledPull(const QDateTime &now) const;
    // Active connections whose automatic retry is due and not yet under way.
    QList<Connection> dueForRetry(const QDateTime &now) const;

private:
    QList<Connection> select(const QString &where, const QVariantList &values) const;

    const Database &m_db;
};

} // namespace medpull
