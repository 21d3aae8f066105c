// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace medpull::OperationOutcome {

// One line for an error message from an OperationOutcome: each issue's
// diagnostics, else details.text, else its code, prefixed with its severity
// when it is not "error", joined with "; ". Empty when the body is not an
// OperationOutcome or says nothing.
QString text(const QByteArray &body);
QString text(const QJsonObject &outcome);
// The issue codes (`not-supported`, `forbidden`, ...) of an OperationOutcome
// body; empty when it is not one.
QStringList codes(const QByteArray &body);

} // namespace medpull::OperationOutcome
