// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "metricsserver.h"

#include <QTcpSocket>
#include <QTimer>

#include <exception>

namespace medpull::cli {

namespace {

// Prometheus sends a short GET; anything longer is not a scrape.
constexpr qsizetype maxRequestBytes = 8192;
constexpr int requestTimeoutMs = 10000;

void respond(QTcpSocket *socket, const QByteArray &status, const QByteArray &contentType,
             const QByteArray &body) {
    socket->write("HTTP/1.1 " + status + "\r\nContent-Type: " + contentType +
                  "\r\nContent-Length: " + QByteArray::number(body.size()) +
                  "\r\nConnection: close\r\n\r\n" + body);
    socket->disconnectFromHost();
}

} // namespace

MetricsServer::MetricsServer(QByteArray contentType, Render render, QObject *parent)
    : QObject(parent)
    , m_contentType(std::move(contentType))
    , m_render(std::move(render)) {
    connect(&m_server, &QTcpServer::newConnection, this, &MetricsServer::accept);
}

bool MetricsServer::listen(const QString &address, QString *error) {
    const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
    QString host = address.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool portOk = false;
    const uint port = address.mid(colon + 1).toUInt(&portOk);
    const QHostAddress hostAddress(host);
    if (colon <= 0 || !portOk || port > 65535 || hostAddress.isNull()) {
        *error = QStringLiteral("--metrics-address must be IP:PORT, e.g. 127.0.0.1:9464, not '%1'")
                     .arg(address);
        return false;
    }
    if (!m_server.listen(hostAddress, quint16(port))) {
        *error =
            QStringLiteral("cannot serve metrics on %1: %2").arg(address, m_server.errorString());
        return false;
    }
    return true;
}

void MetricsServer::accept() {
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        // A client that never finishes its request is dropped.
        QTimer::singleShot(requestTimeoutMs, socket, [socket] { socket->abort(); });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            if (socket->property("answered").toBool())
                return;
            QByteArray request = socket->property("request").toByteArray() + socket->readAll();
            if (request.size() > maxRequestBytes) {
                socket->setProperty("answered", true);
                respond(socket, "431 Request Header Fields Too Large", "text/plain", {});
                return;
            }
            if (!request.contains("\r\n\r\n")) {
                socket->setProperty("request", request);
                return;
            }
            socket->setProperty("answered", true);
            answer(socket, request);
        });
    }
}

void MetricsServer::answer(QTcpSocket *socket, const QByteArray &request) {
    const QList<QByteArray> requestLine = request.left(request.indexOf("\r\n")).split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
        respond(socket, "400 Bad Request", "text/plain", "bad request\n");
        return;
    }
    const QByteArray path = requestLine.at(1).split('?').constFirst();
    if (path != "/metrics") {
        respond(socket, "404 Not Found", "text/plain", "metrics are at /metrics\n");
        return;
    }
    if (requestLine.at(0) != "GET") {
        respond(socket, "405 Method Not Allowed", "text/plain", "GET only\n");
        return;
    }
    try {
        respond(socket, "200 OK", m_contentType, m_render());
    } catch (const std::exception &error) {
        respond(socket, "503 Service Unavailable", "text/plain", QByteArray(error.what()) + '\n');
    }
}

} // namespace medpull::cli
