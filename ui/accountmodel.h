// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "dashboarddata.h"
#include "rowtablemodel.h"

namespace medpull {

// A patient's accounts (connections) with their state, schedule, stored
// resources, current failure and, while a pull runs, its progress in place
// of the state.
class AccountModel : public RowTableModel<AccountInfo> {
    Q_OBJECT

public:
    enum Column { Source, State, Failure, LastSuccessfulPull, NextPull, Resources, ColumnCount };
    enum Role {
        ConnectionIdRole = Qt::UserRole + 1,
        ConnectionStateRole,
        // State column while a pull runs: 0–100 (-1 otherwise) and the
        // pages and resources stored so far.
        ProgressValueRole,
        ProgressTextRole,
    };

    using RowTableModel::RowTableModel;

    // The State column's text: the state, and whether the account lasts
    // only as long as the patient's portal session.
    static QString stateText(ConnectionState state, bool sessionOnly);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void clear() {
        m_progress.clear();
        replaceAll({});
    }
    void setAccounts(const QList<AccountInfo> &accounts) { merge(accounts); }
    void updateConnection(const Connection &connection);
    void setProgress(qint64 connectionId, const AccountProgress &progress);
    void clearProgress(qint64 connectionId);
    bool isPulling(qint64 connectionId) const { return m_progress.contains(connectionId); }
    qint64 connectionIdAt(int row) const { return rowAt(row).connection.id; }

protected:
    qint64 keyOf(const AccountInfo &row) const override { return row.connection.id; }

private:
    QHash<qint64, AccountProgress> m_progress;
};

} // namespace medpull
