// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "dataloader.h"

#include "autheventrepository.h"
#include "connectionrepository.h"
#include "database.h"
#include "deliveryrepository.h"
#include "destinationrepository.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "resourcerepository.h"
#include "sourcerepository.h"
#include "storeerror.h"

#include <QJsonDocument>

#include <algorithm>

namespace medpull {

namespace {

// The charts look at this many of the patient's most recent pulls.
constexpr int chartPullLimit = 500;
constexpr int durationPoints = 40;
constexpr int authEventLimit = 500;
constexpr int deliveryLimit = 200;

// Indents JSON text without parsing it into objects, so members keep the
// order the portal sent them in ("resourceType" first, as FHIR writes it).
QString indentJson(const QByteArray &json) {
    QByteArray out;
    out.reserve(json.size() * 2);
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    const auto newline = [&] {
        out.append('\n');
        out.append(QByteArray(depth * 2, ' '));
    };
    for (const char c : json) {
        if (inString) {
            out.append(c);
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            out.append(c);
            break;
        case '{':
        case '[':
            out.append(c);
            ++depth;
            newline();
            break;
        case '}':
        case ']':
            --depth;
            newline();
            out.append(c);
            break;
        case ',':
            out.append(c);
            newline();
            break;
        case ':':
            out.append(": ");
            break;
        case ' ':
        case '\n':
        case '\r':
        case '\t':
            break;
        default:
            out.append(c);
        }
    }
    return QString::fromUtf8(out);
}

QHash<qint64, QString> sourceNames(const Database &db) {
    QHash<qint64, QString> names;
    for (const Source &source : SourceRepository(db).list())
        names.insert(source.id, source.name);
    return names;
}

} // namespace

DataLoader::DataLoader(std::shared_ptr<const Database> database, QObject *parent)
    : QObject(parent)
    , m_database(std::move(database)) {}

template <typename Work> void DataLoader::guarded(quint64 request, Work &&work) {
    try {
        work(*m_database);
    } catch (const StoreError &error) {
        emit failed(request, error.message());
    }
}

void DataLoader::loadSummaries(quint64 request) {
    guarded(request, [&](const Database &db) {
        emit summariesLoaded(request, PatientRepository(db).summaries());
    });
}

void DataLoader::loadSummary(quint64 request, qint64 patientId) {
    guarded(request, [&](const Database &db) {
        if (const auto summary = PatientRepository(db).summary(patientId))
            emit summaryLoaded(request, *summary);
    });
}

void DataLoader::loadSummaryForConnection(quint64 request, qint64 connectionId) {
    guarded(request, [&](const Database &db) {
        if (const auto connection = ConnectionRepository(db).get(connectionId))
            loadSummary(request, connection->patientId);
    });
}

void DataLoader::loadSummaryForPull(quint64 request, qint64 pullId) {
    guarded(request, [&](const Database &db) {
        if (const auto pull = PullRepository(db).get(pullId))
            loadSummaryForConnection(request, pull->connectionId);
    });
}

void DataLoader::loadDetail(quint64 request, qint64 patientId) {
    guarded(request, [&](const Database &db) {
        const auto summary = PatientRepository(db).summary(patientId);
        if (!summary) {
            emit failed(request, tr("The patient no longer exists."));
            return;
        }
        PatientDetail detail;
        detail.summary = *summary;
        const QHash<qint64, QString> sources = sourceNames(db);
        QHash<qint64, QString> connectionSource;

        const ResourceRepository resources(db);
        for (const Connection &connection : ConnectionRepository(db).forPatient(patientId)) {
            AccountInfo account;
            account.connection = connection;
            account.sourceName = sources.value(connection.sourceId);
            account.resourceCount = resources.count(connection.id);
            connectionSource.insert(connection.id, account.sourceName);
            detail.accounts.append(account);
        }

        const QList<AuthEvent> events = AuthEventRepository(db).forPatient(patientId);
        for (const AuthEvent &event : events.mid(0, authEventLimit))
            detail.authEvents.append({event, connectionSource.value(event.connectionId)});

        detail.countsByType = resources.countsByTypeForPatient(patientId);

        const PullRepository pullRepository(db);
        QList<Pull> recent = pullRepository.forPatient(patientId, chartPullLimit, 0);
        std::reverse(recent.begin(), recent.end());
        QHash<qint64, qint64> pullConnection;
        QHash<qint64, int> lineOfConnection;
        QHash<qint64, double> cumulative;
        for (const Pull &pull : std::as_const(recent)) {
            pullConnection.insert(pull.id, pull.connectionId);
            if (!isSettled(pull.status) || !pull.finishedAt.isValid())
                continue;
            if (!lineOfConnection.contains(pull.connectionId)) {
                lineOfConnection.insert(pull.connectionId, detail.growth.size());
                detail.growth.append({connectionSource.value(pull.connectionId), {}});
            }
            double &total = cumulative[pull.connectionId];
            total += double(pull.counts.created);
            detail.growth[lineOfConnection.value(pull.connectionId)].points.append(
                QPointF(double(pull.finishedAt.toMSecsSinceEpoch()), total));
            if (pull.startedAt.isValid())
                detail.durations.points.append(
                    QPointF(double(pull.finishedAt.toMSecsSinceEpoch()),
                            pull.startedAt.msecsTo(pull.finishedAt) / 1000.0));
        }
        if (detail.durations.points.size() > durationPoints)
            detail.durations.points =
                detail.durations.points.mid(detail.durations.points.size() - durationPoints);

        QHash<qint64, QString> destinations;
        for (const ExportDestination &destination : DestinationRepository(db).list())
            destinations.insert(destination.id, destination.name);
        for (const Delivery &delivery :
             DeliveryRepository(db).forPatient(patientId, deliveryLimit, 0)) {
            qint64 connectionId = pullConnection.value(delivery.pullId);
            if (connectionId == 0) {
                if (const auto pull = pullRepository.get(delivery.pullId))
                    connectionId = pull->connectionId;
            }
            detail.deliveries.append({delivery, destinations.value(delivery.destinationId),
                                      connectionSource.value(connectionId)});
        }
        emit detailLoaded(request, detail);
    });
}

void DataLoader::loadPulls(quint64 request, qint64 patientId, int offset, int limit) {
    guarded(request, [&](const Database &db) {
        const PullRepository pulls(db);
        PullPage page;
        page.patientId = patientId;
        page.offset = offset;
        page.pulls = pulls.forPatient(patientId, limit, offset);
        page.total = pulls.countForPatient(patientId);
        emit pullsLoaded(request, page);
    });
}

void DataLoader::loadPull(quint64 request, qint64 pullId) {
    guarded(request, [&](const Database &db) {
        if (const auto pull = PullRepository(db).get(pullId))
            emit pullLoaded(request, *pull);
    });
}

void DataLoader::loadQueries(quint64 request, qint64 pullId) {
    guarded(request, [&](const Database &db) {
        emit queriesLoaded(request, pullId, PullRepository(db).queries(pullId));
    });
}

void DataLoader::loadResourceKeys(quint64 request, qint64 patientId, const QString &resourceType,
                                  int limit) {
    guarded(request, [&](const Database &db) {
        const QHash<qint64, QString> sources = sourceNames(db);
        const ResourceRepository resources(db);
        QList<ResourceKey> keys;
        for (const Connection &connection : ConnectionRepository(db).forPatient(patientId)) {
            resources.forEach(connection.id, resourceType, [&](const StoredResource &resource) {
                if (keys.size() < limit)
                    keys.append({connection.id, resource.resourceType, resource.fhirId,
                                 sources.value(connection.sourceId)});
            });
        }
        emit resourceKeysLoaded(request, keys);
    });
}

void DataLoader::loadResource(quint64 request, const ResourceKey &key) {
    guarded(request, [&](const Database &db) {
        const auto resource =
            ResourceRepository(db).get(key.connectionId, key.resourceType, key.fhirId);
        if (!resource) {
            emit failed(request, tr("The resource is no longer stored."));
            return;
        }
        QJsonParseError error;
        QJsonDocument::fromJson(resource->content, &error);
        // Text that is not JSON is shown as it is.
        const QString text = error.error == QJsonParseError::NoError
                                 ? indentJson(resource->content)
                                 : QString::fromUtf8(resource->content);
        emit resourceLoaded(request, key, text);
    });
}

void DataLoader::loadSources(quint64 request) {
    guarded(request,
            [&](const Database &db) { emit sourcesLoaded(request, SourceRepository(db).list()); });
}

} // namespace medpull
