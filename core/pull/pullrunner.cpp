// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pullrunner.h"

#include "accountfailures.h"
#include "authevent.h"
#include "bundleparser.h"
#include "connectionrepository.h"
#include "connectiontokens.h"
#include "database.h"
#include "errorcode.h"
#include "eventoutbox.h"
#include "fhirclient.h"
#include "pullrepository.h"
#include "referencecollector.h"
#include "resourcerepository.h"
#include "sourcecapabilityrepository.h"
#include "sourcerepository.h"
#include "storeerror.h"
#include "tokenrepository.h"
#include "tokenvault.h"
#include "transaction.h"
#include "urlrules.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace medpull {

namespace {

// Refresh an access token this long before it expires.
constexpr int refreshMarginSeconds = 120;
// An incremental pull asks for changes since the last pull minus this much,
// so clock skew between portal and engine loses nothing.
constexpr int lastUpdatedMarginSeconds = 300;

// A read of a resource the portal answered with raw bytes (a PDF, C-CDA
// XML) instead of FHIR JSON.
bool isRawBody(const FhirResult &result) {
    const QByteArray type = result.contentType.split(';').value(0).trimmed().toLower();
    return !type.isEmpty() && type != "application/fhir+json" && type != "application/json+fhir" &&
           type != "application/json";
}

// The resource type a reference URL names, or "Resource" when it names none:
// a query's type is never empty.
QString typeOfUrl(const QString &url) {
    const QStringList segments = QUrl(url).path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (qsizetype at = segments.size() - 1; at >= 0; --at) {
        if (BundleParser::isValidResourceType(segments.at(at)))
            return segments.at(at);
    }
    return QStringLiteral("Resource");
}

// The patient whose compartment a resource is in (its subject or patient
// reference), or empty.
QString patientOf(const QByteArray &raw) {
    const QJsonObject resource = QJsonDocument::fromJson(raw).object();
    for (const QString &member : {QStringLiteral("subject"), QStringLiteral("patient")}) {
        const QString reference =
            resource.value(member).toObject().value(QStringLiteral("reference")).toString();
        const qsizetype at = reference.lastIndexOf(QLatin1String("Patient/"));
        if (at >= 0 && (at == 0 || reference.at(at - 1) == QLatin1Char('/')))
            return reference.mid(at + 8).section(QLatin1Char('/'), 0, 0);
    }
    return {};
}

// An attachment the portal answered with raw bytes, as the Binary resource it
// stands for, with the URL it came from in meta.source.
QByteArray rawBinary(const QString &id, const FhirResult &result) {
    const QJsonObject binary{
        {QStringLiteral("resourceType"), QStringLiteral("Binary")},
        {QStringLiteral("id"), id},
        {QStringLiteral("contentType"), QString::fromLatin1(result.contentType.trimmed())},
        {QStringLiteral("data"), QString::fromLatin1(result.body.toBase64())},
        {QStringLiteral("meta"),
         QJsonObject{{QStringLiteral("source"), result.url.toString(QUrl::FullyEncoded)}}}};
    return QJsonDocument(binary).toJson(QJsonDocument::Compact);
}

} // namespace

PullRunner::PullRunner(Context context, Pull pull, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_pull(std::move(pull)) {
    m_heartbeat.setInterval(std::max(1000, m_context.leaseSeconds * 1000 / 3));
    connect(&m_heartbeat, &QTimer::timeout, this, &PullRunner::heartbeat);
}

PullRunner::~PullRunner() = default;

template <typename Work> bool PullRunner::guarded(Work &&work) {
    try {
        work();
        return true;
    } catch (const StoreError &error) {
        if (error.retryLater())
            emit databaseUnavailable(error.message());
        stop(error.message());
        return false;
    }
}

void PullRunner::start() {
    const Database &db = *m_context.database;
    guarded([&] {
        const auto connection = ConnectionRepository(db).get(m_pull.connectionId);
        const auto source =
            connection ? SourceRepository(db).get(connection->sourceId) : std::nullopt;
        if (!connection || !source || connection->state != ConnectionState::Active) {
            PullRepository(db).settle(m_pull.id, PullStatus::Cancelled, std::nullopt,
                                      storedError(QStringLiteral("account_not_active")),
                                      m_context.leaseOwner);
            emit settled(*PullRepository(db).get(m_pull.id));
            m_stopped = true;
            return;
        }
        m_connection = *connection;
        const SourceCapabilityRepository capabilities(db);
        const SourceCapabilities learnt = capabilities.get(source->id);
        m_source = learnt.applyTo(*source);
        m_everythingRefusals = learnt.everythingRefusals;
        QueryPlanner::Input plan;
        plan.fhirBase = m_source.fhirBase;
        plan.pullId = m_pull.id;
        plan.patientId = m_connection.fhirPatientId;
        plan.full = m_pull.full;
        plan.since = since();
        plan.pageSize = m_context.pageSize;
        plan.source = m_source;
        plan.learnt = learnt;
        for (const UnavailableQuery &unavailable : capabilities.unavailable(m_connection.id))
            plan.unavailable.insert(unavailable.key, unavailable.reason);
        m_planner = std::make_unique<QueryPlanner>(plan);
        m_patientIds.insert(m_connection.fhirPatientId);

        const auto record = TokenRepository(db).get(m_connection.id);
        QString error = QStringLiteral("no stored tokens");
        std::optional<TokenSet> tokens;
        if (record)
            tokens =
                m_context.vault->unseal({record->ciphertext, record->nonce, record->keyId}, &error);
        if (!tokens) {
            AuthEvent event;
            event.detail = storedError(QStringLiteral("tokens_unusable"), {error});
            Transaction transaction(db);
            const auto failure = AccountFailures(db).tokenRefreshFailed(m_connection.id, event);
            PullRepository(db).settle(m_pull.id, PullStatus::Failed,
                                      FailureKind::TokenRefreshFailed, event.detail,
                                      m_context.leaseOwner);
            transaction.commit();
            emit authEvent(failure.event);
            emit connectionChanged(failure.connection);
            emit settled(*PullRepository(db).get(m_pull.id));
            m_stopped = true;
            return;
        }
        m_tokens = std::make_unique<ConnectionTokens>(db, *m_context.vault, m_context.tokenClient,
                                                      m_source, m_connection.id, *tokens);
        connect(m_tokens.get(), &ConnectionTokens::authEvent, this, &PullRunner::authEvent);
        connect(m_tokens.get(), &ConnectionTokens::revoked, this, [this] {
            guarded([this] {
                if (const auto changed =
                        ConnectionRepository(*m_context.database).get(m_connection.id))
                    emit connectionChanged(*changed);
            });
        });
        FhirClient::Options options;
        options.fhirBase = m_source.fhirBase;
        options.transferTimeoutMs = m_context.transferTimeoutMs;
        options.maxBodyBytes = m_context.maxResponseBytes;
        options.maxRetryAfterMs = m_context.maxRetryAfterMs;
        m_client = std::make_unique<FhirClient>(m_context.network, options, m_tokens.get(),
                                                m_context.limiter);
        m_pulls = std::make_unique<PullRepository>(db);
        m_collector = std::make_unique<ReferenceCollector>(m_source.fhirBase);
    });
    if (m_stopped)
        return;
    m_heartbeat.start();

    auto begin = [this] {
        if (!m_stopped && guarded([this] { planQueries(); }))
            startQueries();
    };
    if (m_tokens->expiresWithin(refreshMarginSeconds)) {
        m_tokens->refresh([this, begin](bool, const QString &) {
            if (m_tokens->isRevoked()) {
                guarded([this] { settle(); });
                return;
            }
            // A transient failure leaves the current token to try.
            begin();
        });
        return;
    }
    begin();
}

void PullRunner::planQueries() {
    const Database &db = *m_context.database;
    const QList<PullQuery> existing = m_pulls->queries(m_pull.id);
    for (const PullQuery &query : existing)
        m_depth = std::max(m_depth, query.depth);
    if (!existing.isEmpty())
        return;
    // A fresh pull sees everything it stores go by.
    m_referencesComplete = true;
    if (m_connection.fhirPatientId.isEmpty())
        throw StoreError(QStringLiteral("the account has no FHIR patient id"));

    Transaction transaction(db);
    addQueries(m_planner->initialQueries());
    transaction.commit();
}

// Writes planned queries; one the connection is remembered not to have is
// written not_available with the remembered reason and never asked.
QList<PullQuery> PullRunner::addQueries(const QList<PullQuery> &queries) {
    QList<PullQuery> added;
    for (const PullQuery &query : queries) {
        PullQuery stored = m_pulls->addQuery(query);
        if (stored.status == QueryStatus::NotAvailable) {
            m_pulls->recordQueryWarning(stored.id, stored.error, 0);
            m_queries.insert(stored.id, stored);
            continue;
        }
        added.append(stored);
    }
    return added;
}

// The `_lastUpdated` / `_since` value of an incremental pull, or empty.
QString PullRunner::since() const {
    return m_pull.since.isValid()
               ? m_pull.since.addSecs(-lastUpdatedMarginSeconds).toString(Qt::ISODate)
               : QString();
}

void PullRunner::startQueries() {
    QList<PullQuery> queries;
    if (!guarded([&] { queries = m_pulls->queries(m_pull.id); }))
        return;
    for (const PullQuery &query : std::as_const(queries))
        m_queries.insert(query.id, query);
    for (const PullQuery &query : queries) {
        if (query.status == QueryStatus::Pending || query.status == QueryStatus::Running)
            fetch(query);
    }
    if (m_running.isEmpty())
        followReferences();
}

void PullRunner::fetch(const PullQuery &query) {
    if (m_stopped)
        return;
    if (query.status != QueryStatus::Running &&
        !guarded([&] { m_pulls->setQueryStatus(query.id, QueryStatus::Running); })) {
        return;
    }
    m_running.insert(query.id);
    PullQuery &known = m_queries[query.id];
    known = query;
    known.status = QueryStatus::Running;
    const QUrl url(query.nextUrl, QUrl::StrictMode);
    FhirRequest *request = query.kind == QueryKind::Read &&
                                   query.resourceType == QLatin1String("Binary") &&
                                   !UrlRules::isUnderBase(m_source.fhirBase, url)
                               ? m_client->getAttachment(url)
                               : m_client->get(url);
    const qint64 id = query.id;
    connect(request, &FhirRequest::finished, this,
            [this, id](const FhirResult &result) { onFetched(id, result); });
}

void PullRunner::onFetched(qint64 queryId, const FhirResult &result) {
    if (m_stopped)
        return;
    if (!m_queries.contains(queryId))
        return;
    // A copy: handling the result may add queries and rehash the map.
    const std::optional<PullQuery> query = m_queries.value(queryId);

    if (result.ok()) {
        guarded([&] {
            if (query->kind != PullQuery::Kind::Read)
                storePage(*query, result);
            else
                storeRead(*query, result);
        });
        return;
    }
    if (m_tokens->isRevoked()) {
        // Nothing more can be fetched for this account until it reconnects.
        m_client->abortAll();
        m_running.clear();
        guarded([this] { settle(); });
        return;
    }
    if (result.errorKind == FhirErrorKind::Cancelled) {
        m_running.remove(queryId);
        return;
    }
    if (result.errorKind == FhirErrorKind::TooLarge) {
        guarded([&] {
            queryFailed(*query, result.httpStatus,
                        storedError(QStringLiteral("fhir_response_too_large"),
                                    {result.url.toDisplayString(QUrl::RemoveUserInfo),
                                     QString::number(m_context.maxResponseBytes / (1024 * 1024))}),
                        false);
        });
        return;
    }
    const QueryOutcome outcome = OutcomeClassifier::classify(*query, result);
    using Verdict = QueryOutcome::Verdict;
    guarded([&] {
        switch (outcome.verdict) {
        case Verdict::Store:
            break;
        case Verdict::Retry:
            queryFailed(*query, result.httpStatus, outcome.reason, true, result.retryAfter);
            break;
        case Verdict::Fail:
            queryFailed(*query, result.httpStatus, outcome.reason, false);
            break;
        case Verdict::NotAvailable:
            queryNotAvailable(*query, outcome.reason);
            break;
        case Verdict::NeedsParameter:
            searchPerValue(*query, outcome);
            break;
        case Verdict::EverythingRefused:
            searchPerType(*query, outcome);
            break;
        case Verdict::IdSearchRefused:
            readOneByOne(*query, outcome);
            break;
        }
    });
}

// The portal requires a search parameter (Observation and CarePlan per
// category, MedicationRequest per intent): the source remembers it, and the
// query is asked once per value.
void PullRunner::searchPerValue(const PullQuery &query, const QueryOutcome &outcome) {
    const Database &db = *m_context.database;
    replaceQuery(query, outcome.reason, [&] {
        SourceCapabilityRepository(db).recordRequiredParameter(
            m_source.id, query.resourceType, outcome.parameter, outcome.values, outcome.reason);
        return addQueries(m_planner->perValue(query, outcome.parameter, outcome.values));
    });
}

// `replaced` stops as cancelled with `warning` and `replacements` (which
// write what the source learnt, fact by fact) run in its place, all in one
// transaction.
void PullRunner::replaceQuery(const PullQuery &replaced, const QString &warning,
                              const std::function<QList<PullQuery>()> &replacements) {
    const Database &db = *m_context.database;
    QList<PullQuery> next;
    {
        Transaction transaction(db);
        m_pulls->recordQueryWarning(replaced.id, warning, 0);
        m_pulls->setQueryStatus(replaced.id, QueryStatus::Cancelled);
        m_queries[replaced.id].status = QueryStatus::Cancelled;
        next = replacements();
        transaction.commit();
    }
    continueWith(replaced.id, next);
}

void PullRunner::storePage(const PullQuery &query, const FhirResult &result) {
    // $everything pages hold every type of the record.
    const BundlePage page = BundleParser::parsePage(
        result.body, query.kind == QueryKind::Everything ? QString() : query.resourceType);
    if (!page.ok()) {
        // A truncated or garbled page may come whole next time.
        queryFailed(query, result.httpStatus,
                    storedError(QStringLiteral("page.unreadable"), {page.error.message()}), true);
        return;
    }
    // Notes on the query: the portal's OperationOutcome entries (warnings,
    // never stored as resources) and what was not stored under this patient.
    QStringList notes;
    if (!page.warnings.isEmpty())
        notes << storedError(QStringLiteral("page.outcome"),
                             {page.warnings.join(QStringLiteral("; "))});
    QList<IncomingResource> incoming;
    incoming.reserve(page.resources.size());
    for (const ParsedResource &resource : page.resources) {
        if (resource.resourceType == QLatin1String("Patient") &&
            !acceptPatient(query, resource.id, notes))
            continue;
        incoming.append({resource.resourceType, resource.id, resource.raw});
    }

    const Database &db = *m_context.database;
    PullRepository &pulls = *m_pulls;
    PullQuery &known = m_queries[query.id];
    QSet<QString> &seen = m_seenPages[query.id];
    seen.insert(query.url);
    seen.insert(query.nextUrl);
    // A next link already fetched (a loop) or past the page cap ends the
    // query failed with what it stored so far; asking again would repeat it.
    const QString pagingProblem =
        OutcomeClassifier::pagingProblem(seen, page.nextUrl, query.pages + 1, m_context.pageCap);
    const QString nextUrl = pagingProblem.isEmpty() ? page.nextUrl : QString();
    const bool last = nextUrl.isEmpty();
    const bool invalidEarlier =
        ErrorCode::decode(known.error).code == QLatin1String("page.invalidEntries");
    QList<PullQuery> reads;
    {
        Transaction transaction(db);
        const ResourceCounts counts =
            m_context.resources->store(m_connection.id, m_pull.id, incoming);
        if (!page.entryErrors.isEmpty()) {
            const EntryError &first = page.entryErrors.first();
            known.error = storedError(QStringLiteral("page.invalidEntries"),
                                      {QString::number(page.entryErrors.size()),
                                       QString::number(first.index), first.message});
            pulls.recordQueryWarning(query.id, known.error, page.entryErrors.size());
        } else if (!notes.isEmpty() && !invalidEarlier) {
            known.error = notes.first();
            pulls.recordQueryWarning(query.id, known.error, 0);
        }
        const bool invalid = invalidEarlier || !page.entryErrors.isEmpty();
        // The last page settles the query in the same transaction. A query
        // that skipped invalid resources did not get everything: it ends
        // failed, with no automatic retry (the source's data is what is wrong).
        QueryStatus status = QueryStatus::Running;
        if (last)
            status =
                invalid || !pagingProblem.isEmpty() ? QueryStatus::Failed : QueryStatus::Succeeded;
        pulls.checkpoint(query.id, nextUrl, counts, status, m_context.leaseOwner);
        if (!pagingProblem.isEmpty()) {
            known.error = pagingProblem;
            pulls.recordQueryError(query.id, result.httpStatus, pagingProblem, {});
        }
        if (last && status == QueryStatus::Succeeded) {
            if (known.kind == QueryKind::Search)
                SourceCapabilityRepository(db).forgetUnavailable(m_connection.id,
                                                                 QueryPlanner::queryKey(known));
            else if (known.kind == QueryKind::Everything && m_everythingRefusals > 0)
                SourceCapabilityRepository(db).forgetEverythingRefusals(m_source.id);
        }
        if (last && known.kind == PullQuery::Kind::Lookup)
            reads = addQueries(readsForUnanswered(known));
        transaction.commit();
        m_pull.pages += 1;
        m_pull.counts += counts;
        known.pages += 1;
        known.nextUrl = nextUrl;
        known.status = status;
    }
    for (const IncomingResource &resource : incoming)
        collectReferences(resource.content);
    emitProgress(page.resources.isEmpty() ? query.resourceType
                                          : page.resources.last().resourceType);

    if (!last) {
        m_running.remove(query.id);
        fetch(known);
        return;
    }
    continueWith(query.id, reads);
}

// Whether a Patient resource a query returned is this patient's. The
// portal's Patient may carry another id than the token's `patient` (the
// pull searches with the token's and stores the Patient as returned, noting
// both); any other Patient is someone else's and never stored under this
// patient.
bool PullRunner::acceptPatient(const PullQuery &query, const QString &id, QStringList &notes) {
    if (m_patientIds.contains(id))
        return true;
    const bool ownRecord =
        query.kind == QueryKind::Everything || (query.kind == QueryKind::Read && query.depth == 0);
    if (ownRecord && m_patientIds.size() == 1) {
        m_patientIds.insert(id);
        notes << storedError(QStringLiteral("patient.idDiffers"), {m_connection.fhirPatientId, id});
        return true;
    }
    notes << storedError(QStringLiteral("patient.other"), {id});
    return false;
}

// The portal refused $everything: this pull searches each type instead. The
// source turns $everything off only on a definite refusal, or one repeated
// by another pull; a passing 400/403/404 does not.
void PullRunner::searchPerType(const PullQuery &everything, const QueryOutcome &outcome) {
    const Database &db = *m_context.database;
    replaceQuery(everything, outcome.reason, [&] {
        SourceCapabilityRepository(db).recordEverythingRefused(m_source.id, outcome.definite,
                                                               outcome.reason);
        return addQueries(m_planner->typeSearches());
    });
}

// Remember for this source that the type is read by id, and read this
// lookup's ids one by one.
void PullRunner::readOneByOne(const PullQuery &lookup, const QueryOutcome &outcome) {
    const Database &db = *m_context.database;
    m_source.idSearchTypes.removeAll(lookup.resourceType);
    replaceQuery(lookup, outcome.reason, [&] {
        SourceCapabilityRepository(db).recordIdSearchRefused(m_source.id, lookup.resourceType,
                                                             outcome.reason);
        QList<PullQuery> reads;
        for (const QString &id : QueryPlanner::lookupIds(lookup))
            reads.append(m_planner->referenceQuery(lookup.resourceType, QueryKind::Read, {id},
                                                   lookup.depth));
        return addQueries(reads);
    });
}

// A lookup answers only for the ids that exist; the others are read one by
// one so that a missing resource shows as a read of it would.
QList<PullQuery> PullRunner::readsForUnanswered(const PullQuery &lookup) {
    QList<std::pair<QString, QString>> keys;
    for (const QString &id : QueryPlanner::lookupIds(lookup))
        keys.append({lookup.resourceType, id});
    QList<PullQuery> reads;
    for (const auto &[type, id] : m_context.resources->missing(m_connection.id, keys))
        reads.append(m_planner->referenceQuery(type, QueryKind::Read, {id}, lookup.depth));
    return reads;
}

void PullRunner::storeRead(const PullQuery &query, const FhirResult &result) {
    ResourceParseResult parsed;
    if (query.resourceType == QLatin1String("Binary") && isRawBody(result)) {
        // The portal answered an attachment with its raw bytes (a PDF, C-CDA
        // XML): kept as the Binary resource it stands for.
        const QString relative = UrlRules::relativeToBase(m_source.fhirBase, QUrl(query.url));
        ResourceRef ref;
        parsed.resource.resourceType = query.resourceType;
        parsed.resource.id = ReferenceCollector::parseRelative(relative, ref)
                                 ? ref.id
                                 : ReferenceCollector::binaryIdFor(QUrl(query.url));
        parsed.resource.raw = rawBinary(parsed.resource.id, result);
    } else {
        parsed = BundleParser::parseResource(result.body, query.resourceType);
    }
    if (!parsed.ok()) {
        queryFailed(query, result.httpStatus,
                    storedError(QStringLiteral("read.invalid"), {parsed.error.message()}), false);
        return;
    }
    QStringList notes;
    bool store = parsed.resource.resourceType != QLatin1String("Patient") ||
                 acceptPatient(query, parsed.resource.id, notes);
    // A referenced resource in another patient's compartment is never
    // stored under this patient.
    const QString owner = query.depth > 0 ? patientOf(parsed.resource.raw) : QString();
    if (store && !owner.isEmpty() && !m_patientIds.contains(owner)) {
        store = false;
        notes << storedError(
            QStringLiteral("reference.otherPatient"),
            {parsed.resource.resourceType + QLatin1Char('/') + parsed.resource.id});
    }
    Transaction transaction(*m_context.database);
    const ResourceCounts counts =
        store ? m_context.resources->store(
                    m_connection.id, m_pull.id,
                    {{parsed.resource.resourceType, parsed.resource.id, parsed.resource.raw}})
              : ResourceCounts{};
    if (!notes.isEmpty()) {
        m_pulls->recordQueryWarning(query.id, notes.first(), 0);
        m_queries[query.id].error = notes.first();
    }
    m_pulls->checkpoint(query.id, {}, counts, QueryStatus::Succeeded, m_context.leaseOwner);
    transaction.commit();
    m_queries[query.id].status = QueryStatus::Succeeded;
    m_pull.pages += 1;
    m_pull.counts += counts;
    if (store)
        collectReferences(parsed.resource.raw);
    emitProgress(query.resourceType);
    m_running.remove(query.id);
    queryFinished();
}

void PullRunner::queryFailed(const PullQuery &query, int httpStatus, const QString &error,
                             bool transient, const QDateTime &notBefore) {
    QDateTime next =
        transient ? m_context.retry.nextAttempt(query.attempts + 1, QDateTime::currentDateTimeUtc())
                  : QDateTime();
    if (next.isValid() && notBefore > next)
        next = notBefore;
    m_pulls->recordQueryError(query.id, httpStatus, error, next);
    PullQuery &known = m_queries[query.id];
    known.status = QueryStatus::Failed;
    known.attempts += 1;
    known.error = error;
    m_running.remove(query.id);
    queryFinished();
}

// The portal's answer that this connection cannot have what the query asks:
// not a failure. A search is remembered for the connection, so incremental
// pulls do not ask again (a full pull re-checks).
void PullRunner::queryNotAvailable(const PullQuery &query, const QString &reason) {
    {
        Transaction transaction(*m_context.database);
        m_pulls->recordQueryWarning(query.id, reason, 0);
        m_pulls->setQueryStatus(query.id, QueryStatus::NotAvailable);
        if (query.kind == QueryKind::Search)
            SourceCapabilityRepository(*m_context.database)
                .recordUnavailable(m_connection.id, m_pull.id,
                                   {QueryPlanner::queryKey(query), query.resourceType, reason});
        transaction.commit();
    }
    PullQuery &known = m_queries[query.id];
    known.status = QueryStatus::NotAvailable;
    known.error = reason;
    m_running.remove(query.id);
    queryFinished();
}

// `done` is finished or replaced; `next` (possibly none) takes its place.
void PullRunner::continueWith(qint64 done, const QList<PullQuery> &next) {
    for (const PullQuery &query : next)
        fetch(query);
    m_running.remove(done);
    queryFinished();
}

void PullRunner::queryFinished() {
    if (m_running.isEmpty() && !m_stopped)
        guarded([this] { followReferences(); });
}

void PullRunner::followReferences() {
    const Database &db = *m_context.database;
    PullRepository pulls(db);
    if (m_depth >= m_context.maxReferenceDepth) {
        settle();
        return;
    }
    // Read URLs of what this pull already asked for, by read or lookup, and
    // references it already noted.
    QSet<QString> queried;
    for (const PullQuery &query : std::as_const(m_queries)) {
        if (query.kind == PullQuery::Kind::Read) {
            queried.insert(query.url);
        } else if (query.kind == PullQuery::Kind::Lookup) {
            for (const QString &id : QueryPlanner::lookupIds(query))
                queried.insert(m_planner->readUrl(query.resourceType, id));
        }
    }
    if (!m_referencesComplete) {
        m_context.resources->forEachChangedInPull(m_pull.id, [&](const StoredResource &resource) {
            if (resource.connectionId == m_connection.id)
                collectReferences(resource.content);
        });
        m_referencesComplete = true;
    }
    QList<std::pair<QString, QString>> keys;
    // Notes instead of reads: a reference to another server is never
    // followed with the token, and another patient's record is never stored
    // under this one.
    QList<std::pair<PullQuery, QString>> notes;
    for (const ResourceRef &ref : std::as_const(m_references)) {
        if (ref.resourceType == QLatin1String("Patient") && !m_patientIds.contains(ref.id)) {
            PullQuery note =
                m_planner->referenceQuery(ref.resourceType, QueryKind::Read, {ref.id}, m_depth + 1);
            if (!queried.contains(note.url))
                notes.append(
                    {note, storedError(QStringLiteral("reference.otherPatient"), {ref.path()})});
            continue;
        }
        keys.append({ref.resourceType, ref.id});
    }
    // Raw attachments off the FHIR base are stored as Binaries whose id is
    // derived from their URL.
    QHash<QString, QString> attachmentUrls;
    for (const QString &url : std::as_const(m_attachments)) {
        if (queried.contains(url))
            continue;
        const QString id = ReferenceCollector::binaryIdFor(QUrl(url));
        attachmentUrls.insert(id, url);
        keys.append({QStringLiteral("Binary"), id});
    }
    std::sort(keys.begin(), keys.end());

    QList<PullQuery> reads;
    QMap<QString, QStringList> lookups;
    for (const auto &[type, id] : m_context.resources->missing(m_connection.id, keys)) {
        if (type == QLatin1String("Binary") && attachmentUrls.contains(id)) {
            PullQuery attachment;
            attachment.pullId = m_pull.id;
            attachment.resourceType = type;
            attachment.kind = QueryKind::Read;
            attachment.depth = m_depth + 1;
            attachment.status = QueryStatus::Running;
            attachment.url = attachmentUrls.value(id);
            reads.append(attachment);
            continue;
        }
        if (queried.contains(m_planner->readUrl(type, id)))
            continue;
        if (m_source.idSearchTypes.contains(type))
            lookups[type].append(id);
        else
            reads.append(m_planner->referenceQuery(type, QueryKind::Read, {id}, m_depth + 1));
    }
    const int batch = std::max(1, m_context.lookupBatchSize);
    for (auto it = lookups.cbegin(); it != lookups.cend(); ++it) {
        for (qsizetype at = 0; at < it.value().size(); at += batch)
            reads.append(m_planner->referenceQuery(it.key(), QueryKind::Lookup,
                                                   it.value().mid(at, batch), m_depth + 1));
    }
    for (auto it = m_rejectedReferences.cbegin(); it != m_rejectedReferences.cend(); ++it) {
        if (queried.contains(it.key()))
            continue;
        PullQuery note;
        note.pullId = m_pull.id;
        note.resourceType = typeOfUrl(it.key());
        note.kind = PullQuery::Kind::Read;
        note.depth = m_depth + 1;
        note.url = it.key();
        notes.append({note, it.value()});
    }
    if (reads.isEmpty() && notes.isEmpty()) {
        settle();
        return;
    }
    ++m_depth;
    {
        Transaction transaction(db);
        reads = addQueries(reads);
        for (auto &[note, reason] : notes) {
            note.status = QueryStatus::NotAvailable;
            note.error = reason;
            addQueries({note});
        }
        transaction.commit();
    }
    if (reads.isEmpty()) {
        settle();
        return;
    }
    for (const PullQuery &read : std::as_const(reads))
        fetch(read);
}

void PullRunner::settle() {
    const Database &db = *m_context.database;
    PullRepository pulls(db);
    ConnectionRepository connections(db);
    const QList<PullQuery> queries = pulls.queries(m_pull.id);
    int failed = 0;
    int succeeded = 0;
    bool retryable = false;
    QString firstError;
    QMap<QString, bool> searchComplete;
    int notes = 0;
    for (const PullQuery &query : queries) {
        // Not available (the portal's answer), and errors kept on a query
        // that succeeded, are notes: the pull still succeeds.
        if (query.status == QueryStatus::NotAvailable ||
            (query.status == QueryStatus::Succeeded && !query.error.isEmpty()))
            ++notes;
        if (query.status == QueryStatus::Failed) {
            ++failed;
            retryable = retryable || query.nextAttemptAt.isValid();
            if (firstError.isEmpty())
                firstError = storedError(QStringLiteral("pull.queryFailed"),
                                         {query.resourceType.isEmpty() ? QStringLiteral("reference")
                                                                       : query.resourceType,
                                          query.error});
        } else if (query.status == QueryStatus::Succeeded) {
            ++succeeded;
        }
        // A replaced query (per category, per type) says nothing either way.
        if (query.status == QueryStatus::Cancelled)
            continue;
        const bool complete = query.status == QueryStatus::Succeeded;
        if (query.kind == QueryKind::Search) {
            searchComplete[query.resourceType] =
                searchComplete.value(query.resourceType, true) && complete;
        } else if (query.kind == QueryKind::Everything) {
            // The whole record: complete for every type a search would cover.
            for (const QString &type : m_planner->searchedTypes())
                searchComplete[type] = searchComplete.value(type, true) && complete;
        }
    }
    const bool revoked = m_tokens && m_tokens->isRevoked();
    PullStatus status = PullStatus::Succeeded;
    std::optional<FailureKind> failure;
    if (revoked) {
        status = m_pull.counts.total() > 0 ? PullStatus::Partial : PullStatus::Failed;
        failure = FailureKind::TokenRefreshFailed;
        firstError = storedError(QStringLiteral("pull.refreshRefused"));
    } else if (failed > 0) {
        // `failed` only when nothing at all could be fetched.
        status =
            succeeded > 0 || m_pull.counts.total() > 0 ? PullStatus::Partial : PullStatus::Failed;
        failure = FailureKind::RetrievalError;
    } else if (notes > 0) {
        firstError =
            storedError(QStringLiteral("pull.succeededWithNotes"), {QString::number(notes)});
    }

    {
        Transaction transaction(db);
        // Only a complete full search can tell that a resource is gone.
        if (m_pull.full && !revoked) {
            QStringList complete;
            for (auto it = searchComplete.cbegin(); it != searchComplete.cend(); ++it) {
                if (it.value())
                    complete.append(it.key());
            }
            m_context.resources->markUnseenDeleted(m_connection.id, complete, m_pull.id);
        }
        pulls.settle(m_pull.id, status, failure, firstError, m_context.leaseOwner);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (status == PullStatus::Succeeded)
            connections.recordSuccessfulPull(m_connection.id, now, m_pull.full);
        connections.setNextPullAt(m_connection.id, now.addSecs(m_source.pullIntervalSeconds));
        const Connection account =
            AccountFailures(db, m_context.retry).pullSettled(*pulls.get(m_pull.id), retryable);
        EventOutbox::pullSettled(db, m_pull.id, account.retryAt.isValid());
        transaction.commit();
    }
    m_heartbeat.stop();
    m_stopped = true;
    emit connectionChanged(*connections.get(m_connection.id));
    emit settled(*pulls.get(m_pull.id));
}

// Resources at the last depth are not followed further.
void PullRunner::collectReferences(const QByteArray &rawResource) {
    if (m_depth >= m_context.maxReferenceDepth)
        return;
    const CollectedReferences refs = m_collector->collect(rawResource);
    for (const ResourceRef &ref : refs.refs)
        m_references.insert(ref);
    for (const RejectedReference &bad : refs.rejected)
        m_rejectedReferences.insert(bad.url, bad.reason);
    for (const AttachmentRef &attachment : refs.attachments)
        m_attachments.insert(attachment.url.toString(QUrl::FullyEncoded));
}

void PullRunner::emitProgress(const QString &resourceType) {
    PullProgress progress;
    progress.pullId = m_pull.id;
    progress.connectionId = m_connection.id;
    progress.patientId = m_connection.patientId;
    progress.pages = m_pull.pages;
    progress.resources = m_pull.counts.total();
    progress.currentResourceType = resourceType;
    for (const PullQuery &query : std::as_const(m_queries)) {
        // A query replaced by others (per category, per type) is not work.
        if (query.status == QueryStatus::Cancelled)
            continue;
        ++progress.queriesTotal;
        if (query.status != QueryStatus::Pending && query.status != QueryStatus::Running)
            ++progress.queriesDone;
    }
    emit this->progress(progress);
}

void PullRunner::heartbeat() {
    bool kept = false;
    if (!guarded([&] {
            kept = PullRepository(*m_context.database)
                       .heartbeat(m_pull.id, m_context.leaseOwner, m_context.leaseSeconds);
        })) {
        return;
    }
    if (!kept)
        stop(QStringLiteral("another engine took the pull over"));
}

void PullRunner::abandon() {
    if (m_stopped)
        return;
    guarded([this] {
        PullRepository(*m_context.database).releaseLease(m_pull.id, m_context.leaseOwner);
    });
    stop(QStringLiteral("engine stopping"));
}

void PullRunner::stop(const QString &reason) {
    if (m_stopped)
        return;
    m_stopped = true;
    m_heartbeat.stop();
    if (m_client)
        m_client->abortAll();
    emit stopped(reason);
}

} // namespace medpull
