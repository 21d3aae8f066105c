// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "pull.h"
#include "source.h"
#include "sourcecapabilityrepository.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

namespace medpull {

// Decides which queries a pull asks, in the fewest requests the portal
// allows. Plain rules, no network and no database: the runner writes what it
// returns and drives the requests.
class QueryPlanner {
public:
    struct Input {
        QUrl fhirBase;
        qint64 pullId = 0;
        QString patientId; // the token's patient: searched with
        bool full = true;
        QString since; // _lastUpdated / _since lower bound of an incremental pull
        int pageSize = 200;
        // The source as configured, with what pulls learnt applied.
        Source source;
        SourceCapabilities learnt;
        // What this connection cannot have, by query key. An incremental pull
        // does not ask again (the query is written not_available with the
        // remembered reason); a full pull re-checks.
        QHash<QString, QString> unavailable;
    };

    explicit QueryPlanner(Input input);

    // Types only ever read because something refers to them.
    static QSet<QString> referenceOnlyTypes();
    // "Type", or "Type?parameter=value" for a search per value: what a
    // connection remembers as not available.
    static QString queryKey(const PullQuery &query);
    // The ids a lookup query asks for.
    static QStringList lookupIds(const PullQuery &query);

    // A fresh pull: $everything where the source offers it, else type searches.
    QList<PullQuery> initialQueries() const;
    // A read of the Patient and a search per searched type (per value of a
    // required parameter where the portal insists).
    QList<PullQuery> typeSearches() const;
    // The source's types a pull searches (the others are only referenced).
    QStringList searchedTypes() const;
    // `query` searched once per value of `parameter`.
    QList<PullQuery> perValue(const PullQuery &query, const QString &parameter,
                              const QStringList &values) const;
    // A read of one resource, or a lookup of several by `_id`.
    PullQuery referenceQuery(const QString &type, QueryKind kind, const QStringList &ids,
                             int depth) const;
    QString readUrl(const QString &type, const QString &id) const;
    QUrl urlFor(const QString &relativePath, const QUrlQuery &query = {}) const;

private:
    PullQuery search(const QString &type, QUrlQuery parameters) const;
    // Marks a query not available when this incremental pull remembers so.
    PullQuery remembered(PullQuery query) const;

    Input m_input;
};

} // namespace medpull
