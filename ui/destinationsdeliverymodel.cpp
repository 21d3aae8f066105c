// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "destinationsdeliverymodel.h"

#include "errorcode.h"
#include "statuspresentation.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace medpull {

int DestinationsDeliveryModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DestinationsDeliveryModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DeliveryRow &row = rowAt(index.row());
    const Delivery &delivery = row.delivery;
    switch (role) {
    case IdRole:
        return delivery.id;
    case StatusRole:
        return nameOf(delivery.status);
    case RetryableRole:
        return delivery.retryable();
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Patient:
            return row.context.sourceName.isEmpty()
                       ? row.context.patientName
                       : tr("%1 (%2)").arg(row.context.patientName, row.context.sourceName);
        case PullColumn:
            return delivery.pullId;
        case Status:
            return statusText(delivery);
        case Attempts:
            return delivery.attempts;
        case Resources:
            return delivery.resourceCount;
        case NextAttempt:
            if (delivery.status == DeliveryStatus::Delivered)
                return QLocale().toString(delivery.deliveredAt.toLocalTime(), QLocale::ShortFormat);
            if (delivery.status == DeliveryStatus::Failed)
                return tr("waits for Retry");
            return delivery.nextAttemptAt.isValid()
                       ? QLocale().toString(delivery.nextAttemptAt.toLocalTime(),
                                            QLocale::ShortFormat)
                       : QString();
        case LastError:
            return errorText(delivery.lastError);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == LastError && !delivery.lastError.isEmpty())
            return errorText(delivery.lastError);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == PullColumn || index.column() == Attempts ||
            index.column() == Resources)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (index.column() != Status)
            return {};
        if (delivery.status == DeliveryStatus::Failed)
            return QBrush(QColor(0xb0, 0x1e, 0x1e));
        if (delivery.status == DeliveryStatus::Delivered)
            return QBrush(QColor(0x1e, 0x7a, 0x34));
        if (!delivery.lastError.isEmpty())
            return QBrush(QColor(0xa8, 0x5d, 0x00));
        return {};
    default:
        return {};
    }
}

QVariant DestinationsDeliveryModel::headerData(int section, Qt::Orientation orientation,
                                               int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Patient:
        return tr("Patient");
    case PullColumn:
        return tr("Pull");
    case Status:
        return tr("Status");
    case Attempts:
        return tr("Attempts");
    case Resources:
        return tr("Resources");
    case NextAttempt:
        return tr("Delivered / due");
    case LastError:
        return tr("Last error");
    case ColumnCount:
        break;
    }
    return {};
}

bool DestinationsDeliveryModel::canFetchMore(const QModelIndex &parent) const {
    return !parent.isValid() && m_hasMore && !m_fetching;
}

void DestinationsDeliveryModel::fetchMore(const QModelIndex &parent) {
    if (!canFetchMore(parent))
        return;
    m_fetching = true;
    emit moreRequested(m_destinationId, rowCount());
}

void DestinationsDeliveryModel::showDestination(qint64 destinationId) {
    if (destinationId == m_destinationId)
        return;
    m_destinationId = destinationId;
    m_hasMore = false;
    m_fetching = false;
    replaceAll({});
}

void DestinationsDeliveryModel::setPage(const DeliveryPage &page) {
    if (page.destinationId != m_destinationId)
        return;
    if (page.offset == 0) {
        merge(page.rows);
    } else {
        m_fetching = false;
        appendPage(page.rows);
    }
    m_hasMore = page.hasMore;
}

} // namespace medpull
