// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "cliendpoints.h"

#include "destinationsecrets.h"
#include "errorcode.h"
#include "eventdispatcher.h"
#include "eventendpointrepository.h"
#include "eventrepository.h"
#include "storeerror.h"
#include "tokenvault.h"
#include "urlrules.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace medpull::cli {

namespace {

const QString endpointOption = QStringLiteral("endpoint");

QCommandLineOption endpointIdOption() {
    return {endpointOption, QStringLiteral("The endpoint's id."), QStringLiteral("ID")};
}

QStringList knownTypes() {
    return {nameOf(EventType::ConnectionConnected), nameOf(EventType::ConnectionAuthFailed),
            nameOf(EventType::ConnectionTokenRefreshFailed),
            nameOf(EventType::RecordsSyncCompleted), nameOf(EventType::RecordsSyncFailed)};
}

EventEndpoint requireEndpoint(const Database &database, qint64 id) {
    const std::optional<EventEndpoint> endpoint = EventEndpointRepository(database).get(id);
    if (!endpoint)
        throw CliError(QStringLiteral("no event endpoint %1").arg(id));
    return *endpoint;
}

QJsonObject endpointJson(const EventEndpoint &endpoint) {
    return {{QStringLiteral("id"), endpoint.id},
            {QStringLiteral("name"), endpoint.name},
            {QStringLiteral("url"), endpoint.url},
            {QStringLiteral("events"), QJsonArray::fromStringList(endpoint.eventTypes)},
            {QStringLiteral("enabled"), endpoint.enabled},
            {QStringLiteral("disabledReason"), jsonText(errorText(endpoint.disabledReason))},
            {QStringLiteral("secret"), DestinationSecrets::hasSealed(endpoint.config) ||
                                               DestinationSecrets::hasPlain(endpoint.config)
                                           ? QStringLiteral("********")
                                           : QString()}};
}

QJsonObject deliveryJson(const EventDelivery &delivery) {
    return {{QStringLiteral("id"), delivery.id},
            {QStringLiteral("event"), delivery.eventUuid},
            {QStringLiteral("eventId"), delivery.eventId},
            {QStringLiteral("type"), nameOf(delivery.eventType)},
            {QStringLiteral("connectionId"), delivery.connectionId},
            {QStringLiteral("createdAt"), jsonTime(delivery.eventCreatedAt)},
            {QStringLiteral("status"), nameOf(delivery.status)},
            {QStringLiteral("attempts"), delivery.attempts},
            {QStringLiteral("lastAttemptAt"), jsonTime(delivery.lastAttemptAt)},
            {QStringLiteral("nextAttemptAt"), jsonTime(delivery.nextAttemptAt)},
            {QStringLiteral("httpStatus"),
             delivery.httpStatus ? QJsonValue(delivery.httpStatus) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("error"), jsonText(errorText(delivery.lastError))},
            {QStringLiteral("deliveredAt"), jsonTime(delivery.deliveredAt)}};
}

} // namespace

int runEndpointsAdd(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("endpoints add"),
                         QStringLiteral("Adds an event webhook endpoint. It receives the events "
                                        "that happen from now on."));
    parser.addOption(
        {QStringLiteral("name"), QStringLiteral("A unique name."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("url"),
                      QStringLiteral("Where events are POSTed (https, or http on loopback)."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("secret"),
                      QStringLiteral("The signing secret (stored encrypted)."),
                      QStringLiteral("SECRET")});
    parser.addOption({QStringLiteral("events"),
                      QStringLiteral("Comma-separated event types, or * (default)."),
                      QStringLiteral("TYPES")});
    parser.addOption({QStringLiteral("disabled"), QStringLiteral("Add it disabled.")});
    if (!parser.parse(arguments, globals))
        return ExitOk;
    EventEndpoint endpoint;
    endpoint.name = parser.required(QStringLiteral("name"));
    endpoint.url = parser.required(QStringLiteral("url"));
    const QString secret = parser.required(QStringLiteral("secret"));
    if (const QString why = UrlRules::whyNotAcceptable(QUrl(endpoint.url)); !why.isEmpty())
        parser.usageError(QStringLiteral("--url: %1").arg(why));
    if (parser.isSet(QStringLiteral("events"))) {
        endpoint.eventTypes =
            parser.value(QStringLiteral("events")).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (QString &type : endpoint.eventTypes) {
            type = type.trimmed();
            if (type != QLatin1String("*") && !knownTypes().contains(type))
                parser.usageError(QStringLiteral("unknown event type '%1' (known: %2)")
                                      .arg(type, knownTypes().join(QStringLiteral(", "))));
        }
        if (endpoint.eventTypes.isEmpty())
            parser.usageError(QStringLiteral("--events names no event type"));
    }
    endpoint.enabled = !parser.isSet(QStringLiteral("disabled"));
    const auto database = openDatabase(globals);
    if (EventEndpointRepository(*database).findByName(endpoint.name))
        throw CliError(QStringLiteral("an event endpoint named '%1' exists").arg(endpoint.name));

    TokenVault vault(DestinationSecrets::vaultOptions(*database));
    QEventLoop loop;
    QString vaultError;
    QObject::connect(&vault, &TokenVault::ready, &loop, [&](bool ok, const QString &error) {
        if (!ok)
            vaultError = error;
        loop.quit();
    });
    vault.open();
    if (!vault.isReady() && vaultError.isEmpty())
        loop.exec();
    if (!vault.isReady())
        throw CliError(QStringLiteral("the secret cannot be stored encrypted: %1").arg(vaultError));
    endpoint.config = DestinationSecrets::seal({{QStringLiteral("secret"), secret}}, vault);
    endpoint = EventEndpointRepository(*database).add(endpoint);
    if (globals.json)
        printJson(endpointJson(endpoint));
    else
        printLine(QString::number(endpoint.id));
    return ExitOk;
}

int runEndpointsList(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("endpoints list"),
                         QStringLiteral("Lists the event endpoints; a disabled one says why."));
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const auto database = openDatabase(globals);
    const QList<EventEndpoint> endpoints = EventEndpointRepository(*database).list();
    if (globals.json) {
        QJsonArray array;
        for (const EventEndpoint &endpoint : endpoints)
            array.append(endpointJson(endpoint));
        printJson(array);
        return ExitOk;
    }
    for (const EventEndpoint &endpoint : endpoints) {
        printLine(
            QStringLiteral("%1  %2  %3  %4  events: %5")
                .arg(endpoint.id)
                .arg(endpoint.name,
                     endpoint.enabled ? QStringLiteral("enabled") : QStringLiteral("disabled"),
                     endpoint.url, endpoint.eventTypes.join(QLatin1Char(','))));
        if (!endpoint.disabledReason.isEmpty())
            printLine(QStringLiteral("    %1").arg(errorText(endpoint.disabledReason)));
    }
    return ExitOk;
}

namespace {

int setEnabled(const QStringList &arguments, GlobalOptions globals, bool enabled) {
    CommandParser parser(enabled ? QStringLiteral("endpoints enable")
                                 : QStringLiteral("endpoints disable"),
                         enabled ? QStringLiteral("Enables an endpoint: its pending and failed "
                                                  "events go out again, in order.")
                                 : QStringLiteral("Disables an endpoint: events are kept for it "
                                                  "and go out once it is enabled."));
    parser.addOption(endpointIdOption());
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const qint64 id = parser.id(endpointOption);
    const auto database = openDatabase(globals);
    requireEndpoint(*database, id);
    EventEndpointRepository(*database).setEnabled(id, enabled);
    if (globals.json)
        printJson(endpointJson(requireEndpoint(*database, id)));
    return ExitOk;
}

} // namespace

int runEndpointsEnable(const QStringList &arguments, GlobalOptions globals) {
    return setEnabled(arguments, globals, true);
}

int runEndpointsDisable(const QStringList &arguments, GlobalOptions globals) {
    return setEnabled(arguments, globals, false);
}

int runEndpointsRemove(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("endpoints remove"),
                         QStringLiteral("Removes an endpoint and its delivery log."));
    parser.addOption(endpointIdOption());
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const qint64 id = parser.id(endpointOption);
    const auto database = openDatabase(globals);
    requireEndpoint(*database, id);
    EventEndpointRepository(*database).remove(id);
    return ExitOk;
}

int runEndpointsLog(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("endpoints log"),
                         QStringLiteral("An endpoint's delivery log, newest event first."));
    parser.addOption(endpointIdOption());
    parser.addOption(
        {QStringLiteral("limit"), QStringLiteral("How many (default 50)."), QStringLiteral("N")});
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const qint64 id = parser.id(endpointOption);
    const int limit = int(parser.number(QStringLiteral("limit"), 1, 100000, 50));
    const auto database = openDatabase(globals);
    requireEndpoint(*database, id);
    const QList<EventDelivery> deliveries = EventRepository(*database).forEndpoint(id, limit);
    if (globals.json) {
        QJsonArray array;
        for (const EventDelivery &delivery : deliveries)
            array.append(deliveryJson(delivery));
        printJson(array);
        return ExitOk;
    }
    for (const EventDelivery &delivery : deliveries) {
        printLine(QStringLiteral("%1  %2  %3  %4  attempts %5%6")
                      .arg(delivery.eventId)
                      .arg(delivery.eventUuid, nameOf(delivery.eventType).leftJustified(31),
                           nameOf(delivery.status).leftJustified(10))
                      .arg(delivery.attempts)
                      .arg(delivery.lastError.isEmpty()
                               ? QString()
                               : QStringLiteral("  ") + errorText(delivery.lastError)));
    }
    return ExitOk;
}

int runEndpointsRedeliver(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("endpoints redeliver"),
                         QStringLiteral("Sends a past event to an endpoint again, now."));
    parser.addOption(endpointIdOption());
    parser.addOption({QStringLiteral("event"),
                      QStringLiteral("The event: its id in the outbox or its uuid."),
                      QStringLiteral("EVENT")});
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const qint64 id = parser.id(endpointOption);
    const QString eventArgument = parser.required(QStringLiteral("event"));
    const auto database = openDatabase(globals);
    requireEndpoint(*database, id);
    EventRepository events(*database);
    bool numeric = false;
    const qint64 eventId = eventArgument.toLongLong(&numeric);
    const std::optional<OutboxEvent> event =
        numeric ? events.get(eventId) : events.findByUuid(eventArgument);
    if (!event)
        throw CliError(QStringLiteral("no event %1").arg(eventArgument));
    const EventDelivery delivery = events.redeliver(id, event->id);
    if (globals.json)
        printJson(deliveryJson(delivery));
    return ExitOk;
}

int runEndpointsEvents(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("endpoints events"),
                         QStringLiteral("The event outbox, newest first, as endpoints receive "
                                        "each event (with --json, the envelopes)."));
    parser.addOption(
        {QStringLiteral("limit"), QStringLiteral("How many (default 50)."), QStringLiteral("N")});
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const int limit = int(parser.number(QStringLiteral("limit"), 1, 100000, 50));
    const auto database = openDatabase(globals);
    const QList<OutboxEvent> events = EventRepository(*database).list(limit);
    if (globals.json) {
        QJsonArray array;
        for (const OutboxEvent &event : events)
            array.append(QJsonDocument::fromJson(event.body).object());
        printJson(array);
        return ExitOk;
    }
    for (const OutboxEvent &event : events)
        printLine(
            QStringLiteral("%1  %2  %3  %4  account %5")
                .arg(event.id)
                .arg(textTime(event.createdAt), event.uuid, nameOf(event.type).leftJustified(31))
                .arg(event.connectionId));
    return ExitOk;
}

int runEndpointsDeliver(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("endpoints deliver"),
                         QStringLiteral("Sends the events that are due to enabled endpoints and "
                                        "exits when none is due or in flight (retries scheduled "
                                        "for later stay for later)."));
    parser.addOption({QStringLiteral("max-seconds"),
                      QStringLiteral("Stop after this long (default 600)."), QStringLiteral("S")});
    parser.addOption({QStringLiteral("now"),
                      QStringLiteral("Send pending events now, before their next retry time.")});
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const int maxSeconds = int(parser.number(QStringLiteral("max-seconds"), 1, 86400, 600));
    const std::shared_ptr<Database> database = openDatabase(globals);
    if (parser.isSet(QStringLiteral("now")))
        EventRepository(*database).retryPendingNow();
    EventDispatcher dispatcher(
        database, QStringLiteral("medpull-cli-%1").arg(QCoreApplication::applicationPid()));
    dispatcher.setPollInterval(200);
    int delivered = 0;
    int failedAttempts = 0;
    QObject::connect(
        &dispatcher, &EventDispatcher::deliveryChanged, [&](const EventDelivery &delivery) {
            if (delivery.status == DeliveryStatus::Delivered)
                ++delivered;
            else if (delivery.status != DeliveryStatus::Delivering && !delivery.lastError.isEmpty())
                ++failedAttempts;
        });
    QEventLoop loop;
    EventRepository events(*database);
    // Idle means nothing due now; a delivery a killed process still holds
    // under a live lease comes due when the lease runs out.
    QObject::connect(&dispatcher, &EventDispatcher::idle, &loop, [&] {
        if (!events.anyDelivering())
            loop.quit();
    });
    QTimer::singleShot(maxSeconds * 1000, &loop, &QEventLoop::quit);
    dispatcher.start();
    loop.exec();
    const bool finished = dispatcher.inFlight() == 0 && !events.anyDelivering();
    dispatcher.stop();
    return reportDeliveryRun(globals, delivered, failedAttempts, finished,
                             QStringLiteral(", stopped at the time limit"));
}

} // namespace medpull::cli
