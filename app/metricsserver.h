// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

#include <functional>

namespace medpull::cli {

// A minimal HTTP/1.1 server for Prometheus: GET /metrics answers with what
// `render` returns, anything else with 404 or 405. One request per
// connection. Runs on the thread that created it.
class MetricsServer : public QObject {
    Q_OBJECT

public:
    // The body, or throws std::exception for a 503 (e.g. the database is
    // unavailable).
    using Render = std::function<QByteArray()>;

    MetricsServer(QByteArray contentType, Render render, QObject *parent = nullptr);

    // "127.0.0.1:9464", "[::1]:9464"; port 0 picks a free one. Returns false
    // with a one-line `error`.
    bool listen(const QString &address, QString *error);
    QHostAddress address() const { return m_server.serverAddress(); }
    quint16 port() const { return m_server.serverPort(); }

private:
    void accept();
    void answer(QTcpSocket *socket, const QByteArray &request);

    QTcpServer m_server;
    QByteArray m_contentType;
    Render m_render;
};

} // namespace medpull::cli
