// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "enums.h"

#include <QByteArray>
#include <QDateTime>
#include <QMap>
#include <QMutex>

#include <utility>

class QNetworkAccessManager;

namespace medpull {

class Database;
class Engine;

// What a running engine counts for monitoring, and the Prometheus text
// exposition of it together with the state the database holds (pulls by
// status, resources by type, deliveries, scheduled retries). The counters
// are thread-safe: pull threads count requests as their replies finish, the
// facade's thread counts what the engine's signals report.
class EngineMetrics {
public:
    // Counts every reply of `network`, which carries one source's FHIR
    // requests. Call on the network's thread.
    void watch(QNetworkAccessManager *network, qint64 sourceId);
    // Counts what `engine` reports: settled pulls, token refresh failures.
    // The metrics outlive the engine.
    void follow(Engine *engine);

    // `httpStatus` 0: no HTTP answer (network error, timeout, cancelled).
    void countRequest(qint64 sourceId, int httpStatus);
    void countSettledPull(PullStatus status);
    void countTokenRefreshFailure();
    void countDatabaseReconnect();

    // The counters and the database's state in Prometheus text format 0.0.4,
    // read on the calling thread's connection of `database`.
    QByteArray exposition(const Database &database,
                          const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

    static QByteArray contentType() { return "text/plain; version=0.0.4; charset=utf-8"; }

private:
    mutable QMutex m_mutex;
    QMap<std::pair<qint64, int>, qint64> m_requests; // (source, HTTP status)
    QMap<PullStatus, qint64> m_settled;
    qint64 m_refreshFailures = 0;
    qint64 m_databaseReconnects = 0;
};

} // namespace medpull
