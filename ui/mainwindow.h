#pragma once

#include <QMainWindow>

namespace medpull {

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace medpull
