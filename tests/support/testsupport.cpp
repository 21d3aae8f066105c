// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "testsupport.h"

#include "connectionrepository.h"
#include "pgcluster.h"
#include "sourcerepository.h"

#include <QDir>
#include <QTest>
#include <QUuid>

namespace medpull::test {

void addBackendRows() {
    QTest::addColumn<Backend>("backend");
    QTest::newRow("sqlite") << Backend::Sqlite;
    QTest::newRow("postgresql") << Backend::Postgres;
}

QString freshLocation(Backend backend, const QTemporaryDir &dir) {
    const QString unique = QUuid::createUuid().toString(QUuid::Id128).left(12);
    if (backend == Backend::Postgres)
        return PgCluster::shared().createDatabase(QStringLiteral("t_") + unique);
    return dir.filePath(QStringLiteral("medpull-%1.sqlite").arg(unique));
}

std::unique_ptr<Database> freshDatabase(Backend backend, const QTemporaryDir &dir,
                                        Database::OpenMode mode) {
    return Database::open(freshLocation(backend, dir), mode);
}

Source addUnreachableSource(const Database &database) {
    Source source;
    source.name = QStringLiteral("epic");
    source.fhirBase = QUrl(QStringLiteral("http://127.0.0.1:9/portals/epic/fhir"));
    source.clientId = QStringLiteral("medpull");
    return SourceRepository(database).add(source);
}

Connection firstAccountAt(const Database &database, const QString &portal) {
    const SourceRepository sources(database);
    for (const Connection &connection : ConnectionRepository(database).list()) {
        if (sources.get(connection.sourceId)->name == portal)
            return connection;
    }
    return {};
}

QString outputDir() {
    QString dir = qEnvironmentVariable("MEDPULL_TEST_OUTPUT");
    if (dir.isEmpty())
        dir = QDir::temp().filePath(QStringLiteral("medpull-test-output"));
    QDir().mkpath(dir);
    return dir;
}

} // namespace medpull::test
