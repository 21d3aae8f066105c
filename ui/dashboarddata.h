// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "authevent.h"
#include "connection.h"
#include "deliverystore.h"
#include "exportdestination.h"
#include "patient.h"
#include "pull.h"
#include "source.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QPointF>
#include <QString>

// What the read models are filled with: value types assembled on the loader
// thread from the repositories, so the GUI thread never runs a query.
namespace medpull {

// An account as the patient page shows it.
struct AccountInfo {
    Connection connection;
    QString sourceName;
    qint64 resourceCount = 0;
    // Where the portal's record does not look like this patient's: another
    // name, or a record already linked to another patient.
    QStringList identityWarnings;
};

struct AuthEventInfo {
    AuthEvent event;
    QString sourceName;
};

struct DeliveryInfo {
    Delivery delivery;
    QString destinationName;
    QString sourceName;
};

// A running pull's progress on an account, as the engine reports it.
struct AccountProgress {
    qint64 pullId = 0;
    qint64 pages = 0;
    qint64 resources = 0;
    int queriesDone = 0;
    int queriesTotal = 0;
    QString currentResourceType;
};

// One line of a chart: points in (milliseconds since epoch, value).
struct ChartLine {
    QString name;
    QList<QPointF> points;
};

// Everything on the patient page except the paged pull history.
struct PatientDetail {
    PatientSummary summary;
    QList<AccountInfo> accounts;
    QList<AuthEventInfo> authEvents;
    QList<DeliveryInfo> deliveries;
    QMap<QString, qint64> countsByType;
    // Resources stored over time, one line per account.
    QList<ChartLine> growth;
    // Duration in seconds of the most recent settled pulls, oldest first,
    // one line per account.
    QList<ChartLine> durations;
};

// One page of a patient's pull history, newest first.
struct PullPage {
    qint64 patientId = 0;
    int offset = 0;
    qint64 total = 0;
    QList<Pull> pulls;
};

// One page of an export destination's deliveries, newest first.
struct DeliveryPage {
    qint64 destinationId = 0;
    int offset = 0;
    QList<DeliveryRow> rows;
    bool hasMore = false;
};

// A stored resource's identity, for the records viewer.
struct ResourceKey {
    qint64 connectionId = 0;
    QString resourceType;
    QString fhirId;
    QString sourceName;
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::PatientDetail)
Q_DECLARE_METATYPE(medpull::PullPage)
Q_DECLARE_METATYPE(medpull::DeliveryPage)
Q_DECLARE_METATYPE(medpull::ResourceKey)
