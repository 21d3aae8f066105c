// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QSqlDatabase>

namespace medpull {

class Database;

// A transaction on the current thread's connection that rolls back unless
// committed: a failed page leaves nothing half-written.
class Transaction {
public:
    enum class Mode {
        // Takes SQLite's write lock up front (BEGIN IMMEDIATE): a deferred
        // transaction that reads and then writes fails at once with "database
        // is locked" when another connection writes meanwhile, busy timeout
        // or not.
        Write,
        // Write, and on PostgreSQL also excludes every other medpull process
        // (an advisory lock): migrations and lease claims.
        Exclusive,
    };

    explicit Transaction(const Database &database, Mode mode = Mode::Write);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    void commit();

private:
    QSqlDatabase m_db;
    bool m_open = false;
};

} // namespace medpull
