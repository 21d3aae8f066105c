// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pullrepository.h"

#include "database.h"
#include "sql.h"
#include "transaction.h"

namespace medpull {

namespace {

const QString pullColumns = QStringLiteral(
    "p.id, p.connection_id, p.pull_trigger, p.status, p.is_full, p.since, p.queued_at, "
    "p.started_at, p.finished_at, p.failure_kind, p.error, p.created_count, p.updated_count, "
    "p.unchanged_count, p.pages, p.error_count, p.lease_owner, p.lease_expires_at, "
    "p.retry_of");

const QString queryColumns = QStringLiteral(
    "id, pull_id, resource_type, kind, url, next_url, status, depth, pages, created_count, "
    "updated_count, unchanged_count, attempts, next_attempt_at, http_status, error");

} // namespace

Pull PullRepository::insertPull(qint64 connectionId, PullTrigger trigger, bool full,
                                const QDateTime &since) {
    Pull pull;
    pull.connectionId = connectionId;
    pull.trigger = trigger;
    pull.full = full;
    pull.since = since;
    pull.queuedAt = QDateTime::currentDateTimeUtc();
    pull.id = sql::insert(m_db.connection(),
                          QStringLiteral("INSERT INTO pulls (connection_id, pull_trigger, status, "
                                         "is_full, since, queued_at) VALUES (?, ?, ?, ?, ?, ?) "
                                         "RETURNING id"),
                          {connectionId, nameOf(trigger), nameOf(PullStatus::Queued), full ? 1 : 0,
                           sql::toDb(since), sql::toDb(pull.queuedAt)});
    return pull;
}

Pull PullRepository::enqueue(qint64 connectionId, PullTrigger trigger, bool full,
                             const QDateTime &since) {
    Transaction transaction(m_db, Transaction::Mode::Exclusive);
    const QList<Pull> queued = selectPulls(
        QStringLiteral("WHERE p.connection_id = ? AND p.status = 'queued' ORDER BY p.id LIMIT 1"),
        {connectionId});
    if (!queued.isEmpty()) {
        // Joining a queued incremental pull with a full request makes it full.
        if (full && !queued.first().full)
            sql::run(m_db.connection(),
                     QStringLiteral("UPDATE pulls SET is_full = 1, since = NULL WHERE id = ?"),
                     {queued.first().id});
        transaction.commit();
        return *get(queued.first().id);
    }
    const Pull pull = insertPull(connectionId, trigger, full, since);
    transaction.commit();
    return pull;
}

std::optional<Pull> PullRepository::get(qint64 id) const {
    const QList<Pull> found = selectPulls(QStringLiteral("WHERE p.id = ?"), {id});
    return found.isEmpty() ? std::nullopt : std::optional<Pull>(found.first());
}

QList<Pull> PullRepository::forConnection(qint64 connectionId, int limit, int offset) const {
    return selectPulls(
        QStringLiteral("WHERE p.connection_id = ? ORDER BY p.id DESC LIMIT ? OFFSET ?"),
        {connectionId, limit, offset});
}

QList<Pull> PullRepository::forPatient(qint64 patientId, int limit, int offset) const {
    return selectPulls(QStringLiteral("JOIN connections c ON c.id = p.connection_id "
                                      "WHERE c.patient_id = ? ORDER BY p.id DESC LIMIT ? OFFSET ?"),
                       {patientId, limit, offset});
}

qint64 PullRepository::countForPatient(qint64 patientId) const {
    return sql::scalar(m_db.connection(),
                       QStringLiteral("SELECT count(*) FROM pulls p JOIN connections c "
                                      "ON c.id = p.connection_id WHERE c.patient_id = ?"),
                       {patientId})
        .toLongLong();
}

std::optional<Pull> PullRepository::latestSettled(qint64 connectionId) const {
    const QList<Pull> found = selectPulls(
        QStringLiteral("WHERE p.connection_id = ? AND p.status NOT IN ('queued', 'running') "
                       "ORDER BY p.id DESC LIMIT 1"),
        {connectionId});
    return found.isEmpty() ? std::nullopt : std::optional<Pull>(found.first());
}

QList<Pull> PullRepository::unsettled() const {
    return selectPulls(QStringLiteral("JOIN connections c ON c.id = p.connection_id "
                                      "WHERE p.status IN ('queued', 'running') "
                                      "AND c.state = 'active' ORDER BY p.id"),
                       {});
}

std::optional<Pull> PullRepository::claimNext(const QString &owner, int leaseSeconds,
                                              const QDateTime &now, PullShard shard) {
    Transaction transaction(m_db, Transaction::Mode::Exclusive);
    const qint64 nowMs = now.toMSecsSinceEpoch();
    // Written as per-row EXISTS tests walking the queued (or running) pulls
    // in order, so the plan stays an index walk that stops at the first
    // claimable pull whatever the planner believes about table sizes.
    const QString claimable =
        QStringLiteral("EXISTS (SELECT 1 FROM connections c WHERE c.id = p.connection_id AND "
                       "c.state = 'active'%1)")
            .arg(
                shard.count > 1
                    ? QStringLiteral(" AND c.source_id % %1 = %2").arg(shard.count).arg(shard.index)
                    : QString());
    // A running pull whose owner stopped renewing its lease is resumed first:
    // it holds committed progress.
    QList<Pull> candidates =
        selectPulls(QStringLiteral("WHERE p.status = 'running' AND p.lease_expires_at < ? AND %1 "
                                   "ORDER BY p.id LIMIT 1")
                        .arg(claimable),
                    {nowMs});
    if (candidates.isEmpty()) {
        candidates = selectPulls(
            QStringLiteral("WHERE p.status = 'queued' AND %1 "
                           "AND NOT EXISTS (SELECT 1 FROM pulls r WHERE r.connection_id = "
                           "p.connection_id AND r.status = 'running' AND r.lease_expires_at >= ?) "
                           "ORDER BY p.queued_at, p.id LIMIT 1")
                .arg(claimable),
            {nowMs});
    }
    if (candidates.isEmpty())
        return std::nullopt;
    const qint64 id = candidates.first().id;
    sql::run(
        m_db.connection(),
        QStringLiteral("UPDATE pulls SET status = 'running', lease_owner = ?, "
                       "lease_expires_at = ?, started_at = COALESCE(started_at, ?) WHERE id = ?"),
        {owner, nowMs + leaseSeconds * 1000LL, nowMs, id});
    transaction.commit();
    return get(id);
}

bool PullRepository::heartbeat(qint64 pullId, const QString &owner, int leaseSeconds) {
    QSqlQuery query = sql::run(
        m_db.connection(),
        QStringLiteral("UPDATE pulls SET lease_expires_at = ? WHERE id = ? AND lease_owner = ? "
                       "AND status = 'running'"),
        {QDateTime::currentMSecsSinceEpoch() + leaseSeconds * 1000LL, pullId, owner});
    return query.numRowsAffected() == 1;
}

void PullRepository::releaseLease(qint64 pullId, const QString &owner) {
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE pulls SET status = 'queued', lease_owner = NULL, "
                            "lease_expires_at = NULL WHERE id = ? AND lease_owner = ? "
                            "AND status = 'running'"),
             {pullId, owner});
}

void PullRepository::settle(qint64 pullId, PullStatus status,
                            std::optional<FailureKind> failureKind, const QString &error,
                            const QString &leaseOwner) {
    const QString statement =
        QStringLiteral("UPDATE pulls SET status = ?, failure_kind = ?, error = ?, "
                       "finished_at = ?, lease_owner = NULL, lease_expires_at = NULL "
                       "WHERE id = ?");
    QVariantList values{nameOf(status), sql::optionalEnumToDb(failureKind), sql::nullIfEmpty(error),
                        sql::toDb(QDateTime::currentDateTimeUtc()), pullId};
    if (leaseOwner.isEmpty()) {
        sql::run(m_db.connection(), statement, values);
    } else {
        values << leaseOwner;
        const QSqlQuery query = sql::run(
            m_db.connection(),
            statement + QStringLiteral(" AND lease_owner = ? AND status = 'running'"), values);
        if (query.numRowsAffected() != 1)
            throw leaseLost(pullId);
    }
    // A settled pull has no query left "running" without a reason.
    const QueryStatus open =
        status == PullStatus::Cancelled ? QueryStatus::Cancelled : QueryStatus::Failed;
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE pull_queries SET status = ?, error = COALESCE(error, ?) "
                            "WHERE pull_id = ? AND status IN ('pending', 'running')"),
             {nameOf(open), sql::nullIfEmpty(error), pullId});
}

void PullRepository::cancelQueued(qint64 connectionId) {
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE pull_queries SET status = 'cancelled' WHERE status = "
                            "'pending' AND pull_id IN (SELECT id FROM pulls WHERE "
                            "connection_id = ? AND status = 'queued')"),
             {connectionId});
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE pulls SET status = 'cancelled', finished_at = ? "
                            "WHERE connection_id = ? AND status = 'queued'"),
             {sql::toDb(QDateTime::currentDateTimeUtc()), connectionId});
}

PullQuery PullRepository::addQuery(PullQuery query) {
    // Reference following adds queries in bulk: prepared once per repository.
    query.id = m_statements.insert(
        m_db.connection(),
        QStringLiteral("INSERT INTO pull_queries (pull_id, resource_type, kind, url, next_url, "
                       "status, depth) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        {query.pullId, query.resourceType, nameOf(query.kind), query.url,
         sql::nullIfEmpty(query.nextUrl.isEmpty() ? query.url : query.nextUrl),
         nameOf(query.status), query.depth});
    if (query.nextUrl.isEmpty())
        query.nextUrl = query.url;
    return query;
}

QList<PullQuery> PullRepository::queries(qint64 pullId) const {
    return selectQueries(QStringLiteral("WHERE pull_id = ? ORDER BY id"), {pullId});
}

std::optional<PullQuery> PullRepository::query(qint64 queryId) const {
    const QList<PullQuery> found = selectQueries(QStringLiteral("WHERE id = ?"), {queryId});
    return found.isEmpty() ? std::nullopt : std::optional<PullQuery>(found.first());
}

void PullRepository::checkpoint(qint64 queryId, const QString &nextUrl,
                                const ResourceCounts &counts, QueryStatus status,
                                const QString &leaseOwner) {
    const QSqlDatabase db = m_db.connection();
    // The pull's row first: with a lease owner, its update is the fence, and
    // on PostgreSQL it locks the row, so a claim by another process waits
    // until this page has committed (or sees the lease already gone).
    const QString pullUpdate =
        QStringLiteral("UPDATE pulls SET pages = pages + 1, created_count = created_count + ?, "
                       "updated_count = updated_count + ?, unchanged_count = unchanged_count + "
                       "? WHERE id = (SELECT pull_id FROM pull_queries WHERE id = ?)");
    QVariantList pullValues{counts.created, counts.updated, counts.unchanged, queryId};
    QSqlQuery &pull = m_statements.get(
        db, leaseOwner.isEmpty()
                ? pullUpdate
                : pullUpdate + QStringLiteral(" AND lease_owner = ? AND status = 'running'"));
    if (!leaseOwner.isEmpty())
        pullValues << leaseOwner;
    sql::exec(pull, pullValues);
    if (!leaseOwner.isEmpty() && pull.numRowsAffected() != 1) {
        pull.finish();
        throw leaseLost(sql::scalar(db,
                                    QStringLiteral("SELECT pull_id FROM pull_queries "
                                                   "WHERE id = ?"),
                                    {queryId})
                            .toLongLong());
    }
    pull.finish();
    sql::exec(m_statements.get(
                  db, QStringLiteral(
                          "UPDATE pull_queries SET next_url = ?, pages = pages + 1, "
                          "created_count = created_count + ?, updated_count = updated_count + ?, "
                          "unchanged_count = unchanged_count + ?, status = ? WHERE id = ?")),
              {sql::nullIfEmpty(nextUrl), counts.created, counts.updated, counts.unchanged,
               nameOf(status), queryId});
}

StoreError PullRepository::leaseLost(qint64 pullId) {
    return StoreError(QStringLiteral("pull %1 was taken over by another engine after its lease "
                                     "ran out; this one stopped it without writing")
                          .arg(pullId),
                      StoreError::Kind::LeaseLost);
}

void PullRepository::setQueryStatus(qint64 queryId, QueryStatus status) {
    sql::exec(m_statements.get(m_db.connection(),
                               QStringLiteral("UPDATE pull_queries SET status = ? WHERE id = ?")),
              {nameOf(status), queryId});
}

void PullRepository::recordQueryError(qint64 queryId, int httpStatus, const QString &error,
                                      const QDateTime &nextAttemptAt) {
    const QSqlDatabase db = m_db.connection();
    sql::run(db,
             QStringLiteral("UPDATE pull_queries SET attempts = attempts + 1, http_status = ?, "
                            "error = ?, next_attempt_at = ?, status = 'failed' WHERE id = ?"),
             {sql::nullIfZero(httpStatus), error, sql::toDb(nextAttemptAt), queryId});
    sql::run(db,
             QStringLiteral("UPDATE pulls SET error_count = error_count + 1 "
                            "WHERE id = (SELECT pull_id FROM pull_queries WHERE id = ?)"),
             {queryId});
}

void PullRepository::recordQueryWarning(qint64 queryId, const QString &error, qint64 count) {
    const QSqlDatabase db = m_db.connection();
    sql::run(db, QStringLiteral("UPDATE pull_queries SET error = ? WHERE id = ?"),
             {error, queryId});
    sql::run(db,
             QStringLiteral("UPDATE pulls SET error_count = error_count + ? "
                            "WHERE id = (SELECT pull_id FROM pull_queries WHERE id = ?)"),
             {count, queryId});
}

QList<PullQuery> PullRepository::retryableQueries(qint64 pullId) const {
    return selectQueries(QStringLiteral("WHERE pull_id = ? AND status = 'failed' AND "
                                        "next_attempt_at IS NOT NULL ORDER BY id"),
                         {pullId});
}

Pull PullRepository::createRetryPull(qint64 connectionId, const QList<PullQuery> &failed,
                                     qint64 retryOf, PullTrigger trigger) {
    Transaction transaction(m_db, Transaction::Mode::Exclusive);
    Pull pull = insertPull(connectionId, trigger, false, {});
    pull.retryOf = retryOf;
    sql::run(m_db.connection(), QStringLiteral("UPDATE pulls SET retry_of = ? WHERE id = ?"),
             {retryOf, pull.id});
    for (const PullQuery &original : failed) {
        PullQuery copy = original;
        copy.pullId = pull.id;
        copy.status = QueryStatus::Pending;
        const qint64 id = addQuery(copy).id;
        sql::run(m_db.connection(),
                 QStringLiteral("UPDATE pull_queries SET attempts = ? WHERE id = ?"),
                 {original.attempts, id});
        sql::run(m_db.connection(),
                 QStringLiteral("UPDATE pull_queries SET next_attempt_at = NULL WHERE id = ?"),
                 {original.id});
    }
    transaction.commit();
    return pull;
}

QList<Pull> PullRepository::selectPulls(const QString &where, const QVariantList &values) const {
    QSqlQuery query =
        sql::run(m_db.connection(),
                 QStringLiteral("SELECT %1 FROM pulls p %2").arg(pullColumns, where), values);
    QList<Pull> pulls;
    while (query.next()) {
        Pull pull;
        pull.id = query.value(0).toLongLong();
        pull.connectionId = query.value(1).toLongLong();
        pull.trigger = sql::enumFromDb<PullTrigger>(query.value(2));
        pull.status = sql::enumFromDb<PullStatus>(query.value(3));
        pull.full = query.value(4).toInt() != 0;
        pull.since = sql::timeFromDb(query.value(5));
        pull.queuedAt = sql::timeFromDb(query.value(6));
        pull.startedAt = sql::timeFromDb(query.value(7));
        pull.finishedAt = sql::timeFromDb(query.value(8));
        pull.failureKind = sql::optionalEnumFromDb<FailureKind>(query.value(9));
        pull.error = query.value(10).toString();
        pull.counts = {query.value(11).toLongLong(), query.value(12).toLongLong(),
                       query.value(13).toLongLong()};
        pull.pages = query.value(14).toLongLong();
        pull.errorCount = query.value(15).toLongLong();
        pull.leaseOwner = query.value(16).toString();
        pull.leaseExpiresAt = sql::timeFromDb(query.value(17));
        pull.retryOf = query.value(18).toLongLong();
        pulls.append(pull);
    }
    return pulls;
}

QList<PullQuery> PullRepository::selectQueries(const QString &where,
                                               const QVariantList &values) const {
    QSqlQuery query =
        sql::run(m_db.connection(),
                 QStringLiteral("SELECT %1 FROM pull_queries %2").arg(queryColumns, where), values);
    QList<PullQuery> queries;
    while (query.next()) {
        PullQuery q;
        q.id = query.value(0).toLongLong();
        q.pullId = query.value(1).toLongLong();
        q.resourceType = query.value(2).toString();
        q.kind = sql::enumFromDb<QueryKind>(query.value(3));
        q.url = query.value(4).toString();
        q.nextUrl = query.value(5).toString();
        q.status = sql::enumFromDb<QueryStatus>(query.value(6));
        q.depth = query.value(7).toInt();
        q.pages = query.value(8).toLongLong();
        q.counts = {query.value(9).toLongLong(), query.value(10).toLongLong(),
                    query.value(11).toLongLong()};
        q.attempts = query.value(12).toInt();
        q.nextAttemptAt = sql::timeFromDb(query.value(13));
        q.httpStatus = query.value(14).toInt();
        q.error = query.value(15).toString();
        queries.append(q);
    }
    return queries;
}

} // namespace medpull
