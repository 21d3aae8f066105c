// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

// s3rver (an S3-compatible server from npm, installed into the build tree)
// behind serve.js, which checks SigV4 signatures with the AWS SDK's signer,
// as a child process on 127.0.0.1 and a free port, with one bucket and one
// key pair. Stopped with the object.
class S3rver {
public:
    static constexpr char accessKeyId[] = "S3RVER";
    static constexpr char secretAccessKey[] = "S3RVER";

    explicit S3rver(const QString &bucket);
    ~S3rver();

    // Empty when it runs; else why not.
    QString error() const { return m_error; }
    QUrl endpoint() const { return m_endpoint; }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QUrl m_endpoint;
    QString m_error;
};
