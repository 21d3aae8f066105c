// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "clisources.h"

#include "sourcerepository.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

namespace medpull::cli {

namespace {

QString readSecret(const CommandParser &parser, const QString &option) {
    const QString path = parser.value(option);
    QFile file;
    const bool opened = path == QLatin1String("-")
                            ? file.open(stdin, QIODevice::ReadOnly)
                            : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened)
        throw CliError(
            QStringLiteral("--%1: cannot read %2: %3").arg(option, path, file.errorString()),
            ExitUsage);
    // One line: the secret, without its line break.
    const QString secret = QString::fromUtf8(file.readLine()).trimmed();
    if (secret.isEmpty())
        throw CliError(QStringLiteral("--%1: %2 holds no secret").arg(option, path), ExitUsage);
    return secret;
}

} // namespace

void addSettingsOptions(CommandParser &parser) {
    parser.addOption({QStringLiteral("client-auth"),
                      QStringLiteral("Token endpoint authentication: none, client_secret_basic, "
                                     "client_secret_post or private_key_jwt (default: from the "
                                     "portal's SMART configuration and the credentials given)."),
                      QStringLiteral("METHOD")});
    parser.addOption({QStringLiteral("client-secret-file"),
                      QStringLiteral("Read the client secret from FILE (- for stdin)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("signing-alg"),
                      QStringLiteral("private_key_jwt: RS384 (default) or ES384 for the key pair "
                                     "medpull generates."),
                      QStringLiteral("ALG")});
    parser.addOption({QStringLiteral("scopes"),
                      QStringLiteral("Space-separated scopes (default: from discovery)."),
                      QStringLiteral("SCOPES")});
    parser.addOption({QStringLiteral("redirect-uri"),
                      QStringLiteral("The redirect URI registered at the portal, "
                                     "http://127.0.0.1:PORT/PATH; \"loopback\" for any port."),
                      QStringLiteral("URI")});
    parser.addOption({QStringLiteral("concurrency"),
                      QStringLiteral("Requests at once to the portal (1-64)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("requests-per-second"),
                      QStringLiteral("Request limit per second (0: none)."), QStringLiteral("R")});
    parser.addOption({QStringLiteral("pull-interval"),
                      QStringLiteral("Seconds between scheduled pulls (at least 60)."),
                      QStringLiteral("SECONDS")});
    parser.addOption({QStringLiteral("full-pull-days"),
                      QStringLiteral("Days between complete pulls (at least 1)."),
                      QStringLiteral("DAYS")});
}

SourceSettings readSettings(const CommandParser &parser) {
    SourceSettings settings;
    if (parser.isSet(QStringLiteral("client-auth"))) {
        settings.clientAuth =
            fromName<ClientAuthMethod>(parser.value(QStringLiteral("client-auth")));
        if (!settings.clientAuth)
            parser.usageError(QStringLiteral("--client-auth: none, client_secret_basic, "
                                             "client_secret_post or private_key_jwt"));
    }
    if (parser.isSet(QStringLiteral("client-secret-file")))
        settings.clientSecret = readSecret(parser, QStringLiteral("client-secret-file"));
    if (parser.isSet(QStringLiteral("signing-alg"))) {
        settings.signingAlgorithm = parser.value(QStringLiteral("signing-alg"));
        if (!JwtSigner::algorithms().contains(settings.signingAlgorithm))
            parser.usageError(QStringLiteral("--signing-alg: RS384 or ES384"));
    }
    if (parser.isSet(QStringLiteral("scopes")))
        settings.scopes =
            parser.value(QStringLiteral("scopes")).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (parser.isSet(QStringLiteral("redirect-uri"))) {
        const QString uri = parser.value(QStringLiteral("redirect-uri"));
        settings.redirectUri = uri == QLatin1String("loopback") ? QUrl() : QUrl(uri);
    }
    if (parser.isSet(QStringLiteral("concurrency")))
        settings.maxConcurrentRequests =
            int(parser.number(QStringLiteral("concurrency"), 1, 64, 4));
    if (parser.isSet(QStringLiteral("requests-per-second"))) {
        bool ok = false;
        settings.requestsPerSecond =
            parser.value(QStringLiteral("requests-per-second")).toDouble(&ok);
        if (!ok || *settings.requestsPerSecond < 0)
            parser.usageError(QStringLiteral("--requests-per-second: a number, 0 or more"));
    }
    if (parser.isSet(QStringLiteral("pull-interval")))
        settings.pullIntervalSeconds =
            int(parser.number(QStringLiteral("pull-interval"), 60, 365 * 86400, 86400));
    if (parser.isSet(QStringLiteral("full-pull-days")))
        settings.fullPullDays = int(parser.number(QStringLiteral("full-pull-days"), 1, 3650, 7));
    return settings;
}

Source requireSource(const Database &database, const QString &nameOrId) {
    SourceRepository sources(database);
    std::optional<Source> source = sources.findByName(nameOrId);
    bool isId = false;
    const qint64 id = nameOrId.toLongLong(&isId);
    if (!source && isId)
        source = sources.get(id);
    if (!source)
        throw CliError(QStringLiteral("no source named %1").arg(nameOrId));
    return *source;
}

QJsonObject sourceJson(const Source &source) {
    QJsonArray keyIds;
    for (const QJsonValue &key : source.jwks.value(QStringLiteral("keys")).toArray())
        keyIds.append(key.toObject().value(QStringLiteral("kid")));
    return {{QStringLiteral("id"), source.id},
            {QStringLiteral("name"), source.name},
            {QStringLiteral("enabled"), source.enabled},
            {QStringLiteral("fhirBase"), source.fhirBase.toString()},
            {QStringLiteral("clientId"), source.clientId},
            {QStringLiteral("clientAuth"), nameOf(source.clientAuth)},
            {QStringLiteral("credentialsStored"), !source.sealedCredentials.isEmpty()},
            {QStringLiteral("signingKeyIds"), keyIds},
            {QStringLiteral("redirectUri"), source.redirectUri.isEmpty()
                                                ? QStringLiteral("loopback")
                                                : source.redirectUri.toString()},
            {QStringLiteral("scopes"), QJsonArray::fromStringList(source.scopes)},
            {QStringLiteral("maxConcurrentRequests"), source.maxConcurrentRequests},
            {QStringLiteral("requestsPerSecond"), source.requestsPerSecond},
            {QStringLiteral("pullIntervalSeconds"), source.pullIntervalSeconds},
            {QStringLiteral("fullPullDays"), source.fullPullDays}};
}

int runSourcesJwks(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("sources jwks"),
                         QStringLiteral("Prints the public JWKS of a private_key_jwt source (NAME "
                                        "or id): register it with the portal. Never a private "
                                        "key."));
    parser.addPositional(QStringLiteral("name"), QStringLiteral("The source's name or id."));
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const QString name = parser.positional(0);
    const auto database = openDatabase(globals);
    const Source source = requireSource(*database, name);
    if (source.jwks.value(QStringLiteral("keys")).toArray().isEmpty())
        throw CliError(QStringLiteral("source %1 has no signing key (client authentication %2)")
                           .arg(source.name, nameOf(source.clientAuth)));
    printJson(source.jwks);
    return ExitOk;
}

} // namespace medpull::cli
