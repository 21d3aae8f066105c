// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "databaseoutage.h"
#include "engine.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <atomic>
#include <memory>

class QNetworkAccessManager;
class QThread;

namespace medpull {

class AuthorizationFlow;
class Database;
class EventDispatcher;
class Exporter;
class PullWorker;
class TokenVault;

// State the engine's threads share with the facade.
struct EngineShared {
    mutable QMutex mutex;
    std::shared_ptr<const Database> database;
    EngineStatus status;
};

// The engine's control thread: opens the database, carries out the facade's
// commands (patients, sources, SMART launches, manual and retry pulls),
// schedules due work, and runs the pull workers on threads of their own.
class EngineCore : public QObject {
    Q_OBJECT

public:
    EngineCore(EngineOptions options, std::shared_ptr<EngineShared> shared);
    ~EngineCore() override;

public slots:
    void start();
    void shutdown();

    void addPatient(const QString &displayName, const QString &externalId);
    void addSource(const QString &name, const QUrl &fhirBase, const QString &clientId);
    void connectSource(qint64 patientId, qint64 sourceId);
    void reconnect(qint64 connectionId);
    void cancelConnect(qint64 connectionId);
    void disconnectConnection(qint64 connectionId);
    void pullNow(qint64 patientId);
    void pullConnection(qint64 connectionId);
    void retryFailedQueries(qint64 pullId);
    void addDestination(const medpull::ExportDestination &destination);
    void retryDelivery(qint64 deliveryId);
    void retryAllFailedDeliveries(qint64 destinationId);
    void setPaused(bool paused);
    void scheduleDueWork();

    // Source management (Engine's block of the same name).
    void addSourceWithSettings(const medpull::SourceSettings &settings);
    void editSource(qint64 sourceId, const medpull::SourceSettings &settings);
    void setSourceEnabled(qint64 sourceId, bool enabled);
    void removeSource(qint64 sourceId);

signals:
    void started(bool ok, const QString &error);
    void patientAdded(const medpull::Patient &patient);
    void sourceAdded(const medpull::Source &source);
    void sourceChanged(const medpull::Source &source);
    void sourceRemoved(qint64 sourceId);
    void pullQueued(const medpull::Pull &pull);
    void pullStarted(const medpull::Pull &pull);
    void pullProgress(const medpull::PullProgress &progress);
    void pullSettled(const medpull::Pull &pull);
    void connectionChanged(const medpull::Connection &connection);
    void authEventRecorded(const medpull::AuthEvent &event);
    void authorizeUrlReady(qint64 connectionId, const QUrl &url);
    void destinationAdded(const medpull::ExportDestination &destination);
    void deliveryChanged(const medpull::Delivery &delivery);
    void statusChanged(const medpull::EngineStatus &status);
    void commandFailed(const QString &command, const QString &error);

private:
    template <typename Work> void command(const QString &name, Work &&work);
    Connection requireConnection(qint64 connectionId) const;
    void startFlow(qint64 connectionId, ConnectionState previous);
    // Discovery for a source being added or edited, then saves it.
    void saveSource(const QString &commandName, Source source, const SourceSettings &settings);
    // A thread of the engine (a worker, or this one) cannot use the database
    // for now, or can again.
    void databaseLost(const QObject *reporter, const QString &reason);
    void databaseBack(const QObject *reporter);
    void queuePull(qint64 connectionId, PullTrigger trigger);
    void wakeWorkers();
    void publishStatus();
    void onPullStarted(const Pull &pull);
    void onPullSettled(const Pull &pull);

    EngineOptions m_options;
    std::shared_ptr<EngineShared> m_shared;
    std::shared_ptr<const Database> m_db;
    QNetworkAccessManager *m_network = nullptr;
    TokenVault *m_vault = nullptr;
    QList<QThread *> m_threads;
    QList<PullWorker *> m_workers;
    QThread *m_exportThread = nullptr;
    Exporter *m_exporter = nullptr;
    EventDispatcher *m_dispatcher = nullptr;
    struct Flow {
        QPointer<AuthorizationFlow> flow;
        ConnectionState previous = ConnectionState::Pending;
    };
    QHash<qint64, Flow> m_flows;
    QTimer m_scheduler;
    QTimer m_statusTimer;
    QSet<qint64> m_running;
    // Who reports the database unusable, and why; the status shows the
    // first. Each return from an outage counts as a reconnect.
    QHash<const QObject *, QString> m_outages;
    qint64 m_reconnects = 0;
    DatabaseOutage m_outage;   // this thread's own (scheduling)
    QList<qint64> m_pageTimes; // when each recent page committed (ms), for pages/s
    // Read by the pull threads before every claim: a pause takes effect at
    // once, not when each thread gets round to a queued message (a busy
    // thread's poll timer could otherwise claim work first).
    std::atomic<bool> m_paused{false};
    // Planner statistics are refreshed when the engine starts and each time
    // the number of pulls it settled doubles.
    int m_settled = 0;
    int m_refreshStatisticsAt = 8;
};

} // namespace medpull
