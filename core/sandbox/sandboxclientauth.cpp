// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sandboxclientauth.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>

namespace medpull::sandbox {

namespace {

constexpr qint64 MaxAssertionLifetime = 300;
constexpr qint64 ClockSkew = 30;
constexpr int Es384Half = 48;

struct Free {
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(EVP_PKEY_CTX *p) const { EVP_PKEY_CTX_free(p); }
    void operator()(BIGNUM *p) const { BN_free(p); }
    void operator()(EVP_MD_CTX *p) const { EVP_MD_CTX_free(p); }
    void operator()(ECDSA_SIG *p) const { ECDSA_SIG_free(p); }
    void operator()(OSSL_PARAM_BLD *p) const { OSSL_PARAM_BLD_free(p); }
    void operator()(OSSL_PARAM *p) const { OSSL_PARAM_free(p); }
};
template <typename T> using Owned = std::unique_ptr<T, Free>;

QByteArray unbase64(const QJsonValue &value) {
    return QByteArray::fromBase64(value.toString().toLatin1(),
                                  QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

BIGNUM *toBignum(const QByteArray &bytes) {
    return BN_bin2bn(reinterpret_cast<const unsigned char *>(bytes.constData()), int(bytes.size()),
                     nullptr);
}

// The public key of a JWK (RSA n/e, or EC P-384 x/y); null when unusable.
Owned<EVP_PKEY> publicKey(const QJsonObject &jwk) {
    Owned<OSSL_PARAM_BLD> build(OSSL_PARAM_BLD_new());
    Owned<BIGNUM> n, e;
    QByteArray point;
    const char *type = nullptr;
    if (jwk.value(QLatin1String("kty")).toString() == QLatin1String("RSA")) {
        type = "RSA";
        n.reset(toBignum(unbase64(jwk.value(QLatin1String("n")))));
        e.reset(toBignum(unbase64(jwk.value(QLatin1String("e")))));
        OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, n.get());
        OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, e.get());
    } else if (jwk.value(QLatin1String("kty")).toString() == QLatin1String("EC") &&
               jwk.value(QLatin1String("crv")).toString() == QLatin1String("P-384")) {
        type = "EC";
        point = '\x04' + unbase64(jwk.value(QLatin1String("x"))) +
                unbase64(jwk.value(QLatin1String("y")));
        OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "secp384r1", 0);
        OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                         size_t(point.size()));
    } else {
        return {};
    }
    Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(build.get()));
    Owned<EVP_PKEY_CTX> context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY *key = nullptr;
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) <= 0 ||
        EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        return {};
    return Owned<EVP_PKEY>(key);
}

bool verify(EVP_PKEY *key, const QString &alg, const QByteArray &input, QByteArray signature) {
    if (alg == QLatin1String("ES384")) {
        // JWS r || s back to the DER form OpenSSL verifies.
        if (signature.size() != 2 * Es384Half)
            return false;
        Owned<ECDSA_SIG> sig(ECDSA_SIG_new());
        ECDSA_SIG_set0(sig.get(), toBignum(signature.left(Es384Half)),
                       toBignum(signature.mid(Es384Half)));
        unsigned char *der = nullptr;
        const int length = i2d_ECDSA_SIG(sig.get(), &der);
        if (length <= 0)
            return false;
        signature = QByteArray(reinterpret_cast<const char *>(der), length);
        OPENSSL_free(der);
    }
    Owned<EVP_MD_CTX> context(EVP_MD_CTX_new());
    return EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha384(), nullptr, key) == 1 &&
           EVP_DigestVerify(
               context.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
               size_t(signature.size()), reinterpret_cast<const unsigned char *>(input.constData()),
               size_t(input.size())) == 1;
}

QString field(const QUrlQuery &query, const char *name) {
    return query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
}

} // namespace

QJsonObject ClientRegistration::toJson() const {
    return {{QStringLiteral("method"), method},
            {QStringLiteral("secret"), secret},
            {QStringLiteral("jwks"), jwks},
            {QStringLiteral("redirectUris"), QJsonArray::fromStringList(redirectUris)},
            {QStringLiteral("requireRegisteredRedirect"), requireRegisteredRedirect}};
}

void ClientRegistration::update(const QJsonObject &changes) {
    if (changes.contains(QLatin1String("secret")))
        secret = changes.value(QLatin1String("secret")).toString();
    if (changes.contains(QLatin1String("jwks")))
        jwks = changes.value(QLatin1String("jwks")).toObject();
    if (changes.contains(QLatin1String("redirectUris"))) {
        redirectUris.clear();
        for (const QJsonValue &uri : changes.value(QLatin1String("redirectUris")).toArray())
            redirectUris << uri.toString();
    }
}

bool SandboxClientAuth::acceptsRedirect(const QString &redirectUri) const {
    if (m_registration.redirectUris.isEmpty())
        return !m_registration.requireRegisteredRedirect;
    return m_registration.redirectUris.contains(redirectUri);
}

QString SandboxClientAuth::authenticate(const HttpRequest &request, const QUrlQuery &form,
                                        const QString &tokenUrl, QString *why) {
    const QString method = m_registration.method;
    const QString formClient = field(form, "client_id");
    if (method == QLatin1String("client_secret_basic")) {
        if (!request.authorization.startsWith("Basic ")) {
            *why = QStringLiteral("client authentication required (client_secret_basic)");
            return {};
        }
        const QByteArray decoded = QByteArray::fromBase64(request.authorization.mid(6));
        const qsizetype colon = decoded.indexOf(':');
        const QString id = QUrl::fromPercentEncoding(decoded.left(colon));
        const QString secret = QUrl::fromPercentEncoding(decoded.mid(colon + 1));
        if (colon < 0 || secret != m_registration.secret || secret.isEmpty() ||
            (!formClient.isEmpty() && formClient != id)) {
            *why = QStringLiteral("client authentication failed");
            return {};
        }
        return id;
    }
    if (method == QLatin1String("client_secret_post")) {
        const QString secret = field(form, "client_secret");
        if (secret.isEmpty() || secret != m_registration.secret) {
            *why = secret.isEmpty()
                       ? QStringLiteral("client authentication required (client_secret_post)")
                       : QStringLiteral("client authentication failed");
            return {};
        }
        return formClient;
    }
    if (method == QLatin1String("private_key_jwt")) {
        if (field(form, "client_assertion_type") !=
            QLatin1String("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")) {
            *why = QStringLiteral("client authentication required (private_key_jwt)");
            return {};
        }
        const QString id = verifyAssertion(field(form, "client_assertion"), tokenUrl, why);
        if (!id.isEmpty() && !formClient.isEmpty() && formClient != id) {
            *why = QStringLiteral("client_id does not match the assertion");
            return {};
        }
        return id;
    }
    if (formClient.isEmpty())
        *why = QStringLiteral("client_id is required");
    return formClient;
}

QString SandboxClientAuth::verifyAssertion(const QString &assertion, const QString &tokenUrl,
                                           QString *why) {
    const QList<QByteArray> parts = assertion.toLatin1().split('.');
    if (parts.size() != 3) {
        *why = QStringLiteral("client_assertion is not a compact JWS");
        return {};
    }
    const QJsonObject header =
        QJsonDocument::fromJson(QByteArray::fromBase64(parts[0], QByteArray::Base64UrlEncoding))
            .object();
    const QJsonObject claims =
        QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding))
            .object();
    const QString alg = header.value(QLatin1String("alg")).toString();
    const QString kid = header.value(QLatin1String("kid")).toString();
    if (alg != QLatin1String("RS384") && alg != QLatin1String("ES384")) {
        *why = QStringLiteral("unsupported alg '%1' (RS384 or ES384)").arg(alg);
        return {};
    }
    QJsonObject jwk;
    for (const QJsonValue &key : m_registration.jwks.value(QLatin1String("keys")).toArray()) {
        if (key.toObject().value(QLatin1String("kid")).toString() == kid)
            jwk = key.toObject();
    }
    if (jwk.isEmpty()) {
        *why = QStringLiteral("no registered key with kid '%1'").arg(kid);
        return {};
    }
    const Owned<EVP_PKEY> key = publicKey(jwk);
    const QByteArray signature = QByteArray::fromBase64(
        parts[2], QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    if (!key || !verify(key.get(), alg, parts[0] + '.' + parts[1], signature)) {
        *why = QStringLiteral("client_assertion signature does not verify");
        return {};
    }
    const QString iss = claims.value(QLatin1String("iss")).toString();
    const qint64 exp = claims.value(QLatin1String("exp")).toInteger();
    const QString jti = claims.value(QLatin1String("jti")).toString();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (iss.isEmpty() || claims.value(QLatin1String("sub")).toString() != iss) {
        *why = QStringLiteral("client_assertion iss and sub must both be the client id");
        return {};
    }
    if (claims.value(QLatin1String("aud")).toString() != tokenUrl) {
        *why = QStringLiteral("client_assertion aud must be %1").arg(tokenUrl);
        return {};
    }
    if (exp <= now - ClockSkew || exp > now + MaxAssertionLifetime + ClockSkew) {
        *why = QStringLiteral("client_assertion exp must be in the next 5 minutes");
        return {};
    }
    for (auto it = m_seenJti.begin(); it != m_seenJti.end();)
        it = it.value() < now - ClockSkew ? m_seenJti.erase(it) : std::next(it);
    if (jti.isEmpty() || m_seenJti.contains(jti)) {
        *why = jti.isEmpty() ? QStringLiteral("client_assertion has no jti")
                             : QStringLiteral("client_assertion jti was already used");
        return {};
    }
    m_seenJti.insert(jti, exp);
    return iss;
}

} // namespace medpull::sandbox
