#pragma once

#include "source.h"

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
    std::optional<Source> get(qint64 id) const;
    std::optional<Source> findByName(const QString &name) const;
    QList<Source> list() const;

private:
    QList<Source> select(const QString &where, const QVariantList &values) const;

    const Database &m_db;
};

} // namespace medpull
