// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "databaseoutage.h"
#include "engine.h"
#include "signinlinks.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>

class QNetworkAccessManager;
class QThread;

namespace medpull {

class AuthorizationFlow;
struct AuthorizationResult;
class Database;
class EventDispatcher;
class Exporter;
class LaunchLinkServer;
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
    void testDestination(const medpull::ExportDestination &destination);
    void saveDestination(const medpull::ExportDestination &destination);
    void setDestinationEnabled(qint64 destinationId, bool enabled);
    void retryDelivery(qint64 deliveryId);
    void retryAllFailedDeliveries(qint64 destinationId);
    void saveEventEndpoint(const medpull::EventEndpoint &endpoint, const QString &secret);
    void setEventEndpointEnabled(qint64 endpointId, bool enabled);
    void removeEventEndpoint(qint64 endpointId);
    void redeliverEvent(qint64 endpointId, qint64 eventId);
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
    void connectionRemoved(qint64 connectionId, qint64 patientId);
    void authEventRecorded(const medpull::AuthEvent &event);
    void authorizeUrlReady(qint64 connectionId, const QUrl &url);
    void destinationAdded(const medpull::ExportDestination &destination);
    void destinationChanged(const medpull::ExportDestination &destination);
    void destinationTested(const medpull::ExportDestination &destination, bool ok,
                           const QString &message);
    void deliveryChanged(const medpull::Delivery &delivery);
    void deliveriesRetried(qint64 destinationId, int count);
    void eventEndpointSaved(const medpull::EventEndpoint &endpoint);
    void eventEndpointsChanged();
    void statusChanged(const medpull::EngineStatus &status);
    void commandFailed(const QString &command, const QString &error);

private:
    template <typename Work> void command(const QString &name, Work &&work);
    Connection requireConnection(qint64 connectionId) const;
    // Starts a launch for the patient at the source (reconnecting its
    // account there, if it has one) and returns the account's id.
    qint64 beginConnect(qint64 patientId, qint64 sourceId);
    void startFlow(qint64 connectionId);
    // The links on the patient's page after a sign-in, and what they do.
    SignInLinks signInLinks(qint64 patientId, qint64 sourceId, const AuthorizationResult &result);
    void launchFromLink(quint64 request, qint64 patientId, qint64 sourceId);
    void flowFinished(qint64 connectionId, const AuthorizationResult &result,
                      const QString &acceptedKeyId);
    // Discovery for a source being added or edited, then saves it.
    void saveSource(const QString &commandName, Source source, const SourceSettings &settings);
    // A destination as it will work: checked (one line naming the field), an
    // edit's unrepeated secrets taken from the stored row. Throws StoreError.
    ExportDestination completeDestination(const ExportDestination &destination) const;
    // Runs the connection test; `done` gets its outcome on this thread.
    void runDestinationTest(const ExportDestination &destination,
                            std::function<void(bool ok, const QString &message)> done);
    // Seals the secrets and adds or updates; destinationAdded() or
    // destinationChanged().
    void storeDestination(const ExportDestination &destination);
    // Lets the exporter of this process start what just became due.
    void wakeExporter();
    void wakeDispatcher();
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
    QHash<qint64, QPointer<AuthorizationFlow>> m_flows;
    // Made on the first page that needs links; null if it cannot listen.
    LaunchLinkServer *m_launchLinks = nullptr;
    bool m_launchLinksTried = false;
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
