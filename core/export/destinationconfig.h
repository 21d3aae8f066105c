// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "exportdestination.h"

#include <QJsonObject>
#include <QStringList>
#include <QUrl>

namespace medpull {

// The typed view of ExportDestination.config, one place for its JSON keys
// (secrets as DestinationSecrets::unseal() gives them back):
//   ndjson_folder: path
//   fhir_server:   baseUrl, bundleType (batch|transaction), chunkSize,
//                  auth (none|bearer|basic), token | username + password, timeoutSeconds
//   webhook:       url, secret, payload (link|inline), linkTemplate, timeoutSeconds
//   s3:            endpoint, bucket, prefix, region, accessKeyId, secretAccessKey,
//                  addressing (path|virtual), compression (none|gzip),
//                  multipartThresholdBytes, timeoutSeconds
struct DestinationConfig {
    enum class Auth { None, Bearer, Basic };
    enum class Payload { Link, Inline };

    QString folderPath;

    QUrl baseUrl; // FHIR base
    bool transaction = false;
    int chunkSize = 200;
    Auth auth = Auth::None;
    QString token;
    QString username;
    QString password;

    QUrl url; // webhook
    QByteArray secret;
    Payload payload = Payload::Link;
    // {pull}, {delivery}, {patient} and {destination} are replaced.
    QString linkTemplate;

    QUrl endpoint; // S3-compatible storage
    QString bucket;
    QString prefix; // without leading or trailing slashes
    QString region = QStringLiteral("us-east-1");
    QString accessKeyId;
    QString secretAccessKey;
    bool pathStyle = false;
    bool gzip = false;
    // An object larger than this goes up in parts of this size. S3 itself
    // takes parts of 5 MiB at least (the last one excepted).
    qint64 multipartThresholdBytes = 16 * 1024 * 1024;

    int timeoutSeconds = 60;

    static DestinationConfig fromJson(const QJsonObject &config);
    // A one-line reason why the destination cannot be used, or empty.
    static QString whyInvalid(const ExportDestination &destination);
    // The config with every secret, sealed or plain, masked: for lists, logs
    // and the UI.
    static QJsonObject redacted(const QJsonObject &config);
    // Where the destination sends data, for a person (no secrets).
    static QString target(const ExportDestination &destination);

    // The secret values present, so error texts can be scrubbed of them.
    QStringList secrets() const;
    // `text` with every secret replaced by a mask.
    QString scrub(QString text) const;
};

} // namespace medpull
