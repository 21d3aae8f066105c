// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The engine against the sandbox portals over real HTTP: connect, pull,
// re-pull, partial pulls, revoked refresh tokens. Every check compares what
// landed in the database with what the sandbox says a complete pull holds.
#include "autheventrepository.h"
#include "connectionrepository.h"
#include "database.h"
#include "deliveryrepository.h"
#include "democonfig.h"
#include "demoseeder.h"
#include "destinationrepository.h"
#include "engine.h"
#include "errorcode.h"
#include "pullrepository.h"
#include "pullrunner.h"
#include "queryplanner.h"
#include "resourcerepository.h"
#include "sandboxhost.h"
#include "sourcecapabilityrepository.h"
#include "sourcerepository.h"
#include "testsupport.h"
#include "transaction.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace medpull;
using namespace medpull::test;

namespace {

QJsonDocument adminRequest(const QUrl &url, const QByteArray &method = "GET",
                           const QByteArray &body = {}) {
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    QNetworkReply *reply = network.sendCustomRequest(request, method, body);
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(10000);
    const QJsonDocument document = QJsonDocument::fromJson(reply->readAll());
    delete reply;
    return document;
}

struct Harness {
    QTemporaryDir dir;
    SandboxHost sandbox;
    std::unique_ptr<Engine> engine;

    explicit Harness(SandboxOptions options, Backend backend = Backend::Sqlite,
                     int requestTimeoutMs = 30000, int pullWorkers = 0)
        : sandbox(std::move(options)) {
        QString error;
        if (!sandbox.start(&error))
            qFatal("sandbox: %s", qPrintable(error));
        EngineOptions engineOptions;
        engineOptions.databaseLocation = freshLocation(backend, dir);
        engineOptions.keyFileOnly = true;
        engineOptions.pollIntervalMs = 200;
        engineOptions.leaseSeconds = 10;
        engineOptions.requestTimeoutMs = requestTimeoutMs;
        engineOptions.pullWorkers = pullWorkers;
        engine = std::make_unique<Engine>(engineOptions);
        QSignalSpy started(engine.get(), &Engine::started);
        engine->start();
        if (!started.wait(30000) || !started.first().at(0).toBool())
            qFatal("engine did not start");
    }

    const Database &db() const { return *engine->database(); }

    int seed(int people) {
        DemoSeeder seeder(engine.get(), {sandbox.info().adminUrl, people, false});
        QSignalSpy finished(&seeder, &DemoSeeder::finished);
        seeder.start();
        if (!finished.wait(120000))
            return -1;
        if (!finished.first().at(1).toString().isEmpty())
            qWarning("seed: %s", qPrintable(finished.first().at(1).toString()));
        return finished.first().at(0).toInt();
    }

    bool waitUntilSettled(int timeoutMs = 120000) {
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            if (PullRepository(db()).unsettled().isEmpty())
                return true;
            QTest::qWait(100);
        }
        for (const Pull &pull : PullRepository(db()).unsettled()) {
            const Connection connection = *ConnectionRepository(db()).get(pull.connectionId);
            qWarning("unsettled pull %lld (%s, %s) of a %s account", pull.id,
                     qPrintable(nameOf(pull.trigger)), qPrintable(nameOf(pull.status)),
                     qPrintable(nameOf(connection.state)));
        }
        return false;
    }

    // The sandbox's exact per-type counts for the account behind a connection.
    QMap<QString, qint64> expectedCounts(const Connection &connection) const {
        const Source source = *SourceRepository(db()).get(connection.sourceId);
        const QJsonObject patient =
            adminRequest(QUrl(sandbox.info().adminUrl.toString() +
                              QStringLiteral("/portals/%1/patients/%2")
                                  .arg(source.name, connection.fhirPatientId)))
                .object();
        QMap<QString, qint64> counts;
        const QJsonObject byType = patient.value(QStringLiteral("counts")).toObject();
        for (auto it = byType.begin(); it != byType.end(); ++it) {
            if (it.value().toInteger() > 0)
                counts.insert(it.key(), it.value().toInteger());
        }
        return counts;
    }

    // The (first) account at a portal.
    Connection accountAt(const QString &portal) const { return firstAccountAt(db(), portal); }

    // The next pull of `connectionId` with `trigger` to settle after
    // `spy` was made; other pulls' signals (a queued signal of an earlier
    // pull may still be on its way) are skipped.
    static std::optional<Pull> settledPull(QSignalSpy &spy, qint64 connectionId,
                                           PullTrigger trigger, int timeoutMs = 60000) {
        QDeadlineTimer deadline(timeoutMs);
        qsizetype seen = 0;
        while (true) {
            for (; seen < spy.size(); ++seen) {
                const Pull pull = spy.at(seen).at(0).value<Pull>();
                if (pull.connectionId == connectionId && pull.trigger == trigger)
                    return pull;
            }
            if (deadline.hasExpired() || !spy.wait(int(qMax<qint64>(1, deadline.remainingTime()))))
                return std::nullopt;
        }
    }

    // Makes the named portals' sources search per type, as a portal without
    // $everything needs (all portals when `names` is empty).
    void searchPerType(const QStringList &names = {}) {
        for (Source source : SourceRepository(db()).list()) {
            if (!names.isEmpty() && !names.contains(source.name))
                continue;
            source.patientEverything = false;
            SourceRepository(db()).update(source);
        }
    }

    QUrl admin(const QString &path) const {
        return QUrl(sandbox.info().adminUrl.toString() + path);
    }
};

SandboxOptions calmSandbox(int patients, int resources) {
    SandboxOptions options;
    options.patients = patients;
    options.resourcesPerPatient = resources;
    options.flakyRandom = false;
    return options;
}

} // namespace

class TestEngine : public QObject {
    Q_OBJECT

private slots:
    void pullsEveryResourceExactlyOnce_data() {
        QTest::addColumn<Backend>("backend");
        QTest::addColumn<bool>("everything");
        QTest::newRow("sqlite, $everything") << Backend::Sqlite << true;
        QTest::newRow("sqlite, per type") << Backend::Sqlite << false;
        QTest::newRow("postgresql, $everything") << Backend::Postgres << true;
        QTest::newRow("postgresql, per type") << Backend::Postgres << false;
    }
    void pullsEveryResourceExactlyOnce() {
        QFETCH(Backend, backend);
        QFETCH(bool, everything);
        // Two pull threads, splitting the three portals between them.
        Harness h(calmSandbox(3, 40), backend, 30000, 2);
        h.engine->setPaused(true);
        const int connected = h.seed(3);
        QVERIFY(connected >= 3);
        if (!everything)
            h.searchPerType();
        h.engine->setPaused(false);
        QVERIFY(h.waitUntilSettled());

        const QList<Connection> connections = ConnectionRepository(h.db()).list();
        QCOMPARE(connections.size(), connected);
        for (const Connection &connection : connections) {
            QCOMPARE(connection.state, ConnectionState::Active);
            const Pull pull = *PullRepository(h.db()).latestSettled(connection.id);
            QVERIFY2(pull.status == PullStatus::Succeeded, qPrintable(pull.error));
            QCOMPARE(pull.trigger, PullTrigger::Connect);
            QCOMPARE(pull.status, PullStatus::Succeeded);
            QCOMPARE(ResourceRepository(h.db()).countsByType(connection.id),
                     h.expectedCounts(connection));
        }

        // How each portal was asked. flaky has neither $everything nor _id
        // search: a search per type, and a read per referenced resource.
        // With $everything, epic and cerner answered the whole record in a
        // few pages, and the Binary attachments it leaves out were looked up
        // many ids to a request; without it, a search per type, and every
        // referenced type looked up that way.
        for (const Connection &connection : connections) {
            const Source source = *SourceRepository(h.db()).get(connection.sourceId);
            const bool flaky = source.name == QLatin1String("flaky");
            QCOMPARE(source.idSearchTypes.contains(QStringLiteral("Practitioner")), !flaky);
            QCOMPARE(source.patientEverything, everything && !flaky);
            const Pull pull = *PullRepository(h.db()).latestSettled(connection.id);
            QMap<QueryKind, int> kinds;
            for (const PullQuery &query : PullRepository(h.db()).queries(pull.id)) {
                ++kinds[query.kind];
                if (!flaky && query.kind == QueryKind::Read)
                    QVERIFY2(!source.idSearchTypes.contains(query.resourceType),
                             qPrintable(query.url));
            }
            QCOMPARE(kinds.value(QueryKind::Everything), source.patientEverything ? 1 : 0);
            QCOMPARE(kinds.value(QueryKind::Search) > 0, !source.patientEverything);
            QCOMPARE(kinds.value(QueryKind::Lookup) > 0, !flaky);
        }

        // Epic refused Observation without a category once; the source
        // remembers (a learnt fact), the others keep one search.
        for (const Source &source : SourceRepository(h.db()).list()) {
            const SourceCapabilities learnt = SourceCapabilityRepository(h.db()).get(source.id);
            QCOMPARE(learnt.requiredParameters.value(QStringLiteral("Observation")),
                     !everything && source.name == QLatin1String("epic")
                         ? QStringLiteral("category")
                         : QString());
            QVERIFY(!source.perCategoryTypes.contains(QStringLiteral("Observation")));
        }

        // The data changes at the portals; a second pull stores the new
        // resources, keeps earlier versions, and does not rewrite the rest.
        adminRequest(h.admin(QStringLiteral("/advance")), "POST");
        const Connection first = connections.first();
        const qint64 before = ResourceRepository(h.db()).count(first.id);
        QSignalSpy settled(h.engine.get(), &Engine::pullSettled);
        h.engine->pullConnection(first.id);
        const std::optional<Pull> manual =
            Harness::settledPull(settled, first.id, PullTrigger::Manual);
        QVERIFY(manual);
        const Pull second = *manual;
        QCOMPARE(second.status, PullStatus::Succeeded);
        QCOMPARE(second.trigger, PullTrigger::Manual);
        QVERIFY(second.counts.unchanged > 0);
        QVERIFY(second.counts.created + second.counts.updated > 0);
        QVERIFY(ResourceRepository(h.db()).count(first.id) >= before);
        QCOMPARE(ResourceRepository(h.db()).countsByType(first.id), h.expectedCounts(first));
    }

    // Each fault the sandbox offers, against a whole pull of the cerner
    // portal: what the pull ends as, and that what landed is exact.
    void survivesEachFault_data() {
        QTest::addColumn<QString>("faults");
        QTest::addColumn<PullStatus>("expected");
        QTest::addColumn<QString>("errorText");
        QTest::addColumn<bool>("everything");
        // The whole record at once: faults on the $everything request.
        QTest::newRow("$everything: 500 burst")
            << "cerner:status=500@Patient*2" << PullStatus::Succeeded << "" << true;
        QTest::newRow("$everything: hung request")
            << "cerner:hang@Patient*1" << PullStatus::Succeeded << "" << true;
        QTest::newRow("$everything: truncated body")
            << "cerner:truncate@Patient*always" << PullStatus::Failed << "Patient:" << true;
        QTest::newRow("$everything: next link to another origin")
            << "cerner:foreign-next@Patient*1" << PullStatus::Partial << "Patient:" << true;
        QTest::newRow("$everything: one invalid resource")
            << "cerner:invalid-resource@Patient*1" << PullStatus::Partial << "invalid resource"
            << true;
        QTest::newRow("$everything refused: searches per type")
            << "cerner:status=404@Patient*1" << PullStatus::Succeeded << "" << true;
        // A search per type.
        QTest::newRow("429 with Retry-After")
            << "cerner:rate-limit=3;cerner:retry-after=1" << PullStatus::Succeeded << "" << false;
        QTest::newRow("503 burst") << "cerner:status=503*2" << PullStatus::Succeeded << "" << false;
        QTest::newRow("500 burst") << "cerner:status=500*2" << PullStatus::Succeeded << "" << false;
        QTest::newRow("hung request")
            << "cerner:hang@Condition*1" << PullStatus::Succeeded << "" << false;
        // A search that never answers: timed out, retried a bounded number
        // of times, and the pull settles with it failed (retryable).
        QTest::newRow("search that never answers")
            << "cerner:hang@Condition*always" << PullStatus::Partial << "Condition:" << false;
        QTest::newRow("slow portal") << "cerner:latency=40" << PullStatus::Succeeded << "" << false;
        QTest::newRow("access token expires mid-pull")
            << "cerner:expire-tokens" << PullStatus::Succeeded << "" << false;
        QTest::newRow("truncated body")
            << "cerner:truncate@Encounter*always" << PullStatus::Partial << "Encounter:" << false;
        QTest::newRow("malformed JSON")
            << "cerner:malformed@Goal*always" << PullStatus::Partial << "line" << false;
        QTest::newRow("next link to another origin")
            << "cerner:foreign-next@Observation*1" << PullStatus::Partial
            << "Observation:" << false;
        QTest::newRow("one invalid resource") << "cerner:invalid-resource@Condition*1"
                                              << PullStatus::Partial << "invalid resource" << false;
        // A type the portal answers 404 for is not available: an answer,
        // not a failure.
        QTest::newRow("404 for a type")
            << "cerner:status=404@Device*always" << PullStatus::Succeeded << "notes" << false;
    }
    void survivesEachFault() {
        QFETCH(QString, faults);
        QFETCH(PullStatus, expected);
        QFETCH(QString, errorText);
        QFETCH(bool, everything);
        // Enough Observations for several pages, so a next link exists.
        SandboxOptions options = calmSandbox(1, 800);
        Harness h(options, Backend::Sqlite, 2000);
        QVERIFY(h.seed(1) >= 1);
        QVERIFY(h.waitUntilSettled());
        const Connection cerner = h.accountAt(QStringLiteral("cerner"));
        QVERIFY(cerner.id != 0);
        if (!everything)
            h.searchPerType({QStringLiteral("cerner")});
        adminRequest(h.admin(QStringLiteral("/faults")), "POST", faults.toUtf8());
        adminRequest(h.admin(QStringLiteral("/advance")), "POST");
        QSignalSpy settled(h.engine.get(), &Engine::pullSettled);
        h.engine->pullConnection(cerner.id);
        const std::optional<Pull> settledOne =
            Harness::settledPull(settled, cerner.id, PullTrigger::Manual);
        QVERIFY(settledOne);
        const Pull pull = *settledOne;
        QVERIFY2(pull.status == expected,
                 qPrintable(nameOf(pull.status) + QStringLiteral(": ") + pull.error));
        QVERIFY2(medpull::errorText(pull.error).contains(errorText), qPrintable(pull.error));
        QCOMPARE(ConnectionRepository(h.db()).get(cerner.id)->state, ConnectionState::Active);
        // One 404 to $everything is counted, not taken as a refusal for good:
        // the next pull asks again.
        const SourceCapabilities learnt = SourceCapabilityRepository(h.db()).get(cerner.sourceId);
        QVERIFY(!learnt.everythingRefused);
        QCOMPARE(learnt.everythingRefusals,
                 faults.contains(QLatin1String("status=404@Patient")) ? 1 : 0);
        if (expected == PullStatus::Succeeded) {
            adminRequest(h.admin(QStringLiteral("/faults")), "DELETE");
            // (A type not available keeps what earlier pulls stored.)
            QCOMPARE(ResourceRepository(h.db()).countsByType(cerner.id), h.expectedCounts(cerner));
        }
    }

    // A portal whose CapabilityStatement promises _id search but refuses it:
    // the ids are read one by one, the data ends exact, and the source
    // remembers not to ask that way again.
    void refusedIdSearchFallsBackToReads() {
        Harness h(calmSandbox(1, 40));
        h.engine->setPaused(true);
        QVERIFY(h.seed(1) >= 1);
        const Connection flaky = h.accountAt(QStringLiteral("flaky"));
        QVERIFY(flaky.id != 0);
        Source source = *SourceRepository(h.db()).get(flaky.sourceId);
        QVERIFY(source.idSearchTypes.isEmpty());
        source.idSearchTypes = {QStringLiteral("Practitioner"), QStringLiteral("Location")};
        SourceRepository(h.db()).update(source);
        h.engine->setPaused(false);
        QVERIFY(h.waitUntilSettled());

        const Pull pull = *PullRepository(h.db()).latestSettled(flaky.id);
        QVERIFY2(pull.status == PullStatus::Succeeded, qPrintable(pull.error));
        QCOMPARE(ResourceRepository(h.db()).countsByType(flaky.id), h.expectedCounts(flaky));
        int refused = 0;
        for (const PullQuery &query : PullRepository(h.db()).queries(pull.id)) {
            if (query.kind != PullQuery::Kind::Lookup)
                continue;
            ++refused;
            QCOMPARE(query.status, QueryStatus::Cancelled);
            QVERIFY2(errorText(query.error).contains(QLatin1String("refused the _id search")),
                     qPrintable(query.error));
        }
        QVERIFY(refused >= 1);
        // Learnt as a fact of its own; the source row keeps what was set.
        QVERIFY(SourceCapabilityRepository(h.db())
                    .get(flaky.sourceId)
                    .applyTo(*SourceRepository(h.db()).get(flaky.sourceId))
                    .idSearchTypes.isEmpty());
        QCOMPARE(SourceRepository(h.db()).get(flaky.sourceId)->idSearchTypes, source.idSearchTypes);
    }

    // The scheduler's re-pull asks only for what changed since the last
    // pull: `_since` on $everything, `_lastUpdated` on each search.
    void scheduledPullIsIncremental_data() {
        QTest::addColumn<bool>("everything");
        QTest::newRow("$everything") << true;
        QTest::newRow("per type") << false;
    }
    void scheduledPullIsIncremental() {
        QFETCH(bool, everything);
        Harness h(calmSandbox(1, 60));
        QVERIFY(h.seed(1) >= 1);
        QVERIFY(h.waitUntilSettled());
        if (!everything)
            h.searchPerType();
        const Connection cerner = h.accountAt(QStringLiteral("cerner"));
        QVERIFY(cerner.lastFullPullAt.isValid());
        const qint64 stored = ResourceRepository(h.db()).count(cerner.id);
        // Let a moment pass so the portal's changes are newer than the last
        // pull, then bring the scheduled time forward.
        QTest::qWait(1100);
        adminRequest(h.admin(QStringLiteral("/advance")), "POST");
        QSignalSpy settled(h.engine.get(), &Engine::pullSettled);
        ConnectionRepository(h.db()).setNextPullAt(cerner.id,
                                                   QDateTime::currentDateTimeUtc().addSecs(-1));
        const std::optional<Pull> scheduled =
            Harness::settledPull(settled, cerner.id, PullTrigger::Scheduled, 30000);
        QVERIFY(scheduled);
        const Pull pull = *scheduled;
        QCOMPARE(pull.connectionId, cerner.id);
        QCOMPARE(pull.trigger, PullTrigger::Scheduled);
        QCOMPARE(pull.status, PullStatus::Succeeded);
        QVERIFY(!pull.full);
        int asked = 0;
        for (const PullQuery &query : PullRepository(h.db()).queries(pull.id)) {
            if (query.kind == QueryKind::Search) {
                ++asked;
                QVERIFY2(!everything && query.url.contains(QLatin1String("_lastUpdated=ge")),
                         qPrintable(query.url));
            } else if (query.kind == QueryKind::Everything) {
                ++asked;
                QVERIFY2(everything && query.url.contains(QLatin1String("_since=")),
                         qPrintable(query.url));
            }
        }
        QVERIFY(asked > 0);
        // Only what changed came back, and the account holds exactly the
        // portal's data again.
        QVERIFY2(pull.counts.total() < stored,
                 qPrintable(QStringLiteral("%1 of %2").arg(pull.counts.total()).arg(stored)));
        QVERIFY(pull.counts.created + pull.counts.updated > 0);
        QCOMPARE(ResourceRepository(h.db()).countsByType(cerner.id), h.expectedCounts(cerner));
        QVERIFY(ConnectionRepository(h.db()).get(cerner.id)->nextPullAt >
                QDateTime::currentDateTimeUtc().addSecs(3600));
    }

    // A resource the portal no longer has is marked deleted by the next
    // complete full pull, and kept; referenced-only types are never judged
    // by a search, so they stay.
    void fullPullMarksVanishedResourcesDeleted_data() {
        QTest::addColumn<bool>("everything");
        QTest::newRow("$everything") << true;
        QTest::newRow("per type") << false;
    }
    void fullPullMarksVanishedResourcesDeleted() {
        QFETCH(bool, everything);
        Harness h(calmSandbox(1, 40));
        QVERIFY(h.seed(1) >= 1);
        QVERIFY(h.waitUntilSettled());
        if (!everything)
            h.searchPerType();
        const Connection cerner = h.accountAt(QStringLiteral("cerner"));
        const Pull first = *PullRepository(h.db()).latestSettled(cerner.id);
        {
            Transaction transaction(h.db());
            ResourceRepository(h.db()).store(
                cerner.id, first.id,
                {{QStringLiteral("Condition"), QStringLiteral("vanished-1"),
                  R"({"resourceType":"Condition","id":"vanished-1"})"},
                 {QStringLiteral("Practitioner"), QStringLiteral("vanished-2"),
                  R"({"resourceType":"Practitioner","id":"vanished-2"})"}});
            transaction.commit();
        }
        QSignalSpy settled(h.engine.get(), &Engine::pullSettled);
        h.engine->pullConnection(cerner.id);
        const std::optional<Pull> manual =
            Harness::settledPull(settled, cerner.id, PullTrigger::Manual, 30000);
        QVERIFY(manual);
        const Pull pull = *manual;
        QVERIFY2(pull.status == PullStatus::Succeeded, qPrintable(pull.error));
        QVERIFY(pull.full);
        ResourceRepository resources(h.db());
        const auto condition =
            resources.get(cerner.id, QStringLiteral("Condition"), QStringLiteral("vanished-1"));
        QVERIFY(condition);
        QVERIFY(condition->deleted);
        const auto practitioner =
            resources.get(cerner.id, QStringLiteral("Practitioner"), QStringLiteral("vanished-2"));
        QVERIFY(practitioner);
        QVERIFY(!practitioner->deleted);
        QMap<QString, qint64> expected = h.expectedCounts(cerner);
        expected[QStringLiteral("Practitioner")] += 1;
        QCOMPARE(resources.countsByType(cerner.id), expected);
    }

    void oneBadResourceTypeMakesThePullPartial() {
        SandboxOptions options = calmSandbox(1, 40);
        options.faults = QStringLiteral("cerner:malformed@Procedure*always");
        Harness h(options);
        h.engine->setPaused(true);
        QVERIFY(h.seed(1) >= 1);
        h.searchPerType({QStringLiteral("cerner")});
        h.engine->setPaused(false);
        QVERIFY(h.waitUntilSettled());
        bool sawPartial = false;
        for (const Connection &connection : ConnectionRepository(h.db()).list()) {
            const Source source = *SourceRepository(h.db()).get(connection.sourceId);
            const Pull pull = *PullRepository(h.db()).latestSettled(connection.id);
            if (source.name != QLatin1String("cerner")) {
                QCOMPARE(pull.status, PullStatus::Succeeded);
                continue;
            }
            sawPartial = true;
            QCOMPARE(pull.status, PullStatus::Partial);
            QCOMPARE(pull.failureKind.value(), FailureKind::RetrievalError);
            QVERIFY2(errorText(pull.error).startsWith(QLatin1String("Procedure:")),
                     qPrintable(pull.error));
            for (const PullQuery &query : PullRepository(h.db()).queries(pull.id)) {
                if (query.resourceType == QLatin1String("Procedure")) {
                    QCOMPARE(query.status, QueryStatus::Failed);
                    QVERIFY2(errorText(query.error).contains(QLatin1String("line")),
                             qPrintable(query.error));
                    QVERIFY(query.nextAttemptAt.isValid());
                } else {
                    QCOMPARE(query.status, QueryStatus::Succeeded);
                }
            }
            // Everything but Procedure landed (and what only Procedures refer
            // to); the account stays active.
            const QMap<QString, qint64> expected = h.expectedCounts(connection);
            const QMap<QString, qint64> stored =
                ResourceRepository(h.db()).countsByType(connection.id);
            QVERIFY(!stored.contains(QStringLiteral("Procedure")));
            for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
                if (it.key() == QLatin1String("Procedure"))
                    continue;
                if (QueryPlanner::referenceOnlyTypes().contains(it.key()) &&
                    it.key() != QLatin1String("Patient"))
                    QVERIFY2(stored.value(it.key()) <= it.value(), qPrintable(it.key()));
                else
                    QCOMPARE(stored.value(it.key()), it.value());
            }
            QCOMPARE(ConnectionRepository(h.db()).get(connection.id)->state,
                     ConnectionState::Active);
        }
        QVERIFY(sawPartial);
    }

    void demoStoryStagesEveryState() {
        QString error;
        const DemoConfig story = DemoConfig::load(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        SandboxOptions options = calmSandbox(2, 30);
        options.destinations = story.sandbox.destinations;
        Harness h(options);
        DemoSeeder::Options seeding{h.sandbox.info().adminUrl, 3, true};
        // The caller owns the folder, so that it outlives the seeder.
        seeding.exportFolder = h.dir.filePath(QStringLiteral("exports"));
        QVERIFY(QDir().mkpath(seeding.exportFolder));
        DemoSeeder seeder(h.engine.get(), seeding);
        QSignalSpy finished(&seeder, &DemoSeeder::finished);
        seeder.start();
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.first().at(1).toString(), QString());
        // The seeder queues the revoked account's pull through the engine's
        // command queue; wait for what it leads to before checking the rest.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const Connection &connection : ConnectionRepository(h.db()).list()) {
                    if (connection.state == ConnectionState::RefreshFailed)
                        return true;
                }
                return false;
            }(),
            60000);
        QVERIFY(h.waitUntilSettled());

        QSet<ConnectionState> states;
        QSet<PullStatus> statuses;
        for (const Connection &connection : ConnectionRepository(h.db()).list()) {
            states.insert(connection.state);
            for (const Pull &pull : PullRepository(h.db()).forConnection(connection.id))
                statuses.insert(pull.status);
        }
        QVERIFY(states.contains(ConnectionState::Active));
        QVERIFY(states.contains(ConnectionState::RefreshFailed));
        QVERIFY(statuses.contains(PullStatus::Succeeded));
        QVERIFY(statuses.contains(PullStatus::Partial));

        // The folder receives data; the FHIR servers are down at first, their
        // deliveries fail, and no account looks broken because of it.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QSet<QString> outcome;
                for (const ExportDestination &d : DestinationRepository(h.db()).list()) {
                    for (const Delivery &delivery :
                         DeliveryRepository(h.db()).forDestination(d.id)) {
                        if (delivery.status == DeliveryStatus::Delivered &&
                            d.kind == DestinationKind::NdjsonFolder)
                            outcome.insert(QStringLiteral("folder"));
                        // Failing now, or delivered by a later attempt.
                        if ((delivery.httpStatus == 503 || delivery.attempts > 1) &&
                            d.kind == DestinationKind::FhirServer)
                            outcome.insert(QStringLiteral("warehouse"));
                    }
                }
                return outcome.size() == 2;
            }(),
            60000);
        for (const Connection &connection : ConnectionRepository(h.db()).list())
            QVERIFY(connection.failureKind != FailureKind::DestinationExportFailed);
    }

    void revokedRefreshTokenStopsPulls() {
        Harness h(calmSandbox(1, 20));
        QVERIFY(h.seed(1) >= 1);
        QVERIFY(h.waitUntilSettled());
        const Connection epic = h.accountAt(QStringLiteral("epic"));
        QVERIFY(epic.id != 0);
        adminRequest(
            h.admin(QStringLiteral("/portals/epic/patients/%1/revoke").arg(epic.fhirPatientId)),
            "POST");
        adminRequest(h.admin(QStringLiteral("/portals/epic/expire-tokens")), "POST");
        QSignalSpy settled(h.engine.get(), &Engine::pullSettled);
        h.engine->pullConnection(epic.id);
        const std::optional<Pull> manual =
            Harness::settledPull(settled, epic.id, PullTrigger::Manual);
        QVERIFY(manual);
        const Pull pull = *manual;
        QCOMPARE(pull.failureKind.value(), FailureKind::TokenRefreshFailed);
        const Connection after = *ConnectionRepository(h.db()).get(epic.id);
        QCOMPARE(after.state, ConnectionState::RefreshFailed);
        QCOMPARE(after.failureKind.value(), FailureKind::TokenRefreshFailed);
        const QList<AuthEvent> events = AuthEventRepository(h.db()).forConnection(epic.id);
        QCOMPARE(events.first().type, AuthEventType::RefreshFailed);
        QCOMPARE(events.first().errorCode, QStringLiteral("invalid_grant"));
        // No pull runs for it until the patient reconnects.
        QSignalSpy failed(h.engine.get(), &Engine::commandFailed);
        h.engine->pullConnection(epic.id);
        QVERIFY(failed.wait(10000));
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
