// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace medpull {

// The settings of an S3-compatible object-storage destination, a page of the
// destination dialog.
class S3DestinationForm : public QWidget {
    Q_OBJECT

public:
    explicit S3DestinationForm(QWidget *parent = nullptr);

    // A stored config (its secret never comes back; `secretStored` says
    // whether there is one to keep).
    void load(const QJsonObject &config, bool secretStored);
    QJsonObject config() const;

private:
    QLineEdit *m_endpoint;
    QLineEdit *m_bucket;
    QLineEdit *m_prefix;
    QLineEdit *m_region;
    QComboBox *m_addressing;
    QLineEdit *m_accessKeyId;
    QLineEdit *m_secretAccessKey;
    QCheckBox *m_gzip;
    QSpinBox *m_multipartMiB;
};

} // namespace medpull
