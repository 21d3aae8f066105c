// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Registering medpull with portals that demand it, over real HTTP against the
// sandbox: confidential clients (client_secret_basic, client_secret_post,
// private_key_jwt with RS384 and ES384), a fixed redirect URI, an
// online_access-only portal, key rotation, source management, and no secret,
// private key or token in clear in the database or the logs.
#include "autheventrepository.h"
#include "authorizepagedriver.h"
#include "connectionrepository.h"
#include "database.h"
#include "engine.h"
#include "errorcode.h"
#include "jwtsigner.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "sandboxhost.h"
#include "sandboxserver.h"
#include "sourcerepository.h"
#include "storeerror.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTcpServer>
#include <QTest>
#include <QUrlQuery>

using namespace medpull;
using namespace medpull::test;

namespace {

QMutex logMutex;
QStringList logLines;
QtMessageHandler previousHandler = nullptr;

void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &message) {
    {
        QMutexLocker lock(&logMutex);
        logLines << message;
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

struct HttpAnswer {
    int status = 0;
    QJsonDocument body;
};

HttpAnswer request(const QUrl &url, const QByteArray &method = "GET", const QByteArray &body = {},
                   const QByteArray &contentType = "application/json") {
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    QNetworkReply *reply = network.sendCustomRequest(request, method, body);
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(10000);
    HttpAnswer answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                      QJsonDocument::fromJson(reply->readAll())};
    delete reply;
    return answer;
}

quint16 freePort() {
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    return server.serverPort();
}

struct Harness {
    QTemporaryDir dir;
    SandboxHost sandbox;
    std::unique_ptr<Engine> engine;
    QString location;

    Harness()
        : sandbox([] {
            SandboxOptions options;
            options.patients = 2;
            options.resourcesPerPatient = 10;
            options.flakyRandom = false;
            options.registrationPortals = registrationPortalNames();
            options.clientSecret = QStringLiteral("s3cr3t-Basic+Post/Value");
            return options;
        }()) {
        QString error;
        if (!sandbox.start(&error))
            qFatal("sandbox: %s", qPrintable(error));
        location = freshLocation(Backend::Sqlite, dir);
        EngineOptions options;
        options.databaseLocation = location;
        options.keyFileOnly = true;
        options.pollIntervalMs = 200;
        engine = std::make_unique<Engine>(options);
        QSignalSpy started(engine.get(), &Engine::started);
        engine->start();
        if (!started.wait(30000) || !started.first().at(0).toBool())
            qFatal("engine did not start");
    }

    const Database &db() const { return *engine->database(); }

    QUrl admin(const QString &path) const {
        return QUrl(sandbox.info().adminUrl.toString() + path);
    }

    // sourceAdded()/sourceChanged() or the error of commandFailed().
    std::optional<Source> waitForSource(const std::function<void()> &command,
                                        QString *error = nullptr) {
        QSignalSpy added(engine.get(), &Engine::sourceAdded);
        QSignalSpy changed(engine.get(), &Engine::sourceChanged);
        QSignalSpy failed(engine.get(), &Engine::commandFailed);
        command();
        QDeadlineTimer deadline(30000);
        while (added.isEmpty() && changed.isEmpty() && failed.isEmpty() && !deadline.hasExpired())
            QTest::qWait(20);
        if (!added.isEmpty())
            return added.first().at(0).value<Source>();
        if (!changed.isEmpty())
            return changed.first().at(0).value<Source>();
        if (error)
            *error =
                failed.isEmpty() ? QStringLiteral("no answer") : failed.first().at(1).toString();
        return std::nullopt;
    }

    std::optional<Source> addSource(SourceSettings settings, QString *error = nullptr) {
        return waitForSource([&] { engine->addSourceWithSettings(settings); }, error);
    }

    qint64 addPatient(const QString &name) {
        QSignalSpy added(engine.get(), &Engine::patientAdded);
        engine->addPatient(name);
        added.wait(10000);
        return added.first().at(0).value<Patient>().id;
    }

    // Connects a new patient at the source by driving the portal's page as
    // a browser would; the account as it settled, and the authorize URL.
    Connection connect(qint64 sourceId, QUrl *authorizeUrl = nullptr) {
        const qint64 patientId = addPatient(QStringLiteral("Patient at %1").arg(sourceId));
        QNetworkAccessManager network;
        AuthorizePageDriver driver(&network);
        QSignalSpy urls(engine.get(), &Engine::authorizeUrlReady);
        QSignalSpy changes(engine.get(), &Engine::connectionChanged);
        engine->connectSource(patientId, sourceId);
        if (!urls.wait(10000))
            return {};
        const QUrl url = urls.first().at(1).toUrl();
        if (authorizeUrl)
            *authorizeUrl = url;
        driver.run(url);
        const qint64 id = urls.first().at(0).toLongLong();
        QDeadlineTimer deadline(30000);
        while (!deadline.hasExpired()) {
            const auto connection = ConnectionRepository(db()).get(id);
            if (connection && connection->state != ConnectionState::Pending)
                return *connection;
            QTest::qWait(20);
        }
        return *ConnectionRepository(db()).get(id);
    }

    // Expires the portal's access tokens and pulls: the pull refreshes first.
    std::optional<Pull> pullAfterExpiry(const QString &portal, qint64 connectionId) {
        request(admin(QStringLiteral("/portals/%1/expire-tokens").arg(portal)), "POST");
        QSignalSpy settled(engine.get(), &Engine::pullSettled);
        engine->pullConnection(connectionId);
        QDeadlineTimer deadline(60000);
        while (!deadline.hasExpired()) {
            for (const QList<QVariant> &args : std::as_const(settled)) {
                const Pull pull = args.at(0).value<Pull>();
                if (pull.connectionId == connectionId && pull.trigger == PullTrigger::Manual)
                    return pull;
            }
            settled.wait(1000);
        }
        return std::nullopt;
    }

    QList<AuthEvent> events(qint64 connectionId) const {
        return AuthEventRepository(db()).forConnection(connectionId);
    }

    bool registerJwks(const QString &portal, const QJsonObject &jwks) {
        return request(admin(QStringLiteral("/portals/%1/client").arg(portal)), "POST",
                       QJsonDocument(QJsonObject{{QStringLiteral("jwks"), jwks}}).toJson())
                   .status == 200;
    }
};

SourceSettings settingsFor(Harness &h, const QString &portal) {
    SourceSettings settings;
    settings.name = portal;
    settings.fhirBase = h.sandbox.info().fhirBase(portal);
    settings.clientId = QStringLiteral("medpull");
    return settings;
}

bool hasEvent(const QList<AuthEvent> &events, AuthEventType type, AuthOutcome outcome) {
    for (const AuthEvent &event : events) {
        if (event.type == type && event.outcome == outcome)
            return true;
    }
    return false;
}

} // namespace

class TestRegistration : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { previousHandler = qInstallMessageHandler(captureLog); }

    // The registration settings on both backends: written, read back, and a
    // source with an account is never deleted.
    void settingsRoundTrip_data() { addBackendRows(); }
    void settingsRoundTrip() {
        QFETCH(Backend, backend);
        QTemporaryDir dir;
        const std::unique_ptr<Database> db = freshDatabase(backend, dir);
        Source source;
        source.name = QStringLiteral("portal");
        source.fhirBase = QUrl(QStringLiteral("https://fhir.example.org/r4"));
        source.clientId = QStringLiteral("medpull");
        source.scopes = {QStringLiteral("launch/patient"), QStringLiteral("patient/*.rs")};
        source.clientAuth = ClientAuthMethod::PrivateKeyJwt;
        source.redirectUri = QUrl(QStringLiteral("http://127.0.0.1:8765/medpull/callback"));
        source.sealedCredentials = R"({"keyId":"k","nonce":"bg==","ciphertext":"Yw=="})";
        source.jwks = QJsonObject{
            {QStringLiteral("keys"), QJsonArray{QJsonObject{{QStringLiteral("kid"), "a"}}}}};
        SourceRepository sources(*db);
        source = sources.add(source);
        Source read = *sources.get(source.id);
        QCOMPARE(read.clientAuth, ClientAuthMethod::PrivateKeyJwt);
        QCOMPARE(read.redirectUri, source.redirectUri);
        QCOMPARE(read.sealedCredentials, source.sealedCredentials);
        QCOMPARE(read.jwks, source.jwks);
        QVERIFY(read.enabled);

        read.clientAuth = ClientAuthMethod::ClientSecretPost;
        read.redirectUri = QUrl();
        read.maxConcurrentRequests = 2;
        sources.updateSettings(read);
        sources.setEnabled(read.id, false);
        sources.setCredentials(read.id, {}, {});
        read = *sources.get(source.id);
        QCOMPARE(read.clientAuth, ClientAuthMethod::ClientSecretPost);
        QVERIFY(read.redirectUri.isEmpty());
        QCOMPARE(read.maxConcurrentRequests, 2);
        QVERIFY(!read.enabled);
        QVERIFY(read.sealedCredentials.isEmpty());
        QVERIFY(read.jwks.isEmpty());

        const qint64 patient = PatientRepository(*db).add(QStringLiteral("Ada"), {}).id;
        ConnectionRepository(*db).add(patient, source.id);
        QVERIFY_THROWS_EXCEPTION(StoreError, sources.remove(source.id));
        QVERIFY(sources.get(source.id));
        Source other = source;
        other.name = QStringLiteral("other");
        other = sources.add(other);
        sources.remove(other.id);
        QVERIFY(!sources.get(other.id));
    }

    void connectAndRefresh_data() {
        QTest::addColumn<QString>("portal");
        QTest::addColumn<QString>("method"); // empty: chosen from discovery
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<bool>("fixedRedirect");
        QTest::newRow("client_secret_basic (from discovery)")
            << QStringLiteral("confidential-basic") << QString() << QString() << false;
        QTest::newRow("client_secret_post, fixed redirect")
            << QStringLiteral("fixed-redirect") << QStringLiteral("client_secret_post") << QString()
            << true;
        QTest::newRow("private_key_jwt RS384")
            << QStringLiteral("confidential-jwt") << QStringLiteral("private_key_jwt")
            << QStringLiteral("RS384") << false;
        QTest::newRow("private_key_jwt ES384")
            << QStringLiteral("confidential-jwt") << QStringLiteral("private_key_jwt")
            << QStringLiteral("ES384") << false;
    }
    void connectAndRefresh() {
        QFETCH(QString, portal);
        QFETCH(QString, method);
        QFETCH(QString, algorithm);
        QFETCH(bool, fixedRedirect);
        Harness h;
        SourceSettings settings = settingsFor(h, portal);
        if (!method.isEmpty())
            settings.clientAuth = fromName<ClientAuthMethod>(method);
        if (algorithm.isEmpty())
            settings.clientSecret = QStringLiteral("s3cr3t-Basic+Post/Value");
        settings.signingAlgorithm = algorithm;
        QString redirect;
        if (fixedRedirect) {
            redirect = QStringLiteral("http://127.0.0.1:%1/medpull/callback").arg(freePort());
            settings.redirectUri = QUrl(redirect);
            QCOMPARE(request(h.admin(QStringLiteral("/portals/%1/client").arg(portal)), "POST",
                             QJsonDocument(QJsonObject{{QStringLiteral("redirectUris"),
                                                        QJsonArray{redirect}}})
                                 .toJson())
                         .status,
                     200);
        }
        QString error;
        const std::optional<Source> source = h.addSource(settings, &error);
        QVERIFY2(source, qPrintable(error));
        const ClientAuthMethod expected = method.isEmpty() ? ClientAuthMethod::ClientSecretBasic
                                                           : *fromName<ClientAuthMethod>(method);
        QCOMPARE(source->clientAuth, expected);
        if (expected == ClientAuthMethod::PrivateKeyJwt) {
            const QJsonArray keys = source->jwks.value(QStringLiteral("keys")).toArray();
            QCOMPARE(keys.size(), 1);
            QCOMPARE(keys.first().toObject().value(QStringLiteral("alg")).toString(), algorithm);
            QVERIFY(!keys.first().toObject().contains(QStringLiteral("d")));
            QVERIFY(h.registerJwks(portal, source->jwks));
        }

        QUrl authorizeUrl;
        const Connection connection = h.connect(source->id, &authorizeUrl);
        QCOMPARE(connection.state, ConnectionState::Active);
        if (fixedRedirect)
            QCOMPARE(QUrlQuery(authorizeUrl)
                         .queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded),
                     redirect);

        const std::optional<Pull> pull = h.pullAfterExpiry(portal, connection.id);
        QVERIFY(pull);
        QCOMPARE(pull->status, PullStatus::Succeeded);
        QVERIFY(
            hasEvent(h.events(connection.id), AuthEventType::TokenRefreshed, AuthOutcome::Success));
        QCOMPARE(ConnectionRepository(h.db()).get(connection.id)->state, ConnectionState::Active);
    }

    void refusedCredentialsFailAuth_data() {
        QTest::addColumn<QString>("portal");
        QTest::addColumn<QString>("secret"); // empty: private_key_jwt, key not registered
        QTest::newRow("wrong secret")
            << QStringLiteral("confidential-basic") << QStringLiteral("not-the-secret");
        QTest::newRow("unregistered key") << QStringLiteral("confidential-jwt") << QString();
    }
    void refusedCredentialsFailAuth() {
        QFETCH(QString, portal);
        QFETCH(QString, secret);
        Harness h;
        SourceSettings settings = settingsFor(h, portal);
        if (secret.isEmpty()) {
            settings.clientAuth = ClientAuthMethod::PrivateKeyJwt;
        } else {
            settings.clientSecret = secret;
        }
        QString error;
        const std::optional<Source> source = h.addSource(settings, &error);
        QVERIFY2(source, qPrintable(error));
        const Connection connection = h.connect(source->id);
        QCOMPARE(connection.state, ConnectionState::AuthFailed);
        QCOMPARE(connection.failureKind, std::optional<FailureKind>(FailureKind::PortalAuthFailed));
        QVERIFY2(connection.failureDetail.contains(QLatin1String("invalid_client")),
                 qPrintable(connection.failureDetail));
        bool found = false;
        for (const AuthEvent &event : h.events(connection.id)) {
            if (event.type == AuthEventType::CodeExchanged &&
                event.outcome == AuthOutcome::Failure) {
                QCOMPARE(event.errorCode, QStringLiteral("invalid_client"));
                QVERIFY(!event.errorDescription.isEmpty());
                found = true;
            }
        }
        QVERIFY(found);
    }

    // The portal's side of private_key_jwt: a replayed assertion, one for
    // another audience and an expired one are refused.
    void replayedAssertionRefused() {
        Harness h;
        const std::optional<SigningKey> key = JwtSigner::generate(QStringLiteral("ES384"));
        QVERIFY(key);
        QVERIFY(h.registerJwks(QStringLiteral("confidential-jwt"), JwtSigner::jwks({*key})));
        const QString tokenUrl = h.sandbox.info().baseUrl.toString() +
                                 QStringLiteral("/portals/confidential-jwt/auth/token");
        const auto post = [&](const QByteArray &assertion) {
            QUrlQuery form;
            form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
            form.addQueryItem(QStringLiteral("refresh_token"), QStringLiteral("unknown"));
            form.addQueryItem(
                QStringLiteral("client_assertion_type"),
                QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
            form.addQueryItem(QStringLiteral("client_assertion"), QString::fromLatin1(assertion));
            const HttpAnswer answer =
                request(QUrl(tokenUrl), "POST", form.toString(QUrl::FullyEncoded).toLatin1(),
                        "application/x-www-form-urlencoded");
            return answer.body.object().value(QStringLiteral("error")).toString() +
                   QLatin1Char(' ') +
                   answer.body.object().value(QStringLiteral("error_description")).toString();
        };
        const QByteArray assertion =
            JwtSigner::clientAssertion(*key, QStringLiteral("medpull"), tokenUrl);
        // The client is authenticated; only the refresh token is bad.
        QVERIFY2(post(assertion).startsWith(QLatin1String("invalid_grant")),
                 qPrintable(post(assertion)));
        const QString replayed = post(assertion);
        QVERIFY2(replayed.startsWith(QLatin1String("invalid_client")) &&
                     replayed.contains(QLatin1String("jti")),
                 qPrintable(replayed));
        const QString otherAudience = post(JwtSigner::clientAssertion(
            *key, QStringLiteral("medpull"), tokenUrl + QStringLiteral("/elsewhere")));
        QVERIFY2(otherAudience.contains(QLatin1String("aud")), qPrintable(otherAudience));
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QString expired =
            post(JwtSigner::sign(*key, {{QStringLiteral("iss"), QStringLiteral("medpull")},
                                        {QStringLiteral("sub"), QStringLiteral("medpull")},
                                        {QStringLiteral("aud"), tokenUrl},
                                        {QStringLiteral("jti"), QStringLiteral("expired-one")},
                                        {QStringLiteral("exp"), now - 600}}));
        QVERIFY2(expired.contains(QLatin1String("exp")), qPrintable(expired));
        const std::optional<SigningKey> stranger = JwtSigner::generate(QStringLiteral("RS384"));
        const QString unknownKey =
            post(JwtSigner::clientAssertion(*stranger, QStringLiteral("medpull"), tokenUrl));
        QVERIFY2(unknownKey.startsWith(QLatin1String("invalid_client")), qPrintable(unknownKey));
    }

    void onlineAccessOnly() {
        Harness h;
        QString error;
        const std::optional<Source> source =
            h.addSource(settingsFor(h, QStringLiteral("online-only")), &error);
        QVERIFY2(source, qPrintable(error));
        QVERIFY(source->scopes.contains(QStringLiteral("online_access")));
        QVERIFY(!source->scopes.contains(QStringLiteral("offline_access")));
        const Connection connection = h.connect(source->id);
        QCOMPARE(connection.state, ConnectionState::Active);
        bool said = false;
        for (const AuthEvent &event : h.events(connection.id)) {
            if (event.type == AuthEventType::CodeExchanged &&
                ErrorCode::decode(event.detail).code == QLatin1String("online_access_only")) {
                said =
                    errorText(event.detail)
                        .contains(QLatin1String("only while the patient's portal session lasts"));
            }
        }
        QVERIFY(said);
    }

    // A rotated key is used first; while the portal does not know it the
    // old one still works, and once the new one worked the old one goes.
    void keyRotation() {
        Harness h;
        const QString portal = QStringLiteral("confidential-jwt");
        SourceSettings settings = settingsFor(h, portal);
        settings.clientAuth = ClientAuthMethod::PrivateKeyJwt;
        std::optional<Source> source = h.addSource(settings);
        QVERIFY(source);
        QVERIFY(h.registerJwks(portal, source->jwks));
        const QJsonObject firstJwks = source->jwks;
        const Connection connection = h.connect(source->id);
        QCOMPARE(connection.state, ConnectionState::Active);

        SourceSettings rotate;
        rotate.rotateSigningKey = true;
        source = h.waitForSource([&] { h.engine->editSource(source->id, rotate); });
        QVERIFY(source);
        QCOMPARE(source->jwks.value(QStringLiteral("keys")).toArray().size(), 2);

        // The portal still has only the old key.
        std::optional<Pull> pull = h.pullAfterExpiry(portal, connection.id);
        QVERIFY(pull);
        QCOMPARE(pull->status, PullStatus::Succeeded);
        QCOMPARE(SourceRepository(h.db())
                     .get(source->id)
                     ->jwks.value(QStringLiteral("keys"))
                     .toArray()
                     .size(),
                 2);

        // The admin registers the new JWKS: the new key works, the old goes.
        QVERIFY(h.registerJwks(portal, source->jwks));
        pull = h.pullAfterExpiry(portal, connection.id);
        QVERIFY(pull);
        QCOMPARE(pull->status, PullStatus::Succeeded);
        const QJsonArray keys =
            SourceRepository(h.db()).get(source->id)->jwks.value(QStringLiteral("keys")).toArray();
        QCOMPARE(keys.size(), 1);
        QVERIFY(keys.first() != firstJwks.value(QStringLiteral("keys")).toArray().first());
    }

    void sourceManagement() {
        Harness h;
        QString error;
        std::optional<Source> source =
            h.addSource(settingsFor(h, QStringLiteral("online-only")), &error);
        QVERIFY2(source, qPrintable(error));

        // Validation names the field, and nothing changes.
        SourceSettings bad;
        bad.redirectUri = QUrl(QStringLiteral("https://example.org/callback"));
        QVERIFY(!h.waitForSource([&] { h.engine->editSource(source->id, bad); }, &error));
        QVERIFY2(error.startsWith(QLatin1String("redirect URI")), qPrintable(error));
        SourceSettings noSecret = settingsFor(h, QStringLiteral("confidential-basic"));
        noSecret.clientAuth = ClientAuthMethod::ClientSecretBasic;
        QVERIFY(!h.addSource(noSecret, &error));
        QVERIFY2(error.startsWith(QLatin1String("client secret")), qPrintable(error));
        SourceSettings wrongMethod = settingsFor(h, QStringLiteral("confidential-jwt"));
        wrongMethod.clientAuth = ClientAuthMethod::None;
        QVERIFY(!h.addSource(wrongMethod, &error));
        QVERIFY2(error.startsWith(QLatin1String("client authentication")), qPrintable(error));

        SourceSettings edit;
        edit.maxConcurrentRequests = 2;
        edit.requestsPerSecond = 5;
        edit.fullPullDays = 3;
        edit.pullIntervalSeconds = 3600;
        edit.scopes = QStringList{QStringLiteral("launch/patient"), QStringLiteral("patient/*.rs"),
                                  QStringLiteral("online_access")};
        source = h.waitForSource([&] { h.engine->editSource(source->id, edit); }, &error);
        QVERIFY2(source, qPrintable(error));
        const Source stored = *SourceRepository(h.db()).get(source->id);
        QCOMPARE(stored.maxConcurrentRequests, 2);
        QCOMPARE(stored.requestsPerSecond, 5.0);
        QCOMPARE(stored.fullPullDays, 3);
        QCOMPARE(stored.pullIntervalSeconds, 3600);
        QCOMPARE(stored.scopes, *edit.scopes);

        const Connection connection = h.connect(source->id);
        QCOMPARE(connection.state, ConnectionState::Active);

        // Removing a source with an account disables it; history stays.
        source = h.waitForSource([&] { h.engine->removeSource(source->id); });
        QVERIFY(source);
        QVERIFY(!source->enabled);
        QVERIFY(SourceRepository(h.db()).get(source->id));
        QVERIFY(!h.events(connection.id).isEmpty());
        QSignalSpy failed(h.engine.get(), &Engine::commandFailed);
        h.engine->connectSource(connection.patientId, source->id);
        QVERIFY(failed.wait(10000));
        QVERIFY2(failed.first().at(1).toString().contains(QLatin1String("disabled")),
                 qPrintable(failed.first().at(1).toString()));
        source = h.waitForSource([&] { h.engine->enableSource(source->id); });
        QVERIFY(source && source->enabled);

        // A source without accounts is deleted.
        const std::optional<Source> unused =
            h.addSource(settingsFor(h, QStringLiteral("epic")), &error);
        QVERIFY2(unused, qPrintable(error));
        QSignalSpy removed(h.engine.get(), &Engine::sourceRemoved);
        h.engine->removeSource(unused->id);
        QVERIFY(removed.wait(10000));
        QVERIFY(!SourceRepository(h.db()).get(unused->id));
    }

    // Everything medpull stored and logged, read raw: no client secret, no
    // private key, no token of any portal.
    void noSecretInClear() {
        Harness h;
        {
            QMutexLocker lock(&logMutex);
            logLines.clear();
        }
        const QString secret = QStringLiteral("s3cr3t-Basic+Post/Value");
        SourceSettings basic = settingsFor(h, QStringLiteral("confidential-basic"));
        basic.clientSecret = secret;
        const std::optional<Source> basicSource = h.addSource(basic);
        QVERIFY(basicSource);
        SourceSettings jwt = settingsFor(h, QStringLiteral("confidential-jwt"));
        jwt.clientAuth = ClientAuthMethod::PrivateKeyJwt;
        const std::optional<Source> jwtSource = h.addSource(jwt);
        QVERIFY(jwtSource);
        QVERIFY(h.registerJwks(QStringLiteral("confidential-jwt"), jwtSource->jwks));
        const Connection basicAccount = h.connect(basicSource->id);
        const Connection jwtAccount = h.connect(jwtSource->id);
        QCOMPARE(basicAccount.state, ConnectionState::Active);
        QCOMPARE(jwtAccount.state, ConnectionState::Active);
        QVERIFY(h.pullAfterExpiry(QStringLiteral("confidential-basic"), basicAccount.id));
        QVERIFY(h.pullAfterExpiry(QStringLiteral("confidential-jwt"), jwtAccount.id));

        QStringList tokens;
        for (const QString &portal :
             {QStringLiteral("confidential-basic"), QStringLiteral("confidential-jwt")}) {
            for (const QJsonValue &token :
                 request(h.admin(QStringLiteral("/portals/%1/tokens").arg(portal))).body.array())
                tokens << token.toString();
        }
        QVERIFY(tokens.size() >= 4);

        // Every row of every table, as text and as raw bytes.
        QByteArray rows;
        QSqlQuery tables(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"),
                         h.db().connection());
        while (tables.next()) {
            QSqlQuery query(QStringLiteral("SELECT * FROM \"%1\"").arg(tables.value(0).toString()),
                            h.db().connection());
            while (query.next()) {
                for (int i = 0; i < query.record().count(); ++i)
                    rows += query.value(i).toByteArray() + '\n';
            }
        }
        QVERIFY(rows.contains("client_secret_basic"));
        // The database file and its write-ahead log as they lie on disk.
        for (const QString &suffix : {QString(), QStringLiteral("-wal")}) {
            QFile file(h.location + suffix);
            if (file.open(QIODevice::ReadOnly))
                rows += file.readAll();
        }
        QByteArray log;
        {
            QMutexLocker lock(&logMutex);
            log = logLines.join(QLatin1Char('\n')).toUtf8();
        }
        for (const QByteArray *haystack : {&rows, &log}) {
            QVERIFY(!haystack->contains(secret.toUtf8()));
            QVERIFY(!haystack->contains(QUrl::toPercentEncoding(secret)));
            QVERIFY(!haystack->contains("PRIVATE KEY"));
            QVERIFY(!haystack->contains("\"d\":"));
            for (const QString &token : std::as_const(tokens))
                QVERIFY2(!haystack->contains(token.toLatin1()), "a token in clear");
        }
    }
};

QTEST_GUILESS_MAIN(TestRegistration)
#include "tst_registration.moc"
