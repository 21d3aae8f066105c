// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "enums.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <optional>

namespace medpull {

// Counts of what a query or a pull stored.
struct ResourceCounts {
    qint64 created = 0;
    qint64 updated = 0;
    qint64 unchanged = 0;

    ResourceCounts &operator+=(const ResourceCounts &other) {
        created += other.created;
        updated += other.updated;
        unchanged += other.unchanged;
        return *this;
    }
    qint64 total() const { return created + updated + unchanged; }
    friend bool operator==(const ResourceCounts &, const ResourceCounts &) = default;
};

// One retrieval run for one connection.
struct Pull {
    qint64 id = 0;
    qint64 connectionId = 0;
    PullTrigger trigger = PullTrigger::Manual;
    PullStatus status = PullStatus::Queued;
    bool full = true;
    QDateTime since; // _lastUpdated lower bound of an incremental pull
    QDateTime queuedAt;
    QDateTime startedAt;
    QDateTime finishedAt;
    std::optional<FailureKind> failureKind;
    QString error;
    ResourceCounts counts;
    qint64 pages = 0;
    qint64 errorCount = 0;
    QString leaseOwner;
    QDateTime leaseExpiresAt;
    qint64 retryOf = 0; // the pull whose failed queries this one retries
};

// One query of a pull: a search for one resource type, or a reference fetch.
struct PullQuery {
    using Kind = QueryKind;

    qint64 id = 0;
    qint64 pullId = 0;
    QString resourceType;
    Kind kind = Kind::Search;
    QString url;     // the first request
    QString nextUrl; // page checkpoint: the next link still to fetch
    QueryStatus status = QueryStatus::Pending;
    int depth = 0; // reference-following depth
    qint64 pages = 0;
    ResourceCounts counts;
    int attempts = 0;
    QDateTime nextAttemptAt;
    int httpStatus = 0;
    QString error;
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::Pull)
Q_DECLARE_METATYPE(medpull::PullQuery)
