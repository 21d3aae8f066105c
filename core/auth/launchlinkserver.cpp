// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "launchlinkserver.h"

#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>

namespace medpull {

namespace {

const QString linkPath = QStringLiteral("/launch/");

// How long the browser waits for the portal's sign-in page to be ready.
constexpr int answerWithinMs = 5000;

QString newToken() {
    quint32 words[8];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(words), sizeof words)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

LaunchLinkServer::LaunchLinkServer(std::chrono::milliseconds lifetime, QObject *parent)
    : QObject(parent)
    , m_lifetime(lifetime) {
    m_clock.start();
    connect(&m_server, &LoopbackHttpServer::requestReceived, this, &LaunchLinkServer::onRequest);
}

bool LaunchLinkServer::listen() {
    return m_server.listen();
}

QUrl LaunchLinkServer::issue(qint64 patientId, qint64 sourceId) {
    if (!m_server.isListening())
        return {};
    forgetOldLinks();
    const QString token = newToken();
    m_links.insert(token, {patientId, sourceId, m_clock.elapsed() + m_lifetime.count(), false});
    return m_server.url(linkPath + token);
}

void LaunchLinkServer::answer(quint64 request, const QUrl &authorizeUrl) {
    if (const QPointer<QTcpSocket> socket = m_waiting.take(request))
        LoopbackHttpServer::redirect(socket, authorizeUrl);
}

void LaunchLinkServer::refuse(quint64 request, const QString &reason) {
    if (const QPointer<QTcpSocket> socket = m_waiting.take(request))
        LoopbackHttpServer::respond(
            socket, 503, LoopbackHttpServer::messagePage(tr("Sign-in not started"), reason));
}

void LaunchLinkServer::onRequest(QTcpSocket *socket, const QUrl &target) {
    const QString path = target.path();
    const auto link =
        path.startsWith(linkPath) ? m_links.find(path.mid(linkPath.size())) : m_links.end();
    if (link == m_links.end()) {
        LoopbackHttpServer::respond(
            socket, 404,
            LoopbackHttpServer::messagePage(
                tr("Link not found"),
                tr("This link is not known here. To connect a source, ask the staff to start "
                   "the connection.")));
        return;
    }
    if (link->used || link->expiresAt <= m_clock.elapsed()) {
        LoopbackHttpServer::respond(
            socket, 410,
            LoopbackHttpServer::messagePage(
                tr("Link no longer valid"),
                link->used ? tr("This link was already used. Each link starts one sign-in; to "
                                "start another, ask the staff.")
                           : tr("This link has expired. To connect a source, ask the staff to "
                                "start the connection.")));
        return;
    }
    link->used = true;
    const quint64 request = m_nextRequest++;
    m_waiting.insert(request, socket);
    QTimer::singleShot(answerWithinMs, this, [this, request] {
        refuse(request, tr("The sign-in page could not be prepared in time. Please try again, "
                           "or ask the staff to start the connection."));
    });
    emit launchRequested(request, link->patientId, link->sourceId);
}

void LaunchLinkServer::forgetOldLinks() {
    // An expired or used link is kept for one more lifetime, so that it
    // answers "no longer valid" rather than "not found".
    const qint64 before = m_clock.elapsed() - m_lifetime.count();
    m_links.removeIf([before](const auto &entry) { return entry.value().expiresAt < before; });
}

} // namespace medpull
