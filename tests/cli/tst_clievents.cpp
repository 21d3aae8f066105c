// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Event webhooks across a crash: `medpull-cli run` is SIGKILLed after the
// state changes that cause events and before any of them reached the
// receiver; a later `medpull-cli endpoints deliver` sends every one of them.

#include "childprocess.h"
#include "httpreceiver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace medpull::test;

namespace {

Run cli(const QStringList &arguments, int timeoutMs = 90000) {
    return runProcess(QStringLiteral(MEDPULL_CLI_EXECUTABLE), arguments, cliEnvironment(),
                      timeoutMs);
}

// A count read from the database file apart from medpull's code.
int count(const QString &path, const QString &statement) {
    int result = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "check");
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(statement) && query.next())
                result = query.value(0).toInt();
        }
    }
    QSqlDatabase::removeDatabase("check");
    return result;
}

} // namespace

class TestCliEvents : public QObject {
    Q_OBJECT

private slots:
    void killedRunLosesNoEvent() {
        QProcess sandbox;
        sandbox.start(QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE),
                      {"--patients", "2", "--resources-per-patient", "40", "--calm"});
        QVERIFY(sandbox.waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(sandbox.canReadLine(), 20000);
        const QJsonObject info = QJsonDocument::fromJson(sandbox.readLine()).object();
        const QString admin = info.value(QStringLiteral("admin")).toString();
        QVERIFY(!admin.isEmpty());

        bool answering = false;
        QSet<QByteArray> received;
        HttpReceiver receiver([&](const HttpReceiver::Request &request) {
            HttpReceiver::Response response{200, "ok"};
            // Until the crash, the receiver takes requests and never answers.
            response.hang = !answering;
            if (answering)
                received.insert(request.headers.value("x-medpull-event-id"));
            return response;
        });

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events.sqlite"));
        const QStringList database{"--db", path};
        const Run added =
            cli(database + QStringList{"endpoints", "add", "--name", "backend", "--url",
                                       receiver.url().toString(), "--secret", "s3cret"});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        const Run seeded =
            cli(database + QStringList{"demo-seed", "--sandbox", admin, "--patients", "2"});
        QVERIFY2(seeded.exitCode == 0, seeded.err.constData());
        const int accounts = count(path, QStringLiteral("SELECT COUNT(*) FROM connections"));
        QVERIFY(accounts >= 2);

        QProcess run;
        run.setProcessEnvironment(cliEnvironment());
        run.start(QStringLiteral(MEDPULL_CLI_EXECUTABLE),
                  database + QStringList{"run", "--lease-seconds", "2"});
        QVERIFY(run.waitForStarted());
        // Every account's first pull settled, its event committed with it.
        QTRY_COMPARE_WITH_TIMEOUT(count(path, QStringLiteral("SELECT COUNT(*) FROM events WHERE "
                                                             "type = 'records.sync.completed'")),
                                  accounts, 60000);
        QCOMPARE(run.state(), QProcess::Running);
        run.kill(); // SIGKILL: no cleanup, leases stay behind
        QVERIFY(run.waitForFinished());
        QVERIFY(received.isEmpty());
        QCOMPARE(count(path, QStringLiteral("SELECT COUNT(*) FROM event_deliveries WHERE "
                                            "status = 'delivered'")),
                 0);

        answering = true;
        const Run delivered = cli(database + QStringList{"endpoints", "deliver", "--now",
                                                         "--max-seconds", "60", "--json"});
        QVERIFY2(delivered.exitCode == 0, delivered.err.constData());
        QVERIFY(QJsonDocument::fromJson(delivered.out)[QStringLiteral("finished")].toBool());

        const Run listed =
            cli(database + QStringList{"endpoints", "events", "--limit", "1000", "--json"});
        QCOMPARE(listed.exitCode, 0);
        QSet<QByteArray> recorded;
        QMap<QString, int> byType;
        for (const QJsonValue &event : QJsonDocument::fromJson(listed.out).array()) {
            recorded.insert(event[QStringLiteral("id")].toString().toLatin1());
            ++byType[event[QStringLiteral("type")].toString()];
        }
        QCOMPARE(byType.value(QStringLiteral("connection.connected")), accounts);
        QCOMPARE(byType.value(QStringLiteral("records.sync.completed")), accounts);
        QCOMPARE(received, recorded);

        const Run log =
            cli(database + QStringList{"endpoints", "log", "--endpoint", "1", "--json"});
        QCOMPARE(log.exitCode, 0);
        const QJsonArray rows = QJsonDocument::fromJson(log.out).array();
        QCOMPARE(rows.size(), recorded.size());
        for (const QJsonValue &row : rows)
            QCOMPARE(row[QStringLiteral("status")].toString(), QStringLiteral("delivered"));

        sandbox.kill();
        sandbox.waitForFinished();
    }
};

QTEST_GUILESS_MAIN(TestCliEvents)
#include "tst_clievents.moc"
