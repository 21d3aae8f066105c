// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "deliverystore.h"

#include "database.h"
#include "deliveryrepository.h"
#include "destinationrepository.h"
#include "resourcerepository.h"
#include "sql.h"
#include "transaction.h"

#include <QJsonDocument>

namespace medpull {

namespace {

// A pull that settled with data to send (changes, or deletions it found);
// failed and cancelled pulls are not exported.
const QString qualifyingPull = QStringLiteral(
    "p.status IN ('succeeded', 'partial') AND (EXISTS (SELECT 1 FROM resources r WHERE "
    "r.changed_pull_id = p.id AND r.deleted = 0) OR EXISTS (SELECT 1 FROM resources r WHERE "
    "r.deleted_pull_id = p.id AND r.deleted = 1))");

const QString contextColumns =
    QStringLiteral("p.id, p.status, p.pull_trigger, p.finished_at, c.id, c.fhir_patient_id, pa.id, "
                   "pa.display_name, pa.external_id, s.name");
const QString contextJoins = QStringLiteral(
    "JOIN connections c ON c.id = p.connection_id JOIN patients pa ON pa.id = c.patient_id "
    "JOIN sources s ON s.id = c.source_id");

DeliveryContext contextFrom(const QSqlQuery &query, int first) {
    DeliveryContext context;
    context.pullId = query.value(first).toLongLong();
    context.pullStatus = sql::enumFromDb<PullStatus>(query.value(first + 1));
    context.pullTrigger = sql::enumFromDb<PullTrigger>(query.value(first + 2));
    context.pullFinishedAt = sql::timeFromDb(query.value(first + 3));
    context.connectionId = query.value(first + 4).toLongLong();
    context.fhirPatientId = query.value(first + 5).toString();
    context.patientId = query.value(first + 6).toLongLong();
    context.patientName = query.value(first + 7).toString();
    context.patientExternalId = query.value(first + 8).toString();
    context.sourceName = query.value(first + 9).toString();
    return context;
}

// Resources per type among those `which` (an SQL condition on the pull id).
QMap<QString, qint64> countsByType(const Database &database, const QString &which, qint64 pullId) {
    QSqlQuery query = sql::run(database.connection(),
                               QStringLiteral("SELECT resource_type, COUNT(*) FROM resources "
                                              "WHERE %1 GROUP BY resource_type")
                                   .arg(which),
                               {pullId});
    QMap<QString, qint64> counts;
    while (query.next())
        counts.insert(query.value(0).toString(), query.value(1).toLongLong());
    return counts;
}

} // namespace

QList<std::pair<qint64, qint64>>
DeliveryStore::unplannedPulls(const ExportDestination &destination) const {
    QSqlQuery query = sql::run(
        m_db.connection(),
        QStringLiteral("SELECT p.id, (SELECT COUNT(*) FROM resources r WHERE r.changed_pull_id = "
                       "p.id AND r.deleted = 0) + (SELECT COUNT(*) FROM resources r WHERE "
                       "r.deleted_pull_id = p.id AND r.deleted = 1) FROM pulls p WHERE p.id > ? "
                       "AND %1 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.pull_id = p.id "
                       "AND d.destination_id = ?) ORDER BY p.id")
            .arg(qualifyingPull),
        {destination.watermarkPullId, destination.id});
    QList<std::pair<qint64, qint64>> pulls;
    while (query.next())
        pulls.append({query.value(0).toLongLong(), query.value(1).toLongLong()});
    return pulls;
}

void DeliveryStore::updateWatermark(qint64 destinationId) const {
    // Pulls settle out of id order, so the watermark stops below the first
    // pull that is still running, undelivered or not yet planned: planning
    // only looks above it.
    QSqlQuery query = sql::run(
        m_db.connection(),
        QStringLiteral(
            "SELECT (SELECT MIN(d.pull_id) FROM deliveries d WHERE d.destination_id = ? "
            "AND d.status <> 'delivered'), (SELECT MIN(p.id) FROM pulls p WHERE p.status IN "
            "('queued', 'running')), (SELECT MIN(p.id) FROM pulls p WHERE %1 AND NOT EXISTS "
            "(SELECT 1 FROM deliveries d WHERE d.pull_id = p.id AND d.destination_id = ?)), "
            "(SELECT MAX(p.id) FROM pulls p)")
            .arg(qualifyingPull),
        {destinationId, destinationId});
    if (!query.next())
        return;
    qint64 watermark = query.value(3).toLongLong();
    for (int column = 0; column < 3; ++column) {
        if (!query.value(column).isNull())
            watermark = qMin(watermark, query.value(column).toLongLong() - 1);
    }
    // An unfinished SELECT keeps SQLite's read snapshot open, and the write
    // below would then fail at once with "database is locked".
    query.finish();
    if (watermark > 0)
        DestinationRepository(m_db).advanceWatermark(destinationId, watermark);
}

std::optional<Delivery> DeliveryStore::claimDue(const QString &owner, int leaseSeconds,
                                                int perDestination) const {
    Transaction transaction(m_db, Transaction::Mode::Exclusive);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QSqlQuery due = sql::run(
        m_db.connection(),
        QStringLiteral("SELECT d.id FROM deliveries d JOIN export_destinations e ON e.id = "
                       "d.destination_id WHERE e.enabled = 1 AND ((d.status = 'pending' AND "
                       "d.next_attempt_at <= ?) OR (d.status = 'delivering' AND "
                       "d.lease_expires_at < ?)) AND (SELECT COUNT(*) FROM deliveries f WHERE "
                       "f.destination_id = d.destination_id AND f.status = 'delivering' AND "
                       "f.lease_expires_at >= ?) < ? ORDER BY d.next_attempt_at, d.id LIMIT 1"),
        {now, now, now, perDestination});
    if (!due.next())
        return std::nullopt;
    const qint64 id = due.value(0).toLongLong();
    due.finish();
    sql::run(m_db.connection(),
             // A manual retry is not one of the automatic attempts.
             QStringLiteral("UPDATE deliveries SET status = 'delivering', attempts = attempts + "
                            "1 - manual_retry, lease_owner = ?, lease_expires_at = ? WHERE id = ?"),
             {owner, now + leaseSeconds * 1000LL, id});
    transaction.commit();
    return DeliveryRepository(m_db).get(id);
}

bool DeliveryStore::renewLease(qint64 deliveryId, const QString &owner, int leaseSeconds) const {
    QSqlQuery query =
        sql::run(m_db.connection(),
                 QStringLiteral("UPDATE deliveries SET lease_expires_at = ? WHERE id = ? AND "
                                "lease_owner = ? AND status = 'delivering'"),
                 {QDateTime::currentMSecsSinceEpoch() + leaseSeconds * 1000LL, deliveryId, owner});
    return query.numRowsAffected() == 1;
}

bool DeliveryStore::holdsLease(qint64 deliveryId, const QString &owner) const {
    return sql::scalar(m_db.connection(),
                       QStringLiteral("SELECT COUNT(*) FROM deliveries WHERE id = ? AND "
                                      "lease_owner = ? AND status = 'delivering'"),
                       {deliveryId, owner})
               .toInt() == 1;
}

void DeliveryStore::release(qint64 deliveryId, const QString &owner) const {
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE deliveries SET status = 'pending', next_attempt_at = ?, "
                            "attempts = CASE WHEN attempts > 0 THEN attempts - 1 + manual_retry "
                            "ELSE 0 END, "
                            "lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND "
                            "lease_owner = ? AND status = 'delivering'"),
             {QDateTime::currentMSecsSinceEpoch(), deliveryId, owner});
}

QJsonObject DeliveryStore::checkpoint(qint64 deliveryId) const {
    const QString stored =
        sql::scalar(m_db.connection(),
                    QStringLiteral("SELECT checkpoint FROM deliveries WHERE id = ?"), {deliveryId})
            .toString();
    return QJsonDocument::fromJson(stored.toUtf8()).object();
}

void DeliveryStore::saveCheckpoint(qint64 deliveryId, const QString &owner,
                                   const QJsonObject &checkpoint) const {
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE deliveries SET checkpoint = ? WHERE id = ? AND lease_owner = ? "
                            "AND status = 'delivering'"),
             {QString::fromUtf8(QJsonDocument(checkpoint).toJson(QJsonDocument::Compact)),
              deliveryId, owner});
}

QList<StoredResource> DeliveryStore::changedResourcesOfType(qint64 pullId,
                                                            const QString &resourceType,
                                                            qint64 afterId, int limit) const {
    return ResourceRepository(m_db).changedInPullOfType(pullId, resourceType, afterId, limit);
}

QList<StoredResource> DeliveryStore::changedResources(qint64 pullId, const QString &afterType,
                                                      qint64 afterId, int limit) const {
    return ResourceRepository(m_db).changedInPull(pullId, afterType, afterId, limit);
}

QMap<QString, qint64> DeliveryStore::changedCountsByType(qint64 pullId) const {
    return countsByType(m_db, QStringLiteral("changed_pull_id = ? AND deleted = 0"), pullId);
}

QList<StoredResource> DeliveryStore::deletedResources(qint64 pullId, const QString &afterType,
                                                      qint64 afterId, int limit) const {
    QSqlQuery query = sql::run(
        m_db.connection(),
        QStringLiteral("SELECT id, resource_type, fhir_id FROM resources WHERE deleted_pull_id = ? "
                       "AND (resource_type, id) > (?, ?) AND deleted = 1 "
                       "ORDER BY resource_type, id LIMIT ?"),
        {pullId, sql::text(afterType), afterId, limit});
    QList<StoredResource> page;
    while (query.next()) {
        StoredResource resource;
        resource.id = query.value(0).toLongLong();
        resource.resourceType = query.value(1).toString();
        resource.fhirId = query.value(2).toString();
        resource.deleted = true;
        page.append(resource);
    }
    return page;
}

QMap<QString, qint64> DeliveryStore::deletedCountsByType(qint64 pullId) const {
    return countsByType(m_db, QStringLiteral("deleted_pull_id = ? AND deleted = 1"), pullId);
}

std::optional<DeliveryContext> DeliveryStore::context(qint64 pullId) const {
    QSqlQuery query = sql::run(m_db.connection(),
                               QStringLiteral("SELECT %1 FROM pulls p %2 WHERE p.id = ?")
                                   .arg(contextColumns, contextJoins),
                               {pullId});
    if (!query.next())
        return std::nullopt;
    return contextFrom(query, 0);
}

QList<DestinationSummary> DeliveryStore::summaries() const {
    const QList<ExportDestination> destinations = DestinationRepository(m_db).list();
    QHash<qint64, DestinationSummary> byId;
    for (const ExportDestination &destination : destinations)
        byId[destination.id].destination = destination;
    QSqlQuery counts = sql::run(
        m_db.connection(),
        QStringLiteral("SELECT destination_id, status, COUNT(*), MAX(delivered_at), "
                       "SUM(CASE WHEN last_error IS NULL THEN 0 ELSE 1 END) FROM deliveries "
                       "GROUP BY destination_id, status"));
    while (counts.next()) {
        const auto found = byId.find(counts.value(0).toLongLong());
        if (found == byId.end())
            continue;
        const DeliveryStatus status = sql::enumFromDb<DeliveryStatus>(counts.value(1));
        const qint64 count = counts.value(2).toLongLong();
        switch (status) {
        case DeliveryStatus::Delivered:
            found->delivered = count;
            found->lastDeliveredAt = sql::timeFromDb(counts.value(3));
            break;
        case DeliveryStatus::Pending:
        case DeliveryStatus::Delivering:
            found->pending += count;
            found->retrying += counts.value(4).toLongLong();
            break;
        case DeliveryStatus::Failed:
            found->failed = count;
            break;
        }
    }
    QSqlQuery errors = sql::run(
        m_db.connection(),
        QStringLiteral("SELECT d.destination_id, d.last_error FROM deliveries d WHERE d.id IN "
                       "(SELECT MAX(e.id) FROM deliveries e WHERE e.last_error IS NOT NULL "
                       "AND e.status <> 'delivered' GROUP BY e.destination_id)"));
    while (errors.next()) {
        const auto found = byId.find(errors.value(0).toLongLong());
        if (found != byId.end())
            found->lastError = errors.value(1).toString();
    }
    QList<DestinationSummary> result;
    for (const ExportDestination &destination : destinations)
        result.append(byId.value(destination.id));
    return result;
}

QList<DeliveryRow> DeliveryStore::rows(qint64 destinationId, int limit, int offset) const {
    const QList<Delivery> deliveries =
        DeliveryRepository(m_db).forDestination(destinationId, limit, offset);
    if (deliveries.isEmpty())
        return {};
    QSqlQuery query = sql::run(
        m_db.connection(),
        QStringLiteral("SELECT %1 FROM pulls p %2 WHERE p.id IN (SELECT d.pull_id FROM "
                       "deliveries d WHERE d.destination_id = ? AND d.id >= ? AND d.id <= ?)")
            .arg(contextColumns, contextJoins),
        {destinationId, deliveries.last().id, deliveries.first().id});
    QHash<qint64, DeliveryContext> contexts;
    while (query.next()) {
        const DeliveryContext context = contextFrom(query, 0);
        contexts.insert(context.pullId, context);
    }
    QList<DeliveryRow> rows;
    rows.reserve(deliveries.size());
    for (const Delivery &delivery : deliveries)
        rows.append({delivery, contexts.value(delivery.pullId)});
    return rows;
}

} // namespace medpull
