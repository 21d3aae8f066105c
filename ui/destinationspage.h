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
// selected one and Retry all failed, both for failed deliveries and those
// waiting for an automatic retry.
class DestinationPage : public QWidget {
    Q_OBJECT

public:
    explicit DestinationPage(DestinationsDeliveryModel *model, QWidget *parent = nullptr);

    void setSummary(const std::optional<DestinationSummary> &summary);
    const std::optional<DestinationSummary> &summary() const { return m_summary; }
    // Without commands (no engine) the page only shows.
    void setCommandsEnabled(bool enabled);
    // What the last command did, or why it could not.
    void showMessage(const QString &message);

    QTableView *deliveriesView() const { return m_deliveries; }
    QLabel *banner() const { return m_banner; }
    QLabel *messageLabel() const { return m_message; }
    QPushButton *editButton() const { return m_edit; }
    QPushButton *toggleButton() const { return m_toggle; }
    QPushButton *retryButton() const { return m_retry; }
    QPushButton *retryAllButton() const { return m_retryAll; }

signals:
    void retryDeliveryRequested(qint64 deliveryId);
    void retryAllFailedRequested(qint64 destinationId);
    void editRequested(const medpull::ExportDestination &destination);
    void enabledChangeRequested(qint64 destinationId, bool enabled);

private:
    void updateButtons();

    DestinationsDeliveryModel *m_model;
    std::optional<DestinationSummary> m_summary;
    bool m_commandsEnabled = true;
    QLabel *m_title;
    QLabel *m_details;
    QLabel *m_banner;
    QLabel *m_message;
    QPushButton *m_edit;
    QPushButton *m_toggle;
    QPushButton *m_retry;
    QPushButton *m_retryAll;
    QTableView *m_deliveries;
};

} // namespace medpull
