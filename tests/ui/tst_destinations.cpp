// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "connectionrepository.h"
#include "database.h"
#include "deliveryrepository.h"
#include "destinationrepository.h"
#include "destinationsdeliverymodel.h"
#include "destinationsdialog.h"
#include "destinationservice.h"
#include "destinationsmodel.h"
#include "destinationspage.h"
#include "destinationsview.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "resourcerepository.h"
#include "sourcerepository.h"
#include "testsupport.h"
#include "transaction.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace medpull;
using namespace medpull::test;

namespace {

QPushButton *button(QWidget *parent, const QString &text) {
    for (QPushButton *candidate : parent->findChildren<QPushButton *>()) {
        if (candidate->text() == text)
            return candidate;
    }
    return nullptr;
}

// Destinations in every state a support person meets.
struct Fixture {
    QTemporaryDir dir;
    std::shared_ptr<Database> db{freshDatabase(Backend::Sqlite, dir)};
    ExportDestination archive;
    ExportDestination warehouse;
    ExportDestination hook;
    qint64 failedDelivery = 0;

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
        for (qint64 pull : pulls) {
            deliveries.ensure(pull, archive.id, 1);
            deliveries.markDelivered(deliveries.claimDue(QStringLiteral("t"), 60)->id);
        }
        deliveries.ensure(pulls[0], warehouse.id, 1);
        deliveries.markDelivered(deliveries.claimDue(QStringLiteral("t"), 60)->id);
        failedDelivery = deliveries.ensure(pulls[1], warehouse.id, 1).id;
        deliveries.claimDue(QStringLiteral("t"), 60);
        deliveries.markFailed(failedDelivery, 503,
                              QStringLiteral("HTTP 503 Service Unavailable: destination switched "
                                             "to fail"),
                              {});
        const qint64 retrying = deliveries.ensure(pulls[2], warehouse.id, 1).id;
        deliveries.claimDue(QStringLiteral("t"), 60);
        deliveries.markFailed(retrying, 0, QStringLiteral("Connection refused"),
                              QDateTime::currentDateTimeUtc().addSecs(300));
    }
};

} // namespace

class TestDestinations : public QObject {
    Q_OBJECT

private slots:
    void destinationPage() {
        Fixture f;
        DestinationsView view(f.db);
        QAbstractItemModelTester listTester(view.destinationsModel(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester deliveryTester(
            view.deliveryModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.resize(1280, 560);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        DestinationsModel *list = view.destinationsModel();
        QTRY_COMPARE(list->rowCount(), 3);
        const int warehouseRow = list->rowOfId(f.warehouse.id);
        QCOMPARE(list->index(warehouseRow, DestinationsModel::Failures).data().toString(),
                 QStringLiteral("1 failed, 1 retrying"));
        QCOMPARE(
            list->index(list->rowOfId(f.hook.id), DestinationsModel::Enabled).data().toString(),
            QStringLiteral("Disabled"));
        QVERIFY(!list->index(warehouseRow, DestinationsModel::Target)
                     .data()
                     .toString()
                     .contains(QLatin1String("secret")));

        view.listView()->selectRow(warehouseRow);
        DestinationsDeliveryModel *deliveries = view.deliveryModel();
        QTRY_COMPARE(deliveries->rowCount(), 3);
        QTRY_COMPARE(view.page()->summary()->destination.id, f.warehouse.id);
        const int failedRow = deliveries->rowOfId(f.failedDelivery);
        QCOMPARE(deliveries->index(failedRow, DestinationsDeliveryModel::Status).data().toString(),
                 QStringLiteral("Failed"));
        QCOMPARE(deliveries->index(failedRow, DestinationsDeliveryModel::Patient).data().toString(),
                 QStringLiteral("Alan Turing (epic)"));
        QVERIFY(deliveries->index(failedRow, DestinationsDeliveryModel::LastError)
                    .data()
                    .toString()
                    .contains(QLatin1String("503")));
        QCOMPARE(deliveries->index(0, DestinationsDeliveryModel::Status).data().toString(),
                 QStringLiteral("Retrying"));
        view.page()->deliveriesView()->selectRow(failedRow);
        QTest::qWait(100);
        QVERIFY(view.grab().save(QDir(outputDir()).filePath(QStringLiteral("destinations.png"))));

        // Refreshes update rows in place: selection and indexes survive.
        QSignalSpy resets(deliveries, &QAbstractItemModel::modelReset);
        const QPersistentModelIndex kept = deliveries->index(failedRow, 0);
        QPushButton *retry = button(view.page(), QStringLiteral("Retry"));
        QVERIFY(retry && retry->isEnabled());
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_COMPARE(DeliveryRepository(*f.db).get(f.failedDelivery)->status,
                     DeliveryStatus::Pending);
        QTRY_COMPARE(kept.data(DestinationsDeliveryModel::StatusRole).toString(),
                     QStringLiteral("pending"));
        QVERIFY(kept.isValid());
        QCOMPARE(resets.count(), 0);
        QCOMPARE(view.page()->deliveriesView()->selectionModel()->selectedRows().value(0).row(),
                 kept.row());

        // Retry all failed: fail it again for a person, then retry them all.
        DeliveryRepository(*f.db).markFailed(f.failedDelivery, 503, QStringLiteral("again"), {});
        view.refresh();
        QPushButton *retryAll = button(view.page(), QStringLiteral("Retry all failed"));
        QTRY_VERIFY(retryAll->isEnabled());
        QTest::mouseClick(retryAll, Qt::LeftButton);
        QTRY_COMPARE(DeliveryRepository(*f.db).get(f.failedDelivery)->status,
                     DeliveryStatus::Pending);
        QTRY_VERIFY(!retryAll->isEnabled());

        // Disable from the page.
        QPushButton *toggle = button(view.page(), QStringLiteral("Disable"));
        QVERIFY(toggle);
        QTest::mouseClick(toggle, Qt::LeftButton);
        QTRY_VERIFY(!DestinationRepository(*f.db).get(f.warehouse.id)->enabled);
        QTRY_COMPARE(toggle->text(), QStringLiteral("Enable"));
    }

    void dialogTestsBeforeSaving() {
        Fixture f;
        QThread thread;
        auto *service = new DestinationService(f.db);
        service->moveToThread(&thread);
        connect(&thread, &QThread::finished, service, &QObject::deleteLater);
        thread.start();

        ExportDestination missing;
        missing.name = QStringLiteral("exports");
        missing.config = {{QStringLiteral("path"), f.dir.filePath(QStringLiteral("nope"))}};
        {
            DestinationDialog dialog(service, missing);
            dialog.show();
            dialog.save();
            QTRY_VERIFY(dialog.resultText().contains(QLatin1String("does not exist")));
            QVERIFY(dialog.isVisible());
            QVERIFY(!DestinationRepository(*f.db).findByName(QStringLiteral("exports")));
            QVERIFY(dialog.grab().save(
                QDir(outputDir()).filePath(QStringLiteral("destination-dialog.png"))));
        }
        ExportDestination good = missing;
        good.config = {{QStringLiteral("path"), f.dir.path()}};
        DestinationDialog dialog(service, good);
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        dialog.show();
        dialog.save();
        QTRY_COMPARE(accepted.count(), 1);
        QVERIFY(DestinationRepository(*f.db).findByName(QStringLiteral("exports")));

        thread.quit();
        thread.wait();
    }
};

QTEST_MAIN(TestDestinations)
#include "tst_destinations.moc"
