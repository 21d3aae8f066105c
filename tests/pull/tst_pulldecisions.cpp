// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "errorcode.h"
#include "fakenetwork.h"
#include "fhirclient.h"
#include "outcomeclassifier.h"
#include "queryplanner.h"

#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace medpull;
using namespace medpull::test;

// The pull's decisions apart from driving: what a portal's answer means
// (through the real FhirClient over the fake network, so retries, refreshes
// and content types are as a pull sees them), and which queries a pull asks.
class TestPullDecisions : public QObject {
    Q_OBJECT

private slots:
    void classifiesAnswers_data();
    void classifiesAnswers();
    void learnsRequiredParameters_data();
    void learnsRequiredParameters();
    void stopsLoopsAndEndlessPaging_data();
    void stopsLoopsAndEndlessPaging();
    void plansTypeSearches();
    void incrementalPullSkipsWhatIsRemembered();
    void queryKeysNameTheValue();
};

#ifndef Q_MOC_RUN

namespace {

using Verdict = QueryOutcome::Verdict;

} // namespace

Q_DECLARE_METATYPE(medpull::test::FakeResponse)
Q_DECLARE_METATYPE(medpull::QueryOutcome::Verdict)

namespace {

const QUrl base(QStringLiteral("https://ehr.example/fhir"));

QByteArray outcome(const QString &code, const QString &diagnostics) {
    return QStringLiteral(R"({"resourceType":"OperationOutcome","issue":[{"severity":"error",)"
                          R"("code":"%1","diagnostics":"%2"}]})")
        .arg(code, diagnostics)
        .toUtf8();
}

FakeResponse html(int status) {
    FakeResponse response;
    response.status = status;
    response.body = "<html><body><h1>Not here</h1></body></html>";
    response.headers = {{"Content-Type", "text/html; charset=utf-8"}};
    return response;
}

FakeResponse empty(int status) {
    FakeResponse response;
    response.status = status;
    return response;
}

PullQuery queryFor(QueryKind kind, const QString &type, const QString &path) {
    PullQuery query;
    query.kind = kind;
    query.resourceType = type;
    query.url = base.toString() + QLatin1Char('/') + path;
    query.nextUrl = query.url;
    return query;
}

// The answer as a pull sees it: through FhirClient over the fake network.
FhirResult fetch(const PullQuery &query, const FakeResponse &response) {
    FakeNetworkManager network;
    network.setResponse(QUrl(query.url), response);
    FhirClient::Options options;
    options.fhirBase = base;
    options.maxAttempts = 2;
    options.initialBackoffMs = 1;
    options.maxBackoffMs = 2;
    options.transferTimeoutMs = 500;
    FhirClient client(&network, options);
    FhirRequest *request = client.get(QUrl(query.url));
    QSignalSpy finished(request, &FhirRequest::finished);
    if (!finished.wait(10000))
        return {};
    return finished.first().first().value<FhirResult>();
}

} // namespace

void TestPullDecisions::classifiesAnswers_data() {
    QTest::addColumn<PullQuery>("query");
    QTest::addColumn<FakeResponse>("response");
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<QString>("reasonContains");

    const PullQuery search =
        queryFor(QueryKind::Search, QStringLiteral("Device"), QStringLiteral("Device?patient=p"));
    const PullQuery everything = queryFor(QueryKind::Everything, QStringLiteral("Patient"),
                                          QStringLiteral("Patient/p/$everything"));
    const PullQuery lookup = queryFor(QueryKind::Lookup, QStringLiteral("Practitioner"),
                                      QStringLiteral("Practitioner?_id=a,b"));
    const PullQuery read =
        queryFor(QueryKind::Read, QStringLiteral("Practitioner"), QStringLiteral("Practitioner/a"));
    PullQuery laterPage = search;
    laterPage.pages = 2;

    QTest::newRow("search: 200") << search << FakeResponse::json(R"({"resourceType":"Bundle"})")
                                 << Verdict::Store << "";
    QTest::newRow("search: 403 empty body, outside the granted scopes")
        << search << empty(403) << Verdict::NotAvailable << "403";
    QTest::newRow("search: 403 OperationOutcome")
        << search
        << FakeResponse::json(outcome(QStringLiteral("forbidden"),
                                      QStringLiteral("The client is not authorized for Device")),
                              403)
        << Verdict::NotAvailable << "not authorized for Device";
    QTest::newRow("search: 404 HTML, unsupported type")
        << search << html(404) << Verdict::NotAvailable << "404";
    QTest::newRow("search: 401 HTML, unsupported type")
        << search << html(401) << Verdict::NotAvailable << "401";
    QTest::newRow("search: 400 only an _id search")
        << search
        << FakeResponse::json(outcome(QStringLiteral("processing"),
                                      QStringLiteral("Only an _id search is allowed for Device")),
                              400)
        << Verdict::NotAvailable << "_id";
    QTest::newRow("search: 500 meaning not found")
        << search
        << FakeResponse::json(outcome(QStringLiteral("exception"),
                                      QStringLiteral("Resource type Device is not known")),
                              500)
        << Verdict::NotAvailable << "not known";
    QTest::newRow("search: 500 meaning permission denied")
        << search
        << FakeResponse::json(
               outcome(QStringLiteral("exception"), QStringLiteral("Permission denied")), 500)
        << Verdict::NotAvailable << "Permission denied";
    QTest::newRow("search: 500 outage") << search << empty(500) << Verdict::Retry << "500";
    QTest::newRow("search: 400 bad request otherwise")
        << search
        << FakeResponse::json(
               outcome(QStringLiteral("invalid"), QStringLiteral("Malformed _count")), 400)
        << Verdict::Fail << "Malformed";
    QTest::newRow("search: 403 on a later page is a failure")
        << laterPage << empty(403) << Verdict::Fail << "403";
    QTest::newRow("search: timeout")
        << search << FakeResponse::hanging() << Verdict::Retry << "timed out";
    QTest::newRow("$everything: 404 once, not definite")
        << everything << empty(404) << Verdict::EverythingRefused << "404";
    QTest::newRow("$everything: 403 once, not definite")
        << everything << empty(403) << Verdict::EverythingRefused << "403";
    QTest::newRow("$everything: not-supported")
        << everything
        << FakeResponse::json(outcome(QStringLiteral("not-supported"),
                                      QStringLiteral("$everything is not supported")),
                              400)
        << Verdict::EverythingRefused << "not supported";
    QTest::newRow("_id lookup refused")
        << lookup << empty(400) << Verdict::IdSearchRefused << "400";
    QTest::newRow("reference: 404 is a note")
        << read << empty(404) << Verdict::NotAvailable << "404";
    QTest::newRow("reference: 500 is not known")
        << read
        << FakeResponse::json(
               outcome(QStringLiteral("exception"), QStringLiteral("Practitioner a is not known")),
               500)
        << Verdict::NotAvailable << "not known";
    QTest::newRow("reference: 500 outage") << read << empty(500) << Verdict::Retry << "500";
}

void TestPullDecisions::classifiesAnswers() {
    QFETCH(PullQuery, query);
    QFETCH(FakeResponse, response);
    QFETCH(Verdict, verdict);
    QFETCH(QString, reasonContains);
    const FhirResult result = fetch(query, response);
    const QueryOutcome outcome = OutcomeClassifier::classify(query, result);
    QCOMPARE(int(outcome.verdict), int(verdict));
    const QString reason = errorText(outcome.reason);
    QVERIFY2(reason.contains(reasonContains), qPrintable(reason));
    if (QByteArray(QTest::currentDataTag()).contains("not definite"))
        QVERIFY(!outcome.definite);
    if (QByteArray(QTest::currentDataTag()).contains("not-supported"))
        QVERIFY(outcome.definite);
}

void TestPullDecisions::learnsRequiredParameters_data() {
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("diagnostics");
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<QString>("parameter");
    QTest::addColumn<QStringList>("values");

    const QStringList observation =
        OutcomeClassifier::knownValues(QStringLiteral("Observation"), QStringLiteral("category"));
    QTest::newRow("Observation needs a category")
        << "Observation"
        << "Observation?patient=p" << 400 << "A search parameter 'category' is required"
        << Verdict::NeedsParameter << "category" << observation;
    QTest::newRow("CarePlan needs a category, values listed")
        << "CarePlan"
        << "CarePlan?patient=p" << 400
        << "category is required; must be one of: 38717003, 734163000 or assess-plan"
        << Verdict::NeedsParameter << "category"
        << QStringList{QStringLiteral("38717003"), QStringLiteral("734163000"),
                       QStringLiteral("assess-plan")};
    QTest::newRow("Observation, categories suggested as parameter=value")
        << "Observation"
        << "Observation?patient=p" << 400
        << "The category parameter is required for Observation searches: search with "
           "category=vital-signs, category=laboratory or category=social-history."
        << Verdict::NeedsParameter << "category"
        << QStringList{QStringLiteral("vital-signs"), QStringLiteral("laboratory"),
                       QStringLiteral("social-history")};
    QTest::newRow("MedicationRequest, supported values listed")
        << "MedicationRequest"
        << "MedicationRequest?patient=p" << 400
        << "The intent parameter is required for MedicationRequest searches. Supported values: "
           "order, plan, proposal."
        << Verdict::NeedsParameter << "intent"
        << QStringList{QStringLiteral("order"), QStringLiteral("plan"), QStringLiteral("proposal")};
    QTest::newRow("MedicationRequest needs an intent (403)")
        << "MedicationRequest"
        << "MedicationRequest?patient=p" << 403 << "The intent parameter is required"
        << Verdict::NeedsParameter << "intent"
        << OutcomeClassifier::knownValues(QStringLiteral("MedicationRequest"),
                                          QStringLiteral("intent"));
    QTest::newRow("a category this client may not have is not available")
        << "Observation"
        << "Observation?patient=p&category=sdoh" << 400
        << "The client is not authorized for category sdoh" << Verdict::NotAvailable << ""
        << QStringList();
}

void TestPullDecisions::learnsRequiredParameters() {
    QFETCH(QString, type);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QString, diagnostics);
    QFETCH(Verdict, verdict);
    QFETCH(QString, parameter);
    QFETCH(QStringList, values);
    const PullQuery query = queryFor(QueryKind::Search, type, path);
    const FhirResult result =
        fetch(query, FakeResponse::json(outcome(QStringLiteral("required"), diagnostics), status));
    const QueryOutcome outcome = OutcomeClassifier::classify(query, result);
    QCOMPARE(int(outcome.verdict), int(verdict));
    QCOMPARE(outcome.parameter, parameter);
    QCOMPARE(outcome.values, values);
}

void TestPullDecisions::stopsLoopsAndEndlessPaging_data() {
    QTest::addColumn<QStringList>("seen");
    QTest::addColumn<QString>("next");
    QTest::addColumn<int>("pages");
    QTest::addColumn<int>("cap");
    QTest::addColumn<QString>("code");
    const QString first = base.toString() + QStringLiteral("/Observation?patient=p");
    const QString second = base.toString() + QStringLiteral("/Observation?page=2");
    QTest::newRow("last page") << QStringList{first} << "" << 1 << 10 << "";
    QTest::newRow("next page") << QStringList{first} << second << 1 << 10 << "";
    QTest::newRow("points at itself") << QStringList{first} << first << 1 << 10 << "paging.loop";
    QTest::newRow("back to an earlier page")
        << QStringList{first, second} << first << 2 << 10 << "paging.loop";
    QTest::newRow("fresh links forever, at the cap")
        << QStringList{first, second} << base.toString() + QStringLiteral("/Observation?page=11")
        << 10 << 10 << "paging.cap";
}

void TestPullDecisions::stopsLoopsAndEndlessPaging() {
    QFETCH(QStringList, seen);
    QFETCH(QString, next);
    QFETCH(int, pages);
    QFETCH(int, cap);
    QFETCH(QString, code);
    const QString problem = OutcomeClassifier::pagingProblem(
        QSet<QString>(seen.cbegin(), seen.cend()), next, pages, cap);
    QCOMPARE(ErrorCode::decode(problem).code, code);
}

void TestPullDecisions::plansTypeSearches() {
    QueryPlanner::Input input;
    input.fhirBase = base;
    input.pullId = 7;
    input.patientId = QStringLiteral("p 1");
    input.source.resourceTypes = {QStringLiteral("Patient"), QStringLiteral("Condition"),
                                  QStringLiteral("CarePlan"), QStringLiteral("Practitioner")};
    input.learnt.requiredParameters.insert(QStringLiteral("CarePlan"), QStringLiteral("category"));
    input.learnt.parameterValues.insert(QStringLiteral("CarePlan"),
                                        {QStringLiteral("38717003"), QStringLiteral("734163000")});
    input.source.patientEverything = true;
    const QList<PullQuery> everything = QueryPlanner(input).initialQueries();
    QCOMPARE(everything.size(), 1);
    QCOMPARE(everything.first().kind, QueryKind::Everything);
    QCOMPARE(everything.first().url,
             QStringLiteral("https://ehr.example/fhir/Patient/p%201/$everything?_count=200"));

    input.source.patientEverything = false;
    const QList<PullQuery> queries = QueryPlanner(input).initialQueries();
    QStringList keys;
    for (const PullQuery &query : queries) {
        QCOMPARE(query.pullId, qint64(7));
        QCOMPARE(query.status, QueryStatus::Running);
        keys << nameOf(query.kind) + QLatin1Char(' ') + QueryPlanner::queryKey(query);
    }
    QCOMPARE(keys, (QStringList{QStringLiteral("read Patient"), QStringLiteral("search Condition"),
                                QStringLiteral("search CarePlan?category=38717003"),
                                QStringLiteral("search CarePlan?category=734163000")}));
    QCOMPARE(queries.first().url, QStringLiteral("https://ehr.example/fhir/Patient/p%201"));
    // An opaque id longer than 64 characters with characters FHIR's id rule
    // forbids stays one path segment.
    const QString longId = QString(80, QLatin1Char('x')) + QStringLiteral("?#=");
    QCOMPARE(QueryPlanner(input).readUrl(QStringLiteral("Observation"), longId),
             QStringLiteral("https://ehr.example/fhir/Observation/") +
                 QString(80, QLatin1Char('x')) + QStringLiteral("%3F%23%3D"));
}

void TestPullDecisions::incrementalPullSkipsWhatIsRemembered() {
    QueryPlanner::Input input;
    input.fhirBase = base;
    input.patientId = QStringLiteral("p");
    input.source.resourceTypes = {QStringLiteral("Condition"), QStringLiteral("Device")};
    const QString reason = storedError(QStringLiteral("query.notAvailable"),
                                       {QStringLiteral("403"), QStringLiteral("out of scope")});
    input.unavailable.insert(QStringLiteral("Device"), reason);

    input.full = false;
    QList<PullQuery> queries = QueryPlanner(input).typeSearches();
    QCOMPARE(queries.size(), 3);
    QCOMPARE(queries.at(1).status, QueryStatus::Running);
    QCOMPARE(queries.at(2).resourceType, QStringLiteral("Device"));
    QCOMPARE(queries.at(2).status, QueryStatus::NotAvailable);
    QCOMPARE(queries.at(2).error, reason);

    // A full pull asks again.
    input.full = true;
    queries = QueryPlanner(input).typeSearches();
    QCOMPARE(queries.at(2).status, QueryStatus::Running);
}

void TestPullDecisions::queryKeysNameTheValue() {
    PullQuery query = queryFor(QueryKind::Search, QStringLiteral("MedicationRequest"),
                               QStringLiteral("MedicationRequest?patient=p&intent=order&_count=5"));
    QCOMPARE(QueryPlanner::queryKey(query), QStringLiteral("MedicationRequest?intent=order"));
    query = queryFor(QueryKind::Search, QStringLiteral("Condition"),
                     QStringLiteral("Condition?patient=p&category=x"));
    QCOMPARE(QueryPlanner::queryKey(query), QStringLiteral("Condition"));
}

QTEST_GUILESS_MAIN(TestPullDecisions)

#endif

#include "tst_pulldecisions.moc"
