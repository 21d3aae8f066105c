// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "authevent.h"
#include "backoff.h"
#include "connection.h"
#include "pull.h"

namespace medpull {

class Database;

// What a failure does to an account, decided in one place per failure kind
// (DESIGN.md's table): the state, the failure kind and its detail (stored as
// an error code), the automatic retry, and for a refused refresh token the
// authorization event. The engine, the pull runner and the token refresher
// call these instead of writing connection states themselves, so a failure
// always ends in a named state with its next step, and whatever else must
// happen with a failure has one spot. Call inside the caller's transaction
// where it has one.
class AccountFailures {
public:
    explicit AccountFailures(const Database &database, Backoff schedule = {})
        : m_db(database)
        , m_schedule(std::move(schedule)) {}

    // portal_auth_failed: the patient did not grant usable access (denied,
    // an error redirect, a failed code exchange, a timeout). Waits for the
    // patient; never retried automatically.
    Connection portalAuthFailed(qint64 connectionId, const QString &storedDetail);

    // token_refresh_failed: the stored refresh token cannot be used. Records
    // `event` (a refresh_failed authorization event), stops the account's
    // queued pulls and its automatic retry; waits for a reconnect.
    struct RefreshFailure {
        Connection connection;
        AuthEvent event;
    };
    RefreshFailure tokenRefreshFailed(qint64 connectionId, AuthEvent event);

    // retrieval_error, or its end: after `pull` settled. A failed or partial
    // pull with retryable queries (timeouts, 5xx, 429, network errors)
    // schedules the next automatic retry: the first failure starts the
    // schedule, each failed automatic retry moves it one step on, and once no
    // step is left the account needs a person. A pull a person started (or a
    // scheduled one) while a schedule runs leaves it alone. A succeeded pull
    // ends the retrieval error.
    Connection pullSettled(const Pull &pull, bool retryable);

    const Backoff &schedule() const { return m_schedule; }

private:
    const Database &m_db;
    Backoff m_schedule;
};

} // namespace medpull
