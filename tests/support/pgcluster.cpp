// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pgcluster.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QUuid>

#include <pwd.h>
#include <stdexcept>
#include <unistd.h>

namespace medpull::test {

namespace {

QString findBinDir() {
    QDir root(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(),
              [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
    for (const QString &version : versions) {
        const QString bin = root.filePath(version + QStringLiteral("/bin"));
        if (QFile::exists(bin + QStringLiteral("/initdb")))
            return bin;
    }
    throw std::runtime_error("PostgreSQL server binaries not found under /usr/lib/postgresql "
                             "(install Debian's postgresql package)");
}

int freePort() {
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        throw std::runtime_error("no free loopback port for PostgreSQL");
    return probe.serverPort();
}

// PostgreSQL refuses to run as root; as root, its programs run as the
// `postgres` user that Debian's package creates.
bool runningAsRoot() {
    return geteuid() == 0;
}

} // namespace

PgCluster &PgCluster::shared() {
    static PgCluster cluster;
    return cluster;
}

PgCluster::PgCluster()
    : m_dir(QDir::tempPath() + QStringLiteral("/medpull-pg-XXXXXX"))
    , m_binDir(findBinDir()) {
    if (!m_dir.isValid())
        throw std::runtime_error("cannot create a temporary folder for PostgreSQL");
    if (runningAsRoot()) {
        const passwd *user = getpwnam("postgres");
        if (!user)
            throw std::runtime_error("running as root but there is no 'postgres' user");
        if (chown(QFile::encodeName(m_dir.path()).constData(), user->pw_uid, user->pw_gid) != 0)
            throw std::runtime_error("cannot hand the PostgreSQL folder to 'postgres'");
    }
    m_dataDir = m_dir.filePath(QStringLiteral("data"));
    run(QStringLiteral("initdb"),
        {QStringLiteral("-D"), m_dataDir, QStringLiteral("-U"), QStringLiteral("medpull"),
         QStringLiteral("-A"), QStringLiteral("trust"), QStringLiteral("-E"),
         QStringLiteral("UTF8"), QStringLiteral("--no-sync"), QStringLiteral("--no-instructions")});
    m_port = freePort();
    m_options =
        QStringLiteral("-c listen_addresses=127.0.0.1 -p %1 -k %2 -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
            .arg(m_port)
            .arg(m_dir.path());
    start();

    // Stops the server if this process dies without running its destructor.
    const QString stop =
        QStringLiteral("%1%2/pg_ctl -D %3 -m immediate stop")
            .arg(runningAsRoot() ? QStringLiteral("runuser -u postgres -- ") : QString(), m_binDir,
                 m_dataDir);
    const QString watchdog =
        QStringLiteral("while kill -0 %1 2>/dev/null; do sleep 1; done; "
                       "if [ -f %2/postmaster.pid ]; then %3; fi >/dev/null 2>&1; rm -rf %4")
            .arg(QCoreApplication::applicationPid())
            .arg(m_dataDir, stop, m_dir.path());
    QProcess::startDetached(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), watchdog});
}

PgCluster::~PgCluster() {
    if (m_running) {
        try {
            run(QStringLiteral("pg_ctl"),
                {QStringLiteral("-D"), m_dataDir, QStringLiteral("-m"), QStringLiteral("fast"),
                 QStringLiteral("-w"), QStringLiteral("stop")});
        } catch (const std::exception &) {
            // The watchdog stops it once this process has gone.
        }
    }
}

void PgCluster::start() {
    run(QStringLiteral("pg_ctl"),
        {QStringLiteral("-D"), m_dataDir, QStringLiteral("-o"), m_options, QStringLiteral("-l"),
         m_dir.filePath(QStringLiteral("server.log")), QStringLiteral("-w"),
         QStringLiteral("start")});
    m_running = true;
}

void PgCluster::stop() {
    run(QStringLiteral("pg_ctl"),
        {QStringLiteral("-D"), m_dataDir, QStringLiteral("-m"), QStringLiteral("fast"),
         QStringLiteral("-w"), QStringLiteral("stop")});
    m_running = false;
}

QString PgCluster::run(const QString &program, const QStringList &arguments) const {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    const QString path = m_binDir + QLatin1Char('/') + program;
    if (runningAsRoot()) {
        process.start(QStringLiteral("runuser"),
                      QStringList{QStringLiteral("-u"), QStringLiteral("postgres"),
                                  QStringLiteral("--"), path} +
                          arguments);
    } else {
        process.start(path, arguments);
    }
    if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        const QString output = QString::fromLocal8Bit(process.readAll());
        throw std::runtime_error(
            QStringLiteral("%1 failed: %2").arg(program, output.trimmed()).toStdString());
    }
    return QString::fromLocal8Bit(process.readAll());
}

QString PgCluster::url(const QString &database) const {
    // The unix socket in the cluster's folder: no TCP round-trip delays.
    return QStringLiteral("postgresql://medpull@localhost:%1/%2?host=%3")
        .arg(m_port)
        .arg(database, m_dir.path());
}

QString PgCluster::createDatabase(const QString &name) {
    const QString connectionName =
        QStringLiteral("pgcluster-admin-") + QUuid::createUuid().toString();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setUserName(QStringLiteral("medpull"));
        db.setDatabaseName(QStringLiteral("postgres"));
        if (!db.open())
            throw std::runtime_error(db.lastError().text().toStdString());
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("CREATE DATABASE \"%1\"").arg(name)))
            throw std::runtime_error(query.lastError().text().toStdString());
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
    return url(name);
}

} // namespace medpull::test
