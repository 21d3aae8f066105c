// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "dialect.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace medpull {

// The one entry point to storage. Opened from a location string: a file path
// (SQLite) or a postgresql://user[:password]@host[:port]/dbname URL (a
// `host=/socket/dir` query item selects a unix socket). Opening validates the
// location, refuses a schema newer than this program, and migrates an older
// one inside a transaction. A new SQLite file (and the default location's
// folder) is readable by its owner only; an existing one that others could
// read is made so.
//
// A QSqlDatabase connection may only be used in the thread that opened it, so
// connection() hands each thread its own named connection, opened on first
// use and closed when the thread ends.
class Database {
public:
    enum class OpenMode {
        Migrate,   // bring an older schema up to date (the normal case)
        NoMigrate, // open as it is; tests use this to build earlier versions
    };

    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Throws StoreError with a one-line message naming the problem.
    static std::unique_ptr<Database> open(const QString &location,
                                          OpenMode mode = OpenMode::Migrate);

    // QStandardPaths::AppDataLocation/medpull.sqlite
    static QString defaultLocation();
    static int latestSchemaVersion();

    // The calling thread's connection to this database. A connection lost
    // since (a statement failed with StoreError::Kind::Unavailable) is
    // opened again; that throws StoreError::Kind::Unavailable while the
    // server is away.
    QSqlDatabase connection() const;
    // Closes the calling thread's connection; a later connection() reopens it.
    void closeThreadConnection() const;
    // PostgreSQL plans from table statistics, which autovacuum refreshes only
    // a minute or more after a table grew; plans made from stale ones scan
    // and nested-loop whole tables. Refreshes them for the engine's tables
    // (a sample per table, no blocking lock). Nothing to do on SQLite.
    void refreshStatistics() const;

    const Dialect &dialect() const { return m_dialect; }
    // The location with any password removed, for messages and the UI.
    QString displayLocation() const;
    int schemaVersion() const;

    // Migrates step by step up to `target` (latestSchemaVersion() by default).
    void migrate(int target = -1) const;

private:
    struct Settings {
        Dialect::Backend backend = Dialect::Backend::Sqlite;
        QString sqlitePath;
        QString host;
        int port = 5432;
        QString user;
        QString password;
        QString databaseName;
        QString options;
        QString display;
    };

    explicit Database(Settings settings);
    static Settings parseLocation(const QString &location);
    static bool checkSqliteFile(const QString &path);
    static void createPrivateFile(const QString &path);
    static void tightenPermissions(const QString &path);
    void checkWithSqlite() const;
    QString threadConnectionName() const;
    QSqlDatabase openConnection(const QString &name) const;
    void applyPragmas(const QSqlDatabase &db) const;

    Settings m_settings;
    Dialect m_dialect;
    quint64 m_instance;
};

} // namespace medpull
