// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>

namespace medpull {

// How one engine thread waits out a database it cannot use for now (the
// connection was lost, the disk is full, the file is read-only): the first
// failure starts an outage, reported once; attempts follow with a growing
// delay (1 s doubling up to 30 s); the first success ends it and counts as a
// reconnect. A decision class: no timers, no threads.
class DatabaseOutage {
public:
    static constexpr int firstDelayMs = 1000;
    static constexpr int maxDelayMs = 30000;

    // An operation failed because of the database. True when this starts an
    // outage (report it); a failure during one doubles the next delay.
    bool failed(const QString &reason, qint64 nowMs);
    // Another part of the thread saw the same outage (no new attempt was
    // made): starts one if none is running, without growing the delay.
    bool noticed(const QString &reason, qint64 nowMs);
    // An operation succeeded. True when this ends an outage.
    bool succeeded();

    bool isActive() const { return m_active; }
    QString reason() const { return m_reason; }
    // Whether to try the database now.
    bool due(qint64 nowMs) const { return !m_active || nowMs >= m_nextAttemptMs; }
    qint64 nextAttemptMs() const { return m_nextAttemptMs; }
    int delayMs() const { return m_delayMs; }

private:
    bool m_active = false;
    QString m_reason;
    int m_delayMs = 0;
    qint64 m_nextAttemptMs = 0;
};

} // namespace medpull
