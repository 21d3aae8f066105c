// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "leasepoller.h"

namespace medpull {

LeasePoller::LeasePoller(QObject *parent)
    : QObject(parent) {
    m_pollTimer.setParent(this);
    m_leaseTimer.setParent(this);
    connect(&m_pollTimer, &QTimer::timeout, this, &LeasePoller::poll);
    connect(&m_leaseTimer, &QTimer::timeout, this, &LeasePoller::renewLeases);
}

void LeasePoller::start(int pollIntervalMs, int leaseSeconds) {
    if (isActive())
        return;
    m_pollTimer.start(pollIntervalMs);
    m_leaseTimer.start(qMax(1000, leaseSeconds * 1000 / 3));
    QTimer::singleShot(0, this, &LeasePoller::poll);
}

void LeasePoller::stop() {
    m_pollTimer.stop();
    m_leaseTimer.stop();
}

} // namespace medpull
