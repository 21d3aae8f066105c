#include "pullrunner.h"

#include "authevent.h"
#include "autheventrepository.h"
#include "bundleparser.h"
#include "connectionrepository.h"
#include "connectiontokens.h"
#include "database.h"
#include "eventoutbox.h"
#include "fhirclient.h"
#include "pullrepository.h"
#include "referencecollector.h"
#include "resourcerepository.h"
#include "sourcerepository.h"
#include "storeerror.h"
#include "tokenrepository.h"
#include "tokenvault.h"
#include "transaction.h"

#include <QUrlQuery>

namespace medpull {

namespace {

// Refresh an access token this long before it expires.
constexpr int refreshMarginSeconds = 120;
// An incremental pull asks for changes since the last pull minus this much,
// so clock skew between portal and engine loses nothing.
constexpr int lastUpdatedMarginSeconds = 300;

// The ids a lookup query asks for.
QStringList lookupIds(const PullQuery &query) {
    return QUrlQuery(QUrl(query.url))
        .queryItemValue(QStringLiteral("_id"), QUrl::FullyDecoded)
        .split(QLatin1Char(','), Qt::SkipEmptyParts);
}

QString describe(const FhirResult &result) {
    QString text = result.error;
    if (!result.outcomeText.isEmpty() && !text.contains(result.outcomeText))
        text += QStringLiteral(": ") + result.outcomeText;
    return text;
}

} // namespace

QStringList PullRunner::observationCategories() {
    // US Core Observation categories, for portals (like Epic) that refuse an
    // Observation search without one.
    return {QStringLiteral("vital-signs"),    QStringLiteral("laboratory"),
            QStringLiteral("social-history"), QStringLiteral("survey"),
            QStringLiteral("exam"),           QStringLiteral("imaging"),
            QStringLiteral("procedure"),      QStringLiteral("therapy"),
            QStringLiteral("activity"),       QStringLiteral("sdoh")};
}

QSet<QString> PullRunner::referenceOnlyTypes() {
    return {QStringLiteral("Patient"),      QStringLiteral("Medication"),
            QStringLiteral("Practitioner"), QStringLiteral("PractitionerRole"),
            QStringLiteral("Organization"), QStringLiteral("Location"),
            QStringLiteral("Binary")};
}

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
                                      QStringLiteral("the account is not active"));
            emit settled(*PullRepository(db).get(m_pull.id));
            m_stopped = true;
            return;
        }
        m_connection = *connection;
        m_source = *source;

        const auto record = TokenRepository(db).get(m_connection.id);
        QString error = QStringLiteral("no stored tokens");
        std::optional<TokenSet> tokens;
        if (record)
            tokens =
                m_context.vault->unseal({record->ciphertext, record->nonce, record->keyId}, &error);
        if (!tokens) {
            Transaction transaction(db);
            ConnectionRepository(db).setState(m_connection.id, ConnectionState::RefreshFailed,
                                              FailureKind::TokenRefreshFailed, error);
            EventOutbox::record(db, EventType::ConnectionTokenRefreshFailed, m_connection.id);
            transaction.commit();
            AuthEvent event;
            event.connectionId = m_connection.id;
            event.type = AuthEventType::RefreshFailed;
            event.outcome = AuthOutcome::Failure;
            event.detail = QStringLiteral("stored tokens unusable: ") + error;
            emit authEvent(AuthEventRepository(db).add(event));
            emit connectionChanged(*ConnectionRepository(db).get(m_connection.id));
            PullRepository(db).settle(m_pull.id, PullStatus::Failed,
                                      FailureKind::TokenRefreshFailed, event.detail);
            emit settled(*PullRepository(db).get(m_pull.id));
            m_stopped = true;
            return;
        }
        m_tokens = std::make_unique<ConnectionTokens>(db, *m_context.vault, m_context.tokenClient,
                                                      m_source, m_connection.id, *tokens);
        connect(m_tokens.get(), &ConnectionTokens::authEvent, this, &PullRunner::authEvent);
        connect(m_tokens.get(), &ConnectionTokens::revoked, this, [this] {
            emit connectionChanged(*ConnectionRepository(*m_context.database).get(m_connection.id));
        });
        FhirClient::Options options;
        options.fhirBase = m_source.fhirBase;
        options.transferTimeoutMs = m_context.transferTimeoutMs;
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
    if (m_source.patientEverything) {
        QUrlQuery parameters;
        parameters.addQueryItem(QStringLiteral("_count"), QString::number(m_context.pageSize));
        if (!m_pull.full && !since().isEmpty())
            parameters.addQueryItem(QStringLiteral("_since"), since());
        PullQuery everything;
        everything.pullId = m_pull.id;
        everything.resourceType = QStringLiteral("Patient");
        everything.kind = QueryKind::Everything;
        everything.status = QueryStatus::Running;
        everything.url =
            m_client
                ->urlFor(QStringLiteral("Patient/%1/$everything").arg(m_connection.fhirPatientId),
                         parameters)
                .toString(QUrl::FullyEncoded);
        m_pulls->addQuery(everything);
    } else {
        addTypeSearches();
    }
    transaction.commit();
}

// The `_lastUpdated` / `_since` value of an incremental pull, or empty.
QString PullRunner::since() const {
    return m_pull.since.isValid()
               ? m_pull.since.addSecs(-lastUpdatedMarginSeconds).toString(Qt::ISODate)
               : QString();
}

// A read of the Patient and a search per supported type (Observation per
// category where the portal insists), written as running.
QList<PullQuery> PullRunner::addTypeSearches() {
    QList<PullQuery> added;
    auto addSearch = [&](const QString &type, QUrlQuery query) {
        query.addQueryItem(QStringLiteral("patient"), m_connection.fhirPatientId);
        query.addQueryItem(QStringLiteral("_count"), QString::number(m_context.pageSize));
        if (!m_pull.full && !since().isEmpty() && m_source.incrementalTypes.contains(type))
            query.addQueryItem(QStringLiteral("_lastUpdated"), QStringLiteral("ge") + since());
        PullQuery q;
        q.pullId = m_pull.id;
        q.resourceType = type;
        q.status = QueryStatus::Running;
        q.url = m_client->urlFor(type, query).toString(QUrl::FullyEncoded);
        added.append(m_pulls->addQuery(q));
    };
    added.append(m_pulls->addQuery(referenceQuery(QStringLiteral("Patient"), QueryKind::Read,
                                                  {m_connection.fhirPatientId}, 0)));
    for (const QString &type : searchedTypes()) {
        if (m_source.perCategoryTypes.contains(type)) {
            for (const QString &category : observationCategories()) {
                QUrlQuery query;
                query.addQueryItem(QStringLiteral("category"), category);
                addSearch(type, query);
            }
        } else {
            addSearch(type, {});
        }
    }
    return added;
}

// The source's types a pull searches (the others are only referenced).
QStringList PullRunner::searchedTypes() const {
    const QSet<QString> readOnly = referenceOnlyTypes();
    QStringList types;
    for (const QString &type : m_source.resourceTypes) {
        if (!readOnly.contains(type))
            types.append(type);
    }
    return types;
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
    FhirRequest *request = m_client->get(QUrl(query.nextUrl, QUrl::StrictMode));
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
    switch (result.errorKind) {
    case FhirErrorKind::Cancelled:
        m_running.remove(queryId);
        return;
    case FhirErrorKind::Network:
    case FhirErrorKind::Timeout:
        guarded([&] { queryFailed(*query, 0, describe(result), true); });
        return;
    case FhirErrorKind::Http: {
        if (result.httpStatus == 400 && needsCategory(*query)) {
            guarded([&] { searchPerCategory(*query); });
            return;
        }
        if (refused(*query, QueryKind::Lookup, result)) {
            guarded([&] { readOneByOne(*query, result); });
            return;
        }
        if (refused(*query, QueryKind::Everything, result)) {
            guarded([&] { searchPerType(*query, result); });
            return;
        }
        const bool transient = result.httpStatus == 429 || result.httpStatus >= 500;
        guarded([&] { queryFailed(*query, result.httpStatus, describe(result), transient); });
        return;
    }
    case FhirErrorKind::Origin:
    case FhirErrorKind::Auth:
    case FhirErrorKind::Parse:
    case FhirErrorKind::None:
        guarded([&] { queryFailed(*query, result.httpStatus, describe(result), false); });
        return;
    }
}

bool PullRunner::needsCategory(const PullQuery &query) const {
    return query.kind == PullQuery::Kind::Search && query.pages == 0 &&
           query.resourceType == QLatin1String("Observation") &&
           !QUrlQuery(QUrl(query.url)).hasQueryItem(QStringLiteral("category")) &&
           !m_source.perCategoryTypes.contains(query.resourceType);
}

// The portal refused a search without a category (as Epic does for
// Observation): remember that for this source, and search per category.
void PullRunner::searchPerCategory(const PullQuery &query) {
    m_source.perCategoryTypes.append(query.resourceType);
    replaceQuery(query, tr("the portal requires a category; searched per category"), [&] {
        QList<PullQuery> replacements;
        const QUrl original(query.url);
        for (const QString &category : observationCategories()) {
            QUrlQuery parameters(original);
            parameters.addQueryItem(QStringLiteral("category"), category);
            QUrl url = original;
            url.setQuery(parameters);
            PullQuery replacement;
            replacement.pullId = m_pull.id;
            replacement.resourceType = query.resourceType;
            replacement.status = QueryStatus::Running;
            replacement.url = url.toString(QUrl::FullyEncoded);
            replacements.append(m_pulls->addQuery(replacement));
        }
        return replacements;
    });
}

// `replaced` stops as cancelled with `warning`; what the source learnt (the
// caller changed m_source) is saved and `replacements` run in its place, all
// in one transaction.
void PullRunner::replaceQuery(const PullQuery &replaced, const QString &warning,
                              const std::function<QList<PullQuery>()> &replacements) {
    const Database &db = *m_context.database;
    QList<PullQuery> next;
    {
        Transaction transaction(db);
        SourceRepository(db).update(m_source);
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
                    QStringLiteral("unreadable page: %1").arg(page.error.message()), true);
        return;
    }
    QList<IncomingResource> incoming;
    incoming.reserve(page.resources.size());
    for (const ParsedResource &resource : page.resources)
        incoming.append({resource.resourceType, resource.id, resource.raw});

    const Database &db = *m_context.database;
    PullRepository &pulls = *m_pulls;
    PullQuery &known = m_queries[query.id];
    const bool last = page.nextUrl.isEmpty();
    QList<PullQuery> reads;
    {
        Transaction transaction(db);
        const ResourceCounts counts =
            m_context.resources->store(m_connection.id, m_pull.id, incoming);
        if (!page.entryErrors.isEmpty()) {
            const EntryError &first = page.entryErrors.first();
            known.error = tr("%n invalid resource(s) skipped; first: entry %1: %2", nullptr,
                             int(page.entryErrors.size()))
                              .arg(first.index)
                              .arg(first.message);
            pulls.recordQueryWarning(query.id, known.error, page.entryErrors.size());
        }
        // The last page settles the query in the same transaction. A query
        // that skipped invalid resources did not get everything: it ends
        // failed, with no automatic retry (the source's data is what is wrong).
        QueryStatus status = QueryStatus::Running;
        if (last)
            status = known.error.isEmpty() ? QueryStatus::Succeeded : QueryStatus::Failed;
        pulls.checkpoint(query.id, page.nextUrl, counts, status);
        if (last && known.kind == PullQuery::Kind::Lookup)
            reads = readsForUnanswered(known);
        transaction.commit();
        m_pull.pages += 1;
        m_pull.counts += counts;
        known.pages += 1;
        known.nextUrl = page.nextUrl;
        known.status = status;
    }
    for (const ParsedResource &resource : page.resources)
        collectReferences(resource.raw);
    emitProgress(page.resources.isEmpty() ? query.resourceType
                                          : page.resources.last().resourceType);

    if (!last) {
        m_running.remove(query.id);
        fetch(known);
        return;
    }
    continueWith(query.id, reads);
}

// A portal that advertises $everything or an `_id` search but refuses it (or
// no longer offers it) answers the first page with one of these.
bool PullRunner::refused(const PullQuery &query, QueryKind kind, const FhirResult &result) {
    static const QSet<int> refusals{400, 403, 404, 405, 501};
    return query.kind == kind && query.pages == 0 && refusals.contains(result.httpStatus);
}

// Remember for this source that it has no usable $everything, and search
// each type instead.
void PullRunner::searchPerType(const PullQuery &everything, const FhirResult &result) {
    m_source.patientEverything = false;
    replaceQuery(
        everything,
        tr("the portal refused $everything (%1); searched each type").arg(describe(result)),
        [this] { return addTypeSearches(); });
}

// Remember for this source that the type is read by id, and read this
// lookup's ids one by one.
void PullRunner::readOneByOne(const PullQuery &lookup, const FhirResult &result) {
    m_source.idSearchTypes.removeAll(lookup.resourceType);
    replaceQuery(
        lookup, tr("the portal refused the _id search (%1); read one by one").arg(describe(result)),
        [&] {
            QList<PullQuery> reads;
            for (const QString &id : lookupIds(lookup))
                reads.append(m_pulls->addQuery(
                    referenceQuery(lookup.resourceType, QueryKind::Read, {id}, lookup.depth)));
            return reads;
        });
}

// A lookup answers only for the ids that exist; the others are read one by
// one so that a missing resource fails as visibly as a read of it would.
QList<PullQuery> PullRunner::readsForUnanswered(const PullQuery &lookup) {
    QList<std::pair<QString, QString>> keys;
    for (const QString &id : lookupIds(lookup))
        keys.append({lookup.resourceType, id});
    QList<PullQuery> reads;
    for (const auto &[type, id] : m_context.resources->missing(m_connection.id, keys))
        reads.append(m_pulls->addQuery(referenceQuery(type, QueryKind::Read, {id}, lookup.depth)));
    return reads;
}

PullQuery PullRunner::referenceQuery(const QString &type, QueryKind kind, const QStringList &ids,
                                     int depth) const {
    PullQuery query;
    query.pullId = m_pull.id;
    query.resourceType = type;
    query.kind = kind;
    query.depth = depth;
    query.status = QueryStatus::Running;
    if (kind == QueryKind::Lookup) {
        QUrlQuery parameters;
        parameters.addQueryItem(QStringLiteral("_id"), ids.join(QLatin1Char(',')));
        parameters.addQueryItem(QStringLiteral("_count"), QString::number(ids.size()));
        query.url = m_client->urlFor(type, parameters).toString(QUrl::FullyEncoded);
    } else {
        query.url = readUrl(type, ids.value(0));
    }
    return query;
}

QString PullRunner::readUrl(const QString &type, const QString &id) const {
    return m_client->urlFor(type + QLatin1Char('/') + id).toString(QUrl::FullyEncoded);
}

void PullRunner::storeRead(const PullQuery &query, const FhirResult &result) {
    const ResourceParseResult parsed = BundleParser::parseResource(result.body, query.resourceType);
    if (!parsed.ok()) {
        queryFailed(query, result.httpStatus,
                    QStringLiteral("invalid resource: %1").arg(parsed.error.message()), false);
        return;
    }
    Transaction transaction(*m_context.database);
    const ResourceCounts counts = m_context.resources->store(
        m_connection.id, m_pull.id,
        {{parsed.resource.resourceType, parsed.resource.id, parsed.resource.raw}});
    m_pulls->checkpoint(query.id, {}, counts, QueryStatus::Succeeded);
    transaction.commit();
    m_queries[query.id].status = QueryStatus::Succeeded;
    m_pull.pages += 1;
    m_pull.counts += counts;
    collectReferences(parsed.resource.raw);
    emitProgress(query.resourceType);
    m_running.remove(query.id);
    queryFinished();
}

void PullRunner::queryFailed(const PullQuery &query, int httpStatus, const QString &error,
                             bool transient) {
    const QDateTime next =
        transient ? m_context.retry.nextAttempt(query.attempts + 1, QDateTime::currentDateTimeUtc())
                  : QDateTime();
    m_pulls->recordQueryError(query.id, httpStatus, error, next);
    PullQuery &known = m_queries[query.id];
    known.status = QueryStatus::Failed;
    known.attempts += 1;
    known.error = error;
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
    // Read URLs of what this pull already asked for, by read or lookup.
    QSet<QString> queried;
    for (const PullQuery &query : std::as_const(m_queries)) {
        if (query.kind == PullQuery::Kind::Read) {
            queried.insert(query.url);
        } else if (query.kind == PullQuery::Kind::Lookup) {
            for (const QString &id : lookupIds(query))
                queried.insert(readUrl(query.resourceType, id));
        }
    }
    if (!m_referencesComplete) {
        m_context.resources->forEachChangedInPull(m_pull.id, [&](const StoredResource &resource) {
            if (resource.connectionId == m_connection.id)
                collectReferences(resource.content);
        });
        m_referencesComplete = true;
    }
    const QMap<QString, QString> &rejected = m_rejectedReferences;
    QList<std::pair<QString, QString>> keys;
    for (const ResourceRef &ref : std::as_const(m_references))
        keys.append({ref.resourceType, ref.id});
    std::sort(keys.begin(), keys.end());

    QList<PullQuery> reads;
    QMap<QString, QStringList> lookups;
    for (const auto &[type, id] : m_context.resources->missing(m_connection.id, keys)) {
        if (queried.contains(readUrl(type, id)))
            continue;
        if (m_source.idSearchTypes.contains(type))
            lookups[type].append(id);
        else
            reads.append(referenceQuery(type, QueryKind::Read, {id}, m_depth + 1));
    }
    const int batch = std::max(1, m_context.lookupBatchSize);
    for (auto it = lookups.cbegin(); it != lookups.cend(); ++it) {
        for (qsizetype at = 0; at < it.value().size(); at += batch)
            reads.append(referenceQuery(it.key(), QueryKind::Lookup, it.value().mid(at, batch),
                                        m_depth + 1));
    }
    QList<std::pair<QString, QString>> refused;
    for (auto it = rejected.cbegin(); it != rejected.cend(); ++it) {
        if (!queried.contains(it.key()))
            refused.append({it.key(), it.value()});
    }
    if (reads.isEmpty() && refused.isEmpty()) {
        settle();
        return;
    }
    ++m_depth;
    {
        Transaction transaction(db);
        for (PullQuery &read : reads)
            read = pulls.addQuery(read);
        // A reference to another origin is never fetched with the token; it
        // stays visible as a failed query of its own.
        for (const auto &[url, reason] : refused) {
            PullQuery bad;
            bad.pullId = m_pull.id;
            bad.kind = PullQuery::Kind::Read;
            bad.depth = m_depth;
            bad.url = url;
            bad.status = QueryStatus::Failed;
            bad = pulls.addQuery(bad);
            m_queries.insert(bad.id, bad);
            pulls.recordQueryError(bad.id, 0,
                                   QStringLiteral("reference not followed: %1").arg(reason), {});
        }
        transaction.commit();
    }
    if (reads.isEmpty()) {
        settle();
        return;
    }
    for (const PullQuery &read : reads)
        fetch(read);
}

void PullRunner::settle() {
    const Database &db = *m_context.database;
    PullRepository pulls(db);
    ConnectionRepository connections(db);
    const QList<PullQuery> queries = pulls.queries(m_pull.id);
    int failed = 0;
    int succeeded = 0;
    QString firstError;
    QMap<QString, bool> searchComplete;
    for (const PullQuery &query : queries) {
        if (query.status == QueryStatus::Failed) {
            ++failed;
            if (firstError.isEmpty())
                firstError = QStringLiteral("%1: %2").arg(
                    query.resourceType.isEmpty() ? QStringLiteral("reference") : query.resourceType,
                    query.error);
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
            for (const QString &type : searchedTypes())
                searchComplete[type] = searchComplete.value(type, true) && complete;
        }
    }
    const bool revoked = m_tokens && m_tokens->isRevoked();
    PullStatus status = PullStatus::Succeeded;
    std::optional<FailureKind> failure;
    if (revoked) {
        status = m_pull.counts.total() > 0 ? PullStatus::Partial : PullStatus::Failed;
        failure = FailureKind::TokenRefreshFailed;
        firstError = QStringLiteral("the portal refused the refresh token; ask the patient to "
                                    "reconnect");
    } else if (failed > 0) {
        // `failed` only when nothing at all could be fetched.
        status =
            succeeded > 0 || m_pull.counts.total() > 0 ? PullStatus::Partial : PullStatus::Failed;
        failure = FailureKind::RetrievalError;
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
        pulls.settle(m_pull.id, status, failure, firstError);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (status == PullStatus::Succeeded)
            connections.recordSuccessfulPull(m_connection.id, now, m_pull.full);
        connections.setNextPullAt(m_connection.id, now.addSecs(m_source.pullIntervalSeconds));
        EventOutbox::pullSettled(db, m_pull.id);
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
}

void PullRunner::emitProgress(const QString &resourceType) {
    PullProgress progress;
    progress.pullId = m_pull.id;
    progress.connectionId = m_connection.id;
    progress.patientId = m_connection.patientId;
    progress.pages = m_pull.pages;
    progress.resources = m_pull.counts.total();
    progress.currentResourceType = resourceType;
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
