// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "clientauth.h"
#include "tokenset.h"

#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace medpull {

// The outcome of one token endpoint call.
struct TokenResult {
    enum class Status {
        Ok,
        InvalidGrant, // the code or refresh token is dead: refresh_failed / auth_failed
        Rejected,     // any other OAuth error (invalid_client ...): needs a person
        Transient,    // network, timeout, 5xx, 429, garbage: try again later
    };

    Status status = Status::Transient;
    TokenSet tokens;      // for Ok: the new set, refresh token carried over if not rotated
    bool rotated = false; // a refresh returned a new refresh token
    QString errorCode;    // RFC 6749 "error", when the server sent one
    QString errorDescription;
    int httpStatus = 0;
    QString message; // one line for events and logs; never contains a token
    QString keyId;   // private_key_jwt: the signing key the portal accepted

    bool ok() const { return status == Status::Ok; }
};
QString nameOf(TokenResult::Status status);

class TokenRequest : public QObject {
    Q_OBJECT

public:
    void abort();

signals:
    void finished(const medpull::TokenResult &result);

private:
    friend class TokenClient;
    // `send(attempt)` posts the request with the client authentication's
    // attempt-th way (signing key); null when it cannot be sent.
    // `keyIds`: one per attempt (empty strings without signing keys).
    TokenRequest(std::function<QNetworkReply *(int attempt, QString *error)> send,
                 const QStringList &keyIds, const TokenSet &previous, QObject *parent);
    void sendAttempt();
    void onFinished();
    void finish(const TokenResult &result);

    std::function<QNetworkReply *(int, QString *)> m_send;
    QStringList m_keyIds;
    int m_attempt = 0;
    QPointer<QNetworkReply> m_reply;
    TokenSet m_previous;
    bool m_finished = false;
};

// Calls a SMART token endpoint: the authorization code exchange and the
// refresh_token grant, authenticating the client as its ClientAuth says
// (public: client_id in the form; a secret; or a signed client assertion,
// falling back to an older signing key when the portal answers
// invalid_client to the newest). Lives in one worker thread, never blocks.
class TokenClient : public QObject {
    Q_OBJECT

public:
    explicit TokenClient(QNetworkAccessManager *network, QObject *parent = nullptr);

    void setTimeout(int ms) { m_timeoutMs = ms; }

    TokenRequest *exchangeCode(const QUrl &tokenUrl, const ClientAuth &client, const QString &code,
                               const QByteArray &codeVerifier, const QUrl &redirectUri);
    TokenRequest *exchangeCode(const QUrl &tokenUrl, const QString &clientId, const QString &code,
                               const QByteArray &codeVerifier, const QUrl &redirectUri) {
        return exchangeCode(tokenUrl, ClientAuth::publicClient(clientId), code, codeVerifier,
                            redirectUri);
    }
    // Keeps `current.refreshToken` when the response carries none (a
    // non-rotating server) and takes the new one when it rotates; patient and
    // scope are carried over likewise.
    TokenRequest *refresh(const QUrl &tokenUrl, const ClientAuth &client, const TokenSet &current);
    TokenRequest *refresh(const QUrl &tokenUrl, const QString &clientId, const TokenSet &current) {
        return refresh(tokenUrl, ClientAuth::publicClient(clientId), current);
    }

private:
    TokenRequest *post(const QUrl &tokenUrl, const ClientAuth &client,
                       const QList<QPair<QString, QString>> &form, const TokenSet &previous);

    QNetworkAccessManager *m_network;
    int m_timeoutMs = 30000;
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::TokenResult)
