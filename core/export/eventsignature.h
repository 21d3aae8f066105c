// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QDateTime>

namespace medpull::EventSignature {

// Every event request carries the time it was signed (Unix seconds) and a
// signature over "<timestamp>.<body>": "v1=" and the lowercase hex
// HMAC-SHA256 under the endpoint's secret. A receiver recomputes it and
// refuses a timestamp older than it tolerates, so a captured request cannot
// be replayed later: the timestamp cannot be changed without the secret.
inline constexpr char timestampHeader[] = "X-Medpull-Timestamp";
inline constexpr char signatureHeader[] = "X-Medpull-Signature";
inline constexpr qint64 defaultToleranceSeconds = 300;

QByteArray sign(const QByteArray &body, const QByteArray &secret, qint64 timestamp);

enum class Verdict { Valid, BadSignature, Stale };
// What a receiver decides: a signature that does not match, a timestamp
// further than `toleranceSeconds` from `now`, or valid.
Verdict verify(const QByteArray &body, const QByteArray &secret, const QByteArray &timestamp,
               const QByteArray &signature, const QDateTime &now = QDateTime::currentDateTimeUtc(),
               qint64 toleranceSeconds = defaultToleranceSeconds);

} // namespace medpull::EventSignature
