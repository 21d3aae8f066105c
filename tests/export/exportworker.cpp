// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// A process that runs an Exporter until it is killed: the export tests kill
// it with SIGKILL mid-delivery to prove another process resumes the work.
#include "database.h"
#include "exporter.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() != 4) {
        std::fprintf(stderr, "usage: export_worker DATABASE LEASE_OWNER LEASE_SECONDS\n");
        return 2;
    }
    std::shared_ptr<const medpull::Database> database = medpull::Database::open(arguments[1]);
    medpull::Exporter exporter(database, arguments[2]);
    exporter.setLeaseSeconds(arguments[3].toInt());
    exporter.setPollInterval(50);
    exporter.start();
    return app.exec();
}
