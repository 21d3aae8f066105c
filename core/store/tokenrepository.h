#pragma once

#include "connection.h"

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

private:
    const Database &m_db;
};

} // namespace medpull
