// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "attention.h"

#include <QList>

namespace medpull {

class Database;

// What the attention inbox lists, across patients, newest first: accounts in
// auth_failed or refresh_failed, accounts whose automatic retries are used up
// (Connection::needsAttention()), and deliveries that failed at least once and
// are not delivered.
class AttentionRepository {
public:
    explicit AttentionRepository(const Database &database)
        : m_db(database) {}

    QList<AttentionItem> list(int limit = 5000) const;

private:
    const Database &m_db;
};

} // namespace medpull
