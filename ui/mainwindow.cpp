#include "mainwindow.h"

#include <QLabel>

namespace medpull {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent) {
    setWindowTitle(tr("medpull"));
    auto *placeholder = new QLabel(tr("No database open."), this);
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
    resize(1100, 700);
}

} // namespace medpull
