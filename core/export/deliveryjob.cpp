// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "deliveryjob.h"

#include "fhirserverjob.h"
#include "ndjsonfolderjob.h"
#include "operationoutcome.h"
#include "s3deliveryjob.h"
#include "webhookjob.h"

#include <QNetworkReply>
#include <QTimer>

namespace medpull {

DeliveryJob::DeliveryJob(const Database &database, DeliveryInput input, QObject *parent)
    : QObject(parent)
    , m_db(database)
    , m_input(std::move(input))
    , m_config(DestinationConfig::fromJson(m_input.destination.config)) {}

DeliveryJob *DeliveryJob::create(const Database &database, QNetworkAccessManager *network,
                                 DeliveryInput input, QObject *parent) {
    switch (input.destination.kind) {
    case DestinationKind::NdjsonFolder:
        return new NdjsonFolderJob(database, std::move(input), parent);
    case DestinationKind::FhirServer:
        return new FhirServerJob(database, network, std::move(input), parent);
    case DestinationKind::Webhook:
        return new WebhookJob(database, network, std::move(input), parent);
    case DestinationKind::S3:
        return new S3DeliveryJob(database, network, std::move(input), parent);
    }
    return nullptr;
}

void DeliveryJob::finish(DeliveryResult result) {
    if (m_finished)
        return;
    m_finished = true;
    result.error = m_config.scrub(result.error);
    QTimer::singleShot(0, this, [this, result] { emit finished(result); });
}

namespace ExportHttp {

QNetworkRequest request(const QUrl &url, const DestinationConfig &config) {
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(config.timeoutSeconds * 1000);
    if (config.auth == DestinationConfig::Auth::Bearer)
        request.setRawHeader("Authorization", "Bearer " + config.token.toUtf8());
    else if (config.auth == DestinationConfig::Auth::Basic)
        request.setRawHeader(
            "Authorization",
            "Basic " + (config.username + QLatin1Char(':') + config.password).toUtf8().toBase64());
    return request;
}

int status(QNetworkReply *reply) {
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

bool succeeded(QNetworkReply *reply) {
    const int code = status(reply);
    return reply->error() == QNetworkReply::NoError && code >= 200 && code < 300;
}

QString failure(QNetworkReply *reply, const QByteArray &body) {
    const int code = status(reply);
    if (code == 0)
        return reply->error() == QNetworkReply::OperationCanceledError
                   ? QStringLiteral("no answer within the timeout")
                   : reply->errorString();
    QString detail = OperationOutcome::text(body);
    if (detail.isEmpty())
        detail = QString::fromUtf8(body.left(300)).simplified();
    const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    QString line = QStringLiteral("HTTP %1").arg(code);
    if (!reason.isEmpty())
        line += QLatin1Char(' ') + reason;
    if (!detail.isEmpty())
        line += QStringLiteral(": ") + detail;
    return line;
}

} // namespace ExportHttp

} // namespace medpull
