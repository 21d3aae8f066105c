// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "outcomeclassifier.h"

#include "errorcode.h"
#include "fhirclient.h"
#include "operationoutcome.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace medpull {

namespace {

// The portal's own words, or the HTTP line when it sent none (an HTML page
// says nothing worth keeping).
QString portalReason(const FhirResult &result) {
    if (!result.outcomeText.isEmpty())
        return result.outcomeText;
    return result.error;
}

QString notAvailable(const FhirResult &result) {
    return storedError(QStringLiteral("query.notAvailable"),
                       {QString::number(result.httpStatus), portalReason(result)});
}

bool isFhirJson(const QByteArray &contentType) {
    const QByteArray type = contentType.split(';').value(0).trimmed().toLower();
    return type == "application/fhir+json" || type == "application/json+fhir" ||
           type == "application/json";
}

// Words real portals use in a 500 or 400 that means "you cannot have this"
// rather than "we are broken".
bool soundsLikeRefusal(const QString &text) {
    static const QRegularExpression words(
        QStringLiteral("not found|not known|unknown|permission|denied|not authori[sz]ed|"
                       "unauthori[sz]ed|forbidden|not supported|unsupported|not allowed|"
                       "only an? _id|only _id|is required"),
        QRegularExpression::CaseInsensitiveOption);
    return words.match(text).hasMatch();
}

bool hasAnyParameter(const PullQuery &query, const QStringList &names) {
    const QUrlQuery parameters(QUrl(query.url));
    for (const QString &name : names) {
        if (parameters.hasQueryItem(name))
            return true;
    }
    return false;
}

} // namespace

QStringList OutcomeClassifier::requirableParameters(const QString &resourceType) {
    if (resourceType == QLatin1String("Observation") || resourceType == QLatin1String("CarePlan"))
        return {QStringLiteral("category")};
    if (resourceType == QLatin1String("MedicationRequest"))
        return {QStringLiteral("intent")};
    return {};
}

QStringList OutcomeClassifier::knownValues(const QString &resourceType, const QString &parameter) {
    if (resourceType == QLatin1String("Observation") && parameter == QLatin1String("category")) {
        // US Core Observation categories.
        return {QStringLiteral("vital-signs"),    QStringLiteral("laboratory"),
                QStringLiteral("social-history"), QStringLiteral("survey"),
                QStringLiteral("exam"),           QStringLiteral("imaging"),
                QStringLiteral("procedure"),      QStringLiteral("therapy"),
                QStringLiteral("activity"),       QStringLiteral("sdoh")};
    }
    if (resourceType == QLatin1String("CarePlan") && parameter == QLatin1String("category")) {
        // US Core's assess-plan and the SNOMED CT kinds of plan Epic asks for
        // (longitudinal, encounter-level, inpatient, outpatient).
        return {QStringLiteral("assess-plan"), QStringLiteral("38717003"),
                QStringLiteral("734163000"), QStringLiteral("736353004"),
                QStringLiteral("736271009")};
    }
    if (resourceType == QLatin1String("MedicationRequest") &&
        parameter == QLatin1String("intent")) {
        return {QStringLiteral("proposal"),       QStringLiteral("plan"),
                QStringLiteral("order"),          QStringLiteral("original-order"),
                QStringLiteral("reflex-order"),   QStringLiteral("filler-order"),
                QStringLiteral("instance-order"), QStringLiteral("option")};
    }
    return {};
}

QString OutcomeClassifier::requiredParameter(const PullQuery &query, const QString &outcomeText) {
    if (outcomeText.isEmpty())
        return {};
    const QStringList candidates = requirableParameters(query.resourceType);
    if (hasAnyParameter(query, candidates))
        return {};
    for (const QString &parameter : candidates) {
        if (outcomeText.contains(parameter, Qt::CaseInsensitive))
            return parameter;
    }
    return {};
}

QStringList OutcomeClassifier::listedValues(const QString &outcomeText) {
    static const QRegularExpression listed(
        QStringLiteral("(?:(?:must be )?one of|allowed values?|supported values?|values? are|"
                       "must be)\\s*:?\\s*([A-Za-z0-9._|,;\\- ]+)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = listed.match(outcomeText);
    if (!match.hasMatch())
        return {};
    static const QRegularExpression separators(QStringLiteral("\\s*(?:[,;|]|\\bor\\b)\\s*"));
    static const QRegularExpression code(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._\\-]*$"));
    QStringList values;
    for (QString value : match.captured(1).split(separators, Qt::SkipEmptyParts)) {
        value = value.trimmed();
        while (value.endsWith(QLatin1Char('.')))
            value.chop(1);
        if (code.match(value).hasMatch() && !values.contains(value))
            values.append(value);
    }
    return values.size() >= 1 ? values : QStringList();
}

QStringList OutcomeClassifier::suggestedValues(const QString &parameter,
                                               const QString &outcomeText) {
    const QRegularExpression suggested(QRegularExpression::escape(parameter) +
                                       QStringLiteral("=([A-Za-z0-9][A-Za-z0-9_\\-|.]*)"));
    QStringList values;
    for (auto it = suggested.globalMatch(outcomeText); it.hasNext();) {
        QString value = it.next().captured(1);
        while (value.endsWith(QLatin1Char('.')))
            value.chop(1);
        if (!value.isEmpty() && !values.contains(value))
            values.append(value);
    }
    return values;
}

QueryOutcome OutcomeClassifier::classify(const PullQuery &query, const FhirResult &result) {
    using Verdict = QueryOutcome::Verdict;
    QueryOutcome outcome;
    const QString describe =
        result.outcomeText.isEmpty() || result.error.contains(result.outcomeText)
            ? result.error
            : result.error + QStringLiteral(": ") + result.outcomeText;
    const bool firstPage = query.pages == 0;
    const int status = result.httpStatus;
    switch (result.errorKind) {
    case FhirErrorKind::None:
        return outcome;
    case FhirErrorKind::Network:
    case FhirErrorKind::Timeout:
    case FhirErrorKind::Cancelled:
        outcome.verdict = Verdict::Retry;
        outcome.reason = ErrorCode::text(describe).encode();
        return outcome;
    case FhirErrorKind::Origin:
    case FhirErrorKind::Parse:
    case FhirErrorKind::TooLarge:
        outcome.verdict = Verdict::Fail;
        outcome.reason = ErrorCode::text(describe).encode();
        return outcome;
    case FhirErrorKind::Auth:
        // A referenced resource or an attachment (on another origin, asked
        // without the token) that wants an authorization the patient's
        // token does not give: a note.
        if (query.kind == QueryKind::Read) {
            outcome.verdict = Verdict::NotAvailable;
            outcome.reason = storedError(QStringLiteral("reference.notAvailable"),
                                         {QString::number(status), portalReason(result)});
            return outcome;
        }
        // A 401 that a fresh token did not cure, with an HTML page rather
        // than FHIR, is how some portals say "no such type here".
        if (firstPage && query.kind == QueryKind::Search && status == 401 &&
            !isFhirJson(result.contentType)) {
            outcome.verdict = Verdict::NotAvailable;
            outcome.reason = notAvailable(result);
        } else {
            outcome.verdict = Verdict::Fail;
            outcome.reason = ErrorCode::text(describe).encode();
        }
        return outcome;
    case FhirErrorKind::Http:
        break;
    }

    static const QSet<int> refusals{400, 403, 404, 405, 501};
    if (query.kind == QueryKind::Everything && firstPage && refusals.contains(status)) {
        outcome.verdict = Verdict::EverythingRefused;
        outcome.definite =
            status == 405 || status == 501 ||
            OperationOutcome::codes(result.body).contains(QStringLiteral("not-supported"));
        outcome.reason = storedError(QStringLiteral("query.everythingRefused"), {describe});
        return outcome;
    }
    if (query.kind == QueryKind::Lookup && firstPage && refusals.contains(status)) {
        outcome.verdict = Verdict::IdSearchRefused;
        outcome.reason = storedError(QStringLiteral("query.idSearchRefused"), {describe});
        return outcome;
    }
    if (query.kind == QueryKind::Search && firstPage &&
        (status == 400 || status == 403 || status == 422)) {
        const QString parameter = requiredParameter(query, result.outcomeText);
        if (!parameter.isEmpty()) {
            outcome.verdict = Verdict::NeedsParameter;
            outcome.parameter = parameter;
            outcome.values = suggestedValues(parameter, result.outcomeText);
            if (outcome.values.isEmpty())
                outcome.values = listedValues(result.outcomeText);
            if (outcome.values.isEmpty())
                outcome.values = knownValues(query.resourceType, parameter);
            outcome.reason = storedError(QStringLiteral("query.parameterRequired"),
                                         {parameter, portalReason(result)});
            return outcome;
        }
    }
    if (query.kind == QueryKind::Read || query.kind == QueryKind::Lookup) {
        // A referenced resource the portal cannot find or will not show is a
        // note on the pull, not a failed pull.
        if (status == 404 || status == 410 || status == 403 ||
            (status >= 500 && soundsLikeRefusal(result.outcomeText))) {
            outcome.verdict = Verdict::NotAvailable;
            outcome.reason = storedError(QStringLiteral("reference.notAvailable"),
                                         {QString::number(status), portalReason(result)});
            return outcome;
        }
    } else if (firstPage) {
        const bool perValue = hasAnyParameter(query, requirableParameters(query.resourceType));
        if (status == 403 || status == 404 || status == 405 || status == 501 ||
            (status == 400 && (perValue || soundsLikeRefusal(result.outcomeText))) ||
            (status >= 500 && soundsLikeRefusal(result.outcomeText))) {
            outcome.verdict = Verdict::NotAvailable;
            outcome.reason = notAvailable(result);
            return outcome;
        }
    }
    outcome.verdict = status == 429 || status >= 500 ? Verdict::Retry : Verdict::Fail;
    outcome.reason = ErrorCode::text(describe).encode();
    return outcome;
}

QString OutcomeClassifier::pagingProblem(const QSet<QString> &seen, const QString &nextUrl,
                                         qint64 pagesFetched, int pageCap) {
    if (nextUrl.isEmpty())
        return {};
    if (seen.contains(nextUrl))
        return storedError(QStringLiteral("paging.loop"), {nextUrl});
    if (pageCap > 0 && pagesFetched >= pageCap)
        return storedError(QStringLiteral("paging.cap"), {QString::number(pageCap)});
    return {};
}

} // namespace medpull
