// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventdeliverymodel.h"

#include "errorcode.h"
#include "statuspresentation.h"

#include <QBrush>
#include <QColor>

namespace medpull {

int EventDeliveryModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

void EventDeliveryModel::setLog(qint64 endpointId, const QList<EventDelivery> &deliveries) {
    if (endpointId != m_endpointId) {
        m_endpointId = endpointId;
        replaceAll(deliveries);
        return;
    }
    merge(deliveries);
}

QVariant EventDeliveryModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EventDelivery &delivery = rowAt(index.row());
    if (role == EventIdRole)
        return delivery.eventId;
    if (role == Qt::ToolTipRole && index.column() == Error && !delivery.lastError.isEmpty())
        return errorText(delivery.lastError);
    if (role == Qt::ForegroundRole && index.column() == Status &&
        delivery.status == DeliveryStatus::Failed)
        return QBrush(QColor(0xb0, 0x1e, 0x1e));
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case Event:
        return delivery.eventUuid;
    case Type:
        return nameOf(delivery.eventType);
    case Account:
        return delivery.connectionId;
    case Status:
        if (delivery.status == DeliveryStatus::Pending && delivery.nextAttemptAt.isValid() &&
            delivery.attempts > 0)
            return tr("Retrying at %1").arg(shortTime(delivery.nextAttemptAt));
        return statusText(delivery.status);
    case Attempts:
        return delivery.attempts;
    case LastAttempt:
        return exactTime(delivery.lastAttemptAt);
    case Error:
        return errorText(delivery.lastError);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant EventDeliveryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Event:
        return tr("Event");
    case Type:
        return tr("Type");
    case Account:
        return tr("Account");
    case Status:
        return tr("Status");
    case Attempts:
        return tr("Attempts");
    case LastAttempt:
        return tr("Last attempt");
    case Error:
        return tr("Last error");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace medpull
