// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace medpull {

// Token keys sealed with a passphrase, to move an installation or give its
// key to more workers (`medpull-cli key export` / `key import`). libsodium's
// crypto_pwhash (Argon2id, MODERATE limits) turns the passphrase and a random
// salt into a key, and crypto_secretbox seals the token keys with it. The
// file is JSON: the parameters, the salt, the nonce, the sealed keys and the
// keys' ids (fingerprints, so a person can tell which key a file holds).
class KeyArchive {
public:
    static constexpr int minimumPassphraseLength = 12;

    // `keys`: 32-byte token keys, the current one first.
    static QByteArray seal(const QList<QByteArray> &keys, const QByteArray &passphrase);
    // std::nullopt with a one-line `error` for a wrong passphrase, a damaged
    // file or one that is no key archive.
    static std::optional<QList<QByteArray>> open(const QByteArray &archive,
                                                 const QByteArray &passphrase, QString *error);
};

} // namespace medpull
