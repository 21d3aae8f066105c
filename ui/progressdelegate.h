// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QStyledItemDelegate>

namespace medpull {

// Draws a progress bar, with the text of `textRole`, in cells whose value
// role holds 0–100; cells with -1 are drawn as usual.
class ProgressDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    ProgressDelegate(int valueRole, int textRole, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

private:
    int m_valueRole;
    int m_textRole;
};

} // namespace medpull
