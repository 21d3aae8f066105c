// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "htmlform.h"

#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace medpull {

// What the "patient" at the portal does on its authorize page.
struct AuthorizePageChoice {
    bool approve = true;
    int patientIndex = 0; // used when patientName is empty
    QString patientName;  // matched against the choices' labels (case-insensitive substring)
};

struct AuthorizePageResult {
    bool ok = false;       // the browser reached the redirect URI
    QString error;         // one line, when !ok
    QUrl redirectedTo;     // the redirect URI with code/state or error
    QStringList patients;  // the choices the page offered
    QString chosenPatient; // label of the one picked
    int pages = 0;         // HTML pages submitted
};

// Acts as the browser for the engine's demo-seed and for tests: GETs the
// portal's authorize page, fills its form (hidden fields kept, a patient
// picked from radio buttons or a select), presses Approve or Deny, and
// follows redirects until it reaches the redirect URI named in the
// authorize URL, which it GETs so the loopback listener receives it.
class AuthorizePageDriver : public QObject {
    Q_OBJECT

public:
    explicit AuthorizePageDriver(QNetworkAccessManager *network, QObject *parent = nullptr);

    void run(const QUrl &authorizeUrl, const AuthorizePageChoice &choice = {});
    void setTimeout(int ms) { m_timeoutMs = ms; }

signals:
    void finished(const medpull::AuthorizePageResult &result);

private:
    void get(const QUrl &url);
    void post(const QUrl &url, const QByteArray &body);
    void onReply();
    bool submit(const QUrl &pageUrl, const QString &html);
    void finish(bool ok, const QString &error);
    bool isRedirectTarget(const QUrl &url) const;

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    QUrl m_redirectUri;
    AuthorizePageChoice m_choice;
    AuthorizePageResult m_result;
    int m_hops = 0;
    int m_timeoutMs = 30000;
    bool m_finished = true;
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::AuthorizePageResult)
