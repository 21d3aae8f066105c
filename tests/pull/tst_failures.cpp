// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The four failure kinds against the sandbox portals over real HTTP: what a
// failure does to the account (state, failure kind, next step, attention),
// cancelled sign-ins, one account per patient and source, and the automatic
// retry schedule across an engine restart.
#include "accountfailures.h"
#include "attentionrepository.h"
#include "autheventrepository.h"
#include "authorizepagedriver.h"
#include "connectionrepository.h"
#include "database.h"
#include "demoseeder.h"
#include "engine.h"
#include "errorcode.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "sandboxclient.h"
#include "sandboxhost.h"
#include "sourcerepository.h"
#include "testsupport.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace medpull;
using namespace medpull::test;

namespace {

void adminPost(const QUrl &url, const QByteArray &body = {}) {
    SandboxClient().post(url, body, "text/plain");
}

// An engine on a database that outlives it, so a test can restart it.
struct Harness {
    QTemporaryDir dir;
    SandboxHost sandbox;
    EngineOptions options;
    std::unique_ptr<Engine> engine;

    explicit Harness(Backend backend = Backend::Sqlite)
        : sandbox(calm()) {
        QString error;
        if (!sandbox.start(&error))
            qFatal("sandbox: %s", qPrintable(error));
        options.databaseLocation = freshLocation(backend, dir);
        options.keyFileOnly = true;
        options.pollIntervalMs = 200;
        options.leaseSeconds = 10;
        options.requestTimeoutMs = 3000;
        start();
    }

    static SandboxOptions calm() {
        SandboxOptions options;
        options.patients = 1;
        options.resourcesPerPatient = 30;
        options.flakyRandom = false;
        return options;
    }

    void start() {
        engine = std::make_unique<Engine>(options);
        QSignalSpy started(engine.get(), &Engine::started);
        engine->start();
        if (!started.wait(30000) || !started.first().at(0).toBool())
            qFatal("engine did not start");
    }

    void restart() {
        engine->stop();
        engine.reset();
        start();
    }

    const Database &db() const { return *engine->database(); }

    bool seed() {
        DemoSeeder seeder(engine.get(), {sandbox.info().adminUrl, 1, false});
        QSignalSpy finished(&seeder, &DemoSeeder::finished);
        seeder.start();
        return finished.wait(120000) && finished.first().at(0).toInt() > 0;
    }

    bool waitUntilSettled() {
        QDeadlineTimer deadline(60000);
        while (!deadline.hasExpired()) {
            if (PullRepository(db()).unsettled().isEmpty())
                return true;
            QTest::qWait(100);
        }
        return false;
    }

    // The (first) account at a portal.
    Connection accountAt(const QString &portal) const { return firstAccountAt(db(), portal); }

    Connection account(qint64 id) const { return *ConnectionRepository(db()).get(id); }
    int attentionCount(qint64 patientId) const {
        return PatientRepository(db()).summary(patientId)->attentionCount;
    }

    QUrl admin(const QString &path) const {
        return QUrl(sandbox.info().adminUrl.toString() + path);
    }

    // Waits for the sign-in URL of `connectionId` (0: any) and returns it.
    static QUrl authorizeUrl(QSignalSpy &spy, qint64 connectionId = 0) {
        QDeadlineTimer deadline(20000);
        qsizetype seen = 0;
        while (true) {
            for (; seen < spy.size(); ++seen) {
                if (connectionId == 0 || spy.at(seen).at(0).toLongLong() == connectionId)
                    return spy.at(seen).at(1).toUrl();
            }
            if (deadline.hasExpired() || !spy.wait(int(qMax<qint64>(1, deadline.remainingTime()))))
                return {};
        }
    }

    // Plays the patient at the portal's sign-in page.
    static bool signIn(const QUrl &url, bool approve) {
        QNetworkAccessManager network;
        AuthorizePageDriver driver(&network);
        QSignalSpy finished(&driver, &AuthorizePageDriver::finished);
        AuthorizePageChoice choice;
        choice.approve = approve;
        driver.run(url, choice);
        return finished.wait(20000) && finished.first().at(0).value<AuthorizePageResult>().ok;
    }

    // Makes the account refresh_failed the way a portal does: its refresh
    // token is revoked and the access token has expired.
    Connection refuseRefresh(const Connection &connection, const QString &portal) {
        adminPost(admin(QStringLiteral("/portals/%1/patients/%2/revoke")
                            .arg(portal, connection.fhirPatientId)));
        adminPost(admin(QStringLiteral("/portals/%1/expire-tokens").arg(portal)));
        engine->pullConnection(connection.id);
        QDeadlineTimer deadline(30000);
        while (account(connection.id).state != ConnectionState::RefreshFailed &&
               !deadline.hasExpired())
            QTest::qWait(50);
        return account(connection.id);
    }

    // The next pull of the account with `trigger` to settle.
    static std::optional<Pull> settled(QSignalSpy &spy, qint64 connectionId, PullTrigger trigger) {
        QDeadlineTimer deadline(60000);
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
};

bool within(const QDateTime &at, qint64 fromSeconds, qint64 toSeconds) {
    const qint64 in = QDateTime::currentDateTimeUtc().secsTo(at);
    return in >= fromSeconds - 5 && in <= toSeconds + 1;
}

} // namespace

class TestFailures : public QObject {
    Q_OBJECT

private slots:
    void retryScheduleBacksOffWithJitter_data() {
        QTest::addColumn<int>("attempt");
        QTest::addColumn<int>("waitSeconds");
        QTest::newRow("1: a minute") << 1 << 60;
        QTest::newRow("2: five minutes") << 2 << 300;
        QTest::newRow("3: half an hour") << 3 << 1800;
        QTest::newRow("4: two hours") << 4 << 7200;
        QTest::newRow("5: a day") << 5 << 86400;
        QTest::newRow("6: a day") << 6 << 86400;
        QTest::newRow("7: none left") << 7 << 0;
    }
    void retryScheduleBacksOffWithJitter() {
        QFETCH(int, attempt);
        QFETCH(int, waitSeconds);
        const Backoff schedule;
        QCOMPARE(schedule.maxAttempts(), 6);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QSet<qint64> waits;
        for (int i = 0; i < 20; ++i) {
            const QDateTime at = schedule.nextAttempt(attempt, now);
            if (waitSeconds == 0) {
                QVERIFY(!at.isValid());
                return;
            }
            const qint64 ms = now.msecsTo(at);
            QVERIFY2(ms >= waitSeconds * 800 && ms <= waitSeconds * 1200,
                     qPrintable(at.toString()));
            waits.insert(ms);
        }
        // Jitter: twenty connections failing together come back apart.
        QVERIFY(waits.size() > 10);
    }

    void settlingClosesEveryOpenQuery_data() { addBackendRows(); }
    void settlingClosesEveryOpenQuery() {
        QFETCH(Backend, backend);
        QTemporaryDir dir;
        const auto db = freshDatabase(backend, dir);
        const Patient patient = PatientRepository(*db).add(QStringLiteral("Ada"));
        const Source source = addUnreachableSource(*db);
        const Connection connection =
            ConnectionRepository(*db).add(patient.id, source.id, ConnectionState::Active);
        PullRepository pulls(*db);
        const Pull pull = pulls.enqueue(connection.id, PullTrigger::Manual);
        for (const QueryStatus status :
             {QueryStatus::Pending, QueryStatus::Running, QueryStatus::Succeeded}) {
            PullQuery query;
            query.pullId = pull.id;
            query.resourceType = QStringLiteral("Condition");
            query.url = QStringLiteral("Condition?patient=1");
            query.status = status;
            pulls.addQuery(query);
        }
        const QString reason = storedError(QStringLiteral("pull.refreshRefused"));
        pulls.settle(pull.id, PullStatus::Failed, FailureKind::TokenRefreshFailed, reason);
        const QList<PullQuery> queries = pulls.queries(pull.id);
        QCOMPARE(queries.size(), 3);
        QCOMPARE(queries.at(0).status, QueryStatus::Failed);
        QCOMPARE(queries.at(0).error, reason);
        QCOMPARE(queries.at(1).status, QueryStatus::Failed);
        QCOMPARE(errorText(queries.at(1).error),
                 QStringLiteral("the portal refused the refresh token; ask the patient to "
                                "reconnect"));
        QCOMPARE(queries.at(2).status, QueryStatus::Succeeded);
        QVERIFY(queries.at(2).error.isEmpty());
    }

    void cancelledFirstConnectLeavesNoAccount() {
        Harness h;
        QSignalSpy added(h.engine.get(), &Engine::patientAdded);
        h.engine->addPatient(QStringLiteral("Grace Hopper"), QStringLiteral("GH-1"));
        QVERIFY(added.wait(10000));
        const qint64 patientId = added.first().at(0).value<Patient>().id;
        QSignalSpy sourceAdded(h.engine.get(), &Engine::sourceAdded);
        h.engine->addSource(QStringLiteral("epic"), h.sandbox.info().portals.first().fhirBase,
                            QStringLiteral("medpull"));
        QVERIFY(sourceAdded.wait(20000));
        const qint64 sourceId = sourceAdded.first().at(0).value<Source>().id;

        QSignalSpy urls(h.engine.get(), &Engine::authorizeUrlReady);
        QSignalSpy removed(h.engine.get(), &Engine::connectionRemoved);
        h.engine->connectSource(patientId, sourceId);
        QVERIFY(Harness::authorizeUrl(urls).isValid());
        const qint64 connectionId = urls.first().at(0).toLongLong();
        QCOMPARE(h.account(connectionId).state, ConnectionState::Pending);
        h.engine->cancelConnect(connectionId);
        QVERIFY(removed.wait(10000));
        QCOMPARE(removed.first().at(0).toLongLong(), connectionId);
        QVERIFY(ConnectionRepository(h.db()).forPatient(patientId).isEmpty());
        QVERIFY(AuthEventRepository(h.db()).forPatient(patientId).isEmpty());
        QCOMPARE(PatientRepository(h.db()).summary(patientId)->accountCount, 0);
    }

    void cancelledReconnectLeavesTheAccountAsItWas() {
        Harness h;
        QVERIFY(h.seed());
        QVERIFY(h.waitUntilSettled());
        const Connection failed =
            h.refuseRefresh(h.accountAt(QStringLiteral("epic")), QStringLiteral("epic"));
        QCOMPARE(failed.state, ConnectionState::RefreshFailed);
        QCOMPARE(failed.failureKind, FailureKind::TokenRefreshFailed);
        QCOMPARE(h.attentionCount(failed.patientId), 1);

        QSignalSpy urls(h.engine.get(), &Engine::authorizeUrlReady);
        QSignalSpy events(h.engine.get(), &Engine::authEventRecorded);
        h.engine->reconnect(failed.id);
        QVERIFY(Harness::authorizeUrl(urls, failed.id).isValid());
        // While the patient signs in, the account still needs attention.
        QCOMPARE(h.account(failed.id).state, ConnectionState::RefreshFailed);
        QCOMPARE(h.attentionCount(failed.patientId), 1);

        h.engine->cancelConnect(failed.id);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const QList<QVariant> &args : std::as_const(events)) {
                    if (args.at(0).value<AuthEvent>().type == AuthEventType::Cancelled)
                        return true;
                }
                return false;
            }(),
            10000);
        const Connection after = h.account(failed.id);
        QCOMPARE(after.state, ConnectionState::RefreshFailed);
        QCOMPARE(after.failureKind, FailureKind::TokenRefreshFailed);
        QCOMPARE(after.failureDetail, failed.failureDetail);
        const AuthEvent latest = AuthEventRepository(h.db()).forConnection(failed.id).first();
        QCOMPARE(latest.type, AuthEventType::Cancelled);
        QCOMPARE(latest.outcome, AuthOutcome::Failure);
        QCOMPARE(errorText(latest.detail), QStringLiteral("The sign-in was cancelled by staff."));
        QCOMPARE(h.attentionCount(failed.patientId), 1);
        const QList<AttentionItem> inbox = AttentionRepository(h.db()).list();
        QCOMPARE(inbox.size(), 1);
        QCOMPARE(inbox.first().kind, FailureKind::TokenRefreshFailed);
        QCOMPARE(inbox.first().connectionId, failed.id);

        // Connecting the patient to the same source again reconnects that
        // account: no second one.
        urls.clear();
        h.engine->connectSource(failed.patientId, failed.sourceId);
        const QUrl url = Harness::authorizeUrl(urls);
        QCOMPARE(urls.first().at(0).toLongLong(), failed.id);
        QVERIFY(Harness::signIn(url, true));
        QTRY_COMPARE_WITH_TIMEOUT(h.account(failed.id).state, ConnectionState::Active, 20000);
        QVERIFY(!h.account(failed.id).failureKind);
        int atSource = 0;
        for (const Connection &c : ConnectionRepository(h.db()).forPatient(failed.patientId))
            atSource += c.sourceId == failed.sourceId ? 1 : 0;
        QCOMPARE(atSource, 1);
        QCOMPARE(h.attentionCount(failed.patientId), 0);
        QSignalSpy refused(h.engine.get(), &Engine::commandFailed);
        h.engine->connectSource(failed.patientId, failed.sourceId);
        QVERIFY(refused.wait(10000));
    }

    void deniedSignInIsPortalAuthFailed() {
        Harness h;
        QVERIFY(h.seed());
        QVERIFY(h.waitUntilSettled());
        const Connection epic = h.accountAt(QStringLiteral("epic"));
        QSignalSpy urls(h.engine.get(), &Engine::authorizeUrlReady);
        h.engine->reconnect(epic.id);
        QVERIFY(Harness::signIn(Harness::authorizeUrl(urls, epic.id), false));
        QTRY_COMPARE_WITH_TIMEOUT(h.account(epic.id).state, ConnectionState::AuthFailed, 20000);
        const Connection after = h.account(epic.id);
        QCOMPARE(after.failureKind, FailureKind::PortalAuthFailed);
        QVERIFY2(errorText(after.failureDetail).contains(QLatin1String("access_denied")),
                 qPrintable(errorText(after.failureDetail)));
        QCOMPARE(h.attentionCount(epic.patientId), 1);
        h.restart();
        QCOMPARE(h.account(epic.id).state, ConnectionState::AuthFailed);
        QCOMPARE(h.attentionCount(epic.patientId), 1);
    }

    void retrievalErrorRetriesOnItsOwn_data() { addBackendRows(); }
    void retrievalErrorRetriesOnItsOwn() {
        QFETCH(Backend, backend);
        Harness h(backend);
        QVERIFY(h.seed());
        QVERIFY(h.waitUntilSettled());
        const Connection cerner = h.accountAt(QStringLiteral("cerner"));
        QVERIFY(cerner.id != 0);
        Source source = *SourceRepository(h.db()).get(cerner.sourceId);
        source.patientEverything = false;
        SourceRepository(h.db()).update(source);
        adminPost(h.admin(QStringLiteral("/faults")), "cerner:status=503@Condition*always");

        // A retryable failure starts the schedule: retry 1 in about a minute.
        QSignalSpy settled(h.engine.get(), &Engine::pullSettled);
        h.engine->pullConnection(cerner.id);
        const std::optional<Pull> manual =
            Harness::settled(settled, cerner.id, PullTrigger::Manual);
        QVERIFY(manual);
        QCOMPARE(manual->status, PullStatus::Partial);
        QCOMPARE(manual->failureKind, FailureKind::RetrievalError);
        for (const PullQuery &query : PullRepository(h.db()).queries(manual->id)) {
            QVERIFY(query.status != QueryStatus::Pending && query.status != QueryStatus::Running);
            if (query.status == QueryStatus::Failed)
                QVERIFY(!query.error.isEmpty());
        }
        Connection account = h.account(cerner.id);
        QCOMPARE(account.state, ConnectionState::Active);
        QCOMPARE(account.failureKind, FailureKind::RetrievalError);
        QCOMPARE(account.retryAttempt, 1);
        QVERIFY2(within(account.retryAt, 48, 72), qPrintable(account.retryAt.toString()));
        // Retrying on its own: not yet a person's job.
        QCOMPARE(h.attentionCount(cerner.patientId), 0);

        // A restart keeps the schedule.
        const QDateTime due = account.retryAt;
        h.restart();
        QCOMPARE(h.account(cerner.id).retryAt, due);
        QCOMPARE(h.account(cerner.id).retryAttempt, 1);

        // When it is due, the retry pull names the pull it retries; still
        // failing, the schedule moves on to retry 2 in about five minutes.
        QSignalSpy after(h.engine.get(), &Engine::pullSettled);
        ConnectionRepository(h.db()).setRetry(cerner.id, 1, QDateTime::currentDateTimeUtc());
        const std::optional<Pull> retry = Harness::settled(after, cerner.id, PullTrigger::Retry);
        QVERIFY(retry);
        QCOMPARE(retry->retryOf, manual->id);
        QCOMPARE(retry->status, PullStatus::Failed);
        account = h.account(cerner.id);
        QCOMPARE(account.retryAttempt, 2);
        QVERIFY2(within(account.retryAt, 240, 360), qPrintable(account.retryAt.toString()));

        // A person's retry runs now and leaves the schedule alone.
        h.engine->retryFailedQueries(retry->id);
        const std::optional<Pull> byHand = Harness::settled(after, cerner.id, PullTrigger::Manual);
        QVERIFY(byHand);
        QCOMPARE(byHand->retryOf, retry->id);
        QCOMPARE(h.account(cerner.id).retryAt, account.retryAt);
        QCOMPARE(h.account(cerner.id).retryAttempt, 2);

        // The last retry failing: the account needs a person.
        QSignalSpy last(h.engine.get(), &Engine::pullSettled);
        ConnectionRepository(h.db()).setRetry(cerner.id, 6, QDateTime::currentDateTimeUtc());
        QVERIFY(Harness::settled(last, cerner.id, PullTrigger::Retry));
        account = h.account(cerner.id);
        QVERIFY(!account.retryAt.isValid());
        QVERIFY(account.needsAttention());
        QCOMPARE(h.attentionCount(cerner.patientId), 1);
        const QList<AttentionItem> inbox = AttentionRepository(h.db()).list();
        QCOMPARE(inbox.size(), 1);
        QCOMPARE(inbox.first().kind, FailureKind::RetrievalError);
        QVERIFY(inbox.first().pullId > 0);
        h.restart();
        QCOMPARE(h.attentionCount(cerner.patientId), 1);

        // The portal recovers; a pull that succeeds ends the retrieval error.
        adminPost(h.admin(QStringLiteral("/faults")), "cerner:clear");
        QSignalSpy recovered(h.engine.get(), &Engine::pullSettled);
        h.engine->pullConnection(cerner.id);
        const std::optional<Pull> fine =
            Harness::settled(recovered, cerner.id, PullTrigger::Manual);
        QVERIFY(fine);
        QCOMPARE(fine->status, PullStatus::Succeeded);
        account = h.account(cerner.id);
        QVERIFY(!account.failureKind);
        QVERIFY(!account.retryAt.isValid());
        QCOMPARE(account.retryAttempt, 0);
        QCOMPARE(h.attentionCount(cerner.patientId), 0);
    }
};

QTEST_GUILESS_MAIN(TestFailures)
#include "tst_failures.moc"
