// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sandboxquirks.h"

#include "sandboxdata.h"

#include <QCryptographicHash>
#include <QRegularExpression>

namespace medpull::sandbox {

namespace {

const QStringList Flags{QStringLiteral("long-ids"),    QStringLiteral("outcome-entries"),
                        QStringLiteral("pretty"),      QStringLiteral("no-meta"),
                        QStringLiteral("token-extra"), QStringLiteral("patient-mismatch"),
                        QStringLiteral("clear")};
const QStringList TypeLists{QStringLiteral("unscoped"), QStringLiteral("unsupported"),
                            QStringLiteral("id-only"), QStringLiteral("status500"),
                            QStringLiteral("search-hang")};

// Choices per quirk taking one word.
QStringList choices(const QString &name) {
    if (name == QLatin1String("fullurl"))
        return {QStringLiteral("foreign"), QStringLiteral("absent"), QStringLiteral("urn")};
    if (name == QLatin1String("count"))
        return {QStringLiteral("ignored")};
    if (name == QLatin1String("total"))
        return {QStringLiteral("absent"), QStringLiteral("page")};
    if (name == QLatin1String("next"))
        return {QStringLiteral("session"), QStringLiteral("case"),      QStringLiteral("cursor"),
                QStringLiteral("none"),    QStringLiteral("self-loop"), QStringLiteral("endless")};
    if (name == QLatin1String("unsupported-status"))
        return {QStringLiteral("404"), QStringLiteral("401")};
    if (name == QLatin1String("require-category"))
        return {QStringLiteral("Observation"), QStringLiteral("CarePlan")};
    if (name == QLatin1String("require-intent"))
        return {QStringLiteral("MedicationRequest")};
    if (name == QLatin1String("refs") || name == QLatin1String("attachments"))
        return {QStringLiteral("mixed")};
    return {};
}

QString checkItem(const QuirkItem &item) {
    const QString &name = item.name;
    const QString &value = item.value;
    if (Flags.contains(name))
        return value.isEmpty() ? QString() : QStringLiteral("takes no value");
    if (TypeLists.contains(name)) {
        const QStringList types = value.split(QLatin1Char(','), Qt::SkipEmptyParts);
        if (types.isEmpty())
            return QStringLiteral("needs TYPE[,TYPE...]");
        for (const QString &type : types) {
            const int kind = kindFromName(type);
            if (kind < 0 || Kind(kind) == Kind::Patient)
                return QStringLiteral("'%1' is not a resource type the sandbox serves").arg(type);
            // A pull reaches these by reference too, and reads of an id-only
            // type work: the set a complete pull stores would depend on it.
            if (name == QLatin1String("id-only") &&
                (Kind(kind) == Kind::Observation || Kind(kind) == Kind::Encounter ||
                 kind >= SearchableKinds))
                return QStringLiteral("id-only takes searchable types that nothing references, "
                                      "not %1")
                    .arg(type);
            if (name == QLatin1String("search-hang") && kind >= SearchableKinds)
                return QStringLiteral("search-hang takes types searched by patient, not %1")
                    .arg(type);
        }
        return {};
    }
    if (name == QLatin1String("count-cap")) {
        bool ok = false;
        const int cap = value.toInt(&ok);
        return ok && cap >= 1 && cap <= 1000 ? QString()
                                             : QStringLiteral("needs a number from 1 to 1000");
    }
    if (name == QLatin1String("content-type")) {
        static const QRegularExpression pattern(
            QStringLiteral(R"(^(json\+fhir|json|fhir\+json)(;\s*charset=[A-Za-z0-9_-]+)?$)"));
        return pattern.match(value).hasMatch()
                   ? QString()
                   : QStringLiteral("needs json+fhir, json or fhir+json, optionally ;charset=X");
    }
    const QStringList allowed = choices(name);
    if (allowed.isEmpty())
        return QStringLiteral("unknown quirk");
    return allowed.contains(value)
               ? QString()
               : QStringLiteral("needs one of ") + allowed.join(QLatin1Char('|'));
}

} // namespace

bool parseQuirkSpec(const QString &spec, QList<QuirkItem> *items, QString *error) {
    static const QRegularExpression itemPattern(
        QStringLiteral(R"(^([A-Za-z0-9_-]+):([a-z0-9-]+)(?:=(.+))?$)"));
    QList<QuirkItem> parsed;
    for (const QString &part : spec.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QString text = part.trimmed();
        if (text.isEmpty())
            continue;
        const QRegularExpressionMatch match = itemPattern.match(text);
        if (!match.hasMatch()) {
            if (parsed.isEmpty() || parsed.last().value.isEmpty()) {
                *error = QStringLiteral("bad quirk '%1': expected PORTAL:NAME[=VALUE]").arg(text);
                return false;
            }
            parsed.last().value += QLatin1Char(';') + text;
            continue;
        }
        parsed.append({match.captured(1), match.captured(2), match.captured(3)});
    }
    for (const QuirkItem &item : std::as_const(parsed)) {
        const QString why = checkItem(item);
        if (!why.isEmpty()) {
            *error =
                QStringLiteral("bad quirk '%1:%2%3': %4")
                    .arg(item.portal, item.name,
                         item.value.isEmpty() ? QString() : QLatin1Char('=') + item.value, why);
            return false;
        }
    }
    *items = parsed;
    return true;
}

void PortalQuirks::apply(const QuirkItem &item) {
    const QString &name = item.name;
    const QString &value = item.value;
    if (name == QLatin1String("clear")) {
        *this = PortalQuirks();
        return;
    }
    spec.append(value.isEmpty() ? name : name + QLatin1Char('=') + value);
    const QStringList types = value.split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (name == QLatin1String("long-ids"))
        longIds = true;
    else if (name == QLatin1String("fullurl"))
        fullUrl = value == QLatin1String("foreign")  ? FullUrlQuirk::Foreign
                  : value == QLatin1String("absent") ? FullUrlQuirk::Absent
                                                     : FullUrlQuirk::Urn;
    else if (name == QLatin1String("outcome-entries"))
        outcomeEntries = true;
    else if (name == QLatin1String("count"))
        countIgnored = true;
    else if (name == QLatin1String("count-cap"))
        countCap = value.toInt();
    else if (name == QLatin1String("total"))
        total = value == QLatin1String("absent") ? TotalQuirk::Absent : TotalQuirk::Page;
    else if (name == QLatin1String("next"))
        next = NextQuirk(choices(name).indexOf(value) + 1);
    else if (name == QLatin1String("unscoped"))
        unscoped += types;
    else if (name == QLatin1String("unsupported"))
        unsupported += types;
    else if (name == QLatin1String("unsupported-status"))
        unsupportedStatus = value.toInt();
    else if (name == QLatin1String("id-only"))
        idOnly += types;
    else if (name == QLatin1String("status500"))
        status500 += types;
    else if (name == QLatin1String("search-hang"))
        searchHang += types;
    else if (name == QLatin1String("require-category"))
        (value == QLatin1String("Observation") ? requireObservationCategory
                                               : requireCarePlanCategory) = true;
    else if (name == QLatin1String("require-intent"))
        requireMedicationRequestIntent = true;
    else if (name == QLatin1String("refs"))
        refsMixed = true;
    else if (name == QLatin1String("attachments"))
        attachmentsMixed = true;
    else if (name == QLatin1String("content-type"))
        contentType = "application/" + value.toLatin1();
    else if (name == QLatin1String("pretty"))
        pretty = true;
    else if (name == QLatin1String("no-meta"))
        noMeta = true;
    else if (name == QLatin1String("token-extra"))
        tokenExtra = true;
    else if (name == QLatin1String("patient-mismatch"))
        patientMismatch = true;
}

QByteArray prettyJson(const QByteArray &compact) {
    QByteArray out;
    out.reserve(compact.size() * 2);
    int depth = 0;
    bool inString = false;
    const auto newline = [&] {
        out += "\r\n";
        for (int i = 0; i < depth; ++i)
            out += "  ";
    };
    for (qsizetype i = 0; i < compact.size(); ++i) {
        const char c = compact[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < compact.size())
                out += compact[++i];
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            out += c;
            break;
        case '{':
        case '[': {
            out += c;
            const char close = c == '{' ? '}' : ']';
            if (i + 1 < compact.size() && compact[i + 1] == close) {
                out += close;
                ++i;
                break;
            }
            ++depth;
            newline();
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += ": ";
            break;
        default:
            out += c;
        }
    }
    out += "\r\n";
    return out;
}

void stripMeta(QByteArray &resource) {
    const qsizetype start = resource.indexOf(",\"meta\":{");
    if (start < 0)
        return;
    const qsizetype end = resource.indexOf('}', start);
    if (end > start)
        resource.remove(start, end + 1 - start);
}

QByteArray rawAttachmentBinaryId(const QString &absoluteUrl) {
    return QCryptographicHash::hash(absoluteUrl.toUtf8(), QCryptographicHash::Sha256).toHex();
}

} // namespace medpull::sandbox
