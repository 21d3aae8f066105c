// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "redirectlistener.h"

#include <QTcpSocket>

namespace medpull {

namespace {

// A request head larger than this is not a browser following a redirect.
constexpr int maxRequestHead = 16 * 1024;

} // namespace

RedirectListener::RedirectListener(QObject *parent)
    : QObject(parent) {
    connect(&m_server, &QTcpServer::newConnection, this, &RedirectListener::onNewConnection);
}

RedirectListener::~RedirectListener() {
    close();
}

bool RedirectListener::listen(const QString &path, quint16 port) {
    m_path = path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path;
    m_done = false;
    return m_server.listen(QHostAddress::LocalHost, port);
}

void RedirectListener::close() {
    m_server.close();
}

QUrl RedirectListener::redirectUri() const {
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_server.serverPort());
    url.setPath(m_path);
    return url;
}

void RedirectListener::setResponsePage(const QString &title, const QString &message) {
    m_title = title;
    m_message = message;
}

void RedirectListener::onNewConnection() {
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void RedirectListener::onReadyRead(QTcpSocket *socket) {
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        if (buffer.size() > maxRequestHead)
            respond(socket, 431, QStringLiteral("Request too large"), QString());
        return;
    }
    const QByteArray requestLine = buffer.left(buffer.indexOf("\r\n"));
    m_buffers.remove(socket);
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || !parts.at(2).startsWith("HTTP/1.")) {
        respond(socket, 400, QStringLiteral("Bad request"), QString());
        return;
    }
    if (parts.at(0) != "GET") {
        respond(socket, 405, QStringLiteral("Method not allowed"), QString());
        return;
    }
    const QUrl target = QUrl::fromEncoded("http://127.0.0.1" + parts.at(1), QUrl::StrictMode);
    // Browsers also ask for /favicon.ico; only the redirect path counts.
    if (!target.isValid() || target.path() != m_path || m_done) {
        respond(socket, 404, QStringLiteral("Not found"), QString());
        return;
    }
    m_done = true;
    m_title = tr("Authorization received");
    m_message = tr("You can close this window and return to medpull.");
    // RFC 6749 4.1.2: the parameters are application/x-www-form-urlencoded,
    // where '+' is a space (a literal plus arrives as %2B).
    emit callbackReceived(QUrlQuery(
        target.query(QUrl::FullyEncoded).replace(QLatin1Char('+'), QLatin1String("%20"))));
    respond(socket, 200, m_title, m_message);
    m_server.close();
}

void RedirectListener::respond(QTcpSocket *socket, int status, const QString &title,
                               const QString &message) {
    const QByteArray html =
        QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%1</title>"
                       "</head><body><h1>%1</h1><p>%2</p></body></html>")
            .arg(title.toHtmlEscaped(), message.toHtmlEscaped())
            .toUtf8();
    const QByteArray reason = status == 200 ? "OK" : "Error";
    socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason +
                  "\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n"
                  "Connection: close\r\nContent-Length: " +
                  QByteArray::number(html.size()) + "\r\n\r\n" + html);
    socket->disconnectFromHost();
}

} // namespace medpull
