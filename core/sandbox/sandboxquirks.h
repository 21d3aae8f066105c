// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace medpull::sandbox {

// Behaviours of real vendors' patient-access APIs that a portal can take on,
// one switch each (core/sandbox/README.md, "Quirk spec"):
//
//   SPEC := ITEM ( ';' ITEM )*
//   ITEM := PORTAL ':' NAME [ '=' VALUE ]
//
// PORTAL is a portal name or `all`; a piece without `PORTAL:` continues the
// previous item's VALUE (`x:content-type=fhir+json;charset=utf-8`).
struct QuirkItem {
    QString portal;
    QString name;
    QString value;
};

bool parseQuirkSpec(const QString &spec, QList<QuirkItem> *items, QString *error);

enum class FullUrlQuirk { Normal, Foreign, Absent, Urn };
enum class TotalQuirk { Normal, Absent, Page };
enum class NextQuirk { Normal, Session, Case, Cursor, None, SelfLoop, Endless };

// The quirks one portal has now.
struct PortalQuirks {
    // Page size when `count=ignored`, as Blue Button answers.
    static constexpr int IgnoredCountPageSize = 10;

    void apply(const QuirkItem &item);

    bool longIds = false;
    FullUrlQuirk fullUrl = FullUrlQuirk::Normal;
    bool outcomeEntries = false;
    bool countIgnored = false;
    int countCap = 0;
    TotalQuirk total = TotalQuirk::Normal;
    NextQuirk next = NextQuirk::Normal;
    QStringList unscoped;
    QStringList unsupported;
    int unsupportedStatus = 404;
    QStringList idOnly;
    QStringList status500;
    QStringList searchHang;
    bool requireObservationCategory = false;
    bool requireCarePlanCategory = false;
    bool requireMedicationRequestIntent = false;
    bool refsMixed = false;
    bool attachmentsMixed = false;
    QByteArray contentType; // empty: application/fhir+json
    bool pretty = false;
    bool noMeta = false;
    bool tokenExtra = false;
    bool patientMismatch = false;
    // The spec of what is set, in order, for the admin API.
    QStringList spec;
};

// Pretty-prints compact JSON text (two-space indent, CRLF line ends) without
// reparsing it, so numbers and key order stay exactly as they were.
QByteArray prettyJson(const QByteArray &compact);
// Removes the top-level `"meta":{...}` member of a resource written by SandboxDataset.
void stripMeta(QByteArray &resource);
// The id a pull gives a raw attachment it stores as a Binary: the lower-case
// hex SHA-256 of the attachment's absolute URL.
QByteArray rawAttachmentBinaryId(const QString &absoluteUrl);

} // namespace medpull::sandbox
