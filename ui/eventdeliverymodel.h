// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "event.h"
#include "rowtablemodel.h"

namespace medpull {

// One endpoint's delivery log, newest event first: each event with its
// delivery status, attempts and last error.
class EventDeliveryModel : public RowTableModel<EventDelivery> {
    Q_OBJECT

public:
    enum Column { Event, Type, Account, Status, Attempts, LastAttempt, Error, ColumnCount };
    enum Role { EventIdRole = Qt::UserRole + 1 };

    using RowTableModel::RowTableModel;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Another endpoint's log replaces the rows; the same one's is merged.
    void setLog(qint64 endpointId, const QList<EventDelivery> &deliveries);
    qint64 endpointId() const { return m_endpointId; }

protected:
    qint64 keyOf(const EventDelivery &row) const override { return row.id; }

private:
    qint64 m_endpointId = 0;
};

} // namespace medpull
