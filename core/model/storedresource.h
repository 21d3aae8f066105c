// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace medpull {

// A raw FHIR resource as the source returned it, keyed by
// (connection, resourceType, fhirId).
struct StoredResource {
    qint64 id = 0;
    qint64 connectionId = 0;
    QString resourceType;
    QString fhirId;
    int version = 1; // local version number, 1 for the first content seen
    QByteArray contentHash;
    QByteArray content;
    bool deleted = false;
    qint64 changedPullId = 0; // the pull that stored the current content
    qint64 lastPullId = 0;    // the pull that last saw it
    QDateTime storedAt;
};

// A resource as it arrives from a FHIR page, before it is stored.
struct IncomingResource {
    QString resourceType;
    QString fhirId;
    QByteArray content; // the exact bytes received
};

// An earlier content of a resource that has since changed.
struct ResourceVersion {
    int version = 0;
    QByteArray contentHash;
    QByteArray content;
    QDateTime storedAt;
    qint64 pullId = 0;
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::StoredResource)
