// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "engine.h"

#include "enginecore.h"

namespace medpull {

Engine::Engine(EngineOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_shared(std::make_shared<EngineShared>()) {
    qRegisterMetaType<Patient>();
    qRegisterMetaType<Source>();
    qRegisterMetaType<SourceSettings>();
    qRegisterMetaType<Pull>();
    qRegisterMetaType<PullProgress>();
    qRegisterMetaType<Connection>();
    qRegisterMetaType<AuthEvent>();
    qRegisterMetaType<Delivery>();
    qRegisterMetaType<ExportDestination>();
    qRegisterMetaType<EventEndpoint>();
    qRegisterMetaType<EngineStatus>();
}

Engine::~Engine() {
    stop();
}

void Engine::start() {
    if (m_thread)
        return;
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("medpull-engine"));
    m_core = new EngineCore(m_options, m_shared);
    m_core->moveToThread(m_thread);
    connect(m_thread, &QThread::started, m_core, &EngineCore::start);
    connect(m_core, &EngineCore::started, this, &Engine::started);
    connect(m_core, &EngineCore::patientAdded, this, &Engine::patientAdded);
    connect(m_core, &EngineCore::sourceAdded, this, &Engine::sourceAdded);
    connect(m_core, &EngineCore::sourceChanged, this, &Engine::sourceChanged);
    connect(m_core, &EngineCore::sourceRemoved, this, &Engine::sourceRemoved);
    connect(m_core, &EngineCore::pullQueued, this, &Engine::pullQueued);
    connect(m_core, &EngineCore::pullStarted, this, &Engine::pullStarted);
    connect(m_core, &EngineCore::pullProgress, this, &Engine::pullProgress);
    connect(m_core, &EngineCore::pullSettled, this, &Engine::pullSettled);
    connect(m_core, &EngineCore::connectionChanged, this, &Engine::connectionChanged);
    connect(m_core, &EngineCore::connectionRemoved, this, &Engine::connectionRemoved);
    connect(m_core, &EngineCore::authEventRecorded, this, &Engine::authEventRecorded);
    connect(m_core, &EngineCore::authorizeUrlReady, this, &Engine::authorizeUrlReady);
    connect(m_core, &EngineCore::deliveryChanged, this, &Engine::deliveryChanged);
    connect(m_core, &EngineCore::destinationAdded, this, &Engine::destinationAdded);
    connect(m_core, &EngineCore::destinationChanged, this, &Engine::destinationChanged);
    connect(m_core, &EngineCore::destinationTested, this, &Engine::destinationTested);
    connect(m_core, &EngineCore::deliveriesRetried, this, &Engine::deliveriesRetried);
    connect(m_core, &EngineCore::eventEndpointSaved, this, &Engine::eventEndpointSaved);
    connect(m_core, &EngineCore::eventEndpointsChanged, this, &Engine::eventEndpointsChanged);
    connect(m_core, &EngineCore::statusChanged, this, &Engine::statusChanged);
    connect(m_core, &EngineCore::commandFailed, this, &Engine::commandFailed);
    m_thread->start();
}

void Engine::stop() {
    if (!m_thread)
        return;
    QMetaObject::invokeMethod(m_core, &EngineCore::shutdown, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_core;
    m_core = nullptr;
    delete m_thread;
    m_thread = nullptr;
    QMutexLocker lock(&m_shared->mutex);
    m_shared->database.reset();
}

bool Engine::isStarted() const {
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->database != nullptr;
}

EngineStatus Engine::status() const {
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->status;
}

std::shared_ptr<const Database> Engine::database() const {
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->database;
}

void Engine::addPatient(const QString &displayName, const QString &externalId) {
    if (m_core)
        QMetaObject::invokeMethod(m_core, [core = m_core, displayName, externalId] {
            core->addPatient(displayName, externalId);
        });
}

void Engine::addSource(const QString &name, const QUrl &fhirBase, const QString &clientId) {
    if (m_core)
        QMetaObject::invokeMethod(m_core, [core = m_core, name, fhirBase, clientId] {
            core->addSource(name, fhirBase, clientId);
        });
}

void Engine::connectSource(qint64 patientId, qint64 sourceId) {
    if (m_core)
        QMetaObject::invokeMethod(m_core, [core = m_core, patientId, sourceId] {
            core->connectSource(patientId, sourceId);
        });
}

void Engine::reconnect(qint64 connectionId) {
    if (m_core)
        QMetaObject::invokeMethod(m_core,
                                  [core = m_core, connectionId] { core->reconnect(connectionId); });
}

void Engine::cancelConnect(qint64 connectionId) {
    if (m_core)
        QMetaObject::invokeMethod(
            m_core, [core = m_core, connectionId] { core->cancelConnect(connectionId); });
}

void Engine::disconnectConnection(qint64 connectionId) {
    if (m_core)
        QMetaObject::invokeMethod(
            m_core, [core = m_core, connectionId] { core->disconnectConnection(connectionId); });
}

void Engine::pullNow(qint64 patientId) {
    if (m_core)
        QMetaObject::invokeMethod(m_core, [core = m_core, patientId] { core->pullNow(patientId); });
}

void Engine::pullConnection(qint64 connectionId) {
    if (m_core)
        QMetaObject::invokeMethod(
            m_core, [core = m_core, connectionId] { core->pullConnection(connectionId); });
}

void Engine::retryFailedQueries(qint64 pullId) {
    if (m_core)
        QMetaObject::invokeMethod(m_core,
                                  [core = m_core, pullId] { core->retryFailedQueries(pullId); });
}

void Engine::addDestination(const ExportDestination &destination) {
    if (m_core)
        QMetaObject::invokeMethod(
            m_core, [core = m_core, destination] { core->addDestination(destination); });
}

void Engine::testDestination(const ExportDestination &destination) {
    if (m_core)
        QMetaObject::invokeMethod(
            m_core, [core = m_core, destination] { core->testDestination(destination); });
}

void Engine::saveDestination(const ExportDestination &destination) {
    if (m_core)
        QMetaObject::invokeMethod(
            m_core, [core = m_core, destination] { core->saveDestination(destination); });
}

void Engine::enableDestination(qint64 destinationId) {
    if (m_core)
        QMetaObject::invokeMethod(m_core, [core = m_core, destinationId] {
            core->setDestinationEnabled(destinationId, true);
        });
}

void Engine::disableDestination(qint64 destinationId) {
    if (m_core)
        QMetaObject::invokeMethod(m_core, [core = m_core, destinationId] {
            core->setDestinationEnabled(destinationId, false);
        });
}

void Engine::retryDelivery(qint64 deliveryId) {
    if (m_core)
        QMetaObject::invokeMethod(m_core,
                                  [core = m_core, deliveryId] { core->retryDelivery(deliveryId); });
}

void Engine::retryAllFailedDeliveries(qint64 destinationId) {
    if (m_core)
        QMetaObject::invokeMethod(m_core, [core = m_core, destinationId] {
            core->retryAllFailedDeliveries(destinationId);
        });
}

void Engine::saveEventEndpoint(const EventEndpoint &endpoint, const QString &secret) {
    if (m_core)
        QMetaObject::invokeMethod(m_core, [core = m_core, endpoint, secret] {
            core->saveEventEndpoint(endpoint, secret);
        });
}

void Engine::enableEventEndpoint(qint64 endpointId) {
    if (m_core)
        QMetaObject::invokeMethod(m_core, [core = m_core, endpointId] {
            core->setEventEndpointEnabled(endpointId, true);
        });
}

void Engine::disableEventEndpoint(qint64 endpointId) {
    if (m_core)
        QMetaObject::invokeMethod(m_core, [core = m_core, endpointId] {
            core->setEventEndpointEnabled(endpointId, false);
        });
}

void Engine::removeEventEndpoint(qint64 endpointId) {
    if (m_core)
        QMetaObject::invokeMethod(
            m_core, [core = m_core, endpointId] { core->removeEventEndpoint(endpointId); });
}

void Engine::redeliverEvent(qint64 endpointId, qint64 eventId) {
    if (m_core)
        QMetaObject::invokeMethod(m_core, [core = m_core, endpointId, eventId] {
            core->redeliverEvent(endpointId, eventId);
        });
}

void Engine::setPaused(bool paused) {
    if (m_core)
        QMetaObject::invokeMethod(m_core, [core = m_core, paused] { core->setPaused(paused); });
}

// Source management.

void Engine::addSourceWithSettings(const SourceSettings &settings) {
    if (m_core)
        QMetaObject::invokeMethod(
            m_core, [core = m_core, settings] { core->addSourceWithSettings(settings); });
}

void Engine::editSource(qint64 sourceId, const SourceSettings &settings) {
    if (m_core)
        QMetaObject::invokeMethod(
            m_core, [core = m_core, sourceId, settings] { core->editSource(sourceId, settings); });
}

void Engine::disableSource(qint64 sourceId) {
    if (m_core)
        QMetaObject::invokeMethod(
            m_core, [core = m_core, sourceId] { core->setSourceEnabled(sourceId, false); });
}

void Engine::enableSource(qint64 sourceId) {
    if (m_core)
        QMetaObject::invokeMethod(
            m_core, [core = m_core, sourceId] { core->setSourceEnabled(sourceId, true); });
}

void Engine::removeSource(qint64 sourceId) {
    if (m_core)
        QMetaObject::invokeMethod(m_core,
                                  [core = m_core, sourceId] { core->removeSource(sourceId); });
}

} // namespace medpull
