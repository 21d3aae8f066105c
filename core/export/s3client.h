// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "awssigv4.h"
#include "destinationconfig.h"

#include <QByteArray>
#include <QList>
#include <QString>

class QNetworkAccessManager;
class QNetworkReply;

namespace medpull {

// The few S3 calls a delivery needs, signed with SigV4, against AWS or any
// S3-compatible storage, path-style (endpoint/bucket/key) or virtual-hosted
// (bucket.endpoint/key). Each call returns the reply; the caller owns it.
class S3Client {
public:
    S3Client(QNetworkAccessManager *network, const DestinationConfig &config);

    QNetworkReply *putObject(const QString &key, const QByteArray &body,
                             const QByteArray &contentType);
    QNetworkReply *deleteObject(const QString &key);
    QNetworkReply *createMultipartUpload(const QString &key, const QByteArray &contentType);
    QNetworkReply *uploadPart(const QString &key, const QString &uploadId, int partNumber,
                              const QByteArray &body);
    // `etags` in part order, the first being part 1.
    QNetworkReply *completeMultipartUpload(const QString &key, const QString &uploadId,
                                           const QList<QByteArray> &etags);
    QNetworkReply *abortMultipartUpload(const QString &key, const QString &uploadId);

    QUrl objectUrl(const QString &key, const QList<QPair<QString, QString>> &query = {}) const;

    static bool succeeded(QNetworkReply *reply);
    // The stored error for a failed call: S3's error code and message from
    // its XML body, or the HTTP status, the timeout or the network error.
    static QString failure(QNetworkReply *reply, const QByteArray &body, int timeoutSeconds);
    // The <Code> of an S3 error body, or empty.
    static QString errorCode(const QByteArray &body);
    // The text of the first element named `name` in an S3 XML answer.
    static QString xmlText(const QByteArray &body, const QString &name);

private:
    QNetworkReply *send(const QByteArray &method, const QUrl &url, const QByteArray &body,
                        const QByteArray &contentType = {});

    QNetworkAccessManager *m_network;
    DestinationConfig m_config;
    AwsSigV4::Credentials m_credentials;
};

} // namespace medpull
