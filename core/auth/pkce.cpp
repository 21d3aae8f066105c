// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pkce.h"

#include "sodiumsupport.h"

#include <QCryptographicHash>

namespace medpull {

Pkce Pkce::generate() {
    Pkce pkce;
    pkce.verifier = Sodium::base64Url(Sodium::randomBytes(32));
    pkce.challenge = challengeFor(pkce.verifier);
    return pkce;
}

QByteArray Pkce::challengeFor(const QByteArray &verifier) {
    return Sodium::base64Url(QCryptographicHash::hash(verifier, QCryptographicHash::Sha256));
}

QByteArray Pkce::randomState() {
    return Sodium::base64Url(Sodium::randomBytes(24));
}

} // namespace medpull
