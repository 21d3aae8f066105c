// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventendpointservice.h"

#include "database.h"
#include "destinationsecrets.h"
#include "eventendpointrepository.h"
#include "eventrepository.h"
#include "storeerror.h"
#include "tokenvault.h"
#include "urlrules.h"

namespace medpull {

EventEndpointService::EventEndpointService(std::shared_ptr<const Database> database,
                                           QObject *parent)
    : QObject(parent)
    , m_db(std::move(database)) {
    qRegisterMetaType<medpull::EventEndpoint>();
    qRegisterMetaType<QList<medpull::EventEndpoint>>();
    qRegisterMetaType<QList<medpull::EventDelivery>>();
}

template <typename Work> void EventEndpointService::command(int requestId, Work &&work) {
    try {
        work();
    } catch (const StoreError &error) {
        emit commandFailed(requestId, error.message());
    }
}

void EventEndpointService::refresh() {
    command(0, [&] {
        QList<EventEndpoint> endpoints = EventEndpointRepository(*m_db).list();
        for (EventEndpoint &endpoint : endpoints)
            endpoint.config = DestinationSecrets::withoutSecrets(endpoint.config);
        emit endpointsLoaded(endpoints);
    });
}

void EventEndpointService::loadLog(qint64 endpointId, int limit) {
    command(0, [&] {
        emit logLoaded(endpointId, EventRepository(*m_db).forEndpoint(endpointId, limit));
    });
}

void EventEndpointService::withVault(std::function<void()> work) {
    if (m_vaultAnswered) {
        work();
        return;
    }
    m_waitingForVault.append(std::move(work));
    if (m_vault)
        return;
    m_vault = new TokenVault(DestinationSecrets::vaultOptions(*m_db), this);
    connect(m_vault, &TokenVault::ready, this, [this] {
        m_vaultAnswered = true;
        for (const auto &waiting : std::exchange(m_waitingForVault, {}))
            waiting();
    });
    m_vault->open();
}

void EventEndpointService::save(int requestId, const EventEndpoint &endpoint,
                                const QString &secret) {
    if (endpoint.name.trimmed().isEmpty()) {
        emit commandFailed(requestId, tr("The endpoint needs a name."));
        return;
    }
    if (const QString why = UrlRules::whyNotAcceptable(QUrl(endpoint.url)); !why.isEmpty()) {
        emit commandFailed(requestId, tr("The URL cannot be used: %1").arg(why));
        return;
    }
    if (endpoint.id == 0 && secret.isEmpty()) {
        emit commandFailed(requestId, tr("The endpoint needs a signing secret."));
        return;
    }
    withVault([this, requestId, endpoint, secret] {
        command(requestId, [&] {
            EventEndpointRepository endpoints(*m_db);
            EventEndpoint stored = endpoint;
            if (!secret.isEmpty()) {
                if (!m_vault->isReady())
                    throw StoreError(tr("the secret cannot be stored encrypted: the token vault "
                                        "has no key"));
                stored.config =
                    DestinationSecrets::seal({{QStringLiteral("secret"), secret}}, *m_vault);
            } else if (const auto existing = endpoints.get(endpoint.id)) {
                stored.config = existing->config;
            }
            if (stored.id == 0)
                stored = endpoints.add(stored);
            else
                endpoints.update(stored);
            stored.config = DestinationSecrets::withoutSecrets(stored.config);
            emit saved(requestId, stored);
        });
    });
}

void EventEndpointService::setEnabled(qint64 endpointId, bool enabled) {
    command(0, [&] { EventEndpointRepository(*m_db).setEnabled(endpointId, enabled); });
    refresh();
}

void EventEndpointService::remove(qint64 endpointId) {
    command(0, [&] { EventEndpointRepository(*m_db).remove(endpointId); });
    refresh();
}

void EventEndpointService::redeliver(qint64 endpointId, qint64 eventId) {
    command(0, [&] { EventRepository(*m_db).redeliver(endpointId, eventId); });
}

} // namespace medpull
