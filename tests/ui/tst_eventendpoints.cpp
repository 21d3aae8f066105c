// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The event endpoints tab on real widgets (offscreen) over a real SQLite
// file, reading through a DataService and changing through a running
// engine: the list, a disabled endpoint's reason, the delivery log,
// Redeliver, Enable, and saving an endpoint with its secret sealed.

#include "connectionrepository.h"
#include "dashboardwindow.h"
#include "database.h"
#include "dataservice.h"
#include "engine.h"
#include "errorcode.h"
#include "eventdeliverymodel.h"
#include "eventendpointrepository.h"
#include "eventendpointsmodel.h"
#include "eventendpointsview.h"
#include "eventoutbox.h"
#include "eventrepository.h"
#include "patientrepository.h"
#include "testsupport.h"
#include "transaction.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>
#include <QTranslator>

using namespace medpull;
using namespace medpull::test;

namespace {

// An endpoint the dispatcher gave up on: one event whose delivery failed
// with HTTP 500, and the endpoint disabled for it.
struct GaveUpEndpoint {
    QTemporaryDir dir;
    QString location = freshLocation(Backend::Sqlite, dir);
    std::shared_ptr<Database> db{Database::open(location)};
    EventEndpoint endpoint;
    OutboxEvent event;

    GaveUpEndpoint() {
        const Patient patient = PatientRepository(*db).add(QStringLiteral("Ada"), QString());
        const Source source = addUnreachableSource(*db);
        const Connection connection =
            ConnectionRepository(*db).add(patient.id, source.id, ConnectionState::Active);
        endpoint.name = QStringLiteral("backend");
        endpoint.url = QStringLiteral("http://127.0.0.1:9/events");
        endpoint.config = {{QStringLiteral("secret"), QStringLiteral("s")}};
        endpoint = EventEndpointRepository(*db).add(endpoint);
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
    }
};

} // namespace

class TestEventEndpoints : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { prepareDashboardTests(); }

    void showsTheLogAndRedelivers() {
        GaveUpEndpoint f;
        const std::shared_ptr<Database> &db = f.db;
        const EventEndpoint &endpoint = f.endpoint;
        const OutboxEvent &event = f.event;
        const std::unique_ptr<Engine> engine = startCommandEngine(f.location);
        QVERIFY(engine);
        DataService data(engine->database());
        EventEndpointsView view(&data, engine.get());
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
        QVERIFY(saveScreenshot(&view, QStringLiteral("event-endpoints")));
        {
            QTranslator german;
            QVERIFY(german.load(QStringLiteral(":/i18n/medpull_de.qm")));
            QCoreApplication::installTranslator(&german);
            EventEndpointsView germanView(&data, engine.get());
            germanView.resize(1200, 500);
            germanView.show();
            QTRY_COMPARE(germanView.logModel()->rowCount(), 1);
            QVERIFY(saveScreenshot(&germanView, QStringLiteral("event-endpoints-de")));
            QCoreApplication::removeTranslator(&german);
        }
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
        QPushButton *redeliver = findButton(&view, QStringLiteral("Redeliver"));
        QPushButton *toggle = findButton(&view, QStringLiteral("Enable"));
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

    // Without an engine (the database opened read-only) the tab shows the
    // endpoints and their log, and offers no button that could do nothing.
    void readsWithoutAnEngine() {
        GaveUpEndpoint f;
        DataService data(f.db);
        EventEndpointsView view(&data, nullptr);
        view.resize(1200, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_COMPARE(view.endpointsModel()->rowCount(), 1);
        QTRY_COMPARE(view.logModel()->rowCount(), 1);
        view.logView()->selectRow(0);
        for (const QString &text :
             {QStringLiteral("Add…"), QStringLiteral("Edit…"), QStringLiteral("Enable"),
              QStringLiteral("Remove"), QStringLiteral("Redeliver")}) {
            QPushButton *shown = findButton(&view, text);
            QVERIFY2(shown && !shown->isEnabled(), qPrintable(text));
        }
    }
    void savesThroughTheEngine() {
        QTemporaryDir dir;
        const QString location = freshLocation(Backend::Sqlite, dir);
        const std::unique_ptr<Engine> engine = startCommandEngine(location);
        QVERIFY(engine);
        DataService data(engine->database());
        EventEndpointsView view(&data, engine.get());
        view.resize(1200, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QPushButton *add = findButton(&view, QStringLiteral("Add…"));
        QVERIFY(add && add->isEnabled());

        EventEndpoint endpoint;
        endpoint.name = QStringLiteral("backend");
        endpoint.url = QStringLiteral("http://127.0.0.1:9/events");
        endpoint.eventTypes = {QStringLiteral("*")};
        const QString secret = QStringLiteral("a-signing-secret-of-this-clinic");
        QSignalSpy saved(engine.get(), &Engine::eventEndpointSaved);
        engine->saveEventEndpoint(endpoint, secret);
        QVERIFY(saved.wait());
        const EventEndpoint stored = saved.first().first().value<EventEndpoint>();
        QVERIFY(stored.id > 0);
        QVERIFY(!QJsonDocument(stored.config).toJson().contains(secret.toUtf8()));
        QTRY_COMPARE(view.endpointsModel()->rowCount(), 1);

        // The raw row holds the secret sealed, never in clear.
        {
            QSqlQuery raw(engine->database()->connection());
            QVERIFY(raw.exec(QStringLiteral("SELECT config FROM event_endpoints")) && raw.next());
            const QString config = raw.value(0).toString();
            QVERIFY2(!config.contains(secret), qPrintable(config));
            QVERIFY(config.contains(QLatin1String("sealed")));
        }

        // A second endpoint of the same name is refused in one line, and
        // an edit without a secret keeps the stored one.
        QSignalSpy failed(engine.get(), &Engine::commandFailed);
        engine->saveEventEndpoint(endpoint, secret);
        QVERIFY(failed.wait());
        QCOMPARE(failed.first().at(0).toString(), QStringLiteral("save event endpoint"));
        QCOMPARE(failed.first().at(1).toString(),
                 QStringLiteral("Another event endpoint is called backend."));
        EventEndpoint edited = stored;
        edited.url = QStringLiteral("http://127.0.0.1:9/other");
        saved.clear();
        engine->saveEventEndpoint(edited, QString());
        QVERIFY(saved.wait());
        const EventEndpoint again = *EventEndpointRepository(*engine->database()).get(stored.id);
        QCOMPARE(again.url, edited.url);
        QVERIFY(again.config.contains(QLatin1String("sealed")));

        // Remove: the list empties.
        engine->removeEventEndpoint(stored.id);
        QTRY_COMPARE(view.endpointsModel()->rowCount(), 0);
    }
};

QTEST_MAIN(TestEventEndpoints)
#include "tst_eventendpoints.moc"
