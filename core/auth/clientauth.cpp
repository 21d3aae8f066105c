// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "clientauth.h"

#include "source.h"
#include "tokenvault.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>

#include <sodium.h>

namespace medpull {

namespace {

const QString jwtBearer = QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");

} // namespace

QByteArray ClientCredentials::seal(const TokenVault &vault) const {
    if (isEmpty())
        return {};
    QJsonArray keyList;
    for (const SigningKey &key : keys)
        keyList.append(
            QJsonObject{{QStringLiteral("kid"), key.kid},
                        {QStringLiteral("alg"), key.alg},
                        {QStringLiteral("pem"), QString::fromLatin1(key.privateKeyPem)},
                        {QStringLiteral("createdAt"), key.createdAt.toString(Qt::ISODate)}});
    QByteArray plain = QJsonDocument(QJsonObject{{QStringLiteral("secret"), secret},
                                                 {QStringLiteral("keys"), keyList}})
                           .toJson(QJsonDocument::Compact);
    const SealedBytes box = vault.sealBytes(plain);
    sodium_memzero(plain.data(), size_t(plain.size()));
    return QJsonDocument(
               QJsonObject{
                   {QStringLiteral("keyId"), box.keyId},
                   {QStringLiteral("nonce"), QString::fromLatin1(box.nonce.toBase64())},
                   {QStringLiteral("ciphertext"), QString::fromLatin1(box.ciphertext.toBase64())}})
        .toJson(QJsonDocument::Compact);
}

std::optional<ClientCredentials>
ClientCredentials::unseal(const QByteArray &stored, const TokenVault &vault, QString *error) {
    if (stored.isEmpty())
        return ClientCredentials();
    const QJsonObject box = QJsonDocument::fromJson(stored).object();
    const SealedBytes sealed{
        QByteArray::fromBase64(box.value(QStringLiteral("ciphertext")).toString().toLatin1()),
        QByteArray::fromBase64(box.value(QStringLiteral("nonce")).toString().toLatin1()),
        box.value(QStringLiteral("keyId")).toString()};
    std::optional<QByteArray> plain = vault.unsealBytes(sealed, error);
    if (!plain)
        return std::nullopt;
    const QJsonObject object = QJsonDocument::fromJson(*plain).object();
    sodium_memzero(plain->data(), size_t(plain->size()));
    ClientCredentials credentials;
    credentials.secret = object.value(QStringLiteral("secret")).toString();
    for (const QJsonValue &value : object.value(QStringLiteral("keys")).toArray()) {
        const QJsonObject key = value.toObject();
        credentials.keys.append(
            {key.value(QStringLiteral("kid")).toString(),
             key.value(QStringLiteral("alg")).toString(),
             key.value(QStringLiteral("pem")).toString().toLatin1(),
             QDateTime::fromString(key.value(QStringLiteral("createdAt")).toString(),
                                   Qt::ISODate)});
    }
    return credentials;
}

std::optional<ClientAuth> ClientAuth::forSource(const Source &source, const TokenVault &vault,
                                                QString *error) {
    ClientAuth auth{source.clientAuth, source.clientId, {}, {}};
    if (auth.method == ClientAuthMethod::None)
        return auth;
    const std::optional<ClientCredentials> credentials =
        ClientCredentials::unseal(source.sealedCredentials, vault, error);
    if (!credentials)
        return std::nullopt;
    auth.secret = credentials->secret;
    auth.keys = credentials->keys;
    const bool usesKey = auth.method == ClientAuthMethod::PrivateKeyJwt;
    if (usesKey ? auth.keys.isEmpty() : auth.secret.isEmpty()) {
        if (error)
            *error = usesKey ? QStringLiteral("source %1 has no signing key").arg(source.name)
                             : QStringLiteral("source %1 has no client secret").arg(source.name);
        return std::nullopt;
    }
    return auth;
}

int ClientAuth::attempts() const {
    return method == ClientAuthMethod::PrivateKeyJwt ? int(qMax<qsizetype>(1, keys.size())) : 1;
}

QString ClientAuth::keyIdFor(int attempt) const {
    return method == ClientAuthMethod::PrivateKeyJwt && attempt < keys.size() ? keys.at(attempt).kid
                                                                              : QString();
}

bool ClientAuth::apply(QNetworkRequest &request, QList<QPair<QString, QString>> &form,
                       const QUrl &tokenUrl, int attempt, QString *error) const {
    switch (method) {
    case ClientAuthMethod::None:
        form.append({QStringLiteral("client_id"), clientId});
        return true;
    case ClientAuthMethod::ClientSecretBasic: {
        // RFC 6749 2.3.1: both parts form-encoded before base64.
        const QByteArray credentials =
            QUrl::toPercentEncoding(clientId) + ':' + QUrl::toPercentEncoding(secret);
        request.setRawHeader("Authorization", "Basic " + credentials.toBase64());
        return true;
    }
    case ClientAuthMethod::ClientSecretPost:
        form.append({QStringLiteral("client_id"), clientId});
        form.append({QStringLiteral("client_secret"), secret});
        return true;
    case ClientAuthMethod::PrivateKeyJwt: {
        if (attempt >= keys.size()) {
            if (error)
                *error = QStringLiteral("no signing key");
            return false;
        }
        const QByteArray assertion = JwtSigner::clientAssertion(
            keys.at(attempt), clientId, tokenUrl.toString(QUrl::FullyEncoded), error);
        if (assertion.isEmpty())
            return false;
        form.append({QStringLiteral("client_assertion_type"), jwtBearer});
        form.append({QStringLiteral("client_assertion"), QString::fromLatin1(assertion)});
        return true;
    }
    }
    return false;
}

ClientAuthMethod defaultClientAuth(const QStringList &supported, bool hasSecret, bool hasKey) {
    // A portal that lists nothing is taken to accept what it is given.
    const auto offers = [&](const char *name) {
        return supported.isEmpty() || supported.contains(QLatin1String(name));
    };
    if (hasKey && offers("private_key_jwt"))
        return ClientAuthMethod::PrivateKeyJwt;
    if (hasSecret && offers("client_secret_basic"))
        return ClientAuthMethod::ClientSecretBasic;
    if (hasSecret && offers("client_secret_post"))
        return ClientAuthMethod::ClientSecretPost;
    // A portal without public clients that takes a key: medpull makes one.
    if (!supported.isEmpty() && !supported.contains(QLatin1String("none")) &&
        supported.contains(QLatin1String("private_key_jwt")))
        return ClientAuthMethod::PrivateKeyJwt;
    return ClientAuthMethod::None;
}

} // namespace medpull
