// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "storedresource.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace medpull {

struct DeliveryInput;

// What a file delivery of a pull holds, gathered while it is written, and the
// manifest.json that describes it to a reader: a file per type with its
// count, the file of what the pull found deleted, and where the resources
// came from. The NDJSON folder and the S3 destination both write it last.
class DeliveryManifest {
public:
    // `count` more changed resources of `type`.
    void addResources(const QString &type, qint64 count);
    qint64 resources(const QString &type) const { return m_counts.value(type); }
    // A type's file, in the order written.
    void addFile(const QString &file);
    // A page of what the pull found deleted, written to `file`.
    void addDeleted(const QList<StoredResource> &page, const QString &file);
    // Whether the manifest lists `file`, as a type's file or the deleted one.
    bool lists(const QString &file) const;
    // "gzip" or "none"; without it the manifest says nothing of compression.
    void setCompression(const QString &compression) { m_compression = compression; }
    // Changed and deleted resources together.
    qint64 sent() const;
    // The manifest as indented JSON, stamped with the current time.
    QByteArray toJson(const DeliveryInput &input) const;

private:
    qint64 total() const;

    QMap<QString, qint64> m_counts;
    QStringList m_files;
    QMap<QString, qint64> m_deletedCounts;
    qint64 m_deletedTotal = 0;
    QString m_deletedFile;
    QString m_compression;
};

} // namespace medpull
