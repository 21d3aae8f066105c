// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The poll and lease clock the exporter and the event dispatcher share.

#include "leasepoller.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace medpull;

class TestLeasePoller : public QObject {
    Q_OBJECT

private slots:
    void pollsEveryInterval() {
        LeasePoller poller;
        QSignalSpy polls(&poller, &LeasePoller::poll);
        poller.start(50, 60);
        QVERIFY(poller.isActive());
        QTRY_VERIFY(polls.size() >= 3);
    }

    // The first poll comes at once, and a second start() adds none.
    void startsOnce() {
        LeasePoller poller;
        QSignalSpy polls(&poller, &LeasePoller::poll);
        poller.start(60000, 60);
        poller.start(60000, 60);
        QVERIFY(polls.wait());
        QTest::qWait(50);
        QCOMPARE(polls.size(), 1);
    }

    void renewsEveryThirdOfALeaseButNotFasterThanASecond() {
        LeasePoller poller;
        QSignalSpy renewals(&poller, &LeasePoller::renewLeases);
        QElapsedTimer clock;
        clock.start();
        poller.start(60000, 1);
        QVERIFY(renewals.wait(3000));
        QVERIFY2(clock.elapsed() >= 900, qPrintable(QString::number(clock.elapsed())));
    }

    void stopStopsBoth() {
        LeasePoller poller;
        QSignalSpy polls(&poller, &LeasePoller::poll);
        QSignalSpy renewals(&poller, &LeasePoller::renewLeases);
        poller.start(50, 1);
        QVERIFY(polls.wait());
        poller.stop();
        QVERIFY(!poller.isActive());
        const qsizetype polled = polls.size();
        const qsizetype renewed = renewals.size();
        QTest::qWait(1200);
        QCOMPARE(polls.size(), polled);
        QCOMPARE(renewals.size(), renewed);
    }
};

QTEST_GUILESS_MAIN(TestLeasePoller)
#include "tst_leasepoller.moc"
