// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventendpointrepository.h"

#include "database.h"
#include "sql.h"
#include "transaction.h"

#include <QJsonDocument>

namespace medpull {

namespace {

QString typesText(const QStringList &types) {
    return types.isEmpty() ? QStringLiteral("*") : types.join(QLatin1Char(','));
}

} // namespace

EventEndpoint EventEndpointRepository::add(EventEndpoint endpoint) {
    endpoint.createdAt = endpoint.updatedAt = QDateTime::currentDateTimeUtc();
    Transaction transaction(m_db);
    const qint64 latestEvent =
        sql::scalar(m_db.connection(), QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM events"))
            .toLongLong();
    endpoint.id = sql::insert(
        m_db.connection(),
        QStringLiteral("INSERT INTO event_endpoints (name, url, event_types, config, enabled, "
                       "disabled_reason, planned_event_id, created_at, updated_at) "
                       "VALUES (?, ?, ?, %1, ?, ?, ?, ?, ?) RETURNING id")
            .arg(m_db.dialect().jsonPlaceholder()),
        {endpoint.name, endpoint.url, typesText(endpoint.eventTypes),
         m_db.dialect().jsonValue(QJsonDocument(endpoint.config).toJson(QJsonDocument::Compact)),
         endpoint.enabled ? 1 : 0, sql::nullIfEmpty(endpoint.disabledReason), latestEvent,
         sql::toDb(endpoint.createdAt), sql::toDb(endpoint.updatedAt)});
    transaction.commit();
    return endpoint;
}

void EventEndpointRepository::update(const EventEndpoint &endpoint) {
    sql::run(
        m_db.connection(),
        QStringLiteral("UPDATE event_endpoints SET name = ?, url = ?, event_types = ?, "
                       "config = %1, updated_at = ? WHERE id = ?")
            .arg(m_db.dialect().jsonPlaceholder()),
        {endpoint.name, endpoint.url, typesText(endpoint.eventTypes),
         m_db.dialect().jsonValue(QJsonDocument(endpoint.config).toJson(QJsonDocument::Compact)),
         sql::toDb(QDateTime::currentDateTimeUtc()), endpoint.id});
}

void EventEndpointRepository::remove(qint64 id) {
    sql::run(m_db.connection(), QStringLiteral("DELETE FROM event_endpoints WHERE id = ?"), {id});
}

void EventEndpointRepository::setEnabled(qint64 id, bool enabled) {
    Transaction transaction(m_db);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE event_endpoints SET enabled = ?, disabled_reason = NULL, "
                            "updated_at = ? WHERE id = ?"),
             {enabled ? 1 : 0, now, id});
    if (enabled)
        sql::run(m_db.connection(),
                 QStringLiteral("UPDATE event_deliveries SET status = 'pending', attempts = 0, "
                                "next_attempt_at = ? WHERE endpoint_id = ? AND status = 'failed'"),
                 {now, id});
    transaction.commit();
}

void EventEndpointRepository::disable(qint64 id, const QString &reason) {
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE event_endpoints SET enabled = 0, disabled_reason = ?, "
                            "updated_at = ? WHERE id = ?"),
             {reason, QDateTime::currentMSecsSinceEpoch(), id});
}

std::optional<EventEndpoint> EventEndpointRepository::get(qint64 id) const {
    const QList<EventEndpoint> found = select(QStringLiteral("WHERE id = ?"), {id});
    return found.isEmpty() ? std::nullopt : std::optional<EventEndpoint>(found.first());
}

std::optional<EventEndpoint> EventEndpointRepository::findByName(const QString &name) const {
    const QList<EventEndpoint> found = select(QStringLiteral("WHERE name = ?"), {name});
    return found.isEmpty() ? std::nullopt : std::optional<EventEndpoint>(found.first());
}

QList<EventEndpoint> EventEndpointRepository::list() const {
    return select(QStringLiteral("ORDER BY id"), {});
}

QList<EventEndpoint> EventEndpointRepository::select(const QString &where,
                                                     const QVariantList &values) const {
    QSqlQuery query =
        sql::run(m_db.connection(),
                 QStringLiteral("SELECT id, name, url, event_types, %1, enabled, disabled_reason, "
                                "created_at, updated_at FROM event_endpoints %2")
                     .arg(m_db.dialect().jsonColumn(QStringLiteral("config")), where),
                 values);
    QList<EventEndpoint> endpoints;
    while (query.next()) {
        EventEndpoint endpoint;
        endpoint.id = query.value(0).toLongLong();
        endpoint.name = query.value(1).toString();
        endpoint.url = query.value(2).toString();
        endpoint.eventTypes = query.value(3).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        endpoint.config =
            QJsonDocument::fromJson(m_db.dialect().jsonBytes(query.value(4))).object();
        endpoint.enabled = query.value(5).toInt() != 0;
        endpoint.disabledReason = query.value(6).toString();
        endpoint.createdAt = sql::timeFromDb(query.value(7));
        endpoint.updatedAt = sql::timeFromDb(query.value(8));
        endpoints.append(endpoint);
    }
    return endpoints;
}

} // namespace medpull
