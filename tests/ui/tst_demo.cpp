// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The dashboard against the real engine and the sandbox portals, as
// `medpull --demo` runs them, with the demo's own configuration: the demo
// tells its whole story (syncing with progress, a partial pull its automatic
// retry mends, an account asking for a reconnect, a delivery that recovers on
// its own and one retried by hand) while the GUI thread never stalls over
// 50 ms, and Pull now and Retry produce pulls the views then show.
#include "accountmodel.h"
#include "connectionrepository.h"
#include "dashboardcontroller.h"
#include "dashboardwindow.h"
#include "database.h"
#include "deliveryrepository.h"
#include "democonfig.h"
#include "demoseeder.h"
#include "destinationrepository.h"
#include "destinationsmodel.h"
#include "destinationsview.h"
#include "mainwindow.h"
#include "patientlistmodel.h"
#include "patientpage.h"
#include "pullhistorymodel.h"
#include "pullrepository.h"
#include "querymodel.h"
#include "sandboxclient.h"
#include "sandboxhost.h"
#include "stallwatchdog.h"
#include "tableview.h"
#include "testsupport.h"

#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace medpull;
using namespace medpull::test;

namespace {

int rowsWithStatus(const PatientListModel *model, RecordStatus status) {
    int count = 0;
    for (int row = 0; row < model->rowCount(); ++row)
        count +=
            model->index(row, 0).data(PatientListModel::RecordStatusRole).toInt() == int(status);
    return count;
}

// A partial pull whose automatic retry (a retry pull naming it) succeeded,
// on an account that no longer has a failure; 0 while there is none.
qint64 recoveredPartialPatient(const Database &db) {
    for (const Connection &connection : ConnectionRepository(db).list()) {
        const QList<Pull> pulls = PullRepository(db).forConnection(connection.id);
        for (const Pull &retry : pulls) {
            if (retry.trigger != PullTrigger::Retry || retry.status != PullStatus::Succeeded)
                continue;
            for (const Pull &partial : pulls) {
                if (partial.id == retry.retryOf && partial.status == PullStatus::Partial &&
                    !connection.failureKind && !connection.retryAt.isValid())
                    return connection.patientId;
            }
        }
    }
    return 0;
}

std::optional<Connection> accountInState(const Database &db, ConnectionState state) {
    for (const Connection &connection : ConnectionRepository(db).list()) {
        if (connection.state == state)
            return connection;
    }
    return std::nullopt;
}

QList<Delivery> deliveriesTo(const Database &db, const QString &destinationName) {
    for (const ExportDestination &destination : DestinationRepository(db).list()) {
        if (destination.name == destinationName)
            return DeliveryRepository(db).forDestination(destination.id);
    }
    return {};
}

} // namespace

class TestDemo : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void demoTellsTheWholeStory();
    void pullNowAndRetryShowInTheViews();
    void cleanupTestCase();

private:
    QWidget *showTab(const QString &title);

    DemoConfig m_story;
    std::unique_ptr<SandboxHost> m_sandbox;
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<DashboardController> m_controller;
    StallWatchdog m_watchdog;
    qint64 m_partialPatient = 0;
};

void TestDemo::initTestCase() {
    prepareDashboardTests();
    QString error;
    m_story = DemoConfig::load(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    SandboxOptions options = m_story.sandbox;
    // The flaky portal's seeded misbehaviour would add partial pulls of its
    // own; the story's staged ones are what is checked here.
    options.flakyRandom = false;
    m_sandbox = std::make_unique<SandboxHost>(options);
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));

    m_window = std::make_unique<MainWindow>();
    m_window->setUrlOpener([](const QUrl &) { return true; });
    m_window->resize(1400, 860);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    EngineOptions engine;
    engine.keyFileOnly = true;
    engine.pollIntervalMs = 200;
    m_story.applyTo(&engine);
    m_controller = std::make_unique<DashboardController>(m_window.get(), engine);
    m_controller->setRememberDatabase(false);
    QSignalSpy opened(m_controller.get(), &DashboardController::opened);
    m_controller->open(m_dir.filePath(QStringLiteral("demo.sqlite")));
    QVERIFY(opened.wait(20000));
    QVERIFY(opened.first().first().toBool());
}

QWidget *TestDemo::showTab(const QString &title) {
    QTabWidget *views = m_window->views();
    for (int index = 0; index < views->count(); ++index) {
        if (views->tabText(index).remove(QLatin1Char('&')).startsWith(title)) {
            views->setCurrentIndex(index);
            return views->widget(index);
        }
    }
    return nullptr;
}

void TestDemo::demoTellsTheWholeStory() {
    // The GUI thread is watched while the demo seeds and syncs on its own;
    // the test's screenshots and database checks are not the dashboard's.
    m_watchdog.start();
    Engine *engine = m_controller->engine();
    const Database &db = *engine->database();
    bool sawProgress = false;
    connect(engine, &Engine::pullProgress, this, [&sawProgress](const PullProgress &progress) {
        sawProgress = sawProgress ||
                      (progress.queriesTotal > 0 && progress.queriesDone < progress.queriesTotal);
    });
    const QString exportFolder = m_dir.filePath(QStringLiteral("exports"));
    QVERIFY(QDir().mkpath(exportFolder));
    {
        DemoSeeder::Options seeding{m_sandbox->info().adminUrl, m_story.patients, true};
        seeding.exportFolder = exportFolder;
        DemoSeeder seeder(engine, seeding);
        QSignalSpy finished(&seeder, &DemoSeeder::finished);
        QString lastStep;
        connect(&seeder, &DemoSeeder::progress, this,
                [&lastStep](const QString &m) { lastStep = m; });
        seeder.start();

        // Accounts syncing, with live progress in queries.
        QTRY_VERIFY_WITH_TIMEOUT(
            sawProgress && rowsWithStatus(m_window->patientModel(), RecordStatus::Syncing) > 0,
            60000);
        m_watchdog.stop();
        QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("demo-syncing")));
        m_watchdog.start();

        QTRY_VERIFY2_WITH_TIMEOUT(
            !finished.isEmpty(),
            qPrintable(QStringLiteral("the demo seeder did not finish; last step: ") + lastStep),
            90000);
        QVERIFY2(finished.first().at(1).toString().isEmpty(),
                 qPrintable(finished.first().at(1).toString()));
        QVERIFY(finished.first().first().toInt() >= m_story.patients);
        m_watchdog.stop();
    }
    // What the story needs after seeding outlives the seeder.
    QVERIFY(QDir(exportFolder).exists());

    // A partial pull, mended by its automatic retry.
    QTRY_VERIFY_WITH_TIMEOUT((m_partialPatient = recoveredPartialPatient(db)) != 0, 60000);

    // An account whose refresh token was refused asks for a reconnect.
    QTRY_VERIFY_WITH_TIMEOUT(accountInState(db, ConnectionState::RefreshFailed), 60000);
    const Connection reconnect = *accountInState(db, ConnectionState::RefreshFailed);
    QVERIFY(reconnect.failureKind == FailureKind::TokenRefreshFailed);
    PatientPage *page = m_window->patientPage();
    page->tabs()->setCurrentIndex(PatientPage::AccountsTab);
    QSignalSpy shown(page, &PatientPage::detailShown);
    QVERIFY(m_window->selectPatient(reconnect.patientId));
    QVERIFY(shown.wait());
    QTRY_VERIFY(page->failureLabel()->isVisible());
    QVERIFY2(page->failureLabel()->text().contains(QStringLiteral("Ask the patient to reconnect.")),
             qPrintable(page->failureLabel()->text()));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("demo-refresh-failed")));

    // The warehouse's outage: deliveries failed, and their automatic retry
    // delivered them, with nobody pressing Retry.
    const QString warehouse = m_story.destinations.value(1).name;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const Delivery &delivery : deliveriesTo(db, warehouse)) {
                if (delivery.status == DeliveryStatus::Delivered && delivery.attempts > 1)
                    return true;
            }
            return false;
        }(),
        60000);

    // The registry stays down past the quick retry: a delivery waits for
    // its next automatic attempt minutes away, and Retry delivers it now.
    const QString registry = m_story.destinations.value(2).name;
    qint64 waiting = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const QDateTime later = QDateTime::currentDateTimeUtc().addSecs(120);
            for (const Delivery &delivery : deliveriesTo(db, registry)) {
                if (delivery.status == DeliveryStatus::Pending && delivery.httpStatus == 503 &&
                    delivery.nextAttemptAt > later)
                    waiting = delivery.id;
            }
            return waiting != 0;
        }(),
        60000);
    SandboxClient sandbox;
    const QUrl registryAdmin(m_sandbox->info().adminUrl.toString() +
                             QStringLiteral("/destinations/") +
                             m_story.destinations.value(2).sandboxDestination);
    QTRY_VERIFY_WITH_TIMEOUT(
        !sandbox.get(registryAdmin).json().value(QStringLiteral("failing")).toBool(true), 60000);
    showTab(QStringLiteral("Destinations"));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("demo-destinations-waiting")));
    QSignalSpy failed(engine, &Engine::commandFailed);
    engine->retryDelivery(waiting);
    QTRY_COMPARE_WITH_TIMEOUT(DeliveryRepository(db).get(waiting)->status,
                              DeliveryStatus::Delivered, 30000);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(1).toString()));
    // Each destination's name shows whole in the list, however its rows came.
    const QTableView *list = m_window->findChild<DestinationsView *>()->listView();
    const auto *itemView = static_cast<const QAbstractItemView *>(list);
    QTRY_VERIFY(itemView->sizeHintForColumn(DestinationsModel::Name) <=
                list->horizontalHeader()->sectionSize(DestinationsModel::Name));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("demo-destinations")));
    showTab(QStringLiteral("Patients"));

    // The folder has received the pulls' data.
    QVERIFY(!QDir(exportFolder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());

    QTRY_VERIFY_WITH_TIMEOUT(engine->status().isIdle() &&
                                 rowsWithStatus(m_window->patientModel(), RecordStatus::Syncing) ==
                                     0,
                             60000);
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("demo-list")));
    qInfo("demo: %d patients, longest GUI stall %lld ms, %d stalls over 50 ms",
          m_window->patientModel()->rowCount(), static_cast<long long>(m_watchdog.longestStallMs()),
          m_watchdog.stallCount());
    QCOMPARE(m_window->patientModel()->rowCount(), m_story.patients);
    QVERIFY(rowsWithStatus(m_window->patientModel(), RecordStatus::UpToDate) > 0);
    QVERIFY(rowsWithStatus(m_window->patientModel(), RecordStatus::Attention) > 0);
    QCOMPARE(m_watchdog.stallCount(), 0);
}

void TestDemo::pullNowAndRetryShowInTheViews() {
    const PatientListModel *patients = m_window->patientModel();
    qint64 upToDate = 0;
    for (int row = 0; row < patients->rowCount() && !upToDate; ++row) {
        const QModelIndex index = patients->index(row, 0);
        if (RecordStatus(index.data(PatientListModel::RecordStatusRole).toInt()) ==
            RecordStatus::UpToDate)
            upToDate = index.data(PatientListModel::PatientIdRole).toLongLong();
    }
    QVERIFY(upToDate != 0);
    PatientPage *page = m_window->patientPage();
    QSignalSpy shown(page, &PatientPage::detailShown);

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
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("demo-pull-now")));

    // Retry the failed queries of the story's partial pull by hand, though
    // its automatic retry has mended it: a retry pull appears all the same.
    QVERIFY(m_partialPatient != 0);
    shown.clear();
    QVERIFY(m_window->selectPatient(m_partialPatient));
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
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("demo-partial")));
    const qint64 total = page->pullModel()->totalCount();
    QTest::mouseClick(page->retryQueriesButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(page->pullModel()->totalCount() > total, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(
        isSettled(PullStatus(
            page->pullModel()->index(0, 0).data(PullHistoryModel::PullStatusRole).toInt())),
        60000);
    // A person's retry: a manual pull that names the pull it retries.
    const QString trigger =
        page->pullModel()->index(0, PullHistoryModel::Trigger).data().toString();
    QVERIFY2(trigger.startsWith(QLatin1String("Manual")) &&
                 trigger.contains(QLatin1String("retries pull")),
             qPrintable(trigger));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("demo-retried")));
}

void TestDemo::cleanupTestCase() {
    m_controller.reset();
    m_window.reset();
    m_sandbox.reset();
}

QTEST_MAIN(TestDemo)
#include "tst_demo.moc"
