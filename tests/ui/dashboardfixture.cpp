// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "dashboardfixture.h"

#include "autheventrepository.h"
#include "connectionrepository.h"
#include "deliveryrepository.h"
#include "deliverystore.h"
#include "destinationrepository.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "resourcerepository.h"
#include "sourcerepository.h"
#include "transaction.h"

namespace medpull::test {

namespace {

Source makeSource(const QString &name) {
    Source source;
    source.name = name;
    source.fhirBase = QUrl(QStringLiteral("http://127.0.0.1:8080/portals/%1/fhir").arg(name));
    source.clientId = QStringLiteral("medpull");
    source.resourceTypes = {QStringLiteral("Observation"), QStringLiteral("Condition"),
                            QStringLiteral("Procedure")};
    return source;
}

QByteArray resourceJson(const QString &type, const QString &id) {
    return QStringLiteral("{\"resourceType\":\"%1\",\"id\":\"%2\",\"status\":\"final\","
                          "\"subject\":{\"reference\":\"Patient/p1\"}}")
        .arg(type, id)
        .toUtf8();
}

// Runs one search query of a pull that stores `count` resources of `type`.
void storeQuery(const Database &db, const Pull &pull, const QString &type, int count) {
    PullRepository pulls(db);
    PullQuery query;
    query.pullId = pull.id;
    query.resourceType = type;
    query.url = QStringLiteral("%1?patient=p1").arg(type);
    query = pulls.addQuery(query);
    QList<IncomingResource> page;
    for (int i = 0; i < count; ++i) {
        const QString id =
            QStringLiteral("%1-%2-%3").arg(type.toLower()).arg(pull.connectionId).arg(i);
        page.append({type, id, resourceJson(type, id)});
    }
    Transaction transaction(db);
    const ResourceCounts counts = ResourceRepository(db).store(pull.connectionId, pull.id, page);
    pulls.checkpoint(query.id, {}, counts);
    pulls.setQueryStatus(query.id, QueryStatus::Succeeded);
    transaction.commit();
}

Pull claim(const Database &db, qint64 connectionId, PullTrigger trigger) {
    PullRepository pulls(db);
    const Pull queued = pulls.enqueue(connectionId, trigger);
    const auto claimed = pulls.claimNext(QStringLiteral("fixture"), 600);
    Q_ASSERT(claimed && claimed->id == queued.id);
    return *claimed;
}

void authEvent(const Database &db, qint64 connectionId, AuthEventType type, AuthOutcome outcome,
               const QString &code = {}, const QString &description = {}) {
    AuthEvent event;
    event.connectionId = connectionId;
    event.occurredAt = QDateTime::currentDateTimeUtc();
    event.type = type;
    event.outcome = outcome;
    event.errorCode = code;
    event.errorDescription = description;
    AuthEventRepository(db).add(event);
}

} // namespace

DashboardFixture::DashboardFixture()
    : db(Database::open(location())) {
    const Database &d = *db;
    PatientRepository patients(d);
    ConnectionRepository connections(d);
    PullRepository pulls(d);
    sourceEpic = SourceRepository(d).add(makeSource(QStringLiteral("epic"))).id;
    sourceCerner = SourceRepository(d).add(makeSource(QStringLiteral("cerner"))).id;

    ada = patients.add(QStringLiteral("Ada Lovelace"), QStringLiteral("A-1001")).id;
    grace = patients.add(QStringLiteral("Grace Hopper"), QStringLiteral("A-1002")).id;
    alan = patients.add(QStringLiteral("Alan Turing"), QStringLiteral("A-1003")).id;
    katherine = patients.add(QStringLiteral("Katherine Johnson"), QStringLiteral("A-1004")).id;

    adaEpic = connections.add(ada, sourceEpic, ConnectionState::Active).id;
    for (AuthEventType type : {AuthEventType::SessionStarted, AuthEventType::CallbackReceived,
                               AuthEventType::CodeExchanged})
        authEvent(d, adaEpic, type, AuthOutcome::Success);
    const Pull epicPull = claim(d, adaEpic, PullTrigger::Connect);
    storeQuery(d, epicPull, QStringLiteral("Observation"), 12);
    storeQuery(d, epicPull, QStringLiteral("Condition"), 3);
    pulls.settle(epicPull.id, PullStatus::Succeeded);
    adaEpicPull = epicPull.id;
    connections.recordSuccessfulPull(adaEpic, QDateTime::currentDateTimeUtc(), true);
    connections.setNextPullAt(adaEpic, QDateTime::currentDateTimeUtc().addSecs(86400));

    adaCerner = connections.add(ada, sourceCerner, ConnectionState::Active).id;
    const Pull partial = claim(d, adaCerner, PullTrigger::Connect);
    storeQuery(d, partial, QStringLiteral("Observation"), 5);
    PullQuery procedure;
    procedure.pullId = partial.id;
    procedure.resourceType = QStringLiteral("Procedure");
    procedure.url = QStringLiteral("Procedure?patient=p1");
    procedure = pulls.addQuery(procedure);
    pulls.recordQueryError(procedure.id, 500,
                           QStringLiteral("HTTP 500: Procedure search is temporarily "
                                          "unavailable (OperationOutcome: exception)"),
                           QDateTime());
    pulls.settle(partial.id, PullStatus::Partial, FailureKind::RetrievalError,
                 QStringLiteral("1 of 2 queries failed: Procedure (HTTP 500)"));
    adaPartialPull = partial.id;

    const qint64 destination = [&] {
        ExportDestination warehouse;
        warehouse.name = QStringLiteral("warehouse");
        warehouse.kind = DestinationKind::FhirServer;
        warehouse.config.insert(
            QStringLiteral("url"),
            QStringLiteral("http://127.0.0.1:8080/destinations/warehouse/fhir"));
        return DestinationRepository(d).add(warehouse).id;
    }();
    DeliveryRepository deliveries(d);
    failedDelivery = deliveries.ensure(epicPull.id, destination, 15).id;
    DeliveryStore(d).claimDue(QStringLiteral("fixture"), 600, 1);
    deliveries.markFailed(failedDelivery, 503, QStringLiteral("The destination is unavailable"),
                          QDateTime());

    graceEpic = connections.add(grace, sourceEpic, ConnectionState::Active).id;
    authEvent(d, graceEpic, AuthEventType::SessionStarted, AuthOutcome::Success);
    authEvent(d, graceEpic, AuthEventType::CodeExchanged, AuthOutcome::Success);
    const Pull gracePull = claim(d, graceEpic, PullTrigger::Connect);
    storeQuery(d, gracePull, QStringLiteral("Condition"), 4);
    pulls.settle(gracePull.id, PullStatus::Succeeded);
    authEvent(d, graceEpic, AuthEventType::RefreshFailed, AuthOutcome::Failure,
              QStringLiteral("invalid_grant"), QStringLiteral("The refresh token was revoked"));
    connections.setState(graceEpic, ConnectionState::RefreshFailed, FailureKind::TokenRefreshFailed,
                         QStringLiteral("invalid_grant: The refresh token was revoked"));

    const qint64 katherineEpic = connections.add(katherine, sourceEpic, ConnectionState::Active).id;
    claim(d, katherineEpic, PullTrigger::Connect);
}

} // namespace medpull::test
