// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "event.h"
#include "leasepoller.h"
#include "tokenvault.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace medpull {

class Database;

// Sends the outbox's events to the event endpoints. Lives on a worker thread
// (the engine's export thread): start() makes its QNetworkAccessManager and
// timers there.
//
// Each poll plans deliveries for new events, then claims due ones under a
// lease (so two processes never send the same one at once), never an event
// of a connection while an earlier one of that connection is undelivered to
// that endpoint: each endpoint sees a connection's events in order, at least
// once. A 2xx answer within the timeout is delivered; anything else is a
// failed attempt, retried after the backoff schedule; after the last attempt
// the delivery is `failed` and its endpoint disabled with the reason.
class EventDispatcher : public QObject {
    Q_OBJECT

public:
    EventDispatcher(std::shared_ptr<const Database> database, QString leaseOwner,
                    QObject *parent = nullptr);
    ~EventDispatcher() override;

    // Settings; change them before start().
    // Milliseconds to wait after the 1st, 2nd, ... failed attempt; one more
    // attempt than entries, then the endpoint is disabled.
    void setBackoffSchedule(QList<qint64> milliseconds) { m_backoff = std::move(milliseconds); }
    // 9 attempts over about 3 days.
    static QList<qint64> defaultBackoffSchedule();
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    void setPollInterval(int milliseconds) { m_pollIntervalMs = milliseconds; }
    void setLeaseSeconds(int seconds) { m_leaseSeconds = seconds; }
    void setMaxConcurrent(int count) { m_maxConcurrent = qMax(1, count); }
    void setVaultOptions(const TokenVault::Options &options) { m_vaultOptions = options; }
    // Or a ready vault owned elsewhere (the engine's).
    void setVault(const TokenVault *vault) { m_sharedVault = vault; }

    int inFlight() const { return int(m_replies.size()); }

public slots:
    void start();
    // Hands in-flight deliveries back unfinished and stops polling.
    void stop();
    // Looks for due work now.
    void poke();

signals:
    void deliveryChanged(const medpull::EventDelivery &delivery);
    void endpointChanged(const medpull::EventEndpoint &endpoint);
    // A poll found nothing due and nothing is in flight.
    void idle();

private:
    void startPolling();
    void tick();
    void begin(const EventDelivery &delivery);
    void answered(qint64 deliveryId, QNetworkReply *reply);
    void recordFailure(const EventDelivery &delivery, int httpStatus, const QString &error);
    void renewLeases();
    void publish(qint64 deliveryId);

    std::shared_ptr<const Database> m_db;
    QString m_leaseOwner;
    QList<qint64> m_backoff = defaultBackoffSchedule();
    int m_timeoutMs = 10000;
    int m_pollIntervalMs = 1000;
    int m_leaseSeconds = 60;
    int m_maxConcurrent = 4;
    bool m_running = false;
    std::optional<TokenVault::Options> m_vaultOptions;
    const TokenVault *m_vault = nullptr;
    const TokenVault *m_sharedVault = nullptr;
    QNetworkAccessManager *m_network = nullptr;
    LeasePoller m_poller;
    QHash<qint64, QNetworkReply *> m_replies;
    QHash<qint64, EventDelivery> m_inFlight;
};

} // namespace medpull
