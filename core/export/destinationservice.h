// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "deliverystore.h"
#include "exportdestination.h"

#include <QList>
#include <QObject>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace medpull {

class Database;
class TokenVault;

// The dashboard's access to destinations and deliveries: lives on a worker
// thread (every slot runs there, with that thread's database connection) and
// answers with value types through signals, so the GUI thread never touches
// the database or the network. Destinations it hands out carry no secret
// values (DestinationSecrets::withoutSecrets); an edit that leaves a secret
// empty keeps the stored one, and secrets are sealed before they are saved.
class DestinationService : public QObject {
    Q_OBJECT

public:
    explicit DestinationService(std::shared_ptr<const Database> database,
                                QObject *parent = nullptr);

public slots:
    void refresh();
    void loadDeliveries(qint64 destinationId, int limit, int offset);
    void testDestination(int requestId, const medpull::ExportDestination &destination);
    // Runs the connection test and saves (adds when the id is 0) only when it
    // passes; tested() reports the test either way, saved() the stored one.
    void saveDestination(int requestId, const medpull::ExportDestination &destination);
    void setEnabled(qint64 destinationId, bool enabled);
    // For a dashboard without an engine: the exporter of whichever process
    // runs one picks the delivery up at its next poll.
    void retryDelivery(qint64 deliveryId);
    void retryAllFailed(qint64 destinationId);

signals:
    void destinationsLoaded(const QList<medpull::DestinationSummary> &destinations);
    void deliveriesLoaded(qint64 destinationId, int offset, const QList<medpull::DeliveryRow> &rows,
                          bool hasMore);
    void tested(int requestId, bool ok, const QString &message);
    void saved(int requestId, const medpull::ExportDestination &destination);
    void commandFailed(const QString &error);

private:
    // The destination as it will work: an edit's unrepeated secrets taken
    // from the stored row. Calls `done` once the token vault (opened on first
    // need) has answered, with the destination or a one-line error.
    void complete(const ExportDestination &destination,
                  std::function<void(const ExportDestination &, const QString &)> done);
    void withVault(std::function<void()> work);
    void runTest(const ExportDestination &destination,
                 std::function<void(bool, const QString &)> done);
    void store(int requestId, ExportDestination destination);

    std::shared_ptr<const Database> m_db;
    QNetworkAccessManager *m_network = nullptr;
    TokenVault *m_vault = nullptr;
    bool m_vaultAnswered = false;
    QList<std::function<void()>> m_waitingForVault;
};

} // namespace medpull
