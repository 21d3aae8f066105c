// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

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

TokenRequest::TokenRequest(std::function<QNetworkReply *(int, QString *)> send,
                           const QStringList &keyIds, const TokenSet &previous, QObject *parent)
    : QObject(parent)
    , m_send(std::move(send))
    , m_keyIds(keyIds)
    , m_previous(previous) {
    sendAttempt();
}

void TokenRequest::sendAttempt() {
    if (!m_send)
        return;
    QString error;
    m_reply = m_send(m_attempt, &error);
    if (!m_reply) {
        TokenResult result;
        result.status = TokenResult::Status::Rejected;
        result.message = QStringLiteral("token request not sent: %1").arg(error);
        finish(result);
        return;
    }
    connect(m_reply, &QNetworkReply::finished, this, &TokenRequest::onFinished);
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
        result.keyId = m_keyIds.value(m_attempt);
        finish(result);
        return;
    }

    const OAuthError error = OAuthError::parse(body);
    // A rotated signing key the portal does not know yet: the older one
    // (kept until the new one has worked) may still be registered.
    if (error.error == QLatin1String("invalid_client") && m_attempt + 1 < m_keyIds.size()) {
        ++m_attempt;
        sendAttempt();
        return;
    }
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

TokenRequest *TokenClient::exchangeCode(const QUrl &tokenUrl, const ClientAuth &client,
                                        const QString &code, const QByteArray &codeVerifier,
                                        const QUrl &redirectUri) {
    return post(tokenUrl, client,
                {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                 {QStringLiteral("code"), code},
                 {QStringLiteral("redirect_uri"), redirectUri.toString(QUrl::FullyEncoded)},
                 {QStringLiteral("code_verifier"), QString::fromLatin1(codeVerifier)}},
                {});
}

TokenRequest *TokenClient::refresh(const QUrl &tokenUrl, const ClientAuth &client,
                                   const TokenSet &current) {
    return post(tokenUrl, client,
                {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                 {QStringLiteral("refresh_token"), current.refreshToken}},
                current);
}

TokenRequest *TokenClient::post(const QUrl &tokenUrl, const ClientAuth &client,
                                const QList<QPair<QString, QString>> &form,
                                const TokenSet &previous) {
    const QString why = UrlRules::whyNotAcceptable(tokenUrl);
    if (!why.isEmpty()) {
        auto *request = new TokenRequest({}, {}, previous, this);
        TokenResult result;
        result.status = TokenResult::Status::Rejected;
        result.message = QStringLiteral("token endpoint refused: %1").arg(why);
        request->finish(result);
        return request;
    }
    QStringList keyIds;
    for (int attempt = 0; attempt < client.attempts(); ++attempt)
        keyIds << client.keyIdFor(attempt);
    const auto send = [this, tokenUrl, client, form](int attempt,
                                                     QString *error) -> QNetworkReply * {
        QNetworkRequest request(tokenUrl);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/x-www-form-urlencoded"));
        request.setRawHeader("Accept", "application/json");
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        request.setTransferTimeout(m_timeoutMs);
        QList<QPair<QString, QString>> fields = form;
        if (!client.apply(request, fields, tokenUrl, attempt, error))
            return nullptr;
        // Each value fully percent-encoded: QUrlQuery would leave '+' alone,
        // which a form decoder reads as a space.
        QByteArray body;
        for (const auto &[key, value] : std::as_const(fields)) {
            if (!body.isEmpty())
                body += '&';
            body += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
        }
        return m_network->post(request, body);
    };
    return new TokenRequest(send, keyIds, previous, this);
}

} // namespace medpull
