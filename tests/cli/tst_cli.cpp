// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// medpull-cli as a user runs it: real processes, a real sandbox process on
// loopback, a real SQLite file, SIGKILL in the middle of a pull.

#include "childprocess.h"
#include "sandboxprocess.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <numeric>

using namespace medpull::test;

namespace {

Run cli(const QStringList &arguments, int timeoutMs = 60000) {
    return runProcess(QStringLiteral(MEDPULL_CLI_EXECUTABLE), arguments, cliEnvironment(),
                      timeoutMs);
}

QJsonDocument json(const QByteArray &bytes) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (document.isNull())
        qWarning("not JSON (%s): %s", qPrintable(error.errorString()), bytes.left(300).constData());
    return document;
}

QByteArray fileHash(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

// GET of a metrics URL: the samples by "name{labels}".
QHash<QString, double> scrape(const QUrl &url) {
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(QNetworkRequest(url));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    QHash<QString, double> samples;
    if (!reply->isFinished() ||
        reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200 ||
        !reply->header(QNetworkRequest::ContentTypeHeader)
             .toString()
             .startsWith(QLatin1String("text/plain; version=0.0.4")))
        return samples;
    for (const QByteArray &line : reply->readAll().split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        samples.insert(QString::fromUtf8(line.left(space)), line.mid(space + 1).toDouble());
    }
    return samples;
}

// The sum of the samples of a family whose labels contain `label`.
double total(const QHash<QString, double> &samples, const QString &family,
             const QString &label = {}) {
    double sum = 0;
    for (auto it = samples.cbegin(); it != samples.cend(); ++it) {
        if ((it.key() == family || it.key().startsWith(family + QLatin1Char('{'))) &&
            it.key().contains(label))
            sum += it.value();
    }
    return sum;
}

// The commands `medpull-cli --help` lists ("sources add", "run", ...).
QStringList listedCommands() {
    const Run help = cli({"--help"});
    const QList<QByteArray> parts = help.out.split('\n');
    QStringList commands;
    bool inList = false;
    for (const QByteArray &line : parts) {
        if (line.startsWith("Commands"))
            inList = true;
        else if (inList && line.startsWith("  "))
            commands.append(QString::fromUtf8(line).trimmed().split(QStringLiteral("  ")).first());
    }
    return commands;
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void badArguments_data();
    void badArguments();
    void helpsLookAlike_data();
    void helpsLookAlike();
    void everyCommandTakesDbAndJson_data();
    void everyCommandTakesDbAndJson();
    void corruptDatabaseIsLeftAlone_data();
    void corruptDatabaseIsLeftAlone();
    void endToEnd();
    void retrievalErrorShowsItsRetry();
    void killedRunsResumeToExactlyTheSandboxData();
    void metricsDuringAndAfterPulls();
    void sigtermHandsLeasesBack();
    void sourcesManagement();

private:
    // A `medpull-cli run` with metrics on a free port and JSON logs.
    struct Worker {
        std::unique_ptr<QProcess> process;
        QUrl metrics;
    };
    Worker startWorker(const QString &database);
    QStringList db(const QString &name) const { return {"--db", m_dir.filePath(name)}; }
    // Compares every connection's stored counts with the sandbox's; returns
    // the total number of resources stored.
    qint64 compareWithSandbox(SandboxProcess &sandbox, const QString &database);

    QTemporaryDir m_dir;
};

void TestCli::initTestCase() {
    QVERIFY(m_dir.isValid());
    const Run added = cli(db("base.sqlite") + QStringList{"patients", "add", "--name", "Ann"});
    QCOMPARE(added.exitCode, 0);
    QCOMPARE(added.out.trimmed(), QByteArray("1"));
}

void TestCli::badArguments_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("no command") << QStringList{};
    QTest::newRow("unknown command") << QStringList{"frobnicate"};
    QTest::newRow("sources without action") << QStringList{"sources"};
    QTest::newRow("unknown option") << QStringList{"patients", "list", "--frob"};
    QTest::newRow("patient without name") << QStringList{"patients", "add"};
    QTest::newRow("id not a number") << QStringList{"status", "--patient", "abc"};
    QTest::newRow("unknown patient") << QStringList{"status", "--patient", "99"};
    QTest::newRow("unknown patient, events") << QStringList{"events", "--patient", "99"};
    QTest::newRow("unknown patient, resources") << QStringList{"resources", "--patient", "99"};
    QTest::newRow("nothing to pull") << QStringList{"pull", "--patient", "1"};
    QTest::newRow("unknown account") << QStringList{"pull", "--patient", "1", "--connection", "7"};
    QTest::newRow("unknown source")
        << QStringList{"connect", "--patient", "1", "--source", "nowhere"};
    QTest::newRow("bad URL") << QStringList{"sources",     "add",       "--name",      "x",
                                            "--fhir-base", "not a url", "--client-id", "c"};
    QTest::newRow("unreachable source") << QStringList{
        "sources",     "add", "--name", "x", "--fhir-base", "http://127.0.0.1:1/fhir",
        "--client-id", "c"};
    QTest::newRow("unreachable sandbox")
        << QStringList{"demo-seed", "--sandbox", "http://127.0.0.1:1/admin", "--patients", "1"};
    QTest::newRow("bad max-seconds") << QStringList{"run", "--max-seconds", "soon"};
    QTest::newRow("bad metrics address") << QStringList{"run", "--metrics-address", "nowhere"};
    QTest::newRow("metrics address not on this machine")
        << QStringList{"run", "--metrics-address", "192.0.2.1:9464"};
    QTest::newRow("bad log format") << QStringList{"run", "--log-format", "xml"};
    QTest::newRow("destination without name")
        << QStringList{"destinations", "add", "--kind", "ndjson_folder", "--path", "/tmp"};
    QTest::newRow("unknown destination") << QStringList{"destinations", "enable", "nobody"};
}

void TestCli::badArguments() {
    QFETCH(QStringList, arguments);
    const Run run = cli(db("base.sqlite") + arguments);
    QVERIFY2(run.exitCode > 0, run.err.constData());
    QVERIFY2(run.err.startsWith("medpull-cli: "), run.err.constData());
    QVERIFY2(run.err.count('\n') == 1 && run.err.endsWith('\n'), run.err.constData());
    QVERIFY2(run.out.isEmpty() || arguments.isEmpty(), run.out.constData());
}

void TestCli::helpsLookAlike_data() {
    QTest::addColumn<QString>("command");
    const QStringList commands = listedCommands();
    QVERIFY(commands.size() >= 12);
    QStringList groups;
    for (const QString &command : commands) {
        QTest::newRow(qPrintable(command)) << command;
        const QString group = command.section(QLatin1Char(' '), 0, 0);
        if (command.contains(QLatin1Char(' ')) && !groups.contains(group))
            groups.append(group);
    }
    QVERIFY(groups.contains(QStringLiteral("destinations")));
    for (const QString &group : groups)
        QTest::newRow(qPrintable(group)) << group;
}

// Every command and every group answers --help the same way: Qt's usage line
// naming the command, the description, the global options.
void TestCli::helpsLookAlike() {
    QFETCH(QString, command);
    const Run help = cli(command.split(QLatin1Char(' ')) + QStringList{"--help"});
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.err.isEmpty(), help.err.constData());
    const QString text = QString::fromUtf8(help.out);
    QVERIFY2(text.startsWith(QStringLiteral("Usage: medpull-cli %1 [options]").arg(command)),
             qPrintable(text));
    for (const char *expected :
         {"\nOptions:\n", "  -h, --help ", "  --db <LOCATION> ", "  --json "})
        QVERIFY2(text.contains(QLatin1String(expected)), qPrintable(text));
}

void TestCli::everyCommandTakesDbAndJson_data() {
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("succeeds");
    // Arguments with which a command succeeds on a database holding one
    // patient; the others fail for their own reasons, never for --db or --json.
    const QString folder = m_dir.filePath(QStringLiteral("flags-out"));
    const QHash<QString, QStringList> working{
        {"sources list", {}},
        {"patients add", {"--name", "Flo"}},
        {"patients list", {}},
        {"status", {"--patient", "1"}},
        {"events", {"--patient", "1"}},
        {"attention", {}},
        {"resources", {"--patient", "1"}},
        {"run", {"--until-idle", "--max-seconds", "30"}},
        {"destinations add", {"files", "--kind", "ndjson_folder", "--path", folder, "--skip-test"}},
        {"destinations list", {}},
        {"destinations enable", {"files"}},
        {"destinations disable", {"files"}},
        {"destinations retry", {"--all", "files"}},
        {"destinations deliveries", {"files"}},
        {"destinations deliver", {"--timeout", "10"}},
        {"endpoints list", {}},
        {"endpoints events", {}},
        {"endpoints deliver", {"--max-seconds", "10"}},
    };
    for (const QString &command : listedCommands()) {
        QTest::newRow(qPrintable(command))
            << command << working.value(command) << working.contains(command);
    }
}

void TestCli::everyCommandTakesDbAndJson() {
    QFETCH(QString, command);
    QFETCH(QStringList, arguments);
    QFETCH(bool, succeeds);
    const QString path = m_dir.filePath(QStringLiteral("flags.sqlite"));
    if (!QFile::exists(path)) {
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("flags-out"))));
        QCOMPARE(cli({"--db", path, "patients", "add", "--name", "Ann"}).exitCode, 0);
    }
    const Run run =
        cli(command.split(QLatin1Char(' ')) + arguments + QStringList{"--db", path, "--json"});
    if (!succeeds) {
        QVERIFY2(run.exitCode > 0 && run.err.startsWith("medpull-cli: ") &&
                     run.err.count('\n') == 1,
                 run.err.constData());
        QVERIFY2(!run.err.contains("--db") && !run.err.contains("--json") &&
                     !run.err.contains("nknown option"),
                 run.err.constData());
        return;
    }
    QVERIFY2(run.exitCode == 0, run.err.constData());
    // JSON, or for `resources` NDJSON: one JSON value per line.
    const QList<QByteArray> lines = run.out.split('\n');
    QVERIFY2(run.out.endsWith('\n') || command == QLatin1String("resources"), run.out.constData());
    for (qsizetype i = 0; i + 1 < lines.size(); ++i)
        QVERIFY2(!json(lines.at(i)).isNull(), lines.at(i).constData());
}

void TestCli::corruptDatabaseIsLeftAlone_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("patients list") << QStringList{"patients", "list"};
    QTest::newRow("status") << QStringList{"status", "--patient", "1"};
    QTest::newRow("run") << QStringList{"run", "--until-idle"};
    QTest::newRow("patients add") << QStringList{"patients", "add", "--name", "Bo"};
}

void TestCli::corruptDatabaseIsLeftAlone() {
    QFETCH(QStringList, arguments);
    const QString path = m_dir.filePath(QStringLiteral("corrupt.sqlite"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray bytes(64 * 1024, '\0');
        for (char &byte : bytes)
            byte = char(QRandomGenerator::global()->bounded(256));
        file.write(bytes);
    }
    const QByteArray before = fileHash(path);
    const Run run = cli(QStringList{"--db", path} + arguments);
    QVERIFY2(run.exitCode > 0, run.err.constData());
    QVERIFY2(run.err.startsWith("medpull-cli: ") && run.err.count('\n') == 1, run.err.constData());
    QCOMPARE(fileHash(path), before);
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
}

qint64 TestCli::compareWithSandbox(SandboxProcess &sandbox, const QString &database) {
    const Run patients = cli({"--db", database, "patients", "list", "--json"});
    [&] {
        QCOMPARE(patients.exitCode, 0);
    }();
    qint64 total = 0;
    int connections = 0;
    for (const QJsonValue &patient : json(patients.out).array()) {
        const QString id = QString::number(patient[QStringLiteral("id")].toInteger());
        const Run status = cli({"--db", database, "status", "--patient", id, "--json"});
        const QJsonObject report = json(status.out).object();
        qint64 patientTotal = 0;
        for (const QJsonValue &connection : report[QStringLiteral("connections")].toArray()) {
            ++connections;
            const QString source = connection[QStringLiteral("source")].toString();
            const QString fhirPatient = connection[QStringLiteral("fhirPatientId")].toString();
            const QJsonObject expected = sandbox.counts(source, fhirPatient);
            const QJsonObject stored = connection[QStringLiteral("resourceCounts")].toObject();
            if (expected != stored || expected.isEmpty()) {
                qWarning("%s %s: stored %s, sandbox %s", qPrintable(source),
                         qPrintable(fhirPatient), QJsonDocument(stored).toJson().constData(),
                         QJsonDocument(expected).toJson().constData());
                return -1;
            }
            patientTotal += connection[QStringLiteral("resources")].toInteger();
        }
        for (const QJsonValue &pull : report[QStringLiteral("pulls")].toArray()) {
            if (pull[QStringLiteral("status")].toString() != QLatin1String("succeeded")) {
                qWarning("pull %lld is %s: %s", pull[QStringLiteral("id")].toInteger(),
                         qPrintable(pull[QStringLiteral("status")].toString()),
                         qPrintable(pull[QStringLiteral("error")].toString()));
                return -1;
            }
        }
        // The NDJSON export holds each stored resource once, byte for byte.
        const Run resources = cli({"--db", database, "resources", "--patient", id});
        const QList<QByteArray> lines = resources.out.split('\n');
        if (lines.size() - 1 != patientTotal || !lines.last().isEmpty()) {
            qWarning("resources printed %lld lines for %lld stored", qint64(lines.size() - 1),
                     patientTotal);
            return -1;
        }
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            if (!QJsonDocument::fromJson(lines.at(i)).isObject()) {
                qWarning("line %lld is not a resource", qint64(i));
                return -1;
            }
        }
        total += patientTotal;
    }
    return connections > 0 ? total : -1;
}

void TestCli::endToEnd() {
    SandboxProcess sandbox(QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE),
                           {"--patients", "3", "--resources-per-patient", "40", "--calm"});
    QVERIFY(sandbox.isRunning());
    const QStringList database = db("e2e.sqlite");

    const Run seeded = cli(database + QStringList{"demo-seed", "--sandbox", sandbox.adminUrl(),
                                                  "--patients", "3", "--json"});
    QVERIFY2(seeded.exitCode == 0, seeded.err.constData());
    QVERIFY(json(seeded.out)[QStringLiteral("connected")].toInt() >= 3);

    const Run run =
        cli(database + QStringList{"run", "--until-idle", "--max-seconds", "60", "--json"}, 90000);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject summary = json(run.out).object();
    QVERIFY(summary[QStringLiteral("resources")].toInteger() > 0);

    QVERIFY(compareWithSandbox(sandbox, database.last()) > 0);

    // What discovery learnt about each portal, and how a pull asks it.
    const Run sources = cli(database + QStringList{"sources", "list", "--json"});
    QCOMPARE(sources.exitCode, 0);
    for (const QJsonValue &source : json(sources.out).array()) {
        const bool flaky = source[QStringLiteral("name")].toString() == QLatin1String("flaky");
        QCOMPARE(source[QStringLiteral("patientEverything")].toBool(), !flaky);
        QCOMPARE(source[QStringLiteral("idSearchTypes")].toArray().contains(
                     QStringLiteral("Practitioner")),
                 !flaky);
    }
    const Run listed = cli(database + QStringList{"sources", "list"});
    QVERIFY2(listed.out.contains("epic") && listed.out.contains("whole record ($everything)") &&
                 listed.out.contains("a search per type"),
             listed.out.constData());

    const Run events = cli(database + QStringList{"events", "--patient", "1", "--json"});
    QCOMPARE(events.exitCode, 0);
    QVERIFY(!json(events.out).array().isEmpty());
    // Tokens never leave the vault.
    QVERIFY(!events.out.contains("access_token") && !events.out.contains("refresh_token"));
}

// A portal that answers 503: the account's failure, and that an automatic
// retry is scheduled, in the status text and JSON a clinic's IT reads.
void TestCli::retrievalErrorShowsItsRetry() {
    SandboxProcess sandbox(QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE),
                           {"--patients", "1", "--resources-per-patient", "10", "--calm",
                            "--faults", "cerner:status=503*always"});
    QVERIFY(sandbox.isRunning());
    const QStringList database = db("retrieval.sqlite");
    const Run seeded = cli(
        database + QStringList{"demo-seed", "--sandbox", sandbox.adminUrl(), "--patients", "1"});
    QVERIFY2(seeded.exitCode == 0, seeded.err.constData());
    const Run run =
        cli(database + QStringList{"run", "--until-idle", "--max-seconds", "60"}, 90000);
    QVERIFY2(run.exitCode == 0, run.err.constData());

    const Run status = cli(database + QStringList{"status", "--patient", "1", "--json"});
    QCOMPARE(status.exitCode, 0);
    QJsonObject failure;
    for (const QJsonValue &account : json(status.out)[QStringLiteral("connections")].toArray()) {
        if (account[QStringLiteral("source")].toString() == QLatin1String("cerner"))
            failure = account[QStringLiteral("failure")].toObject();
    }
    QCOMPARE(failure[QStringLiteral("kind")].toString(), QStringLiteral("retrieval_error"));
    QCOMPARE(failure[QStringLiteral("retryAttempt")].toInt(), 1);
    QCOMPARE(failure[QStringLiteral("retryAttempts")].toInt(), 6);
    QVERIFY(QDateTime::fromString(failure[QStringLiteral("retryAt")].toString(), Qt::ISODate) >
            QDateTime::currentDateTimeUtc());
    QVERIFY2(failure[QStringLiteral("nextStep")].toString().startsWith(
                 QLatin1String("automatic retry 1 of 6 at ")),
             qPrintable(failure[QStringLiteral("nextStep")].toString()));

    const Run text = cli(database + QStringList{"status", "--patient", "1"});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains("failure retrieval_error: The portal returned an error during "
                               "FHIR calls.\n"),
             text.out.constData());
    QVERIFY2(text.out.contains("next step: automatic retry 1 of 6 at "), text.out.constData());
    QVERIFY2(!text.out.contains(".."), text.out.constData());

    // Retrying is not yet anyone's job; once the retries are used up it is.
    const Run waiting = cli(database + QStringList{"attention"});
    QCOMPARE(waiting.exitCode, 0);
    QCOMPARE(waiting.out.trimmed(), QByteArray("Nothing needs a person."));
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "exhaust");
        raw.setDatabaseName(database.last());
        QVERIFY(raw.open());
        QSqlQuery query(raw);
        QVERIFY(query.exec(QStringLiteral("UPDATE connections SET retry_attempt = 6, "
                                          "retry_at = NULL WHERE retry_at IS NOT NULL")));
        QCOMPARE(query.numRowsAffected(), 1);
        query = QSqlQuery();
        raw.close();
    }
    QSqlDatabase::removeDatabase("exhaust");
    const Run attention = cli(database + QStringList{"attention", "--json"});
    QCOMPARE(attention.exitCode, 0);
    const QJsonArray items = json(attention.out).array();
    QCOMPARE(items.size(), 1);
    const QJsonObject item = items.first().toObject();
    QCOMPARE(item[QStringLiteral("kind")].toString(), QStringLiteral("retrieval_error"));
    QCOMPARE(item[QStringLiteral("where")].toString(), QStringLiteral("cerner"));
    QCOMPARE(item[QStringLiteral("nextStep")].toString(),
             QStringLiteral("automatic retries used up. Inspect the patient's pull history."));
    QVERIFY(item[QStringLiteral("lastError")].toString().contains(QLatin1String("HTTP 503")));
    QVERIFY(item[QStringLiteral("command")].toString().startsWith(
        QLatin1String("medpull-cli pull --patient 1 --connection ")));
    const Run listed = cli(database + QStringList{"attention", "--kind", "retrieval_error"});
    QVERIFY2(listed.out.startsWith("1 item needs a person:\nretrieval_error  patient 1 "),
             listed.out.constData());
    const Run none = cli(database + QStringList{"attention", "--kind", "token_refresh_failed"});
    QCOMPARE(none.out.trimmed(), QByteArray("Nothing needs a person."));
}

void TestCli::killedRunsResumeToExactlyTheSandboxData() {
    SandboxProcess sandbox(
        QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE),
        {"--patients", "2", "--resources-per-patient", "2000", "--latency-ms", "5", "--calm"});
    QVERIFY(sandbox.isRunning());
    const QString path = m_dir.filePath(QStringLiteral("kill.sqlite"));
    const QStringList database{"--db", path};
    const Run seeded = cli(
        database + QStringList{"demo-seed", "--sandbox", sandbox.adminUrl(), "--patients", "2"});
    QVERIFY2(seeded.exitCode == 0, seeded.err.constData());

    // Short leases, so a restarted run takes a killed run's pulls over soon.
    const QStringList run = database + QStringList{"run", "--lease-seconds", "2"};
    for (int kill = 0; kill < 5; ++kill) {
        QProcess process;
        process.setProcessEnvironment(cliEnvironment());
        process.start(QStringLiteral(MEDPULL_CLI_EXECUTABLE), run);
        QVERIFY(process.waitForStarted());
        QThread::msleep(400 + QRandomGenerator::global()->bounded(1200));
        QCOMPARE(process.state(), QProcess::Running);
        process.kill(); // SIGKILL: no cleanup, leases stay behind
        QVERIFY(process.waitForFinished());
    }
    const Run last =
        cli(run + QStringList{"--until-idle", "--max-seconds", "90", "--json"}, 120000);
    QVERIFY2(last.exitCode == 0, last.err.constData());

    QVERIFY(compareWithSandbox(sandbox, path) > 0);

    // Nothing twice and no spurious versions: the sandbox's data never
    // changed, so every resource is at its first version.
    {
        QSqlDatabase check = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "check");
        check.setDatabaseName(path);
        QVERIFY(check.open());
        QSqlQuery query(check);
        QVERIFY(query.exec("SELECT COUNT(*) FROM (SELECT 1 FROM resources GROUP BY connection_id, "
                           "resource_type, fhir_id HAVING COUNT(*) > 1)") &&
                query.next());
        QCOMPARE(query.value(0).toInt(), 0);
        QVERIFY(query.exec("SELECT COUNT(*) FROM resource_versions") && query.next());
        QCOMPARE(query.value(0).toInt(), 0);
        QVERIFY(query.exec("SELECT COUNT(*) FROM resources WHERE version <> 1 OR deleted <> 0") &&
                query.next());
        QCOMPARE(query.value(0).toInt(), 0);
        query = QSqlQuery();
        check.close();
    }
    QSqlDatabase::removeDatabase("check");
}

TestCli::Worker TestCli::startWorker(const QString &database) {
    Worker worker;
    worker.process = std::make_unique<QProcess>();
    worker.process->setProcessEnvironment(cliEnvironment());
    worker.process->start(
        QStringLiteral(MEDPULL_CLI_EXECUTABLE),
        {"--db", database, "run", "--metrics-address", "127.0.0.1:0", "--log-format", "json"});
    // A log line says where the metrics are.
    if (!worker.process->waitForStarted(10000))
        return worker;
    worker.process->setReadChannel(QProcess::StandardError);
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 20000 && !worker.metrics.isValid()) {
        if (!worker.process->canReadLine()) {
            worker.process->waitForReadyRead(1000);
            continue;
        }
        const QJsonObject line = json(worker.process->readLine()).object();
        const QString message = line[QStringLiteral("message")].toString();
        if (message.startsWith(QLatin1String("metrics at ")))
            worker.metrics = QUrl(message.mid(11));
    }
    return worker;
}

// A worker's metrics while it pulls and after, against what it pulled.
void TestCli::metricsDuringAndAfterPulls() {
    SandboxProcess sandbox(
        QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE),
        {"--patients", "2", "--resources-per-patient", "800", "--latency-ms", "5", "--calm"});
    QVERIFY(sandbox.isRunning());
    const QString path = m_dir.filePath(QStringLiteral("metrics.sqlite"));
    const Run seeded = cli(
        {"--db", path, "demo-seed", "--sandbox", sandbox.adminUrl(), "--patients", "2", "--json"});
    QVERIFY2(seeded.exitCode == 0, seeded.err.constData());
    const int accounts = json(seeded.out)[QStringLiteral("connected")].toInt();
    QVERIFY(accounts >= 2);

    Worker worker = startWorker(path);
    QVERIFY2(worker.metrics.isValid(), worker.process->readAllStandardError().constData());
    QCOMPARE(worker.metrics.host(), QStringLiteral("127.0.0.1"));

    // During: pulls run and requests are counted.
    QHash<QString, double> during;
    QTRY_VERIFY_WITH_TIMEOUT(
        (during = scrape(worker.metrics), during.value(R"(medpull_pulls{status="running"})") >= 1 &&
                                              total(during, "medpull_fhir_requests_total") > 0),
        30000);
    QCOMPARE(total(during, "medpull_pulls"), double(accounts));

    // After: everything settled.
    QHash<QString, double> after;
    QTRY_VERIFY_WITH_TIMEOUT(
        (after = scrape(worker.metrics),
         after.value(R"(medpull_pulls_settled_total{status="succeeded"})") == accounts),
        90000);
    QCOMPARE(after.value(R"(medpull_pulls{status="succeeded"})"), double(accounts));
    QCOMPARE(after.value(R"(medpull_pulls{status="running"})"), 0.0);
    QCOMPARE(after.value(R"(medpull_pulls{status="queued"})"), 0.0);
    QCOMPARE(total(after, "medpull_pulls_settled_total", "failed"), 0.0);
    QCOMPARE(after.value("medpull_token_refresh_failures_total"), 0.0);
    QCOMPARE(after.value("medpull_retries_scheduled"), 0.0);
    QCOMPARE(after.value("medpull_database_reconnects_total"), 0.0);
    QVERIFY(after.contains("medpull_seconds_since_last_settled_pull"));
    QVERIFY(after.value("medpull_seconds_since_last_settled_pull") < 120);

    worker.process->terminate();
    QVERIFY(worker.process->waitForFinished(30000));
    QCOMPARE(worker.process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(worker.process->exitCode(), 0);
    // Every log line is one JSON object.
    for (const QByteArray &line : worker.process->readAllStandardError().split('\n')) {
        if (!line.isEmpty())
            QVERIFY2(json(line).isObject(), line.constData());
    }

    // The stored resources, each type's count as the metrics said, are the
    // sandbox's; every page was at least one successful request.
    QVERIFY(compareWithSandbox(sandbox, path) > 0);
    QMap<QString, double> stored;
    double pages = 0;
    QSet<QString> sources;
    for (const QJsonValue &patient :
         json(cli({"--db", path, "patients", "list", "--json"}).out).array()) {
        const QJsonObject status =
            json(cli({"--db", path, "status", "--patient",
                      QString::number(patient[QStringLiteral("id")].toInteger()), "--json"})
                     .out)
                .object();
        for (const QJsonValue &connection : status[QStringLiteral("connections")].toArray()) {
            sources.insert(connection[QStringLiteral("source")].toString());
            const QJsonObject counts = connection[QStringLiteral("resourceCounts")].toObject();
            for (auto it = counts.begin(); it != counts.end(); ++it)
                stored[it.key()] += it.value().toDouble();
        }
        for (const QJsonValue &pull : status[QStringLiteral("pulls")].toArray())
            pages += pull[QStringLiteral("pages")].toDouble();
    }
    QVERIFY(!stored.isEmpty());
    for (auto it = stored.cbegin(); it != stored.cend(); ++it)
        QCOMPARE(after.value(QStringLiteral(R"(medpull_resources{type="%1"})").arg(it.key())),
                 it.value());
    QCOMPARE(total(after, "medpull_resources"),
             std::accumulate(stored.cbegin(), stored.cend(), 0.0));
    QVERIFY2(total(after, "medpull_fhir_requests_total", R"(status="200")") >= pages,
             qPrintable(QString::number(pages)));
    for (const QString &source : sources)
        QVERIFY2(total(after, "medpull_fhir_requests_total",
                       QStringLiteral(R"(source="%1",status="200")").arg(source)) > 0,
                 qPrintable(source));
}

// SIGTERM in the middle of pulls: the worker exits 0 at once, its pulls are
// queued again without a lease, and the next run resumes them at once (not
// after the 60 s lease ran out) to exactly the sandbox's data.
void TestCli::sigtermHandsLeasesBack() {
    SandboxProcess sandbox(
        QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE),
        {"--patients", "2", "--resources-per-patient", "3000", "--latency-ms", "10", "--calm"});
    QVERIFY(sandbox.isRunning());
    const QString path = m_dir.filePath(QStringLiteral("sigterm.sqlite"));
    const Run seeded =
        cli({"--db", path, "demo-seed", "--sandbox", sandbox.adminUrl(), "--patients", "2"});
    QVERIFY2(seeded.exitCode == 0, seeded.err.constData());

    Worker worker = startWorker(path);
    QVERIFY(worker.metrics.isValid());
    QTRY_VERIFY_WITH_TIMEOUT(
        scrape(worker.metrics).value(R"(medpull_resources{type="Observation"})") > 0, 30000);
    QVERIFY(scrape(worker.metrics).value(R"(medpull_pulls{status="running"})") >= 1);
    QElapsedTimer stopping;
    stopping.start();
    worker.process->terminate();
    QVERIFY(worker.process->waitForFinished(30000));
    QCOMPARE(worker.process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(worker.process->exitCode(), 0);
    QVERIFY2(stopping.elapsed() < 10000, qPrintable(QString::number(stopping.elapsed())));
    QVERIFY(worker.process->readAllStandardError().contains("hand their leases back"));
    {
        QSqlDatabase check = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "sigterm");
        check.setDatabaseName(path);
        QVERIFY(check.open());
        QSqlQuery query(check);
        QVERIFY(query.exec("SELECT COUNT(*) FROM pulls WHERE lease_owner IS NOT NULL OR "
                           "status = 'running'") &&
                query.next());
        QCOMPARE(query.value(0).toInt(), 0);
        QVERIFY(query.exec("SELECT COUNT(*) FROM pulls WHERE status = 'queued'") && query.next());
        QVERIFY(query.value(0).toInt() >= 1);
        query = QSqlQuery();
        check.close();
    }
    QSqlDatabase::removeDatabase("sigterm");

    const Run last =
        cli({"--db", path, "run", "--until-idle", "--max-seconds", "50", "--json"}, 70000);
    QVERIFY2(last.exitCode == 0, last.err.constData());
    QVERIFY(compareWithSandbox(sandbox, path) > 0);
}

// Registration settings from the command line: a secret read from a file and
// never printed, a key pair whose public JWKS is printed, a refused edit that
// names the field, key rotation, remove and disable.
void TestCli::sourcesManagement() {
    SandboxProcess sandbox(
        QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE),
        {"--patients", "1", "--resources-per-patient", "5", "--calm", "--registration-portals"});
    QVERIFY(sandbox.isRunning());
    const QStringList database = db("sources.sqlite");
    const QString secret =
        sandbox
            .admin(QStringLiteral("/portals/confidential-basic/client"))[QStringLiteral("secret")]
            .toString();
    QVERIFY(!secret.isEmpty());
    QFile secretFile(m_dir.filePath(QStringLiteral("secret.txt")));
    QVERIFY(secretFile.open(QIODevice::WriteOnly));
    secretFile.write(secret.toUtf8() + '\n');
    secretFile.close();

    const Run basic =
        cli(database + QStringList{"sources", "add", "--name", "basic", "--fhir-base",
                                   sandbox.fhirBase("confidential-basic"), "--client-id", "medpull",
                                   "--client-secret-file", secretFile.fileName(), "--json"});
    QVERIFY2(basic.exitCode == 0, basic.err.constData());
    QCOMPARE(json(basic.out)[QStringLiteral("clientAuth")].toString(),
             QStringLiteral("client_secret_basic"));
    QVERIFY(json(basic.out)[QStringLiteral("credentialsStored")].toBool());

    const Run jwt = cli(database + QStringList{"sources", "add", "--name", "jwt", "--fhir-base",
                                               sandbox.fhirBase("confidential-jwt"), "--client-id",
                                               "medpull", "--signing-alg", "ES384", "--json"});
    QVERIFY2(jwt.exitCode == 0, jwt.err.constData());
    QCOMPARE(json(jwt.out)[QStringLiteral("clientAuth")].toString(),
             QStringLiteral("private_key_jwt"));
    const Run jwks = cli(database + QStringList{"sources", "jwks", "jwt"});
    QVERIFY2(jwks.exitCode == 0, jwks.err.constData());
    const QJsonArray keys = json(jwks.out)[QStringLiteral("keys")].toArray();
    QCOMPARE(keys.size(), 1);
    QCOMPARE(keys.first()[QStringLiteral("crv")].toString(), QStringLiteral("P-384"));
    QVERIFY(!keys.first().toObject().contains(QStringLiteral("d")));

    const Run listed = cli(database + QStringList{"sources", "list", "--json"});
    const Run text = cli(database + QStringList{"sources", "list"});
    for (const Run *run : {&basic, &jwt, &jwks, &listed, &text}) {
        QVERIFY(!run->out.contains(secret.toUtf8()));
        QVERIFY(!run->out.contains("PRIVATE KEY"));
        QVERIFY(!run->out.contains("ciphertext"));
    }
    QVERIFY2(text.out.contains("client_secret_basic, secret stored"), text.out.constData());

    const Run refused = cli(database + QStringList{"sources", "edit", "basic", "--redirect-uri",
                                                   "https://example.org/callback"});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("redirect URI"), refused.err.constData());

    const Run rotated =
        cli(database + QStringList{"sources", "edit", "jwt", "--rotate-key", "--json"});
    QVERIFY2(rotated.exitCode == 0, rotated.err.constData());
    QCOMPARE(json(rotated.out)[QStringLiteral("signingKeyIds")].toArray().size(), 2);

    const Run removed = cli(database + QStringList{"sources", "remove", "jwt", "--json"});
    QVERIFY2(removed.exitCode == 0, removed.err.constData());
    QVERIFY(json(removed.out)[QStringLiteral("removed")].toBool());
    const Run disabled = cli(database + QStringList{"sources", "disable", "basic", "--json"});
    QVERIFY2(disabled.exitCode == 0, disabled.err.constData());
    QVERIFY(!json(disabled.out)[QStringLiteral("enabled")].toBool());
    const Run noSource = cli(database + QStringList{"sources", "jwks", "jwt"});
    QCOMPARE(noSource.exitCode, 1);
}

QTEST_GUILESS_MAIN(TestCli)

#include "tst_cli.moc"
