// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "inboxmodel.h"

#include "errorcode.h"
#include "statuspresentation.h"

namespace medpull {

int InboxModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InboxModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AttentionItem &item = rowAt(index.row());
    if (role == KeyRole)
        return item.key();
    if (role == KindRole)
        return int(item.kind);
    switch (index.column()) {
    case Kind:
        if (role == Qt::DisplayRole)
            return failureKindText(item.kind);
        if (role == Qt::DecorationRole)
            return statusIcon(item.retrying ? StatusShape::Waiting : StatusShape::Problem);
        if (role == Qt::ToolTipRole)
            return failureMeaning(item.kind);
        break;
    case Patient:
        if (role == Qt::DisplayRole)
            return item.patientName;
        break;
    case Where:
        if (role == Qt::DisplayRole)
            return item.where;
        break;
    case Since:
        if (role == Qt::DisplayRole)
            return relativeTime(item.since);
        if (role == Qt::ToolTipRole)
            return exactTime(item.since);
        break;
    case NextStep:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return attentionNextStep(item);
        break;
    case LastError:
        if (role == Qt::DisplayRole)
            return errorText(item.lastError).simplified();
        if (role == Qt::ToolTipRole)
            return errorText(item.lastError);
        break;
    default:
        break;
    }
    return {};
}

QVariant InboxModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Kind:
        return tr("Problem");
    case Patient:
        return tr("Patient");
    case Where:
        return tr("Source or destination");
    case Since:
        return tr("Since");
    case NextStep:
        return tr("Next step");
    case LastError:
        return tr("Last error");
    default:
        return {};
    }
}

QString InboxModel::details(const AttentionItem &item) {
    QStringList lines{
        tr("Problem: %1 (%2)").arg(failureKindText(item.kind), nameOf(item.kind)),
        tr("Patient: %1 (id %2)").arg(item.patientName).arg(item.patientId),
        tr("Source or destination: %1").arg(item.where),
        tr("Since: %1").arg(exactTime(item.since)),
        tr("Account: %1").arg(item.connectionId),
    };
    if (item.pullId > 0)
        lines.append(tr("Pull: %1").arg(item.pullId));
    if (item.deliveryId > 0)
        lines.append(
            tr("Delivery: %1 (%n attempt(s))", nullptr, item.attempts).arg(item.deliveryId));
    lines.append(tr("Last error: %1").arg(errorText(item.lastError)));
    lines.append(tr("Next step: %1").arg(attentionNextStep(item)));
    return lines.join(QLatin1Char('\n'));
}

} // namespace medpull
