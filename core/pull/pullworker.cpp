// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pullworker.h"

#include "connectionrepository.h"
#include "database.h"
#include "enginemetrics.h"
#include "pullrepository.h"
#include "pullrunner.h"
#include "ratelimiter.h"
#include "resourcerepository.h"
#include "sourcerepository.h"
#include "storeerror.h"
#include "tokenclient.h"

#include <QNetworkAccessManager>

namespace medpull {

PullWorker::PullWorker(std::shared_ptr<const Database> database, const TokenVault *vault,
                       const std::atomic<bool> *paused, EngineOptions options, QString leaseOwner,
                       PullShard shard)
    : m_db(std::move(database))
    , m_options(std::move(options))
    , m_leaseOwner(std::move(leaseOwner))
    , m_shard(shard)
    , m_vault(vault)
    , m_paused(paused) {
    // Parented, so that moveToThread() takes the timer along.
    m_poll.setParent(this);
    m_poll.setInterval(m_options.pollIntervalMs);
    connect(&m_poll, &QTimer::timeout, this, &PullWorker::poll);
    m_retry.setParent(this);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &PullWorker::poll);
}

PullWorker::~PullWorker() {
    shutdown();
}

void PullWorker::start() {
    // Created here, in the worker's thread, as Qt requires.
    m_network = new QNetworkAccessManager(this);
    m_resources = std::make_unique<ResourceRepository>(*m_db);
    m_tokenClient = new TokenClient(m_network, this);
    m_ready = true;
    m_poll.start();
    poll();
}

QNetworkAccessManager *PullWorker::networkFor(qint64 sourceId) {
    // One manager per source: Qt 6.4 opens at most six connections per host
    // and manager, and portals often share a host (all sandbox portals do),
    // which would cap every source's concurrency below its own limit.
    QNetworkAccessManager *&network = m_networks[sourceId];
    if (!network) {
        network = new QNetworkAccessManager(this);
        if (m_options.metrics)
            m_options.metrics->watch(network, sourceId);
    }
    return network;
}

RateLimiter *PullWorker::limiterFor(qint64 sourceId, int maxConcurrent, double requestsPerSecond) {
    RateLimiter *&limiter = m_limiters[sourceId];
    if (!limiter)
        limiter = new RateLimiter(maxConcurrent, requestsPerSecond, this);
    else if (limiter->maxConcurrent() != maxConcurrent ||
             limiter->requestsPerSecond() != requestsPerSecond)
        limiter->setLimits(maxConcurrent, requestsPerSecond);
    return limiter;
}

void PullWorker::poll() {
    // During an outage only the retry timer tries the database again.
    if (!m_ready || *m_paused || m_shuttingDown || m_retry.isActive())
        return;
    try {
        PullRepository pulls(*m_db);
        resumeInterrupted(pulls);
        bool answered = false;
        while (m_runners.size() < maxConcurrentPulls) {
            const std::optional<Pull> pull = pulls.claimNext(
                m_leaseOwner, m_options.leaseSeconds, QDateTime::currentDateTimeUtc(), m_shard);
            answered = true;
            if (!pull)
                break;
            startRunner(*pull);
        }
        if (answered && m_outage.succeeded()) {
            m_poll.start();
            emit databaseAvailable();
        }
    } catch (const StoreError &error) {
        if (error.retryLater())
            databaseFailed(error.message());
        else
            emit problem(error.message());
    }
}

// After an outage: the pulls it interrupted are still leased to this worker
// and resume at once, not when their leases run out.
void PullWorker::resumeInterrupted(PullRepository &pulls) {
    const QSet<qint64> interrupted = m_interrupted;
    for (const qint64 id : interrupted) {
        if (m_runners.contains(id) || m_runners.size() >= maxConcurrentPulls)
            continue;
        m_interrupted.remove(id);
        // False when another process took the pull over meanwhile.
        if (!pulls.heartbeat(id, m_leaseOwner, m_options.leaseSeconds))
            continue;
        if (const std::optional<Pull> pull = pulls.get(id))
            startRunner(*pull);
    }
}

void PullWorker::databaseFailed(const QString &reason) {
    if (m_outage.failed(reason, QDateTime::currentMSecsSinceEpoch()))
        emit databaseUnavailable(reason);
    m_poll.stop();
    m_retry.start(m_outage.delayMs());
}

void PullWorker::runnerLostDatabase(qint64 pullId, const QString &reason) {
    m_interrupted.insert(pullId);
    if (!m_outage.noticed(reason, QDateTime::currentMSecsSinceEpoch()))
        return;
    emit databaseUnavailable(reason);
    m_poll.stop();
    m_retry.start(m_outage.delayMs());
}

void PullWorker::startRunner(const Pull &pull) {
    const auto connection = ConnectionRepository(*m_db).get(pull.connectionId);
    const auto source =
        connection ? SourceRepository(*m_db).get(connection->sourceId) : std::nullopt;
    PullRunner::Context context;
    context.database = m_db;
    context.network = source ? networkFor(source->id) : m_network;
    context.vault = m_vault;
    context.tokenClient = m_tokenClient;
    context.resources = m_resources.get();
    context.leaseOwner = m_leaseOwner;
    context.leaseSeconds = m_options.leaseSeconds;
    context.transferTimeoutMs = m_options.requestTimeoutMs;
    context.pageCap = m_options.pageCapPerQuery;
    context.maxResponseBytes = m_options.maxResponseBytes;
    context.maxRetryAfterMs = m_options.maxRetryAfterSeconds * 1000;
    context.retry = m_options.retrySchedule;
    if (source)
        context.limiter =
            limiterFor(source->id, source->maxConcurrentRequests, source->requestsPerSecond);
    auto *runner = new PullRunner(context, pull, this);
    m_runners.insert(pull.id, runner);
    connect(runner, &PullRunner::progress, this, &PullWorker::pullProgress);
    connect(runner, &PullRunner::connectionChanged, this, &PullWorker::connectionChanged);
    connect(runner, &PullRunner::authEvent, this, &PullWorker::authEventRecorded);
    const qint64 id = pull.id;
    connect(runner, &PullRunner::databaseUnavailable, this,
            [this, id](const QString &reason) { runnerLostDatabase(id, reason); });
    auto finish = [this, id] {
        if (PullRunner *done = m_runners.take(id))
            done->deleteLater();
        // A slot is free: take the next pull at once.
        QMetaObject::invokeMethod(this, &PullWorker::poll, Qt::QueuedConnection);
    };
    connect(runner, &PullRunner::settled, this, [this, finish](const Pull &settled) {
        emit pullSettled(settled);
        finish();
    });
    connect(runner, &PullRunner::stopped, this, [this, finish, id](const QString &reason) {
        emit pullStopped(id);
        // An outage is reported once, not once per pull it interrupted.
        if (!m_shuttingDown && !m_interrupted.contains(id))
            emit problem(reason);
        finish();
    });
    emit pullStarted(pull);
    runner->start();
}

void PullWorker::shutdown() {
    m_shuttingDown = true;
    m_poll.stop();
    m_retry.stop();
    const auto runners = m_runners.values();
    for (PullRunner *runner : runners)
        runner->abandon();
    qDeleteAll(m_runners);
    m_runners.clear();
    // Its prepared statements must go before the thread's connection does.
    m_resources.reset();
}

} // namespace medpull
