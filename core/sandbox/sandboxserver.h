// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QAbstractHttpServer>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <map>
#include <memory>
#include <vector>

class QTimer;

namespace medpull::sandbox {
class SandboxAdmin;
class SandboxDestination;
class SandboxPortal;
struct HttpRequest;
struct HttpResponse;
} // namespace medpull::sandbox

namespace medpull {

struct SandboxOptions {
    quint16 port = 0; // 0: any free port
    int patients = 5; // per portal
    int resourcesPerPatient = 40;
    quint64 seed = 1;
    int latencyMs = 0;            // added to every FHIR data request of every portal
    QString faults;               // see sandboxfaults.h for the syntax
    QString quirks;               // see sandboxquirks.h; added to the vendor-like portals' own
    int tokenLifetimeSeconds = 0; // 0: each portal's default (epic 3600, cerner 600, flaky 900)
    bool epicRotatesRefreshTokens = true;
    bool flakyRandom = true;     // the flaky portal's seeded 429s, 503s and slow answers
    int advanceEverySeconds = 0; // 0: data changes only through the admin API
    QSet<QString> clientIds{QStringLiteral("medpull")};
    QStringList destinations{QStringLiteral("warehouse")};
    // Portals that demand a registration (see registrationPortalNames()),
    // served after epic, cerner and flaky.
    QStringList registrationPortals;
    // The client secret of the confidential-basic portal.
    QString clientSecret = QStringLiteral("sandbox-client-secret");
};

// confidential-basic (client_secret_basic), confidential-jwt (private_key_jwt
// with a JWKS registered through the admin API), fixed-redirect (only
// registered redirect URIs; client_secret_post) and online-only
// (online_access, no refresh tokens).
QStringList registrationPortalNames();

struct SandboxPortalInfo {
    QString name;
    QUrl fhirBase;
    QUrl smartConfiguration;
    QUrl authorizationEndpoint;
    QUrl tokenEndpoint;
    QUrl revocationEndpoint;
    int patients = 0;
};

struct SandboxInfo {
    QUrl baseUrl;                             // http://127.0.0.1:PORT
    QUrl adminUrl;                            // http://127.0.0.1:PORT/admin
    QList<SandboxPortalInfo> portals;         // epic, cerner, flaky
    QList<SandboxPortalInfo> vendorPortals;   // epic-like, oracle-like, athena-like, payer-like
    QList<QPair<QString, QUrl>> destinations; // name, FHIR base

    QUrl fhirBase(const QString &portal) const;
    // Any portal's, vendor-like ones included.
    // One line of JSON: portals and vendorPortals (name, fhirBase, smartConfiguration),
    // destinations, admin.
    QByteArray toJsonLine() const;
};

// The sandbox EHR: portals `epic`, `cerner` and `flaky` (and the vendor-like
// `epic-like`, `oracle-like`, `athena-like` and `payer-like`) under
// /portals/<name>/{fhir,auth}, export destinations under
// /destinations/<name>/fhir and the admin API under /admin, all on
// 127.0.0.1. It answers from the thread it lives in; use SandboxHost to run it
// on a thread of its own.
//
// Built on QAbstractHttpServer rather than QHttpServer: QHttpServer's routes
// must answer before returning, while the sandbox has to delay answers
// (latency), never answer (hang) and cut bodies short (truncate) without
// blocking the other connections. handleRequest() gets the socket, so each
// answer is written when and how the fault asks.
class SandboxServer : public QAbstractHttpServer {
    Q_OBJECT

public:
    explicit SandboxServer(SandboxOptions options, QObject *parent = nullptr);
    ~SandboxServer() override;

    // Listens on 127.0.0.1:options.port and applies options.faults. False with
    // a one-line reason (port taken, bad fault spec).
    bool start(QString *error);
    SandboxInfo info() const;
    QString origin() const { return m_origin; }

    // The admin API's operations, for callers in the server's thread.
    sandbox::SandboxPortal *portal(const QString &name) const;
    const std::vector<std::unique_ptr<sandbox::SandboxPortal>> &portals() const {
        return m_portals;
    }
    sandbox::SandboxDestination *destination(const QString &name, bool create = false);
    const std::map<QString, std::unique_ptr<sandbox::SandboxDestination>> &destinations() const {
        return m_destinations;
    }
    void advance();
    bool applyFaults(const QString &spec, QString *error);
    bool applyQuirks(const QString &spec, QString *error);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void addRegistrationPortals();
    sandbox::HttpResponse route(sandbox::HttpRequest &request);
    void deliver(QTcpSocket *socket, sandbox::HttpResponse response, bool close);

    SandboxOptions m_options;
    QString m_origin;
    std::vector<std::unique_ptr<sandbox::SandboxPortal>> m_portals;
    std::map<QString, std::unique_ptr<sandbox::SandboxDestination>> m_destinations;
    std::unique_ptr<sandbox::SandboxAdmin> m_admin;
    QTimer *m_advanceTimer = nullptr;
};

} // namespace medpull
