// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <functional>

namespace medpull {

// Per-source limits shared by all requests of one source inside one worker:
// at most `maxConcurrent` in flight (a semaphore) and at most
// `requestsPerSecond` started per second (a token bucket holding one token, so
// starts are evenly spaced). Lives in, and is used from, one thread.
class RateLimiter : public QObject {
    Q_OBJECT

public:
    // requestsPerSecond <= 0 means no rate limit; maxConcurrent < 1 means 1.
    explicit RateLimiter(int maxConcurrent, double requestsPerSecond = 0,
                         QObject *parent = nullptr);

    void setLimits(int maxConcurrent, double requestsPerSecond);
    int maxConcurrent() const { return m_maxConcurrent; }
    double requestsPerSecond() const { return m_requestsPerSecond; }

    // Runs `start` once a slot is free and the rate allows, in order of
    // arrival; possibly before acquire() returns. Whoever got the slot must
    // call release() exactly once. Returns a ticket for cancel(); a waiter
    // whose `context` is destroyed is dropped.
    quint64 acquire(QObject *context, std::function<void()> start);
    // Drops a waiting acquisition; false when it already started (or never
    // existed), in which case the slot is the caller's to release.
    bool cancel(quint64 ticket);
    void release();

    int inFlight() const { return m_inFlight; }
    int waiting() const { return int(m_waiting.size()); }
    // The most requests that were ever in flight at once, for tests and
    // benchmarks that check the limit holds.
    int peakInFlight() const { return m_peakInFlight; }

private:
    struct Waiter {
        quint64 ticket;
        QPointer<QObject> context;
        std::function<void()> start;
    };

    void dispatch();
    void refill();

    std::deque<Waiter> m_waiting;
    int m_maxConcurrent = 1;
    double m_requestsPerSecond = 0;
    double m_tokens = 1;
    qint64 m_lastRefillNs = 0;
    QElapsedTimer m_clock;
    QTimer m_timer;
    int m_inFlight = 0;
    int m_peakInFlight = 0;
    quint64 m_nextTicket = 1;
    bool m_dispatching = false;
};

} // namespace medpull
