// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sourcesettings.h"

#include "errorcode.h"
#include "smartdiscovery.h"
#include "sourcerepository.h"

#include <QJsonArray>

#include <QCoreApplication>

namespace medpull {

namespace {

QString invalid(const char *field, const QString &why) {
    return storedError(QStringLiteral("source_setting_invalid"), {QLatin1String(field), why});
}

} // namespace

QString applySourceSettings(Source &source, ClientCredentials &credentials,
                            const SourceSettings &settings, const SmartConfiguration &config) {
    if (settings.name)
        source.name = settings.name->trimmed();
    if (source.name.isEmpty())
        return invalid("name", QStringLiteral("must not be empty"));
    if (settings.clientId)
        source.clientId = settings.clientId->trimmed();
    if (source.clientId.isEmpty())
        return invalid("client id", QStringLiteral("must not be empty"));

    const QStringList offered = config.tokenEndpointAuthMethods;
    if (settings.clientSecret)
        credentials.secret = *settings.clientSecret;
    if (settings.clientAuth)
        source.clientAuth = *settings.clientAuth;
    else if (source.id == 0)
        source.clientAuth = defaultClientAuth(offered, !credentials.secret.isEmpty(),
                                              !settings.signingAlgorithm.isEmpty());
    if (!offered.isEmpty() && !offered.contains(nameOf(source.clientAuth)))
        return invalid("client authentication",
                       QStringLiteral("the portal accepts %1, not %2")
                           .arg(offered.join(QStringLiteral(", ")), nameOf(source.clientAuth)));
    switch (source.clientAuth) {
    case ClientAuthMethod::None:
        break;
    case ClientAuthMethod::ClientSecretBasic:
    case ClientAuthMethod::ClientSecretPost:
        if (credentials.secret.isEmpty())
            return invalid("client secret",
                           QStringLiteral("required for %1").arg(nameOf(source.clientAuth)));
        break;
    case ClientAuthMethod::PrivateKeyJwt:
        if (credentials.keys.isEmpty() || settings.rotateSigningKey) {
            const QString alg = settings.signingAlgorithm.isEmpty()
                                    ? (credentials.keys.isEmpty() ? QStringLiteral("RS384")
                                                                  : credentials.keys.first().alg)
                                    : settings.signingAlgorithm;
            QString why;
            const std::optional<SigningKey> key = JwtSigner::generate(alg, &why);
            if (!key)
                return invalid("signing algorithm", why);
            // The newest signs first; the one before stays until it worked.
            credentials.keys = credentials.keys.mid(0, 1);
            credentials.keys.prepend(*key);
        }
        break;
    }
    source.jwks = credentials.keys.isEmpty() ? QJsonObject() : JwtSigner::jwks(credentials.keys);

    if (settings.scopes)
        source.scopes = *settings.scopes;
    if (source.scopes.isEmpty())
        source.scopes = config.defaultScopes();
    bool patientScope = false;
    for (const QString &scope : std::as_const(source.scopes))
        patientScope |= scope.startsWith(QLatin1String("patient/"));
    if (!patientScope)
        return invalid("scopes", QStringLiteral("need at least one patient/ scope"));

    if (settings.redirectUri)
        source.redirectUri = *settings.redirectUri;
    if (!source.redirectUri.isEmpty()) {
        const QUrl &uri = source.redirectUri;
        if (!uri.isValid() || uri.scheme() != QLatin1String("http") ||
            uri.host() != QLatin1String("127.0.0.1") || uri.port() <= 0 || uri.hasQuery() ||
            uri.hasFragment())
            return invalid(
                "redirect URI",
                QStringLiteral("%1 is not http://127.0.0.1:PORT/PATH").arg(uri.toString()));
    }
    if (settings.maxConcurrentRequests)
        source.maxConcurrentRequests = *settings.maxConcurrentRequests;
    if (source.maxConcurrentRequests < 1 || source.maxConcurrentRequests > 64)
        return invalid("concurrency", QStringLiteral("must be 1 to 64 requests"));
    if (settings.requestsPerSecond)
        source.requestsPerSecond = *settings.requestsPerSecond;
    if (source.requestsPerSecond < 0)
        return invalid("requests per second", QStringLiteral("must be 0 (unlimited) or more"));
    if (settings.pullIntervalSeconds)
        source.pullIntervalSeconds = *settings.pullIntervalSeconds;
    if (source.pullIntervalSeconds < 60)
        return invalid("pull interval", QStringLiteral("must be at least 60 seconds"));
    if (settings.fullPullDays)
        source.fullPullDays = *settings.fullPullDays;
    if (source.fullPullDays < 1)
        return invalid("full-pull interval", QStringLiteral("must be at least 1 day"));
    return {};
}

void confirmSigningKey(const Database &database, const TokenVault &vault, qint64 sourceId,
                       const QString &keyId) {
    if (keyId.isEmpty())
        return;
    SourceRepository sources(database);
    const std::optional<Source> source = sources.get(sourceId);
    if (!source || source->jwks.value(QStringLiteral("keys")).toArray().size() < 2)
        return;
    std::optional<ClientCredentials> credentials =
        ClientCredentials::unseal(source->sealedCredentials, vault, nullptr);
    if (!credentials || credentials->keys.size() < 2 || credentials->keys.first().kid != keyId)
        return;
    credentials->keys = credentials->keys.mid(0, 1);
    sources.setCredentials(sourceId, credentials->seal(vault), JwtSigner::jwks(credentials->keys));
}

QString describeClientAuth(const Source &source) {
    switch (source.clientAuth) {
    case ClientAuthMethod::None:
        return QStringLiteral("none (public client, PKCE)");
    case ClientAuthMethod::ClientSecretBasic:
    case ClientAuthMethod::ClientSecretPost:
        return QStringLiteral("%1, secret %2")
            .arg(nameOf(source.clientAuth), source.sealedCredentials.isEmpty()
                                                ? QStringLiteral("missing")
                                                : QStringLiteral("stored (********)"));
    case ClientAuthMethod::PrivateKeyJwt: {
        QStringList kids;
        for (const QJsonValue &key : source.jwks.value(QStringLiteral("keys")).toArray())
            kids << key.toObject().value(QStringLiteral("kid")).toString().left(12);
        return QStringLiteral("private_key_jwt, keys %1").arg(kids.join(QStringLiteral(", ")));
    }
    }
    return {};
}

} // namespace medpull
