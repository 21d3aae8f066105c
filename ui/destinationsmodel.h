// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "deliverystore.h"
#include "rowtablemodel.h"

namespace medpull {

// The destinations view's list: kind, enabled, last delivery, failures.
class DestinationsModel : public RowTableModel<DestinationSummary> {
    Q_OBJECT

public:
    enum Column { Name, Kind, Enabled, Failures, LastDelivery, Target, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, EnabledRole, FailedRole };

    using RowTableModel::RowTableModel;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setDestinations(const QList<DestinationSummary> &destinations);
    static QString kindText(DestinationKind kind);

protected:
    qint64 keyOf(const DestinationSummary &row) const override { return row.destination.id; }
};

} // namespace medpull
