// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace medpull {

// The JSON text without the whitespace between tokens (space, tab, CR, LF
// outside strings): one line, whatever the source's pretty-printing, with
// every member, its order and every number exactly as sent. NDJSON writers
// use it; the database keeps the source's bytes. The input must be valid
// JSON (stored resources are); a string's escapes pass through unchanged.
QByteArray compactJson(QByteArrayView json);

} // namespace medpull
