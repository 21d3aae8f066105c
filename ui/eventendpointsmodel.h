// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "event.h"
#include "rowtablemodel.h"

namespace medpull {

// The event endpoints page's list: name, enabled (or why disabled), URL,
// event types.
class EventEndpointsModel : public RowTableModel<EventEndpoint> {
    Q_OBJECT

public:
    enum Column { Name, State, Url, Events, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, EnabledRole };

    using RowTableModel::RowTableModel;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setEndpoints(const QList<EventEndpoint> &endpoints) { merge(endpoints); }

protected:
    qint64 keyOf(const EventEndpoint &row) const override { return row.id; }
};

} // namespace medpull
