// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "childprocess.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>

namespace medpull::test {

QProcessEnvironment cliEnvironment(const QString &dataHome) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("MEDPULL_KEY_FILE_ONLY"), QStringLiteral("1"));
    if (!dataHome.isEmpty())
        environment.insert(QStringLiteral("XDG_DATA_HOME"), dataHome);
    return environment;
}

Run runProcess(const QString &program, const QStringList &arguments,
               const QProcessEnvironment &environment, int timeoutMs) {
    QProcess process;
    process.setProcessEnvironment(environment);
    QElapsedTimer clock;
    clock.start();
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(program, arguments);
    if (!process.waitForStarted() || !finished.wait(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {-1, process.readAllStandardOutput(), "timed out: " + arguments.join(' ').toUtf8(),
                clock.elapsed()};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError(), clock.elapsed()};
}

} // namespace medpull::test
