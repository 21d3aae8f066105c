// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "referencecollector.h"

#include "bundleparser.h"
#include "errorcode.h"
#include "urlrules.h"

#include "jsonreader.h"

#include <QCryptographicHash>

namespace medpull {

namespace {

// Member names whose values are Attachments (or arrays of them) in the
// resources a patient-access pull sees.
bool isAttachmentMember(QByteArrayView key) {
    return key == "attachment" || key == "presentedForm" || key == "photo" || key == "content";
}

} // namespace

ReferenceCollector::ReferenceCollector(const QUrl &fhirBase, const QSet<QString> &followableTypes)
    : m_base(fhirBase)
    , m_followable(followableTypes) {}

QSet<QString> ReferenceCollector::defaultFollowableTypes() {
    return {QStringLiteral("Binary"),           QStringLiteral("Encounter"),
            QStringLiteral("Location"),         QStringLiteral("Medication"),
            QStringLiteral("Observation"),      QStringLiteral("Organization"),
            QStringLiteral("Patient"),          QStringLiteral("Practitioner"),
            QStringLiteral("PractitionerRole"), QStringLiteral("Specimen"),
            QStringLiteral("DocumentReference")};
}

QString ReferenceCollector::binaryIdFor(const QUrl &url) {
    return QString::fromLatin1(QCryptographicHash::hash(url.toString(QUrl::FullyEncoded).toUtf8(),
                                                        QCryptographicHash::Sha256)
                                   .toHex());
}

bool ReferenceCollector::parseRelative(const QString &reference, ResourceRef &out) {
    const QStringList parts = reference.split(QLatin1Char('/'));
    const bool plain = parts.size() == 2;
    const bool versioned = parts.size() == 4 && parts.at(2) == QLatin1String("_history");
    if (!(plain || versioned) || !BundleParser::isValidResourceType(parts.at(0)) ||
        !BundleParser::isValidId(parts.at(1)))
        return false;
    out = ResourceRef{parts.at(0), parts.at(1)};
    return true;
}

ReferenceCollector::Resolution
ReferenceCollector::resolve(const QString &reference, ResourceRef &ref, QString &reason) const {
    if (reference.isEmpty() || reference.startsWith(QLatin1Char('#')) ||
        reference.startsWith(QLatin1String("urn:")))
        return Resolution::Ignored;
    const bool absolute = reference.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) ||
                          reference.startsWith(QLatin1String("https://"), Qt::CaseInsensitive);
    QString relative = reference;
    if (absolute) {
        const QUrl url(reference);
        relative = UrlRules::relativeToBase(m_base, url);
        if (relative.isNull()) {
            reason = storedError(UrlRules::isSameOrigin(m_base, url)
                                     ? QStringLiteral("reference.outsideBase")
                                     : QStringLiteral("reference.otherOrigin"),
                                 {reference});
            return Resolution::Rejected;
        }
    }
    if (!parseRelative(relative, ref))
        return Resolution::Ignored;
    return m_followable.contains(ref.resourceType) ? Resolution::Followed : Resolution::Ignored;
}

CollectedReferences ReferenceCollector::collect(const QByteArray &rawResource) const {
    CollectedReferences result;
    QSet<ResourceRef> seen;
    QSet<QString> seenRejected;
    QSet<QUrl> seenAttachments;
    const auto consider = [&](const QString &reference, bool attachment) {
        ResourceRef ref;
        QString reason;
        Resolution resolution = resolve(reference, ref, reason);
        // An attachment's URL that names no Binary of the base is raw
        // content to fetch: at a non-FHIR path of the portal's origin, or
        // on another origin.
        const bool absolute = reference.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) ||
                              reference.startsWith(QLatin1String("https://"), Qt::CaseInsensitive);
        if (attachment && absolute && resolution != Resolution::Followed) {
            const QUrl url(reference);
            if (UrlRules::isAcceptableUrl(url) && !seenAttachments.contains(url)) {
                seenAttachments.insert(url);
                result.attachments << AttachmentRef{url, UrlRules::isSameOrigin(m_base, url)};
            }
            return;
        }
        switch (resolution) {
        case Resolution::Followed:
            if (!seen.contains(ref)) {
                seen.insert(ref);
                result.refs << ref;
            }
            break;
        case Resolution::Rejected:
            if (!seenRejected.contains(reference)) {
                seenRejected.insert(reference);
                result.rejected << RejectedReference{reference, reason};
            }
            break;
        case Resolution::Ignored:
            break;
        }
    };

    // Contained resources are walked too: their references are relative to
    // the same server, and they are not stored on their own. The reader walks
    // the bytes once without building a document: a pull collects from every
    // resource it stores.
    JsonReader reader(rawResource);
    const auto walk = [&](const auto &self, bool inAttachment) -> void {
        switch (reader.peek()) {
        case JsonReader::Kind::Array:
            reader.beginArray();
            while (reader.nextElement())
                self(self, inAttachment);
            return;
        case JsonReader::Kind::Object: {
            reader.beginObject();
            QByteArrayView key;
            while (reader.nextMember(key)) {
                const bool isReference = key == "reference" || (inAttachment && key == "url");
                const JsonReader::Kind kind = reader.peek();
                if (isReference && kind == JsonReader::Kind::String) {
                    QString value;
                    if (reader.readString(value))
                        consider(value, inAttachment && key == "url");
                } else if (kind == JsonReader::Kind::Object || kind == JsonReader::Kind::Array) {
                    self(self, isAttachmentMember(key));
                } else {
                    reader.skipValue();
                }
            }
            return;
        }
        default:
            reader.skipValue();
            return;
        }
    };
    if (reader.peek() == JsonReader::Kind::Object)
        walk(walk, false);
    return result;
}

} // namespace medpull
