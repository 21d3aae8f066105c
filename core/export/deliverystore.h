// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "exportdestination.h"
#include "pull.h"
#include "storedresource.h"

#include <QJsonObject>
#include <QList>
#include <QMap>

#include <optional>

namespace medpull {

class Database;

// What a delivery is about: the pull, its patient, connection and source.
struct DeliveryContext {
    qint64 pullId = 0;
    PullStatus pullStatus = PullStatus::Succeeded;
    PullTrigger pullTrigger = PullTrigger::Manual;
    QDateTime pullFinishedAt;
    qint64 connectionId = 0;
    QString fhirPatientId;
    qint64 patientId = 0;
    QString patientName;
    QString patientExternalId;
    QString sourceName;
};

// One row of a destination list: the destination and how its deliveries stand.
struct DestinationSummary {
    ExportDestination destination;
    QDateTime lastDeliveredAt;
    qint64 delivered = 0;
    qint64 pending = 0;  // waiting or being delivered, including automatic retries
    qint64 retrying = 0; // pending after a failed attempt
    qint64 failed = 0;   // gave up; waits for a person
    QString lastError;   // of the newest delivery that has one
};

// One row of a destination page.
struct DeliveryRow {
    Delivery delivery;
    DeliveryContext context;
};

// The export's own queries, next to DeliveryRepository and
// DestinationRepository: planning deliveries for settled pulls, the
// watermark, leases held across a delivery, and the rows the dashboard shows.
class DeliveryStore {
public:
    explicit DeliveryStore(const Database &database)
        : m_db(database) {}

    // Settled pulls above the destination's watermark with new, changed or
    // deleted resources and no delivery to it yet, with how many each has.
    QList<std::pair<qint64, qint64>> unplannedPulls(const ExportDestination &destination) const;
    // Raises the watermark to the highest pull id below which every pull is
    // settled and delivered to the destination (or had nothing to deliver).
    void updateWatermark(qint64 destinationId) const;

    // Claims the next due delivery under a lease, skipping destinations that
    // already have `perDestination` deliveries in flight under live leases (of
    // any process), so one hanging destination cannot hold every slot.
    std::optional<Delivery> claimDue(const QString &owner, int leaseSeconds,
                                     int perDestination) const;
    bool renewLease(qint64 deliveryId, const QString &owner, int leaseSeconds) const;
    bool holdsLease(qint64 deliveryId, const QString &owner) const;
    // Gives a claimed delivery back unfinished (a clean stop): due now, and
    // the attempt does not count.
    void release(qint64 deliveryId, const QString &owner) const;
    // What an attempt has finished so far, for the next attempt to resume
    // from (a JSON object of the job's own making); written only while
    // `owner` holds the lease.
    QJsonObject checkpoint(qint64 deliveryId) const;
    void saveCheckpoint(qint64 deliveryId, const QString &owner,
                        const QJsonObject &checkpoint) const;

    // A pull's new and changed resources (not deleted) ordered by type and
    // row id, one page after (afterType, afterId).
    QList<StoredResource> changedResources(qint64 pullId, const QString &afterType, qint64 afterId,
                                           int limit) const;
    QList<StoredResource> changedResourcesOfType(qint64 pullId, const QString &resourceType,
                                                 qint64 afterId, int limit) const;
    QMap<QString, qint64> changedCountsByType(qint64 pullId) const;
    // What the pull found deleted at the source (and is still deleted), in
    // the same order and paging; only id, type and FHIR id are filled in.
    QList<StoredResource> deletedResources(qint64 pullId, const QString &afterType, qint64 afterId,
                                           int limit) const;
    QMap<QString, qint64> deletedCountsByType(qint64 pullId) const;

    std::optional<DeliveryContext> context(qint64 pullId) const;
    QList<DestinationSummary> summaries() const;
    // Newest first, paged.
    QList<DeliveryRow> rows(qint64 destinationId, int limit, int offset) const;

private:
    const Database &m_db;
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::DestinationSummary)
Q_DECLARE_METATYPE(medpull::DeliveryRow)
