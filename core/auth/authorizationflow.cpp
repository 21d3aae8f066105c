// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "authorizationflow.h"

#include "errorcode.h"
#include "redirectlistener.h"
#include "signinpage.h"
#include "smartdiscovery.h"
#include "tokenclient.h"
#include "urlrules.h"

#include <QUrlQuery>

namespace medpull {

QString nameOf(AuthorizationResult::Failure failure) {
    switch (failure) {
    case AuthorizationResult::Failure::None:
        return QStringLiteral("none");
    case AuthorizationResult::Failure::Denied:
        return QStringLiteral("denied");
    case AuthorizationResult::Failure::ErrorCallback:
        return QStringLiteral("error_callback");
    case AuthorizationResult::Failure::StateMismatch:
        return QStringLiteral("state_mismatch");
    case AuthorizationResult::Failure::ExchangeFailed:
        return QStringLiteral("exchange_failed");
    case AuthorizationResult::Failure::Timeout:
        return QStringLiteral("timeout");
    case AuthorizationResult::Failure::Cancelled:
        return QStringLiteral("cancelled");
    case AuthorizationResult::Failure::ListenFailed:
        return QStringLiteral("listen_failed");
    case AuthorizationResult::Failure::InvalidRequest:
        return QStringLiteral("invalid_request");
    }
    return {};
}

AuthorizationFlow::AuthorizationFlow(QNetworkAccessManager *network, const Request &request,
                                     QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_request(request)
    , m_listener(new RedirectListener(this))
    , m_tokenClient(new TokenClient(network, this)) {
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        AuthorizationResult result;
        result.failure = AuthorizationResult::Failure::Timeout;
        result.error = storedError(QStringLiteral("auth_timeout"),
                                   {QString::number(m_request.timeoutMs / 1000)});
        finish(result);
    });
    connect(m_listener, &RedirectListener::callbackReceived, this, &AuthorizationFlow::onCallback);
}

AuthorizationFlow::~AuthorizationFlow() = default;

void AuthorizationFlow::setPageLinks(PageLinks links) {
    m_pageLinks = std::move(links);
}

QUrl AuthorizationFlow::redirectUri() const {
    return m_request.fixedRedirectUri.isEmpty() ? m_listener->redirectUri()
                                                : m_request.fixedRedirectUri;
}

QUrl AuthorizationFlow::buildAuthorizeUrl(const Request &request, const QUrl &redirectUri,
                                          const QByteArray &state,
                                          const QByteArray &codeChallenge) {
    const QStringList scopes =
        request.scopes.isEmpty() ? SmartDiscovery::defaultScopes(request.v2Scopes) : request.scopes;
    QUrl url = request.authorizeUrl;
    QUrlQuery query(url);
    query.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
    query.addQueryItem(QStringLiteral("client_id"), request.clientId);
    query.addQueryItem(QStringLiteral("redirect_uri"), redirectUri.toString(QUrl::FullyEncoded));
    query.addQueryItem(QStringLiteral("scope"), scopes.join(QLatin1Char(' ')));
    query.addQueryItem(QStringLiteral("state"), QString::fromLatin1(state));
    query.addQueryItem(QStringLiteral("aud"), request.fhirBase.toString(QUrl::FullyEncoded));
    query.addQueryItem(QStringLiteral("code_challenge"), QString::fromLatin1(codeChallenge));
    query.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    // QUrlQuery keeps '+', ':' and '/' as they are; a strict authorization
    // server decodes '+' as a space, so encode it (and the other delimiters)
    // in every value.
    QStringList encoded;
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items)
        encoded << QString::fromLatin1(QUrl::toPercentEncoding(key) + '=' +
                                       QUrl::toPercentEncoding(value));
    url.setQuery(encoded.join(QLatin1Char('&')), QUrl::StrictMode);
    return url;
}

bool AuthorizationFlow::start() {
    if (m_started)
        return !m_finished;
    m_started = true;
    QString invalid;
    if (m_request.clientId.isEmpty())
        invalid = QStringLiteral("no client id configured");
    for (const QUrl &url : {m_request.authorizeUrl, m_request.tokenUrl, m_request.fhirBase}) {
        if (invalid.isEmpty())
            invalid = UrlRules::whyNotAcceptable(url);
    }
    if (invalid.isEmpty() && !m_request.fixedRedirectUri.isEmpty()) {
        const QUrl &fixed = m_request.fixedRedirectUri;
        if (fixed.scheme() != QLatin1String("http") || fixed.host() != QLatin1String("127.0.0.1") ||
            fixed.port() <= 0 || fixed.hasQuery() || fixed.hasFragment())
            invalid =
                tr("the redirect URI %1 is not http://127.0.0.1:PORT/PATH").arg(fixed.toString());
        m_request.redirectPort = quint16(qMax(0, fixed.port()));
        m_request.redirectPath = fixed.path().isEmpty() ? QStringLiteral("/") : fixed.path();
    }
    if (!invalid.isEmpty()) {
        finish(AuthorizationResult{AuthorizationResult::Failure::InvalidRequest,
                                   {},
                                   {},
                                   {},
                                   storedError(QStringLiteral("auth_invalid_request"), {invalid})});
        return false;
    }
    if (!m_listener->listen(m_request.redirectPath, m_request.redirectPort)) {
        finish(AuthorizationResult{
            AuthorizationResult::Failure::ListenFailed,
            {},
            {},
            {},
            storedError(QStringLiteral("auth_listen_failed"), {m_listener->errorString()})});
        return false;
    }
    m_pkce = Pkce::generate();
    m_state = Pkce::randomState();
    m_authorizeUrl = buildAuthorizeUrl(m_request, redirectUri(), m_state, m_pkce.challenge);
    m_timeout.start(m_request.timeoutMs);
    emitEvent(AuthEventType::SessionStarted, AuthOutcome::Success, {}, {},
              storedError(QStringLiteral("auth_session_started"),
                          {m_request.authorizeUrl.toDisplayString(QUrl::RemoveQuery),
                           redirectUri().toString()}));
    emit authorizeUrlReady(m_authorizeUrl);
    return true;
}

void AuthorizationFlow::cancel() {
    if (m_finished)
        return;
    if (m_exchange)
        m_exchange->abort();
    AuthorizationResult result;
    result.failure = AuthorizationResult::Failure::Cancelled;
    result.error = storedError(QStringLiteral("auth_cancelled"));
    finish(result);
}

void AuthorizationFlow::onCallback(const QUrlQuery &query) {
    if (m_finished)
        return;
    const QString error = query.queryItemValue(QStringLiteral("error"), QUrl::FullyDecoded);
    const QString description =
        query.queryItemValue(QStringLiteral("error_description"), QUrl::FullyDecoded).simplified();
    const QString state = query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
    const QString code = query.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);

    // An error redirect is the portal's answer even without a state (some
    // portals drop it on errors), so it is reported as such; a code is only
    // accepted with our state.
    if (!error.isEmpty()) {
        const QString answer =
            description.isEmpty()
                ? storedError(QStringLiteral("auth_portal_error"), {error})
                : storedError(QStringLiteral("auth_portal_error_described"), {error, description});
        emitEvent(AuthEventType::CallbackReceived, AuthOutcome::Failure, error, description,
                  answer);
        const bool denied = error == QLatin1String("access_denied");
        finish(AuthorizationResult{denied ? AuthorizationResult::Failure::Denied
                                          : AuthorizationResult::Failure::ErrorCallback,
                                   {},
                                   error,
                                   description,
                                   answer});
        return;
    }
    if (state != QString::fromLatin1(m_state)) {
        emitEvent(AuthEventType::CallbackReceived, AuthOutcome::Failure, {}, {},
                  storedError(QStringLiteral("auth_state_mismatch")));
        finish(AuthorizationResult{AuthorizationResult::Failure::StateMismatch,
                                   {},
                                   {},
                                   {},
                                   storedError(QStringLiteral("auth_state_mismatch"))});
        return;
    }
    if (code.isEmpty()) {
        emitEvent(AuthEventType::CallbackReceived, AuthOutcome::Failure, {}, {},
                  storedError(QStringLiteral("auth_no_code")));
        finish(AuthorizationResult{AuthorizationResult::Failure::ErrorCallback,
                                   {},
                                   {},
                                   {},
                                   storedError(QStringLiteral("auth_no_code"))});
        return;
    }
    emitEvent(AuthEventType::CallbackReceived, AuthOutcome::Success, {}, {},
              storedError(QStringLiteral("auth_code_received")));
    // The patient's page waits for the exchange, so it can say how it went.
    m_listener->setResponsePage(SignInPage::waiting(portalName()).html());
    m_listener->holdResponse();
    const ClientAuth client = m_request.clientAuth.clientId.isEmpty()
                                  ? ClientAuth::publicClient(m_request.clientId)
                                  : m_request.clientAuth;
    m_exchange = m_tokenClient->exchangeCode(m_request.tokenUrl, client, code, m_pkce.verifier,
                                             redirectUri());
    connect(m_exchange, &TokenRequest::finished, this, &AuthorizationFlow::onExchanged);
}

void AuthorizationFlow::onExchanged(const TokenResult &exchange) {
    if (m_finished)
        return;
    if (!exchange.ok()) {
        emitEvent(AuthEventType::CodeExchanged, AuthOutcome::Failure, exchange.errorCode,
                  exchange.errorDescription,
                  storedError(QStringLiteral("auth_exchange_failed"), {exchange.message}));
        finish(AuthorizationResult{
            AuthorizationResult::Failure::ExchangeFailed,
            {},
            exchange.errorCode,
            exchange.errorDescription,
            storedError(QStringLiteral("auth_exchange_failed"), {exchange.message})});
        return;
    }
    // Without a refresh token (online_access, or offline_access not granted)
    // the account works only while the access token lasts: say so in the
    // account's history too.
    emitEvent(AuthEventType::CodeExchanged, AuthOutcome::Success, {}, {},
              storedError(exchange.tokens.refreshToken.isEmpty()
                              ? QStringLiteral("online_access_only")
                              : QStringLiteral("auth_scope_granted"),
                          {exchange.tokens.scope, exchange.tokens.patient}));
    m_acceptedKeyId = exchange.keyId;
    finish(AuthorizationResult{AuthorizationResult::Failure::None, exchange.tokens, {}, {}, {}});
}

QString AuthorizationFlow::portalName() const {
    return m_request.portalName.isEmpty() ? m_request.fhirBase.host() : m_request.portalName;
}

void AuthorizationFlow::emitEvent(AuthEventType type, AuthOutcome outcome, const QString &errorCode,
                                  const QString &errorDescription, const QString &detail) {
    AuthEvent event;
    event.occurredAt = QDateTime::currentDateTimeUtc();
    event.type = type;
    event.outcome = outcome;
    event.errorCode = errorCode;
    event.errorDescription = errorDescription;
    event.detail = detail;
    emit authEvent(event);
}

void AuthorizationFlow::finish(AuthorizationResult result) {
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    // The patient's browser, if it came back and still waits, learns how it
    // ended. Links are only made for a page someone will see.
    if (m_listener->isBrowserWaiting()) {
        const SignInLinks links = m_pageLinks ? m_pageLinks(result) : SignInLinks{};
        m_listener->setResponsePage(SignInPage::forResult(portalName(), result, links).html());
        m_listener->sendResponse();
    }
    // Closing here (not in the listener's slot) is fine: it only stops
    // accepting; the answer to the browser is still written.
    m_listener->close();
    QMetaObject::invokeMethod(
        this, [this, result] { emit finished(result); }, Qt::QueuedConnection);
}

} // namespace medpull
