// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventsignature.h"

#include "sodiumsupport.h"

#include <sodium.h>

namespace medpull::EventSignature {

QByteArray sign(const QByteArray &body, const QByteArray &secret, qint64 timestamp) {
    Sodium::ensureInitialized();
    const QByteArray prefix = QByteArray::number(timestamp) + '.';
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char *>(secret.constData()),
                                size_t(secret.size()));
    crypto_auth_hmacsha256_update(&state,
                                  reinterpret_cast<const unsigned char *>(prefix.constData()),
                                  quint64(prefix.size()));
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char *>(body.constData()),
                                  quint64(body.size()));
    QByteArray mac(crypto_auth_hmacsha256_BYTES, Qt::Uninitialized);
    crypto_auth_hmacsha256_final(&state, reinterpret_cast<unsigned char *>(mac.data()));
    sodium_memzero(&state, sizeof state);
    return "v1=" + mac.toHex();
}

Verdict verify(const QByteArray &body, const QByteArray &secret, const QByteArray &timestamp,
               const QByteArray &signature, const QDateTime &now, qint64 toleranceSeconds) {
    bool ok = false;
    const qint64 signedAt = timestamp.toLongLong(&ok);
    if (!ok)
        return Verdict::BadSignature;
    const QByteArray expected = sign(body, secret, signedAt);
    if (expected.size() != signature.size() ||
        sodium_memcmp(expected.constData(), signature.constData(), size_t(expected.size())) != 0)
        return Verdict::BadSignature;
    if (qAbs(now.toSecsSinceEpoch() - signedAt) > toleranceSeconds)
        return Verdict::Stale;
    return Verdict::Valid;
}

} // namespace medpull::EventSignature
