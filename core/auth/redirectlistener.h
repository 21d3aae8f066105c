// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "loopbackhttpserver.h"

#include <QObject>
#include <QPointer>
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

    // Listens on 127.0.0.1 (port 0 picks a free one); false with
    // errorString() when that fails.
    bool listen(const QString &path = QStringLiteral("/callback"), quint16 port = 0);
    void close();
    bool isListening() const { return m_server.isListening(); }
    QString errorString() const { return m_server.errorString(); }
    // http://127.0.0.1:<port><path>
    QUrl redirectUri() const;
    // The browser came back to the redirect URI and has no page yet.
    bool isBrowserWaiting() const { return m_done && !m_answered; }

    // Call from a slot connected to callbackReceived() to choose the page
    // (a whole HTML document) the browser sees; the default says the window
    // can be closed.
    void setResponsePage(const QByteArray &html);
    // Call from a slot connected to callbackReceived(): the browser's request
    // waits for sendResponse() (the code exchange's outcome), at most
    // `timeoutMs`, then gets the page set by then.
    void holdResponse(int timeoutMs = 8000);
    void sendResponse();

signals:
    // The first GET to the redirect path, with its query. The listener stops
    // listening afterwards: a redirect URI is good for one callback.
    void callbackReceived(const QUrlQuery &query);

private:
    void onRequest(QTcpSocket *socket, const QUrl &target);
    void answer(QTcpSocket *socket);

    LoopbackHttpServer m_server;
    QString m_path;
    QByteArray m_page;
    QPointer<QTcpSocket> m_held;
    bool m_holding = false;
    bool m_done = false;
    bool m_answered = false;
};

} // namespace medpull
