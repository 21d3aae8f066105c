// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "deliveryjob.h"
#include "deliverymanifest.h"

#include <QJsonObject>
#include <QMap>
#include <QSaveFile>

#include <memory>

namespace medpull {

// Writes a pull's resources to <folder>/pull-<id>/<Type>.ndjson, one file per
// type, what it found deleted to deleted.ndjson (transaction Bundles of
// `DELETE Type/id` entries, as Bulk Data's `deleted` files; listed under
// "deleted" in the manifest), then manifest.json. Each file is written under
// a temporary name and renamed when complete, and the manifest comes last, so
// a reader that waits for it never sees half a delivery. Writing again
// replaces the same files.
//
// It writes a page at a time and returns to the event loop between short
// slices, so the exporter renews its lease and a stop interrupts it. Each
// type's file, once complete, is noted in the delivery's checkpoint; a later
// attempt keeps those files while the pull still holds exactly what they
// hold, and writes the rest.
class NdjsonFolderJob : public DeliveryJob {
    Q_OBJECT

public:
    NdjsonFolderJob(const Database &database, DeliveryInput input, QObject *parent = nullptr);
    void start() override;
    void abort() override;

    static QString deliveryFolderName(qint64 pullId);

private:
    enum class Phase { Changed, Deleted, Manifest };

    void step();
    // One page or one file's worth of work; false once the job has finished.
    bool advance();
    bool nextType();
    bool writeChangedPage();
    bool writeDeletedPage();
    bool writeManifest();
    bool openFile(const QString &fileName);
    bool commitFile();
    bool fail(const QString &error);

    QString m_folder;
    Phase m_phase = Phase::Changed;
    QMap<QString, qint64> m_expected; // the pull's resources per type
    QMap<QString, qint64>::const_iterator m_nextType;
    QJsonObject m_written; // checkpoint: type -> resources in its complete file
    QString m_type;        // the type being written, empty between files
    qint64 m_afterId = 0;
    DeliveryManifest m_manifest;
    std::unique_ptr<QSaveFile> m_file;
    QString m_deletedAfterType;
    qint64 m_deletedAfterId = 0;
    bool m_aborted = false;
};

// A stored resource as one NDJSON line (without the newline): the bytes as
// the source sent them, compacted only when they span several lines.
QByteArray ndjsonLine(const QByteArray &content);

} // namespace medpull
