// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "rowtablemodel.h"

#include <QMap>

namespace medpull {

struct ResourceCount {
    QString resourceType;
    qint64 count = 0;
};

// Stored resources of a patient per resource type.
class ResourceCountModel : public RowTableModel<ResourceCount, QString> {
    Q_OBJECT

public:
    enum Column { ResourceType, Count, ColumnCount };
    enum Role { ResourceTypeRole = Qt::UserRole + 1 };

    using RowTableModel::RowTableModel;

    void setCounts(const QMap<QString, qint64> &counts);
    qint64 total() const;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    QString keyOf(const ResourceCount &row) const override { return row.resourceType; }
    bool sameRow(const ResourceCount &a, const ResourceCount &b) const override {
        return a.count == b.count;
    }
};

} // namespace medpull
