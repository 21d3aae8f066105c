// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "dashboarddata.h"
#include "rowtablemodel.h"

namespace medpull {

// A destination page's deliveries, newest first, paged: fetchMore() asks for
// the next page through moreRequested().
class DestinationsDeliveryModel : public RowTableModel<DeliveryRow> {
    Q_OBJECT

public:
    enum Column {
        Patient,
        PullColumn,
        Status,
        Attempts,
        Resources,
        NextAttempt,
        LastError,
        ColumnCount
    };
    enum Role { IdRole = Qt::UserRole + 1, StatusRole, RetryableRole };

    static constexpr int pageSize = 200;

    using RowTableModel::RowTableModel;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    qint64 destinationId() const { return m_destinationId; }
    // Another destination: the rows go.
    void showDestination(qint64 destinationId);
    // A page loaded at its offset: offset 0 refreshes what is shown, a later
    // one appends. A page of another destination is ignored.
    void setPage(const DeliveryPage &page);
    // How many rows a refresh should load to cover what is shown.
    int refreshLimit() const { return qMax(pageSize, rowCount()); }

signals:
    void moreRequested(qint64 destinationId, int offset);

protected:
    qint64 keyOf(const DeliveryRow &row) const override { return row.delivery.id; }

private:
    qint64 m_destinationId = 0;
    bool m_hasMore = false;
    bool m_fetching = false;
};

} // namespace medpull
