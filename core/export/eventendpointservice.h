// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "event.h"

#include <QList>
#include <QObject>

#include <functional>
#include <memory>

namespace medpull {

class Database;
class TokenVault;

// The dashboard's access to event endpoints and their delivery logs: lives
// on a worker thread (every slot runs there, with that thread's database
// connection) and answers with value types through signals. Endpoints it
// hands out carry no secret; saving seals a new secret with the token vault,
// and an edit without one keeps the stored secret. The engine's dispatcher
// (in whichever process runs one) picks changes up at its next poll.
class EventEndpointService : public QObject {
    Q_OBJECT

public:
    explicit EventEndpointService(std::shared_ptr<const Database> database,
                                  QObject *parent = nullptr);

public slots:
    void refresh();
    void loadLog(qint64 endpointId, int limit);
    // Adds (id 0) or updates an endpoint; `secret` empty keeps the stored one.
    void save(int requestId, const medpull::EventEndpoint &endpoint, const QString &secret);
    void setEnabled(qint64 endpointId, bool enabled);
    void remove(qint64 endpointId);
    void redeliver(qint64 endpointId, qint64 eventId);

signals:
    void endpointsLoaded(const QList<medpull::EventEndpoint> &endpoints);
    void logLoaded(qint64 endpointId, const QList<medpull::EventDelivery> &deliveries);
    void saved(int requestId, const medpull::EventEndpoint &endpoint);
    void commandFailed(int requestId, const QString &error);

private:
    void withVault(std::function<void()> work);
    template <typename Work> void command(int requestId, Work &&work);

    std::shared_ptr<const Database> m_db;
    TokenVault *m_vault = nullptr;
    bool m_vaultAnswered = false;
    QList<std::function<void()>> m_waitingForVault;
};

} // namespace medpull
