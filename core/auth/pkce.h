// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>

namespace medpull {

// Proof Key for Code Exchange (RFC 7636), S256 only: SMART requires it and
// "plain" protects nothing.
struct Pkce {
    QByteArray verifier;  // 43 base64url characters from 32 random bytes
    QByteArray challenge; // base64url(SHA-256(verifier))

    static Pkce generate();
    static QByteArray challengeFor(const QByteArray &verifier);
    // A fresh random `state` for one authorization request.
    static QByteArray randomState();
};

} // namespace medpull
