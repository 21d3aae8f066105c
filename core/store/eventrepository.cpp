// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventrepository.h"

#include "database.h"
#include "eventendpointrepository.h"
#include "sql.h"
#include "transaction.h"

namespace medpull {

namespace {

// An event id below which every event is committed: PostgreSQL hands out ids
// at insert, so a transaction may commit a lower id after a higher one; none
// stays open this long.
constexpr qint64 settledAfterMs = 10 * 60 * 1000;

const QString deliveryColumns = QStringLiteral(
    "d.id, d.event_id, d.endpoint_id, d.connection_id, d.status, d.attempts, d.next_attempt_at, "
    "d.last_attempt_at, d.last_error, d.http_status, d.created_at, d.delivered_at, ev.uuid, "
    "ev.type, ev.created_at");

} // namespace

OutboxEvent EventRepository::add(OutboxEvent event) {
    event.id = sql::insert(m_db.connection(),
                           QStringLiteral("INSERT INTO events (uuid, type, connection_id, pull_id, "
                                          "created_at, body) VALUES (?, ?, ?, ?, ?, ?) "
                                          "RETURNING id"),
                           {event.uuid, nameOf(event.type), event.connectionId,
                            sql::nullIfZero(event.pullId), sql::toDb(event.createdAt),
                            QString::fromUtf8(event.body)});
    return event;
}

std::optional<OutboxEvent> EventRepository::get(qint64 id) const {
    const QList<OutboxEvent> found = selectEvents(QStringLiteral("WHERE id = ?"), {id});
    return found.isEmpty() ? std::nullopt : std::optional<OutboxEvent>(found.first());
}

std::optional<OutboxEvent> EventRepository::findByUuid(const QString &uuid) const {
    const QList<OutboxEvent> found = selectEvents(QStringLiteral("WHERE uuid = ?"), {uuid});
    return found.isEmpty() ? std::nullopt : std::optional<OutboxEvent>(found.first());
}

QList<OutboxEvent> EventRepository::list(int limit, int offset) const {
    return selectEvents(QStringLiteral("ORDER BY id DESC LIMIT ? OFFSET ?"), {limit, offset});
}

int EventRepository::plan() {
    const QSqlDatabase db = m_db.connection();
    int planned = 0;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const EventEndpoint &endpoint : EventEndpointRepository(m_db).list()) {
        Transaction transaction(m_db);
        const qint64 from =
            sql::scalar(db,
                        QStringLiteral("SELECT planned_event_id FROM event_endpoints "
                                       "WHERE id = ?"),
                        {endpoint.id})
                .toLongLong();
        QString filter;
        QVariantList values{endpoint.id, nameOf(DeliveryStatus::Pending), now, now, from,
                            endpoint.id};
        if (!endpoint.eventTypes.contains(QStringLiteral("*"))) {
            QStringList marks;
            for (const QString &type : endpoint.eventTypes) {
                marks.append(QStringLiteral("?"));
                values.append(type);
            }
            filter = QStringLiteral(" AND ev.type IN (%1)").arg(marks.join(QLatin1Char(',')));
        }
        QSqlQuery insert = sql::run(
            db,
            QStringLiteral("INSERT INTO event_deliveries (event_id, endpoint_id, connection_id, "
                           "status, next_attempt_at, created_at) SELECT ev.id, "
                           "CAST(? AS BIGINT), ev.connection_id, CAST(? AS TEXT), "
                           "CAST(? AS BIGINT), CAST(? AS BIGINT) FROM events ev WHERE ev.id > ? "
                           "AND NOT "
                           "EXISTS (SELECT 1 FROM event_deliveries x WHERE x.event_id = ev.id "
                           "AND x.endpoint_id = ?)%1 ORDER BY ev.id "
                           "ON CONFLICT (event_id, endpoint_id) DO NOTHING")
                .arg(filter),
            values);
        planned += qMax(0, insert.numRowsAffected());
        sql::run(db,
                 QStringLiteral("UPDATE event_endpoints SET planned_event_id = (SELECT "
                                "COALESCE(MAX(id), 0) FROM events WHERE created_at < ?) "
                                "WHERE id = ? AND planned_event_id < (SELECT COALESCE(MAX(id), 0) "
                                "FROM events WHERE created_at < ?)"),
                 {now - settledAfterMs, endpoint.id, now - settledAfterMs});
        transaction.commit();
    }
    return planned;
}

std::optional<EventDelivery> EventRepository::claimDue(const QString &owner, int leaseSeconds,
                                                       const QDateTime &now) {
    Transaction transaction(m_db, Transaction::Mode::Exclusive);
    const qint64 nowMs = now.toMSecsSinceEpoch();
    const QVariant id = sql::scalar(
        m_db.connection(),
        QStringLiteral(
            "SELECT d.id FROM event_deliveries d JOIN event_endpoints e ON e.id = d.endpoint_id "
            "WHERE e.enabled = 1 AND ((d.status = 'pending' AND d.next_attempt_at <= ?) OR "
            "(d.status = 'delivering' AND d.lease_expires_at < ?)) AND NOT EXISTS (SELECT 1 "
            "FROM event_deliveries p WHERE p.endpoint_id = d.endpoint_id AND p.connection_id = "
            "d.connection_id AND p.event_id < d.event_id AND p.status <> 'delivered') "
            "ORDER BY d.event_id, d.id LIMIT 1"),
        {nowMs, nowMs});
    if (!id.isValid())
        return std::nullopt;
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE event_deliveries SET status = 'delivering', "
                            "attempts = attempts + 1, last_attempt_at = ?, lease_owner = ?, "
                            "lease_expires_at = ? WHERE id = ?"),
             {nowMs, owner, nowMs + leaseSeconds * 1000LL, id});
    transaction.commit();
    return delivery(id.toLongLong());
}

bool EventRepository::renewLease(qint64 deliveryId, const QString &owner, int leaseSeconds) {
    QSqlQuery query =
        sql::run(m_db.connection(),
                 QStringLiteral("UPDATE event_deliveries SET lease_expires_at = ? WHERE id = ? "
                                "AND lease_owner = ? AND status = 'delivering'"),
                 {QDateTime::currentMSecsSinceEpoch() + leaseSeconds * 1000LL, deliveryId, owner});
    return query.numRowsAffected() == 1;
}

bool EventRepository::holdsLease(qint64 deliveryId, const QString &owner) const {
    return sql::scalar(m_db.connection(),
                       QStringLiteral("SELECT 1 FROM event_deliveries WHERE id = ? AND "
                                      "lease_owner = ? AND status = 'delivering'"),
                       {deliveryId, owner})
        .isValid();
}

void EventRepository::release(qint64 deliveryId, const QString &owner) {
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE event_deliveries SET status = 'pending', attempts = "
                            "CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, "
                            "next_attempt_at = ?, lease_owner = NULL, lease_expires_at = NULL "
                            "WHERE id = ? AND lease_owner = ? AND status = 'delivering'"),
             {QDateTime::currentMSecsSinceEpoch(), deliveryId, owner});
}

void EventRepository::markDelivered(qint64 deliveryId, int httpStatus) {
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE event_deliveries SET status = 'delivered', delivered_at = ?, "
                            "http_status = ?, last_error = NULL, next_attempt_at = NULL, "
                            "lease_owner = NULL, lease_expires_at = NULL WHERE id = ?"),
             {QDateTime::currentMSecsSinceEpoch(), sql::nullIfZero(httpStatus), deliveryId});
}

void EventRepository::markFailed(qint64 deliveryId, int httpStatus, const QString &error,
                                 const QDateTime &nextAttemptAt) {
    const DeliveryStatus status =
        nextAttemptAt.isValid() ? DeliveryStatus::Pending : DeliveryStatus::Failed;
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE event_deliveries SET status = ?, http_status = ?, "
                            "last_error = ?, next_attempt_at = ?, lease_owner = NULL, "
                            "lease_expires_at = NULL WHERE id = ?"),
             {nameOf(status), sql::nullIfZero(httpStatus), sql::text(error),
              sql::toDb(nextAttemptAt), deliveryId});
}

int EventRepository::retryPendingNow() {
    QSqlQuery query = sql::run(
        m_db.connection(),
        QStringLiteral("UPDATE event_deliveries SET next_attempt_at = ? WHERE status = 'pending' "
                       "AND endpoint_id IN (SELECT id FROM event_endpoints WHERE enabled = 1)"),
        {QDateTime::currentMSecsSinceEpoch()});
    return qMax(0, query.numRowsAffected());
}

EventDelivery EventRepository::redeliver(qint64 endpointId, qint64 eventId) {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Transaction transaction(m_db);
    sql::run(m_db.connection(),
             QStringLiteral("INSERT INTO event_deliveries (event_id, endpoint_id, connection_id, "
                            "status, next_attempt_at, created_at) SELECT id, "
                            "CAST(? AS BIGINT), connection_id, 'pending', CAST(? AS BIGINT), "
                            "CAST(? AS BIGINT) FROM events WHERE id = ? "
                            "ON CONFLICT (event_id, endpoint_id) DO NOTHING"),
             {endpointId, now, now, eventId});
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE event_deliveries SET status = 'pending', attempts = 0, "
                            "next_attempt_at = ? WHERE event_id = ? AND endpoint_id = ? "
                            "AND status <> 'delivering'"),
             {now, eventId, endpointId});
    transaction.commit();
    const QList<EventDelivery> found = selectDeliveries(
        QStringLiteral("WHERE d.event_id = ? AND d.endpoint_id = ?"), {eventId, endpointId});
    if (found.isEmpty())
        throw StoreError(QStringLiteral("no event %1").arg(eventId));
    return found.first();
}

bool EventRepository::anyDelivering() const {
    return sql::scalar(m_db.connection(),
                       QStringLiteral("SELECT 1 FROM event_deliveries d JOIN event_endpoints e ON "
                                      "e.id = d.endpoint_id WHERE e.enabled = 1 AND "
                                      "d.status = 'delivering' LIMIT 1"))
        .isValid();
}

std::optional<EventDelivery> EventRepository::delivery(qint64 id) const {
    const QList<EventDelivery> found = selectDeliveries(QStringLiteral("WHERE d.id = ?"), {id});
    return found.isEmpty() ? std::nullopt : std::optional<EventDelivery>(found.first());
}

QList<EventDelivery> EventRepository::forEndpoint(qint64 endpointId, int limit, int offset) const {
    return selectDeliveries(
        QStringLiteral("WHERE d.endpoint_id = ? ORDER BY d.event_id DESC LIMIT ? OFFSET ?"),
        {endpointId, limit, offset});
}

QList<OutboxEvent> EventRepository::selectEvents(const QString &where,
                                                 const QVariantList &values) const {
    QSqlQuery query = sql::run(m_db.connection(),
                               QStringLiteral("SELECT id, uuid, type, connection_id, pull_id, "
                                              "created_at, body FROM events %1")
                                   .arg(where),
                               values);
    QList<OutboxEvent> events;
    while (query.next()) {
        OutboxEvent event;
        event.id = query.value(0).toLongLong();
        event.uuid = query.value(1).toString();
        event.type = sql::enumFromDb<EventType>(query.value(2));
        event.connectionId = query.value(3).toLongLong();
        event.pullId = query.value(4).toLongLong();
        event.createdAt = sql::timeFromDb(query.value(5));
        event.body = query.value(6).toString().toUtf8();
        events.append(event);
    }
    return events;
}

QList<EventDelivery> EventRepository::selectDeliveries(const QString &where,
                                                       const QVariantList &values) const {
    QSqlQuery query = sql::run(m_db.connection(),
                               QStringLiteral("SELECT %1 FROM event_deliveries d JOIN events ev "
                                              "ON ev.id = d.event_id %2")
                                   .arg(deliveryColumns, where),
                               values);
    QList<EventDelivery> deliveries;
    while (query.next()) {
        EventDelivery delivery;
        delivery.id = query.value(0).toLongLong();
        delivery.eventId = query.value(1).toLongLong();
        delivery.endpointId = query.value(2).toLongLong();
        delivery.connectionId = query.value(3).toLongLong();
        delivery.status = sql::enumFromDb<DeliveryStatus>(query.value(4));
        delivery.attempts = query.value(5).toInt();
        delivery.nextAttemptAt = sql::timeFromDb(query.value(6));
        delivery.lastAttemptAt = sql::timeFromDb(query.value(7));
        delivery.lastError = query.value(8).toString();
        delivery.httpStatus = query.value(9).toInt();
        delivery.createdAt = sql::timeFromDb(query.value(10));
        delivery.deliveredAt = sql::timeFromDb(query.value(11));
        delivery.eventUuid = query.value(12).toString();
        delivery.eventType = sql::enumFromDb<EventType>(query.value(13));
        delivery.eventCreatedAt = sql::timeFromDb(query.value(14));
        deliveries.append(delivery);
    }
    return deliveries;
}

} // namespace medpull
