// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QSize>
#include <QString>

#include <memory>

class QPushButton;
class QWidget;

namespace medpull {
class Engine;
class MainWindow;
} // namespace medpull

namespace medpull::test {

struct DashboardFixture;

// What every dashboard test starts from: window geometry and column widths in
// a test location rather than the user's settings, and English as the
// dashboard shows it, with its plural forms ("2 pulls", not "2 pull(s)").
void prepareDashboardTests();

// Saves `widget` as <test output>/<name>.png once pending layout requests
// have run, as they would before the next paint; false when it could not.
bool saveScreenshot(QWidget *widget, const QString &name);

// The dashboard window at `size` over the fixture's database, shown, its
// commands enabled and its patient list loaded; null when it did not come up.
std::unique_ptr<MainWindow> openDashboard(const DashboardFixture &fixture, QSize size);

// A started engine over `location` that does no pulling or exporting of its
// own (its key in a file next to the database), for a tab's commands; null
// when it did not start.
std::unique_ptr<Engine> startCommandEngine(const QString &location);

// The button below `parent` that reads `text`; null when there is none.
QPushButton *findButton(QWidget *parent, const QString &text);

} // namespace medpull::test
