// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "operationoutcome.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace medpull::OperationOutcome {

QString text(const QByteArray &body) {
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    return doc.isObject() ? text(doc.object()) : QString();
}

QString text(const QJsonObject &outcome) {
    if (outcome.value(QLatin1String("resourceType")).toString() !=
        QLatin1String("OperationOutcome"))
        return {};
    QStringList parts;
    const QJsonArray issues = outcome.value(QLatin1String("issue")).toArray();
    for (const QJsonValue &value : issues) {
        const QJsonObject issue = value.toObject();
        QString message = issue.value(QLatin1String("diagnostics")).toString().simplified();
        if (message.isEmpty()) {
            message = issue.value(QLatin1String("details"))
                          .toObject()
                          .value(QLatin1String("text"))
                          .toString()
                          .simplified();
        }
        const QString code = issue.value(QLatin1String("code")).toString();
        if (message.isEmpty())
            message = code;
        if (message.isEmpty())
            continue;
        const QString severity = issue.value(QLatin1String("severity")).toString();
        if (!severity.isEmpty() && severity != QLatin1String("error"))
            message = severity + QLatin1String(": ") + message;
        parts << message;
    }
    return parts.join(QLatin1String("; "));
}

QStringList codes(const QByteArray &body) {
    const QJsonObject outcome = QJsonDocument::fromJson(body).object();
    if (outcome.value(QLatin1String("resourceType")).toString() !=
        QLatin1String("OperationOutcome"))
        return {};
    QStringList found;
    for (const QJsonValue &issue : outcome.value(QLatin1String("issue")).toArray())
        found << issue.toObject().value(QLatin1String("code")).toString();
    return found;
}

} // namespace medpull::OperationOutcome
