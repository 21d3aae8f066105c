// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "connection.h"
#include "database.h"
#include "enums.h"
#include "source.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace medpull::test {

enum class Backend { Sqlite, Postgres };

// Adds a "backend" column with one row per storage backend, so a data-driven
// test runs against a real SQLite file and a real PostgreSQL server.
void addBackendRows();

// A fresh, migrated database for the current test on the given backend.
// SQLite files live in `dir`; PostgreSQL databases get a unique name.
std::unique_ptr<Database> freshDatabase(Backend backend, const QTemporaryDir &dir,
                                        Database::OpenMode mode = Database::OpenMode::Migrate);
QString freshLocation(Backend backend, const QTemporaryDir &dir);

// A source "epic" whose FHIR base nothing answers on, for tests that need
// connections but never ask a portal.
Source addUnreachableSource(const Database &database);

// The first account at the portal (source) called `portal`; an empty
// Connection when there is none.
Connection firstAccountAt(const Database &database, const QString &portal);

// Where tests write artefacts a person looks at (screenshots, reports).
QString outputDir();

} // namespace medpull::test

// QCOMPARE prints the vocabulary's names for enum mismatches.
namespace medpull {
#define MEDPULL_TEST_TOSTRING(Enum)                                                                \
    inline char *toString(Enum value) {                                                            \
        return qstrdup(nameOf(value).toUtf8().constData());                                        \
    }
MEDPULL_TEST_TOSTRING(ConnectionState)
MEDPULL_TEST_TOSTRING(PullTrigger)
MEDPULL_TEST_TOSTRING(PullStatus)
MEDPULL_TEST_TOSTRING(QueryStatus)
MEDPULL_TEST_TOSTRING(RecordStatus)
MEDPULL_TEST_TOSTRING(FailureKind)
MEDPULL_TEST_TOSTRING(DestinationKind)
MEDPULL_TEST_TOSTRING(DeliveryStatus)
MEDPULL_TEST_TOSTRING(AuthEventType)
MEDPULL_TEST_TOSTRING(AuthOutcome)
#undef MEDPULL_TEST_TOSTRING
} // namespace medpull

Q_DECLARE_METATYPE(medpull::test::Backend)
