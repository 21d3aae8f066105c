// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "s3deliveryjob.h"

#include "deliverystore.h"
#include "errorcode.h"
#include "fhirserverjob.h"
#include "ndjsonfolderjob.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <zlib.h>

namespace medpull {

namespace {

constexpr int pageSize = 1000;

bool isSafeTypeName(const QString &type) {
    if (type.isEmpty())
        return false;
    for (const QChar c : type) {
        if (!c.isLetterOrNumber() || c.unicode() > 127)
            return false;
    }
    return true;
}

} // namespace

// One object being written: its bytes not yet sent, and its multipart
// upload once it outgrew one request.
struct S3DeliveryJob::Object {
    QString name;
    QString key;
    QByteArray buffer;
    QString uploadId;
    QList<QByteArray> etags;
    bool gzip = false;
    z_stream zip{};

    ~Object() {
        if (gzip)
            deflateEnd(&zip);
    }
};

S3DeliveryJob::S3DeliveryJob(const Database &database, QNetworkAccessManager *network,
                             DeliveryInput input, QObject *parent)
    : DeliveryJob(database, std::move(input), parent)
    , m_client(network, m_config) {}

S3DeliveryJob::~S3DeliveryJob() = default;

QString S3DeliveryJob::objectKey(const DestinationConfig &config, qint64 pullId,
                                 const QString &file) {
    const QString folder = NdjsonFolderJob::deliveryFolderName(pullId) + QLatin1Char('/') + file;
    return config.prefix.isEmpty() ? folder : config.prefix + QLatin1Char('/') + folder;
}

void S3DeliveryJob::start() {
    pump();
}

void S3DeliveryJob::abort() {
    m_failed = true;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

const S3DeliveryJob::Line *S3DeliveryJob::peek() {
    while (m_lineIndex >= m_lines.size() && m_phase != Phase::Done) {
        m_lines.clear();
        m_lineIndex = 0;
        DeliveryStore store(m_db);
        const QString suffix =
            m_config.gzip ? QStringLiteral(".ndjson.gz") : QStringLiteral(".ndjson");
        if (m_phase == Phase::Changed) {
            const QList<StoredResource> page =
                store.changedResources(m_input.delivery.pullId, m_afterType, m_afterId, pageSize);
            for (const StoredResource &resource : page)
                m_lines.append(Line{resource.resourceType + suffix,
                                    ndjsonLine(resource.content),
                                    resource.resourceType,
                                    {}});
            if (!page.isEmpty()) {
                m_afterType = page.last().resourceType;
                m_afterId = page.last().id;
            }
            if (page.size() < pageSize) {
                m_phase = Phase::Deleted;
                m_afterType.clear();
                m_afterId = 0;
            }
        } else {
            // What the pull found deleted, as Bulk Data's deleted files hold
            // it: transaction Bundles of `DELETE Type/id` entries, one a line.
            const QList<StoredResource> page =
                store.deletedResources(m_input.delivery.pullId, m_afterType, m_afterId, pageSize);
            if (!page.isEmpty()) {
                m_lines.append(Line{QStringLiteral("deleted") + suffix,
                                    FhirServerJob::bundle(page, true),
                                    {},
                                    page});
                m_afterType = page.last().resourceType;
                m_afterId = page.last().id;
            }
            if (page.size() < pageSize)
                m_phase = Phase::Done;
        }
    }
    return m_lineIndex < m_lines.size() ? &m_lines.at(m_lineIndex) : nullptr;
}

void S3DeliveryJob::pump() {
    if (m_reply || m_failed)
        return;
    for (;;) {
        if (m_object && m_object->buffer.size() >= m_config.multipartThresholdBytes) {
            sendPart();
            return;
        }
        if (m_object && m_closing) {
            closeObject();
            return;
        }
        const Line *next = peek();
        if (!next) {
            if (m_object) {
                m_closing = true;
                continue;
            }
            writeManifest();
            return;
        }
        if (m_object && next->object != m_object->name) {
            m_closing = true;
            continue;
        }
        if (!m_object) {
            if (!next->type.isEmpty()) {
                if (!isSafeTypeName(next->type)) {
                    fail(storedError(QStringLiteral("s3_bad_type"), {next->type}));
                    return;
                }
                m_manifest.addFile(next->object);
            }
            if (!openObject(next->object))
                return;
        }
        if (!append(next->bytes + '\n', false))
            return;
        if (!next->type.isEmpty())
            m_manifest.addResources(next->type, 1);
        m_manifest.addDeleted(next->deleted, next->object);
        ++m_lineIndex;
    }
}

bool S3DeliveryJob::openObject(const QString &name) {
    m_object = std::make_unique<Object>();
    m_object->name = name;
    m_object->key = objectKey(m_config, m_input.delivery.pullId, name);
    if (m_config.gzip) {
        // windowBits 15 + 16: a gzip header and trailer around the deflate data.
        if (deflateInit2(&m_object->zip, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                         Z_DEFAULT_STRATEGY) != Z_OK) {
            fail(storedError(QStringLiteral("s3_compress_failed"), {name}));
            return false;
        }
        m_object->gzip = true;
    }
    return true;
}

bool S3DeliveryJob::append(const QByteArray &bytes, bool last) {
    if (!m_object->gzip) {
        m_object->buffer += bytes;
        return true;
    }
    z_stream &zip = m_object->zip;
    zip.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(bytes.constData()));
    zip.avail_in = uInt(bytes.size());
    char out[64 * 1024];
    for (;;) {
        zip.next_out = reinterpret_cast<Bytef *>(out);
        zip.avail_out = sizeof out;
        const int result = deflate(&zip, last ? Z_FINISH : Z_NO_FLUSH);
        if (result == Z_STREAM_ERROR) {
            fail(storedError(QStringLiteral("s3_compress_failed"), {m_object->name}));
            return false;
        }
        m_object->buffer.append(out, qsizetype(sizeof out - zip.avail_out));
        if (last ? result == Z_STREAM_END : zip.avail_out != 0)
            return true;
    }
}

void S3DeliveryJob::sendPart() {
    Object &object = *m_object;
    const QByteArray contentType = m_config.gzip ? QByteArrayLiteral("application/gzip")
                                                 : QByteArrayLiteral("application/x-ndjson");
    if (object.uploadId.isEmpty()) {
        call(m_client.createMultipartUpload(object.key, contentType),
             [this](QNetworkReply *, const QByteArray &body) {
                 m_object->uploadId = S3Client::xmlText(body, QStringLiteral("UploadId"));
                 if (m_object->uploadId.isEmpty()) {
                     fail(storedError(QStringLiteral("s3_http_status"), {QStringLiteral("200")}));
                     return;
                 }
                 pump();
             });
        return;
    }
    const QByteArray part = object.buffer.left(m_config.multipartThresholdBytes);
    object.buffer.remove(0, part.size());
    call(m_client.uploadPart(object.key, object.uploadId, int(object.etags.size()) + 1, part),
         [this](QNetworkReply *reply, const QByteArray &) {
             m_object->etags.append(reply->rawHeader("ETag"));
             ++m_partsUploaded;
             if (m_closing && m_object->buffer.isEmpty())
                 complete();
             else
                 pump();
         });
}

void S3DeliveryJob::closeObject() {
    if (m_object->gzip) {
        if (!append({}, true))
            return;
        deflateEnd(&m_object->zip);
        m_object->gzip = false;
    }
    if (!m_object->uploadId.isEmpty()) {
        if (m_object->buffer.size() > m_config.multipartThresholdBytes) {
            sendPart();
            return;
        }
        if (!m_object->buffer.isEmpty()) {
            const QByteArray part = std::exchange(m_object->buffer, {});
            call(m_client.uploadPart(m_object->key, m_object->uploadId,
                                     int(m_object->etags.size()) + 1, part),
                 [this](QNetworkReply *reply, const QByteArray &) {
                     m_object->etags.append(reply->rawHeader("ETag"));
                     ++m_partsUploaded;
                     complete();
                 });
            return;
        }
        complete();
        return;
    }
    const QByteArray contentType = m_config.gzip ? QByteArrayLiteral("application/gzip")
                                                 : QByteArrayLiteral("application/x-ndjson");
    call(m_client.putObject(m_object->key, m_object->buffer, contentType),
         [this](QNetworkReply *, const QByteArray &) {
             m_object.reset();
             m_closing = false;
             pump();
         });
}

void S3DeliveryJob::complete() {
    call(m_client.completeMultipartUpload(m_object->key, m_object->uploadId, m_object->etags),
         [this](QNetworkReply *reply, const QByteArray &body) {
             // S3 may answer 200 and still report an error in the body.
             if (!S3Client::errorCode(body).isEmpty()) {
                 fail(S3Client::failure(reply, body, m_config.timeoutSeconds), 200);
                 return;
             }
             m_object->uploadId.clear();
             m_object.reset();
             m_closing = false;
             pump();
         });
}

void S3DeliveryJob::writeManifest() {
    m_manifest.setCompression(m_config.gzip ? QStringLiteral("gzip") : QStringLiteral("none"));
    call(m_client.putObject(
             objectKey(m_config, m_input.delivery.pullId, QStringLiteral("manifest.json")),
             m_manifest.toJson(m_input), "application/json"),
         [this](QNetworkReply *reply, const QByteArray &) {
             DeliveryResult result;
             result.ok = true;
             result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
             result.sent = m_manifest.sent();
             finish(result);
         });
}

void S3DeliveryJob::call(QNetworkReply *reply,
                         std::function<void(QNetworkReply *, const QByteArray &)> done) {
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] {
        reply->deleteLater();
        m_reply = nullptr;
        const QByteArray body = reply->readAll();
        if (!S3Client::succeeded(reply)) {
            fail(S3Client::failure(reply, body, m_config.timeoutSeconds),
                 reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
            return;
        }
        done(reply, body);
    });
}

void S3DeliveryJob::fail(const QString &error, int httpStatus) {
    if (m_failed)
        return;
    m_failed = true;
    // A multipart upload left open would keep its parts (and their cost).
    if (m_object && !m_object->uploadId.isEmpty()) {
        QNetworkReply *cleanup = m_client.abortMultipartUpload(m_object->key, m_object->uploadId);
        connect(cleanup, &QNetworkReply::finished, cleanup, &QObject::deleteLater);
    }
    DeliveryResult result;
    result.httpStatus = httpStatus;
    result.error = error;
    finish(result);
}

} // namespace medpull
