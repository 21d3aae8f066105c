// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "event.h"
#include "tableview.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QTimer;

namespace medpull {

class DataService;
class Engine;
class EventDeliveryModel;
class EventEndpointsModel;

// The event endpoints page: the endpoints (enabled, or disabled and why)
// beside the selected one's delivery log, with Add, Edit, Enable/Disable,
// Remove and Redeliver. It reads through the DataService and changes
// nothing itself: every change is an Engine command (without an engine the
// page only shows). While shown, the log refreshes every few seconds as the
// engine's dispatcher works through it.
class EventEndpointsView : public QWidget {
    Q_OBJECT

public:
    EventEndpointsView(DataService *data, Engine *engine, QWidget *parent = nullptr);

    EventEndpointsModel *endpointsModel() const { return m_endpoints; }
    EventDeliveryModel *logModel() const { return m_log; }
    TableView *listView() const { return m_list; }
    TableView *logView() const { return m_logView; }

public slots:
    void refresh();
    void addEndpoint();
    void editEndpoint();
    void toggleEnabled();
    void removeEndpoint();
    // Sends the event selected in the log again.
    void redeliverSelected();

protected:
    void showEvent(QShowEvent *event) override;

private:
    std::optional<EventEndpoint> selectedEndpoint() const;
    void selectionChanged();
    void requestLog();
    void openDialog(const EventEndpoint &endpoint);

    DataService *m_data;
    Engine *m_engine;
    EventEndpointsModel *m_endpoints;
    EventDeliveryModel *m_log;
    TableView *m_list;
    TableView *m_logView;
    QPushButton *m_add;
    QLabel *m_reason;
    QPushButton *m_edit;
    QPushButton *m_toggle;
    QPushButton *m_remove;
    QPushButton *m_redeliver;
    QTimer *m_refreshTimer;
    quint64 m_endpointsRequest = 0;
    quint64 m_logRequest = 0;
    bool m_stale = false;
};

} // namespace medpull
