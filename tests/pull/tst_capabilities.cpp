// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "connectionrepository.h"
#include "database.h"
#include "errorcode.h"
#include "patientrepository.h"
#include "sourcecapabilityrepository.h"
#include "sourcerepository.h"
#include "testsupport.h"

#include <QTest>

using namespace medpull;
using namespace medpull::test;

// What pulls learn about a portal is written fact by fact, apart from the
// source row an admin edits, on SQLite and on PostgreSQL.
class TestCapabilities : public QObject {
    Q_OBJECT

private slots:
    void twoPullsAndAnEditLoseNothing_data() { addBackendRows(); }
    void twoPullsAndAnEditLoseNothing();
    void everythingOffOnlyWhenDefiniteOrRepeated_data() { addBackendRows(); }
    void everythingOffOnlyWhenDefiniteOrRepeated();
    void connectionRemembersWhatIsNotAvailable_data() { addBackendRows(); }
    void connectionRemembersWhatIsNotAvailable();
};

#ifndef Q_MOC_RUN

namespace {

struct Fixture {
    QTemporaryDir dir;
    std::unique_ptr<Database> db;
    Source source;
    Connection connection;

    explicit Fixture(Backend backend)
        : db(freshDatabase(backend, dir)) {
        const Patient patient =
            PatientRepository(*db).add(QStringLiteral("Ada Lovelace"), QStringLiteral("A-1"));
        Source s;
        s.name = QStringLiteral("epic-like");
        s.fhirBase = QUrl(QStringLiteral("http://127.0.0.1:8080/portals/epic-like/fhir"));
        s.clientId = QStringLiteral("medpull");
        s.scopes = {QStringLiteral("launch/patient")};
        s.resourceTypes = {QStringLiteral("Observation"), QStringLiteral("MedicationRequest"),
                           QStringLiteral("Practitioner")};
        s.idSearchTypes = {QStringLiteral("Practitioner"), QStringLiteral("Location")};
        s.patientEverything = true;
        source = SourceRepository(*db).add(s);
        connection = ConnectionRepository(*db).add(patient.id, source.id, ConnectionState::Active);
    }
};

QString reason(const QString &text) {
    return storedError(QStringLiteral("query.notAvailable"), {QStringLiteral("403"), text});
}

} // namespace

// The bug this replaces: each pull copied the source row at its start and
// wrote the whole row back, so the last writer undid the others' learning
// and an admin's edit made meanwhile.
void TestCapabilities::twoPullsAndAnEditLoseNothing() {
    QFETCH(Backend, backend);
    Fixture f(backend);
    // Two pulls of the source start and read it.
    const Source seenByFirst = *SourceRepository(*f.db).get(f.source.id);
    const Source seenBySecond = *SourceRepository(*f.db).get(f.source.id);
    // An admin edits the source meanwhile.
    Source edited = seenByFirst;
    edited.requestsPerSecond = 3;
    edited.maxConcurrentRequests = 2;
    SourceRepository(*f.db).update(edited);
    // Each pull learns something different.
    SourceCapabilityRepository(*f.db).recordIdSearchRefused(
        seenByFirst.id, QStringLiteral("Practitioner"), reason(QStringLiteral("no _id")));
    SourceCapabilityRepository(*f.db).recordRequiredParameter(
        seenBySecond.id, QStringLiteral("MedicationRequest"), QStringLiteral("intent"),
        {QStringLiteral("order"), QStringLiteral("plan")}, reason(QStringLiteral("intent")));
    SourceCapabilityRepository(*f.db).recordEverythingRefused(seenBySecond.id, true,
                                                              reason(QStringLiteral("no")));

    const Source stored = *SourceRepository(*f.db).get(f.source.id);
    QCOMPARE(stored.requestsPerSecond, 3.0);
    QCOMPARE(stored.maxConcurrentRequests, 2);
    // The row keeps what was configured; the facts are their own.
    QVERIFY(stored.patientEverything);
    QCOMPARE(stored.idSearchTypes, f.source.idSearchTypes);
    const SourceCapabilities learnt = SourceCapabilityRepository(*f.db).get(f.source.id);
    QVERIFY(learnt.everythingRefused);
    QCOMPARE(learnt.idSearchRefused, QSet<QString>{QStringLiteral("Practitioner")});
    QCOMPARE(learnt.requiredParameters.value(QStringLiteral("MedicationRequest")),
             QStringLiteral("intent"));
    QCOMPARE(learnt.parameterValues.value(QStringLiteral("MedicationRequest")),
             (QStringList{QStringLiteral("order"), QStringLiteral("plan")}));
    const Source effective = learnt.applyTo(stored);
    QVERIFY(!effective.patientEverything);
    QCOMPARE(effective.idSearchTypes, QStringList{QStringLiteral("Location")});
    QCOMPARE(effective.requestsPerSecond, 3.0);

    // A later edit from a stale copy of the row loses no learnt fact either.
    SourceRepository(*f.db).update(seenBySecond);
    const SourceCapabilities after = SourceCapabilityRepository(*f.db).get(f.source.id);
    QVERIFY(after.everythingRefused);
    QCOMPARE(after.idSearchRefused.size(), 1);
    QCOMPARE(after.requiredParameters.size(), 1);
}

void TestCapabilities::everythingOffOnlyWhenDefiniteOrRepeated() {
    QFETCH(Backend, backend);
    Fixture f(backend);
    SourceCapabilityRepository capabilities(*f.db);
    // A 403 or 404 once is a passing answer.
    capabilities.recordEverythingRefused(f.source.id, false, reason(QStringLiteral("403")));
    QCOMPARE(capabilities.get(f.source.id).everythingRefusals, 1);
    QVERIFY(!capabilities.get(f.source.id).everythingRefused);
    // $everything answered again: forgotten.
    capabilities.forgetEverythingRefusals(f.source.id);
    QCOMPARE(capabilities.get(f.source.id).everythingRefusals, 0);
    // Repeated by another pull: off.
    capabilities.recordEverythingRefused(f.source.id, false, reason(QStringLiteral("404")));
    capabilities.recordEverythingRefused(f.source.id, false, reason(QStringLiteral("404")));
    QVERIFY(capabilities.get(f.source.id).everythingRefused);
    capabilities.forgetEverythingRefusals(f.source.id);
    // Said for good (405, 501, not-supported): off at once.
    capabilities.recordEverythingRefused(f.source.id, true, reason(QStringLiteral("405")));
    QVERIFY(capabilities.get(f.source.id).everythingRefused);
}

void TestCapabilities::connectionRemembersWhatIsNotAvailable() {
    QFETCH(Backend, backend);
    Fixture f(backend);
    SourceCapabilityRepository capabilities(*f.db);
    capabilities.recordUnavailable(f.connection.id, 1,
                                   {QStringLiteral("Device"), QStringLiteral("Device"),
                                    reason(QStringLiteral("outside the granted scopes"))});
    capabilities.recordUnavailable(f.connection.id, 1,
                                   {QStringLiteral("Observation?category=sdoh"),
                                    QStringLiteral("Observation"), reason(QStringLiteral("sdoh"))});
    // Asked again by a later pull: one row, the newer reason.
    capabilities.recordUnavailable(f.connection.id, 2,
                                   {QStringLiteral("Device"), QStringLiteral("Device"),
                                    reason(QStringLiteral("still out of scope"))});
    QList<UnavailableQuery> unavailable = capabilities.unavailable(f.connection.id);
    QCOMPARE(unavailable.size(), 2);
    QCOMPARE(unavailable.at(0).key, QStringLiteral("Device"));
    QVERIFY(errorText(unavailable.at(0).reason).contains(QLatin1String("still out of scope")));
    QCOMPARE(unavailable.at(1).resourceType, QStringLiteral("Observation"));
    // A full pull that gets an answer forgets it.
    capabilities.forgetUnavailable(f.connection.id, QStringLiteral("Device"));
    unavailable = capabilities.unavailable(f.connection.id);
    QCOMPARE(unavailable.size(), 1);
    QCOMPARE(unavailable.first().key, QStringLiteral("Observation?category=sdoh"));
}

QTEST_GUILESS_MAIN(TestCapabilities)

#endif

#include "tst_capabilities.moc"
