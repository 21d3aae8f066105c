// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "deliveryjob.h"

#include <QPointer>
#include <QUuid>

namespace medpull {

// POSTs a `pull.settled` event to a webhook: patient, connection, counts per
// type, a link to the data or the data itself as NDJSON, and the references
// (Type/id) the pull found deleted at the source under "deleted", signed with
// HMAC-SHA256 over the body (WebhookSignature). The event id is derived from
// (destination, pull), so every retry carries the same id and a receiver can
// drop what it has already seen.
class WebhookJob : public DeliveryJob {
    Q_OBJECT

public:
    WebhookJob(const Database &database, QNetworkAccessManager *network, DeliveryInput input,
               QObject *parent = nullptr);
    void start() override;
    void abort() override;

    static QUuid eventId(qint64 destinationId, qint64 pullId);
    // The body of the event, and how many resources it reports.
    QByteArray eventBody(qint64 *total) const;
    // A signed POST of `body` to `url`, with the event headers.
    static QNetworkReply *post(QNetworkAccessManager *network, const DestinationConfig &config,
                               const QByteArray &eventType, const QUuid &eventId,
                               const QByteArray &body);

private:
    void answered();

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    qint64 m_total = 0;
};

} // namespace medpull
