#include "tokenclient.h"

#include "urlrules.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace medpull {

QString nameOf(TokenResult::Status status) {
    switch (status) {
    case TokenResult::Status::Ok:
        return QStringLiteral("ok");
    case TokenResult::Status::InvalidGrant:
        return QStringLiteral("invalid_grant");
    case TokenResult::Status::Rejected:
        return QStringLiteral("rejected");
    case TokenResult::Status::Transient:
        return QStringLiteral("transient");
    }
    return {};
}

TokenRequest::TokenRequest(QNetworkReply *reply, const TokenSet &previous, QObject *parent)
    : QObject(parent)
    , m_reply(reply)
    , m_previous(previous) {
    if (reply)
        connect(reply, &QNetworkReply::finished, this, &TokenRequest::onFinished);
}

void TokenRequest::abort() {
    if (m_reply)
        m_reply->abort();
}

void TokenRequest::finish(const TokenResult &result) {
    if (m_finished)
        return;
    m_finished = true;
    QMetaObject::invokeMethod(
        this,
        [this, result] {
            emit finished(result);
            deleteLater();
        },
        Qt::QueuedConnection);
}

void TokenRequest::onFinished() {
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    reply->deleteLater();
    TokenResult result;
    result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();

    if (result.httpStatus == 0) {
        result.status = TokenResult::Status::Transient;
        result.message =
            reply->error() == QNetworkReply::OperationCanceledError
                ? QStringLiteral("token endpoint did not answer in time")
                : QStringLiteral("token endpoint unreachable: %1").arg(reply->errorString());
        finish(result);
        return;
    }

    if (result.httpStatus >= 200 && result.httpStatus < 300) {
        QString why;
        std::optional<TokenSet> tokens =
            TokenSet::fromTokenResponse(body, QDateTime::currentDateTimeUtc(), &why);
        if (!tokens) {
            result.status = TokenResult::Status::Transient;
            result.message = QStringLiteral("unusable token response: %1").arg(why);
            finish(result);
            return;
        }
        if (tokens->refreshToken.isEmpty()) {
            tokens->refreshToken = m_previous.refreshToken;
        } else {
            result.rotated = !m_previous.refreshToken.isEmpty() &&
                             tokens->refreshToken != m_previous.refreshToken;
        }
        if (tokens->patient.isEmpty())
            tokens->patient = m_previous.patient;
        if (tokens->scope.isEmpty())
            tokens->scope = m_previous.scope;
        result.status = TokenResult::Status::Ok;
        result.tokens = *tokens;
        finish(result);
        return;
    }

    const OAuthError error = OAuthError::parse(body);
    result.errorCode = error.error;
    result.errorDescription = error.description;
    if (error.error == QLatin1String("invalid_grant"))
        result.status = TokenResult::Status::InvalidGrant;
    else if (!error.isNull() && result.httpStatus < 500 && result.httpStatus != 429)
        result.status = TokenResult::Status::Rejected;
    else
        result.status = TokenResult::Status::Transient;
    result.message = QStringLiteral("token endpoint answered HTTP %1").arg(result.httpStatus);
    if (!error.isNull()) {
        result.message += QLatin1String(": ") + error.error;
        if (!error.description.isEmpty())
            result.message += QLatin1String(" (") + error.description + QLatin1Char(')');
    }
    finish(result);
}

TokenClient::TokenClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network) {}

TokenRequest *TokenClient::exchangeCode(const QUrl &tokenUrl, const QString &clientId,
                                        const QString &code, const QByteArray &codeVerifier,
                                        const QUrl &redirectUri) {
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("authorization_code"));
    form.addQueryItem(QStringLiteral("code"), code);
    form.addQueryItem(QStringLiteral("redirect_uri"), redirectUri.toString(QUrl::FullyEncoded));
    form.addQueryItem(QStringLiteral("client_id"), clientId);
    form.addQueryItem(QStringLiteral("code_verifier"), QString::fromLatin1(codeVerifier));
    return post(tokenUrl, form, {});
}

TokenRequest *TokenClient::refresh(const QUrl &tokenUrl, const QString &clientId,
                                   const TokenSet &current) {
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
    form.addQueryItem(QStringLiteral("refresh_token"), current.refreshToken);
    form.addQueryItem(QStringLiteral("client_id"), clientId);
    return post(tokenUrl, form, current);
}

TokenRequest *TokenClient::post(const QUrl &tokenUrl, const QUrlQuery &form,
                                const TokenSet &previous) {
    const QString why = UrlRules::whyNotAcceptable(tokenUrl);
    if (!why.isEmpty()) {
        auto *request = new TokenRequest(nullptr, previous, this);
        TokenResult result;
        result.status = TokenResult::Status::Rejected;
        result.message = QStringLiteral("token endpoint refused: %1").arg(why);
        request->finish(result);
        return request;
    }
    QNetworkRequest request(tokenUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(m_timeoutMs);
    // Each value fully percent-encoded: QUrlQuery would leave '+' alone,
    // which a form decoder reads as a space.
    QByteArray body;
    const auto items = form.queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }
    return new TokenRequest(m_network->post(request, body), previous, this);
}

} // namespace medpull
