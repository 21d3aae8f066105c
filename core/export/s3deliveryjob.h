// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "deliveryjob.h"
#include "deliverymanifest.h"
#include "s3client.h"
#include "storedresource.h"

#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

namespace medpull {

// Sends a pull's resources to S3-compatible object storage as the folder
// destination writes them to disk: PREFIX/pull-<id>/<Type>.ndjson (or
// .ndjson.gz), deleted.ndjson, then manifest.json last, so a reader that
// waits for the manifest never sees half a delivery. Keys depend only on the
// pull, so a retried delivery overwrites its objects instead of adding more.
// An object that grows past the multipart threshold goes up in parts of that
// size while the next resources are read; memory holds about one part.
class S3DeliveryJob : public DeliveryJob {
    Q_OBJECT

public:
    S3DeliveryJob(const Database &database, QNetworkAccessManager *network, DeliveryInput input,
                  QObject *parent = nullptr);
    ~S3DeliveryJob() override;
    void start() override;
    void abort() override;

    // The key of a delivery's file: "<prefix>/pull-<id>/<file>".
    static QString objectKey(const DestinationConfig &config, qint64 pullId, const QString &file);
    // Parts sent in multipart uploads so far, all objects together.
    int partsUploaded() const { return m_partsUploaded; }

private:
    struct Line {
        QString object;
        QByteArray bytes;
        QString type;                  // of a changed resource
        QList<StoredResource> deleted; // a bundle of deleted ones
    };
    struct Object;

    const Line *peek();
    void pump();
    bool openObject(const QString &name);
    bool append(const QByteArray &bytes, bool last);
    void sendPart();
    void closeObject();
    void complete();
    void writeManifest();
    // Sends `reply` and calls `done` with its body when it succeeded, or
    // fails the delivery.
    void call(QNetworkReply *reply, std::function<void(QNetworkReply *, const QByteArray &)> done);
    void fail(const QString &error, int httpStatus = 0);

    S3Client m_client;
    QPointer<QNetworkReply> m_reply;
    std::unique_ptr<Object> m_object;
    bool m_closing = false;
    bool m_failed = false;

    // Reading the pull: its changed resources by type, then what it found
    // deleted, a page at a time.
    enum class Phase { Changed, Deleted, Done };
    Phase m_phase = Phase::Changed;
    QList<Line> m_lines;
    qsizetype m_lineIndex = 0;
    QString m_afterType;
    qint64 m_afterId = 0;

    DeliveryManifest m_manifest;
    int m_partsUploaded = 0;
};

} // namespace medpull
