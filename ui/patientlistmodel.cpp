// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "patientlistmodel.h"

#include "statuspresentation.h"

namespace medpull {

int PatientListModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

bool PatientListModel::sameRow(const PatientSummary &a, const PatientSummary &b) const {
    return a.patient.displayName == b.patient.displayName &&
           a.patient.externalId == b.patient.externalId && a.recordStatus == b.recordStatus &&
           a.latestPullAt == b.latestPullAt && a.accountCount == b.accountCount &&
           a.attentionCount == b.attentionCount;
}

QVariant PatientListModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PatientSummary &row = rowAt(index.row());
    switch (role) {
    case PatientIdRole:
        return row.patient.id;
    case RecordStatusRole:
        return int(row.recordStatus);
    case AttentionRole:
        return row.attentionCount > 0 || row.recordStatus == RecordStatus::Attention;
    default:
        break;
    }
    switch (index.column()) {
    case Name:
        if (role == Qt::DisplayRole || role == SortRole)
            return row.patient.displayName;
        break;
    case ExternalId:
        if (role == Qt::DisplayRole || role == SortRole)
            return row.patient.externalId;
        break;
    case Status:
        if (role == Qt::DisplayRole)
            return statusText(row.recordStatus);
        if (role == Qt::DecorationRole)
            return statusIconFor(row.recordStatus);
        if (role == SortRole)
            return int(row.recordStatus);
        break;
    case LatestPull:
        if (role == Qt::DisplayRole)
            return row.latestPullAt.isValid() ? relativeTime(row.latestPullAt) : tr("Never");
        if (role == Qt::ToolTipRole)
            return row.latestPullAt.isValid() ? exactTime(row.latestPullAt)
                                              : tr("No pull has finished yet.");
        if (role == SortRole)
            return row.latestPullAt.isValid() ? row.latestPullAt.toMSecsSinceEpoch() : qint64(0);
        break;
    case Accounts:
        if (role == Qt::DisplayRole || role == SortRole)
            return row.accountCount;
        if (role == Qt::TextAlignmentRole)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Attention:
        if (role == Qt::DisplayRole || role == SortRole)
            return row.attentionCount;
        if (role == Qt::DecorationRole && row.attentionCount > 0)
            return statusIcon(StatusShape::Problem);
        if (role == Qt::ToolTipRole && row.attentionCount > 0)
            return tr("%n account(s) or export deliveries need attention", nullptr,
                      row.attentionCount);
        if (role == Qt::TextAlignmentRole)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant PatientListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == Attention)
        return tr("Accounts that need action (authorization failed, refresh failed, retries used "
                  "up) and export deliveries that failed");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Name");
    case ExternalId:
        return tr("External ID");
    case Status:
        return tr("Record status");
    case LatestPull:
        return tr("Latest pull");
    case Accounts:
        return tr("Accounts");
    case Attention:
        return tr("Attention");
    default:
        return {};
    }
}

void PatientListModel::refreshRelativeTimes() {
    if (rowCount() > 0)
        emit dataChanged(index(0, LatestPull), index(rowCount() - 1, LatestPull),
                         {Qt::DisplayRole});
}

} // namespace medpull
