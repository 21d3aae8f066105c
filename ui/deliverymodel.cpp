// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "deliverymodel.h"

#include "errorcode.h"
#include "statuspresentation.h"

namespace medpull {

bool DeliveryModel::updateDelivery(const Delivery &delivery) {
    const int row = rowOfKey(delivery.id);
    if (row < 0)
        return false;
    mutableRow(row).delivery = delivery;
    rowChanged(row);
    return true;
}

int DeliveryModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeliveryModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DeliveryInfo &row = rowAt(index.row());
    const Delivery &delivery = row.delivery;
    if (role == DeliveryIdRole)
        return delivery.id;
    if (role == DeliveryStatusRole)
        return int(delivery.status);
    switch (index.column()) {
    case Destination:
        if (role == Qt::DisplayRole)
            return row.destinationName;
        if (role == Qt::ToolTipRole)
            return tr("Pull %1, %n resource(s)", nullptr, int(delivery.resourceCount))
                .arg(delivery.pullId);
        break;
    case Account:
        if (role == Qt::DisplayRole)
            return row.sourceName;
        break;
    case Status:
        if (role == Qt::DisplayRole)
            return statusText(delivery);
        if (role == Qt::DecorationRole)
            return statusIconFor(delivery.status);
        if (role == Qt::ToolTipRole && delivery.deliveredAt.isValid())
            return tr("Delivered %1").arg(exactTime(delivery.deliveredAt));
        break;
    case Attempts:
        if (role == Qt::DisplayRole)
            return delivery.attempts;
        if (role == Qt::TextAlignmentRole)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case NextAttempt:
        if (role == Qt::DisplayRole && delivery.status == DeliveryStatus::Pending)
            return relativeTime(delivery.nextAttemptAt);
        if (role == Qt::ToolTipRole)
            return exactTime(delivery.nextAttemptAt);
        break;
    case LastError:
        if (role == Qt::DisplayRole) {
            // The error names its HTTP status already ("HTTP 503 Service
            // Unavailable: ..."), as the delivery job wrote it.
            return errorText(delivery.lastError);
        }
        if (role == Qt::ToolTipRole && !delivery.lastError.isEmpty())
            return errorText(delivery.lastError);
        break;
    default:
        break;
    }
    return {};
}

QVariant DeliveryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Destination:
        return tr("Destination");
    case Account:
        return tr("Account");
    case Status:
        return tr("Status");
    case Attempts:
        return tr("Attempts");
    case NextAttempt:
        return tr("Next attempt");
    case LastError:
        return tr("Last error");
    default:
        return {};
    }
}

} // namespace medpull
