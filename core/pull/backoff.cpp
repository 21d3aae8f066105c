// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "backoff.h"

#include <QRandomGenerator>

namespace medpull {

QList<int> Backoff::defaultWaitSeconds() {
    return {60, 5 * 60, 30 * 60, 2 * 60 * 60, 24 * 60 * 60, 24 * 60 * 60};
}

QDateTime Backoff::nextAttempt(int attempt, const QDateTime &now) const {
    if (attempt < 1 || attempt > maxAttempts())
        return {};
    const double wait = waitSeconds.at(attempt - 1) * 1000.0;
    const double spread =
        wait * jitter * (2.0 * QRandomGenerator::global()->generateDouble() - 1.0);
    return now.addMSecs(qint64(wait + spread));
}

} // namespace medpull
