// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QTableView>

class QTimer;

namespace medpull {

// The dashboard's table: whole-row selection, sortable where asked, and a
// sentence in the empty viewport saying why there is nothing to show.
class TableView : public QTableView {
    Q_OBJECT

public:
    explicit TableView(QWidget *parent = nullptr);

    void setEmptyText(const QString &text);
    // Restores and keeps the column widths under `key` in QSettings.
    void rememberColumns(const QString &key);
    // Makes `column` wide enough for its header and each of `texts` (in the
    // current language), with room for a status icon if asked.
    void fitColumn(int column, const QStringList &texts, bool withIcon = false);

    void setModel(QAbstractItemModel *model) override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void fitContentColumns();

    QString m_emptyText;
    QTimer *m_fitTimer;
};

} // namespace medpull
