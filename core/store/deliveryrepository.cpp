// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "deliveryrepository.h"

#include "database.h"
#include "sql.h"
#include "transaction.h"

namespace medpull {

namespace {

const QString columns = QStringLiteral(
    "d.id, d.pull_id, d.destination_id, d.status, d.attempts, d.next_attempt_at, d.last_error, "
    "d.http_status, d.resource_count, d.lease_owner, d.lease_expires_at, d.created_at, "
    "d.delivered_at");

// Failed, or waiting for an automatic retry (or already for a manual one).
const QString retryable =
    QStringLiteral("(status = 'failed' OR (status = 'pending' AND last_error IS NOT NULL))");

} // namespace

Delivery DeliveryRepository::ensure(qint64 pullId, qint64 destinationId, qint64 resourceCount) {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    sql::run(
        m_db.connection(),
        QStringLiteral("INSERT INTO deliveries (pull_id, destination_id, status, "
                       "next_attempt_at, resource_count, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                       "ON CONFLICT (pull_id, destination_id) DO NOTHING"),
        {pullId, destinationId, nameOf(DeliveryStatus::Pending), now, resourceCount, now});
    return select(QStringLiteral("WHERE d.pull_id = ? AND d.destination_id = ?"),
                  {pullId, destinationId})
        .first();
}

std::optional<Delivery> DeliveryRepository::get(qint64 id) const {
    const QList<Delivery> found = select(QStringLiteral("WHERE d.id = ?"), {id});
    return found.isEmpty() ? std::nullopt : std::optional<Delivery>(found.first());
}

QList<Delivery> DeliveryRepository::forDestination(qint64 destinationId, int limit,
                                                   int offset) const {
    return select(QStringLiteral("WHERE d.destination_id = ? ORDER BY d.id DESC LIMIT ? OFFSET ?"),
                  {destinationId, limit, offset});
}

QList<Delivery> DeliveryRepository::forPatient(qint64 patientId, int limit, int offset) const {
    return select(QStringLiteral("JOIN pulls p ON p.id = d.pull_id JOIN connections c "
                                 "ON c.id = p.connection_id WHERE c.patient_id = ? "
                                 "ORDER BY d.id DESC LIMIT ? OFFSET ?"),
                  {patientId, limit, offset});
}

void DeliveryRepository::markDelivered(qint64 id) {
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE deliveries SET status = 'delivered', delivered_at = ?, "
                            "last_error = NULL, http_status = NULL, next_attempt_at = NULL, "
                            "manual_retry = 0, automatic_attempt_at = NULL, lease_owner = NULL, "
                            "lease_expires_at = NULL WHERE id = ?"),
             {sql::toDb(QDateTime::currentDateTimeUtc()), id});
}

void DeliveryRepository::markFailed(qint64 id, int httpStatus, const QString &error,
                                    const QDateTime &nextAttemptAt) {
    const DeliveryStatus status =
        nextAttemptAt.isValid() ? DeliveryStatus::Pending : DeliveryStatus::Failed;
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE deliveries SET status = CASE WHEN manual_retry = 0 THEN ? "
                            "WHEN automatic_attempt_at IS NULL THEN 'failed' ELSE 'pending' END, "
                            "next_attempt_at = CASE WHEN manual_retry = 0 THEN ? "
                            "ELSE automatic_attempt_at END, http_status = ?, last_error = ?, "
                            "manual_retry = 0, automatic_attempt_at = NULL, lease_owner = NULL, "
                            "lease_expires_at = NULL WHERE id = ?"),
             {nameOf(status), sql::toDb(nextAttemptAt), sql::nullIfZero(httpStatus), error, id});
}

bool DeliveryRepository::retryNow(qint64 id) {
    QSqlQuery query = sql::run(
        m_db.connection(),
        QStringLiteral("UPDATE deliveries SET status = 'pending', manual_retry = 1, "
                       "automatic_attempt_at = CASE WHEN manual_retry = 1 THEN "
                       "automatic_attempt_at WHEN status = 'pending' THEN next_attempt_at END, "
                       "next_attempt_at = ? WHERE id = ? AND %1")
            .arg(retryable),
        {QDateTime::currentMSecsSinceEpoch(), id});
    return query.numRowsAffected() == 1;
}

QList<qint64> DeliveryRepository::retryAllFailed(qint64 destinationId) {
    Transaction transaction(m_db);
    QSqlQuery query = sql::run(
        m_db.connection(),
        QStringLiteral("SELECT id FROM deliveries WHERE destination_id = ? AND %1 ORDER BY id")
            .arg(retryable),
        {destinationId});
    QList<qint64> ids;
    while (query.next())
        ids.append(query.value(0).toLongLong());
    query.finish();
    for (qint64 id : std::as_const(ids))
        retryNow(id);
    transaction.commit();
    return ids;
}

QList<Delivery> DeliveryRepository::select(const QString &where, const QVariantList &values) const {
    QSqlQuery query =
        sql::run(m_db.connection(),
                 QStringLiteral("SELECT %1 FROM deliveries d %2").arg(columns, where), values);
    QList<Delivery> deliveries;
    while (query.next()) {
        Delivery delivery;
        delivery.id = query.value(0).toLongLong();
        delivery.pullId = query.value(1).toLongLong();
        delivery.destinationId = query.value(2).toLongLong();
        delivery.status = sql::enumFromDb<DeliveryStatus>(query.value(3));
        delivery.attempts = query.value(4).toInt();
        delivery.nextAttemptAt = sql::timeFromDb(query.value(5));
        delivery.lastError = query.value(6).toString();
        delivery.httpStatus = query.value(7).toInt();
        delivery.resourceCount = query.value(8).toLongLong();
        delivery.leaseOwner = query.value(9).toString();
        delivery.leaseExpiresAt = sql::timeFromDb(query.value(10));
        delivery.createdAt = sql::timeFromDb(query.value(11));
        delivery.deliveredAt = sql::timeFromDb(query.value(12));
        deliveries.append(delivery);
    }
    return deliveries;
}

} // namespace medpull
