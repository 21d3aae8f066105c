// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "pull.h"
#include "sql.h"

#include <QList>

#include <optional>

namespace medpull {

class Database;

// Which sources' pulls a claimer takes: those with source id % count ==
// index. The threads of one engine split the sources so that each source's
// request limits live in exactly one thread.
struct PullShard {
    int count = 1;
    int index = 0;
};

// Pulls and their queries: the engine's persisted work queue. Leases keep two
// processes on one database from running the same pull; an expired lease is
// taken over.
class PullRepository {
public:
    explicit PullRepository(const Database &database)
        : m_db(database) {}

    // Queues a pull for a connection. A pull already queued (not yet
    // running) for it is returned instead: a second request joins it.
    Pull enqueue(qint64 connectionId, PullTrigger trigger, bool full = true,
                 const QDateTime &since = {});
    std::optional<Pull> get(qint64 id) const;

    // Newest first, paged.
    QList<Pull> forConnection(qint64 connectionId, int limit = 100, int offset = 0) const;
    QList<Pull> forPatient(qint64 patientId, int limit = 100, int offset = 0) const;
    qint64 countForPatient(qint64 patientId) const;
    std::optional<Pull> latestSettled(qint64 connectionId) const;
    // Pulls of active connections that are queued or running, oldest first:
    // the work still to do. A queued pull of an account that needs a
    // reconnect waits for it and is not counted.
    QList<Pull> unsettled() const;

    // Takes the oldest queued pull of an active connection that has no other
    // pull running under a live lease, or a running pull whose lease expired.
    std::optional<Pull> claimNext(const QString &owner, int leaseSeconds,
                                  const QDateTime &now = QDateTime::currentDateTimeUtc(),
                                  PullShard shard = {});
    // Extends the lease; false when another owner has taken the pull over.
    bool heartbeat(qint64 pullId, const QString &owner, int leaseSeconds);
    // Gives a running pull back to the queue (the engine is stopping): it
    // resumes from its checkpoints without waiting for the lease to expire.
    void releaseLease(qint64 pullId, const QString &owner);
    // Settles a pull: status, failure, finish time; the lease is released.
    // With `leaseOwner`, only while that owner still holds the pull's lease:
    // otherwise nothing is written and StoreError::Kind::LeaseLost is thrown.
    // Queries still open are settled with it, with `error` as their reason:
    // `cancelled` with a cancelled pull, `failed` otherwise.
    void settle(qint64 pullId, PullStatus status, std::optional<FailureKind> failureKind = {},
                const QString &error = {}, const QString &leaseOwner = {});
    void cancelQueued(qint64 connectionId);

    PullQuery addQuery(PullQuery query);
    QList<PullQuery> queries(qint64 pullId) const;
    std::optional<PullQuery> query(qint64 queryId) const;
    // Records one stored page: the next link still to fetch and the counts,
    // added to the query and its pull, and the query's status (settled with
    // its last page). Call it inside the page's transaction. With
    // `leaseOwner`, it first checks that this owner still holds the pull's
    // lease and throws StoreError::Kind::LeaseLost when not, so that the
    // transaction, page and all, rolls back: a process that stalled past its
    // lease writes nothing over the one that took the pull over.
    void checkpoint(qint64 queryId, const QString &nextUrl, const ResourceCounts &counts,
                    QueryStatus status = QueryStatus::Running, const QString &leaseOwner = {});
    void setQueryStatus(qint64 queryId, QueryStatus status);
    // The query failed in this pull: its error, and when a `retry` pull
    // should try it again (invalid: not automatically).
    void recordQueryError(qint64 queryId, int httpStatus, const QString &error,
                          const QDateTime &nextAttemptAt);
    // An error that does not stop the query, e.g. one invalid resource in
    // a page: kept as the query's last error, counted in the pull.
    void recordQueryWarning(qint64 queryId, const QString &error, qint64 count);

    // The failed queries of a pull that a retry may fetch again (those with
    // a next attempt time: timeouts, 5xx, 429, network errors).
    QList<PullQuery> retryableQueries(qint64 pullId) const;
    // Queues a pull holding copies of `failed` (queries of the settled pull
    // `retryOf`), resuming each from its checkpoint; the originals stop
    // waiting for a retry. `retry` when the engine retries on its own,
    // `manual` when a person asked.
    Pull createRetryPull(qint64 connectionId, const QList<PullQuery> &failed, qint64 retryOf,
                         PullTrigger trigger = PullTrigger::Retry);

private:
    QList<Pull> selectPulls(const QString &where, const QVariantList &values) const;
    QList<PullQuery> selectQueries(const QString &where, const QVariantList &values) const;
    Pull insertPull(qint64 connectionId, PullTrigger trigger, bool full, const QDateTime &since);
    static StoreError leaseLost(qint64 pullId);

    const Database &m_db;
    // checkpoint() and setQueryStatus() run for every page: a repository
    // kept by a pull runner prepares them once.
    sql::StatementCache m_statements;
};

} // namespace medpull
