// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace medpull {

struct Source;

struct ResourceTypeSupport {
    QString type;
    bool lastUpdatedSearch = false; // _lastUpdated is a search parameter for it
    bool idSearch = false;          // searching it by _id (search-type interaction) works
    bool everything = false;        // Patient only: the $everything operation
};

// What a FHIR base publishes about itself: SMART endpoints from
// .well-known/smart-configuration and supported types from /metadata.
struct SmartConfiguration {
    enum class Error {
        None,
        InvalidUrl,
        InsecureUrl,      // http:// to a non-loopback host
        Unreachable,      // connection refused, DNS, timeout
        NotFhir,          // /metadata is not a CapabilityStatement
        MissingEndpoints, // no SMART configuration, or no authorize/token endpoint
        NoS256,           // PKCE S256 not advertised
    };

    Error error = Error::None;
    QString errorMessage; // one line

    QUrl fhirBase;
    QUrl authorizeUrl;
    QUrl tokenUrl;
    QUrl revocationUrl;
    QStringList capabilities;
    QStringList scopesSupported;
    QStringList codeChallengeMethods;
    // token_endpoint_auth_methods_supported; empty when the portal lists none.
    QStringList tokenEndpointAuthMethods;
    bool supportsV2Scopes = false; // permission-v2, or `.rs`-style scopes listed
    QJsonObject smartConfiguration;
    QString fhirVersion;
    QList<ResourceTypeSupport> resourceTypes;

    bool ok() const { return error == Error::None; }
    QStringList resourceTypeNames() const;
    bool supportsLastUpdated(const QString &type) const;
    // `launch/patient openid fhirUser offline_access patient/*.rs`, or the
    // v1 `patient/*.read` form when the server only advertises v1, and
    // `online_access` instead of `offline_access` where the portal offers
    // only that.
    QStringList defaultScopes() const;
    bool offersOnlineAccessOnly() const;
    // Fills a Source's discovered fields (endpoints, configuration, types,
    // scopes when it has none yet).
    void applyTo(Source &source) const;
};

// Discovers a source from its FHIR base URL alone. Both documents are fetched
// at once; finished() reports the first problem in the order a person would
// fix them (address, reachability, FHIR, SMART endpoints, PKCE).
class SmartDiscovery : public QObject {
    Q_OBJECT

public:
    explicit SmartDiscovery(QNetworkAccessManager *network, QObject *parent = nullptr);

    void setTimeout(int ms) { m_timeoutMs = ms; }
    void start(const QUrl &fhirBase);
    void abort();

    // Exposed for tests and for sources configured by hand.
    static QStringList defaultScopes(bool v2);

signals:
    void finished(const medpull::SmartConfiguration &configuration);

private:
    void onReplyFinished();
    void conclude();
    void finish(SmartConfiguration::Error error, const QString &message);

    QNetworkAccessManager *m_network;
    int m_timeoutMs = 15000;
    SmartConfiguration m_result;
    QPointer<QNetworkReply> m_smartReply;
    QPointer<QNetworkReply> m_metadataReply;
    struct Answer {
        bool done = false;
        int status = 0;
        QByteArray body;
        QString networkError;
    };
    Answer m_smart;
    Answer m_metadata;
    bool m_finished = true;
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::SmartConfiguration)
