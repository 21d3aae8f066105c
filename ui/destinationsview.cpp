// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "destinationsview.h"

#include "destinationsdeliverymodel.h"
#include "destinationsdialog.h"
#include "destinationservice.h"
#include "destinationsmodel.h"
#include "destinationspage.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace medpull {

namespace {

constexpr int refreshIntervalMs = 5000;

} // namespace

DestinationsView::DestinationsView(std::shared_ptr<const Database> database, QWidget *parent)
    : QWidget(parent)
    , m_service(new DestinationService(std::move(database)))
    , m_destinations(new DestinationsModel(this))
    , m_deliveries(new DestinationsDeliveryModel(this)) {
    m_thread.setObjectName(QStringLiteral("destinations"));
    m_service->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_service, &QObject::deleteLater);
    m_thread.start();

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
    auto *add = new QPushButton(tr("Add…"), left);
    heading->addWidget(title, 1);
    heading->addWidget(add);
    leftLayout->addLayout(heading);
    m_list = new QTableView(left);
    m_list->setModel(m_destinations);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->verticalHeader()->hide();
    m_list->setWordWrap(false);
    m_list->horizontalHeader()->setStretchLastSection(true);
    m_list->horizontalHeader()->resizeSection(DestinationsModel::Name, 110);
    m_list->horizontalHeader()->resizeSection(DestinationsModel::Kind, 100);
    m_list->horizontalHeader()->resizeSection(DestinationsModel::Enabled, 65);
    m_list->horizontalHeader()->resizeSection(DestinationsModel::Failures, 130);
    m_list->horizontalHeader()->resizeSection(DestinationsModel::LastDelivery, 130);
    leftLayout->addWidget(m_list);
    m_page = new DestinationPage(m_deliveries, splitter);
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

    connect(m_service, &DestinationService::destinationsLoaded, this,
            [this](const QList<DestinationSummary> &destinations) {
                m_destinations->setDestinations(destinations);
                if (m_list->selectionModel()->selectedRows().isEmpty() && !destinations.isEmpty())
                    m_list->selectRow(0);
                else
                    selectionChanged();
            });
    connect(m_service, &DestinationService::deliveriesLoaded, m_deliveries,
            &DestinationsDeliveryModel::setPage);
    connect(m_deliveries, &DestinationsDeliveryModel::moreRequested, m_service,
            [service = m_service](qint64 destinationId, int offset) {
                service->loadDeliveries(destinationId, DestinationsDeliveryModel::pageSize, offset);
            });
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &DestinationsView::selectionChanged);
    connect(add, &QPushButton::clicked, this, &DestinationsView::addDestination);
    connect(m_page, &DestinationPage::editRequested, this, &DestinationsView::editDestination);
    connect(m_page, &DestinationPage::enabledChangeRequested, m_service,
            &DestinationService::setEnabled);
    connect(m_page, &DestinationPage::retryDeliveryRequested, this,
            &DestinationsView::retryDeliveryRequested);
    connect(m_page, &DestinationPage::retryAllFailedRequested, this,
            &DestinationsView::retryAllFailedRequested);
    m_serviceRetries = {connect(this, &DestinationsView::retryDeliveryRequested, m_service,
                                &DestinationService::retryDelivery),
                        connect(this, &DestinationsView::retryAllFailedRequested, m_service,
                                &DestinationService::retryAllFailed)};
    connect(this, &DestinationsView::retryDeliveryRequested, this,
            &DestinationsView::scheduleRefresh);
    connect(this, &DestinationsView::retryAllFailedRequested, this,
            &DestinationsView::scheduleRefresh);
    refresh();
}

DestinationsView::~DestinationsView() {
    m_thread.quit();
    m_thread.wait();
}

void DestinationsView::refresh() {
    QMetaObject::invokeMethod(m_service, &DestinationService::refresh);
    if (const qint64 id = m_deliveries->destinationId())
        QMetaObject::invokeMethod(m_service,
                                  [service = m_service, id, limit = m_deliveries->refreshLimit()] {
                                      service->loadDeliveries(id, limit, 0);
                                  });
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
        m_deliveries->showDestination(summary.destination.id);
        QMetaObject::invokeMethod(m_service, [service = m_service, id = summary.destination.id] {
            service->loadDeliveries(id, DestinationsDeliveryModel::pageSize, 0);
        });
    }
}

void DestinationsView::addDestination() {
    openDialog(ExportDestination());
}

void DestinationsView::editDestination(const ExportDestination &destination) {
    openDialog(destination);
}

void DestinationsView::openDialog(const ExportDestination &destination) {
    auto *dialog = new DestinationDialog(m_service, destination, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, &DestinationsView::refresh);
    dialog->open();
}

} // namespace medpull
