// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>
#include <QUrl>

// DESIGN.md's security rules for URLs, in one place so the client, discovery,
// reference following and the authorization flow all apply the same ones.
namespace medpull::UrlRules {

// 127.0.0.0/8, ::1 and "localhost" (any case, with or without a trailing dot).
bool isLoopbackHost(const QString &host);

// https anywhere, or http on a loopback host only. TLS checks stay on, so this
// is the whole rule for which servers medpull talks to.
bool isAcceptableUrl(const QUrl &url);

// Scheme, host and port match (default ports filled in).
bool isSameOrigin(const QUrl &a, const QUrl &b);

// Same origin and the path lies at or below the base's path: the only URLs a
// source's bearer token may be sent to.
bool isUnderBase(const QUrl &base, const QUrl &url);

// The part of `url` after `base`, without leading slash, or a null string when
// `url` is not under `base`. "https://x/fhir/Patient/1" under
// "https://x/fhir" is "Patient/1".
QString relativeToBase(const QUrl &base, const QUrl &url);

// A one-line reason why `url` is not acceptable, or an empty string.
QString whyNotAcceptable(const QUrl &url);

} // namespace medpull::UrlRules
