// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "democonfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace medpull {

namespace {

QList<int> seconds(const QJsonValue &value) {
    QList<int> result;
    for (const QJsonValue &entry : value.toArray())
        result.append(entry.toInt());
    return result;
}

QStringList strings(const QJsonValue &value) {
    QStringList result;
    for (const QJsonValue &entry : value.toArray())
        result.append(entry.toString());
    return result;
}

} // namespace

void DemoConfig::applyTo(EngineOptions *options) const {
    options->retrySchedule = retrySchedule;
    options->deliveryRetrySeconds = deliveryRetrySeconds;
}

DemoConfig DemoConfig::load(QString *error) {
    QFile file(QStringLiteral(":/demo/demo.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    return fromJson(file.readAll(), error);
}

DemoConfig DemoConfig::fromJson(const QByteArray &json, QString *error) {
    QJsonParseError parseError;
    const QJsonObject root = QJsonDocument::fromJson(json, &parseError).object();
    if (parseError.error != QJsonParseError::NoError) {
        *error = parseError.errorString();
        return {};
    }
    DemoConfig config;
    const QJsonObject sandbox = root.value(QStringLiteral("sandbox")).toObject();
    config.sandbox.patients = sandbox.value(QStringLiteral("patients")).toInt();
    config.sandbox.resourcesPerPatient =
        sandbox.value(QStringLiteral("resourcesPerPatient")).toInt();
    config.sandbox.latencyMs = sandbox.value(QStringLiteral("latencyMs")).toInt();
    config.sandbox.registrationPortals =
        strings(sandbox.value(QStringLiteral("registrationPortals")));
    config.sandbox.destinations = strings(sandbox.value(QStringLiteral("destinations")));
    config.patients = root.value(QStringLiteral("patients")).toInt();
    config.faults = root.value(QStringLiteral("faults")).toString();
    config.refreshFailurePortal = root.value(QStringLiteral("refreshFailure")).toString();
    config.retrySchedule.waitSeconds = seconds(root.value(QStringLiteral("retrySeconds")));
    config.deliveryRetrySeconds = seconds(root.value(QStringLiteral("deliveryRetrySeconds")));
    for (const QJsonValue &value : root.value(QStringLiteral("destinations")).toArray()) {
        const QJsonObject object = value.toObject();
        Destination destination;
        destination.name = object.value(QStringLiteral("name")).toString();
        const auto kind =
            fromName<DestinationKind>(object.value(QStringLiteral("kind")).toString());
        if (!kind ||
            (*kind != DestinationKind::NdjsonFolder && *kind != DestinationKind::FhirServer)) {
            *error =
                QStringLiteral("destination '%1': kind is neither ndjson_folder nor fhir_server")
                    .arg(destination.name);
            return {};
        }
        destination.kind = *kind;
        destination.sandboxDestination = object.value(QStringLiteral("sandbox")).toString();
        destination.outageSeconds = object.value(QStringLiteral("outageSeconds")).toInt();
        config.destinations.append(destination);
    }
    if (config.patients < 1 || config.sandbox.patients < 1 ||
        config.retrySchedule.waitSeconds.isEmpty() || config.deliveryRetrySeconds.isEmpty()) {
        *error = QStringLiteral("patients, sandbox.patients, retrySeconds and "
                                "deliveryRetrySeconds must be given");
        return {};
    }
    return config;
}

} // namespace medpull
