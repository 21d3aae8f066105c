// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "deliverystore.h"
#include "destinationstablemodel.h"

namespace medpull {

// A destination page's deliveries, newest first, paged: fetchMore() asks for
// the next page through moreRequested().
class DestinationsDeliveryModel : public DestinationsTableModel<DeliveryRow> {
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
    enum Role { IdRole = Qt::UserRole + 1, StatusRole };

    static constexpr int pageSize = 200;

    using DestinationsTableModel::DestinationsTableModel;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    qint64 destinationId() const { return m_destinationId; }
    // Another destination: the rows go.
    void showDestination(qint64 destinationId);
    // A page loaded at `offset`: offset 0 refreshes what is shown, a later
    // one appends.
    void setPage(qint64 destinationId, int offset, const QList<DeliveryRow> &rows, bool hasMore);
    // How many rows a refresh should load to cover what is shown.
    int refreshLimit() const { return qMax(pageSize, rowCount()); }

    static QString statusText(DeliveryStatus status);

signals:
    void moreRequested(qint64 destinationId, int offset);

protected:
    qint64 idOf(const DeliveryRow &row) const override { return row.delivery.id; }

private:
    qint64 m_destinationId = 0;
    bool m_hasMore = false;
    bool m_fetching = false;
};

} // namespace medpull
