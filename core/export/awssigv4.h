// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

class QNetworkRequest;

namespace medpull::AwsSigV4 {

// AWS Signature Version 4 (the header form), as S3 and S3-compatible storage
// check it: HMAC-SHA256 over a canonical form of the request, with a key
// derived from the secret, the day, the region and the service.
struct Credentials {
    QByteArray accessKeyId;
    QByteArray secretAccessKey;
    QString region;
    QString service = QStringLiteral("s3");
};

using Headers = QList<QPair<QByteArray, QByteArray>>;

struct Request {
    QByteArray method;
    // Path and query as they go on the wire (percent-encoded).
    QUrl url;
    // Every header to sign, `host` and `x-amz-date` included.
    Headers headers;
    // Lowercase hex SHA-256 of the body, or UNSIGNED-PAYLOAD.
    QByteArray payloadHash;
};

QByteArray canonicalRequest(const Request &request);
QByteArray stringToSign(const Request &request, const Credentials &credentials,
                        const QDateTime &at);
// The Authorization header's value.
QByteArray authorization(const Request &request, const Credentials &credentials,
                         const QDateTime &at);

QByteArray sha256Hex(const QByteArray &bytes);
// The Host header Qt sends for `url`: the port only where it is not the
// scheme's default.
QByteArray hostHeader(const QUrl &url);

// Adds x-amz-date, x-amz-content-sha256 and Authorization to a request about
// to be sent (its other headers already set; `signedHeaders` names which of
// them are signed besides host and the x-amz ones).
void sign(QNetworkRequest &request, const QByteArray &method, const QByteArray &payloadHash,
          const Credentials &credentials, const QList<QByteArray> &signedHeaders = {},
          const QDateTime &at = QDateTime::currentDateTimeUtc());

} // namespace medpull::AwsSigV4
