// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "deliveryjob.h"

#include <QPointer>

namespace medpull {

// Sends a pull's resources to a FHIR server as `batch` or `transaction`
// Bundles of `PUT Type/id`, one chunk at a time, then what the pull found
// deleted as Bundles of `DELETE Type/id`. The source's ids are kept, so
// sending again overwrites rather than duplicates, and a DELETE answered 404
// or 410 (already gone) counts as done. A batch entry the server rejects is
// reported by Type/id; the other chunks are still sent.
class FhirServerJob : public DeliveryJob {
    Q_OBJECT

public:
    FhirServerJob(const Database &database, QNetworkAccessManager *network, DeliveryInput input,
                  QObject *parent = nullptr);
    void start() override;
    void abort() override;

    // The Bundle for `resources`, built around their exact stored bytes; a
    // deleted one becomes a DELETE entry.
    static QByteArray bundle(const QList<StoredResource> &resources, bool transaction);
    // Type/id and reason of every entry of a batch-response that did not
    // succeed; `keys` are the request entries in order, `deletes` whether
    // they were DELETEs.
    static QStringList entryFailures(const QByteArray &response, const QStringList &keys,
                                     bool deletes);

private:
    void sendNextChunk();
    void chunkAnswered();

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    bool m_deleting = false; // the updates are sent, the deletions follow
    QString m_afterType;
    qint64 m_afterId = 0;
    QStringList m_chunkKeys;
    QStringList m_entryFailures;
    qint64 m_sent = 0;
};

} // namespace medpull
