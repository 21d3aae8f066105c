// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "destinationsdialog.h"

#include "engine.h"
#include "s3destinationform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace medpull {

namespace {

QWidget *formPage(QFormLayout **layout) {
    auto *page = new QWidget;
    *layout = new QFormLayout(page);
    (*layout)->setContentsMargins(0, 0, 0, 0);
    return page;
}

} // namespace

DestinationDialog::DestinationDialog(Engine *engine, const ExportDestination &initial,
                                     QWidget *parent)
    : QDialog(parent)
    , m_engine(engine)
    , m_initial(initial) {
    setWindowTitle(initial.id == 0 ? tr("Add export destination") : tr("Edit export destination"));
    auto *layout = new QVBoxLayout(this);
    auto *common = new QFormLayout;
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("name"));
    m_kind = new QComboBox(this);
    m_kind->addItem(tr("NDJSON folder"), int(DestinationKind::NdjsonFolder));
    m_kind->addItem(tr("FHIR server"), int(DestinationKind::FhirServer));
    m_kind->addItem(tr("Webhook"), int(DestinationKind::Webhook));
    m_kind->addItem(tr("S3 object storage"), int(DestinationKind::S3));
    m_enabled = new QCheckBox(tr("Deliver to this destination"), this);
    common->addRow(tr("Name:"), m_name);
    common->addRow(tr("Kind:"), m_kind);
    common->addRow(QString(), m_enabled);
    layout->addLayout(common);

    m_pages = new QStackedWidget(this);
    QFormLayout *form = nullptr;

    QWidget *folderPage = formPage(&form);
    auto *folderRow = new QHBoxLayout;
    m_folder = new QLineEdit(folderPage);
    m_folder->setObjectName(QStringLiteral("folder"));
    auto *browse = new QToolButton(folderPage);
    browse->setText(tr("Browse…"));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString chosen =
            QFileDialog::getExistingDirectory(this, tr("Export folder"), m_folder->text());
        if (!chosen.isEmpty())
            m_folder->setText(chosen);
    });
    folderRow->addWidget(m_folder);
    folderRow->addWidget(browse);
    form->addRow(tr("Folder:"), folderRow);
    m_pages->addWidget(folderPage);

    QWidget *fhirPage = formPage(&form);
    m_baseUrl = new QLineEdit(fhirPage);
    m_baseUrl->setPlaceholderText(QStringLiteral("https://fhir.example.org/r4"));
    m_bundleType = new QComboBox(fhirPage);
    m_bundleType->addItem(tr("Batch (each resource on its own)"), QStringLiteral("batch"));
    m_bundleType->addItem(tr("Transaction (all or nothing)"), QStringLiteral("transaction"));
    m_chunkSize = new QSpinBox(fhirPage);
    m_chunkSize->setRange(1, 5000);
    m_auth = new QComboBox(fhirPage);
    m_auth->addItem(tr("None"), QStringLiteral("none"));
    m_auth->addItem(tr("Bearer token"), QStringLiteral("bearer"));
    m_auth->addItem(tr("Basic (user name and password)"), QStringLiteral("basic"));
    m_token = new QLineEdit(fhirPage);
    m_token->setEchoMode(QLineEdit::Password);
    m_username = new QLineEdit(fhirPage);
    m_password = new QLineEdit(fhirPage);
    m_password->setEchoMode(QLineEdit::Password);
    form->addRow(tr("FHIR base URL:"), m_baseUrl);
    form->addRow(tr("Bundles:"), m_bundleType);
    form->addRow(tr("Resources per Bundle:"), m_chunkSize);
    form->addRow(tr("Authentication:"), m_auth);
    form->addRow(tr("Token:"), m_token);
    form->addRow(tr("User name:"), m_username);
    form->addRow(tr("Password:"), m_password);
    m_pages->addWidget(fhirPage);

    QWidget *webhookPage = formPage(&form);
    m_webhookUrl = new QLineEdit(webhookPage);
    m_webhookUrl->setPlaceholderText(QStringLiteral("https://hooks.example.org/medpull"));
    m_secret = new QLineEdit(webhookPage);
    m_secret->setEchoMode(QLineEdit::Password);
    m_payload = new QComboBox(webhookPage);
    m_payload->addItem(tr("A link to the data"), QStringLiteral("link"));
    m_payload->addItem(tr("The data as NDJSON, inline"), QStringLiteral("inline"));
    m_linkTemplate = new QLineEdit(webhookPage);
    m_linkTemplate->setPlaceholderText(QStringLiteral("https://files.example.org/{pull}"));
    form->addRow(tr("URL:"), m_webhookUrl);
    form->addRow(tr("Signing secret:"), m_secret);
    form->addRow(tr("Payload:"), m_payload);
    form->addRow(tr("Link template:"), m_linkTemplate);
    m_pages->addWidget(webhookPage);
    m_s3 = new S3DestinationForm(this);
    m_pages->addWidget(m_s3);
    layout->addWidget(m_pages);

    m_result = new QLabel(this);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_result);

    auto *buttons = new QDialogButtonBox(this);
    m_testButton = buttons->addButton(tr("Test connection"), QDialogButtonBox::ActionRole);
    m_saveButton = buttons->addButton(tr("Test and save"), QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    layout->addWidget(buttons);

    connect(m_kind, &QComboBox::currentIndexChanged, m_pages, &QStackedWidget::setCurrentIndex);
    connect(m_auth, &QComboBox::currentIndexChanged, this, [this] {
        const QString auth = m_auth->currentData().toString();
        m_token->setEnabled(auth == QLatin1String("bearer"));
        m_username->setEnabled(auth == QLatin1String("basic"));
        m_password->setEnabled(auth == QLatin1String("basic"));
    });
    connect(m_testButton, &QPushButton::clicked, this, &DestinationDialog::testConnection);
    connect(buttons, &QDialogButtonBox::accepted, this, &DestinationDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_engine, &Engine::destinationTested, this,
            [this](const ExportDestination &tested, bool ok, const QString &message) {
                if (m_waiting != Waiting::Nothing && tested.name == m_sentName)
                    showResult(ok, message);
            });
    const auto saved = [this](const ExportDestination &destination) {
        if (m_waiting == Waiting::Save && destination.name == m_sentName)
            accept();
    };
    connect(m_engine, &Engine::destinationAdded, this, saved);
    connect(m_engine, &Engine::destinationChanged, this, saved);
    connect(m_engine, &Engine::commandFailed, this,
            [this](const QString &command, const QString &error) {
                if (m_waiting != Waiting::Nothing &&
                    (command == QLatin1String("test destination") ||
                     command == QLatin1String("save destination")))
                    showResult(false, error);
            });
    load(initial);
    setMinimumWidth(520);
}

void DestinationDialog::load(const ExportDestination &destination) {
    const QJsonObject &c = destination.config;
    m_name->setText(destination.name);
    m_kind->setCurrentIndex(m_kind->findData(int(destination.kind)));
    m_kind->setEnabled(destination.id == 0);
    m_pages->setCurrentIndex(m_kind->currentIndex());
    m_enabled->setChecked(destination.enabled);
    m_folder->setText(c.value(QStringLiteral("path")).toString());
    m_baseUrl->setText(c.value(QStringLiteral("baseUrl")).toString());
    m_bundleType->setCurrentIndex(
        qMax(0, m_bundleType->findData(c.value(QStringLiteral("bundleType")).toString())));
    m_chunkSize->setValue(c.value(QStringLiteral("chunkSize")).toInt(200));
    m_auth->setCurrentIndex(qMax(0, m_auth->findData(c.value(QStringLiteral("auth")).toString())));
    m_username->setText(c.value(QStringLiteral("username")).toString());
    m_webhookUrl->setText(c.value(QStringLiteral("url")).toString());
    // Secrets never come back to the dashboard; a field left empty keeps the
    // stored one.
    const QJsonArray stored =
        c.value(QStringLiteral("sealed")).toObject().value(QStringLiteral("keys")).toArray();
    for (const auto &[field, key] : {std::pair{m_token, QStringLiteral("token")},
                                     std::pair{m_password, QStringLiteral("password")},
                                     std::pair{m_secret, QStringLiteral("secret")}}) {
        field->clear();
        field->setPlaceholderText(stored.contains(key) ? tr("Stored; leave empty to keep it")
                                                       : QString());
    }
    m_payload->setCurrentIndex(
        qMax(0, m_payload->findData(c.value(QStringLiteral("payload")).toString())));
    m_linkTemplate->setText(c.value(QStringLiteral("linkTemplate")).toString());
    m_s3->load(c, stored.contains(QStringLiteral("secretAccessKey")));
    const QString auth = m_auth->currentData().toString();
    m_token->setEnabled(auth == QLatin1String("bearer"));
    m_username->setEnabled(auth == QLatin1String("basic"));
    m_password->setEnabled(auth == QLatin1String("basic"));
}

ExportDestination DestinationDialog::destination() const {
    ExportDestination destination = m_initial;
    destination.name = m_name->text().trimmed();
    destination.kind = DestinationKind(m_kind->currentData().toInt());
    destination.enabled = m_enabled->isChecked();
    QJsonObject config;
    auto put = [&config](const QString &key, const QString &value) {
        if (!value.isEmpty())
            config.insert(key, value);
    };
    switch (destination.kind) {
    case DestinationKind::NdjsonFolder:
        put(QStringLiteral("path"), m_folder->text().trimmed());
        break;
    case DestinationKind::FhirServer: {
        put(QStringLiteral("baseUrl"), m_baseUrl->text().trimmed());
        put(QStringLiteral("bundleType"), m_bundleType->currentData().toString());
        config.insert(QStringLiteral("chunkSize"), m_chunkSize->value());
        const QString auth = m_auth->currentData().toString();
        put(QStringLiteral("auth"), auth);
        if (auth == QLatin1String("bearer"))
            put(QStringLiteral("token"), m_token->text());
        if (auth == QLatin1String("basic")) {
            put(QStringLiteral("username"), m_username->text());
            put(QStringLiteral("password"), m_password->text());
        }
        break;
    }
    case DestinationKind::Webhook:
        put(QStringLiteral("url"), m_webhookUrl->text().trimmed());
        put(QStringLiteral("secret"), m_secret->text());
        put(QStringLiteral("payload"), m_payload->currentData().toString());
        put(QStringLiteral("linkTemplate"), m_linkTemplate->text().trimmed());
        break;
    case DestinationKind::S3:
        config = m_s3->config();
        break;
    }
    destination.config = config;
    return destination;
}

QString DestinationDialog::resultText() const {
    return m_result->text();
}

void DestinationDialog::send(Waiting waiting, const QString &message) {
    const ExportDestination entered = destination();
    m_waiting = waiting;
    m_sentName = entered.name;
    m_testButton->setEnabled(false);
    m_saveButton->setEnabled(false);
    m_result->setStyleSheet({});
    m_result->setText(message);
    if (waiting == Waiting::Save)
        m_engine->saveDestination(entered);
    else
        m_engine->testDestination(entered);
}

void DestinationDialog::testConnection() {
    send(Waiting::Test, tr("Testing the connection…"));
}

void DestinationDialog::save() {
    send(Waiting::Save, tr("Testing the connection before saving…"));
}

void DestinationDialog::showResult(bool ok, const QString &message) {
    // A passing test before saving keeps the dialog waiting until the
    // destination is stored.
    if (!ok || m_waiting != Waiting::Save) {
        m_waiting = Waiting::Nothing;
        m_testButton->setEnabled(true);
        m_saveButton->setEnabled(true);
    }
    m_result->setText((ok ? QStringLiteral("✔ ") : QStringLiteral("✘ ")) + message);
    m_result->setStyleSheet(ok ? QStringLiteral("color: #1e7a34;")
                               : QStringLiteral("color: #b01e1e;"));
}

} // namespace medpull
