// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "autheventmodel.h"

#include "errorcode.h"
#include "statuspresentation.h"

namespace medpull {

int AuthEventModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuthEventModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuthEventInfo &row = rowAt(index.row());
    const AuthEvent &event = row.event;
    switch (index.column()) {
    case Time:
        if (role == Qt::DisplayRole)
            return exactTime(event.occurredAt);
        if (role == Qt::ToolTipRole)
            return relativeTime(event.occurredAt);
        break;
    case Source:
        if (role == Qt::DisplayRole)
            return row.sourceName;
        break;
    case Event:
        if (role == Qt::DisplayRole)
            return authEventText(event.type);
        if (role == Qt::ToolTipRole && !event.detail.isEmpty())
            return errorText(event.detail);
        break;
    case Outcome:
        if (role == Qt::DisplayRole)
            return authOutcomeText(event.outcome);
        if (role == Qt::DecorationRole)
            return statusIcon(event.outcome == AuthOutcome::Success ? StatusShape::Ok
                                                                    : StatusShape::Problem);
        break;
    case ErrorCode:
        if (role == Qt::DisplayRole)
            return event.errorCode;
        break;
    case Description:
        if (role == Qt::DisplayRole)
            return event.errorDescription.isEmpty() ? errorText(event.detail)
                                                    : event.errorDescription;
        if (role == Qt::ToolTipRole)
            return errorText(event.detail);
        break;
    default:
        break;
    }
    return {};
}

QVariant AuthEventModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time:
        return tr("Time");
    case Source:
        return tr("Source");
    case Event:
        return tr("Event");
    case Outcome:
        return tr("Outcome");
    case ErrorCode:
        return tr("Error code");
    case Description:
        return tr("Description");
    default:
        return {};
    }
}

} // namespace medpull
