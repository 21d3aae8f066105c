// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Each failure kind as a clinic admin sees it, on real widgets (offscreen)
// over a real SQLite file whose accounts were put in their failure states by
// the engine's own decisions (AccountFailures): the account's state, next
// step and button, the patient list's attention count, the attention inbox
// with its filters, buttons and copy action; and all of it again after the
// dashboard is closed and the database reopened. Screenshots in English and
// German go to the test output.
#include "accountfailures.h"
#include "accountmodel.h"
#include "connectionrepository.h"
#include "dashboardfixture.h"
#include "dashboardwindow.h"
#include "deliverymodel.h"
#include "destinationsdeliverymodel.h"
#include "destinationsmodel.h"
#include "destinationsview.h"
#include "errorcode.h"
#include "inboxmodel.h"
#include "inboxview.h"
#include "mainwindow.h"
#include "patientlistmodel.h"
#include "patientpage.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "statuspresentation.h"
#include "tableview.h"
#include "testsupport.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTranslator>

using namespace medpull;
using namespace medpull::test;

namespace {

// The fixture, plus one account in each failure state the engine decides.
struct FailureFixture : DashboardFixture {
    qint64 edsger = 0;  // auth_failed at cerner: the patient denied access
    qint64 barbara = 0; // retrieval error at cerner, retry 2 of 6 waiting
    qint64 donald = 0;  // retrieval error at epic, retries used up
    qint64 edsgerCerner = 0;
    qint64 barbaraCerner = 0;
    qint64 donaldEpic = 0;
    qint64 donaldPull = 0;

    FailureFixture() {
        const Database &d = *db;
        PatientRepository patients(d);
        ConnectionRepository connections(d);
        AccountFailures failures(d);
        edsger = patients.add(QStringLiteral("Edsger Dijkstra"), QStringLiteral("A-1005")).id;
        edsgerCerner = connections.add(edsger, sourceCerner).id;
        failures.portalAuthFailed(
            edsgerCerner, storedError(QStringLiteral("auth_portal_error"),
                                      {QStringLiteral("access_denied"),
                                       QStringLiteral("The patient declined to share records")}));

        barbara = patients.add(QStringLiteral("Barbara Liskov"), QStringLiteral("A-1006")).id;
        barbaraCerner = connections.add(barbara, sourceCerner, ConnectionState::Active).id;
        const Pull first = failedPull(barbaraCerner, PullTrigger::Scheduled);
        failures.pullSettled(first, true);
        const Pull retry = failedPull(barbaraCerner, PullTrigger::Retry);
        failures.pullSettled(retry, true);

        donald = patients.add(QStringLiteral("Donald Knuth"), QStringLiteral("A-1007")).id;
        donaldEpic = connections.add(donald, sourceEpic, ConnectionState::Active).id;
        failures.pullSettled(failedPull(donaldEpic, PullTrigger::Manual), true);
        connections.setRetry(donaldEpic, 6, QDateTime::currentDateTimeUtc());
        const Pull last = failedPull(donaldEpic, PullTrigger::Retry);
        donaldPull = last.id;
        failures.pullSettled(last, true);
    }

    // A pull that failed with a retryable error, as the runner settles one.
    Pull failedPull(qint64 connectionId, PullTrigger trigger) {
        PullRepository pulls(*db);
        const Pull queued = pulls.enqueue(connectionId, trigger);
        PullQuery query;
        query.pullId = queued.id;
        query.resourceType = QStringLiteral("Condition");
        query.url = QStringLiteral("Condition?patient=p1");
        query = pulls.addQuery(query);
        pulls.recordQueryError(query.id, 503, QStringLiteral("HTTP 503: Service Unavailable"),
                               QDateTime::currentDateTimeUtc().addSecs(60));
        const QString error = storedError(
            QStringLiteral("pull.queryFailed"),
            {QStringLiteral("Condition"), QStringLiteral("HTTP 503: Service Unavailable")});
        pulls.settle(queued.id, PullStatus::Failed, FailureKind::RetrievalError, error);
        return *pulls.get(queued.id);
    }
};

} // namespace

class TestFailureStates : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void everyFailureKindShowsItsStateAndNextStep();
    void inboxListsEverythingWithItsButton();
    void inboxFiltersAndCopies();
    void statesSurviveARestart();
    void german();

private:
    void openWindow();
    void showAccount(qint64 patientId, qint64 connectionId);
    QString accountText(qint64 connectionId, int column) const;
    QString listAttention(qint64 patientId) const;
    void showDestinations(const QString &name);
    InboxView *inbox() const { return m_window->inbox(); }

    std::unique_ptr<FailureFixture> m_fixture;
    std::unique_ptr<MainWindow> m_window;
};

void TestFailureStates::initTestCase() {
    prepareDashboardTests();
}

void TestFailureStates::init() {
    m_fixture = std::make_unique<FailureFixture>();
    openWindow();
}

void TestFailureStates::cleanup() {
    m_window.reset();
    m_fixture.reset();
}

void TestFailureStates::openWindow() {
    m_window = openDashboard(*m_fixture, {1280, 800});
    QVERIFY(m_window);
    QTRY_VERIFY(inbox()->count() > 0);
}

void TestFailureStates::showAccount(qint64 patientId, qint64 connectionId) {
    PatientPage *page = m_window->patientPage();
    QSignalSpy shown(page, &PatientPage::detailShown);
    m_window->views()->setCurrentIndex(0);
    QVERIFY(m_window->selectPatient(patientId));
    QVERIFY(shown.wait());
    page->tabs()->setCurrentIndex(PatientPage::AccountsTab);
    const int row = page->accountModel()->rowOfKey(connectionId);
    QVERIFY(row >= 0);
    page->accountView()->setCurrentIndex(page->accountModel()->index(row, 0));
}

QString TestFailureStates::accountText(qint64 connectionId, int column) const {
    const AccountModel *accounts = m_window->patientPage()->accountModel();
    return accounts->index(accounts->rowOfKey(connectionId), column).data().toString();
}

QString TestFailureStates::listAttention(qint64 patientId) const {
    const PatientListModel *model = m_window->patientModel();
    return model->index(model->rowOfPatient(patientId), PatientListModel::Attention)
        .data()
        .toString();
}

void TestFailureStates::showDestinations(const QString &name) {
    auto *destinations = m_window->views()->findChild<DestinationsView *>();
    QVERIFY(destinations);
    m_window->views()->setCurrentWidget(destinations);
    QTRY_COMPARE(destinations->destinationsModel()->rowCount(), 1);
    destinations->listView()->setCurrentIndex(destinations->destinationsModel()->index(0, 0));
    QTRY_VERIFY(destinations->deliveryModel()->rowCount() > 0);
    QVERIFY(saveScreenshot(m_window.get(), name));
}

void TestFailureStates::everyFailureKindShowsItsStateAndNextStep() {
    PatientPage *page = m_window->patientPage();

    // portal_auth_failed: ask the patient to retry; Reconnect.
    showAccount(m_fixture->edsger, m_fixture->edsgerCerner);
    QCOMPARE(accountText(m_fixture->edsgerCerner, AccountModel::State),
             QStringLiteral("Authorization failed"));
    QCOMPARE(accountText(m_fixture->edsgerCerner, AccountModel::Failure),
             QStringLiteral("Ask the patient to retry."));
    QVERIFY(page->reconnectButton()->isEnabled());
    QVERIFY(!page->pullAccountButton()->isEnabled());
    QVERIFY(page->failureLabel()->isVisible());
    QVERIFY(page->failureLabel()->text().contains(QLatin1String("access_denied")));
    QCOMPARE(page->statusLabel()->text(), QStringLiteral("Needs attention"));
    QCOMPARE(listAttention(m_fixture->edsger), QStringLiteral("1"));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("account-auth-failed")));

    // token_refresh_failed: ask the patient to reconnect; Reconnect.
    showAccount(m_fixture->grace, m_fixture->graceEpic);
    QCOMPARE(accountText(m_fixture->graceEpic, AccountModel::State),
             QStringLiteral("Refresh failed"));
    QCOMPARE(accountText(m_fixture->graceEpic, AccountModel::Failure),
             QStringLiteral("Ask the patient to reconnect."));
    QVERIFY(page->reconnectButton()->isEnabled());
    QCOMPARE(listAttention(m_fixture->grace), QStringLiteral("1"));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("account-refresh-failed")));

    // retrieval_error while retrying: when the retry runs; not yet anyone's job.
    showAccount(m_fixture->barbara, m_fixture->barbaraCerner);
    const Connection barbara = *ConnectionRepository(*m_fixture->db).get(m_fixture->barbaraCerner);
    QCOMPARE(accountText(m_fixture->barbaraCerner, AccountModel::State), QStringLiteral("Active"));
    QCOMPARE(accountText(m_fixture->barbaraCerner, AccountModel::Failure),
             QStringLiteral("Retrying at %1 (attempt 2 of 6)")
                 .arg(barbara.retryAt.toLocalTime().toString(QStringLiteral("HH:mm"))));
    // Its next pull is the retry, not "Not scheduled".
    const AccountModel *accounts = page->accountModel();
    const QModelIndex nextPull =
        accounts->index(accounts->rowOfKey(m_fixture->barbaraCerner), AccountModel::NextPull);
    QVERIFY(nextPull.data().toString().startsWith(QLatin1String("in ")));
    QCOMPARE(nextPull.data(Qt::ToolTipRole).toString(), exactTime(barbara.retryAt));
    QVERIFY(page->pullAccountButton()->isEnabled());
    QCOMPARE(listAttention(m_fixture->barbara), QStringLiteral("0"));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("account-retrying")));

    // retrieval_error with its retries used up: inspect the pull history.
    showAccount(m_fixture->donald, m_fixture->donaldEpic);
    QCOMPARE(accountText(m_fixture->donaldEpic, AccountModel::Failure),
             QStringLiteral("Automatic retries used up. Inspect the patient's pull history."));
    QVERIFY(page->pullAccountButton()->isEnabled());
    QCOMPARE(page->statusLabel()->text(), QStringLiteral("Needs attention"));
    QCOMPARE(listAttention(m_fixture->donald), QStringLiteral("1"));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("account-retries-exhausted")));

    // destination_export_failed: on the delivery, with Retry delivery.
    m_window->views()->setCurrentIndex(0);
    QSignalSpy shown(page, &PatientPage::detailShown);
    QVERIFY(m_window->selectPatient(m_fixture->ada));
    QVERIFY(shown.wait());
    page->tabs()->setCurrentIndex(PatientPage::ExportsTab);
    const DeliveryModel *deliveries = page->deliveryModel();
    QCOMPARE(deliveries->rowCount(), 1);
    QCOMPARE(deliveries->index(0, DeliveryModel::Status).data().toString(),
             QStringLiteral("Failed"));
    page->deliveryView()->setCurrentIndex(deliveries->index(0, 0));
    QVERIFY(page->retryDeliveryButton()->isEnabled());
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("delivery-failed")));
    showDestinations(QStringLiteral("failurestates-destinations"));
}

void TestFailureStates::inboxListsEverythingWithItsButton() {
    m_window->views()->setCurrentWidget(inbox());
    const InboxModel *model = inbox()->model();
    QCOMPARE(model->rowCount(), 4);
    QCOMPARE(m_window->views()->tabText(m_window->views()->indexOf(inbox())),
             QStringLiteral("Needs attention (4)"));

    struct Expected {
        qint64 key;
        QString kind;
        QString patient;
        QString where;
        QString nextStep;
        QString button;
    };
    const QList<Expected> expected{
        {m_fixture->edsgerCerner, QStringLiteral("Portal authorization failed"),
         QStringLiteral("Edsger Dijkstra"), QStringLiteral("cerner"),
         QStringLiteral("Ask the patient to retry."), QStringLiteral("Reconnect")},
        {m_fixture->graceEpic, QStringLiteral("Token refresh failed"),
         QStringLiteral("Grace Hopper"), QStringLiteral("epic"),
         QStringLiteral("Ask the patient to reconnect."), QStringLiteral("Reconnect")},
        {m_fixture->donaldEpic, QStringLiteral("Retrieval error"), QStringLiteral("Donald Knuth"),
         QStringLiteral("epic"), QStringLiteral("Inspect the patient's pull history."),
         QStringLiteral("Retry now")},
        {-m_fixture->failedDelivery, QStringLiteral("Export failed"),
         QStringLiteral("Ada Lovelace"), QStringLiteral("warehouse"),
         QStringLiteral("Automatic retries used up; use Retry delivery."),
         QStringLiteral("Retry delivery")},
    };
    for (const Expected &e : expected) {
        const int row = model->rowOfKey(e.key);
        QVERIFY2(row >= 0, qPrintable(e.patient));
        QCOMPARE(model->index(row, InboxModel::Kind).data().toString(), e.kind);
        QCOMPARE(model->index(row, InboxModel::Patient).data().toString(), e.patient);
        QCOMPARE(model->index(row, InboxModel::Where).data().toString(), e.where);
        QCOMPARE(model->index(row, InboxModel::NextStep).data().toString(), e.nextStep);
        QVERIFY(!model->index(row, InboxModel::LastError).data().toString().isEmpty());
        QVERIFY(inbox()->selectKey(e.key));
        QCOMPARE(inbox()->actionButton()->text().remove(QLatin1Char('&')), e.button);
        QVERIFY(inbox()->actionButton()->isEnabled());
    }
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("inbox")));

    // Each button asks for its command.
    QSignalSpy reconnect(m_window.get(), &MainWindow::reconnectRequested);
    QSignalSpy retryQueries(m_window.get(), &MainWindow::retryFailedQueriesRequested);
    QSignalSpy retryDelivery(m_window.get(), &MainWindow::retryDeliveryRequested);
    QVERIFY(inbox()->selectKey(m_fixture->graceEpic));
    inbox()->actionButton()->click();
    QCOMPARE(reconnect.count(), 1);
    QCOMPARE(reconnect.first().first().toLongLong(), m_fixture->graceEpic);
    QVERIFY(inbox()->selectKey(m_fixture->donaldEpic));
    inbox()->actionButton()->click();
    QCOMPARE(retryQueries.count(), 1);
    QCOMPARE(retryQueries.first().first().toLongLong(), m_fixture->donaldPull);
    QVERIFY(inbox()->selectKey(-m_fixture->failedDelivery));
    inbox()->actionButton()->click();
    QCOMPARE(retryDelivery.count(), 1);
    QCOMPARE(retryDelivery.first().first().toLongLong(), m_fixture->failedDelivery);

    // Open pull history: the patient's page, on the pull history.
    QVERIFY(inbox()->selectKey(m_fixture->donaldEpic));
    QSignalSpy shown(m_window->patientPage(), &PatientPage::detailShown);
    inbox()->historyButton()->click();
    QCOMPARE(m_window->views()->currentIndex(), 0);
    QCOMPARE(m_window->selectedPatientId(), m_fixture->donald);
    QCOMPARE(m_window->patientPage()->tabs()->currentIndex(), int(PatientPage::PullsTab));

    // Live: the engine reports the account connected again; the inbox and
    // its badge follow.
    ConnectionRepository(*m_fixture->db).setState(m_fixture->graceEpic, ConnectionState::Active);
    QSignalSpy counted(inbox(), &InboxView::countChanged);
    m_window->handleConnection(*ConnectionRepository(*m_fixture->db).get(m_fixture->graceEpic));
    QVERIFY(counted.wait());
    QCOMPARE(counted.last().first().toInt(), 3);
    QCOMPARE(model->rowOfKey(m_fixture->graceEpic), -1);
    QCOMPARE(m_window->views()->tabText(m_window->views()->indexOf(inbox())),
             QStringLiteral("Needs attention (3)"));
}

void TestFailureStates::inboxFiltersAndCopies() {
    m_window->views()->setCurrentWidget(inbox());
    QComboBox *filter = inbox()->kindFilter();
    const auto shown = [this] {
        return inbox()->view()->model()->rowCount();
    };
    QCOMPARE(shown(), 4);
    filter->setCurrentIndex(filter->findData(int(FailureKind::RetrievalError)));
    QCOMPARE(shown(), 1);
    filter->setCurrentIndex(filter->findData(int(FailureKind::DestinationExportFailed)));
    QCOMPARE(shown(), 1);
    filter->setCurrentIndex(filter->findData(int(FailureKind::PortalAuthFailed)));
    QCOMPARE(shown(), 1);
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("inbox-filtered")));
    filter->setCurrentIndex(0);
    QCOMPARE(shown(), 4);

    QVERIFY(inbox()->selectKey(m_fixture->edsgerCerner));
    inbox()->copyButton()->click();
    const QString copied = QApplication::clipboard()->text();
    QVERIFY2(copied.contains(QLatin1String("Edsger Dijkstra")), qPrintable(copied));
    QVERIFY(copied.contains(QLatin1String("portal_auth_failed")));
    QVERIFY(copied.contains(QLatin1String("access_denied")));
    QVERIFY(copied.contains(QLatin1String("Ask the patient to retry.")));
}

void TestFailureStates::statesSurviveARestart() {
    // The dashboard closes, the database is opened again from its file.
    m_window.reset();
    const auto location = m_fixture->location();
    m_fixture->db.reset();
    m_fixture->db = Database::open(location);
    openWindow();
    QCOMPARE(inbox()->count(), 4);
    QCOMPARE(listAttention(m_fixture->edsger), QStringLiteral("1"));
    QCOMPARE(listAttention(m_fixture->grace), QStringLiteral("1"));
    QCOMPARE(listAttention(m_fixture->donald), QStringLiteral("1"));
    QCOMPARE(listAttention(m_fixture->barbara), QStringLiteral("0"));
    showAccount(m_fixture->barbara, m_fixture->barbaraCerner);
    QVERIFY(accountText(m_fixture->barbaraCerner, AccountModel::Failure)
                .endsWith(QLatin1String("(attempt 2 of 6)")));
    showAccount(m_fixture->edsger, m_fixture->edsgerCerner);
    QCOMPARE(accountText(m_fixture->edsgerCerner, AccountModel::Failure),
             QStringLiteral("Ask the patient to retry."));
}

void TestFailureStates::german() {
    QTranslator german;
    QVERIFY(german.load(QStringLiteral(":/i18n/medpull_de.qm")));
    QCoreApplication::installTranslator(&german);
    m_window.reset();
    openWindow();
    m_window->views()->setCurrentWidget(inbox());
    QCOMPARE(m_window->views()->tabText(m_window->views()->indexOf(inbox())),
             QStringLiteral("Braucht Aufmerksamkeit (4)"));
    QVERIFY(inbox()->selectKey(m_fixture->donaldEpic));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("inbox-de")));
    showAccount(m_fixture->barbara, m_fixture->barbaraCerner);
    QVERIFY(accountText(m_fixture->barbaraCerner, AccountModel::Failure)
                .contains(QLatin1String("Versuch 2 von 6")));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("account-retrying-de")));
    showAccount(m_fixture->edsger, m_fixture->edsgerCerner);
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("account-auth-failed-de")));
    showAccount(m_fixture->grace, m_fixture->graceEpic);
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("account-refresh-failed-de")));
    showAccount(m_fixture->donald, m_fixture->donaldEpic);
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("account-retries-exhausted-de")));
    showDestinations(QStringLiteral("failurestates-destinations-de"));
    QCoreApplication::removeTranslator(&german);
}

QTEST_MAIN(TestFailureStates)
#include "tst_failurestates.moc"
