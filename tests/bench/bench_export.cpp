// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Exporting one large pull to an NDJSON folder: the pull's resources are
// stored as a pull stores them, then an Exporter delivers the pull the way
// `medpull-cli destinations deliver` does. Prints resources/s and the time.
//   bench_export [--resources N] [--backend sqlite|postgresql|both]
#include "connectionrepository.h"
#include "database.h"
#include "destinationrepository.h"
#include "exporter.h"
#include "patientrepository.h"
#include "pgcluster.h"
#include "pullrepository.h"
#include "resourcerepository.h"
#include "sourcerepository.h"
#include "transaction.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace medpull;

namespace {

const QStringList types{QStringLiteral("Observation"), QStringLiteral("Condition"),
                        QStringLiteral("MedicationRequest"), QStringLiteral("Procedure"),
                        QStringLiteral("Encounter")};

// A resource of about 600 bytes, different per index.
QByteArray resourceJson(const QString &type, int index) {
    QByteArray json = QStringLiteral(R"({"resourceType":"%1","id":"r-%2","meta":{"versionId":"1",)"
                                     R"("lastUpdated":"2026-11-01T10:00:00Z"},"status":"final",)"
                                     R"("subject":{"reference":"Patient/p-1"},"note":[{"text":")")
                          .arg(type)
                          .arg(index)
                          .toUtf8();
    json.append(QByteArray(600 - json.size() - 4, 'x'));
    json.append("\"}]}");
    return json;
}

// A settled pull of `total` resources, spread over five types.
qint64 storePull(const Database &db, int total) {
    const Patient patient = PatientRepository(db).add(QStringLiteral("Bench"));
    Source source;
    source.name = QStringLiteral("bench");
    source.fhirBase = QUrl(QStringLiteral("http://127.0.0.1/fhir"));
    source.clientId = QStringLiteral("medpull");
    source = SourceRepository(db).add(source);
    const Connection connection =
        ConnectionRepository(db).add(patient.id, source.id, ConnectionState::Active);
    PullRepository pulls(db);
    const qint64 pull = pulls.enqueue(connection.id, PullTrigger::Manual).id;
    ResourceRepository resources(db);
    constexpr int pageSize = 500;
    for (int start = 0; start < total; start += pageSize) {
        QList<IncomingResource> page;
        for (int i = start; i < qMin(total, start + pageSize); ++i) {
            const QString &type = types.at(i % types.size());
            page.append({type, QStringLiteral("r-%1").arg(i), resourceJson(type, i)});
        }
        Transaction transaction(db);
        resources.store(connection.id, pull, page);
        transaction.commit();
    }
    pulls.settle(pull, PullStatus::Succeeded);
    return pull;
}

void run(const char *label, const QString &location, int total) {
    QTemporaryDir folder;
    std::shared_ptr<const Database> db = Database::open(location);
    QElapsedTimer timer;
    timer.start();
    const qint64 pull = storePull(*db, total);
    const double storeSeconds = timer.nsecsElapsed() / 1e9;

    ExportDestination destination;
    destination.name = QStringLiteral("folder");
    destination.kind = DestinationKind::NdjsonFolder;
    destination.config = QJsonObject{{QStringLiteral("path"), folder.path()}};
    DestinationRepository(*db).add(destination);

    Exporter exporter(db, QStringLiteral("bench"));
    exporter.setPollInterval(100);
    QEventLoop loop;
    QObject::connect(&exporter, &Exporter::deliveryChanged, &loop, [&](const Delivery &delivery) {
        if (delivery.status == DeliveryStatus::Delivered ||
            delivery.status == DeliveryStatus::Failed)
            loop.quit();
    });
    QTimer::singleShot(600 * 1000, &loop, &QEventLoop::quit);
    timer.restart();
    exporter.start();
    loop.exec();
    const double exportSeconds = timer.nsecsElapsed() / 1e9;
    exporter.stop();

    QFile manifest(
        QDir(folder.path())
            .filePath(QStringLiteral("pull-%1/manifest.json").arg(pull, 8, 10, QLatin1Char('0'))));
    const qint64 exported =
        manifest.open(QIODevice::ReadOnly)
            ? QJsonDocument::fromJson(manifest.readAll())[QStringLiteral("total")].toInteger()
            : -1;
    std::printf("%-10s %8d resources stored in %6.1f s; exported %8lld to an NDJSON folder in "
                "%6.1f s (%9.0f resources/s)\n",
                label, total, storeSeconds, static_cast<long long>(exported), exportSeconds,
                total / exportSeconds);
    std::fflush(stdout);
    if (exported != total) {
        std::fprintf(stderr, "bench_export: the manifest counts %lld resources, not %d\n",
                     static_cast<long long>(exported), total);
        std::exit(1);
    }
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    qputenv("MEDPULL_KEY_FILE_ONLY", "1");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Export benchmark: one pull to NDJSON."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("resources"), QStringLiteral("Resources in the pull."),
                      QStringLiteral("N"), QStringLiteral("5000")});
    parser.addOption({QStringLiteral("backend"), QStringLiteral("sqlite, postgresql or both."),
                      QStringLiteral("B"), QStringLiteral("sqlite")});
    parser.process(app);
    const QString backend = parser.value(QStringLiteral("backend"));
    const int total = parser.value(QStringLiteral("resources")).toInt();

    QTemporaryDir dir;
    if (backend != QLatin1String("postgresql"))
        run("SQLite", dir.filePath(QStringLiteral("bench.sqlite")), total);
    if (backend != QLatin1String("sqlite"))
        run("PostgreSQL", test::PgCluster::shared().createDatabase(QStringLiteral("bench_export")),
            total);
    return 0;
}
