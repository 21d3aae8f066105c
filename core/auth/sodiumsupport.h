// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>

namespace medpull::Sodium {

// sodium_init() once per process, from any thread. Throws std::runtime_error
// when libsodium cannot initialise (no usable randomness), which nothing in
// medpull can recover from.
void ensureInitialized();

// `count` bytes from libsodium's CSPRNG.
QByteArray randomBytes(int count);

// RFC 4648 base64url without padding (PKCE, state, key ids).
QByteArray base64Url(const QByteArray &data);

} // namespace medpull::Sodium
