// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace medpull {

// Where a body stopped being valid JSON (or a valid page). The pull query
// records message() as its "parse error with position".
struct ParseError {
    QString reason;
    qsizetype offset = -1; // byte offset into the body
    int line = 0;          // 1-based
    int column = 0;        // 1-based, in bytes

    bool isNull() const { return reason.isEmpty(); }
    QString message() const;
};

// One resource cut out of a page exactly as received.
struct ParsedResource {
    QString resourceType;
    QString id;
    QString versionId;   // meta.versionId, may be empty
    QString lastUpdated; // meta.lastUpdated as sent (an instant), may be empty
    QString fullUrl;     // entry.fullUrl, empty for a read
    QString searchMode;  // entry.search.mode: match, include or empty
    QByteArray raw;      // the exact bytes of the resource
};

// A Bundle entry that could not be used; the page's other entries still are.
struct EntryError {
    int index = 0;         // position in entry[]
    qsizetype offset = -1; // byte offset of the entry
    QString resourceType;  // as far as known
    QString id;
    QString message;
};

// One searchset page.
struct BundlePage {
    ParseError error; // set when the body as a whole is unusable
    QString type;     // Bundle.type
    std::optional<qint64> total;
    QString nextUrl; // link[relation=next].url, exactly as sent
    QString selfUrl;
    QList<ParsedResource> resources;
    QList<EntryError> entryErrors;
    // OperationOutcome text of entries with search.mode=outcome: the server's
    // warnings about the search, not resources.
    QStringList warnings;

    bool ok() const { return error.isNull(); }
};

struct ResourceParseResult {
    ParseError error;
    ParsedResource resource;
    bool ok() const { return error.isNull(); }
};

// Parses FHIR JSON Bundles and resources in one validating pass over the raw
// bytes (see JsonReader), without building a JSON document.
class BundleParser {
public:
    // `expectedType`, when given, is the type searched for: a match entry of
    // another type is an entry error (include entries may be of any type).
    static BundlePage parsePage(const QByteArray &body, const QString &expectedType = {});

    // A single resource, e.g. the body of a read. An OperationOutcome is
    // reported as an error carrying its text.
    static ResourceParseResult parseResource(const QByteArray &body,
                                             const QString &expectedType = {});

    // Ids are opaque keys: real portals send ids longer than FHIR's 64
    // characters and with other characters, and those are stored like any
    // other. Only what cannot be a key or a URL path segment is refused:
    // empty, a "/", a control character, or over maxIdLength characters.
    static constexpr int maxIdLength = 1024;
    static bool isValidId(const QString &id);
    // FHIR's type pattern [A-Z][A-Za-z]+ (bounded): a type names a file of
    // an NDJSON export and a URL path segment.
    static bool isValidResourceType(const QString &type);
};

} // namespace medpull
