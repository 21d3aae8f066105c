// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// What a user notices first, on real widgets (offscreen) at 1280×800 over
// the dashboard fixture: the patient pane's empty state tells the truth,
// tables fit their pane and no status is cut short (English and German),
// Add patient keeps its input and says a duplicate in one sentence, opening
// a missing database asks first, charts have one line per account, distinct
// time labels and a "no data yet" text, a failed delivery counts for the
// patient's attention, and plurals are right in the C locale. Screenshots go
// to the test output.
#include "accountmodel.h"
#include "connectionrepository.h"
#include "dashboardfixture.h"
#include "dashboardwindow.h"
#include "deliverymodel.h"
#include "deliveryrepository.h"
#include "engine.h"
#include "mainwindow.h"
#include "patientlistmodel.h"
#include "patientpage.h"
#include "patientrepository.h"
#include "requestdialog.h"
#include "resourcecountmodel.h"
#include "resourcerepository.h"
#include "statuspresentation.h"
#include "tableview.h"
#include "testsupport.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QDateTimeAxis>
#include <QDialogButtonBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSet>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTranslator>

using namespace medpull;
using namespace medpull::test;

namespace {

// Every column inside the viewport, and the listed ones wide enough for
// what their cells show (icon, text and margins).
void expectFits(TableView *view, const QList<int> &wholeColumns, const char *what) {
    QHeaderView *header = view->horizontalHeader();
    const int width = view->viewport()->width();
    for (int column = 0; column < header->count(); ++column) {
        const int left = header->sectionViewportPosition(column);
        QVERIFY2(left >= 0 && left + header->sectionSize(column) <= width + 1,
                 qPrintable(QStringLiteral("%1: column %2 at %3+%4 outside %5")
                                .arg(QLatin1String(what))
                                .arg(column)
                                .arg(left)
                                .arg(header->sectionSize(column))
                                .arg(width)));
    }
    QVERIFY2(!view->horizontalScrollBar()->isVisible(), what);
    const auto *itemView = static_cast<const QAbstractItemView *>(view);
    for (const int column : wholeColumns) {
        QVERIFY2(itemView->sizeHintForColumn(column) <= header->sectionSize(column),
                 qPrintable(QStringLiteral("%1: column %2 needs %3, has %4")
                                .arg(QLatin1String(what))
                                .arg(column)
                                .arg(itemView->sizeHintForColumn(column))
                                .arg(header->sectionSize(column))));
    }
}

// Runs `answer` on the next modal dialog of the given type, from the event
// loop the dialog's exec() runs.
template <typename Dialog> void whenModal(const std::function<void(Dialog *)> &answer) {
    auto *poll = new QTimer;
    QObject::connect(poll, &QTimer::timeout, poll, [poll, answer] {
        if (auto *dialog = qobject_cast<Dialog *>(QApplication::activeModalWidget())) {
            poll->deleteLater();
            answer(dialog);
        }
    });
    poll->start(20);
}

} // namespace

class TestUiPolish : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void patientPaneTellsTheTruth();
    void tablesFitTheirPane();
    void addPatientKeepsInputAndSaysWhy();
    void openingAMissingDatabaseAsks();
    void chartsHaveALinePerAccountAndSayWhenEmpty();
    void failedDeliveryCountsForAttention();
    void portalPatientThatIsNotThisOneIsFlagged();
    void german();
    void pluralsInTheCLocale();

private:
    void openWindow();
    void showPatient(qint64 patientId, PatientPage::Tab tab);
    void checkTablesFit(const QString &suffix);

    std::unique_ptr<DashboardFixture> m_fixture;
    std::unique_ptr<MainWindow> m_window;
};

// As under C.UTF-8, which has no translation of its own: the English one
// gives the plurals ("1 patient", "2 patients").
void TestUiPolish::initTestCase() {
    prepareDashboardTests();
    QLocale::setDefault(QLocale::c());
}

void TestUiPolish::init() {
    m_fixture = std::make_unique<DashboardFixture>();
    openWindow();
}

void TestUiPolish::cleanup() {
    m_window.reset();
    m_fixture.reset();
}

void TestUiPolish::openWindow() {
    m_window = openDashboard(*m_fixture, {1280, 800});
    QVERIFY(m_window);
}

void TestUiPolish::showPatient(qint64 patientId, PatientPage::Tab tab) {
    PatientPage *page = m_window->patientPage();
    QSignalSpy shown(page, &PatientPage::detailShown);
    QVERIFY(m_window->selectPatient(patientId));
    QVERIFY(shown.wait());
    page->tabs()->setCurrentIndex(tab);
    QTest::qWait(30);
}

void TestUiPolish::patientPaneTellsTheTruth() {
    // Patients exist, none is selected: the pane asks for a choice.
    QVERIFY(m_window->noPatientLabel()->isVisible());
    QCOMPARE(m_window->noPatientLabel()->text(),
             QStringLiteral("Select a patient to see their accounts, pulls and records."));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("polish-select-a-patient")));

    // An empty database says so, until a patient is added.
    m_window.reset();
    QTemporaryDir emptyDir;
    const std::shared_ptr<Database> empty = freshDatabase(Backend::Sqlite, emptyDir);
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->show();
    QSignalSpy loaded(m_window.get(), &MainWindow::patientsLoaded);
    m_window->openDatabase(empty, QStringLiteral("empty"));
    QVERIFY(loaded.wait());
    QCOMPARE(m_window->noPatientLabel()->text(), QStringLiteral("No patients yet."));
    const Patient added = PatientRepository(*empty).add(QStringLiteral("Ada Lovelace"));
    m_window->handlePatientAdded(added);
    QTRY_COMPARE(m_window->noPatientLabel()->text(),
                 QStringLiteral("Select a patient to see their accounts, pulls and records."));
    m_window.reset();
}

void TestUiPolish::checkTablesFit(const QString &suffix) {
    expectFits(m_window->patientView(), {PatientListModel::Status, PatientListModel::Attention},
               "patients");
    // What is left for the names still shows one.
    QVERIFY(
        m_window->patientView()->horizontalHeader()->sectionSize(PatientListModel::Name) >=
        m_window->patientView()->fontMetrics().horizontalAdvance(QStringLiteral("Ada Lovelace")));
    PatientPage *page = m_window->patientPage();
    showPatient(m_fixture->ada, PatientPage::AccountsTab);
    expectFits(page->accountView(),
               {AccountModel::Source, AccountModel::State, AccountModel::LastSuccessfulPull,
                AccountModel::NextPull, AccountModel::Resources},
               "accounts");
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("polish-accounts") + suffix));

    page->tabs()->setCurrentIndex(PatientPage::RecordsTab);
    QTRY_VERIFY(page->resourceCountModel()->rowCount() > 0);
    QTest::qWait(30);
    expectFits(page->countView(), {1}, "records");
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("polish-records") + suffix));

    page->tabs()->setCurrentIndex(PatientPage::PullsTab);
    QTest::qWait(30);
    QPushButton *retry = page->retryQueriesButton();
    QVERIFY2(retry->width() >= retry->sizeHint().width(), qPrintable(retry->text()));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("polish-pulls") + suffix));

    showPatient(m_fixture->grace, PatientPage::AccountsTab);
    expectFits(m_window->patientView(), {PatientListModel::Status}, "patients, attention");
    expectFits(page->accountView(), {AccountModel::State}, "accounts, refresh failed");
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("polish-attention") + suffix));
}

void TestUiPolish::tablesFitTheirPane() {
    checkTablesFit({});
}

void TestUiPolish::addPatientKeepsInputAndSaysWhy() {
    EngineOptions options;
    options.databaseLocation = m_fixture->location();
    options.keyFileOnly = true;
    options.processWork = false;
    Engine engine(options);
    QSignalSpy started(&engine, &Engine::started);
    engine.start();
    QVERIFY(started.wait(30000));
    QVERIFY(started.first().at(0).toBool());
    connect(m_window.get(), &MainWindow::addPatientRequested, &engine, &Engine::addPatient);
    connect(&engine, &Engine::patientAdded, m_window.get(), &MainWindow::handlePatientAdded);
    connect(&engine, &Engine::commandFailed, m_window.get(), &MainWindow::handleCommandFailed);

    m_window->addPatientAction()->trigger();
    auto *dialog = m_window->findChild<RequestDialog *>(QStringLiteral("addPatientDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    const QList<QLineEdit *> fields = dialog->findChildren<QLineEdit *>();
    QCOMPARE(fields.size(), 2);
    QVERIFY(!dialog->okButton()->isEnabled());
    QTest::keyClicks(fields.at(0), QStringLiteral("Ada King"));
    QTest::keyClicks(fields.at(1), QStringLiteral("A-1001"));
    QVERIFY(dialog->okButton()->isEnabled());
    dialog->okButton()->click();
    QTRY_VERIFY(dialog->errorLabel()->isVisible());
    QCOMPARE(dialog->errorLabel()->text(),
             QStringLiteral("Another patient already has the external ID A-1001."));
    QVERIFY(dialog->isVisible());
    QCOMPARE(fields.at(0)->text(), QStringLiteral("Ada King"));
    QCOMPARE(fields.at(1)->text(), QStringLiteral("A-1001"));
    QVERIFY(!m_window->findChild<QMessageBox *>());
    QVERIFY(saveScreenshot(dialog, QStringLiteral("polish-add-patient-duplicate")));

    fields.at(1)->setText(QStringLiteral("A-2001"));
    QSignalSpy added(&engine, &Engine::patientAdded);
    dialog->okButton()->click();
    QVERIFY(added.wait(10000));
    QTRY_VERIFY(!m_window->findChild<RequestDialog *>(QStringLiteral("addPatientDialog")));
    QTRY_COMPARE(m_window->selectedPatientId(), added.first().at(0).value<Patient>().id);
}

void TestUiPolish::openingAMissingDatabaseAsks() {
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("typo.sqlite"));
    QSignalSpy requested(m_window.get(), &MainWindow::openDatabaseRequested);
    QString question;
    int answered = 0;
    // Cancel at the question keeps the Open dialog; Yes opens.
    whenModal<QDialog>([&](QDialog *open) {
        open->findChild<QLineEdit *>()->setText(missing);
        whenModal<QMessageBox>([&, open](QMessageBox *box) {
            question = box->text();
            QVERIFY(saveScreenshot(box, QStringLiteral("polish-create-database")));
            box->button(QMessageBox::Cancel)->click();
            ++answered;
            QTimer::singleShot(50, open, [&, open] {
                QVERIFY(open->isVisible());
                whenModal<QMessageBox>([&](QMessageBox *again) {
                    again->button(QMessageBox::Yes)->click();
                    ++answered;
                });
                open->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Open)->click();
            });
        });
        open->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Open)->click();
    });
    m_window->openDatabaseAction()->trigger();
    QCOMPARE(answered, 2);
    QVERIFY2(question.contains(QLatin1String("There is no database at")), qPrintable(question));
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.first().first().toString(), missing);
    QVERIFY(!QFile::exists(missing));
}

void TestUiPolish::chartsHaveALinePerAccountAndSayWhenEmpty() {
    PatientPage *page = m_window->patientPage();
    showPatient(m_fixture->alan, PatientPage::ChartsTab);
    QVERIFY(page->growthEmptyLabel()->isVisible());
    QVERIFY(page->durationEmptyLabel()->isVisible());
    QVERIFY(page->growthEmptyLabel()->text().contains(QLatin1String("No data yet")));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("polish-charts-empty")));

    showPatient(m_fixture->ada, PatientPage::ChartsTab);
    QVERIFY(!page->growthEmptyLabel()->isVisible());
    QVERIFY(!page->durationEmptyLabel()->isVisible());
    for (QChart *chart : {page->growthChart(), page->durationChart()}) {
        QStringList names;
        for (QAbstractSeries *series : chart->series())
            names << series->name();
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("cerner"), QStringLiteral("epic")}));
        // The tick labels, as the axis formats them, are all different.
        auto *axis = static_cast<QDateTimeAxis *>(chart->axes(Qt::Horizontal).first());
        const qint64 from = axis->min().toMSecsSinceEpoch();
        const qint64 step = (axis->max().toMSecsSinceEpoch() - from) / (axis->tickCount() - 1);
        QSet<QString> labels;
        for (int tick = 0; tick < axis->tickCount(); ++tick)
            labels.insert(
                QDateTime::fromMSecsSinceEpoch(from + tick * step).toString(axis->format()));
        QCOMPARE(labels.size(), axis->tickCount());
    }
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("polish-charts")));
}

void TestUiPolish::failedDeliveryCountsForAttention() {
    const PatientListModel *model = m_window->patientModel();
    const QModelIndex ada =
        model->index(model->rowOfPatient(m_fixture->ada), PatientListModel::Attention);
    // Ada's accounts need nothing; her failed export delivery does.
    QCOMPARE(ada.data().toString(), QStringLiteral("1"));
    QCOMPARE(ada.data(Qt::ToolTipRole).toString(),
             QStringLiteral("1 account or export delivery needs attention"));
    QCOMPARE(model->index(model->rowOfPatient(m_fixture->ada), PatientListModel::Status)
                 .data()
                 .toString(),
             QStringLiteral("Partial"));

    // A delivery error that names its HTTP status says it once.
    DeliveryRepository(*m_fixture->db)
        .markFailed(m_fixture->failedDelivery, 503,
                    QStringLiteral("HTTP 503 Service Unavailable: down for maintenance"), {});
    showPatient(m_fixture->ada, PatientPage::ExportsTab);
    const DeliveryModel *deliveries = m_window->patientPage()->deliveryModel();
    QCOMPARE(deliveries->index(0, DeliveryModel::LastError).data().toString(),
             QStringLiteral("HTTP 503 Service Unavailable: down for maintenance"));
}

void TestUiPolish::portalPatientThatIsNotThisOneIsFlagged() {
    // Ada's epic account reached a portal record named Augusta Byron, which
    // Grace's epic account reached too.
    ConnectionRepository connections(*m_fixture->db);
    connections.setFhirPatientId(m_fixture->adaEpic, QStringLiteral("p-77"));
    connections.setFhirPatientId(m_fixture->graceEpic, QStringLiteral("p-77"));
    IncomingResource patient;
    patient.resourceType = QStringLiteral("Patient");
    patient.fhirId = QStringLiteral("p-77");
    patient.content = R"({"resourceType":"Patient","id":"p-77","name":[{"given":["Augusta"],)"
                      R"("family":"Byron"}],"birthDate":"1815-12-10"})";
    ResourceRepository(*m_fixture->db).store(m_fixture->adaEpic, m_fixture->adaEpicPull, {patient});

    showPatient(m_fixture->ada, PatientPage::AccountsTab);
    PatientPage *page = m_window->patientPage();
    const AccountModel *accounts = page->accountModel();
    const int row = accounts->rowOfKey(m_fixture->adaEpic);
    const QString warning =
        accounts->index(row, AccountModel::Source).data(Qt::ToolTipRole).toString();
    QVERIFY2(warning.contains(QLatin1String("This portal record (patient p-77) is also linked to "
                                            "Grace Hopper.")),
             qPrintable(warning));
    QVERIFY2(warning.contains(QLatin1String(
                 "The portal's patient is Augusta Byron (born 1815-12-10), not Ada Lovelace.")),
             qPrintable(warning));
    QVERIFY(!accounts->index(row, AccountModel::Source).data(Qt::DecorationRole).isNull());
    QVERIFY(accounts->index(row, AccountModel::Failure)
                .data()
                .toString()
                .contains(QLatin1String("Grace Hopper")));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("polish-identity-warning")));

    showPatient(m_fixture->grace, PatientPage::AccountsTab);
    const int graceRow = accounts->rowOfKey(m_fixture->graceEpic);
    QVERIFY(accounts->index(graceRow, AccountModel::Source)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QLatin1String("also linked to Ada Lovelace")));
}

void TestUiPolish::german() {
    QTranslator german;
    QVERIFY(german.load(QStringLiteral(":/i18n/medpull_de.qm")));
    QCoreApplication::installTranslator(&german);
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    m_window.reset();
    openWindow();
    QCOMPARE(m_window->noPatientLabel()->text(),
             QStringLiteral("Wählen Sie einen Patienten, um seine Konten, Abrufe und Daten zu "
                            "sehen."));
    QCOMPARE(m_window->patientCountLabel()->text(), QStringLiteral("4 Patienten"));
    checkTablesFit(QStringLiteral("-de"));
    showPatient(m_fixture->alan, PatientPage::ChartsTab);
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("polish-charts-empty-de")));
    showPatient(m_fixture->ada, PatientPage::ChartsTab);
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("polish-charts-de")));
    QLocale::setDefault(QLocale::c());
    QCoreApplication::removeTranslator(&german);
}

void TestUiPolish::pluralsInTheCLocale() {
    QCOMPARE(m_window->patientCountLabel()->text(), QStringLiteral("4 patients"));
    m_window->searchField()->setText(QStringLiteral("grace"));
    QCOMPARE(m_window->patientCountLabel()->text(), QStringLiteral("1 of 4 patients shown"));
    QCOMPARE(relativeTime(QDateTime::currentDateTimeUtc().addSecs(-3600)),
             QStringLiteral("1 hour ago"));
    m_window->handleEngineStatus(1, false, 2.0);
    QCOMPARE(m_window->engineStateLabel()->text(), QStringLiteral("Engine: 1 pull running"));
    for (const QString &text :
         {m_window->patientCountLabel()->text(), m_window->engineStateLabel()->text()})
        QVERIFY2(!text.contains(QLatin1String("(s)")), qPrintable(text));
}

QTEST_MAIN(TestUiPolish)
#include "tst_uipolish.moc"
