// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "smartdiscovery.h"

#include "source.h"
#include "urlrules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSet>

namespace medpull {

namespace {

const QLatin1String
    oauthUrisExtension("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");

QStringList stringList(const QJsonValue &value) {
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array) {
        if (item.isString())
            list << item.toString();
    }
    return list;
}

QUrl childUrl(const QUrl &base, const QString &path) {
    QUrl url = base;
    QString basePath = url.path();
    if (!basePath.endsWith(QLatin1Char('/')))
        basePath += QLatin1Char('/');
    url.setPath(basePath + path);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

bool isV2Scope(const QString &scope) {
    static const QRegularExpression v2(
        QStringLiteral("^(patient|user|system)/[^.]+\\.c?r?u?d?s?(\\?.*)?$"));
    return v2.match(scope).hasMatch() && !scope.endsWith(QLatin1String(".read")) &&
           !scope.endsWith(QLatin1String(".write")) && !scope.endsWith(QLatin1String(".*"));
}

// A SMART server that predates .well-known publishes its endpoints in the
// CapabilityStatement's security extension instead.
void readOauthUris(const QJsonObject &capability, QUrl &authorize, QUrl &token, QUrl &revoke) {
    const QJsonArray rests = capability.value(QLatin1String("rest")).toArray();
    for (const QJsonValue &rest : rests) {
        const QJsonArray extensions = rest.toObject()
                                          .value(QLatin1String("security"))
                                          .toObject()
                                          .value(QLatin1String("extension"))
                                          .toArray();
        for (const QJsonValue &extension : extensions) {
            if (extension.toObject().value(QLatin1String("url")).toString() != oauthUrisExtension)
                continue;
            const QJsonArray parts =
                extension.toObject().value(QLatin1String("extension")).toArray();
            for (const QJsonValue &part : parts) {
                const QString name = part.toObject().value(QLatin1String("url")).toString();
                const QUrl value(part.toObject().value(QLatin1String("valueUri")).toString());
                if (name == QLatin1String("authorize"))
                    authorize = value;
                else if (name == QLatin1String("token"))
                    token = value;
                else if (name == QLatin1String("revoke"))
                    revoke = value;
            }
        }
    }
}

// The names of the search parameters a CapabilityStatement's rest or
// resource entry lists.
QSet<QString> parameterNames(const QJsonObject &entry) {
    QSet<QString> names;
    const QJsonArray params = entry.value(QLatin1String("searchParam")).toArray();
    for (const QJsonValue &param : params)
        names.insert(param.toObject().value(QLatin1String("name")).toString());
    return names;
}

} // namespace

QStringList SmartConfiguration::resourceTypeNames() const {
    QStringList names;
    for (const ResourceTypeSupport &support : resourceTypes)
        names << support.type;
    return names;
}

bool SmartConfiguration::supportsLastUpdated(const QString &type) const {
    for (const ResourceTypeSupport &support : resourceTypes) {
        if (support.type == type)
            return support.lastUpdatedSearch;
    }
    return false;
}

bool SmartConfiguration::offersOnlineAccessOnly() const {
    const bool offline = scopesSupported.contains(QLatin1String("offline_access")) ||
                         capabilities.contains(QLatin1String("permission-offline"));
    const bool online = scopesSupported.contains(QLatin1String("online_access")) ||
                        capabilities.contains(QLatin1String("permission-online"));
    return online && !offline;
}

QStringList SmartConfiguration::defaultScopes() const {
    QStringList scopes = SmartDiscovery::defaultScopes(supportsV2Scopes);
    if (offersOnlineAccessOnly())
        scopes.replace(scopes.indexOf(QLatin1String("offline_access")),
                       QStringLiteral("online_access"));
    return scopes;
}

void SmartConfiguration::applyTo(Source &source) const {
    source.fhirBase = fhirBase;
    source.authorizeUrl = authorizeUrl;
    source.tokenUrl = tokenUrl;
    source.revocationUrl = revocationUrl;
    source.smartConfiguration = smartConfiguration;
    if (!resourceTypes.isEmpty()) {
        source.resourceTypes = resourceTypeNames();
        source.incrementalTypes.clear();
        source.idSearchTypes.clear();
        source.patientEverything = false;
        for (const ResourceTypeSupport &support : resourceTypes) {
            if (support.lastUpdatedSearch)
                source.incrementalTypes.append(support.type);
            if (support.idSearch)
                source.idSearchTypes.append(support.type);
            source.patientEverything |= support.everything;
        }
    }
    if (source.scopes.isEmpty())
        source.scopes = defaultScopes();
}

SmartDiscovery::SmartDiscovery(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network) {}

QStringList SmartDiscovery::defaultScopes(bool v2) {
    return {QStringLiteral("launch/patient"), QStringLiteral("openid"), QStringLiteral("fhirUser"),
            QStringLiteral("offline_access"),
            v2 ? QStringLiteral("patient/*.rs") : QStringLiteral("patient/*.read")};
}

void SmartDiscovery::start(const QUrl &fhirBase) {
    abort();
    m_result = SmartConfiguration();
    m_smart = Answer();
    m_metadata = Answer();
    m_finished = false;
    QUrl base =
        fhirBase.adjusted(QUrl::StripTrailingSlash | QUrl::RemoveQuery | QUrl::RemoveFragment);
    m_result.fhirBase = base;
    if (!base.isValid() || base.host().isEmpty() ||
        (base.scheme() != QLatin1String("https") && base.scheme() != QLatin1String("http"))) {
        finish(SmartConfiguration::Error::InvalidUrl,
               QStringLiteral("not a valid FHIR base URL: %1").arg(fhirBase.toString()));
        return;
    }
    const QString insecure = UrlRules::whyNotAcceptable(base);
    if (!insecure.isEmpty()) {
        finish(SmartConfiguration::Error::InsecureUrl, insecure);
        return;
    }
    const auto get = [this](const QUrl &url, const QByteArray &accept) {
        QNetworkRequest request(url);
        request.setRawHeader("Accept", accept);
        request.setTransferTimeout(m_timeoutMs);
        // Only same-origin redirects; discovery carries no token, but a
        // redirect elsewhere would describe some other server.
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::SameOriginRedirectPolicy);
        QNetworkReply *reply = m_network->get(request);
        connect(reply, &QNetworkReply::finished, this, &SmartDiscovery::onReplyFinished);
        return reply;
    };
    m_smartReply =
        get(childUrl(base, QStringLiteral(".well-known/smart-configuration")), "application/json");
    m_metadataReply = get(childUrl(base, QStringLiteral("metadata")), "application/fhir+json");
}

void SmartDiscovery::abort() {
    m_finished = true;
    for (QNetworkReply *reply : {m_smartReply.data(), m_metadataReply.data()}) {
        if (reply) {
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }
    m_smartReply.clear();
    m_metadataReply.clear();
}

void SmartDiscovery::onReplyFinished() {
    auto *reply = qobject_cast<QNetworkReply *>(sender());
    if (!reply || m_finished)
        return;
    reply->deleteLater();
    Answer &answer = reply == m_smartReply ? m_smart : m_metadata;
    answer.done = true;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->isOpen() ? reply->readAll() : QByteArray();
    if (answer.status == 0) {
        answer.networkError = reply->error() == QNetworkReply::OperationCanceledError
                                  ? QStringLiteral("no answer within %1 s").arg(m_timeoutMs / 1000)
                                  : reply->errorString();
    }
    if (m_smart.done && m_metadata.done)
        conclude();
}

void SmartDiscovery::conclude() {
    m_smartReply.clear();
    m_metadataReply.clear();
    const QString base = m_result.fhirBase.toDisplayString();
    if (m_metadata.status == 0 && m_smart.status == 0) {
        finish(SmartConfiguration::Error::Unreachable,
               QStringLiteral("cannot reach %1: %2").arg(base, m_metadata.networkError));
        return;
    }

    const QJsonObject capability = QJsonDocument::fromJson(m_metadata.body).object();
    if (m_metadata.status != 200 || capability.value(QLatin1String("resourceType")).toString() !=
                                        QLatin1String("CapabilityStatement")) {
        const QString got = m_metadata.status == 0 ? m_metadata.networkError
                            : m_metadata.status != 200
                                ? QStringLiteral("HTTP %1").arg(m_metadata.status)
                                : QStringLiteral("no CapabilityStatement");
        finish(SmartConfiguration::Error::NotFhir,
               QStringLiteral("%1 is not a FHIR server: %2/metadata gave %3").arg(base, base, got));
        return;
    }
    m_result.fhirVersion = capability.value(QLatin1String("fhirVersion")).toString();
    const QJsonArray rests = capability.value(QLatin1String("rest")).toArray();
    for (const QJsonValue &restValue : rests) {
        const QJsonObject rest = restValue.toObject();
        if (rest.value(QLatin1String("mode")).toString() == QLatin1String("client"))
            continue;
        const QSet<QString> common = parameterNames(rest);
        const QJsonArray resources = rest.value(QLatin1String("resource")).toArray();
        for (const QJsonValue &resourceValue : resources) {
            const QJsonObject resource = resourceValue.toObject();
            ResourceTypeSupport support{resource.value(QLatin1String("type")).toString()};
            if (support.type.isEmpty())
                continue;
            const QSet<QString> params = common + parameterNames(resource);
            support.lastUpdatedSearch = params.contains(QStringLiteral("_lastUpdated"));
            bool searchable = false;
            const QJsonArray interactions = resource.value(QLatin1String("interaction")).toArray();
            for (const QJsonValue &interaction : interactions)
                searchable |= interaction.toObject().value(QLatin1String("code")).toString() ==
                              QLatin1String("search-type");
            support.idSearch = searchable && params.contains(QStringLiteral("_id"));
            const QJsonArray operations = resource.value(QLatin1String("operation")).toArray();
            for (const QJsonValue &operation : operations) {
                const QJsonObject op = operation.toObject();
                support.everything |=
                    support.type == QLatin1String("Patient") &&
                    (op.value(QLatin1String("name")).toString() == QLatin1String("everything") ||
                     op.value(QLatin1String("definition"))
                         .toString()
                         .endsWith(QLatin1String("/Patient-everything")));
            }
            m_result.resourceTypes << support;
        }
    }

    const QJsonDocument smartDoc = QJsonDocument::fromJson(m_smart.body);
    if (m_smart.status == 200 && smartDoc.isObject()) {
        const QJsonObject smart = smartDoc.object();
        m_result.smartConfiguration = smart;
        m_result.authorizeUrl =
            QUrl(smart.value(QLatin1String("authorization_endpoint")).toString());
        m_result.tokenUrl = QUrl(smart.value(QLatin1String("token_endpoint")).toString());
        m_result.revocationUrl = QUrl(smart.value(QLatin1String("revocation_endpoint")).toString());
        m_result.capabilities = stringList(smart.value(QLatin1String("capabilities")));
        m_result.scopesSupported = stringList(smart.value(QLatin1String("scopes_supported")));
        m_result.codeChallengeMethods =
            stringList(smart.value(QLatin1String("code_challenge_methods_supported")));
        m_result.tokenEndpointAuthMethods =
            stringList(smart.value(QLatin1String("token_endpoint_auth_methods_supported")));
    } else {
        readOauthUris(capability, m_result.authorizeUrl, m_result.tokenUrl, m_result.revocationUrl);
    }
    if (m_result.authorizeUrl.isEmpty() || m_result.tokenUrl.isEmpty()) {
        const QString what =
            m_result.smartConfiguration.isEmpty()
                ? QStringLiteral("publishes no SMART configuration "
                                 "(.well-known/smart-configuration gave %1)")
                      .arg(m_smart.status ? QStringLiteral("HTTP %1").arg(m_smart.status)
                                          : m_smart.networkError)
                : QStringLiteral("SMART configuration lacks %1")
                      .arg(m_result.authorizeUrl.isEmpty()
                               ? QStringLiteral("authorization_endpoint")
                               : QStringLiteral("token_endpoint"));
        finish(SmartConfiguration::Error::MissingEndpoints,
               QStringLiteral("%1 %2").arg(base, what));
        return;
    }
    for (const QUrl &endpoint : {m_result.authorizeUrl, m_result.tokenUrl}) {
        const QString why = UrlRules::whyNotAcceptable(endpoint);
        if (!why.isEmpty()) {
            finish(SmartConfiguration::Error::InsecureUrl,
                   QStringLiteral("%1: endpoint %2").arg(base, why));
            return;
        }
    }
    if (!m_result.smartConfiguration.isEmpty() &&
        !m_result.codeChallengeMethods.contains(QLatin1String("S256"))) {
        finish(
            SmartConfiguration::Error::NoS256,
            QStringLiteral("%1 does not support PKCE S256 (code_challenge_methods_supported: %2)")
                .arg(base, m_result.codeChallengeMethods.isEmpty()
                               ? QStringLiteral("none")
                               : m_result.codeChallengeMethods.join(QLatin1String(", "))));
        return;
    }
    m_result.supportsV2Scopes = m_result.capabilities.contains(QLatin1String("permission-v2"));
    for (const QString &scope : std::as_const(m_result.scopesSupported))
        m_result.supportsV2Scopes |= isV2Scope(scope);
    finish(SmartConfiguration::Error::None, {});
}

void SmartDiscovery::finish(SmartConfiguration::Error error, const QString &message) {
    m_finished = true;
    m_result.error = error;
    m_result.errorMessage = message;
    const SmartConfiguration result = m_result;
    QMetaObject::invokeMethod(
        this, [this, result] { emit finished(result); }, Qt::QueuedConnection);
}

} // namespace medpull
