// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace medpull {

// The few lines of HTTP/1.1 that pages a browser opens on this machine need
// (the redirect listener, the launch links): listens on 127.0.0.1, reads one
// request head per connection, answers a malformed, oversized or non-GET
// request itself and hands each GET to requestReceived(). Every answer
// closes its connection.
class LoopbackHttpServer : public QObject {
    Q_OBJECT

public:
    explicit LoopbackHttpServer(QObject *parent = nullptr);
    ~LoopbackHttpServer() override;

    // Port 0 picks a free one; false with errorString() when it cannot.
    bool listen(quint16 port = 0);
    void close();
    bool isListening() const { return m_server.isListening(); }
    quint16 serverPort() const { return m_server.serverPort(); }
    QString errorString() const { return m_server.errorString(); }
    // http://127.0.0.1:<port><path>
    QUrl url(const QString &path) const;

    // One self-contained page (no external resources) in the application's
    // language; `bodyHtml` is put in as it is, so escape what goes into it.
    static QByteArray page(const QString &title, const QString &bodyHtml);
    // A page with a heading and one paragraph, both escaped.
    static QByteArray messagePage(const QString &title, const QString &message);
    static void respond(QTcpSocket *socket, int status, const QByteArray &html);
    static void redirect(QTcpSocket *socket, const QUrl &location);

signals:
    // The socket stays open until respond() or redirect() is called on it,
    // or the browser goes away (then it is deleted: hold it in a QPointer).
    void requestReceived(QTcpSocket *socket, const QUrl &target);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace medpull
