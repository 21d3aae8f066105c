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
    QList<Connection> forPatient(qint64 patientId) const;
    QList<Connection> list() const;

    // Moves a connection to `state`. A failure kind goes with the unusable
    // states; reaching `active` clears it.
    void setState(qint64 id, ConnectionState state,
                  std::optional<FailureKind> failureKind = std::nullopt,
                  const QString &failureDetail = {});
    void setFhirPatientId(qint64 id, const QString &fhirPatientId);
    void setNextPullAt(qint64 id, const QDateTime &nextPullAt);
    void recordSuccessfulPull(qint64 id, const QDateTime &at, bool full);

    // Active connections whose scheduled pull time has come.
    QList<Connection> dueForScheduledPull(const QDateTime &now) const;

private:
    QList<Connection> select(const QString &where, const QVariantList &values) const;

    const Database &m_db;
};

} // namespace medpull
