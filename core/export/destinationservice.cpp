// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "destinationservice.h"

#include "database.h"
#include "deliveryrepository.h"
#include "destinationrepository.h"
#include "destinationsecrets.h"
#include "destinationtester.h"
#include "storeerror.h"
#include "tokenvault.h"

#include <QNetworkAccessManager>

namespace medpull {

DestinationService::DestinationService(std::shared_ptr<const Database> database, QObject *parent)
    : QObject(parent)
    , m_db(std::move(database)) {
    qRegisterMetaType<medpull::ExportDestination>();
    qRegisterMetaType<QList<medpull::DestinationSummary>>();
    qRegisterMetaType<QList<medpull::DeliveryRow>>();
}

void DestinationService::refresh() {
    try {
        QList<DestinationSummary> summaries = DeliveryStore(*m_db).summaries();
        for (DestinationSummary &summary : summaries)
            summary.destination.config =
                DestinationSecrets::withoutSecrets(summary.destination.config);
        emit destinationsLoaded(summaries);
    } catch (const StoreError &error) {
        emit commandFailed(error.message());
    }
}

void DestinationService::loadDeliveries(qint64 destinationId, int limit, int offset) {
    try {
        // One row more than asked tells whether another page exists.
        QList<DeliveryRow> rows = DeliveryStore(*m_db).rows(destinationId, limit + 1, offset);
        const bool hasMore = rows.size() > limit;
        if (hasMore)
            rows.removeLast();
        emit deliveriesLoaded(destinationId, offset, rows, hasMore);
    } catch (const StoreError &error) {
        emit commandFailed(error.message());
    }
}

void DestinationService::runTest(const ExportDestination &destination,
                                 std::function<void(bool, const QString &)> done) {
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    auto *tester = new DestinationTester(m_network, this);
    connect(tester, &DestinationTester::finished, this,
            [tester, done = std::move(done)](bool ok, const QString &message) {
                tester->deleteLater();
                done(ok, message);
            });
    tester->test(destination);
}

void DestinationService::withVault(std::function<void()> work) {
    if (m_vaultAnswered) {
        work();
        return;
    }
    m_waitingForVault.append(std::move(work));
    if (m_vault)
        return;
    m_vault = new TokenVault(DestinationSecrets::vaultOptions(*m_db), this);
    connect(m_vault, &TokenVault::ready, this, [this](bool ok, const QString &error) {
        QString problem = error;
        if (ok) {
            try {
                problem = DestinationSecrets::recordKey(*m_db, *m_vault);
            } catch (const StoreError &storeError) {
                problem = storeError.message();
            }
        }
        if (!problem.isEmpty())
            emit commandFailed(tr("destination secrets cannot be protected: %1").arg(problem));
        m_vaultAnswered = true;
        for (const auto &waiting : std::exchange(m_waitingForVault, {}))
            waiting();
    });
    m_vault->open();
}

void DestinationService::complete(
    const ExportDestination &destination,
    std::function<void(const ExportDestination &, const QString &)> done) {
    std::optional<ExportDestination> stored;
    try {
        if (destination.id != 0)
            stored = DestinationRepository(*m_db).get(destination.id);
    } catch (const StoreError &error) {
        done(destination, error.message());
        return;
    }
    const bool storedSecrets = stored && (DestinationSecrets::hasSealed(stored->config) ||
                                          DestinationSecrets::hasPlain(stored->config));
    if (!storedSecrets && !DestinationSecrets::hasPlain(destination.config)) {
        done(destination, {});
        return;
    }
    withVault([this, destination, stored, done = std::move(done)] {
        if (!stored) {
            done(destination, {});
            return;
        }
        ExportDestination completed = destination;
        QString error;
        if (const std::optional<QJsonObject> plain =
                DestinationSecrets::unseal(stored->config, m_vault, &error)) {
            completed.config = DestinationSecrets::keepStored(destination, *plain);
        } else {
            // Secrets entered anew replace what no longer opens.
            for (const QString &key :
                 DestinationSecrets::usedKeys(destination.kind, destination.config)) {
                if (destination.config.value(key).toString().isEmpty()) {
                    done(destination, error);
                    return;
                }
            }
        }
        done(completed, {});
    });
}

void DestinationService::testDestination(int requestId, const ExportDestination &destination) {
    complete(destination,
             [this, requestId](const ExportDestination &completed, const QString &error) {
                 if (!error.isEmpty()) {
                     emit tested(requestId, false, error);
                     return;
                 }
                 runTest(completed, [this, requestId](bool ok, const QString &message) {
                     emit tested(requestId, ok, message);
                 });
             });
}

void DestinationService::saveDestination(int requestId, const ExportDestination &destination) {
    complete(destination,
             [this, requestId](const ExportDestination &completed, const QString &error) {
                 if (!error.isEmpty()) {
                     emit tested(requestId, false, error);
                     return;
                 }
                 runTest(completed, [this, requestId, completed](bool ok, const QString &message) {
                     emit tested(requestId, ok, message);
                     if (ok)
                         store(requestId, completed);
                 });
             });
}

void DestinationService::store(int requestId, ExportDestination destination) {
    try {
        DestinationRepository destinations(*m_db);
        destination = DestinationSecrets::sealed(destination, m_vault);
        if (destination.id == 0) {
            destination = destinations.add(destination);
        } else {
            destinations.update(destination);
            destination = destinations.get(destination.id).value_or(destination);
        }
        destination.config = DestinationSecrets::withoutSecrets(destination.config);
        emit saved(requestId, destination);
        refresh();
    } catch (const StoreError &error) {
        emit commandFailed(error.message());
    }
}

void DestinationService::setEnabled(qint64 destinationId, bool enabled) {
    try {
        DestinationRepository(*m_db).setEnabled(destinationId, enabled);
        refresh();
    } catch (const StoreError &error) {
        emit commandFailed(error.message());
    }
}

void DestinationService::retryDelivery(qint64 deliveryId) {
    try {
        DeliveryRepository(*m_db).retryNow(deliveryId);
        refresh();
    } catch (const StoreError &error) {
        emit commandFailed(error.message());
    }
}

void DestinationService::retryAllFailed(qint64 destinationId) {
    try {
        DeliveryRepository(*m_db).retryAllFailed(destinationId);
        refresh();
    } catch (const StoreError &error) {
        emit commandFailed(error.message());
    }
}

} // namespace medpull
