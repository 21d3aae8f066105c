// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "connectionrepository.h"
#include "database.h"
#include "deliveryrepository.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "resourcerepository.h"
#include "sourcerepository.h"
#include "testsupport.h"
#include "transaction.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTest>

using namespace medpull;
using namespace medpull::test;

namespace {

struct Run {
    int code = 0;
    QByteArray output;
    QByteArray error;
    QJsonDocument json() const { return QJsonDocument::fromJson(output); }
};

// Runs `medpull-cli --db LOCATION destinations ARGUMENTS...` as a user would.
Run destinations(const QString &location, const QStringList &arguments) {
    QProcess process;
    process.start(QStringLiteral(MEDPULL_CLI_EXECUTABLE),
                  QStringList{QStringLiteral("--db"), location, QStringLiteral("destinations")} +
                      arguments);
    Run run;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        run.code = -1;
        return run;
    }
    run.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.output = process.readAllStandardOutput();
    run.error = process.readAllStandardError();
    return run;
}

} // namespace

class TestCliDestinations : public QObject {
    Q_OBJECT

private slots:
    // The webhook's secret is sealed with the token key, kept in a key file.
    void initTestCase() { qputenv("MEDPULL_KEY_FILE_ONLY", "1"); }

    void addListDeliverRetry() {
        QTemporaryDir dir;
        const QString location = freshLocation(Backend::Sqlite, dir);
        {
            const std::unique_ptr<Database> db = Database::open(location);
            const Patient patient = PatientRepository(*db).add(QStringLiteral("Grace Hopper"));
            Source source;
            source.name = QStringLiteral("epic");
            source.fhirBase = QUrl(QStringLiteral("http://127.0.0.1:9/fhir"));
            source.clientId = QStringLiteral("medpull");
            source = SourceRepository(*db).add(source);
            const Connection connection =
                ConnectionRepository(*db).add(patient.id, source.id, ConnectionState::Active);
            const Pull pull = PullRepository(*db).enqueue(connection.id, PullTrigger::Manual);
            Transaction transaction(*db);
            ResourceRepository(*db).store(connection.id, pull.id,
                                          {{QStringLiteral("Patient"), QStringLiteral("g"),
                                            R"({"resourceType":"Patient","id":"g"})"}});
            transaction.commit();
            PullRepository(*db).settle(pull.id, PullStatus::Succeeded);
        }
        const QString folder = dir.filePath(QStringLiteral("out"));
        QVERIFY(QDir().mkpath(folder));

        const Run missing =
            destinations(location, {QStringLiteral("add"), QStringLiteral("missing"),
                                    QStringLiteral("--kind"), QStringLiteral("ndjson_folder"),
                                    QStringLiteral("--path"), dir.filePath("nope")});
        QCOMPARE(missing.code, 1);
        QVERIFY2(missing.error.startsWith("medpull-cli: connection test failed, not saved: ") &&
                     missing.error.count('\n') == 1,
                 missing.error.constData());
        qputenv("MEDPULL_DESTINATION_SECRET", "hook-secret-value");
        QCOMPARE(
            destinations(location, {QStringLiteral("add"), QStringLiteral("hook"),
                                    QStringLiteral("--kind"), QStringLiteral("webhook"),
                                    QStringLiteral("--url"), "http://127.0.0.1:9/h",
                                    QStringLiteral("--skip-test"), QStringLiteral("--disabled")})
                .code,
            0);
        qunsetenv("MEDPULL_DESTINATION_SECRET");
        {
            // The row itself holds the secret only sealed.
            const std::unique_ptr<Database> db = Database::open(location);
            QSqlQuery row(db->connection());
            QVERIFY(row.exec(
                QStringLiteral("SELECT config FROM export_destinations WHERE name = 'hook'")));
            QVERIFY(row.next());
            const QString config = row.value(0).toString();
            QVERIFY2(!config.contains(QLatin1String("hook-secret-value")), qPrintable(config));
            QVERIFY2(config.contains(QLatin1String("ciphertext")), qPrintable(config));
        }
        const Run added =
            destinations(location, {QStringLiteral("add"), QStringLiteral("files"),
                                    QStringLiteral("--kind"), QStringLiteral("ndjson_folder"),
                                    QStringLiteral("--path"), folder, QStringLiteral("--json")});
        QCOMPARE(added.code, 0);
        QVERIFY(added.json().object().value(QStringLiteral("id")).toInteger() > 0);

        const Run listed =
            destinations(location, {QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(listed.code, 0);
        QVERIFY(!listed.output.contains("hook-secret-value"));
        const QJsonArray list = listed.json().array();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0)[QStringLiteral("enabled")].toBool(), false);
        QCOMPARE(list.at(0)[QStringLiteral("config")][QStringLiteral("secret")].toString(),
                 QStringLiteral("********"));
        QVERIFY(
            !list.at(0)[QStringLiteral("config")].toObject().contains(QStringLiteral("sealed")));
        QCOMPARE(list.at(1)[QStringLiteral("kind")].toString(), QStringLiteral("ndjson_folder"));

        QCOMPARE(destinations(location, {QStringLiteral("deliver"), QStringLiteral("--timeout"),
                                         QStringLiteral("20")})
                     .code,
                 0);
        const Run delivered =
            destinations(location, {QStringLiteral("deliveries"), QStringLiteral("files"),
                                    QStringLiteral("--json")});
        const QJsonArray rows = delivered.json().array();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0)[QStringLiteral("status")].toString(), QStringLiteral("delivered"));
        QCOMPARE(rows.at(0)[QStringLiteral("patient")].toString(), QStringLiteral("Grace Hopper"));
        QVERIFY(QFile::exists(folder + QStringLiteral("/pull-00000001/Patient.ndjson")));
        // Delivered is final: a retry of it is refused, retry --all finds nothing.
        QCOMPARE(destinations(location, {QStringLiteral("retry"), QStringLiteral("1")}).code, 1);
        QCOMPARE(destinations(location, {QStringLiteral("retry"), QStringLiteral("--all"),
                                         QStringLiteral("files"), QStringLiteral("--json")})
                     .json()
                     .object()
                     .value(QStringLiteral("retried"))
                     .toInt(),
                 0);
        QCOMPARE(destinations(location, {QStringLiteral("disable"), QStringLiteral("files")}).code,
                 0);
        QCOMPARE(destinations(location, {QStringLiteral("bogus")}).code, 2);
        QCOMPARE(destinations(location, {QStringLiteral("enable"), QStringLiteral("nobody")}).code,
                 1);
    }
};

QTEST_GUILESS_MAIN(TestCliDestinations)
#include "tst_clidestinations.moc"
