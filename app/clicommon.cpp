// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "clicommon.h"

#include "patientrepository.h"
#include "storeerror.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace medpull::cli {

namespace {

const QString dbOption = QStringLiteral("db");
const QString jsonOption = QStringLiteral("json");
const QString keyFileOnlyOption = QStringLiteral("key-file-only");

LogFormat logFormat = LogFormat::Text;

const char *levelName(QtMsgType type) {
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "error";
    case QtFatalMsg:
        return "fatal";
    }
    return "info";
}

// One write per line, so lines of different threads never interleave.
void writeErr(const QByteArray &line) {
    std::fflush(stdout);
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

QByteArray jsonLine(QtMsgType type, const char *category, const QString &message) {
    const QJsonObject object{
        {QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("level"), QLatin1String(levelName(type))},
        {QStringLiteral("category"), QLatin1String(category ? category : "default")},
        {QStringLiteral("message"), message}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

void jsonMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message) {
    writeErr(jsonLine(type, context.category, message));
}

// medpull-cli's own lines: one line, whatever the message holds.
void printLog(QtMsgType type, const QString &message) {
    if (logFormat == LogFormat::Json) {
        writeErr(jsonLine(type, "medpull.cli", message));
        return;
    }
    QString line = message;
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    const QString prefix = type == QtWarningMsg ? QStringLiteral("medpull-cli: warning: ")
                                                : QStringLiteral("medpull-cli: ");
    writeErr((prefix + line + QLatin1Char('\n')).toUtf8());
}

} // namespace

QList<QCommandLineOption> globalOptionList() {
    return {
        {dbOption, QStringLiteral("The database: a SQLite file or a postgresql:// URL."),
         QStringLiteral("LOCATION")},
        {jsonOption, QStringLiteral("Machine-readable JSON output.")},
        {keyFileOnlyOption,
         QStringLiteral("Keep the token key in a key file, never the system keychain "
                        "(also MEDPULL_KEY_FILE_ONLY=1).")},
    };
}

QString helpText(const QCommandLineParser &parser, const QString &program) {
    QString text = parser.helpText();
    // medpull-cli loads no translations, so Qt's usage line is English.
    const QString usage = QStringLiteral("Usage: ");
    const QString prefix = usage + QCoreApplication::arguments().value(0);
    if (text.startsWith(prefix))
        text.replace(0, prefix.size(), usage + program);
    return text;
}

void readGlobalOptions(const QCommandLineParser &parser, GlobalOptions &globals) {
    if (parser.isSet(dbOption))
        globals.databaseLocation = parser.value(dbOption);
    globals.json = globals.json || parser.isSet(jsonOption);
    globals.keyFileOnly = globals.keyFileOnly || parser.isSet(keyFileOnlyOption);
    // Every vault of this process, the destination commands' too, honours
    // the variable: the flag is its spelling on the command line.
    if (globals.keyFileOnly)
        qputenv("MEDPULL_KEY_FILE_ONLY", "1");
}

CommandParser::CommandParser(QString command, const QString &description)
    : m_command(std::move(command)) {
    m_parser.setApplicationDescription(description);
    m_parser.addHelpOption();
    m_parser.addOptions(globalOptionList());
}

void CommandParser::addPositional(const QString &name, const QString &description) {
    m_positionalNames.append(name);
    m_parser.addPositionalArgument(name, description);
}

bool CommandParser::parse(const QStringList &arguments, GlobalOptions &globals) {
    // QCommandLineParser skips the first argument as the program's name.
    const QStringList withName =
        QStringList{QStringLiteral("medpull-cli ") + m_command} + arguments;
    if (!m_parser.parse(withName))
        usageError(m_parser.errorText());
    if (m_parser.isSet(QStringLiteral("help"))) {
        writeOut(helpText().toUtf8());
        return false;
    }
    const QStringList positionals = m_parser.positionalArguments();
    if (positionals.size() > m_positionalNames.size())
        usageError(QStringLiteral("unexpected argument '%1'")
                       .arg(positionals.at(m_positionalNames.size())));
    readGlobalOptions(m_parser, globals);
    return true;
}

QString CommandParser::required(const QString &name) const {
    const QString text = m_parser.value(name).trimmed();
    if (text.isEmpty())
        usageError(QStringLiteral("--%1 is required").arg(name));
    return text;
}

QString CommandParser::helpText() const {
    return cli::helpText(m_parser, QStringLiteral("medpull-cli ") + m_command);
}

QString CommandParser::positional(int index) const {
    const QStringList positionals = m_parser.positionalArguments();
    if (index >= positionals.size() || positionals.at(index).trimmed().isEmpty())
        usageError(QStringLiteral("%1 is required").arg(m_positionalNames.value(index)));
    return positionals.at(index).trimmed();
}

qint64 CommandParser::id(const QString &name) const {
    bool ok = false;
    const qint64 value = required(name).toLongLong(&ok);
    if (!ok || value <= 0)
        usageError(QStringLiteral("--%1 must be a positive whole number, not '%2'")
                       .arg(name, m_parser.value(name)));
    return value;
}

qint64 CommandParser::number(const QString &name, qint64 min, qint64 max, qint64 fallback) const {
    if (!m_parser.isSet(name))
        return fallback;
    bool ok = false;
    const qint64 value = m_parser.value(name).toLongLong(&ok);
    if (!ok || value < min || value > max)
        usageError(QStringLiteral("--%1 must be a whole number from %2 to %3")
                       .arg(name)
                       .arg(min)
                       .arg(max));
    return value;
}

void CommandParser::usageError(const QString &message) const {
    throw CliError(QStringLiteral("%1: %2 (see --help)").arg(m_command, message), ExitUsage);
}

std::unique_ptr<Database> openDatabase(const GlobalOptions &globals) {
    try {
        return Database::open(globals.databaseLocation);
    } catch (const StoreError &error) {
        throw CliError(error.message());
    }
}

Patient requirePatient(const Database &database, qint64 patientId) {
    const auto patient = PatientRepository(database).get(patientId);
    if (!patient)
        throw CliError(QStringLiteral("no patient %1").arg(patientId));
    return *patient;
}

void writeOut(const QByteArray &bytes) {
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
}

void printLine(const QString &line) {
    writeOut(line.toUtf8() + '\n');
}

void printJson(const QJsonValue &value) {
    const QJsonDocument document =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    writeOut(document.toJson(QJsonDocument::Compact) + '\n');
}

int reportDeliveryRun(const GlobalOptions &globals, int delivered, int failedAttempts,
                      bool finished, const QString &stoppedNote) {
    if (globals.json)
        printJson(QJsonObject{{QStringLiteral("delivered"), delivered},
                              {QStringLiteral("failedAttempts"), failedAttempts},
                              {QStringLiteral("finished"), finished}});
    else
        printLine(QStringLiteral("%1 delivered, %2 failed attempts%3")
                      .arg(delivered)
                      .arg(failedAttempts)
                      .arg(finished ? QString() : stoppedNote));
    return failedAttempts == 0 && finished ? ExitOk : ExitFailed;
}

void setLogFormat(LogFormat format) {
    logFormat = format;
    if (format == LogFormat::Json)
        qInstallMessageHandler(jsonMessageHandler);
}

void printError(const QString &message) {
    printLog(QtCriticalMsg, message);
}

void printWarning(const QString &message) {
    printLog(QtWarningMsg, message);
}

void printInfo(const QString &message) {
    printLog(QtInfoMsg, message);
}

QString textTime(const QDateTime &time) {
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QStringLiteral("-");
}

QJsonValue jsonTime(const QDateTime &time) {
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs))
                          : QJsonValue(QJsonValue::Null);
}

QJsonValue jsonText(const QString &text) {
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace medpull::cli
