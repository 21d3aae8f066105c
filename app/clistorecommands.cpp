// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "clistorecommands.h"

#include "attentionrepository.h"
#include "autheventrepository.h"
#include "backoff.h"
#include "clisources.h"
#include "compactjson.h"
#include "connectionrepository.h"
#include "errorcode.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "queryplanner.h"
#include "resourcerepository.h"
#include "sourcerepository.h"
#include "storeerror.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace medpull::cli {

namespace {

const QString patientOption = QStringLiteral("patient");

QCommandLineOption patientIdOption() {
    return {patientOption, QStringLiteral("The patient's id."), QStringLiteral("ID")};
}

QString sourceName(const Database &database, qint64 sourceId) {
    const auto source = SourceRepository(database).get(sourceId);
    return source ? source->name : QStringLiteral("source %1").arg(sourceId);
}

QJsonObject countsJson(const ResourceCounts &counts) {
    return {{QStringLiteral("created"), counts.created},
            {QStringLiteral("updated"), counts.updated},
            {QStringLiteral("unchanged"), counts.unchanged}};
}

QString countsText(const ResourceCounts &counts) {
    return QStringLiteral("created %1, updated %2, unchanged %3")
        .arg(counts.created)
        .arg(counts.updated)
        .arg(counts.unchanged);
}

// A failed account's next step: the automatic retry while one is
// scheduled, the kind's own step once there is none.
QString nextStepText(const Connection &connection, FailureKind kind) {
    const bool active = connection.state == ConnectionState::Active;
    if (active && connection.retryAt.isValid())
        return QStringLiteral("automatic retry %1 of %2 at %3.")
            .arg(connection.retryAttempt)
            .arg(Backoff().maxAttempts())
            .arg(textTime(connection.retryAt));
    if (active && connection.retriesExhausted() && connection.retryAttempt > 0)
        return QStringLiteral("automatic retries used up. %1").arg(failureNextStep(kind));
    return failureNextStep(kind);
}

QJsonValue failureJson(const Connection &connection) {
    if (!connection.failureKind)
        return QJsonValue::Null;
    const FailureKind kind = *connection.failureKind;
    return QJsonObject{{QStringLiteral("kind"), nameOf(kind)},
                       {QStringLiteral("meaning"), failureMeaning(kind)},
                       {QStringLiteral("nextStep"), nextStepText(connection, kind)},
                       {QStringLiteral("retryAttempt"), connection.retryAttempt},
                       {QStringLiteral("retryAttempts"), Backoff().maxAttempts()},
                       {QStringLiteral("retryAt"), jsonTime(connection.retryAt)},
                       {QStringLiteral("detail"), jsonText(errorText(connection.failureDetail))}};
}

QJsonObject connectionJson(const Database &database, const Connection &connection) {
    QJsonObject byType;
    const auto counts = ResourceRepository(database).countsByType(connection.id);
    qint64 total = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        byType.insert(it.key(), it.value());
        total += it.value();
    }
    return {{QStringLiteral("id"), connection.id},
            {QStringLiteral("source"), sourceName(database, connection.sourceId)},
            {QStringLiteral("sourceId"), connection.sourceId},
            {QStringLiteral("state"), nameOf(connection.state)},
            {QStringLiteral("fhirPatientId"), jsonText(connection.fhirPatientId)},
            {QStringLiteral("lastSuccessfulPullAt"), jsonTime(connection.lastSuccessfulPullAt)},
            {QStringLiteral("lastFullPullAt"), jsonTime(connection.lastFullPullAt)},
            {QStringLiteral("nextPullAt"), jsonTime(connection.nextPullAt)},
            {QStringLiteral("resources"), total},
            {QStringLiteral("resourceCounts"), byType},
            {QStringLiteral("sessionOnly"), connection.sessionOnly},
            {QStringLiteral("note"),
             connection.sessionOnly ? QJsonValue(sessionOnlyNote()) : QJsonValue::Null},
            {QStringLiteral("failure"), failureJson(connection)}};
}

QJsonObject queryJson(const PullQuery &query) {
    return {{QStringLiteral("id"), query.id},
            {QStringLiteral("resourceType"), query.resourceType},
            {QStringLiteral("kind"), nameOf(query.kind)},
            {QStringLiteral("status"), nameOf(query.status)},
            {QStringLiteral("depth"), query.depth},
            {QStringLiteral("pages"), query.pages},
            {QStringLiteral("counts"), countsJson(query.counts)},
            {QStringLiteral("attempts"), query.attempts},
            {QStringLiteral("httpStatus"),
             query.httpStatus ? QJsonValue(query.httpStatus) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("error"), jsonText(query.error)},
            {QStringLiteral("errorText"), jsonText(errorText(query.error))},
            {QStringLiteral("nextAttemptAt"), jsonTime(query.nextAttemptAt)}};
}

QJsonObject pullJson(const Pull &pull, const QList<PullQuery> &queries) {
    QJsonArray queryArray;
    for (const PullQuery &query : queries)
        queryArray.append(queryJson(query));
    return {{QStringLiteral("id"), pull.id},
            {QStringLiteral("connectionId"), pull.connectionId},
            {QStringLiteral("trigger"), nameOf(pull.trigger)},
            {QStringLiteral("status"), nameOf(pull.status)},
            {QStringLiteral("full"), pull.full},
            {QStringLiteral("queuedAt"), jsonTime(pull.queuedAt)},
            {QStringLiteral("startedAt"), jsonTime(pull.startedAt)},
            {QStringLiteral("finishedAt"), jsonTime(pull.finishedAt)},
            {QStringLiteral("pages"), pull.pages},
            {QStringLiteral("counts"), countsJson(pull.counts)},
            {QStringLiteral("errors"), pull.errorCount},
            {QStringLiteral("failureKind"),
             pull.failureKind ? QJsonValue(nameOf(*pull.failureKind)) : QJsonValue::Null},
            {QStringLiteral("error"), jsonText(pull.error)},
            {QStringLiteral("errorText"), jsonText(errorText(pull.error))},
            {QStringLiteral("queries"), queryArray}};
}

void printConnectionText(const Database &database, const Connection &connection) {
    const qint64 resources = ResourceRepository(database).count(connection.id);
    printLine(QStringLiteral("  account %1  %2  %3  last successful pull %4  next pull %5  "
                             "%6 resources")
                  .arg(connection.id)
                  .arg(sourceName(database, connection.sourceId), nameOf(connection.state),
                       textTime(connection.lastSuccessfulPullAt), textTime(connection.nextPullAt))
                  .arg(resources));
    if (connection.sessionOnly)
        printLine(QStringLiteral("    %1").arg(sessionOnlyNote()));
    if (connection.failureKind) {
        const FailureKind kind = *connection.failureKind;
        // The meaning and the next step are sentences with their own stops.
        printLine(QStringLiteral("    failure %1: %2").arg(nameOf(kind), failureMeaning(kind)));
        printLine(QStringLiteral("    next step: %1").arg(nextStepText(connection, kind)));
        if (!connection.failureDetail.isEmpty())
            printLine(QStringLiteral("    detail: %1").arg(errorText(connection.failureDetail)));
    }
}

void printPullText(const Pull &pull, const QList<PullQuery> &queries) {
    printLine(QStringLiteral("  pull %1  account %2  %3  %4%5  queued %6  finished %7  "
                             "%8 pages, %9")
                  .arg(pull.id)
                  .arg(pull.connectionId)
                  .arg(nameOf(pull.trigger), nameOf(pull.status),
                       pull.full ? QString() : QStringLiteral(" (changes only)"),
                       textTime(pull.queuedAt), textTime(pull.finishedAt))
                  .arg(pull.pages)
                  .arg(countsText(pull.counts)));
    // A succeeded pull's text is its notes, not an error.
    if (!pull.error.isEmpty())
        printLine((pull.status == PullStatus::Succeeded ? QStringLiteral("    %1")
                                                        : QStringLiteral("    error: %1"))
                      .arg(errorText(pull.error)));
    // What the portal answered this connection cannot have, apart from
    // failures: with the portal's reason.
    for (const PullQuery &query : queries) {
        if (query.status == QueryStatus::NotAvailable)
            printLine(QStringLiteral("    not available: %1 (%2)")
                          .arg(QueryPlanner::queryKey(query), errorText(query.error)));
    }
    for (const PullQuery &query : queries) {
        if (query.status == QueryStatus::NotAvailable)
            continue;
        QString line = QStringLiteral("    %1 %2  %3  %4 pages, %5, %6 failed attempts")
                           .arg(query.resourceType, nameOf(query.kind), nameOf(query.status))
                           .arg(query.pages)
                           .arg(countsText(query.counts))
                           .arg(query.attempts);
        const QString error = errorText(query.error);
        // An HTTP error's text already begins with its status.
        const QString http = QStringLiteral("HTTP %1").arg(query.httpStatus);
        if (query.httpStatus && !error.startsWith(http))
            line += QStringLiteral(", ") + http;
        if (!error.isEmpty())
            line += (query.status == QueryStatus::Failed ? QStringLiteral(", error: %1")
                                                         : QStringLiteral(", note: %1"))
                        .arg(error);
        printLine(line);
    }
}

} // namespace

int runSourcesList(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("sources list"), QStringLiteral("Lists the sources."));
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const auto database = openDatabase(globals);
    const QList<Source> sources = SourceRepository(*database).list();
    if (globals.json) {
        QJsonArray array;
        for (const Source &source : sources) {
            QJsonObject json = sourceJson(source);
            const QJsonObject learnt{
                {QStringLiteral("id"), source.id},
                {QStringLiteral("name"), source.name},
                {QStringLiteral("fhirBase"), source.fhirBase.toString()},
                {QStringLiteral("clientId"), source.clientId},
                {QStringLiteral("scopes"), QJsonArray::fromStringList(source.scopes)},
                {QStringLiteral("resourceTypes"), QJsonArray::fromStringList(source.resourceTypes)},
                {QStringLiteral("maxConcurrentRequests"), source.maxConcurrentRequests},
                {QStringLiteral("requestsPerSecond"), source.requestsPerSecond},
                {QStringLiteral("pullIntervalSeconds"), source.pullIntervalSeconds},
                {QStringLiteral("fullPullDays"), source.fullPullDays},
                {QStringLiteral("patientEverything"), source.patientEverything},
                {QStringLiteral("idSearchTypes"), QJsonArray::fromStringList(source.idSearchTypes)},
                {QStringLiteral("incrementalTypes"),
                 QJsonArray::fromStringList(source.incrementalTypes)},
                {QStringLiteral("perCategoryTypes"),
                 QJsonArray::fromStringList(source.perCategoryTypes)}};
            for (auto it = learnt.begin(); it != learnt.end(); ++it)
                json.insert(it.key(), it.value());
            array.append(json);
        }
        printJson(array);
        return ExitOk;
    }
    // How a pull asks the portal, so a slow one can be told apart at a glance.
    for (const Source &source : sources)
        printLine(
            QStringLiteral("%1\t%2\t%3\tclient %4\t%5 resource types\t%6\t%7\t%8")
                .arg(source.id)
                .arg(source.name, source.fhirBase.toString(), source.clientId)
                .arg(source.resourceTypes.size())
                .arg(source.patientEverything ? QStringLiteral("whole record ($everything)")
                                              : QStringLiteral("a search per type"),
                     describeClientAuth(source),
                     source.enabled ? QStringLiteral("enabled") : QStringLiteral("disabled")));
    return ExitOk;
}

int runPatientsAdd(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("patients add"),
                         QStringLiteral("Adds a patient and prints the new id."));
    parser.addOption(
        {QStringLiteral("name"), QStringLiteral("Display name."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("external-id"),
                      QStringLiteral("An id from another system (unique)."), QStringLiteral("ID")});
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const QString name = parser.required(QStringLiteral("name"));
    const QString externalId = parser.value(QStringLiteral("external-id")).trimmed();
    const auto database = openDatabase(globals);
    try {
        const Patient patient = PatientRepository(*database).add(name, externalId);
        if (globals.json)
            printJson(QJsonObject{{QStringLiteral("id"), patient.id}});
        else
            printLine(QString::number(patient.id));
    } catch (const StoreError &error) {
        throw CliError(error.message());
    }
    return ExitOk;
}

int runPatientsList(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("patients list"),
                         QStringLiteral("Lists the patients with their record status."));
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const auto database = openDatabase(globals);
    const QList<PatientSummary> summaries = PatientRepository(*database).summaries();
    if (globals.json) {
        QJsonArray array;
        for (const PatientSummary &summary : summaries) {
            array.append(
                QJsonObject{{QStringLiteral("id"), summary.patient.id},
                            {QStringLiteral("name"), summary.patient.displayName},
                            {QStringLiteral("externalId"), jsonText(summary.patient.externalId)},
                            {QStringLiteral("recordStatus"), nameOf(summary.recordStatus)},
                            {QStringLiteral("latestPullAt"), jsonTime(summary.latestPullAt)},
                            {QStringLiteral("accounts"), summary.accountCount},
                            {QStringLiteral("needingAttention"), summary.attentionCount}});
        }
        printJson(array);
        return ExitOk;
    }
    for (const PatientSummary &summary : summaries)
        printLine(QStringLiteral("%1\t%2\t%3\t%4\tlatest pull %5\t%6 accounts")
                      .arg(summary.patient.id)
                      .arg(summary.patient.displayName,
                           summary.patient.externalId.isEmpty() ? QStringLiteral("-")
                                                                : summary.patient.externalId,
                           nameOf(summary.recordStatus), textTime(summary.latestPullAt))
                      .arg(summary.accountCount));
    return ExitOk;
}

int runPull(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("pull"),
                         QStringLiteral("Queues a manual pull for each active account of a "
                                        "patient (or one account) and prints the pull ids. "
                                        "`medpull-cli run` carries them out."));
    parser.addOption(patientIdOption());
    parser.addOption(
        {QStringLiteral("connection"), QStringLiteral("Only this account."), QStringLiteral("ID")});
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const qint64 patientId = parser.id(patientOption);
    const qint64 connectionId =
        parser.isSet(QStringLiteral("connection")) ? parser.id(QStringLiteral("connection")) : 0;
    const auto database = openDatabase(globals);
    requirePatient(*database, patientId);

    QList<Connection> connections;
    for (const Connection &connection : ConnectionRepository(*database).forPatient(patientId)) {
        if (connectionId == 0 || connection.id == connectionId)
            connections.append(connection);
    }
    if (connectionId != 0 && connections.isEmpty())
        throw CliError(
            QStringLiteral("patient %1 has no account %2").arg(patientId).arg(connectionId));
    connections.removeIf([](const Connection &c) { return c.state != ConnectionState::Active; });
    if (connections.isEmpty())
        throw CliError(connectionId != 0
                           ? QStringLiteral("account %1 is not active").arg(connectionId)
                           : QStringLiteral("patient %1 has no active account").arg(patientId));

    PullRepository pulls(*database);
    QJsonArray array;
    for (const Connection &connection : std::as_const(connections)) {
        const Pull pull = pulls.enqueue(connection.id, PullTrigger::Manual);
        if (globals.json)
            array.append(QJsonObject{{QStringLiteral("pullId"), pull.id},
                                     {QStringLiteral("connectionId"), connection.id}});
        else
            printLine(QString::number(pull.id));
    }
    if (globals.json)
        printJson(array);
    return ExitOk;
}

int runStatus(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("status"),
                         QStringLiteral("A patient's record status, accounts and pulls."));
    parser.addOption(patientIdOption());
    parser.addOption({QStringLiteral("pulls"), QStringLiteral("How many pulls (default 20)."),
                      QStringLiteral("N")});
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const qint64 patientId = parser.id(patientOption);
    const int pullLimit = int(parser.number(QStringLiteral("pulls"), 0, 100000, 20));
    const auto database = openDatabase(globals);
    const Patient patient = requirePatient(*database, patientId);
    const auto summary = PatientRepository(*database).summary(patientId);
    const QList<Connection> connections = ConnectionRepository(*database).forPatient(patientId);
    PullRepository pullRepository(*database);
    const QList<Pull> pulls = pullRepository.forPatient(patientId, pullLimit);

    if (globals.json) {
        QJsonArray connectionArray;
        for (const Connection &connection : connections)
            connectionArray.append(connectionJson(*database, connection));
        QJsonArray pullArray;
        for (const Pull &pull : pulls)
            pullArray.append(pullJson(pull, pullRepository.queries(pull.id)));
        printJson(
            QJsonObject{{QStringLiteral("patient"),
                         QJsonObject{{QStringLiteral("id"), patient.id},
                                     {QStringLiteral("name"), patient.displayName},
                                     {QStringLiteral("externalId"), jsonText(patient.externalId)}}},
                        {QStringLiteral("recordStatus"), nameOf(summary->recordStatus)},
                        {QStringLiteral("latestPullAt"), jsonTime(summary->latestPullAt)},
                        {QStringLiteral("connections"), connectionArray},
                        {QStringLiteral("pulls"), pullArray}});
        return ExitOk;
    }
    printLine(QStringLiteral("patient %1: %2%3")
                  .arg(patient.id)
                  .arg(patient.displayName, patient.externalId.isEmpty()
                                                ? QString()
                                                : QStringLiteral(" (%1)").arg(patient.externalId)));
    printLine(QStringLiteral("record status: %1, latest pull %2")
                  .arg(nameOf(summary->recordStatus), textTime(summary->latestPullAt)));
    printLine(QStringLiteral("accounts:"));
    for (const Connection &connection : connections)
        printConnectionText(*database, connection);
    printLine(QStringLiteral("pulls, newest first:"));
    for (const Pull &pull : pulls)
        printPullText(pull, pullRepository.queries(pull.id));
    return ExitOk;
}

int runAttention(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(
        QStringLiteral("attention"),
        QStringLiteral("What needs a person, across patients, newest first: accounts whose "
                       "sign-in or refresh token failed, accounts whose automatic retries are "
                       "used up, deliveries that keep failing; each with its next step."));
    parser.addOption({QStringLiteral("kind"),
                      QStringLiteral("Only this failure kind: portal_auth_failed, "
                                     "token_refresh_failed, retrieval_error or "
                                     "destination_export_failed."),
                      QStringLiteral("KIND")});
    if (!parser.parse(arguments, globals))
        return ExitOk;
    std::optional<FailureKind> only;
    if (parser.isSet(QStringLiteral("kind"))) {
        only = fromName<FailureKind>(parser.value(QStringLiteral("kind")));
        if (!only)
            parser.usageError(
                QStringLiteral("unknown --kind '%1'").arg(parser.value(QStringLiteral("kind"))));
    }
    const auto database = openDatabase(globals);
    QJsonArray array;
    QStringList lines;
    // Everything comes with the list: no query per item.
    for (const AttentionItem &item : AttentionRepository(*database).list()) {
        if (only && item.kind != *only)
            continue;
        QString nextStep;
        QString command;
        if (item.deliveryId > 0) {
            nextStep = item.retrying && item.nextAttemptAt.isValid()
                           ? QStringLiteral("automatic retry at %1; or retry it now.")
                                 .arg(textTime(item.nextAttemptAt))
                           : QStringLiteral("automatic retries used up. Retry the delivery.");
            command = QStringLiteral("medpull-cli destinations retry %1").arg(item.deliveryId);
        } else {
            // An account in the list has no retry scheduled: for a retrieval
            // error its automatic retries, if it had any, are used up.
            nextStep = item.kind == FailureKind::RetrievalError && item.attempts > 0
                           ? QStringLiteral("automatic retries used up. %1")
                                 .arg(failureNextStep(item.kind))
                           : failureNextStep(item.kind);
            command = item.kind == FailureKind::RetrievalError
                          ? QStringLiteral("medpull-cli pull --patient %1 --connection %2")
                                .arg(item.patientId)
                                .arg(item.connectionId)
                          : QStringLiteral("medpull-cli connect --patient %1 --source %2")
                                .arg(item.patientId)
                                .arg(item.where);
        }
        if (globals.json) {
            array.append(
                QJsonObject{{QStringLiteral("kind"), nameOf(item.kind)},
                            {QStringLiteral("patientId"), item.patientId},
                            {QStringLiteral("patient"), item.patientName},
                            {QStringLiteral("connectionId"), item.connectionId},
                            {QStringLiteral("deliveryId"),
                             item.deliveryId > 0 ? QJsonValue(item.deliveryId) : QJsonValue::Null},
                            {QStringLiteral("pullId"),
                             item.pullId > 0 ? QJsonValue(item.pullId) : QJsonValue::Null},
                            {QStringLiteral("where"), item.where},
                            {QStringLiteral("since"), jsonTime(item.since)},
                            {QStringLiteral("lastError"), jsonText(errorText(item.lastError))},
                            {QStringLiteral("nextStep"), nextStep},
                            {QStringLiteral("command"), command}});
            continue;
        }
        lines << QStringLiteral("%1  patient %2 %3  %4  since %5")
                     .arg(nameOf(item.kind))
                     .arg(item.patientId)
                     .arg(item.patientName, item.where, textTime(item.since));
        if (!item.lastError.isEmpty())
            lines << QStringLiteral("    last error: %1").arg(errorText(item.lastError));
        lines << QStringLiteral("    next step: %1").arg(nextStep)
              << QStringLiteral("    command: %1").arg(command);
    }
    if (globals.json) {
        printJson(array);
        return ExitOk;
    }
    const qsizetype count = std::count_if(lines.cbegin(), lines.cend(), [](const QString &line) {
        return !line.startsWith(QLatin1Char(' '));
    });
    printLine(count == 0   ? QStringLiteral("Nothing needs a person.")
              : count == 1 ? QStringLiteral("1 item needs a person:")
                           : QStringLiteral("%1 items need a person:").arg(count));
    for (const QString &line : std::as_const(lines))
        printLine(line);
    return ExitOk;
}

int runEvents(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("events"),
                         QStringLiteral("A patient's authorization history, newest first."));
    parser.addOption(patientIdOption());
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const qint64 patientId = parser.id(patientOption);
    const auto database = openDatabase(globals);
    requirePatient(*database, patientId);
    const QList<AuthEvent> events = AuthEventRepository(*database).forPatient(patientId);
    if (globals.json) {
        QJsonArray array;
        for (const AuthEvent &event : events) {
            array.append(
                QJsonObject{{QStringLiteral("id"), event.id},
                            {QStringLiteral("connectionId"), event.connectionId},
                            {QStringLiteral("occurredAt"), jsonTime(event.occurredAt)},
                            {QStringLiteral("type"), nameOf(event.type)},
                            {QStringLiteral("outcome"), nameOf(event.outcome)},
                            {QStringLiteral("errorCode"), jsonText(event.errorCode)},
                            {QStringLiteral("errorDescription"), jsonText(event.errorDescription)},
                            {QStringLiteral("detail"), jsonText(errorText(event.detail))}});
        }
        printJson(array);
        return ExitOk;
    }
    for (const AuthEvent &event : events) {
        QString line = QStringLiteral("%1  account %2  %3  %4")
                           .arg(textTime(event.occurredAt))
                           .arg(event.connectionId)
                           .arg(nameOf(event.type), nameOf(event.outcome));
        if (!event.errorCode.isEmpty())
            line += QStringLiteral("  %1").arg(event.errorCode);
        if (!event.errorDescription.isEmpty())
            line += QStringLiteral(": %1").arg(event.errorDescription);
        if (!event.detail.isEmpty())
            line += QStringLiteral("  (%1)").arg(errorText(event.detail));
        printLine(line);
    }
    return ExitOk;
}

int runResources(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("resources"),
                         QStringLiteral("The patient's stored FHIR resources as NDJSON, one per "
                                        "line, exactly as the source returned them."));
    parser.addOption(patientIdOption());
    parser.addOption(
        {QStringLiteral("type"), QStringLiteral("Only this resource type."), QStringLiteral("T")});
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const qint64 patientId = parser.id(patientOption);
    const QString type = parser.value(QStringLiteral("type")).trimmed();
    if (parser.isSet(QStringLiteral("type")) && type.isEmpty())
        parser.usageError(QStringLiteral("--type needs a resource type"));
    const auto database = openDatabase(globals);
    requirePatient(*database, patientId);
    ResourceRepository resources(*database);
    for (const Connection &connection : ConnectionRepository(*database).forPatient(patientId)) {
        resources.forEach(connection.id, type, [](const StoredResource &resource) {
            // One resource a line, whatever whitespace the source sent.
            writeOut(compactJson(resource.content) + '\n');
        });
    }
    return ExitOk;
}

} // namespace medpull::cli
