// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "webhooksignature.h"

#include "sodiumsupport.h"

#include <sodium.h>

namespace medpull::WebhookSignature {

QByteArray sign(const QByteArray &body, const QByteArray &secret) {
    Sodium::ensureInitialized();
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char *>(secret.constData()),
                                size_t(secret.size()));
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char *>(body.constData()),
                                  quint64(body.size()));
    QByteArray mac(crypto_auth_hmacsha256_BYTES, Qt::Uninitialized);
    crypto_auth_hmacsha256_final(&state, reinterpret_cast<unsigned char *>(mac.data()));
    sodium_memzero(&state, sizeof state);
    return "sha256=" + mac.toHex();
}

bool verify(const QByteArray &body, const QByteArray &secret, const QByteArray &headerValue) {
    const QByteArray expected = sign(body, secret);
    return expected.size() == headerValue.size() &&
           sodium_memcmp(expected.constData(), headerValue.constData(), size_t(expected.size())) ==
               0;
}

} // namespace medpull::WebhookSignature
