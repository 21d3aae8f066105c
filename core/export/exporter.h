// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "databaseoutage.h"
#include "exportdestination.h"
#include "leasepoller.h"
#include "tokenvault.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace medpull {

class Database;
class DeliveryJob;
struct DeliveryResult;

// Sends settled pulls' new and changed resources to every enabled export
// destination. Created and used on a worker thread of its own: start() makes
// its QNetworkAccessManager and timers there, and every slot runs there.
//
// On each poll it plans (a delivery per settled pull with data above each
// enabled destination's watermark, which also backfills a new destination with
// every past pull), claims due deliveries under a lease in the database (so
// two processes never deliver the same one, and a destination that hangs
// holds one slot, not all of them), delivers, and records the
// outcome: delivered, or a failed attempt with its error and the next
// automatic retry (1 min, 5 min, 30 min, 2 h, 12 h, then `failed` until a
// person retries). It never writes to a connection or a pull.
class Exporter : public QObject {
    Q_OBJECT

public:
    Exporter(std::shared_ptr<const Database> database, QString leaseOwner,
             QObject *parent = nullptr);
    ~Exporter() override;

    // Settings; change them before start().
    void setLeaseSeconds(int seconds) { m_leaseSeconds = seconds; }
    void setPollInterval(int milliseconds) { m_pollIntervalMs = milliseconds; }
    void setMaxConcurrentDeliveries(int count) { m_maxConcurrent = qMax(1, count); }
    // Deliveries in flight to one destination at once, counted across
    // processes: a destination that hangs holds no more than this many slots.
    void setMaxDeliveriesPerDestination(int count) { m_maxPerDestination = qMax(1, count); }
    // Seconds to wait after the 1st, 2nd, ... failed attempt; after the last
    // one a delivery stays `failed`.
    void setBackoffSchedule(QList<int> seconds) { m_backoff = std::move(seconds); }
    static QList<int> defaultBackoffSchedule();
    // The key that opens destination secrets; by default the one of the
    // database's location (MEDPULL_KEY_FILE_ONLY=1 skips the keychain).
    void setVaultOptions(const TokenVault::Options &options) { m_vaultOptions = options; }
    // Or a ready vault owned elsewhere (the engine's): the exporter only
    // seals and unseals with it, which is safe from its thread.
    void setVault(const TokenVault *vault) { m_sharedVault = vault; }

    bool isRunning() const { return m_running; }
    int inFlight() const { return int(m_jobs.size()); }

public slots:
    void start();
    // Hands in-flight deliveries back unfinished (due again at once, the
    // attempt not counted) and stops polling.
    void stop();
    void pullSettled(qint64 pullId);
    void retryDelivery(qint64 deliveryId);
    void retryAllFailed(qint64 destinationId);
    // Plans, and starts what is due, now rather than at the next poll (after
    // the engine made a delivery due).
    void tick();

signals:
    void deliveryChanged(const medpull::Delivery &delivery);
    // A poll found nothing due and nothing is in flight.
    void idle();

private:
    void vaultOpened(bool ok, QString error);
    void startPolling();
    // Seals the plain secrets an earlier build stored, once the key is there.
    void resealPlainSecrets();
    void plan();
    void begin(const Delivery &delivery);
    void jobFinished(DeliveryJob *job, const DeliveryResult &result);
    void renewLeases();
    void publish(qint64 deliveryId);
    QDateTime nextAttemptAfter(int attempts) const;

    std::shared_ptr<const Database> m_db;
    QString m_leaseOwner;
    int m_leaseSeconds = 60;
    int m_pollIntervalMs = 1000;
    int m_maxConcurrent = 2;
    int m_maxPerDestination = 1;
    QList<int> m_backoff = defaultBackoffSchedule();
    bool m_running = false;
    std::optional<TokenVault::Options> m_vaultOptions;
    const TokenVault *m_vault = nullptr;
    const TokenVault *m_sharedVault = nullptr;
    bool m_vaultAnswered = false;
    QNetworkAccessManager *m_network = nullptr;
    LeasePoller m_poller;
    // While the database is away, polls back off and say so once.
    DatabaseOutage m_outage;
    QHash<qint64, DeliveryJob *> m_jobs;
};

} // namespace medpull
