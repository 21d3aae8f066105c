// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

// A small synchronous HTTP client for the sandbox tests: each call runs the
// event loop until the reply has finished.
class SandboxClient {
public:
    struct Reply {
        int status = 0;
        QNetworkReply::NetworkError error = QNetworkReply::NoError;
        QByteArray body;
        QList<QNetworkReply::RawHeaderPair> headers;

        QByteArray header(const QByteArray &name) const;
        QJsonObject json() const;
        QUrlQuery redirectQuery() const;
    };
    struct Tokens {
        QString access;
        QString refresh;
        QString patient;
        QString scope;
    };

    Reply get(const QUrl &url, const QString &bearer = {}, const QByteArray &accept = {},
              int timeoutMs = 0);
    Reply post(const QUrl &url, const QByteArray &body,
               const QByteArray &contentType = "application/x-www-form-urlencoded");
    Reply send(const QByteArray &method, const QUrl &url, const QByteArray &body = {});

    // Drives the authorize page like a browser: GET it, read the form's
    // hidden fields, pick the patient, press the button.
    Reply authorize(const QUrl &authorizeUrl, const QUrlQuery &params, const QString &patient,
                    const QString &decision);
    // A full standalone launch at a portal; empty tokens when any step fails.
    Tokens
    login(const QUrl &fhirBase, const QString &patient,
          const QString &scope = QStringLiteral("launch/patient patient/*.read offline_access"));
    Reply exchange(const QUrl &tokenUrl, const QUrlQuery &form);

    // The types the portals search by patient, as a complete pull asks for
    // them.
    static const QStringList &searchTypes();
    // The sandbox's id of a portal's `patient`th patient ("eP1" at epic,
    // "EP1" at epic-like).
    static QString patientId(const QString &portal, int patient);

    static QString verifier();
    static QString challenge(const QString &verifier);
    static QUrlQuery authorizeParams(const QUrl &fhirBase, const QString &challenge,
                                     const QString &scope);
    // The token request that trades an authorization code.
    static QUrlQuery codeExchangeForm(const QString &code, const QString &verifier);

private:
    Reply run(QNetworkReply *reply);

    QNetworkAccessManager m_manager;
};

// A path appended to a base URL as text, the way FHIR clients build their
// requests: `base + "/Patient/1"`.
QUrl operator+(const QUrl &base, const QString &path);
