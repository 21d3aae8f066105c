// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sql.h"

#include "storeerror.h"

#include <QSqlDriver>
#include <QSqlError>

namespace medpull::sql {

namespace {

QString firstLine(const QString &text) {
    return text.section(QLatin1Char('\n'), 0, 0).trimmed();
}

[[noreturn]] void fail(const QSqlQuery &query, const QString &statement) {
    const QSqlError error = query.lastError();
    QString detail = firstLine(error.databaseText());
    if (detail.isEmpty())
        detail = firstLine(error.text());
    const StoreError::Kind kind = classify(query.driver(), error);
    switch (kind) {
    case StoreError::Kind::Unavailable:
        // The session is gone, and with it every statement prepared on it.
        // Dropping the connection makes them inert at once (a statement
        // whose driver is gone is neither run nor freed on the server), and
        // the next Database::connection() opens a new session.
        if (query.driver()->dbmsType() == QSqlDriver::SQLite)
            throw StoreError(
                QStringLiteral("the database file cannot be read or written: %1").arg(detail),
                kind);
        dropConnection(query.driver());
        throw StoreError(QStringLiteral("lost the connection to the database: %1").arg(detail),
                         kind);
    case StoreError::Kind::DiskFull:
        throw StoreError(QStringLiteral("the database's disk is full: %1").arg(detail), kind);
    case StoreError::Kind::ReadOnly:
        throw StoreError(QStringLiteral("the database is read-only: %1").arg(detail), kind);
    case StoreError::Kind::Failed:
    case StoreError::Kind::LeaseLost:
        break;
    }
    throw StoreError(QStringLiteral("database statement failed: %1 (in: %2)")
                         .arg(detail, statement.simplified().left(120)));
}

// A statement that returns rows reports a failed write only when it is
// stepped to its end (SQLite runs RETURNING before it knows whether the
// write fits on the disk): read the rest, then look for an error.
void finishChecked(QSqlQuery &query) {
    while (query.next()) {
    }
    if (query.lastError().isValid())
        fail(query, query.lastQuery());
    query.finish();
}

} // namespace

StoreError::Kind classify(const QSqlDriver *driver, const QSqlError &error) {
    if (!driver)
        return StoreError::Kind::Failed;
    const QString code = error.nativeErrorCode();
    if (driver->dbmsType() == QSqlDriver::SQLite) {
        bool numeric = false;
        const int primary = code.toInt(&numeric) & 0xff;
        if (!numeric)
            return StoreError::Kind::Failed;
        switch (primary) {
        case 13: // SQLITE_FULL
            return StoreError::Kind::DiskFull;
        case 8: // SQLITE_READONLY
            return StoreError::Kind::ReadOnly;
        case 10: // SQLITE_IOERR
        case 14: // SQLITE_CANTOPEN
            return StoreError::Kind::Unavailable;
        default:
            return StoreError::Kind::Failed;
        }
    }
    // PostgreSQL's SQLSTATE: class 08 is a connection exception; 57P01..03
    // are the server shutting down (admin_shutdown, crash_shutdown) or not
    // accepting connections yet.
    if (code.startsWith(QLatin1String("08")) || code == QLatin1String("57P01") ||
        code == QLatin1String("57P02") || code == QLatin1String("57P03"))
        return StoreError::Kind::Unavailable;
    if (code == QLatin1String("53100"))
        return StoreError::Kind::DiskFull;
    if (code == QLatin1String("25006"))
        return StoreError::Kind::ReadOnly;
    if (!code.isEmpty())
        return StoreError::Kind::Failed;
    // libpq reports a dead connection without a result, so without a
    // SQLSTATE: only its message tells.
    if (!driver->isOpen())
        return StoreError::Kind::Unavailable;
    static const char *const lost[] = {
        "server closed the connection",   "no connection to the server",
        "terminating connection",         "could not receive data from server",
        "could not send data to server",  "connection to server",
        "SSL connection has been closed", "Connection refused",
    };
    const QString text = error.databaseText();
    for (const char *pattern : lost) {
        if (text.contains(QLatin1String(pattern), Qt::CaseInsensitive))
            return StoreError::Kind::Unavailable;
    }
    return StoreError::Kind::Failed;
}

QSqlQuery prepare(const QSqlDatabase &db, const QString &statement) {
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(statement))
        fail(query, statement);
    return query;
}

void execDirect(const QSqlDatabase &db, const QString &statement) {
    QSqlQuery query(db);
    if (!query.exec(statement))
        fail(query, statement);
}

void exec(QSqlQuery &query) {
    if (!query.exec())
        fail(query, query.lastQuery());
}

void exec(QSqlQuery &query, const QVariantList &values) {
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
    exec(query);
}

QSqlQuery run(const QSqlDatabase &db, const QString &statement, const QVariantList &values) {
    QSqlQuery query = prepare(db, statement);
    exec(query, values);
    return query;
}

QVariant scalar(const QSqlDatabase &db, const QString &statement, const QVariantList &values) {
    QSqlQuery query = run(db, statement, values);
    return query.next() ? query.value(0) : QVariant();
}

qint64 insert(const QSqlDatabase &db, const QString &statement, const QVariantList &values) {
    QSqlQuery query = run(db, statement, values);
    if (!query.next()) {
        if (query.lastError().isValid())
            fail(query, statement);
        throw StoreError(QStringLiteral("database insert returned no id (in: %1)")
                             .arg(statement.simplified().left(120)));
    }
    const qint64 id = query.value(0).toLongLong();
    finishChecked(query);
    return id;
}

qint64 StatementCache::insert(const QSqlDatabase &db, const QString &statement,
                              const QVariantList &values) {
    QSqlQuery &query = get(db, statement);
    exec(query, values);
    if (!query.next()) {
        if (query.lastError().isValid())
            fail(query, statement);
        throw StoreError(QStringLiteral("database insert returned no id (in: %1)")
                             .arg(statement.simplified().left(120)));
    }
    const qint64 id = query.value(0).toLongLong();
    finishChecked(query);
    return id;
}

void StatementCache::clear() {
    m_statements.clear();
}

QSqlQuery &StatementCache::get(const QSqlDatabase &db, const QString &statement) {
    // Statements prepared on a session that was lost (its driver is gone)
    // no longer exist on the server: prepared again on the new one.
    if (m_driver != db.driver()) {
        clear();
        m_driver = db.driver();
    }
    auto it = m_statements.find(statement);
    if (it == m_statements.end())
        it = m_statements.insert(statement, prepare(db, statement));
    return *it;
}

QVariant toDb(const QDateTime &time) {
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch())
                          : QVariant(QMetaType::fromType<qint64>());
}

QDateTime timeFromDb(const QVariant &value) {
    if (value.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QVariant nullIfEmpty(const QString &text) {
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

QVariant text(const QString &value) {
    return value.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(value);
}

QVariant nullIfZero(qint64 value) {
    return value == 0 ? QVariant(QMetaType::fromType<qint64>()) : QVariant(value);
}

} // namespace medpull::sql
