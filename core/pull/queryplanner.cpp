// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "queryplanner.h"

#include "outcomeclassifier.h"

namespace medpull {

QueryPlanner::QueryPlanner(Input input)
    : m_input(std::move(input)) {}

QSet<QString> QueryPlanner::referenceOnlyTypes() {
    return {QStringLiteral("Patient"),      QStringLiteral("Medication"),
            QStringLiteral("Practitioner"), QStringLiteral("PractitionerRole"),
            QStringLiteral("Organization"), QStringLiteral("Location"),
            QStringLiteral("Binary")};
}

QString QueryPlanner::queryKey(const PullQuery &query) {
    const QUrlQuery parameters{QUrl(query.url)};
    for (const QString &name : OutcomeClassifier::requirableParameters(query.resourceType)) {
        if (parameters.hasQueryItem(name))
            return query.resourceType + QLatin1Char('?') + name + QLatin1Char('=') +
                   parameters.queryItemValue(name, QUrl::FullyDecoded);
    }
    return query.resourceType;
}

QStringList QueryPlanner::lookupIds(const PullQuery &query) {
    return QUrlQuery(QUrl(query.url))
        .queryItemValue(QStringLiteral("_id"), QUrl::FullyDecoded)
        .split(QLatin1Char(','), Qt::SkipEmptyParts);
}

QUrl QueryPlanner::urlFor(const QString &relativePath, const QUrlQuery &query) const {
    // `relativePath` is percent-encoded (ids are encoded into it).
    QUrl url = m_input.fhirBase;
    QString path = url.path(QUrl::FullyEncoded);
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    url.setPath(path + relativePath, QUrl::TolerantMode);
    url.setQuery(query);
    return url;
}

QList<PullQuery> QueryPlanner::initialQueries() const {
    if (!m_input.source.patientEverything)
        return typeSearches();
    QUrlQuery parameters;
    parameters.addQueryItem(QStringLiteral("_count"), QString::number(m_input.pageSize));
    if (!m_input.full && !m_input.since.isEmpty())
        parameters.addQueryItem(QStringLiteral("_since"), m_input.since);
    PullQuery everything;
    everything.pullId = m_input.pullId;
    everything.resourceType = QStringLiteral("Patient");
    everything.kind = QueryKind::Everything;
    everything.status = QueryStatus::Running;
    everything.url =
        urlFor(QStringLiteral("Patient/%1/$everything")
                   .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_input.patientId))),
               parameters)
            .toString(QUrl::FullyEncoded);
    return {everything};
}

QStringList QueryPlanner::searchedTypes() const {
    const QSet<QString> readOnly = referenceOnlyTypes();
    QStringList types;
    for (const QString &type : m_input.source.resourceTypes) {
        if (!readOnly.contains(type))
            types.append(type);
    }
    return types;
}

PullQuery QueryPlanner::search(const QString &type, QUrlQuery parameters) const {
    parameters.addQueryItem(QStringLiteral("patient"), m_input.patientId);
    parameters.addQueryItem(QStringLiteral("_count"), QString::number(m_input.pageSize));
    if (!m_input.full && !m_input.since.isEmpty() && m_input.source.incrementalTypes.contains(type))
        parameters.addQueryItem(QStringLiteral("_lastUpdated"),
                                QStringLiteral("ge") + m_input.since);
    PullQuery query;
    query.pullId = m_input.pullId;
    query.resourceType = type;
    query.status = QueryStatus::Running;
    query.url = urlFor(type, parameters).toString(QUrl::FullyEncoded);
    return remembered(query);
}

PullQuery QueryPlanner::remembered(PullQuery query) const {
    if (m_input.full)
        return query;
    const auto it = m_input.unavailable.constFind(queryKey(query));
    if (it != m_input.unavailable.cend()) {
        query.status = QueryStatus::NotAvailable;
        query.error = it.value();
    }
    return query;
}

QList<PullQuery> QueryPlanner::typeSearches() const {
    QList<PullQuery> queries{
        referenceQuery(QStringLiteral("Patient"), QueryKind::Read, {m_input.patientId}, 0)};
    for (const QString &type : searchedTypes()) {
        QString parameter = m_input.learnt.requiredParameters.value(type);
        if (parameter.isEmpty() && m_input.source.perCategoryTypes.contains(type))
            parameter = QStringLiteral("category");
        if (parameter.isEmpty()) {
            queries.append(search(type, {}));
            continue;
        }
        QStringList values = m_input.learnt.parameterValues.value(type);
        if (values.isEmpty())
            values = OutcomeClassifier::knownValues(type, parameter);
        for (const QString &value : std::as_const(values)) {
            QUrlQuery parameters;
            parameters.addQueryItem(parameter, value);
            queries.append(search(type, parameters));
        }
    }
    return queries;
}

QList<PullQuery> QueryPlanner::perValue(const PullQuery &query, const QString &parameter,
                                        const QStringList &values) const {
    QList<PullQuery> replacements;
    const QUrl original(query.url);
    for (const QString &value : values) {
        QUrlQuery parameters(original);
        parameters.addQueryItem(parameter, value);
        QUrl url = original;
        url.setQuery(parameters);
        PullQuery replacement;
        replacement.pullId = query.pullId;
        replacement.resourceType = query.resourceType;
        replacement.status = QueryStatus::Running;
        replacement.url = url.toString(QUrl::FullyEncoded);
        replacements.append(remembered(replacement));
    }
    return replacements;
}

PullQuery QueryPlanner::referenceQuery(const QString &type, QueryKind kind, const QStringList &ids,
                                       int depth) const {
    PullQuery query;
    query.pullId = m_input.pullId;
    query.resourceType = type;
    query.kind = kind;
    query.depth = depth;
    query.status = QueryStatus::Running;
    if (kind == QueryKind::Lookup) {
        QUrlQuery parameters;
        parameters.addQueryItem(QStringLiteral("_id"), ids.join(QLatin1Char(',')));
        parameters.addQueryItem(QStringLiteral("_count"), QString::number(ids.size()));
        query.url = urlFor(type, parameters).toString(QUrl::FullyEncoded);
    } else {
        query.url = readUrl(type, ids.value(0));
    }
    return query;
}

QString QueryPlanner::readUrl(const QString &type, const QString &id) const {
    // Ids are opaque: one with "?", "#" or spaces stays one path segment.
    return urlFor(type + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(id)))
        .toString(QUrl::FullyEncoded);
}

} // namespace medpull
