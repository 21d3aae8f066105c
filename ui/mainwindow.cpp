// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "mainwindow.h"

#include "accountmodel.h"
#include "dataservice.h"
#include "destinationsview.h"
#include "eventendpointsview.h"
#include "inboxview.h"
#include "patientfiltermodel.h"
#include "patientlistmodel.h"
#include "patientpage.h"
#include "requestdialog.h"
#include "sourcespage.h"
#include "statuspresentation.h"
#include "tableview.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace medpull {

namespace {

enum DetailPage { NoPatientPage, PatientDetailPage };

QString settingsKey(const char *name) {
    return QStringLiteral("mainWindow/") + QLatin1String(name);
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_openUrl([](const QUrl &url) { return QDesktopServices::openUrl(url); })
    , m_refreshTimer(new QTimer(this))
    , m_clockTimer(new QTimer(this))
    , m_patients(new PatientListModel(this))
    , m_filter(new PatientFilterModel(this)) {
    setWindowTitle(tr("medpull"));
    setWindowIcon(statusIcon(StatusShape::Busy));
    m_filter->setSourceModel(m_patients);

    // Events about one patient arrive in bursts while pulls run; their rows
    // are reloaded together a moment later.
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(200);
    connect(m_refreshTimer, &QTimer::timeout, this, &MainWindow::flushRefreshes);
    m_clockTimer->setInterval(30 * 1000);
    connect(m_clockTimer, &QTimer::timeout, m_patients, &PatientListModel::refreshRelativeTimes);
    m_clockTimer->start();

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_banner = new QLabel(central);
    m_banner->setText(tr("Demo mode: the portals, patients and records shown are synthetic and "
                         "live in a temporary database that is deleted on exit."));
    m_banner->setWordWrap(true);
    m_banner->setMargin(6);
    m_banner->setAutoFillBackground(true);
    QPalette bannerPalette = m_banner->palette();
    bannerPalette.setColor(QPalette::Window, QColor(0xff, 0xf4, 0xce));
    bannerPalette.setColor(QPalette::WindowText, QColor(0x5d, 0x40, 0x37));
    m_banner->setPalette(bannerPalette);
    m_banner->hide();
    layout->addWidget(m_banner);
    m_databaseBanner = new QLabel(central);
    m_databaseBanner->setWordWrap(true);
    m_databaseBanner->setMargin(6);
    m_databaseBanner->setAutoFillBackground(true);
    m_databaseBanner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette outagePalette = m_databaseBanner->palette();
    outagePalette.setColor(QPalette::Window, QColor(0xfd, 0xec, 0xea));
    outagePalette.setColor(QPalette::WindowText, QColor(0x8a, 0x1c, 0x12));
    m_databaseBanner->setPalette(outagePalette);
    m_databaseBanner->hide();
    layout->addWidget(m_databaseBanner);
    m_views = new QTabWidget(central);
    m_views->setDocumentMode(true);
    m_views->addTab(createPatientsView(), tr("Patients"));
    m_inbox = new InboxView(m_views);
    m_views->addTab(m_inbox, QString());
    setInboxCount(0);
    connect(m_inbox, &InboxView::countChanged, this, &MainWindow::setInboxCount);
    connect(m_inbox, &InboxView::reconnectRequested, this, [this](qint64 connectionId) {
        m_userConnections.insert(connectionId);
        emit reconnectRequested(connectionId);
    });
    connect(m_inbox, &InboxView::retryFailedQueriesRequested, this,
            &MainWindow::retryFailedQueriesRequested);
    connect(m_inbox, &InboxView::pullConnectionRequested, this,
            &MainWindow::pullConnectionRequested);
    connect(m_inbox, &InboxView::retryDeliveryRequested, this, &MainWindow::retryDeliveryRequested);
    connect(m_inbox, &InboxView::openPullHistoryRequested, this, [this](qint64 patientId) {
        m_search->clear();
        m_attentionOnly->setChecked(false);
        if (selectPatient(patientId)) {
            m_views->setCurrentIndex(0);
            m_page->showPullHistory();
        }
    });
    layout->addWidget(m_views, 1);
    setCentralWidget(central);

    createActions();
    createMenus();

    m_engineState = new QLabel(this);
    m_rate = new QLabel(this);
    m_databaseLabel = new QLabel(this);
    m_databaseLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_engineState);
    statusBar()->addWidget(m_rate);
    statusBar()->addPermanentWidget(m_databaseLabel);
    handleEngineStatus(0, false, 0);

    QSettings settings;
    if (!restoreGeometry(settings.value(settingsKey("geometry")).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(settingsKey("state")).toByteArray());
    if (!m_splitter->restoreState(settings.value(settingsKey("splitter")).toByteArray()))
        m_splitter->setSizes({640, 760});
    setCommandsEnabled(false);
    closeDatabase(tr("No database is open. Use File › Open database… to open one."));
}

MainWindow::~MainWindow() = default;

QWidget *MainWindow::createPatientsView() {
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setChildrenCollapsible(false);

    auto *listSide = new QWidget(m_splitter);
    auto *listLayout = new QVBoxLayout(listSide);
    listLayout->setContentsMargins(6, 6, 0, 6);
    auto *filterRow = new QHBoxLayout;
    m_search = new QLineEdit(listSide);
    m_search->setPlaceholderText(tr("Search by name or ID"));
    m_search->setClearButtonEnabled(true);
    m_search->setToolTip(tr("Filter the patient list as you type (Ctrl+F)"));
    m_attentionOnly = new QCheckBox(tr("Needs a&ttention"), listSide);
    m_attentionOnly->setToolTip(tr("Show only patients with an account that needs action"));
    filterRow->addWidget(m_search, 1);
    filterRow->addWidget(m_attentionOnly);
    listLayout->addLayout(filterRow);

    m_patientView = new TableView(listSide);
    m_patientView->setModel(m_filter);
    m_patientView->setSortingEnabled(true);
    m_patientView->sortByColumn(PatientListModel::Name, Qt::AscendingOrder);
    // Remembered widths first; then the widths that depend on the words
    // shown, so that no language's status is cut short.
    m_patientView->rememberColumns(QStringLiteral("patients"));
    QHeaderView *header = m_patientView->horizontalHeader();
    m_patientView->fitColumn(PatientListModel::ExternalId, {QStringLiteral("A-0000")});
    QStringList statuses;
    for (const RecordStatus status :
         {RecordStatus::NotConnected, RecordStatus::Syncing, RecordStatus::UpToDate,
          RecordStatus::Partial, RecordStatus::Attention})
        statuses << statusText(status);
    m_patientView->fitColumn(PatientListModel::Status, statuses, true);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_patientView->fitColumn(
        PatientListModel::LatestPull,
        {relativeTime(now.addSecs(-59 * 60), now), relativeTime(now.addSecs(-23 * 3600), now)});
    m_patientView->fitColumn(PatientListModel::Accounts, {});
    m_patientView->fitColumn(PatientListModel::Attention, {}, true);
    header->setSectionResizeMode(PatientListModel::Name, QHeaderView::Stretch);
    header->setStretchLastSection(false);
    listLayout->addWidget(m_patientView, 1);
    m_patientCount = new QLabel(listSide);
    m_patientCount->setForegroundRole(QPalette::PlaceholderText);
    listLayout->addWidget(m_patientCount);

    m_detailStack = new QStackedWidget(m_splitter);
    m_noPatient = new QLabel(m_detailStack);
    m_noPatient->setAlignment(Qt::AlignCenter);
    m_noPatient->setWordWrap(true);
    m_noPatient->setMargin(24);
    m_noPatient->setForegroundRole(QPalette::PlaceholderText);
    m_page = new PatientPage(m_detailStack);
    m_detailStack->insertWidget(NoPatientPage, m_noPatient);
    m_detailStack->insertWidget(PatientDetailPage, m_page);
    m_splitter->addWidget(listSide);
    m_splitter->addWidget(m_detailStack);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);

    connect(m_search, &QLineEdit::textChanged, m_filter, &PatientFilterModel::setSearchText);
    connect(m_search, &QLineEdit::textChanged, this, &MainWindow::updatePatientCount);
    connect(m_attentionOnly, &QCheckBox::toggled, m_filter, &PatientFilterModel::setAttentionOnly);
    connect(m_attentionOnly, &QCheckBox::toggled, this, &MainWindow::updatePatientCount);
    connect(m_patientView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::currentPatientChanged);
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_patientView->setFocus();
        if (!m_patientView->currentIndex().isValid() && m_filter->rowCount() > 0)
            m_patientView->setCurrentIndex(m_filter->index(0, 0));
    });

    connect(m_page, &PatientPage::pullNowRequested, this, &MainWindow::pullNowRequested);
    connect(m_page, &PatientPage::connectSourceRequested, this, &MainWindow::connectSource);
    connect(m_page, &PatientPage::pullConnectionRequested, this,
            &MainWindow::pullConnectionRequested);
    connect(m_page, &PatientPage::reconnectRequested, this, [this](qint64 connectionId) {
        m_userConnections.insert(connectionId);
        emit reconnectRequested(connectionId);
    });
    connect(m_page, &PatientPage::disconnectRequested, this, &MainWindow::disconnectRequested);
    connect(m_page, &PatientPage::retryFailedQueriesRequested, this,
            &MainWindow::retryFailedQueriesRequested);
    connect(m_page, &PatientPage::retryDeliveryRequested, this,
            &MainWindow::retryDeliveryRequested);
    return m_splitter;
}

void MainWindow::createActions() {
    QStyle *s = style();
    m_openDatabaseAction =
        new QAction(s->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open database…"), this);
    m_openDatabaseAction->setShortcut(QKeySequence::Open);
    m_openDatabaseAction->setToolTip(tr("Open a SQLite file or a PostgreSQL database"));
    connect(m_openDatabaseAction, &QAction::triggered, this, &MainWindow::openDatabaseDialog);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_addPatientAction =
        new QAction(s->standardIcon(QStyle::SP_FileIcon), tr("Add &patient…"), this);
    m_addPatientAction->setShortcut(QKeySequence::New);
    m_addPatientAction->setToolTip(tr("Register a new patient"));
    connect(m_addPatientAction, &QAction::triggered, this, &MainWindow::addPatient);

    m_addSourceAction =
        new QAction(s->standardIcon(QStyle::SP_DriveNetIcon), tr("Add &source…"), this);
    m_addSourceAction->setToolTip(tr("Add a patient-access FHIR portal by its base URL"));
    connect(m_addSourceAction, &QAction::triggered, this, &MainWindow::addSource);

    m_connectAction =
        new QAction(s->standardIcon(QStyle::SP_CommandLink), tr("&Connect a source…"), this);
    m_connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_connectAction->setToolTip(tr("Start the selected patient's authorization at a portal"));
    connect(m_connectAction, &QAction::triggered, this,
            [this] { connectSource(selectedPatientId()); });

    m_pullNowAction = new QAction(s->standardIcon(QStyle::SP_BrowserReload), tr("P&ull now"), this);
    m_pullNowAction->setShortcuts({QKeySequence::Refresh, QKeySequence(Qt::CTRL | Qt::Key_R)});
    m_pullNowAction->setToolTip(tr("Pull every active account of the selected patient now"));
    connect(m_pullNowAction, &QAction::triggered, this, [this] {
        if (const qint64 id = selectedPatientId())
            emit pullNowRequested(id);
    });

    m_findAction = new QAction(tr("&Find patient"), this);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });

    m_attentionAction = new QAction(tr("Only patients needing &attention"), this);
    m_attentionAction->setCheckable(true);
    m_attentionAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    connect(m_attentionAction, &QAction::toggled, m_attentionOnly, &QCheckBox::setChecked);
    connect(m_attentionOnly, &QCheckBox::toggled, m_attentionAction, &QAction::setChecked);

    m_pauseAction = new QAction(s->standardIcon(QStyle::SP_MediaPause), tr("&Pause pulls"), this);
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_pauseAction->setToolTip(tr("Pause or resume all background pulls"));
    connect(m_pauseAction, &QAction::triggered, this, &MainWindow::pauseRequested);

    m_aboutAction = new QAction(tr("&About medpull"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::about);
}

void MainWindow::createMenus() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openDatabaseAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *patients = menuBar()->addMenu(tr("&Patients"));
    patients->addAction(m_addPatientAction);
    patients->addAction(m_connectAction);
    patients->addAction(m_pullNowAction);
    patients->addSeparator();
    patients->addAction(m_findAction);
    patients->addAction(m_attentionAction);

    QMenu *sources = menuBar()->addMenu(tr("&Sources"));
    sources->addAction(m_addSourceAction);

    QMenu *engine = menuBar()->addMenu(tr("&Engine"));
    engine->addAction(m_pauseAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setMovable(false);
    toolbar->addAction(m_addPatientAction);
    toolbar->addAction(m_addSourceAction);
    toolbar->addAction(m_connectAction);
    toolbar->addAction(m_pullNowAction);
    toolbar->addSeparator();
    toolbar->addAction(m_pauseAction);
    toolbar->addSeparator();
    toolbar->addAction(m_openDatabaseAction);
}

void MainWindow::openDatabase(std::shared_ptr<const Database> database, const QString &location,
                              Engine *engine) {
    m_page->setDataService(nullptr);
    delete m_views->findChild<DestinationsView *>();
    delete m_views->findChild<SourcesPage *>();
    delete m_views->findChild<EventEndpointsView *>();
    m_service = std::make_unique<DataService>(database);
    m_views->addTab(new DestinationsView(m_service.get(), engine, m_views), tr("Destinations"));
    m_views->addTab(new SourcesPage(m_service.get(), engine, m_views), tr("Sources"));
    m_views->addTab(new EventEndpointsView(m_service.get(), engine, m_views),
                    tr("Event endpoints"));
    m_location = location;
    m_summaryRequests.clear();
    connect(m_service.get(), &DataService::summariesLoaded, this, &MainWindow::onSummariesLoaded);
    connect(m_service.get(), &DataService::summaryLoaded, this, &MainWindow::onSummaryLoaded);
    connect(m_service.get(), &DataService::sourcesLoaded, this, &MainWindow::onSourcesLoaded);
    connect(m_service.get(), &DataService::failed, this, &MainWindow::onLoadFailed);
    m_page->setDataService(m_service.get());
    m_inbox->setDataService(m_service.get());
    m_patients->setSummaries({});
    m_databaseLabel->setText(tr("Database: %1").arg(location));
    m_noPatient->setText(tr("Loading patients…"));
    m_detailStack->setCurrentIndex(NoPatientPage);
    m_summariesRequest = m_service->requestSummaries();
    updateActions();
}

void MainWindow::closeDatabase(const QString &reason) {
    m_page->setDataService(nullptr);
    m_inbox->setDataService(nullptr);
    m_page->showPatient(0);
    delete m_views->findChild<DestinationsView *>();
    delete m_views->findChild<SourcesPage *>();
    delete m_views->findChild<EventEndpointsView *>();
    m_service.reset();
    m_location.clear();
    m_patients->setSummaries({});
    m_databaseLabel->setText(tr("No database"));
    m_noPatient->setText(reason);
    m_patientView->setEmptyText(reason);
    m_detailStack->setCurrentIndex(NoPatientPage);
    updatePatientCount();
    updateActions();
}

void MainWindow::setDemoMode(bool demo) {
    m_banner->setVisible(demo);
    setWindowTitle(demo ? tr("medpull — demo") : tr("medpull"));
}

void MainWindow::setCommandsEnabled(bool enabled) {
    m_commandsEnabled = enabled;
    updateActions();
}

void MainWindow::setUrlOpener(std::function<bool(const QUrl &)> opener) {
    m_openUrl = std::move(opener);
}

void MainWindow::updateActions() {
    const bool ready = m_commandsEnabled && m_service;
    const bool patient = ready && selectedPatientId() != 0;
    m_addPatientAction->setEnabled(ready);
    m_addSourceAction->setEnabled(ready);
    m_connectAction->setEnabled(patient);
    m_pullNowAction->setEnabled(patient);
    m_pauseAction->setEnabled(ready);
    m_page->setEnabled(m_service != nullptr);
    m_inbox->setCommandsEnabled(ready);
}

void MainWindow::updatePatientCount() {
    const int total = m_patients->rowCount();
    const int shown = m_filter->rowCount();
    if (!m_service)
        m_patientCount->clear();
    else if (shown == total)
        m_patientCount->setText(tr("%n patient(s)", nullptr, total));
    else
        m_patientCount->setText(tr("%1 of %n patient(s) shown", nullptr, total).arg(shown));
    if (m_service && total == 0)
        m_patientView->setEmptyText(
            tr("No patients yet. Add one with Patients › Add patient…, or start medpull with "
               "--demo to explore synthetic data."));
    else if (m_service)
        m_patientView->setEmptyText(tr("No patient matches the search or filter."));
    updateNoPatientText();
}

void MainWindow::updateNoPatientText() {
    // "Loading" until the first list arrives, and the reason while closed.
    if (!m_service || m_summariesRequest != 0)
        return;
    if (m_patients->rowCount() == 0)
        m_noPatient->setText(tr("No patients yet."));
    else if (m_filter->rowCount() == 0)
        m_noPatient->setText(tr("No patient matches the search or filter."));
    else
        m_noPatient->setText(tr("Select a patient to see their accounts, pulls and records."));
}

void MainWindow::onSummariesLoaded(quint64 request, const QList<PatientSummary> &summaries) {
    if (request != m_summariesRequest)
        return;
    m_summariesRequest = 0;
    m_patients->setSummaries(summaries);
    updatePatientCount();
    if (m_pendingSelection != 0 && selectPatient(m_pendingSelection))
        m_pendingSelection = 0;
    emit patientsLoaded();
}

void MainWindow::onSummaryLoaded(quint64 request, const PatientSummary &summary) {
    if (!m_summaryRequests.remove(request))
        return;
    m_patients->updateSummary(summary);
    updatePatientCount();
    if (summary.patient.id == m_pendingSelection && selectPatient(m_pendingSelection))
        m_pendingSelection = 0;
}

void MainWindow::onLoadFailed(quint64, const QString &error) {
    statusBar()->showMessage(tr("Could not read the database: %1").arg(error), 10000);
}

bool MainWindow::selectPatient(qint64 patientId) {
    const int sourceRow = m_patients->rowOfPatient(patientId);
    if (sourceRow < 0)
        return false;
    const QModelIndex index = m_filter->mapFromSource(m_patients->index(sourceRow, 0));
    if (!index.isValid())
        return false;
    m_patientView->setCurrentIndex(index);
    m_patientView->scrollTo(index);
    return true;
}

qint64 MainWindow::selectedPatientId() const {
    const QModelIndex current = m_patientView->currentIndex();
    return current.isValid() ? current.data(PatientListModel::PatientIdRole).toLongLong() : 0;
}

void MainWindow::currentPatientChanged() {
    const qint64 id = selectedPatientId();
    if (id == 0) {
        m_detailStack->setCurrentIndex(NoPatientPage);
    } else {
        m_page->showPatient(id);
        m_detailStack->setCurrentIndex(PatientDetailPage);
    }
    updateActions();
}

void MainWindow::refreshPatient(qint64 patientId) {
    m_dirtyPatients.insert(patientId);
    if (!m_refreshTimer->isActive())
        m_refreshTimer->start();
}

void MainWindow::refreshPatientOfConnection(qint64 connectionId) {
    m_dirtyConnections.insert(connectionId);
    if (!m_refreshTimer->isActive())
        m_refreshTimer->start();
}

void MainWindow::refreshPatientOfPull(qint64 pullId) {
    m_dirtyPulls.insert(pullId);
    if (!m_refreshTimer->isActive())
        m_refreshTimer->start();
}

void MainWindow::flushRefreshes() {
    if (!m_service)
        return;
    for (qint64 id : std::as_const(m_dirtyPatients))
        m_summaryRequests.insert(m_service->requestSummary(id));
    for (qint64 id : std::as_const(m_dirtyConnections))
        m_summaryRequests.insert(m_service->requestSummaryForConnection(id));
    for (qint64 id : std::as_const(m_dirtyPulls))
        m_summaryRequests.insert(m_service->requestSummaryForPull(id));
    m_dirtyPatients.clear();
    m_dirtyConnections.clear();
    m_dirtyPulls.clear();
}

void MainWindow::handlePatientAdded(const Patient &patient) {
    // Select the patient someone just added here, not every one the engine adds.
    if (m_userAddedPatient == qMakePair(patient.displayName, patient.externalId)) {
        m_pendingSelection = patient.id;
        m_userAddedPatient = {};
        if (m_addPatientDialog)
            m_addPatientDialog->succeeded();
    }
    refreshPatient(patient.id);
}

void MainWindow::handleSourceAdded(const Source &source) {
    if (m_addSourceDialog && m_addSourceDialog->isWaiting())
        m_addSourceDialog->succeeded();
    statusBar()->showMessage(tr("Source %1 added.").arg(source.name), 5000);
}

void MainWindow::setInboxCount(int count) {
    const int index = m_views->indexOf(m_inbox);
    m_views->setTabText(index,
                        count > 0 ? tr("Needs attention (%1)").arg(count) : tr("Needs attention"));
    m_views->setTabIcon(index, count > 0 ? statusIcon(StatusShape::Problem) : QIcon());
}

void MainWindow::handlePull(const Pull &pull) {
    refreshPatientOfConnection(pull.connectionId);
    if (isSettled(pull.status))
        m_inbox->scheduleRefresh();
    m_page->handlePull(pull);
}

void MainWindow::handleProgress(qint64, qint64 connectionId, const AccountProgress &progress) {
    m_page->handleProgress(connectionId, progress);
}

void MainWindow::handleConnection(const Connection &connection) {
    refreshPatient(connection.patientId);
    m_inbox->scheduleRefresh();
    m_page->handleConnection(connection);
    // A connect from here names its new account (in `pending`) before its URL.
    if (connection.state == ConnectionState::Pending &&
        m_userConnects.remove({connection.patientId, connection.sourceId})) {
        m_userConnections.insert(connection.id);
        if (m_unclaimedUrls.contains(connection.id))
            showWaiting(connection.id, m_unclaimedUrls.take(connection.id));
    } else if (connection.state != ConnectionState::Pending) {
        m_unclaimedUrls.remove(connection.id);
        m_userConnections.remove(connection.id);
        if (QDialog *waiting = m_waiting.take(connection.id)) {
            waiting->done(QDialog::Accepted);
            waiting->deleteLater();
            statusBar()->showMessage(
                connection.state == ConnectionState::Active
                    ? tr("The account is connected; the first pull starts now.")
                    : tr("The connection did not complete: %1").arg(statusText(connection.state)),
                8000);
        }
    }
}

void MainWindow::handleConnectionRemoved(qint64 connectionId, qint64 patientId) {
    m_unclaimedUrls.remove(connectionId);
    m_userConnections.remove(connectionId);
    if (QDialog *waiting = m_waiting.take(connectionId))
        waiting->deleteLater();
    refreshPatient(patientId);
    m_inbox->scheduleRefresh();
    m_page->handleConnectionRemoved(connectionId);
}

void MainWindow::handleAuthEvent(const AuthEvent &event) {
    m_page->handleAuthEvent(event);
}

void MainWindow::handleDelivery(const Delivery &delivery) {
    m_page->handleDelivery(delivery);
    refreshPatientOfPull(delivery.pullId);
    m_inbox->scheduleRefresh();
}

void MainWindow::handleAuthorizeUrl(qint64 connectionId, const QUrl &url) {
    // The URL may arrive before the pending connection is known as ours.
    if (m_userConnections.contains(connectionId))
        showWaiting(connectionId, url);
    else
        m_unclaimedUrls.insert(connectionId, url);
}

void MainWindow::showWaiting(qint64 connectionId, const QUrl &url) {
    if (m_waiting.contains(connectionId))
        return;
    const bool opened = m_openUrl(url);
    auto *waiting = new QDialog(this);
    waiting->setObjectName(QStringLiteral("waitingForAuthorization"));
    waiting->setWindowTitle(tr("Waiting for authorization"));
    auto *layout = new QVBoxLayout(waiting);
    auto *text = new QLabel(opened ? tr("The portal's sign-in page is open in the browser. This "
                                        "window closes when the patient has approved or denied "
                                        "access. The sign-in address:")
                                   : tr("The browser could not be opened. Open this address to "
                                        "sign in:"),
                            waiting);
    text->setWordWrap(true);
    layout->addWidget(text);
    // An address has no spaces to wrap at: a read-only text box wraps it
    // anywhere and keeps it whole for selecting.
    auto *address = new QPlainTextEdit(url.toString(), waiting);
    address->setObjectName(QStringLiteral("signInAddress"));
    address->setReadOnly(true);
    address->setWordWrapMode(QTextOption::WrapAnywhere);
    address->setFixedHeight(address->fontMetrics().lineSpacing() * 6 + 2 * address->frameWidth() +
                            8);
    layout->addWidget(address);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, waiting);
    QPushButton *copy = buttons->addButton(tr("&Copy address"), QDialogButtonBox::ActionRole);
    copy->setObjectName(QStringLiteral("copyAddress"));
    QPushButton *again =
        buttons->addButton(tr("Open the page again"), QDialogButtonBox::ActionRole);
    layout->addWidget(buttons);
    waiting->resize(520, waiting->sizeHint().height());
    connect(copy, &QPushButton::clicked, waiting, [copy, url] {
        QApplication::clipboard()->setText(url.toString());
        copy->setText(tr("Copied"));
    });
    connect(again, &QPushButton::clicked, this, [this, url] { m_openUrl(url); });
    connect(buttons, &QDialogButtonBox::rejected, waiting, &QDialog::reject);
    connect(waiting, &QDialog::rejected, this, [this, connectionId] {
        if (QDialog *box = m_waiting.take(connectionId)) {
            box->deleteLater();
            emit cancelConnectRequested(connectionId);
        }
    });
    m_waiting.insert(connectionId, waiting);
    waiting->open();
}

void MainWindow::handleEngineStatus(int runningPulls, bool paused, double pagesPerSecond) {
    QString state;
    if (paused)
        state = tr("Engine: paused");
    else if (runningPulls == 0)
        state = tr("Engine: idle");
    else
        state = tr("Engine: %n pull(s) running", nullptr, runningPulls);
    m_engineState->setText(state);
    m_engineState->setToolTip(paused ? tr("Background pulls are paused")
                                     : tr("Pulls running in the background"));
    m_rate->setText(runningPulls > 0
                        ? tr("%1 pages/s").arg(QLocale().toString(pagesPerSecond, 'f', 1))
                        : QString());
    m_pauseAction->setChecked(paused);
    m_pauseAction->setText(paused ? tr("Resume &pulls") : tr("&Pause pulls"));
    m_pauseAction->setIcon(
        style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
}

void MainWindow::handleDatabaseStatus(bool unavailable, const QString &error) {
    m_databaseBanner->setText(
        tr("Database unavailable, retrying: %1. Nothing is lost; pulls resume where they "
           "stopped once it is back.")
            .arg(error));
    m_databaseBanner->setVisible(unavailable);
}

void MainWindow::handleCommandFailed(const QString &command, const QString &error) {
    // The Destinations tab and its dialog show these where they were asked for.
    static const QStringList shownInPlace{
        QStringLiteral("test destination"), QStringLiteral("save destination"),
        QStringLiteral("enable destination"), QStringLiteral("disable destination"),
        QStringLiteral("retry deliveries")};
    if (shownInPlace.contains(command))
        return;
    // A refused Add patient / Add source is said in its dialog, input kept.
    RequestDialog *dialog = command == QLatin1String("add patient")  ? m_addPatientDialog.data()
                            : command == QLatin1String("add source") ? m_addSourceDialog.data()
                                                                     : nullptr;
    if (dialog && dialog->isWaiting()) {
        if (dialog == m_addPatientDialog)
            m_userAddedPatient = {};
        dialog->failed(error);
        return;
    }
    // The engine names its commands in words ("add source", "connect", ...).
    static const QHash<QString, const char *> titles{
        {QStringLiteral("add patient"), QT_TR_NOOP("The patient could not be added")},
        {QStringLiteral("add source"), QT_TR_NOOP("The source could not be added")},
        {QStringLiteral("connect"), QT_TR_NOOP("The source could not be connected")},
        {QStringLiteral("reconnect"), QT_TR_NOOP("The account could not be reconnected")},
        {QStringLiteral("disconnect"), QT_TR_NOOP("The account could not be disconnected")},
        {QStringLiteral("pull"), QT_TR_NOOP("The pull could not be started")},
        {QStringLiteral("pull now"), QT_TR_NOOP("The pull could not be started")},
        {QStringLiteral("retry"), QT_TR_NOOP("The retry could not be queued")},
        {QStringLiteral("retry delivery"), QT_TR_NOOP("The delivery could not be retried")},
        {QStringLiteral("schedule"), QT_TR_NOOP("The pull could not be scheduled")},
        {QStringLiteral("demo"), QT_TR_NOOP("The demo could not be set up")},
    };
    const char *title = titles.value(command);
    // Not modal: engine events keep flowing while the message is shown.
    auto *box =
        new QMessageBox(QMessageBox::Warning, title ? tr(title) : tr("Something went wrong"), error,
                        QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    statusBar()->showMessage(error, 10000);
}

void MainWindow::showDatabaseError(const QString &location, const QString &error) {
    QMessageBox box(QMessageBox::Critical, tr("Cannot open the database"),
                    tr("The database %1 could not be opened.").arg(location), QMessageBox::Ok,
                    this);
    box.setInformativeText(error);
    box.exec();
}

void MainWindow::addPatient() {
    if (m_addPatientDialog) {
        m_addPatientDialog->activateWindow();
        return;
    }
    auto *dialog = new RequestDialog(tr("Add patient"), this);
    dialog->setObjectName(QStringLiteral("addPatientDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto *name = new QLineEdit(dialog);
    auto *externalId = new QLineEdit(dialog);
    externalId->setPlaceholderText(tr("optional, e.g. the clinic's record number"));
    dialog->form()->addRow(tr("&Name:"), name);
    dialog->form()->addRow(tr("&External ID:"), externalId);
    connect(name, &QLineEdit::textChanged, dialog,
            [dialog](const QString &text) { dialog->setInputValid(!text.trimmed().isEmpty()); });
    connect(dialog, &RequestDialog::submitted, this, [this, name, externalId] {
        m_userAddedPatient = {name->text().trimmed(), externalId->text().trimmed()};
        emit addPatientRequested(name->text().trimmed(), externalId->text().trimmed());
    });
    m_addPatientDialog = dialog;
    dialog->open();
}

void MainWindow::addSource() {
    if (m_addSourceDialog) {
        m_addSourceDialog->activateWindow();
        return;
    }
    auto *dialog = new RequestDialog(tr("Add source"), this);
    dialog->setObjectName(QStringLiteral("addSourceDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto *name = new QLineEdit(dialog);
    auto *base = new QLineEdit(dialog);
    base->setPlaceholderText(QStringLiteral("https://fhir.example.org/r4"));
    auto *clientId = new QLineEdit(QStringLiteral("medpull"), dialog);
    dialog->form()->addRow(tr("&Name:"), name);
    dialog->form()->addRow(tr("FHIR &base URL:"), base);
    dialog->form()->addRow(tr("&Client ID:"), clientId);
    auto *hint = new QLabel(tr("medpull reads the portal's SMART configuration and "
                               "CapabilityStatement; a problem with either is shown here."),
                            dialog);
    hint->setWordWrap(true);
    dialog->form()->addRow(hint);
    const auto validate = [=] {
        const QUrl url(base->text().trimmed());
        dialog->setInputValid(!name->text().trimmed().isEmpty() && url.isValid() &&
                              !url.scheme().isEmpty() && !url.host().isEmpty() &&
                              !clientId->text().trimmed().isEmpty());
    };
    connect(name, &QLineEdit::textChanged, dialog, validate);
    connect(base, &QLineEdit::textChanged, dialog, validate);
    connect(clientId, &QLineEdit::textChanged, dialog, validate);
    validate();
    connect(dialog, &RequestDialog::submitted, this, [this, name, base, clientId] {
        emit addSourceRequested(name->text().trimmed(), QUrl(base->text().trimmed()),
                                clientId->text().trimmed());
    });
    m_addSourceDialog = dialog;
    dialog->open();
}

void MainWindow::connectSource(qint64 patientId) {
    if (!m_service || patientId == 0 || !m_commandsEnabled)
        return;
    m_connectPatient = patientId;
    m_sourcesRequest = m_service->requestSources();
}

void MainWindow::onSourcesLoaded(quint64 request, const QList<Source> &sources) {
    if (request != m_sourcesRequest || m_connectPatient == 0)
        return;
    const qint64 patientId = std::exchange(m_connectPatient, 0);
    if (sources.isEmpty()) {
        QMessageBox::information(this, tr("Connect a source"),
                                 tr("There is no source yet. Add the portal first with "
                                    "Sources › Add source…"));
        return;
    }
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Connect a source"));
    auto *form = new QFormLayout(&dialog);
    auto *combo = new QComboBox(&dialog);
    for (const Source &source : sources)
        combo->addItem(tr("%1 — %2").arg(source.name, source.fhirBase.toString()), source.id);
    form->addRow(tr("&Source:"), combo);
    auto *hint = new QLabel(tr("The portal's sign-in page opens in the browser, where the "
                               "patient approves access."),
                            &dialog);
    hint->setWordWrap(true);
    form->addRow(hint);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() == QDialog::Accepted) {
        const qint64 sourceId = combo->currentData().toLongLong();
        // Connecting again reconnects the patient's account at that source.
        qint64 existing = 0;
        if (m_page->patientId() == patientId) {
            for (const AccountInfo &account : m_page->accountModel()->rows()) {
                if (account.connection.sourceId == sourceId)
                    existing = account.connection.id;
            }
        }
        if (existing != 0)
            m_userConnections.insert(existing);
        else
            m_userConnects.insert({patientId, sourceId});
        emit connectSourceRequested(patientId, sourceId);
    }
}

void MainWindow::openDatabaseDialog() {
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Open database"));
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(
        tr("A SQLite file, or a PostgreSQL URL such as postgresql://user@host/medpull:"), &dialog));
    auto *row = new QHBoxLayout;
    auto *location = new QLineEdit(m_location, &dialog);
    location->setMinimumWidth(420);
    auto *browse = new QPushButton(tr("&Browse…"), &dialog);
    row->addWidget(location, 1);
    row->addWidget(browse);
    layout->addLayout(row);
    auto *buttons =
        new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, &dialog);
    layout->addWidget(buttons);
    connect(browse, &QPushButton::clicked, &dialog, [&dialog, location] {
        const QString file = QFileDialog::getSaveFileName(
            &dialog, QObject::tr("SQLite database"), location->text(),
            QObject::tr("SQLite databases (*.sqlite *.db);;All files (*)"), nullptr,
            QFileDialog::DontConfirmOverwrite);
        if (!file.isEmpty())
            location->setText(file);
    });
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&dialog, location] {
        const QString path = location->text().trimmed();
        if (path.isEmpty())
            return;
        // A mistyped path would otherwise become a new, empty database.
        if (!path.startsWith(QLatin1String("postgresql://")) && !QFileInfo::exists(path) &&
            QMessageBox::question(&dialog, tr("Create a new database?"),
                                  tr("There is no database at %1. Create a new, empty one "
                                     "there?")
                                      .arg(QDir::toNativeSeparators(path)),
                                  QMessageBox::Yes | QMessageBox::Cancel,
                                  QMessageBox::Cancel) != QMessageBox::Yes)
            return;
        dialog.accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() == QDialog::Accepted)
        emit openDatabaseRequested(location->text().trimmed());
}

void MainWindow::about() {
    QMessageBox::about(
        this, tr("About medpull"),
        tr("<h3>medpull %1</h3><p>Pulls patients' records from patient-access FHIR portals in "
           "the background, keeps them current and delivers them to export destinations.</p>"
           "<p>Built with Qt %2.</p>")
                .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())) +
            tr("<p>Copyright 2026 medpull developers.</p><p>medpull is free software under the "
               "GNU General Public License, version 3 or any later version "
               "(GPL-3.0-or-later), and comes with no warranty. The licence's text is in "
               "/usr/share/common-licenses/GPL-3 and at "
               "<a href=\"https://www.gnu.org/licenses/gpl-3.0.html\">gnu.org</a>.</p>"));
}

void MainWindow::closeEvent(QCloseEvent *event) {
    QSettings settings;
    settings.setValue(settingsKey("geometry"), saveGeometry());
    settings.setValue(settingsKey("state"), saveState());
    settings.setValue(settingsKey("splitter"), m_splitter->saveState());
    QMainWindow::closeEvent(event);
}

} // namespace medpull
