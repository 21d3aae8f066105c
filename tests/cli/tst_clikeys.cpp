// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The token key as an operator handles it: a key file moved away, the same
// PostgreSQL database under another spelling of its URL, and `key export` /
// `key import` to give a second machine the key. Real medpull-cli processes
// against a real medpull-sandbox process, real SQLite files and a real
// PostgreSQL server.

#include "childprocess.h"
#include "pgcluster.h"
#include "sandboxprocess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace medpull::test;

namespace {

// `dataHome` stands for a machine: where it keeps PostgreSQL key files.
Run cli(const QStringList &arguments, const QString &dataHome, int timeoutMs = 90000) {
    QProcessEnvironment environment = cliEnvironment(dataHome);
    environment.remove(QStringLiteral("MEDPULL_KEY_PASSPHRASE"));
    return runProcess(QStringLiteral(MEDPULL_CLI_EXECUTABLE), arguments, environment, timeoutMs);
}

const QStringList sandboxArguments{"--patients", "2", "--resources-per-patient", "20", "--calm"};

// Every account's state and its sealed tokens, as the database holds them.
QByteArray accounts(const QStringList &database, const QString &dataHome) {
    QByteArray all;
    for (int patient = 1; patient <= 2; ++patient) {
        const Run status =
            cli(database + QStringList{"status", "--patient", QString::number(patient), "--json"},
                dataHome);
        const QJsonArray connections =
            QJsonDocument::fromJson(status.out)[QStringLiteral("connections")].toArray();
        all += QJsonDocument(connections).toJson(QJsonDocument::Compact);
    }
    return all;
}

QByteArray sealedTokens(const QString &sqlitePath) {
    QByteArray all;
    {
        QSqlDatabase check = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "tokens");
        check.setDatabaseName(sqlitePath);
        if (check.open()) {
            QSqlQuery query(check);
            query.exec("SELECT connection_id, key_id, ciphertext FROM tokens ORDER BY 1");
            while (query.next())
                all += query.value(1).toByteArray() + query.value(2).toByteArray();
        }
    }
    QSqlDatabase::removeDatabase("tokens");
    return all;
}

void writeFile(const QString &path, const QByteArray &bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

} // namespace

class TestCliKeys : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void movedKeyFileStopsTheEngineUntilImported();
    void postgresKeyFollowsTheDatabaseNotTheUrl();

private:
    QTemporaryDir m_dir;
    QString m_passphraseFile;
};

void TestCliKeys::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_passphraseFile = m_dir.filePath(QStringLiteral("passphrase.txt"));
    writeFile(m_passphraseFile, "a long passphrase for tests\n");
}

void TestCliKeys::movedKeyFileStopsTheEngineUntilImported() {
    SandboxProcess sandbox(QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE), sandboxArguments);
    QVERIFY(sandbox.isRunning());
    const QString home = m_dir.filePath(QStringLiteral("home-sqlite"));
    const QString path = m_dir.filePath(QStringLiteral("clinic.sqlite"));
    const QStringList database{"--db", path};
    const Run seeded = cli(database + QStringList{"demo-seed", "--sandbox", sandbox.adminUrl(),
                                                  "--patients", "2", "--wait"},
                           home);
    QVERIFY2(seeded.exitCode == 0, seeded.err.constData());
    const QString keyFile = path + QStringLiteral(".key");
    QVERIFY(QFileInfo::exists(keyFile));

    const QString exported = m_dir.filePath(QStringLiteral("clinic.medpullkey"));
    const Run exportRun = cli(
        database + QStringList{"key", "export", exported, "--passphrase-file", m_passphraseFile},
        home);
    QVERIFY2(exportRun.exitCode == 0, exportRun.err.constData());
    QCOMPARE(QFile(exported).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());
    // It never overwrites a file.
    const Run again = cli(
        database + QStringList{"key", "export", exported, "--passphrase-file", m_passphraseFile},
        home);
    QCOMPARE(again.exitCode, 1);

    const QByteArray accountsBefore = accounts(database, home);
    const QByteArray tokensBefore = sealedTokens(path);
    QVERIFY(accountsBefore.contains("\"active\""));
    QVERIFY(!tokensBefore.isEmpty());

    QVERIFY(QFile::rename(keyFile, m_dir.filePath(QStringLiteral("elsewhere.key"))));
    const Run refused =
        cli(database + QStringList{"run", "--until-idle", "--max-seconds", "30"}, home);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(keyFile.toUtf8()) && refused.err.contains("key import"),
             refused.err.constData());
    QVERIFY(!QFileInfo::exists(keyFile));
    QCOMPARE(accounts(database, home), accountsBefore);
    QCOMPARE(sealedTokens(path), tokensBefore);

    // A wrong passphrase imports nothing.
    const QString wrong = m_dir.filePath(QStringLiteral("wrong.txt"));
    writeFile(wrong, "not the passphrase at all\n");
    const Run wrongImport =
        cli(database + QStringList{"key", "import", exported, "--passphrase-file", wrong}, home);
    QCOMPARE(wrongImport.exitCode, 1);
    QVERIFY2(wrongImport.err.contains("wrong passphrase"), wrongImport.err.constData());
    QVERIFY(!QFileInfo::exists(keyFile));

    // Another database's key is refused.
    const QString otherPath = m_dir.filePath(QStringLiteral("other.sqlite"));
    QCOMPARE(cli({"--db", otherPath, "patients", "add", "--name", "Bo"}, home).exitCode, 0);
    const QString otherExport = m_dir.filePath(QStringLiteral("other.medpullkey"));
    QCOMPARE(cli({"--db", otherPath, "key", "export", otherExport, "--passphrase-file",
                  m_passphraseFile},
                 home)
                 .exitCode,
             0);
    const Run foreign = cli(
        database + QStringList{"key", "import", otherExport, "--passphrase-file", m_passphraseFile},
        home);
    QCOMPARE(foreign.exitCode, 1);
    QVERIFY2(foreign.err.contains("nothing was imported"), foreign.err.constData());
    QVERIFY(!QFileInfo::exists(keyFile));

    const Run imported = cli(
        database + QStringList{"key", "import", exported, "--passphrase-file", m_passphraseFile},
        home);
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    QVERIFY(QFileInfo::exists(keyFile));
    QCOMPARE(QFile(keyFile).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());

    const Run resumed = cli(database + QStringList{"pull", "--patient", "1"}, home);
    QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
    const Run run = cli(database + QStringList{"run", "--until-idle", "--max-seconds", "60"}, home);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QByteArray accountsAfter = accounts(database, home);
    QVERIFY2(!accountsAfter.contains("refresh_failed"), accountsAfter.constData());
    QVERIFY(accountsAfter.contains("\"active\""));
}

void TestCliKeys::postgresKeyFollowsTheDatabaseNotTheUrl() {
    QString url;
    try {
        url = medpull::test::PgCluster::shared().createDatabase(QStringLiteral("clikeys"));
    } catch (const std::exception &error) {
        QFAIL(error.what());
    }
    SandboxProcess sandbox(QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE), sandboxArguments);
    QVERIFY(sandbox.isRunning());
    const QString machineA = m_dir.filePath(QStringLiteral("machine-a"));
    const QString machineB = m_dir.filePath(QStringLiteral("machine-b"));
    const Run seeded = cli(
        {"--db", url, "demo-seed", "--sandbox", sandbox.adminUrl(), "--patients", "2", "--wait"},
        machineA);
    QVERIFY2(seeded.exitCode == 0, seeded.err.constData());
    const QStringList keys =
        QDir(machineA + QStringLiteral("/medpull/keys")).entryList(QDir::Files);
    QCOMPARE(keys.size(), 1);

    // The same database, spelt with an extra option: the same key.
    const QString spelt =
        url + (url.contains(QLatin1Char('?')) ? QStringLiteral("&") : QStringLiteral("?")) +
        QStringLiteral("connect_timeout=10");
    QVERIFY2(cli({"--db", spelt, "pull", "--patient", "1"}, machineA).exitCode == 0, "pull");
    const Run run = cli({"--db", spelt, "run", "--until-idle", "--max-seconds", "60"}, machineA);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(QDir(machineA + QStringLiteral("/medpull/keys")).entryList(QDir::Files), keys);
    const QByteArray accountsBefore = accounts({"--db", url}, machineA);
    QVERIFY2(!accountsBefore.contains("refresh_failed"), accountsBefore.constData());

    // A second worker on another machine has no key yet: it refuses to start
    // and says where it looked.
    const Run refused = cli({"--db", url, "run", "--until-idle", "--max-seconds", "30"}, machineB);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QDir(machineB).absolutePath().toUtf8()) &&
                 refused.err.contains("key import"),
             refused.err.constData());
    QCOMPARE(accounts({"--db", url}, machineA), accountsBefore);

    const QString exported = m_dir.filePath(QStringLiteral("pg.medpullkey"));
    QCOMPARE(cli({"--db", url, "key", "export", exported, "--passphrase-file", m_passphraseFile},
                 machineA)
                 .exitCode,
             0);
    const Run imported =
        cli({"--db", spelt, "key", "import", exported, "--passphrase-file", m_passphraseFile},
            machineB);
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    QCOMPARE(QDir(machineB + QStringLiteral("/medpull/keys")).entryList(QDir::Files), keys);
    QVERIFY2(cli({"--db", url, "pull", "--patient", "2"}, machineB).exitCode == 0, "pull");
    const Run worker = cli({"--db", url, "run", "--until-idle", "--max-seconds", "60"}, machineB);
    QVERIFY2(worker.exitCode == 0, worker.err.constData());
    const QByteArray accountsAfter = accounts({"--db", url}, machineB);
    QVERIFY2(!accountsAfter.contains("refresh_failed"), accountsAfter.constData());
}

QTEST_GUILESS_MAIN(TestCliKeys)
#include "tst_clikeys.moc"
