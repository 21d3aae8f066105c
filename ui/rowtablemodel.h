// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace medpull {

// A table of value-type rows identified by a key, updated incrementally:
// changed rows emit one batched dataChanged, new rows are inserted in runs,
// vanished rows removed, reordered rows moved, so views keep their selection
// and scroll position. Subclasses supply the key, the columns and data().
template <typename Row, typename Key = qint64> class RowTableModel : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    const Row &rowAt(int row) const { return m_rows.at(row); }
    const QList<Row> &rows() const { return m_rows; }
    int rowOfKey(const Key &key) const { return m_index.value(key, -1); }

protected:
    virtual Key keyOf(const Row &row) const = 0;
    // Whether an update changes nothing shown; rows that are the same emit
    // no dataChanged.
    virtual bool sameRow(const Row &, const Row &) const { return false; }

    // Replaces everything: for a new subject (another patient), not for an
    // update of the same one.
    void replaceAll(const QList<Row> &rows) {
        beginResetModel();
        m_rows = rows;
        reindex();
        endResetModel();
    }

    // Brings the rows to `incoming`, in its order.
    void merge(const QList<Row> &incoming) {
        if (m_rows.isEmpty()) {
            if (!incoming.isEmpty()) {
                beginInsertRows({}, 0, int(incoming.size()) - 1);
                m_rows = incoming;
                reindex();
                endInsertRows();
            }
            return;
        }
        QHash<Key, int> wanted;
        wanted.reserve(incoming.size());
        for (int i = 0; i < incoming.size(); ++i)
            wanted.insert(keyOf(incoming.at(i)), i);
        for (int row = int(m_rows.size()) - 1; row >= 0;) {
            if (wanted.contains(keyOf(m_rows.at(row)))) {
                --row;
                continue;
            }
            int first = row;
            while (first > 0 && !wanted.contains(keyOf(m_rows.at(first - 1))))
                --first;
            beginRemoveRows({}, first, row);
            m_rows.remove(first, row - first + 1);
            endRemoveRows();
            row = first - 1;
        }
        reindex();

        int firstChanged = -1;
        int lastChanged = -1;
        for (int i = 0; i < incoming.size();) {
            const Row &row = incoming.at(i);
            if (i < m_rows.size() && keyOf(m_rows.at(i)) == keyOf(row)) {
                if (!sameRow(m_rows.at(i), row)) {
                    m_rows[i] = row;
                    firstChanged = firstChanged < 0 ? i : firstChanged;
                    lastChanged = i;
                }
                ++i;
                continue;
            }
            const int existing = m_index.value(keyOf(row), -1);
            if (existing >= 0) {
                flushChanged(firstChanged, lastChanged);
                beginMoveRows({}, existing, existing, {}, i);
                m_rows.move(existing, i);
                endMoveRows();
                reindex();
                m_rows[i] = row;
                firstChanged = lastChanged = i;
                ++i;
                continue;
            }
            int end = i + 1;
            while (end < incoming.size() && !m_index.contains(keyOf(incoming.at(end))))
                ++end;
            flushChanged(firstChanged, lastChanged);
            beginInsertRows({}, i, end - 1);
            for (int k = i; k < end; ++k)
                m_rows.insert(k, incoming.at(k));
            reindex();
            endInsertRows();
            i = end;
        }
        flushChanged(firstChanged, lastChanged);
    }

    // Updates the row with the same key, or inserts it at the top or bottom.
    void upsert(const Row &row, bool insertAtTop) {
        const int existing = rowOfKey(keyOf(row));
        if (existing >= 0) {
            if (sameRow(m_rows.at(existing), row))
                return;
            m_rows[existing] = row;
            emit dataChanged(index(existing, 0), index(existing, columnCount() - 1));
            return;
        }
        const int at = insertAtTop ? 0 : int(m_rows.size());
        beginInsertRows({}, at, at);
        m_rows.insert(at, row);
        reindex();
        endInsertRows();
    }

    // Adds a page at the bottom, skipping rows already shown.
    void appendPage(const QList<Row> &page) {
        QList<Row> fresh;
        for (const Row &row : page) {
            if (!m_index.contains(keyOf(row)))
                fresh.append(row);
        }
        if (fresh.isEmpty())
            return;
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + fresh.size()) - 1);
        m_rows.append(fresh);
        reindex();
        endInsertRows();
    }

    void rowChanged(int row) { emit dataChanged(index(row, 0), index(row, columnCount() - 1)); }
    Row &mutableRow(int row) { return m_rows[row]; }

private:
    void reindex() {
        m_index.clear();
        m_index.reserve(m_rows.size());
        for (int i = 0; i < m_rows.size(); ++i)
            m_index.insert(keyOf(m_rows.at(i)), i);
    }
    void flushChanged(int &first, int &last) {
        if (first >= 0)
            emit dataChanged(index(first, 0), index(last, columnCount() - 1));
        first = last = -1;
    }

    QList<Row> m_rows;
    QHash<Key, int> m_index;
};

} // namespace medpull
