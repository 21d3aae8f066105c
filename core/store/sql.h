// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "enums.h"
#include "storeerror.h"

#include <QDateTime>
#include <QHash>
#include <QPointer>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>

class QSqlError;

// Small helpers shared by the repositories: every statement is prepared and
// parameterised, and a failure becomes a StoreError naming the statement.
namespace medpull::sql {

QSqlQuery prepare(const QSqlDatabase &db, const QString &statement);
// Runs a statement without preparing it: transaction control and DDL, which
// PostgreSQL cannot prepare.
void execDirect(const QSqlDatabase &db, const QString &statement);
void exec(QSqlQuery &query);
void exec(QSqlQuery &query, const QVariantList &values);
QSqlQuery run(const QSqlDatabase &db, const QString &statement, const QVariantList &values = {});
// The first column of the first row of a statement, or an invalid QVariant.
QVariant scalar(const QSqlDatabase &db, const QString &statement, const QVariantList &values = {});
// Runs a statement ending in RETURNING id and yields that id.
qint64 insert(const QSqlDatabase &db, const QString &statement, const QVariantList &values);

// What a failed statement says about the database: a fault of the statement
// or its data, or of the database as a whole (a lost connection, a full disk,
// a read-only file), which may pass.
StoreError::Kind classify(const QSqlDriver *driver, const QSqlError &error);

// Removes the calling thread's connection that uses `driver` (its session
// was lost): its driver goes at once, so the statements prepared on it are
// neither run again nor freed on a server that no longer has them.
void dropConnection(const QSqlDriver *driver);

// Statements prepared once and reused: in Qt's SQLite driver preparing costs
// more than executing. Belongs to one thread's connection; statements of a
// lost session are dropped, never reused.
class StatementCache {
public:
    StatementCache() = default;
    StatementCache(const StatementCache &) = delete;
    StatementCache &operator=(const StatementCache &) = delete;

    QSqlQuery &get(const QSqlDatabase &db, const QString &statement);
    // insert() with the statement prepared once.
    qint64 insert(const QSqlDatabase &db, const QString &statement, const QVariantList &values);
    void clear();

private:
    QHash<QString, QSqlQuery> m_statements;
    // The driver they were prepared on; null once that connection was lost.
    QPointer<const QSqlDriver> m_driver;
};

// Times are stored as milliseconds since the epoch (UTC); NULL is "never".
QVariant toDb(const QDateTime &time);
QDateTime timeFromDb(const QVariant &value);
// Empty strings are stored as NULL so that uniqueness ignores them.
QVariant nullIfEmpty(const QString &text);
QVariant nullIfZero(qint64 value);
// A NOT NULL text column's value: a null QString would bind as NULL.
QVariant text(const QString &value);

// An enum column's value; an unknown name is corrupt data, not a default.
template <typename Enum> Enum enumFromDb(const QVariant &value) {
    const QString name = value.toString();
    const std::optional<Enum> parsed = fromName<Enum>(name);
    if (!parsed)
        throw StoreError(QStringLiteral("unknown value '%1' in the database").arg(name));
    return *parsed;
}

template <typename Enum> std::optional<Enum> optionalEnumFromDb(const QVariant &value) {
    if (value.isNull())
        return std::nullopt;
    return enumFromDb<Enum>(value);
}

template <typename Enum> QVariant optionalEnumToDb(const std::optional<Enum> &value) {
    return value ? QVariant(nameOf(*value)) : QVariant(QMetaType::fromType<QString>());
}

} // namespace medpull::sql
