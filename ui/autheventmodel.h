// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "dashboarddata.h"
#include "rowtablemodel.h"

namespace medpull {

// A patient's authorization history, newest first. Never shows a token:
// auth events hold none.
class AuthEventModel : public RowTableModel<AuthEventInfo> {
    Q_OBJECT

public:
    enum Column { Time, Source, Event, Outcome, ErrorCode, Description, ColumnCount };

    using RowTableModel::RowTableModel;

    void clear() { replaceAll({}); }
    void setEvents(const QList<AuthEventInfo> &events) { merge(events); }

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    qint64 keyOf(const AuthEventInfo &row) const override { return row.event.id; }
};

} // namespace medpull
