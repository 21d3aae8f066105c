// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace medpull {

// An error or note as it is stored: a code with parameters, never a
// translated sentence. The engine, the command line and the dashboard write
// the same codes; text() renders one in the language of the installed
// translator (English in the command line, the user's language in the
// dashboard), so one column never mixes languages.
//
// Stored form (encode()): a compact JSON object {"args":[...],"code":"..."}.
// Text written before codes existed decodes as the code "text" with the text
// as its only parameter, so old rows still show.
struct ErrorCode {
    QString code;
    QStringList args;

    // Free text from outside medpull (a portal's OperationOutcome, an OS
    // error string): shown as it came.
    static ErrorCode text(const QString &message);

    bool isEmpty() const { return code.isEmpty(); }
    QString encode() const;
    static ErrorCode decode(const QString &stored);
    // The message for a person, translated where a translator is installed.
    QString text() const;

    friend bool operator==(const ErrorCode &, const ErrorCode &) = default;
};

// Shorthand for the stored form of a code with parameters.
QString storedError(const QString &code, const QStringList &args = {});
// The stored form rendered for a person (see ErrorCode::text()).
QString errorText(const QString &stored);

} // namespace medpull

Q_DECLARE_METATYPE(medpull::ErrorCode)
