// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "database.h"
#include "migrations.h"
#include "patientrepository.h"
#include "pgcluster.h"
#include "sql.h"
#include "storeerror.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QTest>
#include <QThread>

#include <unistd.h>

using namespace medpull;
using namespace medpull::test;

namespace {

QByteArray fileDigest(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

// Opening `location` must fail with a message containing `expected`.
QString openError(const QString &location) {
    try {
        Database::open(location);
    } catch (const StoreError &error) {
        return error.message();
    }
    return {};
}

// A real medpull database of a few hundred KB, closed again.
QString makeDatabaseFile(const QTemporaryDir &dir, const QString &name) {
    const QString path = dir.filePath(name);
    const auto db = Database::open(path);
    PatientRepository patients(*db);
    for (int i = 0; i < 2000; ++i)
        patients.add(QStringLiteral("Patient %1 with a reasonably long name").arg(i));
    return path;
}

} // namespace

class TestDatabase : public QObject {
    Q_OBJECT

private slots:
    void opensFreshDatabaseAtLatestVersion_data() { addBackendRows(); }
    void opensFreshDatabaseAtLatestVersion() {
        QFETCH(Backend, backend);
        QTemporaryDir dir;
        const auto db = freshDatabase(backend, dir);
        QCOMPARE(db->schemaVersion(), Database::latestSchemaVersion());
        // Opening again changes nothing and keeps the data.
        PatientRepository(*db).add(QStringLiteral("Ada"));
        const auto again = Database::open(db->displayLocation());
        QCOMPARE(again->schemaVersion(), Database::latestSchemaVersion());
        QCOMPARE(PatientRepository(*again).list().size(), 1);
    }

    void sqliteUsesWalAndForeignKeys() {
        QTemporaryDir dir;
        const auto db = freshDatabase(Backend::Sqlite, dir);
        QCOMPARE(sql::scalar(db->connection(), QStringLiteral("PRAGMA journal_mode")).toString(),
                 QStringLiteral("wal"));
        QCOMPARE(sql::scalar(db->connection(), QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
        QVERIFY(sql::scalar(db->connection(), QStringLiteral("PRAGMA busy_timeout")).toInt() > 0);
    }

    void postgresStoresJsonAsJsonb() {
        QTemporaryDir dir;
        const auto db = freshDatabase(Backend::Postgres, dir);
        const QString type =
            sql::scalar(db->connection(), QStringLiteral("SELECT data_type FROM "
                                                         "information_schema.columns WHERE "
                                                         "table_name = 'resources' AND "
                                                         "column_name = 'content'"))
                .toString();
        QCOMPARE(type, QStringLiteral("jsonb"));
    }

    void migratesFromEachEarlierVersion_data() {
        QTest::addColumn<Backend>("backend");
        QTest::addColumn<int>("from");
        for (const Migration &migration : migrations()) {
            if (migration.version == Database::latestSchemaVersion())
                continue;
            for (const auto &[name, backend] : {std::pair{"sqlite", Backend::Sqlite},
                                                std::pair{"postgresql", Backend::Postgres}}) {
                QTest::addRow("%s from v%d", name, migration.version)
                    << backend << migration.version;
            }
        }
    }
    void migratesFromEachEarlierVersion() {
        QFETCH(Backend, backend);
        QFETCH(int, from);
        QTemporaryDir dir;
        const QString location = freshLocation(backend, dir);
        {
            const auto old = Database::open(location, Database::OpenMode::NoMigrate);
            old->migrate(from);
            QCOMPARE(old->schemaVersion(), from);
            PatientRepository(*old).add(QStringLiteral("Grace Hopper"), QStringLiteral("MRN-1"));
        }
        const auto db = Database::open(location);
        QCOMPARE(db->schemaVersion(), Database::latestSchemaVersion());
        const auto patient = PatientRepository(*db).findByExternalId(QStringLiteral("MRN-1"));
        QVERIFY(patient);
        QCOMPARE(patient->displayName, QStringLiteral("Grace Hopper"));
        // Every table of the latest schema is usable.
        QCOMPARE(sql::scalar(db->connection(), QStringLiteral("SELECT count(*) FROM deliveries"))
                     .toInt(),
                 0);
        const int steps =
            sql::scalar(db->connection(), QStringLiteral("SELECT count(*) FROM schema_migrations"))
                .toInt();
        // Versions are numbered with gaps (each branch of a wave has its own):
        // every migration ran once.
        QCOMPARE(steps, int(migrations().size()));
    }

    void refusesNewerSchemaAndChangesNothing() {
        QTemporaryDir dir;
        const QString path = makeDatabaseFile(dir, QStringLiteral("future.sqlite"));
        {
            const auto db = Database::open(path);
            sql::run(db->connection(),
                     QStringLiteral("INSERT INTO schema_migrations (version, description, "
                                    "applied_at) VALUES (99, 'from the future', 0)"));
        }
        const QByteArray before = fileDigest(path);
        const QString error = openError(path);
        QVERIFY2(error.contains(QLatin1String("schema version 99")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("newer")), qPrintable(error));
        QCOMPARE(fileDigest(path), before);
    }

    void refusesNewerSchemaOnPostgres() {
        const QString location = PgCluster::shared().createDatabase(QStringLiteral("future"));
        {
            const auto db = Database::open(location);
            sql::run(db->connection(),
                     QStringLiteral("INSERT INTO schema_migrations (version, description, "
                                    "applied_at) VALUES (99, 'from the future', 0)"));
        }
        const QString error = openError(location);
        QVERIFY2(error.contains(QLatin1String("newer")), qPrintable(error));
        // Refusing changed nothing: the next attempt finds the same version.
        QVERIFY(openError(location).contains(QLatin1String("schema version 99")));
    }

    void rejectsBadSqliteLocations_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("directory") << "directory"
                                   << "is a directory";
        QTest::newRow("text file") << "text"
                                   << "is not a database file";
        QTest::newRow("short binary") << "short"
                                      << "is not a database file";
        QTest::newRow("truncated database") << "truncated"
                                            << "is truncated";
        QTest::newRow("foreign sqlite database") << "foreign"
                                                 << "is not a medpull database";
        QTest::newRow("missing folder") << "missing-folder"
                                        << "does not exist";
        QTest::newRow("not a url") << "http"
                                   << "neither a file path nor a postgresql";
    }
    void rejectsBadSqliteLocations() {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QString path = dir.filePath(QStringLiteral("db.sqlite"));
        if (kind == QLatin1String("directory")) {
            path = dir.path();
        } else if (kind == QLatin1String("text")) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray("These are a clinic's notes, not a database.\n").repeated(20));
        } else if (kind == QLatin1String("short")) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("SQLite format 3");
        } else if (kind == QLatin1String("truncated")) {
            path = makeDatabaseFile(dir, QStringLiteral("whole.sqlite"));
            QFile file(path);
            QVERIFY(file.size() > 8192);
            QVERIFY(file.resize(file.size() / 2));
        } else if (kind == QLatin1String("foreign")) {
            {
                QSqlDatabase other =
                    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
                other.setDatabaseName(path);
                QVERIFY(other.open());
                QSqlQuery(QStringLiteral("CREATE TABLE invoices (id INTEGER, total REAL)"), other);
                QSqlQuery(QStringLiteral("INSERT INTO invoices VALUES (1, 9.5)"), other);
                other.close();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
        } else if (kind == QLatin1String("missing-folder")) {
            path = dir.filePath(QStringLiteral("no/such/folder/db.sqlite"));
        } else if (kind == QLatin1String("http")) {
            path = QStringLiteral("https://example.org/db");
        }
        const QByteArray before = fileDigest(path);
        const QString error = openError(path);
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1Char('\n')), "errors are one line");
        QCOMPARE(fileDigest(path), before);
        if (kind == QLatin1String("missing-folder"))
            QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("no"))));
    }

    void rejectsUnreadableFile() {
        if (geteuid() == 0) {
            // Root reads every file: run this check as `nobody`, from a copy
            // of this program that `nobody` may execute.
            QTemporaryDir bin;
            QFile::setPermissions(bin.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                  QFileDevice::ExeOther);
            const QString copy = bin.filePath(QStringLiteral("tst_database"));
            QVERIFY(QFile::copy(QCoreApplication::applicationFilePath(), copy));
            QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::ExeOwner |
                                            QFileDevice::ReadOther | QFileDevice::ExeOther);
            QProcess child;
            child.setProcessChannelMode(QProcess::MergedChannels);
            child.start(QStringLiteral("runuser"),
                        {QStringLiteral("-u"), QStringLiteral("nobody"), QStringLiteral("--"), copy,
                         QStringLiteral("rejectsUnreadableFile")});
            QVERIFY(child.waitForFinished(60000));
            const QByteArray output = child.readAll();
            QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0,
                     output.constData());
            QVERIFY2(output.contains("PASS   : TestDatabase::rejectsUnreadableFile()"),
                     output.constData());
            return;
        }
        QTemporaryDir dir;
        const QString path = makeDatabaseFile(dir, QStringLiteral("locked.sqlite"));
        QFile::setPermissions(path, QFileDevice::WriteOwner);
        const QString error = openError(path);
        QVERIFY2(error.contains(QLatin1String("cannot read")), qPrintable(error));
    }

    void rejectsBadPostgresLocations_data() {
        QTest::addColumn<QString>("location");
        QTest::addColumn<QString>("expected");
        const int port = PgCluster::shared().port();
        QTest::newRow("no database name") << "postgresql://medpull@127.0.0.1:5432"
                                          << "not a valid PostgreSQL URL";
        QTest::newRow("unreachable server") << "postgresql://medpull@127.0.0.1:1/medpull"
                                            << "cannot open database";
        QTest::newRow("unknown user")
            << QStringLiteral("postgresql://nobody@127.0.0.1:%1/postgres").arg(port)
            << "role \"nobody\" does not exist";
        QTest::newRow("unknown database")
            << QStringLiteral("postgresql://medpull@127.0.0.1:%1/nosuchdb").arg(port)
            << "database \"nosuchdb\" does not exist";
    }
    void rejectsBadPostgresLocations() {
        QFETCH(QString, location);
        QFETCH(QString, expected);
        const QString error = openError(location);
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1Char('\n')), "errors are one line");
    }

    void passwordNeverShown() {
        const QString error =
            openError(QStringLiteral("postgresql://medpull:s3cret@127.0.0.1:1/x"));
        QVERIFY(!error.isEmpty());
        QVERIFY2(!error.contains(QLatin1String("s3cret")), qPrintable(error));
    }

    void eachThreadGetsItsOwnConnection_data() { addBackendRows(); }
    void eachThreadGetsItsOwnConnection() {
        QFETCH(Backend, backend);
        QTemporaryDir dir;
        const auto db = freshDatabase(backend, dir);
        const QString mainName = db->connection().connectionName();
        QList<QThread *> threads;
        QStringList names(4);
        for (int t = 0; t < 4; ++t) {
            threads.append(QThread::create([&db, &names, t] {
                names[t] = db->connection().connectionName();
                PatientRepository patients(*db);
                for (int i = 0; i < 25; ++i)
                    patients.add(QStringLiteral("Thread %1 patient %2").arg(t).arg(i));
            }));
            threads.last()->start();
        }
        for (QThread *thread : threads) {
            QVERIFY(thread->wait(60000));
            delete thread;
        }
        QCOMPARE(PatientRepository(*db).list().size(), 100);
        QStringList all = names;
        all.append(mainName);
        all.removeDuplicates();
        QCOMPARE(all.size(), 5);
        // A finished thread leaves no connection behind. The cleanup runs as
        // the thread exits, which may be just after wait() has returned.
        for (const QString &name : names)
            QTRY_VERIFY2_WITH_TIMEOUT(!QSqlDatabase::contains(name), qPrintable(name), 5000);
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
