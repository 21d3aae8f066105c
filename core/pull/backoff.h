// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QDateTime>
#include <QList>

namespace medpull {

// The automatic retry schedule after a retrieval error (timeouts, 5xx, 429,
// network errors): the waits before retry 1, 2, ... (1 min, 5 min, 30 min,
// 2 h, then daily), each spread by a random share of `jitter` either way so
// that the connections of one portal outage do not all come back at once.
struct Backoff {
    QList<int> waitSeconds = defaultWaitSeconds();
    double jitter = 0.2;

    static QList<int> defaultWaitSeconds();

    int maxAttempts() const { return int(waitSeconds.size()); }
    // When retry number `attempt` (1-based) should run after a failure at
    // `now`; invalid when the schedule has no such retry.
    QDateTime nextAttempt(int attempt, const QDateTime &now) const;
};

} // namespace medpull
