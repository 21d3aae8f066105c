#include "ndjsonfolderjob.h"

#include "compactjson.h"
#include "deliverystore.h"
#include "fhirserverjob.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace medpull {

namespace {

constexpr int pageSize = 1000;
const QString deletedFileName = QStringLiteral("deleted.ndjson");

bool isSafeTypeName(const QString &type) {
    if (type.isEmpty())
        return false;
    for (const QChar c : type) {
        if (!c.isLetterOrNumber())
            return false;
    }
    return true;
}

} // namespace

QByteArray ndjsonLine(const QByteArray &content) {
    // Byte-exact: QJsonDocument would reorder members and round numbers.
    return compactJson(content);
}

NdjsonFolderJob::NdjsonFolderJob(const Database &database, DeliveryInput input, QObject *parent)
    : DeliveryJob(database, std::move(input), parent) {}

QString NdjsonFolderJob::deliveryFolderName(qint64 pullId) {
    return QStringLiteral("pull-%1").arg(pullId, 8, 10, QLatin1Char('0'));
}

void NdjsonFolderJob::start() {
    finish(write());
}

DeliveryResult NdjsonFolderJob::write() {
    DeliveryResult result;
    const QFileInfo root(m_config.folderPath);
    if (!root.isDir()) {
        result.error = QStringLiteral("folder %1 does not exist").arg(m_config.folderPath);
        return result;
    }
    QDir folder(root.absoluteFilePath());
    const QString name = deliveryFolderName(m_input.delivery.pullId);
    if (!folder.mkpath(name)) {
        result.error = QStringLiteral("cannot create %1").arg(folder.filePath(name));
        return result;
    }
    folder.cd(name);

    DeliveryStore store(m_db);
    QMap<QString, qint64> counts;
    QStringList files;
    std::unique_ptr<QSaveFile> file;
    auto commit = [&]() -> bool {
        if (!file)
            return true;
        const bool ok = file->commit();
        if (!ok)
            result.error =
                QStringLiteral("write %1: %2").arg(file->fileName(), file->errorString());
        file.reset();
        return ok;
    };

    QString afterType;
    qint64 afterId = 0;
    for (;;) {
        const QList<StoredResource> page =
            store.changedResources(m_input.delivery.pullId, afterType, afterId, pageSize);
        for (const StoredResource &resource : page) {
            if (!file || resource.resourceType != afterType) {
                if (!commit())
                    return result;
                if (!isSafeTypeName(resource.resourceType)) {
                    result.error = QStringLiteral("resource type '%1' is not a valid file name")
                                       .arg(resource.resourceType);
                    return result;
                }
                const QString fileName = resource.resourceType + QStringLiteral(".ndjson");
                files.append(fileName);
                file = std::make_unique<QSaveFile>(folder.filePath(fileName));
                if (!file->open(QIODevice::WriteOnly)) {
                    result.error =
                        QStringLiteral("open %1: %2").arg(file->fileName(), file->errorString());
                    return result;
                }
            }
            file->write(ndjsonLine(resource.content));
            file->write("\n");
            ++counts[resource.resourceType];
            afterType = resource.resourceType;
            afterId = resource.id;
        }
        if (page.size() < pageSize)
            break;
    }
    if (!commit())
        return result;

    // What the pull found deleted, the way Bulk Data's deleted files hold
    // it: transaction Bundles of `DELETE Type/id` entries, one a line.
    QMap<QString, qint64> deletedCounts;
    qint64 deletedTotal = 0;
    QString deletedAfterType;
    qint64 deletedAfterId = 0;
    for (;;) {
        const QList<StoredResource> page = store.deletedResources(
            m_input.delivery.pullId, deletedAfterType, deletedAfterId, pageSize);
        if (page.isEmpty())
            break;
        if (!file) {
            file = std::make_unique<QSaveFile>(folder.filePath(deletedFileName));
            if (!file->open(QIODevice::WriteOnly)) {
                result.error =
                    QStringLiteral("open %1: %2").arg(file->fileName(), file->errorString());
                return result;
            }
        }
        file->write(FhirServerJob::bundle(page, true));
        file->write("\n");
        for (const StoredResource &resource : page)
            ++deletedCounts[resource.resourceType];
        deletedTotal += page.size();
        if (page.size() < pageSize)
            break;
        deletedAfterType = page.last().resourceType;
        deletedAfterId = page.last().id;
    }
    if (!commit())
        return result;

    // A file left by an earlier attempt for a type this pull no longer holds
    // (a later pull changed those resources) would send them twice.
    for (const QString &stale :
         folder.entryList({QStringLiteral("*.ndjson")}, QDir::Files | QDir::Hidden)) {
        if (!files.contains(stale) && !(deletedTotal > 0 && stale == deletedFileName))
            folder.remove(stale);
    }

    QJsonObject countsJson;
    qint64 total = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        countsJson.insert(it.key(), it.value());
        total += it.value();
    }
    QJsonObject deletedCountsJson;
    for (auto it = deletedCounts.cbegin(); it != deletedCounts.cend(); ++it)
        deletedCountsJson.insert(it.key(), it.value());
    QJsonArray deletedFiles;
    if (deletedTotal > 0)
        deletedFiles.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("Bundle")},
                                        {QStringLiteral("file"), deletedFileName},
                                        {QStringLiteral("count"), deletedTotal}});
    const DeliveryContext &context = m_input.context;
    const QJsonObject manifest{
        {QStringLiteral("delivery"), m_input.delivery.id},
        {QStringLiteral("destination"), m_input.destination.name},
        {QStringLiteral("pull"), context.pullId},
        {QStringLiteral("pullStatus"), nameOf(context.pullStatus)},
        {QStringLiteral("patient"),
         QJsonObject{{QStringLiteral("id"), context.patientId},
                     {QStringLiteral("displayName"), context.patientName},
                     {QStringLiteral("externalId"), context.patientExternalId}}},
        {QStringLiteral("connection"), context.connectionId},
        {QStringLiteral("source"), context.sourceName},
        {QStringLiteral("counts"), countsJson},
        {QStringLiteral("total"), total},
        {QStringLiteral("files"), QJsonArray::fromStringList(files)},
        {QStringLiteral("deleted"), deletedFiles},
        {QStringLiteral("deletedCounts"), deletedCountsJson},
        {QStringLiteral("exportedAt"),
         QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
    QSaveFile manifestFile(folder.filePath(QStringLiteral("manifest.json")));
    if (!manifestFile.open(QIODevice::WriteOnly)) {
        result.error =
            QStringLiteral("open %1: %2").arg(manifestFile.fileName(), manifestFile.errorString());
        return result;
    }
    manifestFile.write(QJsonDocument(manifest).toJson(QJsonDocument::Indented));
    if (!manifestFile.commit()) {
        result.error =
            QStringLiteral("write %1: %2").arg(manifestFile.fileName(), manifestFile.errorString());
        return result;
    }
    result.ok = true;
    result.sent = total + deletedTotal;
    return result;
}

} // namespace medpull
