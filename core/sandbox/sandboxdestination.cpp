// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sandboxdestination.h"

#include "sandboxportal.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QRegularExpression>

namespace medpull::sandbox {

namespace {

QJsonObject outcome(const QString &diagnostics) {
    return {{QStringLiteral("resourceType"), QStringLiteral("OperationOutcome")},
            {QStringLiteral("issue"),
             QJsonArray{QJsonObject{{QStringLiteral("severity"), QStringLiteral("error")},
                                    {QStringLiteral("code"), QStringLiteral("invalid")},
                                    {QStringLiteral("diagnostics"), diagnostics}}}}};
}

} // namespace

void SandboxDestination::clear() {
    m_resources.clear();
    m_bundles = 0;
    m_writes = 0;
}

bool SandboxDestination::failing() const {
    return m_failing && (!m_outageEnds.isValid() || QDateTime::currentDateTimeUtc() < m_outageEnds);
}

HttpResponse SandboxDestination::handle(const HttpRequest &request) {
    if (m_outageSeconds > 0 && !m_outageEnds.isValid())
        m_outageEnds = QDateTime::currentDateTimeUtc().addSecs(m_outageSeconds);
    if (failing())
        return operationOutcome(503, "transient", QStringLiteral("destination switched to fail"));
    if (request.path == QLatin1String("/fhir") || request.path == QLatin1String("/fhir/")) {
        if (request.method != "POST")
            return operationOutcome(405, "not-supported",
                                    QStringLiteral("POST a batch or transaction Bundle"));
        return receiveBundle(request);
    }
    if (request.path.startsWith(QLatin1String("/fhir/")) && request.method == "GET")
        return read(request.path.mid(6));
    return operationOutcome(404, "not-found", QStringLiteral("no such endpoint"));
}

HttpResponse SandboxDestination::read(const QString &key) const {
    const auto found = m_resources.constFind(key);
    if (found == m_resources.cend())
        return operationOutcome(404, "not-found", key + QStringLiteral(" not found"));
    HttpResponse response = HttpResponse::json(200, found->json, "application/fhir+json");
    response.setHeader("ETag", "W/\"" + QByteArray::number(found->version) + '"');
    return response;
}

HttpResponse SandboxDestination::receiveBundle(const HttpRequest &request) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    const QJsonObject bundle = document.object();
    const QString type = bundle.value(QStringLiteral("type")).toString();
    if (error.error != QJsonParseError::NoError ||
        bundle.value(QStringLiteral("resourceType")).toString() != QLatin1String("Bundle"))
        return operationOutcome(400, "structure", QStringLiteral("body is not a FHIR Bundle"));
    const bool transaction = type == QLatin1String("transaction");
    if (!transaction && type != QLatin1String("batch"))
        return operationOutcome(400, "value",
                                QStringLiteral("Bundle.type must be batch or transaction"));

    struct Checked {
        QString key;
        QJsonObject resource;
        QString problem;
    };
    QList<Checked> checked;
    for (const QJsonValue &value : bundle.value(QStringLiteral("entry")).toArray()) {
        const QJsonObject entry = value.toObject();
        const QJsonObject req = entry.value(QStringLiteral("request")).toObject();
        const QString url = req.value(QStringLiteral("url")).toString();
        Checked item{url, entry.value(QStringLiteral("resource")).toObject(), QString()};
        const QString resourceType = item.resource.value(QStringLiteral("resourceType")).toString();
        const QString urlType = url.section(QRegularExpression(QStringLiteral("[/?]")), 0, 0);
        if (req.value(QStringLiteral("method")).toString() != QLatin1String("PUT"))
            item.problem = QStringLiteral("only PUT entries are accepted");
        else if (url.isEmpty() || resourceType.isEmpty() || urlType != resourceType)
            item.problem = QStringLiteral("request.url must name the resource's type");
        else if (url.contains(QLatin1Char('/')) &&
                 url.section(QLatin1Char('/'), 1) !=
                     item.resource.value(QStringLiteral("id")).toString())
            item.problem = QStringLiteral("request.url id differs from the resource id");
        checked.append(item);
    }
    if (transaction) {
        for (const Checked &item : checked) {
            if (!item.problem.isEmpty())
                return operationOutcome(
                    400, "processing",
                    QStringLiteral("transaction rolled back: %1: %2").arg(item.key, item.problem));
        }
    }

    ++m_bundles;
    QJsonArray entries;
    for (const Checked &item : checked) {
        QJsonObject response;
        if (!item.problem.isEmpty()) {
            response.insert(QStringLiteral("status"), QStringLiteral("400 Bad Request"));
            response.insert(QStringLiteral("outcome"), outcome(item.problem));
            entries.append(QJsonObject{{QStringLiteral("response"), response}});
            continue;
        }
        const QByteArray json = QJsonDocument(item.resource).toJson(QJsonDocument::Compact);
        auto found = m_resources.find(item.key);
        QString status = QStringLiteral("200 OK");
        if (found == m_resources.end()) {
            found = m_resources.insert(item.key, {json, 1});
            status = QStringLiteral("201 Created");
        } else if (found->json != json) {
            found->json = json;
            ++found->version;
        }
        ++m_writes;
        const QString type = item.resource.value(QStringLiteral("resourceType")).toString();
        const QString id = item.resource.value(QStringLiteral("id")).toString();
        response.insert(QStringLiteral("status"), status);
        response.insert(QStringLiteral("location"),
                        QStringLiteral("%1/%2/_history/%3").arg(type, id).arg(found->version));
        response.insert(QStringLiteral("etag"), QStringLiteral("W/\"%1\"").arg(found->version));
        entries.append(QJsonObject{{QStringLiteral("response"), response}});
    }
    const QJsonObject reply{{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
                            {QStringLiteral("type"), transaction
                                                         ? QStringLiteral("transaction-response")
                                                         : QStringLiteral("batch-response")},
                            {QStringLiteral("entry"), entries}};
    return HttpResponse::json(200, QJsonDocument(reply).toJson(QJsonDocument::Compact),
                              "application/fhir+json");
}

QJsonObject SandboxDestination::describe(const QString &origin, bool withKeys) const {
    QMap<QString, int> counts;
    QStringList keys;
    for (auto it = m_resources.cbegin(); it != m_resources.cend(); ++it) {
        ++counts[it.key().section(QRegularExpression(QStringLiteral("[/?]")), 0, 0)];
        if (withKeys)
            keys.append(it.key());
    }
    QJsonObject countsJson;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        countsJson.insert(it.key(), it.value());
    QJsonObject result{{QStringLiteral("name"), m_name},
                       {QStringLiteral("fhirBase"), origin + QStringLiteral("/destinations/") +
                                                        m_name + QStringLiteral("/fhir")},
                       {QStringLiteral("failing"), failing()},
                       {QStringLiteral("total"), int(m_resources.size())},
                       {QStringLiteral("bundles"), m_bundles},
                       {QStringLiteral("writes"), m_writes},
                       {QStringLiteral("counts"), countsJson}};
    if (withKeys) {
        keys.sort();
        result.insert(QStringLiteral("resources"), QJsonArray::fromStringList(keys));
    }
    return result;
}

} // namespace medpull::sandbox
