// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "sandboxhttp.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>

namespace medpull::sandbox {

// A FHIR server that receives exports: accepts POSTed `batch` and
// `transaction` Bundles of `PUT Type/id` (or conditional `PUT Type?search`)
// entries and keeps the resources in memory by that key, so sending the same
// data again changes nothing. An admin switch makes it answer 503, for good or
// for an outage that ends on its own.
class SandboxDestination {
public:
    explicit SandboxDestination(QString name)
        : m_name(std::move(name)) {}

    QString name() const { return m_name; }
    // Answers a request below /destinations/<name> (request.path starts at /fhir).
    HttpResponse handle(const HttpRequest &request);

    void setFailing(bool failing) {
        m_failing = failing;
        m_outageSeconds = 0;
    }
    // Answers 503 from the next request on, for `seconds` from that first
    // refusal; then accepts again without being told.
    void setOutage(int seconds) {
        m_failing = true;
        m_outageSeconds = seconds;
        m_outageEnds = {};
    }
    bool failing() const;
    void clear();
    // Counts per resource type; with `withKeys`, the stored keys too.
    QJsonObject describe(const QString &origin, bool withKeys) const;

private:
    struct Stored {
        QByteArray json;
        int version = 1;
    };

    HttpResponse receiveBundle(const HttpRequest &request);
    HttpResponse read(const QString &key) const;

    QString m_name;
    bool m_failing = false;
    int m_outageSeconds = 0; // 0: until told to succeed
    QDateTime m_outageEnds;
    QHash<QString, Stored> m_resources;
    int m_bundles = 0;
    int m_writes = 0;
};

} // namespace medpull::sandbox
