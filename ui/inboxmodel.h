// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "attention.h"
#include "rowtablemodel.h"

namespace medpull {

// The attention inbox: everything that needs a person, across patients, with
// the patient, the source or destination, since when, the last error and the
// next step.
class InboxModel : public RowTableModel<AttentionItem> {
    Q_OBJECT

public:
    enum Column { Kind, Patient, Where, Since, NextStep, LastError, ColumnCount };
    enum Role { KeyRole = Qt::UserRole + 1, KindRole };

    using RowTableModel::RowTableModel;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setItems(const QList<AttentionItem> &items) { merge(items); }
    void clear() { replaceAll({}); }
    // Everything about one entry as plain text, for a support ticket.
    static QString details(const AttentionItem &item);

protected:
    qint64 keyOf(const AttentionItem &row) const override { return row.key(); }
    bool sameRow(const AttentionItem &a, const AttentionItem &b) const override { return a == b; }
};

} // namespace medpull
