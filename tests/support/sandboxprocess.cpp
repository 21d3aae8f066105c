// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sandboxprocess.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>

namespace medpull::test {

SandboxProcess::SandboxProcess(const QString &program, const QStringList &arguments) {
    m_process.start(program, arguments);
    if (!m_process.waitForStarted(10000) || !m_process.waitForReadyRead(20000))
        return;
    while (!m_process.canReadLine() && m_process.waitForReadyRead(5000)) {
    }
    m_info = QJsonDocument::fromJson(m_process.readLine()).object();
}

SandboxProcess::~SandboxProcess() {
    m_process.kill();
    m_process.waitForFinished();
}

QString SandboxProcess::adminUrl() const {
    return m_info.value(QStringLiteral("admin")).toString();
}

QString SandboxProcess::fhirBase(const QString &portal) const {
    for (const QJsonValue &entry : m_info.value(QStringLiteral("portals")).toArray()) {
        if (entry[QStringLiteral("name")].toString() == portal)
            return entry[QStringLiteral("fhirBase")].toString();
    }
    return {};
}

QJsonObject SandboxProcess::admin(const QString &path) {
    QNetworkReply *reply = m_network.get(QNetworkRequest(QUrl(adminUrl() + path)));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    return QJsonDocument::fromJson(reply->readAll()).object();
}

QJsonObject SandboxProcess::counts(const QString &portal, const QString &patient) {
    return admin(QStringLiteral("/portals/%1/patients/%2").arg(portal, patient))
        .value(QStringLiteral("counts"))
        .toObject();
}

bool SandboxProcess::setFaults(const QByteArray &spec) {
    QNetworkRequest request(QUrl(adminUrl() + QStringLiteral("/faults")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    QNetworkReply *reply = m_network.post(request, spec);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    const bool ok = finished.wait(10000) && reply->error() == QNetworkReply::NoError;
    reply->deleteLater();
    return ok;
}

} // namespace medpull::test
