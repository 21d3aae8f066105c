// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "engine.h"

#include <QObject>

#include <memory>

namespace medpull {

class MainWindow;

// The composition root of the dashboard: owns the Engine for the open
// database, hands the window's commands to it and its events back to the
// window. Opening another database replaces the engine.
class DashboardController : public QObject {
    Q_OBJECT

public:
    DashboardController(MainWindow *window, EngineOptions defaults, QObject *parent = nullptr);
    ~DashboardController() override;

    // Starts an engine on `location`; opened() tells how it went, and a
    // failure is shown to the user in a dialog unless `quiet`.
    void open(const QString &location, bool quiet = false);
    Engine *engine() const { return m_engine.get(); }
    // Whether a successful open is remembered as the next start's database.
    void setRememberDatabase(bool remember) { m_remember = remember; }

    static QString lastDatabase();

signals:
    void opened(bool ok, const QString &error);

private:
    void bind(Engine *engine);

    MainWindow *m_window;
    EngineOptions m_defaults;
    std::unique_ptr<Engine> m_engine;
    bool m_remember = true;
};

} // namespace medpull
