#include "clidestinations.h"

#include "database.h"
#include "deliveryrepository.h"
#include "deliverystore.h"
#include "destinationconfig.h"
#include "destinationrepository.h"
#include "destinationsecrets.h"
#include "destinationtester.h"
#include "exporter.h"
#include "storeerror.h"
#include "tokenvault.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTimer>

#include <cstdio>

using namespace medpull;

namespace {

enum { Ok = 0, Failed = 1, Usage = 2 };

struct CommandError {
    QString message;
    int code = Failed;
};

void out(const QString &text) {
    std::fputs(qPrintable(text + QLatin1Char('\n')), stdout);
}

void outJson(const QJsonValue &value) {
    const QJsonDocument document =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    std::fputs(document.toJson(QJsonDocument::Indented).constData(), stdout);
}

QJsonValue jsonTime(const QDateTime &time) {
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QString textTime(const QDateTime &time) {
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                          : QStringLiteral("-");
}

const QString usageText = QStringLiteral(
    "usage: medpull-cli destinations COMMAND [options]\n"
    "  add NAME --kind ndjson_folder|fhir_server|webhook [--path DIR] [--url URL]\n"
    "      [--bundle-type batch|transaction] [--chunk-size N] [--auth none|bearer|basic]\n"
    "      [--username U] [--payload link|inline] [--link-template T] [--disabled]\n"
    "      [--skip-test]   secrets come from MEDPULL_DESTINATION_TOKEN,\n"
    "      MEDPULL_DESTINATION_PASSWORD and MEDPULL_DESTINATION_SECRET\n"
    "  list\n"
    "  enable NAME|ID\n"
    "  disable NAME|ID\n"
    "  retry DELIVERY_ID | retry --all NAME|ID\n"
    "  deliveries NAME|ID [--limit N] [--offset N]\n"
    "  deliver [--timeout SECONDS]   send what is due, then exit\n"
    "options: --json, --database LOCATION");

class DestinationsCommand {
public:
    DestinationsCommand(QStringList arguments, QString location, bool json)
        : m_arguments(std::move(arguments))
        , m_location(std::move(location))
        , m_json(json) {}

    int run();

private:
    QString option(const QString &name) const { return m_parser.value(name); }
    void open();
    ExportDestination destination(const QString &nameOrId) const;
    ExportDestination sealSecrets(const ExportDestination &destination) const;
    QString positional(int index, const QString &what) const;

    int add();
    int list();
    int setEnabled(bool enabled);
    int retry();
    int deliveries();
    int deliver();

    QStringList m_arguments;
    QString m_location;
    bool m_json;
    QCommandLineParser m_parser;
    QStringList m_positional;
    std::shared_ptr<Database> m_db;
};

int DestinationsCommand::run() {
    if (!m_arguments.isEmpty() && m_arguments.first() == QLatin1String("destinations"))
        m_arguments.removeFirst();
    for (const QString &name :
         {QStringLiteral("kind"), QStringLiteral("path"), QStringLiteral("url"),
          QStringLiteral("bundle-type"), QStringLiteral("chunk-size"), QStringLiteral("auth"),
          QStringLiteral("username"), QStringLiteral("payload"), QStringLiteral("link-template"),
          QStringLiteral("limit"), QStringLiteral("offset"), QStringLiteral("timeout"),
          QStringLiteral("database")})
        m_parser.addOption(QCommandLineOption(name, {}, QStringLiteral("value")));
    for (const QString &name :
         {QStringLiteral("json"), QStringLiteral("disabled"), QStringLiteral("skip-test"),
          QStringLiteral("all"), QStringLiteral("help")})
        m_parser.addOption(QCommandLineOption(name));
    if (!m_parser.parse(QStringList{QStringLiteral("destinations")} + m_arguments))
        throw CommandError{m_parser.errorText(), Usage};
    m_positional = m_parser.positionalArguments();
    if (m_parser.isSet(QStringLiteral("help")) || m_positional.isEmpty()) {
        out(usageText);
        return m_positional.isEmpty() && !m_parser.isSet(QStringLiteral("help")) ? Usage : Ok;
    }
    m_json = m_json || m_parser.isSet(QStringLiteral("json"));
    if (m_parser.isSet(QStringLiteral("database")))
        m_location = option(QStringLiteral("database"));

    const QString command = m_positional.takeFirst();
    open();
    if (command == QLatin1String("add"))
        return add();
    if (command == QLatin1String("list"))
        return list();
    if (command == QLatin1String("enable"))
        return setEnabled(true);
    if (command == QLatin1String("disable"))
        return setEnabled(false);
    if (command == QLatin1String("retry"))
        return retry();
    if (command == QLatin1String("deliveries"))
        return deliveries();
    if (command == QLatin1String("deliver"))
        return deliver();
    throw CommandError{QStringLiteral("unknown destinations command '%1'").arg(command), Usage};
}

void DestinationsCommand::open() {
    m_db = Database::open(m_location.isEmpty() ? Database::defaultLocation() : m_location);
}

QString DestinationsCommand::positional(int index, const QString &what) const {
    if (index >= m_positional.size())
        throw CommandError{QStringLiteral("missing %1").arg(what), Usage};
    return m_positional.at(index);
}

ExportDestination DestinationsCommand::destination(const QString &nameOrId) const {
    DestinationRepository destinations(*m_db);
    if (const auto byName = destinations.findByName(nameOrId))
        return *byName;
    bool isNumber = false;
    const qint64 id = nameOrId.toLongLong(&isNumber);
    if (isNumber) {
        if (const auto byId = destinations.get(id))
            return *byId;
    }
    throw CommandError{QStringLiteral("no destination named '%1'").arg(nameOrId)};
}

ExportDestination DestinationsCommand::sealSecrets(const ExportDestination &destination) const {
    if (!DestinationSecrets::hasPlain(destination.config))
        return destination;
    TokenVault vault(DestinationSecrets::vaultOptions(*m_db));
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
        failure = DestinationSecrets::recordKey(*m_db, vault);
    if (!failure.isEmpty())
        throw CommandError{QStringLiteral("destination secrets cannot be protected: ") + failure};
    return DestinationSecrets::sealed(destination, &vault);
}

int DestinationsCommand::add() {
    ExportDestination destination;
    destination.name = positional(0, QStringLiteral("the destination's name"));
    const std::optional<DestinationKind> kind =
        fromName<DestinationKind>(option(QStringLiteral("kind")));
    if (!kind)
        throw CommandError{QStringLiteral("--kind must be ndjson_folder, fhir_server or webhook"),
                           Usage};
    destination.kind = *kind;
    destination.enabled = !m_parser.isSet(QStringLiteral("disabled"));
    QJsonObject &config = destination.config;
    auto take = [&](const QString &option, const QString &key) {
        if (m_parser.isSet(option))
            config.insert(key, m_parser.value(option));
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
    if (m_parser.isSet(QStringLiteral("chunk-size")))
        config.insert(QStringLiteral("chunkSize"), option(QStringLiteral("chunk-size")).toInt());
    // Secrets from the environment: a command line shows in `ps`.
    const QList<std::pair<const char *, QString>> secrets{
        {"MEDPULL_DESTINATION_TOKEN", QStringLiteral("token")},
        {"MEDPULL_DESTINATION_PASSWORD", QStringLiteral("password")},
        {"MEDPULL_DESTINATION_SECRET", QStringLiteral("secret")}};
    for (const auto &[variable, key] : secrets) {
        if (qEnvironmentVariableIsSet(variable))
            config.insert(key, qEnvironmentVariable(variable));
    }
    if (const QString why = DestinationConfig::whyInvalid(destination); !why.isEmpty())
        throw CommandError{why, Usage};

    QString testMessage;
    if (!m_parser.isSet(QStringLiteral("skip-test"))) {
        QNetworkAccessManager network;
        DestinationTester tester(&network);
        bool passed = false;
        QEventLoop loop;
        QObject::connect(&tester, &DestinationTester::finished, &loop,
                         [&](bool ok, const QString &message) {
                             passed = ok;
                             testMessage = message;
                             loop.quit();
                         });
        tester.test(destination);
        loop.exec();
        if (!passed)
            throw CommandError{QStringLiteral("connection test failed, not saved: ") + testMessage};
    }
    destination = DestinationRepository(*m_db).add(sealSecrets(destination));
    if (m_json) {
        outJson(QJsonObject{{QStringLiteral("id"), destination.id},
                            {QStringLiteral("name"), destination.name},
                            {QStringLiteral("test"), testMessage}});
    } else {
        if (!testMessage.isEmpty())
            out(testMessage);
        out(QStringLiteral("added destination %1 (id %2)")
                .arg(destination.name)
                .arg(destination.id));
    }
    return Ok;
}

int DestinationsCommand::list() {
    const QList<DestinationSummary> summaries = DeliveryStore(*m_db).summaries();
    if (m_json) {
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
                            {QStringLiteral("lastError"), s.lastError}});
        }
        outJson(array);
        return Ok;
    }
    out(QStringLiteral("%1  %2  %3  %4  %5  %6  %7")
            .arg(QStringLiteral("ID"), 4)
            .arg(QStringLiteral("NAME"), -16)
            .arg(QStringLiteral("KIND"), -13)
            .arg(QStringLiteral("ENABLED"), -7)
            .arg(QStringLiteral("LAST DELIVERY"), -19)
            .arg(QStringLiteral("FAILED"), 6)
            .arg(QStringLiteral("TARGET")));
    for (const DestinationSummary &s : summaries) {
        out(QStringLiteral("%1  %2  %3  %4  %5  %6  %7")
                .arg(s.destination.id, 4)
                .arg(s.destination.name, -16)
                .arg(nameOf(s.destination.kind), -13)
                .arg(s.destination.enabled ? QStringLiteral("yes") : QStringLiteral("no"), -7)
                .arg(textTime(s.lastDeliveredAt), -19)
                .arg(s.failed, 6)
                .arg(DestinationConfig::target(s.destination)));
    }
    return Ok;
}

int DestinationsCommand::setEnabled(bool enabled) {
    const ExportDestination found = destination(positional(0, QStringLiteral("a destination")));
    DestinationRepository(*m_db).setEnabled(found.id, enabled);
    if (m_json)
        outJson(
            QJsonObject{{QStringLiteral("id"), found.id}, {QStringLiteral("enabled"), enabled}});
    else
        out(QStringLiteral("%1 %2").arg(found.name, enabled ? QStringLiteral("enabled")
                                                            : QStringLiteral("disabled")));
    return Ok;
}

int DestinationsCommand::retry() {
    DeliveryRepository deliveries(*m_db);
    if (m_parser.isSet(QStringLiteral("all"))) {
        const ExportDestination found = destination(positional(0, QStringLiteral("a destination")));
        const int count = deliveries.retryAllFailed(found.id);
        if (m_json)
            outJson(QJsonObject{{QStringLiteral("destination"), found.id},
                                {QStringLiteral("retried"), count}});
        else
            out(QStringLiteral("%1 failed deliveries of %2 are due again")
                    .arg(count)
                    .arg(found.name));
        return Ok;
    }
    bool isNumber = false;
    const qint64 id = positional(0, QStringLiteral("a delivery id")).toLongLong(&isNumber);
    if (!isNumber || !deliveries.get(id))
        throw CommandError{QStringLiteral("no delivery %1").arg(m_positional.first())};
    if (!deliveries.retryNow(id))
        throw CommandError{
            QStringLiteral("delivery %1 is %2; only pending or failed deliveries are retried")
                .arg(id)
                .arg(nameOf(deliveries.get(id)->status))};
    if (m_json)
        outJson(QJsonObject{{QStringLiteral("delivery"), id}, {QStringLiteral("retried"), true}});
    else
        out(QStringLiteral("delivery %1 is due again").arg(id));
    return Ok;
}

int DestinationsCommand::deliveries() {
    const ExportDestination found = destination(positional(0, QStringLiteral("a destination")));
    const int limit = m_parser.isSet(QStringLiteral("limit"))
                          ? qBound(1, option(QStringLiteral("limit")).toInt(), 10000)
                          : 50;
    const int offset = qMax(0, option(QStringLiteral("offset")).toInt());
    const QList<DeliveryRow> rows = DeliveryStore(*m_db).rows(found.id, limit, offset);
    if (m_json) {
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
                               {QStringLiteral("lastError"), d.lastError},
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
        outJson(array);
        return Ok;
    }
    out(QStringLiteral("%1  %2  %3  %4  %5  %6  %7")
            .arg(QStringLiteral("ID"), 5)
            .arg(QStringLiteral("PULL"), 5)
            .arg(QStringLiteral("PATIENT"), -20)
            .arg(QStringLiteral("STATUS"), -10)
            .arg(QStringLiteral("TRIES"), 5)
            .arg(QStringLiteral("RESOURCES"), 9)
            .arg(QStringLiteral("LAST ERROR")));
    for (const DeliveryRow &row : rows) {
        out(QStringLiteral("%1  %2  %3  %4  %5  %6  %7")
                .arg(row.delivery.id, 5)
                .arg(row.delivery.pullId, 5)
                .arg(row.context.patientName.left(20), -20)
                .arg(nameOf(row.delivery.status), -10)
                .arg(row.delivery.attempts, 5)
                .arg(row.delivery.resourceCount, 9)
                .arg(row.delivery.lastError));
    }
    return Ok;
}

int DestinationsCommand::deliver() {
    const int timeoutSeconds = m_parser.isSet(QStringLiteral("timeout"))
                                   ? qMax(1, option(QStringLiteral("timeout")).toInt())
                                   : 600;
    Exporter exporter(m_db,
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
    QTimer::singleShot(timeoutSeconds * 1000, &loop, &QEventLoop::quit);
    exporter.start();
    loop.exec();
    const bool finished = exporter.inFlight() == 0;
    exporter.stop();
    if (m_json)
        outJson(QJsonObject{{QStringLiteral("delivered"), delivered},
                            {QStringLiteral("failedAttempts"), failedAttempts},
                            {QStringLiteral("finished"), finished}});
    else
        out(QStringLiteral("%1 delivered, %2 failed attempts%3")
                .arg(delivered)
                .arg(failedAttempts)
                .arg(finished ? QString() : QStringLiteral(", stopped at the timeout")));
    return failedAttempts == 0 && finished ? Ok : Failed;
}

} // namespace

int runDestinationsCommand(const QStringList &arguments, const QString &databaseLocation,
                           bool json) {
    try {
        return DestinationsCommand(arguments, databaseLocation, json).run();
    } catch (const CommandError &error) {
        std::fprintf(stderr, "medpull-cli: %s\n", qPrintable(error.message));
        return error.code;
    } catch (const StoreError &error) {
        std::fprintf(stderr, "medpull-cli: %s\n", qPrintable(error.message()));
        return Failed;
    }
}
