// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "dataloader.h"

#include "attentionrepository.h"
#include "autheventrepository.h"
#include "connectionrepository.h"
#include "database.h"
#include "deliveryrepository.h"
#include "destinationrepository.h"
#include "destinationsecrets.h"
#include "eventendpointrepository.h"
#include "eventrepository.h"
#include "patientrepository.h"
#include "pullrepository.h"
#include "resourcerepository.h"
#include "sourcerepository.h"
#include "storeerror.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace medpull {

namespace {

// The charts look at this many of the patient's most recent pulls.
constexpr int chartPullLimit = 500;
constexpr int durationPoints = 40;
constexpr int authEventLimit = 500;
constexpr int deliveryLimit = 200;

// The portal's name for its patient ("Ada Lovelace"), and the family name
// alone, from the stored Patient resource.
std::pair<QString, QString> portalName(const QJsonObject &patient) {
    const QJsonObject name = patient.value(QStringLiteral("name")).toArray().first().toObject();
    const QString family = name.value(QStringLiteral("family")).toString();
    if (name.contains(QStringLiteral("text")))
        return {name.value(QStringLiteral("text")).toString(), family};
    QStringList parts;
    for (const QJsonValue &given : name.value(QStringLiteral("given")).toArray())
        parts << given.toString();
    parts << family;
    return {parts.join(QLatin1Char(' ')).trimmed(), family};
}

// Signs that the patient who signed in at the portal is not this one: the
// portal's Patient resource has another family name, or the same portal
// record is linked to another medpull patient. medpull keeps no birth date
// to compare; the warning shows the portal's, for a person to judge.
QStringList identityWarnings(const Database &db, const Connection &connection,
                             const Patient &patient) {
    QStringList warnings;
    if (connection.fhirPatientId.isEmpty())
        return warnings;
    const PatientRepository patients(db);
    for (const Connection &other : ConnectionRepository(db).othersWithRecord(
             connection.sourceId, connection.fhirPatientId, patient.id)) {
        const auto linked = patients.get(other.patientId);
        warnings << DataLoader::tr("This portal record (patient %1) is also linked to %2.")
                        .arg(connection.fhirPatientId,
                             linked ? linked->displayName : QString::number(other.patientId));
    }
    const auto stored = ResourceRepository(db).get(connection.id, QStringLiteral("Patient"),
                                                   connection.fhirPatientId);
    if (!stored)
        return warnings;
    const QJsonObject resource = QJsonDocument::fromJson(stored->content).object();
    const auto [name, family] = portalName(resource);
    if (!family.isEmpty() && !patient.displayName.contains(family, Qt::CaseInsensitive)) {
        const QString born = resource.value(QStringLiteral("birthDate")).toString();
        warnings << (born.isEmpty()
                         ? DataLoader::tr("The portal's patient is %1, not %2.")
                               .arg(name, patient.displayName)
                         : DataLoader::tr("The portal's patient is %1 (born %2), not %3.")
                               .arg(name, born, patient.displayName));
    }
    return warnings;
}

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
            account.identityWarnings = identityWarnings(db, connection, summary->patient);
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
                detail.durations.append({connectionSource.value(pull.connectionId), {}});
            }
            const int line = lineOfConnection.value(pull.connectionId);
            double &total = cumulative[pull.connectionId];
            total += double(pull.counts.created);
            detail.growth[line].points.append(
                QPointF(double(pull.finishedAt.toMSecsSinceEpoch()), total));
            if (pull.startedAt.isValid())
                detail.durations[line].points.append(
                    QPointF(double(pull.finishedAt.toMSecsSinceEpoch()),
                            pull.startedAt.msecsTo(pull.finishedAt) / 1000.0));
        }
        for (ChartLine &line : detail.durations) {
            if (line.points.size() > durationPoints)
                line.points = line.points.mid(line.points.size() - durationPoints);
        }

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

void DataLoader::loadAttention(quint64 request) {
    guarded(request, [&](const Database &db) {
        emit attentionLoaded(request, AttentionRepository(db).list());
    });
}

void DataLoader::loadSources(quint64 request) {
    guarded(request,
            [&](const Database &db) { emit sourcesLoaded(request, SourceRepository(db).list()); });
}

void DataLoader::loadDestinations(quint64 request) {
    guarded(request, [&](const Database &db) {
        QList<DestinationSummary> summaries = DeliveryStore(db).summaries();
        for (DestinationSummary &summary : summaries)
            summary.destination.config =
                DestinationSecrets::withoutSecrets(summary.destination.config);
        emit destinationsLoaded(request, summaries);
    });
}

void DataLoader::loadEventEndpoints(quint64 request) {
    guarded(request, [&](const Database &db) {
        QList<EventEndpoint> endpoints = EventEndpointRepository(db).list();
        for (EventEndpoint &endpoint : endpoints)
            endpoint.config = DestinationSecrets::withoutSecrets(endpoint.config);
        emit eventEndpointsLoaded(request, endpoints);
    });
}

void DataLoader::loadEventLog(quint64 request, qint64 endpointId, int limit) {
    guarded(request, [&](const Database &db) {
        emit eventLogLoaded(request, endpointId,
                            EventRepository(db).forEndpoint(endpointId, limit));
    });
}

void DataLoader::loadDeliveries(quint64 request, qint64 destinationId, int offset, int limit) {
    guarded(request, [&](const Database &db) {
        // One row more than asked tells whether another page exists.
        DeliveryPage page{destinationId, offset,
                          DeliveryStore(db).rows(destinationId, limit + 1, offset), false};
        page.hasMore = page.rows.size() > limit;
        if (page.hasMore)
            page.rows.removeLast();
        emit deliveriesLoaded(request, page);
    });
}

} // namespace medpull
