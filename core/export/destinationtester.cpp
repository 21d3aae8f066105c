// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "destinationtester.h"

#include "deliveryjob.h"
#include "destinationconfig.h"
#include "errorcode.h"
#include "s3client.h"
#include "webhookjob.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QUuid>

#include <memory>

namespace medpull {

namespace {

QUrl metadataUrl(QUrl base) {
    QString path = base.path();
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    base.setPath(path + QStringLiteral("metadata"));
    return base;
}

} // namespace

DestinationTester::DestinationTester(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network) {}

void DestinationTester::report(bool ok, const QString &message) {
    const QString scrubbed = DestinationConfig::fromJson(m_destination.config).scrub(message);
    QTimer::singleShot(0, this, [this, ok, scrubbed] { emit finished(ok, scrubbed); });
}

void DestinationTester::test(const ExportDestination &destination) {
    m_destination = destination;
    if (const QString why = DestinationConfig::whyInvalid(destination); !why.isEmpty()) {
        report(false, why);
        return;
    }
    switch (destination.kind) {
    case DestinationKind::NdjsonFolder:
        testFolder();
        return;
    case DestinationKind::FhirServer:
        testFhirServer();
        return;
    case DestinationKind::Webhook:
        testWebhook();
        return;
    case DestinationKind::S3:
        testS3();
        return;
    }
}

void DestinationTester::testFolder() {
    const QString path = DestinationConfig::fromJson(m_destination.config).folderPath;
    const QFileInfo info(path);
    if (!info.exists()) {
        report(false, tr("Folder %1 does not exist.").arg(path));
        return;
    }
    if (!info.isDir()) {
        report(false, tr("%1 is not a folder.").arg(path));
        return;
    }
    QFile probe(QDir(path).filePath(QStringLiteral(".medpull-probe-") +
                                    QUuid::createUuid().toString(QUuid::Id128)));
    if (!probe.open(QIODevice::WriteOnly) || probe.write("probe\n") != 6 || !probe.flush()) {
        report(false, tr("Cannot write in %1: %2").arg(path, probe.errorString()));
        probe.remove();
        return;
    }
    probe.close();
    probe.remove();
    report(true, tr("Folder %1 exists and is writable.").arg(path));
}

void DestinationTester::testFhirServer() {
    const DestinationConfig config = DestinationConfig::fromJson(m_destination.config);
    QNetworkRequest request = ExportHttp::request(metadataUrl(config.baseUrl), config);
    request.setRawHeader("Accept", "application/fhir+json");
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::finished, this, &DestinationTester::metadataAnswered);
}

void DestinationTester::metadataAnswered() {
    QNetworkReply *reply = m_reply;
    reply->deleteLater();
    const QByteArray body = reply->readAll();
    const int status = ExportHttp::status(reply);
    if (status == 401 || status == 403) {
        report(false, tr("The FHIR server refused the credentials (%1).")
                          .arg(ExportHttp::failure(reply, body)));
        return;
    }
    if (status == 0) {
        report(false,
               tr("The FHIR server cannot be reached: %1").arg(ExportHttp::failure(reply, body)));
        return;
    }
    const QJsonObject capability = QJsonDocument::fromJson(body).object();
    if (ExportHttp::succeeded(reply) &&
        capability.value(QStringLiteral("resourceType")).toString() ==
            QLatin1String("CapabilityStatement")) {
        const QString version = capability.value(QStringLiteral("fhirVersion")).toString();
        report(true, tr("FHIR server reachable (FHIR %1) and credentials accepted.")
                         .arg(version.isEmpty() ? tr("version not stated") : version));
        return;
    }
    // Some write-only endpoints publish no CapabilityStatement: an empty
    // batch checks the endpoint and the credentials without changing data.
    const DestinationConfig config = DestinationConfig::fromJson(m_destination.config);
    QNetworkRequest request = ExportHttp::request(config.baseUrl, config);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/fhir+json"));
    request.setRawHeader("Accept", "application/fhir+json");
    m_reply = m_network->post(request, R"({"resourceType":"Bundle","type":"batch","entry":[]})");
    connect(m_reply, &QNetworkReply::finished, this, &DestinationTester::emptyBatchAnswered);
}

void DestinationTester::emptyBatchAnswered() {
    QNetworkReply *reply = m_reply;
    reply->deleteLater();
    const QByteArray body = reply->readAll();
    if (ExportHttp::succeeded(reply))
        report(true, tr("FHIR server reachable and credentials accepted (it answered an empty "
                        "batch; it has no CapabilityStatement)."));
    else
        report(
            false,
            tr("The FHIR server did not accept a batch: %1").arg(ExportHttp::failure(reply, body)));
}

void DestinationTester::testWebhook() {
    const DestinationConfig config = DestinationConfig::fromJson(m_destination.config);
    const QUuid id = QUuid::createUuid();
    const QJsonObject event{{QStringLiteral("id"), id.toString(QUuid::WithoutBraces)},
                            {QStringLiteral("type"), QStringLiteral("ping")},
                            {QStringLiteral("destination"), m_destination.name}};
    m_reply = WebhookJob::post(m_network, config, "ping", id,
                               QJsonDocument(event).toJson(QJsonDocument::Compact));
    connect(m_reply, &QNetworkReply::finished, this, [this] {
        QNetworkReply *reply = m_reply;
        reply->deleteLater();
        const QByteArray body = reply->readAll();
        if (ExportHttp::succeeded(reply))
            report(true, tr("Webhook reachable: it accepted a signed ping (HTTP %1).")
                             .arg(ExportHttp::status(reply)));
        else
            report(false, tr("The webhook did not accept a signed ping: %1")
                              .arg(ExportHttp::failure(reply, body)));
    });
}

void DestinationTester::testS3() {
    const DestinationConfig config = DestinationConfig::fromJson(m_destination.config);
    auto client = std::make_shared<S3Client>(m_network, config);
    const QString name = QStringLiteral(".medpull-connection-test");
    const QString key = config.prefix.isEmpty() ? name : config.prefix + QLatin1Char('/') + name;
    m_reply = client->putObject(key, "medpull connection test\n", "text/plain");
    connect(m_reply, &QNetworkReply::finished, this, [this, client, key, config] {
        QNetworkReply *reply = m_reply;
        reply->deleteLater();
        const QByteArray body = reply->readAll();
        if (!S3Client::succeeded(reply)) {
            report(false,
                   tr("The bucket did not take a test object: %1")
                       .arg(errorText(S3Client::failure(reply, body, config.timeoutSeconds))));
            return;
        }
        m_reply = client->deleteObject(key);
        connect(m_reply, &QNetworkReply::finished, this, [this, config] {
            QNetworkReply *reply = m_reply;
            reply->deleteLater();
            const QByteArray body = reply->readAll();
            if (S3Client::succeeded(reply))
                report(true, tr("Bucket %1 reachable: it took a test object and deleted it again.")
                                 .arg(config.bucket));
            else
                report(false,
                       tr("The bucket took a test object but did not delete it: %1")
                           .arg(errorText(S3Client::failure(reply, body, config.timeoutSeconds))));
        });
    });
}

} // namespace medpull
