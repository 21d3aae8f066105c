// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "authevent.h"
#include "backoff.h"
#include "connection.h"
#include "event.h"
#include "exportdestination.h"
#include "patient.h"
#include "pull.h"
#include "source.h"
#include "sourcesettings.h"

#include <QObject>
#include <QThread>
#include <QUrl>

#include <memory>

namespace medpull {

class Database;
class EngineMetrics;

struct EngineOptions {
    QString databaseLocation; // file path or postgresql:// URL
    // Threads running pulls, each with its own network and connection and
    // up to PullWorker::maxConcurrentPulls pulls at once. The sources are
    // split between them, so each source's request limits hold exactly in
    // this process. 0 chooses: 1 on SQLite, where writes take turns and a
    // second thread adds nothing; 4 on PostgreSQL, where each thread waits on
    // its own round trips to the server (3 threads pulled 2.4x as fast as 1).
    int pullWorkers = 0;
    // Run queued, scheduled and retry work. Off: the engine only answers
    // commands (e.g. a read-only dashboard next to a `medpull-cli run`).
    bool processWork = true;
    bool keyFileOnly = false; // token vault: skip the system keychain
    int leaseSeconds = 60;
    int pollIntervalMs = 1000; // how often idle workers look for due work
    // A FHIR request with no bytes for this long is timed out and retried.
    int requestTimeoutMs = 30000;
    // Pages one query may fetch before it ends failed (a portal that pages
    // forever).
    int pageCapPerQuery = 10000;
    // Counts every FHIR request by source and HTTP status when set.
    std::shared_ptr<EngineMetrics> metrics;
    // A page or resource larger than this is refused while it arrives, so
    // what a server sends never decides how much memory the engine takes.
    qint64 maxResponseBytes = 64 * 1024 * 1024;
    // A Retry-After up to this long is waited out; a longer one schedules
    // the query for then instead.
    int maxRetryAfterSeconds = 600;
    // When an account is retried automatically after a retrieval error, and
    // a failed delivery after its attempt (seconds after the 1st, 2nd, ...
    // failed one; empty: the exporter's schedule). The demo shortens both so
    // that its story unfolds within a minute.
    Backoff retrySchedule;
    QList<int> deliveryRetrySeconds;
};

// Progress of a running pull, as its pages commit.
struct PullProgress {
    qint64 pullId = 0;
    qint64 connectionId = 0;
    qint64 patientId = 0;
    qint64 pages = 0;
    qint64 resources = 0;
    int queriesDone = 0;
    int queriesTotal = 0;
    QString currentResourceType;
};

struct EngineStatus {
    int runningPulls = 0;
    bool paused = false;
    double pagesPerSecond = 0;
    // The database cannot be used for now (connection lost, server away,
    // disk full, read-only): the engine writes nothing, retries with a
    // growing delay, and resumes interrupted pulls once it answers.
    bool databaseUnavailable = false;
    QString databaseError; // why, one line, as the database said it
    // How many times the engine came back from such an outage (per thread
    // that saw it), since it started.
    qint64 databaseReconnects = 0;
    bool isIdle() const { return runningPulls == 0; }
};

class EngineCore;
struct EngineShared;

// The one facade through which the dashboard and the command line drive the
// engine (DESIGN.md). It lives on the caller's thread; all work happens on
// the engine's own threads, so every command returns at once and results
// arrive as value-type signals.
class Engine : public QObject {
    Q_OBJECT

public:
    explicit Engine(EngineOptions options, QObject *parent = nullptr);
    ~Engine() override;

    // Opens the database on an engine thread and starts the workers;
    // started() reports the outcome.
    void start();
    // Stops the workers after their current page; blocks until they have.
    void stop();
    bool isStarted() const;
    EngineStatus status() const;
    const EngineOptions &options() const { return m_options; }
    // Valid after started(true): the open database, for read models that
    // load on their own threads (Database::connection() is per thread).
    std::shared_ptr<const Database> database() const;

public slots:
    void addPatient(const QString &displayName, const QString &externalId = {});
    // Discovers the source (SMART configuration and CapabilityStatement)
    // and stores it; sourceAdded() or commandFailed().
    void addSource(const QString &name, const QUrl &fhirBase, const QString &clientId);
    // Creates a connection in `pending` and starts a SMART standalone launch
    // for it: authorizeUrlReady() carries the URL to open in a browser.
    void connectSource(qint64 patientId, qint64 sourceId);
    // A new launch for an existing connection (after auth_failed or
    // refresh_failed). The account keeps its state until the sign-in
    // succeeds.
    void reconnect(qint64 connectionId);
    // Staff cancel a waiting sign-in: a first connect leaves no account
    // (connectionRemoved()), a reconnect records a `cancelled` authorization
    // event and leaves the account as it was.
    void cancelConnect(qint64 connectionId);
    void disconnectConnection(qint64 connectionId);
    // Manual pulls: every active connection of the patient, or one.
    void pullNow(qint64 patientId);
    void pullConnection(qint64 connectionId);
    // Queues a `retry` pull of the failed queries of a settled pull.
    void retryFailedQueries(qint64 pullId);
    // Export destinations. Each checks the destination first and answers
    // commandFailed() with one line naming the field when it cannot be used
    // (no name, a name another destination has, a missing URL ...). An edit
    // (an id other than 0) that leaves a secret empty keeps the stored one.
    // Destinations that leave the engine carry no secret values.
    //
    // Stores without a connection test: destinationAdded().
    void addDestination(const medpull::ExportDestination &destination);
    // Runs the connection test: destinationTested().
    void testDestination(const medpull::ExportDestination &destination);
    // Runs the connection test and, when it passes, adds or updates:
    // destinationTested(), then destinationAdded() or destinationChanged().
    void saveDestination(const medpull::ExportDestination &destination);
    // A disabled destination receives nothing; its deliveries wait.
    void enableDestination(qint64 destinationId);
    void disableDestination(qint64 destinationId);
    // Manual retries of a failed delivery, or one waiting for an automatic
    // retry: they run now, and a failure leaves the automatic schedule as it
    // was. deliveryChanged() for each, then deliveriesRetried().
    void retryDelivery(qint64 deliveryId);
    void retryAllFailedDeliveries(qint64 destinationId);
    // Event endpoints: a name, a URL medpull may call and, for a new one, a
    // signing secret, sealed with the token key; an edit without a secret
    // keeps the stored one. Endpoints that leave the engine carry no secret.
    // eventEndpointSaved(), or commandFailed() with one line.
    void saveEventEndpoint(const medpull::EventEndpoint &endpoint, const QString &secret);
    // Enabling clears the reason it was disabled for; its pending events go out.
    void enableEventEndpoint(qint64 endpointId);
    void disableEventEndpoint(qint64 endpointId);
    // Deletes the endpoint and its delivery log.
    void removeEventEndpoint(qint64 endpointId);
    // Sends one event to the endpoint again: eventEndpointsChanged().
    void redeliverEvent(qint64 endpointId, qint64 eventId);
    void setPaused(bool paused);

    // Source management. Each runs discovery again where the settings need
    // it and answers sourceAdded()/sourceChanged()/sourceRemoved() or
    // commandFailed() with one line naming the field.
    void addSourceWithSettings(const medpull::SourceSettings &settings);
    void editSource(qint64 sourceId, const medpull::SourceSettings &settings);
    // No connects and no pulls while disabled; accounts and history stay.
    void disableSource(qint64 sourceId);
    void enableSource(qint64 sourceId);
    // Deletes a source without accounts; one with accounts is disabled.
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
    // A cancelled first connect: the account it had started is gone.
    void connectionRemoved(qint64 connectionId, qint64 patientId);
    void authEventRecorded(const medpull::AuthEvent &event);
    void authorizeUrlReady(qint64 connectionId, const QUrl &url);
    void destinationAdded(const medpull::ExportDestination &destination);
    void destinationChanged(const medpull::ExportDestination &destination);
    // The connection test's outcome, one line for a person.
    void destinationTested(const medpull::ExportDestination &destination, bool ok,
                           const QString &message);
    void deliveryChanged(const medpull::Delivery &delivery);
    // How many of a destination's deliveries a retry made due now.
    void deliveriesRetried(qint64 destinationId, int count);
    void eventEndpointSaved(const medpull::EventEndpoint &endpoint);
    // An endpoint was enabled, disabled or removed, or an event redelivered.
    void eventEndpointsChanged();
    void statusChanged(const medpull::EngineStatus &status);
    // A command could not be carried out: one line for a person.
    void commandFailed(const QString &command, const QString &error);

private:
    EngineOptions m_options;
    std::shared_ptr<EngineShared> m_shared;
    QThread *m_thread = nullptr;
    EngineCore *m_core = nullptr;
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::PullProgress)
Q_DECLARE_METATYPE(medpull::EngineStatus)
