// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "pull.h"
#include "sql.h"
#include "storedresource.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QSqlQuery>

#include <functional>
#include <optional>

namespace medpull {

class Database;

// Raw FHIR resources keyed by (connection, resourceType, id). A changed
// resource keeps its earlier versions; an unchanged one is not rewritten;
// one missing from a complete full pull is marked deleted, never erased.
class ResourceRepository {
public:
    explicit ResourceRepository(const Database &database)
        : m_db(database) {}

    static QByteArray contentHash(const QByteArray &content);

    // Stores one page of resources and classifies each as created, updated
    // or unchanged. Runs inside the caller's transaction (the page's), so the
    // resources and the page checkpoint commit together.
    ResourceCounts store(qint64 connectionId, qint64 pullId, const QList<IncomingResource> &page);

    std::optional<StoredResource> get(qint64 connectionId, const QString &resourceType,
                                      const QString &fhirId) const;
    // Earlier contents, oldest first.
    QList<ResourceVersion> versions(qint64 resourceId) const;

    // Which of the (resourceType, id) pairs are not stored for the connection.
    QList<std::pair<QString, QString>>
    missing(qint64 connectionId, const QList<std::pair<QString, QString>> &keys) const;

    // Non-deleted resources per type.
    QMap<QString, qint64> countsByType(qint64 connectionId) const;
    QMap<QString, qint64> countsByTypeForPatient(qint64 patientId) const;
    qint64 count(qint64 connectionId) const;

    // Streams the stored resources of a connection (optionally of one type)
    // without holding them all in memory; deleted ones are skipped.
    void forEach(qint64 connectionId, const QString &resourceType,
                 const std::function<void(const StoredResource &)> &visit) const;
    // Streams what a pull created or changed.
    void forEachChangedInPull(qint64 pullId,
                              const std::function<void(const StoredResource &)> &visit) const;

    // One page of what a pull created or changed and still holds, in
    // (resourceType, id) order after the given key: exports page through it.
    QList<StoredResource> changedInPull(qint64 pullId, const QString &afterType, qint64 afterId,
                                        int limit) const;
    // The same for one type, in id order after `afterId`.
    QList<StoredResource> changedInPullOfType(qint64 pullId, const QString &resourceType,
                                              qint64 afterId, int limit) const;

    // After a complete full search of `resourceType`: marks the connection's
    // resources of that type that `pullId` did not see as deleted by that
    // pull (deleted_pull_id), so exports can tell receivers.
    qint64 markUnseenDeleted(qint64 connectionId, const QString &resourceType, qint64 pullId);
    // The same for several types in one statement.
    qint64 markUnseenDeleted(qint64 connectionId, const QStringList &resourceTypes, qint64 pullId);

private:
    // Statements prepared once and reused page after page: preparing costs
    // more than executing. A repository therefore belongs to one thread.
    struct ExistingRow {
        qint64 id = 0;
        QByteArray hash;
        bool deleted = false;
    };

    QSqlQuery &prepared(const QString &statement) const;
    // Runs `statement` (one %1 for an IN list) over `ids` in fixed-size
    // chunks, padding the last one so every chunk reuses one statement.
    void runForIds(const QString &statement, const QVariantList &leading,
                   const QVariantList &ids) const;
    void lookupExisting(qint64 connectionId, const QString &resourceType, const QStringList &ids,
                        QHash<QString, ExistingRow> &found) const;

    void select(const QString &where, const QVariantList &values,
                const std::function<void(const StoredResource &)> &visit) const;

    void keepStatisticsFresh(qsizetype inserted);

    const Database &m_db;
    mutable sql::StatementCache m_statements;
    // PostgreSQL plans the lookups by (type, id) from table statistics;
    // without fresh ones it guesses an IN list matches half the table and
    // scans it whole. ANALYZE after 1,000 inserted rows, then at each
    // doubling, so statistics never lag the table by more than half.
    qint64 m_inserted = 0;
    qint64 m_analyzeAt = 1000;
};

} // namespace medpull
