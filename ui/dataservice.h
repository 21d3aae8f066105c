// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "attention.h"
#include "dashboarddata.h"
#include "event.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace medpull {

class Database;
class DataLoader;

// The GUI thread's handle on the loader thread. Each request returns at once
// with an id; the answer arrives later through the matching signal, queued to
// the GUI thread.
class DataService : public QObject {
    Q_OBJECT

public:
    explicit DataService(std::shared_ptr<const Database> database, QObject *parent = nullptr);
    ~DataService() override;

    quint64 requestSummaries();
    quint64 requestSummary(qint64 patientId);
    quint64 requestSummaryForConnection(qint64 connectionId);
    quint64 requestSummaryForPull(qint64 pullId);
    quint64 requestDetail(qint64 patientId);
    quint64 requestPulls(qint64 patientId, int offset, int limit);
    quint64 requestPull(qint64 pullId);
    quint64 requestQueries(qint64 pullId);
    quint64 requestResourceKeys(qint64 patientId, const QString &resourceType, int limit);
    quint64 requestResource(const medpull::ResourceKey &key);
    quint64 requestSources();
    quint64 requestAttention();
    quint64 requestDestinations();
    quint64 requestDeliveries(qint64 destinationId, int offset, int limit);
    quint64 requestEventEndpoints();
    quint64 requestEventLog(qint64 endpointId, int limit);

signals:
    void summariesLoaded(quint64 request, const QList<medpull::PatientSummary> &summaries);
    void summaryLoaded(quint64 request, const medpull::PatientSummary &summary);
    void detailLoaded(quint64 request, const medpull::PatientDetail &detail);
    void pullsLoaded(quint64 request, const medpull::PullPage &page);
    void pullLoaded(quint64 request, const medpull::Pull &pull);
    void queriesLoaded(quint64 request, qint64 pullId, const QList<medpull::PullQuery> &queries);
    void resourceKeysLoaded(quint64 request, const QList<medpull::ResourceKey> &keys);
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
    template <typename Call> quint64 post(Call &&call);

    QThread m_thread;
    DataLoader *m_loader = nullptr;
    quint64 m_lastRequest = 0;
};

} // namespace medpull
