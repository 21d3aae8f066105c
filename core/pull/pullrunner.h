// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "authevent.h"
#include "backoff.h"
#include "connection.h"
#include "engine.h"
#include "outcomeclassifier.h"
#include "pull.h"
#include "queryplanner.h"
#include "referencecollector.h"
#include "source.h"
#include "sourcecapabilityrepository.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace medpull {

class ConnectionTokens;
class Database;
class FhirClient;
class PullRepository;
class RateLimiter;
class ResourceRepository;
class TokenClient;
class TokenVault;
struct FhirResult;

// Drives one claimed pull to its end: asks the QueryPlanner what to query,
// pages through every search committing each page with its checkpoint, lets
// the OutcomeClassifier say what each answer means (store, retry, fail, not
// available, search per value of a required parameter, fall back), follows
// references to a bounded depth, marks what a complete full pull no longer
// returns as deleted, and settles the pull. Everything it does is in the
// database as it happens, so another runner can resume the pull from its last
// page.
class PullRunner : public QObject {
    Q_OBJECT

public:
    struct Context {
        std::shared_ptr<const Database> database;
        QNetworkAccessManager *network = nullptr;
        const TokenVault *vault = nullptr;
        TokenClient *tokenClient = nullptr;
        RateLimiter *limiter = nullptr; // the source's, shared by its pulls
        // The worker thread's, shared by its pulls so its prepared
        // statements are reused.
        ResourceRepository *resources = nullptr;
        QString leaseOwner;
        int leaseSeconds = 60;
        int pageSize = 200;
        int maxReferenceDepth = 3;
        // Referenced ids asked for in one `_id` lookup.
        int lookupBatchSize = 50;
        int transferTimeoutMs = 30000;
        // Pages one query may fetch: a portal handing out fresh next links
        // forever ends the query failed instead of paging on.
        int pageCap = 10000;
        qint64 maxResponseBytes = 64 * 1024 * 1024;
        int maxRetryAfterMs = 600 * 1000;
        Backoff retry;
    };

    PullRunner(Context context, Pull pull, QObject *parent = nullptr);
    ~PullRunner() override;

    void start();
    // Stops without settling: the lease runs out and the pull resumes later.
    void abandon();
    qint64 pullId() const { return m_pull.id; }
    qint64 connectionId() const { return m_pull.connectionId; }

signals:
    void progress(const medpull::PullProgress &progress);
    void settled(const medpull::Pull &pull);
    void connectionChanged(const medpull::Connection &connection);
    void authEvent(const medpull::AuthEvent &event);
    // Ended without settling (lease lost, abandoned, database error).
    void stopped(const QString &reason);
    // Emitted before stopped() when the database itself failed (connection
    // lost, disk full, read-only): the pull resumes once it is back.
    void databaseUnavailable(const QString &reason);

private:
    void planQueries();
    void startQueries();
    QList<PullQuery> addQueries(const QList<PullQuery> &queries);
    void fetch(const PullQuery &query);
    void onFetched(qint64 queryId, const FhirResult &result);
    void replaceQuery(const PullQuery &replaced, const QString &warning,
                      const std::function<QList<PullQuery>()> &replacements);
    void storePage(const PullQuery &query, const FhirResult &result);
    void storeRead(const PullQuery &query, const FhirResult &result);
    bool acceptPatient(const PullQuery &query, const QString &id, QStringList &notes);
    QString since() const;
    void searchPerType(const PullQuery &everything, const QueryOutcome &outcome);
    void readOneByOne(const PullQuery &lookup, const QueryOutcome &outcome);
    void searchPerValue(const PullQuery &query, const QueryOutcome &outcome);
    QList<PullQuery> readsForUnanswered(const PullQuery &lookup);
    void collectReferences(const QByteArray &rawResource);
    void queryFailed(const PullQuery &query, int httpStatus, const QString &error, bool transient,
                     const QDateTime &notBefore = {});
    void queryNotAvailable(const PullQuery &query, const QString &reason);
    void continueWith(qint64 done, const QList<PullQuery> &next);
    void queryFinished();
    void followReferences();
    void settle();
    void emitProgress(const QString &resourceType);
    void heartbeat();
    void stop(const QString &reason);
    template <typename Work> bool guarded(Work &&work);

    Context m_context;
    Pull m_pull;
    Connection m_connection;
    // The source as configured, with what pulls learnt applied.
    Source m_source;
    std::unique_ptr<QueryPlanner> m_planner;
    // This patient's ids at the portal: the token's, and the Patient
    // resource's own where the portal returns another.
    QSet<QString> m_patientIds;
    // Next links each query fetched in this run: one seen again is a loop.
    QHash<qint64, QSet<QString>> m_seenPages;
    // Refusals of $everything the source had when this pull started.
    int m_everythingRefusals = 0;
    std::unique_ptr<ConnectionTokens> m_tokens;
    std::unique_ptr<FhirClient> m_client;
    std::unique_ptr<PullRepository> m_pulls;
    // The pull's queries as the database has them, kept current as pages
    // commit, so a page costs no query reload.
    QHash<qint64, PullQuery> m_queries;
    QTimer m_heartbeat;
    QSet<qint64> m_running;
    int m_depth = 0;
    // References of what this pull stored, gathered as pages come in; a
    // resumed pull first reads back what earlier runs stored.
    std::unique_ptr<ReferenceCollector> m_collector;
    QSet<ResourceRef> m_references;
    QMap<QString, QString> m_rejectedReferences;
    // Attachment URLs off the FHIR base (fully encoded), raw content to store
    // as Binaries.
    QSet<QString> m_attachments;
    bool m_referencesComplete = false;
    bool m_stopped = false;
};

} // namespace medpull
