// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventoutbox.h"

#include "connectionrepository.h"
#include "database.h"
#include "deliverystore.h"
#include "eventrepository.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "sourcerepository.h"
#include "storeerror.h"

#include <QJsonDocument>
#include <QUuid>

namespace medpull {

namespace {

QJsonValue isoTime(const QDateTime &at) {
    return at.isValid() ? QJsonValue(at.toUTC().toString(Qt::ISODateWithMs))
                        : QJsonValue(QJsonValue::Null);
}

QJsonValue text(const QString &value) {
    return value.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

QJsonObject countsJson(const QMap<QString, qint64> &counts, qint64 *total) {
    QJsonObject json;
    *total = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        json.insert(it.key(), it.value());
        *total += it.value();
    }
    return json;
}

QJsonObject connectionJson(const Database &database, const Connection &connection) {
    const auto source = SourceRepository(database).get(connection.sourceId);
    QJsonValue failure = QJsonValue::Null;
    if (connection.failureKind)
        failure = QJsonObject{{QStringLiteral("kind"), nameOf(*connection.failureKind)},
                              {QStringLiteral("detail"), text(connection.failureDetail)}};
    return {{QStringLiteral("id"), connection.id},
            {QStringLiteral("source"), source ? source->name : QString()},
            {QStringLiteral("sourceId"), connection.sourceId},
            {QStringLiteral("state"), nameOf(connection.state)},
            {QStringLiteral("fhirPatientId"), text(connection.fhirPatientId)},
            {QStringLiteral("lastSuccessfulPullAt"), isoTime(connection.lastSuccessfulPullAt)},
            {QStringLiteral("failure"), failure}};
}

QJsonObject pullJson(const Pull &pull) {
    return {{QStringLiteral("id"), pull.id},
            {QStringLiteral("connectionId"), pull.connectionId},
            {QStringLiteral("trigger"), nameOf(pull.trigger)},
            {QStringLiteral("status"), nameOf(pull.status)},
            {QStringLiteral("full"), pull.full},
            {QStringLiteral("queuedAt"), isoTime(pull.queuedAt)},
            {QStringLiteral("startedAt"), isoTime(pull.startedAt)},
            {QStringLiteral("finishedAt"), isoTime(pull.finishedAt)},
            {QStringLiteral("counts"),
             QJsonObject{{QStringLiteral("created"), pull.counts.created},
                         {QStringLiteral("updated"), pull.counts.updated},
                         {QStringLiteral("unchanged"), pull.counts.unchanged}}},
            {QStringLiteral("errors"), pull.errorCount},
            {QStringLiteral("failureKind"),
             pull.failureKind ? QJsonValue(nameOf(*pull.failureKind)) : QJsonValue::Null},
            {QStringLiteral("error"), text(pull.error)}};
}

OutboxEvent write(const Database &database, EventType type, qint64 connectionId,
                  const std::optional<Pull> &pull, const QJsonObject &changes) {
    const auto connection = ConnectionRepository(database).get(connectionId);
    if (!connection)
        throw StoreError(QStringLiteral("no account %1").arg(connectionId));
    const auto patient = PatientRepository(database).get(connection->patientId);
    QJsonObject data{{QStringLiteral("patient"),
                      patient ? QJsonValue(QJsonObject{
                                    {QStringLiteral("id"), patient->id},
                                    {QStringLiteral("name"), patient->displayName},
                                    {QStringLiteral("externalId"), text(patient->externalId)}})
                              : QJsonValue(QJsonValue::Null)},
                     {QStringLiteral("connection"), connectionJson(database, *connection)},
                     {QStringLiteral("pull"),
                      pull ? QJsonValue(pullJson(*pull)) : QJsonValue(QJsonValue::Null)}};
    if (!changes.isEmpty())
        data.insert(QStringLiteral("changes"), changes);

    OutboxEvent event;
    event.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    event.type = type;
    event.connectionId = connectionId;
    event.pullId = pull ? pull->id : 0;
    event.createdAt = QDateTime::currentDateTimeUtc();
    const QJsonObject envelope{
        {QStringLiteral("id"), event.uuid},
        {QStringLiteral("type"), nameOf(type)},
        {QStringLiteral("api_version"), QString::fromLatin1(EventOutbox::apiVersion)},
        {QStringLiteral("created_at"), isoTime(event.createdAt)},
        {QStringLiteral("data"), data}};
    event.body = QJsonDocument(envelope).toJson(QJsonDocument::Compact);
    return EventRepository(database).add(event);
}

} // namespace

OutboxEvent EventOutbox::record(const Database &database, EventType type, qint64 connectionId) {
    return write(database, type, connectionId, std::nullopt, {});
}

std::optional<OutboxEvent> EventOutbox::pullSettled(const Database &database, qint64 pullId,
                                                    bool retryScheduled) {
    const auto pull = PullRepository(database).get(pullId);
    if (!pull)
        return std::nullopt;
    // A failed pull is final once no automatic retry follows it. One that
    // failed because the refresh token was refused is told as
    // connection.token_refresh_failed instead.
    if (pull->status == PullStatus::Failed) {
        if (retryScheduled || pull->failureKind == FailureKind::TokenRefreshFailed)
            return std::nullopt;
        return write(database, EventType::RecordsSyncFailed, pull->connectionId, pull, {});
    }
    if (pull->status != PullStatus::Succeeded && pull->status != PullStatus::Partial)
        return std::nullopt;
    const DeliveryStore store(database);
    qint64 total = 0;
    qint64 deletedTotal = 0;
    const QJsonObject counts = countsJson(store.changedCountsByType(pullId), &total);
    const QJsonObject deleted = countsJson(store.deletedCountsByType(pullId), &deletedTotal);
    if (total == 0 && deletedTotal == 0)
        return std::nullopt;
    return write(database, EventType::RecordsSyncCompleted, pull->connectionId, pull,
                 {{QStringLiteral("counts"), counts},
                  {QStringLiteral("total"), total},
                  {QStringLiteral("deleted"), deleted},
                  {QStringLiteral("deletedTotal"), deletedTotal}});
}

} // namespace medpull
