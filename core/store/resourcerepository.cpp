#include "resourcerepository.h"

#include "database.h"
#include "sql.h"

#include <QCryptographicHash>
#include <QHash>

namespace medpull {

namespace {

// Keeps IN lists well under both backends' bound-parameter limits.
constexpr qsizetype lookupChunk = 400;

const QString resourceColumns = QStringLiteral(
    "r.id, r.connection_id, r.resource_type, r.fhir_id, r.version, r.content_hash, r.content, "
    "r.deleted, r.changed_pull_id, r.last_pull_id, r.stored_at");

struct ExistingRow
{
    qint64 id = 0;
    QByteArray hash;
    bool deleted = false;
};

QString placeholders(qsizetype count)
{
    QString list;
    list.reserve(count * 3);
    for (qsizetype i = 0; i < count; ++i)
        list += i == 0 ? QStringLiteral("?") : QStringLiteral(", ?");
    return list;
}

// Existing rows of one connection for the given ids of one resource type.
void lookupExisting(const QSqlDatabase &db, qint64 connectionId, const QString &resourceType,
                    const QStringList &ids, QHash<QString, ExistingRow> &found)
{
    for (qsizetype start = 0; start < ids.size(); start += lookupChunk) {
        const QStringList chunk = ids.mid(start, lookupChunk);
        QSqlQuery query = sql::prepare(
            db, QStringLiteral("SELECT fhir_id, id, content_hash, deleted FROM resources "
                               "WHERE connection_id = ? AND resource_type = ? AND fhir_id IN (%1)")
                    .arg(placeholders(chunk.size())));
        query.bindValue(0, connectionId);
        query.bindValue(1, resourceType);
        for (qsizetype i = 0; i < chunk.size(); ++i)
            query.bindValue(int(i + 2), chunk.at(i));
        sql::exec(query);
        while (query.next()) {
            found.insert(resourceType + QLatin1Char('/') + query.value(0).toString(),
                         {query.value(1).toLongLong(), query.value(2).toByteArray(),
                          query.value(3).toInt() != 0});
        }
    }
}

} // namespace

QByteArray ResourceRepository::contentHash(const QByteArray &content)
{
    return QCryptographicHash::hash(content, QCryptographicHash::Sha256);
}

ResourceCounts ResourceRepository::store(qint64 connectionId, qint64 pullId,
                                         const QList<IncomingResource> &page)
{
    ResourceCounts counts;
    if (page.isEmpty())
        return counts;
    const QSqlDatabase db = m_db.connection();
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
        lookupExisting(db, connectionId, it.key(), it.value(), existing);

    QSqlQuery insert = sql::prepare(
        db, QStringLiteral("INSERT INTO resources (connection_id, resource_type, fhir_id, version, "
                           "content_hash, content, deleted, first_pull_id, changed_pull_id, "
                           "last_pull_id, stored_at) VALUES (?, ?, ?, 1, ?, ?, 0, ?, ?, ?, ?)"));
    std::optional<QSqlQuery> archive;
    std::optional<QSqlQuery> update;
    std::optional<QSqlQuery> seen;

    for (qsizetype i = 0; i < page.size(); ++i) {
        const IncomingResource &resource = page.at(i);
        const QString key = resource.resourceType + QLatin1Char('/') + resource.fhirId;
        if (lastIndex.value(key) != i)
            continue;
        const QByteArray hash = contentHash(resource.content);
        const auto row = existing.constFind(key);
        if (row == existing.cend()) {
            sql::exec(insert, {connectionId, resource.resourceType, resource.fhirId, hash,
                               dialect.jsonValue(resource.content), pullId, pullId, pullId, now});
            ++counts.created;
        } else if (row->hash != hash) {
            if (!archive) {
                archive = sql::prepare(
                    db, QStringLiteral("INSERT INTO resource_versions (resource_id, version, "
                                       "content_hash, content, pull_id, stored_at) SELECT id, "
                                       "version, content_hash, content, changed_pull_id, stored_at "
                                       "FROM resources WHERE id = ?"));
                update = sql::prepare(
                    db, QStringLiteral("UPDATE resources SET version = version + 1, "
                                       "content_hash = ?, content = ?, deleted = 0, "
                                       "changed_pull_id = ?, last_pull_id = ?, stored_at = ? "
                                       "WHERE id = ?"));
            }
            sql::exec(*archive, {row->id});
            sql::exec(*update, {hash, dialect.jsonValue(resource.content), pullId, pullId, now,
                                row->id});
            ++counts.updated;
        } else {
            // Same content: only remember that this pull saw it (deletion
            // detection needs that). A resource that reappears is undeleted.
            if (!seen)
                seen = sql::prepare(db, QStringLiteral("UPDATE resources SET last_pull_id = ?, "
                                                       "deleted = 0 WHERE id = ?"));
            sql::exec(*seen, {pullId, row->id});
            if (row->deleted)
                ++counts.updated;
            else
                ++counts.unchanged;
        }
    }
    return counts;
}

std::optional<StoredResource> ResourceRepository::get(qint64 connectionId,
                                                      const QString &resourceType,
                                                      const QString &fhirId) const
{
    std::optional<StoredResource> found;
    select(QStringLiteral("WHERE r.connection_id = ? AND r.resource_type = ? AND r.fhir_id = ?"),
           {connectionId, resourceType, fhirId},
           [&found](const StoredResource &resource) { found = resource; });
    return found;
}

QList<ResourceVersion> ResourceRepository::versions(qint64 resourceId) const
{
    QSqlQuery query = sql::run(m_db.connection(),
                               QStringLiteral("SELECT version, content_hash, content, stored_at, "
                                              "pull_id FROM resource_versions WHERE resource_id = ? "
                                              "ORDER BY version"),
                               {resourceId});
    QList<ResourceVersion> versions;
    while (query.next()) {
        versions.append({query.value(0).toInt(), query.value(1).toByteArray(),
                         m_db.dialect().jsonBytes(query.value(2)),
                         sql::timeFromDb(query.value(3)), query.value(4).toLongLong()});
    }
    return versions;
}

QList<std::pair<QString, QString>>
ResourceRepository::missing(qint64 connectionId,
                            const QList<std::pair<QString, QString>> &keys) const
{
    QHash<QString, QStringList> idsByType;
    for (const auto &[type, id] : keys)
        idsByType[type].append(id);
    QHash<QString, ExistingRow> existing;
    const QSqlDatabase db = m_db.connection();
    for (auto it = idsByType.cbegin(); it != idsByType.cend(); ++it)
        lookupExisting(db, connectionId, it.key(), it.value(), existing);
    QList<std::pair<QString, QString>> result;
    for (const auto &key : keys) {
        if (!existing.contains(key.first + QLatin1Char('/') + key.second))
            result.append(key);
    }
    return result;
}

QMap<QString, qint64> ResourceRepository::countsByType(qint64 connectionId) const
{
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

QMap<QString, qint64> ResourceRepository::countsByTypeForPatient(qint64 patientId) const
{
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

qint64 ResourceRepository::count(qint64 connectionId) const
{
    return sql::scalar(m_db.connection(),
                       QStringLiteral("SELECT count(*) FROM resources WHERE connection_id = ? "
                                      "AND deleted = 0"),
                       {connectionId})
        .toLongLong();
}

void ResourceRepository::forEach(qint64 connectionId, const QString &resourceType,
                                 const std::function<void(const StoredResource &)> &visit) const
{
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
    qint64 pullId, const std::function<void(const StoredResource &)> &visit) const
{
    select(QStringLiteral("WHERE r.changed_pull_id = ? ORDER BY r.resource_type, r.id"), {pullId},
           visit);
}

qint64 ResourceRepository::markUnseenDeleted(qint64 connectionId, const QString &resourceType,
                                             qint64 pullId)
{
    QSqlQuery query = sql::run(
        m_db.connection(),
        QStringLiteral("UPDATE resources SET deleted = 1 WHERE connection_id = ? "
                       "AND resource_type = ? AND deleted = 0 "
                       "AND (last_pull_id IS NULL OR last_pull_id <> ?)"),
        {connectionId, resourceType, pullId});
    return query.numRowsAffected();
}

void ResourceRepository::select(const QString &where, const QVariantList &values,
                                const std::function<void(const StoredResource &)> &visit) const
{
    QSqlQuery query = sql::run(
        m_db.connection(),
        QStringLiteral("SELECT %1 FROM resources r %2").arg(resourceColumns, where), values);
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
