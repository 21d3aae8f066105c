// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace medpull::sandbox {

// A request as the sandbox's handlers see it: copied out of QHttpServerRequest
// so an answer can be written later (latency, hangs) without holding on to
// the server's request object.
struct HttpRequest {
    QByteArray method;
    QString path; // below the portal, destination or admin prefix
    QUrlQuery query;
    QByteArray body;
    QByteArray authorization;
    QByteArray accept;
    QByteArray contentType;
    QString origin; // http://127.0.0.1:PORT

    // A query parameter, or for form posts a form field.
    QString param(const QString &name) const {
        return query.queryItemValue(name, QUrl::FullyDecoded);
    }
};

struct HttpResponse {
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    // How the server delivers it; faults set these.
    int delayMs = 0;
    bool hang = false;
    bool truncate = false;

    static HttpResponse json(int status, QByteArray body,
                             QByteArray contentType = QByteArrayLiteral("application/json")) {
        HttpResponse response;
        response.status = status;
        response.body = std::move(body);
        response.contentType = std::move(contentType);
        return response;
    }
    void setHeader(const QByteArray &name, const QByteArray &value) {
        headers.append({name, value});
    }
};

const char *reasonPhrase(int status);

} // namespace medpull::sandbox
