// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "authevent.h"
#include "connection.h"
#include "databaseoutage.h"
#include "engine.h"
#include "pull.h"
#include "pullrepository.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <atomic>
#include <memory>

class QNetworkAccessManager;

namespace medpull {

class Database;
class PullRunner;
class RateLimiter;
class ResourceRepository;
class TokenClient;
class TokenVault;

// One engine thread that runs pulls: it claims queued (or abandoned) pulls
// of its shard of the sources from the database under a lease and runs
// several at once, sharing one QNetworkAccessManager and one rate limiter per
// source. Create it, move it to its thread, then call start() there.
//
// When the database fails as a whole (connection lost, disk full, read-only)
// the worker stops claiming, tries again with a growing delay, and once the
// database answers resumes at once the pulls the failure interrupted, from
// their last committed page.
class PullWorker : public QObject {
    Q_OBJECT

public:
    // `vault` is ready, and it and `paused` outlive the worker.
    PullWorker(std::shared_ptr<const Database> database, const TokenVault *vault,
               const std::atomic<bool> *paused, EngineOptions options, QString leaseOwner,
               PullShard shard = {});
    ~PullWorker() override;

    static constexpr int maxConcurrentPulls = 8;

public slots:
    void start();
    void poll();
    void shutdown();

signals:
    void pullStarted(const medpull::Pull &pull);
    void pullProgress(const medpull::PullProgress &progress);
    void pullSettled(const medpull::Pull &pull);
    void connectionChanged(const medpull::Connection &connection);
    void authEventRecorded(const medpull::AuthEvent &event);
    // A pull ended without settling; it resumes later from its checkpoints.
    void pullStopped(qint64 pullId);
    void problem(const QString &error);
    // The database cannot be used for now; sent once per outage.
    void databaseUnavailable(const QString &reason);
    // It answers again after an outage.
    void databaseAvailable();

private:
    void startRunner(const Pull &pull);
    void resumeInterrupted(PullRepository &pulls);
    void databaseFailed(const QString &reason);
    void runnerLostDatabase(qint64 pullId, const QString &reason);
    QNetworkAccessManager *networkFor(qint64 sourceId);
    RateLimiter *limiterFor(qint64 sourceId, int maxConcurrent, double requestsPerSecond);

    std::shared_ptr<const Database> m_db;
    EngineOptions m_options;
    QString m_leaseOwner;
    PullShard m_shard;
    QNetworkAccessManager *m_network = nullptr; // token refreshes
    QHash<qint64, QNetworkAccessManager *> m_networks;
    const TokenVault *m_vault = nullptr;
    TokenClient *m_tokenClient = nullptr;
    QHash<qint64, RateLimiter *> m_limiters;
    std::unique_ptr<ResourceRepository> m_resources;
    QHash<qint64, PullRunner *> m_runners;
    QTimer m_poll;
    QTimer m_retry; // the next attempt during a database outage
    DatabaseOutage m_outage;
    // Pulls of this worker stopped by an outage, still leased to it.
    QSet<qint64> m_interrupted;
    const std::atomic<bool> *m_paused = nullptr;
    bool m_ready = false;
    bool m_shuttingDown = false;
};

} // namespace medpull
