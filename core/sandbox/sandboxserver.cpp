// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sandboxserver.h"

#include "sandboxadmin.h"
#include "sandboxdestination.h"
#include "sandboxhttp.h"
#include "sandboxportal.h"
#include "sandboxquirks.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace medpull {

using namespace sandbox;

namespace sandbox {

const char *reasonPhrase(int status) {
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

} // namespace sandbox

namespace {

QByteArray headerValue(const QHttpServerRequest &request, const char *name) {
    const QByteArrayView wanted(name);
    for (const auto &header : request.headers()) {
        if (header.first.compare(wanted, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return {};
}

QByteArray methodName(QHttpServerRequest::Method method) {
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    default:
        return "OTHER";
    }
}

quint64 secretFor(quint64 seed, int portal) {
    quint64 x = seed * 0x9e3779b97f4a7c15ULL + quint64(portal) + 0x5EC2E7;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    return x ^ (x >> 27);
}

} // namespace

QUrl SandboxInfo::fhirBase(const QString &portal) const {
    for (const auto *list : {&portals, &vendorPortals}) {
        for (const SandboxPortalInfo &info : *list) {
            if (info.name == portal)
                return info.fhirBase;
        }
    }
    return {};
}

QByteArray SandboxInfo::toJsonLine() const {
    const auto describe = [](const QList<SandboxPortalInfo> &list) {
        QJsonArray described;
        for (const SandboxPortalInfo &portal : list) {
            described.append(QJsonObject{
                {QStringLiteral("name"), portal.name},
                {QStringLiteral("fhirBase"), portal.fhirBase.toString()},
                {QStringLiteral("smartConfiguration"), portal.smartConfiguration.toString()},
                {QStringLiteral("patients"), portal.patients}});
        }
        return described;
    };
    QJsonArray destinationList;
    for (const auto &destination : destinations) {
        destinationList.append(
            QJsonObject{{QStringLiteral("name"), destination.first},
                        {QStringLiteral("fhirBase"), destination.second.toString()}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("admin"), adminUrl.toString()},
                                     {QStringLiteral("portals"), describe(portals)},
                                     {QStringLiteral("vendorPortals"), describe(vendorPortals)},
                                     {QStringLiteral("destinations"), destinationList}})
        .toJson(QJsonDocument::Compact);
}

SandboxServer::SandboxServer(SandboxOptions options, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_options(std::move(options))
    , m_admin(std::make_unique<SandboxAdmin>(*this)) {
    const int lifetime = m_options.tokenLifetimeSeconds;
    const auto dataset = [&](const char *name, char prefix, int stride) {
        return DatasetConfig{
            name,  prefix, m_options.seed, m_options.patients, m_options.resourcesPerPatient,
            stride};
    };

    PortalConfig epic;
    epic.name = QStringLiteral("epic");
    epic.title = QStringLiteral("Riverside MyChart (Epic-like sandbox)");
    epic.pageCap = 100;
    epic.requireObservationCategory = true;
    epic.rotateRefreshTokens = m_options.epicRotatesRefreshTokens;
    epic.tokenLifetimeSeconds = lifetime > 0 ? lifetime : 3600;

    PortalConfig cerner;
    cerner.name = QStringLiteral("cerner");
    cerner.title = QStringLiteral("Lakeview Health Portal (Cerner-like sandbox)");
    cerner.pageCap = 200;
    cerner.tokenLifetimeSeconds = lifetime > 0 ? lifetime : 600;

    PortalConfig flaky;
    flaky.name = QStringLiteral("flaky");
    flaky.title = QStringLiteral("Northside Patient Access (flaky sandbox, SMART v1)");
    flaky.pageCap = 100;
    flaky.scopesV2 = false;
    flaky.idSearch = false;
    flaky.everything = false;
    flaky.tokenLifetimeSeconds = lifetime > 0 ? lifetime : 900;

    const auto vendorLike = [&](const char *name, const char *title, int pageCap, int tokenLifetime,
                                QStringList quirks) {
        PortalConfig config;
        config.name = QLatin1String(name);
        config.title = QLatin1String(title);
        config.pageCap = pageCap;
        config.tokenLifetimeSeconds = lifetime > 0 ? lifetime : tokenLifetime;
        // None of these vendors offers Patient/$everything to patient-access apps.
        config.everything = false;
        config.vendorLike = true;
        config.quirks = std::move(quirks);
        return config;
    };
    PortalConfig epicLike = vendorLike(
        "epic-like", "Harborview MyChart (Epic-like quirks)", 100, 3600,
        {QStringLiteral("long-ids"), QStringLiteral("outcome-entries"),
         QStringLiteral("require-category=Observation"),
         QStringLiteral("require-category=CarePlan"), QStringLiteral("next=session"),
         QStringLiteral("unscoped=Device,Goal"), QStringLiteral("attachments=mixed"),
         QStringLiteral("token-extra"), QStringLiteral("content-type=fhir+json;charset=utf-8")});
    PortalConfig oracleLike =
        vendorLike("oracle-like", "Meadowbrook Health (Oracle Health-like quirks)", 200, 600,
                   {QStringLiteral("content-type=json+fhir"), QStringLiteral("next=cursor"),
                    QStringLiteral("total=absent"), QStringLiteral("require-category=CarePlan"),
                    QStringLiteral("require-intent=MedicationRequest"),
                    QStringLiteral("unsupported=Device"), QStringLiteral("unscoped=Goal"),
                    QStringLiteral("refs=mixed"), QStringLiteral("token-extra")});
    PortalConfig athenaLike = vendorLike(
        "athena-like", "Cedar Family Practice (athenahealth-like quirks)", 100, 3600,
        {QStringLiteral("count-cap=10"), QStringLiteral("total=page"), QStringLiteral("next=case"),
         QStringLiteral("fullurl=absent"), QStringLiteral("status500=Goal"),
         QStringLiteral("id-only=CareTeam"), QStringLiteral("no-meta"),
         QStringLiteral("refs=mixed"), QStringLiteral("pretty")});
    PortalConfig payerLike =
        vendorLike("payer-like", "Summit Health Plan (payer Patient Access-like quirks)", 50, 3600,
                   {QStringLiteral("count=ignored"), QStringLiteral("next=cursor"),
                    QStringLiteral("content-type=json"),
                    QStringLiteral("unsupported=CarePlan,CareTeam,Goal,Device"),
                    QStringLiteral("unsupported-status=401"), QStringLiteral("patient-mismatch"),
                    QStringLiteral("token-extra"), QStringLiteral("pretty"),
                    QStringLiteral("no-meta"), QStringLiteral("fullurl=urn")});

    int index = 0;
    for (auto [config, data] :
         {std::pair{epic, dataset("epic", 'e', 1)}, std::pair{cerner, dataset("cerner", 'c', 2)},
          std::pair{flaky, dataset("flaky", 'f', 3)},
          std::pair{epicLike, dataset("epic-like", 'E', 1)},
          std::pair{oracleLike, dataset("oracle-like", 'O', 1)},
          std::pair{athenaLike, dataset("athena-like", 'A', 1)},
          std::pair{payerLike, dataset("payer-like", 'Y', 1)}}) {
        config.clientIds = m_options.clientIds;
        m_portals.push_back(
            std::make_unique<SandboxPortal>(config, data, secretFor(m_options.seed, index++)));
        for (const QString &quirk : config.quirks) {
            const qsizetype eq = quirk.indexOf(QLatin1Char('='));
            m_portals.back()->applyQuirk(
                {config.name, quirk.left(eq), eq < 0 ? QString() : quirk.mid(eq + 1)});
        }
    }
    portal(QStringLiteral("flaky"))->faults().random = m_options.flakyRandom;
    addRegistrationPortals();
    for (const QString &name : m_options.destinations)
        destination(name, true);
}

SandboxServer::~SandboxServer() = default;

QStringList registrationPortalNames() {
    return {QStringLiteral("confidential-basic"), QStringLiteral("confidential-jwt"),
            QStringLiteral("fixed-redirect"), QStringLiteral("online-only")};
}

void SandboxServer::addRegistrationPortals() {
    const QStringList names = registrationPortalNames();
    const QList<char> prefixes{'b', 'j', 'r', 'o'};
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (!m_options.registrationPortals.contains(names.at(i)))
            continue;
        PortalConfig config;
        config.name = names.at(i);
        config.pageCap = 100;
        config.clientIds = m_options.clientIds;
        config.tokenLifetimeSeconds =
            m_options.tokenLifetimeSeconds > 0 ? m_options.tokenLifetimeSeconds : 3600;
        switch (i) {
        case 0:
            config.title = QStringLiteral("Hillcrest Patient Portal (client secret, Basic)");
            config.client.method = QStringLiteral("client_secret_basic");
            config.client.secret = m_options.clientSecret;
            break;
        case 1:
            config.title = QStringLiteral("Bayview MyChart (private_key_jwt)");
            config.client.method = QStringLiteral("private_key_jwt");
            config.rotateRefreshTokens = true;
            break;
        case 2:
            config.title = QStringLiteral("Summit Health (registered redirect URI only)");
            config.client.method = QStringLiteral("client_secret_post");
            config.client.secret = m_options.clientSecret;
            config.client.requireRegisteredRedirect = true;
            break;
        default:
            config.title = QStringLiteral("Valley Clinic (online access only)");
            config.offlineAccess = false;
            break;
        }
        const DatasetConfig data{names.at(i).toUtf8(),
                                 prefixes.at(i),
                                 m_options.seed,
                                 m_options.patients,
                                 m_options.resourcesPerPatient,
                                 2};
        m_portals.push_back(std::make_unique<SandboxPortal>(
            config, data, secretFor(m_options.seed, int(m_portals.size()))));
    }
}

bool SandboxServer::start(QString *error) {
    if (m_options.latencyMs > 0)
        applyFaults(QStringLiteral("all:latency=%1").arg(m_options.latencyMs), error);
    if (!applyFaults(m_options.faults, error) || !applyQuirks(m_options.quirks, error))
        return false;
    auto *tcp = new QTcpServer(this);
    if (!tcp->listen(QHostAddress::LocalHost, m_options.port)) {
        *error = QStringLiteral("cannot listen on 127.0.0.1:%1: %2")
                     .arg(m_options.port)
                     .arg(tcp->errorString());
        delete tcp;
        return false;
    }
    bind(tcp);
    m_origin = QStringLiteral("http://127.0.0.1:%1").arg(tcp->serverPort());
    if (m_options.advanceEverySeconds > 0) {
        m_advanceTimer = new QTimer(this);
        connect(m_advanceTimer, &QTimer::timeout, this, &SandboxServer::advance);
        m_advanceTimer->start(m_options.advanceEverySeconds * 1000);
    }
    return true;
}

SandboxInfo SandboxServer::info() const {
    SandboxInfo info;
    info.baseUrl = QUrl(m_origin);
    info.adminUrl = QUrl(m_origin + QStringLiteral("/admin"));
    for (const auto &portal : m_portals) {
        const QString base = portal->fhirBase(m_origin);
        const QString auth =
            m_origin + QStringLiteral("/portals/") + portal->name() + QStringLiteral("/auth");
        (portal->config().vendorLike ? info.vendorPortals : info.portals)
            .append({portal->name(), QUrl(base),
                     QUrl(base + QStringLiteral("/.well-known/smart-configuration")),
                     QUrl(auth + QStringLiteral("/authorize")),
                     QUrl(auth + QStringLiteral("/token")), QUrl(auth + QStringLiteral("/revoke")),
                     portal->data().patientCount()});
    }
    for (const auto &[name, destination] : m_destinations) {
        info.destinations.append({name, QUrl(m_origin + QStringLiteral("/destinations/") + name +
                                             QStringLiteral("/fhir"))});
    }
    return info;
}

SandboxPortal *SandboxServer::portal(const QString &name) const {
    for (const auto &portal : m_portals) {
        if (portal->name() == name)
            return portal.get();
    }
    return nullptr;
}

SandboxDestination *SandboxServer::destination(const QString &name, bool create) {
    auto found = m_destinations.find(name);
    if (found != m_destinations.end())
        return found->second.get();
    if (!create || name.isEmpty())
        return nullptr;
    return m_destinations.emplace(name, std::make_unique<SandboxDestination>(name))
        .first->second.get();
}

void SandboxServer::advance() {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const auto &portal : m_portals)
        portal->data().advance(now);
}

bool SandboxServer::applyFaults(const QString &spec, QString *error) {
    QList<FaultItem> items;
    if (!parseFaultSpec(spec, &items, error))
        return false;
    for (const FaultItem &item : items) {
        if (item.portal != QLatin1String("all") && !portal(item.portal)) {
            *error = QStringLiteral("bad fault '%1:%2': no portal named '%1'")
                         .arg(item.portal, item.name);
            return false;
        }
    }
    for (const FaultItem &item : items) {
        for (const auto &portal : m_portals) {
            if (item.portal == QLatin1String("all") || item.portal == portal->name())
                portal->applyFault(item);
        }
    }
    return true;
}

bool SandboxServer::applyQuirks(const QString &spec, QString *error) {
    QList<QuirkItem> items;
    if (!parseQuirkSpec(spec, &items, error))
        return false;
    for (const QuirkItem &item : items) {
        if (item.portal != QLatin1String("all") && !portal(item.portal)) {
            *error = QStringLiteral("bad quirk '%1:%2': no portal named '%1'")
                         .arg(item.portal, item.name);
            return false;
        }
    }
    for (const QuirkItem &item : items) {
        for (const auto &portal : m_portals) {
            if (item.portal == QLatin1String("all") || item.portal == portal->name())
                portal->applyQuirk(item);
        }
    }
    return true;
}

bool SandboxServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) {
    HttpRequest copy;
    copy.method = methodName(request.method());
    copy.path = request.url().path();
    copy.query = request.query();
    copy.body = request.body();
    copy.authorization = headerValue(request, "authorization");
    copy.accept = headerValue(request, "accept");
    copy.contentType = headerValue(request, "content-type");
    copy.origin = m_origin;
    const bool close =
        headerValue(request, "connection").compare("close", Qt::CaseInsensitive) == 0;
    deliver(socket, route(copy), close);
    return true;
}

void SandboxServer::missingHandler(const QHttpServerRequest &, QTcpSocket *socket) {
    deliver(socket, operationOutcome(404, "not-found", QStringLiteral("no such endpoint")), false);
}

HttpResponse SandboxServer::route(HttpRequest &request) {
    const QString path = request.path;
    const auto below = [&](const QString &prefix, QString *name) {
        if (!path.startsWith(prefix))
            return false;
        const qsizetype slash = path.indexOf(QLatin1Char('/'), prefix.size());
        *name = path.mid(prefix.size(), slash < 0 ? -1 : slash - prefix.size());
        request.path = slash < 0 ? QString() : path.mid(slash);
        return true;
    };
    QString name;
    if (below(QStringLiteral("/portals/"), &name)) {
        if (SandboxPortal *found = portal(name))
            return found->handle(request);
        return operationOutcome(404, "not-found", QStringLiteral("no portal named ") + name);
    }
    if (below(QStringLiteral("/destinations/"), &name)) {
        if (SandboxDestination *found = destination(name))
            return found->handle(request);
        return operationOutcome(404, "not-found", QStringLiteral("no destination named ") + name);
    }
    if (path == QLatin1String("/admin") || path.startsWith(QLatin1String("/admin/"))) {
        request.path = path.mid(6);
        return m_admin->handle(request);
    }
    if (path == QLatin1String("/")) {
        request.path.clear();
        return m_admin->handle(request);
    }
    return operationOutcome(404, "not-found", QStringLiteral("no such endpoint: ") + path);
}

void SandboxServer::deliver(QTcpSocket *socket, HttpResponse response, bool close) {
    // A hanging answer is never written; the client gives up and closes the
    // socket, which the server then deletes.
    if (response.hang)
        return;
    if (response.delayMs > 0) {
        const int delay = std::exchange(response.delayMs, 0);
        auto pending = std::make_shared<HttpResponse>(std::move(response));
        // The socket is the timer's context: a client that gives up first
        // takes the pending answer with it.
        QTimer::singleShot(delay, socket, [this, socket, pending, close] {
            deliver(socket, std::move(*pending), close);
        });
        return;
    }
    QByteArray head;
    head.reserve(256 + response.body.size());
    head += "HTTP/1.1 ";
    head += QByteArray::number(response.status);
    head += ' ';
    head += reasonPhrase(response.status);
    head += "\r\n";
    if (!response.contentType.isEmpty()) {
        head += "Content-Type: ";
        head += response.contentType;
        head += "\r\n";
    }
    head += "Content-Length: ";
    head += QByteArray::number(response.body.size());
    head += "\r\n";
    for (const auto &header : std::as_const(response.headers)) {
        head += header.first;
        head += ": ";
        head += header.second;
        head += "\r\n";
    }
    if (close || response.truncate)
        head += "Connection: close\r\n";
    head += "\r\n";
    // One write: QTcpSocket sends each write() as its own segment, and a
    // small head followed by the body stalls on Nagle's algorithm and the
    // client's delayed ACK (40 ms a response on Linux).
    if (response.truncate) {
        socket->write(head + response.body.left(response.body.size() / 2));
        socket->disconnectFromHost();
        return;
    }
    socket->write(head + response.body);
    if (close)
        socket->disconnectFromHost();
}

} // namespace medpull
