// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Prometheus exposition of EngineMetrics on both backends: the counters
// as counted, the database's state as stored, label values escaped.

#include "connectionrepository.h"
#include "enginemetrics.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "resourcerepository.h"
#include "sourcerepository.h"
#include "testsupport.h"
#include "transaction.h"

#include <QRegularExpression>
#include <QTest>

using namespace medpull;
using namespace medpull::test;

class TestEngineMetrics : public QObject {
    Q_OBJECT

private slots:
    void exposition_data() { addBackendRows(); }
    void exposition();
};

void TestEngineMetrics::exposition() {
    QFETCH(Backend, backend);
    QTemporaryDir dir;
    const std::unique_ptr<Database> db = freshDatabase(backend, dir);
    const Patient patient = PatientRepository(*db).add(QStringLiteral("Ada"));
    Source source;
    source.name = QStringLiteral(R"(quote"d\portal)");
    source.fhirBase = QUrl(QStringLiteral("http://127.0.0.1:9/fhir"));
    source.clientId = QStringLiteral("medpull");
    source = SourceRepository(*db).add(source);
    const Connection connection =
        ConnectionRepository(*db).add(patient.id, source.id, ConnectionState::Active);
    PullRepository pulls(*db);
    const Pull settled = pulls.enqueue(connection.id, PullTrigger::Manual);
    {
        Transaction transaction(*db);
        ResourceRepository(*db).store(connection.id, settled.id,
                                      {{QStringLiteral("Observation"), QStringLiteral("o1"),
                                        R"({"resourceType":"Observation","id":"o1"})"},
                                       {QStringLiteral("Observation"), QStringLiteral("o2"),
                                        R"({"resourceType":"Observation","id":"o2"})"},
                                       {QStringLiteral("Patient"), QStringLiteral("p"),
                                        R"({"resourceType":"Patient","id":"p"})"}});
        transaction.commit();
    }
    pulls.settle(settled.id, PullStatus::Succeeded);
    pulls.enqueue(connection.id, PullTrigger::Manual);

    EngineMetrics metrics;
    for (int i = 0; i < 3; ++i)
        metrics.countRequest(source.id, 200);
    metrics.countRequest(source.id, 0);
    metrics.countSettledPull(PullStatus::Succeeded);
    metrics.countTokenRefreshFailure();

    const QString text = QString::fromUtf8(metrics.exposition(*db));
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const QStringList expected{
        R"(medpull_pulls{status="queued"} 1)",
        R"(medpull_pulls{status="running"} 0)",
        R"(medpull_pulls{status="succeeded"} 1)",
        R"(medpull_pulls_settled_total{status="succeeded"} 1)",
        R"(medpull_resources{type="Observation"} 2)",
        R"(medpull_resources{type="Patient"} 1)",
        R"(medpull_fhir_requests_total{source="quote\"d\\portal",status="200"} 3)",
        R"(medpull_fhir_requests_total{source="quote\"d\\portal",status="error"} 1)",
        R"(medpull_token_refresh_failures_total 1)",
        R"(medpull_connections{state="active"} 1)",
        R"(medpull_retries_scheduled 0)",
        R"(medpull_database_reconnects_total 0)",
    };
    for (const QString &line : expected)
        QVERIFY2(lines.contains(line), qPrintable(line + QStringLiteral("\n\n") + text));

    // Every sample belongs to a family announced with HELP and TYPE.
    const QRegularExpression sample(QStringLiteral(R"(^([a-z_]+)(\{.*\})? [0-9.e+-]+$)"));
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1Char('#')))
            continue;
        const QRegularExpressionMatch match = sample.match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        QVERIFY2(text.contains(QStringLiteral("# HELP %1 ").arg(match.captured(1))),
                 qPrintable(line));
        QVERIFY2(text.contains(QStringLiteral("# TYPE %1 ").arg(match.captured(1))),
                 qPrintable(line));
    }
    const double seconds = lines.filter(QStringLiteral("medpull_seconds_since_last_settled_pull "))
                               .value(0)
                               .section(QLatin1Char(' '), 1)
                               .toDouble();
    QVERIFY2(seconds >= 0 && seconds < 60, qPrintable(text));
}

QTEST_GUILESS_MAIN(TestEngineMetrics)
#include "tst_enginemetrics.moc"
