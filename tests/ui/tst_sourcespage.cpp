// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Sources tab on real widgets (offscreen) against the real engine and the
// sandbox's registration portals: add, edit with a refused setting, disable,
// remove, Copy JWKS, and no secret shown anywhere.
#include "dashboardwindow.h"
#include "database.h"
#include "dataservice.h"
#include "engine.h"
#include "sandboxhost.h"
#include "sandboxserver.h"
#include "sourcerepository.h"
#include "sourcespage.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTranslator>

using namespace medpull;
using namespace medpull::test;

namespace {

const QString secret = QStringLiteral("ui-secret-value-42");

} // namespace

class TestSourcesPage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { prepareDashboardTests(); }

    void managesSourcesThroughTheEngine() {
        SandboxOptions sandboxOptions;
        sandboxOptions.patients = 1;
        sandboxOptions.resourcesPerPatient = 5;
        sandboxOptions.registrationPortals = registrationPortalNames();
        sandboxOptions.clientSecret = secret;
        SandboxHost sandbox(sandboxOptions);
        QVERIFY(sandbox.start());
        QTemporaryDir dir;
        EngineOptions options;
        options.databaseLocation = freshLocation(Backend::Sqlite, dir);
        options.keyFileOnly = true;
        Engine engine(options);
        QSignalSpy started(&engine, &Engine::started);
        engine.start();
        QVERIFY(started.wait(30000));
        QVERIFY(started.first().at(0).toBool());

        DataService data(engine.database());
        SourcesPage page(&data, &engine);
        page.resize(1280, 420);
        page.show();
        QAbstractItemModelTester tester(page.model());
        std::optional<SourceSettings> next;
        page.setDialogRunner([&](const Source *) { return std::exchange(next, std::nullopt); });

        const auto settingsFor = [&](const QString &portal, std::optional<ClientAuthMethod> method,
                                     const std::optional<QString> &clientSecret) {
            SourceSettings settings;
            settings.name = portal;
            settings.fhirBase = sandbox.info().fhirBase(portal);
            settings.clientId = QStringLiteral("medpull");
            settings.clientAuth = method;
            settings.clientSecret = clientSecret;
            return settings;
        };
        const int basicRow = 0;
        next = settingsFor(QStringLiteral("confidential-basic"), std::nullopt, secret);
        page.addSource();
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 1, 20000);
        const int jwtRow = 1;
        next = settingsFor(QStringLiteral("confidential-jwt"), ClientAuthMethod::PrivateKeyJwt,
                           std::nullopt);
        page.addSource();
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 2, 20000);
        QCOMPARE(page.model()->index(basicRow, SourcesModel::ClientAuth).data().toString(),
                 QStringLiteral("Client secret (Basic), stored"));
        for (int row = 0; row < page.model()->rowCount(); ++row) {
            for (int column = 0; column < SourcesModel::ColumnCount; ++column)
                QVERIFY(!page.model()->index(row, column).data().toString().contains(secret));
        }

        QVERIFY(saveScreenshot(&page, QStringLiteral("sources")));
        {
            QTranslator german;
            QVERIFY(german.load(QStringLiteral(":/i18n/medpull_de.qm")));
            QCoreApplication::installTranslator(&german);
            SourcesPage germanPage(&data, &engine);
            germanPage.resize(1280, 420);
            germanPage.show();
            QTRY_COMPARE(germanPage.model()->rowCount(), 2);
            QVERIFY(saveScreenshot(&germanPage, QStringLiteral("sources-de")));
            Source stored = *SourceRepository(*engine.database())
                                 .findByName(QStringLiteral("confidential-jwt"));
            SourceDialog dialog(&stored);
            dialog.show();
            QVERIFY(saveScreenshot(&dialog, QStringLiteral("source-dialog-de")));
            QCoreApplication::removeTranslator(&german);
        }

        // Copy JWKS: the public key only.
        page.view()->selectRow(jwtRow);
        QVERIFY(page.copyJwksButton()->isEnabled());
        page.copyJwksButton()->click();
        const QJsonObject jwks =
            QJsonDocument::fromJson(QApplication::clipboard()->text().toUtf8()).object();
        const QJsonArray keys = jwks.value(QStringLiteral("keys")).toArray();
        QCOMPARE(keys.size(), 1);
        QVERIFY(keys.first().toObject().contains(QStringLiteral("n")));
        QVERIFY(!keys.first().toObject().contains(QStringLiteral("d")));

        // A refused setting: one line naming the field, nothing changes.
        SourceSettings bad;
        bad.redirectUri = QUrl(QStringLiteral("http://example.org/callback"));
        next = bad;
        page.view()->selectRow(basicRow);
        page.editSource();
        QTRY_VERIFY_WITH_TIMEOUT(
            page.messageLabel()->text().contains(QLatin1String("redirect URI")), 20000);
        QVERIFY(SourceRepository(*engine.database())
                    .findByName(QStringLiteral("confidential-basic"))
                    ->redirectUri.isEmpty());

        // Disable, and enable again.
        page.view()->selectRow(basicRow);
        page.toggleButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(
            page.model()->index(basicRow, SourcesModel::Status).data().toString(),
            QStringLiteral("Disabled"), 10000);
        QCOMPARE(page.toggleButton()->text(), QStringLiteral("En&able"));
        page.toggleButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(
            page.model()->index(basicRow, SourcesModel::Status).data().toString(),
            QStringLiteral("Enabled"), 10000);

        // A source without accounts is removed.
        page.view()->selectRow(jwtRow);
        page.removeButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 1, 10000);
        QVERIFY(
            !SourceRepository(*engine.database()).findByName(QStringLiteral("confidential-jwt")));
    }

    // The edit dialog shows what is stored, never the secret.
    void dialogNeverShowsTheSecret() {
        Source source;
        source.id = 7;
        source.name = QStringLiteral("portal");
        source.fhirBase = QUrl(QStringLiteral("https://fhir.example.org/r4"));
        source.clientId = QStringLiteral("medpull");
        source.clientAuth = ClientAuthMethod::ClientSecretPost;
        source.sealedCredentials = R"({"keyId":"k","nonce":"bg==","ciphertext":"Yw=="})";
        SourceDialog dialog(&source);
        dialog.show();
        QVERIFY(saveScreenshot(&dialog, QStringLiteral("source-dialog")));
        QLineEdit *secretField = nullptr;
        for (QLineEdit *edit : dialog.findChildren<QLineEdit *>()) {
            if (edit->echoMode() == QLineEdit::Password)
                secretField = edit;
        }
        QVERIFY(secretField);
        QVERIFY(secretField->text().isEmpty());
        QVERIFY(secretField->placeholderText().contains(QLatin1String("Stored")));
        const SourceSettings settings = dialog.settings();
        QVERIFY(!settings.clientSecret);
        QCOMPARE(*settings.clientAuth, ClientAuthMethod::ClientSecretPost);
        QCOMPARE(*settings.clientId, QStringLiteral("medpull"));
    }
};

QTEST_MAIN(TestSourcesPage)
#include "tst_sourcespage.moc"
