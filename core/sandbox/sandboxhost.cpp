// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sandboxhost.h"

namespace medpull {

SandboxHost::SandboxHost(SandboxOptions options)
    : m_options(std::move(options)) {
    m_thread.setObjectName(QStringLiteral("sandbox"));
}

SandboxHost::~SandboxHost() {
    stop();
}

bool SandboxHost::start(QString *error) {
    if (m_server)
        return true;
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    m_thread.start();
    QString why;
    // QHttpServer's sockets belong to the thread that creates the server, so
    // the server is made, started and later deleted inside the sandbox thread.
    QMetaObject::invokeMethod(
        m_context,
        [this, &why] {
            auto server = std::make_unique<SandboxServer>(m_options);
            if (!server->start(&why))
                return;
            m_info = server->info();
            m_server = server.release();
        },
        Qt::BlockingQueuedConnection);
    if (!m_server) {
        m_thread.quit();
        m_thread.wait();
        delete std::exchange(m_context, nullptr);
        if (error)
            *error = why;
        return false;
    }
    return true;
}

void SandboxHost::stop() {
    if (!m_server)
        return;
    QMetaObject::invokeMethod(
        m_context, [this] { delete std::exchange(m_server, nullptr); },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete std::exchange(m_context, nullptr);
    m_info = {};
}

} // namespace medpull
