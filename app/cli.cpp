// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "clicommon.h"
#include "clidestinations.h"
#include "cliendpoints.h"
#include "clienginecommands.h"
#include "clikeycommands.h"
#include "clisources.h"
#include "clistorecommands.h"
#include "storeerror.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <algorithm>
#include <functional>

using namespace medpull::cli;

namespace {

using Command = std::function<int(const QStringList &, GlobalOptions)>;

struct CommandEntry {
    QString name; // "sources add": a group and its action
    QString summary;
    Command run;
};

struct GroupEntry {
    QString name;
    QString summary;
};

const QList<CommandEntry> &commands() {
    static const QList<CommandEntry> table = {
        {QStringLiteral("sources add"), QStringLiteral("add a FHIR source (SMART discovery)"),
         runSourcesAdd},
        {QStringLiteral("sources list"), QStringLiteral("list the sources"), runSourcesList},
        {QStringLiteral("sources edit"), QStringLiteral("change a source's registration settings"),
         runSourcesEdit},
        {QStringLiteral("sources disable"), QStringLiteral("stop connects and pulls at a source"),
         runSourcesDisable},
        {QStringLiteral("sources enable"), QStringLiteral("enable a disabled source"),
         runSourcesEnable},
        {QStringLiteral("sources remove"),
         QStringLiteral("remove a source (disabled if it has accounts)"), runSourcesRemove},
        {QStringLiteral("sources jwks"), QStringLiteral("a source's public JWKS for the portal"),
         runSourcesJwks},
        {QStringLiteral("patients add"), QStringLiteral("add a patient, print the id"),
         runPatientsAdd},
        {QStringLiteral("patients list"), QStringLiteral("list the patients"), runPatientsList},
        {QStringLiteral("connect"), QStringLiteral("connect a patient's account at a source"),
         runConnect},
        {QStringLiteral("pull"), QStringLiteral("queue a manual pull"), runPull},
        {QStringLiteral("run"), QStringLiteral("run the engine"), runRun},
        {QStringLiteral("status"), QStringLiteral("a patient's accounts and pulls"), runStatus},
        {QStringLiteral("attention"), QStringLiteral("what needs a person, across patients"),
         runAttention},
        {QStringLiteral("events"), QStringLiteral("a patient's authorization history"), runEvents},
        {QStringLiteral("resources"), QStringLiteral("a patient's stored resources as NDJSON"),
         runResources},
        {QStringLiteral("demo-seed"), QStringLiteral("connect a sandbox's people"), runDemoSeed},
        {QStringLiteral("destinations add"), QStringLiteral("add an export destination"),
         runDestinationsAdd},
        {QStringLiteral("destinations list"),
         QStringLiteral("list the export destinations and their deliveries"), runDestinationsList},
        {QStringLiteral("destinations enable"), QStringLiteral("enable a destination"),
         runDestinationsEnable},
        {QStringLiteral("destinations disable"), QStringLiteral("disable a destination"),
         runDestinationsDisable},
        {QStringLiteral("destinations retry"), QStringLiteral("make failed deliveries due again"),
         runDestinationsRetry},
        {QStringLiteral("destinations deliveries"), QStringLiteral("a destination's deliveries"),
         runDestinationsDeliveries},
        {QStringLiteral("destinations deliver"), QStringLiteral("send what is due, then exit"),
         runDestinationsDeliver},
        {QStringLiteral("key export"),
         QStringLiteral("write the token key to FILE, sealed with a passphrase"), runKeyExport},
        {QStringLiteral("key import"), QStringLiteral("install a token key from key export"),
         runKeyImport},
        {QStringLiteral("endpoints add"), QStringLiteral("add an event webhook endpoint"),
         runEndpointsAdd},
        {QStringLiteral("endpoints list"), QStringLiteral("list the event endpoints"),
         runEndpointsList},
        {QStringLiteral("endpoints enable"),
         QStringLiteral("enable an endpoint; its pending events go out"), runEndpointsEnable},
        {QStringLiteral("endpoints disable"), QStringLiteral("disable an endpoint"),
         runEndpointsDisable},
        {QStringLiteral("endpoints remove"), QStringLiteral("remove an endpoint"),
         runEndpointsRemove},
        {QStringLiteral("endpoints log"), QStringLiteral("an endpoint's delivery log"),
         runEndpointsLog},
        {QStringLiteral("endpoints redeliver"), QStringLiteral("send a past event again"),
         runEndpointsRedeliver},
        {QStringLiteral("endpoints events"), QStringLiteral("the event outbox"),
         runEndpointsEvents},
        {QStringLiteral("endpoints deliver"), QStringLiteral("send the events that are due"),
         runEndpointsDeliver},
    };
    return table;
}

// A command whose name has two words belongs to the group its first word
// names; the group's name alone shows its actions.
const QList<GroupEntry> &groups() {
    static const QList<GroupEntry> table = {
        {QStringLiteral("sources"), QStringLiteral("The FHIR sources (patient-access portals).")},
        {QStringLiteral("patients"), QStringLiteral("The patients.")},
        {QStringLiteral("destinations"),
         QStringLiteral("Export destinations and their deliveries.")},
        {QStringLiteral("key"),
         QStringLiteral("The token key: move it to another machine or worker.")},
        {QStringLiteral("endpoints"),
         QStringLiteral("Event webhook endpoints, their delivery logs and the event outbox.")},
    };
    return table;
}

QString commandList(const QString &group = {}) {
    const QString prefix = group.isEmpty() ? QString() : group + QLatin1Char(' ');
    qsizetype width = 0;
    for (const CommandEntry &entry : commands())
        width = std::max(width, entry.name.size());
    QString text = QStringLiteral("\nCommands (each takes --help):\n");
    for (const CommandEntry &entry : commands()) {
        if (entry.name.startsWith(prefix))
            text +=
                QStringLiteral("  %1  %2\n").arg(entry.name.leftJustified(width), entry.summary);
    }
    return text;
}

QStringList actionsOf(const QString &group) {
    QStringList actions;
    for (const CommandEntry &entry : commands()) {
        if (entry.name.startsWith(group + QLatin1Char(' ')))
            actions.append(entry.name.mid(group.size() + 1));
    }
    return actions;
}

// A parser for the program or a group: --help, the global options, and
// everything from the first positional argument on left to the command.
void setUpDispatchParser(QCommandLineParser &parser, const QString &description,
                         const QString &positional) {
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    parser.addOptions(globalOptionList());
    parser.addPositionalArgument(positional, QStringLiteral("What to do."));
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
}

int dispatch(const QStringList &arguments) {
    QCommandLineParser parser;
    setUpDispatchParser(parser, QStringLiteral("The medpull engine, headless."),
                        QStringLiteral("command"));
    parser.addVersionOption();
    if (!parser.parse(arguments))
        throw CliError(parser.errorText(), ExitUsage);
    if (parser.isSet(QStringLiteral("version"))) {
        printLine(QCoreApplication::applicationName() + QLatin1Char(' ') +
                  QCoreApplication::applicationVersion());
        return ExitOk;
    }
    QStringList rest = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("help"))) {
        writeOut((helpText(parser, QStringLiteral("medpull-cli")) + commandList()).toUtf8());
        return ExitOk;
    }
    if (rest.isEmpty())
        throw CliError(QStringLiteral("no command given (see --help)"), ExitUsage);

    GlobalOptions globals;
    globals.databaseLocation = medpull::Database::defaultLocation();
    readGlobalOptions(parser, globals);

    QString name = rest.takeFirst();
    for (const GroupEntry &group : groups()) {
        if (group.name != name)
            continue;
        QCommandLineParser groupParser;
        setUpDispatchParser(groupParser, group.summary, QStringLiteral("action"));
        if (!groupParser.parse(QStringList{name} + rest))
            throw CliError(QStringLiteral("%1: %2 (see --help)").arg(name, groupParser.errorText()),
                           ExitUsage);
        if (groupParser.isSet(QStringLiteral("help"))) {
            const QString program = QStringLiteral("medpull-cli ") + name;
            writeOut((helpText(groupParser, program) + commandList(name)).toUtf8());
            return ExitOk;
        }
        rest = groupParser.positionalArguments();
        if (rest.isEmpty())
            throw CliError(QStringLiteral("%1: say %2 (see --help)")
                               .arg(name, actionsOf(name).join(QStringLiteral(", "))),
                           ExitUsage);
        readGlobalOptions(groupParser, globals);
        name += QLatin1Char(' ') + rest.takeFirst();
    }
    for (const CommandEntry &entry : commands()) {
        if (entry.name == name)
            return entry.run(rest, globals);
    }
    throw CliError(QStringLiteral("unknown command '%1' (see --help)").arg(name), ExitUsage);
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("medpull-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MEDPULL_VERSION));
    try {
        return dispatch(QCoreApplication::arguments());
    } catch (const CliError &error) {
        printError(error.message());
        return error.exitCode();
    } catch (const medpull::StoreError &error) {
        printError(error.message());
        return ExitFailed;
    }
}
