// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace medpull {

class Database;
struct Source;

// What pulls have learnt about a source's portal, kept apart from the source
// row an admin edits.
struct SourceCapabilities {
    // Refusals of $everything seen in different pulls; `everythingRefused`
    // once the portal said so for good, or repeated it.
    int everythingRefusals = 0;
    bool everythingRefused = false;
    // Types whose `_id` search the portal refused: read one by one.
    QSet<QString> idSearchRefused;
    // Search parameter a type's search requires (type -> parameter, e.g.
    // Observation -> category, MedicationRequest -> intent) and the values
    // the portal listed for it (empty: the known value set).
    QHash<QString, QString> requiredParameters;
    QHash<QString, QStringList> parameterValues;

    // The source as a pull uses it: configured values less what was refused.
    Source applyTo(Source source) const;
};

// A query this connection cannot have, as the portal answered it.
struct UnavailableQuery {
    QString key; // "Type" or "Type?parameter=value"
    QString resourceType;
    QString reason; // stored error (errorcode.h)
};

// Learnt facts, each written on its own row with an upsert: two pulls of one
// source learning different facts, and an admin editing the source
// meanwhile, never undo each other (SourceRepository::update writes only what
// the admin and discovery set).
class SourceCapabilityRepository {
public:
    explicit SourceCapabilityRepository(const Database &database)
        : m_db(database) {}

    SourceCapabilities get(qint64 sourceId) const;

    // Counts one refusal of $everything (a pull calls it once); `definite`
    // turns it off at once, else the second refusal does.
    void recordEverythingRefused(qint64 sourceId, bool definite, const QString &reason);
    // $everything answered: earlier refusals were passing ones.
    void forgetEverythingRefusals(qint64 sourceId);
    void recordIdSearchRefused(qint64 sourceId, const QString &resourceType, const QString &reason);
    void recordRequiredParameter(qint64 sourceId, const QString &resourceType,
                                 const QString &parameter, const QStringList &values,
                                 const QString &reason);

    QList<UnavailableQuery> unavailable(qint64 connectionId) const;
    void recordUnavailable(qint64 connectionId, qint64 pullId, const UnavailableQuery &query);
    void forgetUnavailable(qint64 connectionId, const QString &key);

private:
    void upsert(qint64 sourceId, const QString &fact, const QString &resourceType,
                const QString &value, const QString &detail, bool countEvidence);

    const Database &m_db;
};

} // namespace medpull
