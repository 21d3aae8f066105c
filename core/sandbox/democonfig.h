// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "engine.h"
#include "sandboxserver.h"

#include <QList>
#include <QString>

namespace medpull {

// The demo's story, as resources/demo/demo.json tells it: the sandbox it runs
// against, how many people are connected, the faults staged at the portals
// (a page the engine cannot read, so a pull ends partial and its automatic
// retry succeeds), the portal whose account loses its refresh token, the
// retry schedules short enough for all of it to happen within a minute, and
// the export destinations: an NDJSON folder, a warehouse whose short outage
// the automatic delivery retry rides out, and a registry down long enough
// that its deliveries wait for someone to press Retry.
struct DemoConfig {
    struct Destination {
        QString name;
        DestinationKind kind = DestinationKind::NdjsonFolder;
        QString sandboxDestination; // a FHIR server: the sandbox destination's name
        int outageSeconds = 0;      // from its first refused delivery; 0: none
    };

    SandboxOptions sandbox;
    int patients = 12;
    QString faults;
    QString refreshFailurePortal;
    Backoff retrySchedule;
    QList<int> deliveryRetrySeconds;
    QList<Destination> destinations;

    // The engine runs the demo with its retry schedules.
    void applyTo(EngineOptions *options) const;

    // Reads the configuration compiled into medpull_sandbox
    // (:/demo/demo.json); `error` says what is wrong with it.
    static DemoConfig load(QString *error);
    static DemoConfig fromJson(const QByteArray &json, QString *error);
};

} // namespace medpull
