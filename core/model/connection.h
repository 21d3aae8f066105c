// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "enums.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <optional>

namespace medpull {

// One patient's authorization at one source, shown as an "account".
struct Connection {
    qint64 id = 0;
    qint64 patientId = 0;
    qint64 sourceId = 0;
    ConnectionState state = ConnectionState::Pending;
    QString fhirPatientId;
    std::optional<FailureKind> failureKind;
    QString failureDetail;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime lastSuccessfulPullAt;
    QDateTime nextPullAt;
    QDateTime lastFullPullAt;
    // The automatic retry after a retrieval error: the number of the retry
    // that is waiting (or the last one, once none is left) and when it runs.
    // A retrieval error with no retry time left needs a person.
    int retryAttempt = 0;
    QDateTime retryAt;
    // Connected without a refresh token (online_access, or offline_access
    // not granted): usable only while the patient's portal session lasts.
    bool sessionOnly = false;

    bool retriesExhausted() const {
        return failureKind == FailureKind::RetrievalError && !retryAt.isValid();
    }
    bool needsAttention() const {
        return state == ConnectionState::AuthFailed || state == ConnectionState::RefreshFailed ||
               (state == ConnectionState::Active && retriesExhausted());
    }
};

// Encrypted token material of one connection. The store never sees plaintext.
struct TokenRecord {
    qint64 connectionId = 0;
    QByteArray ciphertext;
    QByteArray nonce;
    QString keyId;
    QDateTime accessExpiresAt;
    QString scope;
    QDateTime updatedAt;
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::Connection)
