// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QDialog>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QPushButton;

namespace medpull {

// A dialog whose OK asks the engine for something and stays open until the
// engine answers: a refusal shows inside the dialog as one sentence, and
// nothing typed is lost. The owner calls succeeded() or failed().
class RequestDialog : public QDialog {
    Q_OBJECT

public:
    explicit RequestDialog(const QString &title, QWidget *parent = nullptr);

    QFormLayout *form() const { return m_form; }
    QPushButton *okButton() const;
    QLabel *errorLabel() const { return m_error; }
    bool isWaiting() const { return m_waiting; }

    // Whether the input is complete enough to send.
    void setInputValid(bool valid);
    void succeeded();
    void failed(const QString &error);

    void accept() override;

signals:
    void submitted();

private:
    void updateOk();

    QFormLayout *m_form;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    QString m_okText;
    bool m_valid = false;
    bool m_waiting = false;
};

} // namespace medpull
