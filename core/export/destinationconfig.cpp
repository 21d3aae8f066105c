#include "destinationconfig.h"

#include "destinationsecrets.h"
#include "urlrules.h"

#include <QJsonArray>

namespace medpull {

namespace {

const QString mask = QStringLiteral("********");

} // namespace

DestinationConfig DestinationConfig::fromJson(const QJsonObject &config) {
    DestinationConfig c;
    c.folderPath = config.value(QStringLiteral("path")).toString();
    c.baseUrl = QUrl(config.value(QStringLiteral("baseUrl")).toString());
    c.transaction =
        config.value(QStringLiteral("bundleType")).toString() == QLatin1String("transaction");
    c.chunkSize = qBound(1, config.value(QStringLiteral("chunkSize")).toInt(200), 5000);
    const QString auth = config.value(QStringLiteral("auth")).toString();
    c.auth = auth == QLatin1String("bearer")  ? Auth::Bearer
             : auth == QLatin1String("basic") ? Auth::Basic
                                              : Auth::None;
    c.token = config.value(QStringLiteral("token")).toString();
    c.username = config.value(QStringLiteral("username")).toString();
    c.password = config.value(QStringLiteral("password")).toString();
    c.url = QUrl(config.value(QStringLiteral("url")).toString());
    c.secret = config.value(QStringLiteral("secret")).toString().toUtf8();
    c.payload = config.value(QStringLiteral("payload")).toString() == QLatin1String("inline")
                    ? Payload::Inline
                    : Payload::Link;
    c.linkTemplate = config.value(QStringLiteral("linkTemplate")).toString();
    c.timeoutSeconds = qBound(1, config.value(QStringLiteral("timeoutSeconds")).toInt(60), 3600);
    return c;
}

QString DestinationConfig::whyInvalid(const ExportDestination &destination) {
    if (destination.name.trimmed().isEmpty())
        return QStringLiteral("the destination needs a name");
    const DestinationConfig c = fromJson(destination.config);
    const QJsonObject &config = destination.config;
    switch (destination.kind) {
    case DestinationKind::NdjsonFolder:
        if (c.folderPath.isEmpty())
            return QStringLiteral("an NDJSON folder destination needs a path");
        return {};
    case DestinationKind::FhirServer: {
        if (c.baseUrl.isEmpty())
            return QStringLiteral("a FHIR server destination needs a baseUrl");
        const QString type = config.value(QStringLiteral("bundleType")).toString();
        if (!type.isEmpty() && type != QLatin1String("batch") &&
            type != QLatin1String("transaction"))
            return QStringLiteral("bundleType must be batch or transaction");
        const QString auth = config.value(QStringLiteral("auth")).toString();
        if (!auth.isEmpty() && auth != QLatin1String("none") && auth != QLatin1String("bearer") &&
            auth != QLatin1String("basic"))
            return QStringLiteral("auth must be none, bearer or basic");
        if (c.auth == Auth::Bearer && c.token.isEmpty())
            return QStringLiteral("bearer auth needs a token");
        if (c.auth == Auth::Basic && c.username.isEmpty())
            return QStringLiteral("basic auth needs a username");
        return UrlRules::whyNotAcceptable(c.baseUrl);
    }
    case DestinationKind::Webhook: {
        if (c.url.isEmpty())
            return QStringLiteral("a webhook destination needs a url");
        if (c.secret.isEmpty())
            return QStringLiteral("a webhook destination needs a secret to sign its events");
        const QString payload = config.value(QStringLiteral("payload")).toString();
        if (!payload.isEmpty() && payload != QLatin1String("link") &&
            payload != QLatin1String("inline"))
            return QStringLiteral("payload must be link or inline");
        return UrlRules::whyNotAcceptable(c.url);
    }
    }
    return {};
}

QJsonObject DestinationConfig::redacted(const QJsonObject &config) {
    QJsonObject result = DestinationSecrets::withoutSecrets(config);
    const QJsonArray stored =
        result.take(QStringLiteral("sealed")).toObject().value(QStringLiteral("keys")).toArray();
    for (const QJsonValue &key : stored)
        result.insert(key.toString(), mask);
    return result;
}

QString DestinationConfig::target(const ExportDestination &destination) {
    const DestinationConfig c = fromJson(destination.config);
    switch (destination.kind) {
    case DestinationKind::NdjsonFolder:
        return c.folderPath;
    case DestinationKind::FhirServer:
        return c.baseUrl.toString(QUrl::RemoveUserInfo);
    case DestinationKind::Webhook:
        return c.url.toString(QUrl::RemoveUserInfo);
    }
    return {};
}

QStringList DestinationConfig::secrets() const {
    QStringList found;
    for (const QString &value : {token, password, QString::fromUtf8(secret)}) {
        if (!value.isEmpty())
            found.append(value);
    }
    if (auth == Auth::Basic && !username.isEmpty())
        found.append(
            QString::fromLatin1((username + QLatin1Char(':') + password).toUtf8().toBase64()));
    return found;
}

QString DestinationConfig::scrub(QString text) const {
    for (const QString &value : secrets())
        text.replace(value, mask);
    return text;
}

} // namespace medpull
