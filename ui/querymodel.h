// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "pull.h"
#include "rowtablemodel.h"

namespace medpull {

// The queries of one pull: what was asked, how it went, and the last error
// (HTTP status and the portal's OperationOutcome text).
class QueryModel : public RowTableModel<PullQuery> {
    Q_OBJECT

public:
    enum Column {
        ResourceType,
        Status,
        Pages,
        Resources,
        Attempts,
        HttpStatus,
        Error,
        ColumnCount
    };
    enum Role { QueryStatusRole = Qt::UserRole + 1 };

    using RowTableModel::RowTableModel;

    // Another pull's queries replace the rows; the same pull's are merged.
    void setQueries(qint64 pullId, const QList<PullQuery> &queries);
    qint64 pullId() const { return m_pullId; }
    int failedCount() const;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    // What a query asked for, for a person: the searched type, the whole
    // record, or a referenced type.
    static QString label(const PullQuery &query);
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    qint64 keyOf(const PullQuery &row) const override { return row.id; }

private:
    qint64 m_pullId = 0;
};

} // namespace medpull
