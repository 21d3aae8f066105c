// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "errorcode.h"
#include "referencecollector.h"
#include "urlrules.h"

#include <QTest>

using namespace medpull;

class TestReferences : public QObject {
    Q_OBJECT

private slots:
    void loopbackHosts_data();
    void loopbackHosts();
    void acceptableUrls_data();
    void acceptableUrls();
    void tokenOnlyUnderTheBase_data();
    void tokenOnlyUnderTheBase();
    void collectsFollowableReferences();
    void rejectsOtherOrigins();
    void respectsTheFollowableSet();
};

#ifndef Q_MOC_RUN

namespace {
const QUrl base(QStringLiteral("https://ehr.example/fhir/r4"));
}

void TestReferences::loopbackHosts_data() {
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("loopback");
    QTest::newRow("127.0.0.1") << "127.0.0.1" << true;
    QTest::newRow("127.8.9.10") << "127.8.9.10" << true;
    QTest::newRow("localhost") << "LocalHost." << true;
    QTest::newRow("::1") << "::1" << true;
    QTest::newRow("[::1]") << "[::1]" << true;
    QTest::newRow("128.0.0.1") << "128.0.0.1" << false;
    QTest::newRow("localhost.evil") << "localhost.evil.example" << false;
    QTest::newRow("10.0.0.1") << "10.0.0.1" << false;
}

void TestReferences::loopbackHosts() {
    QFETCH(QString, host);
    QFETCH(bool, loopback);
    QCOMPARE(UrlRules::isLoopbackHost(host), loopback);
}

void TestReferences::acceptableUrls_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("acceptable");
    QTest::newRow("https") << "https://ehr.example/fhir" << true;
    QTest::newRow("http loopback") << "http://127.0.0.1:8080/fhir" << true;
    QTest::newRow("http localhost") << "http://localhost:8080/fhir" << true;
    QTest::newRow("http ipv6 loopback") << "http://[::1]:8080/fhir" << true;
    QTest::newRow("http remote") << "http://ehr.example/fhir" << false;
    QTest::newRow("file") << "file:///etc/passwd" << false;
    QTest::newRow("no host") << "https:///fhir" << false;
}

void TestReferences::acceptableUrls() {
    QFETCH(QString, url);
    QFETCH(bool, acceptable);
    QCOMPARE(UrlRules::isAcceptableUrl(QUrl(url)), acceptable);
    QCOMPARE(UrlRules::whyNotAcceptable(QUrl(url)).isEmpty(), acceptable);
}

void TestReferences::tokenOnlyUnderTheBase_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("sameOrigin");
    QTest::addColumn<bool>("underBase");
    QTest::newRow("base itself") << "https://ehr.example/fhir/r4" << true << true;
    QTest::newRow("resource") << "https://EHR.example:443/fhir/r4/Patient/1?x=y" << true << true;
    QTest::newRow("sibling path") << "https://ehr.example/fhir/r5/Patient" << true << false;
    QTest::newRow("prefix") << "https://ehr.example/fhir/r4x/Patient" << true << false;
    QTest::newRow("climb") << "https://ehr.example/fhir/r4/../../admin" << true << false;
    QTest::newRow("other port") << "https://ehr.example:444/fhir/r4" << false << false;
    QTest::newRow("http") << "http://ehr.example/fhir/r4" << false << false;
    QTest::newRow("other host") << "https://evil.example/fhir/r4" << false << false;
}

void TestReferences::tokenOnlyUnderTheBase() {
    QFETCH(QString, url);
    QFETCH(bool, sameOrigin);
    QFETCH(bool, underBase);
    QCOMPARE(UrlRules::isSameOrigin(base, QUrl(url)), sameOrigin);
    QCOMPARE(UrlRules::isUnderBase(base, QUrl(url)), underBase);
}

void TestReferences::collectsFollowableReferences() {
    const QByteArray report = R"({"resourceType":"DiagnosticReport","id":"r1",
        "contained":[{"resourceType":"Specimen","id":"s","subject":{"reference":"Patient/p1"}}],
        "subject":{"reference":"Patient/p1"},
        "specimen":[{"reference":"#s"}],
        "performer":[{"reference":"https://ehr.example/fhir/r4/Organization/o1/_history/2"},
                     {"reference":"urn:uuid:1234"}, {"identifier":{"value":"x"}}],
        "result":[{"reference":"Observation/a"},{"reference":"Observation/b"},
                  {"reference":"Observation/a"}],
        "presentedForm":[{"contentType":"application/pdf","url":"Binary/pdf1"}]})";
    const ReferenceCollector collector(base);
    const CollectedReferences refs = collector.collect(report);
    QStringList paths;
    for (const ResourceRef &ref : refs.refs)
        paths << ref.path();
    paths.sort();
    QCOMPARE(paths, (QStringList{QStringLiteral("Binary/pdf1"), QStringLiteral("Observation/a"),
                                 QStringLiteral("Observation/b"), QStringLiteral("Organization/o1"),
                                 QStringLiteral("Patient/p1")}));
    QVERIFY(refs.rejected.isEmpty());

    const QByteArray document = R"({"resourceType":"DocumentReference","id":"d",
        "author":[{"reference":"PractitionerRole/pr"}],
        "content":[{"attachment":{"url":"https://ehr.example/fhir/r4/Binary/b7"}},
                   {"attachment":{"url":"https://ehr.example/fhir/r4/files/not-fhir.pdf"}}]})";
    const CollectedReferences docRefs = collector.collect(document);
    QCOMPARE(docRefs.refs.size(), 2);
    QCOMPARE(docRefs.refs.at(1), (ResourceRef{QStringLiteral("Binary"), QStringLiteral("b7")}));
}

void TestReferences::rejectsOtherOrigins() {
    const QByteArray resource = R"({"resourceType":"MedicationRequest","id":"m",
        "medicationReference":{"reference":"https://other.example/fhir/Medication/x"},
        "requester":{"reference":"https://ehr.example/other/Practitioner/p"},
        "note":[{"text":"not a reference: https://other.example/x"}],
        "supportingInformation":[{"reference":"https://other.example/fhir/Medication/x"}]})";
    const CollectedReferences refs = ReferenceCollector(base).collect(resource);
    QVERIFY(refs.refs.isEmpty());
    QCOMPARE(refs.rejected.size(), 2);
    QCOMPARE(refs.rejected.at(0).url, QStringLiteral("https://other.example/fhir/Medication/x"));
    QCOMPARE(ErrorCode::decode(refs.rejected.at(0).reason).code,
             QStringLiteral("reference.otherOrigin"));
    QCOMPARE(ErrorCode::decode(refs.rejected.at(1).reason).code,
             QStringLiteral("reference.outsideBase"));
    QVERIFY(errorText(refs.rejected.at(1).reason)
                .contains(QLatin1String("https://ehr.example/other/Practitioner/p")));
}

void TestReferences::respectsTheFollowableSet() {
    const QByteArray resource = R"({"resourceType":"Encounter","id":"e",
        "participant":[{"individual":{"reference":"Practitioner/p"}}],
        "serviceProvider":{"reference":"Organization/o"}})";
    const CollectedReferences refs =
        ReferenceCollector(base, {QStringLiteral("Organization")}).collect(resource);
    QCOMPARE(refs.refs.size(), 1);
    QCOMPARE(refs.refs.first().path(), QStringLiteral("Organization/o"));
    ResourceRef ref;
    QVERIFY(ReferenceCollector::parseRelative(QStringLiteral("Patient/a-1.2/_history/3"), ref));
    QVERIFY(!ReferenceCollector::parseRelative(QStringLiteral("patient/a"), ref));
    QVERIFY(!ReferenceCollector::parseRelative(QStringLiteral("Patient/a/b"), ref));
    // Ids are opaque: longer than 64 characters, other characters.
    const QString longId = QString(100, QLatin1Char('e')) + QStringLiteral("=+_ x");
    QVERIFY(ReferenceCollector::parseRelative(QStringLiteral("Observation/") + longId, ref));
    QCOMPARE(ref.id, longId);
    QVERIFY(!ReferenceCollector::parseRelative(QStringLiteral("Patient/a\tb"), ref));
    QVERIFY(!ReferenceCollector::parseRelative(QStringLiteral("../x"), ref));
}

#endif

QTEST_GUILESS_MAIN(TestReferences)
#include "tst_references.moc"
