// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "errorcode.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace medpull {

namespace {

// The catalogue of codes: each maps to an English sentence with %1..%n for
// its parameters. Add a code here, with QT_TRANSLATE_NOOP so lupdate sees it;
// the German translation lives in translations/medpull_de.ts like every
// other string.
const QHash<QString, const char *> &catalogue() {
    static const QHash<QString, const char *> messages{
        {QStringLiteral("text"), QT_TRANSLATE_NOOP("ErrorCode", "%1")},
        // A pull's queries (core/pull): what a portal answered.
        {QStringLiteral("query.notAvailable"),
         QT_TRANSLATE_NOOP("ErrorCode", "not available: the portal answered %1: %2")},
        {QStringLiteral("query.everythingRefused"),
         QT_TRANSLATE_NOOP("ErrorCode", "the portal refused $everything (%1); searched each type")},
        {QStringLiteral("query.idSearchRefused"),
         QT_TRANSLATE_NOOP("ErrorCode", "the portal refused the _id search (%1); read one by one")},
        {QStringLiteral("query.parameterRequired"),
         QT_TRANSLATE_NOOP("ErrorCode",
                           "the portal requires the search parameter %1 (%2); searched per value")},
        {QStringLiteral("reference.notAvailable"),
         QT_TRANSLATE_NOOP("ErrorCode",
                           "referenced resource not available: the portal answered %1: %2")},
        {QStringLiteral("reference.otherPatient"),
         QT_TRANSLATE_NOOP("ErrorCode",
                           "%1 is another patient's record; not stored under this patient")},
        {QStringLiteral("reference.otherOrigin"),
         QT_TRANSLATE_NOOP("ErrorCode",
                           "%1 is on another server; not fetched with the patient's token")},
        {QStringLiteral("reference.outsideBase"),
         QT_TRANSLATE_NOOP("ErrorCode",
                           "%1 is outside the portal's FHIR base; not fetched with the token")},
        {QStringLiteral("paging.loop"),
         QT_TRANSLATE_NOOP("ErrorCode", "the next link %1 repeats a page this query already "
                                        "fetched; paging stopped")},
        {QStringLiteral("paging.cap"),
         QT_TRANSLATE_NOOP("ErrorCode",
                           "paging stopped after %1 pages, the most one query may fetch")},
        {QStringLiteral("page.unreadable"), QT_TRANSLATE_NOOP("ErrorCode", "unreadable page: %1")},
        {QStringLiteral("page.invalidEntries"),
         QT_TRANSLATE_NOOP("ErrorCode",
                           "invalid resources skipped: %1; the first is entry %2: %3")},
        {QStringLiteral("page.outcome"),
         QT_TRANSLATE_NOOP("ErrorCode", "the portal's note on this search: %1")},
        {QStringLiteral("patient.idDiffers"),
         QT_TRANSLATE_NOOP("ErrorCode", "the token names patient %1, the portal's Patient "
                                        "resource has id %2; stored as returned")},
        {QStringLiteral("patient.other"),
         QT_TRANSLATE_NOOP("ErrorCode",
                           "Patient %1 is another patient; not stored under this patient")},
        {QStringLiteral("read.invalid"), QT_TRANSLATE_NOOP("ErrorCode", "invalid resource: %1")},
        {QStringLiteral("pull.queryFailed"), QT_TRANSLATE_NOOP("ErrorCode", "%1: %2")},
        {QStringLiteral("pull.refreshRefused"),
         QT_TRANSLATE_NOOP("ErrorCode",
                           "the portal refused the refresh token; ask the patient to reconnect")},
        {QStringLiteral("pull.succeededWithNotes"),
         QT_TRANSLATE_NOOP("ErrorCode", "succeeded with notes: %1 not available or noted")},
        {QStringLiteral("online_access_only"),
         QT_TRANSLATE_NOOP("ErrorCode",
                           "Connected without a refresh token (scope %1): the account stays "
                           "connected only while the patient's portal session lasts.")},
        {QStringLiteral("client_credentials_unreadable"),
         QT_TRANSLATE_NOOP("ErrorCode",
                           "The client credentials of source %1 cannot be decrypted: enter them "
                           "again.")},
        {QStringLiteral("source_disabled"),
         QT_TRANSLATE_NOOP("ErrorCode", "Source %1 is disabled.")},
        {QStringLiteral("source_setting_invalid"), QT_TRANSLATE_NOOP("ErrorCode", "%1: %2")},
        {QStringLiteral("fhir_response_too_large"),
         QT_TRANSLATE_NOOP("ErrorCode",
                           "The response from %1 is larger than %2 MB and was refused")},
        // Event endpoints
        {QStringLiteral("event_http_status"),
         QT_TRANSLATE_NOOP("ErrorCode", "The endpoint answered HTTP %1: %2")},
        {QStringLiteral("event_no_answer"),
         QT_TRANSLATE_NOOP("ErrorCode", "The endpoint did not answer within %1 seconds")},
        {QStringLiteral("event_network_error"),
         QT_TRANSLATE_NOOP("ErrorCode", "The endpoint cannot be reached: %1")},
        {QStringLiteral("event_secret_unreadable"),
         QT_TRANSLATE_NOOP("ErrorCode",
                           "The endpoint's signing secret cannot be decrypted: re-enter it")},
        {QStringLiteral("event_endpoint_invalid"),
         QT_TRANSLATE_NOOP("ErrorCode", "The endpoint's URL cannot be used: %1")},
        {QStringLiteral("event_gone"),
         QT_TRANSLATE_NOOP("ErrorCode", "The event or its endpoint no longer exists")},
        {QStringLiteral("event_endpoint_gave_up"),
         QT_TRANSLATE_NOOP("ErrorCode",
                           "Disabled after %1 failed attempts to deliver event %2. Last error: "
                           "%3")},
        // S3-compatible object storage
        {QStringLiteral("s3_error"), QT_TRANSLATE_NOOP("ErrorCode", "S3 answered HTTP %1 %2: %3")},
        {QStringLiteral("s3_http_status"),
         QT_TRANSLATE_NOOP("ErrorCode", "S3 answered HTTP %1 without an error code")},
        {QStringLiteral("s3_no_answer"),
         QT_TRANSLATE_NOOP("ErrorCode", "S3 did not answer within %1 seconds")},
        {QStringLiteral("s3_network_error"),
         QT_TRANSLATE_NOOP("ErrorCode", "S3 cannot be reached: %1")},
        {QStringLiteral("s3_bad_type"),
         QT_TRANSLATE_NOOP("ErrorCode", "Resource type '%1' cannot name an object")},
        {QStringLiteral("s3_compress_failed"),
         QT_TRANSLATE_NOOP("ErrorCode", "Compressing %1 failed")},
        // Accounts and sign-ins (core/auth, core/pull).
        {QStringLiteral("auth_timeout"),
         QT_TRANSLATE_NOOP("ErrorCode", "The sign-in was not completed within %1 s.")},
        {QStringLiteral("auth_cancelled"),
         QT_TRANSLATE_NOOP("ErrorCode", "The sign-in was cancelled by staff.")},
        {QStringLiteral("auth_invalid_request"),
         QT_TRANSLATE_NOOP("ErrorCode", "The sign-in cannot start: %1")},
        {QStringLiteral("auth_listen_failed"),
         QT_TRANSLATE_NOOP("ErrorCode", "Cannot listen on 127.0.0.1 for the redirect: %1")},
        {QStringLiteral("auth_session_started"),
         QT_TRANSLATE_NOOP("ErrorCode", "Sign-in opened at %1, redirect to %2")},
        {QStringLiteral("auth_portal_error"),
         QT_TRANSLATE_NOOP("ErrorCode", "The portal answered \"%1\".")},
        {QStringLiteral("auth_portal_error_described"),
         QT_TRANSLATE_NOOP("ErrorCode", "The portal answered \"%1\": %2")},
        {QStringLiteral("auth_state_mismatch"),
         QT_TRANSLATE_NOOP("ErrorCode", "The redirect does not belong to this sign-in.")},
        {QStringLiteral("auth_no_code"),
         QT_TRANSLATE_NOOP("ErrorCode", "The redirect carries neither a code nor an error.")},
        {QStringLiteral("auth_code_received"),
         QT_TRANSLATE_NOOP("ErrorCode", "Authorization code received")},
        {QStringLiteral("auth_exchange_failed"),
         QT_TRANSLATE_NOOP("ErrorCode", "The portal did not exchange the code: %1")},
        {QStringLiteral("auth_scope_granted"),
         QT_TRANSLATE_NOOP("ErrorCode", "Granted scope: %1 (patient %2)")},
        {QStringLiteral("disconnected_by_admin"),
         QT_TRANSLATE_NOOP("ErrorCode", "Disconnected by an admin; tokens deleted")},
        {QStringLiteral("tokens_unusable"),
         QT_TRANSLATE_NOOP("ErrorCode", "The stored tokens cannot be used: %1")},
        {QStringLiteral("refresh_refused"),
         QT_TRANSLATE_NOOP("ErrorCode", "The portal refused the refresh token: %1")},
        {QStringLiteral("token_rotated"),
         QT_TRANSLATE_NOOP("ErrorCode", "New refresh token issued")},
        {QStringLiteral("token_kept"), QT_TRANSLATE_NOOP("ErrorCode", "Refresh token kept")},
        {QStringLiteral("account_not_active"),
         QT_TRANSLATE_NOOP("ErrorCode", "Not pulled: the account is not active.")},
    };
    return messages;
}

} // namespace

ErrorCode ErrorCode::text(const QString &message) {
    return {QStringLiteral("text"), {message}};
}

QString ErrorCode::encode() const {
    if (code.isEmpty())
        return {};
    QJsonObject object{{QStringLiteral("code"), code}};
    if (!args.isEmpty())
        object.insert(QStringLiteral("args"), QJsonArray::fromStringList(args));
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

namespace {

// The code a stored form holds, or nothing for text that is not one.
std::optional<ErrorCode> parseStored(const QString &stored) {
    if (!stored.startsWith(QLatin1Char('{')))
        return std::nullopt;
    const QJsonObject object = QJsonDocument::fromJson(stored.toUtf8()).object();
    const QString code = object.value(QStringLiteral("code")).toString();
    if (code.isEmpty())
        return std::nullopt;
    QStringList args;
    for (const QJsonValue &arg : object.value(QStringLiteral("args")).toArray())
        args.append(arg.toString());
    return ErrorCode{code, args};
}

} // namespace

ErrorCode ErrorCode::decode(const QString &stored) {
    if (stored.isEmpty())
        return {};
    return parseStored(stored).value_or(text(stored));
}

QString ErrorCode::text() const {
    if (code.isEmpty())
        return {};
    const char *message = catalogue().value(code);
    if (!message) {
        // A code from a newer medpull: show what there is rather than nothing.
        return args.isEmpty() ? code
                              : code + QStringLiteral(": ") + args.join(QStringLiteral(", "));
    }
    // One pass over the sentence, so a parameter that itself holds "%1"
    // (a portal's text) is not substituted again.
    const QString sentence = QCoreApplication::translate("ErrorCode", message);
    QString rendered;
    rendered.reserve(sentence.size());
    for (qsizetype at = 0; at < sentence.size(); ++at) {
        const QChar c = sentence.at(at);
        if (c == QLatin1Char('%') && at + 1 < sentence.size() && sentence.at(at + 1).isDigit() &&
            sentence.at(at + 1) != QLatin1Char('0')) {
            const int index = sentence.at(at + 1).digitValue() - 1;
            // A parameter may itself be a stored error (a query's error in
            // its pull's): rendered in the same language.
            const QString arg = args.value(index);
            const std::optional<ErrorCode> nested = parseStored(arg);
            rendered += nested ? nested->text() : arg;
            ++at;
        } else {
            rendered += c;
        }
    }
    return rendered;
}

QString storedError(const QString &code, const QStringList &args) {
    return ErrorCode{code, args}.encode();
}

QString errorText(const QString &stored) {
    return ErrorCode::decode(stored).text();
}

} // namespace medpull
