// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "clidestinations.h"

#include "deliveryrepository.h"
#include "deliverystore.h"
#include "destinationconfig.h"
#include "destinationrepository.h"
#include "destinationsecrets.h"
#include "destinationtester.h"
#include "errorcode.h"
#include "exporter.h"
#include "tokenvault.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTimer>

namespace medpull::cli {

namespace {

const QString destinationArgument = QStringLiteral("destination");

void addDestinationArgument(CommandParser &parser) {
    parser.addPositional(destinationArgument, QStringLiteral("The destination's name or id."));
}

ExportDestination findDestination(const Database &database, const QString &nameOrId) {
    DestinationRepository destinations(database);
    if (const auto byName = destinations.findByName(nameOrId))
        return *byName;
    bool isNumber = false;
    const qint64 id = nameOrId.toLongLong(&isNumber);
    if (isNumber) {
        if (const auto byId = destinations.get(id))
            return *byId;
    }
    throw CliError(QStringLiteral("no destination named '%1'").arg(nameOrId));
}

ExportDestination sealSecrets(const Database &database, const ExportDestination &destination) {
    if (!DestinationSecrets::hasPlain(destination.config))
        return destination;
    TokenVault vault(DestinationSecrets::vaultOptions(database));
    bool answered = false;
    QString failure;
    QEventLoop loop;
    QObject::connect(&vault, &TokenVault::ready, &loop, [&](bool ok, const QString &error) {
        answered = true;
        failure = ok ? QString() : error;
        loop.quit();
    });
    vault.open();
    // A key file answers inside open(), before the loop would run.
    if (!answered)
        loop.exec();
    if (failure.isEmpty())
        failure = DestinationSecrets::recordKey(database, vault);
    if (!failure.isEmpty())
        throw CliError(QStringLiteral("destination secrets cannot be protected: ") + failure);
    return DestinationSecrets::sealed(destination, &vault);
}

// Runs the destination's connection test; throws when it fails.
QString testDestination(const ExportDestination &destination) {
    QNetworkAccessManager network;
    DestinationTester tester(&network);
    bool passed = false;
    QString message;
    QEventLoop loop;
    QObject::connect(&tester, &DestinationTester::finished, &loop,
                     [&](bool ok, const QString &text) {
                         passed = ok;
                         message = text;
                         loop.quit();
                     });
    tester.test(destination);
    loop.exec();
    if (!passed)
        throw CliError(QStringLiteral("connection test failed, not saved: ") + message);
    return message;
}

int setEnabled(const QStringList &arguments, GlobalOptions globals, bool enabled) {
    CommandParser parser(enabled ? QStringLiteral("destinations enable")
                                 : QStringLiteral("destinations disable"),
                         enabled ? QStringLiteral("Enables a destination: it receives new pulls.")
                                 : QStringLiteral("Disables a destination: it receives nothing "
                                                  "until enabled again."));
    addDestinationArgument(parser);
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const QString nameOrId = parser.positional(0);
    const auto database = openDatabase(globals);
    const ExportDestination found = findDestination(*database, nameOrId);
    DestinationRepository(*database).setEnabled(found.id, enabled);
    if (globals.json)
        printJson(
            QJsonObject{{QStringLiteral("id"), found.id}, {QStringLiteral("enabled"), enabled}});
    else
        printLine(QStringLiteral("%1 %2").arg(found.name, enabled ? QStringLiteral("enabled")
                                                                  : QStringLiteral("disabled")));
    return ExitOk;
}

} // namespace

int runDestinationsAdd(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(
        QStringLiteral("destinations add"),
        QStringLiteral("Adds an export destination after a connection test. Secrets come from "
                       "the environment, never the command line: MEDPULL_DESTINATION_TOKEN, "
                       "MEDPULL_DESTINATION_PASSWORD, MEDPULL_DESTINATION_SECRET, "
                       "MEDPULL_DESTINATION_SECRET_ACCESS_KEY."));
    parser.addPositional(QStringLiteral("name"), QStringLiteral("A unique name."));
    parser.addOption({QStringLiteral("kind"),
                      QStringLiteral("ndjson_folder, fhir_server, webhook or s3."),
                      QStringLiteral("KIND")});
    parser.addOption({QStringLiteral("path"), QStringLiteral("ndjson_folder: the folder."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("url"),
                      QStringLiteral("fhir_server: the FHIR base URL; webhook: the URL."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("bundle-type"),
                      QStringLiteral("fhir_server: batch or transaction."),
                      QStringLiteral("TYPE")});
    parser.addOption({QStringLiteral("chunk-size"),
                      QStringLiteral("fhir_server: resources per bundle."), QStringLiteral("N")});
    parser.addOption(
        {QStringLiteral("auth"), QStringLiteral("none, bearer or basic."), QStringLiteral("AUTH")});
    parser.addOption({QStringLiteral("username"), QStringLiteral("basic: the user name."),
                      QStringLiteral("USER")});
    parser.addOption({QStringLiteral("payload"), QStringLiteral("webhook: link or inline."),
                      QStringLiteral("PAYLOAD")});
    parser.addOption({QStringLiteral("link-template"),
                      QStringLiteral("webhook: the link sent with payload link."),
                      QStringLiteral("TEMPLATE")});
    // S3-compatible object storage.
    const QList<std::pair<QString, QString>> s3Options{
        {QStringLiteral("endpoint"), QStringLiteral("s3: the storage's URL, without a path.")},
        {QStringLiteral("bucket"), QStringLiteral("s3: the bucket.")},
        {QStringLiteral("prefix"), QStringLiteral("s3: the key prefix inside the bucket.")},
        {QStringLiteral("region"), QStringLiteral("s3: the signing region (us-east-1).")},
        {QStringLiteral("access-key-id"), QStringLiteral("s3: the access key id.")},
        {QStringLiteral("addressing"), QStringLiteral("s3: virtual (default) or path.")},
        {QStringLiteral("compression"), QStringLiteral("s3: none (default) or gzip.")},
        {QStringLiteral("multipart-threshold"),
         QStringLiteral("s3: bytes above which an object goes up in parts of that size.")}};
    for (const auto &[name, description] : s3Options)
        parser.addOption({name, description, QStringLiteral("VALUE")});
    parser.addOption({QStringLiteral("disabled"), QStringLiteral("Add it disabled.")});
    parser.addOption(
        {QStringLiteral("skip-test"), QStringLiteral("Save without a connection test.")});
    if (!parser.parse(arguments, globals))
        return ExitOk;

    ExportDestination destination;
    destination.name = parser.positional(0);
    const std::optional<DestinationKind> kind =
        fromName<DestinationKind>(parser.value(QStringLiteral("kind")));
    if (!kind)
        parser.usageError(
            QStringLiteral("--kind must be ndjson_folder, fhir_server, webhook or s3"));
    destination.kind = *kind;
    destination.enabled = !parser.isSet(QStringLiteral("disabled"));
    QJsonObject &config = destination.config;
    auto take = [&](const QString &option, const QString &key) {
        if (parser.isSet(option))
            config.insert(key, parser.value(option));
    };
    take(QStringLiteral("path"), QStringLiteral("path"));
    take(QStringLiteral("url"), destination.kind == DestinationKind::FhirServer
                                    ? QStringLiteral("baseUrl")
                                    : QStringLiteral("url"));
    take(QStringLiteral("bundle-type"), QStringLiteral("bundleType"));
    take(QStringLiteral("auth"), QStringLiteral("auth"));
    take(QStringLiteral("username"), QStringLiteral("username"));
    take(QStringLiteral("payload"), QStringLiteral("payload"));
    take(QStringLiteral("link-template"), QStringLiteral("linkTemplate"));
    take(QStringLiteral("endpoint"), QStringLiteral("endpoint"));
    take(QStringLiteral("bucket"), QStringLiteral("bucket"));
    take(QStringLiteral("prefix"), QStringLiteral("prefix"));
    take(QStringLiteral("region"), QStringLiteral("region"));
    take(QStringLiteral("access-key-id"), QStringLiteral("accessKeyId"));
    take(QStringLiteral("addressing"), QStringLiteral("addressing"));
    take(QStringLiteral("compression"), QStringLiteral("compression"));
    if (parser.isSet(QStringLiteral("multipart-threshold")))
        config.insert(QStringLiteral("multipartThresholdBytes"),
                      double(parser.number(QStringLiteral("multipart-threshold"), 1024,
                                           qint64(5) * 1024 * 1024 * 1024, 0)));
    if (parser.isSet(QStringLiteral("chunk-size")))
        config.insert(QStringLiteral("chunkSize"),
                      int(parser.number(QStringLiteral("chunk-size"), 1, 100000, 0)));
    // Secrets from the environment: a command line shows in `ps`.
    const QList<std::pair<const char *, QString>> secrets{
        {"MEDPULL_DESTINATION_TOKEN", QStringLiteral("token")},
        {"MEDPULL_DESTINATION_PASSWORD", QStringLiteral("password")},
        {"MEDPULL_DESTINATION_SECRET", QStringLiteral("secret")},
        {"MEDPULL_DESTINATION_SECRET_ACCESS_KEY", QStringLiteral("secretAccessKey")}};
    for (const auto &[variable, key] : secrets) {
        if (qEnvironmentVariableIsSet(variable))
            config.insert(key, qEnvironmentVariable(variable));
    }
    if (const QString why = DestinationConfig::whyInvalid(destination); !why.isEmpty())
        parser.usageError(why);

    const auto database = openDatabase(globals);
    const QString testMessage =
        parser.isSet(QStringLiteral("skip-test")) ? QString() : testDestination(destination);
    destination = DestinationRepository(*database).add(sealSecrets(*database, destination));
    if (globals.json) {
        printJson(QJsonObject{{QStringLiteral("id"), destination.id},
                              {QStringLiteral("name"), destination.name},
                              {QStringLiteral("test"), testMessage}});
    } else {
        if (!testMessage.isEmpty())
            printLine(testMessage);
        printLine(QStringLiteral("added destination %1 (id %2)")
                      .arg(destination.name)
                      .arg(destination.id));
    }
    return ExitOk;
}

int runDestinationsList(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("destinations list"),
                         QStringLiteral("Lists the export destinations and their deliveries."));
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const auto database = openDatabase(globals);
    const QList<DestinationSummary> summaries = DeliveryStore(*database).summaries();
    if (globals.json) {
        QJsonArray array;
        for (const DestinationSummary &s : summaries) {
            const ExportDestination &d = s.destination;
            array.append(
                QJsonObject{{QStringLiteral("id"), d.id},
                            {QStringLiteral("name"), d.name},
                            {QStringLiteral("kind"), nameOf(d.kind)},
                            {QStringLiteral("enabled"), d.enabled},
                            {QStringLiteral("target"), DestinationConfig::target(d)},
                            {QStringLiteral("config"), DestinationConfig::redacted(d.config)},
                            {QStringLiteral("watermarkPullId"), d.watermarkPullId},
                            {QStringLiteral("lastDeliveredAt"), jsonTime(s.lastDeliveredAt)},
                            {QStringLiteral("delivered"), s.delivered},
                            {QStringLiteral("pending"), s.pending},
                            {QStringLiteral("retrying"), s.retrying},
                            {QStringLiteral("failed"), s.failed},
                            {QStringLiteral("lastError"), errorText(s.lastError)}});
        }
        printJson(array);
        return ExitOk;
    }
    printLine(QStringLiteral("%1  %2  %3  %4  %5  %6  %7")
                  .arg(QStringLiteral("ID"), 4)
                  .arg(QStringLiteral("NAME"), -16)
                  .arg(QStringLiteral("KIND"), -13)
                  .arg(QStringLiteral("ENABLED"), -7)
                  .arg(QStringLiteral("LAST DELIVERY"), -20)
                  .arg(QStringLiteral("FAILED"), 6)
                  .arg(QStringLiteral("TARGET")));
    for (const DestinationSummary &s : summaries) {
        printLine(QStringLiteral("%1  %2  %3  %4  %5  %6  %7")
                      .arg(s.destination.id, 4)
                      .arg(s.destination.name, -16)
                      .arg(nameOf(s.destination.kind), -13)
                      .arg(s.destination.enabled ? QStringLiteral("yes") : QStringLiteral("no"), -7)
                      .arg(textTime(s.lastDeliveredAt), -20)
                      .arg(s.failed, 6)
                      .arg(DestinationConfig::target(s.destination)));
    }
    return ExitOk;
}

int runDestinationsEnable(const QStringList &arguments, GlobalOptions globals) {
    return setEnabled(arguments, std::move(globals), true);
}

int runDestinationsDisable(const QStringList &arguments, GlobalOptions globals) {
    return setEnabled(arguments, std::move(globals), false);
}

int runDestinationsRetry(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("destinations retry"),
                         QStringLiteral("Makes a pending or failed delivery due now; with --all, "
                                        "every failed delivery of a destination."));
    parser.addPositional(QStringLiteral("target"),
                         QStringLiteral("A delivery's id, or with --all a destination's name or "
                                        "id."));
    parser.addOption(
        {QStringLiteral("all"), QStringLiteral("Retry every failed delivery of the destination.")});
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const QString target = parser.positional(0);
    const auto database = openDatabase(globals);
    DeliveryRepository deliveries(*database);
    if (parser.isSet(QStringLiteral("all"))) {
        const ExportDestination found = findDestination(*database, target);
        const int count = int(deliveries.retryAllFailed(found.id).size());
        if (globals.json)
            printJson(QJsonObject{{QStringLiteral("destination"), found.id},
                                  {QStringLiteral("retried"), count}});
        else
            printLine(
                QStringLiteral("%1 deliveries of %2 are due again").arg(count).arg(found.name));
        return ExitOk;
    }
    bool isNumber = false;
    const qint64 id = target.toLongLong(&isNumber);
    if (!isNumber || !deliveries.get(id))
        throw CliError(QStringLiteral("no delivery %1").arg(target));
    if (!deliveries.retryNow(id))
        throw CliError(
            QStringLiteral("delivery %1 is %2; only failed deliveries and deliveries waiting for "
                           "a retry are retried")
                .arg(id)
                .arg(nameOf(deliveries.get(id)->status)));
    if (globals.json)
        printJson(QJsonObject{{QStringLiteral("delivery"), id}, {QStringLiteral("retried"), true}});
    else
        printLine(QStringLiteral("delivery %1 is due again").arg(id));
    return ExitOk;
}

int runDestinationsDeliveries(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("destinations deliveries"),
                         QStringLiteral("Lists a destination's deliveries, newest first."));
    addDestinationArgument(parser);
    parser.addOption({QStringLiteral("limit"), QStringLiteral("At most N deliveries (default 50)."),
                      QStringLiteral("N")});
    parser.addOption(
        {QStringLiteral("offset"), QStringLiteral("Skip the first N."), QStringLiteral("N")});
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const QString nameOrId = parser.positional(0);
    const int limit = int(parser.number(QStringLiteral("limit"), 1, 10000, 50));
    const int offset = int(parser.number(QStringLiteral("offset"), 0, 1000000000, 0));
    const auto database = openDatabase(globals);
    const ExportDestination found = findDestination(*database, nameOrId);
    const QList<DeliveryRow> rows = DeliveryStore(*database).rows(found.id, limit, offset);
    if (globals.json) {
        QJsonArray array;
        for (const DeliveryRow &row : rows) {
            const Delivery &d = row.delivery;
            QJsonObject object{{QStringLiteral("id"), d.id},
                               {QStringLiteral("pullId"), d.pullId},
                               {QStringLiteral("patientId"), row.context.patientId},
                               {QStringLiteral("patient"), row.context.patientName},
                               {QStringLiteral("source"), row.context.sourceName},
                               {QStringLiteral("status"), nameOf(d.status)},
                               {QStringLiteral("attempts"), d.attempts},
                               {QStringLiteral("nextAttemptAt"), jsonTime(d.nextAttemptAt)},
                               {QStringLiteral("httpStatus"), d.httpStatus},
                               {QStringLiteral("lastError"), errorText(d.lastError)},
                               {QStringLiteral("resourceCount"), d.resourceCount},
                               {QStringLiteral("createdAt"), jsonTime(d.createdAt)},
                               {QStringLiteral("deliveredAt"), jsonTime(d.deliveredAt)}};
            if (d.status == DeliveryStatus::Failed) {
                object.insert(QStringLiteral("failureKind"),
                              nameOf(FailureKind::DestinationExportFailed));
                object.insert(QStringLiteral("nextStep"),
                              failureNextStep(FailureKind::DestinationExportFailed));
            }
            array.append(object);
        }
        printJson(array);
        return ExitOk;
    }
    printLine(QStringLiteral("%1  %2  %3  %4  %5  %6  %7")
                  .arg(QStringLiteral("ID"), 5)
                  .arg(QStringLiteral("PULL"), 5)
                  .arg(QStringLiteral("PATIENT"), -20)
                  .arg(QStringLiteral("STATUS"), -10)
                  .arg(QStringLiteral("TRIES"), 5)
                  .arg(QStringLiteral("RESOURCES"), 9)
                  .arg(QStringLiteral("LAST ERROR")));
    for (const DeliveryRow &row : rows) {
        printLine(QStringLiteral("%1  %2  %3  %4  %5  %6  %7")
                      .arg(row.delivery.id, 5)
                      .arg(row.delivery.pullId, 5)
                      .arg(row.context.patientName.left(20), -20)
                      .arg(nameOf(row.delivery.status), -10)
                      .arg(row.delivery.attempts, 5)
                      .arg(row.delivery.resourceCount, 9)
                      .arg(errorText(row.delivery.lastError)));
    }
    return ExitOk;
}

int runDestinationsDeliver(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("destinations deliver"),
                         QStringLiteral("Sends every delivery that is due, then exits: 0 when "
                                        "all were delivered, 1 when an attempt failed or the "
                                        "timeout stopped it."));
    parser.addOption({QStringLiteral("timeout"),
                      QStringLiteral("Stop after N seconds (default 600)."),
                      QStringLiteral("SECONDS")});
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const qint64 timeoutSeconds = parser.number(QStringLiteral("timeout"), 1, 86400, 600);
    const std::shared_ptr<const Database> database = openDatabase(globals);
    Exporter exporter(database,
                      QStringLiteral("medpull-cli-%1").arg(QCoreApplication::applicationPid()));
    exporter.setPollInterval(200);
    int delivered = 0;
    int failedAttempts = 0;
    QObject::connect(&exporter, &Exporter::deliveryChanged, [&](const Delivery &delivery) {
        if (delivery.status == DeliveryStatus::Delivered)
            ++delivered;
        else if (!delivery.lastError.isEmpty() && delivery.status != DeliveryStatus::Delivering)
            ++failedAttempts;
    });
    QEventLoop loop;
    QObject::connect(&exporter, &Exporter::idle, &loop, &QEventLoop::quit);
    QTimer::singleShot(std::chrono::seconds(timeoutSeconds), &loop, &QEventLoop::quit);
    exporter.start();
    loop.exec();
    const bool finished = exporter.inFlight() == 0;
    exporter.stop();
    return reportDeliveryRun(globals, delivered, failedAttempts, finished,
                             QStringLiteral(", stopped at the timeout"));
}

} // namespace medpull::cli
