// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "connection.h"

#include <QStringList>

#include <optional>

namespace medpull {

class Database;

// Encrypted token material per connection; encryption is the TokenVault's.
class TokenRepository {
public:
    explicit TokenRepository(const Database &database)
        : m_db(database) {}

    void save(const TokenRecord &record);
    std::optional<TokenRecord> get(qint64 connectionId) const;
    void remove(qint64 connectionId);
    // Some tokens are sealed with a key kept in the system keychain.
    bool keychainKeyInUse() const;

    // Every key the database names: the installation's recorded key first,
    // then the keys its tokens and destination secrets are sealed with.
    // Empty only while nothing is sealed and no key was recorded: only then
    // may a new key be made.
    QStringList knownKeyIds() const;
    // Records the key this installation seals with (its id, never the key)
    // unless one is recorded already, so every process and every spelling of
    // the database's location finds the same one. Returns the recorded id:
    // another one means another process made its key first.
    QString recordKeyId(const QString &keyId);

private:
    const Database &m_db;
};

} // namespace medpull
