// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "dashboardcontroller.h"

#include "database.h"
#include "mainwindow.h"

#include <QSettings>

namespace medpull {

namespace {

const QString lastDatabaseKey = QStringLiteral("database/last");

AccountProgress accountProgress(const PullProgress &progress) {
    return {progress.pullId,      progress.pages,        progress.resources,
            progress.queriesDone, progress.queriesTotal, progress.currentResourceType};
}

} // namespace

DashboardController::DashboardController(MainWindow *window, EngineOptions defaults,
                                         QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_defaults(std::move(defaults)) {
    MainWindow *w = m_window;
    // Commands go to whichever engine is current.
    connect(w, &MainWindow::addPatientRequested, this,
            [this](const QString &name, const QString &id) {
                if (m_engine)
                    m_engine->addPatient(name, id);
            });
    connect(w, &MainWindow::addSourceRequested, this,
            [this](const QString &name, const QUrl &base, const QString &clientId) {
                if (m_engine)
                    m_engine->addSource(name, base, clientId);
            });
    connect(w, &MainWindow::connectSourceRequested, this, [this](qint64 patient, qint64 source) {
        if (m_engine)
            m_engine->connectSource(patient, source);
    });
    const auto forward = [this](void (Engine::*command)(qint64)) {
        return [this, command](qint64 id) {
            if (m_engine)
                (m_engine.get()->*command)(id);
        };
    };
    connect(w, &MainWindow::reconnectRequested, this, forward(&Engine::reconnect));
    connect(w, &MainWindow::cancelConnectRequested, this, forward(&Engine::cancelConnect));
    connect(w, &MainWindow::disconnectRequested, this, forward(&Engine::disconnectConnection));
    connect(w, &MainWindow::pullNowRequested, this, forward(&Engine::pullNow));
    connect(w, &MainWindow::pullConnectionRequested, this, forward(&Engine::pullConnection));
    connect(w, &MainWindow::retryFailedQueriesRequested, this,
            forward(&Engine::retryFailedQueries));
    connect(w, &MainWindow::retryDeliveryRequested, this, forward(&Engine::retryDelivery));
    connect(w, &MainWindow::pauseRequested, this, [this](bool paused) {
        if (m_engine)
            m_engine->setPaused(paused);
    });
    connect(w, &MainWindow::openDatabaseRequested, this,
            [this](const QString &location) { open(location); });
}

DashboardController::~DashboardController() {
    if (m_engine)
        m_engine->stop();
}

QString DashboardController::lastDatabase() {
    const QString last = QSettings().value(lastDatabaseKey).toString();
    return last.isEmpty() ? Database::defaultLocation() : last;
}

void DashboardController::open(const QString &location, bool quiet) {
    if (m_engine) {
        m_engine->disconnect(this);
        m_engine->stop();
        m_engine.reset();
    }
    m_window->setCommandsEnabled(false);
    m_window->closeDatabase(tr("Opening %1…").arg(location));

    EngineOptions options = m_defaults;
    options.databaseLocation = location;
    m_engine = std::make_unique<Engine>(options);
    Engine *engine = m_engine.get();
    bind(engine);
    connect(engine, &Engine::started, this,
            [this, engine, location, quiet](bool ok, const QString &error) {
                if (engine != m_engine.get())
                    return;
                if (!ok) {
                    m_window->closeDatabase(tr("The database could not be opened: %1").arg(error));
                    if (!quiet)
                        m_window->showDatabaseError(location, error);
                    emit opened(false, error);
                    return;
                }
                const std::shared_ptr<const Database> database = engine->database();
                m_window->openDatabase(database, database->displayLocation(), engine);
                m_window->setCommandsEnabled(true);
                const EngineStatus status = engine->status();
                m_window->handleEngineStatus(status.runningPulls, status.paused,
                                             status.pagesPerSecond);
                if (m_remember)
                    QSettings().setValue(lastDatabaseKey, location);
                emit opened(true, {});
            });
    engine->start();
}

void DashboardController::bind(Engine *engine) {
    MainWindow *w = m_window;
    connect(engine, &Engine::patientAdded, w, &MainWindow::handlePatientAdded);
    connect(engine, &Engine::sourceAdded, w, &MainWindow::handleSourceAdded);
    connect(engine, &Engine::pullQueued, w, &MainWindow::handlePull);
    connect(engine, &Engine::pullStarted, w, &MainWindow::handlePull);
    connect(engine, &Engine::pullSettled, w, &MainWindow::handlePull);
    connect(engine, &Engine::pullProgress, w, [w](const PullProgress &progress) {
        w->handleProgress(progress.patientId, progress.connectionId, accountProgress(progress));
    });
    connect(engine, &Engine::connectionChanged, w, &MainWindow::handleConnection);
    connect(engine, &Engine::authEventRecorded, w, &MainWindow::handleAuthEvent);
    connect(engine, &Engine::deliveryChanged, w, &MainWindow::handleDelivery);
    connect(engine, &Engine::authorizeUrlReady, w, &MainWindow::handleAuthorizeUrl);
    connect(engine, &Engine::statusChanged, w, [w](const EngineStatus &status) {
        w->handleEngineStatus(status.runningPulls, status.paused, status.pagesPerSecond);
        w->handleDatabaseStatus(status.databaseUnavailable, status.databaseError);
    });
    connect(engine, &Engine::commandFailed, w, &MainWindow::handleCommandFailed);
}

} // namespace medpull
