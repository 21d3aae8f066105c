// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "urlrules.h"

#include <QHostAddress>

namespace medpull::UrlRules {

namespace {

int effectivePort(const QUrl &url) {
    const QString scheme = url.scheme().toLower();
    return url.port(scheme == QLatin1String("https")  ? 443
                    : scheme == QLatin1String("http") ? 80
                                                      : -1);
}

QString normalizedHost(const QUrl &url) {
    QString host = url.host().toLower();
    if (host.endsWith(QLatin1Char('.')))
        host.chop(1);
    return host;
}

QString basePath(const QUrl &base) {
    QString path = base.path();
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    return path;
}

} // namespace

bool isLoopbackHost(const QString &host) {
    QString h = host.toLower();
    if (h.endsWith(QLatin1Char('.')))
        h.chop(1);
    if (h == QLatin1String("localhost"))
        return true;
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']')))
        h = h.mid(1, h.size() - 2);
    QHostAddress address;
    return address.setAddress(h) && address.isLoopback();
}

bool isAcceptableUrl(const QUrl &url) {
    return whyNotAcceptable(url).isEmpty();
}

QString whyNotAcceptable(const QUrl &url) {
    if (!url.isValid() || url.host().isEmpty())
        return QStringLiteral("not a valid http(s) URL: %1").arg(url.toDisplayString());
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return {};
    if (scheme == QLatin1String("http")) {
        if (isLoopbackHost(url.host()))
            return {};
        return QStringLiteral("plain http is only allowed for loopback addresses: %1")
            .arg(url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery));
    }
    return QStringLiteral("unsupported URL scheme \"%1\"").arg(url.scheme());
}

bool isSameOrigin(const QUrl &a, const QUrl &b) {
    return a.isValid() && b.isValid() && a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 &&
           normalizedHost(a) == normalizedHost(b) && effectivePort(a) == effectivePort(b);
}

bool isUnderBase(const QUrl &base, const QUrl &url) {
    return !relativeToBase(base, url).isNull();
}

QString relativeToBase(const QUrl &base, const QUrl &url) {
    if (!isSameOrigin(base, url))
        return {};
    // Compare decoded paths so "%2F" tricks cannot climb out of the base, and
    // reject dot segments outright rather than trusting normalisation.
    const QString path = url.path();
    if (path.contains(QLatin1String("/../")) || path.endsWith(QLatin1String("/..")))
        return {};
    // Portals spell their own base in other cases in next links ("/FHIR/"
    // for "/fhir"); on the same origin that is the same base.
    const QString prefix = basePath(base);
    if (path.compare(prefix.chopped(1), Qt::CaseInsensitive) == 0)
        return QLatin1String("");
    if (!path.startsWith(prefix, Qt::CaseInsensitive))
        return {};
    return path.mid(prefix.size());
}

} // namespace medpull::UrlRules
