// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// An account connected over real HTTP at the sandbox's online_access-only
// portal has no refresh token: the account itself says that it stays
// connected only while the patient's portal session lasts, in the patient
// page's accounts table and in `medpull-cli status` (text and JSON).
#include "accountmodel.h"
#include "authorizepagedriver.h"
#include "childprocess.h"
#include "connectionrepository.h"
#include "dashboardwindow.h"
#include "engine.h"
#include "mainwindow.h"
#include "patientpage.h"
#include "sandboxhost.h"
#include "sandboxserver.h"
#include "sourcesettings.h"
#include "tableview.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

using namespace medpull;
using namespace medpull::test;

namespace {

const QString sessionNote = QStringLiteral("only while the patient's portal session lasts");

} // namespace

class TestDashboardSessionOnly : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void theAccountSaysItEndsWithThePortalSession();

private:
    Connection connectPatient(qint64 patientId, qint64 sourceId);

    QTemporaryDir m_dir;
    std::unique_ptr<SandboxHost> m_sandbox;
    std::unique_ptr<Engine> m_engine;
    QString m_location;
};

void TestDashboardSessionOnly::initTestCase() {
    prepareDashboardTests();
    SandboxOptions options;
    options.patients = 2;
    options.resourcesPerPatient = 5;
    options.flakyRandom = false;
    options.registrationPortals = registrationPortalNames();
    m_sandbox = std::make_unique<SandboxHost>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    m_location = freshLocation(Backend::Sqlite, m_dir);
    EngineOptions engineOptions;
    engineOptions.databaseLocation = m_location;
    engineOptions.keyFileOnly = true;
    engineOptions.pollIntervalMs = 200;
    m_engine = std::make_unique<Engine>(engineOptions);
    QSignalSpy started(m_engine.get(), &Engine::started);
    m_engine->start();
    QVERIFY(started.wait(30000));
    QVERIFY(started.first().at(0).toBool());
}

Connection TestDashboardSessionOnly::connectPatient(qint64 patientId, qint64 sourceId) {
    QNetworkAccessManager network;
    AuthorizePageDriver driver(&network);
    QSignalSpy urls(m_engine.get(), &Engine::authorizeUrlReady);
    m_engine->connectSource(patientId, sourceId);
    if (!urls.wait(10000))
        return {};
    driver.run(urls.first().at(1).toUrl());
    const qint64 id = urls.first().at(0).toLongLong();
    QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired()) {
        const auto connection = ConnectionRepository(*m_engine->database()).get(id);
        if (connection && connection->state != ConnectionState::Pending)
            return *connection;
        QTest::qWait(20);
    }
    return {};
}

void TestDashboardSessionOnly::theAccountSaysItEndsWithThePortalSession() {
    SourceSettings settings;
    settings.name = QStringLiteral("online-only");
    settings.fhirBase = m_sandbox->info().fhirBase(QStringLiteral("online-only"));
    settings.clientId = QStringLiteral("medpull");
    QSignalSpy sourceAdded(m_engine.get(), &Engine::sourceAdded);
    m_engine->addSourceWithSettings(settings);
    QVERIFY(sourceAdded.wait(30000));
    const Source source = sourceAdded.first().at(0).value<Source>();

    QSignalSpy patientAdded(m_engine.get(), &Engine::patientAdded);
    m_engine->addPatient(QStringLiteral("Ada Lovelace"));
    QVERIFY(patientAdded.wait(10000));
    const qint64 patientId = patientAdded.first().at(0).value<Patient>().id;

    const Connection connection = connectPatient(patientId, source.id);
    QCOMPARE(connection.state, ConnectionState::Active);
    QVERIFY(connection.sessionOnly);

    MainWindow window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy loaded(&window, &MainWindow::patientsLoaded);
    window.openDatabase(m_engine->database(), m_location);
    QVERIFY(loaded.wait());
    PatientPage *page = window.patientPage();
    QSignalSpy shown(page, &PatientPage::detailShown);
    QVERIFY(window.selectPatient(patientId));
    QVERIFY(shown.wait());
    page->tabs()->setCurrentIndex(PatientPage::AccountsTab);
    const AccountModel *accounts = page->accountModel();
    const int row = accounts->rowOfKey(connection.id);
    QVERIFY(row >= 0);
    QCOMPARE(accounts->index(row, AccountModel::State).data().toString(),
             QStringLiteral("Active (session only)"));
    QVERIFY(accounts->index(row, AccountModel::State)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(sessionNote));
    const QString nextStep = accounts->index(row, AccountModel::Failure).data().toString();
    QVERIFY2(nextStep.contains(sessionNote), qPrintable(nextStep));
    QVERIFY(saveScreenshot(&window, QStringLiteral("account-session-only")));

    const QString id = QString::number(patientId);
    const Run text = runProcess(QStringLiteral(MEDPULL_CLI_EXECUTABLE),
                                {QStringLiteral("--db"), m_location, QStringLiteral("status"),
                                 QStringLiteral("--patient"), id},
                                cliEnvironment(), 60000);
    QCOMPARE(text.exitCode, 0);
    const QString out = QString::fromUtf8(text.out);
    const qsizetype account = out.indexOf(QStringLiteral("account %1").arg(connection.id));
    QVERIFY2(account >= 0, qPrintable(out));
    QVERIFY2(out.indexOf(sessionNote, account) > account, qPrintable(out));

    const Run json = runProcess(QStringLiteral(MEDPULL_CLI_EXECUTABLE),
                                {QStringLiteral("--db"), m_location, QStringLiteral("status"),
                                 QStringLiteral("--patient"), id, QStringLiteral("--json")},
                                cliEnvironment(), 60000);
    QCOMPARE(json.exitCode, 0);
    const QJsonArray accountsJson =
        QJsonDocument::fromJson(json.out).object().value(QStringLiteral("connections")).toArray();
    QVERIFY2(accountsJson.size() == 1, json.out.constData());
    const QJsonObject accountJson = accountsJson.first().toObject();
    QCOMPARE(accountJson.value(QStringLiteral("sessionOnly")).toBool(), true);
    QVERIFY(accountJson.value(QStringLiteral("note")).toString().contains(sessionNote));
}

QTEST_MAIN(TestDashboardSessionOnly)
#include "tst_dashboardsessiononly.moc"
