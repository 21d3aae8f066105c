// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "destinationconfig.h"

#include "destinationsecrets.h"
#include "urlrules.h"

#include <QJsonArray>
#include <QRegularExpression>

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
    c.endpoint = QUrl(config.value(QStringLiteral("endpoint")).toString());
    c.bucket = config.value(QStringLiteral("bucket")).toString();
    c.prefix = config.value(QStringLiteral("prefix")).toString();
    while (c.prefix.startsWith(QLatin1Char('/')))
        c.prefix.remove(0, 1);
    while (c.prefix.endsWith(QLatin1Char('/')))
        c.prefix.chop(1);
    c.region = config.value(QStringLiteral("region")).toString(QStringLiteral("us-east-1"));
    c.accessKeyId = config.value(QStringLiteral("accessKeyId")).toString();
    c.secretAccessKey = config.value(QStringLiteral("secretAccessKey")).toString();
    c.pathStyle = config.value(QStringLiteral("addressing")).toString() == QLatin1String("path");
    c.gzip = config.value(QStringLiteral("compression")).toString() == QLatin1String("gzip");
    c.multipartThresholdBytes =
        qBound(qint64(1024),
               qint64(config.value(QStringLiteral("multipartThresholdBytes"))
                          .toDouble(double(c.multipartThresholdBytes))),
               qint64(5) * 1024 * 1024 * 1024);
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
    case DestinationKind::S3: {
        if (c.endpoint.isEmpty())
            return QStringLiteral("an S3 destination needs an endpoint URL");
        // DNS-compatible bucket names, as S3 requires of new buckets.
        static const QRegularExpression bucketName(
            QStringLiteral("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"));
        if (!bucketName.match(c.bucket).hasMatch())
            return QStringLiteral("an S3 destination needs a bucket name of 3 to 63 lowercase "
                                  "letters, digits, dots and hyphens");
        // S3's safe characters for object keys.
        static const QRegularExpression safePrefix(QStringLiteral("^[A-Za-z0-9!_.*'()/-]*$"));
        if (!safePrefix.match(c.prefix).hasMatch() || c.prefix.contains(QStringLiteral("//")))
            return QStringLiteral("the prefix may hold letters, digits, / and !_.*'()- only");
        if (c.region.isEmpty())
            return QStringLiteral("an S3 destination needs a region");
        if (c.accessKeyId.isEmpty() || c.secretAccessKey.isEmpty())
            return QStringLiteral("an S3 destination needs an access key id and a secret key");
        const QString addressing = config.value(QStringLiteral("addressing")).toString();
        if (!addressing.isEmpty() && addressing != QLatin1String("path") &&
            addressing != QLatin1String("virtual"))
            return QStringLiteral("addressing must be path or virtual");
        const QString compression = config.value(QStringLiteral("compression")).toString();
        if (!compression.isEmpty() && compression != QLatin1String("none") &&
            compression != QLatin1String("gzip"))
            return QStringLiteral("compression must be none or gzip");
        if (!c.endpoint.path().isEmpty() && c.endpoint.path() != QLatin1String("/"))
            return QStringLiteral("the S3 endpoint URL takes no path");
        return UrlRules::whyNotAcceptable(c.endpoint);
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
    case DestinationKind::S3:
        return QStringLiteral("s3://%1/%2 (%3)")
            .arg(c.bucket, c.prefix, c.endpoint.toString(QUrl::RemoveUserInfo));
    }
    return {};
}

QStringList DestinationConfig::secrets() const {
    QStringList found;
    for (const QString &value : {token, password, QString::fromUtf8(secret), secretAccessKey}) {
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
