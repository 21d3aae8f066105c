#include <QCommandLineParser>
#include <QCoreApplication>

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("medpull-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MEDPULL_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The medpull engine, headless."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);
    parser.showHelp(0);
}
