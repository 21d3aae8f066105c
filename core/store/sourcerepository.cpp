// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sourcerepository.h"

#include "database.h"
#include "sql.h"
#include "storeerror.h"
#include "transaction.h"

#include <QJsonDocument>

namespace medpull {

namespace {

const QString columns = QStringLiteral(
    "id, name, fhir_base, client_id, scopes, authorize_url, token_url, revocation_url, "
    "smart_configuration, resource_types, max_concurrent_requests, requests_per_second, "
    "pull_interval_seconds, full_pull_days, created_at, incremental_types, per_category_types, "
    "id_search_types, patient_everything, client_auth, credentials, jwks, redirect_uri, enabled");

// The columns add() and update() both write, in the order of values().
const QStringList writtenColumns{QStringLiteral("name"),
                                 QStringLiteral("fhir_base"),
                                 QStringLiteral("client_id"),
                                 QStringLiteral("scopes"),
                                 QStringLiteral("authorize_url"),
                                 QStringLiteral("token_url"),
                                 QStringLiteral("revocation_url"),
                                 QStringLiteral("smart_configuration"),
                                 QStringLiteral("resource_types"),
                                 QStringLiteral("max_concurrent_requests"),
                                 QStringLiteral("requests_per_second"),
                                 QStringLiteral("pull_interval_seconds"),
                                 QStringLiteral("full_pull_days"),
                                 QStringLiteral("incremental_types"),
                                 QStringLiteral("per_category_types"),
                                 QStringLiteral("id_search_types"),
                                 QStringLiteral("patient_everything")};

QVariant urlValue(const QUrl &url) {
    return sql::nullIfEmpty(url.toString(QUrl::FullyEncoded));
}

QVariant listValue(const QStringList &list, QChar separator = QLatin1Char(',')) {
    return sql::text(list.join(separator));
}

QVariant jwksValue(const QJsonObject &jwks) {
    return sql::nullIfEmpty(
        jwks.isEmpty() ? QString()
                       : QString::fromUtf8(QJsonDocument(jwks).toJson(QJsonDocument::Compact)));
}

QVariantList values(const Database &db, const Source &source) {
    const QByteArray smart =
        QJsonDocument(source.smartConfiguration).toJson(QJsonDocument::Compact);
    return {source.name,
            source.fhirBase.toString(QUrl::FullyEncoded),
            source.clientId,
            listValue(source.scopes, QLatin1Char(' ')),
            urlValue(source.authorizeUrl),
            urlValue(source.tokenUrl),
            urlValue(source.revocationUrl),
            db.dialect().jsonValue(smart),
            listValue(source.resourceTypes),
            source.maxConcurrentRequests,
            source.requestsPerSecond,
            source.pullIntervalSeconds,
            source.fullPullDays,
            listValue(source.incrementalTypes),
            listValue(source.perCategoryTypes),
            listValue(source.idSearchTypes),
            int(source.patientEverything)};
}

// The placeholder for each written column: JSON needs a cast on PostgreSQL.
QString placeholder(const Database &db, const QString &column) {
    return column == QLatin1String("smart_configuration") ? db.dialect().jsonPlaceholder()
                                                          : QStringLiteral("?");
}

} // namespace

Source SourceRepository::add(Source source) {
    Transaction transaction(m_db);
    source.createdAt = QDateTime::currentDateTimeUtc();
    QStringList placeholders;
    for (const QString &column : writtenColumns)
        placeholders << placeholder(m_db, column);
    QVariantList bound = values(m_db, source);
    bound << sql::toDb(source.createdAt);
    source.id = sql::insert(m_db.connection(),
                            QStringLiteral("INSERT INTO sources (%1, created_at) VALUES (%2, ?) "
                                           "RETURNING id")
                                .arg(writtenColumns.join(QStringLiteral(", ")),
                                     placeholders.join(QStringLiteral(", "))),
                            bound);
    updateSettings(source);
    transaction.commit();
    return source;
}

void SourceRepository::updateSettings(const Source &source) {
    const QByteArray smart =
        QJsonDocument(source.smartConfiguration).toJson(QJsonDocument::Compact);
    sql::run(
        m_db.connection(),
        QStringLiteral("UPDATE sources SET name = ?, fhir_base = ?, client_id = ?, scopes = ?, "
                       "authorize_url = ?, token_url = ?, revocation_url = ?, "
                       "smart_configuration = %1, max_concurrent_requests = ?, "
                       "requests_per_second = ?, pull_interval_seconds = ?, "
                       "full_pull_days = ?, client_auth = ?, credentials = ?, jwks = ?, "
                       "redirect_uri = ?, enabled = ? WHERE id = ?")
            .arg(m_db.dialect().jsonPlaceholder()),
        {source.name, source.fhirBase.toString(QUrl::FullyEncoded), source.clientId,
         listValue(source.scopes, QLatin1Char(' ')), urlValue(source.authorizeUrl),
         urlValue(source.tokenUrl), urlValue(source.revocationUrl), m_db.dialect().jsonValue(smart),
         source.maxConcurrentRequests, source.requestsPerSecond, source.pullIntervalSeconds,
         source.fullPullDays, nameOf(source.clientAuth),
         sql::nullIfEmpty(QString::fromLatin1(source.sealedCredentials)), jwksValue(source.jwks),
         urlValue(source.redirectUri), int(source.enabled), source.id});
}

void SourceRepository::setEnabled(qint64 id, bool enabled) {
    sql::run(m_db.connection(), QStringLiteral("UPDATE sources SET enabled = ? WHERE id = ?"),
             {int(enabled), id});
}

void SourceRepository::setCredentials(qint64 id, const QByteArray &sealedCredentials,
                                      const QJsonObject &jwks) {
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE sources SET credentials = ?, jwks = ? WHERE id = ?"),
             {sql::nullIfEmpty(QString::fromLatin1(sealedCredentials)), jwksValue(jwks), id});
}

int SourceRepository::connectionCount(qint64 id) const {
    return sql::scalar(m_db.connection(),
                       QStringLiteral("SELECT COUNT(*) FROM connections WHERE source_id = ?"), {id})
        .toInt();
}

void SourceRepository::remove(qint64 id) {
    Transaction transaction(m_db);
    if (connectionCount(id) > 0)
        throw StoreError(QStringLiteral("source %1 has accounts: disable it instead").arg(id));
    sql::run(m_db.connection(), QStringLiteral("DELETE FROM sources WHERE id = ?"), {id});
    transaction.commit();
}

void SourceRepository::update(const Source &source) {
    QStringList assignments;
    for (const QString &column : writtenColumns)
        assignments << column + QStringLiteral(" = ") + placeholder(m_db, column);
    QVariantList bound = values(m_db, source);
    bound << source.id;
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE sources SET %1 WHERE id = ?")
                 .arg(assignments.join(QStringLiteral(", "))),
             bound);
}

std::optional<Source> SourceRepository::get(qint64 id) const {
    const QList<Source> found = select(QStringLiteral("WHERE id = ?"), {id});
    return found.isEmpty() ? std::nullopt : std::optional<Source>(found.first());
}

std::optional<Source> SourceRepository::findByName(const QString &name) const {
    const QList<Source> found = select(QStringLiteral("WHERE name = ?"), {name});
    return found.isEmpty() ? std::nullopt : std::optional<Source>(found.first());
}

QList<Source> SourceRepository::list() const {
    return select({}, {});
}

QList<Source> SourceRepository::select(const QString &where, const QVariantList &values) const {
    QSqlQuery query =
        sql::run(m_db.connection(),
                 QStringLiteral("SELECT %1 FROM sources %2 ORDER BY id")
                     .arg(QString(columns).replace(
                              QLatin1String("smart_configuration"),
                              m_db.dialect().jsonColumn(QStringLiteral("smart_configuration"))),
                          where),
                 values);
    QList<Source> sources;
    while (query.next()) {
        Source source;
        source.id = query.value(0).toLongLong();
        source.name = query.value(1).toString();
        source.fhirBase = QUrl(query.value(2).toString());
        source.clientId = query.value(3).toString();
        source.scopes = query.value(4).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        source.authorizeUrl = QUrl(query.value(5).toString());
        source.tokenUrl = QUrl(query.value(6).toString());
        source.revocationUrl = QUrl(query.value(7).toString());
        source.smartConfiguration =
            QJsonDocument::fromJson(m_db.dialect().jsonBytes(query.value(8))).object();
        source.resourceTypes =
            query.value(9).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        source.maxConcurrentRequests = query.value(10).toInt();
        source.requestsPerSecond = query.value(11).toDouble();
        source.pullIntervalSeconds = query.value(12).toInt();
        source.fullPullDays = query.value(13).toInt();
        source.createdAt = sql::timeFromDb(query.value(14));
        source.incrementalTypes =
            query.value(15).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        source.perCategoryTypes =
            query.value(16).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        source.idSearchTypes =
            query.value(17).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        source.patientEverything = query.value(18).toInt() != 0;
        // The registration settings are read by name: the learnt columns
        // before them are moving.
        source.clientAuth =
            sql::enumFromDb<ClientAuthMethod>(query.value(QStringLiteral("client_auth")));
        source.sealedCredentials = query.value(QStringLiteral("credentials")).toString().toLatin1();
        source.jwks =
            QJsonDocument::fromJson(query.value(QStringLiteral("jwks")).toString().toUtf8())
                .object();
        source.redirectUri = QUrl(query.value(QStringLiteral("redirect_uri")).toString());
        source.enabled = query.value(QStringLiteral("enabled")).toInt() != 0;
        sources.append(source);
    }
    return sources;
}

} // namespace medpull
