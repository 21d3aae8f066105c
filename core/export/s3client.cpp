// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "s3client.h"

#include "errorcode.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QXmlStreamReader>

namespace medpull {

S3Client::S3Client(QNetworkAccessManager *network, const DestinationConfig &config)
    : m_network(network)
    , m_config(config)
    , m_credentials{config.accessKeyId.toUtf8(), config.secretAccessKey.toUtf8(), config.region,
                    QStringLiteral("s3")} {}

QUrl S3Client::objectUrl(const QString &key, const QList<QPair<QString, QString>> &query) const {
    QUrl url = m_config.endpoint;
    QByteArray path;
    if (m_config.pathStyle)
        path = '/' + m_config.bucket.toUtf8().toPercentEncoding();
    else
        url.setHost(m_config.bucket + QLatin1Char('.') + url.host());
    path += '/';
    QList<QByteArray> segments;
    for (const QString &segment : key.split(QLatin1Char('/')))
        segments.append(segment.toUtf8().toPercentEncoding());
    path += segments.join('/');
    url.setPath(QString::fromLatin1(path), QUrl::StrictMode);
    QList<QByteArray> items;
    for (const auto &[name, value] : query)
        items.append(value.isNull() ? name.toUtf8().toPercentEncoding()
                                    : name.toUtf8().toPercentEncoding() + '=' +
                                          value.toUtf8().toPercentEncoding());
    if (!items.isEmpty())
        url.setQuery(QString::fromLatin1(items.join('&')), QUrl::StrictMode);
    return url;
}

QNetworkReply *S3Client::send(const QByteArray &method, const QUrl &url, const QByteArray &body,
                              const QByteArray &contentType) {
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(m_config.timeoutSeconds * 1000);
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    AwsSigV4::sign(request, method, AwsSigV4::sha256Hex(body), m_credentials);
    if (method == "PUT")
        return m_network->put(request, body);
    if (method == "POST")
        return m_network->post(request, body);
    return m_network->sendCustomRequest(request, method, body);
}

QNetworkReply *S3Client::putObject(const QString &key, const QByteArray &body,
                                   const QByteArray &contentType) {
    return send("PUT", objectUrl(key), body, contentType);
}

QNetworkReply *S3Client::deleteObject(const QString &key) {
    return send("DELETE", objectUrl(key), {});
}

QNetworkReply *S3Client::createMultipartUpload(const QString &key, const QByteArray &contentType) {
    return send("POST", objectUrl(key, {{QStringLiteral("uploads"), QString()}}), {}, contentType);
}

QNetworkReply *S3Client::uploadPart(const QString &key, const QString &uploadId, int partNumber,
                                    const QByteArray &body) {
    return send("PUT",
                objectUrl(key, {{QStringLiteral("partNumber"), QString::number(partNumber)},
                                {QStringLiteral("uploadId"), uploadId}}),
                body);
}

QNetworkReply *S3Client::completeMultipartUpload(const QString &key, const QString &uploadId,
                                                 const QList<QByteArray> &etags) {
    QByteArray xml = "<CompleteMultipartUpload>";
    for (qsizetype i = 0; i < etags.size(); ++i)
        xml += "<Part><PartNumber>" + QByteArray::number(i + 1) + "</PartNumber><ETag>" +
               etags.at(i) + "</ETag></Part>";
    xml += "</CompleteMultipartUpload>";
    return send("POST", objectUrl(key, {{QStringLiteral("uploadId"), uploadId}}), xml,
                "application/xml");
}

QNetworkReply *S3Client::abortMultipartUpload(const QString &key, const QString &uploadId) {
    return send("DELETE", objectUrl(key, {{QStringLiteral("uploadId"), uploadId}}), {});
}

bool S3Client::succeeded(QNetworkReply *reply) {
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return reply->error() == QNetworkReply::NoError && status >= 200 && status < 300;
}

QString S3Client::xmlText(const QByteArray &body, const QString &name) {
    QXmlStreamReader xml(body);
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == name)
            return xml.readElementText(QXmlStreamReader::IncludeChildElements);
    }
    return {};
}

QString S3Client::errorCode(const QByteArray &body) {
    return xmlText(body, QStringLiteral("Code"));
}

QString S3Client::failure(QNetworkReply *reply, const QByteArray &body, int timeoutSeconds) {
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        if (reply->error() == QNetworkReply::OperationCanceledError)
            return storedError(QStringLiteral("s3_no_answer"), {QString::number(timeoutSeconds)});
        return storedError(QStringLiteral("s3_network_error"), {reply->errorString()});
    }
    const QString code = errorCode(body);
    if (code.isEmpty())
        return storedError(QStringLiteral("s3_http_status"), {QString::number(status)});
    return storedError(
        QStringLiteral("s3_error"),
        {QString::number(status), code, xmlText(body, QStringLiteral("Message")).simplified()});
}

} // namespace medpull
