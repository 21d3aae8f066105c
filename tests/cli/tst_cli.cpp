// medpull-cli as a user runs it: real processes, a real sandbox process on
// loopback, a real SQLite file, SIGKILL in the middle of a pull.

#include <QCryptographicHash>
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
    QString fhirBase(const QString &portal) const {
        for (const QJsonValue &entry : m_info.value(QStringLiteral("portals")).toArray()) {
            if (entry[QStringLiteral("name")].toString() == portal)
                return entry[QStringLiteral("fhirBase")].toString();
        }
        return {};
    }
    QJsonObject admin(const QString &path) {
        QNetworkReply *reply = m_network.get(QNetworkRequest(QUrl(adminUrl() + path)));
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        return QJsonDocument::fromJson(reply->readAll()).object();
    }

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

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void badArguments_data();
    void badArguments();
    void corruptDatabaseIsLeftAlone_data();
    void corruptDatabaseIsLeftAlone();
    void endToEnd();
    void killedRunsResumeToExactlyTheSandboxData();
    void sourcesManagement();

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

// Registration settings from the command line: a secret read from a file and
// never printed, a key pair whose public JWKS is printed, a refused edit that
// names the field, key rotation, remove and disable.
void TestCli::sourcesManagement() {
    Sandbox sandbox(
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
