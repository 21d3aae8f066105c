// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The patient's page after signing in, fetched over loopback HTTP the way a
// browser does, with the engine against the sandbox portals: its words for
// each outcome, its links, where they lead, and what is left of a link once
// used or expired. Screenshots of the page in English and German.
#include "authorizepagedriver.h"
#include "connectionrepository.h"
#include "engine.h"
#include "launchlinkserver.h"
#include "sandboxhost.h"
#include "signinpage.h"
#include "sourcerepository.h"
#include "testsupport.h"

#include <QDir>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>
#include <QTranslator>
#include <QUrlQuery>

using namespace medpull;
using namespace medpull::test;

namespace {

struct Fetched {
    int status = 0;
    QString body;
    QUrl location;
};

// One GET that does not follow redirects.
Fetched fetch(const QUrl &url) {
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = network.get(request);
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(15000);
    Fetched fetched{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                    QString::fromUtf8(reply->readAll()),
                    QUrl::fromEncoded(reply->rawHeader("Location"))};
    delete reply;
    return fetched;
}

// The page's links as (text, target), in order.
QList<QPair<QString, QUrl>> linksOf(const QString &page) {
    static const QRegularExpression anchor(QStringLiteral("<a href=\"([^\"]*)\">([^<]*)</a>"));
    QList<QPair<QString, QUrl>> links;
    for (const QRegularExpressionMatch &match : anchor.globalMatch(page)) {
        QString href = match.captured(1);
        links.append({match.captured(2),
                      QUrl::fromEncoded(
                          href.replace(QLatin1String("&amp;"), QLatin1String("&")).toLatin1())});
    }
    return links;
}

QList<QUrl> linksNamed(const QString &page, const QString &text) {
    QList<QUrl> urls;
    for (const auto &[label, url] : linksOf(page)) {
        if (label == text)
            urls.append(url);
    }
    return urls;
}

// A patient, and the sandbox portals epic and cerner (enabled) and flaky
// (disabled) as sources of a running engine.
struct Harness {
    QTemporaryDir dir;
    SandboxHost sandbox;
    std::unique_ptr<Engine> engine;
    qint64 patientId = 0;
    QHash<QString, qint64> sources;

    Harness()
        : sandbox(calm()) {}

    static SandboxOptions calm() {
        SandboxOptions options;
        options.patients = 1;
        options.resourcesPerPatient = 10;
        options.flakyRandom = false;
        return options;
    }

    bool start() {
        QString error;
        if (!sandbox.start(&error)) {
            qWarning("sandbox: %s", qPrintable(error));
            return false;
        }
        EngineOptions options;
        options.databaseLocation = freshLocation(Backend::Sqlite, dir);
        options.keyFileOnly = true;
        options.pollIntervalMs = 200;
        options.requestTimeoutMs = 3000;
        engine = std::make_unique<Engine>(options);
        QSignalSpy started(engine.get(), &Engine::started);
        engine->start();
        if (!started.wait(30000) || !started.first().at(0).toBool())
            return false;
        QSignalSpy patientAdded(engine.get(), &Engine::patientAdded);
        engine->addPatient(QStringLiteral("Grace Hopper"), QStringLiteral("GH-1"));
        if (!patientAdded.wait(10000))
            return false;
        patientId = patientAdded.first().at(0).value<Patient>().id;
        for (const QString &name :
             {QStringLiteral("epic"), QStringLiteral("cerner"), QStringLiteral("flaky")}) {
            QSignalSpy sourceAdded(engine.get(), &Engine::sourceAdded);
            engine->addSource(name, sandbox.info().fhirBase(name), QStringLiteral("medpull"));
            if (!sourceAdded.wait(20000))
                return false;
            sources.insert(name, sourceAdded.first().at(0).value<Source>().id);
        }
        QSignalSpy changed(engine.get(), &Engine::sourceChanged);
        engine->disableSource(sources.value(QStringLiteral("flaky")));
        return changed.wait(10000);
    }

    const Database &db() const { return *engine->database(); }

    QList<Connection> accounts() const { return ConnectionRepository(db()).forPatient(patientId); }

    std::optional<Connection> accountAt(const QString &portal) const {
        return ConnectionRepository(db()).find(patientId, sources.value(portal));
    }

    QUrl authorizeEndpoint(const QString &portal) const {
        for (const SandboxPortalInfo &info : sandbox.info().portals) {
            if (info.name == portal)
                return info.authorizationEndpoint;
        }
        return {};
    }

    // The next sign-in URL the engine offers.
    static QUrl nextAuthorizeUrl(QSignalSpy &spy, qsizetype seen) {
        if (spy.size() <= seen && !spy.wait(20000))
            return {};
        return spy.at(seen).at(1).toUrl();
    }

    // Plays the patient at the portal; returns the page the browser got on
    // the redirect URI.
    static QString signIn(const QUrl &authorizeUrl, bool approve) {
        const QUrl redirectUri(
            QUrlQuery(authorizeUrl)
                .queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
        QNetworkAccessManager network;
        QString page;
        QObject::connect(&network, &QNetworkAccessManager::finished, [&](QNetworkReply *reply) {
            if (reply->url().adjusted(QUrl::RemoveQuery) == redirectUri)
                page = QString::fromUtf8(reply->readAll());
        });
        AuthorizePageDriver driver(&network);
        QSignalSpy finished(&driver, &AuthorizePageDriver::finished);
        AuthorizePageChoice choice;
        choice.approve = approve;
        driver.run(authorizeUrl, choice);
        if (!finished.wait(30000))
            return {};
        return page;
    }
};

bool hasParagraph(const QString &page, const QString &text) {
    return page.contains(QStringLiteral("<p>%1</p>").arg(text.toHtmlEscaped()));
}

} // namespace

class TestSignInPage : public QObject {
    Q_OBJECT

private slots:
    void wordsForEachOutcome_data();
    void wordsForEachOutcome();
    void successPageLinksToOtherSources();
    void deniedPageOffersTryAgain();
    void linksWorkOnceAndExpire();
    void screenshots();
};

void TestSignInPage::wordsForEachOutcome_data() {
    using Failure = AuthorizationResult::Failure;
    QTest::addColumn<AuthorizationResult>("result");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("message");
    QTest::newRow("connected")
        << AuthorizationResult{} << "Connected to A&B <Clinic>"
        << "Connected to A&B <Clinic>. Your records are being retrieved in the background; you "
           "can close this window.";
    QTest::newRow("access_denied")
        << AuthorizationResult{Failure::Denied, {}, "access_denied", "no", {}}
        << "Not connected to A&B <Clinic>"
        << "You did not allow access to your records at A&B <Clinic>, so nothing was connected.";
    QTest::newRow("other portal error")
        << AuthorizationResult{Failure::ErrorCallback, {}, "server_error", "<b>down</b>", {}}
        << "Not connected to A&B <Clinic>"
        << "A&B <Clinic> could not complete the sign-in (it said: <b>down</b>), so nothing was "
           "connected.";
    QTest::newRow("no code") << AuthorizationResult{Failure::ErrorCallback, {}, {}, {}, {}}
                             << "Not connected to A&B <Clinic>"
                             << "A&B <Clinic> ended the sign-in without giving access, so "
                                "nothing was connected.";
    QTest::newRow("state mismatch")
        << AuthorizationResult{Failure::StateMismatch, {}, {}, {}, {}}
        << "Not connected to A&B <Clinic>"
        << "This answer from A&B <Clinic> does not belong to the sign-in the staff started (it "
           "may come from an older sign-in window), so nothing was connected.";
    QTest::newRow("exchange failed")
        << AuthorizationResult{Failure::ExchangeFailed, {}, "invalid_grant", {}, {}}
        << "Not connected to A&B <Clinic>"
        << "You signed in, but A&B <Clinic> did not complete the connection, so nothing was "
           "connected.";
    QTest::newRow("timeout") << AuthorizationResult{Failure::Timeout, {}, {}, {}, {}}
                             << "Not connected to A&B <Clinic>"
                             << "This sign-in took too long and has expired, so nothing was "
                                "connected to A&B <Clinic>.";
    QTest::newRow("cancelled") << AuthorizationResult{Failure::Cancelled, {}, {}, {}, {}}
                               << "Not connected to A&B <Clinic>"
                               << "The sign-in was cancelled at the clinic. Nothing was "
                                  "connected to A&B <Clinic>.";
}

void TestSignInPage::wordsForEachOutcome() {
    QFETCH(AuthorizationResult, result);
    QFETCH(QString, title);
    QFETCH(QString, message);
    const QString portal = QStringLiteral("A&B <Clinic>");
    const bool canRetry = !result.ok() && result.failure != AuthorizationResult::Failure::Cancelled;
    const QString askStaff =
        QStringLiteral(" To try again, ask the staff to start the connection again.");

    // Without links (no launch link server), the page says who can retry.
    const SignInPage plain = SignInPage::forResult(portal, result);
    QCOMPARE(plain.title, title);
    QCOMPARE(plain.message, canRetry ? message + askStaff : message);
    const QString plainHtml = QString::fromUtf8(plain.html());
    QVERIFY2(plainHtml.contains(QStringLiteral("<title>%1</title>").arg(title.toHtmlEscaped())),
             qPrintable(plainHtml));
    QVERIFY(hasParagraph(plainHtml, plain.message));
    QVERIFY(!plainHtml.contains(QLatin1String("<Clinic>")));
    QVERIFY(!plainHtml.contains(QLatin1String("<b>")));
    QVERIFY(linksOf(plainHtml).isEmpty());

    SignInLinks links;
    if (canRetry)
        links.tryAgain = QUrl(QStringLiteral("http://127.0.0.1:1/launch/a?b&c"));
    links.otherSources.append(
        {QStringLiteral("Other & Co"), QUrl(QStringLiteral("http://127.0.0.1:1/launch/other"))});
    const SignInPage linked = SignInPage::forResult(portal, result, links);
    QCOMPARE(linked.message, message);
    const QString html = QString::fromUtf8(linked.html());
    QCOMPARE(linksNamed(html, QStringLiteral("Try again")),
             canRetry ? QList<QUrl>{links.tryAgain} : QList<QUrl>{});
    QCOMPARE(linksNamed(html, QStringLiteral("Connect another source")),
             QList<QUrl>{links.otherSources.first().connect});
    QVERIFY(html.contains(QLatin1String("<li>Other &amp; Co")));
    // Simple and self-contained: nothing loaded from anywhere else.
    QVERIFY(!html.contains(QLatin1String("src=")));
    QVERIFY(!html.contains(QLatin1String("<link")));
    QVERIFY(!html.contains(QLatin1String("<script")));
}

void TestSignInPage::successPageLinksToOtherSources() {
    Harness h;
    QVERIFY(h.start());
    QSignalSpy urls(h.engine.get(), &Engine::authorizeUrlReady);
    h.engine->connectSource(h.patientId, h.sources.value(QStringLiteral("epic")));
    const QString page = Harness::signIn(Harness::nextAuthorizeUrl(urls, 0), true);
    QVERIFY2(page.contains(QLatin1String("<title>Connected to epic</title>")), qPrintable(page));
    QVERIFY(hasParagraph(page, QStringLiteral("Connected to epic. Your records are being retrieved "
                                              "in the background; you can close this window.")));
    QVERIFY(linksNamed(page, QStringLiteral("Try again")).isEmpty());
    // The other enabled source, not the disabled one, nor the one just connected.
    const QList<QUrl> others = linksNamed(page, QStringLiteral("Connect another source"));
    QCOMPARE(others.size(), 1);
    QVERIFY(page.contains(QLatin1String("<li>cerner")));
    QVERIFY(!page.contains(QLatin1String("flaky")));
    QCOMPARE(others.first().host(), QStringLiteral("127.0.0.1"));
    QTRY_COMPARE_WITH_TIMEOUT(h.accountAt(QStringLiteral("epic"))->state, ConnectionState::Active,
                              10000);

    // The link starts a launch at cerner for the same patient.
    const qsizetype seen = urls.size();
    const Fetched followed = fetch(others.first());
    QCOMPARE(followed.status, 302);
    QCOMPARE(followed.location.adjusted(QUrl::RemoveQuery),
             h.authorizeEndpoint(QStringLiteral("cerner")));
    QCOMPARE(Harness::nextAuthorizeUrl(urls, seen), followed.location);
    const QString second = Harness::signIn(followed.location, true);
    QVERIFY2(second.contains(QLatin1String("<title>Connected to cerner</title>")),
             qPrintable(second));
    // Nothing left to connect: epic is connected and flaky is disabled.
    QVERIFY(linksNamed(second, QStringLiteral("Connect another source")).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(h.accountAt(QStringLiteral("cerner"))->state, ConnectionState::Active,
                              10000);
    QCOMPARE(h.accounts().size(), 2);
    for (const Connection &account : h.accounts()) {
        QCOMPARE(account.patientId, h.patientId);
        QCOMPARE(account.state, ConnectionState::Active);
    }

    // Used once, the link is gone; a made-up one was never there.
    const Fetched again = fetch(others.first());
    QCOMPARE(again.status, 410);
    QVERIFY2(again.body.contains(QLatin1String("This link was already used.")),
             qPrintable(again.body));
    QUrl madeUp = others.first();
    madeUp.setPath(QStringLiteral("/launch/not-a-token"));
    const Fetched unknown = fetch(madeUp);
    QCOMPARE(unknown.status, 404);
    QVERIFY(unknown.body.contains(QLatin1String("This link is not known here.")));
    QCOMPARE(urls.size(), seen + 1);
}

void TestSignInPage::deniedPageOffersTryAgain() {
    Harness h;
    QVERIFY(h.start());
    QSignalSpy urls(h.engine.get(), &Engine::authorizeUrlReady);
    h.engine->connectSource(h.patientId, h.sources.value(QStringLiteral("epic")));
    const QString page = Harness::signIn(Harness::nextAuthorizeUrl(urls, 0), false);
    QVERIFY2(page.contains(QLatin1String("<title>Not connected to epic</title>")),
             qPrintable(page));
    QVERIFY(hasParagraph(page, QStringLiteral("You did not allow access to your records at epic, "
                                              "so nothing was connected.")));
    const QList<QUrl> tryAgain = linksNamed(page, QStringLiteral("Try again"));
    QCOMPARE(tryAgain.size(), 1);
    QCOMPARE(linksNamed(page, QStringLiteral("Connect another source")).size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(h.accountAt(QStringLiteral("epic"))->state,
                              ConnectionState::AuthFailed, 10000);
    const qint64 accountId = h.accountAt(QStringLiteral("epic"))->id;

    // "Try again" starts a new launch at epic for the same account.
    const qsizetype seen = urls.size();
    const Fetched followed = fetch(tryAgain.first());
    QCOMPARE(followed.status, 302);
    QCOMPARE(followed.location.adjusted(QUrl::RemoveQuery),
             h.authorizeEndpoint(QStringLiteral("epic")));
    QVERIFY(Harness::nextAuthorizeUrl(urls, seen).isValid());
    QCOMPARE(urls.at(seen).at(0).toLongLong(), accountId);
    const QString second = Harness::signIn(followed.location, true);
    QVERIFY2(second.contains(QLatin1String("<title>Connected to epic</title>")),
             qPrintable(second));
    QTRY_COMPARE_WITH_TIMEOUT(h.accountAt(QStringLiteral("epic"))->state, ConnectionState::Active,
                              10000);
    QCOMPARE(h.accounts().size(), 1);
}

void TestSignInPage::linksWorkOnceAndExpire() {
    using namespace std::chrono_literals;
    LaunchLinkServer server(300ms);
    QVERIFY(server.listen());
    const QUrl portal(QStringLiteral("https://portal.example/authorize?client_id=medpull&state=s"));
    QList<QPair<qint64, qint64>> requested;
    connect(&server, &LaunchLinkServer::launchRequested, this,
            [&](quint64 request, qint64 patientId, qint64 sourceId) {
                requested.append({patientId, sourceId});
                server.answer(request, portal);
            });
    const QUrl first = server.issue(7, 3);
    const QUrl second = server.issue(7, 4);
    QVERIFY(first != second);
    QCOMPARE(first.host(), QStringLiteral("127.0.0.1"));
    // Unguessable: 256 random bits in each.
    QVERIFY(first.path().size() >= QStringLiteral("/launch/").size() + 43);

    const Fetched followed = fetch(first);
    QCOMPARE(followed.status, 302);
    QCOMPARE(followed.location, portal);
    QCOMPARE(requested, (QList<QPair<qint64, qint64>>{{7, 3}}));
    QCOMPARE(fetch(first).status, 410);

    QTest::qWait(400);
    const Fetched expired = fetch(second);
    QCOMPARE(expired.status, 410);
    QVERIFY(expired.body.contains(QLatin1String("This link has expired.")));
    QCOMPARE(requested.size(), 1);
    QCOMPARE(fetch(server.issue(7, 4).resolved(QUrl(QStringLiteral("/favicon.ico")))).status, 404);
}

void TestSignInPage::screenshots() {
    SignInLinks links;
    links.otherSources = {
        {QStringLiteral("Cerner Health"), QUrl(QStringLiteral("http://127.0.0.1:1/launch/b"))},
        {QStringLiteral("Athena Family Practice"),
         QUrl(QStringLiteral("http://127.0.0.1:1/launch/c"))}};
    SignInLinks failed = links;
    failed.tryAgain = QUrl(QStringLiteral("http://127.0.0.1:1/launch/a"));
    const QString portal = QStringLiteral("Epic MyChart");
    const AuthorizationResult denied{AuthorizationResult::Failure::Denied, {}, {}, {}, {}};

    QTranslator german;
    QVERIFY(german.load(QStringLiteral(":/i18n/medpull_de.qm")));
    for (const QString &language : {QStringLiteral("en"), QStringLiteral("de")}) {
        if (language == QLatin1String("de")) {
            QCoreApplication::installTranslator(&german);
            QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        }
        const QList<QPair<QString, SignInPage>> pages{
            {QStringLiteral("signin-connected"),
             SignInPage::forResult(portal, AuthorizationResult{}, links)},
            {QStringLiteral("signin-denied"), SignInPage::forResult(portal, denied, failed)}};
        for (const auto &[name, page] : pages) {
            if (language == QLatin1String("de"))
                QVERIFY2(!page.title.contains(QLatin1String("onnected")), qPrintable(page.title));
            QTextBrowser browser;
            browser.setHtml(QString::fromUtf8(page.html()));
            browser.resize(720, 480);
            browser.show();
            QVERIFY(QTest::qWaitForWindowExposed(&browser));
            const QString path =
                QDir(outputDir()).filePath(QStringLiteral("%1-%2.png").arg(name, language));
            QVERIFY(browser.grab().save(path));
        }
    }
    QCoreApplication::removeTranslator(&german);
    QLocale::setDefault(QLocale::c());
}

QTEST_MAIN(TestSignInPage)
#include "tst_signinpage.moc"
