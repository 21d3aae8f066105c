// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sandboxclient.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>

QByteArray SandboxClient::Reply::header(const QByteArray &name) const {
    for (const auto &pair : headers) {
        if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
            return pair.second;
    }
    return {};
}

QJsonObject SandboxClient::Reply::json() const {
    return QJsonDocument::fromJson(body).object();
}

QUrlQuery SandboxClient::Reply::redirectQuery() const {
    return QUrlQuery(QUrl::fromEncoded(header("Location")));
}

SandboxClient::Reply SandboxClient::run(QNetworkReply *reply) {
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(60000);
    Reply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.error = reply->error();
    if (reply->isOpen())
        result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return result;
}

SandboxClient::Reply SandboxClient::get(const QUrl &url, const QString &bearer,
                                        const QByteArray &accept, int timeoutMs) {
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer.toUtf8());
    if (!accept.isEmpty())
        request.setRawHeader("Accept", accept);
    if (timeoutMs > 0)
        request.setTransferTimeout(timeoutMs);
    return run(m_manager.get(request));
}

SandboxClient::Reply SandboxClient::post(const QUrl &url, const QByteArray &body,
                                         const QByteArray &contentType) {
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    return run(m_manager.post(request, body));
}

SandboxClient::Reply SandboxClient::send(const QByteArray &method, const QUrl &url,
                                         const QByteArray &body) {
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    return run(m_manager.sendCustomRequest(request, method, body));
}

const QStringList &SandboxClient::searchTypes() {
    static const QStringList types = {QStringLiteral("AllergyIntolerance"),
                                      QStringLiteral("CarePlan"),
                                      QStringLiteral("CareTeam"),
                                      QStringLiteral("Condition"),
                                      QStringLiteral("Device"),
                                      QStringLiteral("DiagnosticReport"),
                                      QStringLiteral("DocumentReference"),
                                      QStringLiteral("Encounter"),
                                      QStringLiteral("Goal"),
                                      QStringLiteral("Immunization"),
                                      QStringLiteral("MedicationRequest"),
                                      QStringLiteral("Observation"),
                                      QStringLiteral("Procedure")};
    return types;
}

QString SandboxClient::patientId(const QString &portal, int patient) {
    const QString prefix = portal == QLatin1String("epic-like")     ? QStringLiteral("E")
                           : portal == QLatin1String("oracle-like") ? QStringLiteral("O")
                           : portal == QLatin1String("athena-like") ? QStringLiteral("A")
                           : portal == QLatin1String("payer-like")  ? QStringLiteral("Y")
                                                                    : QString(portal.at(0));
    return prefix + QStringLiteral("P") + QString::number(patient);
}

QString SandboxClient::verifier() {
    return QStringLiteral("sandbox-test-verifier-0123456789-abcdefghijklmnop");
}

QString SandboxClient::challenge(const QString &verifier) {
    return QString::fromLatin1(
        QCryptographicHash::hash(verifier.toUtf8(), QCryptographicHash::Sha256)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QUrlQuery SandboxClient::authorizeParams(const QUrl &fhirBase, const QString &challenge,
                                         const QString &scope) {
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
    query.addQueryItem(QStringLiteral("client_id"), QStringLiteral("medpull"));
    query.addQueryItem(QStringLiteral("redirect_uri"),
                       QStringLiteral("http://127.0.0.1:9/callback"));
    query.addQueryItem(QStringLiteral("state"), QStringLiteral("st4te"));
    query.addQueryItem(QStringLiteral("aud"), fhirBase.toString());
    query.addQueryItem(QStringLiteral("scope"), scope);
    query.addQueryItem(QStringLiteral("code_challenge"), challenge);
    query.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    return query;
}

QUrlQuery SandboxClient::codeExchangeForm(const QString &code, const QString &verifier) {
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("authorization_code"));
    form.addQueryItem(QStringLiteral("code"), code);
    form.addQueryItem(QStringLiteral("redirect_uri"),
                      QStringLiteral("http://127.0.0.1:9/callback"));
    form.addQueryItem(QStringLiteral("client_id"), QStringLiteral("medpull"));
    form.addQueryItem(QStringLiteral("code_verifier"), verifier);
    return form;
}

SandboxClient::Reply SandboxClient::authorize(const QUrl &authorizeUrl, const QUrlQuery &params,
                                              const QString &patient, const QString &decision) {
    QUrl url = authorizeUrl;
    QUrlQuery encoded;
    for (const auto &item : params.queryItems(QUrl::FullyDecoded))
        encoded.addQueryItem(item.first, QString::fromLatin1(QUrl::toPercentEncoding(item.second)));
    url.setQuery(encoded);
    const Reply page = get(url);
    if (page.status != 200)
        return page;
    static const QRegularExpression hidden(
        QStringLiteral(R"re(<input type="hidden" name="([^"]+)" value="([^"]*)">)re"));
    static const QRegularExpression action(
        QStringLiteral(R"re(<form method="post" action="([^"]+)">)re"));
    QUrlQuery form;
    const QString html = QString::fromUtf8(page.body);
    for (auto it = hidden.globalMatch(html); it.hasNext();) {
        const auto match = it.next();
        QString value = match.captured(2);
        value.replace(QStringLiteral("&quot;"), QStringLiteral("\""))
            .replace(QStringLiteral("&lt;"), QStringLiteral("<"))
            .replace(QStringLiteral("&gt;"), QStringLiteral(">"))
            .replace(QStringLiteral("&amp;"), QStringLiteral("&"));
        form.addQueryItem(match.captured(1), QString::fromLatin1(QUrl::toPercentEncoding(value)));
    }
    form.addQueryItem(QStringLiteral("patient"), patient);
    form.addQueryItem(QStringLiteral("decision"), decision);
    return post(authorizeUrl.resolved(QUrl(action.match(html).captured(1))),
                form.toString(QUrl::FullyEncoded).toUtf8());
}

SandboxClient::Reply SandboxClient::exchange(const QUrl &tokenUrl, const QUrlQuery &form) {
    QUrlQuery encoded;
    for (const auto &item : form.queryItems(QUrl::FullyDecoded))
        encoded.addQueryItem(item.first, QString::fromLatin1(QUrl::toPercentEncoding(item.second)));
    return post(tokenUrl, encoded.toString(QUrl::FullyEncoded).toUtf8());
}

SandboxClient::Tokens SandboxClient::login(const QUrl &fhirBase, const QString &patient,
                                           const QString &scope) {
    const QJsonObject config =
        get(QUrl(fhirBase.toString() + QStringLiteral("/.well-known/smart-configuration"))).json();
    const QUrl authorizeUrl(config.value(QStringLiteral("authorization_endpoint")).toString());
    const QUrl tokenUrl(config.value(QStringLiteral("token_endpoint")).toString());
    const Reply redirect =
        authorize(authorizeUrl, authorizeParams(fhirBase, challenge(verifier()), scope), patient,
                  QStringLiteral("approve"));
    const QString code = redirect.redirectQuery().queryItemValue(QStringLiteral("code"));
    if (code.isEmpty())
        return {};
    const QJsonObject token = exchange(tokenUrl, codeExchangeForm(code, verifier())).json();
    return {token.value(QStringLiteral("access_token")).toString(),
            token.value(QStringLiteral("refresh_token")).toString(),
            token.value(QStringLiteral("patient")).toString(),
            token.value(QStringLiteral("scope")).toString()};
}

QUrl operator+(const QUrl &base, const QString &path) {
    return QUrl(base.toString() + path);
}
