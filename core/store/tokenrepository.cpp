// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "tokenrepository.h"

#include "database.h"
#include "sql.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace medpull {

void TokenRepository::save(const TokenRecord &record) {
    sql::run(
        m_db.connection(),
        QStringLiteral("INSERT INTO tokens (connection_id, ciphertext, nonce, key_id, "
                       "access_expires_at, scope, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                       "ON CONFLICT (connection_id) DO UPDATE SET "
                       "ciphertext = excluded.ciphertext, nonce = excluded.nonce, "
                       "key_id = excluded.key_id, access_expires_at = excluded.access_expires_at, "
                       "scope = excluded.scope, updated_at = excluded.updated_at"),
        {record.connectionId, record.ciphertext, record.nonce, record.keyId,
         sql::toDb(record.accessExpiresAt), record.scope,
         sql::toDb(QDateTime::currentDateTimeUtc())});
}

bool TokenRepository::keychainKeyInUse() const {
    QSqlQuery query =
        sql::run(m_db.connection(),
                 QStringLiteral("SELECT 1 FROM tokens WHERE key_id LIKE 'keychain:%' LIMIT 1"), {});
    const bool found = query.next();
    query.finish();
    return found;
}

QStringList TokenRepository::knownKeyIds() const {
    QStringList ids;
    const auto add = [&ids](const QString &id) {
        if (!id.isEmpty() && !ids.contains(id))
            ids.append(id);
    };
    add(sql::scalar(m_db.connection(), QStringLiteral("SELECT key_id FROM token_key")).toString());
    QSqlQuery tokens =
        sql::run(m_db.connection(), QStringLiteral("SELECT DISTINCT key_id FROM tokens"), {});
    while (tokens.next())
        add(tokens.value(0).toString());
    QSqlQuery destinations = sql::run(m_db.connection(),
                                      QStringLiteral("SELECT %1 FROM export_destinations")
                                          .arg(m_db.dialect().jsonColumn(QStringLiteral("config"))),
                                      {});
    while (destinations.next())
        add(QJsonDocument::fromJson(m_db.dialect().jsonBytes(destinations.value(0)))
                .object()
                .value(QStringLiteral("sealed"))
                .toObject()
                .value(QStringLiteral("keyId"))
                .toString());
    return ids;
}

QString TokenRepository::recordKeyId(const QString &keyId) {
    // One row with a fixed id: of two processes recording at once, one wins
    // on either backend.
    sql::run(m_db.connection(),
             QStringLiteral("INSERT INTO token_key (id, key_id, recorded_at) VALUES (1, ?, ?) "
                            "ON CONFLICT (id) DO NOTHING"),
             {keyId, QDateTime::currentMSecsSinceEpoch()});
    return sql::scalar(m_db.connection(), QStringLiteral("SELECT key_id FROM token_key"))
        .toString();
}

std::optional<TokenRecord> TokenRepository::get(qint64 connectionId) const {
    QSqlQuery query =
        sql::run(m_db.connection(),
                 QStringLiteral("SELECT ciphertext, nonce, key_id, access_expires_at, "
                                "scope, updated_at FROM tokens WHERE connection_id = ?"),
                 {connectionId});
    if (!query.next())
        return std::nullopt;
    TokenRecord record;
    record.connectionId = connectionId;
    record.ciphertext = query.value(0).toByteArray();
    record.nonce = query.value(1).toByteArray();
    record.keyId = query.value(2).toString();
    record.accessExpiresAt = sql::timeFromDb(query.value(3));
    record.scope = query.value(4).toString();
    record.updatedAt = sql::timeFromDb(query.value(5));
    return record;
}

void TokenRepository::remove(qint64 connectionId) {
    sql::run(m_db.connection(), QStringLiteral("DELETE FROM tokens WHERE connection_id = ?"),
             {connectionId});
}

} // namespace medpull
