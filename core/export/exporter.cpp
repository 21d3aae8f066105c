// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "exporter.h"

#include "database.h"
#include "deliveryjob.h"
#include "deliveryrepository.h"
#include "deliverystore.h"
#include "destinationrepository.h"
#include "destinationsecrets.h"
#include "storeerror.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QTimer>

namespace medpull {

namespace {

Q_LOGGING_CATEGORY(lcExport, "medpull.export")

} // namespace

Exporter::Exporter(std::shared_ptr<const Database> database, QString leaseOwner, QObject *parent)
    : QObject(parent)
    , m_db(std::move(database))
    , m_leaseOwner(std::move(leaseOwner))
    , m_poller(this) {
    qRegisterMetaType<medpull::Delivery>();
    qRegisterMetaType<medpull::DeliveryResult>();
    connect(&m_poller, &LeasePoller::poll, this, &Exporter::tick);
    connect(&m_poller, &LeasePoller::renewLeases, this, &Exporter::renewLeases);
}

Exporter::~Exporter() {
    // Like a crash: nothing is handed back, the leases expire on their own.
    for (DeliveryJob *job : std::as_const(m_jobs))
        job->abort();
}

QList<int> Exporter::defaultBackoffSchedule() {
    return {60, 5 * 60, 30 * 60, 2 * 3600, 12 * 3600};
}

void Exporter::start() {
    if (m_running)
        return;
    m_running = true;
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    if (!m_vault && m_sharedVault) {
        m_vault = m_sharedVault;
        vaultOpened(m_vault->isReady(), QStringLiteral("the engine's token key is not loaded"));
        return;
    }
    if (!m_vault) {
        auto *vault =
            new TokenVault(m_vaultOptions.value_or(DestinationSecrets::vaultOptions(*m_db)), this);
        m_vault = vault;
        connect(vault, &TokenVault::ready, this, &Exporter::vaultOpened);
        // Polling starts once the vault answers (at once with a key file).
        vault->open();
        return;
    }
    if (m_vaultAnswered)
        startPolling();
}

void Exporter::vaultOpened(bool ok, QString error) {
    m_vaultAnswered = true;
    if (ok && !m_sharedVault) {
        try {
            error = DestinationSecrets::recordKey(*m_db, *m_vault);
        } catch (const StoreError &storeError) {
            error = storeError.message();
        }
        ok = error.isEmpty();
    }
    if (ok)
        resealPlainSecrets();
    else
        // Destinations without secrets still deliver; the others fail with
        // DestinationSecrets::undecryptable().
        qCWarning(lcExport) << "no key for destination secrets:" << error;
    if (m_running)
        startPolling();
}

void Exporter::resealPlainSecrets() {
    try {
        DestinationRepository destinations(*m_db);
        for (const ExportDestination &destination : destinations.list()) {
            if (!DestinationSecrets::hasPlain(destination.config))
                continue;
            // Sealed secrets left beside plain ones are opened first, so
            // none is dropped; a row whose sealed part does not open stays
            // as it is.
            const std::optional<QJsonObject> plain =
                DestinationSecrets::unseal(destination.config, m_vault, nullptr);
            if (!plain)
                continue;
            if (destinations.replaceConfig(destination.id,
                                           DestinationSecrets::seal(*plain, *m_vault),
                                           destination.updatedAt))
                qCInfo(lcExport) << "sealed the plain secrets of destination" << destination.name;
        }
    } catch (const StoreError &error) {
        qCWarning(lcExport) << "cannot seal destination secrets:" << error.message();
    }
}

void Exporter::startPolling() {
    m_poller.start(m_pollIntervalMs, m_leaseSeconds);
}

void Exporter::stop() {
    if (!m_running)
        return;
    m_running = false;
    m_poller.stop();
    const QHash<qint64, DeliveryJob *> jobs = std::exchange(m_jobs, {});
    for (auto it = jobs.cbegin(); it != jobs.cend(); ++it) {
        it.value()->abort();
        delete it.value();
        try {
            DeliveryStore(*m_db).release(it.key(), m_leaseOwner);
            publish(it.key());
        } catch (const StoreError &error) {
            qCWarning(lcExport) << "cannot hand back delivery" << it.key() << error.message();
        }
    }
}

void Exporter::pullSettled(qint64 pullId) {
    Q_UNUSED(pullId) // planning covers every settled pull, this one included
    tick();
}

void Exporter::retryDelivery(qint64 deliveryId) {
    try {
        if (DeliveryRepository(*m_db).retryNow(deliveryId))
            publish(deliveryId);
    } catch (const StoreError &error) {
        qCWarning(lcExport) << "cannot retry delivery" << deliveryId << error.message();
    }
    tick();
}

void Exporter::retryAllFailed(qint64 destinationId) {
    try {
        for (qint64 id : DeliveryRepository(*m_db).retryAllFailed(destinationId))
            publish(id);
    } catch (const StoreError &error) {
        qCWarning(lcExport) << "cannot retry deliveries of destination" << destinationId
                            << error.message();
    }
    tick();
}

void Exporter::tick() {
    if (!m_running || !m_poller.isActive())
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!m_outage.due(now))
        return;
    try {
        plan();
        while (m_jobs.size() < m_maxConcurrent) {
            const std::optional<Delivery> claimed =
                DeliveryStore(*m_db).claimDue(m_leaseOwner, m_leaseSeconds, m_maxPerDestination);
            if (!claimed)
                break;
            begin(*claimed);
        }
        if (m_outage.succeeded())
            qCInfo(lcExport) << "exports resume: the database answers again";
    } catch (const StoreError &error) {
        if (!error.retryLater())
            qCWarning(lcExport) << "export poll failed:" << error.message();
        else if (m_outage.failed(error.message(), now))
            qCWarning(lcExport) << "exports wait for the database:" << error.message();
    }
    if (m_jobs.isEmpty())
        emit idle();
}

void Exporter::plan() {
    DeliveryStore store(*m_db);
    DeliveryRepository deliveries(*m_db);
    for (const ExportDestination &destination : DestinationRepository(*m_db).list()) {
        if (!destination.enabled)
            continue;
        for (const auto &[pullId, resourceCount] : store.unplannedPulls(destination))
            emit deliveryChanged(deliveries.ensure(pullId, destination.id, resourceCount));
        store.updateWatermark(destination.id);
    }
}

void Exporter::begin(const Delivery &delivery) {
    emit deliveryChanged(delivery);
    std::optional<ExportDestination> destination =
        DestinationRepository(*m_db).get(delivery.destinationId);
    const std::optional<DeliveryContext> context = DeliveryStore(*m_db).context(delivery.pullId);
    QString problem;
    if (!destination || !context)
        problem = QStringLiteral("the destination or the pull no longer exists");
    else if (QString detail; const std::optional<QJsonObject> config = DestinationSecrets::unseal(
                                 destination->config, m_vault, &problem, &detail)) {
        destination->config = *config;
        problem = DestinationConfig::whyInvalid(*destination);
    } else {
        qCWarning(lcExport) << "secrets of destination" << destination->name
                            << "do not open:" << detail;
    }
    if (!problem.isEmpty()) {
        DeliveryRepository(*m_db).markFailed(delivery.id, 0, problem, {});
        publish(delivery.id);
        return;
    }
    DeliveryJob *job =
        DeliveryJob::create(*m_db, m_network, {delivery, *destination, *context}, this);
    m_jobs.insert(delivery.id, job);
    connect(job, &DeliveryJob::finished, this,
            [this, job](const DeliveryResult &result) { jobFinished(job, result); });
    job->start();
}

void Exporter::jobFinished(DeliveryJob *job, const DeliveryResult &result) {
    const Delivery delivery = job->input().delivery;
    m_jobs.remove(delivery.id);
    job->deleteLater();
    try {
        DeliveryStore store(*m_db);
        // Another process took the delivery over after our lease lapsed:
        // its outcome counts, not ours.
        if (!store.holdsLease(delivery.id, m_leaseOwner))
            return;
        if (result.ok) {
            DeliveryRepository(*m_db).markDelivered(delivery.id);
            store.updateWatermark(delivery.destinationId);
        } else {
            DeliveryRepository(*m_db).markFailed(delivery.id, result.httpStatus, result.error,
                                                 nextAttemptAfter(delivery.attempts));
        }
        publish(delivery.id);
    } catch (const StoreError &error) {
        qCWarning(lcExport) << "cannot record delivery" << delivery.id << error.message();
    }
    QTimer::singleShot(0, this, &Exporter::tick);
}

void Exporter::renewLeases() {
    const QHash<qint64, DeliveryJob *> jobs = m_jobs;
    for (auto it = jobs.cbegin(); it != jobs.cend(); ++it) {
        bool held = false;
        try {
            held = DeliveryStore(*m_db).renewLease(it.key(), m_leaseOwner, m_leaseSeconds);
        } catch (const StoreError &error) {
            qCWarning(lcExport) << "cannot renew lease of delivery" << it.key() << error.message();
            continue;
        }
        if (!held) {
            it.value()->abort();
            m_jobs.remove(it.key());
            it.value()->deleteLater();
        }
    }
}

void Exporter::publish(qint64 deliveryId) {
    if (const std::optional<Delivery> delivery = DeliveryRepository(*m_db).get(deliveryId))
        emit deliveryChanged(*delivery);
}

QDateTime Exporter::nextAttemptAfter(int attempts) const {
    if (attempts < 1 || attempts > m_backoff.size())
        return {};
    return QDateTime::currentDateTimeUtc().addSecs(m_backoff.at(attempts - 1));
}

} // namespace medpull
