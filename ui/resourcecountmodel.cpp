// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "resourcecountmodel.h"

#include <QLocale>

namespace medpull {

void ResourceCountModel::setCounts(const QMap<QString, qint64> &counts) {
    QList<ResourceCount> rows;
    rows.reserve(counts.size());
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        rows.append({it.key(), it.value()});
    merge(rows);
}

qint64 ResourceCountModel::total() const {
    qint64 sum = 0;
    for (const ResourceCount &row : rows())
        sum += row.count;
    return sum;
}

int ResourceCountModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ResourceCountModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ResourceCount &row = rowAt(index.row());
    if (role == ResourceTypeRole)
        return row.resourceType;
    if (index.column() == ResourceType && role == Qt::DisplayRole)
        return row.resourceType;
    if (index.column() == Count) {
        if (role == Qt::DisplayRole)
            return QLocale().toString(row.count);
        if (role == Qt::TextAlignmentRole)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant ResourceCountModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section == ResourceType)
        return tr("Resource type");
    if (section == Count)
        return tr("Stored");
    return {};
}

} // namespace medpull
