#include "destinationservice.h"

#include "database.h"
#include "deliveryrepository.h"
#include "destinationrepository.h"
#include "destinationtester.h"
#include "storeerror.h"

#include <QNetworkAccessManager>

namespace medpull {

DestinationService::DestinationService(std::shared_ptr<const Database> database, QObject *parent)
    : QObject(parent)
    , m_db(std::move(database)) {
    qRegisterMetaType<medpull::ExportDestination>();
    qRegisterMetaType<QList<medpull::DestinationSummary>>();
    qRegisterMetaType<QList<medpull::DeliveryRow>>();
}

void DestinationService::refresh() {
    try {
        emit destinationsLoaded(DeliveryStore(*m_db).summaries());
    } catch (const StoreError &error) {
        emit commandFailed(error.message());
    }
}

void DestinationService::loadDeliveries(qint64 destinationId, int limit, int offset) {
    try {
        // One row more than asked tells whether another page exists.
        QList<DeliveryRow> rows = DeliveryStore(*m_db).rows(destinationId, limit + 1, offset);
        const bool hasMore = rows.size() > limit;
        if (hasMore)
            rows.removeLast();
        emit deliveriesLoaded(destinationId, offset, rows, hasMore);
    } catch (const StoreError &error) {
        emit commandFailed(error.message());
    }
}

void DestinationService::runTest(const ExportDestination &destination,
                                 std::function<void(bool, const QString &)> done) {
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    auto *tester = new DestinationTester(m_network, this);
    connect(tester, &DestinationTester::finished, this,
            [tester, done = std::move(done)](bool ok, const QString &message) {
                tester->deleteLater();
                done(ok, message);
            });
    tester->test(destination);
}

void DestinationService::testDestination(int requestId, const ExportDestination &destination) {
    runTest(destination, [this, requestId](bool ok, const QString &message) {
        emit tested(requestId, ok, message);
    });
}

void DestinationService::saveDestination(int requestId, const ExportDestination &destination) {
    runTest(destination, [this, requestId, destination](bool ok, const QString &message) {
        emit tested(requestId, ok, message);
        if (ok)
            store(requestId, destination);
    });
}

void DestinationService::store(int requestId, ExportDestination destination) {
    try {
        DestinationRepository destinations(*m_db);
        if (destination.id == 0) {
            destination = destinations.add(destination);
        } else {
            destinations.update(destination);
            destination = destinations.get(destination.id).value_or(destination);
        }
        emit saved(requestId, destination);
        refresh();
    } catch (const StoreError &error) {
        emit commandFailed(error.message());
    }
}

void DestinationService::setEnabled(qint64 destinationId, bool enabled) {
    try {
        DestinationRepository(*m_db).setEnabled(destinationId, enabled);
        refresh();
    } catch (const StoreError &error) {
        emit commandFailed(error.message());
    }
}

void DestinationService::retryDelivery(qint64 deliveryId) {
    try {
        DeliveryRepository(*m_db).retryNow(deliveryId);
        refresh();
    } catch (const StoreError &error) {
        emit commandFailed(error.message());
    }
}

void DestinationService::retryAllFailed(qint64 destinationId) {
    try {
        DeliveryRepository(*m_db).retryAllFailed(destinationId);
        refresh();
    } catch (const StoreError &error) {
        emit commandFailed(error.message());
    }
}

} // namespace medpull
