#include "mainwindow.h"

#include <QApplication>

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("medpull"));
    QApplication::setApplicationName(QStringLiteral("medpull"));
    QApplication::setApplicationVersion(QStringLiteral(MEDPULL_VERSION));

    medpull::MainWindow window;
    window.show();
    return app.exec();
}
