// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "fhirserverjob.h"

#include "operationoutcome.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace medpull {

namespace {

constexpr int reportedFailures = 5;

} // namespace

FhirServerJob::FhirServerJob(const Database &database, QNetworkAccessManager *network,
                             DeliveryInput input, QObject *parent)
    : DeliveryJob(database, std::move(input), parent)
    , m_network(network) {}

QByteArray FhirServerJob::bundle(const QList<StoredResource> &resources, bool transaction) {
    QByteArray body = R"({"resourceType":"Bundle","type":")";
    body += transaction ? "transaction" : "batch";
    body += R"(","entry":[)";
    bool first = true;
    for (const StoredResource &resource : resources) {
        if (!first)
            body += ',';
        first = false;
        const QJsonObject request{
            {QStringLiteral("method"),
             resource.deleted ? QStringLiteral("DELETE") : QStringLiteral("PUT")},
            {QStringLiteral("url"), resource.resourceType + QLatin1Char('/') + resource.fhirId}};
        body += R"({"request":)";
        body += QJsonDocument(request).toJson(QJsonDocument::Compact);
        if (!resource.deleted) {
            body += R"(,"resource":)";
            body += resource.content;
        }
        body += '}';
    }
    body += "]}";
    return body;
}

QStringList FhirServerJob::entryFailures(const QByteArray &response, const QStringList &keys,
                                         bool deletes) {
    QStringList failures;
    const QJsonArray entries =
        QJsonDocument::fromJson(response).object().value(QStringLiteral("entry")).toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject answer =
            entries.at(i).toObject().value(QStringLiteral("response")).toObject();
        const QString status = answer.value(QStringLiteral("status")).toString();
        if (status.startsWith(QLatin1Char('2')) ||
            (deletes &&
             (status.startsWith(QLatin1String("404")) || status.startsWith(QLatin1String("410")))))
            continue;
        QString line = keys.value(i, QStringLiteral("entry %1").arg(i)) + QStringLiteral(": ") +
                       (status.isEmpty() ? QStringLiteral("no status") : status);
        const QString why =
            OperationOutcome::text(answer.value(QStringLiteral("outcome")).toObject());
        if (!why.isEmpty())
            line += QStringLiteral(" (") + why + QLatin1Char(')');
        failures.append(line);
    }
    return failures;
}

void FhirServerJob::start() {
    sendNextChunk();
}

void FhirServerJob::abort() {
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void FhirServerJob::sendNextChunk() {
    DeliveryStore store(m_db);
    const qint64 pullId = m_input.delivery.pullId;
    QList<StoredResource> chunk =
        m_deleting ? store.deletedResources(pullId, m_afterType, m_afterId, m_config.chunkSize)
                   : store.changedResources(pullId, m_afterType, m_afterId, m_config.chunkSize);
    if (chunk.isEmpty() && !m_deleting) {
        m_deleting = true;
        m_afterType.clear();
        m_afterId = 0;
        chunk = store.deletedResources(pullId, {}, 0, m_config.chunkSize);
    }
    if (chunk.isEmpty()) {
        DeliveryResult result;
        result.sent = m_sent;
        result.ok = m_entryFailures.isEmpty();
        if (!result.ok) {
            result.error =
                QStringLiteral("%1 of %2 resources rejected: %3")
                    .arg(m_entryFailures.size())
                    .arg(m_sent)
                    .arg(m_entryFailures.mid(0, reportedFailures).join(QStringLiteral("; ")));
            if (m_entryFailures.size() > reportedFailures)
                result.error += QStringLiteral("; ...");
        }
        finish(result);
        return;
    }
    m_chunkKeys.clear();
    for (const StoredResource &resource : chunk)
        m_chunkKeys.append(resource.resourceType + QLatin1Char('/') + resource.fhirId);
    m_afterType = chunk.last().resourceType;
    m_afterId = chunk.last().id;

    QNetworkRequest request = ExportHttp::request(m_config.baseUrl, m_config);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/fhir+json"));
    request.setRawHeader("Accept", "application/fhir+json");
    m_reply = m_network->post(request, bundle(chunk, m_config.transaction));
    connect(m_reply, &QNetworkReply::finished, this, &FhirServerJob::chunkAnswered);
}

void FhirServerJob::chunkAnswered() {
    QNetworkReply *reply = m_reply;
    reply->deleteLater();
    const QByteArray body = reply->readAll();
    if (!ExportHttp::succeeded(reply)) {
        DeliveryResult result;
        result.httpStatus = ExportHttp::status(reply);
        result.sent = m_sent;
        result.error = ExportHttp::failure(reply, body);
        finish(result);
        return;
    }
    m_sent += m_chunkKeys.size();
    m_entryFailures += entryFailures(body, m_chunkKeys, m_deleting);
    sendNextChunk();
}

} // namespace medpull
