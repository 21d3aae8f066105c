// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QDateTime>

namespace medpull {

// Exponential backoff with full jitter for retries across pulls: attempt 1
// waits about `base`, each further attempt doubles it up to `cap`.
struct Backoff {
    int baseSeconds = 60;
    int capSeconds = 6 * 60 * 60;
    int maxAttempts = 5;

    // When attempt number `attempts` (1-based, just failed) should be
    // retried; invalid when no retry is left.
    QDateTime nextAttempt(int attempts, const QDateTime &now) const;
};

} // namespace medpull
