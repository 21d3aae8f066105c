// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace medpull {

// Notices when the event loop of the thread it lives in stalls: a timer
// ticks every few milliseconds, and a tick that arrives much later than due
// means something blocked the loop. Each stall over the threshold is
// reported with qWarning and stalled(). Debug builds and tests run one on
// the GUI thread.
class StallWatchdog : public QObject {
    Q_OBJECT

public:
    explicit StallWatchdog(int thresholdMs = 50, QObject *parent = nullptr);

    void start();
    void stop();
    qint64 longestStallMs() const { return m_longest; }
    int stallCount() const { return m_count; }
    void resetStatistics();

signals:
    void stalled(qint64 milliseconds);

private:
    void tick();

    static constexpr int intervalMs = 5;
    int m_threshold;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastTick = 0;
    qint64 m_longest = 0;
    int m_count = 0;
};

} // namespace medpull
