// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QUrl>

#include <functional>

class QTcpSocket;

// A tiny HTTP/1.1 server on 127.0.0.1 for the export tests: a webhook
// receiver or a FHIR endpoint whose answers a test decides per request, and
// which can leave a request hanging (to kill a delivery mid-way).
class HttpReceiver : public QTcpServer {
    Q_OBJECT

public:
    struct Request {
        QByteArray method;
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // names in lower case
        QByteArray body;
    };
    struct Response {
        int status = 200;
        QByteArray body;
        QByteArray contentType = "application/json";
        bool hang = false; // never answer
    };
    using Handler = std::function<Response(const Request &)>;

    explicit HttpReceiver(Handler handler, QObject *parent = nullptr);
    QUrl url(const QString &path = {}) const;
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    const QList<Request> &requests() const { return m_requests; }

signals:
    void received(const HttpReceiver::Request &request);

private:
    void readFrom(QTcpSocket *socket);

    Handler m_handler;
    QList<Request> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};
