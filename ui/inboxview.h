// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "attention.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTimer;

namespace medpull {

class DataService;
class InboxModel;
class TableView;

// The attention inbox: one list of everything that needs a person, across
// patients, filtered by kind, with the button for each entry's next step
// (Reconnect, Retry now, Retry delivery), "Open pull history" and "Copy
// details". It reloads a moment after the engine reports a change.
class InboxView : public QWidget {
    Q_OBJECT

public:
    explicit InboxView(QWidget *parent = nullptr);

    void setDataService(DataService *service);
    void setCommandsEnabled(bool enabled);
    // Reload soon; changes arriving in a burst are read once.
    void scheduleRefresh();

    InboxModel *model() const { return m_model; }
    TableView *view() const { return m_view; }
    QComboBox *kindFilter() const { return m_kind; }
    QPushButton *actionButton() const { return m_action; }
    QPushButton *historyButton() const { return m_history; }
    QPushButton *copyButton() const { return m_copy; }
    int count() const;
    // Selects the entry with this key (AttentionItem::key()).
    bool selectKey(qint64 key);

signals:
    void countChanged(int count);
    void reconnectRequested(qint64 connectionId);
    void retryFailedQueriesRequested(qint64 pullId);
    void pullConnectionRequested(qint64 connectionId);
    void retryDeliveryRequested(qint64 deliveryId);
    void openPullHistoryRequested(qint64 patientId);

private:
    void refresh();
    void onLoaded(quint64 request, const QList<medpull::AttentionItem> &items);
    const AttentionItem *selected() const;
    void updateButtons();
    void runAction();

    DataService *m_service = nullptr;
    quint64 m_request = 0;
    bool m_commandsEnabled = false;
    InboxModel *m_model;
    QSortFilterProxyModel *m_filter;
    TableView *m_view;
    QComboBox *m_kind;
    QLabel *m_summary;
    QPushButton *m_action;
    QPushButton *m_history;
    QPushButton *m_copy;
    QTimer *m_refreshTimer;
};

} // namespace medpull
