// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "tokenset.h"

#include <QJsonDocument>

namespace medpull {

bool TokenSet::expiresWithin(int marginSeconds, const QDateTime &now) const {
    return expiresAt.isValid() && now.addSecs(marginSeconds) >= expiresAt;
}

QJsonObject TokenSet::toJson() const {
    QJsonObject json{{QStringLiteral("access_token"), accessToken},
                     {QStringLiteral("token_type"), tokenType}};
    if (!refreshToken.isEmpty())
        json.insert(QStringLiteral("refresh_token"), refreshToken);
    if (!scope.isEmpty())
        json.insert(QStringLiteral("scope"), scope);
    if (!patient.isEmpty())
        json.insert(QStringLiteral("patient"), patient);
    if (!idToken.isEmpty())
        json.insert(QStringLiteral("id_token"), idToken);
    if (expiresAt.isValid())
        json.insert(QStringLiteral("expires_at"), expiresAt.toUTC().toString(Qt::ISODateWithMs));
    return json;
}

std::optional<TokenSet> TokenSet::fromJson(const QJsonObject &json) {
    TokenSet tokens;
    tokens.accessToken = json.value(QLatin1String("access_token")).toString();
    if (tokens.accessToken.isEmpty())
        return std::nullopt;
    tokens.tokenType = json.value(QLatin1String("token_type")).toString();
    tokens.refreshToken = json.value(QLatin1String("refresh_token")).toString();
    tokens.scope = json.value(QLatin1String("scope")).toString();
    tokens.patient = json.value(QLatin1String("patient")).toString();
    tokens.idToken = json.value(QLatin1String("id_token")).toString();
    const QString expiresAt = json.value(QLatin1String("expires_at")).toString();
    if (!expiresAt.isEmpty())
        tokens.expiresAt = QDateTime::fromString(expiresAt, Qt::ISODateWithMs).toUTC();
    return tokens;
}

std::optional<TokenSet> TokenSet::fromTokenResponse(const QByteArray &body, const QDateTime &now,
                                                    QString *error) {
    const auto fail = [error](const QString &why) -> std::optional<TokenSet> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return fail(QStringLiteral("the token response is not a JSON object"));
    const QJsonObject json = doc.object();
    TokenSet tokens;
    tokens.accessToken = json.value(QLatin1String("access_token")).toString();
    if (tokens.accessToken.isEmpty())
        return fail(QStringLiteral("the token response has no access_token"));
    tokens.tokenType = json.value(QLatin1String("token_type")).toString();
    if (tokens.tokenType.compare(QLatin1String("bearer"), Qt::CaseInsensitive) != 0)
        return fail(QStringLiteral("unsupported token_type \"%1\"").arg(tokens.tokenType));
    tokens.refreshToken = json.value(QLatin1String("refresh_token")).toString();
    tokens.scope = json.value(QLatin1String("scope")).toString();
    tokens.patient = json.value(QLatin1String("patient")).toString();
    tokens.idToken = json.value(QLatin1String("id_token")).toString();
    const QJsonValue expiresIn = json.value(QLatin1String("expires_in"));
    // Some servers send expires_in as a string; accept both.
    const qint64 seconds =
        expiresIn.isString() ? expiresIn.toString().toLongLong() : qint64(expiresIn.toDouble(-1));
    if (seconds > 0)
        tokens.expiresAt = now.toUTC().addSecs(seconds);
    return tokens;
}

OAuthError OAuthError::parse(const QByteArray &body) {
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return {};
    const QJsonObject json = doc.object();
    return OAuthError{json.value(QLatin1String("error")).toString(),
                      json.value(QLatin1String("error_description")).toString().simplified()};
}

} // namespace medpull
