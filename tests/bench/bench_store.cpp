// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Bulk insert of FHIR resources: one transaction per page, prepared
// statements, 1 KB JSON each. Prints resources/s for SQLite and PostgreSQL.
//   bench_store [--resources N] [--page-size P]
#include "connectionrepository.h"
#include "database.h"
#include "patientrepository.h"
#include "pgcluster.h"
#include "pullrepository.h"
#include "resourcerepository.h"
#include "sourcerepository.h"
#include "transaction.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>

using namespace medpull;

namespace {

// An Observation of about 1 KB, different per index.
QByteArray resourceJson(int index) {
    QByteArray json =
        QStringLiteral(R"({"resourceType":"Observation","id":"obs-%1","meta":{"versionId":"1",)"
                       R"("lastUpdated":"2026-11-01T10:00:00Z"},"status":"final","category":[{)"
                       R"("coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-)"
                       R"(category","code":"vital-signs","display":"Vital Signs"}]}],"code":{)"
                       R"("coding":[{"system":"http://loinc.org","code":"8867-4","display":)"
                       R"("Heart rate"}],"text":"Heart rate"},"subject":{"reference":"Patient/)"
                       R"(p-1"},"effectiveDateTime":"2026-10-%2T08:30:00Z","valueQuantity":{)"
                       R"("value":%3,"unit":"beats/minute","system":"http://unitsofmeasure.org",)"
                       R"("code":"/min"},"note":[{"text":")")
            .arg(index)
            .arg(1 + index % 28, 2, 10, QLatin1Char('0'))
            .arg(60 + index % 40)
            .toUtf8();
    json.append(QByteArray(1024 - json.size() - 4, 'x'));
    json.append("\"}]}");
    return json;
}

void run(const char *label, const QString &location, int total, int pageSize) {
    const auto db = Database::open(location);
    const Patient patient = PatientRepository(*db).add(QStringLiteral("Bench"));
    Source source;
    source.name = QStringLiteral("bench");
    source.fhirBase = QUrl(QStringLiteral("http://127.0.0.1/fhir"));
    source.clientId = QStringLiteral("medpull");
    source = SourceRepository(*db).add(source);
    const Connection connection =
        ConnectionRepository(*db).add(patient.id, source.id, ConnectionState::Active);
    const qint64 pull = PullRepository(*db).enqueue(connection.id, PullTrigger::Manual).id;
    ResourceRepository resources(*db);

    QList<QList<IncomingResource>> pages;
    for (int start = 0; start < total; start += pageSize) {
        QList<IncomingResource> page;
        for (int i = start; i < qMin(total, start + pageSize); ++i)
            page.append(
                {QStringLiteral("Observation"), QStringLiteral("obs-%1").arg(i), resourceJson(i)});
        pages.append(page);
    }

    QElapsedTimer timer;
    timer.start();
    for (const QList<IncomingResource> &page : pages) {
        Transaction transaction(*db);
        resources.store(connection.id, pull, page);
        transaction.commit();
    }
    const double insertSeconds = timer.nsecsElapsed() / 1e9;

    // The same pages again: every resource is looked up and found unchanged.
    timer.restart();
    for (const QList<IncomingResource> &page : pages) {
        Transaction transaction(*db);
        resources.store(connection.id, pull, page);
        transaction.commit();
    }
    const double unchangedSeconds = timer.nsecsElapsed() / 1e9;

    std::printf("%-10s %8d resources, pages of %4d: insert %9.0f resources/s, "
                "re-pull unchanged %9.0f resources/s\n",
                label, total, pageSize, total / insertSeconds, total / unchangedSeconds);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Bulk insert benchmark of the store."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("resources"), QStringLiteral("Resources per run."),
                      QStringLiteral("N"), QStringLiteral("20000")});
    parser.addOption({QStringLiteral("page-size"), QStringLiteral("Resources per page."),
                      QStringLiteral("P"), QStringLiteral("100")});
    parser.addOption({QStringLiteral("postgres"),
                      QStringLiteral("An existing PostgreSQL database to use instead of a "
                                     "throwaway cluster."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("backend"), QStringLiteral("sqlite, postgresql or both."),
                      QStringLiteral("B"), QStringLiteral("both")});
    parser.process(app);
    const QString backend = parser.value(QStringLiteral("backend"));
    const int total = parser.value(QStringLiteral("resources")).toInt();
    const int pageSize = parser.value(QStringLiteral("page-size")).toInt();

    QTemporaryDir dir;
    if (backend != QLatin1String("postgresql"))
        run("SQLite", dir.filePath(QStringLiteral("bench.sqlite")), total, pageSize);
    if (backend != QLatin1String("sqlite"))
        run("PostgreSQL",
            parser.isSet(QStringLiteral("postgres"))
                ? parser.value(QStringLiteral("postgres"))
                : test::PgCluster::shared().createDatabase(QStringLiteral("bench")),
            total, pageSize);
    return 0;
}
