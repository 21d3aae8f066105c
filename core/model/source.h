// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "enums.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace medpull {

// A patient-access FHIR endpoint (portal).
struct Source {
    qint64 id = 0;
    QString name;
    QUrl fhirBase;
    QString clientId;
    QStringList scopes;
    QUrl authorizeUrl;
    QUrl tokenUrl;
    QUrl revocationUrl;
    // The portal's .well-known/smart-configuration as discovered.
    QJsonObject smartConfiguration;
    // From the CapabilityStatement, or configured.
    QStringList resourceTypes;
    // Types whose search supports _lastUpdated: re-pulls ask only for changes.
    QStringList incrementalTypes;
    // Types the portal only searches by category (Epic's Observation); learnt
    // from the portal's 400 answer to a search without one.
    QStringList perCategoryTypes;
    // Types the portal searches by `_id` (from the CapabilityStatement):
    // referenced resources of these are fetched many ids to a request.
    QStringList idSearchTypes;
    // The portal offers Patient/[id]/$everything: a pull asks for the whole
    // record in a few large pages instead of a search per type.
    bool patientEverything = false;
    int maxConcurrentRequests = 4;
    double requestsPerSecond = 0; // 0: unlimited
    int pullIntervalSeconds = 24 * 60 * 60;
    int fullPullDays = 7;
    QDateTime createdAt;

    // Registration settings, as the portal's admin registered medpull.
    ClientAuthMethod clientAuth = ClientAuthMethod::None;
    // The redirect URI exactly as registered at the portal
    // (http://127.0.0.1:PORT/PATH); empty: loopback on any free port (RFC 8252).
    QUrl redirectUri;
    // A disabled source starts no connects and no scheduled pulls; its
    // accounts and their history stay.
    bool enabled = true;
    // The client secret and private signing keys, sealed with the token key
    // (ClientCredentials::seal); never in clear outside the engine.
    QByteArray sealedCredentials;
    // The public JWKS of the signing keys, for the portal's admin.
    QJsonObject jwks;
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::Source)
