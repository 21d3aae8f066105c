// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "s3rver.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QRegularExpression>

S3rver::S3rver(const QString &bucket) {
    const QString script = QStringLiteral(MEDPULL_S3RVER_SCRIPT);
    if (!QFileInfo::exists(script)) {
        m_error = QStringLiteral("s3rver is not installed at %1: build the s3rver target "
                                 "(it runs npm ci)")
                      .arg(script);
        return;
    }
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(QStringLiteral(MEDPULL_NODE_EXECUTABLE),
                    {script, m_dir.path(), bucket, QString::fromLatin1(accessKeyId),
                     QString::fromLatin1(secretAccessKey)});
    if (!m_process.waitForStarted(10000)) {
        m_error = m_process.errorString();
        return;
    }
    static const QRegularExpression listening(
        QStringLiteral("listening on 127\\.0\\.0\\.1:(\\d+)"));
    QByteArray output;
    QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired()) {
        if (!m_process.waitForReadyRead(int(deadline.remainingTime())))
            break;
        output += m_process.readAll();
        const QRegularExpressionMatch match = listening.match(QString::fromUtf8(output));
        if (match.hasMatch()) {
            m_endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(match.captured(1)));
            return;
        }
    }
    m_error = QStringLiteral("s3rver did not start: ") + QString::fromUtf8(output.left(500));
}

S3rver::~S3rver() {
    m_process.kill();
    m_process.waitForFinished(5000);
}
