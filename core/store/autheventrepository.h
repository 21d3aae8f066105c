// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "authevent.h"

#include <QList>

namespace medpull {

class Database;

class AuthEventRepository {
public:
    explicit AuthEventRepository(const Database &database)
        : m_db(database) {}

    AuthEvent add(AuthEvent event);
    // Newest first.
    QList<AuthEvent> forConnection(qint64 connectionId) const;
    QList<AuthEvent> forPatient(qint64 patientId) const;

private:
    QList<AuthEvent> select(const QString &where, const QVariantList &values) const;

    const Database &m_db;
};

} // namespace medpull
