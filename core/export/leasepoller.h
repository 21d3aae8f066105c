// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QObject>
#include <QTimer>

namespace medpull {

// The clock of a worker that claims due work under leases in the database:
// poll() at every poll interval, the first at once, and renewLeases() every
// third of a lease (at least every second), so a lease is renewed twice
// before it could lapse. Give it the worker as parent, so that
// moveToThread() takes its timers along.
class LeasePoller : public QObject {
    Q_OBJECT

public:
    explicit LeasePoller(QObject *parent = nullptr);

    // Does nothing while it runs.
    void start(int pollIntervalMs, int leaseSeconds);
    void stop();
    bool isActive() const { return m_pollTimer.isActive(); }

signals:
    void poll();
    void renewLeases();

private:
    QTimer m_pollTimer;
    QTimer m_leaseTimer;
};

} // namespace medpull
