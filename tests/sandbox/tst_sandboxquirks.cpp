// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The vendor-like quirks of the sandbox portals over real HTTP: each quirk
// answers as core/sandbox/README.md says, and the admin API's expected set is
// what a client walking the portal by hand can fetch.

#include "sandboxclient.h"
#include "sandboxhost.h"
#include "sandboxquirks.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTest>

using namespace medpull;
using Reply = SandboxClient::Reply;

namespace {

// FHIR's id rule: [A-Za-z0-9\-\.]{1,64}.
bool isFhirId(const QString &id) {
    static const QRegularExpression rule(QStringLiteral(R"(^[A-Za-z0-9\-.]{1,64}$)"));
    return rule.match(id).hasMatch();
}

QString key(const QString &type, const QString &id) {
    return type + QLatin1Char('/') + id;
}

// Every reference and attachment URL in a JSON value, contained resources' included.
void collectReferences(const QJsonValue &value, bool inAttachment, QStringList *out) {
    if (value.isArray()) {
        for (const QJsonValue &element : value.toArray())
            collectReferences(element, inAttachment, out);
        return;
    }
    if (!value.isObject())
        return;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const bool reference =
            it.key() == QLatin1String("reference") || (inAttachment && it.key() == "url");
        if (reference && it.value().isString())
            out->append(it.value().toString());
        else
            collectReferences(it.value(),
                              it.key() == QLatin1String("attachment") ||
                                  it.key() == QLatin1String("presentedForm"),
                              out);
    }
}

} // namespace

class TestSandboxQuirks : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();

    void vendorPortalsListed();
    void badQuirkSpec_data();
    void badQuirkSpec();
    void refusals_data();
    void refusals();
    void searchHang();
    void paging_data();
    void paging();
    void everythingLinks_data();
    void everythingLinks();
    void longIds();
    void fullUrl_data();
    void fullUrl();
    void outcomeEntries();
    void contentType_data();
    void contentType();
    void prettyAndNoMeta();
    void tokens();
    void references();
    void attachments();
    void expectedWithoutQuirks_data();
    void expectedWithoutQuirks();
    void expectedMatchesWalk_data();
    void expectedMatchesWalk();
    void executableQuirks();

private:
    struct Walk {
        QStringList ids; // match entries, in order
        QList<QJsonObject> bundles;
        QStringList nextUrls;
        int pages = 0;
        bool looped = false;
        int status = 200;
    };

    Reply admin(const QByteArray &method, const QString &path, const QByteArray &body = {});
    void quirks(const QString &spec);
    SandboxClient::Tokens login(const QString &portal, int patient = 1);
    QUrl base(const QString &portal) const { return m_host.info().fhirBase(portal); }
    Walk walk(QUrl url, const QString &token, int maxPages = 100);
    QJsonObject expected(const QString &portal, const QString &patient);
    QSet<QString> expectedIds(const QJsonObject &expected, const QString &type = {});
    QSet<QString> fetchLikeAPull(const QString &portal, const SandboxClient::Tokens &tokens);

    SandboxHost m_host{[] {
        SandboxOptions options;
        options.patients = 3;
        options.resourcesPerPatient = 150;
        options.flakyRandom = false;
        return options;
    }()};
    SandboxClient m_client;
};

void TestSandboxQuirks::initTestCase() {
    QString error;
    QVERIFY2(m_host.start(&error), qPrintable(error));
}

void TestSandboxQuirks::cleanup() {
    QCOMPARE(admin("POST", QStringLiteral("/quirks"), "cerner:clear").status, 200);
}

Reply TestSandboxQuirks::admin(const QByteArray &method, const QString &path,
                               const QByteArray &body) {
    return m_client.send(method, QUrl(m_host.info().adminUrl.toString() + path), body);
}

void TestSandboxQuirks::quirks(const QString &spec) {
    const Reply reply = admin("POST", QStringLiteral("/quirks"), spec.toUtf8());
    QVERIFY2(reply.status == 200, reply.body.constData());
}

SandboxClient::Tokens TestSandboxQuirks::login(const QString &portal, int patient) {
    return m_client.login(base(portal), SandboxClient::patientId(portal, patient));
}

TestSandboxQuirks::Walk TestSandboxQuirks::walk(QUrl url, const QString &token, int maxPages) {
    Walk result;
    QSet<QString> seen;
    while (url.isValid() && !url.isEmpty() && result.pages < maxPages) {
        if (seen.contains(url.toString())) {
            result.looped = true;
            break;
        }
        seen.insert(url.toString());
        const Reply reply = m_client.get(url, token, "application/fhir+json");
        if (reply.status != 200) {
            result.status = reply.status;
            break;
        }
        ++result.pages;
        const QJsonObject bundle = reply.json();
        result.bundles.append(bundle);
        for (const QJsonValue &entry : bundle.value(QStringLiteral("entry")).toArray()) {
            if (entry[QStringLiteral("search")][QStringLiteral("mode")].toString() ==
                QLatin1String("match"))
                result.ids.append(
                    entry[QStringLiteral("resource")][QStringLiteral("id")].toString());
        }
        url.clear();
        for (const QJsonValue &link : bundle.value(QStringLiteral("link")).toArray()) {
            if (link[QStringLiteral("relation")].toString() == QLatin1String("next")) {
                url = QUrl(link[QStringLiteral("url")].toString());
                result.nextUrls.append(url.toString());
            }
        }
    }
    return result;
}

QJsonObject TestSandboxQuirks::expected(const QString &portal, const QString &patient) {
    const Reply reply =
        admin("GET", QStringLiteral("/portals/%1/patients/%2/expected").arg(portal, patient));
    if (reply.status != 200)
        qWarning() << reply.body;
    return reply.json();
}

QSet<QString> TestSandboxQuirks::expectedIds(const QJsonObject &expected, const QString &type) {
    QSet<QString> ids;
    for (const QJsonValue &resource : expected[QStringLiteral("resources")].toArray()) {
        const QString resourceType = resource[QStringLiteral("resourceType")].toString();
        if (type.isEmpty())
            ids.insert(key(resourceType, resource[QStringLiteral("id")].toString()));
        else if (resourceType == type)
            ids.insert(resource[QStringLiteral("id")].toString());
    }
    return ids;
}

// A client doing by hand what a complete pull does: search every type with
// the token's patient (adding the parameters a 400 asks for), page to the
// end, read what references reach on the portal's FHIR base, and fetch
// attachments (other origins without the token).
QSet<QString> TestSandboxQuirks::fetchLikeAPull(const QString &portal,
                                                const SandboxClient::Tokens &tokens) {
    const QString fhirBase = base(portal).toString();
    const QString origin = m_host.info().baseUrl.toString();
    QSet<QString> stored;
    QList<QJsonObject> toScan;
    const auto store = [&](const QJsonObject &resource) {
        const QString k = key(resource[QStringLiteral("resourceType")].toString(),
                              resource[QStringLiteral("id")].toString());
        if (stored.contains(k))
            return;
        stored.insert(k);
        toScan.append(resource);
    };
    const auto searchAll = [&](const QString &query) {
        const Walk result = walk(QUrl(fhirBase + QLatin1Char('/') + query), tokens.access, 200);
        for (const QJsonObject &bundle : result.bundles) {
            for (const QJsonValue &entry : bundle[QStringLiteral("entry")].toArray()) {
                if (entry[QStringLiteral("search")][QStringLiteral("mode")].toString() ==
                    QLatin1String("match"))
                    store(entry[QStringLiteral("resource")].toObject());
            }
        }
    };
    const Reply patient =
        m_client.get(QUrl(fhirBase + QStringLiteral("/Patient/") + tokens.patient), tokens.access);
    if (patient.status == 200)
        store(patient.json());
    for (const QString &type : SandboxClient::searchTypes()) {
        const QString query = type + QStringLiteral("?patient=") + tokens.patient;
        // A search that never answers is given up on, as a pull times out.
        const Reply first =
            m_client.get(QUrl(fhirBase + QLatin1Char('/') + query), tokens.access, {}, 2000);
        if (first.status == 200) {
            searchAll(query);
            continue;
        }
        if (first.status != 400)
            continue;
        // Learn required parameters from the OperationOutcome's text.
        const QString text = QString::fromUtf8(first.body);
        static const QRegularExpression categories(QStringLiteral("category=([a-z-]+)"));
        for (auto it = categories.globalMatch(text); it.hasNext();) {
            const QString category = it.next().captured(1);
            const QString withCategory = query + QStringLiteral("&category=") + category;
            if (m_client.get(QUrl(fhirBase + QLatin1Char('/') + withCategory), tokens.access)
                    .status == 200)
                searchAll(withCategory);
        }
        if (text.contains(QLatin1String("intent")))
            searchAll(query + QStringLiteral("&intent=order,plan,proposal"));
    }
    QSet<QString> followed;
    while (!toScan.isEmpty()) {
        const QJsonObject resource = toScan.takeFirst();
        QStringList references;
        collectReferences(resource, false, &references);
        for (QString reference : std::as_const(references)) {
            if (reference.startsWith(QLatin1Char('#')) || followed.contains(reference))
                continue;
            followed.insert(reference);
            if (reference.startsWith(fhirBase + QLatin1Char('/')))
                reference = reference.mid(fhirBase.size() + 1);
            if (reference.startsWith(QLatin1String("http"))) {
                // Raw content: the token only to this origin.
                const bool sameOrigin = reference.startsWith(origin + QLatin1Char('/'));
                const Reply raw =
                    m_client.get(QUrl(reference), sameOrigin ? tokens.access : QString(),
                                 "application/fhir+json");
                if (raw.status == 200 && !raw.header("Content-Type").contains("json"))
                    stored.insert(
                        key(QStringLiteral("Binary"),
                            QString::fromLatin1(sandbox::rawAttachmentBinaryId(reference))));
                continue;
            }
            if (reference.count(QLatin1Char('/')) != 1)
                continue;
            const QString path = reference.section(QLatin1Char('/'), 0, 0) + QLatin1Char('/') +
                                 QString::fromLatin1(QUrl::toPercentEncoding(
                                     reference.section(QLatin1Char('/'), 1)));
            const Reply read = m_client.get(QUrl(fhirBase + QLatin1Char('/') + path), tokens.access,
                                            "application/fhir+json");
            if (read.status == 200)
                store(read.json());
        }
    }
    return stored;
}

void TestSandboxQuirks::vendorPortalsListed() {
    const SandboxInfo info = m_host.info();
    QCOMPARE(info.portals.size(), 3);
    QStringList names;
    for (const SandboxPortalInfo &portal : info.vendorPortals)
        names << portal.name;
    QCOMPARE(names, (QStringList{QStringLiteral("epic-like"), QStringLiteral("oracle-like"),
                                 QStringLiteral("athena-like"), QStringLiteral("payer-like")}));
    QCOMPARE(admin("GET", QStringLiteral("/portals")).body.count("\"name\""), 3);
    const QJsonArray all =
        QJsonDocument::fromJson(admin("GET", QStringLiteral("/portals?all=1")).body).array();
    QCOMPARE(all.size(), 7);
    QVERIFY(all[3][QStringLiteral("vendorLike")].toBool());
    QVERIFY(all[3][QStringLiteral("quirks")].toArray().contains(QStringLiteral("long-ids")));
    const QJsonArray people =
        QJsonDocument::fromJson(admin("GET", QStringLiteral("/people")).body).array();
    for (const QJsonValue &person : people) {
        for (const QJsonValue &account : person[QStringLiteral("accounts")].toArray())
            QVERIFY(!account[QStringLiteral("portal")].toString().contains(QLatin1Char('-')));
    }
    QCOMPARE(admin("GET", QStringLiteral("/portals/payer-like")).status, 200);
    QVERIFY(m_client.get(base(QStringLiteral("oracle-like")) + QStringLiteral("/metadata"))
                .header("Content-Type")
                .startsWith("application/json+fhir"));
}

void TestSandboxQuirks::badQuirkSpec_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown quirk") << "cerner:sparkly"
                                   << "unknown quirk";
    QTest::newRow("unknown portal") << "nowhere:pretty"
                                    << "no portal named";
    QTest::newRow("bad next") << "cerner:next=sideways"
                              << "needs one of";
    QTest::newRow("flag with value") << "cerner:pretty=yes"
                                     << "takes no value";
    QTest::newRow("bad type") << "cerner:unscoped=Dragon"
                              << "not a resource type";
    QTest::newRow("referenced id-only") << "cerner:id-only=Observation"
                                        << "id-only takes";
    QTest::newRow("hang of a read type") << "cerner:search-hang=Medication"
                                         << "search-hang takes";
    QTest::newRow("bad count cap") << "cerner:count-cap=0"
                                   << "number from 1";
    QTest::newRow("bad content type") << "cerner:content-type=xml"
                                      << "needs json+fhir";
    QTest::newRow("no portal") << "pretty"
                               << "expected PORTAL:NAME";
}

void TestSandboxQuirks::badQuirkSpec() {
    QFETCH(QString, spec);
    QFETCH(QString, message);
    const Reply reply = admin("POST", QStringLiteral("/quirks"), spec.toUtf8());
    QCOMPARE(reply.status, 400);
    QVERIFY2(reply.json()[QStringLiteral("error")].toString().contains(message),
             reply.body.constData());
    // Nothing of a refused spec is applied.
    QCOMPARE(QJsonDocument::fromJson(admin("GET", QStringLiteral("/quirks")).body)
                 .object()[QStringLiteral("cerner")]
                 .toArray()
                 .size(),
             0);
}

void TestSandboxQuirks::refusals_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("query"); // below the FHIR base; {p} is the patient
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType"); // empty: no body at all
    QTest::addColumn<QString>("text");
    const QString unscoped = QStringLiteral("cerner:unscoped=Device,Goal");
    QTest::newRow("unscoped, empty 403")
        << unscoped << "Device?patient={p}" << 403 << QByteArray() << QString();
    QTest::newRow("unscoped read")
        << unscoped << "Device/cP1-de0" << 403 << QByteArray() << QString();
    QTest::newRow("unscoped, OperationOutcome 403")
        << unscoped << "Goal?patient={p}" << 403 << QByteArray("application/fhir+json")
        << "does not grant access to Goal";
    QTest::newRow("unscoped leaves others") << unscoped << "Condition?patient={p}" << 200
                                            << QByteArray("application/fhir+json") << "searchset";
    QTest::newRow("unsupported 404")
        << "cerner:unsupported=CareTeam"
        << "CareTeam?patient={p}" << 404 << QByteArray("text/html") << "<html>";
    QTest::newRow("unsupported 401")
        << "cerner:unsupported=CareTeam;cerner:unsupported-status=401"
        << "CareTeam?patient={p}" << 401 << QByteArray("text/html") << "Unauthorized";
    QTest::newRow("id-only") << "cerner:id-only=Goal"
                             << "Goal?patient={p}" << 400 << QByteArray("application/fhir+json")
                             << "Only an _id search is allowed";
    QTest::newRow("id-only reads")
        << "cerner:id-only=Goal"
        << "Goal/cP1-go0" << 200 << QByteArray("application/fhir+json") << "\"Goal\"";
    QTest::newRow("500 not found")
        << "cerner:status500=Goal,Device"
        << "Goal?patient={p}" << 500 << QByteArray("application/fhir+json") << "Goal not found";
    QTest::newRow("500 permission denied")
        << "cerner:status500=Goal,Device"
        << "Device?patient={p}" << 500 << QByteArray("application/fhir+json")
        << "Permission denied for Device";
    const QString category = QStringLiteral("cerner:require-category=Observation");
    QTest::newRow("category required")
        << category << "Observation?patient={p}" << 400 << QByteArray("application/fhir+json")
        << "category=vital-signs, category=laboratory";
    QTest::newRow("category not authorized")
        << category << "Observation?patient={p}&category=social-history" << 400
        << QByteArray("application/fhir+json") << "not authorized";
    QTest::newRow("category given") << category << "Observation?patient={p}&category=laboratory"
                                    << 200 << QByteArray("application/fhir+json") << "searchset";
    QTest::newRow("careplan category required")
        << "cerner:require-category=CarePlan"
        << "CarePlan?patient={p}" << 400 << QByteArray("application/fhir+json")
        << "category=assess-plan";
    QTest::newRow("careplan category given")
        << "cerner:require-category=CarePlan"
        << "CarePlan?patient={p}&category=assess-plan" << 200 << QByteArray("application/fhir+json")
        << "\"CarePlan\"";
    QTest::newRow("intent required")
        << "cerner:require-intent=MedicationRequest"
        << "MedicationRequest?patient={p}" << 400 << QByteArray("application/fhir+json")
        << "proposal, original-order";
    QTest::newRow("intent given") << "cerner:require-intent=MedicationRequest"
                                  << "MedicationRequest?patient={p}&intent=plan" << 200
                                  << QByteArray("application/fhir+json") << "\"intent\":\"plan\"";
}

void TestSandboxQuirks::refusals() {
    QFETCH(QString, spec);
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QString, text);
    quirks(spec);
    const SandboxClient::Tokens tokens = login(QStringLiteral("cerner"));
    QVERIFY(!tokens.access.isEmpty());
    const Reply reply =
        m_client.get(base(QStringLiteral("cerner")) +
                         (QStringLiteral("/") + query.replace("{p}", tokens.patient)),
                     tokens.access);
    QCOMPARE(reply.status, status);
    if (contentType.isEmpty()) {
        QVERIFY(reply.body.isEmpty());
        return;
    }
    QVERIFY2(reply.header("Content-Type").startsWith(contentType), reply.header("Content-Type"));
    QVERIFY2(reply.body.contains(text.toUtf8()), reply.body.left(400).constData());
}

void TestSandboxQuirks::searchHang() {
    quirks(QStringLiteral("cerner:search-hang=Goal"));
    const SandboxClient::Tokens tokens = login(QStringLiteral("cerner"));
    const QString query = QStringLiteral("/Goal?patient=") + tokens.patient;
    const Reply hung = m_client.get(base(QStringLiteral("cerner")) + query, tokens.access, {}, 400);
    QCOMPARE(hung.status, 0);
    QVERIFY(hung.error != QNetworkReply::NoError);
    // Reads of the type, and other searches, still answer.
    QCOMPARE(
        m_client
            .get(base(QStringLiteral("cerner")) + QStringLiteral("/Goal/cP1-go0"), tokens.access)
            .status,
        200);
    const QJsonObject expectation = expected(QStringLiteral("cerner"), QStringLiteral("cP1"));
    QCOMPARE(expectation[QStringLiteral("failed")].toArray(),
             (QJsonArray{QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Goal")},
                                     {QStringLiteral("reason"), QStringLiteral("search-hang")}}}));
    QVERIFY(expectedIds(expectation, QStringLiteral("Goal")).isEmpty());
}

void TestSandboxQuirks::paging_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("count");    // _count asked for
    QTest::addColumn<int>("pageSize"); // the most entries a page may have
    QTest::addColumn<QString>("linkHas");
    QTest::addColumn<QString>("linkLacks");
    QTest::newRow("plain") << QString() << 7 << 7 << "_getpages="
                           << "session=";
    QTest::newRow("count ignored") << "cerner:count=ignored" << 50 << 10 << "_getpages="
                                   << "";
    QTest::newRow("count capped") << "cerner:count-cap=6" << 50 << 6 << "_getpages="
                                  << "";
    QTest::newRow("session") << "cerner:next=session" << 7 << 7 << "&session="
                             << "";
    QTest::newRow("case") << "cerner:next=case" << 7 << 7 << "/portals/cerner/FHIR/?_getpages="
                          << "/fhir";
    QTest::newRow("cursor") << "cerner:next=cursor" << 7 << 7 << "/Observation?patient="
                            << "_getpages";
    QTest::newRow("no links") << "cerner:next=none" << 7 << 1000 << ""
                              << "";
    QTest::newRow("self loop") << "cerner:next=self-loop" << 7 << 7 << ""
                               << "";
    QTest::newRow("endless") << "cerner:next=endless" << 7 << 7 << "_getpages="
                             << "";
    QTest::newRow("total absent") << "cerner:total=absent" << 7 << 7 << ""
                                  << "";
    QTest::newRow("total per page") << "cerner:total=page" << 7 << 7 << ""
                                    << "";
}

void TestSandboxQuirks::paging() {
    QFETCH(QString, spec);
    QFETCH(int, count);
    QFETCH(int, pageSize);
    QFETCH(QString, linkHas);
    QFETCH(QString, linkLacks);
    if (!spec.isEmpty())
        quirks(spec);
    const SandboxClient::Tokens tokens = login(QStringLiteral("cerner"));
    const QSet<QString> all = expectedIds(expected(QStringLiteral("cerner"), tokens.patient),
                                          QStringLiteral("Observation"));
    QVERIFY(all.size() > 20);
    const QUrl first =
        base(QStringLiteral("cerner")) +
        QStringLiteral("/Observation?patient=%1&_count=%2").arg(tokens.patient).arg(count);
    const int dataPages = (int(all.size()) + std::min(pageSize, 1000) - 1) / pageSize;
    const Walk result = walk(first, tokens.access, dataPages + 5);
    QCOMPARE(result.status, 200);

    // Whatever the paging, walking the links yields every match exactly once.
    QCOMPARE(QSet<QString>(result.ids.begin(), result.ids.end()), all);
    QCOMPARE(result.ids.size(), all.size());
    for (const QJsonObject &bundle : result.bundles)
        QVERIFY(bundle[QStringLiteral("entry")].toArray().size() <= pageSize);
    for (const QString &next : result.nextUrls) {
        if (!linkHas.isEmpty())
            QVERIFY2(next.contains(linkHas), qPrintable(next));
        if (!linkLacks.isEmpty())
            QVERIFY2(!next.contains(linkLacks), qPrintable(next));
    }

    if (spec == QLatin1String("cerner:next=none")) {
        QCOMPARE(result.pages, 1);
        QVERIFY(!result.bundles[0].contains(QStringLiteral("link")));
    } else if (spec == QLatin1String("cerner:next=self-loop")) {
        QVERIFY(result.looped);
        const QJsonObject last = result.bundles.last();
        QString self, next;
        for (const QJsonValue &link : last[QStringLiteral("link")].toArray())
            (link[QStringLiteral("relation")].toString() == QLatin1String("self") ? self : next) =
                link[QStringLiteral("url")].toString();
        QCOMPARE(next, self);
    } else if (spec == QLatin1String("cerner:next=endless")) {
        QCOMPARE(result.pages, dataPages + 5);
        QVERIFY(!result.looped);
        QVERIFY(result.bundles.last()[QStringLiteral("entry")].toArray().isEmpty());
        QCOMPARE(QSet<QString>(result.nextUrls.begin(), result.nextUrls.end()).size(),
                 result.nextUrls.size());
    } else {
        QCOMPARE(result.pages, dataPages);
        QVERIFY(!result.looped);
    }
    for (const QJsonObject &bundle : result.bundles) {
        const int entries = int(bundle[QStringLiteral("entry")].toArray().size());
        if (spec == QLatin1String("cerner:total=absent"))
            QVERIFY(!bundle.contains(QStringLiteral("total")));
        else if (spec == QLatin1String("cerner:total=page"))
            QCOMPARE(bundle[QStringLiteral("total")].toInt(), entries);
        else if (!spec.endsWith(QLatin1String("endless")))
            QCOMPARE(bundle[QStringLiteral("total")].toInt(), all.size());
    }
    if (spec == QLatin1String("cerner:next=session")) {
        // The session is the server's: a page link without it is refused.
        QUrl stripped(result.nextUrls.first());
        QUrlQuery query(stripped);
        query.removeQueryItem(QStringLiteral("session"));
        stripped.setQuery(query);
        const Reply refused = m_client.get(stripped, tokens.access);
        QCOMPARE(refused.status, 400);
        QVERIFY(refused.body.contains("expired"));
    }
}

void TestSandboxQuirks::everythingLinks_data() {
    QTest::addColumn<QString>("spec");
    QTest::newRow("session") << "cerner:next=session";
    QTest::newRow("case") << "cerner:next=case";
    QTest::newRow("cursor") << "cerner:next=cursor";
}

// $everything pages follow the next-link spelling too, and still end.
void TestSandboxQuirks::everythingLinks() {
    QFETCH(QString, spec);
    quirks(spec);
    const SandboxClient::Tokens tokens = login(QStringLiteral("cerner"));
    const QJsonObject patient = admin("GET", QStringLiteral("/portals/cerner/patients/cP1")).json();
    const int binaries = patient[QStringLiteral("counts")][QStringLiteral("Binary")].toInt();
    const Walk result =
        walk(base(QStringLiteral("cerner")) + QStringLiteral("/Patient/cP1/$everything?_count=25"),
             tokens.access);
    QCOMPARE(result.status, 200);
    QVERIFY(result.pages > 2);
    QVERIFY(!result.looped);
    int entries = 0;
    for (const QJsonObject &bundle : result.bundles)
        entries += int(bundle[QStringLiteral("entry")].toArray().size());
    QCOMPARE(entries, patient[QStringLiteral("total")].toInt() - binaries);
}

void TestSandboxQuirks::longIds() {
    quirks(QStringLiteral("cerner:long-ids"));
    const SandboxClient::Tokens tokens = login(QStringLiteral("cerner"));
    QCOMPARE(tokens.patient, QStringLiteral("cP1"));
    const Walk encounters = walk(base(QStringLiteral("cerner")) +
                                     QStringLiteral("/Encounter?patient=") + tokens.patient,
                                 tokens.access);
    QVERIFY(!encounters.ids.isEmpty());
    for (const QString &id : encounters.ids) {
        QVERIFY2(id.size() > 64, qPrintable(id));
        QVERIFY(!isFhirId(id));
    }
    QVERIFY(encounters.ids.join(QString()).contains(QLatin1Char('_')));
    QCOMPARE(expectedIds(expected(QStringLiteral("cerner"), tokens.patient),
                         QStringLiteral("Encounter")),
             QSet<QString>(encounters.ids.begin(), encounters.ids.end()));

    // Reads by the long id, percent-encoded in the path, and of what it references.
    const QJsonObject encounter =
        encounters.bundles[0][QStringLiteral("entry")][0][QStringLiteral("resource")].toObject();
    const Reply read = m_client.get(base(QStringLiteral("cerner")) + QStringLiteral("/Encounter/") +
                                        QString::fromLatin1(QUrl::toPercentEncoding(
                                            encounter[QStringLiteral("id")].toString())),
                                    tokens.access);
    QCOMPARE(read.status, 200);
    QCOMPARE(read.json(), encounter);
    const QString location = encounter[QStringLiteral("location")][0][QStringLiteral("location")]
                                      [QStringLiteral("reference")]
                                          .toString();
    QVERIFY2(location.startsWith(QLatin1String("Location/")) && location.size() > 73,
             qPrintable(location));
    QCOMPARE(m_client
                 .get(base(QStringLiteral("cerner")) + QStringLiteral("/Location/") +
                          QString::fromLatin1(QUrl::toPercentEncoding(location.mid(9))),
                      tokens.access)
                 .status,
             200);
    // The short form no longer names anything.
    QCOMPARE(m_client
                 .get(base(QStringLiteral("cerner")) + QStringLiteral("/Encounter/cP1-en0"),
                      tokens.access)
                 .status,
             404);
}

void TestSandboxQuirks::fullUrl_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("prefix"); // empty: no fullUrl
    QTest::newRow("foreign") << "cerner:fullurl=foreign"
                             << "https://fhir.foreign.example/api/FHIR/R4/Condition/";
    QTest::newRow("absent") << "cerner:fullurl=absent" << QString();
    QTest::newRow("urn") << "cerner:fullurl=urn"
                         << "urn:uuid:";
}

void TestSandboxQuirks::fullUrl() {
    QFETCH(QString, spec);
    QFETCH(QString, prefix);
    quirks(spec);
    const SandboxClient::Tokens tokens = login(QStringLiteral("cerner"));
    const Walk result = walk(base(QStringLiteral("cerner")) +
                                 QStringLiteral("/Condition?patient=") + tokens.patient,
                             tokens.access);
    QVERIFY(!result.ids.isEmpty());
    QSet<QString> urls;
    for (const QJsonValue &entry : result.bundles[0][QStringLiteral("entry")].toArray()) {
        const QJsonObject object = entry.toObject();
        if (prefix.isEmpty()) {
            QVERIFY(!object.contains(QStringLiteral("fullUrl")));
            continue;
        }
        const QString url = object[QStringLiteral("fullUrl")].toString();
        QVERIFY2(url.startsWith(prefix), qPrintable(url));
        urls.insert(url);
    }
    if (!prefix.isEmpty())
        QCOMPARE(urls.size(), result.bundles[0][QStringLiteral("entry")].toArray().size());
}

void TestSandboxQuirks::outcomeEntries() {
    quirks(QStringLiteral("cerner:outcome-entries"));
    const SandboxClient::Tokens tokens = login(QStringLiteral("cerner"));
    const Walk encounters =
        walk(base(QStringLiteral("cerner")) +
                 QStringLiteral("/Encounter?patient=%1&_count=3").arg(tokens.patient),
             tokens.access);
    QVERIFY(encounters.pages > 1);
    const QJsonArray first = encounters.bundles[0][QStringLiteral("entry")].toArray();
    QCOMPARE(first.size(), 4);
    QCOMPARE(first[0][QStringLiteral("resource")][QStringLiteral("resourceType")].toString(),
             QStringLiteral("OperationOutcome"));
    QCOMPARE(first[0][QStringLiteral("search")][QStringLiteral("mode")].toString(),
             QStringLiteral("outcome"));
    QCOMPARE(encounters.bundles[1][QStringLiteral("entry")].toArray().size(), 3);
    // A search with no matches answers an OperationOutcome instead.
    const Walk none =
        walk(base(QStringLiteral("cerner")) +
                 QStringLiteral("/Observation?patient=%1&category=survey").arg(tokens.patient),
             tokens.access);
    QCOMPARE(none.ids.size(), 0);
    const QJsonArray only = none.bundles[0][QStringLiteral("entry")].toArray();
    QCOMPARE(only.size(), 1);
    QCOMPARE(
        only[0][QStringLiteral("resource")][QStringLiteral("issue")][0][QStringLiteral("severity")]
            .toString(),
        QStringLiteral("information"));
    // Not something a pull stores.
    QVERIFY(expectedIds(expected(QStringLiteral("cerner"), tokens.patient),
                        QStringLiteral("OperationOutcome"))
                .isEmpty());
}

void TestSandboxQuirks::contentType_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("json+fhir") << "cerner:content-type=json+fhir"
                               << QByteArray("application/json+fhir");
    QTest::newRow("json") << "cerner:content-type=json" << QByteArray("application/json");
    QTest::newRow("charset") << "cerner:content-type=fhir+json;charset=ISO-8859-1"
                             << QByteArray("application/fhir+json;charset=ISO-8859-1");
}

void TestSandboxQuirks::contentType() {
    QFETCH(QString, spec);
    QFETCH(QByteArray, contentType);
    quirks(spec);
    const SandboxClient::Tokens tokens = login(QStringLiteral("cerner"));
    for (const QString &path : {QStringLiteral("/Condition?patient=cP1"),
                                QStringLiteral("/Patient/cP1"), QStringLiteral("/Nothing")}) {
        const Reply reply = m_client.get(base(QStringLiteral("cerner")) + path, tokens.access);
        QCOMPARE(reply.header("Content-Type"), contentType);
        QVERIFY(!reply.json().isEmpty());
    }
}

void TestSandboxQuirks::prettyAndNoMeta() {
    const SandboxClient::Tokens tokens = login(QStringLiteral("cerner"));
    const QUrl url = base(QStringLiteral("cerner")) + QStringLiteral("/Patient/cP1");
    const Reply compact = m_client.get(url, tokens.access);
    QVERIFY(!compact.body.contains('\n'));
    QVERIFY(compact.json().contains(QStringLiteral("meta")));
    quirks(QStringLiteral("cerner:pretty;cerner:no-meta"));
    const Reply pretty = m_client.get(url, tokens.access);
    QCOMPARE(pretty.status, 200);
    QVERIFY(pretty.body.contains("{\r\n  \"resourceType\": \"Patient\",\r\n"));
    QVERIFY(!pretty.body.contains("\"\n"));
    QJsonObject withoutMeta = compact.json();
    withoutMeta.remove(QStringLiteral("meta"));
    QCOMPARE(pretty.json(), withoutMeta);
    const Walk search = walk(
        base(QStringLiteral("cerner")) + QStringLiteral("/Observation?patient=cP1"), tokens.access);
    QVERIFY(!search.ids.isEmpty());
    for (const QJsonValue &entry : search.bundles[0][QStringLiteral("entry")].toArray())
        QVERIFY(!entry[QStringLiteral("resource")].toObject().contains(QStringLiteral("meta")));
}

void TestSandboxQuirks::tokens() {
    quirks(QStringLiteral("cerner:token-extra;cerner:patient-mismatch"));
    const SandboxClient::Tokens tokens = login(QStringLiteral("cerner"));
    QCOMPARE(tokens.patient, QStringLiteral("cM1"));
    const QUrl fhir = base(QStringLiteral("cerner"));
    // The token's patient reads as the Patient whose id is another.
    const Reply patient = m_client.get(fhir + QStringLiteral("/Patient/cM1"), tokens.access);
    QCOMPARE(patient.status, 200);
    QCOMPARE(patient.json()[QStringLiteral("id")].toString(), QStringLiteral("cP1"));
    QCOMPARE(m_client.get(fhir + QStringLiteral("/Patient/cP1"), tokens.access).status, 200);
    QVERIFY(!walk(fhir + QStringLiteral("/Condition?patient=cM1"), tokens.access).ids.isEmpty());
    QVERIFY(!walk(fhir + QStringLiteral("/Condition?patient=cP1"), tokens.access).ids.isEmpty());
    QCOMPARE(m_client.get(fhir + QStringLiteral("/Condition?patient=cM2"), tokens.access).status,
             403);
    const QJsonObject expectation = expected(QStringLiteral("cerner"), QStringLiteral("cP1"));
    QVERIFY(expectedIds(expectation, QStringLiteral("Patient")) ==
            QSet<QString>{QStringLiteral("cP1")});

    // The raw token response carries the vendors' extra fields.
    const QString verifier = SandboxClient::verifier();
    const QUrl authorize =
        m_host.info().baseUrl.toString() + QStringLiteral("/portals/cerner/auth/authorize");
    const Reply code = m_client.authorize(
        authorize,
        SandboxClient::authorizeParams(fhir, SandboxClient::challenge(verifier),
                                       QStringLiteral("launch/patient patient/*.read")),
        QStringLiteral("cP2"), QStringLiteral("approve"));
    const Reply token = m_client.exchange(
        m_host.info().baseUrl.toString() + QStringLiteral("/portals/cerner/auth/token"),
        SandboxClient::codeExchangeForm(code.redirectQuery().queryItemValue(QStringLiteral("code")),
                                        verifier));
    QCOMPARE(token.status, 200);
    const QJsonObject body = token.json();
    QCOMPARE(body[QStringLiteral("patient")].toString(), QStringLiteral("cM2"));
    for (const char *field : {"__epic.dstu2.patient", "need_patient_banner", "smart_style_url",
                              "tenant", "user", "username"})
        QVERIFY2(body.contains(QLatin1String(field)), field);
}

void TestSandboxQuirks::references() {
    quirks(QStringLiteral("cerner:refs=mixed"));
    const SandboxClient::Tokens tokens = login(QStringLiteral("cerner"));
    const QUrl fhir = base(QStringLiteral("cerner"));
    const Reply condition =
        m_client.get(fhir + QStringLiteral("/Condition/cP1-co0"), tokens.access);
    QCOMPARE(condition.status, 200);
    const QJsonObject resource = condition.json();
    QCOMPARE(resource[QStringLiteral("contained")][0][QStringLiteral("id")].toString(),
             QStringLiteral("quirk-med"));
    QMap<QString, int> answers;
    for (const QJsonValue &extension : resource[QStringLiteral("extension")].toArray()) {
        const QString reference =
            extension[QStringLiteral("valueReference")][QStringLiteral("reference")].toString();
        if (reference.startsWith(QLatin1Char('#')) || reference.startsWith(QLatin1String("https:")))
            continue;
        const QUrl url = reference.startsWith(QLatin1String("http"))
                             ? QUrl(reference)
                             : fhir + (QStringLiteral("/") + reference);
        answers.insert(reference.section(QLatin1Char('/'), -2, -2),
                       m_client.get(url, tokens.access).status);
    }
    QCOMPARE(answers.value(QStringLiteral("Medication")), 200); // absolute, same origin
    QCOMPARE(answers.value(QStringLiteral("Patient")), 404);    // another patient
    QCOMPARE(answers.value(QStringLiteral("Observation")), 404);
    QCOMPARE(answers.value(QStringLiteral("Practitioner")), 404);
    QCOMPARE(answers.value(QStringLiteral("Location")), 500);
    const Reply location = m_client.get(fhir + QStringLiteral("/Location/cLo900"), tokens.access);
    QVERIFY(location.body.contains("is not known"));
    const QJsonObject expectation = expected(QStringLiteral("cerner"), tokens.patient);
    QVERIFY(!expectedIds(expectation).contains(QStringLiteral("Patient/cP2")));
    QCOMPARE(expectation[QStringLiteral("notes")].toArray().size(), 5);
}

void TestSandboxQuirks::attachments() {
    quirks(QStringLiteral("cerner:attachments=mixed"));
    const SandboxClient::Tokens tokens = login(QStringLiteral("cerner"));
    const QUrl fhir = base(QStringLiteral("cerner"));
    const Walk documents =
        walk(fhir + QStringLiteral("/DocumentReference?patient=cP1"), tokens.access);
    QVERIFY(documents.ids.size() >= 5);
    // The first attachment of document i is of kind i % 5 (README.md).
    QMap<QString, Reply> byKind;
    for (const QJsonObject &bundle : documents.bundles) {
        for (const QJsonValue &entry : bundle[QStringLiteral("entry")].toArray()) {
            const QJsonArray content =
                entry[QStringLiteral("resource")][QStringLiteral("content")].toArray();
            QCOMPARE(content.size(), 2);
            const QString url =
                content[0][QStringLiteral("attachment")][QStringLiteral("url")].toString();
            const bool sameOrigin = url.startsWith(m_host.info().baseUrl.toString());
            const QString kind = url.contains(QLatin1String("/fhir/Binary/"))
                                     ? QStringLiteral("binary")
                                     : url.section(QLatin1Char('/'), -2, -2) + QLatin1Char('.') +
                                           url.section(QLatin1Char('.'), -1);
            byKind.insert(kind, m_client.get(QUrl(url), sameOrigin ? tokens.access : QString(),
                                             "application/fhir+json"));
        }
    }
    QCOMPARE(byKind.keys(), (QStringList{QStringLiteral("binary"), QStringLiteral("files.pdf"),
                                         QStringLiteral("files.xml"), QStringLiteral("private.pdf"),
                                         QStringLiteral("public.pdf")}));
    QCOMPARE(byKind.value(QStringLiteral("binary")).json()[QStringLiteral("resourceType")],
             QStringLiteral("Binary"));
    // Raw bytes at a non-FHIR path, whatever the client asked for.
    QCOMPARE(byKind.value(QStringLiteral("files.pdf")).status, 200);
    QCOMPARE(byKind.value(QStringLiteral("files.pdf")).header("Content-Type"),
             QByteArray("application/pdf"));
    QVERIFY(byKind.value(QStringLiteral("files.pdf")).body.startsWith("%PDF-1.4"));
    QCOMPARE(byKind.value(QStringLiteral("files.xml")).header("Content-Type"),
             QByteArray("application/xml"));
    QVERIFY(byKind.value(QStringLiteral("files.xml")).body.contains("<ClinicalDocument"));
    // Another origin: one needs no token, one answers 401.
    QCOMPARE(byKind.value(QStringLiteral("public.pdf")).status, 200);
    QVERIFY(byKind.value(QStringLiteral("public.pdf")).body.startsWith("%PDF"));
    QCOMPARE(byKind.value(QStringLiteral("private.pdf")).status, 401);
    const Walk reports =
        walk(fhir + QStringLiteral("/DiagnosticReport?patient=cP1"), tokens.access);
    const QJsonObject report =
        reports.bundles[0][QStringLiteral("entry")][0][QStringLiteral("resource")].toObject();
    const QString form =
        report[QStringLiteral("presentedForm")][0][QStringLiteral("url")].toString();
    QVERIFY(form.contains(QLatin1String("/portals/cerner/files/cP1-dr0.pdf")));
    const QSet<QString> binaries =
        expectedIds(expected(QStringLiteral("cerner"), tokens.patient), QStringLiteral("Binary"));
    QVERIFY(binaries.contains(QString::fromLatin1(sandbox::rawAttachmentBinaryId(form))));
    QCOMPARE(QString::fromLatin1(sandbox::rawAttachmentBinaryId(form)),
             QString::fromLatin1(
                 QCryptographicHash::hash(form.toUtf8(), QCryptographicHash::Sha256).toHex()));
}

void TestSandboxQuirks::expectedWithoutQuirks_data() {
    QTest::addColumn<QString>("portal");
    QTest::addColumn<QString>("patient");
    QTest::newRow("epic") << "epic"
                          << "eP0";
    QTest::newRow("cerner") << "cerner"
                            << "cP2";
    QTest::newRow("flaky") << "flaky"
                           << "fP1";
}

// Without quirks the expected set is what the admin API's counts always said.
void TestSandboxQuirks::expectedWithoutQuirks() {
    QFETCH(QString, portal);
    QFETCH(QString, patient);
    const QJsonObject counts =
        admin("GET", QStringLiteral("/portals/%1/patients/%2").arg(portal, patient))
            .json()[QStringLiteral("counts")]
            .toObject();
    const QJsonObject expectation = expected(portal, patient);
    QVariantMap perType;
    for (const QJsonValue &resource : expectation[QStringLiteral("resources")].toArray()) {
        const QString type = resource[QStringLiteral("resourceType")].toString();
        perType[type] = perType.value(type).toInt() + 1;
    }
    for (auto it = counts.begin(); it != counts.end(); ++it)
        QCOMPARE(perType.value(it.key()).toInt(), it.value().toInt());
    QCOMPARE(expectation[QStringLiteral("notAvailable")].toArray().size(), 0);
    QCOMPARE(expectation[QStringLiteral("notes")].toArray().size(), 0);
}

void TestSandboxQuirks::expectedMatchesWalk_data() {
    QTest::addColumn<QString>("portal");
    QTest::addColumn<QString>("spec");
    QTest::newRow("epic-like") << "epic-like" << QString();
    QTest::newRow("oracle-like") << "oracle-like" << QString();
    QTest::newRow("athena-like") << "athena-like" << QString();
    QTest::newRow("payer-like") << "payer-like" << QString();
    QTest::newRow("cerner refs, attachments, long ids")
        << "cerner"
        << "cerner:refs=mixed;cerner:attachments=mixed;cerner:long-ids";
    QTest::newRow("cerner refusals")
        << "cerner"
        << "cerner:unscoped=Device;cerner:status500=Goal;cerner:require-category=Observation;"
           "cerner:require-intent=MedicationRequest;cerner:next=self-loop";
    QTest::newRow("cerner outcomes, 401 pages, id-only, mismatch")
        << "cerner"
        << "cerner:outcome-entries;cerner:unsupported=CareTeam;cerner:unsupported-status=401;"
           "cerner:id-only=Goal;cerner:require-category=CarePlan;cerner:patient-mismatch;"
           "cerner:fullurl=urn;cerner:search-hang=Device";
}

void TestSandboxQuirks::expectedMatchesWalk() {
    QFETCH(QString, portal);
    QFETCH(QString, spec);
    if (!spec.isEmpty())
        quirks(spec);
    const SandboxClient::Tokens tokens = login(portal, 2);
    QVERIFY(!tokens.access.isEmpty());
    const QString patientId =
        QString(tokens.patient.at(0)) + QStringLiteral("P") + tokens.patient.mid(2);
    const QJsonObject expectation = expected(portal, patientId);
    const QSet<QString> want = expectedIds(expectation);
    const QSet<QString> got = fetchLikeAPull(portal, tokens);
    QVERIFY2(got == want, qPrintable(QStringLiteral("missing %1, extra %2")
                                         .arg(QStringList((want - got).values()).join(' '),
                                              QStringList((got - want).values()).join(' '))));
    QVERIFY(want.size() > 40);
}

void TestSandboxQuirks::executableQuirks() {
    QProcess bad;
    bad.start(QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE),
              {QStringLiteral("--quirks"), QStringLiteral("epic:next=sideways")});
    QVERIFY(bad.waitForFinished(30000));
    QCOMPARE(bad.exitCode(), 1);
    QVERIFY(bad.readAllStandardError().contains("bad quirk 'epic:next=sideways'"));

    QProcess server;
    server.start(QStringLiteral(MEDPULL_SANDBOX_EXECUTABLE),
                 {QStringLiteral("--patients"), QStringLiteral("2"), QStringLiteral("--quirks"),
                  QStringLiteral("epic:content-type=fhir+json;charset=utf-8;payer-like:clear")});
    while (!server.canReadLine())
        QVERIFY(server.waitForReadyRead(30000));
    const QJsonObject line = QJsonDocument::fromJson(server.readLine()).object();
    QCOMPARE(line[QStringLiteral("portals")].toArray().size(), 3);
    const QJsonArray vendorPortals = line[QStringLiteral("vendorPortals")].toArray();
    QCOMPARE(vendorPortals.size(), 4);
    QCOMPARE(vendorPortals[0][QStringLiteral("name")].toString(), QStringLiteral("epic-like"));
    const QUrl epic(line[QStringLiteral("portals")][0][QStringLiteral("fhirBase")].toString());
    QCOMPARE(m_client.get(epic + QStringLiteral("/metadata")).header("Content-Type"),
             QByteArray("application/fhir+json;charset=utf-8"));
    const QJsonObject quirks =
        QJsonDocument::fromJson(
            m_client.get(QUrl(line[QStringLiteral("admin")].toString() + QStringLiteral("/quirks")))
                .body)
            .object();
    QCOMPARE(quirks[QStringLiteral("payer-like")].toArray().size(), 0);
    QVERIFY(quirks[QStringLiteral("epic-like")].toArray().size() > 5);
    server.terminate();
    QVERIFY(server.waitForFinished(30000));
    QCOMPARE(server.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestSandboxQuirks)
#include "tst_sandboxquirks.moc"
