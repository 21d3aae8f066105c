// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The dashboard's item models: each passes QAbstractItemModelTester while it
// loads and updates, and updates keep rows (and so selections) in place.
#include "accountmodel.h"
#include "autheventmodel.h"
#include "chartmodel.h"
#include "dashboardfixture.h"
#include "dataservice.h"
#include "deliverymodel.h"
#include "patientfiltermodel.h"
#include "patientlistmodel.h"
#include "pullhistorymodel.h"
#include "pullrepository.h"
#include "querymodel.h"
#include "resourcecountmodel.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace medpull;
using namespace medpull::test;

namespace {

using Tester = QAbstractItemModelTester;
constexpr auto reportToQtTest = QAbstractItemModelTester::FailureReportingMode::QtTest;

PatientSummary summary(qint64 id, const QString &name, RecordStatus status = RecordStatus::UpToDate,
                       int attention = 0) {
    PatientSummary s;
    s.patient.id = id;
    s.patient.displayName = name;
    s.patient.externalId = QStringLiteral("X-%1").arg(id);
    s.recordStatus = status;
    s.accountCount = 1;
    s.attentionCount = attention;
    return s;
}

template <typename Signal>
QList<QVariant> waitFor(DataService *sender, Signal signal, quint64 request) {
    QSignalSpy spy(sender, signal);
    for (int i = 0; i < 50; ++i) {
        for (const QList<QVariant> &args : std::as_const(spy)) {
            if (args.first().toULongLong() == request)
                return args;
        }
        spy.wait(100);
    }
    return {};
}

} // namespace

class TestModels : public QObject {
    Q_OBJECT

private slots:
    void patientListMergesInPlace();
    void filterBySearchAndAttention();
    void accountsFromLoader();
    void pullHistoryPagesAndUpdates();
    void queriesAuthEventsDeliveriesCounts();
    void chartModel();
};

void TestModels::patientListMergesInPlace() {
    PatientListModel model;
    Tester tester(&model, reportToQtTest);
    model.setSummaries({summary(1, QStringLiteral("Ada")), summary(2, QStringLiteral("Grace")),
                        summary(3, QStringLiteral("Alan"))});
    QCOMPARE(model.rowCount(), 3);
    const QPersistentModelIndex grace = model.index(1, 0);

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    // Grace changes, Alan goes, Katherine arrives: no reset, Grace's row stays.
    model.setSummaries({summary(1, QStringLiteral("Ada")),
                        summary(2, QStringLiteral("Grace"), RecordStatus::Attention, 1),
                        summary(4, QStringLiteral("Katherine"))});
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    QVERIFY(grace.isValid());
    QCOMPARE(grace.row(), 1);
    QCOMPARE(model.index(1, PatientListModel::Status).data().toString(),
             QStringLiteral("Needs attention"));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(2, 0).data().toString(), QStringLiteral("Katherine"));

    // Reordered input moves rows instead of resetting.
    model.setSummaries({summary(4, QStringLiteral("Katherine")), summary(1, QStringLiteral("Ada")),
                        summary(2, QStringLiteral("Grace"), RecordStatus::Attention, 1)});
    QCOMPARE(reset.count(), 0);
    QCOMPARE(grace.row(), 2);

    model.updateSummary(summary(5, QStringLiteral("Hedy")));
    QCOMPARE(model.rowCount(), 4);
    changed.clear();
    model.updateSummary(summary(5, QStringLiteral("Hedy")));
    QCOMPARE(changed.count(), 0);
    QVERIFY(model.index(0, PatientListModel::Status).data(Qt::DecorationRole).isValid());
    QCOMPARE(model.index(0, PatientListModel::LatestPull).data().toString(),
             QStringLiteral("Never"));
    model.setSummaries({});
    QCOMPARE(model.rowCount(), 0);
}

void TestModels::filterBySearchAndAttention() {
    PatientListModel model;
    PatientFilterModel filter;
    filter.setSourceModel(&model);
    Tester tester(&filter, reportToQtTest);
    QList<PatientSummary> rows;
    for (int i = 1; i <= 50; ++i)
        rows.append(summary(i, QStringLiteral("Patient %1").arg(i),
                            i % 10 == 0 ? RecordStatus::Attention : RecordStatus::UpToDate,
                            i % 10 == 0 ? 1 : 0));
    model.setSummaries(rows);
    filter.sort(PatientListModel::Name);
    QCOMPARE(filter.rowCount(), 50);
    filter.setSearchText(QStringLiteral("patient 1"));
    QCOMPARE(filter.rowCount(), 11); // 1, 10..19
    filter.setSearchText(QStringLiteral("x-42"));
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, 0).data().toString(), QStringLiteral("Patient 42"));
    filter.setSearchText({});
    filter.setAttentionOnly(true);
    QCOMPARE(filter.rowCount(), 5);
    model.updateSummary(summary(3, QStringLiteral("Patient 3"), RecordStatus::Attention, 2));
    QCOMPARE(filter.rowCount(), 6);
}

void TestModels::accountsFromLoader() {
    DashboardFixture fixture;
    DataService service(fixture.db);
    const QList<QVariant> args =
        waitFor(&service, &DataService::detailLoaded, service.requestDetail(fixture.ada));
    QVERIFY(!args.isEmpty());
    const auto detail = args.at(1).value<PatientDetail>();
    QCOMPARE(detail.summary.recordStatus, RecordStatus::Partial);

    AccountModel model;
    Tester tester(&model, reportToQtTest);
    model.setAccounts(detail.accounts);
    QCOMPARE(model.rowCount(), 2);
    const int epic = model.rowOfKey(fixture.adaEpic);
    QCOMPARE(model.index(epic, AccountModel::Source).data().toString(), QStringLiteral("epic"));
    QCOMPARE(model.index(epic, AccountModel::State).data().toString(), QStringLiteral("Active"));
    QCOMPARE(model.index(epic, AccountModel::Resources).data().toString(), QStringLiteral("15"));
    QCOMPARE(model.index(epic, AccountModel::State).data(AccountModel::ProgressValueRole).toInt(),
             -1);
    model.setProgress(fixture.adaEpic, {1, 3, 120, 2, 4, QStringLiteral("Condition")});
    QCOMPARE(model.index(epic, AccountModel::State).data(AccountModel::ProgressValueRole).toInt(),
             50);
    QCOMPARE(model.index(epic, AccountModel::State).data(AccountModel::ProgressTextRole).toString(),
             QStringLiteral("3 pages, 120 resources"));
    model.clearProgress(fixture.adaEpic);
    model.setAccounts(detail.accounts);
    QCOMPARE(model.rowCount(), 2);

    const auto grace =
        waitFor(&service, &DataService::detailLoaded, service.requestDetail(fixture.grace))
            .at(1)
            .value<PatientDetail>();
    model.setAccounts(grace.accounts);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, AccountModel::State).data().toString(),
             QStringLiteral("Refresh failed"));
    QVERIFY(model.index(0, AccountModel::Failure)
                .data()
                .toString()
                .contains(QStringLiteral("Ask the patient to reconnect.")));
}

void TestModels::pullHistoryPagesAndUpdates() {
    DashboardFixture fixture;
    {
        PullRepository pulls(*fixture.db);
        for (int i = 0; i < 250; ++i) {
            const Pull pull = pulls.enqueue(fixture.adaEpic, PullTrigger::Scheduled);
            pulls.claimNext(QStringLiteral("t"), 60);
            pulls.settle(pull.id, PullStatus::Succeeded);
        }
    }
    DataService service(fixture.db);
    PullHistoryModel model;
    Tester tester(&model, reportToQtTest);
    model.setDataService(&service);
    QSignalSpy loaded(&model, &PullHistoryModel::loaded);
    model.setPatient(fixture.ada);
    QVERIFY(loaded.wait());
    QCOMPARE(model.rowCount(), PullHistoryModel::pageSize);
    QCOMPARE(model.totalCount(), 252);
    // The tester may ask for the next page itself; one page is in flight at a time.
    while (model.rowCount() < model.totalCount()) {
        if (model.canFetchMore({}))
            model.fetchMore({});
        QVERIFY(model.isLoading());
        QVERIFY(!model.canFetchMore({}));
        QVERIFY(loaded.wait());
    }
    QCOMPARE(model.rowCount(), 252);
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(model.index(251, PullHistoryModel::Status).data().toString(),
             QStringLiteral("Succeeded"));

    // A new pull appears on top; a change to a shown one updates its row.
    Pull running;
    running.id = 100000;
    running.connectionId = fixture.adaEpic;
    running.status = PullStatus::Running;
    running.trigger = PullTrigger::Manual;
    running.startedAt = QDateTime::currentDateTimeUtc();
    model.updatePull(running);
    QCOMPARE(model.rowCount(), 253);
    QCOMPARE(model.index(0, PullHistoryModel::Status).data().toString(), QStringLiteral("Running"));
    running.status = PullStatus::Succeeded;
    running.finishedAt = running.startedAt.addMSecs(1500);
    model.updatePull(running);
    QCOMPARE(model.rowCount(), 253);
    QCOMPARE(model.index(0, PullHistoryModel::Duration).data().toString(), QStringLiteral("1.5 s"));
    model.setPatient(0);
    QCOMPARE(model.rowCount(), 0);
}

void TestModels::queriesAuthEventsDeliveriesCounts() {
    DashboardFixture fixture;
    DataService service(fixture.db);

    const auto queryArgs = waitFor(&service, &DataService::queriesLoaded,
                                   service.requestQueries(fixture.adaPartialPull));
    QVERIFY(!queryArgs.isEmpty());
    QueryModel queries;
    Tester queryTester(&queries, reportToQtTest);
    queries.setQueries(fixture.adaPartialPull, queryArgs.at(2).value<QList<PullQuery>>());
    QCOMPARE(queries.rowCount(), 2);
    QCOMPARE(queries.failedCount(), 1);
    queries.setQueries(fixture.adaPartialPull, queryArgs.at(2).value<QList<PullQuery>>());
    QCOMPARE(queries.rowCount(), 2);
    queries.setQueries(fixture.adaEpicPull, {});
    QCOMPARE(queries.rowCount(), 0);
    PullQuery lookup;
    lookup.resourceType = QStringLiteral("Practitioner");
    lookup.kind = QueryKind::Lookup;
    QCOMPARE(QueryModel::label(lookup), QStringLiteral("Practitioner (reference)"));
    lookup.kind = QueryKind::Everything;
    QCOMPARE(QueryModel::label(lookup), QStringLiteral("Whole record"));

    const auto detail =
        waitFor(&service, &DataService::detailLoaded, service.requestDetail(fixture.ada))
            .at(1)
            .value<PatientDetail>();
    AuthEventModel events;
    Tester eventTester(&events, reportToQtTest);
    events.setEvents(detail.authEvents);
    QCOMPARE(events.rowCount(), 3);
    events.setEvents(detail.authEvents.mid(1));
    QCOMPARE(events.rowCount(), 2);

    DeliveryModel deliveries;
    Tester deliveryTester(&deliveries, reportToQtTest);
    deliveries.setDeliveries(detail.deliveries);
    QCOMPARE(deliveries.rowCount(), 1);
    QCOMPARE(deliveries.index(0, DeliveryModel::Status).data().toString(),
             QStringLiteral("Failed"));
    QCOMPARE(deliveries.index(0, DeliveryModel::Destination).data().toString(),
             QStringLiteral("warehouse"));
    Delivery retried = detail.deliveries.first().delivery;
    retried.status = DeliveryStatus::Delivered;
    QVERIFY(deliveries.updateDelivery(retried));
    QCOMPARE(deliveries.index(0, DeliveryModel::Status).data().toString(),
             QStringLiteral("Delivered"));

    ResourceCountModel counts;
    Tester countTester(&counts, reportToQtTest);
    counts.setCounts(detail.countsByType);
    QCOMPARE(counts.total(), 20);
    QMap<QString, qint64> more = detail.countsByType;
    more.insert(QStringLiteral("AllergyIntolerance"), 2);
    more.remove(QStringLiteral("Condition"));
    counts.setCounts(more);
    QCOMPARE(counts.rowCount(), 2);
    QCOMPARE(counts.index(0, 0).data().toString(), QStringLiteral("AllergyIntolerance"));
}

void TestModels::chartModel() {
    ChartModel model;
    Tester tester(&model, reportToQtTest);
    QSignalSpy blocks(&model, &ChartModel::blocksChanged);
    model.setLines({{QStringLiteral("epic"), {{1000, 10}, {2000, 30}}},
                    {QStringLiteral("cerner"), {{1500, 5}}}});
    QCOMPARE(blocks.count(), 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.blocks().at(1).firstRow, 2);
    QCOMPARE(model.maximum(), QPointF(2000, 30));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setLines({{QStringLiteral("epic"), {{1000, 10}, {2000, 40}}},
                    {QStringLiteral("cerner"), {{1500, 5}}}});
    QCOMPARE(blocks.count(), 1);
    QCOMPARE(changed.count(), 1);
    model.setLines({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestModels)
#include "tst_models.moc"
