// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "sandboxclientauth.h"
#include "sandboxdata.h"
#include "sandboxfaults.h"
#include "sandboxhttp.h"
#include "sandboxquirks.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QStringList>

namespace medpull::sandbox {

// How one portal behaves, beyond its data.
struct PortalConfig {
    QString name;
    QString title;
    int pageCap = 100;
    int defaultPageSize = 50;
    // Epic answers an Observation search without `category` with 400.
    bool requireObservationCategory = false;
    bool rotateRefreshTokens = false;
    int tokenLifetimeSeconds = 3600;
    // false: advertises and grants only SMART v1 scopes (patient/*.read).
    bool scopesV2 = true;
    // Medication, Practitioner, PractitionerRole, Organization, Location and
    // Binary answer `<Type>?_id=a,b,c` searches (Binary as FHIR JSON); false:
    // they are read by id only.
    bool idSearch = true;
    // Answers `Patient/<id>/$everything`; false: 404 not-supported.
    bool everything = true;
    QSet<QString> clientIds{QStringLiteral("medpull")};
    // A portal that behaves like a real vendor's through its quirks; not
    // listed by the admin API's portal and people lists unless asked for.
    bool vendorLike = false;
    // Quirks the portal starts with (sandboxquirks.h), without `PORTAL:`.
    QStringList quirks;
    // How the client authenticates and which redirect URIs it may use.
    ClientRegistration client;
    // false: offers online_access only and issues no refresh tokens.
    bool offlineAccess = true;
};

// One EHR patient portal: SMART standalone launch (authorize, token,
// revocation), a FHIR R4 API over its SandboxDataset, and its faults. Lives in
// the server's thread; not thread-safe.
class SandboxPortal {
public:
    SandboxPortal(PortalConfig config, DatasetConfig data, quint64 secret);

    const PortalConfig &config() const { return m_config; }
    QString name() const { return m_config.name; }
    SandboxDataset &data() { return m_data; }
    const SandboxDataset &data() const { return m_data; }
    PortalFaults &faults() { return m_faults; }
    SandboxClientAuth &clientAuth() { return m_clientAuth; }
    // Every access and refresh token issued so far, for tests that look for
    // them where they must not be.
    QStringList issuedTokens() const;

    // Answers a request below /portals/<name> (request.path starts at /fhir or /auth).
    HttpResponse handle(const HttpRequest &request);

    void applyFault(const FaultItem &item);
    void applyQuirk(const QuirkItem &item);
    const PortalQuirks &quirks() const { return m_quirks; }
    // Revokes every grant of the patient: refresh and access tokens stop working.
    int revokePatient(int patient);
    void expireAccessTokens();

    QString fhirBase(const QString &origin) const;
    QJsonObject describe(const QString &origin) const;
    QJsonObject describePatient(int patient) const;
    QJsonArray describePatients() const;
    // What a complete pull of the patient must store under the current
    // quirks: {resources, notAvailable, failed, notes} (README.md).
    QJsonObject expected(int patient, const QString &origin) const;

private:
    struct Grant {
        int patient = 0;
        QString clientId;
        QString scope;
        bool revoked = false;
    };
    struct AccessToken {
        int grant = 0;
        qint64 expiresMs = 0;
    };
    struct RefreshToken {
        int grant = 0;
        bool valid = true;
    };
    struct AuthCode {
        QString clientId;
        QString redirectUri;
        QString challenge;
        QString scope;
        int patient = 0;
        qint64 expiresMs = 0;
        bool used = false;
    };
    struct Search;

    HttpResponse smartConfiguration(const HttpRequest &request) const;
    HttpResponse capabilityStatement(const HttpRequest &request) const;
    HttpResponse authorize(const HttpRequest &request);
    HttpResponse token(const HttpRequest &request);
    HttpResponse revoke(const HttpRequest &request);
    HttpResponse fhir(const HttpRequest &request, const QString &path);
    HttpResponse search(const HttpRequest &request, Kind kind, int patient, QUrlQuery params);
    HttpResponse read(const HttpRequest &request, Kind kind, const QString &id, int patient);
    HttpResponse searchById(const HttpRequest &request, Kind kind, int patient,
                            const QUrlQuery &params);
    // `Patient/<id>/$everything` (id given) or one of its next pages (page
    // holds the decoded page link).
    HttpResponse everything(const HttpRequest &request, int patient, const QUrlQuery &params,
                            const QString &id, const QList<QByteArray> &page);
    const std::array<quint64, KindCount> &referencedShared(int patient);
    // Quirks (sandboxquirkdata.cpp): answers a type the portal refuses
    // (status 0: not refused), writes a resource with what the quirks add,
    // serves raw attachment files, and dresses a FHIR answer.
    HttpResponse refusal(const QString &type, bool isSearch, const QUrlQuery &params) const;
    void writeResource(QByteArray &out, const ResourceRef &ref, const QString &origin) const;
    void addQuirkExtras(QByteArray &resource, const ResourceRef &ref, const QString &origin) const;
    HttpResponse rawFile(const QString &name) const;
    void dress(HttpResponse &response) const;
    void writeFullUrl(class JsonOut &json, const QString &base, Kind kind,
                      const QByteArray &id) const;
    QString nextLink(const HttpRequest &request, const QString &base, Kind kind, int patient,
                     int pageSize, const QByteArray &token);
    QByteArray patientAlias(int patient) const;
    // A Medication no resource of the patient references (refs=mixed points at it).
    int unreferencedMedication(int patient) const;
    static bool idSearchable(Kind kind);
    HttpResponse issueTokens(int grant, const QByteArray &refreshToken);
    QStringList supportedScopes() const;
    QString grantedScope(const QString &requested) const;
    QByteArray encodePage(const QList<QByteArray> &fields) const;
    QList<QByteArray> decodePage(const QString &token) const;

    PortalConfig m_config;
    SandboxDataset m_data;
    PortalFaults m_faults;
    PortalQuirks m_quirks;
    // Session ids handed out in next links (`next=session`).
    QSet<QString> m_sessions;
    SandboxClientAuth m_clientAuth;
    quint64 m_secret;
    quint64 m_requests = 0;
    QList<Grant> m_grants;
    QHash<QByteArray, AccessToken> m_access;
    QHash<QByteArray, RefreshToken> m_refresh;
    QHash<QByteArray, AuthCode> m_codes;
    // SandboxDataset::referencedShared per patient, for the data generation
    // m_referencedGeneration: $everything pages need it on every page.
    QHash<int, std::array<quint64, KindCount>> m_referenced;
    int m_referencedGeneration = -1;
};

HttpResponse operationOutcome(int status, const char *code, const QString &diagnostics);

} // namespace medpull::sandbox
