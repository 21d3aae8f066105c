// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QUrl>
#include <QUrlQuery>

class QTcpSocket;

namespace medpull {

// The loopback redirect target of a native app (RFC 8252 section 7.3): a tiny
// HTTP server on 127.0.0.1 and a free port that takes the one GET the
// browser makes to the redirect URI and answers it with a short page.
class RedirectListener : public QObject {
    Q_OBJECT

public:
    explicit RedirectListener(QObject *parent = nullptr);
    ~RedirectListener() override;

    // Listens on 127.0.0.1 (port 0 picks a free one); false with
    // errorString() when that fails.
    bool listen(const QString &path = QStringLiteral("/callback"), quint16 port = 0);
    void close();
    bool isListening() const { return m_server.isListening(); }
    QString errorString() const { return m_server.errorString(); }
    // http://127.0.0.1:<port><path>
    QUrl redirectUri() const;

    // Call from a slot connected to callbackReceived() to choose the page the
    // browser sees; the default says the window can be closed.
    void setResponsePage(const QString &title, const QString &message);

signals:
    // The first GET to the redirect path, with its query. The listener stops
    // listening afterwards: a redirect URI is good for one callback.
    void callbackReceived(const QUrlQuery &query);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void respond(QTcpSocket *socket, int status, const QString &title, const QString &message);

    QTcpServer m_server;
    QString m_path;
    QString m_title;
    QString m_message;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    bool m_done = false;
};

} // namespace medpull
