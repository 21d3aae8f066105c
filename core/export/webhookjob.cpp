// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "webhookjob.h"

#include "ndjsonfolderjob.h"
#include "webhooksignature.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace medpull {

namespace {

constexpr int pageSize = 1000;
// Names the (destination, pull) event ids; fixed so ids survive restarts.
const QUuid eventNamespace(QStringLiteral("{6f2d7c1e-3b4a-5e8f-9a0b-1c2d3e4f5a6b}"));

} // namespace

WebhookJob::WebhookJob(const Database &database, QNetworkAccessManager *network,
                       DeliveryInput input, QObject *parent)
    : DeliveryJob(database, std::move(input), parent)
    , m_network(network) {}

QUuid WebhookJob::eventId(qint64 destinationId, qint64 pullId) {
    return QUuid::createUuidV5(
        eventNamespace, QStringLiteral("destination/%1/pull/%2").arg(destinationId).arg(pullId));
}

QByteArray WebhookJob::eventBody(qint64 *total) const {
    const DeliveryContext &context = m_input.context;
    DeliveryStore store(m_db);
    const QMap<QString, qint64> counts = store.changedCountsByType(context.pullId);
    QJsonObject countsJson;
    *total = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        countsJson.insert(it.key(), it.value());
        *total += it.value();
    }
    QJsonObject event{
        {QStringLiteral("id"),
         eventId(m_input.destination.id, context.pullId).toString(QUuid::WithoutBraces)},
        {QStringLiteral("type"), QStringLiteral("pull.settled")},
        {QStringLiteral("delivery"), m_input.delivery.id},
        {QStringLiteral("pull"),
         QJsonObject{{QStringLiteral("id"), context.pullId},
                     {QStringLiteral("status"), nameOf(context.pullStatus)},
                     {QStringLiteral("trigger"), nameOf(context.pullTrigger)},
                     {QStringLiteral("finishedAt"),
                      context.pullFinishedAt.toUTC().toString(Qt::ISODateWithMs)}}},
        {QStringLiteral("patient"),
         QJsonObject{{QStringLiteral("id"), context.patientId},
                     {QStringLiteral("displayName"), context.patientName},
                     {QStringLiteral("externalId"), context.patientExternalId}}},
        {QStringLiteral("connection"),
         QJsonObject{{QStringLiteral("id"), context.connectionId},
                     {QStringLiteral("source"), context.sourceName},
                     {QStringLiteral("fhirPatientId"), context.fhirPatientId}}},
        {QStringLiteral("counts"), countsJson},
        {QStringLiteral("total"), *total}};
    // References of what the pull found deleted at the source.
    QJsonArray deleted;
    QString deletedAfterType;
    qint64 deletedAfterId = 0;
    for (;;) {
        const QList<StoredResource> page =
            store.deletedResources(context.pullId, deletedAfterType, deletedAfterId, pageSize);
        for (const StoredResource &resource : page)
            deleted.append(resource.resourceType + QLatin1Char('/') + resource.fhirId);
        if (page.size() < pageSize)
            break;
        deletedAfterType = page.last().resourceType;
        deletedAfterId = page.last().id;
    }
    event.insert(QStringLiteral("deleted"), deleted);
    if (m_config.payload == DestinationConfig::Payload::Inline) {
        QHash<QString, QByteArray> ndjson;
        QString afterType;
        qint64 afterId = 0;
        for (;;) {
            const QList<StoredResource> page =
                store.changedResources(context.pullId, afterType, afterId, pageSize);
            for (const StoredResource &resource : page) {
                QByteArray &text = ndjson[resource.resourceType];
                text += ndjsonLine(resource.content);
                text += '\n';
            }
            if (page.size() < pageSize)
                break;
            afterType = page.last().resourceType;
            afterId = page.last().id;
        }
        QJsonObject payload;
        for (auto it = ndjson.cbegin(); it != ndjson.cend(); ++it)
            payload.insert(it.key(), QString::fromUtf8(it.value()));
        event.insert(QStringLiteral("ndjson"), payload);
    } else if (!m_config.linkTemplate.isEmpty()) {
        QString link = m_config.linkTemplate;
        link.replace(QStringLiteral("{pull}"), QString::number(context.pullId))
            .replace(QStringLiteral("{delivery}"), QString::number(m_input.delivery.id))
            .replace(QStringLiteral("{patient}"), QString::number(context.patientId))
            .replace(QStringLiteral("{destination}"), QString::number(m_input.destination.id));
        event.insert(QStringLiteral("link"), link);
    }
    return QJsonDocument(event).toJson(QJsonDocument::Compact);
}

QNetworkReply *WebhookJob::post(QNetworkAccessManager *network, const DestinationConfig &config,
                                const QByteArray &eventType, const QUuid &eventId,
                                const QByteArray &body) {
    QNetworkRequest request = ExportHttp::request(config.url, config);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("X-Medpull-Event", eventType);
    request.setRawHeader("X-Medpull-Event-Id", eventId.toByteArray(QUuid::WithoutBraces));
    request.setRawHeader(WebhookSignature::header, WebhookSignature::sign(body, config.secret));
    return network->post(request, body);
}

void WebhookJob::start() {
    const QByteArray body = eventBody(&m_total);
    m_reply = post(m_network, m_config, "pull.settled",
                   eventId(m_input.destination.id, m_input.context.pullId), body);
    connect(m_reply, &QNetworkReply::finished, this, &WebhookJob::answered);
}

void WebhookJob::abort() {
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void WebhookJob::answered() {
    QNetworkReply *reply = m_reply;
    reply->deleteLater();
    const QByteArray body = reply->readAll();
    DeliveryResult result;
    result.httpStatus = ExportHttp::status(reply);
    if (ExportHttp::succeeded(reply)) {
        result.ok = true;
        result.sent = m_total;
    } else {
        result.error = ExportHttp::failure(reply, body);
    }
    finish(result);
}

} // namespace medpull
