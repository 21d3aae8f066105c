// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "clientauth.h"
#include "source.h"

#include <QMetaType>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace medpull {

class Database;
class TokenVault;
struct SmartConfiguration;

// What an admin enters for a source, as the portal registered medpull. On
// add every field counts (unset ones take their defaults); on edit an unset
// field keeps what is stored.
struct SourceSettings {
    std::optional<QString> name;
    std::optional<QUrl> fhirBase;
    std::optional<QString> clientId;
    // Unset on add: from the portal's token_endpoint_auth_methods_supported
    // and the credentials given (defaultClientAuth()).
    std::optional<ClientAuthMethod> clientAuth;
    // Replaces the stored secret; unset keeps it.
    std::optional<QString> clientSecret;
    // private_key_jwt: the algorithm of a key pair medpull generates when the
    // source has none (RS384 by default).
    QString signingAlgorithm;
    // Generates a new key pair; the old one stays until the new one worked.
    bool rotateSigningKey = false;
    // Empty list: the discovery's default.
    std::optional<QStringList> scopes;
    // Empty URL: loopback on any port.
    std::optional<QUrl> redirectUri;
    std::optional<int> maxConcurrentRequests;
    std::optional<double> requestsPerSecond;
    std::optional<int> pullIntervalSeconds;
    std::optional<int> fullPullDays;
};

// Applies settings to a source whose discovery just ran: the stored form of
// the first problem (code `source_setting_invalid`, naming the field) or
// empty. `credentials` holds the source's unsealed credentials and receives
// the new secret and keys; the source's jwks follows its keys.
QString applySourceSettings(Source &source, ClientCredentials &credentials,
                            const SourceSettings &settings, const SmartConfiguration &config);

// The client authentication a source's stored settings ask for, as one line
// for lists: the method and which credentials are stored, never their values.
QString describeClientAuth(const Source &source);

// Key rotation: once the portal accepted an assertion signed with the
// source's newest key, the older key is dropped (from the sealed
// credentials and the JWKS). Nothing happens for another or an empty kid.
void confirmSigningKey(const Database &database, const TokenVault &vault, qint64 sourceId,
                       const QString &keyId);

} // namespace medpull

Q_DECLARE_METATYPE(medpull::SourceSettings)
