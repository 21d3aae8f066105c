// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// medpull-cli as an operator runs it, under the faults operations bring:
// PostgreSQL stopped and started again under a running pull, a process
// stalled past its lease while another takes its pull over, a disk that
// fills up, a database on a read-only file system. Real processes, a real
// sandbox process on loopback, a real PostgreSQL server, a real tmpfs.

#include "childprocess.h"
#include "pgcluster.h"
#include "sandboxprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>
#include <QUuid>

#include <csignal>
#include <memory>
#include <sys/mount.h>
#include <unistd.h>

using namespace medpull::test;

namespace {

// Key files of PostgreSQL databases go to the test's own app-data folder.
QProcessEnvironment opsEnvironment() {
    static QTemporaryDir dataHome;
    return cliEnvironment(dataHome.path());
}

Run cli(const QStringList &arguments, int timeoutMs = 60000) {
    return runProcess(QStringLiteral(MEDPULL_CLI_EXECUTABLE), arguments, opsEnvironment(),
                      timeoutMs);
}

// A medpull-cli process the test watches while it runs; its stderr is
// collected as it comes.
class CliProcess {
public:
    explicit CliProcess(const QStringList &arguments) {
        m_process.setProcessEnvironment(opsEnvironment());
        QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                         [this] { m_err += m_process.readAllStandardError(); });
        m_process.start(QStringLiteral(MEDPULL_CLI_EXECUTABLE), arguments);
        m_process.waitForStarted();
    }
    ~CliProcess() {
        if (m_process.state() != QProcess::NotRunning) {
            ::kill(pid(), SIGCONT);
            m_process.kill();
            m_process.waitForFinished();
        }
    }

    qint64 pid() const { return m_process.processId(); }
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    // What it wrote to stderr so far (the event loop must have run).
    QByteArray err() const { return m_err; }
    // Its exit code after waiting up to `timeoutMs`; -1 when it did not exit
    // normally.
    int finish(int timeoutMs) {
        if (!m_process.waitForFinished(timeoutMs)) {
            m_process.kill();
            m_process.waitForFinished();
            return -1;
        }
        m_err += m_process.readAllStandardError();
        m_out = m_process.readAllStandardOutput();
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    QByteArray out() const { return m_out; }

private:
    QProcess m_process;
    QByteArray m_err;
    QByteArray m_out;
};

// Every connection's stored counts equal the sandbox's, and every pull
// succeeded. Returns the number of connections compared, 0 on a mismatch.
int matchesSandbox(SandboxProcess &sandbox, const QString &database) {
    const Run patients = cli({"--db", database, "patients", "list", "--json"});
    if (patients.exitCode != 0) {
        qWarning("patients list: %s", patients.err.constData());
        return 0;
    }
    int connections = 0;
    for (const QJsonValue &patient : QJsonDocument::fromJson(patients.out).array()) {
        const QString id = QString::number(patient[QStringLiteral("id")].toInteger());
        const Run status = cli({"--db", database, "status", "--patient", id, "--json"});
        const QJsonObject report = QJsonDocument::fromJson(status.out).object();
        for (const QJsonValue &connection : report[QStringLiteral("connections")].toArray()) {
            ++connections;
            const QJsonObject expected =
                sandbox.counts(connection[QStringLiteral("source")].toString(),
                               connection[QStringLiteral("fhirPatientId")].toString());
            const QJsonObject stored = connection[QStringLiteral("resourceCounts")].toObject();
            if (expected != stored || expected.isEmpty()) {
                qWarning("stored %s, sandbox %s", QJsonDocument(stored).toJson().constData(),
                         QJsonDocument(expected).toJson().constData());
                return 0;
            }
        }
        for (const QJsonValue &pull : report[QStringLiteral("pulls")].toArray()) {
            if (pull[QStringLiteral("status")].toString() != QLatin1String("succeeded")) {
                qWarning("pull %lld is %s: %s", pull[QStringLiteral("id")].toInteger(),
                         qPrintable(pull[QStringLiteral("status")].toString()),
                         qPrintable(pull[QStringLiteral("error")].toString()));
                return 0;
            }
        }
    }
    return connections;
}

// A connection to a test's PostgreSQL database, beside medpull's.
class PgProbe {
public:
    explicit PgProbe(const QString &location)
        : m_name(QUuid::createUuid().toString()) {
        const QUrl url(location);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
        db.setHostName(QUrlQuery(url).queryItemValue(QStringLiteral("host")));
        db.setPort(url.port());
        db.setUserName(url.userName());
        db.setDatabaseName(url.path().mid(1));
        db.open();
    }
    ~PgProbe() {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }

    QVariant scalar(const QString &statement) const {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        return query.exec(statement) && query.next() ? query.value(0) : QVariant();
    }
    bool exec(const QString &statement) const {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        return query.exec(statement);
    }

private:
    QString m_name;
};

// A small tmpfs mounted for the test (CI runs as root); unmounted at the end.
class Tmpfs {
public:
    Tmpfs(const QString &path, const QByteArray &options)
        : m_path(path) {
        QDir().mkpath(path);
        m_mounted = ::mount("medpull-test", QFile::encodeName(path).constData(), "tmpfs", 0,
                            options.constData()) == 0;
        if (!m_mounted)
            m_error = QString::fromLocal8Bit(strerror(errno));
    }
    ~Tmpfs() {
        if (m_mounted)
            ::umount2(QFile::encodeName(m_path).constData(), MNT_DETACH);
    }
    bool isMounted() const { return m_mounted; }
    QString error() const { return m_error; }
    bool remount(const QByteArray &options) {
        return ::mount("medpull-test", QFile::encodeName(m_path).constData(), "tmpfs", MS_REMOUNT,
                       options.constData()) == 0;
    }
    bool remountReadOnly(bool readOnly) {
        return ::mount("medpull-test", QFile::encodeName(m_path).constData(), "tmpfs",
                       MS_REMOUNT | (readOnly ? MS_RDONLY : 0), nullptr) == 0;
    }

private:
    QString m_path;
    bool m_mounted = false;
    QString m_error;
};

// Fills the file system holding `folder` up to `leaveFree` bytes.
bool fill(const QString &folder, qint64 leaveFree, QString *filler) {
    *filler = folder + QStringLiteral("/filler");
    QFile file(*filler);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append))
        return false;
    const QByteArray block(64 * 1024, 'f');
    for (;;) {
        const QStorageInfo storage(folder);
        if (storage.bytesAvailable() <= leaveFree + block.size())
            break;
        if (file.write(block) != block.size())
            break;
        file.flush();
    }
    return true;
}

} // namespace

class TestOpsFaults : public QObject {
    Q_OBJECT

private slots:
    void postgresRestartMidPull();
    void stalledProcessWritesNothingAfterTakeover();
    void fullDiskPausesAndResumes();
    void readOnlyDatabaseSaysSoOnce();

private:
    QTemporaryDir m_dir;
};

// The segfault and "exception thrown from an event handler": the
// server stops for a while under a running pull and comes back. The process
// stays up, says once that it waits, and finishes with exactly the
// sandbox's data.
void TestOpsFaults::postgresRestartMidPull() {
    std::unique_ptr<PgCluster> cluster;
    try {
        cluster = std::make_unique<PgCluster>();
    } catch (const std::exception &error) {
        QFAIL(error.what());
    }
    const QString location = cluster->createDatabase(QStringLiteral("outage"));
    SandboxProcess sandbox(
        QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE),
        {"--patients", "2", "--resources-per-patient", "600", "--latency-ms", "20", "--calm"});
    QVERIFY(sandbox.isRunning());
    const Run seeded =
        cli({"--db", location, "demo-seed", "--sandbox", sandbox.adminUrl(), "--patients", "2"});
    QVERIFY2(seeded.exitCode == 0, seeded.err.constData());

    CliProcess run({"--db", location, "run", "--until-idle", "--max-seconds", "150", "--json"});
    QVERIFY(run.isRunning());
    {
        PgProbe probe(location);
        QTRY_VERIFY_WITH_TIMEOUT(
            probe.scalar(QStringLiteral("SELECT COALESCE(SUM(pages), 0) FROM pulls"))
                    .toLongLong() >= 3,
            30000);
    }
    cluster->stop();
    // The run notices, says so once, and keeps waiting.
    QTRY_VERIFY_WITH_TIMEOUT(run.err().contains("database unavailable, retrying"), 30000);
    QVERIFY2(run.isRunning(), run.err().constData());
    // Down long enough for several retries.
    QTest::qWait(4000);
    QVERIFY2(run.isRunning(), run.err().constData());
    cluster->start();

    const int code = run.finish(150000);
    QVERIFY2(code == 0, run.err().constData());
    QVERIFY2(run.err().count("database unavailable, retrying") == 1, run.err().constData());
    QVERIFY2(run.err().contains("database available again"), run.err().constData());
    QVERIFY2(!run.err().contains("exception"), run.err().constData());
    QVERIFY(matchesSandbox(sandbox, location) > 0);
    PgProbe probe(location);
    QCOMPARE(probe
                 .scalar(QStringLiteral(
                     "SELECT count(*) FROM (SELECT 1 FROM resources GROUP BY connection_id, "
                     "resource_type, fhir_id HAVING count(*) > 1) d"))
                 .toInt(),
             0);
    QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM resource_versions")).toInt(), 0);
}

// Two processes on one PostgreSQL database: the first is stopped (SIGSTOP)
// past its lease, the second takes its pull over, then the first resumes
// (SIGCONT) with a page in hand. It writes nothing to that pull any more.
void TestOpsFaults::stalledProcessWritesNothingAfterTakeover() {
    const QString location = PgCluster::shared().createDatabase(QStringLiteral("stall"));
    SandboxProcess sandbox(
        QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE),
        {"--patients", "1", "--resources-per-patient", "1500", "--latency-ms", "300", "--calm"});
    QVERIFY(sandbox.isRunning());
    const Run seeded =
        cli({"--db", location, "demo-seed", "--sandbox", sandbox.adminUrl(), "--patients", "1"});
    QVERIFY2(seeded.exitCode == 0, seeded.err.constData());

    // Every write to the pulls' rows, queries and resources, with the
    // server process (session) that made it.
    PgProbe probe(location);
    QVERIFY(probe.exec(
        QStringLiteral("CREATE TABLE audit (id BIGSERIAL PRIMARY KEY, backend INTEGER, tbl TEXT, "
                       "pull_id BIGINT)")));
    QVERIFY(probe.exec(QStringLiteral(
        "CREATE FUNCTION audit_write() RETURNS trigger AS $$ BEGIN "
        "INSERT INTO audit (backend, tbl, pull_id) VALUES (pg_backend_pid(), "
        "TG_TABLE_NAME, (to_jsonb(NEW) ->> CASE TG_TABLE_NAME WHEN 'pulls' THEN 'id' "
        "WHEN 'pull_queries' THEN 'pull_id' ELSE 'last_pull_id' END)::bigint); "
        "RETURN NEW; END $$ LANGUAGE plpgsql")));
    for (const char *table : {"pulls", "pull_queries", "resources"})
        QVERIFY(probe.exec(QStringLiteral("CREATE TRIGGER audit_%1 AFTER INSERT OR UPDATE ON %1 "
                                          "FOR EACH ROW EXECUTE FUNCTION audit_write()")
                               .arg(QLatin1String(table))));

    const QStringList run{"--db", location, "run", "--lease-seconds", "3"};
    CliProcess stalled(run);
    const QString stalledPid = QStringLiteral(":%1:").arg(stalled.pid());
    qint64 pullId = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        (pullId = probe
                      .scalar(QStringLiteral("SELECT id FROM pulls WHERE status = 'running' AND "
                                             "pages >= 2 AND lease_owner LIKE '%%1%'")
                                  .arg(stalledPid))
                      .toLongLong()) > 0,
        60000);
    // Its sessions: every client session but the probe's, before the
    // successor starts.
    const QString stalledSessions =
        QStringLiteral("SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' AND "
                       "datname = current_database() AND pid <> pg_backend_pid()");
    // Stopped while it waits for the portal, not inside a transaction (that
    // would hold the other process up, which is not what is tested here).
    for (int attempt = 0;; ++attempt) {
        QCOMPARE(::kill(stalled.pid(), SIGSTOP), 0);
        if (probe
                .scalar(QStringLiteral("SELECT count(*) FROM (%1) s JOIN pg_stat_activity a "
                                       "USING (pid) WHERE a.state LIKE 'idle in%'")
                            .arg(stalledSessions))
                .toInt() == 0)
            break;
        QVERIFY(attempt < 50);
        ::kill(stalled.pid(), SIGCONT);
        QTest::qWait(20);
    }

    QVERIFY(probe.exec(QStringLiteral("CREATE TABLE stalled_sessions AS %1").arg(stalledSessions)));
    QVERIFY(probe.scalar(QStringLiteral("SELECT count(*) FROM stalled_sessions")).toInt() > 0);
    CliProcess successor(run + QStringList{"--until-idle", "--max-seconds", "120"});
    QTRY_VERIFY_WITH_TIMEOUT(
        !probe.scalar(QStringLiteral("SELECT lease_owner FROM pulls WHERE id = %1").arg(pullId))
             .toString()
             .contains(stalledPid),
        30000);
    const qint64 takeover = probe.scalar(QStringLiteral("SELECT max(id) FROM audit")).toLongLong();
    QCOMPARE(::kill(stalled.pid(), SIGCONT), 0);

    QVERIFY2(successor.finish(150000) == 0, successor.err().constData());
    // The stalled process noticed, said so, and wrote nothing to that pull.
    QTRY_VERIFY_WITH_TIMEOUT(
        stalled.err().contains("another engine") || stalled.err().contains("taken over"), 15000);
    QCOMPARE(probe
                 .scalar(QStringLiteral("SELECT count(*) FROM audit WHERE id > %1 AND backend IN "
                                        "(SELECT pid FROM stalled_sessions) AND pull_id = %2")
                             .arg(takeover)
                             .arg(pullId))
                 .toInt(),
             0);
    ::kill(stalled.pid(), SIGTERM);
    QCOMPARE(stalled.finish(30000), 0);
    QVERIFY(matchesSandbox(sandbox, location) > 0);
    QCOMPARE(probe
                 .scalar(QStringLiteral(
                     "SELECT count(*) FROM (SELECT 1 FROM resources GROUP BY connection_id, "
                     "resource_type, fhir_id HAVING count(*) > 1) d"))
                 .toInt(),
             0);
}

// The database's disk fills up under a running pull: one clear line, no
// hang, no crash, nothing lost; once space is freed the run finishes with
// exactly the sandbox's data, and the database opens as before.
void TestOpsFaults::fullDiskPausesAndResumes() {
    if (::geteuid() != 0)
        QSKIP("mounting a tmpfs needs root; CI runs as root (.ci/run)");
    Tmpfs disk(m_dir.filePath(QStringLiteral("full")), "size=24m,mode=0700");
    QVERIFY2(disk.isMounted(), qPrintable(disk.error()));
    const QString path = m_dir.filePath(QStringLiteral("full/records.sqlite"));
    SandboxProcess sandbox(
        QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE),
        {"--patients", "2", "--resources-per-patient", "1500", "--latency-ms", "5", "--calm"});
    QVERIFY(sandbox.isRunning());
    const Run seeded =
        cli({"--db", path, "demo-seed", "--sandbox", sandbox.adminUrl(), "--patients", "2"});
    QVERIFY2(seeded.exitCode == 0, seeded.err.constData());

    QString filler;
    QVERIFY(fill(m_dir.filePath(QStringLiteral("full")), 256 * 1024, &filler));
    CliProcess run({"--db", path, "run", "--until-idle", "--max-seconds", "120", "--json"});
    QTRY_VERIFY_WITH_TIMEOUT(run.err().contains("database unavailable, retrying"), 60000);
    QVERIFY2(run.err().contains("disk is full"), run.err().constData());
    QVERIFY2(run.isRunning(), run.err().constData());
    // It waits, retrying now and then, without repeating itself.
    QTest::qWait(3000);
    QVERIFY2(run.isRunning(), run.err().constData());
    QCOMPARE(run.err().count("database unavailable"), 1);

    QVERIFY(QFile::remove(filler));
    const int code = run.finish(120000);
    QVERIFY2(code == 0, run.err().constData());
    QVERIFY2(run.err().contains("database available again"), run.err().constData());
    QVERIFY(matchesSandbox(sandbox, path) > 0);
    const Run check = cli({"--db", path, "patients", "list"});
    QVERIFY2(check.exitCode == 0, check.err.constData());

    // Completely full: a new database is made while there is room, then
    // nothing fits any more. demo-seed ends with one line instead of
    // hanging or crashing.
    const QString fresh = m_dir.filePath(QStringLiteral("full/fresh.sqlite"));
    QCOMPARE(cli({"--db", fresh, "patients", "list"}).exitCode, 0);
    QVERIFY(fill(m_dir.filePath(QStringLiteral("full")), 0, &filler));
    const Run noRoom = cli(
        {"--db", fresh, "demo-seed", "--sandbox", sandbox.adminUrl(), "--patients", "2"}, 60000);
    QVERIFY2(noRoom.exitCode > 0, noRoom.err.constData());
    const QList<QByteArray> lines = noRoom.err.trimmed().split('\n');
    // SQLite reports a write that found no room as SQLITE_FULL, or as an I/O
    // error when it was its log or shared memory that could not grow.
    QVERIFY2(lines.size() <= 2 && lines.last().startsWith("medpull-cli: ") &&
                 (lines.last().contains("disk is full") ||
                  lines.last().contains("cannot be read or written: disk I/O error")),
             noRoom.err.constData());
    QVERIFY(QFile::remove(filler));
    QCOMPARE(cli({"--db", fresh, "patients", "list"}).exitCode, 0);
    QCOMPARE(cli({"--db", path, "patients", "list"}).exitCode, 0);
}

// A database on a read-only file system, with work pending: one clear line,
// not a warning repeated in a loop.
void TestOpsFaults::readOnlyDatabaseSaysSoOnce() {
    if (::geteuid() != 0)
        QSKIP("mounting a tmpfs needs root; CI runs as root (.ci/run)");
    Tmpfs disk(m_dir.filePath(QStringLiteral("ro")), "size=16m,mode=0700");
    QVERIFY2(disk.isMounted(), qPrintable(disk.error()));
    const QString path = m_dir.filePath(QStringLiteral("ro/records.sqlite"));
    SandboxProcess sandbox(QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE),
                           {"--patients", "1", "--resources-per-patient", "200", "--calm"});
    QVERIFY(sandbox.isRunning());
    const Run seeded =
        cli({"--db", path, "demo-seed", "--sandbox", sandbox.adminUrl(), "--patients", "1"});
    QVERIFY2(seeded.exitCode == 0, seeded.err.constData());
    QVERIFY(disk.remountReadOnly(true));

    const Run run = cli({"--db", path, "run", "--until-idle", "--max-seconds", "20"}, 40000);
    QVERIFY2(run.exitCode > 0, run.err.constData());
    QVERIFY2(run.err.contains("read-only") && run.err.count('\n') == 1, run.err.constData());

    QVERIFY(disk.remountReadOnly(false));
    const Run writable =
        cli({"--db", path, "run", "--until-idle", "--max-seconds", "60", "--json"}, 90000);
    QVERIFY2(writable.exitCode == 0, writable.err.constData());
    QVERIFY(matchesSandbox(sandbox, path) > 0);
}

QTEST_GUILESS_MAIN(TestOpsFaults)
#include "tst_opsfaults.moc"
