// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "tableview.h"

#include <QHeaderView>
#include <QPainter>
#include <QSettings>
#include <QStyle>
#include <QTimer>

namespace medpull {

TableView::TableView(QWidget *parent)
    : QTableView(parent)
    , m_fitTimer(new QTimer(this)) {
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setAlternatingRowColors(true);
    setWordWrap(false);
    setTextElideMode(Qt::ElideRight);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setTabKeyNavigation(false);
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_fitTimer->setSingleShot(true);
    connect(m_fitTimer, &QTimer::timeout, this, &TableView::fitContentColumns);
}

// QHeaderView sizes its ResizeToContents columns when rows come and go,
// not when a row's text changes or rows arrive while the table waits to be
// shown: then a column stays as wide as its title ("De…" for a name).
void TableView::setModel(QAbstractItemModel *newModel) {
    if (model())
        model()->disconnect(m_fitTimer);
    QTableView::setModel(newModel);
    if (!newModel)
        return;
    const auto schedule = [timer = m_fitTimer] {
        timer->start(0);
    };
    connect(newModel, &QAbstractItemModel::rowsInserted, m_fitTimer, schedule);
    connect(newModel, &QAbstractItemModel::modelReset, m_fitTimer, schedule);
    connect(newModel, &QAbstractItemModel::dataChanged, m_fitTimer, schedule);
    connect(newModel, &QAbstractItemModel::layoutChanged, m_fitTimer, schedule);
}

void TableView::showEvent(QShowEvent *event) {
    QTableView::showEvent(event);
    m_fitTimer->start(0);
}

void TableView::fitContentColumns() {
    if (!isVisible() || !model())
        return;
    const QHeaderView *header = horizontalHeader();
    for (int column = 0; column < header->count(); ++column) {
        if (header->sectionResizeMode(column) == QHeaderView::ResizeToContents)
            resizeColumnToContents(column);
    }
}

void TableView::setEmptyText(const QString &text) {
    m_emptyText = text;
    viewport()->update();
}

void TableView::rememberColumns(const QString &key) {
    const QString settingsKey = QStringLiteral("columns/") + key;
    QHeaderView *header = horizontalHeader();
    header->restoreState(QSettings().value(settingsKey).toByteArray());
    connect(header, &QHeaderView::sectionResized, this,
            [header, settingsKey] { QSettings().setValue(settingsKey, header->saveState()); });
}

void TableView::fitColumn(int column, const QStringList &texts, bool withIcon) {
    QHeaderView *header = horizontalHeader();
    const QString title =
        model() ? model()->headerData(column, Qt::Horizontal).toString() : QString();
    int width = header->fontMetrics().horizontalAdvance(title) + 16;
    const int icon =
        withIcon ? style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this) + 8 : 0;
    for (const QString &text : texts)
        width = qMax(width, fontMetrics().horizontalAdvance(text) + icon + 16);
    header->resizeSection(column, width);
}

void TableView::paintEvent(QPaintEvent *event) {
    QTableView::paintEvent(event);
    if (m_emptyText.isEmpty() || (model() && model()->rowCount(rootIndex()) > 0))
        return;
    QPainter painter(viewport());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    const QRect area = viewport()->rect().adjusted(24, 24, -24, -24);
    painter.drawText(area, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, m_emptyText);
}

} // namespace medpull
