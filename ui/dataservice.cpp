// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "dataservice.h"

#include "dataloader.h"

namespace medpull {

DataService::DataService(std::shared_ptr<const Database> database, QObject *parent)
    : QObject(parent) {
    m_thread.setObjectName(QStringLiteral("medpull-ui-loader"));
    m_loader = new DataLoader(std::move(database));
    m_loader->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_loader, &QObject::deleteLater);

    connect(m_loader, &DataLoader::summariesLoaded, this, &DataService::summariesLoaded);
    connect(m_loader, &DataLoader::summaryLoaded, this, &DataService::summaryLoaded);
    connect(m_loader, &DataLoader::detailLoaded, this, &DataService::detailLoaded);
    connect(m_loader, &DataLoader::pullsLoaded, this, &DataService::pullsLoaded);
    connect(m_loader, &DataLoader::pullLoaded, this, &DataService::pullLoaded);
    connect(m_loader, &DataLoader::queriesLoaded, this, &DataService::queriesLoaded);
    connect(m_loader, &DataLoader::resourceKeysLoaded, this, &DataService::resourceKeysLoaded);
    connect(m_loader, &DataLoader::resourceLoaded, this, &DataService::resourceLoaded);
    connect(m_loader, &DataLoader::sourcesLoaded, this, &DataService::sourcesLoaded);
    connect(m_loader, &DataLoader::attentionLoaded, this, &DataService::attentionLoaded);
    connect(m_loader, &DataLoader::destinationsLoaded, this, &DataService::destinationsLoaded);
    connect(m_loader, &DataLoader::deliveriesLoaded, this, &DataService::deliveriesLoaded);
    connect(m_loader, &DataLoader::eventEndpointsLoaded, this, &DataService::eventEndpointsLoaded);
    connect(m_loader, &DataLoader::eventLogLoaded, this, &DataService::eventLogLoaded);
    connect(m_loader, &DataLoader::failed, this, &DataService::failed);
    m_thread.start();
}

DataService::~DataService() {
    m_thread.quit();
    m_thread.wait();
}

template <typename Call> quint64 DataService::post(Call &&call) {
    const quint64 request = ++m_lastRequest;
    QMetaObject::invokeMethod(
        m_loader,
        [loader = m_loader, request, call = std::forward<Call>(call)] { call(loader, request); },
        Qt::QueuedConnection);
    return request;
}

quint64 DataService::requestSummaries() {
    return post([](DataLoader *loader, quint64 request) { loader->loadSummaries(request); });
}

quint64 DataService::requestSummary(qint64 patientId) {
    return post([patientId](DataLoader *loader, quint64 request) {
        loader->loadSummary(request, patientId);
    });
}

quint64 DataService::requestSummaryForConnection(qint64 connectionId) {
    return post([connectionId](DataLoader *loader, quint64 request) {
        loader->loadSummaryForConnection(request, connectionId);
    });
}

quint64 DataService::requestSummaryForPull(qint64 pullId) {
    return post([pullId](DataLoader *loader, quint64 request) {
        loader->loadSummaryForPull(request, pullId);
    });
}

quint64 DataService::requestDetail(qint64 patientId) {
    return post([patientId](DataLoader *loader, quint64 request) {
        loader->loadDetail(request, patientId);
    });
}

quint64 DataService::requestPulls(qint64 patientId, int offset, int limit) {
    return post([=](DataLoader *loader, quint64 request) {
        loader->loadPulls(request, patientId, offset, limit);
    });
}

quint64 DataService::requestPull(qint64 pullId) {
    return post(
        [pullId](DataLoader *loader, quint64 request) { loader->loadPull(request, pullId); });
}

quint64 DataService::requestQueries(qint64 pullId) {
    return post(
        [pullId](DataLoader *loader, quint64 request) { loader->loadQueries(request, pullId); });
}

quint64 DataService::requestResourceKeys(qint64 patientId, const QString &resourceType, int limit) {
    return post([=](DataLoader *loader, quint64 request) {
        loader->loadResourceKeys(request, patientId, resourceType, limit);
    });
}

quint64 DataService::requestResource(const ResourceKey &key) {
    return post([key](DataLoader *loader, quint64 request) { loader->loadResource(request, key); });
}

quint64 DataService::requestAttention() {
    return post([](DataLoader *loader, quint64 request) { loader->loadAttention(request); });
}

quint64 DataService::requestSources() {
    return post([](DataLoader *loader, quint64 request) { loader->loadSources(request); });
}

quint64 DataService::requestDestinations() {
    return post([](DataLoader *loader, quint64 request) { loader->loadDestinations(request); });
}

quint64 DataService::requestDeliveries(qint64 destinationId, int offset, int limit) {
    return post([=](DataLoader *loader, quint64 request) {
        loader->loadDeliveries(request, destinationId, offset, limit);
    });
}

quint64 DataService::requestEventEndpoints() {
    return post([](DataLoader *loader, quint64 request) { loader->loadEventEndpoints(request); });
}

quint64 DataService::requestEventLog(qint64 endpointId, int limit) {
    return post([=](DataLoader *loader, quint64 request) {
        loader->loadEventLog(request, endpointId, limit);
    });
}

} // namespace medpull
