// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// medpull: the dashboard. Without options it opens the last database (or
// the default one); `medpull --demo` runs the sandbox portals in process and
// pulls from them into a throwaway database.
#include "dashboardcontroller.h"
#include "democonfig.h"
#include "demoseeder.h"
#include "mainwindow.h"
#include "sandboxhost.h"
#include "stallwatchdog.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QMessageBox>
#include <QStatusBar>
#include <QTemporaryDir>

#include <memory>
#include <optional>

using namespace medpull;

namespace {

QIcon applicationIcon() {
    QIcon icon(QStringLiteral(":/icons/hicolor/scalable/apps/org.medpull.Medpull.svg"));
    // Where Qt has no SVG icon engine installed, the rendered sizes stand in.
    for (const int size : {48, 128, 256})
        icon.addFile(
            QStringLiteral(":/icons/hicolor/%1x%1/apps/org.medpull.Medpull.png").arg(size));
    return icon;
}

void setIdentity() {
    QCoreApplication::setOrganizationName(QStringLiteral("medpull"));
    QCoreApplication::setApplicationName(QStringLiteral("medpull"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MEDPULL_VERSION));
}

struct Options {
    QCommandLineOption demo{QStringLiteral("demo")};
    QCommandLineOption monitorOnly{QStringLiteral("monitor-only")};
};

Options describeOptions(QCommandLineParser &parser) {
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Monitors background FHIR pulls from patient portals."));
    parser.addHelpOption();
    parser.addVersionOption();
    Options options;
    options.demo.setDescription(
        QCoreApplication::translate("main", "Run the sandbox portals in process and pull from "
                                            "them into a temporary demo database."));
    parser.addOption(options.demo);
    options.monitorOnly.setDescription(QCoreApplication::translate(
        "main", "Run no pulls or deliveries here: show the database and queue commands for the "
                "workers (medpull-cli run) that share it."));
    parser.addOption(options.monitorOnly);
    parser.addPositionalArgument(
        QStringLiteral("database"),
        QCoreApplication::translate("main", "A SQLite file or a postgresql:// URL to open."),
        QStringLiteral("[database]"));
    return options;
}

// --help and --version only print, so they must work without a display:
// help2man runs them at build time on machines that have none.
bool onlyPrints(int argc, char *argv[]) {
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "-h" || argument == "--help" || argument == "--help-all" ||
            argument == "-?" || argument == "-v" || argument == "--version")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[]) {
    if (onlyPrints(argc, argv)) {
        QCoreApplication app(argc, argv);
        setIdentity();
        installTranslations(app);
        QCommandLineParser parser;
        describeOptions(parser);
        parser.process(app);
        return 0;
    }
    QApplication app(argc, argv);
    setIdentity();
    QApplication::setDesktopFileName(QStringLiteral("org.medpull.Medpull"));
    QApplication::setWindowIcon(applicationIcon());
    installTranslations(app);

    QCommandLineParser parser;
    const Options options = describeOptions(parser);
    parser.process(app);
    const bool demo = parser.isSet(options.demo);

    MainWindow window;
#ifndef NDEBUG
    StallWatchdog watchdog;
    watchdog.start();
#endif

    EngineOptions defaults;
    std::unique_ptr<SandboxHost> sandbox;
    std::unique_ptr<QTemporaryDir> demoDir;
    std::optional<DemoConfig> story;
    if (demo) {
        QString error;
        story = DemoConfig::load(&error);
        if (!error.isEmpty()) {
            QMessageBox::critical(
                nullptr, QApplication::translate("main", "medpull demo"),
                QApplication::translate("main", "The demo configuration is broken: %1").arg(error));
            return 1;
        }
        defaults.keyFileOnly = true;
        story->applyTo(&defaults);
    }
    defaults.processWork = !parser.isSet(options.monitorOnly);
    DashboardController controller(&window, defaults);

    if (demo) {
        sandbox = std::make_unique<SandboxHost>(story->sandbox);
        QString error;
        if (!sandbox->start(&error)) {
            QMessageBox::critical(
                nullptr, QApplication::translate("main", "medpull demo"),
                QApplication::translate("main", "The demo portals could not start: %1").arg(error));
            return 1;
        }
        // The demo database and its export folder last as long as the program.
        demoDir = std::make_unique<QTemporaryDir>();
        const QString exportFolder = demoDir->filePath(QStringLiteral("exports"));
        QDir().mkpath(exportFolder);
        controller.setRememberDatabase(false);
        window.setDemoMode(true);
        DemoSeeder::Options seeding{sandbox->info().adminUrl, story->patients, true};
        seeding.exportFolder = exportFolder;
        QObject::connect(&controller, &DashboardController::opened, &window,
                         [&controller, &window, seeding](bool ok) {
                             if (!ok)
                                 return;
                             auto *seeder = new DemoSeeder(controller.engine(), seeding, &window);
                             QObject::connect(seeder, &DemoSeeder::progress, &window,
                                              [&window](const QString &message) {
                                                  window.statusBar()->showMessage(message, 3000);
                                              });
                             QObject::connect(seeder, &DemoSeeder::finished, seeder,
                                              [&window, seeder](int, const QString &error) {
                                                  if (!error.isEmpty())
                                                      window.handleCommandFailed(
                                                          QStringLiteral("demo"), error);
                                                  seeder->deleteLater();
                                              });
                             seeder->start();
                         });
        controller.open(demoDir->filePath(QStringLiteral("medpull-demo.sqlite")));
    } else {
        const QStringList positional = parser.positionalArguments();
        controller.open(positional.isEmpty() ? DashboardController::lastDatabase()
                                             : positional.first());
    }
    window.show();
    return app.exec();
}
