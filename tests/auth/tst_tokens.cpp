// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "fakenetwork.h"
#include "keyarchive.h"
#include "pkce.h"
#include "tokenclient.h"
#include "tokenvault.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace medpull;
using namespace medpull::test;

class TestTokens : public QObject {
    Q_OBJECT

private slots:
    void pkceMatchesRfc7636AppendixB();
    void pkceIsFreshAndWellFormed();
    void tokenResponseParsing();
    void refreshOutcomes_data();
    void refreshOutcomes();
    void codeExchangeSendsVerifier();
    void vaultRoundTrip();
    void vaultDetectsTampering();
    void vaultKeyFileIsOwnerOnly();
    void vaultRefusesReadableKeyFile();
    void vaultKeysPostgresByRecordedId();
    void vaultNeverReplacesAMissingKey();
    void vaultRefusesAnotherKey();
    void keyArchiveRoundTrip();
};

#ifndef Q_MOC_RUN

namespace {

const QUrl tokenUrl(QStringLiteral("https://auth.example/token"));

TokenSet sampleTokens() {
    TokenSet tokens;
    tokens.accessToken = QStringLiteral("access-secret");
    tokens.refreshToken = QStringLiteral("refresh-old");
    tokens.tokenType = QStringLiteral("Bearer");
    tokens.scope = QStringLiteral("patient/*.rs offline_access");
    tokens.patient = QStringLiteral("p-17");
    tokens.expiresAt = QDateTime(QDate(2030, 1, 1), QTime(12, 0), Qt::UTC);
    return tokens;
}

TokenResult waitFor(TokenRequest *request) {
    QSignalSpy spy(request, &TokenRequest::finished);
    if (!spy.wait(5000))
        return {};
    return spy.first().first().value<TokenResult>();
}

std::unique_ptr<TokenVault> openVault(const QString &location, const QString &keyDirectory = {},
                                      const QStringList &knownKeyIds = {},
                                      QString *error = nullptr) {
    TokenVault::Options options{location, true, 2000, keyDirectory};
    options.knownKeyIds = knownKeyIds;
    auto vault = std::make_unique<TokenVault>(options);
    QSignalSpy ready(vault.get(), &TokenVault::ready);
    vault->open();
    if (ready.isEmpty())
        ready.wait(5000);
    if (error && !ready.isEmpty())
        *error = ready.first().at(1).toString();
    return vault;
}

} // namespace

void TestTokens::pkceMatchesRfc7636AppendixB() {
    QCOMPARE(Pkce::challengeFor("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
             QByteArray("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
}

void TestTokens::pkceIsFreshAndWellFormed() {
    const Pkce a = Pkce::generate();
    const Pkce b = Pkce::generate();
    QCOMPARE(a.verifier.size(), 43);
    QVERIFY(a.verifier != b.verifier);
    QCOMPARE(a.challenge, Pkce::challengeFor(a.verifier));
    static const QRegularExpression unreserved(QStringLiteral("^[A-Za-z0-9_-]+$"));
    QVERIFY(unreserved.match(QString::fromLatin1(a.verifier)).hasMatch());
    QVERIFY(unreserved.match(QString::fromLatin1(Pkce::randomState())).hasMatch());
    QVERIFY(Pkce::randomState() != Pkce::randomState());
}

void TestTokens::tokenResponseParsing() {
    const QDateTime now(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);
    QString error;
    const auto tokens = TokenSet::fromTokenResponse(
        R"({"access_token":"a","token_type":"bearer","expires_in":3600,"scope":"s","patient":"p",)"
        R"("refresh_token":"r"})",
        now, &error);
    QVERIFY(tokens);
    QCOMPARE(tokens->expiresAt, now.addSecs(3600));
    QCOMPARE(tokens->patient, QStringLiteral("p"));
    QVERIFY(tokens->expiresWithin(3600, now));
    QVERIFY(!tokens->expiresWithin(3000, now));
    QVERIFY(!TokenSet::fromTokenResponse(R"({"token_type":"Bearer"})", now, &error));
    QCOMPARE(error, QStringLiteral("the token response has no access_token"));
    QVERIFY(
        !TokenSet::fromTokenResponse(R"({"access_token":"a","token_type":"mac"})", now, &error));
    const TokenSet roundTrip = *TokenSet::fromJson(sampleTokens().toJson());
    QCOMPARE(roundTrip.refreshToken, sampleTokens().refreshToken);
    QCOMPARE(roundTrip.expiresAt, sampleTokens().expiresAt);
}

void TestTokens::refreshOutcomes_data() {
    QTest::addColumn<FakeResponse>("response");
    QTest::addColumn<TokenResult::Status>("status");
    QTest::addColumn<QString>("refreshToken");
    QTest::addColumn<bool>("rotated");
    QTest::addColumn<QString>("message");

    QTest::newRow("rotating")
        << FakeResponse::json(R"({"access_token":"new","token_type":"Bearer","expires_in":60,)"
                              R"("refresh_token":"refresh-new"})")
        << TokenResult::Status::Ok << "refresh-new" << true << QString();
    QTest::newRow("non-rotating")
        << FakeResponse::json(R"({"access_token":"new","token_type":"Bearer","expires_in":60})")
        << TokenResult::Status::Ok << "refresh-old" << false << QString();
    QTest::newRow("invalid_grant")
        << FakeResponse::json(R"({"error":"invalid_grant","error_description":"revoked"})", 400)
        << TokenResult::Status::InvalidGrant << QString() << false
        << "token endpoint answered HTTP 400: invalid_grant (revoked)";
    QTest::newRow("invalid_client")
        << FakeResponse::json(R"({"error":"invalid_client"})", 401) << TokenResult::Status::Rejected
        << QString() << false << "token endpoint answered HTTP 401: invalid_client";
    QTest::newRow("503") << FakeResponse::json("down", 503) << TokenResult::Status::Transient
                         << QString() << false << "token endpoint answered HTTP 503";
    QTest::newRow("garbage 200")
        << FakeResponse::json("<html>") << TokenResult::Status::Transient << QString() << false
        << "unusable token response: the token response is not a JSON object";
    QTest::newRow("refused") << FakeResponse::networkError(QNetworkReply::ConnectionRefusedError,
                                                           "Connection refused")
                             << TokenResult::Status::Transient << QString() << false
                             << "token endpoint unreachable: Connection refused";
    QTest::newRow("hang") << FakeResponse::hanging() << TokenResult::Status::Transient << QString()
                          << false << "token endpoint did not answer in time";
}

void TestTokens::refreshOutcomes() {
    QFETCH(FakeResponse, response);
    QFETCH(TokenResult::Status, status);
    QFETCH(QString, refreshToken);
    QFETCH(bool, rotated);
    QFETCH(QString, message);
    FakeNetworkManager network;
    network.setResponse(tokenUrl, response);
    TokenClient client(&network);
    client.setTimeout(50);
    const TokenResult result =
        waitFor(client.refresh(tokenUrl, QStringLiteral("medpull"), sampleTokens()));
    QCOMPARE(nameOf(result.status), nameOf(status));
    QCOMPARE(result.message, message);
    QVERIFY(!result.message.contains(QStringLiteral("refresh-old")));
    if (result.ok()) {
        QCOMPARE(result.tokens.accessToken, QStringLiteral("new"));
        QCOMPARE(result.tokens.refreshToken, refreshToken);
        QCOMPARE(result.rotated, rotated);
        QCOMPARE(result.tokens.patient, QStringLiteral("p-17"));
    }
    const QUrlQuery form(QString::fromUtf8(network.requests().first().body));
    QCOMPARE(form.queryItemValue(QStringLiteral("grant_type")), QStringLiteral("refresh_token"));
    QCOMPARE(form.queryItemValue(QStringLiteral("refresh_token")), QStringLiteral("refresh-old"));
    QCOMPARE(form.queryItemValue(QStringLiteral("client_id")), QStringLiteral("medpull"));
}

void TestTokens::codeExchangeSendsVerifier() {
    FakeNetworkManager network;
    network.setResponse(tokenUrl,
                        FakeResponse::json(R"({"access_token":"a","token_type":"Bearer"})"));
    TokenClient client(&network);
    const TokenResult result = waitFor(client.exchangeCode(
        tokenUrl, QStringLiteral("medpull"), QStringLiteral("c+o/de"), "verifier-123",
        QUrl(QStringLiteral("http://127.0.0.1:5555/callback"))));
    QVERIFY(result.ok());
    const RecordedRequest &request = network.requests().first();
    QCOMPARE(request.operation, QNetworkAccessManager::PostOperation);
    QCOMPARE(request.header("Content-Type"), QByteArray("application/x-www-form-urlencoded"));
    QVERIFY(request.body.contains("code=c%2Bo%2Fde"));
    const QUrlQuery form(QString::fromUtf8(request.body));
    QCOMPARE(form.queryItemValue(QStringLiteral("grant_type")),
             QStringLiteral("authorization_code"));
    QCOMPARE(form.queryItemValue(QStringLiteral("code_verifier")), QStringLiteral("verifier-123"));
    QCOMPARE(form.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded),
             QStringLiteral("http://127.0.0.1:5555/callback"));
}

void TestTokens::vaultRoundTrip() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("medpull.sqlite"));
    auto vault = openVault(db);
    QVERIFY(vault->isReady());
    QCOMPARE(vault->keyStorage(), TokenVault::KeyStorage::KeyFile);
    const SealedTokens first = vault->seal(sampleTokens());
    const SealedTokens second = vault->seal(sampleTokens());
    QVERIFY(first.nonce != second.nonce);
    QVERIFY(!first.ciphertext.contains("access-secret"));
    QString error;
    const auto tokens = vault->unseal(first, &error);
    QVERIFY2(tokens, qPrintable(error));
    QCOMPARE(tokens->accessToken, QStringLiteral("access-secret"));
    QCOMPARE(tokens->refreshToken, QStringLiteral("refresh-old"));

    // A second vault on the same database reads what the first wrote.
    auto again = openVault(db);
    QCOMPARE(again->keyId(), vault->keyId());
    QVERIFY(again->unseal(second));
}

void TestTokens::vaultDetectsTampering() {
    QTemporaryDir dir;
    auto vault = openVault(dir.filePath(QStringLiteral("medpull.sqlite")));
    SealedTokens sealed = vault->seal(sampleTokens());
    QString error;
    SealedTokens flipped = sealed;
    flipped.ciphertext[5] = char(flipped.ciphertext[5] ^ 1);
    QVERIFY(!vault->unseal(flipped, &error));
    QCOMPARE(error, QStringLiteral("sealed tokens failed authentication (tampered or wrong key)"));
    SealedTokens otherNonce = sealed;
    otherNonce.nonce[0] = char(otherNonce.nonce[0] ^ 1);
    QVERIFY(!vault->unseal(otherNonce, &error));
    SealedTokens truncated = sealed;
    truncated.ciphertext.truncate(4);
    QVERIFY(!vault->unseal(truncated, &error));
    QCOMPARE(error, QStringLiteral("sealed tokens are corrupt"));
    SealedTokens otherKey = sealed;
    otherKey.keyId = QStringLiteral("file:00");
    QVERIFY(!vault->unseal(otherKey, &error));
    QVERIFY(error.startsWith(QStringLiteral("tokens were sealed with key file:00")));

    // Another database's key cannot open this one's tokens.
    auto stranger = openVault(dir.filePath(QStringLiteral("other.sqlite")));
    sealed.keyId = stranger->keyId();
    QVERIFY(!stranger->unseal(sealed, &error));
}

void TestTokens::vaultKeyFileIsOwnerOnly() {
    QTemporaryDir dir;
    auto vault = openVault(dir.filePath(QStringLiteral("medpull.sqlite")));
    QCOMPARE(vault->keyFilePath(), dir.filePath(QStringLiteral("medpull.sqlite.key")));
    QFile key(vault->keyFilePath());
    QCOMPARE(key.size(), 32);
    QCOMPARE(key.permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void TestTokens::vaultRefusesReadableKeyFile() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("medpull.sqlite"));
    openVault(db);
    QFile::setPermissions(db + QStringLiteral(".key"), QFileDevice::ReadOwner |
                                                           QFileDevice::WriteOwner |
                                                           QFileDevice::ReadOther);
    TokenVault vault(TokenVault::Options{db, true, 2000, {}});
    QSignalSpy ready(&vault, &TokenVault::ready);
    vault.open();
    QVERIFY(!ready.isEmpty() || ready.wait(5000));
    QCOMPARE(ready.first().at(0).toBool(), false);
    QVERIFY(ready.first().at(1).toString().contains(QStringLiteral("chmod 600")));
    QVERIFY(!vault.isReady());
}

void TestTokens::vaultKeysPostgresByRecordedId() {
    QTemporaryDir dir;
    // A database that names no key yet gets a new one, in a file named by
    // its id (which the caller then records in the database).
    auto made = openVault(QStringLiteral("postgresql://me:pw1@db.example/medpull"), dir.path());
    QVERIFY(made->isReady());
    QCOMPARE(QFileInfo(made->keyFilePath()).absolutePath(),
             QFileInfo(dir.path()).absoluteFilePath());
    QVERIFY(made->keyFilePath().contains(TokenVault::fingerprint(made->keyId())));
    const SealedTokens sealed = made->seal(sampleTokens());

    // Another password, another option, another worker: the recorded id
    // finds the same key whatever the URL says.
    for (const QString &url :
         {QStringLiteral("postgresql://me:pw2@db.example/medpull"),
          QStringLiteral("postgresql://me:pw1@db.example/medpull?connect_timeout=10"),
          QStringLiteral(
              "postgres://me@db.example:5432/medpull?sslmode=disable&connect_timeout=3")}) {
        auto again = openVault(url, dir.path(), {made->keyId()});
        QVERIFY2(again->isReady(), qPrintable(url));
        QCOMPARE(again->keyId(), made->keyId());
        QVERIFY(again->unseal(sealed));
    }
}

void TestTokens::vaultNeverReplacesAMissingKey() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("medpull.sqlite"));
    auto first = openVault(db);
    QVERIFY(first->isReady());
    const QString keyId = first->keyId();
    QVERIFY(QFile::rename(first->keyFilePath(), dir.filePath(QStringLiteral("moved.key"))));

    // The database names the key (its tokens are sealed with it): no new
    // key is made, and the error says where it looked and what to do.
    QString error;
    auto refused = openVault(db, {}, {keyId}, &error);
    QVERIFY(!refused->isReady());
    QVERIFY2(error.contains(db + QStringLiteral(".key")), qPrintable(error));
    QVERIFY2(error.contains(keyId), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("key import")), qPrintable(error));
    QVERIFY(!QFileInfo::exists(db + QStringLiteral(".key")));

    // Same for a PostgreSQL database whose key file is not on this machine.
    QTemporaryDir keys;
    auto pg = openVault(QStringLiteral("postgresql://me@db.example/medpull"), keys.path(), {keyId},
                        &error);
    QVERIFY(!pg->isReady());
    QVERIFY2(error.contains(keys.path()), qPrintable(error));
    QVERIFY(QDir(keys.path()).isEmpty());

    // Put back, the key opens again.
    QVERIFY(QFile::rename(dir.filePath(QStringLiteral("moved.key")), db + QStringLiteral(".key")));
    auto restored = openVault(db, {}, {keyId});
    QVERIFY(restored->isReady());
    QCOMPARE(restored->keyId(), keyId);
}

void TestTokens::vaultRefusesAnotherKey() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("medpull.sqlite"));
    auto original = openVault(db);
    const QString keyId = original->keyId();
    // Another database's key file copied over this one's.
    auto other = openVault(dir.filePath(QStringLiteral("other.sqlite")));
    QVERIFY(QFile::remove(original->keyFilePath()));
    QVERIFY(QFile::copy(other->keyFilePath(), original->keyFilePath()));
    QString error;
    auto refused = openVault(db, {}, {keyId}, &error);
    QVERIFY(!refused->isReady());
    QVERIFY2(error.contains(other->keyId()) && error.contains(keyId), qPrintable(error));
}

void TestTokens::keyArchiveRoundTrip() {
    QTemporaryDir dir;
    auto vault = openVault(dir.filePath(QStringLiteral("medpull.sqlite")));
    const QByteArray passphrase("correct horse battery staple");
    const QByteArray archive = KeyArchive::seal(vault->keys(), passphrase);
    QVERIFY(!archive.isEmpty());
    QFile key(vault->keyFilePath());
    QVERIFY(key.open(QIODevice::ReadOnly));
    const QByteArray raw = key.readAll();
    QVERIFY(!archive.contains(raw) && !archive.contains(raw.toBase64()));
    QVERIFY(archive.contains(vault->keyId().toLatin1()));

    QString error;
    const auto opened = KeyArchive::open(archive, passphrase, &error);
    QVERIFY2(opened, qPrintable(error));
    QCOMPARE(opened->size(), 1);
    QCOMPARE(opened->constFirst(), raw);

    QVERIFY(!KeyArchive::open(archive, "wrong passphrase here", &error));
    QCOMPARE(error, QStringLiteral("wrong passphrase, or the key file was altered"));
    QJsonObject altered = QJsonDocument::fromJson(archive).object();
    QByteArray sealed = QByteArray::fromBase64(altered.value("sealed").toString().toLatin1());
    sealed[3] = char(sealed[3] ^ 1);
    altered.insert("sealed", QString::fromLatin1(sealed.toBase64()));
    QVERIFY(!KeyArchive::open(QJsonDocument(altered).toJson(), passphrase, &error));
    altered.insert("memLimit", qint64(1) << 40);
    QVERIFY(!KeyArchive::open(QJsonDocument(altered).toJson(), passphrase, &error));
    QCOMPARE(error, QStringLiteral("the key file is damaged"));
    QVERIFY(!KeyArchive::open("not json", passphrase, &error));
    QCOMPARE(error, QStringLiteral("not a medpull key file"));
}

#endif

QTEST_GUILESS_MAIN(TestTokens)
#include "tst_tokens.moc"
