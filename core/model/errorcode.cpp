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
            rendered += args.value(index);
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
