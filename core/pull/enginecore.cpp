// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "enginecore.h"

#include "accountfailures.h"
#include "autheventrepository.h"
#include "authorizationflow.h"
#include "clientauth.h"
#include "connectionrepository.h"
#include "database.h"
#include "deliveryrepository.h"
#include "destinationconfig.h"
#include "destinationrepository.h"
#include "destinationsecrets.h"
#include "destinationtester.h"
#include "errorcode.h"
#include "eventdispatcher.h"
#include "eventendpointrepository.h"
#include "eventoutbox.h"
#include "eventrepository.h"
#include "exporter.h"
#include "launchlinkserver.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "pullworker.h"
#include "smartdiscovery.h"
#include "sourcerepository.h"
#include "sourcesettings.h"
#include "storeerror.h"
#include "tokenrepository.h"
#include "tokenvault.h"
#include "transaction.h"
#include "urlrules.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHostInfo>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QThread>

namespace medpull {

namespace {

QString leaseOwnerPrefix() {
    return QStringLiteral("%1:%2:%3")
        .arg(QHostInfo::localHostName())
        .arg(QCoreApplication::applicationPid())
        .arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
}

} // namespace

EngineCore::EngineCore(EngineOptions options, std::shared_ptr<EngineShared> shared)
    : m_options(std::move(options))
    , m_shared(std::move(shared)) {
    // Parented, so that moveToThread() takes the timers along.
    m_scheduler.setParent(this);
    m_scheduler.setInterval(m_options.pollIntervalMs);
    connect(&m_scheduler, &QTimer::timeout, this, &EngineCore::scheduleDueWork);
    m_statusTimer.setParent(this);
    m_statusTimer.setInterval(500);
    connect(&m_statusTimer, &QTimer::timeout, this, &EngineCore::publishStatus);
}

EngineCore::~EngineCore() {
    shutdown();
}

template <typename Work> void EngineCore::command(const QString &name, Work &&work) {
    if (!m_db) {
        emit commandFailed(name, tr("the database is not open"));
        return;
    }
    try {
        work();
    } catch (const StoreError &error) {
        emit commandFailed(name, error.message());
    }
}

void EngineCore::start() {
    try {
        m_db = Database::open(m_options.databaseLocation);
    } catch (const StoreError &error) {
        emit started(false, error.message());
        return;
    }
    {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->database = m_db;
    }
    command(QStringLiteral("refresh statistics"), [this] { m_db->refreshStatistics(); });
    TokenVault::Options vaultOptions;
    try {
        vaultOptions = DestinationSecrets::vaultOptions(*m_db);
    } catch (const StoreError &error) {
        emit started(false, error.message());
        return;
    }
    vaultOptions.keyFileOnly = m_options.keyFileOnly;
    m_network = new QNetworkAccessManager(this);
    // One vault for the engine: its pull threads only seal and unseal, which
    // is safe from any thread once the key is loaded. A vault per thread
    // could each decide differently about a slow keychain.
    m_vault = new TokenVault(vaultOptions, this);
    connect(m_vault, &TokenVault::ready, this, [this](bool ok, const QString &error) {
        QString problem = error;
        if (ok) {
            try {
                problem = DestinationSecrets::recordKey(*m_db, *m_vault);
            } catch (const StoreError &storeError) {
                problem = storeError.message();
            }
        }
        if (!problem.isEmpty()) {
            emit started(false, tr("cannot protect tokens: %1").arg(problem));
            return;
        }
        const QString prefix = leaseOwnerPrefix();
        const int workers = m_options.pullWorkers > 0      ? m_options.pullWorkers
                            : m_db->dialect().isPostgres() ? 4
                                                           : 1;
        for (int i = 0; i < workers; ++i) {
            auto *thread = new QThread(this);
            thread->setObjectName(QStringLiteral("medpull-pull-%1").arg(i));
            auto *worker = new PullWorker(m_db, m_vault, &m_paused, m_options,
                                          prefix + QStringLiteral(":%1").arg(i), {workers, i});
            worker->moveToThread(thread);
            connect(thread, &QThread::started, worker, &PullWorker::start);
            connect(worker, &PullWorker::pullStarted, this, &EngineCore::onPullStarted);
            connect(worker, &PullWorker::pullSettled, this, &EngineCore::onPullSettled);
            connect(worker, &PullWorker::pullProgress, this, [this](const PullProgress &progress) {
                m_pageTimes.append(QDateTime::currentMSecsSinceEpoch());
                emit pullProgress(progress);
            });
            connect(worker, &PullWorker::connectionChanged, this, &EngineCore::connectionChanged);
            connect(worker, &PullWorker::authEventRecorded, this, &EngineCore::authEventRecorded);
            connect(worker, &PullWorker::pullStopped, this, [this](qint64 pullId) {
                m_running.remove(pullId);
                publishStatus();
            });
            connect(worker, &PullWorker::problem, this, [this](const QString &error) {
                emit commandFailed(QStringLiteral("pull"), error);
            });
            connect(worker, &PullWorker::databaseUnavailable, this,
                    [this, worker](const QString &reason) { databaseLost(worker, reason); });
            connect(worker, &PullWorker::databaseAvailable, this,
                    [this, worker] { databaseBack(worker); });
            m_threads.append(thread);
            m_workers.append(worker);
            if (m_options.processWork)
                thread->start();
        }
        if (m_options.processWork) {
            // Exports run on a thread of their own, so a slow destination never
            // holds up a pull.
            m_exportThread = new QThread(this);
            m_exportThread->setObjectName(QStringLiteral("medpull-export"));
            m_exporter = new Exporter(m_db, prefix + QStringLiteral(":export"));
            m_exporter->setVault(m_vault);
            if (!m_options.deliveryRetrySeconds.isEmpty())
                m_exporter->setBackoffSchedule(m_options.deliveryRetrySeconds);
            m_exporter->moveToThread(m_exportThread);
            connect(m_exportThread, &QThread::started, m_exporter, &Exporter::start);
            connect(m_exporter, &Exporter::deliveryChanged, this, &EngineCore::deliveryChanged);
            // Event webhooks share the export thread: both only wait on the network.
            m_dispatcher = new EventDispatcher(m_db, prefix + QStringLiteral(":events"));
            m_dispatcher->setVault(m_vault);
            m_dispatcher->setLeaseSeconds(m_options.leaseSeconds);
            m_dispatcher->moveToThread(m_exportThread);
            connect(m_exportThread, &QThread::started, m_dispatcher, &EventDispatcher::start);
            // An endpoint the dispatcher gave up on shows as disabled at once.
            connect(m_dispatcher, &EventDispatcher::endpointChanged, this,
                    &EngineCore::eventEndpointsChanged);
            m_exportThread->start();
            m_scheduler.start();
        }
        m_statusTimer.start();
        emit started(true, {});
        scheduleDueWork();
    });
    m_vault->open();
}

void EngineCore::shutdown() {
    m_scheduler.stop();
    m_statusTimer.stop();
    for (const QPointer<AuthorizationFlow> &flow : std::as_const(m_flows)) {
        if (flow)
            flow->disconnect(this);
    }
    m_flows.clear();
    delete m_launchLinks;
    m_launchLinks = nullptr;
    for (qsizetype i = 0; i < m_workers.size(); ++i) {
        PullWorker *worker = m_workers.at(i);
        QThread *thread = m_threads.at(i);
        if (thread->isRunning()) {
            QMetaObject::invokeMethod(worker, &PullWorker::shutdown, Qt::BlockingQueuedConnection);
            // The worker's database connection belongs to its thread.
            QMetaObject::invokeMethod(
                worker, [this] { m_db->closeThreadConnection(); }, Qt::BlockingQueuedConnection);
            thread->quit();
            thread->wait();
        }
        delete worker;
    }
    m_workers.clear();
    qDeleteAll(m_threads);
    m_threads.clear();
    if (m_exportThread) {
        QMetaObject::invokeMethod(m_exporter, &Exporter::stop, Qt::BlockingQueuedConnection);
        QMetaObject::invokeMethod(m_dispatcher, &EventDispatcher::stop,
                                  Qt::BlockingQueuedConnection);
        QMetaObject::invokeMethod(
            m_exporter, [this] { m_db->closeThreadConnection(); }, Qt::BlockingQueuedConnection);
        m_exportThread->quit();
        m_exportThread->wait();
        delete m_exporter;
        m_exporter = nullptr;
        delete m_dispatcher;
        m_dispatcher = nullptr;
        delete m_exportThread;
        m_exportThread = nullptr;
    }
    if (m_db)
        m_db->closeThreadConnection();
}

void EngineCore::addPatient(const QString &displayName, const QString &externalId) {
    command(QStringLiteral("add patient"), [&] {
        if (displayName.trimmed().isEmpty())
            throw StoreError(tr("a patient needs a name"));
        // The database refuses a second one too, but in its own words.
        if (!externalId.trimmed().isEmpty() &&
            PatientRepository(*m_db).findByExternalId(externalId.trimmed()))
            throw StoreError(
                tr("Another patient already has the external ID %1.").arg(externalId.trimmed()));
        emit patientAdded(
            PatientRepository(*m_db).add(displayName.trimmed(), externalId.trimmed()));
    });
}

void EngineCore::addSource(const QString &name, const QUrl &fhirBase, const QString &clientId) {
    const QString commandName = QStringLiteral("add source");
    if (name.trimmed().isEmpty() || clientId.trimmed().isEmpty()) {
        emit commandFailed(commandName, tr("a source needs a name and a client id"));
        return;
    }
    auto *discovery = new SmartDiscovery(m_network, this);
    connect(discovery, &SmartDiscovery::finished, this,
            [this, discovery, name, clientId, commandName](const SmartConfiguration &config) {
                discovery->deleteLater();
                if (!config.ok()) {
                    emit commandFailed(commandName, config.errorMessage);
                    return;
                }
                command(commandName, [&] {
                    Source source;
                    source.name = name.trimmed();
                    source.clientId = clientId.trimmed();
                    config.applyTo(source);
                    emit sourceAdded(SourceRepository(*m_db).add(source));
                });
            });
    discovery->start(fhirBase);
}

void EngineCore::connectSource(qint64 patientId, qint64 sourceId) {
    command(QStringLiteral("connect"), [&] { beginConnect(patientId, sourceId); });
}

qint64 EngineCore::beginConnect(qint64 patientId, qint64 sourceId) {
    if (!PatientRepository(*m_db).get(patientId))
        throw StoreError(tr("no patient %1").arg(patientId));
    const auto source = SourceRepository(*m_db).get(sourceId);
    if (!source)
        throw StoreError(tr("no source %1").arg(sourceId));
    if (!source->enabled)
        throw StoreError(errorText(storedError(QStringLiteral("source_disabled"), {source->name})));
    ConnectionRepository connections(*m_db);
    // One account per patient and source: connecting again reconnects it.
    if (const auto existing = connections.find(patientId, sourceId)) {
        if (existing->state == ConnectionState::Active)
            throw StoreError(tr("the patient is already connected to this source"));
        startFlow(existing->id);
        return existing->id;
    }
    const Connection connection = connections.add(patientId, sourceId);
    emit connectionChanged(connection);
    startFlow(connection.id);
    return connection.id;
}

void EngineCore::reconnect(qint64 connectionId) {
    command(QStringLiteral("reconnect"), [&] {
        const Connection connection = requireConnection(connectionId);
        const auto source = SourceRepository(*m_db).get(connection.sourceId);
        if (source && !source->enabled)
            throw StoreError(
                errorText(storedError(QStringLiteral("source_disabled"), {source->name})));
        // The account keeps its state (and its place among those needing
        // attention) until the new sign-in has succeeded.
        startFlow(connectionId);
    });
}

// A row just written and read back can be missing: SQLite reports a write
// that did not fit on the disk only when the statement ends.
Connection EngineCore::requireConnection(qint64 connectionId) const {
    const std::optional<Connection> connection = ConnectionRepository(*m_db).get(connectionId);
    if (!connection)
        throw StoreError(tr("no account %1").arg(connectionId));
    return *connection;
}

void EngineCore::startFlow(qint64 connectionId) {
    const Connection connection = requireConnection(connectionId);
    const std::optional<Source> found = SourceRepository(*m_db).get(connection.sourceId);
    if (!found)
        throw StoreError(tr("no source %1").arg(connection.sourceId));
    const Source &source = *found;
    if (const QPointer<AuthorizationFlow> running = m_flows.take(connectionId)) {
        // Replaced by the new launch: the old one ends without a word.
        running->disconnect(this);
        running->cancel();
        running->deleteLater();
    }

    AuthorizationFlow::Request request;
    request.fhirBase = source.fhirBase;
    request.authorizeUrl = source.authorizeUrl;
    request.tokenUrl = source.tokenUrl;
    request.clientId = source.clientId;
    request.portalName = source.name;
    request.scopes = source.scopes;
    request.fixedRedirectUri = source.redirectUri;
    QString credentialsError;
    if (const auto client = ClientAuth::forSource(source, *m_vault, &credentialsError))
        request.clientAuth = *client;
    if (!credentialsError.isEmpty()) {
        // The sealed secret or key cannot be opened: the launch would only
        // end at the token endpoint, so it ends here, with the reason.
        Transaction transaction(*m_db);
        const Connection failed = AccountFailures(*m_db).portalAuthFailed(
            connectionId,
            storedError(QStringLiteral("client_credentials_unreadable"), {source.name}));
        transaction.commit();
        emit connectionChanged(failed);
        return;
    }
    auto *flow = new AuthorizationFlow(m_network, request, this);
    m_flows.insert(connectionId, flow);
    flow->setPageLinks([this, patientId = connection.patientId,
                        sourceId = source.id](const AuthorizationResult &result) {
        return signInLinks(patientId, sourceId, result);
    });

    connect(flow, &AuthorizationFlow::authorizeUrlReady, this,
            [this, connectionId](const QUrl &url) { emit authorizeUrlReady(connectionId, url); });
    connect(flow, &AuthorizationFlow::authEvent, this, [this, connectionId](AuthEvent event) {
        command(QStringLiteral("connect"), [&] {
            event.connectionId = connectionId;
            emit authEventRecorded(AuthEventRepository(*m_db).add(event));
        });
    });
    connect(flow, &AuthorizationFlow::finished, this,
            [this, flow, connectionId](const AuthorizationResult &result) {
                flow->deleteLater();
                m_flows.remove(connectionId);
                command(QStringLiteral("connect"),
                        [&] { flowFinished(connectionId, result, flow->acceptedKeyId()); });
            });
    flow->start();
}

SignInLinks EngineCore::signInLinks(qint64 patientId, qint64 sourceId,
                                    const AuthorizationResult &result) {
    // Staff cancelled this sign-in: the page offers nothing to start.
    if (result.failure == AuthorizationResult::Failure::Cancelled || !m_db)
        return {};
    if (!m_launchLinksTried) {
        m_launchLinksTried = true;
        auto *links = new LaunchLinkServer(std::chrono::minutes(30), this);
        if (links->listen()) {
            m_launchLinks = links;
            connect(links, &LaunchLinkServer::launchRequested, this, &EngineCore::launchFromLink);
        } else {
            emit commandFailed(QStringLiteral("connect"),
                               tr("no links on the sign-in page: %1").arg(links->errorString()));
            delete links;
        }
    }
    if (!m_launchLinks)
        return {};
    SignInLinks links;
    if (!result.ok())
        links.tryAgain = m_launchLinks->issue(patientId, sourceId);
    try {
        QSet<qint64> connected;
        for (const Connection &connection : ConnectionRepository(*m_db).forPatient(patientId)) {
            if (connection.state == ConnectionState::Active)
                connected.insert(connection.sourceId);
        }
        for (const Source &source : SourceRepository(*m_db).list()) {
            if (source.enabled && source.id != sourceId && !connected.contains(source.id))
                links.otherSources.append(
                    {source.name, m_launchLinks->issue(patientId, source.id)});
        }
    } catch (const StoreError &error) {
        emit commandFailed(QStringLiteral("connect"), error.message());
    }
    return links;
}

void EngineCore::launchFromLink(quint64 request, qint64 patientId, qint64 sourceId) {
    if (!m_db) {
        m_launchLinks->refuse(request, tr("medpull is not running."));
        return;
    }
    try {
        const QPointer<AuthorizationFlow> flow = m_flows.value(beginConnect(patientId, sourceId));
        if (flow && !flow->isFinished())
            m_launchLinks->answer(request, flow->authorizeUrl());
        else
            m_launchLinks->refuse(request, tr("The sign-in could not be started. Please ask the "
                                              "staff to start the connection."));
    } catch (const StoreError &error) {
        emit commandFailed(QStringLiteral("connect"), error.message());
        m_launchLinks->refuse(request, tr("The sign-in could not be started (%1). Please ask the "
                                          "staff to start the connection.")
                                           .arg(error.message()));
    }
}

void EngineCore::flowFinished(qint64 connectionId, const AuthorizationResult &result,
                              const QString &acceptedKeyId) {
    ConnectionRepository connections(*m_db);
    const auto connection = connections.get(connectionId);
    if (!connection)
        return;
    if (result.ok()) {
        confirmSigningKey(*m_db, *m_vault, connection->sourceId, acceptedKeyId);
        const SealedTokens sealed = m_vault->seal(result.tokens);
        Transaction transaction(*m_db);
        TokenRepository(*m_db).save({connectionId,
                                     sealed.ciphertext,
                                     sealed.nonce,
                                     sealed.keyId,
                                     result.tokens.expiresAt,
                                     result.tokens.scope,
                                     {}});
        if (!result.tokens.patient.isEmpty())
            connections.setFhirPatientId(connectionId, result.tokens.patient);
        connections.setState(connectionId, ConnectionState::Active);
        connections.setRetry(connectionId, 0, {});
        connections.setSessionOnly(connectionId, result.tokens.refreshToken.isEmpty());
        EventOutbox::record(*m_db, EventType::ConnectionConnected, connectionId);
        transaction.commit();
        emit connectionChanged(requireConnection(connectionId));
        queuePull(connectionId, PullTrigger::Connect);
        return;
    }
    if (result.failure == AuthorizationResult::Failure::Cancelled) {
        if (connection->state == ConnectionState::Pending) {
            // A cancelled first connect leaves no account behind.
            connections.remove(connectionId);
            emit connectionRemoved(connectionId, connection->patientId);
            return;
        }
        // Staff cancelled a reconnect: history, and the account as it was.
        AuthEvent event;
        event.connectionId = connectionId;
        event.type = AuthEventType::Cancelled;
        event.outcome = AuthOutcome::Failure;
        event.detail = result.error;
        emit authEventRecorded(AuthEventRepository(*m_db).add(event));
        return;
    }
    Transaction transaction(*m_db);
    const Connection failed = AccountFailures(*m_db).portalAuthFailed(connectionId, result.error);
    transaction.commit();
    emit connectionChanged(failed);
}

void EngineCore::cancelConnect(qint64 connectionId) {
    if (const QPointer<AuthorizationFlow> flow = m_flows.value(connectionId))
        flow->cancel();
}

void EngineCore::disconnectConnection(qint64 connectionId) {
    cancelConnect(connectionId);
    command(QStringLiteral("disconnect"), [&] {
        ConnectionRepository connections(*m_db);
        if (!connections.get(connectionId))
            throw StoreError(tr("no account %1").arg(connectionId));
        TokenRepository(*m_db).remove(connectionId);
        PullRepository(*m_db).cancelQueued(connectionId);
        connections.setState(connectionId, ConnectionState::Disconnected);
        connections.setRetry(connectionId, 0, {});
        AuthEvent event;
        event.connectionId = connectionId;
        event.type = AuthEventType::Disconnected;
        event.detail = storedError(QStringLiteral("disconnected_by_admin"));
        emit authEventRecorded(AuthEventRepository(*m_db).add(event));
        emit connectionChanged(requireConnection(connectionId));
    });
}

void EngineCore::queuePull(qint64 connectionId, PullTrigger trigger) {
    emit pullQueued(PullRepository(*m_db).enqueue(connectionId, trigger));
    wakeWorkers();
}

void EngineCore::pullNow(qint64 patientId) {
    command(QStringLiteral("pull now"), [&] {
        int queued = 0;
        for (const Connection &connection : ConnectionRepository(*m_db).forPatient(patientId)) {
            const auto source = SourceRepository(*m_db).get(connection.sourceId);
            if (connection.state == ConnectionState::Active && source && source->enabled) {
                queuePull(connection.id, PullTrigger::Manual);
                ++queued;
            }
        }
        if (queued == 0)
            throw StoreError(tr("the patient has no active account to pull from"));
    });
}

void EngineCore::pullConnection(qint64 connectionId) {
    command(QStringLiteral("pull now"), [&] {
        const auto connection = ConnectionRepository(*m_db).get(connectionId);
        if (!connection)
            throw StoreError(tr("no account %1").arg(connectionId));
        if (connection->state != ConnectionState::Active)
            throw StoreError(tr("the account is %1, not active").arg(nameOf(connection->state)));
        const auto source = SourceRepository(*m_db).get(connection->sourceId);
        if (source && !source->enabled)
            throw StoreError(
                errorText(storedError(QStringLiteral("source_disabled"), {source->name})));
        queuePull(connectionId, PullTrigger::Manual);
    });
}

void EngineCore::retryFailedQueries(qint64 pullId) {
    command(QStringLiteral("retry"), [&] {
        PullRepository pulls(*m_db);
        const auto pull = pulls.get(pullId);
        if (!pull)
            throw StoreError(tr("no pull %1").arg(pullId));
        QList<PullQuery> failed;
        for (const PullQuery &query : pulls.queries(pullId)) {
            if (query.status == QueryStatus::Failed)
                failed.append(query);
        }
        if (failed.isEmpty())
            throw StoreError(tr("pull %1 has no failed queries").arg(pullId));
        // A person's retry runs now; the automatic schedule stays as it is.
        emit pullQueued(
            pulls.createRetryPull(pull->connectionId, failed, pullId, PullTrigger::Manual));
        wakeWorkers();
    });
}

namespace {

// What may leave the engine: the destination without its secret values.
ExportDestination shown(ExportDestination destination) {
    destination.config = DestinationSecrets::withoutSecrets(destination.config);
    return destination;
}

} // namespace

ExportDestination EngineCore::completeDestination(const ExportDestination &destination) const {
    ExportDestination completed = destination;
    completed.name = destination.name.trimmed();
    if (completed.name.isEmpty())
        throw StoreError(tr("Name: an export destination needs a name."));
    DestinationRepository destinations(*m_db);
    if (const auto other = destinations.findByName(completed.name);
        other && other->id != destination.id)
        throw StoreError(
            tr("Name: another export destination is already called “%1”.").arg(completed.name));
    if (destination.id != 0) {
        const std::optional<ExportDestination> stored = destinations.get(destination.id);
        if (!stored)
            throw StoreError(tr("There is no export destination %1.").arg(destination.id));
        QString error;
        if (const std::optional<QJsonObject> plain =
                DestinationSecrets::unseal(stored->config, m_vault, &error)) {
            completed.config = DestinationSecrets::keepStored(destination, *plain);
        } else {
            // Secrets entered anew replace what no longer opens.
            for (const QString &key :
                 DestinationSecrets::usedKeys(destination.kind, destination.config)) {
                if (destination.config.value(key).toString().isEmpty())
                    throw StoreError(error);
            }
        }
    }
    if (const QString why = DestinationConfig::whyInvalid(completed); !why.isEmpty())
        throw StoreError(why);
    return completed;
}

void EngineCore::runDestinationTest(const ExportDestination &destination,
                                    std::function<void(bool, const QString &)> done) {
    auto *tester = new DestinationTester(m_network, this);
    connect(tester, &DestinationTester::finished, this,
            [tester, done = std::move(done)](bool ok, const QString &message) {
                tester->deleteLater();
                done(ok, message);
            });
    tester->test(destination);
}

void EngineCore::storeDestination(const ExportDestination &destination) {
    DestinationRepository destinations(*m_db);
    // The name may have been taken while the test ran.
    completeDestination(destination);
    const ExportDestination sealed = DestinationSecrets::sealed(destination, m_vault);
    if (sealed.id == 0) {
        // The exporter's next poll backfills what is already stored.
        emit destinationAdded(shown(destinations.add(sealed)));
    } else {
        destinations.update(sealed);
        emit destinationChanged(shown(*destinations.get(sealed.id)));
    }
    wakeExporter();
}

void EngineCore::addDestination(const ExportDestination &destination) {
    command(QStringLiteral("add destination"),
            [&] { storeDestination(completeDestination(destination)); });
}

void EngineCore::testDestination(const ExportDestination &destination) {
    command(QStringLiteral("test destination"), [&] {
        runDestinationTest(completeDestination(destination),
                           [this, destination](bool ok, const QString &message) {
                               emit destinationTested(shown(destination), ok, message);
                           });
    });
}

void EngineCore::saveDestination(const ExportDestination &destination) {
    const QString commandName = QStringLiteral("save destination");
    command(commandName, [&] {
        const ExportDestination completed = completeDestination(destination);
        runDestinationTest(completed, [this, commandName, destination,
                                       completed](bool ok, const QString &message) {
            emit destinationTested(shown(destination), ok, message);
            if (ok)
                command(commandName, [&] { storeDestination(completed); });
        });
    });
}

void EngineCore::setDestinationEnabled(qint64 destinationId, bool enabled) {
    command(enabled ? QStringLiteral("enable destination") : QStringLiteral("disable destination"),
            [&] {
                DestinationRepository destinations(*m_db);
                if (!destinations.get(destinationId))
                    throw StoreError(tr("There is no export destination %1.").arg(destinationId));
                destinations.setEnabled(destinationId, enabled);
                emit destinationChanged(shown(*destinations.get(destinationId)));
                if (enabled)
                    wakeExporter();
            });
}

void EngineCore::retryDelivery(qint64 deliveryId) {
    command(QStringLiteral("retry delivery"), [&] {
        DeliveryRepository deliveries(*m_db);
        const std::optional<Delivery> delivery = deliveries.get(deliveryId);
        if (!delivery)
            throw StoreError(tr("There is no delivery %1.").arg(deliveryId));
        if (!deliveries.retryNow(deliveryId))
            throw StoreError(tr("Delivery %1 is not waiting for a retry.").arg(deliveryId));
        emit deliveryChanged(*deliveries.get(deliveryId));
        emit deliveriesRetried(delivery->destinationId, 1);
        wakeExporter();
    });
}

void EngineCore::retryAllFailedDeliveries(qint64 destinationId) {
    command(QStringLiteral("retry deliveries"), [&] {
        DeliveryRepository deliveries(*m_db);
        const QList<qint64> retried = deliveries.retryAllFailed(destinationId);
        for (qint64 id : retried)
            emit deliveryChanged(*deliveries.get(id));
        emit deliveriesRetried(destinationId, int(retried.size()));
        wakeExporter();
    });
}

void EngineCore::saveEventEndpoint(const EventEndpoint &endpoint, const QString &secret) {
    command(QStringLiteral("save event endpoint"), [&] {
        EventEndpoint stored = endpoint;
        stored.name = stored.name.trimmed();
        if (stored.name.isEmpty())
            throw StoreError(tr("The endpoint needs a name."));
        if (const QString why = UrlRules::whyNotAcceptable(QUrl(stored.url)); !why.isEmpty())
            throw StoreError(tr("The URL cannot be used: %1").arg(why));
        if (stored.eventTypes.isEmpty())
            throw StoreError(tr("Choose at least one event type."));
        EventEndpointRepository endpoints(*m_db);
        if (const auto same = endpoints.findByName(stored.name); same && same->id != stored.id)
            throw StoreError(tr("Another event endpoint is called %1.").arg(stored.name));
        if (!secret.isEmpty()) {
            if (!m_vault || !m_vault->isReady())
                throw StoreError(tr("The secret cannot be stored encrypted: the token vault "
                                    "has no key."));
            stored.config =
                DestinationSecrets::seal({{QStringLiteral("secret"), secret}}, *m_vault);
        } else if (const auto existing = endpoints.get(stored.id)) {
            stored.config = existing->config;
        } else {
            throw StoreError(tr("The endpoint needs a signing secret."));
        }
        if (stored.id == 0)
            stored = endpoints.add(stored);
        else
            endpoints.update(stored);
        stored.config = DestinationSecrets::withoutSecrets(stored.config);
        emit eventEndpointSaved(stored);
        wakeDispatcher();
    });
}

void EngineCore::setEventEndpointEnabled(qint64 endpointId, bool enabled) {
    command(enabled ? QStringLiteral("enable event endpoint")
                    : QStringLiteral("disable event endpoint"),
            [&] {
                EventEndpointRepository endpoints(*m_db);
                if (!endpoints.get(endpointId))
                    throw StoreError(tr("There is no event endpoint %1.").arg(endpointId));
                endpoints.setEnabled(endpointId, enabled);
                emit eventEndpointsChanged();
                if (enabled)
                    wakeDispatcher();
            });
}

void EngineCore::removeEventEndpoint(qint64 endpointId) {
    command(QStringLiteral("remove event endpoint"), [&] {
        EventEndpointRepository(*m_db).remove(endpointId);
        emit eventEndpointsChanged();
    });
}

void EngineCore::redeliverEvent(qint64 endpointId, qint64 eventId) {
    command(QStringLiteral("redeliver event"), [&] {
        EventRepository(*m_db).redeliver(endpointId, eventId);
        emit eventEndpointsChanged();
        wakeDispatcher();
    });
}

void EngineCore::wakeDispatcher() {
    if (m_dispatcher)
        QMetaObject::invokeMethod(m_dispatcher, &EventDispatcher::poke, Qt::QueuedConnection);
}

void EngineCore::wakeExporter() {
    if (m_exporter)
        QMetaObject::invokeMethod(m_exporter, &Exporter::tick, Qt::QueuedConnection);
}

void EngineCore::setPaused(bool paused) {
    m_paused = paused;
    // Unpaused threads look for work at once.
    if (!paused)
        wakeWorkers();
    publishStatus();
}

void EngineCore::scheduleDueWork() {
    if (!m_db || !m_options.processWork)
        return;
    // While the database is away, try it with a growing delay, and say so
    // once rather than at every tick.
    if (!m_outage.due(QDateTime::currentMSecsSinceEpoch()))
        return;
    try {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        ConnectionRepository connections(*m_db);
        PullRepository pulls(*m_db);
        for (const Connection &connection : connections.dueForScheduledPull(now)) {
            const auto source = SourceRepository(*m_db).get(connection.sourceId);
            const int fullDays = source ? source->fullPullDays : 7;
            const bool full = !connection.lastFullPullAt.isValid() ||
                              connection.lastFullPullAt.addDays(fullDays) <= now ||
                              !connection.lastSuccessfulPullAt.isValid();
            // Re-arm first so a slow pull is not queued twice.
            connections.setNextPullAt(connection.id,
                                      now.addSecs(source ? source->pullIntervalSeconds : 86400));
            if (source && !source->enabled)
                continue;
            emit pullQueued(pulls.enqueue(connection.id, PullTrigger::Scheduled, full,
                                          full ? QDateTime() : connection.lastSuccessfulPullAt));
        }
        for (const Connection &connection : connections.dueForRetry(now)) {
            const auto retried = pulls.latestSettled(connection.id);
            const QList<PullQuery> queries =
                retried ? pulls.retryableQueries(retried->id) : QList<PullQuery>();
            if (queries.isEmpty()) {
                // Nothing left that a retry could fetch: a person decides.
                connections.setRetry(connection.id, connection.retryAttempt, {});
                emit connectionChanged(*connections.get(connection.id));
                continue;
            }
            emit pullQueued(pulls.createRetryPull(connection.id, queries, retried->id));
        }
        if (m_outage.succeeded())
            databaseBack(this);
    } catch (const StoreError &error) {
        if (!error.retryLater())
            emit commandFailed(QStringLiteral("schedule"), error.message());
        else if (m_outage.failed(error.message(), QDateTime::currentMSecsSinceEpoch()))
            databaseLost(this, error.message());
        return;
    }
    wakeWorkers();
}

void EngineCore::databaseLost(const QObject *reporter, const QString &reason) {
    m_outages.insert(reporter, reason);
    publishStatus();
}

void EngineCore::databaseBack(const QObject *reporter) {
    if (m_outages.remove(reporter) == 0)
        return;
    ++m_reconnects;
    publishStatus();
}

void EngineCore::wakeWorkers() {
    for (PullWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(worker, &PullWorker::poll, Qt::QueuedConnection);
}

void EngineCore::onPullStarted(const Pull &pull) {
    m_running.insert(pull.id);
    emit pullStarted(pull);
    publishStatus();
}

void EngineCore::onPullSettled(const Pull &pull) {
    m_running.remove(pull.id);
    emit pullSettled(pull);
    publishStatus();
    if (++m_settled >= m_refreshStatisticsAt) {
        m_refreshStatisticsAt *= 2;
        command(QStringLiteral("refresh statistics"), [this] { m_db->refreshStatistics(); });
    }
}

void EngineCore::publishStatus() {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    constexpr qint64 windowMs = 5000;
    while (!m_pageTimes.isEmpty() && m_pageTimes.first() < now - windowMs)
        m_pageTimes.removeFirst();
    EngineStatus status;
    status.runningPulls = int(m_running.size());
    status.paused = m_paused;
    status.pagesPerSecond = double(m_pageTimes.size()) * 1000.0 / windowMs;
    status.databaseUnavailable = !m_outages.isEmpty();
    if (status.databaseUnavailable)
        status.databaseError = m_outages.cbegin().value();
    status.databaseReconnects = m_reconnects;
    {
        QMutexLocker lock(&m_shared->mutex);
        if (m_shared->status.runningPulls == status.runningPulls &&
            m_shared->status.paused == status.paused &&
            m_shared->status.databaseUnavailable == status.databaseUnavailable &&
            m_shared->status.databaseError == status.databaseError &&
            m_shared->status.databaseReconnects == status.databaseReconnects &&
            qFuzzyCompare(1 + m_shared->status.pagesPerSecond, 1 + status.pagesPerSecond))
            return;
        m_shared->status = status;
    }
    emit statusChanged(status);
}

// Source management.

void EngineCore::saveSource(const QString &commandName, Source source,
                            const SourceSettings &settings) {
    auto *discovery = new SmartDiscovery(m_network, this);
    connect(discovery, &SmartDiscovery::finished, this,
            [this, discovery, commandName, source, settings](const SmartConfiguration &config) {
                discovery->deleteLater();
                if (!config.ok()) {
                    emit commandFailed(commandName, config.errorMessage);
                    return;
                }
                command(commandName, [&] {
                    Source updated = source;
                    std::optional<ClientCredentials> credentials =
                        ClientCredentials::unseal(updated.sealedCredentials, *m_vault, nullptr);
                    // Credentials sealed with a lost key are replaced, never
                    // kept half: a new secret, a new key pair, or none needed.
                    const bool replaced = settings.clientSecret || settings.rotateSigningKey ||
                                          settings.clientAuth == ClientAuthMethod::None;
                    if (!credentials && !replaced)
                        throw StoreError(errorText(storedError(
                            QStringLiteral("client_credentials_unreadable"), {updated.name})));
                    if (!credentials)
                        credentials = ClientCredentials();
                    if (updated.id == 0) {
                        config.applyTo(updated);
                    } else {
                        // What pulls learnt about the portal stays as it is.
                        updated.fhirBase = config.fhirBase;
                        updated.authorizeUrl = config.authorizeUrl;
                        updated.tokenUrl = config.tokenUrl;
                        updated.revocationUrl = config.revocationUrl;
                        updated.smartConfiguration = config.smartConfiguration;
                    }
                    const QString invalid =
                        applySourceSettings(updated, *credentials, settings, config);
                    if (!invalid.isEmpty())
                        throw StoreError(errorText(invalid));
                    updated.sealedCredentials = credentials->seal(*m_vault);
                    SourceRepository sources(*m_db);
                    if (updated.id == 0) {
                        emit sourceAdded(sources.add(updated));
                    } else {
                        sources.updateSettings(updated);
                        emit sourceChanged(*sources.get(updated.id));
                    }
                });
            });
    discovery->start(settings.fhirBase.value_or(source.fhirBase));
}

void EngineCore::addSourceWithSettings(const SourceSettings &settings) {
    const QString commandName = QStringLiteral("add source");
    if (!m_db || !m_vault || !m_vault->isReady()) {
        emit commandFailed(commandName, tr("the database is not open"));
        return;
    }
    if (!settings.fhirBase || settings.fhirBase->isEmpty()) {
        emit commandFailed(
            commandName,
            errorText(storedError(QStringLiteral("source_setting_invalid"),
                                  {QStringLiteral("FHIR base URL"), QStringLiteral("required")})));
        return;
    }
    saveSource(commandName, Source(), settings);
}

void EngineCore::editSource(qint64 sourceId, const SourceSettings &settings) {
    const QString commandName = QStringLiteral("edit source");
    command(commandName, [&] {
        const auto source = SourceRepository(*m_db).get(sourceId);
        if (!source)
            throw StoreError(tr("no source %1").arg(sourceId));
        saveSource(commandName, *source, settings);
    });
}

void EngineCore::setSourceEnabled(qint64 sourceId, bool enabled) {
    command(enabled ? QStringLiteral("enable source") : QStringLiteral("disable source"), [&] {
        SourceRepository sources(*m_db);
        if (!sources.get(sourceId))
            throw StoreError(tr("no source %1").arg(sourceId));
        sources.setEnabled(sourceId, enabled);
        if (!enabled) {
            PullRepository pulls(*m_db);
            for (const Connection &connection : ConnectionRepository(*m_db).list()) {
                if (connection.sourceId == sourceId)
                    pulls.cancelQueued(connection.id);
            }
        }
        emit sourceChanged(*sources.get(sourceId));
    });
}

void EngineCore::removeSource(qint64 sourceId) {
    command(QStringLiteral("remove source"), [&] {
        SourceRepository sources(*m_db);
        if (!sources.get(sourceId))
            throw StoreError(tr("no source %1").arg(sourceId));
        // Its accounts' history stays: such a source is only disabled.
        if (sources.connectionCount(sourceId) > 0) {
            setSourceEnabled(sourceId, false);
            return;
        }
        sources.remove(sourceId);
        emit sourceRemoved(sourceId);
    });
}

} // namespace medpull
