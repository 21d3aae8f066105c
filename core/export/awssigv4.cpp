// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "awssigv4.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QNetworkRequest>

#include <algorithm>

namespace medpull::AwsSigV4 {

namespace {

const QByteArray algorithm = QByteArrayLiteral("AWS4-HMAC-SHA256");

QByteArray hmac(const QByteArray &key, const QByteArray &message) {
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

QByteArray amzDate(const QDateTime &at) {
    return at.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
}

QByteArray scope(const Credentials &credentials, const QDateTime &at) {
    return amzDate(at).left(8) + '/' + credentials.region.toUtf8() + '/' +
           credentials.service.toUtf8() + "/aws4_request";
}

// RFC 3986: everything but unreserved characters percent-encoded, in
// uppercase hex.
QByteArray uriEncode(const QByteArray &raw) {
    return raw.toPercentEncoding();
}

QByteArray canonicalPath(const QUrl &url) {
    const QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
    if (path.isEmpty())
        return QByteArrayLiteral("/");
    QList<QByteArray> segments = path.split('/');
    for (QByteArray &segment : segments)
        segment = uriEncode(QByteArray::fromPercentEncoding(segment));
    return segments.join('/');
}

QByteArray canonicalQuery(const QUrl &url) {
    const QByteArray query = url.query(QUrl::FullyEncoded).toLatin1();
    QList<QPair<QByteArray, QByteArray>> items;
    for (const QByteArray &item : query.split('&')) {
        if (item.isEmpty())
            continue;
        const qsizetype equals = item.indexOf('=');
        const QByteArray name = equals < 0 ? item : item.left(equals);
        const QByteArray value = equals < 0 ? QByteArray() : item.mid(equals + 1);
        items.append(qMakePair(uriEncode(QByteArray::fromPercentEncoding(name)),
                               uriEncode(QByteArray::fromPercentEncoding(value))));
    }
    std::sort(items.begin(), items.end());
    QList<QByteArray> parts;
    for (const auto &[name, value] : items)
        parts.append(name + '=' + value);
    return parts.join('&');
}

// Lowercase names, sorted; values trimmed with inner runs of spaces
// collapsed; repeated names joined with commas.
QList<QPair<QByteArray, QByteArray>> canonicalHeaders(const Headers &headers) {
    QList<QPair<QByteArray, QByteArray>> result;
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        const QByteArray clean = value.simplified();
        auto existing = std::find_if(result.begin(), result.end(),
                                     [&](const auto &entry) { return entry.first == lower; });
        if (existing != result.end())
            existing->second += ',' + clean;
        else
            result.append(qMakePair(lower, clean));
    }
    std::sort(result.begin(), result.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    return result;
}

QByteArray signedHeaderNames(const Headers &headers) {
    QList<QByteArray> names;
    for (const auto &entry : canonicalHeaders(headers))
        names.append(entry.first);
    return names.join(';');
}

} // namespace

QByteArray sha256Hex(const QByteArray &bytes) {
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

QByteArray hostHeader(const QUrl &url) {
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    const int port = url.port();
    const int standard = url.scheme() == QLatin1String("https") ? 443 : 80;
    if (port != -1 && port != standard)
        host += ':' + QByteArray::number(port);
    return host;
}

QByteArray canonicalRequest(const Request &request) {
    QByteArray headerLines;
    for (const auto &[name, value] : canonicalHeaders(request.headers))
        headerLines += name + ':' + value + '\n';
    return request.method + '\n' + canonicalPath(request.url) + '\n' + canonicalQuery(request.url) +
           '\n' + headerLines + '\n' + signedHeaderNames(request.headers) + '\n' +
           request.payloadHash;
}

QByteArray stringToSign(const Request &request, const Credentials &credentials,
                        const QDateTime &at) {
    return algorithm + '\n' + amzDate(at) + '\n' + scope(credentials, at) + '\n' +
           sha256Hex(canonicalRequest(request));
}

QByteArray authorization(const Request &request, const Credentials &credentials,
                         const QDateTime &at) {
    const QByteArray day = amzDate(at).left(8);
    const QByteArray dateKey = hmac("AWS4" + credentials.secretAccessKey, day);
    const QByteArray regionKey = hmac(dateKey, credentials.region.toUtf8());
    const QByteArray serviceKey = hmac(regionKey, credentials.service.toUtf8());
    const QByteArray signingKey = hmac(serviceKey, QByteArrayLiteral("aws4_request"));
    const QByteArray signature = hmac(signingKey, stringToSign(request, credentials, at)).toHex();
    return algorithm + " Credential=" + credentials.accessKeyId + '/' + scope(credentials, at) +
           ", SignedHeaders=" + signedHeaderNames(request.headers) + ", Signature=" + signature;
}

void sign(QNetworkRequest &request, const QByteArray &method, const QByteArray &payloadHash,
          const Credentials &credentials, const QList<QByteArray> &signedHeaders,
          const QDateTime &at) {
    request.setRawHeader("x-amz-date", amzDate(at));
    request.setRawHeader("x-amz-content-sha256", payloadHash);
    Request canonical{method, request.url(), {}, payloadHash};
    canonical.headers.append(qMakePair(QByteArrayLiteral("host"), hostHeader(request.url())));
    canonical.headers.append(qMakePair(QByteArrayLiteral("x-amz-date"), amzDate(at)));
    canonical.headers.append(qMakePair(QByteArrayLiteral("x-amz-content-sha256"), payloadHash));
    for (const QByteArray &name : signedHeaders)
        canonical.headers.append(qMakePair(name, request.rawHeader(name)));
    request.setRawHeader("Authorization", authorization(canonical, credentials, at));
}

} // namespace medpull::AwsSigV4
