// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "chartmodel.h"

namespace medpull {

void ChartModel::setLines(const QList<ChartLine> &lines) {
    QList<QPointF> points;
    QList<Block> blocks;
    for (const ChartLine &line : lines) {
        blocks.append({line.name, int(points.size()), int(line.points.size())});
        points.append(line.points);
    }
    bool sameShape = blocks.size() == m_blocks.size();
    for (int i = 0; sameShape && i < blocks.size(); ++i)
        sameShape = blocks.at(i).name == m_blocks.at(i).name &&
                    blocks.at(i).rowCount == m_blocks.at(i).rowCount;

    QPointF min;
    QPointF max;
    for (int i = 0; i < points.size(); ++i) {
        const QPointF &p = points.at(i);
        min = i == 0 ? p : QPointF(qMin(min.x(), p.x()), qMin(min.y(), p.y()));
        max = i == 0 ? p : QPointF(qMax(max.x(), p.x()), qMax(max.y(), p.y()));
    }
    const bool rangeMoved = min != m_min || max != m_max;
    m_min = min;
    m_max = max;

    if (sameShape) {
        if (points != m_points) {
            m_points = points;
            emit dataChanged(index(0, X), index(int(m_points.size()) - 1, Y));
        }
    } else {
        beginResetModel();
        m_points = points;
        m_blocks = blocks;
        endResetModel();
        emit blocksChanged();
    }
    if (rangeMoved)
        emit rangeChanged();
}

int ChartModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_points.size());
}

int ChartModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ChartModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        (role != Qt::DisplayRole && role != Qt::EditRole))
        return {};
    const QPointF &point = m_points.at(index.row());
    return index.column() == X ? point.x() : point.y();
}

} // namespace medpull
