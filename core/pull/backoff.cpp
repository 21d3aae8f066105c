// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "backoff.h"

#include <QRandomGenerator>

#include <algorithm>

namespace medpull {

QDateTime Backoff::nextAttempt(int attempts, const QDateTime &now) const {
    if (attempts >= maxAttempts)
        return {};
    const qint64 ceiling =
        std::min<qint64>(qint64(baseSeconds) << std::min(attempts - 1, 20), capSeconds);
    // Half fixed, half random: spreads retries of many connections apart
    // while still growing with each failure.
    const qint64 ms = ceiling * 500 + QRandomGenerator::global()->bounded(ceiling * 500 + 1);
    return now.addMSecs(ms);
}

} // namespace medpull
