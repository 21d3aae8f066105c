// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QSet>

namespace medpull {

// The destination list and a destination's deliveries: rows of value types
// keyed by id and brought up to date in place (dataChanged for changed rows,
// inserts and removals for the rest), so a refresh keeps the selection and
// the scroll position.
template <typename Row> class DestinationsTableModel : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    const Row &rowAt(int row) const { return m_rows.at(row); }
    int rowOfId(qint64 id) const {
        for (int row = 0; row < m_rows.size(); ++row) {
            if (idOf(m_rows.at(row)) == id)
                return row;
        }
        return -1;
    }

protected:
    virtual qint64 idOf(const Row &row) const = 0;

    // Brings the rows to `incoming`, in its order.
    void merge(const QList<Row> &incoming) {
        QSet<qint64> wanted;
        for (const Row &row : incoming)
            wanted.insert(idOf(row));
        for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
            if (!wanted.contains(idOf(m_rows.at(row)))) {
                beginRemoveRows({}, row, row);
                m_rows.removeAt(row);
                endRemoveRows();
            }
        }
        for (int i = 0; i < incoming.size(); ++i) {
            const qint64 id = idOf(incoming.at(i));
            if (i < m_rows.size() && idOf(m_rows.at(i)) == id) {
                m_rows[i] = incoming.at(i);
                continue;
            }
            const int existing = rowOfId(id);
            if (existing > i) {
                beginMoveRows({}, existing, existing, {}, i);
                m_rows.move(existing, i);
                endMoveRows();
                m_rows[i] = incoming.at(i);
                continue;
            }
            beginInsertRows({}, i, i);
            m_rows.insert(i, incoming.at(i));
            endInsertRows();
        }
        if (!incoming.isEmpty())
            emit dataChanged(index(0, 0), index(int(incoming.size()) - 1, columnCount() - 1));
    }

    void append(const QList<Row> &page) {
        QList<Row> fresh;
        for (const Row &row : page) {
            if (rowOfId(idOf(row)) < 0)
                fresh.append(row);
        }
        if (fresh.isEmpty())
            return;
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + fresh.size()) - 1);
        m_rows += fresh;
        endInsertRows();
    }

    void clear() {
        if (m_rows.isEmpty())
            return;
        beginRemoveRows({}, 0, int(m_rows.size()) - 1);
        m_rows.clear();
        endRemoveRows();
    }

private:
    QList<Row> m_rows;
};

} // namespace medpull
