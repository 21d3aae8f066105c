// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace medpull::test {

// What a program said, run to its end.
struct Run {
    int exitCode = -1; // -1 when it did not exit normally or ran out of time
    QByteArray out;
    QByteArray err;
    qint64 elapsedMs = 0;
};

// The environment medpull-cli runs in under test: the token key in a file,
// never the desktop's keychain. With `dataHome`, that is the app-data folder,
// where the key files of PostgreSQL databases go: the test's own, not the
// user's.
QProcessEnvironment cliEnvironment(const QString &dataHome = {});

// Runs `program` to its end, killing it after `timeoutMs`. The event loop
// runs meanwhile, so servers of this process keep answering it.
Run runProcess(const QString &program, const QStringList &arguments,
               const QProcessEnvironment &environment, int timeoutMs);

} // namespace medpull::test
