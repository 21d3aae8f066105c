// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "connectionrepository.h"
#include "dashboardwindow.h"
#include "database.h"
#include "dataservice.h"
#include "deliveryrepository.h"
#include "deliverystore.h"
#include "destinationrepository.h"
#include "destinationsdeliverymodel.h"
#include "destinationsdialog.h"
#include "destinationsmodel.h"
#include "destinationspage.h"
#include "destinationsview.h"
#include "engine.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "resourcerepository.h"
#include "sourcerepository.h"
#include "testsupport.h"
#include "transaction.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTranslator>

#include <type_traits>

using namespace medpull;
using namespace medpull::test;

namespace {

// The tab reads through the dashboard's DataService and commands the Engine:
// it has no Database of its own to write to.
static_assert(!std::is_constructible_v<DestinationsView, std::shared_ptr<const Database>>);
static_assert(
    !std::is_constructible_v<DestinationsView, std::shared_ptr<const Database>, QWidget *>);

// Destinations in every state a support person meets.
struct Fixture {
    QTemporaryDir dir;
    QString location{freshLocation(Backend::Sqlite, dir)};
    std::shared_ptr<Database> db{Database::open(location)};
    ExportDestination archive;
    ExportDestination warehouse;
    ExportDestination hook;
    qint64 failedDelivery = 0;
    qint64 retryingDelivery = 0;

    Fixture() {
        const Patient ada = PatientRepository(*db).add(QStringLiteral("Ada Lovelace"));
        const Patient alan = PatientRepository(*db).add(QStringLiteral("Alan Turing"));
        Source source;
        source.name = QStringLiteral("epic");
        source.fhirBase = QUrl(QStringLiteral("http://127.0.0.1:9/fhir"));
        source.clientId = QStringLiteral("medpull");
        source = SourceRepository(*db).add(source);
        QList<qint64> pulls;
        for (const Patient &patient : {ada, alan, ada}) {
            const Connection connection =
                ConnectionRepository(*db).add(patient.id, source.id, ConnectionState::Active);
            const Pull pull = PullRepository(*db).enqueue(connection.id, PullTrigger::Manual);
            Transaction transaction(*db);
            ResourceRepository(*db).store(connection.id, pull.id,
                                          {{QStringLiteral("Patient"), QStringLiteral("p"),
                                            R"({"resourceType":"Patient","id":"p"})"}});
            transaction.commit();
            PullRepository(*db).settle(pull.id, PullStatus::Succeeded);
            pulls.append(pull.id);
        }
        auto add = [this](const QString &name, DestinationKind kind, const QJsonObject &config,
                          bool enabled) {
            ExportDestination d;
            d.name = name;
            d.kind = kind;
            d.config = config;
            d.enabled = enabled;
            return DestinationRepository(*db).add(d);
        };
        archive = add(QStringLiteral("archive"), DestinationKind::NdjsonFolder,
                      {{QStringLiteral("path"), QStringLiteral("/srv/medpull/archive")}}, true);
        warehouse = add(QStringLiteral("warehouse"), DestinationKind::FhirServer,
                        {{QStringLiteral("baseUrl"), QStringLiteral("https://fhir.example.org/r4")},
                         {QStringLiteral("auth"), QStringLiteral("bearer")},
                         {QStringLiteral("token"), QStringLiteral("secret-token")}},
                        true);
        hook = add(QStringLiteral("alerts"), DestinationKind::Webhook,
                   {{QStringLiteral("url"), QStringLiteral("https://hooks.example.org/medpull")},
                    {QStringLiteral("secret"), QStringLiteral("s")}},
                   false);
        DeliveryRepository deliveries(*db);
        DeliveryStore store(*db);
        const auto claim = [&] {
            return store.claimDue(QStringLiteral("t"), 60, 1)->id;
        };
        for (qint64 pull : pulls) {
            deliveries.ensure(pull, archive.id, 1);
            deliveries.markDelivered(claim());
        }
        deliveries.ensure(pulls[0], warehouse.id, 1);
        deliveries.markDelivered(claim());
        failedDelivery = deliveries.ensure(pulls[1], warehouse.id, 1).id;
        claim();
        deliveries.markFailed(failedDelivery, 503,
                              QStringLiteral("HTTP 503 Service Unavailable: destination switched "
                                             "to fail"),
                              {});
        retryingDelivery = deliveries.ensure(pulls[2], warehouse.id, 1).id;
        claim();
        deliveries.markFailed(retryingDelivery, 0, QStringLiteral("Connection refused"),
                              QDateTime::currentDateTimeUtc().addSecs(300));
    }
};

// The engine as the dashboard starts it, answering commands only: no pulls
// and no exporter, so what the tab shows stays put while a test looks.
// The Destinations tab over the fixture as the dashboard builds it: its
// reads through a DataService, its commands to a running engine.
struct ShownTab {
    Fixture f;
    std::unique_ptr<Engine> engine{startCommandEngine(f.location)};
    DataService data{engine ? engine->database() : f.db};
    DestinationsView view{&data, engine.get()};

    ShownTab() {
        view.resize(1280, 560);
        view.show();
    }
};

} // namespace

class TestDestinations : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { prepareDashboardTests(); }

    void retriesGoThroughTheEngine() {
        ShownTab tab;
        QVERIFY(tab.engine);
        const Fixture &f = tab.f;
        const std::unique_ptr<Engine> &engine = tab.engine;
        DestinationsView &view = tab.view;
        QAbstractItemModelTester listTester(view.destinationsModel(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester deliveryTester(
            view.deliveryModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        DestinationsModel *list = view.destinationsModel();
        QTRY_COMPARE(list->rowCount(), 3);
        const int warehouseRow = list->rowOfKey(f.warehouse.id);
        QCOMPARE(list->index(warehouseRow, DestinationsModel::Failures).data().toString(),
                 QStringLiteral("1 failed, 1 retrying"));
        QCOMPARE(
            list->index(list->rowOfKey(f.hook.id), DestinationsModel::Enabled).data().toString(),
            QStringLiteral("Disabled"));
        QVERIFY(!list->index(warehouseRow, DestinationsModel::Target)
                     .data()
                     .toString()
                     .contains(QLatin1String("secret")));

        view.listView()->selectRow(warehouseRow);
        DestinationsDeliveryModel *deliveries = view.deliveryModel();
        QTRY_COMPARE(deliveries->rowCount(), 3);
        DestinationPage *page = view.page();
        QTRY_COMPARE(page->summary()->destination.id, f.warehouse.id);
        const int failedRow = deliveries->rowOfKey(f.failedDelivery);
        const int retryingRow = deliveries->rowOfKey(f.retryingDelivery);
        QCOMPARE(deliveries->index(failedRow, DestinationsDeliveryModel::Status).data().toString(),
                 QStringLiteral("Failed"));
        QCOMPARE(deliveries->index(failedRow, DestinationsDeliveryModel::Patient).data().toString(),
                 QStringLiteral("Alan Turing (epic)"));
        QVERIFY(deliveries->index(failedRow, DestinationsDeliveryModel::LastError)
                    .data()
                    .toString()
                    .contains(QLatin1String("503")));
        QCOMPARE(
            deliveries->index(retryingRow, DestinationsDeliveryModel::Status).data().toString(),
            QStringLiteral("Retrying"));

        // The banner's next step is a button on this page, not "go to the
        // destination's page".
        QVERIFY(page->banner()->isVisible());
        QVERIFY2(page->banner()->text().contains(QLatin1String("press Retry all failed")),
                 qPrintable(page->banner()->text()));
        QVERIFY(!page->banner()->text().contains(QLatin1String("destination's page")));

        // Retry enables for a delivery waiting for its automatic retry as
        // well as for a failed one; so does Retry all failed.
        QVERIFY(page->retryAllButton()->isEnabled());
        page->deliveriesView()->selectRow(retryingRow);
        QVERIFY(page->retryButton()->isEnabled());
        page->deliveriesView()->selectRow(failedRow);
        QVERIFY(page->retryButton()->isEnabled());
        QVERIFY(saveScreenshot(&view, QStringLiteral("destinations")));

        // Retry reaches the engine, which makes the delivery due now, and the
        // page says what happened. Rows update in place: the selection stays.
        QSignalSpy resets(deliveries, &QAbstractItemModel::modelReset);
        QSignalSpy retried(engine.get(), &Engine::deliveriesRetried);
        const QPersistentModelIndex kept = deliveries->index(failedRow, 0);
        QTest::mouseClick(page->retryButton(), Qt::LeftButton);
        QVERIFY(retried.wait(10000));
        QCOMPARE(retried.first().at(1).toInt(), 1);
        QTRY_COMPARE(page->messageLabel()->text(), QStringLiteral("Retrying 1 delivery now."));
        QCOMPARE(DeliveryRepository(*f.db).get(f.failedDelivery)->status, DeliveryStatus::Pending);
        QTRY_COMPARE(kept.data(DestinationsDeliveryModel::StatusRole).toString(),
                     QStringLiteral("pending"));
        QVERIFY(kept.isValid());
        QCOMPARE(resets.count(), 0);
        QCOMPARE(page->deliveriesView()->selectionModel()->selectedRows().value(0).row(),
                 kept.row());

        // Retry all failed: both that one (it failed before) and the one
        // waiting for its automatic retry.
        QTest::mouseClick(page->retryAllButton(), Qt::LeftButton);
        QVERIFY(retried.wait(10000));
        QCOMPARE(retried.last().at(1).toInt(), 2);
        QTRY_COMPARE(page->messageLabel()->text(), QStringLiteral("Retrying 2 deliveries now."));
        const QModelIndex retryingDue =
            deliveries->index(retryingRow, DestinationsDeliveryModel::NextAttempt);
        const QString automaticDue = retryingDue.data().toString();
        QTRY_VERIFY(retryingDue.data().toString() != automaticDue);
        QVERIFY(saveScreenshot(&view, QStringLiteral("destinations-retried")));

        // Disable from the page, through the engine.
        QSignalSpy changed(engine.get(), &Engine::destinationChanged);
        QTest::mouseClick(page->toggleButton(), Qt::LeftButton);
        QVERIFY(changed.wait(10000));
        QVERIFY(!DestinationRepository(*f.db).get(f.warehouse.id)->enabled);
        QTRY_COMPARE(page->toggleButton()->text(), QStringLiteral("Enable"));
    }

    void addsThroughTheDialog() {
        ShownTab tab;
        QVERIFY(tab.engine);
        const Fixture &f = tab.f;
        const std::unique_ptr<Engine> &engine = tab.engine;
        DestinationsView &view = tab.view;
        QTRY_COMPARE(view.destinationsModel()->rowCount(), 3);

        QTest::mouseClick(view.addButton(), Qt::LeftButton);
        QPointer<DestinationDialog> dialog = view.findChild<DestinationDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("name"));
        auto *folder = dialog->findChild<QLineEdit *>(QStringLiteral("folder"));
        QVERIFY(name && folder);
        QPushButton *save = findButton(dialog, QStringLiteral("Test and save"));
        QVERIFY(save);

        // A folder that does not exist fails the connection test.
        name->setText(QStringLiteral("exports"));
        folder->setText(f.dir.filePath(QStringLiteral("nope")));
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY(dialog->resultText().contains(QLatin1String("does not exist")));
        QVERIFY(dialog->isVisible());

        // A name another destination has: one plain sentence naming the
        // field, in the dialog, with everything entered still there.
        name->setText(QStringLiteral("archive"));
        folder->setText(f.dir.path());
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY2(dialog->resultText().contains(QLatin1String("Name:")),
                     qPrintable(dialog->resultText()));
        QVERIFY(dialog->resultText().contains(QStringLiteral("already called “archive”")));
        QVERIFY(!dialog->resultText().contains(QLatin1String("UNIQUE")));
        QVERIFY(dialog->isVisible());
        QCOMPARE(name->text(), QStringLiteral("archive"));
        QCOMPARE(folder->text(), f.dir.path());
        QVERIFY(save->isEnabled());
        QVERIFY(saveScreenshot(dialog, QStringLiteral("destination-dialog-invalid")));
        QCOMPARE(DestinationRepository(*f.db).list().size(), 3);

        name->setText(QStringLiteral("exports"));
        QSignalSpy added(engine.get(), &Engine::destinationAdded);
        QTest::mouseClick(save, Qt::LeftButton);
        QVERIFY(added.wait(10000));
        QTRY_VERIFY(!dialog);
        QVERIFY(DestinationRepository(*f.db).findByName(QStringLiteral("exports")));
        QTRY_COMPARE(view.destinationsModel()->rowCount(), 4);
    }

    void onlyShowsWithoutAnEngine() {
        Fixture f;
        DataService data(f.db);
        DestinationsView view(&data, nullptr);
        view.show();
        QTRY_COMPARE(view.destinationsModel()->rowCount(), 3);
        view.listView()->selectRow(view.destinationsModel()->rowOfKey(f.warehouse.id));
        QTRY_COMPARE(view.deliveryModel()->rowCount(), 3);
        view.page()->deliveriesView()->selectRow(view.deliveryModel()->rowOfKey(f.failedDelivery));
        QVERIFY(!view.addButton()->isEnabled());
        QVERIFY(!view.page()->retryButton()->isEnabled());
        QVERIFY(!view.page()->retryAllButton()->isEnabled());
        QVERIFY(!view.page()->toggleButton()->isEnabled());
        QVERIFY(!view.page()->editButton()->isEnabled());
    }

    void germanScreenshots() {
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(":/i18n/medpull_de.qm")));
        QCoreApplication::installTranslator(&german);
        ShownTab tab;
        QVERIFY(tab.engine);
        const Fixture &f = tab.f;
        const std::unique_ptr<Engine> &engine = tab.engine;
        DestinationsView &view = tab.view;
        QTRY_COMPARE(view.destinationsModel()->rowCount(), 3);
        view.listView()->selectRow(view.destinationsModel()->rowOfKey(f.warehouse.id));
        QTRY_COMPARE(view.deliveryModel()->rowCount(), 3);
        DestinationPage *page = view.page();
        page->deliveriesView()->selectRow(view.deliveryModel()->rowOfKey(f.failedDelivery));
        QSignalSpy retried(engine.get(), &Engine::deliveriesRetried);
        QTest::mouseClick(page->retryAllButton(), Qt::LeftButton);
        QVERIFY(retried.wait(10000));
        QTRY_COMPARE(page->messageLabel()->text(),
                     QStringLiteral("2 Zustellungen werden jetzt wiederholt."));
        QTRY_COMPARE(view.deliveryModel()
                         ->index(view.deliveryModel()->rowOfKey(f.failedDelivery),
                                 DestinationsDeliveryModel::Status)
                         .data()
                         .toString(),
                     QStringLiteral("Wird wiederholt"));
        QVERIFY(saveScreenshot(&view, QStringLiteral("destinations-de")));

        QTest::mouseClick(view.addButton(), Qt::LeftButton);
        QPointer<DestinationDialog> dialog = view.findChild<DestinationDialog *>();
        QVERIFY(dialog);
        dialog->findChild<QLineEdit *>(QStringLiteral("name"))->setText(QStringLiteral("archive"));
        dialog->findChild<QLineEdit *>(QStringLiteral("folder"))->setText(f.dir.path());
        dialog->save();
        QTRY_VERIFY(dialog->resultText().contains(QStringLiteral("„archive“")));
        QVERIFY(saveScreenshot(dialog, QStringLiteral("destination-dialog-de")));
        dialog->reject();
        QCoreApplication::removeTranslator(&german);
    }

private:
};

QTEST_MAIN(TestDestinations)
#include "tst_destinations.moc"
