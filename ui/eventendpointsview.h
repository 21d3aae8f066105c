// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "event.h"

#include <QThread>
#include <QWidget>

#include <optional>

#include <memory>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace medpull {

class Database;
class EventDeliveryModel;
class EventEndpointService;
class EventEndpointsModel;

// The event endpoints page: the endpoints (enabled, or disabled and why)
// beside the selected one's delivery log, with Add, Edit, Enable/Disable,
// Remove and Redeliver. Everything is loaded and changed by an
// EventEndpointService on a thread of its own; the log refreshes every few
// seconds while the engine's dispatcher works through it.
class EventEndpointsView : public QWidget {
    Q_OBJECT

public:
    explicit EventEndpointsView(std::shared_ptr<const Database> database,
                                QWidget *parent = nullptr);
    ~EventEndpointsView() override;

    EventEndpointsModel *endpointsModel() const { return m_endpoints; }
    EventDeliveryModel *logModel() const { return m_log; }
    QTableView *listView() const { return m_list; }
    QTableView *logView() const { return m_logView; }

public slots:
    void refresh();
    void addEndpoint();
    void editEndpoint();
    void toggleEnabled();
    void removeEndpoint();
    // Sends the event selected in the log again.
    void redeliverSelected();

private:
    std::optional<EventEndpoint> selectedEndpoint() const;
    void selectionChanged();
    void openDialog(const EventEndpoint &endpoint);

    QThread m_thread;
    EventEndpointService *m_service;
    EventEndpointsModel *m_endpoints;
    EventDeliveryModel *m_log;
    QTableView *m_list;
    QTableView *m_logView;
    QLabel *m_reason;
    QPushButton *m_edit;
    QPushButton *m_toggle;
    QPushButton *m_remove;
    QPushButton *m_redeliver;
    QTimer *m_refreshTimer;
};

} // namespace medpull
