// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "database.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace medpull::test {

// A real SQLite database filled through the repositories with one patient
// for each thing the dashboard must show: up to date, partial with a failed
// query, needing attention after a failed refresh, syncing, and not
// connected; a failed export delivery; authorization history.
struct DashboardFixture {
    QTemporaryDir dir;
    std::shared_ptr<Database> db;
    qint64 ada = 0;       // up to date at epic, partial at cerner (Procedure: HTTP 500)
    qint64 grace = 0;     // refresh_failed at epic
    qint64 alan = 0;      // no accounts
    qint64 katherine = 0; // a pull running at epic
    qint64 adaEpic = 0;
    qint64 adaCerner = 0;
    qint64 graceEpic = 0;
    qint64 adaEpicPull = 0;
    qint64 adaPartialPull = 0;
    qint64 failedDelivery = 0;
    qint64 sourceEpic = 0;
    qint64 sourceCerner = 0;

    DashboardFixture();
    QString location() const { return dir.filePath(QStringLiteral("dashboard.sqlite")); }
};

} // namespace medpull::test
