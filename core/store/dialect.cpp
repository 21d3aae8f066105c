// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "dialect.h"

namespace medpull {

QString Dialect::driverName() const {
    return isPostgres() ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE");
}

QString Dialect::expand(QString ddl) const {
    if (isPostgres()) {
        ddl.replace(QLatin1String("{id}"), QLatin1String("BIGSERIAL PRIMARY KEY"));
        ddl.replace(QLatin1String("{json}"), QLatin1String("JSONB"));
        ddl.replace(QLatin1String("{blob}"), QLatin1String("BYTEA"));
    } else {
        ddl.replace(QLatin1String("{id}"), QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT"));
        ddl.replace(QLatin1String("{json}"), QLatin1String("TEXT"));
        ddl.replace(QLatin1String("{blob}"), QLatin1String("BLOB"));
    }
    return ddl;
}

QStringList Dialect::beginWrite() const {
    return {isPostgres() ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE")};
}

QStringList Dialect::beginExclusive() const {
    if (isPostgres()) {
        // One advisory lock number for "the medpull schema"; it is released
        // with the transaction.
        return {QStringLiteral("BEGIN"), QStringLiteral("SELECT pg_advisory_xact_lock(7364021)")};
    }
    return {QStringLiteral("BEGIN IMMEDIATE")};
}

QVariant Dialect::jsonValue(const QByteArray &json) const {
    if (isPostgres())
        return QString::fromUtf8(json);
    return json;
}

QString Dialect::jsonPlaceholder() const {
    return isPostgres() ? QStringLiteral("?") : QStringLiteral("CAST(? AS TEXT)");
}

QString Dialect::jsonColumn(const QString &column) const {
    return isPostgres() ? column + QStringLiteral("::text")
                        : QStringLiteral("CAST(%1 AS BLOB)").arg(column);
}

QByteArray Dialect::jsonBytes(const QVariant &value) const {
    if (value.typeId() == QMetaType::QByteArray)
        return value.toByteArray();
    return value.toString().toUtf8();
}

} // namespace medpull
