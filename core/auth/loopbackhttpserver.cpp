// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "loopbackhttpserver.h"

#include <QLocale>
#include <QTcpSocket>

namespace medpull {

namespace {

// A request head larger than this is not a browser opening a local page.
constexpr int maxRequestHead = 16 * 1024;

QByteArray reasonPhrase(int status) {
    switch (status) {
    case 200:
        return "OK";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 410:
        return "Gone";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

void write(QTcpSocket *socket, int status, const QByteArray &extraHeaders, const QByteArray &html) {
    socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) +
                  "\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n"
                  "Referrer-Policy: no-referrer\r\n" +
                  extraHeaders + "Connection: close\r\nContent-Length: " +
                  QByteArray::number(html.size()) + "\r\n\r\n" + html);
    socket->disconnectFromHost();
}

} // namespace

LoopbackHttpServer::LoopbackHttpServer(QObject *parent)
    : QObject(parent) {
    connect(&m_server, &QTcpServer::newConnection, this, &LoopbackHttpServer::onNewConnection);
}

LoopbackHttpServer::~LoopbackHttpServer() {
    close();
}

bool LoopbackHttpServer::listen(quint16 port) {
    return m_server.listen(QHostAddress::LocalHost, port);
}

void LoopbackHttpServer::close() {
    m_server.close();
}

QUrl LoopbackHttpServer::url(const QString &path) const {
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_server.serverPort());
    url.setPath(path);
    return url;
}

QByteArray LoopbackHttpServer::page(const QString &title, const QString &bodyHtml) {
    return QStringLiteral("<!DOCTYPE html><html lang=\"%3\"><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width\">"
                          "<title>%1</title><style>body{font-family:sans-serif;max-width:36em;"
                          "margin:3em auto;padding:0 1em;line-height:1.5}</style></head>"
                          "<body><h1>%1</h1>%2</body></html>")
        .arg(title.toHtmlEscaped(), bodyHtml, QLocale().bcp47Name())
        .toUtf8();
}

QByteArray LoopbackHttpServer::messagePage(const QString &title, const QString &message) {
    return page(title, QStringLiteral("<p>%1</p>").arg(message.toHtmlEscaped()));
}

void LoopbackHttpServer::respond(QTcpSocket *socket, int status, const QByteArray &html) {
    write(socket, status, {}, html);
}

void LoopbackHttpServer::redirect(QTcpSocket *socket, const QUrl &location) {
    const QByteArray target = location.toEncoded();
    write(socket, 302, "Location: " + target + "\r\n",
          page(tr("Continue"), QStringLiteral("<p><a href=\"%1\">%2</a></p>")
                                   .arg(QString::fromLatin1(target).toHtmlEscaped(),
                                        tr("Continue to sign in").toHtmlEscaped())));
}

void LoopbackHttpServer::onNewConnection() {
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void LoopbackHttpServer::onReadyRead(QTcpSocket *socket) {
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        if (buffer.size() > maxRequestHead) {
            m_buffers.remove(socket);
            respond(socket, 431, page(tr("Request too large"), QString()));
        }
        return;
    }
    const QByteArray requestLine = buffer.left(buffer.indexOf("\r\n"));
    m_buffers.remove(socket);
    // One request per connection: whatever the browser sends after the head
    // is not read.
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || !parts.at(2).startsWith("HTTP/1.")) {
        respond(socket, 400, page(tr("Bad request"), QString()));
        return;
    }
    if (parts.at(0) != "GET") {
        respond(socket, 405, page(tr("Method not allowed"), QString()));
        return;
    }
    const QUrl target = QUrl::fromEncoded("http://127.0.0.1" + parts.at(1), QUrl::StrictMode);
    emit requestReceived(socket, target);
}

} // namespace medpull
