// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sandboxclient.h"
#include "sandboxdata.h"
#include "sandboxhost.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace medpull;
using Reply = SandboxClient::Reply;

namespace {

const QStringList Categories = {QStringLiteral("vital-signs"), QStringLiteral("laboratory"),
                                QStringLiteral("social-history")};

} // namespace

class TestSandbox : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();

    void discovery_data();
    void discovery();
    void capabilityStatement();
    void pkce();
    void deny();
    void rejectedAuthorize_data();
    void rejectedAuthorize();
    void tokenErrors_data();
    void tokenErrors();
    void refresh_data();
    void refresh();
    void revocation();
    void unauthorized();
    void ownPatientOnly();
    void scopesV1Only();
    void completePull_data();
    void completePull();
    void countCap_data();
    void countCap();
    void lastUpdatedAfterAdvance();
    void everything_data();
    void everything();
    void everythingFaults();
    void observationCategoryRule();
    void binary();
    void searchById();
    void faults_data();
    void faults();
    void targetedFault();
    void flakyIsDeterministic();
    void badFaultSpec();
    void destination();
    void datasetDeterministic();
    void executable();

private:
    Reply admin(const QByteArray &method, const QString &path, const QByteArray &body = {});
    SandboxClient::Tokens login(const QString &portal, int patient = 1);
    QUrl base(const QString &portal) const { return m_host.info().fhirBase(portal); }
    QJsonArray pageAll(QUrl url, const QString &token, int *pages = nullptr);

    SandboxHost m_host{[] {
        SandboxOptions options;
        options.patients = 4;
        options.resourcesPerPatient = 60;
        options.flakyRandom = false;
        options.destinations = {QStringLiteral("warehouse")};
        return options;
    }()};
    SandboxClient m_client;
};

void TestSandbox::initTestCase() {
    QString error;
    QVERIFY2(m_host.start(&error), qPrintable(error));
    QCOMPARE(m_host.info().portals.size(), 3);
}

void TestSandbox::cleanup() {
    QCOMPARE(admin("DELETE", QStringLiteral("/faults")).status, 200);
}

Reply TestSandbox::admin(const QByteArray &method, const QString &path, const QByteArray &body) {
    return m_client.send(method, m_host.info().adminUrl + path, body);
}

SandboxClient::Tokens TestSandbox::login(const QString &portal, int patient) {
    return m_client.login(base(portal), SandboxClient::patientId(portal, patient));
}

QJsonArray TestSandbox::pageAll(QUrl url, const QString &token, int *pages) {
    QJsonArray entries;
    int count = 0;
    while (url.isValid() && !url.isEmpty()) {
        const Reply reply = m_client.get(url, token);
        if (reply.status != 200) {
            qWarning() << "page failed" << url << reply.status << reply.body.left(300);
            return {};
        }
        ++count;
        const QJsonObject bundle = reply.json();
        for (const QJsonValue &entry : bundle.value(QStringLiteral("entry")).toArray())
            entries.append(entry);
        url.clear();
        for (const QJsonValue &link : bundle.value(QStringLiteral("link")).toArray()) {
            if (link[QStringLiteral("relation")].toString() == QLatin1String("next"))
                url = QUrl(link[QStringLiteral("url")].toString());
        }
    }
    if (pages)
        *pages = count;
    return entries;
}

void TestSandbox::discovery_data() {
    QTest::addColumn<QString>("portal");
    QTest::addColumn<bool>("v2");
    QTest::newRow("epic") << QStringLiteral("epic") << true;
    QTest::newRow("cerner") << QStringLiteral("cerner") << true;
    QTest::newRow("flaky") << QStringLiteral("flaky") << false;
}

void TestSandbox::discovery() {
    QFETCH(QString, portal);
    QFETCH(bool, v2);
    const Reply reply =
        m_client.get(base(portal) + QStringLiteral("/.well-known/smart-configuration"));
    QCOMPARE(reply.status, 200);
    const QJsonObject config = reply.json();
    const SandboxPortalInfo info = [&] {
        for (const SandboxPortalInfo &p : m_host.info().portals) {
            if (p.name == portal)
                return p;
        }
        return SandboxPortalInfo();
    }();
    QCOMPARE(config[QStringLiteral("authorization_endpoint")].toString(),
             info.authorizationEndpoint.toString());
    QCOMPARE(config[QStringLiteral("token_endpoint")].toString(), info.tokenEndpoint.toString());
    QCOMPARE(config[QStringLiteral("revocation_endpoint")].toString(),
             info.revocationEndpoint.toString());
    QCOMPARE(config[QStringLiteral("code_challenge_methods_supported")].toArray(),
             QJsonArray{QStringLiteral("S256")});
    const QVariantList capabilities =
        config[QStringLiteral("capabilities")].toArray().toVariantList();
    for (const char *capability :
         {"launch-standalone", "context-standalone-patient", "permission-offline", "client-public"})
        QVERIFY2(capabilities.contains(QString::fromLatin1(capability)), capability);
    QCOMPARE(capabilities.contains(QStringLiteral("permission-v2")), v2);
    const QVariantList scopes =
        config[QStringLiteral("scopes_supported")].toArray().toVariantList();
    QVERIFY(scopes.contains(QStringLiteral("patient/*.read")));
    QCOMPARE(scopes.contains(QStringLiteral("patient/*.rs")), v2);
}

void TestSandbox::capabilityStatement() {
    const Reply reply = m_client.get(base(QStringLiteral("epic")) + QStringLiteral("/metadata"));
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.header("Content-Type").startsWith("application/fhir+json"));
    const QJsonObject statement = reply.json();
    QCOMPARE(statement[QStringLiteral("resourceType")].toString(),
             QStringLiteral("CapabilityStatement"));
    QSet<QString> types;
    bool lastUpdated = false;
    for (const QJsonValue &resource :
         statement[QStringLiteral("rest")][0][QStringLiteral("resource")].toArray()) {
        types.insert(resource[QStringLiteral("type")].toString());
        for (const QJsonValue &param : resource[QStringLiteral("searchParam")].toArray())
            lastUpdated |=
                param[QStringLiteral("name")].toString() == QLatin1String("_lastUpdated");
    }
    for (const QString &type : SandboxClient::searchTypes())
        QVERIFY2(types.contains(type), qPrintable(type));
    QVERIFY(types.contains(QStringLiteral("Binary")));
    QVERIFY(lastUpdated);
}

void TestSandbox::pkce() {
    const QUrl fhir = base(QStringLiteral("epic"));
    const QUrl authorizeUrl = fhir.resolved(QUrl(QStringLiteral("auth/authorize")));
    const QUrl tokenUrl = fhir.resolved(QUrl(QStringLiteral("auth/token")));
    const auto codeFor = [&] {
        const Reply redirect =
            m_client.authorize(authorizeUrl,
                               SandboxClient::authorizeParams(
                                   fhir, SandboxClient::challenge(SandboxClient::verifier()),
                                   QStringLiteral("launch/patient patient/*.rs offline_access")),
                               QStringLiteral("eP2"), QStringLiteral("approve"));
        const QUrlQuery query = redirect.redirectQuery();
        // A redirect without the request's state carries no usable code.
        if (redirect.status != 302 ||
            query.queryItemValue(QStringLiteral("state")) != QLatin1String("st4te"))
            return QString();
        return query.queryItemValue(QStringLiteral("code"));
    };
    const auto exchange = [&](const QString &code, const QString &verifier) {
        return m_client.exchange(tokenUrl, SandboxClient::codeExchangeForm(code, verifier));
    };

    const QString code = codeFor();
    QVERIFY(!code.isEmpty());
    const Reply granted = exchange(code, SandboxClient::verifier());
    QCOMPARE(granted.status, 200);
    const QJsonObject token = granted.json();
    QCOMPARE(token[QStringLiteral("token_type")].toString(), QStringLiteral("Bearer"));
    QCOMPARE(token[QStringLiteral("patient")].toString(), QStringLiteral("eP2"));
    QVERIFY(token[QStringLiteral("expires_in")].toInt() > 0);
    QVERIFY(!token[QStringLiteral("access_token")].toString().isEmpty());
    QVERIFY(!token[QStringLiteral("refresh_token")].toString().isEmpty());
    QVERIFY(token[QStringLiteral("scope")].toString().contains(QStringLiteral("patient/*.rs")));

    const Reply reused = exchange(code, SandboxClient::verifier());
    QCOMPARE(reused.status, 400);
    QCOMPARE(reused.json()[QStringLiteral("error")].toString(), QStringLiteral("invalid_grant"));

    const QString second = codeFor();
    QVERIFY(!second.isEmpty());
    const Reply badVerifier = exchange(second, SandboxClient::verifier() + QStringLiteral("x"));
    QCOMPARE(badVerifier.status, 400);
    QCOMPARE(badVerifier.json()[QStringLiteral("error")].toString(),
             QStringLiteral("invalid_grant"));
}

void TestSandbox::deny() {
    const QUrl fhir = base(QStringLiteral("cerner"));
    const Reply redirect = m_client.authorize(
        fhir.resolved(QUrl(QStringLiteral("auth/authorize"))),
        SandboxClient::authorizeParams(fhir, SandboxClient::challenge(SandboxClient::verifier()),
                                       QStringLiteral("patient/*.read")),
        QStringLiteral("cP1"), QStringLiteral("deny"));
    QCOMPARE(redirect.status, 302);
    QVERIFY(redirect.header("Location").startsWith("http://127.0.0.1:9/callback?"));
    const QUrlQuery query = redirect.redirectQuery();
    QCOMPARE(query.queryItemValue(QStringLiteral("error")), QStringLiteral("access_denied"));
    QVERIFY(!query.queryItemValue(QStringLiteral("error_description")).isEmpty());
    QCOMPARE(query.queryItemValue(QStringLiteral("state")), QStringLiteral("st4te"));
    QVERIFY(!query.hasQueryItem(QStringLiteral("code")));
}

void TestSandbox::rejectedAuthorize_data() {
    QTest::addColumn<QString>("param");
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error"); // in the redirect; empty: an error page
    QTest::newRow("client_id") << "client_id"
                               << "someone-else" << 400 << "";
    QTest::newRow("redirect https") << "redirect_uri"
                                    << "https://evil.example.org/cb" << 400 << "";
    QTest::newRow("redirect remote") << "redirect_uri"
                                     << "http://192.0.2.1/cb" << 400 << "";
    QTest::newRow("aud") << "aud"
                         << "http://127.0.0.1:1/fhir" << 302 << "invalid_request";
    QTest::newRow("method plain") << "code_challenge_method"
                                  << "plain" << 302 << "invalid_request";
    QTest::newRow("no challenge") << "code_challenge"
                                  << "" << 302 << "invalid_request";
    QTest::newRow("response_type") << "response_type"
                                   << "token" << 302 << "unsupported_response_type";
    QTest::newRow("no state") << "state"
                              << "" << 302 << "invalid_request";
    QTest::newRow("scope") << "scope"
                           << "openid" << 302 << "invalid_scope";
}

void TestSandbox::rejectedAuthorize() {
    QFETCH(QString, param);
    QFETCH(QString, value);
    QFETCH(int, status);
    QFETCH(QString, error);
    const QUrl fhir = base(QStringLiteral("epic"));
    QUrlQuery params =
        SandboxClient::authorizeParams(fhir, SandboxClient::challenge(SandboxClient::verifier()),
                                       QStringLiteral("patient/*.read"));
    params.removeAllQueryItems(param);
    params.addQueryItem(param, value);
    QUrl url = fhir.resolved(QUrl(QStringLiteral("auth/authorize")));
    QUrlQuery encoded;
    for (const auto &item : params.queryItems(QUrl::FullyDecoded))
        encoded.addQueryItem(item.first, QString::fromLatin1(QUrl::toPercentEncoding(item.second)));
    url.setQuery(encoded);
    const Reply reply = m_client.get(url);
    QCOMPARE(reply.status, status);
    if (error.isEmpty()) {
        QVERIFY(reply.header("Content-Type").startsWith("text/html"));
        QVERIFY(reply.header("Location").isEmpty());
    } else {
        QCOMPARE(reply.redirectQuery().queryItemValue(QStringLiteral("error")), error);
        QVERIFY(!reply.redirectQuery().hasQueryItem(QStringLiteral("code")));
    }
}

void TestSandbox::tokenErrors_data() {
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    QTest::newRow("grant type") << QByteArray("grant_type=password&client_id=medpull") << 400
                                << "unsupported_grant_type";
    QTest::newRow("client") << QByteArray("grant_type=refresh_token&client_id=x&refresh_token=y")
                            << 401 << "invalid_client";
    QTest::newRow("no code") << QByteArray("grant_type=authorization_code&client_id=medpull") << 400
                             << "invalid_request";
    QTest::newRow("bad code")
        << QByteArray("grant_type=authorization_code&client_id=medpull&code=nope&code_verifier=v"
                      "&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcallback")
        << 400 << "invalid_grant";
    QTest::newRow("bad refresh")
        << QByteArray("grant_type=refresh_token&client_id=medpull&refresh_token=nope") << 400
        << "invalid_grant";
}

void TestSandbox::tokenErrors() {
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, error);
    const Reply reply = m_client.post(
        base(QStringLiteral("epic")).resolved(QUrl(QStringLiteral("auth/token"))), body);
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.json()[QStringLiteral("error")].toString(), error);
}

void TestSandbox::refresh_data() {
    QTest::addColumn<QString>("portal");
    QTest::addColumn<bool>("rotates");
    QTest::newRow("epic rotates") << QStringLiteral("epic") << true;
    QTest::newRow("cerner keeps") << QStringLiteral("cerner") << false;
}

void TestSandbox::refresh() {
    QFETCH(QString, portal);
    QFETCH(bool, rotates);
    const SandboxClient::Tokens tokens = login(portal);
    QVERIFY(!tokens.refresh.isEmpty());
    const QUrl tokenUrl = base(portal).resolved(QUrl(QStringLiteral("auth/token")));
    const auto refreshWith = [&](const QString &refresh) {
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        form.addQueryItem(QStringLiteral("refresh_token"), refresh);
        form.addQueryItem(QStringLiteral("client_id"), QStringLiteral("medpull"));
        return m_client.exchange(tokenUrl, form);
    };
    const Reply first = refreshWith(tokens.refresh);
    QCOMPARE(first.status, 200);
    const QString next = first.json()[QStringLiteral("refresh_token")].toString();
    const QString access = first.json()[QStringLiteral("access_token")].toString();
    QVERIFY(access != tokens.access);
    QCOMPARE(next != tokens.refresh, rotates);
    QCOMPARE(
        m_client.get(base(portal) + QStringLiteral("/Patient/") + tokens.patient, access).status,
        200);
    const Reply again = refreshWith(tokens.refresh);
    QCOMPARE(again.status, rotates ? 400 : 200);
    if (rotates)
        QCOMPARE(again.json()[QStringLiteral("error")].toString(), QStringLiteral("invalid_grant"));
    QCOMPARE(refreshWith(next).status, 200);
}

void TestSandbox::revocation() {
    const QString portal = QStringLiteral("cerner");
    const QUrl tokenUrl = base(portal).resolved(QUrl(QStringLiteral("auth/token")));
    const auto refreshWith = [&](const QString &refresh) {
        return m_client.post(tokenUrl, "grant_type=refresh_token&client_id=medpull&refresh_token=" +
                                           QUrl::toPercentEncoding(refresh));
    };
    // RFC 7009 revocation by the client.
    SandboxClient::Tokens tokens = login(portal, 2);
    QCOMPARE(m_client
                 .post(base(portal).resolved(QUrl(QStringLiteral("auth/revoke"))),
                       "token=" + QUrl::toPercentEncoding(tokens.refresh))
                 .status,
             200);
    QCOMPARE(refreshWith(tokens.refresh).json()[QStringLiteral("error")].toString(),
             QStringLiteral("invalid_grant"));
    QCOMPARE(m_client.get(base(portal) + QStringLiteral("/Patient/cP2"), tokens.access).status,
             401);

    // Revocation by the portal (admin API), as when a patient withdraws access.
    tokens = login(portal, 2);
    const SandboxClient::Tokens other = login(portal, 3);
    const Reply revoked = admin("POST", QStringLiteral("/portals/cerner/patients/cP2/revoke"));
    QCOMPARE(revoked.status, 200);
    QCOMPARE(revoked.json()[QStringLiteral("revokedGrants")].toInt(), 1);
    const Reply refused = refreshWith(tokens.refresh);
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.json()[QStringLiteral("error")].toString(), QStringLiteral("invalid_grant"));
    QCOMPARE(m_client.get(base(portal) + QStringLiteral("/Patient/cP2"), tokens.access).status,
             401);
    QCOMPARE(refreshWith(other.refresh).status, 200);
}

void TestSandbox::unauthorized() {
    const QUrl url = base(QStringLiteral("epic")) + QStringLiteral("/Patient/eP1");
    const Reply none = m_client.get(url);
    QCOMPARE(none.status, 401);
    QVERIFY(none.header("WWW-Authenticate").startsWith("Bearer"));
    QCOMPARE(none.json()[QStringLiteral("resourceType")].toString(),
             QStringLiteral("OperationOutcome"));

    QCOMPARE(m_client.get(url, QStringLiteral("made-up")).status, 401);
    const SandboxClient::Tokens cerner = login(QStringLiteral("cerner"));
    QCOMPARE(m_client.get(url, cerner.access).status, 401);

    const SandboxClient::Tokens epic = login(QStringLiteral("epic"));
    QCOMPARE(m_client.get(url, epic.access).status, 200);
    QCOMPARE(admin("POST", QStringLiteral("/portals/epic/expire-tokens")).status, 200);
    const Reply expired = m_client.get(url, epic.access);
    QCOMPARE(expired.status, 401);
    QVERIFY(expired.header("WWW-Authenticate").contains("invalid_token"));
}

void TestSandbox::ownPatientOnly() {
    const SandboxClient::Tokens tokens = login(QStringLiteral("cerner"), 1);
    const QUrl fhir = base(QStringLiteral("cerner"));
    QCOMPARE(m_client.get(fhir + QStringLiteral("/Condition?patient=cP2"), tokens.access).status,
             403);
    QCOMPARE(m_client.get(fhir + QStringLiteral("/Patient/cP2"), tokens.access).status, 404);
    QCOMPARE(m_client.get(fhir + QStringLiteral("/Condition/cP2-co0"), tokens.access).status, 404);
    const Reply own = m_client.get(fhir + QStringLiteral("/Condition/cP1-co0"), tokens.access);
    QCOMPARE(own.status, 200);
    QCOMPARE(own.header("ETag"), QByteArray("W/\"1\""));
    const QJsonObject resource = own.json();
    QCOMPARE(resource[QStringLiteral("meta")][QStringLiteral("versionId")].toString(),
             QStringLiteral("1"));
    QVERIFY(!resource[QStringLiteral("meta")][QStringLiteral("lastUpdated")].toString().isEmpty());
    // Searching without `patient` means the token's patient.
    const QJsonArray entries = pageAll(fhir + QStringLiteral("/Condition"), tokens.access);
    QVERIFY(!entries.isEmpty());
    for (const QJsonValue &entry : entries)
        QCOMPARE(entry[QStringLiteral("resource")][QStringLiteral("subject")]
                      [QStringLiteral("reference")]
                          .toString(),
                 QStringLiteral("Patient/cP1"));
}

void TestSandbox::scopesV1Only() {
    const SandboxClient::Tokens tokens =
        m_client.login(base(QStringLiteral("flaky")), QStringLiteral("fP1"),
                       QStringLiteral("launch/patient patient/*.rs patient/*.read offline_access"));
    QVERIFY(!tokens.access.isEmpty());
    QCOMPARE(tokens.scope, QStringLiteral("launch/patient patient/*.read offline_access"));
    const SandboxClient::Tokens v2Only =
        m_client.login(base(QStringLiteral("flaky")), QStringLiteral("fP1"),
                       QStringLiteral("launch/patient patient/*.rs"));
    QVERIFY(v2Only.access.isEmpty());
}

void TestSandbox::completePull_data() {
    QTest::addColumn<QString>("portal");
    QTest::addColumn<int>("patient");
    QTest::addColumn<int>("pageSize");
    QTest::newRow("epic") << QStringLiteral("epic") << 1 << 7;
    QTest::newRow("cerner") << QStringLiteral("cerner") << 3 << 5;
    QTest::newRow("flaky") << QStringLiteral("flaky") << 0 << 10;
}

void TestSandbox::completePull() {
    QFETCH(QString, portal);
    QFETCH(int, patient);
    QFETCH(int, pageSize);
    const SandboxClient::Tokens tokens = login(portal, patient);
    QVERIFY(!tokens.access.isEmpty());
    const QUrl fhir = base(portal);
    static const QRegularExpression referencePattern(
        QStringLiteral("\"(?:reference|url)\":\"(\\w+)/([^\"/]+)\""));

    QHash<QString, QSet<QString>> seen;
    QSet<QString> wanted; // Type/id of referenced resources
    const auto collect = [&](const QJsonObject &resource) {
        const QString text =
            QString::fromUtf8(QJsonDocument(resource).toJson(QJsonDocument::Compact));
        for (auto it = referencePattern.globalMatch(text); it.hasNext();) {
            const auto match = it.next();
            wanted.insert(match.captured(1) + QLatin1Char('/') + match.captured(2));
        }
    };
    const Reply patientReply =
        m_client.get(fhir + QStringLiteral("/Patient/") + tokens.patient, tokens.access);
    QCOMPARE(patientReply.status, 200);
    seen[QStringLiteral("Patient")].insert(tokens.patient);
    collect(patientReply.json());

    for (const QString &type : SandboxClient::searchTypes()) {
        QStringList queries;
        if (type == QLatin1String("Observation") && portal == QLatin1String("epic")) {
            for (const QString &category : Categories)
                queries << QStringLiteral("&category=") + category;
        } else {
            queries << QString();
        }
        for (const QString &extra : queries) {
            const QUrl url = fhir + QStringLiteral("/%1?patient=%2&_count=%3%4")
                                        .arg(type, tokens.patient)
                                        .arg(pageSize)
                                        .arg(extra);
            int pages = 0;
            const QJsonArray entries = pageAll(url, tokens.access, &pages);
            QVERIFY2(!entries.isEmpty(), qPrintable(type));
            QCOMPARE(pages, int((entries.size() + pageSize - 1) / pageSize));
            for (const QJsonValue &entry : entries) {
                const QJsonObject resource = entry[QStringLiteral("resource")].toObject();
                QCOMPARE(resource[QStringLiteral("resourceType")].toString(), type);
                const QString id = resource[QStringLiteral("id")].toString();
                QCOMPARE(entry[QStringLiteral("fullUrl")].toString(),
                         fhir.toString() + QLatin1Char('/') + type + QLatin1Char('/') + id);
                QCOMPARE(entry[QStringLiteral("search")][QStringLiteral("mode")].toString(),
                         QStringLiteral("match"));
                QVERIFY2(!seen[type].contains(id), qPrintable(type + QLatin1Char('/') + id));
                seen[type].insert(id);
                collect(resource);
            }
        }
    }
    // Follow references until nothing new turns up, as a complete pull does.
    QSet<QString> fetched;
    while (true) {
        const QSet<QString> pending = wanted - fetched;
        if (pending.isEmpty())
            break;
        for (const QString &key : pending) {
            fetched.insert(key);
            const QString type = key.section(QLatin1Char('/'), 0, 0);
            const QString id = key.section(QLatin1Char('/'), 1);
            if (SandboxClient::searchTypes().contains(type) || type == QLatin1String("Patient")) {
                QVERIFY2(seen[type].contains(id), qPrintable(QStringLiteral("dangling ") + key));
                continue;
            }
            const Reply reply = m_client.get(fhir + (QStringLiteral("/") + key), tokens.access);
            QVERIFY2(reply.status == 200, qPrintable(key));
            QCOMPARE(reply.json()[QStringLiteral("id")].toString(), id);
            seen[type].insert(id);
            collect(reply.json());
        }
    }

    const Reply counts =
        admin("GET", QStringLiteral("/portals/%1/patients/%2").arg(portal, tokens.patient));
    QCOMPARE(counts.status, 200);
    const QJsonObject expected = counts.json()[QStringLiteral("counts")].toObject();
    int total = 0;
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        QCOMPARE(int(seen.value(it.key()).size()), it.value().toInt());
        total += it.value().toInt();
    }
    QCOMPARE(total, counts.json()[QStringLiteral("total")].toInt());
    QCOMPARE(int(seen.size()), sandbox::KindCount);
}

void TestSandbox::countCap_data() {
    QTest::addColumn<QString>("portal");
    QTest::addColumn<int>("cap");
    QTest::newRow("epic") << QStringLiteral("epic") << 100;
    QTest::newRow("cerner") << QStringLiteral("cerner") << 200;
}

void TestSandbox::countCap() {
    QFETCH(QString, portal);
    QFETCH(int, cap);
    SandboxOptions options;
    options.patients = 1;
    options.resourcesPerPatient = 1000;
    SandboxHost big(options);
    QVERIFY(big.start());
    const SandboxClient::Tokens tokens =
        m_client.login(big.info().fhirBase(portal), SandboxClient::patientId(portal, 0));
    const Reply reply =
        m_client.get(big.info().fhirBase(portal) +
                         QStringLiteral("/Observation?category=vital-signs&_count=5000"),
                     tokens.access);
    QCOMPARE(reply.status, 200);
    const QJsonObject bundle = reply.json();
    QVERIFY(bundle[QStringLiteral("total")].toInt() > cap);
    QCOMPARE(bundle[QStringLiteral("entry")].toArray().size(), cap);
    const QString next = bundle[QStringLiteral("link")][1][QStringLiteral("url")].toString();
    QVERIFY(next.contains(QStringLiteral("_getpages=")));
    // Opaque: neither the offset nor the patient can be read off the link.
    QVERIFY(!next.contains(QString::number(cap)));
    QVERIFY(!next.contains(SandboxClient::patientId(portal, 0)));
}

void TestSandbox::lastUpdatedAfterAdvance() {
    const SandboxClient::Tokens tokens = login(QStringLiteral("cerner"), 1);
    const QUrl fhir = base(QStringLiteral("cerner"));
    const Reply before = m_client.get(fhir + QStringLiteral("/Encounter?_count=1"), tokens.access);
    const QString since =
        before.json()[QStringLiteral("meta")][QStringLiteral("lastUpdated")].toString();
    const int totalBefore = before.json()[QStringLiteral("total")].toInt();
    QVERIFY(!since.isEmpty());

    QCOMPARE(admin("POST", QStringLiteral("/advance")).status, 200);
    const QJsonObject patient = admin("GET", QStringLiteral("/portals/cerner/patients/cP1")).json();
    const QJsonObject counts = patient[QStringLiteral("counts")].toObject();
    const QJsonObject updated = patient[QStringLiteral("updated")].toObject();
    QCOMPARE(counts[QStringLiteral("Encounter")].toInt(), totalBefore + 1);

    for (const QString &type : {QStringLiteral("Encounter"), QStringLiteral("Condition")}) {
        const QJsonArray all =
            pageAll(fhir + QStringLiteral("/%1?_count=200").arg(type), tokens.access);
        const QJsonArray changed =
            pageAll(fhir + QStringLiteral("/%1?_lastUpdated=ge%2&_count=200")
                               .arg(type, QString::fromLatin1(QUrl::toPercentEncoding(since))),
                    tokens.access);
        QVERIFY(!changed.isEmpty());
        int expected = 0, versioned = 0;
        for (const QJsonValue &entry : all) {
            const QJsonObject meta =
                entry[QStringLiteral("resource")][QStringLiteral("meta")].toObject();
            if (meta[QStringLiteral("lastUpdated")].toString() >= since)
                ++expected;
            if (meta[QStringLiteral("versionId")].toString() != QLatin1String("1"))
                ++versioned;
        }
        QCOMPARE(int(changed.size()), expected);
        QCOMPARE(versioned, updated[type].toInt());
        for (const QJsonValue &entry : changed)
            QVERIFY(entry[QStringLiteral("resource")][QStringLiteral("meta")]
                         [QStringLiteral("lastUpdated")]
                             .toString() >= since);
    }
}

void TestSandbox::everything_data() {
    QTest::addColumn<QString>("portal");
    QTest::addColumn<int>("patient");
    QTest::addColumn<int>("pageSize");
    QTest::addColumn<bool>("supported");
    QTest::newRow("epic") << QStringLiteral("epic") << 1 << 7 << true;
    QTest::newRow("cerner") << QStringLiteral("cerner") << 3 << 13 << true;
    QTest::newRow("flaky") << QStringLiteral("flaky") << 1 << 10 << false;
}

void TestSandbox::everything() {
    QFETCH(QString, portal);
    QFETCH(int, patient);
    QFETCH(int, pageSize);
    QFETCH(bool, supported);
    const SandboxClient::Tokens tokens = login(portal, patient);
    QVERIFY(!tokens.access.isEmpty());
    const QUrl fhir = base(portal);
    const QString path = QStringLiteral("/Patient/%1/$everything").arg(tokens.patient);

    bool advertised = false;
    const Reply metadata = m_client.get(fhir + QStringLiteral("/metadata"));
    QCOMPARE(metadata.status, 200);
    for (const QJsonValue &resource :
         metadata.json()[QStringLiteral("rest")][0][QStringLiteral("resource")].toArray()) {
        for (const QJsonValue &operation : resource[QStringLiteral("operation")].toArray()) {
            QCOMPARE(resource[QStringLiteral("type")].toString(), QStringLiteral("Patient"));
            QCOMPARE(operation[QStringLiteral("name")].toString(), QStringLiteral("everything"));
            QCOMPARE(operation[QStringLiteral("definition")].toString(),
                     QStringLiteral("http://hl7.org/fhir/OperationDefinition/Patient-everything"));
            advertised = true;
        }
    }
    QCOMPARE(advertised, supported);

    if (!supported) {
        const Reply refused = m_client.get(fhir + path, tokens.access);
        QCOMPARE(refused.status, 404);
        QCOMPARE(refused.json()[QStringLiteral("resourceType")].toString(),
                 QStringLiteral("OperationOutcome"));
        QCOMPARE(refused.json()[QStringLiteral("issue")][0][QStringLiteral("code")].toString(),
                 QStringLiteral("not-supported"));
        return;
    }

    // Another patient's record is refused like a read of their Patient.
    const QString other = SandboxClient::patientId(portal, (patient + 1) % 4);
    QCOMPARE(
        m_client.get(fhir + QStringLiteral("/Patient/%1/$everything").arg(other), tokens.access)
            .status,
        404);
    QCOMPARE(m_client.get(fhir + QStringLiteral("/Patient/%1").arg(other), tokens.access).status,
             404);
    QCOMPARE(m_client.get(fhir + path + QStringLiteral("?_since=yesterday"), tokens.access).status,
             400);

    const QUrl first = fhir + path + QStringLiteral("?_count=%1").arg(pageSize);
    const Reply firstPage = m_client.get(first, tokens.access);
    QCOMPARE(firstPage.status, 200);
    const QJsonObject bundle = firstPage.json();
    QCOMPARE(bundle[QStringLiteral("type")].toString(), QStringLiteral("searchset"));
    QCOMPARE(bundle[QStringLiteral("entry")].toArray().size(), pageSize);
    const int total = bundle[QStringLiteral("total")].toInt();
    const QString before = bundle[QStringLiteral("meta")][QStringLiteral("lastUpdated")].toString();

    const Reply counts =
        admin("GET", QStringLiteral("/portals/%1/patients/%2").arg(portal, tokens.patient));
    QCOMPARE(counts.status, 200);
    const QJsonObject expected = counts.json()[QStringLiteral("counts")].toObject();

    int pages = 0;
    const QJsonArray entries = pageAll(first, tokens.access, &pages);
    QCOMPARE(int(entries.size()), total);
    QCOMPARE(pages, (total + pageSize - 1) / pageSize);
    QHash<QString, int> perType;
    QSet<QString> seen;
    QStringList order;
    for (const QJsonValue &entry : entries) {
        const QJsonObject resource = entry[QStringLiteral("resource")].toObject();
        const QString type = resource[QStringLiteral("resourceType")].toString();
        const QString id = resource[QStringLiteral("id")].toString();
        const QString key = type + QLatin1Char('/') + id;
        QVERIFY2(!seen.contains(key), qPrintable(QStringLiteral("twice: ") + key));
        seen.insert(key);
        order << key;
        ++perType[type];
        QCOMPARE(entry[QStringLiteral("fullUrl")].toString(),
                 fhir.toString() + QLatin1Char('/') + key);
        const bool own =
            SandboxClient::searchTypes().contains(type) || type == QLatin1String("Patient");
        QCOMPARE(entry[QStringLiteral("search")][QStringLiteral("mode")].toString(),
                 own ? QStringLiteral("match") : QStringLiteral("include"));
    }
    QCOMPARE(order.value(0), QStringLiteral("Patient/") + tokens.patient);
    QVERIFY(!perType.contains(QStringLiteral("Binary")));
    int expectedTotal = 0;
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        if (it.key() == QLatin1String("Binary"))
            continue;
        QCOMPARE(perType.value(it.key()), it.value().toInt());
        expectedTotal += it.value().toInt();
    }
    QCOMPARE(total, expectedTotal);
    QCOMPARE(int(perType.size()), sandbox::KindCount - 1);

    // Stable pages: paging again (and following one next link twice) gives
    // the same entries in the same order.
    QStringList again;
    for (const QJsonValue &entry : pageAll(first, tokens.access))
        again << entry[QStringLiteral("resource")][QStringLiteral("resourceType")].toString() +
                     QLatin1Char('/') +
                     entry[QStringLiteral("resource")][QStringLiteral("id")].toString();
    QCOMPARE(again, order);
    const QUrl next(bundle[QStringLiteral("link")][1][QStringLiteral("url")].toString());
    QVERIFY(next.query().startsWith(QStringLiteral("_getpages=")));
    QCOMPARE(m_client.get(next, tokens.access).json()[QStringLiteral("entry")].toArray(),
             m_client.get(next, tokens.access).json()[QStringLiteral("entry")].toArray());
    // A next page is the patient's own.
    const SandboxClient::Tokens otherTokens = login(portal, (patient + 1) % 4);
    QCOMPARE(m_client.get(next, otherTokens.access).status, 403);

    // _since: after an advance, only what changed or was added since, over
    // every entry; the same resources a _lastUpdated search finds.
    QCOMPARE(admin("POST", QStringLiteral("/advance")).status, 200);
    const QString sinceQuery =
        QStringLiteral("_since=") + QString::fromLatin1(QUrl::toPercentEncoding(before));
    const QJsonArray changed = pageAll(
        fhir + path + QStringLiteral("?%1&_count=%2").arg(sinceQuery).arg(pageSize), tokens.access);
    QVERIFY(!changed.isEmpty());
    QSet<QString> changedKeys;
    QHash<QString, QSet<QString>> changedIds;
    for (const QJsonValue &entry : changed) {
        const QJsonObject resource = entry[QStringLiteral("resource")].toObject();
        QVERIFY(resource[QStringLiteral("meta")][QStringLiteral("lastUpdated")].toString() >=
                before);
        const QString type = resource[QStringLiteral("resourceType")].toString();
        const QString id = resource[QStringLiteral("id")].toString();
        QVERIFY(!changedKeys.contains(type + QLatin1Char('/') + id));
        changedKeys.insert(type + QLatin1Char('/') + id);
        changedIds[type].insert(id);
    }
    QSet<QString> wanted;
    const QJsonArray now = pageAll(fhir + path + QStringLiteral("?_count=200"), tokens.access);
    QVERIFY(now.size() > entries.size());
    for (const QJsonValue &entry : now) {
        const QJsonObject resource = entry[QStringLiteral("resource")].toObject();
        if (resource[QStringLiteral("meta")][QStringLiteral("lastUpdated")].toString() >= before)
            wanted.insert(resource[QStringLiteral("resourceType")].toString() + QLatin1Char('/') +
                          resource[QStringLiteral("id")].toString());
    }
    QCOMPARE(changedKeys, wanted);
    for (const QString &type : SandboxClient::searchTypes()) {
        if (type == QLatin1String("Observation") && portal == QLatin1String("epic"))
            continue;
        QSet<QString> searched;
        for (const QJsonValue &entry :
             pageAll(fhir + QStringLiteral("/%1?_lastUpdated=ge%2&_count=50")
                                .arg(type, QString::fromLatin1(QUrl::toPercentEncoding(before))),
                     tokens.access))
            searched.insert(entry[QStringLiteral("resource")][QStringLiteral("id")].toString());
        QCOMPARE(changedIds.value(type), searched);
    }
    const QJsonObject updated =
        admin("GET", QStringLiteral("/portals/%1/patients/%2").arg(portal, tokens.patient)).json();
    QCOMPARE(updated[QStringLiteral("counts")][QStringLiteral("Encounter")].toInt(),
             expected[QStringLiteral("Encounter")].toInt() + 1);
    QVERIFY(changedIds.value(QStringLiteral("Encounter")).size() >= 1);
}

void TestSandbox::everythingFaults() {
    const SandboxClient::Tokens tokens = login(QStringLiteral("cerner"));
    const QUrl url =
        base(QStringLiteral("cerner")) + QStringLiteral("/Patient/cP1/$everything?_count=20");
    const QJsonArray clean = pageAll(url, tokens.access);
    QVERIFY(clean.size() > 40);

    QCOMPARE(admin("POST", QStringLiteral("/faults"), "cerner:status=500@Patient*1").status, 200);
    const Reply failed = m_client.get(url, tokens.access);
    QCOMPARE(failed.status, 500);
    QCOMPARE(failed.json()[QStringLiteral("resourceType")].toString(),
             QStringLiteral("OperationOutcome"));
    const Reply firstPage = m_client.get(url, tokens.access);
    QCOMPARE(firstPage.status, 200);

    // A fault on a next page; the same link then answers the same entries.
    const QUrl next(firstPage.json()[QStringLiteral("link")][1][QStringLiteral("url")].toString());
    QCOMPARE(admin("POST", QStringLiteral("/faults"), "cerner:status=503@Patient*1").status, 200);
    QCOMPARE(m_client.get(next, tokens.access).status, 503);
    const Reply retried = m_client.get(next, tokens.access);
    QCOMPARE(retried.status, 200);
    QJsonArray second;
    for (int i = 20; i < 40; ++i)
        second.append(clean[i]);
    QCOMPARE(retried.json()[QStringLiteral("entry")].toArray(), second);

    // Faults aimed at other types leave $everything alone.
    QCOMPARE(admin("POST", QStringLiteral("/faults"), "cerner:malformed@Condition").status, 200);
    QCOMPARE(m_client.get(url, tokens.access).status, 200);
    QCOMPARE(admin("DELETE", QStringLiteral("/faults")).status, 200);

    QCOMPARE(admin("POST", QStringLiteral("/faults"), "cerner:malformed@Patient").status, 200);
    QJsonParseError error;
    QJsonDocument::fromJson(m_client.get(url, tokens.access).body, &error);
    QVERIFY(error.error != QJsonParseError::NoError);

    QCOMPARE(admin("POST", QStringLiteral("/faults"), "cerner:truncate@Patient").status, 200);
    QVERIFY(m_client.get(url, tokens.access).error != QNetworkReply::NoError);

    QCOMPARE(admin("POST", QStringLiteral("/faults"), "cerner:foreign-next@Patient").status, 200);
    const QString foreign = m_client.get(url, tokens.access)
                                .json()[QStringLiteral("link")][1][QStringLiteral("url")]
                                .toString();
    QVERIFY(!foreign.isEmpty());
    QVERIFY(QUrl(foreign).host() != QStringLiteral("127.0.0.1"));

    QCOMPARE(admin("POST", QStringLiteral("/faults"), "cerner:invalid-resource@Patient").status,
             200);
    int withoutId = 0;
    for (const QJsonValue &entry :
         m_client.get(next, tokens.access).json()[QStringLiteral("entry")].toArray())
        withoutId += entry[QStringLiteral("resource")][QStringLiteral("id")].isUndefined() ? 1 : 0;
    QCOMPARE(withoutId, 1);

    QCOMPARE(admin("POST", QStringLiteral("/faults"), "cerner:hang@Patient").status, 200);
    QCOMPARE(m_client.get(next, tokens.access, {}, 300).error,
             QNetworkReply::OperationCanceledError);
}

void TestSandbox::observationCategoryRule() {
    const SandboxClient::Tokens epic = login(QStringLiteral("epic"));
    const Reply refused = m_client.get(
        base(QStringLiteral("epic")) + QStringLiteral("/Observation?patient=eP1"), epic.access);
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.json()[QStringLiteral("resourceType")].toString(),
             QStringLiteral("OperationOutcome"));
    QCOMPARE(m_client
                 .get(base(QStringLiteral("epic")) +
                          QStringLiteral("/Observation?patient=eP1&category=laboratory"),
                      epic.access)
                 .status,
             200);
    QCOMPARE(m_client
                 .get(base(QStringLiteral("epic")) +
                          QStringLiteral("/Observation?patient=eP1&category=bogus"),
                      epic.access)
                 .status,
             400);

    const SandboxClient::Tokens cerner = login(QStringLiteral("cerner"));
    const QJsonArray all = pageAll(
        base(QStringLiteral("cerner")) + QStringLiteral("/Observation?_count=200"), cerner.access);
    int byCategory = 0;
    for (const QString &category : Categories) {
        const QJsonArray some =
            pageAll(base(QStringLiteral("cerner")) +
                        QStringLiteral("/Observation?category=%1&_count=3").arg(category),
                    cerner.access);
        for (const QJsonValue &entry : some)
            QCOMPARE(entry[QStringLiteral("resource")][QStringLiteral("category")][0]
                          [QStringLiteral("coding")][0][QStringLiteral("code")]
                              .toString(),
                     category);
        byCategory += int(some.size());
    }
    QCOMPARE(byCategory, int(all.size()));
}

void TestSandbox::binary() {
    const SandboxClient::Tokens tokens = login(QStringLiteral("epic"));
    const QUrl fhir = base(QStringLiteral("epic"));
    const QJsonArray documents =
        pageAll(fhir + QStringLiteral("/DocumentReference"), tokens.access);
    QVERIFY(!documents.isEmpty());
    const QString url = documents[0][QStringLiteral("resource")][QStringLiteral("content")][0]
                                 [QStringLiteral("attachment")][QStringLiteral("url")]
                                     .toString();
    QVERIFY(url.startsWith(QStringLiteral("Binary/")));
    const Reply json =
        m_client.get(fhir + (QStringLiteral("/") + url), tokens.access, "application/fhir+json");
    QCOMPARE(json.status, 200);
    const QByteArray content =
        QByteArray::fromBase64(json.json()[QStringLiteral("data")].toString().toLatin1());
    QVERIFY(content.contains("Patient seen"));
    const Reply raw = m_client.get(fhir + (QStringLiteral("/") + url), tokens.access, "text/plain");
    QCOMPARE(raw.status, 200);
    QVERIFY(raw.header("Content-Type").startsWith("text/plain"));
    QCOMPARE(raw.body, content);
}

// Referenced resources are searched many ids at once where the portal says
// so; the flaky portal reads them one by one only.
void TestSandbox::searchById() {
    const SandboxClient::Tokens tokens = login(QStringLiteral("epic"));
    const QUrl fhir = base(QStringLiteral("epic"));
    QSet<QString> practitioners;
    for (const QJsonValue &entry : pageAll(fhir + QStringLiteral("/Encounter"), tokens.access)) {
        for (const QJsonValue &participant :
             entry[QStringLiteral("resource")][QStringLiteral("participant")].toArray())
            practitioners.insert(
                participant[QStringLiteral("individual")][QStringLiteral("reference")]
                    .toString()
                    .section(QLatin1Char('/'), 1));
    }
    QVERIFY(practitioners.size() >= 2);
    QStringList asked(practitioners.cbegin(), practitioners.cend());
    asked << QStringLiteral("no-such-practitioner");
    const Reply found = m_client.get(
        fhir + QStringLiteral("/Practitioner?_id=") + asked.join(QLatin1Char(',')), tokens.access);
    QCOMPARE(found.status, 200);
    const QJsonObject bundle = found.json();
    QCOMPARE(bundle[QStringLiteral("type")].toString(), QStringLiteral("searchset"));
    QSet<QString> got;
    for (const QJsonValue &entry : bundle[QStringLiteral("entry")].toArray()) {
        QCOMPARE(entry[QStringLiteral("resource")][QStringLiteral("resourceType")].toString(),
                 QStringLiteral("Practitioner"));
        got.insert(entry[QStringLiteral("resource")][QStringLiteral("id")].toString());
    }
    // Exactly the ids that exist, the unknown one left out.
    QCOMPARE(got, practitioners);
    QCOMPARE(bundle[QStringLiteral("total")].toInt(), practitioners.size());

    // For another patient the search finds just what that patient could read.
    const SandboxClient::Tokens other = login(QStringLiteral("epic"), 2);
    QSet<QString> readable;
    for (const QString &id : std::as_const(asked)) {
        if (m_client.get(fhir + QStringLiteral("/Practitioner/") + id, other.access).status == 200)
            readable.insert(id);
    }
    const Reply foreign = m_client.get(
        fhir + QStringLiteral("/Practitioner?_id=") + asked.join(QLatin1Char(',')), other.access);
    QCOMPARE(foreign.status, 200);
    QSet<QString> foreignIds;
    for (const QJsonValue &entry : foreign.json()[QStringLiteral("entry")].toArray())
        foreignIds.insert(entry[QStringLiteral("resource")][QStringLiteral("id")].toString());
    QCOMPARE(foreignIds, readable);

    QStringList tooMany;
    for (int i = 0; i < 101; ++i)
        tooMany << QStringLiteral("p%1").arg(i);
    QCOMPARE(m_client
                 .get(fhir + QStringLiteral("/Practitioner?_id=") + tooMany.join(QLatin1Char(',')),
                      tokens.access)
                 .status,
             400);
    QCOMPARE(m_client.get(fhir + QStringLiteral("/Practitioner"), tokens.access).status, 400);

    // The CapabilityStatements say who offers it.
    auto idSearchTypes = [&](const QString &portal) {
        QStringList types;
        const QJsonObject statement =
            m_client.get(base(portal) + QStringLiteral("/metadata")).json();
        for (const QJsonValue &resource :
             statement[QStringLiteral("rest")][0][QStringLiteral("resource")].toArray()) {
            for (const QJsonValue &param : resource[QStringLiteral("searchParam")].toArray()) {
                if (param[QStringLiteral("name")].toString() == QLatin1String("_id"))
                    types << resource[QStringLiteral("type")].toString();
            }
        }
        return types;
    };
    QCOMPARE(idSearchTypes(QStringLiteral("epic")),
             (QStringList{QStringLiteral("Medication"), QStringLiteral("Practitioner"),
                          QStringLiteral("PractitionerRole"), QStringLiteral("Organization"),
                          QStringLiteral("Location"), QStringLiteral("Binary")}));
    QVERIFY(idSearchTypes(QStringLiteral("flaky")).isEmpty());
    const SandboxClient::Tokens flaky = m_client.login(
        base(QStringLiteral("flaky")), SandboxClient::patientId(QStringLiteral("flaky"), 1),
        QStringLiteral("launch/patient patient/*.read offline_access"));
    QCOMPARE(m_client
                 .get(base(QStringLiteral("flaky")) + QStringLiteral("/Practitioner?_id=x"),
                      flaky.access)
                 .status,
             400);
}

void TestSandbox::faults_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("check");
    QTest::newRow("503 burst") << "cerner:status=503*2" << 503 << "twice";
    QTest::newRow("500") << "cerner:status=500" << 500 << "once";
    QTest::newRow("429 every 3rd") << "cerner:rate-limit=3;cerner:retry-after=7" << 429 << "third";
    QTest::newRow("hang") << "cerner:hang" << 0 << "timeout";
    QTest::newRow("truncate") << "cerner:truncate" << 200 << "truncated";
    QTest::newRow("malformed") << "cerner:malformed" << 200 << "malformed";
    QTest::newRow("foreign next") << "cerner:foreign-next" << 200 << "foreign";
    QTest::newRow("invalid resource") << "cerner:invalid-resource" << 200 << "invalid";
    QTest::newRow("bad type") << "cerner:bad-type" << 200 << "bad type";
    QTest::newRow("latency") << "cerner:latency=50" << 200 << "once";
    QTest::newRow("token expiry") << "cerner:expire-tokens" << 401 << "once";
}

void TestSandbox::faults() {
    QFETCH(QString, spec);
    QFETCH(int, status);
    QFETCH(QString, check);
    const SandboxClient::Tokens tokens = login(QStringLiteral("cerner"));
    QCOMPARE(admin("POST", QStringLiteral("/faults"), spec.toUtf8()).status, 200);
    const QUrl url = base(QStringLiteral("cerner")) + QStringLiteral("/Observation?_count=5");

    if (check == QLatin1String("third")) {
        QCOMPARE(m_client.get(url, tokens.access).status, 200);
        QCOMPARE(m_client.get(url, tokens.access).status, 200);
        const Reply limited = m_client.get(url, tokens.access);
        QCOMPARE(limited.status, status);
        QCOMPARE(limited.header("Retry-After"), QByteArray("7"));
        return;
    }
    const Reply reply =
        m_client.get(url, tokens.access, {}, check == QLatin1String("timeout") ? 300 : 0);
    QCOMPARE(reply.status, status);
    if (check == QLatin1String("timeout")) {
        QCOMPARE(reply.error, QNetworkReply::OperationCanceledError);
    } else if (check == QLatin1String("truncated")) {
        QVERIFY(reply.error != QNetworkReply::NoError);
    } else if (check == QLatin1String("malformed")) {
        QJsonParseError error;
        QJsonDocument::fromJson(reply.body, &error);
        QVERIFY(error.error != QJsonParseError::NoError);
    } else if (check == QLatin1String("foreign")) {
        const QString next =
            reply.json()[QStringLiteral("link")][1][QStringLiteral("url")].toString();
        QVERIFY(!next.isEmpty());
        QVERIFY(QUrl(next).host() != QStringLiteral("127.0.0.1"));
    } else if (check == QLatin1String("invalid")) {
        int withoutId = 0;
        for (const QJsonValue &entry : reply.json()[QStringLiteral("entry")].toArray())
            withoutId +=
                entry[QStringLiteral("resource")][QStringLiteral("id")].isUndefined() ? 1 : 0;
        QCOMPARE(withoutId, 1);
    } else if (check == QLatin1String("bad type")) {
        QStringList types;
        for (const QJsonValue &entry : reply.json()[QStringLiteral("entry")].toArray())
            types << entry[QStringLiteral("resource")][QStringLiteral("resourceType")].toString();
        QCOMPARE(types.count(QStringLiteral("../../../x")), 1);
        QCOMPARE(types.count(QStringLiteral("Observation")), types.size() - 1);
    } else if (status >= 500) {
        QVERIFY(reply.json()[QStringLiteral("resourceType")] == QStringLiteral("OperationOutcome"));
    }
    if (check == QLatin1String("twice"))
        QCOMPARE(m_client.get(url, tokens.access).status, status);
    if (check != QLatin1String("once") || status != 401)
        QCOMPARE(m_client.get(url, tokens.access).status, 200);
}

void TestSandbox::targetedFault() {
    const SandboxClient::Tokens tokens = login(QStringLiteral("epic"));
    QCOMPARE(
        admin("POST", QStringLiteral("/faults"), "{\"spec\": \"epic:malformed@Procedure*always\"}")
            .status,
        200);
    const QUrl fhir = base(QStringLiteral("epic"));
    for (int i = 0; i < 2; ++i) {
        QJsonParseError error;
        QJsonDocument::fromJson(
            m_client.get(fhir + QStringLiteral("/Procedure"), tokens.access).body, &error);
        QVERIFY(error.error != QJsonParseError::NoError);
        QCOMPARE(m_client.get(fhir + QStringLiteral("/Condition"), tokens.access)
                     .json()[QStringLiteral("resourceType")]
                     .toString(),
                 QStringLiteral("Bundle"));
    }
    const QJsonObject faults = admin("GET", QStringLiteral("/faults")).json();
    QCOMPARE(
        faults[QStringLiteral("epic")][QStringLiteral("counted")][0][QStringLiteral("resourceType")]
            .toString(),
        QStringLiteral("Procedure"));
}

void TestSandbox::flakyIsDeterministic() {
    const auto statuses = [this](quint64 seed) {
        SandboxOptions options;
        options.patients = 2;
        options.seed = seed;
        SandboxHost host(options);
        [&] {
            QVERIFY(host.start());
        }();
        const SandboxClient::Tokens tokens =
            m_client.login(host.info().fhirBase(QStringLiteral("flaky")), QStringLiteral("fP1"));
        QList<int> seen;
        for (int i = 0; i < 40; ++i)
            seen << m_client
                        .get(host.info().fhirBase(QStringLiteral("flaky")) +
                                 QStringLiteral("/Condition"),
                             tokens.access)
                        .status;
        return seen;
    };
    const QList<int> first = statuses(7);
    QCOMPARE(statuses(7), first);
    QVERIFY(first.contains(200));
    QVERIFY(first.contains(429) || first.contains(503));

    QCOMPARE(admin("POST", QStringLiteral("/faults"), "flaky:random=on").status, 200);
    QCOMPARE(admin("POST", QStringLiteral("/faults"), "flaky:random=off").status, 200);
    const SandboxClient::Tokens tokens = login(QStringLiteral("flaky"));
    for (int i = 0; i < 20; ++i)
        QCOMPARE(
            m_client
                .get(base(QStringLiteral("flaky")) + QStringLiteral("/Condition"), tokens.access)
                .status,
            200);
}

void TestSandbox::badFaultSpec() {
    for (const char *spec : {"epic:explode", "nowhere:hang", "epic:status=200", "epic:hang@Nothing",
                             "epic:latency=@Observation", "epic"}) {
        const Reply reply = admin("POST", QStringLiteral("/faults"), spec);
        QVERIFY2(reply.status == 400, spec);
        QVERIFY(!reply.json()[QStringLiteral("error")].toString().isEmpty());
    }
}

void TestSandbox::destination() {
    const QUrl fhir = m_host.info().destinations.value(0).second;
    QVERIFY(fhir.isValid());
    const auto bundle = [](const char *type, const QString &conditionId) {
        QJsonArray entries;
        for (const QString &id : {QStringLiteral("a1"), QStringLiteral("a2"), conditionId}) {
            entries.append(QJsonObject{
                {QStringLiteral("resource"),
                 QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Condition")},
                             {QStringLiteral("id"), id}}},
                {QStringLiteral("request"),
                 QJsonObject{
                     {QStringLiteral("method"), QStringLiteral("PUT")},
                     {QStringLiteral("url"), QStringLiteral("Condition/a1").left(10) + id}}}});
        }
        return QJsonDocument(QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
                                         {QStringLiteral("type"), QLatin1String(type)},
                                         {QStringLiteral("entry"), entries}})
            .toJson();
    };
    const Reply first =
        m_client.post(fhir, bundle("transaction", QStringLiteral("a3")), "application/fhir+json");
    QCOMPARE(first.status, 200);
    QCOMPARE(first.json()[QStringLiteral("type")].toString(),
             QStringLiteral("transaction-response"));
    QCOMPARE(first
                 .json()[QStringLiteral("entry")][0][QStringLiteral("response")]
                        [QStringLiteral("status")]
                 .toString(),
             QStringLiteral("201 Created"));
    const Reply again =
        m_client.post(fhir, bundle("batch", QStringLiteral("a3")), "application/fhir+json");
    QCOMPARE(again
                 .json()[QStringLiteral("entry")][0][QStringLiteral("response")]
                        [QStringLiteral("status")]
                 .toString(),
             QStringLiteral("200 OK"));
    QJsonObject held = admin("GET", QStringLiteral("/destinations/warehouse?resources=1")).json();
    QCOMPARE(held[QStringLiteral("total")].toInt(), 3);
    QCOMPARE(held[QStringLiteral("counts")][QStringLiteral("Condition")].toInt(), 3);
    QCOMPARE(held[QStringLiteral("resources")].toArray().size(), 3);

    QJsonObject broken =
        QJsonDocument::fromJson(bundle("transaction", QStringLiteral("a4"))).object();
    QJsonArray entries = broken[QStringLiteral("entry")].toArray();
    QJsonObject last = entries.last().toObject();
    last[QStringLiteral("request")] =
        QJsonObject{{QStringLiteral("method"), QStringLiteral("DELETE")},
                    {QStringLiteral("url"), QStringLiteral("Condition/a4")}};
    entries.replace(2, last);
    broken[QStringLiteral("entry")] = entries;
    QCOMPARE(m_client.post(fhir, QJsonDocument(broken).toJson(), "application/fhir+json").status,
             400);
    QCOMPARE(admin("GET", QStringLiteral("/destinations/warehouse"))
                 .json()[QStringLiteral("total")]
                 .toInt(),
             3);

    QCOMPARE(admin("POST", QStringLiteral("/destinations/warehouse/fail")).status, 200);
    QCOMPARE(
        m_client.post(fhir, bundle("batch", QStringLiteral("a5")), "application/fhir+json").status,
        503);
    QCOMPARE(admin("POST", QStringLiteral("/destinations/warehouse/succeed")).status, 200);
    QCOMPARE(
        m_client.post(fhir, bundle("batch", QStringLiteral("a5")), "application/fhir+json").status,
        200);
    QCOMPARE(admin("GET", QStringLiteral("/destinations/warehouse"))
                 .json()[QStringLiteral("total")]
                 .toInt(),
             4);
    QCOMPARE(admin("DELETE", QStringLiteral("/destinations/warehouse"))
                 .json()[QStringLiteral("total")]
                 .toInt(),
             0);
}

void TestSandbox::datasetDeterministic() {
    using namespace sandbox;
    const auto render = [](quint64 seed) {
        SandboxDataset data({"epic", 'e', seed, 3, 50, 1});
        QByteArray out;
        for (int k = 0; k < SearchableKinds; ++k)
            data.write(out, {Kind(k), 1, 0});
        data.write(out, {Kind::Patient, 2, 0});
        return out;
    };
    QCOMPARE(render(5), render(5));
    QVERIFY(render(5) != render(6));

    // The same person has the same name at every portal that knows them.
    SandboxDataset epic({"epic", 'e', 5, 10, 10, 1});
    SandboxDataset cerner({"cerner", 'c', 5, 10, 10, 2});
    QCOMPARE(cerner.patientName(3), epic.patientName(6));

    // Every generated resource is valid JSON.
    QByteArray page = "[";
    for (int k = 0; k < KindCount; ++k) {
        const Kind kind = Kind(k);
        const int patient = SandboxDataset::sharedCount(kind) > 0 ? -1 : 0;
        if (k > 0)
            page += ',';
        epic.write(page, {kind, patient, 0});
    }
    page += ']';
    QJsonParseError error;
    QCOMPARE(QJsonDocument::fromJson(page, &error).array().size(), KindCount);
    QCOMPARE(error.error, QJsonParseError::NoError);
}

void TestSandbox::executable() {
    QProcess bad;
    bad.start(QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE),
              {QStringLiteral("--faults"), QStringLiteral("epic:explode")});
    QVERIFY(bad.waitForFinished(30000));
    QVERIFY(bad.exitCode() != 0);
    QCOMPARE(bad.readAllStandardError().trimmed().count('\n'), 0);

    QProcess taken;
    const quint16 port = m_host.info().baseUrl.port();
    taken.start(QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE),
                {QStringLiteral("--port"), QString::number(port)});
    QVERIFY(taken.waitForFinished(30000));
    QVERIFY(taken.exitCode() != 0);
    QVERIFY(taken.readAllStandardError().contains("cannot listen"));

    QProcess server;
    server.start(QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE),
                 {QStringLiteral("--patients"), QStringLiteral("2")});
    QVERIFY(server.waitForReadyRead(30000));
    while (!server.canReadLine())
        QVERIFY(server.waitForReadyRead(30000));
    const QJsonObject line = QJsonDocument::fromJson(server.readLine()).object();
    QCOMPARE(line[QStringLiteral("portals")].toArray().size(), 3);
    const QUrl fhir(line[QStringLiteral("portals")][0][QStringLiteral("fhirBase")].toString());
    QCOMPARE(m_client.get(fhir + QStringLiteral("/metadata")).status, 200);
    QCOMPARE(m_client.get(QUrl(line[QStringLiteral("admin")].toString())).status, 200);
    server.terminate();
    QVERIFY(server.waitForFinished(30000));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestSandbox)
#include "tst_sandbox.moc"
