// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>
#include <QUrl>

namespace medpull {

// A resource another one points at, relative to the source's FHIR base.
struct ResourceRef {
    QString resourceType;
    QString id;

    QString path() const { return resourceType + QLatin1Char('/') + id; }
    friend bool operator==(const ResourceRef &, const ResourceRef &) = default;
};

inline size_t qHash(const ResourceRef &ref, size_t seed = 0) {
    return qHashMulti(seed, ref.resourceType, ref.id);
}

// A reference that will not be followed with the token, with the reason (a
// stored error, errorcode.h); the pull records it as a note (DESIGN.md: never
// follow another origin).
struct RejectedReference {
    QString url;
    QString reason;
};

// An attachment URL that names no Binary of the FHIR base: raw content at a
// non-FHIR path of the portal's origin (fetched with the token), or on
// another origin (fetched without it; where that server wants
// authorization, a note).
struct AttachmentRef {
    QUrl url;
    bool sameOrigin = false;
};

struct CollectedReferences {
    QList<ResourceRef> refs; // distinct, in document order
    QList<RejectedReference> rejected;
    QList<AttachmentRef> attachments;
};

// Collects the references of a raw resource that a pull follows: relative
// `Type/id` references, absolute URLs under the source's FHIR base, and
// attachment URLs (DocumentReference.content.attachment, presentedForm,
// Media.content, photo) pointing at Binary resources. Contained (`#id`),
// `urn:` and identifier-only references are ignored, as are types outside the
// followable set. An absolute URL outside the FHIR base is rejected.
class ReferenceCollector {
public:
    explicit ReferenceCollector(const QUrl &fhirBase,
                                const QSet<QString> &followableTypes = defaultFollowableTypes());

    CollectedReferences collect(const QByteArray &rawResource) const;

    static QSet<QString> defaultFollowableTypes();

    // The id of the Binary resource that stands for raw attachment bytes
    // fetched from `url` where the URL names no Binary id of the FHIR base (a
    // document at a non-FHIR path, or on another origin): the lower-case hex
    // SHA-256 of the absolute URL, fully encoded (64 characters). The
    // sandbox's expected answer uses the same rule (core/sandbox/README.md).
    static QString binaryIdFor(const QUrl &url);

    // Parses "Type/id" or "Type/id/_history/v"; false for anything else.
    static bool parseRelative(const QString &reference, ResourceRef &out);

private:
    enum class Resolution { Followed, Ignored, Rejected };
    Resolution resolve(const QString &reference, ResourceRef &ref, QString &reason) const;

    QUrl m_base;
    QSet<QString> m_followable;
};

} // namespace medpull
