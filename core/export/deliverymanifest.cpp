// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "deliverymanifest.h"

#include "deliveryjob.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace medpull {

void DeliveryManifest::addResources(const QString &type, qint64 count) {
    m_counts[type] += count;
}

void DeliveryManifest::addFile(const QString &file) {
    m_files.append(file);
}

void DeliveryManifest::addDeleted(const QList<StoredResource> &page, const QString &file) {
    if (page.isEmpty())
        return;
    for (const StoredResource &resource : page)
        ++m_deletedCounts[resource.resourceType];
    m_deletedTotal += page.size();
    m_deletedFile = file;
}

bool DeliveryManifest::lists(const QString &file) const {
    return m_files.contains(file) || (m_deletedTotal > 0 && file == m_deletedFile);
}

qint64 DeliveryManifest::total() const {
    qint64 total = 0;
    for (const qint64 count : m_counts)
        total += count;
    return total;
}

qint64 DeliveryManifest::sent() const {
    return total() + m_deletedTotal;
}

QByteArray DeliveryManifest::toJson(const DeliveryInput &input) const {
    QJsonObject countsJson;
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it)
        countsJson.insert(it.key(), it.value());
    QJsonObject deletedCountsJson;
    for (auto it = m_deletedCounts.cbegin(); it != m_deletedCounts.cend(); ++it)
        deletedCountsJson.insert(it.key(), it.value());
    QJsonArray deletedFiles;
    if (m_deletedTotal > 0)
        deletedFiles.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("Bundle")},
                                        {QStringLiteral("file"), m_deletedFile},
                                        {QStringLiteral("count"), m_deletedTotal}});
    const DeliveryContext &context = input.context;
    QJsonObject manifest{{QStringLiteral("delivery"), input.delivery.id},
                         {QStringLiteral("destination"), input.destination.name},
                         {QStringLiteral("pull"), context.pullId},
                         {QStringLiteral("pullStatus"), nameOf(context.pullStatus)},
                         {QStringLiteral("patient"),
                          QJsonObject{{QStringLiteral("id"), context.patientId},
                                      {QStringLiteral("displayName"), context.patientName},
                                      {QStringLiteral("externalId"), context.patientExternalId}}},
                         {QStringLiteral("connection"), context.connectionId},
                         {QStringLiteral("source"), context.sourceName},
                         {QStringLiteral("counts"), countsJson},
                         {QStringLiteral("total"), total()},
                         {QStringLiteral("files"), QJsonArray::fromStringList(m_files)},
                         {QStringLiteral("deleted"), deletedFiles},
                         {QStringLiteral("deletedCounts"), deletedCountsJson},
                         {QStringLiteral("exportedAt"),
                          QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
    if (!m_compression.isEmpty())
        manifest.insert(QStringLiteral("compression"), m_compression);
    return QJsonDocument(manifest).toJson(QJsonDocument::Indented);
}

} // namespace medpull
