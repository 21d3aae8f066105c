// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "s3destinationform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>

namespace medpull {

namespace {

constexpr int mebibyte = 1024 * 1024;

} // namespace

S3DestinationForm::S3DestinationForm(QWidget *parent)
    : QWidget(parent) {
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    m_endpoint = new QLineEdit(this);
    m_endpoint->setPlaceholderText(QStringLiteral("https://s3.eu-central-1.amazonaws.com"));
    m_bucket = new QLineEdit(this);
    m_prefix = new QLineEdit(this);
    m_prefix->setPlaceholderText(QStringLiteral("medpull/exports"));
    m_region = new QLineEdit(this);
    m_addressing = new QComboBox(this);
    m_addressing->addItem(tr("Virtual-hosted (bucket.endpoint)"), QStringLiteral("virtual"));
    m_addressing->addItem(tr("Path-style (endpoint/bucket)"), QStringLiteral("path"));
    m_accessKeyId = new QLineEdit(this);
    m_secretAccessKey = new QLineEdit(this);
    m_secretAccessKey->setEchoMode(QLineEdit::Password);
    m_gzip = new QCheckBox(tr("Compress objects with gzip (.ndjson.gz)"), this);
    m_multipartMiB = new QSpinBox(this);
    m_multipartMiB->setRange(5, 5 * 1024);
    m_multipartMiB->setSuffix(tr(" MiB"));
    form->addRow(tr("Endpoint URL:"), m_endpoint);
    form->addRow(tr("Bucket:"), m_bucket);
    form->addRow(tr("Prefix:"), m_prefix);
    form->addRow(tr("Region:"), m_region);
    form->addRow(tr("Addressing:"), m_addressing);
    form->addRow(tr("Access key ID:"), m_accessKeyId);
    form->addRow(tr("Secret access key:"), m_secretAccessKey);
    form->addRow(QString(), m_gzip);
    form->addRow(tr("Multipart above:"), m_multipartMiB);
    load({}, false);
}

void S3DestinationForm::load(const QJsonObject &config, bool secretStored) {
    m_endpoint->setText(config.value(QStringLiteral("endpoint")).toString());
    m_bucket->setText(config.value(QStringLiteral("bucket")).toString());
    m_prefix->setText(config.value(QStringLiteral("prefix")).toString());
    m_region->setText(config.value(QStringLiteral("region")).toString(QStringLiteral("us-east-1")));
    m_addressing->setCurrentIndex(
        qMax(0, m_addressing->findData(config.value(QStringLiteral("addressing")).toString())));
    m_accessKeyId->setText(config.value(QStringLiteral("accessKeyId")).toString());
    m_secretAccessKey->clear();
    m_secretAccessKey->setPlaceholderText(secretStored ? tr("Stored; leave empty to keep it")
                                                       : QString());
    m_gzip->setChecked(config.value(QStringLiteral("compression")).toString() ==
                       QLatin1String("gzip"));
    m_multipartMiB->setValue(
        int(config.value(QStringLiteral("multipartThresholdBytes")).toDouble(16.0 * mebibyte) /
            mebibyte));
}

QJsonObject S3DestinationForm::config() const {
    QJsonObject config;
    auto put = [&config](const QString &key, const QString &value) {
        if (!value.isEmpty())
            config.insert(key, value);
    };
    put(QStringLiteral("endpoint"), m_endpoint->text().trimmed());
    put(QStringLiteral("bucket"), m_bucket->text().trimmed());
    put(QStringLiteral("prefix"), m_prefix->text().trimmed());
    put(QStringLiteral("region"), m_region->text().trimmed());
    put(QStringLiteral("addressing"), m_addressing->currentData().toString());
    put(QStringLiteral("accessKeyId"), m_accessKeyId->text().trimmed());
    put(QStringLiteral("secretAccessKey"), m_secretAccessKey->text());
    config.insert(QStringLiteral("compression"),
                  m_gzip->isChecked() ? QStringLiteral("gzip") : QStringLiteral("none"));
    config.insert(QStringLiteral("multipartThresholdBytes"),
                  double(m_multipartMiB->value()) * mebibyte);
    return config;
}

} // namespace medpull
