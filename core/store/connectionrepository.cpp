// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "connectionrepository.h"

#include "database.h"
#include "sql.h"

namespace medpull {

namespace {

const QString columns = QStringLiteral(
    "id, patient_id, source_id, state, fhir_patient_id, failure_kind, failure_detail, created_at, "
    "updated_at, last_successful_pull_at, next_pull_at, last_full_pull_at, retry_attempt, "
    "retry_at, session_only");

} // namespace

Connection ConnectionRepository::add(qint64 patientId, qint64 sourceId, ConnectionState state) {
    Connection connection;
    connection.patientId = patientId;
    connection.sourceId = sourceId;
    connection.state = state;
    connection.createdAt = connection.updatedAt = QDateTime::currentDateTimeUtc();
    connection.id = sql::insert(
        m_db.connection(),
        QStringLiteral("INSERT INTO connections (patient_id, source_id, state, created_at, "
                       "updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id"),
        {patientId, sourceId, nameOf(state), sql::toDb(connection.createdAt),
         sql::toDb(connection.updatedAt)});
    return connection;
}

std::optional<Connection> ConnectionRepository::get(qint64 id) const {
    const QList<Connection> found = select(QStringLiteral("WHERE id = ?"), {id});
    return found.isEmpty() ? std::nullopt : std::optional<Connection>(found.first());
}

std::optional<Connection> ConnectionRepository::find(qint64 patientId, qint64 sourceId) const {
    const QList<Connection> found =
        select(QStringLiteral("WHERE patient_id = ? AND source_id = ?"), {patientId, sourceId});
    return found.isEmpty() ? std::nullopt : std::optional<Connection>(found.first());
}

void ConnectionRepository::remove(qint64 id) {
    sql::run(m_db.connection(),
             QStringLiteral("DELETE FROM connections WHERE id = ? AND state = 'pending'"), {id});
}

QList<Connection> ConnectionRepository::forPatient(qint64 patientId) const {
    return select(QStringLiteral("WHERE patient_id = ?"), {patientId});
}

QList<Connection> ConnectionRepository::othersWithRecord(qint64 sourceId,
                                                         const QString &fhirPatientId,
                                                         qint64 exceptPatientId) const {
    return select(QStringLiteral("WHERE source_id = ? AND fhir_patient_id = ? AND patient_id <> ? "
                                 "AND state <> 'disconnected'"),
                  {sourceId, fhirPatientId, exceptPatientId});
}

QList<Connection> ConnectionRepository::list() const {
    return select({}, {});
}

void ConnectionRepository::setState(qint64 id, ConnectionState state,
                                    std::optional<FailureKind> failureKind,
                                    const QString &failureDetail) {
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE connections SET state = ?, failure_kind = ?, "
                            "failure_detail = ?, updated_at = ? WHERE id = ?"),
             {nameOf(state), sql::optionalEnumToDb(failureKind), sql::nullIfEmpty(failureDetail),
              sql::toDb(QDateTime::currentDateTimeUtc()), id});
}

void ConnectionRepository::setFhirPatientId(qint64 id, const QString &fhirPatientId) {
    sql::run(
        m_db.connection(),
        QStringLiteral("UPDATE connections SET fhir_patient_id = ?, updated_at = ? WHERE id = ?"),
        {fhirPatientId, sql::toDb(QDateTime::currentDateTimeUtc()), id});
}

void ConnectionRepository::setNextPullAt(qint64 id, const QDateTime &nextPullAt) {
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE connections SET next_pull_at = ? WHERE id = ?"),
             {sql::toDb(nextPullAt), id});
}

void ConnectionRepository::recordSuccessfulPull(qint64 id, const QDateTime &at, bool full) {
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE connections SET last_successful_pull_at = ?, "
                            "last_full_pull_at = CASE WHEN ? = 1 THEN ? ELSE last_full_pull_at END "
                            "WHERE id = ?"),
             {sql::toDb(at), full ? 1 : 0, sql::toDb(at), id});
}

void ConnectionRepository::setRetry(qint64 id, int attempt, const QDateTime &retryAt) {
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE connections SET retry_attempt = ?, retry_at = ? WHERE id = ?"),
             {attempt, sql::toDb(retryAt), id});
}

void ConnectionRepository::setSessionOnly(qint64 id, bool sessionOnly) {
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE connections SET session_only = ? WHERE id = ?"),
             {sessionOnly ? 1 : 0, id});
}

QList<Connection> ConnectionRepository::dueForRetry(const QDateTime &now) const {
    // Not while the last retry is still queued or running.
    return select(QStringLiteral("WHERE state = 'active' AND retry_at IS NOT NULL AND "
                                 "retry_at <= ? AND NOT EXISTS (SELECT 1 FROM pulls p WHERE "
                                 "p.connection_id = connections.id AND p.pull_trigger = 'retry' "
                                 "AND p.status IN ('queued', 'running'))"),
                  {sql::toDb(now)});
}

QList<Connection> ConnectionRepository::dueForScheduledPull(const QDateTime &now) const {
    return select(QStringLiteral("WHERE state = 'active' AND next_pull_at IS NOT NULL "
                                 "AND next_pull_at <= ?"),
                  {sql::toDb(now)});
}

QList<Connection> ConnectionRepository::select(const QString &where,
                                               const QVariantList &values) const {
    QSqlQuery query = sql::run(
        m_db.connection(),
        QStringLiteral("SELECT %1 FROM connections %2 ORDER BY id").arg(columns, where), values);
    QList<Connection> connections;
    while (query.next()) {
        Connection connection;
        connection.id = query.value(0).toLongLong();
        connection.patientId = query.value(1).toLongLong();
        connection.sourceId = query.value(2).toLongLong();
        connection.state = sql::enumFromDb<ConnectionState>(query.value(3));
        connection.fhirPatientId = query.value(4).toString();
        connection.failureKind = sql::optionalEnumFromDb<FailureKind>(query.value(5));
        connection.failureDetail = query.value(6).toString();
        connection.createdAt = sql::timeFromDb(query.value(7));
        connection.updatedAt = sql::timeFromDb(query.value(8));
        connection.lastSuccessfulPullAt = sql::timeFromDb(query.value(9));
        connection.nextPullAt = sql::timeFromDb(query.value(10));
        connection.lastFullPullAt = sql::timeFromDb(query.value(11));
        connection.retryAttempt = query.value(12).toInt();
        connection.retryAt = sql::timeFromDb(query.value(13));
        connection.sessionOnly = query.value(14).toInt() != 0;
        connections.append(connection);
    }
    return connections;
}

} // namespace medpull
