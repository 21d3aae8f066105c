// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The dashboard against the real engine and the sandbox portals, as
// `medpull --demo` runs them: the GUI thread never stalls over 50 ms while a
// 50-patient demo pulls, the demo story shows up in words, and Pull now and
// Retry produce pulls the views then show.
#include "accountmodel.h"
#include "dashboardcontroller.h"
#include "demoseeder.h"
#include "mainwindow.h"
#include "patientlistmodel.h"
#include "patientpage.h"
#include "pullhistorymodel.h"
#include "querymodel.h"
#include "sandboxhost.h"
#include "stallwatchdog.h"
#include "tableview.h"
#include "testsupport.h"

#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace medpull;
using namespace medpull::test;

namespace {

void screenshot(QWidget *widget, const QString &name) {
    QTest::qWait(30);
    const QString path = outputDir() + QStringLiteral("/") + name + QStringLiteral(".png");
    QVERIFY(widget->grab().save(path));
    qInfo("screenshot: %s", qPrintable(path));
}

int rowsWithStatus(const PatientListModel *model, RecordStatus status) {
    int count = 0;
    for (int row = 0; row < model->rowCount(); ++row)
        count +=
            model->index(row, 0).data(PatientListModel::RecordStatusRole).toInt() == int(status);
    return count;
}

} // namespace

class TestDemo : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void demoPullNeverStallsTheGuiThread();
    void pullNowAndRetryShowInTheViews();
    void cleanupTestCase();

private:
    std::unique_ptr<SandboxHost> m_sandbox;
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<DashboardController> m_controller;
    StallWatchdog m_watchdog;
};

void TestDemo::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("medpull-tests"));
    QSettings().clear();
    SandboxOptions options;
    options.patients = 50;
    options.resourcesPerPatient = 30;
    options.flakyRandom = false;
    m_sandbox = std::make_unique<SandboxHost>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));

    m_window = std::make_unique<MainWindow>();
    m_window->setUrlOpener([](const QUrl &) { return true; });
    m_window->resize(1400, 860);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    EngineOptions engine;
    engine.keyFileOnly = true;
    engine.pollIntervalMs = 200;
    m_controller = std::make_unique<DashboardController>(m_window.get(), engine);
    m_controller->setRememberDatabase(false);
    QSignalSpy opened(m_controller.get(), &DashboardController::opened);
    m_controller->open(m_dir.filePath(QStringLiteral("demo.sqlite")));
    QVERIFY(opened.wait(20000));
    QVERIFY(opened.first().first().toBool());
}

void TestDemo::demoPullNeverStallsTheGuiThread() {
    m_watchdog.start();
    DemoSeeder seeder(m_controller->engine(), {m_sandbox->info().adminUrl, 50, true});
    QSignalSpy finished(&seeder, &DemoSeeder::finished);
    QString lastStep;
    connect(&seeder, &DemoSeeder::progress, this, [&lastStep](const QString &m) { lastStep = m; });
    seeder.start();
    QVERIFY2(finished.wait(60000),
             qPrintable(QStringLiteral("the demo seeder did not finish; last step: ") + lastStep));
    QVERIFY2(finished.first().at(1).toString().isEmpty(),
             qPrintable(finished.first().at(1).toString()));
    QVERIFY(finished.first().first().toInt() >= 50);

    // Pulls run until the engine is idle; the list follows.
    Engine *engine = m_controller->engine();
    QTRY_VERIFY_WITH_TIMEOUT(engine->status().isIdle() &&
                                 rowsWithStatus(m_window->patientModel(), RecordStatus::Syncing) ==
                                     0,
                             180000);
    QTest::qWait(500);
    screenshot(m_window.get(), QStringLiteral("demo-list"));
    qInfo("demo: %d patients, longest GUI stall %lld ms, %d stalls over 50 ms",
          m_window->patientModel()->rowCount(), static_cast<long long>(m_watchdog.longestStallMs()),
          m_watchdog.stallCount());
    QCOMPARE(m_window->patientModel()->rowCount(), 50);
    QVERIFY(rowsWithStatus(m_window->patientModel(), RecordStatus::UpToDate) > 0);
    QVERIFY(rowsWithStatus(m_window->patientModel(), RecordStatus::Attention) > 0);
    QCOMPARE(m_watchdog.stallCount(), 0);
}

void TestDemo::pullNowAndRetryShowInTheViews() {
    // The refresh_failed account says what to do next.
    const PatientListModel *patients = m_window->patientModel();
    qint64 attention = 0;
    qint64 partial = 0;
    qint64 upToDate = 0;
    for (int row = 0; row < patients->rowCount(); ++row) {
        const QModelIndex index = patients->index(row, 0);
        const auto status = RecordStatus(index.data(PatientListModel::RecordStatusRole).toInt());
        const qint64 id = index.data(PatientListModel::PatientIdRole).toLongLong();
        if (status == RecordStatus::Attention && !attention)
            attention = id;
        if (status == RecordStatus::Partial && !partial)
            partial = id;
        if (status == RecordStatus::UpToDate && !upToDate)
            upToDate = id;
    }
    PatientPage *page = m_window->patientPage();
    QSignalSpy shown(page, &PatientPage::detailShown);
    QVERIFY(m_window->selectPatient(attention));
    QVERIFY(shown.wait());
    page->tabs()->setCurrentIndex(PatientPage::AccountsTab);
    QTRY_VERIFY(
        page->failureLabel()->text().contains(QStringLiteral("Ask the patient to reconnect.")));
    screenshot(m_window.get(), QStringLiteral("demo-refresh-failed"));

    // Pull now on an up-to-date patient: a manual pull appears and settles.
    shown.clear();
    QVERIFY(m_window->selectPatient(upToDate));
    QVERIFY(shown.wait());
    page->tabs()->setCurrentIndex(PatientPage::PullsTab);
    QTRY_VERIFY(page->pullModel()->rowCount() > 0);
    const int before = int(page->pullModel()->totalCount());
    QVERIFY(page->pullNowButton()->isEnabled());
    QSignalSpy queued(m_controller->engine(), &Engine::pullQueued);
    QSignalSpy failed(m_controller->engine(), &Engine::commandFailed);
    QTest::mouseClick(page->pullNowButton(), Qt::LeftButton);
    QTRY_VERIFY2_WITH_TIMEOUT(!queued.isEmpty() || !failed.isEmpty(),
                              "the engine did not answer Pull now", 20000);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(1).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(page->pullModel()->totalCount() > before, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(
        page->pullModel()->index(0, PullHistoryModel::Status).data().toString(),
        QStringLiteral("Succeeded"), 60000);
    QCOMPARE(page->pullModel()->index(0, PullHistoryModel::Trigger).data().toString().left(6),
             QStringLiteral("Manual"));
    screenshot(m_window.get(), QStringLiteral("demo-pull-now"));

    // Retry the failed queries of a partial pull: a retry pull appears.
    if (partial == 0)
        QSKIP("the demo story left no partial pull");
    shown.clear();
    QVERIFY(m_window->selectPatient(partial));
    QVERIFY(shown.wait());
    QTRY_VERIFY(page->pullModel()->rowCount() > 0);
    int partialRow = -1;
    for (int row = 0; row < page->pullModel()->rowCount(); ++row) {
        if (page->pullModel()->index(row, 0).data(PullHistoryModel::PullStatusRole).toInt() ==
            int(PullStatus::Partial))
            partialRow = row;
    }
    QVERIFY(partialRow >= 0);
    page->pullView()->setCurrentIndex(page->pullModel()->index(partialRow, 0));
    QTRY_VERIFY(page->retryQueriesButton()->isEnabled());
    screenshot(m_window.get(), QStringLiteral("demo-partial"));
    const qint64 total = page->pullModel()->totalCount();
    QTest::mouseClick(page->retryQueriesButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(page->pullModel()->totalCount() > total, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(
        isSettled(PullStatus(
            page->pullModel()->index(0, 0).data(PullHistoryModel::PullStatusRole).toInt())),
        60000);
    QCOMPARE(page->pullModel()->index(0, PullHistoryModel::Trigger).data().toString().left(5),
             QStringLiteral("Retry"));
    screenshot(m_window.get(), QStringLiteral("demo-retried"));
}

void TestDemo::cleanupTestCase() {
    m_controller.reset();
    m_window.reset();
    m_sandbox.reset();
}

QTEST_MAIN(TestDemo)
#include "tst_demo.moc"
