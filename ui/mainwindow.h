// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "dashboarddata.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QSet>
#include <QUrl>

#include <functional>
#include <memory>

class QAction;
class QCheckBox;
class QDialog;
class QLabel;
class QLineEdit;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTimer;

namespace medpull {

class DataService;
class InboxView;
class Database;
class Engine;
class PatientFilterModel;
class PatientListModel;
class PatientPage;
class RequestDialog;
class TableView;

// The dashboard's window: the patient list on the left, the selected
// patient's page on the right. It reads through a DataService (a loader
// thread) and never touches the database or the network itself; commands
// leave as signals that the composition root hands to the engine, and the
// engine's events come back through the handle*() slots.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows an open database; `location` is what the status bar names. The
    // Sources and Destinations tabs send their commands to `engine`; without
    // one they only show.
    void openDatabase(std::shared_ptr<const Database> database, const QString &location,
                      Engine *engine = nullptr);
    // No database: the window says why and how to open one.
    void closeDatabase(const QString &reason);
    bool hasDatabase() const { return m_service != nullptr; }
    void setDemoMode(bool demo);
    // Whether commands can be carried out (an engine runs); without one the
    // window is a read-only view.
    void setCommandsEnabled(bool enabled);
    // How an authorize URL is opened; the system browser unless replaced
    // (tests).
    void setUrlOpener(std::function<bool(const QUrl &)> opener);

    bool selectPatient(qint64 patientId);
    qint64 selectedPatientId() const;

    PatientListModel *patientModel() const { return m_patients; }
    PatientFilterModel *patientFilter() const { return m_filter; }
    TableView *patientView() const { return m_patientView; }
    PatientPage *patientPage() const { return m_page; }
    QLineEdit *searchField() const { return m_search; }
    QTabWidget *views() const { return m_views; }
    QLabel *engineStateLabel() const { return m_engineState; }
    QLabel *demoBanner() const { return m_banner; }
    QLabel *databaseBanner() const { return m_databaseBanner; }
    InboxView *inbox() const { return m_inbox; }
    QAction *pullNowAction() const { return m_pullNowAction; }
    QAction *pauseAction() const { return m_pauseAction; }
    QAction *attentionOnlyAction() const { return m_attentionAction; }
    QAction *addPatientAction() const { return m_addPatientAction; }
    QAction *addSourceAction() const { return m_addSourceAction; }
    QAction *openDatabaseAction() const { return m_openDatabaseAction; }
    QLabel *noPatientLabel() const { return m_noPatient; }
    QLabel *patientCountLabel() const { return m_patientCount; }

public slots:
    void handlePatientAdded(const medpull::Patient &patient);
    void handleSourceAdded(const medpull::Source &source);
    void handlePull(const medpull::Pull &pull);
    void handleProgress(qint64 patientId, qint64 connectionId,
                        const medpull::AccountProgress &progress);
    void handleConnection(const medpull::Connection &connection);
    void handleConnectionRemoved(qint64 connectionId, qint64 patientId);
    void handleAuthEvent(const medpull::AuthEvent &event);
    void handleDelivery(const medpull::Delivery &delivery);
    void handleAuthorizeUrl(qint64 connectionId, const QUrl &url);
    void handleEngineStatus(int runningPulls, bool paused, double pagesPerSecond);
    // A banner while the engine cannot use the database; hidden once it can.
    void handleDatabaseStatus(bool unavailable, const QString &error);
    void handleCommandFailed(const QString &command, const QString &error);
    void showDatabaseError(const QString &location, const QString &error);

signals:
    void addPatientRequested(const QString &displayName, const QString &externalId);
    void addSourceRequested(const QString &name, const QUrl &fhirBase, const QString &clientId);
    void connectSourceRequested(qint64 patientId, qint64 sourceId);
    void reconnectRequested(qint64 connectionId);
    void cancelConnectRequested(qint64 connectionId);
    void disconnectRequested(qint64 connectionId);
    void pullNowRequested(qint64 patientId);
    void pullConnectionRequested(qint64 connectionId);
    void retryFailedQueriesRequested(qint64 pullId);
    void retryDeliveryRequested(qint64 deliveryId);
    void pauseRequested(bool paused);
    void openDatabaseRequested(const QString &location);
    // The patient list (re)arrived from the loader.
    void patientsLoaded();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    QWidget *createPatientsView();
    void onSummariesLoaded(quint64 request, const QList<medpull::PatientSummary> &summaries);
    void onSummaryLoaded(quint64 request, const medpull::PatientSummary &summary);
    void onSourcesLoaded(quint64 request, const QList<medpull::Source> &sources);
    void onLoadFailed(quint64 request, const QString &error);
    void currentPatientChanged();
    void updateActions();
    void updatePatientCount();
    void refreshPatient(qint64 patientId);
    void refreshPatientOfConnection(qint64 connectionId);
    void refreshPatientOfPull(qint64 pullId);
    void flushRefreshes();
    void addPatient();
    void addSource();
    void connectSource(qint64 patientId);
    void openDatabaseDialog();
    void about();
    void showWaiting(qint64 connectionId, const QUrl &url);
    void updateNoPatientText();
    void setInboxCount(int count);

    std::unique_ptr<DataService> m_service;
    QString m_location;
    bool m_commandsEnabled = false;
    std::function<bool(const QUrl &)> m_openUrl;
    quint64 m_summariesRequest = 0;
    quint64 m_sourcesRequest = 0;
    qint64 m_connectPatient = 0;
    qint64 m_pendingSelection = 0;
    QSet<quint64> m_summaryRequests;
    QSet<qint64> m_dirtyPatients;
    QSet<qint64> m_dirtyConnections;
    QSet<qint64> m_dirtyPulls;
    QTimer *m_refreshTimer;
    QTimer *m_clockTimer;
    QHash<qint64, QDialog *> m_waiting;
    // The Add patient / Add source dialog waiting for the engine's answer.
    QPointer<RequestDialog> m_addPatientDialog;
    QPointer<RequestDialog> m_addSourceDialog;
    // Only connects started from this window open the browser: the demo
    // seeder (and other programs on the engine) drive their own.
    QSet<QPair<qint64, qint64>> m_userConnects; // (patient, source) asked for here
    QSet<qint64> m_userConnections;
    QHash<qint64, QUrl> m_unclaimedUrls;
    QPair<QString, QString> m_userAddedPatient;

    PatientListModel *m_patients;
    PatientFilterModel *m_filter;
    QTabWidget *m_views;
    InboxView *m_inbox;
    QLabel *m_banner;
    QLabel *m_databaseBanner;
    QSplitter *m_splitter;
    QLineEdit *m_search;
    QCheckBox *m_attentionOnly;
    QLabel *m_patientCount;
    TableView *m_patientView;
    QStackedWidget *m_detailStack;
    QLabel *m_noPatient;
    PatientPage *m_page;
    QLabel *m_engineState;
    QLabel *m_rate;
    QLabel *m_databaseLabel;

    QAction *m_openDatabaseAction;
    QAction *m_quitAction;
    QAction *m_addPatientAction;
    QAction *m_addSourceAction;
    QAction *m_connectAction;
    QAction *m_pullNowAction;
    QAction *m_findAction;
    QAction *m_attentionAction;
    QAction *m_pauseAction;
    QAction *m_aboutAction;
};

} // namespace medpull
