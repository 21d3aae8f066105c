// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jwtsigner.h"

#include "sodiumsupport.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

namespace medpull {

namespace {

// ES384: each of r and s is 48 bytes in a JWS signature (RFC 7518 3.4).
constexpr int Es384Half = 48;

struct Free {
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(BIO *p) const { BIO_free(p); }
    void operator()(BIGNUM *p) const { BN_free(p); }
    void operator()(EVP_MD_CTX *p) const { EVP_MD_CTX_free(p); }
    void operator()(ECDSA_SIG *p) const { ECDSA_SIG_free(p); }
};
template <typename T> using Owned = std::unique_ptr<T, Free>;

QString opensslError() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("OpenSSL failed");
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return QString::fromLatin1(text);
}

QByteArray b64(const QByteArray &bytes) {
    return Sodium::base64Url(bytes);
}

QByteArray bignum(const EVP_PKEY *key, const char *name, int pad = 0) {
    BIGNUM *raw = nullptr;
    if (!EVP_PKEY_get_bn_param(key, name, &raw))
        return {};
    Owned<BIGNUM> value(raw);
    QByteArray bytes(pad > 0 ? pad : BN_num_bytes(raw), '\0');
    if (pad > 0)
        BN_bn2binpad(raw, reinterpret_cast<unsigned char *>(bytes.data()), pad);
    else
        BN_bn2bin(raw, reinterpret_cast<unsigned char *>(bytes.data()));
    return bytes;
}

Owned<EVP_PKEY> load(const SigningKey &key) {
    Owned<BIO> bio(BIO_new_mem_buf(key.privateKeyPem.constData(), int(key.privateKeyPem.size())));
    return Owned<EVP_PKEY>(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

// The members RFC 7638 hashes, in its lexicographic order.
QJsonObject thumbprintMembers(const EVP_PKEY *key, const QString &alg) {
    if (alg == QLatin1String("RS384"))
        return {
            {QStringLiteral("e"), QString::fromLatin1(b64(bignum(key, OSSL_PKEY_PARAM_RSA_E)))},
            {QStringLiteral("kty"), QStringLiteral("RSA")},
            {QStringLiteral("n"), QString::fromLatin1(b64(bignum(key, OSSL_PKEY_PARAM_RSA_N)))}};
    return {{QStringLiteral("crv"), QStringLiteral("P-384")},
            {QStringLiteral("kty"), QStringLiteral("EC")},
            {QStringLiteral("x"),
             QString::fromLatin1(b64(bignum(key, OSSL_PKEY_PARAM_EC_PUB_X, Es384Half)))},
            {QStringLiteral("y"),
             QString::fromLatin1(b64(bignum(key, OSSL_PKEY_PARAM_EC_PUB_Y, Es384Half)))}};
}

QString thumbprint(const QJsonObject &members) {
    // QJsonDocument writes keys sorted and without whitespace: RFC 7638's form.
    return QString::fromLatin1(b64(QCryptographicHash::hash(
        QJsonDocument(members).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256)));
}

} // namespace

std::optional<SigningKey> JwtSigner::generate(const QString &alg, QString *error) {
    const auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    Owned<EVP_PKEY> key;
    if (alg == QLatin1String("RS384"))
        key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(3072)));
    else if (alg == QLatin1String("ES384"))
        key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"));
    else
        return fail(QStringLiteral("unsupported signing algorithm %1 (RS384 or ES384)").arg(alg));
    if (!key)
        return fail(opensslError());
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr))
        return fail(opensslError());
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    SigningKey signingKey;
    signingKey.alg = alg;
    signingKey.privateKeyPem = QByteArray(data, int(size));
    OPENSSL_cleanse(data, size_t(size));
    signingKey.kid = thumbprint(thumbprintMembers(key.get(), alg));
    signingKey.createdAt = QDateTime::currentDateTimeUtc();
    return signingKey;
}

QJsonObject JwtSigner::publicJwk(const SigningKey &key) {
    const Owned<EVP_PKEY> pkey = load(key);
    if (!pkey)
        return {};
    QJsonObject jwk = thumbprintMembers(pkey.get(), key.alg);
    jwk.insert(QStringLiteral("alg"), key.alg);
    jwk.insert(QStringLiteral("use"), QStringLiteral("sig"));
    jwk.insert(QStringLiteral("kid"), key.kid);
    return jwk;
}

QJsonObject JwtSigner::jwks(const QList<SigningKey> &keys) {
    QJsonArray list;
    for (const SigningKey &key : keys) {
        const QJsonObject jwk = publicJwk(key);
        if (!jwk.isEmpty())
            list.append(jwk);
    }
    return {{QStringLiteral("keys"), list}};
}

QByteArray JwtSigner::sign(const SigningKey &key, const QJsonObject &payload, QString *error) {
    const auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return QByteArray();
    };
    const Owned<EVP_PKEY> pkey = load(key);
    if (!pkey)
        return fail(QStringLiteral("the signing key cannot be read: %1").arg(opensslError()));
    const QJsonObject header{{QStringLiteral("alg"), key.alg},
                             {QStringLiteral("kid"), key.kid},
                             {QStringLiteral("typ"), QStringLiteral("JWT")}};
    const QByteArray input = b64(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
                             b64(QJsonDocument(payload).toJson(QJsonDocument::Compact));
    Owned<EVP_MD_CTX> context(EVP_MD_CTX_new());
    size_t length = 0;
    if (!EVP_DigestSignInit(context.get(), nullptr, EVP_sha384(), nullptr, pkey.get()) ||
        !EVP_DigestSign(context.get(), nullptr, &length,
                        reinterpret_cast<const unsigned char *>(input.constData()),
                        size_t(input.size())))
        return fail(opensslError());
    QByteArray signature(qsizetype(length), '\0');
    if (!EVP_DigestSign(context.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                        reinterpret_cast<const unsigned char *>(input.constData()),
                        size_t(input.size())))
        return fail(opensslError());
    signature.resize(qsizetype(length));
    if (key.alg == QLatin1String("ES384")) {
        // OpenSSL gives a DER ECDSA-Sig-Value; JWS wants r || s.
        const unsigned char *der = reinterpret_cast<const unsigned char *>(signature.constData());
        Owned<ECDSA_SIG> sig(d2i_ECDSA_SIG(nullptr, &der, long(signature.size())));
        if (!sig)
            return fail(opensslError());
        const BIGNUM *r = nullptr;
        const BIGNUM *s = nullptr;
        ECDSA_SIG_get0(sig.get(), &r, &s);
        signature = QByteArray(2 * Es384Half, '\0');
        BN_bn2binpad(r, reinterpret_cast<unsigned char *>(signature.data()), Es384Half);
        BN_bn2binpad(s, reinterpret_cast<unsigned char *>(signature.data()) + Es384Half, Es384Half);
    }
    return input + '.' + b64(signature);
}

QByteArray JwtSigner::clientAssertion(const SigningKey &key, const QString &clientId,
                                      const QString &tokenUrl, QString *error) {
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject payload{
        {QStringLiteral("iss"), clientId},
        {QStringLiteral("sub"), clientId},
        {QStringLiteral("aud"), tokenUrl},
        {QStringLiteral("jti"), QString::fromLatin1(Sodium::base64Url(Sodium::randomBytes(24)))},
        {QStringLiteral("iat"), now},
        {QStringLiteral("exp"), now + 240}};
    return sign(key, payload, error);
}

} // namespace medpull
