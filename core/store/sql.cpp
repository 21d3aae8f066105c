#include "sql.h"

#include "storeerror.h"

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
    throw StoreError(QStringLiteral("database statement failed: %1 (in: %2)")
                         .arg(detail, statement.simplified().left(120)));
}

} // namespace

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
    if (!query.next())
        throw StoreError(QStringLiteral("database insert returned no id (in: %1)")
                             .arg(statement.simplified().left(120)));
    return query.value(0).toLongLong();
}

qint64 StatementCache::insert(const QSqlDatabase &db, const QString &statement,
                              const QVariantList &values) {
    QSqlQuery &query = get(db, statement);
    exec(query, values);
    if (!query.next())
        throw StoreError(QStringLiteral("database insert returned no id (in: %1)")
                             .arg(statement.simplified().left(120)));
    const qint64 id = query.value(0).toLongLong();
    query.finish();
    return id;
}

QSqlQuery &StatementCache::get(const QSqlDatabase &db, const QString &statement) {
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
