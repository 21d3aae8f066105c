// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The store under operational faults, in process: a PostgreSQL session
// killed under cached statements, a pull's lease lost between two pages, a
// database whose pages sit in its write-ahead log, and the permissions of
// what medpull creates.

#include "connectionrepository.h"
#include "database.h"
#include "databaseoutage.h"
#include "patientrepository.h"
#include "pgcluster.h"
#include "pullrepository.h"
#include "resourcerepository.h"
#include "sourcerepository.h"
#include "storeerror.h"
#include "testsupport.h"
#include "transaction.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>
#include <QUrlQuery>
#include <QUuid>
#include <QtEndian>

using namespace medpull;
using namespace medpull::test;

namespace {

IncomingResource observation(const QString &id, const QByteArray &padding = {}) {
    const QByteArray json = QStringLiteral(R"({"resourceType":"Observation","id":"%1",)"
                                           R"("status":"final","note":")")
                                .arg(id)
                                .toUtf8() +
                            padding + "\"}";
    return {QStringLiteral("Observation"), id, json};
}

QList<IncomingResource> page(int first, int count, const QByteArray &padding = {}) {
    QList<IncomingResource> resources;
    for (int i = first; i < first + count; ++i)
        resources.append(observation(QStringLiteral("obs-%1").arg(i), padding));
    return resources;
}

struct Account {
    Patient patient;
    Source source;
    Connection connection;
};

Account addAccount(const Database &db) {
    Account account;
    account.patient =
        PatientRepository(db).add(QStringLiteral("Ada Lovelace"), QStringLiteral("A-1"));
    Source s;
    s.name = QStringLiteral("epic");
    s.fhirBase = QUrl(QStringLiteral("http://127.0.0.1:8080/portals/epic/fhir"));
    s.clientId = QStringLiteral("medpull");
    s.resourceTypes = {QStringLiteral("Observation")};
    account.source = SourceRepository(db).add(s);
    account.connection = ConnectionRepository(db).add(account.patient.id, account.source.id,
                                                      ConnectionState::Active);
    return account;
}

PullQuery searchQuery(qint64 pullId) {
    PullQuery query;
    query.pullId = pullId;
    query.resourceType = QStringLiteral("Observation");
    query.kind = QueryKind::Search;
    query.status = QueryStatus::Running;
    query.url = QStringLiteral("http://127.0.0.1:8080/portals/epic/fhir/Observation?patient=1");
    return query;
}

// Runs `statement` on a connection of its own, outside medpull's.
QVariant adminScalar(const QString &location, const QString &statement) {
    const QString name = QUuid::createUuid().toString();
    QVariant value;
    {
        const QUrl url(location);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(QUrlQuery(url).queryItemValue(QStringLiteral("host")));
        db.setPort(url.port());
        db.setUserName(url.userName());
        db.setDatabaseName(url.path().mid(1));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(statement) && query.next())
                value = query.value(0);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

// Nobody but the owner may read, write or enter it.
bool ownerOnly(const QString &path) {
    const QFile::Permissions others = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup |
                                      QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
    const QFile::Permissions permissions = QFileInfo(path).permissions();
    return QFileInfo::exists(path) && !(permissions & others) && (permissions & QFile::ReadOwner) &&
           (permissions & QFile::WriteOwner);
}

} // namespace

class TestStoreFaults : public QObject {
    Q_OBJECT

private slots:
    void outageBacksOffAndEndsOnce();
    void lostPostgresSessionIsReopened();
    void leaseLostMidPullWritesNothing_data() { addBackendRows(); }
    void leaseLostMidPullWritesNothing();
    void pagesInTheWriteAheadLogAreNotTruncation();
    void missingPagesAreStillRefused();
    void createdFilesArePrivate();
    void worldReadableDatabaseIsTightened();
    void defaultFolderIsPrivate();
};

// The decision table of one thread's outage: reported once, retried with a
// growing delay up to a cap, ended by the first success.
void TestStoreFaults::outageBacksOffAndEndsOnce() {
    DatabaseOutage outage;
    QVERIFY(outage.due(0));
    QVERIFY(outage.failed(QStringLiteral("server closed the connection"), 1000));
    QVERIFY(outage.isActive());
    QCOMPARE(outage.delayMs(), DatabaseOutage::firstDelayMs);
    QVERIFY(!outage.due(1500));
    QVERIFY(outage.due(2000));
    // Other pulls of the thread notice the same outage: no second report,
    // no faster retry.
    QVERIFY(!outage.noticed(QStringLiteral("again"), 1200));
    QCOMPARE(outage.delayMs(), DatabaseOutage::firstDelayMs);
    int delays = 0;
    for (qint64 now = 2000; delays < 10; ++delays, now += outage.delayMs())
        QVERIFY(!outage.failed(QStringLiteral("connection refused"), now));
    QCOMPARE(outage.delayMs(), DatabaseOutage::maxDelayMs);
    QCOMPARE(outage.reason(), QStringLiteral("connection refused"));
    QVERIFY(outage.succeeded());
    QVERIFY(!outage.isActive());
    QVERIFY(!outage.succeeded());
    QVERIFY(outage.due(0));
}

// The issue's segfault: statements cached on a session the server ended were
// executed again. Now the failure says the connection was lost, and the next
// page opens a new session and prepares anew.
void TestStoreFaults::lostPostgresSessionIsReopened() {
    QTemporaryDir dir;
    const QString location = freshLocation(Backend::Postgres, dir);
    const std::unique_ptr<Database> db = Database::open(location);
    const Account account = addAccount(*db);
    PullRepository pulls(*db);
    ResourceRepository resources(*db);
    const Pull pull = pulls.enqueue(account.connection.id, PullTrigger::Manual);
    const PullQuery query = pulls.addQuery(searchQuery(pull.id));
    auto storePage = [&](int first) {
        Transaction transaction(*db);
        const ResourceCounts counts =
            resources.store(account.connection.id, pull.id, page(first, 50));
        pulls.checkpoint(query.id, QStringLiteral("next"), counts);
        transaction.commit();
        return counts;
    };
    QCOMPARE(storePage(0).created, qint64(50));

    const qint64 backend =
        sql::scalar(db->connection(), QStringLiteral("SELECT pg_backend_pid()")).toLongLong();
    QVERIFY(adminScalar(location, QStringLiteral("SELECT pg_terminate_backend(%1)").arg(backend))
                .toBool());

    try {
        storePage(50);
        QFAIL("a page on a terminated session was stored");
    } catch (const StoreError &error) {
        QCOMPARE(error.kind(), StoreError::Kind::Unavailable);
        QVERIFY2(error.message().startsWith(QLatin1String("lost the connection to the database")),
                 qPrintable(error.message()));
        QVERIFY(!error.message().contains(QLatin1Char('\n')));
    }
    // The page is stored once, on a new session, with every cached
    // statement prepared again.
    QCOMPARE(storePage(50).created, qint64(50));
    QCOMPARE(storePage(50).unchanged, qint64(50));
    QVERIFY(sql::scalar(db->connection(), QStringLiteral("SELECT pg_backend_pid()")).toLongLong() !=
            backend);
    QCOMPARE(resources.count(account.connection.id), qint64(100));
    QCOMPARE(pulls.query(query.id)->pages, qint64(3));
}

// A process that stalled past its lease writes nothing once another took
// the pull over: the page's transaction checks the lease and rolls back.
void TestStoreFaults::leaseLostMidPullWritesNothing() {
    QFETCH(Backend, backend);
    QTemporaryDir dir;
    const std::unique_ptr<Database> db = freshDatabase(backend, dir);
    const Account account = addAccount(*db);
    PullRepository pulls(*db);
    ResourceRepository resources(*db);
    pulls.enqueue(account.connection.id, PullTrigger::Manual);
    const auto claimed = pulls.claimNext(QStringLiteral("stalled"), 30);
    QVERIFY(claimed);
    const PullQuery query = pulls.addQuery(searchQuery(claimed->id));
    auto storePage = [&](const QString &owner, int first) {
        Transaction transaction(*db);
        const ResourceCounts counts =
            resources.store(account.connection.id, claimed->id, page(first, 20));
        pulls.checkpoint(query.id, QStringLiteral("page-%1").arg(first + 20), counts,
                         QueryStatus::Running, owner);
        transaction.commit();
    };
    storePage(QStringLiteral("stalled"), 0);

    const auto takenOver = pulls.claimNext(QStringLiteral("successor"), 30,
                                           QDateTime::currentDateTimeUtc().addSecs(60));
    QVERIFY(takenOver);
    QCOMPARE(takenOver->id, claimed->id);

    try {
        storePage(QStringLiteral("stalled"), 20);
        QFAIL("a page was stored without the lease");
    } catch (const StoreError &error) {
        QCOMPARE(error.kind(), StoreError::Kind::LeaseLost);
        QVERIFY(!error.retryLater());
    }
    try {
        pulls.settle(claimed->id, PullStatus::Succeeded, std::nullopt, {},
                     QStringLiteral("stalled"));
        QFAIL("a pull was settled without the lease");
    } catch (const StoreError &error) {
        QCOMPARE(error.kind(), StoreError::Kind::LeaseLost);
    }
    // Nothing of the stalled page or settlement landed.
    QCOMPARE(resources.count(account.connection.id), qint64(20));
    const PullQuery stored = *pulls.query(query.id);
    QCOMPARE(stored.pages, qint64(1));
    QCOMPARE(stored.nextUrl, QStringLiteral("page-20"));
    const Pull after = *pulls.get(claimed->id);
    QCOMPARE(after.status, PullStatus::Running);
    QCOMPARE(after.leaseOwner, QStringLiteral("successor"));
    QCOMPARE(after.pages, qint64(1));

    // The owner carries on and settles.
    storePage(QStringLiteral("successor"), 20);
    pulls.settle(claimed->id, PullStatus::Succeeded, std::nullopt, {}, QStringLiteral("successor"));
    QCOMPARE(pulls.get(claimed->id)->status, PullStatus::Succeeded);
    QCOMPARE(resources.count(account.connection.id), qint64(40));
}

// A checkpoint that ran out of disk space: the main file holds 4 KB (its
// header counting every page), the write-ahead log holds all pages. SQLite
// opens it and finds it whole, so medpull does too.
void TestStoreFaults::pagesInTheWriteAheadLogAreNotTruncation() {
    QTemporaryDir dir;
    const QString source = dir.filePath(QStringLiteral("source.sqlite"));
    {
        const std::unique_ptr<Database> db = Database::open(source);
        const Account account = addAccount(*db);
        PullRepository pulls(*db);
        const Pull pull = pulls.enqueue(account.connection.id, PullTrigger::Manual);
        Transaction transaction(*db);
        ResourceRepository(*db).store(account.connection.id, pull.id,
                                      page(0, 200, QByteArray(5000, 'x')));
        transaction.commit();
    }
    const QString copy = dir.filePath(QStringLiteral("copy.sqlite"));
    {
        // Every page rewritten into the log, none copied back: the state a
        // checkpoint leaves when the disk fills after writing page 1.
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "raw");
        raw.setDatabaseName(source);
        QVERIFY(raw.open());
        QSqlQuery query(raw);
        QVERIFY(query.exec(QStringLiteral("PRAGMA wal_autocheckpoint=0")));
        QVERIFY(query.exec(QStringLiteral("VACUUM")));
        QVERIFY(QFile::copy(source + QStringLiteral("-wal"), copy + QStringLiteral("-wal")));
        QFile main(source);
        QVERIFY(main.open(QIODevice::ReadOnly));
        QFile truncated(copy);
        QVERIFY(truncated.open(QIODevice::WriteOnly));
        truncated.write(main.read(4096));
        query = QSqlQuery();
        raw.close();
    }
    QSqlDatabase::removeDatabase("raw");
    QCOMPARE(QFileInfo(copy).size(), qint64(4096));
    {
        // Its header counts more pages than the file holds (and is valid).
        QFile file(copy);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray header = file.read(100);
        const auto *bytes = reinterpret_cast<const uchar *>(header.constData());
        QCOMPARE(qFromBigEndian<quint32>(bytes + 24), qFromBigEndian<quint32>(bytes + 92));
        QVERIFY(qint64(qFromBigEndian<quint16>(bytes + 16)) * qFromBigEndian<quint32>(bytes + 28) >
                file.size());
    }
    QVERIFY(QFileInfo(copy + QStringLiteral("-wal")).size() > 1024 * 1024);

    std::unique_ptr<Database> db;
    try {
        db = Database::open(copy);
    } catch (const StoreError &error) {
        QFAIL(qPrintable(error.message()));
    }
    QCOMPARE(sql::scalar(db->connection(), QStringLiteral("PRAGMA integrity_check")).toString(),
             QStringLiteral("ok"));
    QCOMPARE(
        sql::scalar(db->connection(), QStringLiteral("SELECT count(*) FROM resources")).toInt(),
        200);
}

// Without a log to hold them, missing pages are truncation, reported in one
// line and left alone.
void TestStoreFaults::missingPagesAreStillRefused() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("short.sqlite"));
    {
        const std::unique_ptr<Database> db = Database::open(path);
        addAccount(*db);
    }
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    QFile file(path);
    QVERIFY(file.size() > 8192);
    QVERIFY(file.resize(4096));
    // A log that does not hold the missing pages does not save it either.
    {
        QFile wal(path + QStringLiteral("-wal"));
        QVERIFY(wal.open(QIODevice::WriteOnly));
        wal.write(QByteArray(64 * 1024, '\0'));
    }
    try {
        Database::open(path);
        QFAIL("a truncated database was opened");
    } catch (const StoreError &error) {
        QVERIFY2(error.message().contains(QLatin1String("damaged")), qPrintable(error.message()));
        QVERIFY(!error.message().contains(QLatin1Char('\n')));
    }
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
    try {
        Database::open(path);
        QFAIL("a truncated database was opened");
    } catch (const StoreError &error) {
        QVERIFY2(error.message().contains(QLatin1String("is truncated")),
                 qPrintable(error.message()));
    }
    QCOMPARE(QFileInfo(path).size(), qint64(4096));
}

void TestStoreFaults::createdFilesArePrivate() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("records.sqlite"));
    const std::unique_ptr<Database> db = Database::open(path);
    addAccount(*db);
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QVERIFY2(ownerOnly(path + suffix), qPrintable(path + suffix));
}

void TestStoreFaults::worldReadableDatabaseIsTightened() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("shared.sqlite"));
    {
        const std::unique_ptr<Database> db = Database::open(path);
        addAccount(*db);
    }
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup |
                                            QFile::ReadOther));
    QVERIFY(!ownerOnly(path));
    const std::unique_ptr<Database> db = Database::open(path);
    QVERIFY(ownerOnly(path));
    QCOMPARE(PatientRepository(*db).list().size(), 1);
}

void TestStoreFaults::defaultFolderIsPrivate() {
    QTemporaryDir home;
    const QByteArray previous = qgetenv("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", QFile::encodeName(home.path()));
    const QString location = Database::defaultLocation();
    QVERIFY(location.startsWith(home.path()));
    {
        const std::unique_ptr<Database> db = Database::open(location);
        addAccount(*db);
    }
    if (previous.isNull())
        qunsetenv("XDG_DATA_HOME");
    else
        qputenv("XDG_DATA_HOME", previous);
    QVERIFY(ownerOnly(QFileInfo(location).absolutePath()));
    QVERIFY(ownerOnly(location));
}

QTEST_GUILESS_MAIN(TestStoreFaults)
#include "tst_storefaults.moc"
