// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ratelimiter.h"

#include <cmath>

namespace medpull {

RateLimiter::RateLimiter(int maxConcurrent, double requestsPerSecond, QObject *parent)
    : QObject(parent) {
    m_clock.start();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RateLimiter::dispatch);
    setLimits(maxConcurrent, requestsPerSecond);
}

void RateLimiter::setLimits(int maxConcurrent, double requestsPerSecond) {
    m_maxConcurrent = qMax(1, maxConcurrent);
    m_requestsPerSecond = qMax(0.0, requestsPerSecond);
    m_tokens = 1;
    m_lastRefillNs = m_clock.nsecsElapsed();
    dispatch();
}

quint64 RateLimiter::acquire(QObject *context, std::function<void()> start) {
    const quint64 ticket = m_nextTicket++;
    m_waiting.push_back(Waiter{ticket, context, std::move(start)});
    dispatch();
    return ticket;
}

bool RateLimiter::cancel(quint64 ticket) {
    for (auto it = m_waiting.begin(); it != m_waiting.end(); ++it) {
        if (it->ticket == ticket) {
            m_waiting.erase(it);
            return true;
        }
    }
    return false;
}

void RateLimiter::release() {
    Q_ASSERT(m_inFlight > 0);
    m_inFlight = qMax(0, m_inFlight - 1);
    dispatch();
}

void RateLimiter::refill() {
    if (m_requestsPerSecond <= 0)
        return;
    const qint64 now = m_clock.nsecsElapsed();
    m_tokens = qMin(1.0, m_tokens + double(now - m_lastRefillNs) * m_requestsPerSecond / 1e9);
    m_lastRefillNs = now;
}

void RateLimiter::dispatch() {
    // start() may call acquire() or release() again; the outer loop picks up
    // whatever they changed.
    if (m_dispatching)
        return;
    m_dispatching = true;
    while (!m_waiting.empty() && m_inFlight < m_maxConcurrent) {
        refill();
        if (m_requestsPerSecond > 0 && m_tokens < 1) {
            const double waitSeconds = (1 - m_tokens) / m_requestsPerSecond;
            if (!m_timer.isActive())
                m_timer.start(qMax(1, int(std::ceil(waitSeconds * 1000))));
            break;
        }
        Waiter waiter = std::move(m_waiting.front());
        m_waiting.pop_front();
        if (!waiter.context)
            continue;
        if (m_requestsPerSecond > 0)
            m_tokens -= 1;
        ++m_inFlight;
        m_peakInFlight = qMax(m_peakInFlight, m_inFlight);
        waiter.start();
    }
    m_dispatching = false;
}

} // namespace medpull
