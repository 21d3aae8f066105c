// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "source.h"

#include <QJsonObject>
#include <QList>

#include <optional>

namespace medpull {

class Database;

class SourceRepository {
public:
    explicit SourceRepository(const Database &database)
        : m_db(database) {}

    // Throws StoreError when the name is already taken.
    Source add(Source source);
    void update(const Source &source);
    // The registration settings an admin edits (name, FHIR base, client id,
    // client authentication and credentials, scopes, redirect URI, request
    // limits, intervals) and the discovered endpoints; not what pulls learnt.
    void updateSettings(const Source &source);
    void setEnabled(qint64 id, bool enabled);
    void setCredentials(qint64 id, const QByteArray &sealedCredentials, const QJsonObject &jwks);
    int connectionCount(qint64 id) const;
    // Only for a source without accounts; throws StoreError otherwise.
    void remove(qint64 id);
    std::optional<Source> get(qint64 id) const;
    std::optional<Source> findByName(const QString &name) const;
    QList<Source> list() const;

private:
    QList<Source> select(const QString &where, const QVariantList &values) const;

    const Database &m_db;
};

} // namespace medpull
