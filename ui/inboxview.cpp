// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "inboxview.h"

#include "dataservice.h"
#include "inboxmodel.h"
#include "statuspresentation.h"
#include "tableview.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <QVBoxLayout>

namespace medpull {

InboxView::InboxView(QWidget *parent)
    : QWidget(parent)
    , m_model(new InboxModel(this))
    , m_filter(new QSortFilterProxyModel(this))
    , m_refreshTimer(new QTimer(this)) {
    m_filter->setSourceModel(m_model);
    m_filter->setFilterRole(InboxModel::KindRole);
    m_filter->setFilterKeyColumn(InboxModel::Kind);

    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_summary = new QLabel(this);
    top->addWidget(m_summary, 1);
    auto *kindLabel = new QLabel(tr("&Show:"), this);
    m_kind = new QComboBox(this);
    kindLabel->setBuddy(m_kind);
    m_kind->addItem(tr("Everything"), -1);
    for (const FailureKind kind :
         {FailureKind::PortalAuthFailed, FailureKind::TokenRefreshFailed,
          FailureKind::RetrievalError, FailureKind::DestinationExportFailed})
        m_kind->addItem(failureKindText(kind), int(kind));
    top->addWidget(kindLabel);
    top->addWidget(m_kind);
    layout->addLayout(top);

    m_view = new TableView(this);
    m_view->setModel(m_filter);
    m_view->setEmptyText(tr("Nothing needs attention."));
    // The next step is what a person acts on: it is shown whole, and the
    // last error (whole in its tooltip) takes what is left.
    for (const int column :
         {InboxModel::Kind, InboxModel::Patient, InboxModel::Where, InboxModel::NextStep})
        m_view->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(InboxModel::LastError, QHeaderView::Stretch);
    layout->addWidget(m_view, 1);

    auto *buttons = new QHBoxLayout;
    m_action = new QPushButton(tr("Retry now"), this);
    m_history = new QPushButton(tr("Open pull &history"), this);
    m_copy = new QPushButton(tr("&Copy details"), this);
    buttons->addWidget(m_action);
    buttons->addWidget(m_history);
    buttons->addStretch(1);
    buttons->addWidget(m_copy);
    layout->addLayout(buttons);

    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(250);
    connect(m_refreshTimer, &QTimer::timeout, this, &InboxView::refresh);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        const int kind = m_kind->currentData().toInt();
        m_filter->setFilterRegularExpression(kind < 0 ? QString()
                                                      : QStringLiteral("^%1$").arg(kind));
        updateButtons();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &InboxView::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &InboxView::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &InboxView::updateButtons);
    connect(m_action, &QPushButton::clicked, this, &InboxView::runAction);
    connect(m_history, &QPushButton::clicked, this, [this] {
        if (const AttentionItem *item = selected())
            emit openPullHistoryRequested(item->patientId);
    });
    connect(m_copy, &QPushButton::clicked, this, [this] {
        if (const AttentionItem *item = selected()) {
            QApplication::clipboard()->setText(InboxModel::details(*item));
            m_summary->setText(tr("Details copied to the clipboard."));
        }
    });
    updateButtons();
}

void InboxView::setDataService(DataService *service) {
    if (m_service)
        m_service->disconnect(this);
    m_service = service;
    m_model->clear();
    if (m_service) {
        connect(m_service, &DataService::attentionLoaded, this, &InboxView::onLoaded);
        refresh();
    } else {
        m_summary->clear();
        emit countChanged(0);
    }
}

void InboxView::setCommandsEnabled(bool enabled) {
    m_commandsEnabled = enabled;
    updateButtons();
}

void InboxView::scheduleRefresh() {
    if (m_service && !m_refreshTimer->isActive())
        m_refreshTimer->start();
}

int InboxView::count() const {
    return m_model->rowCount();
}

bool InboxView::selectKey(qint64 key) {
    const int row = m_model->rowOfKey(key);
    if (row < 0)
        return false;
    const QModelIndex index = m_filter->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false;
    m_view->setCurrentIndex(index);
    return true;
}

void InboxView::refresh() {
    if (m_service)
        m_request = m_service->requestAttention();
}

void InboxView::onLoaded(quint64 request, const QList<AttentionItem> &items) {
    if (request != m_request)
        return;
    m_model->setItems(items);
    m_summary->setText(items.isEmpty()
                           ? tr("Nothing needs attention.")
                           : tr("%n item(s) need a person.", nullptr, int(items.size())));
    updateButtons();
    emit countChanged(int(items.size()));
}

const AttentionItem *InboxView::selected() const {
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return nullptr;
    const int row = m_model->rowOfKey(current.data(InboxModel::KeyRole).toLongLong());
    return row >= 0 ? &m_model->rowAt(row) : nullptr;
}

void InboxView::updateButtons() {
    const AttentionItem *item = selected();
    m_history->setEnabled(item != nullptr);
    m_copy->setEnabled(item != nullptr);
    if (!item) {
        m_action->setText(tr("Retry now"));
        m_action->setEnabled(false);
        return;
    }
    switch (item->kind) {
    case FailureKind::PortalAuthFailed:
    case FailureKind::TokenRefreshFailed:
        m_action->setText(tr("&Reconnect"));
        break;
    case FailureKind::RetrievalError:
        m_action->setText(tr("&Retry now"));
        break;
    case FailureKind::DestinationExportFailed:
        m_action->setText(tr("&Retry delivery"));
        break;
    }
    m_action->setEnabled(m_commandsEnabled);
}

void InboxView::runAction() {
    const AttentionItem *item = selected();
    if (!item || !m_commandsEnabled)
        return;
    switch (item->kind) {
    case FailureKind::PortalAuthFailed:
    case FailureKind::TokenRefreshFailed:
        emit reconnectRequested(item->connectionId);
        m_summary->setText(
            tr("Reconnect started for %1 at %2.").arg(item->patientName, item->where));
        break;
    case FailureKind::RetrievalError:
        if (item->pullId > 0)
            emit retryFailedQueriesRequested(item->pullId);
        else
            emit pullConnectionRequested(item->connectionId);
        m_summary->setText(
            tr("Retry of %1's pull at %2 queued.").arg(item->patientName, item->where));
        break;
    case FailureKind::DestinationExportFailed:
        emit retryDeliveryRequested(item->deliveryId);
        m_summary->setText(
            tr("Delivery %1 to %2 queued to retry now.").arg(item->deliveryId).arg(item->where));
        break;
    }
}

} // namespace medpull
