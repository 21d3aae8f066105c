// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "authorizationflow.h"
#include "authorizepagedriver.h"
#include "fakenetwork.h"
#include "htmlform.h"
#include "pkce.h"
#include "smartdiscovery.h"
#include "source.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

using namespace medpull;
using namespace medpull::test;

class TestAuthFlow : public QObject {
    Q_OBJECT

private slots:
    void authorizeUrlCarriesSmartParameters();
    void successfulLaunch();
    void callbackOutcomes_data();
    void callbackOutcomes();
    void failedExchange();
    void afterSignInPage_data();
    void afterSignInPage();
    void cancel();
    void discovers();
    void discoveryErrors_data();
    void discoveryErrors();
    void notFhirOverRealHttp();
    void unreachablePort();
    void parsesForms();
    void driverApprovesAndDenies_data();
    void driverApprovesAndDenies();
};

#ifndef Q_MOC_RUN

namespace {

const QUrl fhirBase(QStringLiteral("https://ehr.example/fhir"));
const QUrl authorizeEndpoint(QStringLiteral("https://ehr.example/auth/authorize"));
const QUrl tokenEndpoint(QStringLiteral("https://ehr.example/auth/token"));

AuthorizationFlow::Request flowRequest() {
    AuthorizationFlow::Request request;
    request.fhirBase = fhirBase;
    request.authorizeUrl = authorizeEndpoint;
    request.tokenUrl = tokenEndpoint;
    request.clientId = QStringLiteral("medpull");
    return request;
}

// Plays the browser's last step: GET the redirect URI on the real listener.
void browserReturns(QNetworkAccessManager &browser, const QUrl &redirectUri, const QString &query) {
    QUrl url = redirectUri;
    url.setQuery(query);
    QNetworkReply *reply = browser.get(QNetworkRequest(url));
    QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
}

AuthorizationResult waitFor(AuthorizationFlow &flow) {
    QSignalSpy spy(&flow, &AuthorizationFlow::finished);
    if (!spy.wait(5000))
        return {};
    return spy.first().first().value<AuthorizationResult>();
}

QString stateOf(const QUrl &url) {
    return QUrlQuery(url).queryItemValue(QStringLiteral("state"));
}

const QByteArray smartConfig =
    R"({"authorization_endpoint":"https://ehr.example/auth/authorize",)"
    R"("token_endpoint":"https://ehr.example/auth/token",)"
    R"("revocation_endpoint":"https://ehr.example/auth/revoke",)"
    R"("capabilities":["launch-standalone","client-public","permission-v2"],)"
    R"("scopes_supported":["openid","patient/*.rs"],"code_challenge_methods_supported":["S256"]})";
const QByteArray capability =
    R"({"resourceType":"CapabilityStatement","fhirVersion":"4.0.1","rest":[{"mode":"server",)"
    R"("resource":[{"type":"Patient","searchParam":[{"name":"_id"}],"operation":[{"name":"everything",)"
    R"("definition":"http://hl7.org/fhir/OperationDefinition/Patient-everything"}]},)"
    R"({"type":"Observation","searchParam":[{"name":"_lastUpdated"},{"name":"category"}]},)"
    R"({"type":"Practitioner","interaction":[{"code":"read"},{"code":"search-type"}],)"
    R"("searchParam":[{"name":"_id"}]}]}]})";

SmartConfiguration discover(QNetworkAccessManager &network, const QUrl &base) {
    SmartDiscovery discovery(&network);
    discovery.setTimeout(2000);
    QSignalSpy spy(&discovery, &SmartDiscovery::finished);
    discovery.start(base);
    if (!spy.wait(5000))
        return {};
    return spy.first().first().value<SmartConfiguration>();
}

QUrl child(const QString &path) {
    return QUrl(fhirBase.toString() + QLatin1Char('/') + path);
}

const QString consentPage = QStringLiteral(R"(<!DOCTYPE html>
<html><head><title>Sign in</title><script>var x = "<form>";</script></head><body>
<!-- <form action="/wrong"> -->
<form method="POST" action="/auth/decide">
  <input type="hidden" name="session" value="s&amp;1">
  <input type=hidden name=csrf value='tok'>
  <fieldset><legend>Choose patient</legend>
  <label><input type="radio" name="patient" value="p1" checked> Alice <b>Example</b></label>
  <input type="radio" name="patient" value="p2" id="p2"><label for="p2">Bob &amp; Co</label>
  <label><input type="radio" name="patient" value="p3" disabled> Carol</label>
  </fieldset>
  <select name="duration"><option value="1h">One hour<option value="1y" selected>One year</select>
  <input type="checkbox" name="remember" checked>
  <button type="submit" name="decision" value="approve">Approve</button>
  <button name="decision" value="deny">Deny</button>
</form></body></html>)");

} // namespace

void TestAuthFlow::authorizeUrlCarriesSmartParameters() {
    const QUrl url = AuthorizationFlow::buildAuthorizeUrl(
        flowRequest(), QUrl(QStringLiteral("http://127.0.0.1:4321/callback")), "st", "ch");
    const QUrlQuery query(url);
    const auto value = [&](const char *key) {
        return query.queryItemValue(QLatin1String(key), QUrl::FullyDecoded);
    };
    QCOMPARE(value("response_type"), QStringLiteral("code"));
    QCOMPARE(value("client_id"), QStringLiteral("medpull"));
    QCOMPARE(value("redirect_uri"), QStringLiteral("http://127.0.0.1:4321/callback"));
    QCOMPARE(value("scope"),
             QStringLiteral("launch/patient openid fhirUser offline_access patient/*.rs"));
    QCOMPARE(value("aud"), fhirBase.toString());
    QCOMPARE(value("state"), QStringLiteral("st"));
    QCOMPARE(value("code_challenge"), QStringLiteral("ch"));
    QCOMPARE(value("code_challenge_method"), QStringLiteral("S256"));
    QVERIFY(url.toEncoded().contains("aud=https%3A%2F%2Fehr.example%2Ffhir"));

    AuthorizationFlow::Request v1 = flowRequest();
    v1.v2Scopes = false;
    QVERIFY(QUrlQuery(AuthorizationFlow::buildAuthorizeUrl(v1, QUrl(), "s", "c"))
                .queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded)
                .endsWith(QLatin1String("patient/*.read")));
}

void TestAuthFlow::successfulLaunch() {
    FakeNetworkManager network;
    network.setResponse(tokenEndpoint,
                        FakeResponse::json(R"({"access_token":"AT","token_type":"Bearer",)"
                                           R"("expires_in":300,"refresh_token":"RT",)"
                                           R"("scope":"patient/*.rs","patient":"p1"})"));
    QNetworkAccessManager browser;
    AuthorizationFlow flow(&network, flowRequest());
    QSignalSpy events(&flow, &AuthorizationFlow::authEvent);
    QVERIFY(flow.start());
    QCOMPARE(flow.redirectUri().host(), QStringLiteral("127.0.0.1"));
    QVERIFY(flow.redirectUri().port() > 0);
    browserReturns(browser, flow.redirectUri(),
                   QStringLiteral("code=the-code&state=") + stateOf(flow.authorizeUrl()));
    const AuthorizationResult result = waitFor(flow);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.tokens.accessToken, QStringLiteral("AT"));
    QCOMPARE(result.tokens.patient, QStringLiteral("p1"));
    QVERIFY(result.tokens.expiresAt > QDateTime::currentDateTimeUtc());

    const QUrlQuery form(QString::fromUtf8(network.requests().first().body));
    QCOMPARE(form.queryItemValue(QStringLiteral("code")), QStringLiteral("the-code"));
    const QByteArray verifier = form.queryItemValue(QStringLiteral("code_verifier")).toLatin1();
    QCOMPARE(QString::fromLatin1(Pkce::challengeFor(verifier)),
             QUrlQuery(flow.authorizeUrl()).queryItemValue(QStringLiteral("code_challenge")));

    QCOMPARE(events.size(), 3);
    const QList<AuthEventType> types{AuthEventType::SessionStarted, AuthEventType::CallbackReceived,
                                     AuthEventType::CodeExchanged};
    for (int i = 0; i < events.size(); ++i) {
        const auto event = events.at(i).first().value<AuthEvent>();
        QCOMPARE(nameOf(event.type), nameOf(types.at(i)));
        QCOMPARE(nameOf(event.outcome), nameOf(AuthOutcome::Success));
        for (const QString &text : {event.detail, event.errorCode, event.errorDescription}) {
            QVERIFY(!text.contains(QStringLiteral("AT")));
            QVERIFY(!text.contains(QStringLiteral("RT")));
            QVERIFY(!text.contains(QStringLiteral("the-code")));
        }
    }
}

void TestAuthFlow::callbackOutcomes_data() {
    QTest::addColumn<QString>("query"); // STATE is replaced by the flow's state
    QTest::addColumn<AuthorizationResult::Failure>("failure");
    QTest::addColumn<QString>("errorCode");
    QTest::addColumn<QString>("errorDescription");
    QTest::newRow("denied")
        << "error=access_denied&error_description=The+patient+said+no&state=STATE"
        << AuthorizationResult::Failure::Denied << "access_denied"
        << "The patient said no";
    QTest::newRow("server error") << "error=server_error&state=STATE"
                                  << AuthorizationResult::Failure::ErrorCallback << "server_error"
                                  << QString();
    QTest::newRow("state mismatch")
        << "code=abc&state=forged" << AuthorizationResult::Failure::StateMismatch << QString()
        << QString();
    QTest::newRow("no state") << "code=abc" << AuthorizationResult::Failure::StateMismatch
                              << QString() << QString();
    QTest::newRow("no code") << "state=STATE" << AuthorizationResult::Failure::ErrorCallback
                             << QString() << QString();
}

void TestAuthFlow::callbackOutcomes() {
    QFETCH(QString, query);
    QFETCH(AuthorizationResult::Failure, failure);
    QFETCH(QString, errorCode);
    QFETCH(QString, errorDescription);
    FakeNetworkManager network;
    QNetworkAccessManager browser;
    AuthorizationFlow flow(&network, flowRequest());
    QSignalSpy events(&flow, &AuthorizationFlow::authEvent);
    QVERIFY(flow.start());
    browserReturns(browser, flow.redirectUri(),
                   query.replace(QStringLiteral("STATE"), stateOf(flow.authorizeUrl())));
    const AuthorizationResult result = waitFor(flow);
    QCOMPARE(nameOf(result.failure), nameOf(failure));
    QCOMPARE(result.errorCode, errorCode);
    QCOMPARE(result.errorDescription, errorDescription);
    QVERIFY(network.requests().isEmpty()); // no code exchange
    const auto callback = events.last().first().value<AuthEvent>();
    QCOMPARE(nameOf(callback.type), nameOf(AuthEventType::CallbackReceived));
    QCOMPARE(nameOf(callback.outcome), nameOf(AuthOutcome::Failure));
    QCOMPARE(callback.errorCode, errorCode);
}

void TestAuthFlow::failedExchange() {
    FakeNetworkManager network;
    network.setResponse(tokenEndpoint,
                        FakeResponse::json(R"({"error":"invalid_grant","error_description":)"
                                           R"("code expired"})",
                                           400));
    QNetworkAccessManager browser;
    AuthorizationFlow flow(&network, flowRequest());
    QSignalSpy events(&flow, &AuthorizationFlow::authEvent);
    QVERIFY(flow.start());
    browserReturns(browser, flow.redirectUri(),
                   QStringLiteral("code=c&state=") + stateOf(flow.authorizeUrl()));
    const AuthorizationResult result = waitFor(flow);
    QCOMPARE(nameOf(result.failure), nameOf(AuthorizationResult::Failure::ExchangeFailed));
    QCOMPARE(result.errorCode, QStringLiteral("invalid_grant"));
    QCOMPARE(result.errorDescription, QStringLiteral("code expired"));
    const auto exchanged = events.last().first().value<AuthEvent>();
    QCOMPARE(nameOf(exchanged.type), nameOf(AuthEventType::CodeExchanged));
    QCOMPARE(nameOf(exchanged.outcome), nameOf(AuthOutcome::Failure));
}

void TestAuthFlow::afterSignInPage_data() {
    QTest::addColumn<QString>("query"); // STATE is replaced by the flow's state
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("text");
    QTest::newRow("connected") << "code=the-code&state=STATE"
                               << "Connected to Example Health"
                               << "Connected to Example Health. Your records are being "
                                  "retrieved in the background; you can close this window.";
    QTest::newRow("access_denied")
        << "error=access_denied&error_description=The+patient+said+no&state=STATE"
        << "Not connected to Example Health"
        << "You did not allow access to your records at Example Health, so nothing was "
           "connected. To try again, ask the staff to start the connection again.";
}

void TestAuthFlow::afterSignInPage() {
    QFETCH(QString, query);
    QFETCH(QString, title);
    QFETCH(QString, text);
    FakeNetworkManager network;
    // The exchange takes a moment: the page waits for it.
    FakeResponse token = FakeResponse::json(R"({"access_token":"AT","token_type":"Bearer",)"
                                            R"("expires_in":300,"scope":"patient/*.rs"})");
    token.delayMs = 300;
    network.setResponse(tokenEndpoint, token);
    AuthorizationFlow::Request request = flowRequest();
    request.portalName = QStringLiteral("Example Health");
    AuthorizationFlow flow(&network, request);
    QVERIFY(flow.start());
    QUrl url = flow.redirectUri();
    url.setQuery(query.replace(QStringLiteral("STATE"), stateOf(flow.authorizeUrl())));
    QNetworkAccessManager browser;
    QNetworkReply *reply = browser.get(QNetworkRequest(url));
    QSignalSpy done(reply, &QNetworkReply::finished);
    QVERIFY(done.wait(10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(reply->header(QNetworkRequest::ContentTypeHeader)
                .toString()
                .startsWith(QLatin1String("text/html")));
    const QString page = QString::fromUtf8(reply->readAll());
    delete reply;
    QVERIFY2(page.contains(QStringLiteral("<title>%1</title>").arg(title)), qPrintable(page));
    QVERIFY2(page.contains(QStringLiteral("<p>%1</p>").arg(text)), qPrintable(page));
    // Simple and self-contained: nothing loaded from anywhere else.
    QVERIFY(!page.contains(QLatin1String("src=")));
    QVERIFY(!page.contains(QLatin1String("<link")));
    QVERIFY(!page.contains(QLatin1String("http")));
    waitFor(flow);
}

void TestAuthFlow::cancel() {
    FakeNetworkManager network;
    AuthorizationFlow flow(&network, flowRequest());
    QVERIFY(flow.start());
    QTimer::singleShot(0, &flow, &AuthorizationFlow::cancel);
    QCOMPARE(nameOf(waitFor(flow).failure), nameOf(AuthorizationResult::Failure::Cancelled));

    AuthorizationFlow::Request insecure = flowRequest();
    insecure.tokenUrl = QUrl(QStringLiteral("http://ehr.example/token"));
    AuthorizationFlow refused(&network, insecure);
    QSignalSpy spy(&refused, &AuthorizationFlow::finished);
    QVERIFY(!refused.start());
    QVERIFY(spy.wait(5000));
    QCOMPARE(nameOf(spy.first().first().value<AuthorizationResult>().failure),
             nameOf(AuthorizationResult::Failure::InvalidRequest));
}

void TestAuthFlow::discovers() {
    FakeNetworkManager network;
    network.setResponse(child(QStringLiteral(".well-known/smart-configuration")),
                        FakeResponse::json(smartConfig));
    network.setResponse(child(QStringLiteral("metadata")), FakeResponse::json(capability));
    const SmartConfiguration config = discover(network, QUrl(fhirBase.toString() + "/"));
    QVERIFY2(config.ok(), qPrintable(config.errorMessage));
    QCOMPARE(config.fhirBase, fhirBase);
    QCOMPARE(config.authorizeUrl, authorizeEndpoint);
    QCOMPARE(config.tokenUrl, tokenEndpoint);
    QCOMPARE(config.revocationUrl, QUrl(QStringLiteral("https://ehr.example/auth/revoke")));
    QVERIFY(config.supportsV2Scopes);
    QCOMPARE(config.resourceTypeNames(),
             (QStringList{QStringLiteral("Patient"), QStringLiteral("Observation"),
                          QStringLiteral("Practitioner")}));
    QVERIFY(config.supportsLastUpdated(QStringLiteral("Observation")));
    QVERIFY(!config.supportsLastUpdated(QStringLiteral("Patient")));
    QCOMPARE(config.fhirVersion, QStringLiteral("4.0.1"));
    Source source;
    config.applyTo(source);
    QCOMPARE(source.tokenUrl, tokenEndpoint);
    QCOMPARE(source.scopes.last(), QStringLiteral("patient/*.rs"));
    QCOMPARE(source.incrementalTypes, QStringList{QStringLiteral("Observation")});
    // Patient lists _id but no search interaction: it is read, not searched.
    QCOMPARE(source.idSearchTypes, QStringList{QStringLiteral("Practitioner")});
    QVERIFY(source.patientEverything);
}

void TestAuthFlow::discoveryErrors_data() {
    QTest::addColumn<QString>("base");
    QTest::addColumn<QByteArray>("smart");
    QTest::addColumn<int>("smartStatus");
    QTest::addColumn<QByteArray>("metadata");
    QTest::addColumn<SmartConfiguration::Error>("error");
    QTest::addColumn<QString>("message");

    const QString base = fhirBase.toString();
    QTest::newRow("http remote") << "http://ehr.example/fhir" << smartConfig << 200 << capability
                                 << SmartConfiguration::Error::InsecureUrl
                                 << "plain http is only allowed for loopback addresses: "
                                    "http://ehr.example/fhir";
    QTest::newRow("not a url") << "ehr" << smartConfig << 200 << capability
                               << SmartConfiguration::Error::InvalidUrl
                               << "not a valid FHIR base URL: ehr";
    QTest::newRow("not fhir") << base << smartConfig << 200 << QByteArray("<html>hi</html>")
                              << SmartConfiguration::Error::NotFhir
                              << "https://ehr.example/fhir is not a FHIR server: "
                                 "https://ehr.example/fhir/metadata gave no CapabilityStatement";
    QTest::newRow("no smart config")
        << base << QByteArray() << 404 << capability << SmartConfiguration::Error::MissingEndpoints
        << "https://ehr.example/fhir publishes no SMART configuration "
           "(.well-known/smart-configuration gave HTTP 404)";
    QTest::newRow("no token endpoint")
        << base << QByteArray(R"({"authorization_endpoint":"https://ehr.example/a"})") << 200
        << capability << SmartConfiguration::Error::MissingEndpoints
        << "https://ehr.example/fhir SMART configuration lacks token_endpoint";
    QByteArray plainOnly = smartConfig;
    plainOnly.replace("[\"S256\"]", "[\"plain\"]");
    QTest::newRow("no S256") << base << plainOnly << 200 << capability
                             << SmartConfiguration::Error::NoS256
                             << "https://ehr.example/fhir does not support PKCE S256 "
                                "(code_challenge_methods_supported: plain)";
}

void TestAuthFlow::discoveryErrors() {
    QFETCH(QString, base);
    QFETCH(QByteArray, smart);
    QFETCH(int, smartStatus);
    QFETCH(QByteArray, metadata);
    QFETCH(SmartConfiguration::Error, error);
    QFETCH(QString, message);
    FakeNetworkManager network;
    network.setResponse(child(QStringLiteral(".well-known/smart-configuration")),
                        FakeResponse::json(smart, smartStatus));
    network.setResponse(child(QStringLiteral("metadata")), FakeResponse::json(metadata));
    const SmartConfiguration config = discover(network, QUrl(base));
    QCOMPARE(int(config.error), int(error));
    QCOMPARE(config.errorMessage, message);
}

void TestAuthFlow::notFhirOverRealHttp() {
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    connect(&server, &QTcpServer::newConnection, this, [&server] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                socket->readAll();
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 7\r\n"
                              "Connection: close\r\n\r\ngarbage");
                socket->disconnectFromHost();
            });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    QNetworkAccessManager network;
    const QUrl base(QStringLiteral("http://127.0.0.1:%1/fhir").arg(server.serverPort()));
    const SmartConfiguration config = discover(network, base);
    QCOMPARE(int(config.error), int(SmartConfiguration::Error::NotFhir));
    QVERIFY2(config.errorMessage.contains(QStringLiteral("is not a FHIR server")),
             qPrintable(config.errorMessage));
}

void TestAuthFlow::unreachablePort() {
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    QNetworkAccessManager network;
    const SmartConfiguration config =
        discover(network, QUrl(QStringLiteral("http://127.0.0.1:%1/fhir").arg(port)));
    QCOMPARE(int(config.error), int(SmartConfiguration::Error::Unreachable));
    QVERIFY2(config.errorMessage.startsWith(
                 QStringLiteral("cannot reach http://127.0.0.1:%1/fhir: ").arg(port)),
             qPrintable(config.errorMessage));
}

void TestAuthFlow::parsesForms() {
    const QList<HtmlForm> forms = HtmlForm::parse(consentPage);
    QCOMPARE(forms.size(), 1);
    const HtmlForm &form = forms.first();
    QCOMPARE(form.method, QStringLiteral("post"));
    QCOMPARE(form.action, QStringLiteral("/auth/decide"));
    QCOMPARE(form.fields.size(), 9);
    QCOMPARE(form.fields[0].value, QStringLiteral("s&1"));
    QCOMPARE(form.fields[1].value, QStringLiteral("tok"));
    QCOMPARE(form.fields[2].label, QStringLiteral("Alice Example"));
    QVERIFY(form.fields[2].checked);
    QCOMPARE(form.fields[3].label, QStringLiteral("Bob & Co"));
    QVERIFY(form.fields[4].disabled);
    QCOMPARE(form.fields[5].options.size(), 2);
    QCOMPARE(form.fields[5].options[0].text, QStringLiteral("One hour"));
    QVERIFY(form.fields[5].options[1].selected);
    QCOMPARE(form.fields[7].type, QStringLiteral("submit"));
    QCOMPARE(form.fields[8].label, QStringLiteral("Deny"));
}

void TestAuthFlow::driverApprovesAndDenies_data() {
    QTest::addColumn<bool>("approve");
    QTest::addColumn<QString>("patientName");
    QTest::addColumn<int>("patientIndex");
    QTest::addColumn<QString>("expectedBody");
    QTest::newRow("approve by name")
        << true << "bob" << 0
        << "session=s%261&csrf=tok&patient=p2&duration=1y&remember=on&decision=approve";
    QTest::newRow("approve by index")
        << true << QString() << 0
        << "session=s%261&csrf=tok&patient=p1&duration=1y&remember=on&decision=approve";
    QTest::newRow("deny")
        << false << QString() << 1
        << "session=s%261&csrf=tok&patient=p2&duration=1y&remember=on&decision=deny";
}

void TestAuthFlow::driverApprovesAndDenies() {
    QFETCH(bool, approve);
    QFETCH(QString, patientName);
    QFETCH(int, patientIndex);
    QFETCH(QString, expectedBody);
    FakeNetworkManager network;
    const QUrl redirect(QStringLiteral("http://127.0.0.1:9/callback"));
    QUrl authorize = authorizeEndpoint;
    authorize.setQuery(QStringLiteral("response_type=code&redirect_uri=") +
                       QString::fromLatin1(QUrl::toPercentEncoding(redirect.toString())));
    network.setResponse(authorize, [] {
        FakeResponse page;
        page.body = consentPage.toUtf8();
        page.headers = {{"Content-Type", "text/html"}};
        return page;
    }());
    network.setResponse(QUrl(QStringLiteral("https://ehr.example/auth/decide")),
                        FakeResponse::withHeader(FakeResponse::json("", 302), "Location",
                                                 "http://127.0.0.1:9/callback?code=x&state=y"));
    network.setResponse(QUrl(QStringLiteral("http://127.0.0.1:9/callback?code=x&state=y")),
                        FakeResponse::json("closed"));
    AuthorizePageDriver driver(&network);
    QSignalSpy spy(&driver, &AuthorizePageDriver::finished);
    driver.run(authorize, AuthorizePageChoice{approve, patientIndex, patientName});
    QVERIFY(spy.wait(5000));
    const auto result = spy.first().first().value<AuthorizePageResult>();
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.patients,
             (QStringList{QStringLiteral("Alice Example"), QStringLiteral("Bob & Co")}));
    QCOMPARE(result.redirectedTo.query(), QStringLiteral("code=x&state=y"));
    QCOMPARE(network.requests().size(), 3);
    QCOMPARE(QString::fromLatin1(network.requests().at(1).body), expectedBody);
}

#endif

QTEST_GUILESS_MAIN(TestAuthFlow)
#include "tst_authflow.moc"
