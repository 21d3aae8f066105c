// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sandboxportal.h"

#include "sandboxjson.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUrl>

#include <bit>
#include <limits>

namespace medpull::sandbox {

namespace {

constexpr qint64 CodeLifetimeMs = 60000;
constexpr const char *FhirJson = "application/fhir+json";
// First field of a $everything page link; search page links start with a kind
// number and have 8 fields.
constexpr const char *EverythingMarker = "everything";
constexpr int SearchPageFields = 8;
constexpr int EverythingPageFields = 5;

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

quint64 mix(quint64 x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

QByteArray randomToken() {
    quint32 words[6];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof words)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QUrlQuery formBody(const QByteArray &body) {
    QByteArray text = body;
    text.replace('+', "%20");
    return QUrlQuery(QString::fromUtf8(text));
}

QString field(const QUrlQuery &query, const char *name) {
    return query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
}

HttpResponse oauthError(int status, const char *error, const QString &description) {
    HttpResponse response = HttpResponse::json(
        status, QJsonDocument(QJsonObject{{QStringLiteral("error"), QLatin1String(error)},
                                          {QStringLiteral("error_description"), description}})
                    .toJson(QJsonDocument::Compact));
    response.setHeader("Cache-Control", "no-store");
    if (status == 401)
        response.setHeader("WWW-Authenticate", "Basic realm=\"sandbox\"");
    return response;
}

HttpResponse htmlPage(int status, const QString &title, const QString &body) {
    HttpResponse response;
    response.status = status;
    response.contentType = "text/html; charset=utf-8";
    response.body = QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1"
                                   "</title></head>\n<body>\n<h1>%1</h1>\n%2</body></html>\n")
                        .arg(title.toHtmlEscaped(), body)
                        .toUtf8();
    return response;
}

HttpResponse redirect(const QString &redirectUri, const QList<QPair<QString, QString>> &params) {
    QUrl target(redirectUri);
    QUrlQuery query(target);
    for (const auto &param : params) {
        if (!param.second.isEmpty())
            query.addQueryItem(param.first,
                               QString::fromLatin1(QUrl::toPercentEncoding(param.second)));
    }
    target.setQuery(query);
    HttpResponse response;
    response.status = 302;
    response.setHeader("Location", target.toEncoded());
    response.setHeader("Cache-Control", "no-store");
    return response;
}

bool isLoopbackRedirect(const QString &uri) {
    const QUrl url(uri, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("http") || url.hasFragment())
        return false;
    const QString host = url.host();
    return host == QLatin1String("127.0.0.1") || host == QLatin1String("localhost") ||
           host == QLatin1String("::1");
}

// A FHIR instant or date as ms since the epoch; zone-less values count as UTC.
bool parseInstant(const QString &text, qint64 *ms) {
    if (text.size() == 10) {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        if (!date.isValid())
            return false;
        *ms = date.startOfDay(Qt::UTC).toMSecsSinceEpoch();
        return true;
    }
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        return false;
    if (time.timeSpec() == Qt::LocalTime)
        time.setTimeSpec(Qt::UTC);
    *ms = time.toMSecsSinceEpoch();
    return true;
}

// A hostile entry: a resourceType that is a path, not a FHIR type name.
void spoilType(QByteArray &resource) {
    const qsizetype start = resource.indexOf("\"resourceType\":\"") + 16;
    const qsizetype end = resource.indexOf('"', start);
    resource.replace(start, end - start, "../../../x");
}

} // namespace

// `_count`, when given, into `pageSize`; false when it is not a number >= 0.
bool readCount(const QUrlQuery &params, int *pageSize) {
    const QString count = field(params, "_count");
    if (count.isEmpty())
        return true;
    bool ok = false;
    *pageSize = count.toInt(&ok);
    return ok && *pageSize >= 0;
}

HttpResponse operationOutcome(int status, const char *code, const QString &diagnostics) {
    QByteArray body;
    JsonOut json(body);
    json.beginObject().field("resourceType", "OperationOutcome").key("issue").beginArray();
    json.beginObject()
        .field("severity", status >= 500 ? "fatal" : "error")
        .field("code", code)
        .field("diagnostics", diagnostics)
        .endObject();
    json.endArray().endObject();
    return HttpResponse::json(status, body, FhirJson);
}

// The matching resources of one search, in index order. Without a
// _lastUpdated filter the n-th match is computed, not listed, so paging
// through a patient with 100,000 Observations costs nothing per page.
struct SandboxPortal::Search {
    // A US Core category this portal has no Observations in: an empty
    // searchset, as real portals answer, not an error.
    static constexpr int noData = -2;

    Kind kind = Kind::Observation;
    int patient = 0;
    int category = -1;
    qint64 low = std::numeric_limits<qint64>::min();
    qint64 high = std::numeric_limits<qint64>::max();
    // Bit i: MedicationRequests of intent i (SandboxDataset::medicationRequestIntent); -1: all.
    int intents = -1;
    int total = 0;
    bool listed = false;
    QList<int> indices;

    void select(const SandboxDataset &data) {
        if (category == noData) {
            listed = true;
            total = 0;
            return;
        }
        const int all = data.count(patient, kind);
        listed = low != std::numeric_limits<qint64>::min() ||
                 high != std::numeric_limits<qint64>::max() || intents >= 0;
        if (listed) {
            for (int i = 0; i < all; ++i) {
                if (category >= 0 && int(data.observationCategory(i)) != category)
                    continue;
                if (intents >= 0 && !(intents & (1 << (i % 3))))
                    continue;
                const qint64 updated = data.lastUpdatedMs({kind, patient, i});
                if (updated >= low && updated <= high)
                    indices.append(i);
            }
            total = int(indices.size());
            return;
        }
        if (category < 0) {
            total = all;
            return;
        }
        const int blocks = all / 10;
        total = blocks * slotsPerBlock();
        for (int i = blocks * 10; i < all; ++i) {
            if (int(data.observationCategory(i)) == category)
                ++total;
        }
    }
    int slotsPerBlock() const { return category == 0 ? 6 : category == 1 ? 3 : 1; }
    int at(int n) const {
        if (listed)
            return indices[n];
        if (category < 0)
            return n;
        const int first = category == 0 ? 0 : category == 1 ? 6 : 9;
        return n / slotsPerBlock() * 10 + first + n % slotsPerBlock();
    }
};

SandboxPortal::SandboxPortal(PortalConfig config, DatasetConfig data, quint64 secret)
    : m_config(std::move(config))
    , m_data(std::move(data))
    , m_secret(secret) {
    m_clientAuth.registration() = m_config.client;
}

QStringList SandboxPortal::issuedTokens() const {
    QStringList tokens;
    for (auto it = m_access.cbegin(); it != m_access.cend(); ++it)
        tokens << QString::fromLatin1(it.key());
    for (auto it = m_refresh.cbegin(); it != m_refresh.cend(); ++it)
        tokens << QString::fromLatin1(it.key());
    return tokens;
}

QString SandboxPortal::fhirBase(const QString &origin) const {
    return origin + QStringLiteral("/portals/") + m_config.name + QStringLiteral("/fhir");
}

HttpResponse SandboxPortal::handle(const HttpRequest &request) {
    const QString &path = request.path;
    if (path == QLatin1String("/auth/authorize"))
        return authorize(request);
    if (path == QLatin1String("/auth/token"))
        return token(request);
    if (path == QLatin1String("/auth/revoke"))
        return revoke(request);
    if (path == QLatin1String("/fhir/.well-known/smart-configuration"))
        return smartConfiguration(request);
    if (path == QLatin1String("/fhir/metadata")) {
        HttpResponse statement = capabilityStatement(request);
        dress(statement);
        return statement;
    }
    if (path == QLatin1String("/fhir") || path.startsWith(QLatin1String("/fhir/")))
        return fhir(request, path.mid(5));
    if (m_quirks.next == NextQuirk::Case &&
        (path == QLatin1String("/FHIR") || path.startsWith(QLatin1String("/FHIR/"))))
        return fhir(request, path.mid(5));
    if (m_quirks.attachmentsMixed) {
        if (path.startsWith(QLatin1String("/files/")))
            return rawFile(path.mid(7));
        if (path.startsWith(QLatin1String("/public/")))
            return rawFile(path.mid(8));
        if (path.startsWith(QLatin1String("/private/")))
            return htmlPage(401, QStringLiteral("Unauthorized"),
                            QStringLiteral("<p>Sign in to the document service first.</p>\n"));
    }
    return operationOutcome(404, "not-found", QStringLiteral("no such endpoint: ") + path);
}

QStringList SandboxPortal::supportedScopes() const {
    QStringList scopes{QStringLiteral("openid"),         QStringLiteral("fhirUser"),
                       QStringLiteral("launch/patient"), QStringLiteral("offline_access"),
                       QStringLiteral("online_access"),  QStringLiteral("patient/*.read")};
    if (!m_config.offlineAccess)
        scopes.removeOne(QStringLiteral("offline_access"));
    if (m_config.scopesV2)
        scopes << QStringLiteral("patient/*.rs");
    for (int k = 0; k < KindCount; ++k) {
        const QString type = QLatin1String(kindName(Kind(k)));
        scopes << QStringLiteral("patient/%1.read").arg(type);
        if (m_config.scopesV2)
            scopes << QStringLiteral("patient/%1.rs").arg(type);
    }
    return scopes;
}

QString SandboxPortal::grantedScope(const QString &requested) const {
    const QStringList supported = supportedScopes();
    QStringList granted;
    for (const QString &scope : requested.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (supported.contains(scope) && !granted.contains(scope))
            granted << scope;
    }
    return granted.join(QLatin1Char(' '));
}

HttpResponse SandboxPortal::smartConfiguration(const HttpRequest &request) const {
    const QString auth =
        request.origin + QStringLiteral("/portals/") + m_config.name + QStringLiteral("/auth");
    const QString method = m_clientAuth.registration().method;
    QJsonArray capabilities{QStringLiteral("launch-standalone"),
                            QStringLiteral("context-standalone-patient"),
                            m_config.offlineAccess ? QStringLiteral("permission-offline")
                                                   : QStringLiteral("permission-online"),
                            QStringLiteral("permission-patient"),
                            method == QLatin1String("none") ? QStringLiteral("client-public")
                            : method == QLatin1String("private_key_jwt")
                                ? QStringLiteral("client-confidential-asymmetric")
                                : QStringLiteral("client-confidential-symmetric")};
    capabilities.append(QStringLiteral("permission-v1"));
    if (m_config.scopesV2)
        capabilities.append(QStringLiteral("permission-v2"));
    const QJsonObject config{
        {QStringLiteral("issuer"), fhirBase(request.origin)},
        {QStringLiteral("authorization_endpoint"), auth + QStringLiteral("/authorize")},
        {QStringLiteral("token_endpoint"), auth + QStringLiteral("/token")},
        {QStringLiteral("revocation_endpoint"), auth + QStringLiteral("/revoke")},
        {QStringLiteral("token_endpoint_auth_methods_supported"), QJsonArray{method}},
        {QStringLiteral("grant_types_supported"),
         QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("refresh_token")}},
        {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
        {QStringLiteral("scopes_supported"), QJsonArray::fromStringList(supportedScopes())},
        {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
        {QStringLiteral("capabilities"), capabilities}};
    return HttpResponse::json(200, QJsonDocument(config).toJson(QJsonDocument::Compact));
}

HttpResponse SandboxPortal::capabilityStatement(const HttpRequest &request) const {
    QByteArray body;
    JsonOut json(body);
    json.beginObject().field("resourceType", "CapabilityStatement").field("status", "active");
    json.field("date", "2025-01-01").field("kind", "instance").field("fhirVersion", "4.0.1");
    json.key("format").beginArray().str("application/fhir+json").str("json").endArray();
    json.key("software")
        .beginObject()
        .field("name", "medpull sandbox " + m_config.name.toUtf8())
        .endObject();
    json.key("implementation")
        .beginObject()
        .field("description", m_config.title)
        .field("url", fhirBase(request.origin))
        .endObject();
    json.key("rest").beginArray().beginObject().field("mode", "server");
    json.key("security")
        .beginObject()
        .key("extension")
        .beginArray()
        .beginObject()
        .field("url", "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris")
        .key("extension")
        .beginArray();
    const QString auth =
        request.origin + QStringLiteral("/portals/") + m_config.name + QStringLiteral("/auth");
    json.beginObject()
        .field("url", "authorize")
        .field("valueUri", auth + QStringLiteral("/authorize"))
        .endObject();
    json.beginObject()
        .field("url", "token")
        .field("valueUri", auth + QStringLiteral("/token"))
        .endObject();
    json.beginObject()
        .field("url", "revoke")
        .field("valueUri", auth + QStringLiteral("/revoke"))
        .endObject();
    json.endArray().endObject().endArray();
    json.key("service")
        .beginArray()
        .beginObject()
        .key("coding")
        .beginArray()
        .beginObject()
        .field("system", "http://terminology.hl7.org/CodeSystem/restful-security-service")
        .field("code", "SMART-on-FHIR")
        .endObject()
        .endArray()
        .endObject()
        .endArray();
    json.endObject();
    json.key("resource").beginArray();
    for (int k = 0; k < KindCount; ++k) {
        const Kind kind = Kind(k);
        json.beginObject().field("type", kindName(kind));
        json.key("interaction").beginArray().beginObject().field("code", "read").endObject();
        if (k < SearchableKinds)
            json.beginObject().field("code", "search-type").endObject();
        else if (m_config.idSearch && idSearchable(kind))
            json.beginObject().field("code", "search-type").endObject();
        json.endArray();
        if (m_config.idSearch && idSearchable(kind)) {
            json.key("searchParam").beginArray();
            json.beginObject().field("name", "_id").field("type", "token").endObject();
            json.endArray();
        }
        if (k < SearchableKinds) {
            json.key("searchParam").beginArray();
            json.beginObject().field("name", "patient").field("type", "reference").endObject();
            json.beginObject().field("name", "_lastUpdated").field("type", "date").endObject();
            json.beginObject().field("name", "_count").field("type", "number").endObject();
            if (kind == Kind::Observation)
                json.beginObject()
                    .field("name", "category")
                    .field("type", "token")
                    .field("documentation",
                           m_config.requireObservationCategory ? "required" : "optional")
                    .endObject();
            json.endArray();
        }
        if (kind == Kind::Patient && m_config.everything) {
            json.key("operation").beginArray();
            json.beginObject()
                .field("name", "everything")
                .field("definition", "http://hl7.org/fhir/OperationDefinition/Patient-everything")
                .endObject();
            json.endArray();
        }
        json.endObject();
    }
    json.endArray().endObject().endArray().endObject();
    return HttpResponse::json(200, body, FhirJson);
}

HttpResponse SandboxPortal::authorize(const HttpRequest &request) {
    const bool submitted = request.method == "POST";
    if (!submitted && request.method != "GET")
        return htmlPage(405, QStringLiteral("Method not allowed"), QString());
    const QUrlQuery params = submitted ? formBody(request.body) : request.query;
    const QString clientId = field(params, "client_id");
    const QString redirectUri = field(params, "redirect_uri");
    const QString state = field(params, "state");
    // RFC 6749 4.1.2.1: without a trustworthy client and redirect URI the
    // error is shown to the person, never redirected.
    if (!m_config.clientIds.contains(clientId))
        return htmlPage(400, QStringLiteral("Unknown application"),
                        QStringLiteral("<p>error: invalid_client. The client_id '%1' is not "
                                       "registered at this portal.</p>\n")
                            .arg(clientId.toHtmlEscaped()));
    if (!isLoopbackRedirect(redirectUri) || !m_clientAuth.acceptsRedirect(redirectUri))
        return htmlPage(
            400, QStringLiteral("Invalid redirect URI"),
            QStringLiteral(
                "<p>error: invalid_request. redirect_uri '%1' must be a loopback http URL "
                "registered for this application.</p>\n")
                .arg(redirectUri.toHtmlEscaped()));
    const auto fail = [&](const char *error, const QString &description) {
        return redirect(redirectUri, {{QStringLiteral("error"), QLatin1String(error)},
                                      {QStringLiteral("error_description"), description},
                                      {QStringLiteral("state"), state}});
    };
    if (field(params, "response_type") != QLatin1String("code"))
        return fail("unsupported_response_type", QStringLiteral("response_type must be code"));
    if (state.isEmpty())
        return fail("invalid_request", QStringLiteral("state is required"));
    QString aud = field(params, "aud");
    if (aud.endsWith(QLatin1Char('/')))
        aud.chop(1);
    if (aud != fhirBase(request.origin))
        return fail("invalid_request", QStringLiteral("aud must be this portal's FHIR base URL"));
    if (field(params, "code_challenge_method") != QLatin1String("S256"))
        return fail("invalid_request", QStringLiteral("code_challenge_method must be S256"));
    const QString challenge = field(params, "code_challenge");
    if (challenge.size() != 43)
        return fail("invalid_request",
                    QStringLiteral("code_challenge must be a base64url SHA-256"));
    QString requested = field(params, "scope");
    if (requested.isEmpty())
        requested = QStringLiteral("launch/patient patient/*.read offline_access");
    const QString scope = grantedScope(requested);
    if (!scope.contains(QLatin1String("patient/")))
        return fail("invalid_scope", QStringLiteral("no supported patient/ scope requested"));

    if (submitted) {
        const QString decision = field(params, "decision");
        if (decision == QLatin1String("deny"))
            return fail("access_denied", QStringLiteral("The patient denied access."));
        if (decision != QLatin1String("approve"))
            return fail("invalid_request", QStringLiteral("decision must be approve or deny"));
        const int patient = m_data.patientFromId(field(params, "patient").toUtf8());
        if (patient < 0)
            return fail("invalid_request", QStringLiteral("unknown patient"));
        const QByteArray code = randomToken();
        m_codes.insert(code, {clientId, redirectUri, challenge, scope, patient,
                              nowMs() + CodeLifetimeMs, false});
        return redirect(redirectUri, {{QStringLiteral("code"), QString::fromLatin1(code)},
                                      {QStringLiteral("state"), state}});
    }

    QString form = QStringLiteral("<p>%1 asks for access to your records: <code>%2</code></p>\n"
                                  "<form method=\"post\" action=\"/portals/%3/auth/authorize\">\n")
                       .arg(clientId.toHtmlEscaped(), scope.toHtmlEscaped(), m_config.name);
    for (const char *name : {"response_type", "client_id", "redirect_uri", "scope", "state", "aud",
                             "code_challenge", "code_challenge_method"}) {
        form += QStringLiteral("<input type=\"hidden\" name=\"%1\" value=\"%2\">\n")
                    .arg(QLatin1String(name), field(params, name).toHtmlEscaped());
    }
    form += QStringLiteral("<fieldset><legend>Sign in as</legend>\n");
    for (int p = 0; p < m_data.patientCount(); ++p) {
        const QString id = QString::fromLatin1(m_data.patientId(p));
        form += QStringLiteral("<label><input type=\"radio\" name=\"patient\" value=\"%1\"%2> %3 "
                               "(%1)</label><br>\n")
                    .arg(id, p == 0 ? QStringLiteral(" checked") : QString(),
                         m_data.patientName(p).toHtmlEscaped());
    }
    form += QStringLiteral(
        "</fieldset>\n<button type=\"submit\" name=\"decision\" "
        "value=\"approve\">Approve</button>\n"
        "<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n</form>\n");
    return htmlPage(200, m_config.title + QStringLiteral(" — sign in"), form);
}

HttpResponse SandboxPortal::issueTokens(int grant, const QByteArray &refreshToken) {
    const Grant &g = m_grants[grant];
    const int lifetime = m_faults.tokenLifetimeSeconds > 0 ? m_faults.tokenLifetimeSeconds
                                                           : m_config.tokenLifetimeSeconds;
    const QByteArray access = randomToken();
    m_access.insert(access, {grant, nowMs() + qint64(lifetime) * 1000});
    QJsonObject body{{QStringLiteral("access_token"), QString::fromLatin1(access)},
                     {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                     {QStringLiteral("expires_in"), lifetime},
                     {QStringLiteral("scope"), g.scope},
                     {QStringLiteral("patient"), QString::fromLatin1(patientAlias(g.patient))}};
    if (m_quirks.tokenExtra) {
        const QString patient = QString::fromLatin1(m_data.patientId(g.patient));
        body.insert(QStringLiteral("__epic.dstu2.patient"), QStringLiteral("T") + patient);
        body.insert(QStringLiteral("need_patient_banner"), false);
        body.insert(QStringLiteral("smart_style_url"),
                    QStringLiteral("https://style.example/smart-style.json"));
        body.insert(QStringLiteral("tenant"), m_config.name);
        body.insert(QStringLiteral("user"), QStringLiteral("portal-user-") + patient);
        body.insert(QStringLiteral("username"), patient.toLower());
        body.insert(QStringLiteral("encounter"), QString());
        body.insert(QStringLiteral("state"), QString());
    }
    if (!refreshToken.isEmpty())
        body.insert(QStringLiteral("refresh_token"), QString::fromLatin1(refreshToken));
    HttpResponse response =
        HttpResponse::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
    return response;
}

HttpResponse SandboxPortal::token(const HttpRequest &request) {
    if (request.method != "POST")
        return oauthError(405, "invalid_request", QStringLiteral("use POST"));
    if (!request.contentType.startsWith("application/x-www-form-urlencoded"))
        return oauthError(400, "invalid_request",
                          QStringLiteral("body must be application/x-www-form-urlencoded"));
    const QUrlQuery params = formBody(request.body);
    QString why;
    const QString clientId =
        m_clientAuth.authenticate(request, params,
                                  request.origin + QStringLiteral("/portals/") + m_config.name +
                                      QStringLiteral("/auth/token"),
                                  &why);
    if (clientId.isEmpty())
        return oauthError(401, "invalid_client", why);
    if (!m_config.clientIds.contains(clientId))
        return oauthError(401, "invalid_client", QStringLiteral("unknown client_id"));
    const QString grantType = field(params, "grant_type");
    if (grantType == QLatin1String("authorization_code")) {
        const QByteArray code = field(params, "code").toUtf8();
        const QString verifier = field(params, "code_verifier");
        if (code.isEmpty() || verifier.isEmpty() ||
            !params.hasQueryItem(QStringLiteral("redirect_uri")))
            return oauthError(400, "invalid_request",
                              QStringLiteral("code, code_verifier and redirect_uri are required"));
        auto found = m_codes.find(code);
        if (found == m_codes.end() || found->used || found->expiresMs < nowMs())
            return oauthError(400, "invalid_grant",
                              QStringLiteral("unknown, used or expired code"));
        // A code is spent by any attempt, so a guessed verifier cannot be retried.
        found->used = true;
        if (found->clientId != clientId)
            return oauthError(400, "invalid_grant",
                              QStringLiteral("code was issued to another client"));
        if (found->redirectUri != field(params, "redirect_uri"))
            return oauthError(400, "invalid_grant", QStringLiteral("redirect_uri does not match"));
        const QString computed = QString::fromLatin1(
            QCryptographicHash::hash(verifier.toUtf8(), QCryptographicHash::Sha256)
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        if (computed != found->challenge)
            return oauthError(400, "invalid_grant",
                              QStringLiteral("PKCE code_verifier does not match"));
        m_grants.append({found->patient, clientId, found->scope, false});
        const int grant = int(m_grants.size() - 1);
        QByteArray refresh;
        if (found->scope.split(QLatin1Char(' ')).contains(QStringLiteral("offline_access"))) {
            refresh = randomToken();
            m_refresh.insert(refresh, {grant, true});
        }
        return issueTokens(grant, refresh);
    }
    if (grantType == QLatin1String("refresh_token")) {
        const QByteArray refresh = field(params, "refresh_token").toUtf8();
        if (refresh.isEmpty())
            return oauthError(400, "invalid_request", QStringLiteral("refresh_token is required"));
        auto found = m_refresh.find(refresh);
        if (found == m_refresh.end() || !found->valid || m_grants[found->grant].revoked)
            return oauthError(400, "invalid_grant",
                              QStringLiteral("refresh token is invalid or revoked"));
        if (m_grants[found->grant].clientId != clientId)
            return oauthError(400, "invalid_grant",
                              QStringLiteral("refresh token belongs to another client"));
        const int grant = found->grant;
        if (!m_config.rotateRefreshTokens)
            return issueTokens(grant, refresh);
        found->valid = false;
        const QByteArray next = randomToken();
        m_refresh.insert(next, {grant, true});
        return issueTokens(grant, next);
    }
    if (grantType.isEmpty())
        return oauthError(400, "invalid_request", QStringLiteral("grant_type is required"));
    return oauthError(400, "unsupported_grant_type",
                      QStringLiteral("unsupported grant_type ") + grantType);
}

HttpResponse SandboxPortal::revoke(const HttpRequest &request) {
    if (request.method != "POST")
        return oauthError(405, "invalid_request", QStringLiteral("use POST"));
    const QByteArray token = field(formBody(request.body), "token").toUtf8();
    if (token.isEmpty())
        return oauthError(400, "invalid_request", QStringLiteral("token is required"));
    // RFC 7009 2.2: unknown tokens are not an error. Revoking a refresh token
    // ends the whole grant, its access tokens included.
    if (auto refresh = m_refresh.find(token); refresh != m_refresh.end())
        m_grants[refresh->grant].revoked = true;
    m_access.remove(token);
    HttpResponse response;
    response.status = 200;
    return response;
}

int SandboxPortal::revokePatient(int patient) {
    int revoked = 0;
    for (Grant &grant : m_grants) {
        if (grant.patient == patient && !grant.revoked) {
            grant.revoked = true;
            ++revoked;
        }
    }
    return revoked;
}

void SandboxPortal::expireAccessTokens() {
    const qint64 past = nowMs() - 1;
    for (AccessToken &token : m_access)
        token.expiresMs = std::min(token.expiresMs, past);
}

void SandboxPortal::applyFault(const FaultItem &item) {
    if (m_faults.apply(item))
        expireAccessTokens();
}

void SandboxPortal::applyQuirk(const QuirkItem &item) {
    m_quirks.apply(item);
    m_data.setLongIds(m_quirks.longIds);
    m_data.setSpreadIntents(m_quirks.requireMedicationRequestIntent);
}

QByteArray SandboxPortal::encodePage(const QList<QByteArray> &fields) const {
    QByteArray plain = "pg|" + fields.join('|');
    // Not security, just opacity: a client must follow the link as given and
    // cannot read or forge an offset from it.
    quint64 stream = mix(m_secret);
    for (qsizetype i = 0; i < plain.size(); ++i) {
        if (i % 8 == 0)
            stream = mix(stream + quint64(i));
        plain[i] = char(plain[i] ^ char(stream >> (8 * (i % 8))));
    }
    return plain.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QList<QByteArray> SandboxPortal::decodePage(const QString &token) const {
    QByteArray plain = QByteArray::fromBase64(token.toLatin1(), QByteArray::Base64UrlEncoding);
    quint64 stream = mix(m_secret);
    for (qsizetype i = 0; i < plain.size(); ++i) {
        if (i % 8 == 0)
            stream = mix(stream + quint64(i));
        plain[i] = char(plain[i] ^ char(stream >> (8 * (i % 8))));
    }
    if (!plain.startsWith("pg|"))
        return {};
    return plain.mid(3).split('|');
}

HttpResponse SandboxPortal::fhir(const HttpRequest &request, const QString &path) {
    const QList<QStringView> parts = QStringView(path).split(QLatin1Char('/'), Qt::SkipEmptyParts);

    const QByteArray &authorization = request.authorization;
    if (!authorization.startsWith("Bearer ")) {
        HttpResponse response =
            operationOutcome(401, "login", QStringLiteral("a bearer token is required"));
        response.setHeader("WWW-Authenticate", "Bearer realm=\"" + m_config.name.toUtf8() + "\"");
        return response;
    }
    const auto access = m_access.constFind(authorization.mid(7).trimmed());
    if (access == m_access.cend() || access->expiresMs <= nowMs() ||
        m_grants[access->grant].revoked) {
        HttpResponse response = operationOutcome(
            401, "expired", QStringLiteral("the access token is invalid or expired"));
        response.setHeader("WWW-Authenticate", "Bearer realm=\"" + m_config.name.toUtf8() +
                                                   "\", error=\"invalid_token\"");
        return response;
    }
    const int patient = m_grants[access->grant].patient;

    const bool isSearchPost =
        request.method == "POST" && parts.size() == 2 && parts[1] == QLatin1String("_search");
    if (request.method != "GET" && !isSearchPost)
        return operationOutcome(405, "not-supported", QStringLiteral("this portal is read-only"));

    QString resourceType = parts.isEmpty() ? QString() : parts[0].toString();
    QUrlQuery params = isSearchPost ? formBody(request.body) : request.query;
    if (m_quirks.next == NextQuirk::Cursor && params.hasQueryItem(QStringLiteral("cursor"))) {
        const QString cursor = field(params, "cursor");
        params = QUrlQuery();
        params.addQueryItem(QStringLiteral("_getpages"), cursor);
    }
    const QString pageToken = field(params, "_getpages");
    if (!pageToken.isEmpty() && m_quirks.next == NextQuirk::Session &&
        !m_sessions.contains(field(params, "session")))
        return operationOutcome(
            400, "invalid", QStringLiteral("Session ID for cached search results has expired."));
    QList<QByteArray> everythingPage;
    if (!pageToken.isEmpty()) {
        const QList<QByteArray> state = decodePage(pageToken);
        if (state.size() == EverythingPageFields && state[0] == EverythingMarker) {
            everythingPage = state;
            resourceType = QStringLiteral("Patient");
        } else if (state.size() != SearchPageFields || state[0].toInt() < 0 ||
                   state[0].toInt() >= SearchableKinds) {
            return operationOutcome(400, "invalid", QStringLiteral("unknown or expired page link"));
        } else {
            resourceType = QLatin1String(kindName(Kind(state[0].toInt())));
        }
    }
    const bool everythingRequest = pageToken.isEmpty() && parts.size() == 3 &&
                                   parts[0] == QLatin1String("Patient") &&
                                   parts[2] == QLatin1String("$everything");

    // Faults and the flaky portal's temper hit data requests only: discovery
    // stays dependable, so each test decides exactly what goes wrong.
    ++m_requests;
    HttpResponse fault;
    bool faulted = false;
    int delayMs = m_faults.latencyMs;
    CountedFault counted;
    if (m_faults.rateLimited()) {
        fault = operationOutcome(429, "throttled", QStringLiteral("too many requests"));
        fault.setHeader("Retry-After", QByteArray::number(m_faults.retryAfterSeconds));
        faulted = true;
    } else if (m_faults.random) {
        const quint64 roll = mix(m_secret ^ mix(m_requests)) % 100;
        if (roll < 5) {
            fault = operationOutcome(429, "throttled", QStringLiteral("too many requests"));
            fault.setHeader("Retry-After", "1");
            faulted = true;
        } else if (roll < 9) {
            fault = operationOutcome(503, "transient", QStringLiteral("service unavailable"));
            faulted = true;
        } else if (roll < 19) {
            delayMs += 200;
        }
    }
    if (!faulted && m_faults.take(FaultType::Status, resourceType, &counted)) {
        fault = operationOutcome(counted.status, counted.status >= 500 ? "transient" : "processing",
                                 QStringLiteral("injected fault"));
        if (counted.status == 429 || counted.status == 503)
            fault.setHeader("Retry-After", QByteArray::number(m_faults.retryAfterSeconds));
        faulted = true;
    }
    if (!faulted && m_faults.take(FaultType::Hang, resourceType)) {
        fault.hang = true;
        faulted = true;
    }
    if (faulted) {
        fault.delayMs = delayMs;
        return fault;
    }
    const bool isSearch = !pageToken.isEmpty() || isSearchPost || parts.size() == 1;
    if (HttpResponse refused = refusal(resourceType, isSearch, params); refused.status != 0) {
        dress(refused);
        refused.delayMs = delayMs;
        return refused;
    }

    HttpResponse response;
    if (!everythingPage.isEmpty()) {
        response = everything(request, patient, params, QString(), everythingPage);
    } else if (!pageToken.isEmpty()) {
        response = search(request, Kind::Patient, patient, params);
    } else if (everythingRequest) {
        response = m_config.everything
                       ? everything(request, patient, params, parts[1].toString(), {})
                       : operationOutcome(404, "not-supported",
                                          QStringLiteral("Patient/$everything is not supported "
                                                         "here; search each type instead"));
    } else if (parts.isEmpty() || parts.size() > 2) {
        response = operationOutcome(404, "not-found", QStringLiteral("no such FHIR endpoint"));
    } else {
        const int kind = kindFromName(parts[0]);
        if (kind < 0) {
            response =
                operationOutcome(404, "not-supported",
                                 QStringLiteral("resource type %1 is not supported").arg(parts[0]));
        } else if (parts.size() == 2 && !isSearchPost) {
            response = read(request, Kind(kind), parts[1].toString(), patient);
        } else if (m_config.idSearch && idSearchable(Kind(kind))) {
            response = searchById(request, Kind(kind), patient, params);
        } else if (kind >= SearchableKinds) {
            response = operationOutcome(
                400, "not-supported",
                QStringLiteral("%1 is read by id here, not searched").arg(parts[0]));
        } else {
            response = search(request, Kind(kind), patient, params);
        }
    }
    if (response.status == 200) {
        if (m_faults.take(FaultType::Truncate, resourceType)) {
            response.truncate = true;
        } else if (m_faults.take(FaultType::Malformed, resourceType)) {
            response.body = response.body.left(response.body.size() / 2) + ",]\"}{";
        }
    }
    dress(response);
    response.delayMs = delayMs;
    return response;
}

HttpResponse SandboxPortal::search(const HttpRequest &request, Kind kind, int patient,
                                   QUrlQuery params) {
    Search s;
    s.patient = patient;
    int offset = 0;
    int pageSize = m_config.defaultPageSize;
    const QString pageToken = field(params, "_getpages");
    if (!pageToken.isEmpty()) {
        const QList<QByteArray> state = decodePage(pageToken);
        s.kind = Kind(state[0].toInt());
        if (state[1].toInt() != patient)
            return operationOutcome(403, "forbidden",
                                    QStringLiteral("page link belongs to another patient"));
        s.category = state[2].toInt();
        s.low = state[3].toLongLong();
        s.high = state[4].toLongLong();
        offset = state[5].toInt();
        pageSize = state[6].toInt();
        s.intents = state[7].toInt();
    } else {
        s.kind = kind;
        QString subject = field(params, "patient");
        if (subject.isEmpty())
            subject = field(params, "subject");
        if (subject.startsWith(QLatin1String("Patient/")))
            subject = subject.mid(8);
        if (!subject.isEmpty() && subject.toUtf8() != m_data.patientId(patient) &&
            subject.toUtf8() != patientAlias(patient))
            return operationOutcome(403, "forbidden",
                                    QStringLiteral("the token only grants access to patient %1")
                                        .arg(QString::fromLatin1(patientAlias(patient))));
        const QString category = field(params, "category");
        if (kind == Kind::Observation) {
            if (category.isEmpty() && m_quirks.requireObservationCategory)
                return operationOutcome(
                    400, "required",
                    QStringLiteral("The category parameter is required for Observation "
                                   "searches: search with category=vital-signs, "
                                   "category=laboratory or category=social-history."));
            if (category.isEmpty() && m_config.requireObservationCategory)
                return operationOutcome(
                    400, "required",
                    QStringLiteral("Observation searches must specify a category"));
            if (!category.isEmpty()) {
                QString code = category.section(QLatin1Char('|'), -1);
                s.category = categoryFromCode(code);
                static const QStringList usCoreCategories{
                    QStringLiteral("survey"),      QStringLiteral("exam"),
                    QStringLiteral("imaging"),     QStringLiteral("procedure"),
                    QStringLiteral("therapy"),     QStringLiteral("activity"),
                    QStringLiteral("sdoh"),        QStringLiteral("laboratory"),
                    QStringLiteral("vital-signs"), QStringLiteral("social-history")};
                if (s.category < 0 && usCoreCategories.contains(code))
                    s.category = Search::noData;
                if (s.category < 0 && s.category != Search::noData)
                    return operationOutcome(400, "value",
                                            QStringLiteral("unsupported category ") + category);
                if (m_quirks.requireObservationCategory &&
                    s.category == int(ObservationCategory::SocialHistory))
                    return operationOutcome(
                        400, "forbidden",
                        QStringLiteral("This client is not authorized for Observation category "
                                       "social-history."));
            }
        }
        if (kind == Kind::CarePlan && m_quirks.requireCarePlanCategory) {
            if (category.isEmpty())
                return operationOutcome(400, "required",
                                        QStringLiteral("CarePlan searches require a category: "
                                                       "search with category=assess-plan."));
            if (category.section(QLatin1Char('|'), -1) != QLatin1String("assess-plan"))
                s.category = Search::noData;
        }
        if (kind == Kind::MedicationRequest && m_quirks.requireMedicationRequestIntent) {
            static const QStringList intents{
                QStringLiteral("order"),          QStringLiteral("plan"),
                QStringLiteral("proposal"),       QStringLiteral("original-order"),
                QStringLiteral("reflex-order"),   QStringLiteral("filler-order"),
                QStringLiteral("instance-order"), QStringLiteral("option")};
            const QStringList asked =
                field(params, "intent").split(QLatin1Char(','), Qt::SkipEmptyParts);
            if (asked.isEmpty())
                return operationOutcome(
                    400, "required",
                    QStringLiteral("The intent parameter is required for MedicationRequest "
                                   "searches. Supported values: %1.")
                        .arg(intents.join(QStringLiteral(", "))));
            s.intents = 0;
            for (const QString &intent : asked) {
                const qsizetype bit = intents.indexOf(intent);
                if (bit < 0)
                    return operationOutcome(400, "value",
                                            QStringLiteral("unsupported intent ") + intent);
                if (bit < 3)
                    s.intents |= 1 << bit;
            }
        }
        for (const QString &value :
             params.allQueryItemValues(QStringLiteral("_lastUpdated"), QUrl::FullyDecoded)) {
            const QString prefix = value.left(2);
            const bool prefixed = prefix.at(0).isLetter();
            qint64 ms = 0;
            if (!parseInstant(prefixed ? value.mid(2) : value, &ms))
                return operationOutcome(400, "value", QStringLiteral("bad _lastUpdated ") + value);
            if (!prefixed || prefix == QLatin1String("ge") || prefix == QLatin1String("eq"))
                s.low = std::max(s.low, ms);
            else if (prefix == QLatin1String("gt"))
                s.low = std::max(s.low, ms + 1);
            else if (prefix == QLatin1String("le"))
                s.high = std::min(s.high, ms);
            else if (prefix == QLatin1String("lt"))
                s.high = std::min(s.high, ms - 1);
            else
                return operationOutcome(400, "value",
                                        QStringLiteral("unsupported prefix ") + prefix);
        }
        if (!readCount(params, &pageSize))
            return operationOutcome(400, "value",
                                    QStringLiteral("bad _count ") + field(params, "_count"));
        if (m_quirks.countIgnored)
            pageSize = PortalQuirks::IgnoredCountPageSize;
    }
    const int cap =
        m_quirks.countCap > 0 ? std::min(m_config.pageCap, m_quirks.countCap) : m_config.pageCap;
    pageSize = std::clamp(pageSize, 1, cap);
    s.select(m_data);
    if (m_quirks.next == NextQuirk::None)
        pageSize = std::max(1, s.total - offset);

    const QString base = fhirBase(request.origin);
    const int end = std::min(s.total, offset + pageSize);
    QByteArray body;
    body.reserve(512 + std::max(0, end - offset) * 1400);
    JsonOut json(body);
    json.beginObject().field("resourceType", "Bundle").field("id", randomToken().left(16));
    json.key("meta").beginObject();
    json.field("lastUpdated", instant(nowMs()));
    json.endObject();
    json.field("type", "searchset");
    if (m_quirks.total == TotalQuirk::Normal)
        json.numField("total", s.total);
    else if (m_quirks.total == TotalQuirk::Page)
        json.numField("total", std::max(0, end - offset));
    if (m_quirks.next != NextQuirk::None) {
        json.key("link").beginArray();
        QString self = base + QLatin1Char('/') + QLatin1String(kindName(s.kind));
        if (!pageToken.isEmpty())
            self = base + QStringLiteral("?_getpages=") + pageToken;
        else if (!params.isEmpty())
            self += QLatin1Char('?') + params.toString(QUrl::FullyEncoded);
        json.beginObject().field("relation", "self").field("url", self).endObject();
        const bool more = end < s.total || m_quirks.next == NextQuirk::Endless;
        if (more) {
            const QByteArray next = encodePage(
                {QByteArray::number(int(s.kind)), QByteArray::number(patient),
                 QByteArray::number(s.category), QByteArray::number(s.low),
                 QByteArray::number(s.high), QByteArray::number(std::max(end, offset + pageSize)),
                 QByteArray::number(pageSize), QByteArray::number(s.intents)});
            QString url = nextLink(request, base, s.kind, patient, pageSize, next);
            if (m_faults.take(FaultType::ForeignNext, QLatin1String(kindName(s.kind))))
                url.replace(base, QStringLiteral("http://foreign.example.org/fhir"));
            json.beginObject().field("relation", "next").field("url", url).endObject();
        } else if (m_quirks.next == NextQuirk::SelfLoop) {
            json.beginObject().field("relation", "next").field("url", self).endObject();
        }
        json.endArray();
    }
    const bool spoil =
        end > offset && m_faults.take(FaultType::InvalidResource, QLatin1String(kindName(s.kind)));
    const bool badType =
        end > offset && m_faults.take(FaultType::BadType, QLatin1String(kindName(s.kind)));
    const bool outcome = m_quirks.outcomeEntries && offset == 0;
    if (end > offset || outcome) {
        json.key("entry").beginArray();
        if (outcome) {
            const bool none = end <= offset;
            json.beginObject()
                .key("resource")
                .beginObject()
                .field("resourceType", "OperationOutcome")
                .key("issue")
                .beginArray()
                .beginObject()
                .field("severity", none ? "information" : "warning")
                .field("code", none ? "informational" : "suppressed")
                .key("details")
                .beginObject()
                .field("text", none ? "No resources found for this search."
                                    : "Some results may be filtered for this patient-access "
                                      "client.")
                .endObject()
                .endObject()
                .endArray()
                .endObject();
            json.key("search").beginObject().field("mode", "outcome").endObject();
            json.endObject();
        }
        for (int n = offset; n < end; ++n) {
            const ResourceRef ref{s.kind, patient, s.at(n)};
            const QByteArray id = m_data.resourceId(ref);
            json.beginObject();
            writeFullUrl(json, base, s.kind, id);
            json.key("resource");
            if ((spoil || badType) && n == offset + (end - offset) / 2) {
                QByteArray resource;
                writeResource(resource, ref, request.origin);
                if (spoil)
                    resource.replace(",\"id\":\"" + id + '"', QByteArray());
                if (badType)
                    spoilType(resource);
                json.raw(std::string_view(resource.constData(), resource.size()));
            } else {
                json.raw({});
                writeResource(body, ref, request.origin);
            }
            json.key("search").beginObject().field("mode", "match").endObject();
            json.endObject();
        }
        json.endArray();
    }
    json.endObject();
    return HttpResponse::json(200, body, FhirJson);
}

const std::array<quint64, KindCount> &SandboxPortal::referencedShared(int patient) {
    if (m_referencedGeneration != m_data.generation()) {
        m_referenced.clear();
        m_referencedGeneration = m_data.generation();
    }
    auto it = m_referenced.find(patient);
    if (it == m_referenced.end())
        it = m_referenced.insert(patient, m_data.referencedShared(patient));
    return *it;
}

// `Patient/<id>/$everything`: the Patient, every resource of every searchable
// kind (in Kind order, then index order) and the shared resources reached from
// them (Kind order, then index order), optionally only those updated at or
// after `_since`, paged like a search. The n-th entry depends only on the data
// and `_since`, so a next page continues exactly where the last one ended.
HttpResponse SandboxPortal::everything(const HttpRequest &request, int patient,
                                       const QUrlQuery &params, const QString &id,
                                       const QList<QByteArray> &page) {
    qint64 since = std::numeric_limits<qint64>::min();
    int offset = 0;
    int pageSize = m_config.defaultPageSize;
    const QString pageToken = field(params, "_getpages");
    if (!page.isEmpty()) {
        if (page[1].toInt() != patient)
            return operationOutcome(403, "forbidden",
                                    QStringLiteral("page link belongs to another patient"));
        since = page[2].toLongLong();
        offset = std::max(0, page[3].toInt());
        pageSize = page[4].toInt();
    } else {
        // Another patient answers like a missing one, as reads do.
        if (id.toUtf8() != m_data.patientId(patient) && id.toUtf8() != patientAlias(patient))
            return operationOutcome(404, "not-found",
                                    QStringLiteral("Patient/%1 not found").arg(id));
        const QString sinceText = field(params, "_since");
        if (!sinceText.isEmpty() && !parseInstant(sinceText, &since))
            return operationOutcome(400, "value", QStringLiteral("bad _since ") + sinceText);
        if (!readCount(params, &pageSize))
            return operationOutcome(400, "value",
                                    QStringLiteral("bad _count ") + field(params, "_count"));
    }
    pageSize = std::clamp(pageSize, 1, m_config.pageCap);

    // Walk the entries in order, keeping those of this page. Unfiltered, whole
    // kinds are skipped by count; with _since every resource is looked at.
    const bool filtered = since != std::numeric_limits<qint64>::min();
    const int pageEnd = offset + pageSize;
    QList<ResourceRef> entries;
    entries.reserve(pageSize);
    int total = 0;
    const auto consider = [&](const ResourceRef &ref) {
        if (filtered && m_data.lastUpdatedMs(ref) < since)
            return;
        if (total >= offset && total < pageEnd)
            entries.append(ref);
        ++total;
    };
    consider({Kind::Patient, patient, 0});
    for (int k = 0; k < SearchableKinds; ++k) {
        const Kind kind = Kind(k);
        const int n = m_data.count(patient, kind);
        if (filtered) {
            for (int i = 0; i < n; ++i)
                consider({kind, patient, i});
            continue;
        }
        for (int i = std::max(0, offset - total); i < n && total + i < pageEnd; ++i)
            entries.append({kind, patient, i});
        total += n;
    }
    const std::array<quint64, KindCount> &shared = referencedShared(patient);
    for (int k = int(Kind::Patient) + 1; k < KindCount; ++k) {
        for (quint64 mask = shared[k]; mask; mask &= mask - 1)
            consider({Kind(k), -1, std::countr_zero(mask)});
    }

    const QString base = fhirBase(request.origin);
    const int end = std::min(total, pageEnd);
    QByteArray body;
    body.reserve(512 + entries.size() * 1400);
    JsonOut json(body);
    json.beginObject().field("resourceType", "Bundle").field("id", randomToken().left(16));
    json.key("meta").beginObject().field("lastUpdated", instant(nowMs())).endObject();
    json.field("type", "searchset");
    if (m_quirks.total == TotalQuirk::Normal)
        json.numField("total", total);
    else if (m_quirks.total == TotalQuirk::Page)
        json.numField("total", int(entries.size()));
    json.key("link").beginArray();
    QString self;
    if (!pageToken.isEmpty()) {
        self = base + QStringLiteral("?_getpages=") + pageToken;
    } else {
        self = base + QStringLiteral("/Patient/") + id + QStringLiteral("/$everything");
        if (!params.isEmpty())
            self += QLatin1Char('?') + params.toString(QUrl::FullyEncoded);
    }
    json.beginObject().field("relation", "self").field("url", self).endObject();
    if (end < total) {
        const QByteArray next =
            encodePage({EverythingMarker, QByteArray::number(patient), QByteArray::number(since),
                        QByteArray::number(end), QByteArray::number(pageSize)});
        QString url = nextLink(request, base, Kind::Patient, patient, pageSize, next);
        if (m_faults.take(FaultType::ForeignNext, QStringLiteral("Patient")))
            url.replace(base, QStringLiteral("http://foreign.example.org/fhir"));
        json.beginObject().field("relation", "next").field("url", url).endObject();
    }
    json.endArray();
    const qsizetype spoilAt =
        !entries.isEmpty() && m_faults.take(FaultType::InvalidResource, QStringLiteral("Patient"))
            ? entries.size() / 2
            : -1;
    const qsizetype badTypeAt =
        !entries.isEmpty() && m_faults.take(FaultType::BadType, QStringLiteral("Patient"))
            ? entries.size() / 2
            : -1;
    if (!entries.isEmpty()) {
        json.key("entry").beginArray();
        for (qsizetype n = 0; n < entries.size(); ++n) {
            const ResourceRef &ref = entries[n];
            const QByteArray resourceId = m_data.resourceId(ref);
            json.beginObject();
            writeFullUrl(json, base, ref.kind, resourceId);
            json.key("resource");
            if (n == spoilAt || n == badTypeAt) {
                QByteArray resource;
                writeResource(resource, ref, request.origin);
                if (n == spoilAt)
                    resource.replace(",\"id\":\"" + resourceId + '"', QByteArray());
                if (n == badTypeAt)
                    spoilType(resource);
                json.raw(std::string_view(resource.constData(), resource.size()));
            } else {
                json.raw({});
                writeResource(body, ref, request.origin);
            }
            json.key("search")
                .beginObject()
                .field("mode", ref.patient >= 0 ? "match" : "include")
                .endObject();
            json.endObject();
        }
        json.endArray();
    }
    json.endObject();
    return HttpResponse::json(200, body, FhirJson);
}

bool SandboxPortal::idSearchable(Kind kind) {
    return kind > Kind::Patient;
}

// `<Type>?_id=a,b,c`: the resources of those ids this patient may see, in one
// searchset. Unknown ids (and other patients' ones) are left out, as a FHIR
// server does; more ids than a page holds is refused rather than paged.
HttpResponse SandboxPortal::searchById(const HttpRequest &request, Kind kind, int patient,
                                       const QUrlQuery &params) {
    QStringList ids;
    for (const QString &value :
         params.allQueryItemValues(QStringLiteral("_id"), QUrl::FullyDecoded))
        ids += value.split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (ids.isEmpty())
        return operationOutcome(
            400, "required",
            QStringLiteral("%1 is searched by _id only").arg(QLatin1String(kindName(kind))));
    if (ids.size() > m_config.pageCap)
        return operationOutcome(400, "too-costly",
                                QStringLiteral("at most %1 ids per search").arg(m_config.pageCap));
    ids.removeDuplicates();

    const QString base = fhirBase(request.origin);
    const QString typeUrl = base + QLatin1Char('/') + QLatin1String(kindName(kind));
    QList<ResourceRef> found;
    for (const QString &id : std::as_const(ids)) {
        ResourceRef ref;
        if (m_data.resolve(kind, id.toUtf8(), &ref) && (ref.patient < 0 || ref.patient == patient))
            found.append(ref);
    }
    QByteArray body;
    body.reserve(512 + found.size() * 1400);
    JsonOut json(body);
    json.beginObject().field("resourceType", "Bundle").field("id", randomToken().left(16));
    json.key("meta").beginObject().field("lastUpdated", instant(nowMs())).endObject();
    json.field("type", "searchset").numField("total", found.size());
    json.key("link").beginArray();
    json.beginObject()
        .field("relation", "self")
        .field("url", typeUrl + QLatin1Char('?') + params.toString(QUrl::FullyEncoded))
        .endObject();
    json.endArray();
    if (!found.isEmpty()) {
        json.key("entry").beginArray();
        for (const ResourceRef &ref : std::as_const(found)) {
            json.beginObject();
            writeFullUrl(json, base, kind, m_data.resourceId(ref));
            json.key("resource");
            json.raw({});
            writeResource(body, ref, request.origin);
            json.key("search").beginObject().field("mode", "match").endObject();
            json.endObject();
        }
        json.endArray();
    }
    json.endObject();
    return HttpResponse::json(200, body, FhirJson);
}

HttpResponse SandboxPortal::read(const HttpRequest &request, Kind kind, const QString &id,
                                 int patient) {
    ResourceRef ref;
    if (kind == Kind::Patient && id.toUtf8() == patientAlias(patient)) {
        ref = {Kind::Patient, patient, 0};
    } else if (!m_data.resolve(kind, id.toUtf8(), &ref) ||
               (ref.patient >= 0 && ref.patient != patient)) {
        // Some vendors answer 500 for a reference they cannot resolve.
        if (m_quirks.refsMixed && kind == Kind::Location)
            return operationOutcome(
                500, "exception",
                QStringLiteral("Location/%1 is not known to this server.").arg(id));
        // Another patient's resource answers exactly like a missing one, so a
        // token cannot probe which ids exist.
        return operationOutcome(
            404, "not-found",
            QStringLiteral("%1/%2 not found").arg(QLatin1String(kindName(kind)), id));
    }
    HttpResponse response;
    const bool raw = kind == Kind::Binary && !request.accept.isEmpty() &&
                     !request.accept.contains("json") &&
                     (request.accept.contains(m_data.binaryContentType()) ||
                      request.accept.contains("application/octet-stream"));
    if (raw) {
        response.body = m_data.binaryContent(ref);
        response.contentType = m_data.binaryContentType();
    } else {
        writeResource(response.body, ref, request.origin);
        response.contentType = FhirJson;
    }
    response.setHeader("ETag", "W/\"" + QByteArray::number(m_data.version(ref)) + '"');
    response.setHeader("Last-Modified",
                       QDateTime::fromMSecsSinceEpoch(m_data.lastUpdatedMs(ref), Qt::UTC)
                           .toString(Qt::RFC2822Date)
                           .toLatin1());
    return response;
}

QJsonObject SandboxPortal::describe(const QString &origin) const {
    const QString auth =
        origin + QStringLiteral("/portals/") + m_config.name + QStringLiteral("/auth");
    return {{QStringLiteral("name"), m_config.name},
            {QStringLiteral("title"), m_config.title},
            {QStringLiteral("fhirBase"), fhirBase(origin)},
            {QStringLiteral("smartConfiguration"),
             fhirBase(origin) + QStringLiteral("/.well-known/smart-configuration")},
            {QStringLiteral("authorizationEndpoint"), auth + QStringLiteral("/authorize")},
            {QStringLiteral("tokenEndpoint"), auth + QStringLiteral("/token")},
            {QStringLiteral("revocationEndpoint"), auth + QStringLiteral("/revoke")},
            {QStringLiteral("pageCap"), m_config.pageCap},
            {QStringLiteral("scopesV2"), m_config.scopesV2},
            {QStringLiteral("rotatesRefreshTokens"), m_config.rotateRefreshTokens},
            {QStringLiteral("tokenLifetimeSeconds"), m_config.tokenLifetimeSeconds},
            {QStringLiteral("requiresObservationCategory"), m_config.requireObservationCategory},
            {QStringLiteral("patients"), m_data.patientCount()},
            {QStringLiteral("generation"), m_data.generation()},
            {QStringLiteral("faults"), m_faults.toJson()},
            {QStringLiteral("vendorLike"), m_config.vendorLike},
            {QStringLiteral("quirks"), QJsonArray::fromStringList(m_quirks.spec)},
            {QStringLiteral("client"), m_clientAuth.registration().toJson()},
            {QStringLiteral("offlineAccess"), m_config.offlineAccess}};
}

QJsonObject SandboxPortal::describePatient(int patient) const {
    const auto counts = m_data.completePullCounts(patient);
    const auto updated = m_data.updatedCounts(patient);
    QJsonObject countsJson, updatedJson;
    int total = 0;
    for (int k = 0; k < KindCount; ++k) {
        countsJson.insert(QLatin1String(kindName(Kind(k))), counts[k]);
        updatedJson.insert(QLatin1String(kindName(Kind(k))), updated[k]);
        total += counts[k];
    }
    return {{QStringLiteral("id"), QString::fromLatin1(m_data.patientId(patient))},
            {QStringLiteral("name"), m_data.patientName(patient)},
            {QStringLiteral("person"), m_data.personOf(patient)},
            {QStringLiteral("counts"), countsJson},
            {QStringLiteral("total"), total},
            {QStringLiteral("updated"), updatedJson},
            {QStringLiteral("generation"), m_data.generation()}};
}

QJsonArray SandboxPortal::describePatients() const {
    QJsonArray patients;
    for (int p = 0; p < m_data.patientCount(); ++p)
        patients.append(describePatient(p));
    return patients;
}

} // namespace medpull::sandbox
