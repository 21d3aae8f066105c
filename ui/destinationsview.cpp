// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "destinationsview.h"

#include "dataservice.h"
#include "destinationsdeliverymodel.h"
#include "destinationsdialog.h"
#include "destinationsmodel.h"
#include "destinationspage.h"
#include "engine.h"
#include "tableview.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace medpull {

namespace {

// Changes made by other processes (a `medpull-cli run` on the same database)
// show within this long; the engine's own events refresh at once.
constexpr int refreshIntervalMs = 5000;

} // namespace

DestinationsView::DestinationsView(DataService *data, Engine *engine, QWidget *parent)
    : QWidget(parent)
    , m_data(data)
    , m_engine(engine)
    , m_destinations(new DestinationsModel(this))
    , m_deliveries(new DestinationsDeliveryModel(this)) {
    setObjectName(QStringLiteral("destinationsView"));
    auto *layout = new QVBoxLayout(this);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *heading = new QHBoxLayout;
    auto *title = new QLabel(tr("Export destinations"), left);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_add = new QPushButton(tr("Add…"), left);
    m_add->setEnabled(m_engine != nullptr);
    heading->addWidget(title, 1);
    heading->addWidget(m_add);
    leftLayout->addLayout(heading);
    m_list = new TableView(left);
    m_list->setModel(m_destinations);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->verticalHeader()->hide();
    m_list->setWordWrap(false);
    m_list->horizontalHeader()->setStretchLastSection(true);
    for (const int column : {DestinationsModel::Name, DestinationsModel::Kind,
                             DestinationsModel::Enabled, DestinationsModel::Failures})
        m_list->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_list->horizontalHeader()->resizeSection(DestinationsModel::LastDelivery, 130);
    leftLayout->addWidget(m_list);
    m_page = new DestinationPage(m_deliveries, splitter);
    m_page->setCommandsEnabled(m_engine != nullptr);
    splitter->addWidget(left);
    splitter->addWidget(m_page);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({400, 880});
    layout->addWidget(splitter);

    m_refreshTimer = new QTimer(this);
    m_refreshTimer->start(refreshIntervalMs);
    m_coalesce = new QTimer(this);
    m_coalesce->setSingleShot(true);
    m_coalesce->setInterval(150);
    connect(m_refreshTimer, &QTimer::timeout, this, &DestinationsView::refresh);
    connect(m_coalesce, &QTimer::timeout, this, &DestinationsView::refresh);

    connect(m_data, &DataService::destinationsLoaded, this,
            [this](quint64 request, const QList<DestinationSummary> &destinations) {
                if (request != m_destinationsRequest)
                    return;
                m_destinations->setDestinations(destinations);
                if (m_list->selectionModel()->selectedRows().isEmpty() && !destinations.isEmpty())
                    m_list->selectRow(0);
                else
                    selectionChanged();
            });
    connect(m_data, &DataService::deliveriesLoaded, this,
            [this](quint64 request, const DeliveryPage &page) {
                if (m_deliveryRequests.remove(request))
                    m_deliveries->setPage(page);
            });
    connect(m_data, &DataService::failed, this, [this](quint64 request, const QString &error) {
        if (request == m_destinationsRequest || m_deliveryRequests.remove(request))
            m_page->showMessage(tr("Cannot load the destinations: %1").arg(error));
    });
    connect(m_deliveries, &DestinationsDeliveryModel::moreRequested, this,
            [this](qint64 destinationId, int offset) {
                requestDeliveries(destinationId, offset, DestinationsDeliveryModel::pageSize);
            });
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &DestinationsView::selectionChanged);
    connect(m_add, &QPushButton::clicked, this, &DestinationsView::addDestination);
    connect(m_page, &DestinationPage::editRequested, this, &DestinationsView::editDestination);
    if (m_engine)
        bindEngine();
    refresh();
}

void DestinationsView::bindEngine() {
    connect(m_page, &DestinationPage::enabledChangeRequested, m_engine,
            [engine = m_engine](qint64 destinationId, bool enabled) {
                if (enabled)
                    engine->enableDestination(destinationId);
                else
                    engine->disableDestination(destinationId);
            });
    connect(m_page, &DestinationPage::retryDeliveryRequested, m_engine, &Engine::retryDelivery);
    connect(m_page, &DestinationPage::retryAllFailedRequested, m_engine,
            &Engine::retryAllFailedDeliveries);
    connect(m_engine, &Engine::deliveryChanged, this, &DestinationsView::scheduleRefresh);
    connect(m_engine, &Engine::destinationAdded, this, &DestinationsView::scheduleRefresh);
    connect(m_engine, &Engine::destinationChanged, this, &DestinationsView::scheduleRefresh);
    connect(m_engine, &Engine::deliveriesRetried, this, [this](qint64 destinationId, int count) {
        if (destinationId != m_deliveries->destinationId()) {
            scheduleRefresh();
            return;
        }
        m_page->showMessage(count > 0
                                ? tr("Retrying %n delivery(s) now.", nullptr, count)
                                : tr("Nothing to retry: no delivery failed or waits for a retry."));
        scheduleRefresh();
    });
    connect(m_engine, &Engine::commandFailed, this,
            [this](const QString &command, const QString &error) {
                static const QStringList shownHere{
                    QStringLiteral("retry delivery"), QStringLiteral("retry deliveries"),
                    QStringLiteral("enable destination"), QStringLiteral("disable destination")};
                if (shownHere.contains(command))
                    m_page->showMessage(error);
            });
}

void DestinationsView::showEvent(QShowEvent *event) {
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void DestinationsView::refresh() {
    // A hidden tab costs the GUI thread nothing while deliveries change.
    m_stale = !isVisible();
    if (m_stale)
        return;
    m_destinationsRequest = m_data->requestDestinations();
    if (const qint64 id = m_deliveries->destinationId())
        requestDeliveries(id, 0, m_deliveries->refreshLimit());
}

void DestinationsView::requestDeliveries(qint64 destinationId, int offset, int limit) {
    m_deliveryRequests.insert(m_data->requestDeliveries(destinationId, offset, limit));
}

void DestinationsView::scheduleRefresh() {
    m_coalesce->start();
}

void DestinationsView::selectionChanged() {
    const QModelIndexList rows = m_list->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        m_page->setSummary(std::nullopt);
        m_deliveries->showDestination(0);
        return;
    }
    const DestinationSummary &summary = m_destinations->rowAt(rows.first().row());
    m_page->setSummary(summary);
    if (m_deliveries->destinationId() != summary.destination.id) {
        m_page->showMessage({});
        m_deliveries->showDestination(summary.destination.id);
        requestDeliveries(summary.destination.id, 0, DestinationsDeliveryModel::pageSize);
    }
}

void DestinationsView::addDestination() {
    openDialog(ExportDestination());
}

void DestinationsView::editDestination(const ExportDestination &destination) {
    openDialog(destination);
}

void DestinationsView::openDialog(const ExportDestination &destination) {
    if (!m_engine)
        return;
    auto *dialog = new DestinationDialog(m_engine, destination, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace medpull
