// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "connectiontokens.h"

#include "accountfailures.h"
#include "autheventrepository.h"
#include "database.h"
#include "errorcode.h"
#include "sourcesettings.h"
#include "storeerror.h"
#include "tokenclient.h"
#include "tokenrepository.h"
#include "tokenvault.h"
#include "transaction.h"

namespace medpull {

ConnectionTokens::ConnectionTokens(const Database &database, const TokenVault &vault,
                                   TokenClient *client, const Source &source, qint64 connectionId,
                                   const TokenSet &tokens, QObject *parent)
    : QObject(parent)
    , m_db(database)
    , m_vault(vault)
    , m_client(client)
    , m_source(source)
    , m_connectionId(connectionId)
    , m_tokens(tokens) {}

bool ConnectionTokens::expiresWithin(int seconds) const {
    return m_tokens.expiresWithin(seconds, QDateTime::currentDateTimeUtc());
}

void ConnectionTokens::refreshAccessToken(const QString &rejectedToken,
                                          std::function<void(bool, const QString &)> done) {
    // Another request already got a fresh token: use it.
    if (rejectedToken != m_tokens.accessToken && !m_request) {
        done(true, {});
        return;
    }
    refresh(std::move(done));
}

void ConnectionTokens::refresh(std::function<void(bool, const QString &)> done) {
    if (m_revoked) {
        done(false, QStringLiteral("the refresh token was refused"));
        return;
    }
    m_waiting.append(std::move(done));
    if (m_request)
        return;
    if (m_tokens.refreshToken.isEmpty()) {
        TokenResult result;
        result.status = TokenResult::Status::InvalidGrant;
        result.message = QStringLiteral("no refresh token was granted (offline_access)");
        onRefreshed(result);
        return;
    }
    QString why;
    const std::optional<ClientAuth> client = ClientAuth::forSource(m_source, m_vault, &why);
    if (!client) {
        TokenResult result;
        result.status = TokenResult::Status::Rejected;
        result.message = why;
        onRefreshed(result);
        return;
    }
    m_request = m_client->refresh(m_source.tokenUrl, *client, m_tokens);
    connect(m_request, &TokenRequest::finished, this, &ConnectionTokens::onRefreshed);
}

void ConnectionTokens::onRefreshed(const TokenResult &result) {
    // The finished request lingers until deleted; a refresh asked for from
    // now on must start a new one, not wait on this.
    m_request.clear();
    AuthEvent event;
    event.connectionId = m_connectionId;
    event.type = result.ok() ? AuthEventType::TokenRefreshed : AuthEventType::RefreshFailed;
    event.outcome = result.ok() ? AuthOutcome::Success : AuthOutcome::Failure;
    event.errorCode = result.errorCode;
    event.errorDescription = result.errorDescription;

    // Runs from a network reply: a database error must not escape into the
    // event loop. The refreshed tokens stay in use in memory; the pull that
    // asked stops at its next write, and resumes once the database is back.
    try {
        if (result.ok()) {
            m_tokens = result.tokens;
            const SealedTokens sealed = m_vault.seal(m_tokens);
            TokenRecord record{m_connectionId,
                               sealed.ciphertext,
                               sealed.nonce,
                               sealed.keyId,
                               m_tokens.expiresAt,
                               m_tokens.scope,
                               {}};
            TokenRepository(m_db).save(record);
            confirmSigningKey(m_db, m_vault, m_source.id, result.keyId);
            event.detail = storedError(result.rotated ? QStringLiteral("token_rotated")
                                                      : QStringLiteral("token_kept"));
            event = AuthEventRepository(m_db).add(event);
        } else if (result.status == TokenResult::Status::Transient) {
            event.detail = result.message;
        } else {
            // The portal refused the refresh token: only the patient can fix it.
            m_revoked = true;
            event.detail = storedError(QStringLiteral("refresh_refused"), {result.message});
            Transaction transaction(m_db);
            event = AccountFailures(m_db).tokenRefreshFailed(m_connectionId, event).event;
            transaction.commit();
        }
        // Transient failures are retried by the pull; only outcomes are history.
        if (result.status != TokenResult::Status::Transient)
            emit authEvent(event);
    } catch (const StoreError &error) {
        qWarning("medpull: cannot record the token refresh of account %lld: %s", m_connectionId,
                 qPrintable(error.message()));
    }
    if (m_revoked)
        emit revoked(result.message);

    const auto waiting = std::exchange(m_waiting, {});
    for (const auto &done : waiting)
        done(result.ok(), result.message);
}

} // namespace medpull
