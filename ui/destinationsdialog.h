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

class Engine;
class S3DestinationForm;

// Adds or edits an export destination through the Engine. Saving runs the
// connection test first and stores the destination only when it passes; the
// outcome of the test, or why the destination cannot be used, is shown in the
// dialog, which stays open with what was entered until it is saved.
class DestinationDialog : public QDialog {
    Q_OBJECT

public:
    DestinationDialog(Engine *engine, const ExportDestination &initial, QWidget *parent = nullptr);

    ExportDestination destination() const;
    QString resultText() const;

public slots:
    void testConnection();
    void save();

private:
    enum class Waiting { Nothing, Test, Save };

    void send(Waiting waiting, const QString &message);
    void showResult(bool ok, const QString &message);
    void load(const ExportDestination &destination);

    Engine *m_engine;
    ExportDestination m_initial;
    Waiting m_waiting = Waiting::Nothing;
    // The name of the destination the engine is testing or saving.
    QString m_sentName;

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
