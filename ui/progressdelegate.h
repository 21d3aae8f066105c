#pragma once

#include <QStyledItemDelegate>

namespace medpull {

// Draws a progress bar with the cell's text in cells whose value role holds
// 0–100; cells with -1 are drawn as ordinary text.
class ProgressDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    ProgressDelegate(int valueRole, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

private:
    int m_valueRole;
};

} // namespace medpull
