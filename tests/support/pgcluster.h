// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace medpull::test {

// A throwaway PostgreSQL server for tests: initdb in a temporary folder, a
// postmaster on a free 127.0.0.1 port, stopped when the object goes away. A
// watchdog process stops it too if the test process dies first, so no server
// outlives its test.
class PgCluster {
public:
    // The process-wide cluster, started on first use. Throws std::runtime_error
    // with the reason when PostgreSQL's binaries are missing or fail to start.
    static PgCluster &shared();

    PgCluster();
    ~PgCluster();
    PgCluster(const PgCluster &) = delete;
    PgCluster &operator=(const PgCluster &) = delete;

    // Creates an empty database and returns its postgresql:// URL.
    QString createDatabase(const QString &name);
    QString url(const QString &database) const;
    int port() const { return m_port; }

    // Stops the server as an administrator would (`pg_ctl stop -m fast`:
    // every session ends with admin_shutdown), and starts it again on the
    // same port and socket folder.
    void stop();
    void start();

private:
    QString run(const QString &program, const QStringList &arguments) const;

    QTemporaryDir m_dir;
    QString m_binDir;
    QString m_dataDir;
    int m_port = 0;
    QString m_options;
    bool m_running = false;
};

} // namespace medpull::test
