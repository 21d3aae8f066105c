// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "bundleparser.h"
#include "fakenetwork.h"
#include "fhirclient.h"
#include "ratelimiter.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace medpull;
using namespace medpull::test;

class TestFhirClient : public QObject {
    Q_OBJECT

private slots:
    void followsNextLinksWithTheToken();
    void errorMatrix_data();
    void errorMatrix();
    void honoursRetryAfter();
    void longRetryAfterIsHandedBack();
    void parsesRetryAfter();
    void unauthorizedRefreshesOnceAndRetries();
    void secondUnauthorizedIsAnAuthError();
    void failedRefreshIsAnAuthError();
    void neverSendsTheTokenElsewhere_data();
    void neverSendsTheTokenElsewhere();
    void redirectOffTheBaseIsNotFollowed();
    void redirectUnderTheBaseIsFollowed();
    void limiterBoundsConcurrency();
    void rateLimitSpacesRequests();
    void abortCancels();
    void realServerThatNeverAnswersTimesOut();
    void refusesABodyAnnouncedTooLarge();
    void refusesABodyThatGrowsTooLarge();
    void retriesABodyCutOff();
};

#ifndef Q_MOC_RUN

namespace {

const QUrl base(QStringLiteral("https://ehr.example/fhir"));

QUrl at(const QString &path) {
    return QUrl(base.toString() + QLatin1Char('/') + path);
}

class FakeTokens : public AccessTokenProvider {
public:
    QString token = QStringLiteral("token-1");
    QString refreshed = QStringLiteral("token-2");
    bool refreshFails = false;
    int refreshCount = 0;

    QString accessToken() const override { return token; }
    void refreshAccessToken(const QString &,
                            std::function<void(bool, const QString &)> done) override {
        ++refreshCount;
        QTimer::singleShot(0, [this, done] {
            if (refreshFails) {
                done(false, QStringLiteral("invalid_grant"));
                return;
            }
            token = refreshed;
            done(true, {});
        });
    }
};

FhirClient::Options fastOptions() {
    FhirClient::Options options;
    options.fhirBase = base;
    options.transferTimeoutMs = 50;
    options.maxAttempts = 3;
    options.initialBackoffMs = 1;
    options.maxBackoffMs = 5;
    options.maxRetryAfterMs = 2000;
    return options;
}

FhirResult waitFor(FhirRequest *request) {
    QSignalSpy spy(request, &FhirRequest::finished);
    if (!spy.wait(5000))
        return FhirResult{};
    return spy.first().first().value<FhirResult>();
}

const QByteArray outcome404 =
    R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found",)"
    R"("diagnostics":"Patient/x is gone"}]})";

} // namespace

void TestFhirClient::followsNextLinksWithTheToken() {
    FakeNetworkManager network;
    FakeTokens tokens;
    FhirClient client(&network, fastOptions(), &tokens);
    network.setResponse(at(QStringLiteral("Condition?patient=p1")),
                        FakeResponse::json(R"({"resourceType":"Bundle","type":"searchset",)"
                                           R"("link":[{"relation":"next","url":)"
                                           R"("https://ehr.example/fhir/Condition?page=2"}],)"
                                           R"("entry":[{"resource":{"resourceType":"Condition",)"
                                           R"("id":"c1"}}]})"));
    network.setResponse(at(QStringLiteral("Condition?page=2")),
                        FakeResponse::json(R"({"resourceType":"Bundle","type":"searchset",)"
                                           R"("entry":[{"resource":{"resourceType":"Condition",)"
                                           R"("id":"c2"}}]})"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("patient"), QStringLiteral("p1"));
    FhirResult result = waitFor(client.search(QStringLiteral("Condition"), query));
    QVERIFY2(result.ok(), qPrintable(result.error));
    QStringList ids;
    for (;;) {
        const BundlePage page = BundleParser::parsePage(result.body, QStringLiteral("Condition"));
        QVERIFY(page.ok());
        for (const ParsedResource &resource : page.resources)
            ids << resource.id;
        if (page.nextUrl.isEmpty())
            break;
        result = waitFor(client.get(QUrl(page.nextUrl)));
        QVERIFY2(result.ok(), qPrintable(result.error));
    }
    QCOMPARE(ids, (QStringList{QStringLiteral("c1"), QStringLiteral("c2")}));
    QCOMPARE(network.requests().size(), 2);
    for (const RecordedRequest &request : network.requests()) {
        QCOMPARE(request.header("Authorization"), QByteArray("Bearer token-1"));
        QCOMPARE(request.header("Accept"), QByteArray("application/fhir+json"));
    }
    QCOMPARE(client.inFlight(), 0);
}

void TestFhirClient::errorMatrix_data() {
    QTest::addColumn<QList<FakeResponse>>("responses");
    QTest::addColumn<FhirErrorKind>("kind");
    QTest::addColumn<int>("attempts");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("errorContains");
    QTest::addColumn<QString>("parseError"); // what BundleParser says about a 2xx body

    const FakeResponse ok = FakeResponse::json(R"({"resourceType":"Bundle","type":"searchset"})");
    const FakeResponse refused =
        FakeResponse::networkError(QNetworkReply::ConnectionRefusedError, "Connection refused");

    QTest::newRow("200") << QList<FakeResponse>{ok} << FhirErrorKind::None << 1 << 200 << QString()
                         << QString();
    QTest::newRow("404 with outcome")
        << QList<FakeResponse>{FakeResponse::json(outcome404, 404)} << FhirErrorKind::Http << 1
        << 404 << "HTTP 404 Fake: Patient/x is gone" << QString();
    QTest::newRow("400 not retried") << QList<FakeResponse>{FakeResponse::json("", 400), ok}
                                     << FhirErrorKind::Http << 1 << 400 << "HTTP 400" << QString();
    QTest::newRow("403 not retried") << QList<FakeResponse>{FakeResponse::json("", 403), ok}
                                     << FhirErrorKind::Http << 1 << 403 << "HTTP 403" << QString();
    QTest::newRow("500 then ok") << QList<FakeResponse>{FakeResponse::json("", 500), ok}
                                 << FhirErrorKind::None << 2 << 200 << QString() << QString();
    QTest::newRow("502 504 then ok")
        << QList<FakeResponse>{FakeResponse::json("", 502), FakeResponse::json("", 504), ok}
        << FhirErrorKind::None << 3 << 200 << QString() << QString();
    QTest::newRow("503 always") << QList<FakeResponse>(3, FakeResponse::json("", 503))
                                << FhirErrorKind::Http << 3 << 503
                                << "HTTP 503 Fake after 3 attempts" << QString();
    QTest::newRow("refused then ok") << QList<FakeResponse>{refused, ok} << FhirErrorKind::None << 2
                                     << 200 << QString() << QString();
    QTest::newRow("refused always")
        << QList<FakeResponse>(3, refused) << FhirErrorKind::Network << 3 << 0
        << "network error after 3 attempts: Connection refused" << QString();
    QTest::newRow("hang then ok") << QList<FakeResponse>{FakeResponse::hanging(), ok}
                                  << FhirErrorKind::None << 2 << 200 << QString() << QString();
    QTest::newRow("hang always") << QList<FakeResponse>(3, FakeResponse::hanging())
                                 << FhirErrorKind::Timeout << 3 << 0 << "timed out after 3 attempts"
                                 << QString();
    QTest::newRow("200 truncated")
        << QList<FakeResponse>{FakeResponse::json(R"({"resourceType":"Bundle","entry":[{)")}
        << FhirErrorKind::None << 1 << 200 << QString()
        << "unexpected end of data at line 1, column 36 (byte 35)";
    QTest::newRow("200 html") << QList<FakeResponse>{FakeResponse::json("<html>maintenance</html>")}
                              << FhirErrorKind::None << 1 << 200 << QString()
                              << "expected a JSON object at line 1, column 1 (byte 0)";
    QTest::newRow("200 empty") << QList<FakeResponse>{FakeResponse::json("")} << FhirErrorKind::None
                               << 1 << 200 << QString()
                               << "empty body at line 1, column 1 (byte 0)";
}

void TestFhirClient::errorMatrix() {
    QFETCH(QList<FakeResponse>, responses);
    QFETCH(FhirErrorKind, kind);
    QFETCH(int, attempts);
    QFETCH(int, status);
    QFETCH(QString, errorContains);
    QFETCH(QString, parseError);

    FakeNetworkManager network;
    FakeTokens tokens;
    FhirClient client(&network, fastOptions(), &tokens);
    const QUrl url = at(QStringLiteral("Observation?category=laboratory"));
    for (const FakeResponse &response : responses)
        network.enqueue(url, response);
    const FhirResult result = waitFor(client.get(url));
    QCOMPARE(nameOf(result.errorKind), nameOf(kind));
    QCOMPARE(result.attempts, attempts);
    QCOMPARE(network.requests().size(), attempts);
    QCOMPARE(result.httpStatus, status);
    QVERIFY2(result.error.contains(errorContains), qPrintable(result.error));
    if (result.ok()) {
        QCOMPARE(BundleParser::parsePage(result.body).error.message(), parseError);
    }
    QCOMPARE(client.inFlight(), 0);
}

void TestFhirClient::honoursRetryAfter() {
    FakeNetworkManager network;
    FhirClient::Options options = fastOptions();
    // A backoff far longer than the test allows: only Retry-After: 0 lets
    // the retry happen in time.
    options.initialBackoffMs = 600000;
    options.maxBackoffMs = 600000;
    FhirClient client(&network, options);
    const QUrl url = at(QStringLiteral("Patient/p1"));
    network.enqueue(url, FakeResponse::withHeader(FakeResponse::json("", 429), "Retry-After", "0"));
    network.enqueue(url, FakeResponse::withHeader(FakeResponse::json("", 503), "Retry-After", "0"));
    network.enqueue(url, FakeResponse::json(R"({"resourceType":"Patient","id":"p1"})"));
    const FhirResult result = waitFor(client.get(url));
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.attempts, 3);
}

void TestFhirClient::longRetryAfterIsHandedBack() {
    FakeNetworkManager network;
    FhirClient client(&network, fastOptions());
    const QUrl url = at(QStringLiteral("Patient/p1"));
    network.setResponse(
        url, FakeResponse::withHeader(FakeResponse::json("", 429), "Retry-After", "3600"));
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const FhirResult result = waitFor(client.get(url));
    QCOMPARE(nameOf(result.errorKind), nameOf(FhirErrorKind::Http));
    QCOMPARE(result.attempts, 1);
    QVERIFY(result.retryAfter >= before.addSecs(3600));
    QVERIFY(result.error.contains(QStringLiteral("retry after 3600 s")));
}

void TestFhirClient::parsesRetryAfter() {
    const QDateTime now(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
    QCOMPARE(FhirClient::parseRetryAfter("120", now), now.addSecs(120));
    QCOMPARE(FhirClient::parseRetryAfter(" 0 ", now), now);
    QCOMPARE(FhirClient::parseRetryAfter("Wed, 01 May 2024 12:05:00 GMT", now), now.addSecs(300));
    QVERIFY(!FhirClient::parseRetryAfter("soon", now).isValid());
    QVERIFY(!FhirClient::parseRetryAfter("-5", now).isValid());
    QVERIFY(!FhirClient::parseRetryAfter("", now).isValid());
}

void TestFhirClient::unauthorizedRefreshesOnceAndRetries() {
    FakeNetworkManager network;
    FakeTokens tokens;
    FhirClient client(&network, fastOptions(), &tokens);
    const QUrl url = at(QStringLiteral("Patient/p1"));
    network.setOverride([](const RecordedRequest &request) -> std::optional<FakeResponse> {
        if (request.header("Authorization") == "Bearer token-2")
            return FakeResponse::json(R"({"resourceType":"Patient","id":"p1"})");
        return FakeResponse::json("", 401);
    });
    const FhirResult result = waitFor(client.get(url));
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(tokens.refreshCount, 1);
    QVERIFY(result.tokenRefreshed);
    QCOMPARE(result.attempts, 2);
    QCOMPARE(network.requests().at(1).header("Authorization"), QByteArray("Bearer token-2"));
}

void TestFhirClient::secondUnauthorizedIsAnAuthError() {
    FakeNetworkManager network;
    FakeTokens tokens;
    FhirClient client(&network, fastOptions(), &tokens);
    const QUrl url = at(QStringLiteral("Patient/p1"));
    network.setResponse(url, FakeResponse::json("", 401));
    const FhirResult result = waitFor(client.get(url));
    QCOMPARE(nameOf(result.errorKind), nameOf(FhirErrorKind::Auth));
    QCOMPARE(tokens.refreshCount, 1);
    QCOMPARE(result.attempts, 2);
    QCOMPARE(result.httpStatus, 401);
}

void TestFhirClient::failedRefreshIsAnAuthError() {
    FakeNetworkManager network;
    FakeTokens tokens;
    tokens.refreshFails = true;
    FhirClient client(&network, fastOptions(), &tokens);
    const QUrl url = at(QStringLiteral("Patient/p1"));
    network.setResponse(url, FakeResponse::json("", 401));
    const FhirResult result = waitFor(client.get(url));
    QCOMPARE(nameOf(result.errorKind), nameOf(FhirErrorKind::Auth));
    QCOMPARE(result.attempts, 1);
    QVERIFY(result.error.contains(QStringLiteral("invalid_grant")));
}

void TestFhirClient::neverSendsTheTokenElsewhere_data() {
    QTest::addColumn<QString>("url");
    QTest::newRow("other host") << "https://evil.example/fhir/Patient?page=2";
    QTest::newRow("other port") << "https://ehr.example:8443/fhir/Patient";
    QTest::newRow("http downgrade") << "http://ehr.example/fhir/Patient";
    QTest::newRow("outside base path") << "https://ehr.example/admin/Patient";
    QTest::newRow("base prefix trick") << "https://ehr.example/fhirx/Patient";
    QTest::newRow("dot segments") << "https://ehr.example/fhir/../admin";
    QTest::newRow("userinfo host trick") << "https://ehr.example@evil.example/fhir/Patient";
    QTest::newRow("ftp") << "ftp://ehr.example/fhir/Patient";
}

void TestFhirClient::neverSendsTheTokenElsewhere() {
    QFETCH(QString, url);
    FakeNetworkManager network;
    FakeTokens tokens;
    FhirClient client(&network, fastOptions(), &tokens);
    const FhirResult result = waitFor(client.get(QUrl(url)));
    QCOMPARE(nameOf(result.errorKind), nameOf(FhirErrorKind::Origin));
    QCOMPARE(result.attempts, 0);
    QVERIFY(network.requests().isEmpty());
    QVERIFY(!result.error.contains(QStringLiteral("token-1")));
}

void TestFhirClient::redirectOffTheBaseIsNotFollowed() {
    FakeNetworkManager network;
    FakeTokens tokens;
    FhirClient client(&network, fastOptions(), &tokens);
    const QUrl url = at(QStringLiteral("Binary/b1"));
    network.setResponse(url, FakeResponse::withHeader(FakeResponse::json("", 302), "Location",
                                                      "https://cdn.example/blob/b1"));
    const FhirResult result = waitFor(client.get(url));
    QCOMPARE(nameOf(result.errorKind), nameOf(FhirErrorKind::Origin));
    QCOMPARE(network.requests().size(), 1);
    QCOMPARE(network.requestCount(QUrl(QStringLiteral("https://cdn.example/blob/b1"))), 0);
}

void TestFhirClient::redirectUnderTheBaseIsFollowed() {
    FakeNetworkManager network;
    FakeTokens tokens;
    FhirClient client(&network, fastOptions(), &tokens);
    const QUrl url = at(QStringLiteral("Binary/b1"));
    network.setResponse(url,
                        FakeResponse::withHeader(FakeResponse::json("", 301), "Location", "b2"));
    network.setResponse(at(QStringLiteral("Binary/b2")),
                        FakeResponse::json(R"({"resourceType":"Binary","id":"b2"})"));
    const FhirResult result = waitFor(client.get(url));
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.url, at(QStringLiteral("Binary/b2")));
    QCOMPARE(network.requests().at(1).header("Authorization"), QByteArray("Bearer token-1"));
}

void TestFhirClient::limiterBoundsConcurrency() {
    FakeNetworkManager network;
    RateLimiter limiter(2);
    FhirClient client(&network, fastOptions(), nullptr, &limiter);
    network.setOverride([](const RecordedRequest &) -> std::optional<FakeResponse> {
        FakeResponse response = FakeResponse::json(R"({"resourceType":"Bundle"})");
        response.delayMs = 5;
        return response;
    });
    QList<QSignalSpy *> spies;
    for (int i = 0; i < 8; ++i)
        spies << new QSignalSpy(client.get(at(QStringLiteral("Observation/o%1").arg(i))),
                                &FhirRequest::finished);
    QCOMPARE(client.inFlight(), 8);
    QCOMPARE(limiter.waiting(), 6);
    for (QSignalSpy *spy : spies) {
        QVERIFY(spy->count() == 1 || spy->wait(5000));
        QVERIFY(spy->first().first().value<FhirResult>().ok());
    }
    qDeleteAll(spies);
    QCOMPARE(network.peakOpenReplies(), 2);
    QCOMPARE(limiter.peakInFlight(), 2);
    QCOMPARE(limiter.inFlight(), 0);
    QCOMPARE(client.inFlight(), 0);
}

void TestFhirClient::rateLimitSpacesRequests() {
    FakeNetworkManager network;
    RateLimiter limiter(8, 200); // one start every 5 ms
    FhirClient client(&network, fastOptions(), nullptr, &limiter);
    network.setOverride([](const RecordedRequest &) -> std::optional<FakeResponse> {
        return FakeResponse::json(R"({"resourceType":"Bundle"})");
    });
    QList<QSignalSpy *> spies;
    for (int i = 0; i < 4; ++i)
        spies << new QSignalSpy(client.get(at(QStringLiteral("Patient/p%1").arg(i))),
                                &FhirRequest::finished);
    // Only the first start is immediate; the rest wait for tokens.
    QCOMPARE(network.requests().size(), 1);
    for (QSignalSpy *spy : spies)
        QVERIFY(spy->count() == 1 || spy->wait(5000));
    qDeleteAll(spies);
    QCOMPARE(network.requests().size(), 4);
}

void TestFhirClient::abortCancels() {
    FakeNetworkManager network;
    FhirClient::Options options = fastOptions();
    options.transferTimeoutMs = 0;
    FhirClient client(&network, options);
    const QUrl url = at(QStringLiteral("Patient/p1"));
    network.setResponse(url, FakeResponse::hanging());
    FhirRequest *request = client.get(url);
    QSignalSpy spy(request, &FhirRequest::finished);
    QTimer::singleShot(0, request, &FhirRequest::abort);
    QVERIFY(spy.wait(5000));
    QCOMPARE(nameOf(spy.first().first().value<FhirResult>().errorKind),
             nameOf(FhirErrorKind::Cancelled));
}

// The fake imitates Qt's transfer timeout; this checks the real thing over
// loopback, against a server that accepts and never answers.
void TestFhirClient::realServerThatNeverAnswersTimesOut() {
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QList<QTcpSocket *> held;
    connect(&server, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *socket = server.nextPendingConnection())
            held << socket;
    });
    QNetworkAccessManager network;
    FhirClient::Options options;
    options.fhirBase = QUrl(QStringLiteral("http://127.0.0.1:%1/fhir").arg(server.serverPort()));
    options.transferTimeoutMs = 100;
    options.maxAttempts = 2;
    options.initialBackoffMs = 1;
    FhirClient client(&network, options);
    const FhirResult result =
        waitFor(client.get(QUrl(options.fhirBase.toString() + QStringLiteral("/metadata"))));
    QCOMPARE(nameOf(result.errorKind), nameOf(FhirErrorKind::Timeout));
    QCOMPARE(result.attempts, 2);
}

namespace {

// A loopback HTTP server that answers each request with the next scripted
// reply, streaming large bodies as the client takes them.
class ScriptedServer : public QObject {
public:
    enum class Kind {
        Complete,  // Content-Length and the whole body
        CutOff,    // Content-Length of the whole body, half of it, then close
        Announced, // a Content-Length of `size`, then only a few bytes
        Endless,   // no Content-Length: `size` bytes until the connection closes
    };
    struct Reply {
        Kind kind = Kind::Complete;
        QByteArray body;
        qint64 size = 0;
    };

    explicit ScriptedServer(QList<Reply> replies)
        : m_replies(std::move(replies)) {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { answer(socket); });
        });
    }

    QUrl base() const {
        return QUrl(QStringLiteral("http://127.0.0.1:%1/fhir").arg(m_server.serverPort()));
    }
    qint64 bytesSent() const { return m_sent; }

private:
    void answer(QTcpSocket *socket) {
        socket->readAll();
        if (m_replies.isEmpty() || socket->property("answered").toBool())
            return;
        socket->setProperty("answered", true);
        const Reply reply = m_replies.takeFirst();
        QByteArray head = "HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n";
        switch (reply.kind) {
        case Kind::Complete:
        case Kind::CutOff:
            head += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n\r\n";
            socket->write(head);
            socket->write(reply.kind == Kind::Complete ? reply.body
                                                       : reply.body.left(reply.body.size() / 2));
            if (reply.kind == Kind::CutOff)
                socket->disconnectFromHost();
            return;
        case Kind::Announced:
            head += "Content-Length: " + QByteArray::number(reply.size) + "\r\n\r\n";
            socket->write(head + "{\"resourceType\":\"Bundle\",");
            return;
        case Kind::Endless: {
            socket->write(head +
                          "Connection: close\r\n\r\n{\"resourceType\":\"Bundle\",\"entry\":[");
            const QByteArray chunk(64 * 1024, ' ');
            auto remaining = std::make_shared<qint64>(reply.size);
            auto more = [this, socket, chunk, remaining] {
                while (*remaining > 0 && socket->bytesToWrite() < 1024 * 1024 &&
                       socket->state() == QAbstractSocket::ConnectedState) {
                    socket->write(chunk);
                    *remaining -= chunk.size();
                    m_sent += chunk.size();
                }
                if (*remaining <= 0)
                    socket->disconnectFromHost();
            };
            connect(socket, &QTcpSocket::bytesWritten, this, more);
            more();
            return;
        }
        }
    }

    QTcpServer m_server;
    QList<Reply> m_replies;
    qint64 m_sent = 0;
};

FhirClient::Options loopbackOptions(const QUrl &fhirBase) {
    FhirClient::Options options;
    options.fhirBase = fhirBase;
    options.transferTimeoutMs = 5000;
    options.maxAttempts = 3;
    options.initialBackoffMs = 1;
    options.maxBackoffMs = 5;
    options.maxBodyBytes = 1024 * 1024;
    return options;
}

FhirResult fetchFrom(const ScriptedServer &server) {
    QNetworkAccessManager network;
    FhirClient client(&network, loopbackOptions(server.base()));
    QSignalSpy spy(client.get(QUrl(server.base().toString() + QStringLiteral("/Observation"))),
                   &FhirRequest::finished);
    if (!spy.wait(20000))
        return FhirResult{};
    return spy.first().first().value<FhirResult>();
}

} // namespace

// A Content-Length beyond the limit is refused before the body is read, and
// not asked for again.
void TestFhirClient::refusesABodyAnnouncedTooLarge() {
    ScriptedServer server({{ScriptedServer::Kind::Announced, {}, 200LL * 1024 * 1024}});
    const FhirResult result = fetchFrom(server);
    QCOMPARE(nameOf(result.errorKind), nameOf(FhirErrorKind::TooLarge));
    QCOMPARE(result.attempts, 1);
    QVERIFY(result.body.isEmpty());
    QVERIFY2(result.error.contains(QStringLiteral("larger than 1 MB")), qPrintable(result.error));
}

// Without a Content-Length, the body is counted as it arrives and the reply
// aborted once it passes the limit: the rest is never read.
void TestFhirClient::refusesABodyThatGrowsTooLarge() {
    const qint64 size = 200LL * 1024 * 1024;
    ScriptedServer server({{ScriptedServer::Kind::Endless, {}, size}});
    const FhirResult result = fetchFrom(server);
    QCOMPARE(nameOf(result.errorKind), nameOf(FhirErrorKind::TooLarge));
    QCOMPARE(result.attempts, 1);
    QVERIFY(result.body.isEmpty());
    QVERIFY2(server.bytesSent() < 32 * 1024 * 1024,
             qPrintable(QString::number(server.bytesSent())));
}

// A 200 whose body ends before its Content-Length is no answer: asked again.
void TestFhirClient::retriesABodyCutOff() {
    const QByteArray body = R"({"resourceType":"Patient","id":"p-1","name":[{"text":")" +
                            QByteArray(4000, 'a') + R"("}]})";
    ScriptedServer server(
        {{ScriptedServer::Kind::CutOff, body, 0}, {ScriptedServer::Kind::Complete, body, 0}});
    const FhirResult result = fetchFrom(server);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.attempts, 2);
    QCOMPARE(result.body, body);
}

#endif

QTEST_GUILESS_MAIN(TestFhirClient)
#include "tst_fhirclient.moc"
