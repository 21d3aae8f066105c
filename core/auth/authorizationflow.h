// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "authevent.h"
#include "clientauth.h"
#include "pkce.h"
#include "signinlinks.h"
#include "tokenset.h"

#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace medpull {

class RedirectListener;
class TokenClient;
class TokenRequest;
struct TokenResult;

struct AuthorizationResult {
    enum class Failure {
        None,
        Denied,         // the portal redirected with error=access_denied
        ErrorCallback,  // any other error on the redirect
        StateMismatch,  // the redirect's state is not ours
        ExchangeFailed, // the token endpoint refused the code (or was unreachable)
        Timeout,        // nobody came back in time
        Cancelled,
        ListenFailed,   // no loopback port for the redirect
        InvalidRequest, // bad configuration: insecure endpoint, no client id ...
    };

    Failure failure = Failure::None;
    TokenSet tokens;
    QString errorCode; // the portal's or token endpoint's `error`
    QString errorDescription;
    // Why it failed, stored form (errorcode.h); never contains a token or
    // the code.
    QString error;

    bool ok() const { return failure == Failure::None; }
};
QString nameOf(AuthorizationResult::Failure failure);

// A SMART standalone launch: authorization code with PKCE S256 and a random
// state, redirect to a loopback listener (RFC 8252), code exchange. Emits
// authEvent() for each step (session started, callback received, code
// exchanged) with connectionId 0 for the engine to fill in; none carries a
// token or the code.
//
// Qt NetworkAuth is not used: Qt 6.4's QOAuth2AuthorizationCodeFlow has no
// PKCE and its reply handler offers little control over the loopback page and
// the error callback, so the two requests are written directly.
class AuthorizationFlow : public QObject {
    Q_OBJECT

public:
    struct Request {
        QUrl fhirBase; // becomes `aud`
        QUrl authorizeUrl;
        QUrl tokenUrl;
        QString clientId;
        // How the code exchange authenticates; empty clientId: a public
        // client with `clientId`.
        ClientAuth clientAuth;
        QString portalName; // named on the page the patient sees after signing in
        QStringList scopes; // empty: SmartDiscovery::defaultScopes(v2Scopes)
        bool v2Scopes = true;
        int timeoutMs = 10 * 60 * 1000;
        quint16 redirectPort = 0; // 0: any free port
        QString redirectPath = QStringLiteral("/callback");
        // A redirect URI registered at the portal (http://127.0.0.1:PORT/PATH):
        // sets redirectPort and redirectPath, and is sent exactly as given.
        QUrl fixedRedirectUri;
    };

    AuthorizationFlow(QNetworkAccessManager *network, const Request &request,
                      QObject *parent = nullptr);
    ~AuthorizationFlow() override;

    // Starts listening and emits authorizeUrlReady(); false (and finished())
    // when it cannot.
    bool start();
    void cancel();

    // Called once when the flow ends with the patient's browser waiting on
    // the redirect URI: the links its page offers.
    using PageLinks = std::function<SignInLinks(const AuthorizationResult &)>;
    void setPageLinks(PageLinks links);

    QUrl authorizeUrl() const { return m_authorizeUrl; }
    QUrl redirectUri() const;
    bool isFinished() const { return m_finished; }
    // private_key_jwt: the signing key the portal accepted for the code.
    QString acceptedKeyId() const { return m_acceptedKeyId; }

    static QUrl buildAuthorizeUrl(const Request &request, const QUrl &redirectUri,
                                  const QByteArray &state, const QByteArray &codeChallenge);

signals:
    void authorizeUrlReady(const QUrl &url);
    void authEvent(const medpull::AuthEvent &event);
    void finished(const medpull::AuthorizationResult &result);

private:
    void onCallback(const QUrlQuery &query);
    void onExchanged(const TokenResult &result);
    QString portalName() const;
    void emitEvent(AuthEventType type, AuthOutcome outcome, const QString &errorCode,
                   const QString &errorDescription, const QString &detail);
    void finish(AuthorizationResult result);

    QNetworkAccessManager *m_network;
    Request m_request;
    RedirectListener *m_listener;
    TokenClient *m_tokenClient;
    QPointer<TokenRequest> m_exchange;
    QTimer m_timeout;
    Pkce m_pkce;
    QByteArray m_state;
    QUrl m_authorizeUrl;
    QString m_acceptedKeyId;
    PageLinks m_pageLinks;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::AuthorizationResult)
