// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Event webhooks: the outbox written with the state changes that cause its
// events, signed deliveries over real loopback HTTP, retries, in-order
// delivery per connection, auto-disable and re-enable, redelivery, and the
// whole engine against the sandbox portals firing each event once per cause.

#include "authorizepagedriver.h"
#include "backoff.h"
#include "connectionrepository.h"
#include "database.h"
#include "demoseeder.h"
#include "engine.h"
#include "errorcode.h"
#include "eventdispatcher.h"
#include "eventendpointrepository.h"
#include "eventoutbox.h"
#include "eventrepository.h"
#include "eventsignature.h"
#include "httpreceiver.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "resourcerepository.h"
#include "sandboxhost.h"
#include "sourcerepository.h"
#include "testsupport.h"
#include "transaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace medpull;
using namespace medpull::test;

namespace {

const QByteArray secret = "whsec-tr0ub4dor";

QJsonObject parsed(const QByteArray &json) {
    return QJsonDocument::fromJson(json).object();
}

// A database with one patient and two active connections.
struct Fixture {
    QTemporaryDir dir;
    std::shared_ptr<Database> db;
    Patient patient;
    Connection first;
    Connection second;

    explicit Fixture(Backend backend = Backend::Sqlite)
        : db(Database::open(freshLocation(backend, dir))) {
        patient = PatientRepository(*db).add(QStringLiteral("Ada Lovelace"), QStringLiteral("A-1"));
        const Source source = addUnreachableSource(*db);
        first = ConnectionRepository(*db).add(patient.id, source.id, ConnectionState::Active);
        second = ConnectionRepository(*db).add(patient.id, source.id, ConnectionState::Active);
    }

    EventEndpoint addEndpoint(const QUrl &url, const QStringList &types = {QStringLiteral("*")}) {
        EventEndpoint endpoint;
        endpoint.name =
            QStringLiteral("backend-%1").arg(EventEndpointRepository(*db).list().size());
        endpoint.url = url.toString();
        endpoint.eventTypes = types;
        endpoint.config = {{QStringLiteral("secret"), QString::fromLatin1(secret)}};
        return EventEndpointRepository(*db).add(endpoint);
    }

    // An event written as the engine writes one: in the transaction of its
    // state change.
    OutboxEvent record(EventType type, const Connection &connection) {
        Transaction transaction(*db);
        ConnectionRepository(*db).setState(connection.id, ConnectionState::Active);
        const OutboxEvent event = EventOutbox::record(*db, type, connection.id);
        transaction.commit();
        return event;
    }

    QList<EventDelivery> log(qint64 endpointId) const {
        return EventRepository(*db).forEndpoint(endpointId);
    }

    int delivered(qint64 endpointId) const {
        int count = 0;
        for (const EventDelivery &delivery : log(endpointId))
            count += delivery.status == DeliveryStatus::Delivered ? 1 : 0;
        return count;
    }
};

std::unique_ptr<EventDispatcher> fastDispatcher(const std::shared_ptr<Database> &db,
                                                int attempts = 9) {
    auto dispatcher = std::make_unique<EventDispatcher>(db, QStringLiteral("test"));
    dispatcher->setBackoffSchedule(QList<qint64>(attempts - 1, 30));
    dispatcher->setPollInterval(20);
    dispatcher->setTimeout(2000);
    return dispatcher;
}

QJsonDocument adminRequest(const QUrl &url, const QByteArray &method = "GET",
                           const QByteArray &body = {}) {
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = network.sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(30000);
    const QJsonDocument document = QJsonDocument::fromJson(reply->readAll());
    delete reply;
    return document;
}

} // namespace

class TestEvents : public QObject {
    Q_OBJECT

private slots:
    void signatureVerifiesAndRefusesReplays() {
        const QByteArray body = R"({"id":"e1","type":"connection.connected"})";
        const qint64 timestamp = 1767225600; // 2026-01-01T00:00:00Z
        const QByteArray header = EventSignature::sign(body, secret, timestamp);
        // A reference HMAC-SHA256 over "<timestamp>.<body>", computed apart
        // from the signing code.
        QCOMPARE(header, "v1=" + QMessageAuthenticationCode::hash(
                                     QByteArray::number(timestamp) + '.' + body, secret,
                                     QCryptographicHash::Sha256)
                                     .toHex());
        const QDateTime signedAt = QDateTime::fromSecsSinceEpoch(timestamp, Qt::UTC);
        using EventSignature::Verdict;
        QCOMPARE(EventSignature::verify(body, secret, "1767225600", header, signedAt.addSecs(30)),
                 Verdict::Valid);
        QCOMPARE(EventSignature::verify(body + ' ', secret, "1767225600", header, signedAt),
                 Verdict::BadSignature);
        QCOMPARE(EventSignature::verify(body, "wrong", "1767225600", header, signedAt),
                 Verdict::BadSignature);
        // Replayed later: the signature still matches, the timestamp is old.
        QCOMPARE(EventSignature::verify(body, secret, "1767225600", header, signedAt.addSecs(600)),
                 Verdict::Stale);
        // A replayer cannot make the timestamp fresh: it is signed.
        QCOMPARE(EventSignature::verify(body, secret, "1767226200", header, signedAt.addSecs(600)),
                 Verdict::BadSignature);
        QCOMPARE(EventSignature::verify(body, secret, "not-a-time", header, signedAt),
                 Verdict::BadSignature);
    }

    void deliveredSignedWithTheDocumentedEnvelope_data() { addBackendRows(); }
    void deliveredSignedWithTheDocumentedEnvelope() {
        QFETCH(Backend, backend);
        Fixture f(backend);
        HttpReceiver receiver([](const HttpReceiver::Request &) {
            return HttpReceiver::Response{204, {}};
        });
        const EventEndpoint endpoint = f.addEndpoint(receiver.url(QStringLiteral("/events")));
        const OutboxEvent event = f.record(EventType::ConnectionConnected, f.first);

        auto dispatcher = fastDispatcher(f.db);
        dispatcher->start();
        QTRY_COMPARE_WITH_TIMEOUT(f.delivered(endpoint.id), 1, 15000);
        QCOMPARE(receiver.requests().size(), 1);
        const HttpReceiver::Request &request = receiver.requests().first();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QByteArray("/events"));
        QCOMPARE(request.body, event.body);
        QCOMPARE(request.headers.value("x-medpull-event"), QByteArray("connection.connected"));
        QCOMPARE(request.headers.value("x-medpull-event-id"), event.uuid.toLatin1());
        const QByteArray timestamp = request.headers.value("x-medpull-timestamp");
        QVERIFY(qAbs(timestamp.toLongLong() - QDateTime::currentSecsSinceEpoch()) < 60);
        QCOMPARE(EventSignature::verify(request.body, secret, timestamp,
                                        request.headers.value("x-medpull-signature")),
                 EventSignature::Verdict::Valid);

        const QJsonObject envelope = parsed(request.body);
        QCOMPARE(envelope.value(QStringLiteral("id")).toString(), event.uuid);
        QCOMPARE(envelope.value(QStringLiteral("type")).toString(),
                 QStringLiteral("connection.connected"));
        QCOMPARE(envelope.value(QStringLiteral("api_version")).toString(), QStringLiteral("1"));
        QVERIFY(QDateTime::fromString(envelope.value(QStringLiteral("created_at")).toString(),
                                      Qt::ISODateWithMs)
                    .isValid());
        const QJsonObject data = envelope.value(QStringLiteral("data")).toObject();
        QCOMPARE(data[QStringLiteral("patient")][QStringLiteral("name")].toString(),
                 QStringLiteral("Ada Lovelace"));
        QCOMPARE(data[QStringLiteral("patient")][QStringLiteral("externalId")].toString(),
                 QStringLiteral("A-1"));
        QCOMPARE(data[QStringLiteral("connection")][QStringLiteral("id")].toInteger(), f.first.id);
        QCOMPARE(data[QStringLiteral("connection")][QStringLiteral("source")].toString(),
                 QStringLiteral("epic"));
        QCOMPARE(data[QStringLiteral("connection")][QStringLiteral("state")].toString(),
                 QStringLiteral("active"));
        QVERIFY(data[QStringLiteral("pull")].isNull());
        const EventDelivery delivery = f.log(endpoint.id).first();
        QCOMPARE(delivery.attempts, 1);
        QCOMPARE(delivery.httpStatus, 204);
    }

    // An event is in the outbox only when its state change committed.
    void eventsShareTheStateChangesTransaction() {
        Fixture f;
        {
            Transaction transaction(*f.db);
            ConnectionRepository(*f.db).setState(f.first.id, ConnectionState::RefreshFailed,
                                                 FailureKind::TokenRefreshFailed);
            EventOutbox::record(*f.db, EventType::ConnectionTokenRefreshFailed, f.first.id);
            // No commit: as if the process died here.
        }
        QCOMPARE(ConnectionRepository(*f.db).get(f.first.id)->state, ConnectionState::Active);
        QVERIFY(EventRepository(*f.db).list().isEmpty());
    }

    void failingSixTimesThenSucceedingIsDeliveredOnce() {
        Fixture f;
        int calls = 0;
        HttpReceiver receiver([&](const HttpReceiver::Request &) {
            return ++calls <= 6 ? HttpReceiver::Response{503, "busy"}
                                : HttpReceiver::Response{200, "ok"};
        });
        const EventEndpoint endpoint = f.addEndpoint(receiver.url());
        const OutboxEvent event = f.record(EventType::ConnectionAuthFailed, f.first);
        auto dispatcher = fastDispatcher(f.db);
        dispatcher->start();
        QTRY_COMPARE_WITH_TIMEOUT(f.delivered(endpoint.id), 1, 20000);
        QCOMPARE(receiver.requests().size(), 7);
        for (const HttpReceiver::Request &request : receiver.requests())
            QCOMPARE(request.headers.value("x-medpull-event-id"), event.uuid.toLatin1());
        const EventDelivery delivery = f.log(endpoint.id).first();
        QCOMPARE(delivery.attempts, 7);
        QVERIFY(delivery.lastError.isEmpty());
        QVERIFY(EventEndpointRepository(*f.db).get(endpoint.id)->enabled);
        // Nothing more is sent once it is delivered.
        QTest::qWait(200);
        QCOMPARE(receiver.requests().size(), 7);
    }

    void neverSucceedingDisablesTheEndpointUntilReenabled() {
        Fixture f;
        bool up = false;
        HttpReceiver receiver([&](const HttpReceiver::Request &) {
            return up ? HttpReceiver::Response{200, "ok"}
                      : HttpReceiver::Response{500, "receiver broken"};
        });
        const EventEndpoint endpoint = f.addEndpoint(receiver.url());
        const OutboxEvent first = f.record(EventType::ConnectionConnected, f.first);
        auto dispatcher = fastDispatcher(f.db, 9);
        QSignalSpy disabled(dispatcher.get(), &EventDispatcher::endpointChanged);
        dispatcher->start();
        QVERIFY(disabled.wait(20000));
        QCOMPARE(receiver.requests().size(), 9);
        const EventEndpoint after = *EventEndpointRepository(*f.db).get(endpoint.id);
        QVERIFY(!after.enabled);
        const QString why = errorText(after.disabledReason);
        QVERIFY2(why.contains(QStringLiteral("9 failed attempts")) && why.contains(first.uuid) &&
                     why.contains(QStringLiteral("HTTP 500")) &&
                     why.contains(QStringLiteral("receiver broken")),
                 qPrintable(why));
        QCOMPARE(f.log(endpoint.id).first().status, DeliveryStatus::Failed);

        // Meanwhile more happens; nothing goes to a disabled endpoint.
        const OutboxEvent second = f.record(EventType::ConnectionTokenRefreshFailed, f.first);
        QTest::qWait(300);
        QCOMPARE(receiver.requests().size(), 9);

        // An admin fixes the receiver and enables the endpoint: what is
        // pending goes out, in order.
        up = true;
        EventEndpointRepository(*f.db).setEnabled(endpoint.id, true);
        QTRY_COMPARE_WITH_TIMEOUT(f.delivered(endpoint.id), 2, 15000);
        QCOMPARE(receiver.requests().size(), 11);
        QCOMPARE(receiver.requests().at(9).headers.value("x-medpull-event-id"),
                 first.uuid.toLatin1());
        QCOMPARE(receiver.requests().at(10).headers.value("x-medpull-event-id"),
                 second.uuid.toLatin1());
        QVERIFY(EventEndpointRepository(*f.db).get(endpoint.id)->disabledReason.isEmpty());
    }

    void eachConnectionsEventsArriveInOrder() {
        Fixture f;
        QByteArray failing;
        int failures = 0;
        HttpReceiver receiver([&](const HttpReceiver::Request &request) {
            // The first connection's first event fails three times.
            if (request.headers.value("x-medpull-event-id") == failing && failures < 3) {
                ++failures;
                return HttpReceiver::Response{502, "later"};
            }
            return HttpReceiver::Response{200, "ok"};
        });
        const EventEndpoint endpoint = f.addEndpoint(receiver.url());
        const OutboxEvent a1 = f.record(EventType::ConnectionConnected, f.first);
        failing = a1.uuid.toLatin1();
        const OutboxEvent b1 = f.record(EventType::ConnectionConnected, f.second);
        const OutboxEvent a2 = f.record(EventType::ConnectionTokenRefreshFailed, f.first);
        const OutboxEvent b2 = f.record(EventType::ConnectionTokenRefreshFailed, f.second);
        auto dispatcher = fastDispatcher(f.db);
        dispatcher->start();
        QTRY_COMPARE_WITH_TIMEOUT(f.delivered(endpoint.id), 4, 20000);
        QStringList firstConnection;
        QStringList secondConnection;
        for (const HttpReceiver::Request &request : receiver.requests()) {
            const QJsonObject envelope = parsed(request.body);
            const qint64 connection =
                envelope[QStringLiteral("data")][QStringLiteral("connection")][QStringLiteral("id")]
                    .toInteger();
            (connection == f.first.id ? firstConnection : secondConnection)
                .append(envelope[QStringLiteral("id")].toString());
        }
        // The first connection's second event waited for its first.
        QCOMPARE(firstConnection, (QStringList{a1.uuid, a1.uuid, a1.uuid, a1.uuid, a2.uuid}));
        // The second connection was not held up by the first one's retries.
        QCOMPARE(secondConnection, (QStringList{b1.uuid, b2.uuid}));
    }

    void filteredEndpointsAndRedelivery() {
        Fixture f;
        HttpReceiver receiver([](const HttpReceiver::Request &) {
            return HttpReceiver::Response{200, "ok"};
        });
        const EventEndpoint all = f.addEndpoint(receiver.url(QStringLiteral("/all")));
        const EventEndpoint failures = f.addEndpoint(receiver.url(QStringLiteral("/failures")),
                                                     {QStringLiteral("connection.auth_failed")});
        const OutboxEvent connected = f.record(EventType::ConnectionConnected, f.first);
        const OutboxEvent failed = f.record(EventType::ConnectionAuthFailed, f.second);
        auto dispatcher = fastDispatcher(f.db);
        dispatcher->start();
        QTRY_COMPARE_WITH_TIMEOUT(f.delivered(all.id) + f.delivered(failures.id), 3, 15000);
        QCOMPARE(f.log(failures.id).size(), 1);
        QCOMPARE(f.log(failures.id).first().eventUuid, failed.uuid);

        // Redeliver a past event: sent again, same id and body.
        EventRepository(*f.db).redeliver(all.id, connected.id);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests().size(), 4, 15000);
        QCOMPARE(receiver.requests().last().body, connected.body);
        QCOMPARE(receiver.requests().last().path, QByteArray("/all"));
        QTRY_COMPARE_WITH_TIMEOUT(f.delivered(all.id), 2, 15000);
        // And one the filtered endpoint never had: sent on request.
        EventRepository(*f.db).redeliver(failures.id, connected.id);
        QTRY_COMPARE_WITH_TIMEOUT(f.delivered(failures.id), 2, 15000);
        QCOMPARE(receiver.requests().last().path, QByteArray("/failures"));
    }

    void noAnswerWithinTheTimeoutIsAFailedAttempt() {
        Fixture f;
        int calls = 0;
        HttpReceiver receiver([&](const HttpReceiver::Request &) {
            HttpReceiver::Response response{200, "ok"};
            response.hang = ++calls == 1;
            return response;
        });
        const EventEndpoint endpoint = f.addEndpoint(receiver.url());
        f.record(EventType::ConnectionConnected, f.first);
        auto dispatcher = fastDispatcher(f.db);
        dispatcher->setTimeout(300);
        dispatcher->start();
        QTRY_COMPARE_WITH_TIMEOUT(f.delivered(endpoint.id), 1, 15000);
        QCOMPARE(f.log(endpoint.id).first().attempts, 2);
    }

    // The engine against the sandbox portals: each event type once per cause.
    void engineFiresEachEventOncePerCause() {
        QTemporaryDir dir;
        SandboxOptions sandboxOptions;
        sandboxOptions.patients = 2;
        sandboxOptions.resourcesPerPatient = 20;
        sandboxOptions.flakyRandom = false;
        SandboxHost sandbox(sandboxOptions);
        QString error;
        QVERIFY2(sandbox.start(&error), qPrintable(error));
        QList<QByteArray> bodies;
        HttpReceiver receiver([&](const HttpReceiver::Request &request) {
            bodies.append(request.body);
            return HttpReceiver::Response{200, "ok"};
        });
        EngineOptions options;
        options.databaseLocation = freshLocation(Backend::Sqlite, dir);
        options.keyFileOnly = true;
        options.pollIntervalMs = 200;
        options.leaseSeconds = 10;
        {
            // The endpoint exists before anything happens.
            auto db = Database::open(options.databaseLocation);
            EventEndpoint endpoint;
            endpoint.name = QStringLiteral("backend");
            endpoint.url = receiver.url().toString();
            endpoint.config = {{QStringLiteral("secret"), QString::fromLatin1(secret)}};
            EventEndpointRepository(*db).add(endpoint);
        }
        Engine engine(options);
        QSignalSpy started(&engine, &Engine::started);
        engine.start();
        QVERIFY(started.wait(30000) && started.first().at(0).toBool());
        const Database &db = *engine.database();

        DemoSeeder seeder(&engine, {sandbox.info().adminUrl, 2, false});
        QSignalSpy seeded(&seeder, &DemoSeeder::finished);
        seeder.start();
        QVERIFY(seeded.wait(120000));
        const int accounts = seeded.first().at(0).toInt();
        QVERIFY(accounts >= 1);
        QTRY_VERIFY_WITH_TIMEOUT(PullRepository(db).unsettled().isEmpty(), 120000);
        const QList<Connection> connections = ConnectionRepository(db).list();
        QCOMPARE(connections.size(), accounts);
        // An account at a portal with $everything: one request fails the pull.
        Connection account = connections.first();
        for (const Connection &connection : connections) {
            if (SourceRepository(db).get(connection.sourceId)->name != QLatin1String("flaky"))
                account = connection;
        }
        const QString portal = SourceRepository(db).get(account.sourceId)->name;
        const QString adminUrl = sandbox.info().adminUrl.toString();

        // A pull that fails outright: retried on its own, so not final yet.
        adminRequest(QUrl(adminUrl + QStringLiteral("/faults")), "POST",
                     portal.toUtf8() + ":truncate*always");
        QSignalSpy settled(&engine, &Engine::pullSettled);
        engine.pullConnection(account.id);
        QVERIFY(settled.wait(60000));
        QCOMPARE(settled.first().at(0).value<Pull>().status, PullStatus::Failed);
        QVERIFY(ConnectionRepository(db).get(account.id)->retryAt.isValid());
        // Its last automatic retry fails too: now the failure is final.
        ConnectionRepository(db).setRetry(account.id, Backoff().maxAttempts(),
                                          QDateTime::currentDateTimeUtc());
        settled.clear();
        const auto settledRetry = [&] {
            for (const QList<QVariant> &arguments : std::as_const(settled)) {
                const Pull pull = arguments.at(0).value<Pull>();
                if (pull.trigger == PullTrigger::Retry)
                    return pull;
            }
            return Pull{};
        };
        QTRY_VERIFY_WITH_TIMEOUT(settledRetry().id != 0, 60000);
        QCOMPARE(settledRetry().status, PullStatus::Failed);
        QVERIFY(!ConnectionRepository(db).get(account.id)->retryAt.isValid());
        adminRequest(QUrl(adminUrl + QStringLiteral("/faults")), "POST",
                     portal.toUtf8() + ":clear");

        // A refresh token the portal revoked.
        adminRequest(QUrl(adminUrl + QStringLiteral("/portals/%1/patients/%2/revoke")
                                         .arg(portal, account.fhirPatientId)),
                     "POST");
        adminRequest(QUrl(adminUrl + QStringLiteral("/portals/%1/expire-tokens").arg(portal)),
                     "POST");
        settled.clear();
        engine.pullConnection(account.id);
        QVERIFY(settled.wait(60000));
        QTRY_COMPARE_WITH_TIMEOUT(ConnectionRepository(db).get(account.id)->state,
                                  ConnectionState::RefreshFailed, 10000);

        // A patient who denies access at the portal.
        const Patient denier =
            PatientRepository(db).add(QStringLiteral("Denise Nay"), QStringLiteral("D-1"));
        QSignalSpy authorizeUrl(&engine, &Engine::authorizeUrlReady);
        QSignalSpy changed(&engine, &Engine::connectionChanged);
        engine.connectSource(denier.id, account.sourceId);
        QVERIFY(authorizeUrl.wait(30000));
        QNetworkAccessManager browser;
        AuthorizePageDriver driver(&browser);
        AuthorizePageChoice choice;
        choice.approve = false;
        driver.run(authorizeUrl.first().at(1).toUrl(), choice);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const Connection &c : ConnectionRepository(db).forPatient(denier.id)) {
                    if (c.state == ConnectionState::AuthFailed)
                        return true;
                }
                return false;
            }(),
            30000);

        // Every event arrives; count them per type and cause.
        const int expectedTotal = accounts /*connected*/ + accounts /*completed*/ + 1 /*failed*/ +
                                  1 /*refresh failed*/ + 1 /*auth failed*/;
        QTRY_COMPARE_WITH_TIMEOUT(bodies.size(), expectedTotal, 30000);
        QMap<QString, QList<QJsonObject>> byType;
        QSet<QString> ids;
        for (const QByteArray &body : std::as_const(bodies)) {
            const QJsonObject envelope = parsed(body);
            QVERIFY(!ids.contains(envelope[QStringLiteral("id")].toString()));
            ids.insert(envelope[QStringLiteral("id")].toString());
            byType[envelope[QStringLiteral("type")].toString()].append(envelope);
        }
        QCOMPARE(byType.value(QStringLiteral("connection.connected")).size(), accounts);
        QCOMPARE(byType.value(QStringLiteral("records.sync.completed")).size(), accounts);
        QCOMPARE(byType.value(QStringLiteral("records.sync.failed")).size(), 1);
        QCOMPARE(byType.value(QStringLiteral("connection.token_refresh_failed")).size(), 1);
        QCOMPARE(byType.value(QStringLiteral("connection.auth_failed")).size(), 1);

        for (const QJsonObject &completed :
             byType.value(QStringLiteral("records.sync.completed"))) {
            const QJsonObject data = completed[QStringLiteral("data")].toObject();
            const qint64 connectionId =
                data[QStringLiteral("connection")][QStringLiteral("id")].toInteger();
            const qint64 pullId = data[QStringLiteral("pull")][QStringLiteral("id")].toInteger();
            const Pull pull = *PullRepository(db).get(pullId);
            QCOMPARE(pull.connectionId, connectionId);
            QCOMPARE(data[QStringLiteral("pull")][QStringLiteral("trigger")].toString(),
                     QStringLiteral("connect"));
            // The counts per type are what the pull stored.
            qint64 sum = 0;
            const QJsonObject counts =
                data[QStringLiteral("changes")][QStringLiteral("counts")].toObject();
            for (auto it = counts.begin(); it != counts.end(); ++it)
                sum += it.value().toInteger();
            QCOMPARE(sum, pull.counts.created + pull.counts.updated);
            QCOMPARE(data[QStringLiteral("changes")][QStringLiteral("total")].toInteger(), sum);
            QCOMPARE(counts.value(QStringLiteral("Patient")).toInteger(), 1);
        }
        const QJsonObject failed = byType.value(QStringLiteral("records.sync.failed"))
                                       .first()[QStringLiteral("data")]
                                       .toObject();
        QCOMPARE(failed[QStringLiteral("pull")][QStringLiteral("status")].toString(),
                 QStringLiteral("failed"));
        QCOMPARE(failed[QStringLiteral("pull")][QStringLiteral("failureKind")].toString(),
                 QStringLiteral("retrieval_error"));
        const QJsonObject refresh = byType.value(QStringLiteral("connection.token_refresh_failed"))
                                        .first()[QStringLiteral("data")]
                                        .toObject();
        QCOMPARE(refresh[QStringLiteral("connection")][QStringLiteral("id")].toInteger(),
                 account.id);
        QCOMPARE(refresh[QStringLiteral("connection")][QStringLiteral("state")].toString(),
                 QStringLiteral("refresh_failed"));
        QCOMPARE(
            refresh[QStringLiteral("connection")][QStringLiteral("failure")][QStringLiteral("kind")]
                .toString(),
            QStringLiteral("token_refresh_failed"));
        const QJsonObject denied = byType.value(QStringLiteral("connection.auth_failed"))
                                       .first()[QStringLiteral("data")]
                                       .toObject();
        QCOMPARE(denied[QStringLiteral("patient")][QStringLiteral("name")].toString(),
                 QStringLiteral("Denise Nay"));
        QCOMPARE(denied[QStringLiteral("connection")][QStringLiteral("state")].toString(),
                 QStringLiteral("auth_failed"));
        QVERIFY(denied[QStringLiteral("connection")][QStringLiteral("failure")]
                      [QStringLiteral("detail")]
                          .toString()
                          .contains(QStringLiteral("access_denied")));
        engine.stop();
    }
};

QTEST_GUILESS_MAIN(TestEvents)
#include "tst_events.moc"
