// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventdispatcher.h"

#include "database.h"
#include "destinationsecrets.h"
#include "errorcode.h"
#include "eventendpointrepository.h"
#include "eventrepository.h"
#include "eventsignature.h"
#include "storeerror.h"
#include "urlrules.h"

#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace medpull {

namespace {

Q_LOGGING_CATEGORY(lcEvents, "medpull.events")

constexpr int bodyExcerpt = 200;

} // namespace

EventDispatcher::EventDispatcher(std::shared_ptr<const Database> database, QString leaseOwner,
                                 QObject *parent)
    : QObject(parent)
    , m_db(std::move(database))
    , m_leaseOwner(std::move(leaseOwner))
    , m_poller(this) {
    qRegisterMetaType<medpull::EventDelivery>();
    qRegisterMetaType<medpull::EventEndpoint>();
    connect(&m_poller, &LeasePoller::poll, this, &EventDispatcher::tick);
    connect(&m_poller, &LeasePoller::renewLeases, this, &EventDispatcher::renewLeases);
}

EventDispatcher::~EventDispatcher() {
    // Like a crash: nothing is handed back, the leases expire on their own.
    for (QNetworkReply *reply : std::as_const(m_replies)) {
        reply->disconnect(this);
        reply->abort();
    }
}

QList<qint64> EventDispatcher::defaultBackoffSchedule() {
    constexpr qint64 minute = 60 * 1000;
    constexpr qint64 hour = 60 * minute;
    // 1 min, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 36 h: the 9th attempt
    // comes about 2.8 days after the first.
    return {minute, 5 * minute, 30 * minute, 2 * hour, 5 * hour, 10 * hour, 14 * hour, 36 * hour};
}

void EventDispatcher::start() {
    if (m_running)
        return;
    m_running = true;
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    if (m_vault) {
        startPolling();
        return;
    }
    if (m_sharedVault) {
        m_vault = m_sharedVault;
        startPolling();
        return;
    }
    auto *vault =
        new TokenVault(m_vaultOptions.value_or(DestinationSecrets::vaultOptions(*m_db)), this);
    m_vault = vault;
    connect(vault, &TokenVault::ready, this, [this](bool ok, const QString &error) {
        if (!ok)
            // Endpoints without a readable secret fail their attempts.
            qCWarning(lcEvents) << "no key for event endpoint secrets:" << error;
        if (m_running)
            startPolling();
    });
    vault->open();
}

void EventDispatcher::startPolling() {
    m_poller.start(m_pollIntervalMs, m_leaseSeconds);
}

void EventDispatcher::stop() {
    if (!m_running)
        return;
    m_running = false;
    m_poller.stop();
    const QHash<qint64, QNetworkReply *> replies = std::exchange(m_replies, {});
    m_inFlight.clear();
    for (auto it = replies.cbegin(); it != replies.cend(); ++it) {
        it.value()->disconnect(this);
        it.value()->abort();
        it.value()->deleteLater();
        try {
            EventRepository(*m_db).release(it.key(), m_leaseOwner);
            publish(it.key());
        } catch (const StoreError &error) {
            qCWarning(lcEvents) << "cannot hand back event delivery" << it.key() << error.message();
        }
    }
}

void EventDispatcher::poke() {
    tick();
}

void EventDispatcher::tick() {
    if (!m_running || !m_poller.isActive())
        return;
    try {
        EventRepository events(*m_db);
        events.plan();
        while (m_replies.size() < m_maxConcurrent) {
            const std::optional<EventDelivery> claimed =
                events.claimDue(m_leaseOwner, m_leaseSeconds);
            if (!claimed)
                break;
            begin(*claimed);
        }
    } catch (const StoreError &error) {
        qCWarning(lcEvents) << "event poll failed:" << error.message();
    }
    if (m_replies.isEmpty())
        emit idle();
}

void EventDispatcher::begin(const EventDelivery &delivery) {
    emit deliveryChanged(delivery);
    const std::optional<OutboxEvent> event = EventRepository(*m_db).get(delivery.eventId);
    const std::optional<EventEndpoint> endpoint =
        EventEndpointRepository(*m_db).get(delivery.endpointId);
    if (!event || !endpoint) {
        recordFailure(delivery, 0, storedError(QStringLiteral("event_gone")));
        return;
    }
    const QUrl url(endpoint->url);
    if (const QString why = UrlRules::whyNotAcceptable(url); !why.isEmpty()) {
        recordFailure(delivery, 0, storedError(QStringLiteral("event_endpoint_invalid"), {why}));
        return;
    }
    QString problem;
    QString detail;
    const std::optional<QJsonObject> config =
        DestinationSecrets::unseal(endpoint->config, m_vault, &problem, &detail);
    const QByteArray secret =
        config ? config->value(QStringLiteral("secret")).toString().toUtf8() : QByteArray();
    if (secret.isEmpty()) {
        if (!config)
            qCWarning(lcEvents) << "secret of event endpoint" << endpoint->name
                                << "does not open:" << detail;
        recordFailure(delivery, 0, storedError(QStringLiteral("event_secret_unreadable")));
        return;
    }

    const qint64 timestamp = QDateTime::currentSecsSinceEpoch();
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(m_timeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("medpull-events/1"));
    request.setRawHeader("X-Medpull-Event", nameOf(event->type).toLatin1());
    request.setRawHeader("X-Medpull-Event-Id", event->uuid.toLatin1());
    request.setRawHeader(EventSignature::timestampHeader, QByteArray::number(timestamp));
    request.setRawHeader(EventSignature::signatureHeader,
                         EventSignature::sign(event->body, secret, timestamp));
    QNetworkReply *reply = m_network->post(request, event->body);
    m_replies.insert(delivery.id, reply);
    m_inFlight.insert(delivery.id, delivery);
    const qint64 id = delivery.id;
    connect(reply, &QNetworkReply::finished, this, [this, id, reply] { answered(id, reply); });
}

void EventDispatcher::answered(qint64 deliveryId, QNetworkReply *reply) {
    reply->deleteLater();
    m_replies.remove(deliveryId);
    const EventDelivery delivery = m_inFlight.take(deliveryId);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    try {
        EventRepository events(*m_db);
        // Another process took the delivery over after our lease lapsed.
        if (!events.holdsLease(deliveryId, m_leaseOwner))
            return;
        if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
            events.markDelivered(deliveryId, status);
            publish(deliveryId);
        } else if (status != 0) {
            recordFailure(
                delivery, status,
                storedError(QStringLiteral("event_http_status"),
                            {QString::number(status),
                             QString::fromUtf8(reply->readAll().left(bodyExcerpt)).simplified()}));
        } else if (reply->error() == QNetworkReply::OperationCanceledError) {
            recordFailure(delivery, 0,
                          storedError(QStringLiteral("event_no_answer"),
                                      {QString::number(m_timeoutMs / 1000.0)}));
        } else {
            recordFailure(
                delivery, 0,
                storedError(QStringLiteral("event_network_error"), {reply->errorString()}));
        }
    } catch (const StoreError &error) {
        qCWarning(lcEvents) << "cannot record event delivery" << deliveryId << error.message();
    }
    QTimer::singleShot(0, this, &EventDispatcher::tick);
}

void EventDispatcher::recordFailure(const EventDelivery &delivery, int httpStatus,
                                    const QString &error) {
    EventRepository events(*m_db);
    const int attempts = delivery.attempts;
    if (attempts >= 1 && attempts <= m_backoff.size()) {
        events.markFailed(delivery.id, httpStatus, error,
                          QDateTime::currentDateTimeUtc().addMSecs(m_backoff.at(attempts - 1)));
        publish(delivery.id);
        return;
    }
    events.markFailed(delivery.id, httpStatus, error, {});
    EventEndpointRepository endpoints(*m_db);
    endpoints.disable(delivery.endpointId, storedError(QStringLiteral("event_endpoint_gave_up"),
                                                       {QString::number(attempts),
                                                        delivery.eventUuid, errorText(error)}));
    qCWarning(lcEvents) << "event endpoint" << delivery.endpointId << "disabled after" << attempts
                        << "failed attempts:" << errorText(error);
    publish(delivery.id);
    if (const std::optional<EventEndpoint> endpoint = endpoints.get(delivery.endpointId))
        emit endpointChanged(*endpoint);
}

void EventDispatcher::renewLeases() {
    const QList<qint64> ids = m_replies.keys();
    for (qint64 id : ids) {
        try {
            if (EventRepository(*m_db).renewLease(id, m_leaseOwner, m_leaseSeconds))
                continue;
        } catch (const StoreError &error) {
            qCWarning(lcEvents) << "cannot renew lease of event delivery" << id << error.message();
            continue;
        }
        QNetworkReply *reply = m_replies.take(id);
        m_inFlight.remove(id);
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void EventDispatcher::publish(qint64 deliveryId) {
    if (const std::optional<EventDelivery> delivery = EventRepository(*m_db).delivery(deliveryId))
        emit deliveryChanged(*delivery);
}

} // namespace medpull
