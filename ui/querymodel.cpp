// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "querymodel.h"

#include "errorcode.h"
#include "statuspresentation.h"

#include <QLocale>

#include <algorithm>

namespace medpull {

void QueryModel::setQueries(qint64 pullId, const QList<PullQuery> &queries) {
    if (pullId != m_pullId) {
        m_pullId = pullId;
        replaceAll(queries);
        return;
    }
    merge(queries);
}

int QueryModel::failedCount() const {
    return int(std::count_if(rows().cbegin(), rows().cend(), [](const PullQuery &query) {
        return query.status == QueryStatus::Failed;
    }));
}

int QueryModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString QueryModel::label(const PullQuery &query) {
    switch (query.kind) {
    case QueryKind::Search:
        return query.resourceType;
    case QueryKind::Everything:
        return tr("Whole record");
    case QueryKind::Read:
    case QueryKind::Lookup:
        break;
    }
    return tr("%1 (reference)").arg(query.resourceType);
}

QVariant QueryModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PullQuery &query = rowAt(index.row());
    if (role == QueryStatusRole)
        return int(query.status);
    const auto number = [&](qint64 value) -> QVariant {
        if (role == Qt::DisplayRole)
            return QLocale().toString(value);
        if (role == Qt::TextAlignmentRole)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    };
    switch (index.column()) {
    case ResourceType:
        if (role == Qt::DisplayRole)
            return label(query);
        if (role == Qt::ToolTipRole)
            return query.url;
        break;
    case Status:
        if (role == Qt::DisplayRole)
            return statusText(query.status);
        if (role == Qt::DecorationRole)
            return statusIconFor(query.status);
        // Not available is the portal's answer, not a failure: its reason
        // is part of the status.
        if (role == Qt::ToolTipRole && query.status == QueryStatus::NotAvailable)
            return errorText(query.error);
        break;
    case Pages:
        return number(query.pages);
    case Resources:
        return number(query.counts.total());
    case Attempts:
        return number(query.attempts);
    case HttpStatus:
        if (role == Qt::DisplayRole)
            return query.httpStatus > 0 ? QString::number(query.httpStatus) : QString();
        if (role == Qt::TextAlignmentRole)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Error:
        if (role == Qt::DisplayRole)
            return errorText(query.error).simplified();
        if (role == Qt::ToolTipRole && !query.error.isEmpty())
            return errorText(query.error);
        break;
    default:
        break;
    }
    return {};
}

QVariant QueryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ResourceType:
        return tr("Resource type");
    case Status:
        return tr("Status");
    case Pages:
        return tr("Pages");
    case Resources:
        return tr("Resources");
    case Attempts:
        return tr("Failed attempts");
    case HttpStatus:
        return tr("HTTP status");
    case Error:
        return tr("Error");
    default:
        return {};
    }
}

} // namespace medpull
