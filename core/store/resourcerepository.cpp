// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "resourcerepository.h"

#include "database.h"
#include "sql.h"

#include <xxhash.h>

namespace medpull {

namespace {

// Ids per IN list, and rows per multi-row INSERT (nine parameters each):
// large enough to amortise a statement, small enough for Qt's SQLite driver,
// which maps every positional parameter to a name.
constexpr qsizetype chunkSize = 100;

const QString resourceColumns = QStringLiteral(
    "r.id, r.connection_id, r.resource_type, r.fhir_id, r.version, r.content_hash, %1, "
    "r.deleted, r.changed_pull_id, r.last_pull_id, r.stored_at");

// The IN-list length for `remaining` ids: a few fixed sizes, so a handful of
// prepared statements serve every page, and a single read binds one value,
// not a hundred.
qsizetype listSize(qsizetype remaining) {
    for (const qsizetype size : {qsizetype(1), qsizetype(8), qsizetype(32)}) {
        if (remaining <= size)
            return size;
    }
    return chunkSize;
}

QString placeholders(qsizetype count) {
    QString list;
    list.reserve(count * 3);
    for (qsizetype i = 0; i < count; ++i)
        list += i == 0 ? QStringLiteral("?") : QStringLiteral(", ?");
    return list;
}

} // namespace

QSqlQuery &ResourceRepository::prepared(const QString &statement) const {
    return m_statements.get(m_db.connection(), statement);
}

void ResourceRepository::runForIds(const QString &statement, const QVariantList &leading,
                                   const QVariantList &ids) const {
    for (qsizetype start = 0; start < ids.size();) {
        const qsizetype size = listSize(ids.size() - start);
        QSqlQuery &query = prepared(statement.arg(placeholders(size)));
        int bind = 0;
        for (const QVariant &value : leading)
            query.bindValue(bind++, value);
        for (qsizetype i = start; i < start + size; ++i)
            query.bindValue(bind++, ids.at(qMin(i, ids.size() - 1)));
        sql::exec(query);
        query.finish();
        start += size;
    }
}

void ResourceRepository::lookupExisting(qint64 connectionId, const QString &resourceType,
                                        const QStringList &ids,
                                        QHash<QString, ExistingRow> &found) const {
    for (qsizetype start = 0; start < ids.size();) {
        const qsizetype size = listSize(ids.size() - start);
        QSqlQuery &query = prepared(
            QStringLiteral("SELECT fhir_id, id, content_hash, deleted FROM resources "
                           "WHERE connection_id = ? AND resource_type = ? AND fhir_id IN (%1)")
                .arg(placeholders(size)));
        query.bindValue(0, connectionId);
        query.bindValue(1, resourceType);
        for (qsizetype i = start; i < start + size; ++i)
            query.bindValue(int(i - start + 2), ids.at(qMin(i, ids.size() - 1)));
        start += size;
        sql::exec(query);
        while (query.next()) {
            found.insert(resourceType + QLatin1Char('/') + query.value(0).toString(),
                         {query.value(1).toLongLong(), query.value(2).toByteArray(),
                          query.value(3).toInt() != 0});
        }
        query.finish();
    }
}

QByteArray ResourceRepository::contentHash(const QByteArray &content) {
    // XXH3-128 detects a changed resource; nothing here needs a cryptographic
    // hash, and BLAKE2b cost a fifth of every stored page.
    const XXH128_hash_t hash = XXH3_128bits(content.constData(), size_t(content.size()));
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, hash);
    return QByteArray(reinterpret_cast<const char *>(canonical.digest), sizeof(canonical.digest));
}

ResourceCounts ResourceRepository::store(qint64 connectionId, qint64 pullId,
                                         const QList<IncomingResource> &page) {
    ResourceCounts counts;
    if (page.isEmpty())
        return counts;
    const Dialect &dialect = m_db.dialect();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();

    // A page that repeats a resource keeps its last occurrence.
    QHash<QString, qsizetype> lastIndex;
    QHash<QString, QStringList> idsByType;
    for (qsizetype i = 0; i < page.size(); ++i) {
        const IncomingResource &resource = page.at(i);
        const QString key = resource.resourceType + QLatin1Char('/') + resource.fhirId;
        if (!lastIndex.contains(key))
            idsByType[resource.resourceType].append(resource.fhirId);
        lastIndex.insert(key, i);
    }
    QHash<QString, ExistingRow> existing;
    for (auto it = idsByType.cbegin(); it != idsByType.cend(); ++it)
        lookupExisting(connectionId, it.key(), it.value(), existing);

    // Classify first, then write each class with as few statements as
    // possible: per-statement overhead, not SQLite, is what limits a page.
    QList<std::pair<qsizetype, QByteArray>> created;
    QList<std::tuple<qint64, qsizetype, QByteArray>> changed;
    QVariantList seenIds;
    QVariantList reappearedIds;
    for (qsizetype i = 0; i < page.size(); ++i) {
        const IncomingResource &resource = page.at(i);
        const QString key = resource.resourceType + QLatin1Char('/') + resource.fhirId;
        if (lastIndex.value(key) != i)
            continue;
        QByteArray hash = contentHash(resource.content);
        const auto row = existing.constFind(key);
        if (row == existing.cend()) {
            created.append({i, std::move(hash)});
            ++counts.created;
        } else if (row->hash != hash) {
            changed.append({row->id, i, std::move(hash)});
            ++counts.updated;
        } else {
            // Same content: only remember that this pull saw it (deletion
            // detection needs that). A resource that reappears is undeleted
            // and counts as changed by this pull: exports told receivers it
            // was deleted, so they must get it again.
            if (row->deleted) {
                reappearedIds.append(row->id);
                ++counts.updated;
            } else {
                seenIds.append(row->id);
                ++counts.unchanged;
            }
        }
    }

    const QString rowValues =
        QStringLiteral("(?, ?, ?, 1, ?, %1, 0, ?, ?, ?, ?)").arg(dialect.jsonPlaceholder());
    const QString insertStatement = QStringLiteral(
        "INSERT INTO resources (connection_id, resource_type, fhir_id, version, content_hash, "
        "content, deleted, first_pull_id, changed_pull_id, last_pull_id, stored_at) VALUES %1");
    for (qsizetype start = 0; start < created.size();) {
        const bool full = created.size() - start >= chunkSize;
        QSqlQuery &insert = prepared(insertStatement.arg(
            full ? QStringList(chunkSize, rowValues).join(QStringLiteral(", ")) : rowValues));
        const qsizetype end = full ? start + chunkSize : start + 1;
        int bind = 0;
        for (qsizetype i = start; i < end; ++i) {
            const IncomingResource &resource = page.at(created.at(i).first);
            insert.bindValue(bind++, connectionId);
            insert.bindValue(bind++, resource.resourceType);
            insert.bindValue(bind++, resource.fhirId);
            insert.bindValue(bind++, created.at(i).second);
            insert.bindValue(bind++, dialect.jsonValue(resource.content));
            insert.bindValue(bind++, pullId);
            insert.bindValue(bind++, pullId);
            insert.bindValue(bind++, pullId);
            insert.bindValue(bind++, now);
        }
        sql::exec(insert);
        start = end;
    }
    keepStatisticsFresh(created.size());

    if (!changed.isEmpty()) {
        QVariantList changedIds;
        for (const auto &entry : changed)
            changedIds.append(std::get<0>(entry));
        runForIds(QStringLiteral("INSERT INTO resource_versions (resource_id, version, "
                                 "content_hash, content, pull_id, stored_at) SELECT id, version, "
                                 "content_hash, content, changed_pull_id, stored_at FROM resources "
                                 "WHERE id IN (%1)"),
                  {}, changedIds);
        QSqlQuery &update = prepared(
            QStringLiteral("UPDATE resources SET version = version + 1, content_hash = ?, "
                           "content = %1, deleted = 0, deleted_pull_id = NULL, changed_pull_id "
                           "= ?, last_pull_id = ?, stored_at = ? WHERE id = ?")
                .arg(dialect.jsonPlaceholder()));
        for (const auto &[id, index, hash] : changed)
            sql::exec(update,
                      {hash, dialect.jsonValue(page.at(index).content), pullId, pullId, now, id});
    }

    if (!seenIds.isEmpty())
        runForIds(QStringLiteral("UPDATE resources SET last_pull_id = ? WHERE id IN (%1)"),
                  {pullId}, seenIds);
    if (!reappearedIds.isEmpty())
        runForIds(QStringLiteral("UPDATE resources SET last_pull_id = ?, changed_pull_id = ?, "
                                 "deleted = 0, deleted_pull_id = NULL WHERE id IN (%1)"),
                  {pullId, pullId}, reappearedIds);
    return counts;
}

void ResourceRepository::keepStatisticsFresh(qsizetype inserted) {
    if (!m_db.dialect().isPostgres())
        return;
    m_inserted += inserted;
    if (m_inserted < m_analyzeAt)
        return;
    m_analyzeAt = m_inserted * 2;
    // Samples a fixed number of rows however large the table; takes no lock
    // that blocks reading or writing.
    sql::execDirect(m_db.connection(), QStringLiteral("ANALYZE resources"));
}

std::optional<StoredResource> ResourceRepository::get(qint64 connectionId,
                                                      const QString &resourceType,
                                                      const QString &fhirId) const {
    std::optional<StoredResource> found;
    select(QStringLiteral("WHERE r.connection_id = ? AND r.resource_type = ? AND r.fhir_id = ?"),
           {connectionId, resourceType, fhirId},
           [&found](const StoredResource &resource) { found = resource; });
    return found;
}

QList<ResourceVersion> ResourceRepository::versions(qint64 resourceId) const {
    QSqlQuery query =
        sql::run(m_db.connection(),
                 QStringLiteral("SELECT version, content_hash, %1, stored_at, "
                                "pull_id FROM resource_versions WHERE resource_id = ? "
                                "ORDER BY version")
                     .arg(m_db.dialect().jsonColumn(QStringLiteral("content"))),
                 {resourceId});
    QList<ResourceVersion> versions;
    while (query.next()) {
        versions.append({query.value(0).toInt(), query.value(1).toByteArray(),
                         m_db.dialect().jsonBytes(query.value(2)), sql::timeFromDb(query.value(3)),
                         query.value(4).toLongLong()});
    }
    return versions;
}

QList<std::pair<QString, QString>>
ResourceRepository::missing(qint64 connectionId,
                            const QList<std::pair<QString, QString>> &keys) const {
    QHash<QString, QStringList> idsByType;
    for (const auto &[type, id] : keys)
        idsByType[type].append(id);
    QHash<QString, ExistingRow> existing;
    for (auto it = idsByType.cbegin(); it != idsByType.cend(); ++it)
        lookupExisting(connectionId, it.key(), it.value(), existing);
    QList<std::pair<QString, QString>> result;
    for (const auto &key : keys) {
        if (!existing.contains(key.first + QLatin1Char('/') + key.second))
            result.append(key);
    }
    return result;
}

QMap<QString, qint64> ResourceRepository::countsByType(qint64 connectionId) const {
    QSqlQuery query = sql::run(m_db.connection(),
                               QStringLiteral("SELECT resource_type, count(*) FROM resources "
                                              "WHERE connection_id = ? AND deleted = 0 "
                                              "GROUP BY resource_type"),
                               {connectionId});
    QMap<QString, qint64> counts;
    while (query.next())
        counts.insert(query.value(0).toString(), query.value(1).toLongLong());
    return counts;
}

QMap<QString, qint64> ResourceRepository::countsByTypeForPatient(qint64 patientId) const {
    QSqlQuery query = sql::run(
        m_db.connection(),
        QStringLiteral("SELECT r.resource_type, count(*) FROM resources r JOIN connections c "
                       "ON c.id = r.connection_id WHERE c.patient_id = ? AND r.deleted = 0 "
                       "GROUP BY r.resource_type"),
        {patientId});
    QMap<QString, qint64> counts;
    while (query.next())
        counts.insert(query.value(0).toString(), query.value(1).toLongLong());
    return counts;
}

qint64 ResourceRepository::count(qint64 connectionId) const {
    return sql::scalar(m_db.connection(),
                       QStringLiteral("SELECT count(*) FROM resources WHERE connection_id = ? "
                                      "AND deleted = 0"),
                       {connectionId})
        .toLongLong();
}

void ResourceRepository::forEach(qint64 connectionId, const QString &resourceType,
                                 const std::function<void(const StoredResource &)> &visit) const {
    if (resourceType.isEmpty()) {
        select(QStringLiteral("WHERE r.connection_id = ? AND r.deleted = 0 "
                              "ORDER BY r.resource_type, r.id"),
               {connectionId}, visit);
    } else {
        select(QStringLiteral("WHERE r.connection_id = ? AND r.resource_type = ? "
                              "AND r.deleted = 0 ORDER BY r.id"),
               {connectionId, resourceType}, visit);
    }
}

void ResourceRepository::forEachChangedInPull(
    qint64 pullId, const std::function<void(const StoredResource &)> &visit) const {
    select(QStringLiteral("WHERE r.changed_pull_id = ? ORDER BY r.resource_type, r.id"), {pullId},
           visit);
}

QList<StoredResource> ResourceRepository::changedInPull(qint64 pullId, const QString &afterType,
                                                        qint64 afterId, int limit) const {
    QList<StoredResource> page;
    // A row value, so both backends seek in resources_changed_export to
    // where the last page ended instead of sorting the pull for every page.
    select(
        QStringLiteral("WHERE r.changed_pull_id = ? AND r.deleted = 0 AND "
                       "(r.resource_type, r.id) > (?, ?) ORDER BY r.resource_type, r.id LIMIT ?"),
        {pullId, sql::text(afterType), afterId, limit},
        [&page](const StoredResource &resource) { page.append(resource); });
    return page;
}

QList<StoredResource> ResourceRepository::changedInPullOfType(qint64 pullId,
                                                              const QString &resourceType,
                                                              qint64 afterId, int limit) const {
    QList<StoredResource> page;
    select(QStringLiteral("WHERE r.changed_pull_id = ? AND r.resource_type = ? AND r.id > ? "
                          "AND r.deleted = 0 ORDER BY r.id LIMIT ?"),
           {pullId, sql::text(resourceType), afterId, limit},
           [&page](const StoredResource &resource) { page.append(resource); });
    return page;
}

qint64 ResourceRepository::markUnseenDeleted(qint64 connectionId, const QString &resourceType,
                                             qint64 pullId) {
    return markUnseenDeleted(connectionId, QStringList{resourceType}, pullId);
}

qint64 ResourceRepository::markUnseenDeleted(qint64 connectionId, const QStringList &resourceTypes,
                                             qint64 pullId) {
    if (resourceTypes.isEmpty())
        return 0;
    QSqlQuery &query =
        prepared(QStringLiteral("UPDATE resources SET deleted = 1, deleted_pull_id = ? WHERE "
                                "connection_id = ? AND resource_type IN (%1) AND deleted = 0 "
                                "AND (last_pull_id IS NULL OR last_pull_id <> ?)")
                     .arg(placeholders(resourceTypes.size())));
    QVariantList values{pullId, connectionId};
    for (const QString &type : resourceTypes)
        values << type;
    values << pullId;
    sql::exec(query, values);
    const qint64 marked = query.numRowsAffected();
    query.finish();
    return marked;
}

void ResourceRepository::select(const QString &where, const QVariantList &values,
                                const std::function<void(const StoredResource &)> &visit) const {
    QSqlQuery query = sql::run(
        m_db.connection(),
        QStringLiteral("SELECT %1 FROM resources r %2")
            .arg(resourceColumns.arg(m_db.dialect().jsonColumn(QStringLiteral("r.content"))),
                 where),
        values);
    while (query.next()) {
        StoredResource resource;
        resource.id = query.value(0).toLongLong();
        resource.connectionId = query.value(1).toLongLong();
        resource.resourceType = query.value(2).toString();
        resource.fhirId = query.value(3).toString();
        resource.version = query.value(4).toInt();
        resource.contentHash = query.value(5).toByteArray();
        resource.content = m_db.dialect().jsonBytes(query.value(6));
        resource.deleted = query.value(7).toInt() != 0;
        resource.changedPullId = query.value(8).toLongLong();
        resource.lastPullId = query.value(9).toLongLong();
        resource.storedAt = sql::timeFromDb(query.value(10));
        visit(resource);
    }
}

} // namespace medpull
