// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "connectionrepository.h"
#include "database.h"
#include "deliveryrepository.h"
#include "destinationconfig.h"
#include "destinationrepository.h"
#include "destinationsecrets.h"
#include "destinationtester.h"
#include "engine.h"
#include "exporter.h"
#include "httpreceiver.h"
#include "ndjsonfolderjob.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "resourcerepository.h"
#include "sandboxhost.h"
#include "testsupport.h"
#include "tokenvault.h"
#include "transaction.h"
#include "webhooksignature.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

using namespace medpull;
using namespace medpull::test;

namespace {

IncomingResource resource(const QString &type, const QString &id, const QString &value) {
    const QJsonObject json{{QStringLiteral("resourceType"), type},
                           {QStringLiteral("id"), id},
                           {QStringLiteral("status"), QStringLiteral("final")},
                           {QStringLiteral("valueString"), value}};
    return {type, id, QJsonDocument(json).toJson(QJsonDocument::Compact)};
}

QList<IncomingResource> resources(const QString &type, int from, int to, const QString &value) {
    QList<IncomingResource> list;
    for (int i = from; i <= to; ++i)
        list.append(
            resource(type, QStringLiteral("%1-%2").arg(type.left(3).toLower()).arg(i), value));
    return list;
}

QJsonObject parsed(const QByteArray &json) {
    return QJsonDocument::fromJson(json).object();
}

// Synchronous HTTP for the sandbox's admin API.
QByteArray http(const QByteArray &method, const QUrl &url) {
    QNetworkAccessManager network;
    QNetworkReply *reply = network.sendCustomRequest(QNetworkRequest(url), method);
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(10000);
    reply->deleteLater();
    return reply->readAll();
}

// The engine as the dashboard drives it on a database: it answers commands
// and runs no work (each test runs its own exporter).
EngineOptions commandEngineOptions(const QString &location) {
    EngineOptions options;
    options.databaseLocation = location;
    options.keyFileOnly = true;
    options.processWork = false;
    return options;
}

// A database with one patient and one active connection, and pulls settled
// the way the engine settles them, without depending on the pull runner.
struct Fixture {
    QTemporaryDir dir;
    QString location;
    std::shared_ptr<Database> db;
    Patient patient;
    Connection connection;

    explicit Fixture(Backend backend)
        : location(freshLocation(backend, dir))
        , db(Database::open(location)) {
        patient = PatientRepository(*db).add(QStringLiteral("Ada Lovelace"), QStringLiteral("A-1"));
        const Source source = addUnreachableSource(*db);
        connection = ConnectionRepository(*db).add(patient.id, source.id, ConnectionState::Active);
    }

    Pull settledPull(const QList<IncomingResource> &page,
                     PullStatus status = PullStatus::Succeeded) {
        PullRepository pulls(*db);
        const Pull pull = pulls.enqueue(connection.id, PullTrigger::Manual);
        Transaction transaction(*db);
        ResourceRepository(*db).store(connection.id, pull.id, page);
        transaction.commit();
        pulls.settle(pull.id, status);
        return *pulls.get(pull.id);
    }

    ExportDestination addDestination(const QString &name, DestinationKind kind,
                                     const QJsonObject &config, bool enabled = true) {
        ExportDestination destination;
        destination.name = name;
        destination.kind = kind;
        destination.config = config;
        destination.enabled = enabled;
        return DestinationRepository(*db).add(destination);
    }

    // Type/id -> content of what a pull created or changed.
    QMap<QString, QByteArray> changedIn(qint64 pullId) const {
        QMap<QString, QByteArray> found;
        ResourceRepository(*db).forEachChangedInPull(pullId, [&](const StoredResource &r) {
            found.insert(r.resourceType + QLatin1Char('/') + r.fhirId, r.content);
        });
        return found;
    }

    QMap<QString, QByteArray> allStored() const {
        QMap<QString, QByteArray> found;
        ResourceRepository(*db).forEach(connection.id, {}, [&](const StoredResource &r) {
            found.insert(r.resourceType + QLatin1Char('/') + r.fhirId, r.content);
        });
        return found;
    }

    QList<Delivery> deliveries(qint64 destinationId) const {
        return DeliveryRepository(*db).forDestination(destinationId);
    }

    int countWithStatus(qint64 destinationId, DeliveryStatus status) const {
        int count = 0;
        for (const Delivery &delivery : deliveries(destinationId))
            count += delivery.status == status ? 1 : 0;
        return count;
    }
};

// Type/id -> line of every resource file of one delivery folder; a key seen
// twice fails the test.
QMap<QString, QByteArray> readDeliveryFolder(const QDir &folder, bool *duplicates) {
    QMap<QString, QByteArray> found;
    *duplicates = false;
    for (const QString &name : folder.entryList({QStringLiteral("*.ndjson")}, QDir::Files)) {
        if (name == QLatin1String("deleted.ndjson"))
            continue; // Bundles of deletions, not resources
        QFile file(folder.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &line : file.readAll().split('\n')) {
            if (line.isEmpty())
                continue;
            const QJsonObject object = parsed(line);
            const QString key = object.value(QStringLiteral("resourceType")).toString() +
                                QLatin1Char('/') + object.value(QStringLiteral("id")).toString();
            if (found.contains(key) ||
                name != object.value(QStringLiteral("resourceType")).toString() +
                            QStringLiteral(".ndjson"))
                *duplicates = true;
            found.insert(key, line);
        }
    }
    return found;
}

QByteArray batchResponse(int entries) {
    QJsonArray array;
    for (int i = 0; i < entries; ++i)
        array.append(QJsonObject{
            {QStringLiteral("response"), QJsonObject{{QStringLiteral("status"), "200 OK"}}}});
    return QJsonDocument(QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
                                     {QStringLiteral("type"), QStringLiteral("batch-response")},
                                     {QStringLiteral("entry"), array}})
        .toJson(QJsonDocument::Compact);
}

// A FHIR endpoint that answers only requests that carry the bearer token.
HttpReceiver::Handler fhirRequiring(const QByteArray &token) {
    return [token](const HttpReceiver::Request &request) -> HttpReceiver::Response {
        if (request.headers.value("authorization") != "Bearer " + token)
            return {401,
                    R"({"resourceType":"OperationOutcome","issue":[{"severity":"error",)"
                    R"("code":"login","diagnostics":"a bearer token is required"}]})",
                    "application/fhir+json"};
        if (request.method == "GET")
            return {200, R"({"resourceType":"CapabilityStatement","fhirVersion":"4.0.1"})",
                    "application/fhir+json"};
        return {200,
                batchResponse(
                    int(parsed(request.body).value(QStringLiteral("entry")).toArray().size())),
                "application/fhir+json"};
    };
}

// The config column as the database holds it, read past every repository.
QByteArray rawConfig(const Database &db, qint64 destinationId) {
    QSqlQuery query(db.connection());
    query.prepare(QStringLiteral("SELECT config FROM export_destinations WHERE id = ?"));
    query.addBindValue(destinationId);
    if (!query.exec() || !query.next())
        return {};
    return query.value(0).toString().toUtf8();
}

bool signatureHolds(const HttpReceiver::Request &request, const QByteArray &secret) {
    return WebhookSignature::verify(request.body, secret,
                                    request.headers.value("x-medpull-signature"));
}

std::unique_ptr<TokenVault> openVault(const QString &databaseLocation) {
    TokenVault::Options options;
    options.databaseLocation = databaseLocation;
    options.keyFileOnly = true;
    auto vault = std::make_unique<TokenVault>(options);
    QSignalSpy ready(vault.get(), &TokenVault::ready);
    vault->open();
    if (ready.isEmpty())
        ready.wait(5000);
    return vault;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        // Destination secrets use the token key; tests keep it in key files,
        // and those of PostgreSQL databases out of the real app data folder.
        qputenv("MEDPULL_KEY_FILE_ONLY", "1");
        QStandardPaths::setTestModeEnabled(true);
    }

    void ndjsonFolderGetsEveryResourceOnce_data() { addBackendRows(); }
    void ndjsonFolderGetsEveryResourceOnce() {
        QFETCH(Backend, backend);
        Fixture f(backend);
        QList<IncomingResource> first = resources(QStringLiteral("Observation"), 1, 30, "a");
        first += resources(QStringLiteral("Condition"), 1, 10, "a");
        // A source may send a resource over several lines; NDJSON needs one.
        first.append({QStringLiteral("Patient"), QStringLiteral("p-1"),
                      "{\n  \"resourceType\": \"Patient\",\n  \"id\": \"p-1\"\n}"});
        const Pull p1 = f.settledPull(first);
        QList<IncomingResource> second = resources(QStringLiteral("Observation"), 1, 5, "b");
        second += resources(QStringLiteral("Observation"), 31, 35, "a");
        second += resources(QStringLiteral("Condition"), 1, 10, "a");
        const Pull p2 = f.settledPull(second);
        const Pull failed = f.settledPull(resources(QStringLiteral("Observation"), 40, 41, "a"),
                                          PullStatus::Failed);
        const Pull unchanged = f.settledPull(resources(QStringLiteral("Condition"), 1, 10, "a"));

        // Added after the pulls settled: the backfill sends what is stored.
        QDir out(f.dir.filePath(QStringLiteral("ndjson")));
        QVERIFY(out.mkpath(QStringLiteral(".")));
        const ExportDestination destination =
            f.addDestination(QStringLiteral("folder"), DestinationKind::NdjsonFolder,
                             {{QStringLiteral("path"), out.absolutePath()}});

        Exporter exporter(f.db, QStringLiteral("test"));
        exporter.setPollInterval(50);
        exporter.start();
        QTRY_COMPARE_WITH_TIMEOUT(f.countWithStatus(destination.id, DeliveryStatus::Delivered), 2,
                                  15000);
        QCOMPARE(f.deliveries(destination.id).size(), 2);

        for (const Pull &pull : {p1, p2}) {
            const QDir folder(out.filePath(NdjsonFolderJob::deliveryFolderName(pull.id)));
            bool duplicates = true;
            const QMap<QString, QByteArray> written = readDeliveryFolder(folder, &duplicates);
            QVERIFY(!duplicates);
            const QMap<QString, QByteArray> expected = f.changedIn(pull.id);
            QCOMPARE(written.keys(), expected.keys());
            for (auto it = expected.cbegin(); it != expected.cend(); ++it)
                QCOMPARE(parsed(written.value(it.key())), parsed(it.value()));
            const QJsonObject manifest = parsed([&] {
                QFile file(folder.filePath(QStringLiteral("manifest.json")));
                file.open(QIODevice::ReadOnly);
                return file.readAll();
            }());
            QCOMPARE(manifest.value(QStringLiteral("total")).toInteger(), expected.size());
            QCOMPARE(manifest.value(QStringLiteral("pull")).toInteger(), pull.id);
            // Only complete files: no temporary names left behind.
            for (const QString &name : folder.entryList(QDir::Files | QDir::Hidden))
                QVERIFY2(name.endsWith(QLatin1String(".ndjson")) ||
                             name == QLatin1String("manifest.json"),
                         qPrintable(name));
        }
        QCOMPARE(f.changedIn(p2.id).size(), 10);
        QVERIFY(!out.exists(NdjsonFolderJob::deliveryFolderName(failed.id)));
        QVERIFY(!out.exists(NdjsonFolderJob::deliveryFolderName(unchanged.id)));
        QCOMPARE(DestinationRepository(*f.db).get(destination.id)->watermarkPullId, unchanged.id);

        // A pull settling while the exporter runs is delivered too.
        const Pull later = f.settledPull(resources(QStringLiteral("Observation"), 50, 52, "a"));
        exporter.pullSettled(later.id);
        QTRY_COMPARE_WITH_TIMEOUT(f.countWithStatus(destination.id, DeliveryStatus::Delivered), 3,
                                  15000);
        bool duplicates = true;
        QCOMPARE(readDeliveryFolder(out.filePath(NdjsonFolderJob::deliveryFolderName(later.id)),
                                    &duplicates)
                     .size(),
                 3);
        QVERIFY(!duplicates);
        exporter.stop();
    }

    void fhirServerRecoversAfterRetry_data() {
        QTest::addColumn<Backend>("backend");
        QTest::addColumn<QString>("bundleType");
        QTest::newRow("sqlite-batch") << Backend::Sqlite << QStringLiteral("batch");
        QTest::newRow("sqlite-transaction") << Backend::Sqlite << QStringLiteral("transaction");
        QTest::newRow("postgresql-batch") << Backend::Postgres << QStringLiteral("batch");
    }
    void fhirServerRecoversAfterRetry() {
        QFETCH(Backend, backend);
        QFETCH(QString, bundleType);
        SandboxHost host;
        QString error;
        QVERIFY2(host.start(&error), qPrintable(error));
        const QString admin = host.info().adminUrl.toString();
        const QUrl base = host.info().destinations.first().second;
        http("DELETE", QUrl(admin + QStringLiteral("/destinations/warehouse")));
        http("POST", QUrl(admin + QStringLiteral("/destinations/warehouse/fail")));

        Fixture f(backend);
        const Pull p1 = f.settledPull(resources(QStringLiteral("Observation"), 1, 23, "a") +
                                      resources(QStringLiteral("Condition"), 1, 4, "a"));
        const Pull p2 = f.settledPull(resources(QStringLiteral("Observation"), 20, 30, "b"));
        const QString token = QStringLiteral("tok-SECRET-4711");
        const ExportDestination destination =
            f.addDestination(QStringLiteral("warehouse"), DestinationKind::FhirServer,
                             {{QStringLiteral("baseUrl"), base.toString()},
                              {QStringLiteral("bundleType"), bundleType},
                              {QStringLiteral("chunkSize"), 7},
                              {QStringLiteral("auth"), QStringLiteral("bearer")},
                              {QStringLiteral("token"), token}});

        Exporter exporter(f.db, QStringLiteral("test"));
        exporter.setPollInterval(50);
        exporter.setBackoffSchedule({1}); // one automatic retry, then a person
        exporter.start();
        QTRY_COMPARE_WITH_TIMEOUT(f.countWithStatus(destination.id, DeliveryStatus::Failed), 2,
                                  15000);
        for (const Delivery &delivery : f.deliveries(destination.id)) {
            QCOMPARE(delivery.attempts, 2);
            QCOMPARE(delivery.httpStatus, 503);
            QVERIFY2(delivery.lastError.contains(QLatin1String("503")),
                     qPrintable(delivery.lastError));
            QVERIFY(!delivery.lastError.contains(token));
        }
        // The export failed; the patient's connection and pulls did not.
        QCOMPARE(ConnectionRepository(*f.db).get(f.connection.id)->state, ConnectionState::Active);
        for (const Pull &pull : {p1, p2}) {
            const Pull stored = *PullRepository(*f.db).get(pull.id);
            QCOMPARE(stored.status, PullStatus::Succeeded);
            QVERIFY(!stored.failureKind);
        }
        QCOMPARE(DestinationRepository(*f.db).get(destination.id)->watermarkPullId, 0);

        http("POST", QUrl(admin + QStringLiteral("/destinations/warehouse/succeed")));
        exporter.retryAllFailed(destination.id);
        QTRY_COMPARE_WITH_TIMEOUT(f.countWithStatus(destination.id, DeliveryStatus::Delivered), 2,
                                  15000);
        QCOMPARE(DestinationRepository(*f.db).get(destination.id)->watermarkPullId, p2.id);

        const QJsonObject held = parsed(
            http("GET", QUrl(admin + QStringLiteral("/destinations/warehouse?resources=1"))));
        const QMap<QString, QByteArray> source = f.allStored();
        QStringList heldKeys;
        for (const QJsonValue &key : held.value(QStringLiteral("resources")).toArray())
            heldKeys.append(key.toString());
        QCOMPARE(heldKeys, source.keys());
        for (auto it = source.cbegin(); it != source.cend(); ++it)
            QCOMPARE(parsed(http("GET", QUrl(base.toString() + QLatin1Char('/') + it.key()))),
                     parsed(it.value()));
        exporter.stop();
    }

    void webhookEventsAreSignedAndDeduplicable() {
        Fixture f(Backend::Sqlite);
        const Pull pull = f.settledPull(resources(QStringLiteral("Observation"), 1, 12, "a") +
                                        resources(QStringLiteral("Condition"), 1, 3, "a"));
        int answered = 0;
        HttpReceiver receiver([&](const HttpReceiver::Request &) {
            // The first attempt fails, so the retry shows the event id is stable.
            return answered++ == 0 ? HttpReceiver::Response{500, "try later"}
                                   : HttpReceiver::Response{202, "{}"};
        });
        const QByteArray secret = "whsec-correct-horse";
        const ExportDestination inlineHook = f.addDestination(
            QStringLiteral("hook"), DestinationKind::Webhook,
            {{QStringLiteral("url"), receiver.url(QStringLiteral("/hook")).toString()},
             {QStringLiteral("secret"), QString::fromLatin1(secret)},
             {QStringLiteral("payload"), QStringLiteral("inline")}});

        Exporter exporter(f.db, QStringLiteral("test"));
        exporter.setPollInterval(50);
        exporter.setBackoffSchedule({0});
        exporter.start();
        QTRY_COMPARE_WITH_TIMEOUT(f.countWithStatus(inlineHook.id, DeliveryStatus::Delivered), 1,
                                  15000);
        QCOMPARE(receiver.requests().size(), 2);
        QCOMPARE(f.deliveries(inlineHook.id).first().attempts, 2);
        const HttpReceiver::Request &first = receiver.requests().at(0);
        const HttpReceiver::Request &second = receiver.requests().at(1);
        QCOMPARE(first.headers.value("x-medpull-event-id"),
                 second.headers.value("x-medpull-event-id"));
        QCOMPARE(second.headers.value("x-medpull-event"), QByteArray("pull.settled"));
        for (const HttpReceiver::Request &request : receiver.requests()) {
            // Verified with Qt's own HMAC, independent of the signing code.
            const QByteArray expected =
                "sha256=" +
                QMessageAuthenticationCode::hash(request.body, secret, QCryptographicHash::Sha256)
                    .toHex();
            QCOMPARE(request.headers.value("x-medpull-signature"), expected);
            QVERIFY(WebhookSignature::verify(request.body, secret, expected));
            QVERIFY(!WebhookSignature::verify(request.body + ' ', secret, expected));
            QVERIFY(!WebhookSignature::verify(request.body, "wrong", expected));
        }
        const QJsonObject event = parsed(second.body);
        QCOMPARE(event.value(QStringLiteral("type")).toString(), QStringLiteral("pull.settled"));
        QCOMPARE(event.value(QStringLiteral("id")).toString().toLatin1(),
                 second.headers.value("x-medpull-event-id"));
        QCOMPARE(event.value(QStringLiteral("patient"))[QStringLiteral("displayName")].toString(),
                 QStringLiteral("Ada Lovelace"));
        QCOMPARE(event.value(QStringLiteral("pull"))[QStringLiteral("id")].toInteger(), pull.id);
        QCOMPARE(event.value(QStringLiteral("counts"))[QStringLiteral("Observation")].toInt(), 12);
        QCOMPARE(event.value(QStringLiteral("total")).toInt(), 15);
        const QJsonObject ndjson = event.value(QStringLiteral("ndjson")).toObject();
        QCOMPARE(ndjson.value(QStringLiteral("Observation")).toString().count(QLatin1Char('\n')),
                 12);
        QCOMPARE(ndjson.value(QStringLiteral("Condition")).toString().count(QLatin1Char('\n')), 3);

        // A link instead of the data, when so configured.
        const ExportDestination linkHook = f.addDestination(
            QStringLiteral("hook-link"), DestinationKind::Webhook,
            {{QStringLiteral("url"), receiver.url(QStringLiteral("/link")).toString()},
             {QStringLiteral("secret"), QStringLiteral("other")},
             {QStringLiteral("linkTemplate"),
              QStringLiteral("https://files.example/{destination}/{pull}")}});
        QTRY_COMPARE_WITH_TIMEOUT(f.countWithStatus(linkHook.id, DeliveryStatus::Delivered), 1,
                                  15000);
        const QJsonObject linkEvent = parsed(receiver.requests().last().body);
        QCOMPARE(linkEvent.value(QStringLiteral("link")).toString(),
                 QStringLiteral("https://files.example/%1/%2").arg(linkHook.id).arg(pull.id));
        QVERIFY(!linkEvent.contains(QStringLiteral("ndjson")));
        QVERIFY(linkEvent.value(QStringLiteral("id")) != event.value(QStringLiteral("id")));
        exporter.stop();
    }

    void killedMidDeliveryResumes_data() { addBackendRows(); }
    void killedMidDeliveryResumes() {
        QFETCH(Backend, backend);
        Fixture f(backend);
        f.settledPull(resources(QStringLiteral("Observation"), 1, 30, "a") +
                      resources(QStringLiteral("Condition"), 1, 10, "a"));

        // A FHIR endpoint that stores what it receives by key, and leaves the
        // third Bundle unanswered once, after storing it.
        QMap<QString, QJsonObject> held;
        int bundles = 0;
        bool hanging = false;
        HttpReceiver receiver([&](const HttpReceiver::Request &request) {
            const QJsonArray entries =
                parsed(request.body).value(QStringLiteral("entry")).toArray();
            for (const QJsonValue &entry : entries)
                held.insert(entry[QStringLiteral("request")][QStringLiteral("url")].toString(),
                            entry[QStringLiteral("resource")].toObject());
            if (++bundles == 3) {
                hanging = true;
                return HttpReceiver::Response{200, {}, "application/fhir+json", true};
            }
            return HttpReceiver::Response{200, batchResponse(int(entries.size())),
                                          "application/fhir+json"};
        });
        const ExportDestination destination = f.addDestination(
            QStringLiteral("fhir"), DestinationKind::FhirServer,
            {{QStringLiteral("baseUrl"), receiver.url(QStringLiteral("/fhir")).toString()},
             {QStringLiteral("chunkSize"), 5}});

        QProcess worker;
        worker.setProcessChannelMode(QProcess::ForwardedChannels);
        worker.start(QStringLiteral(MEDPULL_EXPORT_WORKER),
                     {f.location, QStringLiteral("worker-1"), QStringLiteral("2")});
        QVERIFY(worker.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(hanging, 20000);
        const Delivery midway = f.deliveries(destination.id).first();
        QCOMPARE(midway.status, DeliveryStatus::Delivering);
        QCOMPARE(midway.leaseOwner, QStringLiteral("worker-1"));
        worker.kill(); // SIGKILL: no chance to hand anything back
        QVERIFY(worker.waitForFinished());
        QCOMPARE(held.size(), 15);

        Exporter resumer(f.db, QStringLiteral("resumer"));
        resumer.setPollInterval(100);
        resumer.setLeaseSeconds(2);
        resumer.start();
        QTRY_COMPARE_WITH_TIMEOUT(f.countWithStatus(destination.id, DeliveryStatus::Delivered), 1,
                                  20000);
        const Delivery done = f.deliveries(destination.id).first();
        QCOMPARE(done.attempts, 2);
        QCOMPARE(bundles, 3 + 8);

        // Nothing lost, nothing doubled: the endpoint holds exactly the source.
        const QMap<QString, QByteArray> source = f.allStored();
        QCOMPARE(held.keys(), source.keys());
        for (auto it = source.cbegin(); it != source.cend(); ++it)
            QCOMPARE(held.value(it.key()), parsed(it.value()));
        resumer.stop();
    }

    void disabledDestinationsReceiveNothing_data() { addBackendRows(); }
    void disabledDestinationsReceiveNothing() {
        QFETCH(Backend, backend);
        Fixture f(backend);
        const Pull p1 = f.settledPull(resources(QStringLiteral("Observation"), 1, 5, "a"));
        const Pull p2 = f.settledPull(resources(QStringLiteral("Condition"), 1, 5, "a"));
        QDir a(f.dir.filePath(QStringLiteral("a")));
        QDir b(f.dir.filePath(QStringLiteral("b")));
        QVERIFY(a.mkpath(QStringLiteral(".")) && b.mkpath(QStringLiteral(".")));
        const ExportDestination on =
            f.addDestination(QStringLiteral("on"), DestinationKind::NdjsonFolder,
                             {{QStringLiteral("path"), a.absolutePath()}});
        const ExportDestination off =
            f.addDestination(QStringLiteral("off"), DestinationKind::NdjsonFolder,
                             {{QStringLiteral("path"), b.absolutePath()}}, false);

        Exporter exporter(f.db, QStringLiteral("test"));
        exporter.setPollInterval(50);
        exporter.start();
        QTRY_COMPARE_WITH_TIMEOUT(f.countWithStatus(on.id, DeliveryStatus::Delivered), 2, 15000);
        QTest::qWait(300);
        QVERIFY(f.deliveries(off.id).isEmpty());
        QVERIFY(b.isEmpty());
        QCOMPARE(DestinationRepository(*f.db).get(off.id)->watermarkPullId, 0);

        // Re-enabled, it catches up from its watermark.
        DestinationRepository(*f.db).setEnabled(off.id, true);
        QTRY_COMPARE_WITH_TIMEOUT(f.countWithStatus(off.id, DeliveryStatus::Delivered), 2, 15000);
        QVERIFY(b.exists(NdjsonFolderJob::deliveryFolderName(p1.id)));
        QVERIFY(b.exists(NdjsonFolderJob::deliveryFolderName(p2.id)));
        QCOMPARE(DestinationRepository(*f.db).get(off.id)->watermarkPullId, p2.id);

        // And a destination disabled now misses the next pull while disabled.
        DestinationRepository(*f.db).setEnabled(on.id, false);
        const Pull p3 = f.settledPull(resources(QStringLiteral("Observation"), 6, 7, "a"));
        exporter.pullSettled(p3.id);
        QTRY_COMPARE_WITH_TIMEOUT(f.countWithStatus(off.id, DeliveryStatus::Delivered), 3, 15000);
        QTest::qWait(300);
        QCOMPARE(f.deliveries(on.id).size(), 2);
        QVERIFY(!a.exists(NdjsonFolderJob::deliveryFolderName(p3.id)));
        exporter.stop();
    }

    void stopHandsDeliveriesBack() {
        Fixture f(Backend::Sqlite);
        f.settledPull(resources(QStringLiteral("Observation"), 1, 3, "a"));
        HttpReceiver receiver([](const HttpReceiver::Request &) {
            return HttpReceiver::Response{200, {}, "application/json", true};
        });
        const ExportDestination destination =
            f.addDestination(QStringLiteral("slow"), DestinationKind::Webhook,
                             {{QStringLiteral("url"), receiver.url().toString()},
                              {QStringLiteral("secret"), QStringLiteral("s")}});
        Exporter exporter(f.db, QStringLiteral("test"));
        exporter.setPollInterval(50);
        exporter.start();
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests().size(), 1, 15000);
        QCOMPARE(f.deliveries(destination.id).first().status, DeliveryStatus::Delivering);
        exporter.stop();
        const Delivery handedBack = f.deliveries(destination.id).first();
        QCOMPARE(handedBack.status, DeliveryStatus::Pending);
        QCOMPARE(handedBack.attempts, 0);
        QVERIFY(handedBack.leaseOwner.isEmpty());
    }

    // Support staff retry a delivery that waits for its automatic retry: it
    // is sent at once, the engine says how many it retried, and when it
    // fails again the automatic retry keeps its time and its count.
    void manualRetryRunsNowAndKeepsTheSchedule() {
        Fixture f(Backend::Sqlite);
        f.settledPull(resources(QStringLiteral("Observation"), 1, 3, "a"));
        int answer = 503;
        HttpReceiver hook([&](const HttpReceiver::Request &) {
            return HttpReceiver::Response{answer, "{}"};
        });
        const ExportDestination destination =
            f.addDestination(QStringLiteral("hook"), DestinationKind::Webhook,
                             {{QStringLiteral("url"), hook.url().toString()},
                              {QStringLiteral("secret"), QStringLiteral("s")}});
        Exporter exporter(f.db, QStringLiteral("test"));
        exporter.setPollInterval(50);
        exporter.start();
        const auto delivery = [&] {
            return f.deliveries(destination.id).value(0);
        };
        QTRY_VERIFY_WITH_TIMEOUT(delivery().retryable(), 15000);
        const Delivery scheduled = delivery();
        QCOMPARE(scheduled.attempts, 1);
        QVERIFY(scheduled.nextAttemptAt > QDateTime::currentDateTimeUtc().addSecs(30));
        QCOMPARE(hook.requests().size(), 1);

        Engine engine(commandEngineOptions(f.location));
        QSignalSpy started(&engine, &Engine::started);
        engine.start();
        QVERIFY(started.wait(30000));
        QVERIFY2(started.first().at(0).toBool(), qPrintable(started.first().at(1).toString()));
        QSignalSpy retried(&engine, &Engine::deliveriesRetried);
        engine.retryDelivery(scheduled.id);
        QVERIFY(retried.wait(15000));
        QCOMPARE(retried.first().at(0).toLongLong(), destination.id);
        QCOMPARE(retried.first().at(1).toInt(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(hook.requests().size(), 2, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(
            delivery().status == DeliveryStatus::Pending && delivery().leaseOwner.isEmpty(), 15000);
        QCOMPARE(delivery().nextAttemptAt, scheduled.nextAttemptAt);
        QCOMPARE(delivery().attempts, 1);
        QVERIFY(delivery().retryable());

        // The destination answers again: Retry all failed sends it now.
        answer = 200;
        engine.retryAllFailedDeliveries(destination.id);
        QVERIFY(retried.wait(15000));
        QCOMPARE(retried.last().at(1).toInt(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(delivery().status, DeliveryStatus::Delivered, 15000);
        QCOMPARE(hook.requests().size(), 3);
        exporter.stop();
    }

    void secretsAreSealedAtRest_data() { addBackendRows(); }
    void secretsAreSealedAtRest() {
        QFETCH(Backend, backend);
        Fixture f(backend);
        f.settledPull(resources(QStringLiteral("Observation"), 1, 4, "a"));
        const QByteArray token = "tok-AT-REST-1234";
        const QByteArray hookSecret = "whsec-AT-REST-5678";
        HttpReceiver fhir(fhirRequiring(token));
        HttpReceiver hook([](const HttpReceiver::Request &) {
            return HttpReceiver::Response{202, "{}"};
        });

        // Saved the way the dashboard saves: through the engine, tested, then
        // stored.
        Engine engine(commandEngineOptions(f.location));
        QSignalSpy started(&engine, &Engine::started);
        engine.start();
        QVERIFY(started.wait(30000));
        QVERIFY2(started.first().at(0).toBool(), qPrintable(started.first().at(1).toString()));
        QSignalSpy added(&engine, &Engine::destinationAdded);
        QSignalSpy changed(&engine, &Engine::destinationChanged);
        QSignalSpy tested(&engine, &Engine::destinationTested);
        ExportDestination warehouse;
        warehouse.name = QStringLiteral("warehouse");
        warehouse.kind = DestinationKind::FhirServer;
        warehouse.config = {
            {QStringLiteral("baseUrl"), fhir.url(QStringLiteral("/fhir")).toString()},
            {QStringLiteral("auth"), QStringLiteral("bearer")},
            {QStringLiteral("token"), QString::fromLatin1(token)}};
        engine.saveDestination(warehouse);
        QVERIFY(added.wait(15000));
        ExportDestination signedHook;
        signedHook.name = QStringLiteral("hook");
        signedHook.kind = DestinationKind::Webhook;
        signedHook.config = {{QStringLiteral("url"), hook.url(QStringLiteral("/hook")).toString()},
                             {QStringLiteral("secret"), QString::fromLatin1(hookSecret)}};
        engine.saveDestination(signedHook);
        QVERIFY(added.wait(15000));
        warehouse = added.at(0).at(0).value<ExportDestination>();
        signedHook = added.at(1).at(0).value<ExportDestination>();

        const auto secretFree = [&](const QByteArray &text) {
            return !text.contains(token) && !text.contains(hookSecret);
        };
        for (qint64 id : {warehouse.id, signedHook.id}) {
            const QByteArray raw = rawConfig(*f.db, id);
            QVERIFY2(secretFree(raw), raw.constData());
            QVERIFY2(raw.contains("ciphertext"), raw.constData());
        }
        QVERIFY(rawConfig(*f.db, warehouse.id).contains("/fhir"));
        QVERIFY(secretFree(QJsonDocument(warehouse.config).toJson()));
        QCOMPARE(DestinationConfig::redacted(DestinationRepository(*f.db).get(warehouse.id)->config)
                     .value(QStringLiteral("token"))
                     .toString(),
                 QStringLiteral("********"));
        // Edited as the dialog sends it: the token field left empty keeps the
        // stored token (the connection test passes only with it).
        ExportDestination edited = warehouse;
        edited.config = {{QStringLiteral("baseUrl"), fhir.url(QStringLiteral("/fhir")).toString()},
                         {QStringLiteral("auth"), QStringLiteral("bearer")},
                         {QStringLiteral("chunkSize"), 2}};
        engine.saveDestination(edited);
        QVERIFY(changed.wait(15000));
        QVERIFY(tested.last().at(1).toBool());
        QVERIFY(secretFree(
            QJsonDocument(changed.last().at(0).value<ExportDestination>().config).toJson()));
        QVERIFY(rawConfig(*f.db, warehouse.id).contains("chunkSize"));
        QVERIFY(secretFree(rawConfig(*f.db, warehouse.id)));

        Exporter exporter(f.db, QStringLiteral("test"));
        exporter.setPollInterval(50);
        exporter.start();
        QTRY_COMPARE_WITH_TIMEOUT(f.countWithStatus(warehouse.id, DeliveryStatus::Delivered), 1,
                                  15000);
        QTRY_COMPARE_WITH_TIMEOUT(f.countWithStatus(signedHook.id, DeliveryStatus::Delivered), 1,
                                  15000);
        int bundles = 0;
        for (const HttpReceiver::Request &request : fhir.requests()) {
            QCOMPARE(request.headers.value("authorization"), "Bearer " + token);
            bundles += request.method == "POST" ? 1 : 0;
        }
        QCOMPARE(bundles, 2);                // 4 resources, 2 a Bundle: the edit took effect
        QCOMPARE(hook.requests().size(), 2); // the connection test's ping, then the event
        for (const HttpReceiver::Request &request : hook.requests())
            QVERIFY(signatureHolds(request, hookSecret));
        exporter.stop();
    }

    void plainSecretsOfAnEarlierBuildAreSealed() {
        Fixture f(Backend::Sqlite);
        f.settledPull(resources(QStringLiteral("Observation"), 1, 3, "a"));
        const QByteArray token = "tok-LEGACY-1111";
        const QByteArray hookSecret = "whsec-LEGACY-2222";
        HttpReceiver fhir(fhirRequiring(token));
        HttpReceiver hook([](const HttpReceiver::Request &) {
            return HttpReceiver::Response{202, "{}"};
        });
        // Written straight through the repository, as the earlier build did.
        const ExportDestination warehouse = f.addDestination(
            QStringLiteral("warehouse"), DestinationKind::FhirServer,
            {{QStringLiteral("baseUrl"), fhir.url(QStringLiteral("/fhir")).toString()},
             {QStringLiteral("auth"), QStringLiteral("bearer")},
             {QStringLiteral("token"), QString::fromLatin1(token)}});
        const ExportDestination signedHook =
            f.addDestination(QStringLiteral("hook"), DestinationKind::Webhook,
                             {{QStringLiteral("url"), hook.url().toString()},
                              {QStringLiteral("secret"), QString::fromLatin1(hookSecret)}});
        QVERIFY(rawConfig(*f.db, warehouse.id).contains(token));

        Exporter exporter(f.db, QStringLiteral("test"));
        exporter.setPollInterval(50);
        exporter.start();
        QTRY_COMPARE_WITH_TIMEOUT(f.countWithStatus(warehouse.id, DeliveryStatus::Delivered), 1,
                                  15000);
        QTRY_COMPARE_WITH_TIMEOUT(f.countWithStatus(signedHook.id, DeliveryStatus::Delivered), 1,
                                  15000);
        QCOMPARE(fhir.requests().size(), 1);
        QCOMPARE(fhir.requests().first().headers.value("authorization"), "Bearer " + token);
        QCOMPARE(hook.requests().size(), 1);
        QVERIFY(signatureHolds(hook.requests().first(), hookSecret));
        exporter.stop();

        // Sealed now, with the key every medpull process of this database opens.
        const std::unique_ptr<TokenVault> vault = openVault(f.location);
        QVERIFY(vault->isReady());
        for (const auto &[id, secret] :
             {std::pair{warehouse.id, token}, std::pair{signedHook.id, hookSecret}}) {
            const QByteArray raw = rawConfig(*f.db, id);
            QVERIFY2(!raw.contains(secret), raw.constData());
            QVERIFY2(raw.contains("ciphertext"), raw.constData());
            const std::optional<QJsonObject> opened = DestinationSecrets::unseal(
                DestinationRepository(*f.db).get(id)->config, vault.get(), nullptr);
            QVERIFY(opened);
            QVERIFY(QJsonDocument(*opened).toJson().contains(secret));
        }
    }

    void secretOfAnotherKeyFailsClearly() {
        Fixture f(Backend::Sqlite);
        f.settledPull(resources(QStringLiteral("Observation"), 1, 3, "a"));
        const QByteArray token = "tok-OTHER-KEY-3333";
        HttpReceiver fhir(fhirRequiring(token));
        // Sealed with a key this database's key file does not hold (a lost
        // key file, a database copied without it).
        const std::unique_ptr<TokenVault> otherVault =
            openVault(f.dir.filePath(QStringLiteral("elsewhere.sqlite")));
        QVERIFY(otherVault->isReady());
        const ExportDestination warehouse = f.addDestination(
            QStringLiteral("warehouse"), DestinationKind::FhirServer,
            DestinationSecrets::seal(
                {{QStringLiteral("baseUrl"), fhir.url(QStringLiteral("/fhir")).toString()},
                 {QStringLiteral("auth"), QStringLiteral("bearer")},
                 {QStringLiteral("token"), QString::fromLatin1(token)}},
                *otherVault));

        Exporter exporter(f.db, QStringLiteral("test"));
        exporter.setPollInterval(50);
        exporter.start();
        QTRY_COMPARE_WITH_TIMEOUT(f.countWithStatus(warehouse.id, DeliveryStatus::Failed), 1,
                                  15000);
        QCOMPARE(f.deliveries(warehouse.id).first().lastError,
                 QStringLiteral("destination secret cannot be decrypted: re-enter it"));
        QVERIFY(fhir.requests().isEmpty()); // nothing went out unauthenticated
        // The row is left as it was, for a key file that turns up again.
        QVERIFY(rawConfig(*f.db, warehouse.id).contains(otherVault->keyId().toLatin1()));

        // The dashboard's engine does not start without the key, and says how
        // to restore it: a re-entered token is never sealed with a new key
        // while the database names the old one.
        {
            Engine engine(commandEngineOptions(f.location));
            QSignalSpy started(&engine, &Engine::started);
            engine.start();
            QVERIFY(started.wait(30000));
            QCOMPARE(started.first().at(0).toBool(), false);
            QVERIFY2(started.first().at(1).toString().contains(QStringLiteral("key import")),
                     qPrintable(started.first().at(1).toString()));
        }
        QVERIFY(rawConfig(*f.db, warehouse.id).contains(otherVault->keyId().toLatin1()));
        exporter.stop();

        // The key file put back (as `medpull-cli key import` does), the
        // delivery goes out with the secret as it was stored.
        QVERIFY(QFile::copy(otherVault->keyFilePath(), f.location + QStringLiteral(".key")));
        Exporter restored(f.db, QStringLiteral("test"));
        restored.setPollInterval(50);
        restored.start();
        restored.retryAllFailed(warehouse.id);
        QTRY_COMPARE_WITH_TIMEOUT(f.countWithStatus(warehouse.id, DeliveryStatus::Delivered), 1,
                                  15000);
        QVERIFY(!fhir.requests().isEmpty());
        restored.stop();
    }

    void deletionsReachEveryReceiver_data() { addBackendRows(); }
    void deletionsReachEveryReceiver() {
        QFETCH(Backend, backend);
        Fixture f(backend);
        f.settledPull(resources(QStringLiteral("Observation"), 1, 5, "a") +
                      resources(QStringLiteral("Condition"), 1, 2, "a"));
        QDir out(f.dir.filePath(QStringLiteral("ndjson")));
        QVERIFY(out.mkpath(QStringLiteral(".")));
        // A FHIR server that holds what it is sent by key and removes what it
        // is told to delete (404 for what it does not hold).
        QMap<QString, QJsonObject> held;
        HttpReceiver fhir([&](const HttpReceiver::Request &request) {
            QJsonArray answers;
            for (const QJsonValue &entry :
                 parsed(request.body).value(QStringLiteral("entry")).toArray()) {
                const QJsonObject call = entry[QStringLiteral("request")].toObject();
                const QString url = call.value(QStringLiteral("url")).toString();
                QString status = QStringLiteral("200 OK");
                if (call.value(QStringLiteral("method")).toString() == QLatin1String("DELETE"))
                    status = held.remove(url) ? QStringLiteral("204 No Content")
                                              : QStringLiteral("404 Not Found");
                else
                    held.insert(url, entry[QStringLiteral("resource")].toObject());
                answers.append(QJsonObject{
                    {QStringLiteral("response"), QJsonObject{{QStringLiteral("status"), status}}}});
            }
            const QJsonObject reply{{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
                                    {QStringLiteral("type"), QStringLiteral("batch-response")},
                                    {QStringLiteral("entry"), answers}};
            return HttpReceiver::Response{200, QJsonDocument(reply).toJson(QJsonDocument::Compact),
                                          "application/fhir+json"};
        });
        QList<QJsonObject> events;
        HttpReceiver hook([&](const HttpReceiver::Request &request) {
            events.append(parsed(request.body));
            return HttpReceiver::Response{202, "{}"};
        });
        const ExportDestination folderDestination =
            f.addDestination(QStringLiteral("folder"), DestinationKind::NdjsonFolder,
                             {{QStringLiteral("path"), out.absolutePath()}});
        const ExportDestination fhirDestination = f.addDestination(
            QStringLiteral("fhir"), DestinationKind::FhirServer,
            {{QStringLiteral("baseUrl"), fhir.url(QStringLiteral("/fhir")).toString()},
             {QStringLiteral("chunkSize"), 3}});
        const ExportDestination hookDestination =
            f.addDestination(QStringLiteral("hook"), DestinationKind::Webhook,
                             {{QStringLiteral("url"), hook.url().toString()},
                              {QStringLiteral("secret"), QStringLiteral("s")}});
        const auto allDelivered = [&](int count) {
            for (const ExportDestination &d :
                 {folderDestination, fhirDestination, hookDestination}) {
                if (f.countWithStatus(d.id, DeliveryStatus::Delivered) != count)
                    return false;
            }
            return true;
        };

        Exporter exporter(f.db, QStringLiteral("test"));
        exporter.setPollInterval(50);
        exporter.start();
        QTRY_VERIFY_WITH_TIMEOUT(allDelivered(1), 15000);
        QCOMPARE(held.size(), 7);

        // A complete full search of Observation no longer finds obs-4 and
        // obs-5: the pull marks them deleted, as the pull runner does.
        PullRepository pulls(*f.db);
        const Pull full = pulls.enqueue(f.connection.id, PullTrigger::Scheduled);
        {
            Transaction transaction(*f.db);
            ResourceRepository repository(*f.db);
            repository.store(f.connection.id, full.id,
                             resources(QStringLiteral("Observation"), 1, 3, "a") +
                                 resources(QStringLiteral("Observation"), 6, 6, "a"));
            QCOMPARE(repository.markUnseenDeleted(f.connection.id, QStringLiteral("Observation"),
                                                  full.id),
                     2);
            transaction.commit();
        }
        pulls.settle(full.id, PullStatus::Succeeded);
        exporter.pullSettled(full.id);
        QTRY_VERIFY_WITH_TIMEOUT(allDelivered(2), 15000);
        const QStringList gone{QStringLiteral("Observation/obs-4"),
                               QStringLiteral("Observation/obs-5")};

        // The folder: the new resource as data, the deletions as Bulk Data's
        // deleted file of transaction Bundles with DELETE entries.
        const QDir folder(out.filePath(NdjsonFolderJob::deliveryFolderName(full.id)));
        bool duplicates = true;
        QCOMPARE(readDeliveryFolder(folder, &duplicates).keys(),
                 QStringList{QStringLiteral("Observation/obs-6")});
        QVERIFY(!duplicates);
        QFile deletedFile(folder.filePath(QStringLiteral("deleted.ndjson")));
        QVERIFY(deletedFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = deletedFile.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        const QJsonObject bundle = parsed(lines.first());
        QCOMPARE(bundle.value(QStringLiteral("resourceType")).toString(), QStringLiteral("Bundle"));
        QCOMPARE(bundle.value(QStringLiteral("type")).toString(), QStringLiteral("transaction"));
        QStringList deletedUrls;
        for (const QJsonValue &entry : bundle.value(QStringLiteral("entry")).toArray()) {
            QCOMPARE(entry[QStringLiteral("request")][QStringLiteral("method")].toString(),
                     QStringLiteral("DELETE"));
            deletedUrls.append(entry[QStringLiteral("request")][QStringLiteral("url")].toString());
        }
        QCOMPARE(deletedUrls, gone);
        QFile manifestFile(folder.filePath(QStringLiteral("manifest.json")));
        QVERIFY(manifestFile.open(QIODevice::ReadOnly));
        const QJsonObject manifest = parsed(manifestFile.readAll());
        const QJsonObject deletedEntry = manifest.value(QStringLiteral("deleted"))[0].toObject();
        QCOMPARE(deletedEntry.value(QStringLiteral("file")).toString(),
                 QStringLiteral("deleted.ndjson"));
        QCOMPARE(deletedEntry.value(QStringLiteral("count")).toInt(), 2);
        QCOMPARE(
            manifest.value(QStringLiteral("deletedCounts"))[QStringLiteral("Observation")].toInt(),
            2);

        // The FHIR server holds exactly what the source still has.
        QCOMPARE(held.keys(), f.allStored().keys());

        // The webhook event of that pull names them; the first named none.
        QCOMPARE(events.size(), 2);
        QVERIFY(events.at(0).value(QStringLiteral("deleted")).toArray().isEmpty());
        QStringList announced;
        for (const QJsonValue &reference : events.at(1).value(QStringLiteral("deleted")).toArray())
            announced.append(reference.toString());
        QCOMPARE(announced, gone);

        // One the source returns again, unchanged, reaches every receiver again.
        const Pull back = f.settledPull(resources(QStringLiteral("Observation"), 4, 4, "a"));
        exporter.pullSettled(back.id);
        QTRY_VERIFY_WITH_TIMEOUT(allDelivered(3), 15000);
        QCOMPARE(readDeliveryFolder(out.filePath(NdjsonFolderJob::deliveryFolderName(back.id)),
                                    &duplicates)
                     .keys(),
                 QStringList{QStringLiteral("Observation/obs-4")});
        QVERIFY(!QFile::exists(out.filePath(NdjsonFolderJob::deliveryFolderName(back.id) +
                                            QStringLiteral("/deleted.ndjson"))));
        QCOMPARE(held.keys(), f.allStored().keys());
        QVERIFY(held.contains(QStringLiteral("Observation/obs-4")));
        QVERIFY(events.at(2).value(QStringLiteral("deleted")).toArray().isEmpty());
        exporter.stop();
    }

    void hangingDestinationHoldsOneSlot() {
        Fixture f(Backend::Sqlite);
        f.settledPull(resources(QStringLiteral("Observation"), 1, 3, "a"));
        f.settledPull(resources(QStringLiteral("Condition"), 1, 2, "a"));
        HttpReceiver stuck([](const HttpReceiver::Request &) {
            return HttpReceiver::Response{200, {}, "application/json", true};
        });
        HttpReceiver healthy([](const HttpReceiver::Request &) {
            return HttpReceiver::Response{202, "{}"};
        });
        // Added first, so its deliveries come first in the queue.
        const ExportDestination hanging =
            f.addDestination(QStringLiteral("hanging"), DestinationKind::Webhook,
                             {{QStringLiteral("url"), stuck.url().toString()},
                              {QStringLiteral("secret"), QStringLiteral("s")}});
        const ExportDestination flowing =
            f.addDestination(QStringLiteral("flowing"), DestinationKind::Webhook,
                             {{QStringLiteral("url"), healthy.url().toString()},
                              {QStringLiteral("secret"), QStringLiteral("s")}});

        Exporter exporter(f.db, QStringLiteral("test"));
        exporter.setPollInterval(50);
        exporter.start();
        // Both slots would be the hanging destination's without the cap, for
        // its whole 60 s timeout.
        QTRY_COMPARE_WITH_TIMEOUT(f.countWithStatus(flowing.id, DeliveryStatus::Delivered), 2,
                                  15000);
        QCOMPARE(healthy.requests().size(), 2);
        QCOMPARE(stuck.requests().size(), 1);
        QCOMPARE(f.countWithStatus(hanging.id, DeliveryStatus::Delivering), 1);
        QCOMPARE(f.countWithStatus(hanging.id, DeliveryStatus::Pending), 1);
        exporter.stop();
    }

    void connectionTest_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("what");
        QTest::addColumn<bool>("ok");
        QTest::newRow("folder") << "ndjson_folder"
                                << "folder" << true;
        QTest::newRow("missing folder") << "ndjson_folder"
                                        << "missing" << false;
        QTest::newRow("sandbox fhir") << "fhir_server"
                                      << "sandbox" << true;
        QTest::newRow("sandbox fhir failing") << "fhir_server"
                                              << "sandbox-failing" << false;
        QTest::newRow("fhir rejects token") << "fhir_server"
                                            << "401" << false;
        QTest::newRow("fhir over plain http elsewhere") << "fhir_server"
                                                        << "remote" << false;
        QTest::newRow("webhook") << "webhook"
                                 << "receiver" << true;
        QTest::newRow("webhook refuses") << "webhook"
                                         << "401" << false;
        QTest::newRow("webhook unreachable") << "webhook"
                                             << "closed" << false;
    }
    void connectionTest() {
        QFETCH(QString, kind);
        QFETCH(QString, what);
        QFETCH(bool, ok);
        QTemporaryDir dir;
        SandboxHost host;
        QVERIFY(host.start());
        const QString admin = host.info().adminUrl.toString();
        const QString secretToken = QStringLiteral("tok-never-shown");
        // Echoes the request's headers back, as a badly behaved server might.
        HttpReceiver receiver([&](const HttpReceiver::Request &request) {
            const int status = what == QLatin1String("401") ? 401 : 200;
            return HttpReceiver::Response{status, request.headers.value("authorization") + " " +
                                                      request.headers.value("x-medpull-signature")};
        });
        quint16 closedPort = 0;
        {
            QTcpServer closed;
            closed.listen(QHostAddress::LocalHost);
            closedPort = closed.serverPort();
        }

        ExportDestination destination;
        destination.name = QStringLiteral("probe");
        destination.kind = *fromName<DestinationKind>(kind);
        if (what == QLatin1String("folder"))
            destination.config = {{QStringLiteral("path"), dir.path()}};
        else if (what == QLatin1String("missing"))
            destination.config = {{QStringLiteral("path"), dir.filePath(QStringLiteral("nope"))}};
        else if (what.startsWith(QLatin1String("sandbox")))
            destination.config = {
                {QStringLiteral("baseUrl"), host.info().destinations.first().second.toString()}};
        else if (what == QLatin1String("remote"))
            destination.config = {{QStringLiteral("baseUrl"), "http://example.org/fhir"}};
        else if (kind == QLatin1String("fhir_server"))
            destination.config = {{QStringLiteral("baseUrl"), receiver.url("/fhir").toString()},
                                  {QStringLiteral("auth"), QStringLiteral("bearer")},
                                  {QStringLiteral("token"), secretToken}};
        else
            destination.config = {{QStringLiteral("url"),
                                   what == QLatin1String("closed")
                                       ? QStringLiteral("http://127.0.0.1:%1/hook").arg(closedPort)
                                       : receiver.url("/hook").toString()},
                                  {QStringLiteral("secret"), QStringLiteral("hook-secret")}};
        if (what == QLatin1String("sandbox-failing"))
            http("POST", QUrl(admin + QStringLiteral("/destinations/warehouse/fail")));

        QNetworkAccessManager network;
        DestinationTester tester(&network);
        QSignalSpy finished(&tester, &DestinationTester::finished);
        tester.test(destination);
        QVERIFY(finished.wait(15000));
        const QString message = finished.first().at(1).toString();
        QVERIFY2(finished.first().at(0).toBool() == ok, qPrintable(message));
        QVERIFY(!message.isEmpty());
        QVERIFY2(!message.contains(secretToken), qPrintable(message));
        QVERIFY2(!message.contains(QLatin1String("hook-secret")), qPrintable(message));
        // The folder probe leaves nothing behind.
        if (what == QLatin1String("folder"))
            QVERIFY(
                QDir(dir.path()).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot));
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
