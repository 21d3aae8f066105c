// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace medpull {

// One key pair medpull signs client assertions with (SMART App Launch 2,
// client-confidential-asymmetric). The private key is PEM (PKCS#8) and is only
// ever stored sealed by the TokenVault; `kid` is the RFC 7638 thumbprint of the
// public key, so the same key always has the same id.
struct SigningKey {
    QString kid;
    QString alg; // RS384 or ES384
    QByteArray privateKeyPem;
    QDateTime createdAt;

    bool isNull() const { return privateKeyPem.isEmpty(); }
};

// JSON Web Signatures with OpenSSL's EVP API: key generation, the public
// JWK/JWKS the portal's admin registers, and compact JWS signing. No
// cryptography is written here; OpenSSL does the arithmetic.
class JwtSigner {
public:
    static QStringList algorithms() { return {QStringLiteral("RS384"), QStringLiteral("ES384")}; }

    // A fresh key pair: RSA 3072 for RS384, P-384 for ES384. std::nullopt
    // with `error` for another algorithm or an OpenSSL failure.
    static std::optional<SigningKey> generate(const QString &alg, QString *error = nullptr);
    // The public half as a JWK (kty, alg, use, kid and n/e or crv/x/y).
    static QJsonObject publicJwk(const SigningKey &key);
    // {"keys": [...]} of the keys' public halves.
    static QJsonObject jwks(const QList<SigningKey> &keys);

    // header.payload.signature, base64url; `kid` and `alg` are added to the
    // header. Empty when the key cannot be used.
    static QByteArray sign(const SigningKey &key, const QJsonObject &payload,
                           QString *error = nullptr);
    // A client assertion for a token endpoint: iss = sub = clientId,
    // aud = tokenUrl, a random jti, exp 4 minutes ahead (SMART allows 5).
    static QByteArray clientAssertion(const SigningKey &key, const QString &clientId,
                                      const QString &tokenUrl, QString *error = nullptr);
};

} // namespace medpull
