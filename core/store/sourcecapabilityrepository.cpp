// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sourcecapabilityrepository.h"

#include "database.h"
#include "source.h"
#include "sql.h"

namespace medpull {

namespace {

const QString everythingRefused = QStringLiteral("everything_refused");
const QString idSearchRefused = QStringLiteral("id_search_refused");
const QString requiredParameter = QStringLiteral("required_parameter");
// A definite refusal is written with this much evidence at once.
constexpr int refusalsToTurnOff = 2;

} // namespace

Source SourceCapabilities::applyTo(Source source) const {
    if (everythingRefused)
        source.patientEverything = false;
    for (const QString &type : idSearchRefused)
        source.idSearchTypes.removeAll(type);
    for (auto it = requiredParameters.cbegin(); it != requiredParameters.cend(); ++it) {
        if (it.value() == QLatin1String("category") && !source.perCategoryTypes.contains(it.key()))
            source.perCategoryTypes.append(it.key());
    }
    return source;
}

SourceCapabilities SourceCapabilityRepository::get(qint64 sourceId) const {
    QSqlQuery query = sql::run(m_db.connection(),
                               QStringLiteral("SELECT fact, resource_type, value, evidence FROM "
                                              "source_capabilities WHERE source_id = ?"),
                               {sourceId});
    SourceCapabilities facts;
    while (query.next()) {
        const QString fact = query.value(0).toString();
        const QString type = query.value(1).toString();
        const QString value = query.value(2).toString();
        const int evidence = query.value(3).toInt();
        if (fact == everythingRefused) {
            facts.everythingRefusals = evidence;
            facts.everythingRefused = evidence >= refusalsToTurnOff;
        } else if (fact == idSearchRefused) {
            facts.idSearchRefused.insert(type);
        } else if (fact == requiredParameter) {
            const QStringList parts = value.split(QLatin1Char('='));
            facts.requiredParameters.insert(type, parts.value(0));
            facts.parameterValues.insert(
                type, parts.value(1).split(QLatin1Char(','), Qt::SkipEmptyParts));
        }
    }
    return facts;
}

void SourceCapabilityRepository::upsert(qint64 sourceId, const QString &fact,
                                        const QString &resourceType, const QString &value,
                                        const QString &detail, bool countEvidence) {
    sql::run(m_db.connection(),
             QStringLiteral("INSERT INTO source_capabilities (source_id, fact, resource_type, "
                            "value, evidence, detail, learnt_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                            "ON CONFLICT (source_id, fact, resource_type) DO UPDATE SET "
                            "value = excluded.value, detail = excluded.detail, "
                            "learnt_at = excluded.learnt_at, evidence = %1")
                 .arg(countEvidence
                          ? QStringLiteral("source_capabilities.evidence + excluded.evidence")
                          : QStringLiteral("excluded.evidence")),
             {sourceId, fact, sql::text(resourceType), sql::text(value), 1,
              sql::nullIfEmpty(detail), sql::toDb(QDateTime::currentDateTimeUtc())});
}

void SourceCapabilityRepository::recordEverythingRefused(qint64 sourceId, bool definite,
                                                         const QString &reason) {
    upsert(sourceId, everythingRefused, {}, {}, reason, true);
    if (definite) {
        sql::run(m_db.connection(),
                 QStringLiteral("UPDATE source_capabilities SET evidence = ? WHERE source_id = ? "
                                "AND fact = ? AND evidence < ?"),
                 {refusalsToTurnOff, sourceId, everythingRefused, refusalsToTurnOff});
    }
}

void SourceCapabilityRepository::forgetEverythingRefusals(qint64 sourceId) {
    sql::run(m_db.connection(),
             QStringLiteral("DELETE FROM source_capabilities WHERE source_id = ? AND fact = ?"),
             {sourceId, everythingRefused});
}

void SourceCapabilityRepository::recordIdSearchRefused(qint64 sourceId, const QString &resourceType,
                                                       const QString &reason) {
    upsert(sourceId, idSearchRefused, resourceType, {}, reason, false);
}

void SourceCapabilityRepository::recordRequiredParameter(qint64 sourceId,
                                                         const QString &resourceType,
                                                         const QString &parameter,
                                                         const QStringList &values,
                                                         const QString &reason) {
    upsert(sourceId, requiredParameter, resourceType,
           parameter + QLatin1Char('=') + values.join(QLatin1Char(',')), reason, false);
}

QList<UnavailableQuery> SourceCapabilityRepository::unavailable(qint64 connectionId) const {
    QSqlQuery query = sql::run(m_db.connection(),
                               QStringLiteral("SELECT query_key, resource_type, reason FROM "
                                              "connection_unavailable WHERE connection_id = ? "
                                              "ORDER BY query_key"),
                               {connectionId});
    QList<UnavailableQuery> found;
    while (query.next())
        found.append(
            {query.value(0).toString(), query.value(1).toString(), query.value(2).toString()});
    return found;
}

void SourceCapabilityRepository::recordUnavailable(qint64 connectionId, qint64 pullId,
                                                   const UnavailableQuery &query) {
    sql::run(m_db.connection(),
             QStringLiteral("INSERT INTO connection_unavailable (connection_id, query_key, "
                            "resource_type, reason, pull_id, learnt_at) VALUES (?, ?, ?, ?, ?, ?) "
                            "ON CONFLICT (connection_id, query_key) DO UPDATE SET "
                            "reason = excluded.reason, pull_id = excluded.pull_id, "
                            "learnt_at = excluded.learnt_at"),
             {connectionId, query.key, sql::text(query.resourceType), sql::text(query.reason),
              pullId, sql::toDb(QDateTime::currentDateTimeUtc())});
}

void SourceCapabilityRepository::forgetUnavailable(qint64 connectionId, const QString &key) {
    sql::run(m_db.connection(),
             QStringLiteral("DELETE FROM connection_unavailable WHERE connection_id = ? AND "
                            "query_key = ?"),
             {connectionId, key});
}

} // namespace medpull
