// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ndjsonfolderjob.h"

#include "compactjson.h"
#include "deliverystore.h"
#include "fhirserverjob.h"
#include "storeerror.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonObject>
#include <QTimer>

namespace medpull {

namespace {

constexpr int pageSize = 1000;
// How long a slice of writing holds the thread before the event loop runs.
constexpr int sliceMs = 50;
const QString deletedFileName = QStringLiteral("deleted.ndjson");
const QString writtenKey = QStringLiteral("written");

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
    const QFileInfo root(m_config.folderPath);
    if (!root.isDir()) {
        fail(QStringLiteral("folder %1 does not exist").arg(m_config.folderPath));
        return;
    }
    QDir folder(root.absoluteFilePath());
    const QString name = deliveryFolderName(m_input.delivery.pullId);
    if (!folder.mkpath(name)) {
        fail(QStringLiteral("cannot create %1").arg(folder.filePath(name)));
        return;
    }
    m_folder = folder.filePath(name);
    try {
        DeliveryStore store(m_db);
        m_expected = store.changedCountsByType(m_input.delivery.pullId);
        m_written = store.checkpoint(m_input.delivery.id).value(writtenKey).toObject();
    } catch (const StoreError &error) {
        fail(error.message());
        return;
    }
    m_nextType = m_expected.cbegin();
    QTimer::singleShot(0, this, &NdjsonFolderJob::step);
}

void NdjsonFolderJob::abort() {
    m_aborted = true;
    // Without a commit the temporary file is removed, and what is in place
    // stays as it was.
    m_file.reset();
}

void NdjsonFolderJob::step() {
    QElapsedTimer slice;
    slice.start();
    try {
        while (!m_aborted) {
            if (!advance())
                return;
            if (slice.elapsed() >= sliceMs) {
                QTimer::singleShot(0, this, &NdjsonFolderJob::step);
                return;
            }
        }
    } catch (const StoreError &error) {
        fail(error.message());
    }
}

bool NdjsonFolderJob::advance() {
    switch (m_phase) {
    case Phase::Changed:
        return m_type.isEmpty() ? nextType() : writeChangedPage();
    case Phase::Deleted:
        return writeDeletedPage();
    case Phase::Manifest:
        return writeManifest();
    }
    return false;
}

bool NdjsonFolderJob::nextType() {
    if (m_nextType == m_expected.cend()) {
        m_phase = Phase::Deleted;
        return true;
    }
    const QString type = m_nextType.key();
    const qint64 expected = m_nextType.value();
    ++m_nextType;
    if (!isSafeTypeName(type))
        return fail(QStringLiteral("resource type '%1' is not a valid file name").arg(type));
    const QString fileName = type + QStringLiteral(".ndjson");
    m_manifest.addFile(fileName);
    // Resources only ever leave a pull (a later pull takes over what it
    // changes), so an unchanged count means the file holds what it should.
    if (m_written.value(type).toInteger(-1) == expected &&
        QFileInfo::exists(QDir(m_folder).filePath(fileName))) {
        m_manifest.addResources(type, expected);
        return true;
    }
    if (!openFile(fileName))
        return false;
    m_type = type;
    m_afterId = 0;
    return true;
}

bool NdjsonFolderJob::writeChangedPage() {
    const QList<StoredResource> page = DeliveryStore(m_db).changedResourcesOfType(
        m_input.delivery.pullId, m_type, m_afterId, pageSize);
    for (const StoredResource &resource : page) {
        m_file->write(ndjsonLine(resource.content));
        m_file->write("\n");
        m_afterId = resource.id;
    }
    m_manifest.addResources(m_type, page.size());
    if (page.size() == pageSize)
        return true;
    if (!commitFile())
        return false;
    m_written.insert(m_type, m_manifest.resources(m_type));
    DeliveryStore(m_db).saveCheckpoint(m_input.delivery.id, m_input.delivery.leaseOwner,
                                       QJsonObject{{writtenKey, m_written}});
    m_type.clear();
    return true;
}

// What the pull found deleted, the way Bulk Data's deleted files hold it:
// transaction Bundles of `DELETE Type/id` entries, one a line.
bool NdjsonFolderJob::writeDeletedPage() {
    const QList<StoredResource> page = DeliveryStore(m_db).deletedResources(
        m_input.delivery.pullId, m_deletedAfterType, m_deletedAfterId, pageSize);
    if (!page.isEmpty()) {
        if (!m_file && !openFile(deletedFileName))
            return false;
        m_file->write(FhirServerJob::bundle(page, true));
        m_file->write("\n");
        m_manifest.addDeleted(page, deletedFileName);
        m_deletedAfterType = page.last().resourceType;
        m_deletedAfterId = page.last().id;
    }
    if (page.size() == pageSize)
        return true;
    if (!commitFile())
        return false;
    m_phase = Phase::Manifest;
    return true;
}

bool NdjsonFolderJob::openFile(const QString &fileName) {
    m_file = std::make_unique<QSaveFile>(QDir(m_folder).filePath(fileName));
    if (!m_file->open(QIODevice::WriteOnly))
        return fail(QStringLiteral("open %1: %2").arg(m_file->fileName(), m_file->errorString()));
    return true;
}

bool NdjsonFolderJob::commitFile() {
    if (!m_file)
        return true;
    const std::unique_ptr<QSaveFile> file = std::move(m_file);
    if (!file->commit())
        return fail(QStringLiteral("write %1: %2").arg(file->fileName(), file->errorString()));
    return true;
}

bool NdjsonFolderJob::fail(const QString &error) {
    m_file.reset();
    DeliveryResult result;
    result.error = error;
    finish(result);
    return false;
}

bool NdjsonFolderJob::writeManifest() {
    QDir folder(m_folder);
    // A file left by an earlier attempt for a type this pull no longer holds
    // (a later pull changed those resources) would send them twice.
    for (const QString &stale :
         folder.entryList({QStringLiteral("*.ndjson")}, QDir::Files | QDir::Hidden)) {
        if (!m_manifest.lists(stale))
            folder.remove(stale);
    }

    QSaveFile manifestFile(folder.filePath(QStringLiteral("manifest.json")));
    if (!manifestFile.open(QIODevice::WriteOnly))
        return fail(
            QStringLiteral("open %1: %2").arg(manifestFile.fileName(), manifestFile.errorString()));
    manifestFile.write(m_manifest.toJson(m_input));
    if (!manifestFile.commit())
        return fail(QStringLiteral("write %1: %2")
                        .arg(manifestFile.fileName(), manifestFile.errorString()));
    DeliveryResult result;
    result.ok = true;
    result.sent = m_manifest.sent();
    finish(result);
    return false;
}

} // namespace medpull
