// medpull-cli as a user runs it: real processes, a real sandbox process on
// loopback, a real SQLite file, SIGKILL in the middle of a pull.

#include <QCryptographicHash>
#include <QDir>
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

#include <memory>

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

QProcessEnvironment cliEnvironment() {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("MEDPULL_KEY_FILE_ONLY"), QStringLiteral("1"));
    return environment;
}

Run cli(const QStringList &arguments, int timeoutMs = 60000) {
    QProcess process;
    process.setProcessEnvironment(cliEnvironment());
    process.start(QStringLiteral(MEDPULL_CLI_EXECUTABLE), arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {-1, process.readAllStandardOutput(), "timed out: " + arguments.join(' ').toUtf8()};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError()};
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

// medpull-sandbox as a child process that dies with the test.
class Sandbox {
public:
    explicit Sandbox(const QStringList &arguments) {
        m_process.start(QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE), arguments);
        if (!m_process.waitForStarted(10000) || !m_process.waitForReadyRead(20000))
            return;
        while (!m_process.canReadLine() && m_process.waitForReadyRead(5000)) {
        }
        m_info = QJsonDocument::fromJson(m_process.readLine()).object();
    }
    ~Sandbox() {
        m_process.kill();
        m_process.waitForFinished();
    }

    bool isRunning() const { return !m_info.isEmpty(); }
    QString adminUrl() const { return m_info.value(QStringLiteral("admin")).toString(); }

    // Exactly what a complete pull of the patient retrieves, per type.
    QJsonObject counts(const QString &portal, const QString &patient) {
        QNetworkReply *reply = m_network.get(QNetworkRequest(
            QUrl(adminUrl() + QStringLiteral("/portals/%1/patients/%2").arg(portal, patient))));
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        return QJsonDocument::fromJson(reply->readAll())
            .object()
            .value(QStringLiteral("counts"))
            .toObject();
    }

private:
    QProcess m_process;
    QJsonObject m_info;
    QNetworkAccessManager m_network;
};

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
    void killedRunsResumeToExactlyTheSandboxData();

private:
    QStringList db(const QString &name) const { return {"--db", m_dir.filePath(name)}; }
    // Compares every connection's stored counts with the sandbox's; returns
    // the total number of resources stored.
    qint64 compareWithSandbox(Sandbox &sandbox, const QString &database);

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

qint64 TestCli::compareWithSandbox(Sandbox &sandbox, const QString &database) {
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
    Sandbox sandbox({"--patients", "3", "--resources-per-patient", "40", "--calm"});
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

void TestCli::killedRunsResumeToExactlyTheSandboxData() {
    Sandbox sandbox(
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

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
