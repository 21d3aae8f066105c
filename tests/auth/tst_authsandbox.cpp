// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "authorizationflow.h"
#include "authorizepagedriver.h"
#include "fhirclient.h"
#include "sandboxhost.h"
#include "smartdiscovery.h"
#include "tokenclient.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace medpull;

// A full SMART standalone launch against the sandbox portals over real
// loopback HTTP: discovery, the authorize page driven like a browser, code
// exchange, a FHIR read with the token, refresh, and revocation.
class TestAuthSandbox : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void launchRefreshRevoke_data();
    void launchRefreshRevoke();
    void denyEndsAsAccessDenied();

private:
    SmartConfiguration discover(const QString &portal);
    AuthorizationResult launch(const SmartConfiguration &config, const AuthorizePageChoice &choice,
                               QList<AuthEvent> *events = nullptr);

    std::unique_ptr<SandboxHost> m_sandbox;
    QNetworkAccessManager m_network;
};

#ifndef Q_MOC_RUN

void TestAuthSandbox::initTestCase() {
    SandboxOptions options;
    options.flakyRandom = false;
    m_sandbox = std::make_unique<SandboxHost>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
}

SmartConfiguration TestAuthSandbox::discover(const QString &portal) {
    SmartDiscovery discovery(&m_network);
    QSignalSpy spy(&discovery, &SmartDiscovery::finished);
    discovery.start(m_sandbox->info().fhirBase(portal));
    if (!spy.wait(10000))
        return {};
    return spy.first().first().value<SmartConfiguration>();
}

AuthorizationResult TestAuthSandbox::launch(const SmartConfiguration &config,
                                            const AuthorizePageChoice &choice,
                                            QList<AuthEvent> *events) {
    AuthorizationFlow::Request request;
    request.fhirBase = config.fhirBase;
    request.authorizeUrl = config.authorizeUrl;
    request.tokenUrl = config.tokenUrl;
    request.clientId = QStringLiteral("medpull");
    request.v2Scopes = config.supportsV2Scopes;
    AuthorizationFlow flow(&m_network, request);
    AuthorizePageDriver driver(&m_network);
    connect(&flow, &AuthorizationFlow::authorizeUrlReady, &driver,
            [&driver, choice](const QUrl &url) { driver.run(url, choice); });
    if (events) {
        connect(&flow, &AuthorizationFlow::authEvent, this,
                [events](const AuthEvent &event) { events->append(event); });
    }
    QSignalSpy driven(&driver, &AuthorizePageDriver::finished);
    QSignalSpy finished(&flow, &AuthorizationFlow::finished);
    if (!flow.start() || !finished.wait(10000))
        return {};
    if (!driven.isEmpty() || driven.wait(10000)) {
        const auto page = driven.first().first().value<AuthorizePageResult>();
        if (!page.ok)
            qWarning("authorize page: %s", qPrintable(page.error));
    }
    return finished.first().first().value<AuthorizationResult>();
}

void TestAuthSandbox::launchRefreshRevoke_data() {
    QTest::addColumn<QString>("portal");
    QTest::addColumn<bool>("rotates");
    QTest::newRow("epic") << "epic" << true;
    QTest::newRow("cerner") << "cerner" << false;
}

void TestAuthSandbox::launchRefreshRevoke() {
    QFETCH(QString, portal);
    QFETCH(bool, rotates);
    const SmartConfiguration config = discover(portal);
    QVERIFY2(config.ok(), qPrintable(config.errorMessage));
    QVERIFY(config.codeChallengeMethods.contains(QStringLiteral("S256")));
    QVERIFY(!config.resourceTypes.isEmpty());

    QList<AuthEvent> events;
    const AuthorizationResult result = launch(config, AuthorizePageChoice{true, 1, {}}, &events);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QVERIFY(!result.tokens.accessToken.isEmpty());
    QVERIFY(!result.tokens.refreshToken.isEmpty());
    QVERIFY(!result.tokens.patient.isEmpty());
    QVERIFY(result.tokens.expiresAt.isValid());
    QCOMPARE(events.size(), 3);

    // The token reads the patient it was granted for.
    struct StaticToken : AccessTokenProvider {
        QString token;
        QString accessToken() const override { return token; }
        void refreshAccessToken(const QString &,
                                std::function<void(bool, const QString &)> done) override {
            done(false, QStringLiteral("no refresh in this test"));
        }
    } tokens;
    tokens.token = result.tokens.accessToken;
    FhirClient::Options options;
    options.fhirBase = config.fhirBase;
    FhirClient client(&m_network, options, &tokens);
    QSignalSpy read(client.read(QStringLiteral("Patient"), result.tokens.patient),
                    &FhirRequest::finished);
    QVERIFY(read.wait(10000));
    const auto patient = read.first().first().value<FhirResult>();
    QVERIFY2(patient.ok(), qPrintable(patient.error));
    QVERIFY(patient.body.contains(result.tokens.patient.toUtf8()));

    TokenClient tokenClient(&m_network);
    QSignalSpy refreshed(
        tokenClient.refresh(config.tokenUrl, QStringLiteral("medpull"), result.tokens),
        &TokenRequest::finished);
    QVERIFY(refreshed.wait(10000));
    const auto refresh = refreshed.first().first().value<TokenResult>();
    QVERIFY2(refresh.ok(), qPrintable(refresh.message));
    QCOMPARE(refresh.rotated, rotates);
    QCOMPARE(refresh.tokens.patient, result.tokens.patient);
    QVERIFY(refresh.tokens.accessToken != result.tokens.accessToken);

    QUrl revokeUrl = m_sandbox->info().adminUrl;
    revokeUrl.setPath(
        revokeUrl.path() +
        QStringLiteral("/portals/%1/patients/%2/revoke").arg(portal, result.tokens.patient));
    QNetworkReply *revoke = m_network.post(QNetworkRequest(revokeUrl), QByteArray());
    QSignalSpy revoked(revoke, &QNetworkReply::finished);
    QVERIFY(revoked.wait(10000));
    QCOMPARE(revoke->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    revoke->deleteLater();

    QSignalSpy dead(tokenClient.refresh(config.tokenUrl, QStringLiteral("medpull"), refresh.tokens),
                    &TokenRequest::finished);
    QVERIFY(dead.wait(10000));
    const auto afterRevoke = dead.first().first().value<TokenResult>();
    QCOMPARE(nameOf(afterRevoke.status), nameOf(TokenResult::Status::InvalidGrant));
    QCOMPARE(afterRevoke.errorCode, QStringLiteral("invalid_grant"));
}

void TestAuthSandbox::denyEndsAsAccessDenied() {
    const SmartConfiguration config = discover(QStringLiteral("epic"));
    QVERIFY2(config.ok(), qPrintable(config.errorMessage));
    QList<AuthEvent> events;
    const AuthorizationResult result = launch(config, AuthorizePageChoice{false, 0, {}}, &events);
    QCOMPARE(nameOf(result.failure), nameOf(AuthorizationResult::Failure::Denied));
    QCOMPARE(result.errorCode, QStringLiteral("access_denied"));
    QCOMPARE(events.size(), 2);
    QCOMPARE(nameOf(events.last().type), nameOf(AuthEventType::CallbackReceived));
    QCOMPARE(events.last().errorCode, QStringLiteral("access_denied"));
}

#endif

QTEST_GUILESS_MAIN(TestAuthSandbox)
#include "tst_authsandbox.moc"
