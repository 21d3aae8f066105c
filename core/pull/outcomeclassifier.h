// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "pull.h"

#include <QSet>
#include <QString>
#include <QStringList>

namespace medpull {

struct FhirResult;

// What a portal's answer to one request of a query means for the pull.
struct QueryOutcome {
    enum class Verdict {
        Store,             // a page or a resource to store
        Retry,             // failed for now: a later retry pull asks again
        Fail,              // failed; asking again the same way will not help
        NotAvailable,      // the portal's answer that this connection cannot have it
        NeedsParameter,    // the portal requires a search parameter: search per value
        EverythingRefused, // $everything refused: search per type instead
        IdSearchRefused,   // `_id` lookup refused: read the ids one by one
    };
    Verdict verdict = Verdict::Store;
    // NotAvailable, Fail, Retry: the stored error (errorcode.h) to record.
    QString reason;
    // NeedsParameter: the parameter and the values to search per value (from
    // the portal's answer where it lists them, else the known value set).
    QString parameter;
    QStringList values;
    // EverythingRefused: the portal said so for good (405, 501 or an
    // OperationOutcome `not-supported`), not a 400/403/404 that may pass.
    bool definite = false;
};

// Decides what a portal's answer to a query means. Plain rules, no network
// and no database: real portals answer "you cannot have this" in many ways
// (403 for a type outside the granted scopes, 404 or 401 with an HTML page
// for an unsupported type, 400 "only an _id search is allowed", 500 for "not
// found" or "permission denied"), and those are answers, not outages.
class OutcomeClassifier {
public:
    static QueryOutcome classify(const PullQuery &query, const FhirResult &result);

    // Search parameters a portal may insist on, per type, and the values a
    // search per value walks through when the portal's answer lists none.
    static QStringList knownValues(const QString &resourceType, const QString &parameter);
    static QStringList requirableParameters(const QString &resourceType);

    // The parameter a 400/403/422 OperationOutcome says is required, or empty.
    static QString requiredParameter(const PullQuery &query, const QString &outcomeText);
    // Values the portal suggests as "parameter=value" in its answer ("search
    // with category=vital-signs or category=laboratory"), if any.
    static QStringList suggestedValues(const QString &parameter, const QString &outcomeText);
    // Values the portal lists in its answer ("one of: a, b, c"), if any.
    static QStringList listedValues(const QString &outcomeText);

    // Why the next link of a query must not be followed (a loop or the page
    // cap), as a stored error, or empty. `seen` holds the URLs this query
    // already fetched.
    static QString pagingProblem(const QSet<QString> &seen, const QString &nextUrl,
                                 qint64 pagesFetched, int pageCap);
};

} // namespace medpull
