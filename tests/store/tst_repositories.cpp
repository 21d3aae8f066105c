// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "autheventrepository.h"
#include "connectionrepository.h"
#include "database.h"
#include "deliveryrepository.h"
#include "deliverystore.h"
#include "destinationrepository.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "resourcerepository.h"
#include "sourcerepository.h"
#include "storeerror.h"
#include "testsupport.h"
#include "tokenrepository.h"
#include "transaction.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace medpull;
using namespace medpull::test;

namespace {

IncomingResource observation(const QString &id, const QString &value) {
    const QByteArray json = QStringLiteral(R"({"resourceType":"Observation","id":"%1",)"
                                           R"("status":"final","valueString":"%2"})")
                                .arg(id, value)
                                .toUtf8();
    return {QStringLiteral("Observation"), id, json};
}

// Everything a test needs: a database with one patient, one source and one
// active connection.
struct Fixture {
    QTemporaryDir dir;
    std::unique_ptr<Database> db;
    Patient patient;
    Source source;
    Connection connection;

    explicit Fixture(Backend backend)
        : db(freshDatabase(backend, dir)) {
        patient = PatientRepository(*db).add(QStringLiteral("Ada Lovelace"), QStringLiteral("A-1"));
        Source s;
        s.name = QStringLiteral("epic");
        s.fhirBase = QUrl(QStringLiteral("http://127.0.0.1:8080/portals/epic/fhir"));
        s.clientId = QStringLiteral("medpull");
        s.scopes = {QStringLiteral("launch/patient"), QStringLiteral("patient/*.rs")};
        s.resourceTypes = {QStringLiteral("Observation"), QStringLiteral("Condition")};
        source = SourceRepository(*db).add(s);
        connection = ConnectionRepository(*db).add(patient.id, source.id, ConnectionState::Active);
    }

    ResourceCounts storePage(qint64 pullId, const QList<IncomingResource> &page) {
        Transaction transaction(*db);
        const ResourceCounts counts = ResourceRepository(*db).store(connection.id, pullId, page);
        transaction.commit();
        return counts;
    }
};

} // namespace

class TestRepositories : public QObject {
    Q_OBJECT

private slots:
    void patients_data() { addBackendRows(); }
    void patients() {
        QFETCH(Backend, backend);
        Fixture f(backend);
        PatientRepository patients(*f.db);
        const Patient bob = patients.add(QStringLiteral("Bob Müller"));
        QCOMPARE(patients.get(bob.id)->displayName, QStringLiteral("Bob Müller"));
        QVERIFY(patients.get(bob.id)->externalId.isEmpty());
        // Two patients without an external id are fine; a taken one is not.
        patients.add(QStringLiteral("Carol"));
        QVERIFY_THROWS_EXCEPTION(StoreError,
                                 patients.add(QStringLiteral("Dup"), QStringLiteral("A-1")));
        QCOMPARE(patients.list().size(), 3);
        QCOMPARE(patients.findByExternalId(QStringLiteral("A-1"))->id, f.patient.id);
        QVERIFY(!patients.get(9999));
    }

    void sources_data() { addBackendRows(); }
    void sources() {
        QFETCH(Backend, backend);
        Fixture f(backend);
        SourceRepository sources(*f.db);
        Source stored = *sources.findByName(QStringLiteral("epic"));
        QCOMPARE(stored.fhirBase, f.source.fhirBase);
        QCOMPARE(stored.scopes, f.source.scopes);
        QCOMPARE(stored.resourceTypes, f.source.resourceTypes);
        stored.smartConfiguration = QJsonObject{
            {QStringLiteral("token_endpoint"), QStringLiteral("http://127.0.0.1/token")}};
        stored.pullIntervalSeconds = 3600;
        sources.update(stored);
        const Source updated = *sources.get(stored.id);
        QCOMPARE(updated.pullIntervalSeconds, 3600);
        QCOMPARE(updated.smartConfiguration.value(QStringLiteral("token_endpoint")).toString(),
                 QStringLiteral("http://127.0.0.1/token"));
        Source duplicate = f.source;
        QVERIFY_THROWS_EXCEPTION(StoreError, sources.add(duplicate));
    }

    void connectionsAndTokens_data() { addBackendRows(); }
    void connectionsAndTokens() {
        QFETCH(Backend, backend);
        Fixture f(backend);
        ConnectionRepository connections(*f.db);
        connections.setState(f.connection.id, ConnectionState::RefreshFailed,
                             FailureKind::TokenRefreshFailed, QStringLiteral("invalid_grant"));
        Connection c = *connections.get(f.connection.id);
        QCOMPARE(c.state, ConnectionState::RefreshFailed);
        QCOMPARE(c.failureKind.value(), FailureKind::TokenRefreshFailed);
        connections.setState(f.connection.id, ConnectionState::Active);
        c = *connections.get(f.connection.id);
        QCOMPARE(c.state, ConnectionState::Active);
        QVERIFY(!c.failureKind);

        const QDateTime now = QDateTime::currentDateTimeUtc();
        connections.setNextPullAt(f.connection.id, now.addSecs(-5));
        QCOMPARE(connections.dueForScheduledPull(now).size(), 1);
        connections.setNextPullAt(f.connection.id, now.addSecs(60));
        QCOMPARE(connections.dueForScheduledPull(now).size(), 0);

        TokenRepository tokens(*f.db);
        TokenRecord record;
        record.connectionId = f.connection.id;
        record.ciphertext = QByteArray("\x00\x01\xff secret bytes \x00", 18);
        record.nonce = QByteArray(24, '\x07');
        record.keyId = QStringLiteral("file:1");
        record.accessExpiresAt = now.addSecs(600);
        tokens.save(record);
        QVERIFY(!tokens.keychainKeyInUse());
        record.ciphertext = QByteArray("\x02rotated\x00", 9);
        record.keyId = QStringLiteral("keychain:2");
        tokens.save(record);
        QVERIFY(tokens.keychainKeyInUse());
        const TokenRecord stored = *tokens.get(f.connection.id);
        QCOMPARE(stored.ciphertext, record.ciphertext);
        QCOMPARE(stored.nonce, record.nonce);
        QCOMPARE(stored.accessExpiresAt.toMSecsSinceEpoch(),
                 record.accessExpiresAt.toMSecsSinceEpoch());
        tokens.remove(f.connection.id);
        QVERIFY(!tokens.get(f.connection.id));
    }

    void authEventsNewestFirst_data() { addBackendRows(); }
    void authEventsNewestFirst() {
        QFETCH(Backend, backend);
        Fixture f(backend);
        AuthEventRepository events(*f.db);
        events.add({0,
                    f.connection.id,
                    {},
                    AuthEventType::SessionStarted,
                    AuthOutcome::Success,
                    {},
                    {},
                    {}});
        events.add({0,
                    f.connection.id,
                    {},
                    AuthEventType::CallbackReceived,
                    AuthOutcome::Failure,
                    QStringLiteral("access_denied"),
                    QStringLiteral("The patient said no"),
                    {}});
        const QList<AuthEvent> list = events.forPatient(f.patient.id);
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.first().type, AuthEventType::CallbackReceived);
        QCOMPARE(list.first().errorCode, QStringLiteral("access_denied"));
        QCOMPARE(list.first().errorDescription, QStringLiteral("The patient said no"));
        QCOMPARE(events.forConnection(f.connection.id).size(), 2);
    }

    void pullQueueJoinsAndLeases_data() { addBackendRows(); }
    void pullQueueJoinsAndLeases() {
        QFETCH(Backend, backend);
        Fixture f(backend);
        PullRepository pulls(*f.db);
        const Pull first = pulls.enqueue(f.connection.id, PullTrigger::Connect);
        const Pull joined = pulls.enqueue(f.connection.id, PullTrigger::Manual);
        QCOMPARE(joined.id, first.id);
        QCOMPARE(joined.trigger, PullTrigger::Connect);

        const auto claimed = pulls.claimNext(QStringLiteral("worker-a"), 30);
        QVERIFY(claimed);
        QCOMPARE(claimed->id, first.id);
        QCOMPARE(claimed->status, PullStatus::Running);
        QVERIFY(claimed->startedAt.isValid());

        // While it runs, a new request queues a second pull, which must wait.
        const Pull second = pulls.enqueue(f.connection.id, PullTrigger::Manual);
        QVERIFY(second.id != first.id);
        QVERIFY(!pulls.claimNext(QStringLiteral("worker-b"), 30));
        QVERIFY(pulls.heartbeat(first.id, QStringLiteral("worker-a"), 30));
        QVERIFY(!pulls.heartbeat(first.id, QStringLiteral("worker-b"), 30));

        // worker-a dies: after its lease expires, worker-b takes the pull over.
        const QDateTime later = QDateTime::currentDateTimeUtc().addSecs(120);
        const auto takenOver = pulls.claimNext(QStringLiteral("worker-b"), 30, later);
        QVERIFY(takenOver);
        QCOMPARE(takenOver->id, first.id);
        QCOMPARE(takenOver->leaseOwner, QStringLiteral("worker-b"));
        QVERIFY(!pulls.heartbeat(first.id, QStringLiteral("worker-a"), 30));

        pulls.settle(first.id, PullStatus::Partial, FailureKind::RetrievalError,
                     QStringLiteral("Procedure: HTTP 500"));
        const Pull settled = *pulls.get(first.id);
        QCOMPARE(settled.status, PullStatus::Partial);
        QCOMPARE(settled.failureKind.value(), FailureKind::RetrievalError);
        QVERIFY(settled.finishedAt.isValid());
        QVERIFY(settled.leaseOwner.isEmpty());
        QCOMPARE(pulls.latestSettled(f.connection.id)->id, first.id);

        // Pulls of connections that are not active are not claimed.
        ConnectionRepository(*f.db).setState(f.connection.id, ConnectionState::RefreshFailed,
                                             FailureKind::TokenRefreshFailed);
        QVERIFY(!pulls.claimNext(QStringLiteral("worker-b"), 30));
        QCOMPARE(pulls.forPatient(f.patient.id).first().id, second.id);
        QCOMPARE(pulls.countForPatient(f.patient.id), 2);

        // Workers split the sources: only the shard holding this source's id
        // takes its pull.
        ConnectionRepository(*f.db).setState(f.connection.id, ConnectionState::Active);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const int own = int(f.connection.sourceId % 3);
        QVERIFY(!pulls.claimNext(QStringLiteral("shard"), 30, now, {3, (own + 1) % 3}));
        QVERIFY(!pulls.claimNext(QStringLiteral("shard"), 30, now, {3, (own + 2) % 3}));
        const auto sharded = pulls.claimNext(QStringLiteral("shard"), 30, now, {3, own});
        QVERIFY(sharded);
        QCOMPARE(sharded->id, second.id);
    }

    void queriesCheckpointWithTheirPage_data() { addBackendRows(); }
    void queriesCheckpointWithTheirPage() {
        QFETCH(Backend, backend);
        Fixture f(backend);
        PullRepository pulls(*f.db);
        const Pull pull = pulls.enqueue(f.connection.id, PullTrigger::Manual);
        PullQuery q;
        q.pullId = pull.id;
        q.resourceType = QStringLiteral("Observation");
        q.url = QStringLiteral("Observation?patient=1&category=vital-signs");
        q = pulls.addQuery(q);
        QCOMPARE(pulls.query(q.id)->nextUrl, q.url);

        {
            Transaction transaction(*f.db);
            const ResourceCounts counts = ResourceRepository(*f.db).store(
                f.connection.id, pull.id, {observation(QStringLiteral("o1"), QStringLiteral("a"))});
            pulls.checkpoint(q.id, QStringLiteral("page-2"), counts);
            // Not committed: a crash here loses the page and its checkpoint together.
        }
        QCOMPARE(pulls.query(q.id)->pages, 0);
        QCOMPARE(ResourceRepository(*f.db).count(f.connection.id), 0);

        {
            Transaction transaction(*f.db);
            const ResourceCounts counts = ResourceRepository(*f.db).store(
                f.connection.id, pull.id, {observation(QStringLiteral("o1"), QStringLiteral("a"))});
            pulls.checkpoint(q.id, QStringLiteral("page-2"), counts);
            transaction.commit();
        }
        PullQuery stored = *pulls.query(q.id);
        QCOMPARE(stored.pages, 1);
        QCOMPARE(stored.nextUrl, QStringLiteral("page-2"));
        QCOMPARE(stored.counts.created, 1);
        QCOMPARE(pulls.get(pull.id)->counts.created, 1);

        pulls.recordQueryError(q.id, 503, QStringLiteral("Service Unavailable"),
                               QDateTime::currentDateTimeUtc().addSecs(-1));
        stored = *pulls.query(q.id);
        QCOMPARE(stored.attempts, 1);
        QCOMPARE(stored.status, QueryStatus::Failed);
        QCOMPARE(stored.httpStatus, 503);
        QCOMPARE(pulls.get(pull.id)->errorCount, 1);

        // Retryable once its pull has settled; the retry names the pull it
        // retries, resumes from the checkpoint, and the original stops
        // waiting for a retry.
        pulls.settle(pull.id, PullStatus::Partial, FailureKind::RetrievalError);
        const QList<PullQuery> due = pulls.retryableQueries(pull.id);
        QCOMPARE(due.size(), 1);
        const Pull retry = pulls.createRetryPull(f.connection.id, due, pull.id);
        QCOMPARE(retry.trigger, PullTrigger::Retry);
        QCOMPARE(pulls.get(retry.id)->retryOf, pull.id);
        const QList<PullQuery> copies = pulls.queries(retry.id);
        QCOMPARE(copies.size(), 1);
        QCOMPARE(copies.first().nextUrl, QStringLiteral("page-2"));
        QCOMPARE(copies.first().status, QueryStatus::Pending);
        QCOMPARE(copies.first().attempts, 1);
        QVERIFY(pulls.retryableQueries(pull.id).isEmpty());
    }

    void resourcesKeepVersions_data() { addBackendRows(); }
    void resourcesKeepVersions() {
        QFETCH(Backend, backend);
        Fixture f(backend);
        ResourceRepository resources(*f.db);
        PullRepository pulls(*f.db);
        const qint64 pull1 = pulls.enqueue(f.connection.id, PullTrigger::Connect).id;
        pulls.settle(pull1, PullStatus::Succeeded);

        ResourceCounts counts =
            f.storePage(pull1, {observation(QStringLiteral("o1"), QStringLiteral("72 bpm")),
                                observation(QStringLiteral("o2"), QStringLiteral("Grüße ✓"))});
        QCOMPARE(counts, (ResourceCounts{2, 0, 0}));
        const StoredResource before =
            *resources.get(f.connection.id, QStringLiteral("Observation"), QStringLiteral("o1"));
        QCOMPARE(before.version, 1);

        const qint64 pull2 = pulls.enqueue(f.connection.id, PullTrigger::Manual).id;
        counts = f.storePage(pull2, {observation(QStringLiteral("o1"), QStringLiteral("72 bpm")),
                                     observation(QStringLiteral("o2"), QStringLiteral("changed")),
                                     observation(QStringLiteral("o3"), QStringLiteral("new"))});
        QCOMPARE(counts, (ResourceCounts{1, 1, 1}));

        // The unchanged one was not rewritten.
        const StoredResource o1 =
            *resources.get(f.connection.id, QStringLiteral("Observation"), QStringLiteral("o1"));
        QCOMPARE(o1.version, 1);
        QCOMPARE(o1.changedPullId, pull1);
        QCOMPARE(o1.storedAt, before.storedAt);
        QCOMPARE(o1.lastPullId, pull2);

        // The changed one keeps its earlier version.
        const StoredResource o2 =
            *resources.get(f.connection.id, QStringLiteral("Observation"), QStringLiteral("o2"));
        QCOMPARE(o2.version, 2);
        const QList<ResourceVersion> history = resources.versions(o2.id);
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.first().version, 1);
        QCOMPARE(QJsonDocument::fromJson(history.first().content)
                     .object()
                     .value(QStringLiteral("valueString"))
                     .toString(),
                 QStringLiteral("Grüße ✓"));
        QCOMPARE(QJsonDocument::fromJson(o2.content)
                     .object()
                     .value(QStringLiteral("valueString"))
                     .toString(),
                 QStringLiteral("changed"));

        QStringList changed;
        resources.forEachChangedInPull(
            pull2, [&changed](const StoredResource &r) { changed << r.fhirId; });
        changed.sort();
        QCOMPARE(changed, (QStringList{QStringLiteral("o2"), QStringLiteral("o3")}));
        QCOMPARE(resources.countsByType(f.connection.id).value(QStringLiteral("Observation")), 3);
        QCOMPARE(
            resources.countsByTypeForPatient(f.patient.id).value(QStringLiteral("Observation")), 3);
    }

    void sqliteKeepsExactBytes() {
        Fixture f(Backend::Sqlite);
        const QByteArray raw = QByteArray(R"({ "resourceType" : "Patient",  "id":"p1" ,)"
                                          R"("name":[{"text":"Zoë \u00e9"}] })");
        const qint64 pull = PullRepository(*f.db).enqueue(f.connection.id, PullTrigger::Manual).id;
        f.storePage(pull, {{QStringLiteral("Patient"), QStringLiteral("p1"), raw}});
        const StoredResource stored = *ResourceRepository(*f.db).get(
            f.connection.id, QStringLiteral("Patient"), QStringLiteral("p1"));
        QCOMPARE(stored.content, raw);
        QCOMPARE(stored.contentHash, ResourceRepository::contentHash(raw));
    }

    void deletionIsMarkedNeverErased_data() { addBackendRows(); }
    void deletionIsMarkedNeverErased() {
        QFETCH(Backend, backend);
        Fixture f(backend);
        ResourceRepository resources(*f.db);
        PullRepository pulls(*f.db);
        const qint64 pull1 = pulls.enqueue(f.connection.id, PullTrigger::Connect).id;
        pulls.settle(pull1, PullStatus::Succeeded);
        f.storePage(pull1, {observation(QStringLiteral("o1"), QStringLiteral("a")),
                            observation(QStringLiteral("o2"), QStringLiteral("b"))});
        const qint64 pull2 = pulls.enqueue(f.connection.id, PullTrigger::Scheduled).id;
        f.storePage(pull2, {observation(QStringLiteral("o1"), QStringLiteral("a"))});
        QCOMPARE(resources.markUnseenDeleted(f.connection.id, QStringLiteral("Observation"), pull2),
                 1);
        const StoredResource gone =
            *resources.get(f.connection.id, QStringLiteral("Observation"), QStringLiteral("o2"));
        QVERIFY(gone.deleted);
        QCOMPARE(resources.count(f.connection.id), 1);
        // It comes back when the source returns it again.
        const qint64 pull3 = pulls.enqueue(f.connection.id, PullTrigger::Scheduled).id;
        const ResourceCounts counts =
            f.storePage(pull3, {observation(QStringLiteral("o2"), QStringLiteral("b"))});
        QCOMPARE(counts.updated, 1);
        QCOMPARE(resources.count(f.connection.id), 2);
    }

    void missingReferences_data() { addBackendRows(); }
    void missingReferences() {
        QFETCH(Backend, backend);
        Fixture f(backend);
        const qint64 pull = PullRepository(*f.db).enqueue(f.connection.id, PullTrigger::Manual).id;
        f.storePage(pull, {{QStringLiteral("Practitioner"), QStringLiteral("pr1"),
                            R"({"resourceType":"Practitioner","id":"pr1"})"}});
        const auto missing = ResourceRepository(*f.db).missing(
            f.connection.id, {{QStringLiteral("Practitioner"), QStringLiteral("pr1")},
                              {QStringLiteral("Practitioner"), QStringLiteral("pr2")},
                              {QStringLiteral("Location"), QStringLiteral("pr1")}});
        QCOMPARE(missing.size(), 2);
        QCOMPARE(missing.at(0).second, QStringLiteral("pr2"));
        QCOMPARE(missing.at(1).first, QStringLiteral("Location"));
    }

    void recordStatus_data() { addBackendRows(); }
    void recordStatus() {
        QFETCH(Backend, backend);
        Fixture f(backend);
        PatientRepository patients(*f.db);
        PullRepository pulls(*f.db);
        ConnectionRepository connections(*f.db);
        const Patient lonely = patients.add(QStringLiteral("No Accounts"));
        QCOMPARE(patients.summary(lonely.id)->recordStatus, RecordStatus::NotConnected);

        const Pull pull = pulls.enqueue(f.connection.id, PullTrigger::Connect);
        QCOMPARE(patients.summary(f.patient.id)->recordStatus, RecordStatus::Syncing);
        pulls.settle(pull.id, PullStatus::Succeeded);
        PatientSummary summary = *patients.summary(f.patient.id);
        QCOMPARE(summary.recordStatus, RecordStatus::UpToDate);
        QVERIFY(summary.latestPullAt.isValid());
        QCOMPARE(summary.accountCount, 1);

        const Pull second = pulls.enqueue(f.connection.id, PullTrigger::Manual);
        pulls.settle(second.id, PullStatus::Partial, FailureKind::RetrievalError);
        QCOMPARE(patients.summary(f.patient.id)->recordStatus, RecordStatus::Partial);

        connections.setState(f.connection.id, ConnectionState::RefreshFailed,
                             FailureKind::TokenRefreshFailed);
        summary = *patients.summary(f.patient.id);
        QCOMPARE(summary.recordStatus, RecordStatus::Attention);
        QCOMPARE(summary.attentionCount, 1);
        QCOMPARE(patients.summaries().size(), 2);
    }

    void destinationsAndDeliveries_data() { addBackendRows(); }
    void destinationsAndDeliveries() {
        QFETCH(Backend, backend);
        Fixture f(backend);
        DestinationRepository destinations(*f.db);
        DeliveryRepository deliveries(*f.db);
        ExportDestination folder;
        folder.name = QStringLiteral("NDJSON archive");
        folder.kind = DestinationKind::NdjsonFolder;
        folder.config = QJsonObject{{QStringLiteral("path"), QStringLiteral("/srv/export")}};
        folder = destinations.add(folder);
        QCOMPARE(
            destinations.findByName(folder.name)->config.value(QStringLiteral("path")).toString(),
            QStringLiteral("/srv/export"));

        const qint64 pull = PullRepository(*f.db).enqueue(f.connection.id, PullTrigger::Manual).id;
        const Delivery delivery = deliveries.ensure(pull, folder.id, 12);
        QCOMPARE(deliveries.ensure(pull, folder.id, 12).id, delivery.id);
        QCOMPARE(delivery.status, DeliveryStatus::Pending);

        DeliveryStore store(*f.db);
        const auto claim = [&](const QString &owner) {
            return store.claimDue(owner, 30, 1);
        };
        const auto claimed = claim(QStringLiteral("a"));
        QVERIFY(claimed);
        QCOMPARE(claimed->status, DeliveryStatus::Delivering);
        QCOMPARE(claimed->attempts, 1);
        QVERIFY(!claim(QStringLiteral("b")));

        const QDateTime automatic = QDateTime::currentDateTimeUtc().addSecs(60);
        deliveries.markFailed(delivery.id, 503, QStringLiteral("HTTP 503: down"), automatic);
        QCOMPARE(deliveries.get(delivery.id)->status, DeliveryStatus::Pending);
        QVERIFY(!claim(QStringLiteral("b")));
        // A manual retry runs now; failing, it leaves the automatic schedule
        // as it was: the same next attempt, the same count.
        QVERIFY(deliveries.retryNow(delivery.id));
        QVERIFY(deliveries.retryNow(delivery.id));
        QCOMPARE(claim(QStringLiteral("b"))->attempts, 1);
        deliveries.markFailed(delivery.id, 503, QStringLiteral("HTTP 503: still down"),
                              QDateTime::currentDateTimeUtc().addSecs(3600));
        Delivery after = *deliveries.get(delivery.id);
        QCOMPARE(after.status, DeliveryStatus::Pending);
        QCOMPARE(after.nextAttemptAt.toMSecsSinceEpoch(), automatic.toMSecsSinceEpoch());
        QCOMPARE(after.attempts, 1);
        QCOMPARE(after.lastError, QStringLiteral("HTTP 503: still down"));

        deliveries.markFailed(delivery.id, 0, QStringLiteral("disk full"), {});
        QCOMPARE(deliveries.get(delivery.id)->status, DeliveryStatus::Failed);
        QCOMPARE(deliveries.get(delivery.id)->lastError, QStringLiteral("disk full"));
        // One that waits for a person waits again when a manual retry fails.
        QCOMPARE(deliveries.retryAllFailed(folder.id), QList<qint64>{delivery.id});
        QVERIFY(claim(QStringLiteral("b")));
        deliveries.markFailed(delivery.id, 0, QStringLiteral("disk full"),
                              QDateTime::currentDateTimeUtc().addSecs(60));
        after = *deliveries.get(delivery.id);
        QCOMPARE(after.status, DeliveryStatus::Failed);
        QCOMPARE(after.attempts, 1);
        QCOMPARE(deliveries.retryAllFailed(folder.id), QList<qint64>{delivery.id});

        // A disabled destination receives nothing.
        destinations.setEnabled(folder.id, false);
        QVERIFY(!claim(QStringLiteral("b")));
        destinations.setEnabled(folder.id, true);
        QVERIFY(claim(QStringLiteral("b")));
        deliveries.markDelivered(delivery.id);
        QCOMPARE(deliveries.get(delivery.id)->status, DeliveryStatus::Delivered);
        QCOMPARE(deliveries.forPatient(f.patient.id).size(), 1);

        destinations.advanceWatermark(folder.id, 10);
        destinations.advanceWatermark(folder.id, 4);
        QCOMPARE(destinations.get(folder.id)->watermarkPullId, 10);
    }
};

QTEST_GUILESS_MAIN(TestRepositories)
#include "tst_repositories.moc"
