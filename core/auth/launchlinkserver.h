// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "loopbackhttpserver.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <chrono>

class QTcpSocket;

namespace medpull {

// The links on the patient's page after signing in ("Try again", "Connect
// another source") need a server that is still there when the patient
// clicks; the redirect listener is not (it closes after its one answer, and
// a registered redirect port must be free for the next launch). This one
// lives with the engine on 127.0.0.1 and a free port. Each link carries an
// unguessable token naming a patient and a source; it works once and
// expires, so another page in the browser cannot start sign-ins (CSRF).
//
// GET /launch/<token> emits launchRequested(); the engine starts the launch
// and answers with answer() (a redirect to the portal's authorize URL) or
// refuse(). Without either in a few seconds the browser gets a plain page.
class LaunchLinkServer : public QObject {
    Q_OBJECT

public:
    explicit LaunchLinkServer(std::chrono::milliseconds lifetime = std::chrono::minutes(30),
                              QObject *parent = nullptr);

    bool listen();
    bool isListening() const { return m_server.isListening(); }
    QString errorString() const { return m_server.errorString(); }
    // A new one-time link to start a launch for the patient at the source;
    // empty when not listening.
    QUrl issue(qint64 patientId, qint64 sourceId);

    void answer(quint64 request, const QUrl &authorizeUrl);
    // `reason`: one sentence for the patient.
    void refuse(quint64 request, const QString &reason);

signals:
    void launchRequested(quint64 request, qint64 patientId, qint64 sourceId);

private:
    struct Link {
        qint64 patientId = 0;
        qint64 sourceId = 0;
        qint64 expiresAt = 0; // on m_clock, ms
        bool used = false;
    };

    void onRequest(QTcpSocket *socket, const QUrl &target);
    void forgetOldLinks();

    LoopbackHttpServer m_server;
    std::chrono::milliseconds m_lifetime;
    QElapsedTimer m_clock;
    QHash<QString, Link> m_links;
    QHash<quint64, QPointer<QTcpSocket>> m_waiting;
    quint64 m_nextRequest = 1;
};

} // namespace medpull
