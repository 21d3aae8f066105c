// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "accountfailures.h"

#include "autheventrepository.h"
#include "connectionrepository.h"
#include "database.h"
#include "eventoutbox.h"
#include "pullrepository.h"
#include "storeerror.h"

namespace medpull {

namespace {

Connection existing(const ConnectionRepository &connections, qint64 connectionId) {
    const auto connection = connections.get(connectionId);
    if (!connection)
        throw StoreError(QStringLiteral("no account %1").arg(connectionId));
    return *connection;
}

} // namespace

Connection AccountFailures::portalAuthFailed(qint64 connectionId, const QString &storedDetail) {
    ConnectionRepository connections(m_db);
    existing(connections, connectionId);
    connections.setState(connectionId, ConnectionState::AuthFailed, FailureKind::PortalAuthFailed,
                         storedDetail);
    connections.setRetry(connectionId, 0, {});
    EventOutbox::record(m_db, EventType::ConnectionAuthFailed, connectionId);
    return *connections.get(connectionId);
}

AccountFailures::RefreshFailure AccountFailures::tokenRefreshFailed(qint64 connectionId,
                                                                    AuthEvent event) {
    ConnectionRepository connections(m_db);
    existing(connections, connectionId);
    connections.setState(connectionId, ConnectionState::RefreshFailed,
                         FailureKind::TokenRefreshFailed, event.detail);
    connections.setRetry(connectionId, 0, {});
    // Pulls for it stop until the patient reconnects.
    PullRepository(m_db).cancelQueued(connectionId);
    EventOutbox::record(m_db, EventType::ConnectionTokenRefreshFailed, connectionId);
    event.connectionId = connectionId;
    event.type = AuthEventType::RefreshFailed;
    event.outcome = AuthOutcome::Failure;
    return {*connections.get(connectionId), AuthEventRepository(m_db).add(event)};
}

Connection AccountFailures::pullSettled(const Pull &pull, bool retryable) {
    ConnectionRepository connections(m_db);
    const Connection connection = existing(connections, pull.connectionId);
    if (connection.state != ConnectionState::Active)
        return connection;
    if (pull.status == PullStatus::Succeeded) {
        if (connection.failureKind == FailureKind::RetrievalError || connection.retryAt.isValid()) {
            connections.setState(pull.connectionId, ConnectionState::Active);
            connections.setRetry(pull.connectionId, 0, {});
        }
        return *connections.get(pull.connectionId);
    }
    if (pull.failureKind != FailureKind::RetrievalError)
        return connection;

    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (pull.trigger == PullTrigger::Retry) {
        // The automatic retry `retryAttempt` has run and failed.
        const int next = connection.retryAttempt + 1;
        const QDateTime at = retryable ? m_schedule.nextAttempt(next, now) : QDateTime();
        connections.setRetry(pull.connectionId, at.isValid() ? next : connection.retryAttempt, at);
    } else if (connection.failureKind != FailureKind::RetrievalError) {
        const QDateTime at = retryable ? m_schedule.nextAttempt(1, now) : QDateTime();
        connections.setRetry(pull.connectionId, at.isValid() ? 1 : 0, at);
    }
    connections.setState(pull.connectionId, ConnectionState::Active, FailureKind::RetrievalError,
                         pull.error);
    return *connections.get(pull.connectionId);
}

} // namespace medpull
