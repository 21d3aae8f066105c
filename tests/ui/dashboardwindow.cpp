// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "dashboardwindow.h"

#include "dashboardfixture.h"
#include "mainwindow.h"
#include "testsupport.h"
#include "translations.h"

#include <QCoreApplication>
#include <QDir>
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

} // namespace medpull::test
