// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "stallwatchdog.h"

#include <QDebug>

namespace medpull {

StallWatchdog::StallWatchdog(int thresholdMs, QObject *parent)
    : QObject(parent)
    , m_threshold(thresholdMs) {
    m_timer.setInterval(intervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &StallWatchdog::tick);
}

void StallWatchdog::start() {
    m_clock.start();
    m_lastTick = 0;
    m_timer.start();
}

void StallWatchdog::stop() {
    m_timer.stop();
}

void StallWatchdog::resetStatistics() {
    m_longest = 0;
    m_count = 0;
    m_lastTick = m_clock.isValid() ? m_clock.elapsed() : 0;
}

void StallWatchdog::tick() {
    const qint64 now = m_clock.elapsed();
    // The time the loop could not run: the gap minus the interval it was
    // meant to wait anyway.
    const qint64 stall = now - m_lastTick - intervalMs;
    m_lastTick = now;
    if (stall <= m_threshold)
        return;
    ++m_count;
    m_longest = qMax(m_longest, stall);
    qWarning("medpull: the event loop stalled for %lld ms", static_cast<long long>(stall));
    emit stalled(stall);
}

} // namespace medpull
