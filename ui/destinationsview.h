// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "dashboarddata.h"

#include <QSet>
#include <QWidget>

class QPushButton;
class QTableView;
class QTimer;

namespace medpull {

class DataService;
class DestinationPage;
class DestinationsDeliveryModel;
class DestinationsModel;
class Engine;

// The Destinations tab: the list (kind, enabled, last delivery, failures)
// beside the selected destination's page. It reads through the dashboard's
// DataService and changes nothing itself: adding, editing, enabling,
// disabling and retrying are the Engine's commands, and the Engine's events
// refresh what is shown. Without an engine it only shows.
class DestinationsView : public QWidget {
    Q_OBJECT

public:
    DestinationsView(DataService *data, Engine *engine, QWidget *parent = nullptr);

    DestinationsModel *destinationsModel() const { return m_destinations; }
    DestinationsDeliveryModel *deliveryModel() const { return m_deliveries; }
    DestinationPage *page() const { return m_page; }
    QTableView *listView() const { return m_list; }
    QPushButton *addButton() const { return m_add; }

public slots:
    // Loads what is shown now; while the tab is hidden, once it is shown.
    void refresh();
    // Coalesces bursts (a delivery changing several times) into one refresh.
    void scheduleRefresh();
    void addDestination();
    void editDestination(const medpull::ExportDestination &destination);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void selectionChanged();
    void requestDeliveries(qint64 destinationId, int offset, int limit);
    void openDialog(const ExportDestination &destination);
    void bindEngine();

    DataService *m_data;
    Engine *m_engine;
    bool m_stale = true;
    quint64 m_destinationsRequest = 0;
    // A refresh and the next page may both be on their way.
    QSet<quint64> m_deliveryRequests;
    DestinationsModel *m_destinations;
    DestinationsDeliveryModel *m_deliveries;
    QPushButton *m_add;
    QTableView *m_list;
    DestinationPage *m_page;
    QTimer *m_refreshTimer;
    QTimer *m_coalesce;
};

} // namespace medpull
