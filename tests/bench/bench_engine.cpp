// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The engine's figures (issue 4): throughput from a sandbox on loopback into
// a fresh SQLite file, and latency hiding with 50 ms per request and 4
// concurrent requests per source. The sandbox runs as its own process so its
// CPU and memory are measured apart from the engine's.
//
//   bench_engine          small sizes, as ctest runs it
//   bench_engine --full   1,000 people (~200,000 resources): the README figures
//   bench_engine --people N   the throughput scenario alone with N people
//   --postgresql              into a throwaway local PostgreSQL cluster instead
//   --pull-workers N          pull threads (EngineOptions::pullWorkers; default: the
//                             engine's choice for the backend)
//   --per-type                as if no portal offered $everything: a search per type

#include "connectionrepository.h"
#include "database.h"
#include "demoseeder.h"
#include "engine.h"
#include "pgcluster.h"
#include "pullrepository.h"
#include "resourcerepository.h"
#include "sourcerepository.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

using namespace medpull;

namespace {

struct Scenario {
    const char *name;
    int people;
    int resourcesPerPatient;
    int latencyMs;
    int timeoutSeconds;
};

double processCpuSeconds() {
    rusage usage = {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double childCpuSeconds(qint64 pid) {
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
    const QByteArray stat = file.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return double(fields.at(11).toLongLong() + fields.at(12).toLongLong()) /
           double(sysconf(_SC_CLK_TCK));
}

// Peak resident set in MB, from /proc/<pid>/status.
double peakRssMb(const QString &pid) {
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return 0;
}

// Starts a new peak-RSS measurement (Linux: clear_refs 5 resets VmHWM), so the
// pulls are measured without what seeding the accounts took.
void resetPeakRss() {
    QFile file(QStringLiteral("/proc/self/clear_refs"));
    if (file.open(QIODevice::WriteOnly))
        file.write("5");
}

void waitFor(const std::function<bool()> &done, int timeoutSeconds) {
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < timeoutSeconds * 1000LL) {
        QEventLoop loop;
        QTimer::singleShot(50, &loop, &QEventLoop::quit);
        loop.exec();
    }
}

struct RunOptions {
    bool postgres = false;
    int pullWorkers = 0;
    bool perType = false;
};

bool runScenario(const Scenario &scenario, const RunOptions &run) {
    const bool postgres = run.postgres;
    const int pullWorkers = run.pullWorkers;
    QProcess sandbox;
    QStringList arguments{"--patients", QString::number(scenario.people), "--resources-per-patient",
                          QString::number(scenario.resourcesPerPatient), "--calm"};
    if (scenario.latencyMs > 0)
        arguments << "--latency-ms" << QString::number(scenario.latencyMs);
    sandbox.start(QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE), arguments);
    if (!sandbox.waitForReadyRead(20000)) {
        std::fprintf(stderr, "bench_engine: the sandbox did not start\n");
        return false;
    }
    const QJsonObject info = QJsonDocument::fromJson(sandbox.readLine()).object();
    const auto stopSandbox = qScopeGuard([&] {
        sandbox.kill();
        sandbox.waitForFinished();
    });

    QTemporaryDir dir;
    EngineOptions options;
    static int databases = 0;
    options.databaseLocation = postgres ? test::PgCluster::shared().createDatabase(
                                              QStringLiteral("bench_engine_%1").arg(++databases))
                                        : dir.filePath(QStringLiteral("bench.sqlite"));
    options.keyFileOnly = true;

    // Seeding (SMART launches) is not what is measured: it runs with work off.
    {
        options.processWork = false;
        Engine engine(options);
        DemoSeeder seeder(&engine, {QUrl(info.value(QStringLiteral("admin")).toString()),
                                    scenario.people, false});
        QEventLoop loop;
        QString error;
        QObject::connect(&engine, &Engine::started, &seeder, [&](bool ok, const QString &e) {
            if (ok)
                seeder.start();
            else
                error = e, loop.quit();
        });
        QObject::connect(&seeder, &DemoSeeder::finished, &loop, [&](int, const QString &e) {
            error = e;
            loop.quit();
        });
        engine.start();
        loop.exec();
        if (!error.isEmpty()) {
            std::fprintf(stderr, "bench_engine: seeding failed: %s\n", qPrintable(error));
            return false;
        }
        if (run.perType) {
            const std::shared_ptr<const Database> seeded = engine.database();
            for (Source source : SourceRepository(*seeded).list()) {
                source.patientEverything = false;
                SourceRepository(*seeded).update(source);
            }
            seeded->closeThreadConnection();
        }
    }

    options.processWork = true;
    options.pullWorkers = pullWorkers;
    Engine engine(options);
    const double rssBeforeMb = peakRssMb(QStringLiteral("self"));
    resetPeakRss();
    const double cpuBefore = processCpuSeconds();
    const double sandboxCpuBefore = childCpuSeconds(sandbox.processId());
    QElapsedTimer clock;
    clock.start();
    engine.start();
    std::shared_ptr<const Database> database;
    waitFor(
        [&] {
            if (!database)
                database = engine.database();
            return database && engine.status().isIdle() &&
                   PullRepository(*database).unsettled().isEmpty();
        },
        scenario.timeoutSeconds);
    const double seconds = double(clock.elapsed()) / 1000.0;
    const double cpu = processCpuSeconds() - cpuBefore;
    const double sandboxCpu = childCpuSeconds(sandbox.processId()) - sandboxCpuBefore;
    if (!database) {
        std::fprintf(stderr, "bench_engine: the engine did not start\n");
        return false;
    }
    const bool idle = PullRepository(*database).unsettled().isEmpty();

    qint64 resources = 0, pages = 0, pulls = 0, succeeded = 0;
    QHash<qint64, qint64> requestsPerSource;
    PullRepository pullRepository(*database);
    for (const Connection &connection : ConnectionRepository(*database).list()) {
        resources += ResourceRepository(*database).count(connection.id);
        for (const Pull &pull : pullRepository.forConnection(connection.id)) {
            ++pulls;
            succeeded += pull.status == PullStatus::Succeeded;
            pages += pull.pages;
            requestsPerSource[connection.sourceId] += pull.pages;
        }
    }
    database->closeThreadConnection();
    database.reset();
    engine.stop();

    const QByteArray threads = pullWorkers > 0 ? QByteArray::number(pullWorkers)
                                               : QByteArrayLiteral("the engine's choice of");
    std::printf("%s (%s, %s pull threads%s): %d people, %lld pulls (%lld succeeded)%s\n",
                scenario.name, postgres ? "PostgreSQL" : "SQLite", threads.constData(),
                run.perType ? ", a search per type" : "", scenario.people, pulls, succeeded,
                idle ? "" : ", NOT IDLE at the time limit");
    std::printf("  %lld resources, %lld pages in %.2f s: %.0f resources/s, %.0f pages/s\n",
                resources, pages, seconds, double(resources) / seconds, double(pages) / seconds);
    std::printf("  CPU: engine %.2f s, sandbox %.2f s (sandbox share %.0f%%)\n", cpu, sandboxCpu,
                100.0 * sandboxCpu / std::max(0.001, cpu + sandboxCpu));
    std::printf(
        "  peak RSS while pulling: engine %.1f MB (%.1f MB after seeding), sandbox %.1f MB\n",
        peakRssMb(QStringLiteral("self")), rssBeforeMb,
        peakRssMb(QString::number(sandbox.processId())));
    if (scenario.latencyMs > 0) {
        // Each page is one request; sources run side by side, 4 at a time each.
        double slowestSource = 0;
        for (const qint64 requests : std::as_const(requestsPerSource))
            slowestSource = std::max(slowestSource, double(requests) * scenario.latencyMs / 4000.0);
        const double allOnOne = double(pages) * scenario.latencyMs / 4000.0;
        std::printf("  ideal: %.2f s (requests x %d ms / 4: %.2fx); per source in parallel "
                    "%.2f s (%.2fx)\n",
                    allOnOne, scenario.latencyMs, seconds / allOnOne, slowestSource,
                    seconds / slowestSource);
    }
    std::fflush(stdout);
    return idle && resources > 0;
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    const bool full = arguments.contains(QStringLiteral("--full"));
    const qsizetype peopleAt = arguments.indexOf(QStringLiteral("--people"));
    const qsizetype workersAt = arguments.indexOf(QStringLiteral("--pull-workers"));
    QList<Scenario> scenarios =
        full ? QList<Scenario>{{"throughput", 1000, 110, 0, 900}, {"latency", 40, 110, 50, 900}}
             : QList<Scenario>{{"throughput", 20, 60, 0, 120}, {"latency", 4, 40, 50, 120}};
    if (peopleAt >= 0) {
        const int people = arguments.value(peopleAt + 1).toInt();
        if (people <= 0) {
            std::fprintf(stderr, "bench_engine: --people needs a positive number\n");
            return 2;
        }
        scenarios = {{"throughput", people, 110, 0, 900}};
    }
    bool ok = true;
    for (const Scenario &scenario : scenarios)
        ok = runScenario(scenario, {arguments.contains(QStringLiteral("--postgresql")),
                                    workersAt >= 0 ? arguments.value(workersAt + 1).toInt() : 0,
                                    arguments.contains(QStringLiteral("--per-type"))}) &&
             ok;
    return ok ? 0 : 1;
}
