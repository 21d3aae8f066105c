// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "enums.h"
#include "jwtsigner.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

class QNetworkRequest;

namespace medpull {

class TokenVault;
struct Source;

// A source's secrets: the client secret and the private signing keys, newest
// first. Stored only sealed with the token key, as one box.
struct ClientCredentials {
    QString secret;
    QList<SigningKey> keys;

    bool isEmpty() const { return secret.isEmpty() && keys.isEmpty(); }
    // The stored form: compact JSON {"keyId", "nonce", "ciphertext"} (base64).
    QByteArray seal(const TokenVault &vault) const;
    // An empty `stored` gives empty credentials; std::nullopt with a one-line
    // `error` for another key or tampering.
    static std::optional<ClientCredentials> unseal(const QByteArray &stored,
                                                   const TokenVault &vault, QString *error);
};

// How one token request authenticates the client (RFC 6749 2.3, RFC 7523,
// SMART App Launch 2 client-confidential-asymmetric).
struct ClientAuth {
    ClientAuthMethod method = ClientAuthMethod::None;
    QString clientId;
    QString secret;
    QList<SigningKey> keys; // private_key_jwt: tried newest first

    static ClientAuth publicClient(const QString &clientId) {
        return {ClientAuthMethod::None, clientId, {}, {}};
    }
    // The source's method with its unsealed credentials; std::nullopt with
    // a one-line `error` when they cannot be opened or the method lacks them.
    static std::optional<ClientAuth> forSource(const Source &source, const TokenVault &vault,
                                               QString *error);

    // How many ways a request can be sent: one per signing key for
    // private_key_jwt (rotation keeps the old key as a fallback), else one.
    int attempts() const;
    // Adds the client's authentication to a token request: the Basic header,
    // or form fields (client_id, client_secret, client_assertion). `attempt`
    // picks the signing key. False with `error` when an assertion cannot be
    // signed.
    bool apply(QNetworkRequest &request, QList<QPair<QString, QString>> &form, const QUrl &tokenUrl,
               int attempt, QString *error) const;
    QString keyIdFor(int attempt) const;
};

// The method a new source uses when the admin chose none: what the portal
// lists in token_endpoint_auth_methods_supported and the admin's credentials
// allow, most secure first (a key pair, then a secret); private_key_jwt with
// a key medpull generates where the portal takes no public client; else
// `none`.
ClientAuthMethod defaultClientAuth(const QStringList &supported, bool hasSecret, bool hasKey);

} // namespace medpull
