// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "transaction.h"

#include "database.h"
#include "sql.h"

namespace medpull {

Transaction::Transaction(const Database &database, Mode mode)
    : m_db(database.connection()) {
    const QStringList begin = mode == Mode::Exclusive ? database.dialect().beginExclusive()
                                                      : database.dialect().beginWrite();
    sql::execDirect(m_db, begin.first());
    m_open = true;
    for (qsizetype i = 1; i < begin.size(); ++i)
        sql::execDirect(m_db, begin.at(i));
}

Transaction::~Transaction() {
    // A lost connection took its transaction with it.
    if (m_open && m_db.isOpen())
        QSqlQuery(QStringLiteral("ROLLBACK"), m_db);
}

void Transaction::commit() {
    sql::execDirect(m_db, QStringLiteral("COMMIT"));
    m_open = false;
}

} // namespace medpull
