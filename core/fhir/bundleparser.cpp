// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "bundleparser.h"

#include "jsonreader.h"
#include "operationoutcome.h"

namespace medpull {

namespace {

struct ResourceHeader {
    QString resourceType;
    QString id;
    QString versionId;
    QString lastUpdated;
    QString problem; // why the resource cannot be used, though it is valid JSON
};

void readStringMember(JsonReader &r, const char *name, QString &out, QString &problem) {
    if (r.peek() == JsonReader::Kind::String) {
        r.readString(out);
        return;
    }
    if (problem.isEmpty())
        problem = QStringLiteral("%1 is not a string").arg(QLatin1String(name));
    r.skipValue();
}

// Reads a resource object's members, keeping only what identifies it; every
// other member is validated and skipped. False on malformed JSON.
bool readResourceHeader(JsonReader &r, ResourceHeader &h) {
    if (!r.beginObject())
        return false;
    QByteArrayView key;
    while (r.nextMember(key)) {
        if (key == "resourceType") {
            readStringMember(r, "resourceType", h.resourceType, h.problem);
        } else if (key == "id") {
            readStringMember(r, "id", h.id, h.problem);
        } else if (key == "meta" && r.peek() == JsonReader::Kind::Object) {
            r.beginObject();
            QByteArrayView metaKey;
            while (r.nextMember(metaKey)) {
                if (metaKey == "versionId")
                    readStringMember(r, "meta.versionId", h.versionId, h.problem);
                else if (metaKey == "lastUpdated")
                    readStringMember(r, "meta.lastUpdated", h.lastUpdated, h.problem);
                else
                    r.skipValue();
            }
        } else {
            r.skipValue();
        }
        if (r.failed())
            return false;
    }
    return !r.failed();
}

// Why a resource's header makes it unusable, or an empty string.
QString headerProblem(const ResourceHeader &h, const QString &expectedType) {
    if (!h.problem.isEmpty())
        return h.problem;
    if (h.resourceType.isEmpty())
        return QStringLiteral("resource has no resourceType");
    if (!BundleParser::isValidResourceType(h.resourceType))
        return QStringLiteral("resourceType \"%1\" is not a FHIR type name")
            .arg(h.resourceType.left(80));
    if (h.id.isEmpty())
        return QStringLiteral("%1 has no id").arg(h.resourceType);
    if (!BundleParser::isValidId(h.id))
        return QStringLiteral("%1 has an unusable id (empty, a \"/\", a control character or "
                              "over %2 characters)")
            .arg(h.resourceType)
            .arg(BundleParser::maxIdLength);
    if (!expectedType.isEmpty() && h.resourceType != expectedType)
        return QStringLiteral("type mismatch: expected %1, got %2")
            .arg(expectedType, h.resourceType);
    return {};
}

ParseError errorFrom(const JsonReader &r) {
    return ParseError{r.errorMessage(), r.errorOffset(), r.errorLine(), r.errorColumn()};
}

ParseError pageError(const QString &reason) {
    return ParseError{reason, -1, 0, 0};
}

struct EntryState {
    qsizetype offset = 0;
    QString fullUrl;
    QString mode;
    ResourceHeader header;
    bool hasResource = false;
    bool resourceIsObject = false;
    qsizetype begin = 0;
    qsizetype end = 0;
};

bool readEntry(JsonReader &r, EntryState &e) {
    e.offset = r.valueStart();
    if (r.peek() != JsonReader::Kind::Object) {
        // Not an object: still valid JSON to skip; the caller reports it.
        return r.skipValue();
    }
    r.beginObject();
    QByteArrayView key;
    while (r.nextMember(key)) {
        if (key == "resource") {
            e.hasResource = true;
            e.begin = r.valueStart();
            if (r.peek() == JsonReader::Kind::Object) {
                e.resourceIsObject = true;
                readResourceHeader(r, e.header);
            } else {
                r.skipValue();
            }
            e.end = r.position();
        } else if (key == "fullUrl" && r.peek() == JsonReader::Kind::String) {
            r.readString(e.fullUrl);
        } else if (key == "search" && r.peek() == JsonReader::Kind::Object) {
            r.beginObject();
            QByteArrayView searchKey;
            while (r.nextMember(searchKey)) {
                if (searchKey == "mode" && r.peek() == JsonReader::Kind::String)
                    r.readString(e.mode);
                else
                    r.skipValue();
            }
        } else {
            r.skipValue();
        }
        if (r.failed())
            return false;
    }
    return !r.failed();
}

void readLinks(JsonReader &r, BundlePage &page) {
    if (r.peek() != JsonReader::Kind::Array) {
        r.skipValue();
        return;
    }
    r.beginArray();
    while (r.nextElement()) {
        if (r.peek() != JsonReader::Kind::Object) {
            r.skipValue();
            continue;
        }
        QString relation;
        QString url;
        r.beginObject();
        QByteArrayView key;
        while (r.nextMember(key)) {
            if (key == "relation" && r.peek() == JsonReader::Kind::String)
                r.readString(relation);
            else if (key == "url" && r.peek() == JsonReader::Kind::String)
                r.readString(url);
            else
                r.skipValue();
        }
        if (relation == QLatin1String("next"))
            page.nextUrl = url;
        else if (relation == QLatin1String("self"))
            page.selfUrl = url;
    }
}

void addEntry(const QByteArray &body, int index, EntryState &e, const QString &expectedType,
              BundlePage &page) {
    const QByteArray raw = e.resourceIsObject ? body.mid(e.begin, e.end - e.begin) : QByteArray();
    if (e.mode == QLatin1String("outcome") ||
        (e.header.resourceType == QLatin1String("OperationOutcome") &&
         e.mode != QLatin1String("match"))) {
        const QString text = OperationOutcome::text(raw);
        page.warnings << (text.isEmpty() ? QStringLiteral("the server attached an empty "
                                                          "OperationOutcome")
                                         : text);
        return;
    }
    EntryError error{index, e.offset, e.header.resourceType, e.header.id, {}};
    if (!e.hasResource) {
        error.message = QStringLiteral("no resource");
    } else if (!e.resourceIsObject) {
        error.message = QStringLiteral("resource is not a JSON object");
    } else {
        const QString typeToCheck = e.mode == QLatin1String("include") ? QString() : expectedType;
        // Identity is resourceType/id: portals put other hosts, schemes or
        // nothing at all in fullUrl, so it is kept but never judged.
        const QString problem = headerProblem(e.header, typeToCheck);
        if (!problem.isEmpty())
            error.message = problem;
    }
    if (!error.message.isEmpty()) {
        page.entryErrors << error;
        return;
    }
    page.resources << ParsedResource{e.header.resourceType,
                                     e.header.id,
                                     e.header.versionId,
                                     e.header.lastUpdated,
                                     e.fullUrl,
                                     e.mode,
                                     raw};
}

} // namespace

QString ParseError::message() const {
    if (offset < 0)
        return reason;
    return QStringLiteral("%1 at line %2, column %3 (byte %4)")
        .arg(reason)
        .arg(line)
        .arg(column)
        .arg(offset);
}

bool BundleParser::isValidId(const QString &id) {
    if (id.isEmpty() || id.size() > maxIdLength)
        return false;
    for (const QChar c : id) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0) || u == '/')
            return false;
    }
    return true;
}

bool BundleParser::isValidResourceType(const QString &type) {
    if (type.size() < 2 || type.size() > 64 ||
        !(type.at(0) >= QLatin1Char('A') && type.at(0) <= QLatin1Char('Z')))
        return false;
    for (const QChar c : type) {
        const char16_t u = c.unicode();
        if (!((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')))
            return false;
    }
    return true;
}

BundlePage BundleParser::parsePage(const QByteArray &body, const QString &expectedType) {
    BundlePage page;
    JsonReader r(body);
    QString resourceType;
    if (r.peek() != JsonReader::Kind::Object) {
        r.fail(r.valueStart(), body.trimmed().isEmpty() ? QStringLiteral("empty body")
                                                        : QStringLiteral("expected a JSON object"));
        page.error = errorFrom(r);
        return page;
    }
    r.beginObject();
    QByteArrayView key;
    while (r.nextMember(key)) {
        if (key == "resourceType" && r.peek() == JsonReader::Kind::String) {
            r.readString(resourceType);
        } else if (key == "type" && r.peek() == JsonReader::Kind::String) {
            r.readString(page.type);
        } else if (key == "total" && r.peek() == JsonReader::Kind::Number) {
            qint64 total = 0;
            if (r.readInteger(total))
                page.total = total;
        } else if (key == "link") {
            readLinks(r, page);
        } else if (key == "entry" && r.peek() == JsonReader::Kind::Array) {
            r.beginArray();
            int index = 0;
            while (r.nextElement()) {
                EntryState entry;
                if (!readEntry(r, entry))
                    break;
                addEntry(body, index++, entry, expectedType, page);
            }
        } else {
            r.skipValue();
        }
        if (r.failed())
            break;
    }
    if (r.failed() || !r.atEnd()) {
        page.error = errorFrom(r);
        page.resources.clear();
        page.entryErrors.clear();
        page.warnings.clear();
        return page;
    }
    if (resourceType == QLatin1String("OperationOutcome")) {
        const QString text = OperationOutcome::text(body);
        page.error = pageError(QStringLiteral("the server returned an OperationOutcome instead of "
                                              "a Bundle%1")
                                   .arg(text.isEmpty() ? QString() : QLatin1String(": ") + text));
    } else if (resourceType != QLatin1String("Bundle")) {
        page.error = pageError(resourceType.isEmpty()
                                   ? QStringLiteral("not a FHIR Bundle (no resourceType)")
                                   : QStringLiteral("expected a Bundle, got %1").arg(resourceType));
    }
    if (!page.ok()) {
        page.resources.clear();
        page.entryErrors.clear();
    }
    return page;
}

ResourceParseResult BundleParser::parseResource(const QByteArray &body,
                                                const QString &expectedType) {
    ResourceParseResult result;
    JsonReader r(body);
    if (r.peek() != JsonReader::Kind::Object) {
        r.fail(r.valueStart(), body.trimmed().isEmpty() ? QStringLiteral("empty body")
                                                        : QStringLiteral("expected a JSON object"));
        result.error = errorFrom(r);
        return result;
    }
    const qsizetype begin = r.valueStart();
    ResourceHeader header;
    readResourceHeader(r, header);
    const qsizetype end = r.position();
    if (r.failed() || !r.atEnd()) {
        result.error = errorFrom(r);
        return result;
    }
    if (header.resourceType == QLatin1String("OperationOutcome") &&
        expectedType != QLatin1String("OperationOutcome")) {
        const QString text = OperationOutcome::text(body);
        result.error = pageError(QStringLiteral("the server returned an OperationOutcome%1")
                                     .arg(text.isEmpty() ? QString() : QLatin1String(": ") + text));
        return result;
    }
    const QString problem = headerProblem(header, expectedType);
    if (!problem.isEmpty()) {
        result.error = pageError(problem);
        return result;
    }
    result.resource =
        ParsedResource{header.resourceType,
                       header.id,
                       header.versionId,
                       header.lastUpdated,
                       {},
                       {},
                       begin == 0 && end == body.size() ? body : body.mid(begin, end - begin)};
    return result;
}

} // namespace medpull
