// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>

namespace medpull::WebhookSignature {

// The header that carries the signature, and its value for a body:
// "sha256=" and the lowercase hex HMAC-SHA256 of the exact body bytes under
// the destination's secret.
inline constexpr char header[] = "X-Medpull-Signature";
QByteArray sign(const QByteArray &body, const QByteArray &secret);
// Constant-time comparison of a received header value with the expected one.
bool verify(const QByteArray &body, const QByteArray &secret, const QByteArray &headerValue);

} // namespace medpull::WebhookSignature
