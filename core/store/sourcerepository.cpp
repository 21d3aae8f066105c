#include "sourcerepository.h"

#include "database.h"
#include "sql.h"

#include <QJsonDocument>

namespace medpull {

namespace {

const QString columns = QStringLiteral(
    "id, name, fhir_base, client_id, scopes, authorize_url, token_url, revocation_url, "
    "smart_configuration, resource_types, max_concurrent_requests, requests_per_second, "
    "pull_interval_seconds, full_pull_days, created_at, incremental_types, per_category_types");

QVariant urlValue(const QUrl &url) {
    return sql::nullIfEmpty(url.toString(QUrl::FullyEncoded));
}

} // namespace

Source SourceRepository::add(Source source) {
    source.createdAt = QDateTime::currentDateTimeUtc();
    const QByteArray smart =
        QJsonDocument(source.smartConfiguration).toJson(QJsonDocument::Compact);
    source.id = sql::insert(
        m_db.connection(),
        QStringLiteral(
            "INSERT INTO sources (name, fhir_base, client_id, scopes, authorize_url, "
            "token_url, revocation_url, smart_configuration, resource_types, "
            "max_concurrent_requests, requests_per_second, pull_interval_seconds, "
            "full_pull_days, created_at, incremental_types, per_category_types) VALUES (?, ?, ?, "
            "?, ?, ?, ?, %1, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")
            .arg(m_db.dialect().jsonPlaceholder()),
        {source.name, source.fhirBase.toString(QUrl::FullyEncoded), source.clientId,
         sql::text(source.scopes.join(QLatin1Char(' '))), urlValue(source.authorizeUrl),
         urlValue(source.tokenUrl), urlValue(source.revocationUrl), m_db.dialect().jsonValue(smart),
         sql::text(source.resourceTypes.join(QLatin1Char(','))), source.maxConcurrentRequests,
         source.requestsPerSecond, source.pullIntervalSeconds, source.fullPullDays,
         sql::toDb(source.createdAt), sql::text(source.incrementalTypes.join(QLatin1Char(','))),
         sql::text(source.perCategoryTypes.join(QLatin1Char(',')))});
    return source;
}

void SourceRepository::update(const Source &source) {
    const QByteArray smart =
        QJsonDocument(source.smartConfiguration).toJson(QJsonDocument::Compact);
    sql::run(
        m_db.connection(),
        QStringLiteral("UPDATE sources SET name = ?, fhir_base = ?, client_id = ?, scopes = ?, "
                       "authorize_url = ?, token_url = ?, revocation_url = ?, "
                       "smart_configuration = %1, resource_types = ?, "
                       "max_concurrent_requests = ?, requests_per_second = ?, "
                       "pull_interval_seconds = ?, full_pull_days = ?, incremental_types = ?, "
                       "per_category_types = ? WHERE id = ?")
            .arg(m_db.dialect().jsonPlaceholder()),
        {source.name, source.fhirBase.toString(QUrl::FullyEncoded), source.clientId,
         sql::text(source.scopes.join(QLatin1Char(' '))), urlValue(source.authorizeUrl),
         urlValue(source.tokenUrl), urlValue(source.revocationUrl), m_db.dialect().jsonValue(smart),
         sql::text(source.resourceTypes.join(QLatin1Char(','))), source.maxConcurrentRequests,
         source.requestsPerSecond, source.pullIntervalSeconds, source.fullPullDays,
         sql::text(source.incrementalTypes.join(QLatin1Char(','))),
         sql::text(source.perCategoryTypes.join(QLatin1Char(','))), source.id});
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
        sources.append(source);
    }
    return sources;
}

} // namespace medpull
