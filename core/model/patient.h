// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "enums.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace medpull {

// A person known to this installation.
struct Patient {
    qint64 id = 0;
    QString displayName;
    QString externalId;
    QDateTime createdAt;
};

// One row of the dashboard's patient list: a patient with the derived record
// status and the latest pull time.
struct PatientSummary {
    Patient patient;
    RecordStatus recordStatus = RecordStatus::NotConnected;
    QDateTime latestPullAt;
    int accountCount = 0;
    int attentionCount = 0;
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::Patient)
Q_DECLARE_METATYPE(medpull::PatientSummary)
