// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "requestdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace medpull {

RequestDialog::RequestDialog(const QString &title, QWidget *parent)
    : QDialog(parent)
    , m_form(new QFormLayout)
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(title);
    m_okText = okButton()->text();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    QPalette palette = m_error->palette();
    palette.setColor(QPalette::WindowText, QColor(0xb3, 0x26, 0x1e));
    m_error->setPalette(palette);
    m_error->hide();
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &RequestDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateOk();
}

QPushButton *RequestDialog::okButton() const {
    return m_buttons->button(QDialogButtonBox::Ok);
}

void RequestDialog::setInputValid(bool valid) {
    m_valid = valid;
    updateOk();
}

void RequestDialog::succeeded() {
    m_waiting = false;
    QDialog::accept();
}

void RequestDialog::failed(const QString &error) {
    m_waiting = false;
    m_error->setText(error);
    m_error->show();
    updateOk();
}

void RequestDialog::accept() {
    if (m_waiting || !m_valid)
        return;
    m_waiting = true;
    m_error->hide();
    updateOk();
    emit submitted();
}

void RequestDialog::updateOk() {
    okButton()->setEnabled(m_valid && !m_waiting);
    okButton()->setText(m_waiting ? tr("Checking…") : m_okText);
}

} // namespace medpull
