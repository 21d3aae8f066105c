// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "redirectlistener.h"

#include <QTcpSocket>
#include <QTimer>

namespace medpull {

RedirectListener::RedirectListener(QObject *parent)
    : QObject(parent) {
    connect(&m_server, &LoopbackHttpServer::requestReceived, this, &RedirectListener::onRequest);
}

bool RedirectListener::listen(const QString &path, quint16 port) {
    m_path = path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path;
    m_done = false;
    return m_server.listen(port);
}

void RedirectListener::close() {
    m_server.close();
}

QUrl RedirectListener::redirectUri() const {
    return m_server.url(m_path);
}

void RedirectListener::setResponsePage(const QByteArray &html) {
    m_page = html;
}

void RedirectListener::holdResponse(int timeoutMs) {
    m_holding = true;
    QTimer::singleShot(timeoutMs, this, &RedirectListener::sendResponse);
}

void RedirectListener::sendResponse() {
    m_holding = false;
    if (QTcpSocket *socket = m_held.data()) {
        m_held.clear();
        answer(socket);
    }
}

void RedirectListener::onRequest(QTcpSocket *socket, const QUrl &target) {
    // Browsers also ask for /favicon.ico; only the redirect path counts.
    if (!target.isValid() || target.path() != m_path || m_done) {
        LoopbackHttpServer::respond(socket, 404,
                                    LoopbackHttpServer::page(tr("Not found"), QString()));
        return;
    }
    m_done = true;
    m_answered = false;
    m_page = LoopbackHttpServer::messagePage(
        tr("Authorization received"), tr("You can close this window and return to medpull."));
    // RFC 6749 4.1.2: the parameters are application/x-www-form-urlencoded,
    // where '+' is a space (a literal plus arrives as %2B).
    emit callbackReceived(QUrlQuery(
        target.query(QUrl::FullyEncoded).replace(QLatin1Char('+'), QLatin1String("%20"))));
    m_server.close();
    if (m_holding)
        m_held = socket;
    else
        answer(socket);
}

void RedirectListener::answer(QTcpSocket *socket) {
    m_answered = true;
    LoopbackHttpServer::respond(socket, 200, m_page);
}

} // namespace medpull
