// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "deliverystore.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace medpull {

class DestinationsDeliveryModel;

// One destination: what it is, how its deliveries stand, and its deliveries
// (patient, pull, status, attempts, resources, last error) with Retry for the
// selected one and Retry all failed.
class DestinationPage : public QWidget {
    Q_OBJECT

public:
    explicit DestinationPage(DestinationsDeliveryModel *model, QWidget *parent = nullptr);

    void setSummary(const std::optional<DestinationSummary> &summary);
    const std::optional<DestinationSummary> &summary() const { return m_summary; }
    QTableView *deliveriesView() const { return m_deliveries; }

signals:
    void retryDeliveryRequested(qint64 deliveryId);
    void retryAllFailedRequested(qint64 destinationId);
    void editRequested(const medpull::ExportDestination &destination);
    void enabledChangeRequested(qint64 destinationId, bool enabled);

private:
    void updateButtons();

    DestinationsDeliveryModel *m_model;
    std::optional<DestinationSummary> m_summary;
    QLabel *m_title;
    QLabel *m_details;
    QLabel *m_banner;
    QPushButton *m_edit;
    QPushButton *m_toggle;
    QPushButton *m_retry;
    QPushButton *m_retryAll;
    QTableView *m_deliveries;
};

} // namespace medpull
