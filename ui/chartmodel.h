// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "dashboarddata.h"

#include <QAbstractTableModel>

namespace medpull {

// Chart data as a two-column table (x, y), one block of rows per line, so a
// QVXYModelMapper per line (firstRow, rowCount) drives each series from the
// model instead of the chart holding a copy.
class ChartModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { X, Y, ColumnCount };
    struct Block {
        QString name;
        int firstRow = 0;
        int rowCount = 0;
    };

    using QAbstractTableModel::QAbstractTableModel;

    // Same lines (names and lengths): the values change in place; otherwise
    // the rows are rebuilt and blocksChanged() tells the chart to remap.
    void setLines(const QList<ChartLine> &lines);
    const QList<Block> &blocks() const { return m_blocks; }
    // The range of all values, for the axes.
    QPointF minimum() const { return m_min; }
    QPointF maximum() const { return m_max; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

signals:
    void blocksChanged();
    void rangeChanged();

private:
    QList<QPointF> m_points;
    QList<Block> m_blocks;
    QPointF m_min;
    QPointF m_max;
};

} // namespace medpull
