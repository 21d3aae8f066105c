// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "clienginecommands.h"

#include "clisources.h"
#include "connectionrepository.h"
#include "demoseeder.h"
#include "engine.h"
#include "enginemetrics.h"
#include "errorcode.h"
#include "metricsserver.h"
#include "pullrepository.h"
#include "sourcerepository.h"
#include "storeerror.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <functional>
#include <sys/socket.h>
#include <unistd.h>

namespace medpull::cli {

namespace {

EngineOptions engineOptions(const GlobalOptions &globals, bool processWork) {
    EngineOptions options;
    options.databaseLocation = globals.databaseLocation;
    options.keyFileOnly =
        globals.keyFileOnly || qEnvironmentVariable("MEDPULL_KEY_FILE_ONLY") == QLatin1String("1");
    options.processWork = processWork;
    return options;
}

QUrl httpUrl(const CommandParser &parser, const QString &name) {
    const QUrl url(parser.required(name), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        parser.usageError(QStringLiteral("--%1 must be an http(s) URL").arg(name));
    return url;
}

// An Engine and the event loop that runs until the command's work is done.
class EngineSession {
public:
    explicit EngineSession(EngineOptions options)
        : m_engine(std::move(options)) {}

    ~EngineSession() {
        // This thread's connection must close before the engine lets go of
        // the database.
        if (m_database)
            m_database->closeThreadConnection();
    }

    Engine &engine() { return m_engine; }
    // After the engine started: the open database, for this thread's reads.
    const Database &database() const { return *m_database; }
    bool hasDatabase() const { return m_database != nullptr; }

    // Starts the engine, calls `ready` once it runs, and runs the event loop
    // until finish() or fail().
    int exec(const std::function<void()> &ready) {
        QObject::connect(&m_engine, &Engine::started, &m_loop,
                         [this, ready](bool ok, const QString &error) {
                             if (!ok) {
                                 fail(error);
                                 return;
                             }
                             m_database = m_engine.database();
                             try {
                                 ready();
                             } catch (const CliError &error) {
                                 fail(error.message(), error.exitCode());
                             } catch (const StoreError &error) {
                                 fail(error.message());
                             }
                         });
        m_engine.start();
        m_loop.exec();
        if (!m_error.isEmpty())
            throw CliError(m_error, m_code);
        return m_code;
    }

    void finish(int code = ExitOk) {
        if (m_done)
            return;
        m_done = true;
        m_code = code;
        m_loop.quit();
    }

    void fail(const QString &message, int code = ExitFailed) {
        if (m_done)
            return;
        m_error = message.isEmpty() ? QStringLiteral("failed") : message;
        finish(code);
    }

private:
    Engine m_engine;
    QEventLoop m_loop;
    std::shared_ptr<const Database> m_database;
    QString m_error;
    int m_code = ExitOk;
    bool m_done = false;
};

// SIGINT and SIGTERM end a run cleanly: running pulls give their leases back
// and resume from their checkpoints next time.
class StopSignals {
public:
    explicit StopSignals(const std::function<void()> &onStop) {
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_pipe) != 0)
            throw CliError(QStringLiteral("cannot watch for signals"));
        m_notifier = std::make_unique<QSocketNotifier>(s_pipe[1], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(), onStop);
        struct sigaction action = {};
        action.sa_handler = [](int) {
            const char byte = 1;
            // Only write() is async-signal-safe; the event loop does the rest.
            [[maybe_unused]] const ssize_t written = ::write(s_pipe[0], &byte, 1);
        };
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGINT, &action, nullptr);
        sigaction(SIGTERM, &action, nullptr);
    }

    ~StopSignals() {
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        m_notifier.reset();
        ::close(s_pipe[0]);
        ::close(s_pipe[1]);
    }

private:
    static inline int s_pipe[2] = {-1, -1};
    std::unique_ptr<QSocketNotifier> m_notifier;
};

// Watches a running engine: counts what this run stored, shows a progress
// line on a terminal, and ends the session when nothing is left to do.
class RunMonitor {
public:
    RunMonitor(EngineSession &session, bool untilIdle, bool showProgress)
        : m_session(session)
        , m_untilIdle(untilIdle)
        , m_showProgress(showProgress) {
        Engine &engine = m_session.engine();
        QObject::connect(&engine, &Engine::pullStarted, &m_timer, [this](const Pull &pull) {
            Tally &tally = m_pulls[pull.id];
            tally.baseResources = tally.resources = pull.counts.total();
            tally.basePages = tally.pages = pull.pages;
        });
        QObject::connect(&engine, &Engine::pullProgress, &m_timer,
                         [this](const PullProgress &progress) {
                             Tally &tally = m_pulls[progress.pullId];
                             tally.resources = progress.resources;
                             tally.pages = progress.pages;
                         });
        QObject::connect(&engine, &Engine::pullSettled, &m_timer, [this](const Pull &pull) {
            Tally &tally = m_pulls[pull.id];
            tally.resources = pull.counts.total();
            tally.pages = pull.pages;
            ++m_settled[nameOf(pull.status)];
        });
        QObject::connect(&engine, &Engine::commandFailed, &m_timer,
                         [this](const QString &command, const QString &error) {
                             clearProgressLine();
                             printWarning(QStringLiteral("%1: %2").arg(command, error));
                         });
        // A database outage is said once when it starts and once when it ends.
        QObject::connect(&engine, &Engine::statusChanged, &m_timer,
                         [this](const EngineStatus &status) {
                             if (status.databaseUnavailable == m_databaseUnavailable)
                                 return;
                             m_databaseUnavailable = status.databaseUnavailable;
                             clearProgressLine();
                             if (status.databaseUnavailable)
                                 printError(QStringLiteral("warning: database unavailable, "
                                                           "retrying: %1")
                                                .arg(status.databaseError));
                             else
                                 printError(QStringLiteral("database available again"));
                         });
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { tick(); });
        m_timer.setInterval(250);
    }

    void start() {
        m_clock.start();
        m_timer.start();
    }

    void stop() {
        m_timer.stop();
        clearProgressLine();
    }

    QJsonObject summary() const {
        QJsonObject settled;
        for (auto it = m_settled.cbegin(); it != m_settled.cend(); ++it)
            settled.insert(it.key(), it.value());
        return {{QStringLiteral("settled"), settled},
                {QStringLiteral("resources"), resources()},
                {QStringLiteral("pages"), pages()},
                {QStringLiteral("seconds"), double(m_clock.elapsed()) / 1000.0}};
    }

    QString summaryText() const {
        QStringList settled;
        int total = 0;
        for (auto it = m_settled.cbegin(); it != m_settled.cend(); ++it) {
            settled.append(QStringLiteral("%1 %2").arg(it.value()).arg(it.key()));
            total += it.value();
        }
        return QStringLiteral("settled %1 pulls%2; %3 resources, %4 pages in %5 s")
            .arg(total)
            .arg(settled.isEmpty()
                     ? QString()
                     : QStringLiteral(" (%1)").arg(settled.join(QStringLiteral(", "))))
            .arg(resources())
            .arg(pages())
            .arg(double(m_clock.elapsed()) / 1000.0, 0, 'f', 1);
    }

private:
    struct Tally {
        qint64 baseResources = 0;
        qint64 basePages = 0;
        qint64 resources = 0;
        qint64 pages = 0;
    };

    qint64 resources() const {
        qint64 sum = 0;
        for (const Tally &tally : m_pulls)
            sum += tally.resources - tally.baseResources;
        return sum;
    }

    qint64 pages() const {
        qint64 sum = 0;
        for (const Tally &tally : m_pulls)
            sum += tally.pages - tally.basePages;
        return sum;
    }

    void tick() {
        if (m_showProgress)
            showProgress();
        if (m_untilIdle && idleFor() >= idleGraceMs) {
            stop();
            m_session.finish();
        }
    }

    // How long the database has held no queued, running or due work. A
    // database that cannot be asked (it is away) has work pending.
    qint64 idleFor() {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const Database &database = m_session.database();
        bool idle = false;
        if (!m_session.engine().status().databaseUnavailable) {
            try {
                PullRepository pulls(database);
                idle = m_session.engine().status().isIdle() && pulls.unsettled().isEmpty() &&
                       ConnectionRepository(database).dueForRetry(now).isEmpty() &&
                       ConnectionRepository(database).dueForScheduledPull(now).isEmpty();
            } catch (const StoreError &) {
                // Runs from a timer: the engine reports the outage itself.
            }
        }
        if (!idle)
            m_idleSinceMs = -1;
        else if (m_idleSinceMs < 0)
            m_idleSinceMs = m_clock.elapsed();
        return idle ? m_clock.elapsed() - m_idleSinceMs : 0;
    }

    void showProgress() {
        const qint64 now = m_clock.elapsed();
        const qint64 total = resources();
        m_samples.append({now, total});
        while (m_samples.size() > 2 && m_samples.first().first < now - rateWindowMs)
            m_samples.removeFirst();
        const auto &[firstMs, firstResources] = m_samples.first();
        const double rate =
            now > firstMs ? double(total - firstResources) * 1000.0 / double(now - firstMs) : 0;
        const QString line =
            QStringLiteral("%1 pulls running, %2 pages, %3 resources, %4 resources/s")
                .arg(m_session.engine().status().runningPulls)
                .arg(pages())
                .arg(total)
                .arg(qRound64(rate));
        std::fprintf(stderr, "\r\033[K%s", qPrintable(line));
        std::fflush(stderr);
        m_lineShown = true;
    }

    void clearProgressLine() {
        if (!m_lineShown)
            return;
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        m_lineShown = false;
    }

    static constexpr qint64 idleGraceMs = 1000;
    static constexpr qint64 rateWindowMs = 3000;

    EngineSession &m_session;
    bool m_untilIdle;
    bool m_showProgress;
    QTimer m_timer;
    QElapsedTimer m_clock;
    QHash<qint64, Tally> m_pulls;
    QMap<QString, int> m_settled;
    QList<std::pair<qint64, qint64>> m_samples;
    qint64 m_idleSinceMs = -1;
    bool m_lineShown = false;
    bool m_databaseUnavailable = false;
};

bool onTerminal(const GlobalOptions &globals) {
    return !globals.json && ::isatty(STDERR_FILENO);
}

void printRunSummary(const RunMonitor &monitor, const GlobalOptions &globals) {
    if (globals.json)
        printJson(monitor.summary());
    else
        printLine(monitor.summaryText());
}

} // namespace

int runSourcesAdd(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("sources add"),
                         QStringLiteral("Adds a patient-access FHIR source: discovers its SMART "
                                        "configuration and supported resource types."));
    parser.addOption(
        {QStringLiteral("name"), QStringLiteral("A unique name."), QStringLiteral("NAME")});
    parser.addOption(
        {QStringLiteral("fhir-base"), QStringLiteral("The FHIR base URL."), QStringLiteral("URL")});
    parser.addOption({QStringLiteral("client-id"),
                      QStringLiteral("The client id registered at the source."),
                      QStringLiteral("ID")});
    addSettingsOptions(parser);
    if (!parser.parse(arguments, globals))
        return ExitOk;
    SourceSettings settings = readSettings(parser);
    settings.name = parser.required(QStringLiteral("name"));
    settings.fhirBase = httpUrl(parser, QStringLiteral("fhir-base"));
    settings.clientId = parser.required(QStringLiteral("client-id"));

    EngineSession session(engineOptions(globals, false));
    Engine &engine = session.engine();
    QObject::connect(&engine, &Engine::sourceAdded, &engine, [&](const Source &source) {
        if (globals.json) {
            QJsonObject json = sourceJson(source);
            json.insert(QStringLiteral("resourceTypes"),
                        QJsonArray::fromStringList(source.resourceTypes));
            printJson(json);
        } else {
            printLine(QString::number(source.id));
        }
        session.finish();
    });
    QObject::connect(&engine, &Engine::commandFailed, &engine,
                     [&](const QString &, const QString &error) { session.fail(error); });
    return session.exec([&] { engine.addSourceWithSettings(settings); });
}

int runConnect(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("connect"),
                         QStringLiteral("Connects a patient's account at a source (SMART "
                                        "standalone launch): prints the URL to authorize at, "
                                        "waits for the portal's answer, and exits 0 when the "
                                        "account is active."));
    parser.addOption(
        {QStringLiteral("patient"), QStringLiteral("The patient's id."), QStringLiteral("ID")});
    parser.addOption(
        {QStringLiteral("source"), QStringLiteral("The source's name."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("open"), QStringLiteral("Open the URL in a browser.")});
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const qint64 patientId = parser.id(QStringLiteral("patient"));
    const QString sourceName = parser.required(QStringLiteral("source"));
    const bool open = parser.isSet(QStringLiteral("open"));

    EngineSession session(engineOptions(globals, false));
    Engine &engine = session.engine();
    qint64 sourceId = 0;
    qint64 connectionId = 0;
    QObject::connect(&engine, &Engine::authorizeUrlReady, &engine, [&](qint64 id, const QUrl &url) {
        connectionId = id;
        const QString text = url.toString(QUrl::FullyEncoded);
        printLine(QStringLiteral("authorize: %1").arg(text));
        std::fflush(stdout);
        if (open && !QProcess::startDetached(QStringLiteral("xdg-open"), {text}))
            printWarning(QStringLiteral("cannot run xdg-open; open the URL yourself"));
    });
    QObject::connect(&engine, &Engine::connectionChanged, &engine, [&](const Connection &c) {
        const bool ours = connectionId != 0 ? c.id == connectionId
                                            : c.patientId == patientId && c.sourceId == sourceId;
        if (!ours || c.state == ConnectionState::Pending)
            return;
        if (c.state != ConnectionState::Active) {
            session.fail(
                QStringLiteral("authorization failed: %1")
                    .arg(c.failureDetail.isEmpty() ? nameOf(c.state) : errorText(c.failureDetail)));
            return;
        }
        if (globals.json)
            printJson(QJsonObject{{QStringLiteral("connectionId"), c.id},
                                  {QStringLiteral("state"), nameOf(c.state)},
                                  {QStringLiteral("fhirPatientId"), jsonText(c.fhirPatientId)}});
        else
            printLine(QStringLiteral("connected: account %1 is active; its first pull is queued")
                          .arg(c.id));
        session.finish();
    });
    QObject::connect(&engine, &Engine::commandFailed, &engine,
                     [&](const QString &, const QString &error) { session.fail(error); });
    return session.exec([&] {
        requirePatient(session.database(), patientId);
        const auto source = SourceRepository(session.database()).findByName(sourceName);
        if (!source)
            throw CliError(QStringLiteral("no source named '%1'").arg(sourceName));
        sourceId = source->id;
        engine.connectSource(patientId, sourceId);
    });
}

int runRun(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("run"),
                         QStringLiteral("Runs the engine: queued, scheduled and retry pulls and "
                                        "export deliveries. SIGTERM or SIGINT stops it cleanly: "
                                        "running pulls hand their leases back and resume from "
                                        "their checkpoints."));
    parser.addOption({QStringLiteral("until-idle"),
                      QStringLiteral("Exit once nothing is running and nothing is due.")});
    parser.addOption({QStringLiteral("max-seconds"),
                      QStringLiteral("Stop after N seconds (with --until-idle: exit 3 when "
                                     "still busy)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("metrics-address"),
                      QStringLiteral("Serve Prometheus metrics at http://IP:PORT/metrics, e.g. "
                                     "127.0.0.1:9464 (port 0: any free port, logged)."),
                      QStringLiteral("IP:PORT")});
    parser.addOption({QStringLiteral("log-format"),
                      QStringLiteral("text (default), or json: one JSON object per log line on "
                                     "stderr."),
                      QStringLiteral("FORMAT")});
    QCommandLineOption lease(QStringLiteral("lease-seconds"),
                             QStringLiteral("Lease of a running pull."), QStringLiteral("S"));
    lease.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(lease);
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const bool untilIdle = parser.isSet(QStringLiteral("until-idle"));
    const qint64 maxSeconds = parser.number(QStringLiteral("max-seconds"), 1, 365LL * 86400, 0);
    const QString logFormat = parser.value(QStringLiteral("log-format"));
    if (!logFormat.isEmpty() && logFormat != QLatin1String("text") &&
        logFormat != QLatin1String("json"))
        parser.usageError(QStringLiteral("--log-format must be text or json"));
    if (logFormat == QLatin1String("json"))
        setLogFormat(LogFormat::Json);

    EngineOptions options = engineOptions(globals, true);
    options.leaseSeconds = int(parser.number(QStringLiteral("lease-seconds"), 1, 86400, 60));
    options.pollIntervalMs = std::min(options.pollIntervalMs, options.leaseSeconds * 1000 / 3);
    std::unique_ptr<MetricsServer> metricsServer;
    if (parser.isSet(QStringLiteral("metrics-address")))
        options.metrics = std::make_shared<EngineMetrics>();
    EngineSession session(options);
    if (options.metrics) {
        options.metrics->follow(&session.engine());
        metricsServer = std::make_unique<MetricsServer>(
            EngineMetrics::contentType(), [&session, metrics = options.metrics] {
                if (!session.hasDatabase())
                    throw std::runtime_error("the engine is starting");
                return metrics->exposition(session.database());
            });
        QString error;
        if (!metricsServer->listen(parser.value(QStringLiteral("metrics-address")), &error))
            throw CliError(error);
        const QHostAddress address = metricsServer->address();
        printInfo(QStringLiteral("metrics at http://%1:%2/metrics")
                      .arg(address.protocol() == QAbstractSocket::IPv6Protocol
                               ? QStringLiteral("[%1]").arg(address.toString())
                               : address.toString())
                      .arg(metricsServer->port()));
    }
    RunMonitor monitor(session, untilIdle, onTerminal(globals));
    StopSignals stopSignals([&] {
        printInfo(QStringLiteral("stopping: running pulls hand their leases back"));
        monitor.stop();
        session.finish();
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &deadline, [&] {
        monitor.stop();
        if (untilIdle)
            session.fail(QStringLiteral("run: still busy after %1 s").arg(maxSeconds), ExitNotIdle);
        else
            session.finish();
    });
    int code = ExitOk;
    try {
        code = session.exec([&] {
            monitor.start();
            if (maxSeconds > 0)
                deadline.start(std::chrono::seconds(maxSeconds));
        });
    } catch (const CliError &error) {
        if (error.exitCode() == ExitNotIdle)
            printRunSummary(monitor, globals);
        throw;
    }
    printRunSummary(monitor, globals);
    return code;
}

int runDemoSeed(const QStringList &arguments, GlobalOptions globals) {
    CommandParser parser(QStringLiteral("demo-seed"),
                         QStringLiteral("Registers a sandbox's portals as sources and connects "
                                        "its first N people by driving each portal's authorize "
                                        "page. Their first pulls are queued."));
    parser.addOption({QStringLiteral("sandbox"),
                      QStringLiteral("The sandbox's admin URL (medpull-sandbox prints it)."),
                      QStringLiteral("ADMIN_URL")});
    parser.addOption({QStringLiteral("patients"),
                      QStringLiteral("How many people to register (default 12)."),
                      QStringLiteral("N")});
    parser.addOption(
        {QStringLiteral("wait"), QStringLiteral("Also run the queued pulls until idle.")});
    if (!parser.parse(arguments, globals))
        return ExitOk;
    DemoSeeder::Options seedOptions;
    seedOptions.sandboxAdminUrl = httpUrl(parser, QStringLiteral("sandbox"));
    seedOptions.patients =
        int(parser.number(QStringLiteral("patients"), 1, 1000000, seedOptions.patients));
    const bool wait = parser.isSet(QStringLiteral("wait"));

    EngineSession session(engineOptions(globals, wait));
    RunMonitor monitor(session, true, wait && onTerminal(globals));
    DemoSeeder seeder(&session.engine(), seedOptions);
    QObject::connect(&seeder, &DemoSeeder::finished, &seeder,
                     [&](int connected, const QString &error) {
                         if (!error.isEmpty()) {
                             session.fail(error);
                             return;
                         }
                         if (connected == 0) {
                             session.fail(QStringLiteral("no account could be connected"));
                             return;
                         }
                         if (globals.json)
                             printJson(QJsonObject{{QStringLiteral("connected"), connected}});
                         else
                             printLine(QStringLiteral("connected %1 accounts").arg(connected));
                         if (wait)
                             monitor.start();
                         else
                             session.finish();
                     });
    const int code = session.exec([&] { seeder.start(); });
    if (wait)
        printRunSummary(monitor, globals);
    return code;
}

// Source management.

namespace {

// Runs one source command through the engine and prints the source it left
// (or the removal).
int runSourceCommand(
    const QString &action, const QString &description, QStringList arguments, GlobalOptions globals,
    bool withSettings,
    const std::function<void(Engine &, const Source &, const SourceSettings &)> &command) {
    CommandParser parser(QStringLiteral("sources %1").arg(action), description);
    parser.addPositional(QStringLiteral("name"), QStringLiteral("The source's name or id."));
    if (withSettings) {
        parser.addOption(
            {QStringLiteral("name"), QStringLiteral("A new unique name."), QStringLiteral("NAME")});
        parser.addOption({QStringLiteral("fhir-base"), QStringLiteral("A new FHIR base URL."),
                          QStringLiteral("URL")});
        parser.addOption({QStringLiteral("client-id"), QStringLiteral("A new client id."),
                          QStringLiteral("ID")});
        parser.addOption({QStringLiteral("rotate-key"),
                          QStringLiteral("private_key_jwt: generate a new key pair; the old one "
                                         "signs until the portal accepted the new one.")});
        addSettingsOptions(parser);
    }
    if (!parser.parse(arguments, globals))
        return ExitOk;
    const QString name = parser.positional(0);
    SourceSettings settings;
    if (withSettings) {
        settings = readSettings(parser);
        if (parser.isSet(QStringLiteral("name")))
            settings.name = parser.required(QStringLiteral("name"));
        if (parser.isSet(QStringLiteral("fhir-base")))
            settings.fhirBase = httpUrl(parser, QStringLiteral("fhir-base"));
        if (parser.isSet(QStringLiteral("client-id")))
            settings.clientId = parser.required(QStringLiteral("client-id"));
        settings.rotateSigningKey = parser.isSet(QStringLiteral("rotate-key"));
    }

    EngineSession session(engineOptions(globals, false));
    Engine &engine = session.engine();
    const auto print = [&](const Source &source, bool removed) {
        if (globals.json) {
            QJsonObject json = sourceJson(source);
            json.insert(QStringLiteral("removed"), removed);
            printJson(json);
        } else {
            printLine(removed ? QStringLiteral("removed %1").arg(source.name)
                              : QStringLiteral("%1\t%2\t%3\t%4")
                                    .arg(source.name,
                                         source.enabled ? QStringLiteral("enabled")
                                                        : QStringLiteral("disabled"),
                                         describeClientAuth(source),
                                         source.redirectUri.isEmpty()
                                             ? QStringLiteral("loopback redirect")
                                             : source.redirectUri.toString()));
        }
        session.finish();
    };
    Source target;
    QObject::connect(&engine, &Engine::sourceChanged, &engine,
                     [&](const Source &source) { print(source, false); });
    QObject::connect(&engine, &Engine::sourceRemoved, &engine,
                     [&](qint64) { print(target, true); });
    QObject::connect(&engine, &Engine::commandFailed, &engine,
                     [&](const QString &, const QString &error) { session.fail(error); });
    return session.exec([&] {
        target = requireSource(session.database(), name);
        command(engine, target, settings);
    });
}

} // namespace

int runSourcesEdit(const QStringList &arguments, GlobalOptions globals) {
    return runSourceCommand(
        QStringLiteral("edit"),
        QStringLiteral("Changes a source's registration settings; discovery runs again and "
                       "nothing changes when a setting is refused. Options not given keep "
                       "their values."),
        arguments, globals, true,
        [](Engine &engine, const Source &source, const SourceSettings &settings) {
            engine.editSource(source.id, settings);
        });
}

int runSourcesDisable(const QStringList &arguments, GlobalOptions globals) {
    return runSourceCommand(
        QStringLiteral("disable"),
        QStringLiteral("Disables a source: no connects and no pulls; accounts and history stay."),
        arguments, globals, false,
        [](Engine &engine, const Source &source, const SourceSettings &) {
            engine.disableSource(source.id);
        });
}

int runSourcesEnable(const QStringList &arguments, GlobalOptions globals) {
    return runSourceCommand(QStringLiteral("enable"), QStringLiteral("Enables a source again."),
                            arguments, globals, false,
                            [](Engine &engine, const Source &source, const SourceSettings &) {
                                engine.enableSource(source.id);
                            });
}

int runSourcesRemove(const QStringList &arguments, GlobalOptions globals) {
    return runSourceCommand(
        QStringLiteral("remove"),
        QStringLiteral("Removes a source without accounts; a source with accounts is disabled "
                       "instead, so their history stays."),
        arguments, globals, false,
        [](Engine &engine, const Source &source, const SourceSettings &) {
            engine.removeSource(source.id);
        });
}

} // namespace medpull::cli
