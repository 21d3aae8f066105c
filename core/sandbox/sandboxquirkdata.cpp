// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// What a portal's quirks change in its answers, and what a complete pull
// must then store: both live here so they cannot drift apart.

#include "sandboxjson.h"
#include "sandboxportal.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QSet>
#include <QUuid>

#include <bit>

namespace medpull::sandbox {

namespace {

constexpr const char *FhirJson = "application/fhir+json";
constexpr const char *ForeignFhirBase = "https://fhir.foreign.example/api/FHIR/R4";
constexpr const char *OtherOriginBase = "https://ehr.other.example/fhir";
// Ids no resource has: references to them are answered 404 (Practitioner)
// or 500 "is not known" (Location, with refs=mixed).
constexpr int MissingIndex = 900;
constexpr qsizetype MaxSessions = 100000;

enum class Attachment { AbsoluteBinary, RawPdf, RawCcda, PublicElsewhere, PrivateElsewhere };

// The attachment a DocumentReference gets with attachments=mixed, by index.
Attachment documentAttachment(int index) {
    return Attachment(index % 5);
}

// Same server, another origin: a client must treat it as foreign.
QString otherOrigin(const QString &origin) {
    QString other = origin;
    other.replace(QLatin1String("127.0.0.1"), QLatin1String("localhost"));
    return other;
}

QByteArray pdfDocument(const QByteArray &text) {
    QByteArray stream = "BT /F1 12 Tf 72 720 Td (" + text + ") Tj ET";
    QByteArray pdf = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
    pdf += "1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n";
    pdf += "2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n";
    pdf += "3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
           "/Resources <</Font <</F1 5 0 R>>>>>> endobj\n";
    pdf += "4 0 obj <</Length " + QByteArray::number(stream.size()) + ">>\nstream\n" + stream +
           "\nendstream\nendobj\n";
    pdf += "5 0 obj <</Type /Font /Subtype /Type1 /BaseFont /Helvetica>> endobj\n";
    pdf += "trailer <</Root 1 0 R>>\n%%EOF\n";
    return pdf;
}

QByteArray ccdaDocument(const QString &patientName, const QByteArray &id) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<ClinicalDocument xmlns=\"urn:hl7-org:v3\">\n"
           "  <realmCode code=\"US\"/>\n"
           "  <templateId root=\"2.16.840.1.113883.10.20.22.1.2\" extension=\"2015-08-01\"/>\n"
           "  <id root=\"2.16.840.1.113883.19.5\" extension=\"" +
           id +
           "\"/>\n"
           "  <code code=\"34133-9\" codeSystem=\"2.16.840.1.113883.6.1\" "
           "displayName=\"Summarization of Episode Note\"/>\n"
           "  <title>Continuity of Care Document</title>\n"
           "  <recordTarget><patientRole><patient><name>" +
           patientName.toHtmlEscaped().toUtf8() +
           "</name></patient></patientRole></recordTarget>\n"
           "</ClinicalDocument>\n";
}

QJsonObject typeEntry(const char *type, const QString &reason) {
    return {{QStringLiteral("resourceType"), QLatin1String(type)},
            {QStringLiteral("reason"), reason}};
}

} // namespace

QByteArray SandboxPortal::patientAlias(int patient) const {
    QByteArray id = m_data.patientId(patient);
    if (m_quirks.patientMismatch)
        id[1] = 'M';
    return id;
}

HttpResponse SandboxPortal::refusal(const QString &type, bool isSearch,
                                    const QUrlQuery &params) const {
    if (const qsizetype n = m_quirks.unscoped.indexOf(type); n >= 0) {
        if (n % 2 == 0) {
            HttpResponse empty;
            empty.status = 403;
            return empty;
        }
        return operationOutcome(
            403, "forbidden",
            QStringLiteral("The access token does not grant access to %1 resources.").arg(type));
    }
    if (m_quirks.unsupported.contains(type)) {
        HttpResponse page;
        page.status = m_quirks.unsupportedStatus;
        page.contentType = "text/html; charset=utf-8";
        page.body = QStringLiteral("<!DOCTYPE html>\n<html><head><title>%1 %2</title></head>\n"
                                   "<body><h1>%2</h1><p>The requested resource is not available."
                                   "</p></body></html>\n")
                        .arg(page.status)
                        .arg(QLatin1String(reasonPhrase(page.status)))
                        .toUtf8();
        return page;
    }
    if (const qsizetype n = m_quirks.status500.indexOf(type); n >= 0)
        return operationOutcome(500, "exception",
                                n % 2 == 0 ? QStringLiteral("%1 not found").arg(type)
                                           : QStringLiteral("Permission denied for %1").arg(type));
    if (isSearch && m_quirks.idOnly.contains(type) && !params.hasQueryItem(QStringLiteral("_id")))
        return operationOutcome(
            400, "not-supported",
            QStringLiteral("Only an _id search is allowed for %1 resources.").arg(type));
    if (isSearch && m_quirks.searchHang.contains(type)) {
        HttpResponse never;
        never.hang = true;
        return never;
    }
    HttpResponse none;
    none.status = 0;
    return none;
}

void SandboxPortal::dress(HttpResponse &response) const {
    if (response.contentType != FhirJson)
        return;
    if (!m_quirks.contentType.isEmpty())
        response.contentType = m_quirks.contentType;
    if (m_quirks.pretty)
        response.body = prettyJson(response.body);
}

void SandboxPortal::writeFullUrl(JsonOut &json, const QString &base, Kind kind,
                                 const QByteArray &id) const {
    QByteArray url;
    switch (m_quirks.fullUrl) {
    case FullUrlQuirk::Absent:
        return;
    case FullUrlQuirk::Urn:
        url = "urn:uuid:" + QUuid::createUuidV5(QUuid(), QByteArray(kindName(kind)) + '/' + id)
                                .toByteArray(QUuid::WithoutBraces);
        break;
    case FullUrlQuirk::Foreign:
        url = ForeignFhirBase;
        break;
    case FullUrlQuirk::Normal:
        url = base.toUtf8();
        break;
    }
    if (m_quirks.fullUrl != FullUrlQuirk::Urn) {
        url += '/';
        url += kindName(kind);
        url += '/';
        url += id;
    }
    json.field("fullUrl", url);
}

QString SandboxPortal::nextLink(const HttpRequest &request, const QString &base, Kind kind,
                                int patient, int pageSize, const QByteArray &token) {
    const QString page = QStringLiteral("?_getpages=") + QString::fromLatin1(token);
    switch (m_quirks.next) {
    case NextQuirk::Session: {
        QString session = request.param(QStringLiteral("session"));
        if (!m_sessions.contains(session)) {
            // Sessions expire, as cached search results do at real portals;
            // here when too many are open.
            if (m_sessions.size() >= MaxSessions)
                m_sessions.clear();
            session = QString::number(QRandomGenerator::global()->generate64(), 36);
            m_sessions.insert(session);
        }
        return base + page + QStringLiteral("&session=") + session;
    }
    case NextQuirk::Case:
        return request.origin + QStringLiteral("/portals/") + m_config.name +
               QStringLiteral("/FHIR/") + page;
    case NextQuirk::Cursor:
        return base + QLatin1Char('/') + QLatin1String(kindName(kind)) +
               QStringLiteral("?patient=") + QString::fromLatin1(patientAlias(patient)) +
               QStringLiteral("&_count=%1&cursor=").arg(pageSize) + QString::fromLatin1(token);
    default:
        return base + page;
    }
}

void SandboxPortal::writeResource(QByteArray &out, const ResourceRef &ref,
                                  const QString &origin) const {
    if (!m_quirks.noMeta && !m_quirks.refsMixed && !m_quirks.attachmentsMixed) {
        m_data.write(out, ref);
        return;
    }
    QByteArray resource;
    m_data.write(resource, ref);
    if (m_quirks.noMeta)
        stripMeta(resource);
    addQuirkExtras(resource, ref, origin);
    out += resource;
}

namespace {

// The attachment URLs of attachments=mixed, shared by what the portal
// writes and what it expects a pull to store.
QString documentUrl(const QString &origin, const QString &portal, const QString &fhirBase,
                    const QByteArray &patientId, int index, const QByteArray &binaryId) {
    const QString file = QString::fromLatin1(patientId) + QStringLiteral("-dc%1").arg(index);
    switch (documentAttachment(index)) {
    case Attachment::AbsoluteBinary:
        return fhirBase + QStringLiteral("/Binary/") + QString::fromLatin1(binaryId);
    case Attachment::RawPdf:
        return origin + QStringLiteral("/portals/%1/files/%2.pdf").arg(portal, file);
    case Attachment::RawCcda:
        return origin + QStringLiteral("/portals/%1/files/%2.xml").arg(portal, file);
    case Attachment::PublicElsewhere:
        return otherOrigin(origin) + QStringLiteral("/portals/%1/public/%2.pdf").arg(portal, file);
    case Attachment::PrivateElsewhere:
        return otherOrigin(origin) + QStringLiteral("/portals/%1/private/%2.pdf").arg(portal, file);
    }
    return {};
}

QString reportUrl(const QString &origin, const QString &portal, const QByteArray &patientId,
                  int index) {
    return origin + QStringLiteral("/portals/%1/files/%2-dr%3.pdf")
                        .arg(portal, QString::fromLatin1(patientId))
                        .arg(index);
}

bool reportHasPresentedForm(int index) {
    return index % 2 == 0;
}

const char *documentContentType(int index) {
    switch (documentAttachment(index)) {
    case Attachment::AbsoluteBinary:
        return "text/plain";
    case Attachment::RawCcda:
        return "application/xml";
    default:
        return "application/pdf";
    }
}

} // namespace

void SandboxPortal::addQuirkExtras(QByteArray &resource, const ResourceRef &ref,
                                   const QString &origin) const {
    const QString base = fhirBase(origin);
    const QByteArray patientId = m_data.patientId(std::max(0, ref.patient));
    if (m_quirks.attachmentsMixed && ref.kind == Kind::DocumentReference) {
        const qsizetype at = resource.indexOf("\"content\":[");
        if (at >= 0) {
            QByteArray extra;
            JsonOut json(extra);
            json.beginObject()
                .key("attachment")
                .beginObject()
                .field("contentType", documentContentType(ref.index))
                .field("url",
                       documentUrl(origin, m_config.name, base, patientId, ref.index,
                                   m_data.resourceId({Kind::Binary, ref.patient, ref.index})))
                .field("title", "Visit document")
                .endObject()
                .endObject();
            resource.insert(at + 11, extra + ',');
        }
    }
    if (m_quirks.attachmentsMixed && ref.kind == Kind::DiagnosticReport &&
        reportHasPresentedForm(ref.index)) {
        QByteArray extra = ",\"presentedForm\":";
        JsonOut json(extra);
        json.beginArray()
            .beginObject()
            .field("contentType", "application/pdf")
            .field("url", reportUrl(origin, m_config.name, patientId, ref.index))
            .field("title", "Report")
            .endObject()
            .endArray();
        resource.insert(resource.size() - 1, extra);
    }
    if (m_quirks.refsMixed && ref.kind == Kind::Condition && ref.index == 0) {
        const int others = m_data.patientCount();
        const int other = ref.patient + 1 < others ? ref.patient + 1 : (ref.patient == 0 ? 1 : 0);
        const QList<QByteArray> references{
            (base + QStringLiteral("/Medication/")).toUtf8() +
                m_data.resourceId({Kind::Medication, -1, unreferencedMedication(ref.patient)}),
            QByteArray(OtherOriginBase) + "/Practitioner/" +
                m_data.resourceId({Kind::Practitioner, -1, 0}),
            "#quirk-med",
            "Patient/" + m_data.patientId(other),
            "Observation/" + m_data.resourceId({Kind::Observation, other, 0}),
            "Practitioner/" + m_data.resourceId({Kind::Practitioner, -1, MissingIndex}),
            "Location/" + m_data.resourceId({Kind::Location, -1, MissingIndex})};
        QByteArray extra = ",\"contained\":";
        JsonOut json(extra);
        json.beginArray()
            .beginObject()
            .field("resourceType", "Medication")
            .field("id", "quirk-med")
            .key("code")
            .beginObject()
            .field("text", "Compounded hydrocortisone cream")
            .endObject()
            .endObject()
            .endArray();
        // JsonOut separates members only inside an object it opened itself.
        extra += ",\"extension\":";
        json.beginArray();
        for (const QByteArray &reference : references) {
            json.beginObject()
                .field("url", "http://medpull.example/sandbox/related")
                .key("valueReference")
                .beginObject()
                .field("reference", reference)
                .endObject()
                .endObject();
        }
        json.endArray();
        resource.insert(resource.size() - 1, extra);
    }
}

int SandboxPortal::unreferencedMedication(int patient) const {
    const quint64 used = m_data.referencedShared(patient)[int(Kind::Medication)];
    const int free = std::countr_one(used);
    return free < SandboxDataset::sharedCount(Kind::Medication) ? free : 0;
}

HttpResponse SandboxPortal::rawFile(const QString &name) const {
    const qsizetype dash = name.indexOf(QLatin1Char('-'));
    const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
    const auto missing = [&] {
        return operationOutcome(404, "not-found", QStringLiteral("no such file: ") + name);
    };
    if (dash < 0 || dot < dash + 3)
        return missing();
    const int patient = m_data.patientFromId(name.left(dash).toUtf8());
    const QString kindCode = name.mid(dash + 1, 2);
    const QString extension = name.mid(dot + 1);
    bool ok = false;
    const int index = name.mid(dash + 3, dot - dash - 3).toInt(&ok);
    const Kind kind =
        kindCode == QLatin1String("dr") ? Kind::DiagnosticReport : Kind::DocumentReference;
    if (patient < 0 || !ok || index < 0 || index >= m_data.count(patient, kind) ||
        (kindCode != QLatin1String("dr") && kindCode != QLatin1String("dc")) ||
        (extension != QLatin1String("pdf") && extension != QLatin1String("xml")))
        return missing();
    HttpResponse response;
    const QByteArray id =
        m_data.patientId(patient) + '-' + kindCode.toLatin1() + QByteArray::number(index);
    if (extension == QLatin1String("xml")) {
        response.contentType = "application/xml";
        response.body = ccdaDocument(m_data.patientName(patient), id);
    } else {
        response.contentType = "application/pdf";
        response.body = pdfDocument("Clinical document " + id + " for " +
                                    m_data.patientName(patient).toLatin1());
    }
    return response;
}

QJsonObject SandboxPortal::expected(int patient, const QString &origin) const {
    const QString base = fhirBase(origin);
    QJsonArray resources, notAvailable, failed, notes;
    QSet<QString> seen;
    const auto add = [&](const char *type, const QByteArray &id) {
        const QString key = QLatin1String(type) + QLatin1Char('/') + QString::fromLatin1(id);
        if (seen.contains(key))
            return;
        seen.insert(key);
        resources.append(QJsonObject{{QStringLiteral("resourceType"), QLatin1String(type)},
                                     {QStringLiteral("id"), QString::fromLatin1(id)}});
    };
    const auto refusedBecause = [&](Kind kind) -> QString {
        const QString type = QLatin1String(kindName(kind));
        if (m_quirks.unscoped.contains(type))
            return QStringLiteral("unscoped");
        if (m_quirks.unsupported.contains(type))
            return QStringLiteral("unsupported");
        if (m_quirks.status500.contains(type))
            return QStringLiteral("status500");
        if (m_quirks.idOnly.contains(type))
            return QStringLiteral("id-only");
        return {};
    };
    const auto hangs = [&](Kind kind) {
        return int(kind) < SearchableKinds &&
               m_quirks.searchHang.contains(QLatin1String(kindName(kind)));
    };
    for (int k = 0; k < KindCount; ++k) {
        const QString reason = refusedBecause(Kind(k));
        if (!reason.isEmpty())
            notAvailable.append(typeEntry(kindName(Kind(k)), reason));
        else if (hangs(Kind(k)))
            failed.append(typeEntry(kindName(Kind(k)), QStringLiteral("search-hang")));
    }
    const auto available = [&](Kind kind) {
        return refusedBecause(kind).isEmpty();
    };
    const auto included = [&](const ResourceRef &ref) {
        if (!available(ref.kind) || hangs(ref.kind))
            return false;
        return !(ref.kind == Kind::Observation && m_quirks.requireObservationCategory &&
                 m_data.observationCategory(ref.index) == ObservationCategory::SocialHistory);
    };
    if (m_quirks.requireObservationCategory && available(Kind::Observation)) {
        QJsonObject entry = typeEntry("Observation", QStringLiteral("category-not-authorized"));
        entry.insert(QStringLiteral("category"), QStringLiteral("social-history"));
        notAvailable.append(entry);
    }

    add("Patient", m_data.patientId(patient));
    for (int k = 0; k < SearchableKinds; ++k) {
        const int n = m_data.count(patient, Kind(k));
        for (int i = 0; i < n; ++i) {
            if (included({Kind(k), patient, i}))
                add(kindName(Kind(k)), m_data.resourceId({Kind(k), patient, i}));
        }
    }
    const std::array<quint64, KindCount> shared = m_data.referencedShared(patient, included);
    for (int k = int(Kind::Patient) + 1; k < KindCount; ++k) {
        if (!available(Kind(k)))
            continue;
        for (quint64 mask = shared[k]; mask; mask &= mask - 1)
            add(kindName(Kind(k)), m_data.resourceId({Kind(k), -1, std::countr_zero(mask)}));
    }
    const QByteArray patientId = m_data.patientId(patient);
    const int documents = m_data.count(patient, Kind::DocumentReference);
    for (int i = 0; i < documents; ++i) {
        if (!included({Kind::DocumentReference, patient, i}))
            continue;
        const QByteArray binary = m_data.resourceId({Kind::Binary, patient, i});
        if (available(Kind::Binary))
            add("Binary", binary);
        if (!m_quirks.attachmentsMixed)
            continue;
        const QString url = documentUrl(origin, m_config.name, base, patientId, i, binary);
        switch (documentAttachment(i)) {
        case Attachment::AbsoluteBinary:
            break;
        case Attachment::RawPdf:
        case Attachment::RawCcda:
            add("Binary", rawAttachmentBinaryId(url));
            break;
        case Attachment::PublicElsewhere:
            add("Binary", rawAttachmentBinaryId(url));
            notes.append(QStringLiteral("attachment on another origin, no auth needed: ") + url);
            break;
        case Attachment::PrivateElsewhere:
            notes.append(QStringLiteral("attachment on another origin answers 401: ") + url);
            break;
        }
    }
    if (m_quirks.attachmentsMixed) {
        const int reports = m_data.count(patient, Kind::DiagnosticReport);
        for (int i = 0; i < reports; ++i) {
            if (reportHasPresentedForm(i) && included({Kind::DiagnosticReport, patient, i}))
                add("Binary",
                    rawAttachmentBinaryId(reportUrl(origin, m_config.name, patientId, i)));
        }
    }
    if (m_quirks.refsMixed && included({Kind::Condition, patient, 0})) {
        if (available(Kind::Medication))
            add("Medication",
                m_data.resourceId({Kind::Medication, -1, unreferencedMedication(patient)}));
        const int others = m_data.patientCount();
        const int other = patient + 1 < others ? patient + 1 : (patient == 0 ? 1 : 0);
        notes.append(QStringLiteral("reference on another origin: %1/Practitioner/%2")
                         .arg(QLatin1String(OtherOriginBase),
                              QString::fromLatin1(m_data.resourceId({Kind::Practitioner, -1, 0}))));
        notes.append(QStringLiteral("contained reference: #quirk-med"));
        notes.append(
            QStringLiteral("another patient's compartment: Patient/%1, Observation/%2")
                .arg(QString::fromLatin1(m_data.patientId(other)),
                     QString::fromLatin1(m_data.resourceId({Kind::Observation, other, 0}))));
        notes.append(QStringLiteral("not found (404): Practitioner/%1")
                         .arg(QString::fromLatin1(
                             m_data.resourceId({Kind::Practitioner, -1, MissingIndex}))));
        notes.append(
            QStringLiteral("not known (500): Location/%1")
                .arg(QString::fromLatin1(m_data.resourceId({Kind::Location, -1, MissingIndex}))));
    }
    if (m_quirks.next == NextQuirk::SelfLoop)
        notes.append(QStringLiteral("every search's last page has a next link to itself"));
    if (m_quirks.next == NextQuirk::Endless)
        notes.append(QStringLiteral("every search's next links never end (empty pages)"));
    if (m_quirks.patientMismatch)
        notes.append(
            QStringLiteral("the token's patient is %1, the Patient resource's id %2")
                .arg(QString::fromLatin1(patientAlias(patient)), QString::fromLatin1(patientId)));
    return {{QStringLiteral("resources"), resources},
            {QStringLiteral("notAvailable"), notAvailable},
            {QStringLiteral("failed"), failed},
            {QStringLiteral("notes"), notes}};
}

} // namespace medpull::sandbox
