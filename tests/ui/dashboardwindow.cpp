// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "dashboardwindow.h"

#include "dashboardfixture.h"
#include "engine.h"
#include "mainwindow.h"
#include "testsupport.h"
#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>

namespace medpull::test {

void prepareDashboardTests() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("medpull-tests"));
    QSettings().clear();
    installTranslations(*QCoreApplication::instance(), QLocale::c());
}

bool saveScreenshot(QWidget *widget, const QString &name) {
    QTest::qWait(30);
    const QString path = QDir(outputDir()).filePath(name + QStringLiteral(".png"));
    if (!widget->grab().save(path))
        return false;
    qInfo("screenshot: %s", qPrintable(path));
    return true;
}

std::unique_ptr<MainWindow> openDashboard(const DashboardFixture &fixture, QSize size) {
    auto window = std::make_unique<MainWindow>();
    window->setUrlOpener([](const QUrl &) { return true; });
    window->resize(size);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    QSignalSpy loaded(window.get(), &MainWindow::patientsLoaded);
    window->openDatabase(fixture.db, fixture.location());
    window->setCommandsEnabled(true);
    if (!loaded.wait())
        return nullptr;
    return window;
}

std::unique_ptr<Engine> startCommandEngine(const QString &location) {
    EngineOptions options;
    options.databaseLocation = location;
    options.keyFileOnly = true;
    options.processWork = false;
    auto engine = std::make_unique<Engine>(options);
    QSignalSpy started(engine.get(), &Engine::started);
    engine->start();
    if (!started.wait(30000) || !started.first().at(0).toBool())
        return nullptr;
    return engine;
}

QPushButton *findButton(QWidget *parent, const QString &text) {
    for (QPushButton *candidate : parent->findChildren<QPushButton *>()) {
        if (candidate->text() == text)
            return candidate;
    }
    return nullptr;
}

} // namespace medpull::test
