// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "dashboarddata.h"
#include "rowtablemodel.h"

namespace medpull {

// A patient's export deliveries, newest first.
class DeliveryModel : public RowTableModel<DeliveryInfo> {
    Q_OBJECT

public:
    enum Column { Destination, Account, Status, Attempts, NextAttempt, LastError, ColumnCount };
    enum Role { DeliveryIdRole = Qt::UserRole + 1, DeliveryStatusRole };

    using RowTableModel::RowTableModel;

    void clear() { replaceAll({}); }
    void setDeliveries(const QList<DeliveryInfo> &deliveries) { merge(deliveries); }
    // The engine reports a delivery's new state; names stay as loaded.
    // False when the delivery is not one of this model's rows.
    bool updateDelivery(const Delivery &delivery);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    qint64 keyOf(const DeliveryInfo &row) const override { return row.delivery.id; }
};

} // namespace medpull
