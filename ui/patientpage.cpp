// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "patientpage.h"

#include "accountmodel.h"
#include "autheventmodel.h"
#include "chartmodel.h"
#include "dataservice.h"
#include "deliverymodel.h"
#include "errorcode.h"
#include "progressdelegate.h"
#include "pullhistorymodel.h"
#include "querymodel.h"
#include "resourcecountmodel.h"
#include "statuspresentation.h"
#include "tableview.h"

#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QDateTimeAxis>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QListView>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QVXYModelMapper>
#include <QValueAxis>

namespace medpull {

namespace {

constexpr int resourceKeyLimit = 1000;
constexpr int resourceKeyRole = Qt::UserRole + 1;

QString selectedSetting(const QString &name) {
    return QStringLiteral("patientPage/") + name;
}

} // namespace

PatientPage::PatientPage(QWidget *parent)
    : QWidget(parent)
    , m_refreshTimer(new QTimer(this))
    , m_queriesTimer(new QTimer(this))
    , m_accounts(new AccountModel(this))
    , m_pulls(new PullHistoryModel(this))
    , m_queries(new QueryModel(this))
    , m_authEvents(new AuthEventModel(this))
    , m_deliveries(new DeliveryModel(this))
    , m_counts(new ResourceCountModel(this))
    , m_keys(new QStandardItemModel(this))
    , m_growth(new ChartModel(this))
    , m_durations(new ChartModel(this)) {
    // Engine events come in bursts; one reload answers a burst.
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(150);
    connect(m_refreshTimer, &QTimer::timeout, this, [this] {
        if (m_service && m_patientId != 0)
            m_detailRequest = m_service->requestDetail(m_patientId);
    });
    m_queriesTimer->setSingleShot(true);
    m_queriesTimer->setInterval(300);
    connect(m_queriesTimer, &QTimer::timeout, this, &PatientPage::requestQueries);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buildHeader());
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(buildAccountsTab(), tr("&Accounts"));
    m_tabs->addTab(buildPullsTab(), tr("Pull &history"));
    m_tabs->addTab(buildExportsTab(), tr("&Exports"));
    m_tabs->addTab(buildAuthTab(), tr("A&uthorization"));
    m_tabs->addTab(buildRecordsTab(), tr("&Records"));
    m_tabs->addTab(buildChartsTab(), tr("C&harts"));
    layout->addWidget(m_tabs, 1);

    QSettings settings;
    m_pullSplitter->restoreState(
        settings.value(selectedSetting(QStringLiteral("pullSplitter"))).toByteArray());
    m_recordsSplitter->restoreState(
        settings.value(selectedSetting(QStringLiteral("recordsSplitter"))).toByteArray());
    m_tabs->setCurrentIndex(settings.value(selectedSetting(QStringLiteral("tab")), 0).toInt());
}

PatientPage::~PatientPage() {
    QSettings settings;
    settings.setValue(selectedSetting(QStringLiteral("pullSplitter")), m_pullSplitter->saveState());
    settings.setValue(selectedSetting(QStringLiteral("recordsSplitter")),
                      m_recordsSplitter->saveState());
    settings.setValue(selectedSetting(QStringLiteral("tab")), m_tabs->currentIndex());
}

QWidget *PatientPage::buildHeader() {
    auto *header = new QWidget(this);
    auto *grid = new QGridLayout(header);
    grid->setContentsMargins(12, 10, 12, 6);
    grid->setHorizontalSpacing(6);
    m_name = new QLabel(header);
    QFont nameFont = m_name->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.4);
    nameFont.setBold(true);
    m_name->setFont(nameFont);
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_statusIcon = new QLabel(header);
    m_status = new QLabel(header);
    m_latestPull = new QLabel(header);
    m_latestPull->setContentsMargins(16, 0, 0, 0);
    m_connect = new QPushButton(tr("Connect a &source…"), header);
    m_connect->setToolTip(tr("Start the patient's authorization at another portal"));
    m_pullNow =
        new QPushButton(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Pull now"), header);
    m_pullNow->setToolTip(tr("Pull every active account of this patient now"));
    grid->addWidget(m_name, 0, 0, 1, 4);
    grid->addWidget(m_statusIcon, 1, 0);
    grid->addWidget(m_status, 1, 1);
    grid->addWidget(m_latestPull, 1, 2);
    grid->setColumnStretch(3, 1);
    grid->addWidget(m_connect, 0, 4, 2, 1, Qt::AlignTop);
    grid->addWidget(m_pullNow, 0, 5, 2, 1, Qt::AlignTop);
    connect(m_pullNow, &QPushButton::clicked, this, [this] { emit pullNowRequested(m_patientId); });
    connect(m_connect, &QPushButton::clicked, this,
            [this] { emit connectSourceRequested(m_patientId); });
    return header;
}

QWidget *PatientPage::buildAccountsTab() {
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_accountView = new TableView(page);
    m_accountView->setModel(m_accounts);
    m_accountView->setEmptyText(
        tr("This patient has no accounts yet. Use \"Connect a source\" to start the "
           "patient's authorization at a portal."));
    m_accountView->setItemDelegateForColumn(
        AccountModel::State, new ProgressDelegate(AccountModel::ProgressValueRole,
                                                  AccountModel::ProgressTextRole, this));
    // Every column in view at 1280×800 whatever was remembered: the next
    // step takes what is left and shows the rest in its tooltip.
    m_accountView->rememberColumns(QStringLiteral("accounts"));
    QHeaderView *header = m_accountView->horizontalHeader();
    header->setStretchLastSection(false);
    QStringList states;
    for (const ConnectionState state :
         {ConnectionState::Pending, ConnectionState::Active, ConnectionState::AuthFailed,
          ConnectionState::RefreshFailed, ConnectionState::Disconnected})
        states << AccountModel::stateText(state, false);
    states << AccountModel::stateText(ConnectionState::Active, true);
    m_accountView->fitColumn(AccountModel::State, states, true);
    header->setSectionResizeMode(AccountModel::Failure, QHeaderView::Stretch);
    layout->addWidget(m_accountView, 1);

    m_failure = new QLabel(page);
    m_failure->setWordWrap(true);
    m_failure->setTextFormat(Qt::RichText);
    m_failure->setFrameShape(QFrame::StyledPanel);
    m_failure->setMargin(8);
    m_failure->hide();
    layout->addWidget(m_failure);

    auto *buttons = new QHBoxLayout;
    m_pullAccount = new QPushButton(tr("Pull this &account now"), page);
    m_pullAccount->setToolTip(tr("Pull the selected account now"));
    m_reconnect = new QPushButton(tr("Re&connect…"), page);
    m_reconnect->setToolTip(
        tr("Open the portal's sign-in page in the browser so the patient can authorize again"));
    m_disconnect = new QPushButton(tr("&Disconnect…"), page);
    m_disconnect->setToolTip(tr("Stop pulling this account; its history is kept"));
    buttons->addWidget(m_pullAccount);
    buttons->addWidget(m_reconnect);
    buttons->addWidget(m_disconnect);
    buttons->addStretch();
    layout->addLayout(buttons);

    connect(m_pullAccount, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedConnectionId())
            emit pullConnectionRequested(id);
    });
    connect(m_reconnect, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedConnectionId())
            emit reconnectRequested(id);
    });
    connect(m_disconnect, &QPushButton::clicked, this, [this] {
        const qint64 id = selectedConnectionId();
        if (id == 0)
            return;
        const auto answer = QMessageBox::question(
            this, tr("Disconnect account"),
            tr("Stop pulling this account? The stored records and the history are kept; the "
               "patient has to authorize again to resume."),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer == QMessageBox::Yes)
            emit disconnectRequested(id);
    });
    connect(m_accountView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &PatientPage::updateAccountActions);
    connect(m_accounts, &QAbstractItemModel::dataChanged, this, &PatientPage::updateAccountActions);
    connect(m_accounts, &QAbstractItemModel::rowsInserted, this,
            &PatientPage::updateAccountActions);
    connect(m_accounts, &QAbstractItemModel::modelReset, this, &PatientPage::updateAccountActions);
    updateAccountActions();
    return page;
}

QWidget *PatientPage::buildPullsTab() {
    m_pullSplitter = new QSplitter(Qt::Vertical, this);
    m_pullSplitter->setChildrenCollapsible(false);
    m_pullView = new TableView(m_pullSplitter);
    m_pullView->setModel(m_pulls);
    m_pullView->setEmptyText(tr("No pulls yet. A pull starts when an account is connected, "
                                "on schedule, or with \"Pull now\"."));
    QHeaderView *header = m_pullView->horizontalHeader();
    header->resizeSection(PullHistoryModel::Started, 150);
    header->resizeSection(PullHistoryModel::Account, 90);
    header->resizeSection(PullHistoryModel::Duration, 80);
    header->resizeSection(PullHistoryModel::Trigger, 140);
    header->resizeSection(PullHistoryModel::Status, 110);
    header->resizeSection(PullHistoryModel::New, 70);
    header->resizeSection(PullHistoryModel::Updated, 70);
    m_pullView->rememberColumns(QStringLiteral("pulls"));
    // Whatever was remembered, each status shows whole in every language.
    QStringList pullStatuses;
    for (const PullStatus status : {PullStatus::Queued, PullStatus::Running, PullStatus::Succeeded,
                                    PullStatus::Partial, PullStatus::Failed, PullStatus::Cancelled})
        pullStatuses << statusText(status);
    m_pullView->fitColumn(PullHistoryModel::Status, pullStatuses, true);
    m_pullSplitter->addWidget(m_pullView);

    auto *queriesBox = new QWidget(m_pullSplitter);
    auto *layout = new QVBoxLayout(queriesBox);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *titleRow = new QHBoxLayout;
    m_queriesTitle = new QLabel(tr("Select a pull to see its queries."), queriesBox);
    m_retryQueries = new QPushButton(tr("Re&try failed queries"), queriesBox);
    m_retryQueries->setToolTip(
        tr("Queue a retry pull that runs only the queries that failed in this pull"));
    titleRow->addWidget(m_queriesTitle, 1);
    titleRow->addWidget(m_retryQueries);
    layout->addLayout(titleRow);
    m_queryView = new TableView(queriesBox);
    m_queryView->setModel(m_queries);
    m_queryView->setEmptyText(tr("No queries to show."));
    QHeaderView *queryHeader = m_queryView->horizontalHeader();
    queryHeader->resizeSection(QueryModel::ResourceType, 170);
    queryHeader->resizeSection(QueryModel::Status, 110);
    queryHeader->resizeSection(QueryModel::Pages, 60);
    queryHeader->resizeSection(QueryModel::Resources, 80);
    queryHeader->resizeSection(QueryModel::Attempts, 70);
    queryHeader->resizeSection(QueryModel::HttpStatus, 90);
    m_queryView->rememberColumns(QStringLiteral("queries"));
    QStringList queryStatuses;
    for (const QueryStatus status :
         {QueryStatus::Pending, QueryStatus::Running, QueryStatus::Succeeded, QueryStatus::Failed,
          QueryStatus::Cancelled, QueryStatus::NotAvailable})
        queryStatuses << statusText(status);
    m_queryView->fitColumn(QueryModel::Status, queryStatuses, true);
    m_queryView->fitColumn(QueryModel::Attempts, {});
    layout->addWidget(m_queryView, 1);
    m_pullSplitter->addWidget(queriesBox);
    m_pullSplitter->setStretchFactor(0, 3);
    m_pullSplitter->setStretchFactor(1, 2);

    connect(m_pullView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &PatientPage::selectedPullChanged);
    connect(m_pulls, &QAbstractItemModel::dataChanged, this, &PatientPage::updateRetryQueries);
    connect(m_pulls, &PullHistoryModel::loaded, this, [this] {
        if (!m_pullView->currentIndex().isValid() && m_pulls->rowCount() > 0)
            m_pullView->setCurrentIndex(m_pulls->index(0, 0));
    });
    connect(m_retryQueries, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedPullId()) {
            m_retryQueries->setEnabled(false);
            emit retryFailedQueriesRequested(id);
        }
    });
    updateRetryQueries();
    return m_pullSplitter;
}

QWidget *PatientPage::buildExportsTab() {
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_deliveryView = new TableView(page);
    m_deliveryView->setModel(m_deliveries);
    m_deliveryView->setEmptyText(
        tr("Nothing was exported for this patient yet. Deliveries appear here once an "
           "export destination is set up and a pull brings new data."));
    QHeaderView *header = m_deliveryView->horizontalHeader();
    header->resizeSection(DeliveryModel::Destination, 140);
    header->resizeSection(DeliveryModel::Account, 90);
    header->resizeSection(DeliveryModel::Status, 110);
    header->resizeSection(DeliveryModel::Attempts, 70);
    header->resizeSection(DeliveryModel::NextAttempt, 110);
    m_deliveryView->rememberColumns(QStringLiteral("deliveries"));
    Delivery retrying;
    retrying.lastError = QStringLiteral("-");
    QStringList deliveryStatuses{statusText(retrying)};
    for (const DeliveryStatus status : {DeliveryStatus::Pending, DeliveryStatus::Delivering,
                                        DeliveryStatus::Delivered, DeliveryStatus::Failed})
        deliveryStatuses << statusText(status);
    m_deliveryView->fitColumn(DeliveryModel::Status, deliveryStatuses, true);
    layout->addWidget(m_deliveryView, 1);
    auto *buttons = new QHBoxLayout;
    m_retryDelivery = new QPushButton(tr("&Retry delivery"), page);
    m_retryDelivery->setToolTip(tr("Send the selected failed delivery again now"));
    buttons->addWidget(m_retryDelivery);
    buttons->addStretch();
    layout->addLayout(buttons);
    connect(m_retryDelivery, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedDeliveryId()) {
            m_retryDelivery->setEnabled(false);
            emit retryDeliveryRequested(id);
        }
    });
    connect(m_deliveryView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &PatientPage::updateRetryDelivery);
    connect(m_deliveries, &QAbstractItemModel::dataChanged, this,
            &PatientPage::updateRetryDelivery);
    updateRetryDelivery();
    return page;
}

QWidget *PatientPage::buildAuthTab() {
    m_authView = new TableView(this);
    m_authView->setModel(m_authEvents);
    m_authView->setEmptyText(tr("No authorization steps recorded for this patient yet."));
    QHeaderView *header = m_authView->horizontalHeader();
    header->resizeSection(AuthEventModel::Time, 150);
    header->resizeSection(AuthEventModel::Source, 90);
    header->resizeSection(AuthEventModel::Event, 140);
    header->resizeSection(AuthEventModel::Outcome, 90);
    header->resizeSection(AuthEventModel::ErrorCode, 120);
    m_authView->rememberColumns(QStringLiteral("authEvents"));
    return m_authView;
}

QWidget *PatientPage::buildRecordsTab() {
    m_recordsSplitter = new QSplitter(Qt::Horizontal, this);
    m_recordsSplitter->setChildrenCollapsible(false);
    m_countView = new TableView(m_recordsSplitter);
    m_countView->setModel(m_counts);
    m_countView->setEmptyText(tr("No resources stored yet."));
    m_countView->horizontalHeader()->setStretchLastSection(false);
    m_countView->horizontalHeader()->setSectionResizeMode(ResourceCountModel::ResourceType,
                                                          QHeaderView::Stretch);
    m_countView->horizontalHeader()->setSectionResizeMode(ResourceCountModel::Count,
                                                          QHeaderView::ResizeToContents);
    m_countView->setMinimumWidth(210);
    m_keyView = new QListView(m_recordsSplitter);
    m_keyView->setModel(m_keys);
    m_keyView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_keyView->setUniformItemSizes(true);
    m_json = new QPlainTextEdit(m_recordsSplitter);
    m_json->setReadOnly(true);
    m_json->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_json->setPlaceholderText(
        tr("Select a resource type, then a resource, to see its stored JSON."));
    m_recordsSplitter->addWidget(m_countView);
    m_recordsSplitter->addWidget(m_keyView);
    m_recordsSplitter->addWidget(m_json);
    m_recordsSplitter->setSizes({220, 200, 460});
    connect(m_countView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &PatientPage::selectedTypeChanged);
    connect(m_keyView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &PatientPage::selectedResourceChanged);
    return m_recordsSplitter;
}

namespace {

// Both charts plot values over the time their pulls finished.
void setTimeAxes(QChart *chart, const QString &valueTitle, const QString &labelFormat) {
    for (QAbstractAxis *axis : chart->axes())
        chart->removeAxis(axis);
    auto *x = new QDateTimeAxis(chart);
    x->setTitleText(QCoreApplication::translate("medpull::PatientPage", "Pull finished"));
    x->setTickCount(5);
    auto *y = new QValueAxis(chart);
    y->setTitleText(valueTitle);
    y->setLabelFormat(labelFormat);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries *series : chart->series()) {
        series->attachAxis(x);
        series->attachAxis(y);
    }
}

} // namespace

QWidget *PatientPage::buildChartsTab() {
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    // Until a pull has finished a chart has nothing to draw: it says so.
    const auto chartView = [page](QChart *chart, QLabel *&empty) {
        chart->legend()->setAlignment(Qt::AlignRight);
        auto *view = new QChartView(chart, page);
        view->setRenderHint(QPainter::Antialiasing);
        auto *overlay = new QVBoxLayout(view);
        empty = new QLabel(tr("No data yet: the chart fills in as pulls finish."), view);
        empty->setAlignment(Qt::AlignCenter);
        empty->setForegroundRole(QPalette::PlaceholderText);
        overlay->addWidget(empty);
        return view;
    };
    m_growthChart = new QChart;
    m_growthChart->setTitle(tr("Resources stored over time, per account"));
    m_growthView = chartView(m_growthChart, m_growthEmpty);
    m_durationChart = new QChart;
    m_durationChart->setTitle(tr("Duration of recent pulls, per account"));
    m_durationView = chartView(m_durationChart, m_durationEmpty);
    layout->addWidget(m_growthView, 1);
    layout->addWidget(m_durationView, 1);

    const auto remapGrowth = [this] {
        remapChart(m_growthChart, m_growth, tr("Resources"), QStringLiteral("%.0f"));
    };
    const auto remapDurations = [this] {
        remapChart(m_durationChart, m_durations, tr("Seconds"), QStringLiteral("%.1f"));
    };
    connect(m_growth, &ChartModel::blocksChanged, this, remapGrowth);
    connect(m_durations, &ChartModel::blocksChanged, this, remapDurations);
    connect(m_growth, &ChartModel::rangeChanged, this, &PatientPage::updateChartAxes);
    connect(m_durations, &ChartModel::rangeChanged, this, &PatientPage::updateChartAxes);
    remapGrowth();
    remapDurations();
    return page;
}

// One series per block (account) of the model, each following its rows.
void PatientPage::remapChart(QChart *chart, ChartModel *model, const QString &valueTitle,
                             const QString &labelFormat) {
    chart->removeAllSeries();
    qDeleteAll(chart->findChildren<QVXYModelMapper *>());
    for (const ChartModel::Block &block : model->blocks()) {
        auto *series = new QLineSeries(chart);
        series->setName(block.name);
        series->setPointsVisible(true);
        chart->addSeries(series);
        auto *mapper = new QVXYModelMapper(chart);
        mapper->setXColumn(ChartModel::X);
        mapper->setYColumn(ChartModel::Y);
        mapper->setFirstRow(block.firstRow);
        mapper->setRowCount(block.rowCount);
        mapper->setSeries(series);
        mapper->setModel(model);
    }
    setTimeAxes(chart, valueTitle, labelFormat);
    updateChartAxes();
}

void PatientPage::updateChartAxes() {
    const auto apply = [](QChart *chart, const ChartModel *model, QLabel *empty) {
        const bool noData = model->rowCount() == 0;
        empty->setVisible(noData);
        const auto horizontal = chart->axes(Qt::Horizontal);
        const auto vertical = chart->axes(Qt::Vertical);
        if (horizontal.isEmpty() || vertical.isEmpty())
            return;
        // Without data the axes would only label a made-up day.
        horizontal.first()->setLabelsVisible(!noData);
        vertical.first()->setLabelsVisible(!noData);
        const QDateTime now = QDateTime::currentDateTime();
        // A single point still gets a visible span around it.
        const qint64 minX =
            noData ? now.addDays(-1).toMSecsSinceEpoch() : qint64(model->minimum().x()) - 60000;
        const qint64 maxX = noData
                                ? now.toMSecsSinceEpoch()
                                : qMax<qint64>(qint64(model->maximum().x()), minX + 60000) + 60000;
        auto *x = static_cast<QDateTimeAxis *>(horizontal.first());
        x->setFormat(chartTimeFormat((maxX - minX) / qMax(1, x->tickCount() - 1)));
        x->setRange(QDateTime::fromMSecsSinceEpoch(minX), QDateTime::fromMSecsSinceEpoch(maxX));
        const double maxY = noData ? 1.0 : qMax(1.0, model->maximum().y() * 1.15);
        static_cast<QValueAxis *>(vertical.first())->setRange(0, maxY);
    };
    apply(m_growthChart, m_growth, m_growthEmpty);
    apply(m_durationChart, m_durations, m_durationEmpty);
}

void PatientPage::setDataService(DataService *service) {
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    m_pulls->setDataService(service);
    if (!m_service)
        return;
    connect(m_service, &DataService::detailLoaded, this, &PatientPage::onDetailLoaded);
    connect(m_service, &DataService::queriesLoaded, this, &PatientPage::onQueriesLoaded);
    connect(m_service, &DataService::resourceKeysLoaded, this, &PatientPage::onResourceKeysLoaded);
    connect(m_service, &DataService::resourceLoaded, this, &PatientPage::onResourceLoaded);
    connect(m_service, &DataService::failed, this, [this](quint64 request, const QString &error) {
        if (request == m_detailRequest)
            m_name->setText(tr("This patient could not be loaded: %1").arg(error));
    });
}

void PatientPage::showPatient(qint64 patientId) {
    if (patientId == m_patientId && m_loaded)
        return;
    m_patientId = patientId;
    m_loaded = false;
    m_refreshTimer->stop();
    m_accounts->clear();
    m_authEvents->clear();
    m_deliveries->clear();
    m_counts->setCounts({});
    m_keys->clear();
    m_json->clear();
    m_queries->setQueries(0, {});
    m_queriesTitle->setText(tr("Select a pull to see its queries."));
    m_growth->setLines({});
    m_durations->setLines({});
    m_failure->hide();
    m_name->setText(tr("Loading…"));
    m_status->clear();
    m_statusIcon->clear();
    m_latestPull->clear();
    m_pulls->setPatient(patientId);
    updateRetryQueries();
    if (m_service && m_patientId != 0)
        m_detailRequest = m_service->requestDetail(m_patientId);
}

void PatientPage::scheduleRefresh() {
    if (!m_refreshTimer->isActive())
        m_refreshTimer->start();
}

void PatientPage::onDetailLoaded(quint64 request, const PatientDetail &detail) {
    if (request != m_detailRequest || detail.summary.patient.id != m_patientId)
        return;
    m_loaded = true;
    const PatientSummary &summary = detail.summary;
    m_name->setText(
        summary.patient.externalId.isEmpty()
            ? summary.patient.displayName
            : tr("%1  (%2)").arg(summary.patient.displayName, summary.patient.externalId));
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_statusIcon->setPixmap(statusIconFor(summary.recordStatus).pixmap(iconSize, iconSize));
    m_status->setText(statusText(summary.recordStatus));
    if (summary.latestPullAt.isValid()) {
        m_latestPull->setText(tr("Latest pull: %1").arg(relativeTime(summary.latestPullAt)));
        m_latestPull->setToolTip(exactTime(summary.latestPullAt));
    } else {
        m_latestPull->setText(tr("No pull has finished yet"));
        m_latestPull->setToolTip({});
    }
    bool anyActive = false;
    for (const AccountInfo &account : detail.accounts)
        anyActive = anyActive || account.connection.state == ConnectionState::Active;
    m_pullNow->setEnabled(anyActive);

    m_accounts->setAccounts(detail.accounts);
    // The short columns take what their texts need (a header's
    // ResizeToContents does not follow changed rows); the next step the rest.
    for (const int column : {AccountModel::Source, AccountModel::LastSuccessfulPull,
                             AccountModel::NextPull, AccountModel::Resources})
        m_accountView->resizeColumnToContents(column);
    if (!m_accountView->currentIndex().isValid() && m_accounts->rowCount() > 0)
        m_accountView->setCurrentIndex(m_accounts->index(0, 0));
    QHash<qint64, QString> names;
    for (const AccountInfo &account : detail.accounts)
        names.insert(account.connection.id, account.sourceName);
    m_pulls->setAccountNames(names);
    m_authEvents->setEvents(detail.authEvents);
    m_deliveries->setDeliveries(detail.deliveries);
    m_counts->setCounts(detail.countsByType);
    m_growth->setLines(detail.growth);
    m_durations->setLines(detail.durations);
    updateAccountActions();
    emit detailShown();
}

void PatientPage::handlePull(const Pull &pull) {
    if (m_accounts->rowOfKey(pull.connectionId) < 0)
        return;
    m_pulls->updatePull(pull);
    if (isSettled(pull.status)) {
        m_accounts->clearProgress(pull.connectionId);
        scheduleRefresh();
    }
    if (pull.id == selectedPullId()) {
        updateRetryQueries();
        if (!m_queriesTimer->isActive())
            m_queriesTimer->start();
    }
}

void PatientPage::handleProgress(qint64 connectionId, const AccountProgress &progress) {
    if (m_accounts->rowOfKey(connectionId) < 0)
        return;
    m_accounts->setProgress(connectionId, progress);
    if (progress.pullId == selectedPullId() && !m_queriesTimer->isActive())
        m_queriesTimer->start();
}

void PatientPage::handleConnection(const Connection &connection) {
    if (connection.patientId != m_patientId)
        return;
    m_accounts->updateConnection(connection);
    scheduleRefresh();
}

void PatientPage::showPullHistory() {
    m_tabs->setCurrentIndex(1);
}

void PatientPage::handleConnectionRemoved(qint64 connectionId) {
    if (m_accounts->rowOfKey(connectionId) >= 0)
        scheduleRefresh();
}

void PatientPage::handleAuthEvent(const AuthEvent &event) {
    if (m_accounts->rowOfKey(event.connectionId) >= 0)
        scheduleRefresh();
}

void PatientPage::handleDelivery(const Delivery &delivery) {
    if (!m_deliveries->updateDelivery(delivery) && m_patientId != 0)
        scheduleRefresh();
    updateRetryDelivery();
}

qint64 PatientPage::selectedConnectionId() const {
    const QModelIndex current = m_accountView->selectionModel()->currentIndex();
    if (!current.isValid() || !m_accountView->selectionModel()->isRowSelected(current.row()))
        return 0;
    return m_accounts->connectionIdAt(current.row());
}

qint64 PatientPage::selectedPullId() const {
    const QModelIndex current = m_pullView->currentIndex();
    return current.isValid() ? current.data(PullHistoryModel::PullIdRole).toLongLong() : 0;
}

qint64 PatientPage::selectedDeliveryId() const {
    const QModelIndex current = m_deliveryView->currentIndex();
    return current.isValid() ? current.data(DeliveryModel::DeliveryIdRole).toLongLong() : 0;
}

void PatientPage::updateAccountActions() {
    const qint64 id = selectedConnectionId();
    const int row = m_accounts->rowOfKey(id);
    std::optional<ConnectionState> state;
    if (row >= 0)
        state = m_accounts->rowAt(row).connection.state;
    m_pullAccount->setEnabled(state == ConnectionState::Active && !m_accounts->isPulling(id));
    m_reconnect->setEnabled(state && *state != ConnectionState::Active);
    m_disconnect->setEnabled(state && *state != ConnectionState::Disconnected);

    // The selected account's problem, or else the first account with one.
    const AccountInfo *shown = row >= 0 ? &m_accounts->rowAt(row) : nullptr;
    if (!shown || !shown->connection.failureKind) {
        shown = nullptr;
        for (const AccountInfo &account : m_accounts->rows()) {
            if (account.connection.failureKind) {
                shown = &account;
                break;
            }
        }
    }
    if (!shown) {
        // No failure; a portal record that may be someone else's needs a look.
        for (const AccountInfo &account : m_accounts->rows()) {
            if (!account.identityWarnings.isEmpty()) {
                m_failure->setText(
                    tr("<b>Check whose records %1 sends.</b> %2")
                        .arg(account.sourceName.toHtmlEscaped(),
                             account.identityWarnings.join(QLatin1Char(' ')).toHtmlEscaped()));
                m_failure->show();
                return;
            }
        }
        m_failure->hide();
        return;
    }
    const FailureKind kind = *shown->connection.failureKind;
    QString text = tr("<b>%1 at %2.</b> %3<br><b>Next step:</b> %4")
                       .arg(failureKindText(kind).toHtmlEscaped(),
                            shown->sourceName.toHtmlEscaped(), failureMeaning(kind).toHtmlEscaped(),
                            accountNextStep(shown->connection).toHtmlEscaped());
    if (!shown->connection.failureDetail.isEmpty())
        text += tr("<br><b>Details:</b> %1")
                    .arg(errorText(shown->connection.failureDetail).toHtmlEscaped());
    m_failure->setText(text);
    m_failure->show();
}

void PatientPage::selectedPullChanged() {
    m_queriesTimer->stop();
    requestQueries();
    updateRetryQueries();
}

void PatientPage::requestQueries() {
    const qint64 pullId = selectedPullId();
    if (!m_service || pullId == 0) {
        m_queries->setQueries(0, {});
        return;
    }
    m_queriesRequest = m_service->requestQueries(pullId);
}

void PatientPage::onQueriesLoaded(quint64 request, qint64 pullId, const QList<PullQuery> &queries) {
    if (request != m_queriesRequest || pullId != selectedPullId())
        return;
    m_queries->setQueries(pullId, queries);
    const int failed = m_queries->failedCount();
    m_queriesTitle->setText(failed > 0
                                ? tr("Queries of pull %1: %n failed", nullptr, failed).arg(pullId)
                                : tr("Queries of pull %1").arg(pullId));
    updateRetryQueries();
    emit queriesShown();
}

void PatientPage::updateRetryQueries() {
    const QModelIndex current = m_pullView->currentIndex();
    bool enabled = false;
    if (current.isValid() && m_queries->pullId() == selectedPullId()) {
        const auto status = PullStatus(current.data(PullHistoryModel::PullStatusRole).toInt());
        enabled = isSettled(status) && m_queries->failedCount() > 0;
    }
    m_retryQueries->setEnabled(enabled);
}

void PatientPage::updateRetryDelivery() {
    const QModelIndex current = m_deliveryView->currentIndex();
    m_retryDelivery->setEnabled(
        current.isValid() &&
        DeliveryStatus(current.data(DeliveryModel::DeliveryStatusRole).toInt()) ==
            DeliveryStatus::Failed);
}

void PatientPage::selectedTypeChanged() {
    m_keys->clear();
    m_json->clear();
    const QModelIndex current = m_countView->currentIndex();
    if (!m_service || !current.isValid())
        return;
    m_keysRequest = m_service->requestResourceKeys(
        m_patientId, current.data(ResourceCountModel::ResourceTypeRole).toString(),
        resourceKeyLimit);
}

void PatientPage::onResourceKeysLoaded(quint64 request, const QList<ResourceKey> &keys) {
    if (request != m_keysRequest)
        return;
    m_keys->clear();
    for (const ResourceKey &key : keys) {
        auto *item = new QStandardItem(tr("%1 (%2)").arg(key.fhirId, key.sourceName));
        item->setToolTip(tr("%1/%2 from %3").arg(key.resourceType, key.fhirId, key.sourceName));
        item->setData(QVariant::fromValue(key), resourceKeyRole);
        m_keys->appendRow(item);
    }
}

void PatientPage::selectedResourceChanged() {
    const QModelIndex current = m_keyView->currentIndex();
    if (!m_service || !current.isValid())
        return;
    m_resourceRequest =
        m_service->requestResource(current.data(resourceKeyRole).value<ResourceKey>());
}

void PatientPage::onResourceLoaded(quint64 request, const ResourceKey &, const QString &json) {
    if (request != m_resourceRequest)
        return;
    m_json->setPlainText(json);
    emit resourceShown();
}

} // namespace medpull
