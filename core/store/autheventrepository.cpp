// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "autheventrepository.h"

#include "database.h"
#include "sql.h"

namespace medpull {

AuthEvent AuthEventRepository::add(AuthEvent event) {
    if (!event.occurredAt.isValid())
        event.occurredAt = QDateTime::currentDateTimeUtc();
    event.id = sql::insert(
        m_db.connection(),
        QStringLiteral("INSERT INTO auth_events (connection_id, occurred_at, event, outcome, "
                       "error_code, error_description, detail) VALUES (?, ?, ?, ?, ?, ?, ?) "
                       "RETURNING id"),
        {event.connectionId, sql::toDb(event.occurredAt), nameOf(event.type), nameOf(event.outcome),
         sql::nullIfEmpty(event.errorCode), sql::nullIfEmpty(event.errorDescription),
         sql::nullIfEmpty(event.detail)});
    return event;
}

QList<AuthEvent> AuthEventRepository::forConnection(qint64 connectionId) const {
    return select(QStringLiteral("WHERE e.connection_id = ?"), {connectionId});
}

QList<AuthEvent> AuthEventRepository::forPatient(qint64 patientId) const {
    return select(QStringLiteral("JOIN connections c ON c.id = e.connection_id "
                                 "WHERE c.patient_id = ?"),
                  {patientId});
}

QList<AuthEvent> AuthEventRepository::select(const QString &where,
                                             const QVariantList &values) const {
    QSqlQuery query =
        sql::run(m_db.connection(),
                 QStringLiteral("SELECT e.id, e.connection_id, e.occurred_at, e.event, e.outcome, "
                                "e.error_code, e.error_description, e.detail FROM auth_events e %1 "
                                "ORDER BY e.id DESC")
                     .arg(where),
                 values);
    QList<AuthEvent> events;
    while (query.next()) {
        AuthEvent event;
        event.id = query.value(0).toLongLong();
        event.connectionId = query.value(1).toLongLong();
        event.occurredAt = sql::timeFromDb(query.value(2));
        event.type = sql::enumFromDb<AuthEventType>(query.value(3));
        event.outcome = sql::enumFromDb<AuthOutcome>(query.value(4));
        event.errorCode = query.value(5).toString();
        event.errorDescription = query.value(6).toString();
        event.detail = query.value(7).toString();
        events.append(event);
    }
    return events;
}

} // namespace medpull
