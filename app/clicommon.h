// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "database.h"
#include "patient.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <memory>
#include <stdexcept>

namespace medpull::cli {

enum ExitCode { ExitOk = 0, ExitFailed = 1, ExitUsage = 2, ExitNotIdle = 3 };

// A command that cannot be carried out: main() prints the message as one line
// on stderr ("medpull-cli: <message>") and exits with the code.
class CliError : public std::runtime_error {
public:
    explicit CliError(const QString &message, int exitCode = ExitFailed)
        : std::runtime_error(message.toStdString())
        , m_message(message)
        , m_exitCode(exitCode) {}

    QString message() const { return m_message; }
    int exitCode() const { return m_exitCode; }

private:
    QString m_message;
    int m_exitCode;
};

// Options every command takes, before or after the command's name.
struct GlobalOptions {
    QString databaseLocation;
    bool json = false;
    bool keyFileOnly = false;
};

QList<QCommandLineOption> globalOptionList();
// The parser's help with its usage line naming `program` ("medpull-cli
// sources add") instead of however the executable was called.
QString helpText(const QCommandLineParser &parser, const QString &program);
// Reads the global options; a value given later (after the command) wins.
void readGlobalOptions(const QCommandLineParser &parser, GlobalOptions &globals);

// One command's arguments: its own options, the global ones and --help.
class CommandParser {
public:
    CommandParser(QString command, const QString &description);

    void addOption(const QCommandLineOption &option) { m_parser.addOption(option); }
    // A positional argument, shown in the help as `name`; parse() refuses
    // more positional arguments than were declared.
    void addPositional(const QString &name, const QString &description);
    // False when --help was given (the help is printed); a bad argument throws
    // a usage CliError.
    bool parse(const QStringList &arguments, GlobalOptions &globals);

    bool isSet(const QString &name) const { return m_parser.isSet(name); }
    QString value(const QString &name) const { return m_parser.value(name); }
    QString required(const QString &name) const;
    // The index-th positional argument; a usage error when it is missing.
    QString positional(int index) const;
    // A database id: a positive integer.
    qint64 id(const QString &name) const;
    qint64 number(const QString &name, qint64 min, qint64 max, qint64 fallback) const;
    [[noreturn]] void usageError(const QString &message) const;

    QString helpText() const;

private:
    QString m_command;
    QCommandLineParser m_parser;
    QStringList m_positionalNames;
};

// Throws a CliError with the store's one-line message.
std::unique_ptr<Database> openDatabase(const GlobalOptions &globals);
Patient requirePatient(const Database &database, qint64 patientId);

// How log lines and errors go to stderr: text ("medpull-cli: message"), or
// one JSON object per line (time, level, category, message) for journald and
// log collectors; json also routes Qt's and the engine's log messages.
enum class LogFormat { Text, Json };
void setLogFormat(LogFormat format);

void writeOut(const QByteArray &bytes);
void printLine(const QString &line);
void printJson(const QJsonValue &value);
void printError(const QString &message);
void printWarning(const QString &message);
void printInfo(const QString &message);

// What a delivery run (`destinations deliver`, `endpoints deliver`) did, as
// text or JSON; `stoppedNote` ends the text line when it did not finish.
// ExitOk only when every attempt succeeded and nothing was left running.
int reportDeliveryRun(const GlobalOptions &globals, int delivered, int failedAttempts,
                      bool finished, const QString &stoppedNote);

QString textTime(const QDateTime &time);
QJsonValue jsonTime(const QDateTime &time);
QJsonValue jsonText(const QString &text);

} // namespace medpull::cli
