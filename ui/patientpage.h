// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "dashboarddata.h"

#include <QWidget>

class QChart;
class QChartView;
class QLabel;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QStandardItemModel;
class QTabWidget;
class QTimer;
class QVBoxLayout;

namespace medpull {

class AccountModel;
class AuthEventModel;
class ChartModel;
class DataService;
class DeliveryModel;
class PullHistoryModel;
class QueryModel;
class ResourceCountModel;
class TableView;

// Everything about one patient: header, accounts, pull history with the
// queries of the selected pull, export deliveries, authorization history,
// stored records and charts. It asks for work through signals (the window
// hands them to the engine) and updates from the engine's events.
class PatientPage : public QWidget {
    Q_OBJECT

public:
    enum Tab { AccountsTab, PullsTab, ExportsTab, AuthTab, RecordsTab, ChartsTab };

    explicit PatientPage(QWidget *parent = nullptr);
    ~PatientPage() override;

    void setDataService(DataService *service);
    void showPatient(qint64 patientId);
    // Brings the pull history tab to the front.
    void showPullHistory();
    qint64 patientId() const { return m_patientId; }
    // Whether the patient's data has arrived since showPatient().
    bool isLoaded() const { return m_loaded; }

    void handlePull(const Pull &pull);
    void handleProgress(qint64 connectionId, const AccountProgress &progress);
    void handleConnection(const Connection &connection);
    void handleConnectionRemoved(qint64 connectionId);
    void handleAuthEvent(const AuthEvent &event);
    void handleDelivery(const Delivery &delivery);

    QTabWidget *tabs() const { return m_tabs; }
    AccountModel *accountModel() const { return m_accounts; }
    PullHistoryModel *pullModel() const { return m_pulls; }
    QueryModel *queryModel() const { return m_queries; }
    AuthEventModel *authEventModel() const { return m_authEvents; }
    DeliveryModel *deliveryModel() const { return m_deliveries; }
    ResourceCountModel *resourceCountModel() const { return m_counts; }
    TableView *accountView() const { return m_accountView; }
    TableView *pullView() const { return m_pullView; }
    TableView *queryView() const { return m_queryView; }
    TableView *deliveryView() const { return m_deliveryView; }
    TableView *countView() const { return m_countView; }
    QPlainTextEdit *resourceViewer() const { return m_json; }
    QStandardItemModel *resourceKeyModel() const { return m_keys; }
    QPushButton *pullNowButton() const { return m_pullNow; }
    QPushButton *pullAccountButton() const { return m_pullAccount; }
    QPushButton *reconnectButton() const { return m_reconnect; }
    QPushButton *retryQueriesButton() const { return m_retryQueries; }
    QPushButton *retryDeliveryButton() const { return m_retryDelivery; }
    QLabel *failureLabel() const { return m_failure; }
    QLabel *statusLabel() const { return m_status; }
    QChart *growthChart() const { return m_growthChart; }
    QChart *durationChart() const { return m_durationChart; }
    QLabel *growthEmptyLabel() const { return m_growthEmpty; }
    QLabel *durationEmptyLabel() const { return m_durationEmpty; }

signals:
    void pullNowRequested(qint64 patientId);
    void connectSourceRequested(qint64 patientId);
    void pullConnectionRequested(qint64 connectionId);
    void reconnectRequested(qint64 connectionId);
    void disconnectRequested(qint64 connectionId);
    void retryFailedQueriesRequested(qint64 pullId);
    void retryDeliveryRequested(qint64 deliveryId);
    // The patient's data (re)arrived and is shown.
    void detailShown();
    void queriesShown();
    void resourceShown();

private:
    QWidget *buildHeader();
    QWidget *buildAccountsTab();
    QWidget *buildPullsTab();
    QWidget *buildExportsTab();
    QWidget *buildAuthTab();
    QWidget *buildRecordsTab();
    QWidget *buildChartsTab();
    void scheduleRefresh();
    void onDetailLoaded(quint64 request, const medpull::PatientDetail &detail);
    void onQueriesLoaded(quint64 request, qint64 pullId, const QList<medpull::PullQuery> &queries);
    void onResourceKeysLoaded(quint64 request, const QList<medpull::ResourceKey> &keys);
    void onResourceLoaded(quint64 request, const medpull::ResourceKey &key, const QString &json);
    void selectedPullChanged();
    void requestQueries();
    void updateAccountActions();
    void updateRetryQueries();
    void updateRetryDelivery();
    void selectedTypeChanged();
    void selectedResourceChanged();
    void remapChart(QChart *chart, ChartModel *model, const QString &valueTitle,
                    const QString &labelFormat);
    void updateChartAxes();
    qint64 selectedConnectionId() const;
    qint64 selectedPullId() const;
    qint64 selectedDeliveryId() const;

    DataService *m_service = nullptr;
    qint64 m_patientId = 0;
    bool m_loaded = false;
    quint64 m_detailRequest = 0;
    quint64 m_queriesRequest = 0;
    quint64 m_keysRequest = 0;
    quint64 m_resourceRequest = 0;
    QTimer *m_refreshTimer;
    QTimer *m_queriesTimer;

    AccountModel *m_accounts;
    PullHistoryModel *m_pulls;
    QueryModel *m_queries;
    AuthEventModel *m_authEvents;
    DeliveryModel *m_deliveries;
    ResourceCountModel *m_counts;
    QStandardItemModel *m_keys;
    ChartModel *m_growth;
    ChartModel *m_durations;

    QLabel *m_name;
    QLabel *m_statusIcon;
    QLabel *m_status;
    QLabel *m_latestPull;
    QPushButton *m_pullNow;
    QPushButton *m_connect;
    QTabWidget *m_tabs;
    TableView *m_accountView;
    QPushButton *m_pullAccount;
    QPushButton *m_reconnect;
    QPushButton *m_disconnect;
    QLabel *m_failure;
    QSplitter *m_pullSplitter;
    TableView *m_pullView;
    QLabel *m_queriesTitle;
    TableView *m_queryView;
    QPushButton *m_retryQueries;
    TableView *m_deliveryView;
    QPushButton *m_retryDelivery;
    TableView *m_authView;
    QSplitter *m_recordsSplitter;
    TableView *m_countView;
    QListView *m_keyView;
    QPlainTextEdit *m_json;
    QChart *m_growthChart;
    QChart *m_durationChart;
    QChartView *m_growthView;
    QChartView *m_durationView;
    QLabel *m_growthEmpty;
    QLabel *m_durationEmpty;
};

} // namespace medpull
