// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "authevent.h"
#include "fhirclient.h"
#include "source.h"
#include "tokenset.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace medpull {

class Database;
class TokenClient;
class TokenRequest;
class TokenVault;
struct TokenResult;

// The tokens of one connection during a pull: hands the access token to the
// FhirClient, refreshes it before expiry or after a 401 (one refresh for all
// requests waiting on it), stores what the portal returns sealed, and turns
// `invalid_grant` into refresh_failed with an auth event.
class ConnectionTokens : public QObject, public AccessTokenProvider {
    Q_OBJECT

public:
    ConnectionTokens(const Database &database, const TokenVault &vault, TokenClient *client,
                     const Source &source, qint64 connectionId, const TokenSet &tokens,
                     QObject *parent = nullptr);

    QString accessToken() const override { return m_tokens.accessToken; }
    void refreshAccessToken(const QString &rejectedToken,
                            std::function<void(bool ok, const QString &error)> done) override;
    // Refreshes now; `done` as above.
    void refresh(std::function<void(bool ok, const QString &error)> done);
    bool expiresWithin(int seconds) const;
    // The portal refused the refresh token: the connection is refresh_failed.
    bool isRevoked() const { return m_revoked; }

signals:
    void authEvent(const medpull::AuthEvent &event);
    void revoked(const QString &message);

private:
    void onRefreshed(const TokenResult &result);

    const Database &m_db;
    const TokenVault &m_vault;
    TokenClient *m_client;
    Source m_source;
    qint64 m_connectionId;
    TokenSet m_tokens;
    QPointer<TokenRequest> m_request;
    QList<std::function<void(bool, const QString &)>> m_waiting;
    bool m_revoked = false;
};

} // namespace medpull
