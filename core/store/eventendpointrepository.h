// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "event.h"

#include <QList>

#include <optional>

namespace medpull {

class Database;

// Event endpoints. A new endpoint receives the events recorded after it was
// added; disabling one keeps planning its deliveries, so re-enabling it sends
// what happened meanwhile.
class EventEndpointRepository {
public:
    explicit EventEndpointRepository(const Database &database)
        : m_db(database) {}

    EventEndpoint add(EventEndpoint endpoint);
    // Name, URL, event types and config.
    void update(const EventEndpoint &endpoint);
    void remove(qint64 id);
    // Enabling clears the reason and puts the endpoint's failed deliveries
    // back in line with their attempts counted afresh.
    void setEnabled(qint64 id, bool enabled);
    // The last attempt failed: the endpoint stops until an admin enables it.
    void disable(qint64 id, const QString &reason);
    std::optional<EventEndpoint> get(qint64 id) const;
    std::optional<EventEndpoint> findByName(const QString &name) const;
    QList<EventEndpoint> list() const;

private:
    QList<EventEndpoint> select(const QString &where, const QVariantList &values) const;

    const Database &m_db;
};

} // namespace medpull
