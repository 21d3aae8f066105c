// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace medpull::sandbox {

// Faults a portal injects into its FHIR answers, on demand.
//
// Spec syntax (`medpull-sandbox --faults`, admin `POST /admin/portals/<p>/faults`):
//
//   SPEC := ITEM ( ';' ITEM )*          (',' works as a separator too)
//   ITEM := PORTAL ':' NAME [ '=' VALUE ] [ '@' ResourceType ] [ '*' ( N | always ) ]
//
// PORTAL is a portal name or `all`. Settings, lasting until changed:
//   latency=MS          added delay before every FHIR answer
//   rate-limit=N        every Nth FHIR request answers 429 (0: off)
//   retry-after=S       the Retry-After of those 429s (default 1)
//   random=on|off       the flaky portal's seeded random 429s, 503s and slow answers
//   token-lifetime=S    lifetime of access tokens issued from now on (0: portal default)
//   expire-tokens       every access token issued so far expires now (mid-pull expiry)
//   clear               removes every fault and setting of the portal
// Counted faults, used up one request at a time (`*N` times, default once;
// `*always` never used up), on requests for ResourceType when `@` is given:
//   status=CODE         answer CODE (400-599) with an OperationOutcome
//   hang                never answer; the client has to time out
//   truncate            announce the full Content-Length, send half, close
//   malformed           send a body that is not valid JSON
//   foreign-next        the page's next link points at another origin
//   invalid-resource    one entry of the page lacks its id
//   bad-type            one entry of the page has resourceType `../../../x`
//
// Example: `epic:status=503*3;cerner:malformed@Procedure*always;flaky:random=off`
struct FaultItem {
    QString portal;
    QString name;
    QString value;
    QString resourceType;
    int count = 1; // -1: always
};

bool parseFaultSpec(const QString &spec, QList<FaultItem> *items, QString *error);

enum class FaultType { Status, Hang, Truncate, Malformed, ForeignNext, InvalidResource, BadType };

struct CountedFault {
    FaultType type = FaultType::Status;
    int status = 0;
    QString resourceType; // empty: any request
    int remaining = 1;    // -1: always
};

// The fault state of one portal.
class PortalFaults {
public:
    // Applies one parsed item; returns true when the item asks for access
    // tokens to expire now, which the portal carries out.
    bool apply(const FaultItem &item);
    // Takes one use of the first counted fault of that type that applies to a
    // request for resourceType.
    bool take(FaultType type, const QString &resourceType, CountedFault *taken = nullptr);
    QJsonObject toJson() const;
    // Counts one request; true when it is the rate limit's Nth.
    bool rateLimited();

    int latencyMs = 0;
    int rateLimitEvery = 0;
    int retryAfterSeconds = 1;
    bool random = false;
    int tokenLifetimeSeconds = 0;
    QList<CountedFault> counted;
    int sinceRateLimitSet = 0;
};

} // namespace medpull::sandbox
