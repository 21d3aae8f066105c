// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>

namespace medpull::test {

// medpull-sandbox as a child process that dies with the test, and the parts
// of its admin API the tests of processes use.
class SandboxProcess {
public:
    SandboxProcess(const QString &program, const QStringList &arguments);
    ~SandboxProcess();

    bool isRunning() const { return !m_info.isEmpty(); }
    QString adminUrl() const;
    QString fhirBase(const QString &portal) const;
    // The JSON answer of GET <admin URL><path>.
    QJsonObject admin(const QString &path);
    // Exactly what a complete pull of the patient retrieves, per type.
    QJsonObject counts(const QString &portal, const QString &patient);
    bool setFaults(const QByteArray &spec);

private:
    QProcess m_process;
    QJsonObject m_info; // the line it prints once it serves
    QNetworkAccessManager m_network;
};

} // namespace medpull::test
