// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "enums.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace medpull {

// One thing that needs a person (the attention inbox): an account whose
// sign-in or refresh token failed, an account whose automatic retries are
// used up, or a delivery that keeps failing.
struct AttentionItem {
    FailureKind kind = FailureKind::RetrievalError;
    qint64 patientId = 0;
    QString patientName;
    qint64 connectionId = 0; // the account, for every kind
    qint64 deliveryId = 0;   // destination_export_failed only
    qint64 pullId = 0;       // the pull to inspect or retry, where there is one
    // The source, or for a delivery the export destination.
    QString where;
    QDateTime since;
    QString lastError; // stored form (errorcode.h)
    // destination_export_failed: still retried automatically, or given up,
    // and when the next automatic attempt runs.
    bool retrying = false;
    QDateTime nextAttemptAt;
    // Attempts so far: a delivery's, or an account's automatic retries.
    int attempts = 0;

    // Unique across kinds: accounts by id, deliveries by negated id.
    qint64 key() const { return deliveryId > 0 ? -deliveryId : connectionId; }
    friend bool operator==(const AttentionItem &, const AttentionItem &) = default;
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::AttentionItem)
