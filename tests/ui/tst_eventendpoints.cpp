// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The event endpoints tab on real widgets (offscreen) over a real SQLite
// file: the list, a disabled endpoint's reason, the delivery log, Redeliver
// and Enable.

#include "connectionrepository.h"
#include "database.h"
#include "errorcode.h"
#include "eventdeliverymodel.h"
#include "eventendpointrepository.h"
#include "eventendpointsmodel.h"
#include "eventendpointsview.h"
#include "eventoutbox.h"
#include "eventrepository.h"
#include "patientrepository.h"
#include "sourcerepository.h"
#include "testsupport.h"
#include "transaction.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTest>

using namespace medpull;
using namespace medpull::test;

class TestEventEndpoints : public QObject {
    Q_OBJECT

private slots:
    void showsTheLogAndRedelivers() {
        QTemporaryDir dir;
        std::shared_ptr<Database> db(Database::open(freshLocation(Backend::Sqlite, dir)));
        const Patient patient = PatientRepository(*db).add(QStringLiteral("Ada"), QString());
        Source source;
        source.name = QStringLiteral("epic");
        source.fhirBase = QUrl(QStringLiteral("http://127.0.0.1:9/fhir"));
        source.clientId = QStringLiteral("medpull");
        source = SourceRepository(*db).add(source);
        const Connection connection =
            ConnectionRepository(*db).add(patient.id, source.id, ConnectionState::Active);
        EventEndpoint endpoint;
        endpoint.name = QStringLiteral("backend");
        endpoint.url = QStringLiteral("http://127.0.0.1:9/events");
        endpoint.config = {{QStringLiteral("secret"), QStringLiteral("s")}};
        endpoint = EventEndpointRepository(*db).add(endpoint);
        OutboxEvent event;
        {
            Transaction transaction(*db);
            event = EventOutbox::record(*db, EventType::ConnectionConnected, connection.id);
            transaction.commit();
        }
        EventRepository events(*db);
        events.plan();
        const EventDelivery delivery = events.claimDue(QStringLiteral("test"), 60).value();
        events.markFailed(delivery.id, 500,
                          storedError(QStringLiteral("event_http_status"),
                                      {QStringLiteral("500"), QStringLiteral("down")}),
                          {});
        EventEndpointRepository(*db).disable(
            endpoint.id, storedError(QStringLiteral("event_endpoint_gave_up"),
                                     {QStringLiteral("9"), event.uuid,
                                      QStringLiteral("The endpoint answered HTTP 500: down")}));

        EventEndpointsView view(db);
        QAbstractItemModelTester listTester(view.endpointsModel(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester logTester(view.logModel(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.resize(1200, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_COMPARE(view.endpointsModel()->rowCount(), 1);
        QTRY_COMPARE(view.logModel()->rowCount(), 1);
        const QAbstractItemModel *list = view.endpointsModel();
        QCOMPARE(list->index(0, EventEndpointsModel::Name).data().toString(),
                 QStringLiteral("backend"));
        QCOMPARE(list->index(0, EventEndpointsModel::State).data().toString(),
                 QStringLiteral("disabled: gave up"));
        QLabel *reason = nullptr;
        for (QLabel *label : view.findChildren<QLabel *>()) {
            if (label->text().contains(QStringLiteral("9 failed attempts")))
                reason = label;
        }
        QVERIFY(reason && reason->isVisible());
        const QAbstractItemModel *log = view.logModel();
        QCOMPARE(log->index(0, EventDeliveryModel::Event).data().toString(), event.uuid);
        QCOMPARE(log->index(0, EventDeliveryModel::Type).data().toString(),
                 QStringLiteral("connection.connected"));
        // The dashboard's one status vocabulary.
        QCOMPARE(log->index(0, EventDeliveryModel::Status).data().toString(),
                 QStringLiteral("Failed"));
        QVERIFY(log->index(0, EventDeliveryModel::Error)
                    .data()
                    .toString()
                    .contains(QStringLiteral("HTTP 500: down")));

        // Redeliver the selected event: it is due again.
        view.logView()->selectRow(0);
        QPushButton *redeliver = nullptr;
        QPushButton *toggle = nullptr;
        for (QPushButton *button : view.findChildren<QPushButton *>()) {
            if (button->text() == QLatin1String("Redeliver"))
                redeliver = button;
            if (button->text() == QLatin1String("Enable"))
                toggle = button;
        }
        QVERIFY(redeliver && redeliver->isEnabled());
        QTest::mouseClick(redeliver, Qt::LeftButton);
        QTRY_COMPARE(EventRepository(*db).forEndpoint(endpoint.id).first().status,
                     DeliveryStatus::Pending);
        QTRY_COMPARE(log->index(0, EventDeliveryModel::Status).data().toString(),
                     QStringLiteral("Pending"));

        // Enable: the reason goes away.
        QVERIFY(toggle);
        QTest::mouseClick(toggle, Qt::LeftButton);
        QTRY_VERIFY(EventEndpointRepository(*db).get(endpoint.id)->enabled);
        QTRY_COMPARE(list->index(0, EventEndpointsModel::State).data().toString(),
                     QStringLiteral("enabled"));
        QTRY_VERIFY(!reason->isVisible());
    }
};

QTEST_MAIN(TestEventEndpoints)
#include "tst_eventendpoints.moc"
