// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace medpull {

// The token material of one connection. Secret: it is only ever written to
// disk sealed by TokenVault and never appears in logs, events or the UI, so it
// has no debug operator and no toString().
struct TokenSet {
    QString accessToken;
    QString refreshToken;
    QString tokenType;
    QString scope;
    QString patient; // SMART launch context: the FHIR Patient id
    QString idToken;
    QDateTime expiresAt; // absolute, UTC; invalid when the server gave none

    bool isEmpty() const { return accessToken.isEmpty(); }
    // True when the access token expires within `marginSeconds` of `now`
    // (refresh before expiry); false when the expiry is unknown.
    bool expiresWithin(int marginSeconds, const QDateTime &now) const;

    // For TokenVault: the whole set as JSON, and back.
    QJsonObject toJson() const;
    static std::optional<TokenSet> fromJson(const QJsonObject &json);

    // An RFC 6749 section 5.1 token response received at `now`. Without an
    // access_token, or with a token_type other than Bearer, returns
    // std::nullopt and says why in `error`.
    static std::optional<TokenSet> fromTokenResponse(const QByteArray &body, const QDateTime &now,
                                                     QString *error = nullptr);
};

// An RFC 6749 section 5.2 error response.
struct OAuthError {
    QString error; // e.g. invalid_grant
    QString description;

    bool isNull() const { return error.isEmpty(); }
    // Empty when the body is not an OAuth error object.
    static OAuthError parse(const QByteArray &body);
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::TokenSet)
