// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "database.h"

#include "migrations.h"
#include "sql.h"
#include "storeerror.h"
#include "transaction.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QSqlError>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>
#include <QtEndian>

#include <vector>

namespace medpull {

namespace {

QAtomicInteger<quint64> nextInstance{1};

// Removes a thread's connections when the thread ends, so that a finished
// worker leaves nothing behind.
struct ThreadConnections {
    std::vector<QString> names;

    ~ThreadConnections() {
        for (const QString &name : names) {
            if (QSqlDatabase::contains(name))
                QSqlDatabase::removeDatabase(name);
        }
    }
};

thread_local ThreadConnections threadConnections;

// A number per thread for connection names. Thread ids are reused once a
// thread ends, and a reused name would hand a new thread a dead connection.
QAtomicInteger<quint64> nextThreadNumber{1};
thread_local const quint64 threadNumber = nextThreadNumber.fetchAndAddRelaxed(1);

QString firstLine(const QString &text) {
    return text.section(QLatin1Char('\n'), 0, 0).trimmed();
}

constexpr int sqliteHeaderSize = 100;

} // namespace

Database::Database(Settings settings)
    : m_settings(std::move(settings))
    , m_dialect(m_settings.backend)
    , m_instance(nextInstance.fetchAndAddRelaxed(1)) {}

Database::~Database() {
    closeThreadConnection();
}

QString Database::defaultLocation() {
    // Not AppDataLocation: that depends on each executable's name, and the
    // dashboard and medpull-cli must find the same database.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/medpull/medpull.sqlite");
}

int Database::latestSchemaVersion() {
    return migrations().constLast().version;
}

Database::Settings Database::parseLocation(const QString &location) {
    Settings settings;
    if (location.trimmed().isEmpty())
        throw StoreError(QStringLiteral("no database location given"));

    if (location.startsWith(QLatin1String("postgresql://")) ||
        location.startsWith(QLatin1String("postgres://"))) {
        const QUrl url(location, QUrl::StrictMode);
        const QString name = url.path().mid(1);
        if (!url.isValid() || name.isEmpty() || name.contains(QLatin1Char('/')))
            throw StoreError(QStringLiteral("'%1' is not a valid PostgreSQL URL; expected "
                                            "postgresql://user@host:port/dbname")
                                 .arg(url.toDisplayString(QUrl::RemovePassword)));
        settings.backend = Dialect::Backend::Postgres;
        settings.host = url.host();
        settings.port = url.port(5432);
        settings.user = url.userName();
        settings.password = url.password();
        settings.databaseName = name;
        QStringList options{QStringLiteral("connect_timeout=5")};
        const QUrlQuery query(url);
        for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
            if (key == QLatin1String("host"))
                settings.host = value;
            else
                options << key + QLatin1Char('=') + value;
        }
        settings.options = options.join(QLatin1Char(';'));
        if (settings.host.isEmpty())
            settings.host = QStringLiteral("localhost");
        settings.display = url.toDisplayString(QUrl::RemovePassword);
        return settings;
    }

    if (location.contains(QLatin1String("://")))
        throw StoreError(
            QStringLiteral("'%1' is neither a file path nor a postgresql:// URL").arg(location));
    settings.backend = Dialect::Backend::Sqlite;
    settings.sqlitePath = QFileInfo(location).absoluteFilePath();
    settings.display = settings.sqlitePath;
    return settings;
}

// Rejects what SQLite would otherwise open and later fail on (or "repair"),
// before anything can write to the file. Returns true when only SQLite can
// tell: the header counts pages the file lacks, but a write-ahead log that
// may hold them is beside it.
bool Database::checkSqliteFile(const QString &path) {
    const QFileInfo info(path);
    if (info.isDir())
        throw StoreError(QStringLiteral("'%1' is a directory, not a database file").arg(path));
    if (!info.exists()) {
        const QFileInfo dir(info.absolutePath());
        if (!dir.isDir())
            throw StoreError(QStringLiteral("cannot create '%1': folder '%2' does not exist")
                                 .arg(path, dir.filePath()));
        createPrivateFile(path);
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw StoreError(
            QStringLiteral("cannot read '%1': %2").arg(path, file.errorString().toLower()));
    // Every open writes (migrations, the WAL's -wal and -shm files beside
    // it): a read-only file or folder is said so at once, not in a loop of
    // failed writes.
    if (!info.isWritable() || !QFileInfo(info.absolutePath()).isWritable())
        throw StoreError(QStringLiteral("the database is read-only: medpull cannot write to '%1' "
                                        "or its folder")
                             .arg(path),
                         StoreError::Kind::ReadOnly);
    if (file.size() == 0)
        return false; // SQLite treats an empty file as an empty database
    const QByteArray header = file.read(sqliteHeaderSize);
    if (header.size() < sqliteHeaderSize || !header.startsWith(QByteArray("SQLite format 3\0", 16)))
        throw StoreError(QStringLiteral("'%1' is not a database file").arg(path));

    const auto *bytes = reinterpret_cast<const uchar *>(header.constData());
    qint64 pageSize = qFromBigEndian<quint16>(bytes + 16);
    if (pageSize == 1)
        pageSize = 65536;
    const quint32 changeCounter = qFromBigEndian<quint32>(bytes + 24);
    const quint32 pageCount = qFromBigEndian<quint32>(bytes + 28);
    const quint32 validFor = qFromBigEndian<quint32>(bytes + 92);
    // The header's page count is trustworthy only when valid-for matches the
    // change counter (SQLite file format, section 1.3.7).
    if (validFor == changeCounter && pageCount > 0 && file.size() < pageSize * pageCount) {
        // A checkpoint that ran out of disk space leaves the main file short
        // while the log still holds every page: SQLite reads them from there.
        if (QFileInfo(path + QStringLiteral("-wal")).size() > 0)
            return true;
        throw StoreError(QStringLiteral("'%1' is truncated: %2 of %3 bytes are present")
                             .arg(path)
                             .arg(file.size())
                             .arg(pageSize * pageCount));
    }
    return false;
}

// The file exists before SQLite opens it, readable by its owner only; SQLite
// gives its -wal and -shm files the database file's permissions.
void Database::createPrivateFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
        !file.setPermissions(QFile::ReadOwner | QFile::WriteOwner))
        throw StoreError(
            QStringLiteral("cannot create '%1': %2").arg(path, file.errorString().toLower()));
}

// Health records are for their owner only: a database file (and its -wal and
// -shm) that others may read is made private, as a new one would be.
void Database::tightenPermissions(const QString &path) {
    const QFile::Permissions others = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup |
                                      QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        const QString file = path + suffix;
        const QFileInfo info(file);
        if (!info.exists() || !(info.permissions() & others))
            continue;
        if (!QFile::setPermissions(file, info.permissions() & ~others))
            qWarning("medpull: '%s' can be read by other users and cannot be made private",
                     qPrintable(file));
    }
}

std::unique_ptr<Database> Database::open(const QString &location, OpenMode mode) {
    Settings settings = parseLocation(location);
    bool askSqlite = false;
    if (settings.backend == Dialect::Backend::Sqlite) {
        // Only the default location's folder is created (private, as the
        // records in it are); a folder the user named and mistyped is
        // reported instead.
        const QString folder = QFileInfo(settings.sqlitePath).absolutePath();
        if (settings.sqlitePath == QFileInfo(defaultLocation()).absoluteFilePath() &&
            !QFileInfo::exists(folder)) {
            QDir().mkpath(folder);
            QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
        askSqlite = checkSqliteFile(settings.sqlitePath);
        tightenPermissions(settings.sqlitePath);
    }

    std::unique_ptr<Database> database(new Database(std::move(settings)));
    if (askSqlite)
        database->checkWithSqlite();

    // Read what is there before writing anything: a file that is not ours or
    // a schema that is newer than this program is left exactly as it was.
    const int version = database->schemaVersion();
    if (version > latestSchemaVersion()) {
        database->closeThreadConnection();
        throw StoreError(QStringLiteral("'%1' has schema version %2, newer than this medpull "
                                        "understands (%3); use a newer medpull")
                             .arg(database->displayLocation())
                             .arg(version)
                             .arg(latestSchemaVersion()));
    }
    if (version == 0) {
        const QString tableQuery =
            database->dialect().isPostgres()
                ? QStringLiteral("SELECT count(*) FROM information_schema.tables "
                                 "WHERE table_schema = current_schema()")
                : QStringLiteral("SELECT count(*) FROM sqlite_master");
        if (sql::scalar(database->connection(), tableQuery).toInt() > 0) {
            database->closeThreadConnection();
            throw StoreError(
                QStringLiteral("'%1' already holds other tables and is not a medpull database")
                    .arg(database->displayLocation()));
        }
    }

    if (!database->dialect().isPostgres())
        sql::execDirect(database->connection(), QStringLiteral("PRAGMA journal_mode=WAL"));
    if (mode == OpenMode::Migrate)
        database->migrate();
    return database;
}

// The header said pages are missing from the main file; SQLite decides,
// reading them through the log, whether the database is whole.
void Database::checkWithSqlite() const {
    QString verdict;
    try {
        verdict = sql::scalar(connection(), QStringLiteral("PRAGMA quick_check(1)")).toString();
    } catch (const StoreError &) {
    }
    if (verdict == QLatin1String("ok"))
        return;
    closeThreadConnection();
    const QString path = m_settings.sqlitePath;
    throw StoreError(QStringLiteral("'%1' is damaged: its pages are neither in the file nor in "
                                    "its write-ahead log (%2)")
                         .arg(path, verdict.isEmpty() ? QStringLiteral("unreadable") : verdict));
}

QString Database::threadConnectionName() const {
    return QStringLiteral("medpull-%1-%2").arg(m_instance).arg(threadNumber);
}

QSqlDatabase Database::connection() const {
    const QString name = threadConnectionName();
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
    }
    return openConnection(name);
}

QSqlDatabase Database::openConnection(const QString &name) const {
    QSqlDatabase db = QSqlDatabase::contains(name)
                          ? QSqlDatabase::database(name, false)
                          : QSqlDatabase::addDatabase(m_dialect.driverName(), name);
    if (!db.isValid())
        throw StoreError(
            QStringLiteral("the Qt %1 driver is not installed").arg(m_dialect.driverName()));
    if (m_dialect.isPostgres()) {
        db.setHostName(m_settings.host);
        db.setPort(m_settings.port);
        db.setUserName(m_settings.user);
        db.setPassword(m_settings.password);
        db.setDatabaseName(m_settings.databaseName);
        db.setConnectOptions(m_settings.options);
    } else {
        db.setDatabaseName(m_settings.sqlitePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    }
    if (!db.open()) {
        const QSqlError error = db.lastError();
        QString reason = firstLine(error.driverText());
        const QString detail = firstLine(error.databaseText());
        if (!detail.isEmpty())
            reason = detail;
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        // A server that is not there (yet) may be soon; a file that cannot
        // be opened is a fault of its own.
        throw StoreError(
            QStringLiteral("cannot open database '%1': %2").arg(m_settings.display, reason),
            m_dialect.isPostgres() ? StoreError::Kind::Unavailable : StoreError::Kind::Failed);
    }
    threadConnections.names.push_back(name);
    applyPragmas(db);
    return db;
}

void Database::applyPragmas(const QSqlDatabase &db) const {
    if (m_dialect.isPostgres()) {
        sql::execDirect(db, QStringLiteral("SET client_min_messages TO WARNING"));
        // Prepared statements are reused for a connection's lifetime; a
        // generic plan made while a table was still small keeps scanning it
        // whole once it is large. Custom plans use the index.
        sql::execDirect(db, QStringLiteral("SET plan_cache_mode TO force_custom_plan"));
        return;
    }
    // Per-connection settings; none of them writes to the file.
    sql::execDirect(db, QStringLiteral("PRAGMA foreign_keys=ON"));
    sql::execDirect(db, QStringLiteral("PRAGMA synchronous=NORMAL"));
    sql::execDirect(db, QStringLiteral("PRAGMA cache_size=-16384"));
    sql::execDirect(db, QStringLiteral("PRAGMA temp_store=MEMORY"));
}

void Database::refreshStatistics() const {
    if (!m_dialect.isPostgres())
        return;
    sql::execDirect(connection(),
                    QStringLiteral("ANALYZE connections, pulls, pull_queries, resources, "
                                   "deliveries"));
}

void Database::closeThreadConnection() const {
    const QString name = threadConnectionName();
    if (!QSqlDatabase::contains(name))
        return;
    QSqlDatabase::database(name, false).close();
    QSqlDatabase::removeDatabase(name);
    std::erase(threadConnections.names, name);
}

QString Database::displayLocation() const {
    return m_settings.display;
}

int Database::schemaVersion() const {
    const QSqlDatabase db = connection();
    const QString probe =
        m_dialect.isPostgres()
            ? QStringLiteral("SELECT count(*) FROM information_schema.tables "
                             "WHERE table_schema = current_schema() "
                             "AND table_name = 'schema_migrations'")
            : QStringLiteral("SELECT count(*) FROM sqlite_master "
                             "WHERE type = 'table' AND name = 'schema_migrations'");
    QVariant exists;
    try {
        exists = sql::scalar(db, probe);
    } catch (const StoreError &) {
        throw StoreError(QStringLiteral("'%1' cannot be read as a database (%2)")
                             .arg(m_settings.display, firstLine(db.lastError().text()).isEmpty()
                                                          ? QStringLiteral("corrupt file")
                                                          : firstLine(db.lastError().text())));
    }
    if (exists.toInt() == 0)
        return 0;
    return sql::scalar(db,
                       QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))
        .toInt();
}

void Database::migrate(int target) const {
    if (target < 0)
        target = latestSchemaVersion();
    const QSqlDatabase db = connection();
    // One transaction for every step: a failure leaves the schema as it was.
    Transaction transaction(*this, Transaction::Mode::Exclusive);
    sql::execDirect(db, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                       "version INTEGER PRIMARY KEY, "
                                       "description TEXT NOT NULL, "
                                       "applied_at BIGINT NOT NULL)"));
    // By version, not up to the highest one applied: versions are reserved
    // in blocks, so a database may hold 12 before 7 exists.
    QSet<int> applied;
    QSqlQuery versions = sql::run(db, QStringLiteral("SELECT version FROM schema_migrations"));
    while (versions.next())
        applied.insert(versions.value(0).toInt());
    versions.finish();
    for (const Migration &migration : migrations()) {
        if (applied.contains(migration.version) || migration.version > target)
            continue;
        for (const QString &statement : migration.statements)
            sql::execDirect(db, m_dialect.expand(statement));
        sql::run(db,
                 QStringLiteral("INSERT INTO schema_migrations (version, description, applied_at) "
                                "VALUES (?, ?, ?)"),
                 {migration.version, migration.description, QDateTime::currentMSecsSinceEpoch()});
    }
    transaction.commit();
}

namespace sql {

void dropConnection(const QSqlDriver *driver) {
    const auto found = std::find_if(
        threadConnections.names.begin(), threadConnections.names.end(), [&](const QString &name) {
            return QSqlDatabase::contains(name) &&
                   QSqlDatabase::database(name, false).driver() == driver;
        });
    if (found == threadConnections.names.end())
        return;
    const QString name = *found;
    threadConnections.names.erase(found);
    QSqlDatabase::removeDatabase(name);
}

} // namespace sql

} // namespace medpull
