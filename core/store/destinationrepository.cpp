// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "destinationrepository.h"

#include "database.h"
#include "sql.h"

#include <QJsonDocument>

namespace medpull {

ExportDestination DestinationRepository::add(ExportDestination destination) {
    destination.createdAt = destination.updatedAt = QDateTime::currentDateTimeUtc();
    destination.id = sql::insert(
        m_db.connection(),
        QStringLiteral("INSERT INTO export_destinations (name, kind, enabled, config, "
                       "watermark_pull_id, created_at, updated_at) VALUES (?, ?, ?, %1, ?, ?, ?) "
                       "RETURNING id")
            .arg(m_db.dialect().jsonPlaceholder()),
        {destination.name, nameOf(destination.kind), destination.enabled ? 1 : 0,
         m_db.dialect().jsonValue(QJsonDocument(destination.config).toJson(QJsonDocument::Compact)),
         destination.watermarkPullId, sql::toDb(destination.createdAt),
         sql::toDb(destination.updatedAt)});
    return destination;
}

void DestinationRepository::update(const ExportDestination &destination) {
    sql::run(
        m_db.connection(),
        QStringLiteral("UPDATE export_destinations SET name = ?, kind = ?, enabled = ?, "
                       "config = %1, updated_at = ? WHERE id = ?")
            .arg(m_db.dialect().jsonPlaceholder()),
        {destination.name, nameOf(destination.kind), destination.enabled ? 1 : 0,
         m_db.dialect().jsonValue(QJsonDocument(destination.config).toJson(QJsonDocument::Compact)),
         sql::toDb(QDateTime::currentDateTimeUtc()), destination.id});
}

bool DestinationRepository::replaceConfig(qint64 id, const QJsonObject &config,
                                          const QDateTime &readAt) {
    QSqlQuery query = sql::run(
        m_db.connection(),
        QStringLiteral("UPDATE export_destinations SET config = %1, updated_at = ? WHERE id = ? "
                       "AND updated_at = ?")
            .arg(m_db.dialect().jsonPlaceholder()),
        {m_db.dialect().jsonValue(QJsonDocument(config).toJson(QJsonDocument::Compact)),
         sql::toDb(QDateTime::currentDateTimeUtc()), id, sql::toDb(readAt)});
    return query.numRowsAffected() == 1;
}

void DestinationRepository::setEnabled(qint64 id, bool enabled) {
    sql::run(
        m_db.connection(),
        QStringLiteral("UPDATE export_destinations SET enabled = ?, updated_at = ? WHERE id = ?"),
        {enabled ? 1 : 0, sql::toDb(QDateTime::currentDateTimeUtc()), id});
}

void DestinationRepository::advanceWatermark(qint64 id, qint64 pullId) {
    sql::run(m_db.connection(),
             QStringLiteral("UPDATE export_destinations SET watermark_pull_id = ? "
                            "WHERE id = ? AND watermark_pull_id < ?"),
             {pullId, id, pullId});
}

std::optional<ExportDestination> DestinationRepository::get(qint64 id) const {
    const QList<ExportDestination> found = select(QStringLiteral("WHERE id = ?"), {id});
    return found.isEmpty() ? std::nullopt : std::optional<ExportDestination>(found.first());
}

std::optional<ExportDestination> DestinationRepository::findByName(const QString &name) const {
    const QList<ExportDestination> found = select(QStringLiteral("WHERE name = ?"), {name});
    return found.isEmpty() ? std::nullopt : std::optional<ExportDestination>(found.first());
}

QList<ExportDestination> DestinationRepository::list() const {
    return select({}, {});
}

QList<ExportDestination> DestinationRepository::select(const QString &where,
                                                       const QVariantList &values) const {
    QSqlQuery query = sql::run(
        m_db.connection(),
        QStringLiteral("SELECT id, name, kind, enabled, %1, watermark_pull_id, created_at, "
                       "updated_at FROM export_destinations %2 ORDER BY id")
            .arg(m_db.dialect().jsonColumn(QStringLiteral("config")), where),
        values);
    QList<ExportDestination> destinations;
    while (query.next()) {
        ExportDestination destination;
        destination.id = query.value(0).toLongLong();
        destination.name = query.value(1).toString();
        destination.kind = sql::enumFromDb<DestinationKind>(query.value(2));
        destination.enabled = query.value(3).toInt() != 0;
        destination.config =
            QJsonDocument::fromJson(m_db.dialect().jsonBytes(query.value(4))).object();
        destination.watermarkPullId = query.value(5).toLongLong();
        destination.createdAt = sql::timeFromDb(query.value(6));
        destination.updatedAt = sql::timeFromDb(query.value(7));
        destinations.append(destination);
    }
    return destinations;
}

} // namespace medpull
