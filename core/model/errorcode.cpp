#include "errorcode.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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
         QT_TRANSLATE_NOOP("ErrorCode", "%1 invalid resource(s) skipped; first: entry %2: %3")},
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

ErrorCode ErrorCode::decode(const QString &stored) {
    if (stored.isEmpty())
        return {};
    if (stored.startsWith(QLatin1Char('{'))) {
        const QJsonObject object = QJsonDocument::fromJson(stored.toUtf8()).object();
        const QString code = object.value(QStringLiteral("code")).toString();
        if (!code.isEmpty()) {
            QStringList args;
            for (const QJsonValue &arg : object.value(QStringLiteral("args")).toArray())
                args.append(arg.toString());
            return {code, args};
        }
    }
    return text(stored);
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
            const ErrorCode inner = arg.startsWith(QLatin1Char('{')) ? decode(arg) : ErrorCode();
            const bool nested = !inner.isEmpty() && !(inner.code == QLatin1String("text") &&
                                                      inner.args == QStringList{arg});
            rendered += nested ? inner.text() : arg;
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
