// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The dashboard window on a prepared SQLite database, on real widgets
// (offscreen): the list shows each record status in words, the patient page
// shows accounts, pulls, queries, deliveries, auth events and records, and
// the buttons ask for the right commands. Screenshots go to the test output.
#include "accountmodel.h"
#include "autheventmodel.h"
#include "dashboardfixture.h"
#include "dashboardwindow.h"
#include "deliverymodel.h"
#include "mainwindow.h"
#include "patientfiltermodel.h"
#include "patientlistmodel.h"
#include "patientpage.h"
#include "pullhistorymodel.h"
#include "querymodel.h"
#include "resourcecountmodel.h"
#include "stallwatchdog.h"
#include "tableview.h"
#include "testsupport.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTest>
#include <QTimer>
#include <QTranslator>

using namespace medpull;
using namespace medpull::test;

namespace {

QString statusOf(const MainWindow &window, qint64 patientId) {
    const PatientListModel *model = window.patientModel();
    return model->index(model->rowOfPatient(patientId), PatientListModel::Status).data().toString();
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void listShowsRecordStatuses();
    void searchAndAttentionFilter();
    void patientPageShowsEverything();
    void refreshFailedAccountSaysWhatToDo();
    void buttonsAskForCommands();
    void engineEventsUpdateRowsInPlace();
    void browserOpensOnlyForConnectsStartedHere();
    void germanTranslation();
    void aboutNamesTheLicence();

private:
    void openWindow();
    void showPatient(qint64 patientId);

    std::unique_ptr<DashboardFixture> m_fixture;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<StallWatchdog> m_watchdog;
};

void TestMainWindow::initTestCase() {
    prepareDashboardTests();
}

void TestMainWindow::init() {
    m_fixture = std::make_unique<DashboardFixture>();
    openWindow();
}

void TestMainWindow::cleanup() {
    qInfo("longest event-loop stall: %lld ms",
          static_cast<long long>(m_watchdog->longestStallMs()));
    m_window.reset();
    m_watchdog.reset();
    m_fixture.reset();
}

void TestMainWindow::openWindow() {
    m_watchdog = std::make_unique<StallWatchdog>();
    m_watchdog->start();
    m_window = openDashboard(*m_fixture, {1400, 860});
    QVERIFY(m_window);
}

void TestMainWindow::showPatient(qint64 patientId) {
    QSignalSpy shown(m_window->patientPage(), &PatientPage::detailShown);
    QVERIFY(m_window->selectPatient(patientId));
    QVERIFY(shown.wait());
    QCOMPARE(m_window->patientPage()->patientId(), patientId);
}

void TestMainWindow::listShowsRecordStatuses() {
    QCOMPARE(m_window->patientModel()->rowCount(), 4);
    QCOMPARE(statusOf(*m_window, m_fixture->ada), QStringLiteral("Partial"));
    QCOMPARE(statusOf(*m_window, m_fixture->grace), QStringLiteral("Needs attention"));
    QCOMPARE(statusOf(*m_window, m_fixture->alan), QStringLiteral("Not connected"));
    QCOMPARE(statusOf(*m_window, m_fixture->katherine), QStringLiteral("Syncing"));
    // Every status has an icon beside its word.
    const PatientListModel *model = m_window->patientModel();
    for (int row = 0; row < model->rowCount(); ++row)
        QVERIFY(!model->index(row, PatientListModel::Status)
                     .data(Qt::DecorationRole)
                     .value<QIcon>()
                     .isNull());
    const QModelIndex latest =
        model->index(model->rowOfPatient(m_fixture->ada), PatientListModel::LatestPull);
    QCOMPARE(latest.data().toString(), QStringLiteral("just now"));
    QVERIFY(!latest.data(Qt::ToolTipRole).toString().isEmpty());
    // Sorted by name: Ada first.
    QCOMPARE(m_window->patientView()->model()->index(0, 0).data().toString(),
             QStringLiteral("Ada Lovelace"));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("mainwindow-list")));
}

void TestMainWindow::searchAndAttentionFilter() {
    QTest::keyClicks(m_window->searchField(), QStringLiteral("hop"));
    QCOMPARE(m_window->patientFilter()->rowCount(), 1);
    m_window->searchField()->clear();
    QTest::keyClicks(m_window->searchField(), QStringLiteral("a-100"));
    QCOMPARE(m_window->patientFilter()->rowCount(), 4);
    m_window->searchField()->clear();
    m_window->attentionOnlyAction()->trigger();
    // Grace's refresh failed; Ada's export delivery failed for good.
    QCOMPARE(m_window->patientFilter()->rowCount(), 2);
    QCOMPARE(m_window->patientFilter()->index(0, 0).data().toString(),
             QStringLiteral("Ada Lovelace"));
    QCOMPARE(m_window->patientFilter()->index(1, 0).data().toString(),
             QStringLiteral("Grace Hopper"));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("mainwindow-attention")));
    m_window->attentionOnlyAction()->trigger();
    QCOMPARE(m_window->patientFilter()->rowCount(), 4);
}

void TestMainWindow::patientPageShowsEverything() {
    showPatient(m_fixture->ada);
    PatientPage *page = m_window->patientPage();
    QCOMPARE(page->statusLabel()->text(), QStringLiteral("Partial"));
    QCOMPARE(page->accountModel()->rowCount(), 2);
    const AccountModel *accounts = page->accountModel();
    const int cerner = accounts->rowOfKey(m_fixture->adaCerner);
    QCOMPARE(accounts->index(cerner, AccountModel::State).data().toString(),
             QStringLiteral("Active"));
    page->tabs()->setCurrentIndex(PatientPage::AccountsTab);
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("patient-accounts")));

    // Pull history: newest first, the partial pull with its failed query.
    page->tabs()->setCurrentIndex(PatientPage::PullsTab);
    const PullHistoryModel *pulls = page->pullModel();
    QTRY_COMPARE(pulls->rowCount(), 2);
    QCOMPARE(pulls->index(0, PullHistoryModel::Status).data().toString(),
             QStringLiteral("Partial"));
    QCOMPARE(pulls->index(0, PullHistoryModel::Account).data().toString(),
             QStringLiteral("cerner"));
    QCOMPARE(pulls->index(1, PullHistoryModel::Status).data().toString(),
             QStringLiteral("Succeeded"));
    QTRY_COMPARE(page->queryModel()->pullId(), m_fixture->adaPartialPull);
    const QueryModel *queries = page->queryModel();
    QCOMPARE(queries->rowCount(), 2);
    QCOMPARE(queries->failedCount(), 1);
    int procedure = -1;
    for (int row = 0; row < queries->rowCount(); ++row) {
        if (queries->index(row, QueryModel::ResourceType).data().toString() ==
            QLatin1String("Procedure"))
            procedure = row;
    }
    QVERIFY(procedure >= 0);
    QCOMPARE(queries->index(procedure, QueryModel::Status).data().toString(),
             QStringLiteral("Failed"));
    QCOMPARE(queries->index(procedure, QueryModel::HttpStatus).data().toString(),
             QStringLiteral("500"));
    QVERIFY(queries->index(procedure, QueryModel::Error)
                .data()
                .toString()
                .contains(QStringLiteral("Procedure search is temporarily unavailable")));
    QVERIFY(page->retryQueriesButton()->isEnabled());
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("patient-pulls")));

    // The succeeded pull has nothing to retry.
    page->pullView()->setCurrentIndex(pulls->index(1, 0));
    QTRY_COMPARE(page->queryModel()->pullId(), m_fixture->adaEpicPull);
    QVERIFY(!page->retryQueriesButton()->isEnabled());

    page->tabs()->setCurrentIndex(PatientPage::ExportsTab);
    QCOMPARE(page->deliveryModel()->rowCount(), 1);
    QCOMPARE(page->deliveryModel()->index(0, DeliveryModel::Status).data().toString(),
             QStringLiteral("Failed"));
    page->deliveryView()->setCurrentIndex(page->deliveryModel()->index(0, 0));
    QVERIFY(page->retryDeliveryButton()->isEnabled());
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("patient-exports")));

    page->tabs()->setCurrentIndex(PatientPage::AuthTab);
    QCOMPARE(page->authEventModel()->rowCount(), 3);
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("patient-auth")));

    page->tabs()->setCurrentIndex(PatientPage::RecordsTab);
    page->countView()->setCurrentIndex(page->resourceCountModel()->index(1, 0));
    QTRY_COMPARE(page->resourceKeyModel()->rowCount(), 17); // Observations: 12 epic + 5 cerner
    QSignalSpy resourceShown(page, &PatientPage::resourceShown);
    auto *keyView = page->findChild<QAbstractItemView *>();
    Q_UNUSED(keyView);
    const QList<QAbstractItemView *> views = page->findChildren<QAbstractItemView *>();
    for (QAbstractItemView *view : views) {
        if (view->model() == page->resourceKeyModel())
            view->setCurrentIndex(page->resourceKeyModel()->index(0, 0));
    }
    QVERIFY(resourceShown.wait());
    QVERIFY(page->resourceViewer()->toPlainText().contains(
        QStringLiteral("{\n  \"resourceType\": \"Observation\",\n  \"id\": ")));
    QVERIFY(page->resourceViewer()->isReadOnly());
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("patient-records")));

    page->tabs()->setCurrentIndex(PatientPage::ChartsTab);
    QTest::qWait(50);
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("patient-charts")));
}

void TestMainWindow::refreshFailedAccountSaysWhatToDo() {
    showPatient(m_fixture->grace);
    PatientPage *page = m_window->patientPage();
    page->tabs()->setCurrentIndex(PatientPage::AccountsTab);
    QCOMPARE(page->statusLabel()->text(), QStringLiteral("Needs attention"));
    QVERIFY(page->failureLabel()->isVisibleTo(page));
    QVERIFY(page->failureLabel()->text().contains(QStringLiteral("Ask the patient to reconnect.")));
    QCOMPARE(page->accountModel()->index(0, AccountModel::State).data().toString(),
             QStringLiteral("Refresh failed"));
    QVERIFY(!page->pullNowButton()->isEnabled()); // no active account
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("patient-refresh-failed")));

    page->tabs()->setCurrentIndex(PatientPage::AuthTab);
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("patient-refresh-failed-auth")));
}

void TestMainWindow::buttonsAskForCommands() {
    showPatient(m_fixture->ada);
    PatientPage *page = m_window->patientPage();
    QSignalSpy pullNow(m_window.get(), &MainWindow::pullNowRequested);
    QTest::mouseClick(page->pullNowButton(), Qt::LeftButton);
    QCOMPARE(pullNow.count(), 1);
    QCOMPARE(pullNow.first().first().toLongLong(), m_fixture->ada);
    m_window->pullNowAction()->trigger();
    QCOMPARE(pullNow.count(), 2);

    page->tabs()->setCurrentIndex(PatientPage::PullsTab);
    QTRY_COMPARE(page->queryModel()->pullId(), m_fixture->adaPartialPull);
    QSignalSpy retryQueries(m_window.get(), &MainWindow::retryFailedQueriesRequested);
    QTest::mouseClick(page->retryQueriesButton(), Qt::LeftButton);
    QCOMPARE(retryQueries.count(), 1);
    QCOMPARE(retryQueries.first().first().toLongLong(), m_fixture->adaPartialPull);

    page->tabs()->setCurrentIndex(PatientPage::ExportsTab);
    page->deliveryView()->setCurrentIndex(page->deliveryModel()->index(0, 0));
    QSignalSpy retryDelivery(m_window.get(), &MainWindow::retryDeliveryRequested);
    QTest::mouseClick(page->retryDeliveryButton(), Qt::LeftButton);
    QCOMPARE(retryDelivery.count(), 1);
    QCOMPARE(retryDelivery.first().first().toLongLong(), m_fixture->failedDelivery);
}

void TestMainWindow::engineEventsUpdateRowsInPlace() {
    showPatient(m_fixture->ada);
    PatientPage *page = m_window->patientPage();
    QTRY_COMPARE(page->pullModel()->rowCount(), 2);
    const QPersistentModelIndex selected = m_window->patientView()->currentIndex();

    // A manual pull of Ada's epic account starts and reports progress.
    Pull pull;
    pull.id = m_fixture->adaPartialPull + 1000;
    pull.connectionId = m_fixture->adaEpic;
    pull.trigger = PullTrigger::Manual;
    pull.status = PullStatus::Running;
    pull.startedAt = QDateTime::currentDateTimeUtc();
    m_window->handlePull(pull);
    m_window->handleProgress(m_fixture->ada, m_fixture->adaEpic,
                             {pull.id, 4, 180, 1, 3, QStringLiteral("Observation")});
    QCOMPARE(page->pullModel()->rowCount(), 3);
    QCOMPARE(page->pullModel()->index(0, PullHistoryModel::Status).data().toString(),
             QStringLiteral("Running"));
    const AccountModel *accounts = page->accountModel();
    const int epic = accounts->rowOfKey(m_fixture->adaEpic);
    QCOMPARE(
        accounts->index(epic, AccountModel::State).data(AccountModel::ProgressTextRole).toString(),
        QStringLiteral("4 pages, 180 resources"));
    page->tabs()->setCurrentIndex(PatientPage::AccountsTab);
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("patient-pulling")));

    pull.status = PullStatus::Succeeded;
    pull.finishedAt = pull.startedAt.addSecs(2);
    m_window->handlePull(pull);
    QCOMPARE(page->pullModel()->rowCount(), 3);
    QCOMPARE(page->pullModel()->index(0, PullHistoryModel::Status).data().toString(),
             QStringLiteral("Succeeded"));
    QCOMPARE(accounts->index(epic, AccountModel::State).data(AccountModel::ProgressValueRole),
             QVariant(-1));
    // The selection in the patient list survived.
    QCOMPARE(m_window->patientView()->currentIndex(), QModelIndex(selected));
    QCOMPARE(m_window->selectedPatientId(), m_fixture->ada);

    m_window->handleEngineStatus(2, false, 12.5);
    QCOMPARE(m_window->engineStateLabel()->text(), QStringLiteral("Engine: 2 pulls running"));
    m_window->handleEngineStatus(0, true, 0);
    QCOMPARE(m_window->engineStateLabel()->text(), QStringLiteral("Engine: paused"));
    QVERIFY(m_window->pauseAction()->isChecked());
}

void TestMainWindow::browserOpensOnlyForConnectsStartedHere() {
    int opened = 0;
    m_window->setUrlOpener([&opened](const QUrl &) {
        ++opened;
        return true;
    });
    const QUrl url(QStringLiteral(
        "http://127.0.0.1:8080/portals/epic/auth/authorize?response_type=code&client_id=medpull"
        "&redirect_uri=http%3A%2F%2F127.0.0.1%3A53123%2Fcallback&scope=launch%2Fpatient%20openid"
        "%20fhirUser%20offline_access%20patient%2F*.rs&state=x&code_challenge=E9Melhoa2OwvFrEMTJ"
        "guCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"));
    // Another program on the engine (the demo seeder) connects an account.
    m_window->handleAuthorizeUrl(m_fixture->katherine + 500, url);
    QCOMPARE(opened, 0);
    QVERIFY(!m_window->findChild<QDialog *>(QStringLiteral("waitingForAuthorization")));

    showPatient(m_fixture->grace);
    QSignalSpy reconnect(m_window.get(), &MainWindow::reconnectRequested);
    emit m_window->patientPage()->reconnectRequested(m_fixture->graceEpic);
    QCOMPARE(reconnect.count(), 1);
    m_window->handleAuthorizeUrl(m_fixture->graceEpic, url);
    QCOMPARE(opened, 1);
    auto *waiting = m_window->findChild<QDialog *>(QStringLiteral("waitingForAuthorization"));
    QVERIFY(waiting);
    QTRY_VERIFY(waiting->isVisible());
    // The whole address, wrapped to the dialog's width, and a way to copy it.
    auto *address = waiting->findChild<QPlainTextEdit *>(QStringLiteral("signInAddress"));
    QVERIFY(address);
    QCOMPARE(address->toPlainText(), url.toString());
    QCOMPARE(address->wordWrapMode(), QTextOption::WrapAnywhere);
    QVERIFY(address->width() <= waiting->width());
    waiting->findChild<QPushButton *>(QStringLiteral("copyAddress"))->click();
    QCOMPARE(QApplication::clipboard()->text(), url.toString());
    QVERIFY(saveScreenshot(waiting, QStringLiteral("waiting-for-authorization")));
    QSignalSpy cancel(m_window.get(), &MainWindow::cancelConnectRequested);
    waiting->reject();
    QCOMPARE(cancel.count(), 1);
    QCOMPARE(cancel.first().first().toLongLong(), m_fixture->graceEpic);
}

void TestMainWindow::aboutNamesTheLicence() {
    QAction *about = nullptr;
    for (QAction *action : m_window->findChildren<QAction *>()) {
        if (action->menuRole() == QAction::AboutRole)
            about = action;
    }
    QVERIFY(about);
    QString text;
    // The box is modal: read and close it from the event loop it runs.
    QTimer poll;
    connect(&poll, &QTimer::timeout, &poll, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            text = box->text();
            QVERIFY(saveScreenshot(box, QStringLiteral("about")));
            box->accept();
        }
    });
    poll.start(20);
    about->trigger();
    QVERIFY2(text.contains(QLatin1String("GPL-3.0-or-later")) &&
                 text.contains(QLatin1String("GNU General Public License")),
             qPrintable(text));
}

void TestMainWindow::germanTranslation() {
    QTranslator german;
    QVERIFY(german.load(QStringLiteral(":/i18n/medpull_de.qm")));
    QCoreApplication::installTranslator(&german);
    QCOMPARE(QCoreApplication::translate("Status", "Up to date"), QStringLiteral("Aktuell"));
    QCOMPARE(failureNextStep(FailureKind::TokenRefreshFailed),
             QStringLiteral("Bitten Sie den Patienten, sich neu zu verbinden."));
    // A window built under the translator speaks German throughout.
    m_window.reset();
    openWindow();
    QCOMPARE(statusOf(*m_window, m_fixture->grace), QStringLiteral("Braucht Aufmerksamkeit"));
    showPatient(m_fixture->grace);
    m_window->patientPage()->tabs()->setCurrentIndex(PatientPage::AccountsTab);
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("mainwindow-de")));
    QCoreApplication::removeTranslator(&german);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
