// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "connectionrepository.h"
#include "database.h"
#include "demoseeder.h"
#include "engine.h"
#include "errorcode.h"
#include "ndjsonfolderjob.h"
#include "pullrepository.h"
#include "queryplanner.h"
#include "sandboxhost.h"
#include "sourcerepository.h"
#include "sql.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace medpull;
using namespace medpull::test;

// The engine against portals that behave like the real vendors' (the
// sandbox's vendor-like portals and their quirks, core/sandbox/README.md):
// one row per behaviour, on SQLite and on PostgreSQL. Each row sets the
// behaviour, pulls one account afresh and compares the stored (type, id) set
// with what the sandbox says a complete pull must store.
class TestVendorMatrix : public QObject {
    Q_OBJECT

private slots:
    void pullsCompleteRecords_data();
    void pullsCompleteRecords();
    void cleanupTestCase();
};

#ifndef Q_MOC_RUN

namespace {

const QStringList vendorPortals{QStringLiteral("epic-like"), QStringLiteral("oracle-like"),
                                QStringLiteral("athena-like"), QStringLiteral("payer-like")};

QByteArray adminRequest(const QUrl &url, const QByteArray &method, const QByteArray &body = {}) {
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    QNetworkReply *reply = network.sendCustomRequest(request, method, body);
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(10000);
    const QByteArray answer = reply->readAll();
    if (reply->error() != QNetworkReply::NoError)
        qWarning("admin %s %s: %s", method.constData(), qPrintable(url.toString()),
                 qPrintable(reply->errorString()));
    delete reply;
    return answer;
}

// One sandbox, one engine and one account at each vendor-like portal, made
// once per backend and shared by that backend's rows.
struct Harness {
    QTemporaryDir dir;
    SandboxHost sandbox;
    std::unique_ptr<Engine> engine;
    QHash<QString, Connection> accounts;

    explicit Harness(Backend backend)
        : sandbox([] {
            SandboxOptions options;
            options.patients = 2;
            options.resourcesPerPatient = 40;
            options.flakyRandom = false;
            return options;
        }()) {
        QString error;
        if (!sandbox.start(&error))
            qFatal("sandbox: %s", qPrintable(error));
        EngineOptions options;
        options.databaseLocation = freshLocation(backend, dir);
        options.keyFileOnly = true;
        options.pollIntervalMs = 200;
        options.leaseSeconds = 10;
        // A search that never answers is given up after 4 tries of 1 s.
        options.requestTimeoutMs = 1000;
        // A portal paging forever is stopped after this many pages.
        options.pageCapPerQuery = 60;
        engine = std::make_unique<Engine>(options);
        QSignalSpy started(engine.get(), &Engine::started);
        engine->start();
        if (!started.wait(30000) || !started.first().at(0).toBool())
            qFatal("engine did not start");
        DemoSeeder seeder(engine.get(), {sandbox.info().adminUrl, 8, false, vendorPortals});
        QSignalSpy finished(&seeder, &DemoSeeder::finished);
        seeder.start();
        if (!finished.wait(120000))
            qFatal("seeding did not finish");
        const Database &database = *engine->database();
        for (const Connection &connection : ConnectionRepository(database).list()) {
            const QString portal = SourceRepository(database).get(connection.sourceId)->name;
            if (connection.state == ConnectionState::Active && !accounts.contains(portal))
                accounts.insert(portal, connection);
        }
        // The first pulls (the connect ones) settle before the rows start.
        QDeadlineTimer deadline(180000);
        while (!PullRepository(database).unsettled().isEmpty() && !deadline.hasExpired())
            QTest::qWait(100);
    }

    const Database &db() const { return *engine->database(); }

    QUrl admin(const QString &path) const {
        return QUrl(sandbox.info().adminUrl.toString() + path);
    }

    // Pulls the account afresh: its stored resources are removed first, so
    // the stored set is exactly what this pull stored.
    std::optional<Pull> pullAfresh(const Connection &account) {
        sql::run(db().connection(), QStringLiteral("DELETE FROM resources WHERE connection_id = ?"),
                 {account.id});
        QSignalSpy settled(engine.get(), &Engine::pullSettled);
        engine->pullConnection(account.id);
        QDeadlineTimer deadline(120000);
        for (qsizetype seen = 0;;) {
            for (; seen < settled.size(); ++seen) {
                const Pull pull = settled.at(seen).at(0).value<Pull>();
                if (pull.connectionId == account.id && pull.trigger == PullTrigger::Manual)
                    return pull;
            }
            if (deadline.hasExpired() ||
                !settled.wait(int(qMax<qint64>(1, deadline.remainingTime()))))
                return std::nullopt;
        }
    }

    QStringList stored(const Connection &account) const {
        QSqlQuery query = sql::run(db().connection(),
                                   QStringLiteral("SELECT resource_type, fhir_id FROM resources "
                                                  "WHERE connection_id = ? AND deleted = 0"),
                                   {account.id});
        QStringList keys;
        while (query.next())
            keys << query.value(0).toString() + QLatin1Char('/') + query.value(1).toString();
        keys.sort();
        return keys;
    }
};

std::unique_ptr<Harness> &harnessFor(Backend backend) {
    static std::unique_ptr<Harness> harnesses[2];
    return harnesses[backend == Backend::Sqlite ? 0 : 1];
}

} // namespace

void TestVendorMatrix::pullsCompleteRecords_data() {
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<QString>("portal");
    // Quirks set before the pull ("" keeps the portal's own).
    QTest::addColumn<QString>("quirks");
    // Paging that never ends: the query stops with this error code.
    QTest::addColumn<QString>("pagingError");
    struct Row {
        const char *behaviour;
        const char *portal;
        const char *quirks;
        const char *pagingError = "";
    };
    // The portals' own profiles first: a row that sets quirks clears them.
    const QList<Row> rows{
        {"Epic-like portal as it comes", "epic-like", ""},
        {"Oracle Health-like portal as it comes", "oracle-like", ""},
        {"athenahealth-like portal as it comes", "athena-like", ""},
        {"payer (Blue Button-like) portal as it comes", "payer-like", ""},
        {"ids over 64 characters", "epic-like", "long-ids"},
        {"fullUrl on another host", "epic-like", "fullurl=foreign"},
        {"fullUrl absent", "epic-like", "fullurl=absent"},
        {"fullUrl urn:uuid", "epic-like", "fullurl=urn"},
        {"OperationOutcome entries in searchsets", "epic-like", "outcome-entries"},
        {"_count ignored", "oracle-like", "count=ignored"},
        {"_count capped lower", "oracle-like", "count-cap=3"},
        {"Bundle.total absent", "oracle-like", "total=absent;oracle-like:count-cap=5"},
        {"Bundle.total counts the page", "oracle-like", "total=page;oracle-like:count-cap=5"},
        {"next links with a session", "oracle-like", "next=session;oracle-like:count-cap=5"},
        {"next links spell the base in another case", "oracle-like",
         "next=case;oracle-like:count-cap=5"},
        {"next links with a cursor", "oracle-like", "next=cursor;oracle-like:count-cap=5"},
        {"no links at all", "oracle-like", "next=none"},
        {"next link pointing at itself", "oracle-like", "next=self-loop;oracle-like:count-cap=5",
         "paging.loop"},
        {"next links forever", "oracle-like", "next=endless;oracle-like:count-cap=5", "paging.cap"},
        {"403 outside the granted scopes", "athena-like", "unscoped=Device,Goal"},
        {"404 HTML for an unsupported type", "athena-like", "unsupported=Device,CareTeam"},
        {"401 HTML for an unsupported type", "athena-like",
         "unsupported=Device;athena-like:unsupported-status=401"},
        {"400 only an _id search", "athena-like", "id-only=CareTeam"},
        {"500 meaning not found or permission denied", "athena-like", "status500=Goal,Device"},
        {"Observation per category, one refused", "epic-like", "require-category=Observation"},
        {"CarePlan per category", "oracle-like", "require-category=CarePlan"},
        {"MedicationRequest per intent", "oracle-like", "require-intent=MedicationRequest"},
        {"references relative, absolute, other origin, contained, other patient, missing",
         "athena-like", "refs=mixed"},
        {"attachments raw, absolute, other origin", "epic-like", "attachments=mixed"},
        // (The account's token names a member id: payer rows keep that.)
        {"application/json+fhir", "payer-like",
         "patient-mismatch;payer-like:content-type=json+fhir"},
        {"application/json", "payer-like", "patient-mismatch;payer-like:content-type=json"},
        {"fhir+json with a charset", "payer-like",
         "patient-mismatch;payer-like:content-type=fhir+json;charset=utf-8"},
        {"pretty-printed with CRLF, no meta", "payer-like",
         "patient-mismatch;payer-like:pretty;payer-like:no-meta"},
        {"token patient differs from Patient.id", "payer-like",
         "patient-mismatch;payer-like:token-extra"},
        {"a search that never answers", "athena-like", "search-hang=Goal"},
    };
    for (const Backend backend : {Backend::Sqlite, Backend::Postgres}) {
        const char *name = backend == Backend::Sqlite ? "sqlite" : "postgresql";
        for (const Row &row : rows) {
            QString quirks;
            if (*row.quirks)
                quirks = QStringLiteral("%1:clear;%1:%2")
                             .arg(QLatin1String(row.portal), QLatin1String(row.quirks));
            QTest::addRow("%s: %s", name, row.behaviour)
                << backend << QString::fromLatin1(row.portal) << quirks
                << QString::fromLatin1(row.pagingError);
        }
    }
}

void TestVendorMatrix::pullsCompleteRecords() {
    QFETCH(Backend, backend);
    QFETCH(QString, portal);
    QFETCH(QString, quirks);
    QFETCH(QString, pagingError);
    std::unique_ptr<Harness> &harness = harnessFor(backend);
    if (!harness)
        harness = std::make_unique<Harness>(backend);
    Harness &h = *harness;
    QVERIFY2(h.accounts.contains(portal), qPrintable(portal));
    const Connection account = h.accounts.value(portal);
    if (!quirks.isEmpty())
        adminRequest(h.admin(QStringLiteral("/quirks")), "POST", quirks.toUtf8());

    const std::optional<Pull> pull = h.pullAfresh(account);
    QVERIFY(pull);

    // The sandbox knows the patient by the Patient's FHIR id, which is not
    // the token's `patient` where the portal hands out member ids.
    QString patientId = account.fhirPatientId;
    QSqlQuery patient = sql::run(h.db().connection(),
                                 QStringLiteral("SELECT fhir_id FROM resources WHERE "
                                                "connection_id = ? AND resource_type = 'Patient'"),
                                 {account.id});
    if (patient.next())
        patientId = patient.value(0).toString();
    const QJsonObject expected =
        QJsonDocument::fromJson(adminRequest(h.admin(QStringLiteral("/portals/%1/patients/%2/"
                                                                    "expected")
                                                         .arg(portal, patientId)),
                                             "GET"))
            .object();
    QStringList expectedKeys;
    for (const QJsonValue &value : expected.value(QStringLiteral("resources")).toArray()) {
        const QJsonObject resource = value.toObject();
        expectedKeys << resource.value(QStringLiteral("resourceType")).toString() +
                            QLatin1Char('/') + resource.value(QStringLiteral("id")).toString();
    }
    expectedKeys.sort();
    QVERIFY(!expectedKeys.isEmpty());
    const QStringList stored = h.stored(account);
    if (stored != expectedKeys) {
        const QSet<QString> have(stored.cbegin(), stored.cend());
        const QSet<QString> want(expectedKeys.cbegin(), expectedKeys.cend());
        QStringList missing = QSet<QString>(want).subtract(have).values();
        QStringList extra = QSet<QString>(have).subtract(want).values();
        missing.sort();
        extra.sort();
        qWarning("missing %lld: %s", qlonglong(missing.size()),
                 qPrintable(missing.mid(0, 8).join(QStringLiteral(", "))));
        qWarning("extra %lld: %s", qlonglong(extra.size()),
                 qPrintable(extra.mid(0, 8).join(QStringLiteral(", "))));
        for (const PullQuery &query : PullRepository(h.db()).queries(pull->id)) {
            if (query.status != QueryStatus::Succeeded || !query.error.isEmpty())
                qWarning("  %s %s %s: %s", qPrintable(nameOf(query.kind)),
                         qPrintable(query.url.left(140)), qPrintable(nameOf(query.status)),
                         qPrintable(errorText(query.error)));
        }
    }
    QCOMPARE(stored, expectedKeys);

    // Only "not available" answers (and notes): the pull succeeds. A search
    // that cannot end leaves the pull partial, that query failed and
    // retryable.
    const QJsonArray failed = expected.value(QStringLiteral("failed")).toArray();
    const QList<PullQuery> queries = PullRepository(h.db()).queries(pull->id);
    if (!pagingError.isEmpty()) {
        // Stopped with a clear error, what came before kept.
        QCOMPARE(pull->status, PullStatus::Partial);
        bool stopped = false;
        for (const PullQuery &query : queries)
            stopped = stopped || (query.status == QueryStatus::Failed &&
                                  ErrorCode::decode(query.error).code == pagingError);
        QVERIFY2(stopped, qPrintable(errorText(pull->error)));
    } else if (failed.isEmpty()) {
        QVERIFY2(pull->status == PullStatus::Succeeded,
                 qPrintable(nameOf(pull->status) + QLatin1Char(' ') + errorText(pull->error)));
    } else {
        QCOMPARE(pull->status, PullStatus::Partial);
        for (const QJsonValue &value : failed) {
            const QString type = value.toObject().value(QStringLiteral("resourceType")).toString();
            bool seen = false;
            for (const PullQuery &query : queries)
                seen = seen || (query.resourceType == type && query.status == QueryStatus::Failed);
            QVERIFY2(seen, qPrintable(type));
        }
    }
    // Each type the portal will not give is a not_available query with the
    // portal's reason, apart from failures.
    for (const QJsonValue &value : expected.value(QStringLiteral("notAvailable")).toArray()) {
        const QString type = value.toObject().value(QStringLiteral("resourceType")).toString();
        bool seen = false;
        for (const PullQuery &query : queries) {
            if (query.resourceType == type && query.status == QueryStatus::NotAvailable) {
                seen = true;
                QVERIFY(!errorText(query.error).isEmpty());
            }
        }
        QVERIFY2(seen, qPrintable(type));
    }
    QCOMPARE(ConnectionRepository(h.db()).get(account.id)->state, ConnectionState::Active);

    // NDJSON lines are single compact JSON values whatever the portal sent.
    QSqlQuery contents = sql::run(h.db().connection(),
                                  QStringLiteral("SELECT %1 FROM resources WHERE connection_id = ?")
                                      .arg(h.db().dialect().jsonColumn(QStringLiteral("content"))),
                                  {account.id});
    while (contents.next()) {
        const QByteArray line = ndjsonLine(h.db().dialect().jsonBytes(contents.value(0)));
        QVERIFY(!line.contains('\n') && !line.contains('\r'));
        QJsonParseError error;
        QVERIFY2(QJsonDocument::fromJson(line, &error).isObject(), qPrintable(error.errorString()));
    }
}

void TestVendorMatrix::cleanupTestCase() {
    harnessFor(Backend::Sqlite).reset();
    harnessFor(Backend::Postgres).reset();
}

QTEST_GUILESS_MAIN(TestVendorMatrix)

#endif

#include "tst_vendormatrix.moc"
