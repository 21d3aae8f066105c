// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "exportdestination.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace medpull {

class DestinationService;
class S3DestinationForm;

// Adds or edits an export destination. Saving runs the connection test
// first (on the service's thread) and stores the destination only when it
// passes; the outcome of the test is shown either way.
class DestinationDialog : public QDialog {
    Q_OBJECT

public:
    DestinationDialog(DestinationService *service, const ExportDestination &initial,
                      QWidget *parent = nullptr);

    ExportDestination destination() const;
    QString resultText() const;

public slots:
    void testConnection();
    void save();

private:
    void setBusy(bool busy, const QString &message);
    void showResult(int requestId, bool ok, const QString &message);
    void load(const ExportDestination &destination);

    DestinationService *m_service;
    ExportDestination m_initial;
    int m_requestId = 0;
    bool m_saving = false;

    QLineEdit *m_name;
    QComboBox *m_kind;
    QCheckBox *m_enabled;
    QStackedWidget *m_pages;
    QLineEdit *m_folder;
    QLineEdit *m_baseUrl;
    QComboBox *m_bundleType;
    QSpinBox *m_chunkSize;
    QComboBox *m_auth;
    QLineEdit *m_token;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QLineEdit *m_webhookUrl;
    QLineEdit *m_secret;
    QComboBox *m_payload;
    QLineEdit *m_linkTemplate;
    S3DestinationForm *m_s3;
    QLabel *m_result;
    QPushButton *m_testButton;
    QPushButton *m_saveButton;
};

} // namespace medpull
