// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "bundleparser.h"
#include "operationoutcome.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

using namespace medpull;

class TestBundleParser : public QObject {
    Q_OBJECT

private slots:
    void keepsResourcesExactlyAsReceived();
    void lastPageHasNoNextLink();
    void malformedBodyReportsPosition_data();
    void malformedBodyReportsPosition();
    void notABundle_data();
    void notABundle();
    void badEntriesDoNotFailThePage_data();
    void badEntriesDoNotFailThePage();
    void keepsWhatRealPortalsSend();
    void outcomeEntriesAreWarnings();
    void singleResource();
    void operationOutcomeText();
    void agreesWithQJsonDocumentOnTruncations();
    void throughput();
};

// moc in Qt 6.4 mis-tokenises raw string literals (JSON fixtures), so it is
// only shown the declarations above.
#ifndef Q_MOC_RUN

namespace {

QByteArray page(const QByteArray &entries, const QByteArray &extra = {}) {
    return R"({"resourceType":"Bundle","type":"searchset","total":2,)" + extra + R"("entry":[)" +
           entries + "]}";
}

// A realistic Observation of about 700 bytes with nesting, escapes and
// non-ASCII text, so the benchmark exercises every path of the scanner.
QByteArray observation(int i) {
    return QStringLiteral(
               R"({"resourceType":"Observation","id":"obs-%1","meta":{"versionId":"3",)"
               R"("lastUpdated":"2024-05-01T10:00:00.000+02:00","profile":["http://hl7.org/fhir/)"
               R"(us/core/StructureDefinition/us-core-observation-lab"]},"status":"final",)"
               R"("category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/)"
               R"(observation-category","code":"laboratory","display":"Laboratory"}]}],)"
               R"("code":{"coding":[{"system":"http://loinc.org","code":"2345-7","display":)"
               R"("Glucose [Mass/volume] in Serum or Plasma"}],)"
               "\"text\":\"Glukose \\\"n\u00fcchtern\\\" \\u00e9\"},"
               R"("subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-04-30T08:15:00Z",)"
               R"("valueQuantity":{"value":%2.5,"unit":"mg/dL","system":"http://unitsofmeasure.org",)"
               R"("code":"mg/dL"},"referenceRange":[{"low":{"value":70,"unit":"mg/dL"},"high":)"
               R"({"value":1.1e2,"unit":"mg/dL"}}],"performer":[{"reference":"Practitioner/pr1"},)"
               R"({"reference":"Organization/o1"}],"note":[{"text":"Línea 1\nLine 2\t✓"}]})")
        .arg(i)
        .arg(80 + i % 50)
        .toUtf8();
}

QByteArray bigPage(int count) {
    QByteArray entries;
    for (int i = 0; i < count; ++i) {
        if (i)
            entries += ',';
        entries += R"({"fullUrl":"https://ehr.example/fhir/Observation/obs-)" +
                   QByteArray::number(i) + R"(","resource":)" + observation(i) +
                   R"(,"search":{"mode":"match"}})";
    }
    return R"({"resourceType":"Bundle","type":"searchset","total":)" + QByteArray::number(count) +
           R"(,"link":[{"relation":"self","url":"https://ehr.example/fhir/Observation"},)"
           R"({"relation":"next","url":"https://ehr.example/fhir/Observation?page=2"}],"entry":[)" +
           entries + "]}";
}

} // namespace

void TestBundleParser::keepsResourcesExactlyAsReceived() {
    const QByteArray first =
        "{ \"resourceType\" : \"Patient\",\n  \"id\":\"p1\" ,"
        "\"meta\":{\"versionId\":\"7\",\"lastUpdated\":\"2024-01-02T03:04:05Z\"},"
        "\"name\":[{\"text\":\"Ren\\u00e9e \\\"Q\\\"\"}] }";
    const QByteArray second = R"({"resourceType":"Patient","id":"p2"})";
    const QByteArray body = page(
        "{\"resource\":" + first + "},\n {\"resource\": " + second + " }",
        R"("link":[{"relation":"self","url":"a"},{"relation":"next","url":"https://x/fhir/Patient?p=2&_count=50"}],)");
    const BundlePage result = BundleParser::parsePage(body, QStringLiteral("Patient"));
    QVERIFY2(result.ok(), qPrintable(result.error.message()));
    QCOMPARE(result.type, QStringLiteral("searchset"));
    QCOMPARE(result.total, std::optional<qint64>(2));
    QCOMPARE(result.nextUrl, QStringLiteral("https://x/fhir/Patient?p=2&_count=50"));
    QCOMPARE(result.resources.size(), 2);
    QCOMPARE(result.resources[0].raw, first);
    QCOMPARE(result.resources[0].id, QStringLiteral("p1"));
    QCOMPARE(result.resources[0].versionId, QStringLiteral("7"));
    QCOMPARE(result.resources[0].lastUpdated, QStringLiteral("2024-01-02T03:04:05Z"));
    QCOMPARE(result.resources[1].raw, second);
    QVERIFY(result.entryErrors.isEmpty());
}

void TestBundleParser::lastPageHasNoNextLink() {
    const BundlePage result = BundleParser::parsePage(
        R"({"resourceType":"Bundle","type":"searchset","link":[{"relation":"self","url":"s"}]})");
    QVERIFY(result.ok());
    QVERIFY(result.nextUrl.isEmpty());
    QVERIFY(!result.total.has_value());
    QVERIFY(result.resources.isEmpty());
}

void TestBundleParser::malformedBodyReportsPosition_data() {
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("reason");
    QTest::newRow("empty") << QByteArray() << 0 << 1 << 1 << "empty body";
    QTest::newRow("html") << QByteArray("<html>oops</html>") << 0 << 1 << 1
                          << "expected a JSON object";
    QTest::newRow("truncated") << QByteArray("{\"resourceType\":\"Bundle\",\"entry\":[{\"reso")
                               << 40 << 1 << 41 << "unterminated string";
    QTest::newRow("missing comma")
        << QByteArray("{\"resourceType\":\"Bundle\"\n  \"type\":\"searchset\"}") << 27 << 2 << 3
        << "expected ',' or '}' in object";
    QTest::newRow("trailing comma") << QByteArray("{\"a\":[1,2,],\"resourceType\":\"Bundle\"}")
                                    << 10 << 1 << 11 << "trailing comma in array";
    QTest::newRow("bad literal") << QByteArray("{\"resourceType\":\"Bundle\",\"x\":tru}") << 29 << 1
                                 << 30 << "invalid literal";
    QTest::newRow("leading zero") << QByteArray("{\"x\":012}") << 6 << 1 << 7
                                  << "invalid number (leading zero)";
    QTest::newRow("control char") << QByteArray("{\"x\":\"a\tb\"}") << 7 << 1 << 8
                                  << "control character in string";
    QTest::newRow("bad escape") << QByteArray("{\"x\":\"a\\qb\"}") << 7 << 1 << 8
                                << "invalid escape in string";
    QTest::newRow("bad utf8") << QByteArray("{\"x\":\"a\xff\"}") << 7 << 1 << 8
                              << "invalid UTF-8 in string";
    QTest::newRow("trailing data") << QByteArray("{\"resourceType\":\"Bundle\"} x") << 26 << 1 << 27
                                   << "unexpected data after the JSON value";
    QTest::newRow("nesting") << QByteArray("{\"x\":" + QByteArray("[").repeated(600)) << 517 << 1
                             << 518 << "nesting too deep";
    QTest::newRow("single quotes") << QByteArray("{'resourceType':'Bundle'}") << 1 << 1 << 2
                                   << "expected a string key in object";
}

void TestBundleParser::malformedBodyReportsPosition() {
    QFETCH(QByteArray, body);
    QFETCH(int, offset);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, reason);
    const BundlePage result = BundleParser::parsePage(body);
    QVERIFY(!result.ok());
    QCOMPARE(result.error.reason, reason);
    QCOMPARE(result.error.offset, offset);
    QCOMPARE(result.error.line, line);
    QCOMPARE(result.error.column, column);
    QVERIFY(result.error.message().contains(QStringLiteral("line %1").arg(line)));
    QVERIFY(result.resources.isEmpty());
}

void TestBundleParser::notABundle_data() {
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("patient") << QByteArray(R"({"resourceType":"Patient","id":"1"})")
                             << "expected a Bundle, got Patient";
    QTest::newRow("no type") << QByteArray(R"({"entry":[]})")
                             << "not a FHIR Bundle (no resourceType)";
    QTest::newRow("outcome")
        << QByteArray(R"({"resourceType":"OperationOutcome","issue":[{"severity":"error",)"
                      R"("code":"too-costly","diagnostics":"Too many results"}]})")
        << "the server returned an OperationOutcome instead of a Bundle: Too many results";
}

void TestBundleParser::notABundle() {
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    const BundlePage result = BundleParser::parsePage(body);
    QVERIFY(!result.ok());
    QCOMPARE(result.error.message(), message);
}

void TestBundleParser::badEntriesDoNotFailThePage_data() {
    QTest::addColumn<QByteArray>("entry");
    QTest::addColumn<QString>("message");
    QTest::newRow("not an object") << QByteArray("42") << "no resource";
    QTest::newRow("resource array")
        << QByteArray(R"({"resource":[1]})") << "resource is not a JSON object";
    QTest::newRow("no type") << QByteArray(R"({"resource":{"id":"x"}})")
                             << "resource has no resourceType";
    QTest::newRow("no id") << QByteArray(R"({"resource":{"resourceType":"Observation"}})")
                           << "Observation has no id";
    QTest::newRow("numeric id") << QByteArray(
                                       R"({"resource":{"resourceType":"Observation","id":5}})")
                                << "id is not a string";
    QTest::newRow("id with a slash")
        << QByteArray(R"({"resource":{"resourceType":"Observation","id":"a/b"}})")
        << "Observation has an unusable id (empty, a \"/\", a control character or "
           "over 1024 characters)";
    QTest::newRow("id with a control character")
        << QByteArray(R"({"resource":{"resourceType":"Observation","id":"a\u0001b"}})")
        << "Observation has an unusable id (empty, a \"/\", a control character or "
           "over 1024 characters)";
    QTest::newRow("id over 1024 characters")
        << QByteArray(R"({"resource":{"resourceType":"Observation","id":")") +
               QByteArray(1025, 'x') + QByteArray(R"("}})")
        << "Observation has an unusable id (empty, a \"/\", a control character or "
           "over 1024 characters)";
    QTest::newRow("resourceType with a path")
        << QByteArray(R"({"resource":{"resourceType":"../../../x","id":"x"},)"
                      R"("search":{"mode":"include"}})")
        << "resourceType \"../../../x\" is not a FHIR type name";
    QTest::newRow("type mismatch")
        << QByteArray(
               R"({"resource":{"resourceType":"Condition","id":"c"},"search":{"mode":"match"}})")
        << "type mismatch: expected Observation, got Condition";
}

// What real portals send and a pull must store: ids past FHIR's 64
// characters and with other characters, and fullUrls on other hosts or
// schemes, or none (identity is resourceType/id).
void TestBundleParser::keepsWhatRealPortalsSend() {
    const QString longId =
        QStringLiteral("e") + QString(140, QLatin1Char('A')) + QStringLiteral("_3+x=");
    const QByteArray body =
        QStringLiteral(R"({"resourceType":"Bundle","type":"searchset","entry":[)"
                       R"({"fullUrl":"https://other.example:8443/api/FHIR/R4/Observation/%1",)"
                       R"("resource":{"resourceType":"Observation","id":"%1"}},)"
                       R"({"fullUrl":"urn:uuid:5b2c","resource":{"resourceType":"Observation",)"
                       R"("id":"o2"}},)"
                       R"({"resource":{"resourceType":"Observation","id":"o 3"}},)"
                       R"({"fullUrl":"https://x/fhir/Observation/zzz","resource":)"
                       R"({"resourceType":"Observation","id":"o4"}}]})")
            .arg(longId)
            .toUtf8();
    const BundlePage page = BundleParser::parsePage(body, QStringLiteral("Observation"));
    QVERIFY(page.ok());
    QVERIFY(page.entryErrors.isEmpty());
    QCOMPARE(page.resources.size(), 4);
    QCOMPARE(page.resources.at(0).id, longId);
    QCOMPARE(page.resources.at(2).id, QStringLiteral("o 3"));
    QVERIFY(BundleParser::isValidResourceType(QStringLiteral("Observation")));
    QVERIFY(!BundleParser::isValidResourceType(QStringLiteral("observation")));
    QVERIFY(!BundleParser::isValidResourceType(QStringLiteral("X")));
    QVERIFY(!BundleParser::isValidResourceType(QStringLiteral("Obs-ervation")));
}

void TestBundleParser::badEntriesDoNotFailThePage() {
    QFETCH(QByteArray, entry);
    QFETCH(QString, message);
    const QByteArray good = R"({"resource":{"resourceType":"Observation","id":"o1"}})";
    const QByteArray include =
        R"({"resource":{"resourceType":"Patient","id":"p"},"search":{"mode":"include"}})";
    const BundlePage result = BundleParser::parsePage(page(good + "," + entry + "," + include),
                                                      QStringLiteral("Observation"));
    QVERIFY2(result.ok(), qPrintable(result.error.message()));
    QCOMPARE(result.resources.size(), 2);
    QCOMPARE(result.resources[0].id, QStringLiteral("o1"));
    QCOMPARE(result.resources[1].resourceType, QStringLiteral("Patient"));
    QCOMPARE(result.entryErrors.size(), 1);
    QCOMPARE(result.entryErrors[0].index, 1);
    // The index is a field of its own; the message does not repeat it.
    QCOMPARE(result.entryErrors[0].message, message);
}

void TestBundleParser::outcomeEntriesAreWarnings() {
    const QByteArray body = page(
        R"({"resource":{"resourceType":"OperationOutcome","issue":[{"severity":"warning",)"
        R"("code":"processing","details":{"text":"Some notes were withheld"}}]},)"
        R"("search":{"mode":"outcome"}},{"resource":{"resourceType":"Observation","id":"o"}})");
    const BundlePage result = BundleParser::parsePage(body, QStringLiteral("Observation"));
    QVERIFY(result.ok());
    QCOMPARE(result.resources.size(), 1);
    QCOMPARE(result.warnings, QStringList{QStringLiteral("warning: Some notes were withheld")});
}

void TestBundleParser::singleResource() {
    const QByteArray body = "  {\"resourceType\":\"Binary\",\"id\":\"b1\",\"data\":\"AAAA\"}\n";
    const ResourceParseResult result = BundleParser::parseResource(body, QStringLiteral("Binary"));
    QVERIFY(result.ok());
    QCOMPARE(result.resource.raw, body.trimmed());
    const ResourceParseResult outcome = BundleParser::parseResource(
        R"({"resourceType":"OperationOutcome","issue":[{"code":"not-found"}]})");
    QCOMPARE(outcome.error.message(),
             QStringLiteral("the server returned an OperationOutcome: not-found"));
    QVERIFY(!BundleParser::parseResource("{\"resourceType\":\"Binary\"").ok());
}

void TestBundleParser::operationOutcomeText() {
    const QByteArray body =
        R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"security",)"
        R"("diagnostics":"  token\n expired "},{"severity":"information","code":"informational"},)"
        R"({"code":"x","details":{"text":"Details"}}]})";
    QCOMPARE(OperationOutcome::text(body),
             QStringLiteral("token expired; information: informational; Details"));
    QCOMPARE(OperationOutcome::text(QByteArray("not json")), QString());
}

// The scanner agrees with QJsonDocument on what is valid across random
// truncations of a real page (a cheap fuzz).
void TestBundleParser::agreesWithQJsonDocumentOnTruncations() {
    const QByteArray body = bigPage(3);
    for (int cut = 0; cut < body.size(); cut += 7) {
        const QByteArray part = body.left(cut);
        QJsonParseError error;
        QJsonDocument::fromJson(part, &error);
        const bool qtValid = error.error == QJsonParseError::NoError;
        const bool ours = BundleParser::parsePage(part).error.offset < 0;
        QVERIFY2(qtValid == ours, qPrintable(QString::number(cut)));
    }
}

void TestBundleParser::throughput() {
    const QByteArray body = bigPage(2000);
    qint64 resources = 0;
    QElapsedTimer timer;
    timer.start();
    int rounds = 0;
    QBENCHMARK {
        const BundlePage result = BundleParser::parsePage(body, QStringLiteral("Observation"));
        resources += result.resources.size();
        ++rounds;
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    QVERIFY(resources == qint64(rounds) * 2000);
    qInfo("BundleParser: %.0f MB/s, %.0f resources/s (%d KB page, %d rounds)",
          double(body.size()) * rounds / seconds / 1e6, double(resources) / seconds,
          int(body.size() / 1024), rounds);
    QElapsedTimer qt;
    qt.start();
    for (int i = 0; i < rounds; ++i) {
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        QVERIFY(doc.isObject());
    }
    qInfo("QJsonDocument::fromJson alone, for comparison: %.0f MB/s",
          double(body.size()) * rounds / (double(qt.nsecsElapsed()) / 1e9) / 1e6);
}

#endif

QTEST_GUILESS_MAIN(TestBundleParser)
#include "tst_bundleparser.moc"
