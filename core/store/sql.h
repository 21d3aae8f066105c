#pragma once

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

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

// Times are stored as milliseconds since the epoch (UTC); NULL is "never".
QVariant toDb(const QDateTime &time);
QDateTime timeFromDb(const QVariant &value);
// Empty strings are stored as NULL so that uniqueness ignores them.
QVariant nullIfEmpty(const QString &text);
QVariant nullIfZero(qint64 value);

} // namespace medpull::sql
