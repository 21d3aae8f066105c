// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "exportdestination.h"

#include <QThread>
#include <QWidget>

#include <memory>

class QTableView;
class QTimer;

namespace medpull {

class Database;
class DestinationPage;
class DestinationService;
class DestinationsDeliveryModel;
class DestinationsModel;
class Engine;

// The destinations view: the list (kind, enabled, last delivery, failures)
// beside the selected destination's page. Everything it shows is loaded by a
// DestinationService on a thread of its own; add, edit and enable/disable go
// there too. Retries go through the Engine once attachEngine() is called
// (and its deliveryChanged refreshes the view), else through the service.
class DestinationsView : public QWidget {
    Q_OBJECT

public:
    explicit DestinationsView(std::shared_ptr<const Database> database, QWidget *parent = nullptr);
    ~DestinationsView() override;

    void attachEngine(Engine *engine);

    DestinationsModel *destinationsModel() const { return m_destinations; }
    DestinationsDeliveryModel *deliveryModel() const { return m_deliveries; }
    DestinationPage *page() const { return m_page; }
    QTableView *listView() const { return m_list; }

public slots:
    void refresh();
    // Coalesces bursts (a delivery changing several times) into one refresh.
    void scheduleRefresh();
    void addDestination();
    void editDestination(const medpull::ExportDestination &destination);

signals:
    void retryDeliveryRequested(qint64 deliveryId);
    void retryAllFailedRequested(qint64 destinationId);

private:
    void selectionChanged();
    void openDialog(const ExportDestination &destination);

    QThread m_thread;
    DestinationService *m_service;
    DestinationsModel *m_destinations;
    DestinationsDeliveryModel *m_deliveries;
    QTableView *m_list;
    DestinationPage *m_page;
    QTimer *m_refreshTimer;
    QTimer *m_coalesce;
    QList<QMetaObject::Connection> m_serviceRetries;
};

} // namespace medpull
