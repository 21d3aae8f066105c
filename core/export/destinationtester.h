// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "exportdestination.h"

#include <QObject>
#include <QPointer>

class QNetworkAccessManager;
class QNetworkReply;

namespace medpull {

// The connection test run before a destination is saved: an NDJSON folder
// exists and takes a probe file; a FHIR server answers its CapabilityStatement
// (or, lacking one, an empty batch) and accepts the credentials; a webhook
// accepts a signed `ping` event; S3 storage takes a small object and deletes
// it again (S3's error code in the message when not). Lives on the thread of
// its network manager.
class DestinationTester : public QObject {
    Q_OBJECT

public:
    explicit DestinationTester(QNetworkAccessManager *network, QObject *parent = nullptr);

    // Reports through finished() exactly once, never synchronously.
    void test(const ExportDestination &destination);

signals:
    void finished(bool ok, const QString &message);

private:
    void report(bool ok, const QString &message);
    void testFolder();
    void testFhirServer();
    void testWebhook();
    void testS3();
    void metadataAnswered();
    void emptyBatchAnswered();

    QNetworkAccessManager *m_network;
    ExportDestination m_destination;
    QPointer<QNetworkReply> m_reply;
};

} // namespace medpull
