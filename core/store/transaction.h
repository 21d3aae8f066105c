#pragma once

#include <QSqlDatabase>

namespace medpull {

class Database;

// A transaction on the current thread's connection that rolls back unless
// committed: a failed page leaves nothing half-written.
class Transaction {
public:
    enum class Mode { Deferred, Exclusive };

    explicit Transaction(const Database &database, Mode mode = Mode::Deferred);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    void commit();

private:
    QSqlDatabase m_db;
    bool m_open = false;
};

} // namespace medpull
