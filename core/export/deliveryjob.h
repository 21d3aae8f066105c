// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "deliverystore.h"
#include "destinationconfig.h"
#include "exportdestination.h"

#include <QNetworkRequest>
#include <QObject>

class QNetworkAccessManager;
class QNetworkReply;

namespace medpull {

class Database;

struct DeliveryResult {
    bool ok = false;
    int httpStatus = 0;
    QString error; // one line for a person, HTTP status and body excerpt or the file error
    qint64 sent = 0;
};

// What one delivery sends where.
struct DeliveryInput {
    Delivery delivery;
    ExportDestination destination;
    DeliveryContext context;
};

// One attempt at one delivery, by destination kind. Runs on the exporter's
// thread with that thread's database connection and network manager, reads
// the pull's resources page by page, and reports once through finished().
class DeliveryJob : public QObject {
    Q_OBJECT

public:
    static DeliveryJob *create(const Database &database, QNetworkAccessManager *network,
                               DeliveryInput input, QObject *parent = nullptr);

    const DeliveryInput &input() const { return m_input; }
    virtual void start() = 0;
    // Stops without reporting: the delivery is handed back or taken over.
    virtual void abort() {}

signals:
    void finished(const medpull::DeliveryResult &result);

protected:
    DeliveryJob(const Database &database, DeliveryInput input, QObject *parent);
    // Reports the outcome once, asynchronously, with secrets scrubbed.
    void finish(DeliveryResult result);

    const Database &m_db;
    DeliveryInput m_input;
    DestinationConfig m_config;

private:
    bool m_finished = false;
};

namespace ExportHttp {

// A request to a destination: no redirects (credentials stay with the
// configured URL), a transfer timeout, and the configured authorization.
QNetworkRequest request(const QUrl &url, const DestinationConfig &config);
int status(QNetworkReply *reply);
// "HTTP 503: <OperationOutcome text or body excerpt>" or the network error.
QString failure(QNetworkReply *reply, const QByteArray &body);
bool succeeded(QNetworkReply *reply);

} // namespace ExportHttp

} // namespace medpull

Q_DECLARE_METATYPE(medpull::DeliveryResult)
