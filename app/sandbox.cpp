// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sandboxserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int signalPipe[2];

void onSignal(int) {
    const char byte = 1;
    // Only write() is async-signal-safe; the event loop does the rest.
    [[maybe_unused]] const ssize_t written = ::write(signalPipe[0], &byte, 1);
}

bool number(const QCommandLineParser &parser, const QString &name, qint64 min, qint64 max,
            qint64 *value) {
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    *value = parser.value(name).toLongLong(&ok);
    if (ok && *value >= min && *value <= max)
        return true;
    std::fprintf(stderr, "medpull-sandbox: --%s must be a number from %lld to %lld\n",
                 qPrintable(name), min, max);
    return false;
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("medpull-sandbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MEDPULL_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Demo EHR patient portals (SMART on FHIR) on 127.0.0.1. Prints one JSON line with "
        "the portals' FHIR bases and the admin URL, then serves until stopped."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {QStringLiteral("port"), QStringLiteral("Port on 127.0.0.1 (default: any free port)."),
         QStringLiteral("P")},
        {QStringLiteral("patients"), QStringLiteral("Patients per portal (default 5)."),
         QStringLiteral("N")},
        {QStringLiteral("resources-per-patient"),
         QStringLiteral("Resources per patient, roughly (default 40)."), QStringLiteral("M")},
        {QStringLiteral("seed"), QStringLiteral("Seed of the synthetic data (default 1)."),
         QStringLiteral("S")},
        {QStringLiteral("latency-ms"), QStringLiteral("Delay added to every FHIR data request."),
         QStringLiteral("L")},
        {QStringLiteral("faults"),
         QStringLiteral("Faults, e.g. 'epic:status=503*3;cerner:malformed@Procedure*always' "
                        "(see core/sandbox/README.md)."),
         QStringLiteral("SPEC")},
        {QStringLiteral("quirks"),
         QStringLiteral("Vendor quirks, e.g. 'epic:long-ids;cerner:next=cursor' "
                        "(see core/sandbox/README.md)."),
         QStringLiteral("SPEC")},
        {QStringLiteral("token-lifetime"),
         QStringLiteral("Access token lifetime in seconds for every portal."), QStringLiteral("S")},
        {QStringLiteral("advance-every"),
         QStringLiteral("Add new and changed resources every S seconds."), QStringLiteral("S")},
        {QStringLiteral("no-rotation"), QStringLiteral("The epic portal keeps refresh tokens.")},
        {QStringLiteral("calm"), QStringLiteral("The flaky portal behaves (no random faults).")},
        {QStringLiteral("registration-portals"),
         QStringLiteral("Also serve confidential-basic, confidential-jwt, fixed-redirect and "
                        "online-only (see core/sandbox/README.md).")},
    });
    parser.process(app);

    medpull::SandboxOptions options;
    qint64 port = 0, patients = options.patients, perPatient = options.resourcesPerPatient,
           seed = qint64(options.seed), latency = 0, lifetime = 0, advance = 0;
    if (!number(parser, QStringLiteral("port"), 0, 65535, &port) ||
        !number(parser, QStringLiteral("patients"), 1, 1000000, &patients) ||
        !number(parser, QStringLiteral("resources-per-patient"), 1, 10000000, &perPatient) ||
        !number(parser, QStringLiteral("seed"), 0, std::numeric_limits<qint64>::max(), &seed) ||
        !number(parser, QStringLiteral("latency-ms"), 0, 600000, &latency) ||
        !number(parser, QStringLiteral("token-lifetime"), 1, 86400 * 365, &lifetime) ||
        !number(parser, QStringLiteral("advance-every"), 1, 86400 * 365, &advance))
        return 2;
    options.port = quint16(port);
    options.patients = int(patients);
    options.resourcesPerPatient = int(perPatient);
    options.seed = quint64(seed);
    options.latencyMs = int(latency);
    options.tokenLifetimeSeconds = int(lifetime);
    options.advanceEverySeconds = int(advance);
    options.faults = parser.value(QStringLiteral("faults"));
    options.quirks = parser.value(QStringLiteral("quirks"));
    options.epicRotatesRefreshTokens = !parser.isSet(QStringLiteral("no-rotation"));
    options.flakyRandom = !parser.isSet(QStringLiteral("calm"));
    if (parser.isSet(QStringLiteral("registration-portals")))
        options.registrationPortals = medpull::registrationPortalNames();

    medpull::SandboxServer server(options);
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "medpull-sandbox: %s\n", qPrintable(error));
        return 1;
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0) {
        std::perror("medpull-sandbox: socketpair");
        return 1;
    }
    QSocketNotifier notifier(signalPipe[1], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, &QCoreApplication::quit);
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);

    std::fprintf(stdout, "%s\n", server.info().toJsonLine().constData());
    std::fflush(stdout);
    return app.exec();
}
