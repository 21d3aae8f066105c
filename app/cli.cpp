#include "clicommon.h"
#include "clidestinations.h"
#include "clienginecommands.h"
#include "clikeycommands.h"
#include "clistorecommands.h"
#include "storeerror.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <functional>

using namespace medpull::cli;

namespace {

using Command = std::function<int(const QStringList &, GlobalOptions)>;

struct CommandEntry {
    QString name; // "sources add": a group and its action
    QString summary;
    Command run;
};

const QList<CommandEntry> &commands() {
    static const QList<CommandEntry> table = {
        {QStringLiteral("sources add"), QStringLiteral("add a FHIR source (SMART discovery)"),
         runSourcesAdd},
        {QStringLiteral("sources list"), QStringLiteral("list the sources"), runSourcesList},
        {QStringLiteral("patients add"), QStringLiteral("add a patient, print the id"),
         runPatientsAdd},
        {QStringLiteral("patients list"), QStringLiteral("list the patients"), runPatientsList},
        {QStringLiteral("connect"), QStringLiteral("connect a patient's account at a source"),
         runConnect},
        {QStringLiteral("pull"), QStringLiteral("queue a manual pull"), runPull},
        {QStringLiteral("run"), QStringLiteral("run the engine"), runRun},
        {QStringLiteral("status"), QStringLiteral("a patient's accounts and pulls"), runStatus},
        {QStringLiteral("events"), QStringLiteral("a patient's authorization history"), runEvents},
        {QStringLiteral("resources"), QStringLiteral("a patient's stored resources as NDJSON"),
         runResources},
        {QStringLiteral("demo-seed"), QStringLiteral("connect a sandbox's people"), runDemoSeed},
        {QStringLiteral("key export"),
         QStringLiteral("write the token key to FILE, sealed with a passphrase"), runKeyExport},
        {QStringLiteral("key import"), QStringLiteral("install a token key from key export"),
         runKeyImport},
        {QStringLiteral("destinations"),
         QStringLiteral("export destinations and deliveries (add, list, retry, ...)"),
         [](const QStringList &arguments, const GlobalOptions &globals) {
             return runDestinationsCommand(arguments, globals.databaseLocation, globals.json);
         }},
    };
    return table;
}

QString commandList() {
    QString text = QStringLiteral("\nCommands (each takes --help):\n");
    for (const CommandEntry &entry : commands())
        text += QStringLiteral("  %1  %2\n").arg(entry.name.leftJustified(14), entry.summary);
    return text;
}

int dispatch(const QStringList &arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The medpull engine, headless."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions(globalOptionList());
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("What to do."));
    // Everything from the command on belongs to the command's own parser.
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    if (!parser.parse(arguments))
        throw CliError(parser.errorText(), ExitUsage);
    if (parser.isSet(QStringLiteral("version"))) {
        printLine(QCoreApplication::applicationVersion());
        return ExitOk;
    }
    QStringList rest = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("help"))) {
        writeOut((parser.helpText() + commandList()).toUtf8());
        return ExitOk;
    }
    if (rest.isEmpty())
        throw CliError(QStringLiteral("no command given (see --help)"), ExitUsage);

    GlobalOptions globals;
    globals.databaseLocation = medpull::Database::defaultLocation();
    readGlobalOptions(parser, globals);

    QString name = rest.takeFirst();
    if (name == QLatin1String("sources") || name == QLatin1String("patients") ||
        name == QLatin1String("key")) {
        if (rest.isEmpty() || rest.constFirst().startsWith(QLatin1Char('-')))
            throw CliError(QStringLiteral("%1: say %2")
                               .arg(name, name == QLatin1String("key")
                                              ? QStringLiteral("export or import")
                                              : QStringLiteral("add or list")),
                           ExitUsage);
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
