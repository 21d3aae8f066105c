// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "attention.h"
#include "dashboarddata.h"
#include "event.h"

#include <QObject>

#include <memory>

namespace medpull {

class Database;

// Lives on the loader thread and reads through the repositories, which use
// that thread's own database connection. Each answer carries the request id
// it was asked with, so a model can drop answers it no longer waits for.
class DataLoader : public QObject {
    Q_OBJECT

public:
    explicit DataLoader(std::shared_ptr<const Database> database, QObject *parent = nullptr);

public slots:
    void loadSummaries(quint64 request);
    void loadSummary(quint64 request, qint64 patientId);
    // The summary of the patient a connection or a pull belongs to.
    void loadSummaryForConnection(quint64 request, qint64 connectionId);
    void loadSummaryForPull(quint64 request, qint64 pullId);
    void loadDetail(quint64 request, qint64 patientId);
    void loadPulls(quint64 request, qint64 patientId, int offset, int limit);
    void loadPull(quint64 request, qint64 pullId);
    void loadQueries(quint64 request, qint64 pullId);
    void loadResourceKeys(quint64 request, qint64 patientId, const QString &resourceType,
                          int limit);
    void loadResource(quint64 request, const medpull::ResourceKey &key);
    void loadSources(quint64 request);
    void loadAttention(quint64 request);
    // Export destinations with how their deliveries stand, without secret
    // values; one destination's deliveries, a page at a time.
    void loadDestinations(quint64 request);
    void loadDeliveries(quint64 request, qint64 destinationId, int offset, int limit);
    // Event endpoints without their secrets; one endpoint's delivery log.
    void loadEventEndpoints(quint64 request);
    void loadEventLog(quint64 request, qint64 endpointId, int limit);

signals:
    void summariesLoaded(quint64 request, const QList<medpull::PatientSummary> &summaries);
    void summaryLoaded(quint64 request, const medpull::PatientSummary &summary);
    void detailLoaded(quint64 request, const medpull::PatientDetail &detail);
    void pullsLoaded(quint64 request, const medpull::PullPage &page);
    void pullLoaded(quint64 request, const medpull::Pull &pull);
    void queriesLoaded(quint64 request, qint64 pullId, const QList<medpull::PullQuery> &queries);
    void resourceKeysLoaded(quint64 request, const QList<medpull::ResourceKey> &keys);
    // The resource's JSON, pretty-printed here so the GUI thread only shows it.
    void resourceLoaded(quint64 request, const medpull::ResourceKey &key, const QString &json);
    void sourcesLoaded(quint64 request, const QList<medpull::Source> &sources);
    void attentionLoaded(quint64 request, const QList<medpull::AttentionItem> &items);
    void destinationsLoaded(quint64 request,
                            const QList<medpull::DestinationSummary> &destinations);
    void deliveriesLoaded(quint64 request, const medpull::DeliveryPage &page);
    void eventEndpointsLoaded(quint64 request, const QList<medpull::EventEndpoint> &endpoints);
    void eventLogLoaded(quint64 request, qint64 endpointId,
                        const QList<medpull::EventDelivery> &deliveries);
    void failed(quint64 request, const QString &error);

private:
    template <typename Work> void guarded(quint64 request, Work &&work);

    std::shared_ptr<const Database> m_database;
};

} // namespace medpull
