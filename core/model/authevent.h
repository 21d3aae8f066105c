// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "enums.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace medpull {

// One step of a connection's authorization history. Never holds a token.
struct AuthEvent {
    qint64 id = 0;
    qint64 connectionId = 0;
    QDateTime occurredAt;
    AuthEventType type = AuthEventType::SessionStarted;
    AuthOutcome outcome = AuthOutcome::Success;
    QString errorCode;
    QString errorDescription;
    QString detail;
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::AuthEvent)
