// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>
#include <QVariant>

namespace medpull {

// Every difference between SQLite and PostgreSQL lives here; the schema and
// the repositories are written once against it.
class Dialect {
public:
    enum class Backend { Sqlite, Postgres };

    explicit Dialect(Backend backend)
        : m_backend(backend) {}

    Backend backend() const { return m_backend; }
    bool isPostgres() const { return m_backend == Backend::Postgres; }
    QString driverName() const;

    // Expands the placeholders of schema DDL: {id} (auto-increment primary
    // key), {json} (raw FHIR JSON: TEXT on SQLite, jsonb on PostgreSQL) and
    // {blob} (binary: BLOB or bytea).
    QString expand(QString ddl) const;

    // The statement that starts a writing transaction.
    QStringList beginWrite() const;
    // Statements that start a transaction which excludes every other writer:
    // migrations and lease claims run inside one.
    QStringList beginExclusive() const;

    // The bind value for raw JSON text, and the SQL expression that takes it
    // (SQLite stores the bytes as TEXT as they are, with no UTF-16 round trip).
    QVariant jsonValue(const QByteArray &json) const;
    QString jsonPlaceholder() const;
    // The select expression that reads a {json} column as bytes.
    QString jsonColumn(const QString &column) const;
    // Raw JSON as read back from a {json} column.
    QByteArray jsonBytes(const QVariant &value) const;

private:
    Backend m_backend;
};

} // namespace medpull
