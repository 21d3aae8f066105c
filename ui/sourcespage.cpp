// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sourcespage.h"

#include "dataservice.h"
#include "engine.h"
#include "tableview.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace medpull {

namespace {

QString authText(const Source &source) {
    switch (source.clientAuth) {
    case ClientAuthMethod::None:
        return SourcesModel::tr("Public client (PKCE)");
    case ClientAuthMethod::ClientSecretBasic:
        return SourcesModel::tr("Client secret (Basic), %1")
            .arg(source.sealedCredentials.isEmpty() ? SourcesModel::tr("missing")
                                                    : SourcesModel::tr("stored"));
    case ClientAuthMethod::ClientSecretPost:
        return SourcesModel::tr("Client secret (form), %1")
            .arg(source.sealedCredentials.isEmpty() ? SourcesModel::tr("missing")
                                                    : SourcesModel::tr("stored"));
    case ClientAuthMethod::PrivateKeyJwt:
        return SourcesModel::tr("Signed JWT, %n key(s)", nullptr,
                                int(source.jwks.value(QStringLiteral("keys")).toArray().size()));
    }
    return {};
}

} // namespace

int SourcesModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_sources.size());
}

int SourcesModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SourcesModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= m_sources.size())
        return {};
    const Source &source = m_sources.at(index.row());
    if (role == SourceIdRole)
        return source.id;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Name:
        return source.name;
    case Status:
        return source.enabled ? tr("Enabled") : tr("Disabled");
    case FhirBase:
        return source.fhirBase.toString();
    case ClientId:
        return source.clientId;
    case ClientAuth:
        return authText(source);
    case Redirect:
        return source.redirectUri.isEmpty() ? tr("Loopback, any port")
                                            : source.redirectUri.toString();
    }
    return {};
}

QVariant SourcesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Status:
        return tr("Status");
    case FhirBase:
        return tr("FHIR base URL");
    case ClientId:
        return tr("Client ID");
    case ClientAuth:
        return tr("Client authentication");
    case Redirect:
        return tr("Redirect URI");
    }
    return {};
}

void SourcesModel::setSources(const QList<Source> &sources) {
    for (const Source &source : sources)
        upsert(source);
    for (int row = int(m_sources.size()) - 1; row >= 0; --row) {
        const qint64 id = m_sources.at(row).id;
        if (std::none_of(sources.begin(), sources.end(),
                         [id](const Source &source) { return source.id == id; }))
            remove(id);
    }
}

void SourcesModel::upsert(const Source &source) {
    for (int row = 0; row < m_sources.size(); ++row) {
        if (m_sources.at(row).id == source.id) {
            m_sources[row] = source;
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
            return;
        }
    }
    const int row = int(m_sources.size());
    beginInsertRows({}, row, row);
    m_sources.append(source);
    endInsertRows();
}

void SourcesModel::remove(qint64 sourceId) {
    for (int row = 0; row < m_sources.size(); ++row) {
        if (m_sources.at(row).id == sourceId) {
            beginRemoveRows({}, row, row);
            m_sources.removeAt(row);
            endRemoveRows();
            return;
        }
    }
}

const Source *SourcesModel::sourceAt(int row) const {
    return row >= 0 && row < m_sources.size() ? &m_sources.at(row) : nullptr;
}

SourceDialog::SourceDialog(const Source *source, QWidget *parent)
    : QDialog(parent)
    , m_editing(source != nullptr) {
    setWindowTitle(m_editing ? tr("Edit source %1").arg(source->name) : tr("Add source"));
    auto *form = new QFormLayout(this);
    m_name = new QLineEdit(this);
    m_fhirBase = new QLineEdit(this);
    m_fhirBase->setPlaceholderText(QStringLiteral("https://fhir.example.org/api/FHIR/R4"));
    m_clientId = new QLineEdit(this);
    m_clientAuth = new QComboBox(this);
    if (!m_editing)
        m_clientAuth->addItem(tr("As the portal offers"), QString());
    m_clientAuth->addItem(tr("None: public client with PKCE"), nameOf(ClientAuthMethod::None));
    m_clientAuth->addItem(tr("Client secret, HTTP Basic (client_secret_basic)"),
                          nameOf(ClientAuthMethod::ClientSecretBasic));
    m_clientAuth->addItem(tr("Client secret in the form (client_secret_post)"),
                          nameOf(ClientAuthMethod::ClientSecretPost));
    m_clientAuth->addItem(tr("Signed JWT with medpull's key (private_key_jwt)"),
                          nameOf(ClientAuthMethod::PrivateKeyJwt));
    m_secret = new QLineEdit(this);
    m_secret->setEchoMode(QLineEdit::Password);
    m_algorithm = new QComboBox(this);
    m_algorithm->addItems(JwtSigner::algorithms());
    m_rotate = new QPushButton(tr("&Rotate key"), this);
    m_rotate->setCheckable(true);
    m_rotate->setToolTip(tr("Generate a new key pair on save. The old key signs until the portal "
                            "has accepted the new one: register the new JWKS with the portal."));
    connect(m_rotate, &QPushButton::toggled, this,
            [this](bool checked) { m_rotateRequested = checked; });
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_algorithm, 1);
    keyRow->addWidget(m_rotate);
    m_scopes = new QLineEdit(this);
    m_scopes->setPlaceholderText(tr("From the portal's SMART configuration"));
    m_redirect = new QLineEdit(this);
    m_redirect->setPlaceholderText(tr("Loopback on any port (RFC 8252)"));
    m_redirect->setToolTip(tr("Only when the portal registered one exact URI: "
                              "http://127.0.0.1:PORT/PATH"));
    m_concurrency = new QSpinBox(this);
    m_concurrency->setRange(1, 64);
    m_rate = new QDoubleSpinBox(this);
    m_rate->setRange(0, 1000);
    m_rate->setSpecialValueText(tr("Unlimited"));
    m_intervalHours = new QSpinBox(this);
    m_intervalHours->setRange(1, 24 * 30);
    m_intervalHours->setSuffix(tr(" h"));
    m_fullPullDays = new QSpinBox(this);
    m_fullPullDays->setRange(1, 365);
    m_fullPullDays->setSuffix(tr(" days"));

    const Source defaults;
    const Source &shown = source ? *source : defaults;
    m_name->setText(shown.name);
    m_fhirBase->setText(shown.fhirBase.toString());
    m_clientId->setText(shown.clientId);
    if (m_editing)
        m_clientAuth->setCurrentIndex(m_clientAuth->findData(nameOf(shown.clientAuth)));
    m_secret->setPlaceholderText(m_editing && !shown.sealedCredentials.isEmpty()
                                     ? tr("Stored; leave empty to keep it")
                                     : tr("As the portal issued it"));
    m_scopes->setText(shown.scopes.join(QLatin1Char(' ')));
    m_redirect->setText(shown.redirectUri.toString());
    m_concurrency->setValue(shown.maxConcurrentRequests);
    m_rate->setValue(shown.requestsPerSecond);
    m_intervalHours->setValue(qMax(1, shown.pullIntervalSeconds / 3600));
    m_fullPullDays->setValue(shown.fullPullDays);

    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&FHIR base URL:"), m_fhirBase);
    form->addRow(tr("&Client ID:"), m_clientId);
    form->addRow(tr("Client &authentication:"), m_clientAuth);
    form->addRow(tr("Client &secret:"), m_secret);
    // A row of two widgets has no buddy of its own: without one the label
    // would show its "&" instead of underlining the shortcut.
    auto *keyLabel = new QLabel(tr("Signing &key:"), this);
    keyLabel->setBuddy(m_algorithm);
    form->addRow(keyLabel, keyRow);
    form->addRow(tr("S&copes:"), m_scopes);
    form->addRow(tr("&Redirect URI:"), m_redirect);
    form->addRow(tr("Requests at &once:"), m_concurrency);
    form->addRow(tr("Requests per s&econd:"), m_rate);
    form->addRow(tr("&Pull every:"), m_intervalHours);
    form->addRow(tr("Complete pull e&very:"), m_fullPullDays);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
    connect(m_clientAuth, &QComboBox::currentIndexChanged, this, &SourceDialog::updateFields);
    updateFields();
}

void SourceDialog::updateFields() {
    const QString method = m_clientAuth->currentData().toString();
    const bool jwt = method == nameOf(ClientAuthMethod::PrivateKeyJwt);
    m_secret->setEnabled(method.isEmpty() ||
                         method == nameOf(ClientAuthMethod::ClientSecretBasic) ||
                         method == nameOf(ClientAuthMethod::ClientSecretPost));
    m_algorithm->setEnabled(jwt);
    m_rotate->setEnabled(jwt && m_editing);
}

SourceSettings SourceDialog::settings() const {
    SourceSettings settings;
    settings.name = m_name->text().trimmed();
    settings.fhirBase = QUrl(m_fhirBase->text().trimmed());
    settings.clientId = m_clientId->text().trimmed();
    const QString method = m_clientAuth->currentData().toString();
    if (!method.isEmpty())
        settings.clientAuth = fromName<ClientAuthMethod>(method);
    if (!m_secret->text().isEmpty())
        settings.clientSecret = m_secret->text();
    if (method == nameOf(ClientAuthMethod::PrivateKeyJwt))
        settings.signingAlgorithm = m_algorithm->currentText();
    settings.rotateSigningKey = m_rotateRequested;
    settings.scopes = m_scopes->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    settings.redirectUri = QUrl(m_redirect->text().trimmed());
    settings.maxConcurrentRequests = m_concurrency->value();
    settings.requestsPerSecond = m_rate->value();
    settings.pullIntervalSeconds = m_intervalHours->value() * 3600;
    settings.fullPullDays = m_fullPullDays->value();
    return settings;
}

SourcesPage::SourcesPage(DataService *data, Engine *engine, QWidget *parent)
    : QWidget(parent)
    , m_data(data)
    , m_engine(engine)
    , m_model(new SourcesModel(this)) {
    setObjectName(QStringLiteral("sourcesPage"));
    auto *layout = new QVBoxLayout(this);
    auto *buttons = new QHBoxLayout;
    m_add = new QPushButton(tr("&Add…"), this);
    m_edit = new QPushButton(tr("&Edit…"), this);
    m_toggle = new QPushButton(tr("&Disable"), this);
    m_remove = new QPushButton(tr("&Remove"), this);
    m_remove->setToolTip(tr("A source with accounts is disabled instead, so their history stays."));
    m_copyJwks = new QPushButton(tr("Copy &JWKS"), this);
    m_copyJwks->setToolTip(tr("Copy the public keys to register with the portal (never a private "
                              "key)."));
    for (QPushButton *button : {m_add, m_edit, m_toggle, m_remove, m_copyJwks})
        buttons->addWidget(button);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    m_view = new TableView(this);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->horizontalHeader()->setStretchLastSection(true);
    // Every setting whole: there is room, and an admin compares them with
    // what the portal's registration says.
    for (const int column : {SourcesModel::Name, SourcesModel::Status, SourcesModel::FhirBase,
                             SourcesModel::ClientId, SourcesModel::ClientAuth})
        m_view->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    layout->addWidget(m_view, 1);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_message);

    m_dialog = [this](const Source *source) -> std::optional<SourceSettings> {
        SourceDialog dialog(source, this);
        if (dialog.exec() != QDialog::Accepted)
            return std::nullopt;
        return dialog.settings();
    };
    connect(m_add, &QPushButton::clicked, this, &SourcesPage::addSource);
    connect(m_edit, &QPushButton::clicked, this, &SourcesPage::editSource);
    connect(m_toggle, &QPushButton::clicked, this, &SourcesPage::toggleSource);
    connect(m_remove, &QPushButton::clicked, this, &SourcesPage::removeSource);
    connect(m_copyJwks, &QPushButton::clicked, this, &SourcesPage::copyJwks);
    connect(m_view, &QAbstractItemView::doubleClicked, this, &SourcesPage::editSource);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SourcesPage::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &SourcesPage::updateButtons);
    connect(m_data, &DataService::sourcesLoaded, this,
            [this](quint64 request, const QList<Source> &sources) {
                if (request == m_request)
                    m_model->setSources(sources);
            });
    if (m_engine)
        bindEngine();
    m_request = m_data->requestSources();
    updateButtons();
}

void SourcesPage::bindEngine() {
    Engine *engine = m_engine;
    connect(this, &SourcesPage::addRequested, engine, &Engine::addSourceWithSettings);
    connect(this, &SourcesPage::editRequested, engine, &Engine::editSource);
    connect(this, &SourcesPage::disableRequested, engine, &Engine::disableSource);
    connect(this, &SourcesPage::enableRequested, engine, &Engine::enableSource);
    connect(this, &SourcesPage::removeRequested, engine, &Engine::removeSource);
    const auto changed = [this](const Source &source) {
        m_model->upsert(source);
        m_message->setText(tr("Saved %1.").arg(source.name));
    };
    connect(engine, &Engine::sourceAdded, this, changed);
    connect(engine, &Engine::sourceChanged, this, changed);
    connect(engine, &Engine::sourceRemoved, this, [this](qint64 sourceId) {
        m_model->remove(sourceId);
        m_message->setText(tr("Source removed."));
    });
    connect(engine, &Engine::commandFailed, this,
            [this](const QString &command, const QString &error) {
                if (command.endsWith(QLatin1String(" source")))
                    m_message->setText(tr("Not saved: %1").arg(error));
            });
}

void SourcesPage::setDialogRunner(
    std::function<std::optional<SourceSettings>(const Source *)> runner) {
    m_dialog = std::move(runner);
}

const Source *SourcesPage::selected() const {
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : m_model->sourceAt(rows.first().row());
}

void SourcesPage::updateButtons() {
    const Source *source = selected();
    const bool commands = m_engine != nullptr;
    m_add->setEnabled(commands);
    m_edit->setEnabled(commands && source != nullptr);
    m_toggle->setEnabled(commands && source != nullptr);
    m_remove->setEnabled(commands && source != nullptr);
    m_toggle->setText(source && !source->enabled ? tr("En&able") : tr("&Disable"));
    m_copyJwks->setEnabled(source != nullptr &&
                           !source->jwks.value(QStringLiteral("keys")).toArray().isEmpty());
}

void SourcesPage::addSource() {
    if (const std::optional<SourceSettings> settings = m_dialog(nullptr)) {
        m_message->setText(tr("Checking the portal…"));
        emit addRequested(*settings);
    }
}

void SourcesPage::editSource() {
    const Source *source = selected();
    if (!source)
        return;
    const qint64 id = source->id;
    if (const std::optional<SourceSettings> settings = m_dialog(source)) {
        m_message->setText(tr("Checking the portal…"));
        emit editRequested(id, *settings);
    }
}

void SourcesPage::toggleSource() {
    if (const Source *source = selected()) {
        if (source->enabled)
            emit disableRequested(source->id);
        else
            emit enableRequested(source->id);
    }
}

void SourcesPage::removeSource() {
    if (const Source *source = selected())
        emit removeRequested(source->id);
}

void SourcesPage::copyJwks() {
    if (const Source *source = selected()) {
        QApplication::clipboard()->setText(
            QString::fromUtf8(QJsonDocument(source->jwks).toJson(QJsonDocument::Indented)));
        m_message->setText(tr("The JWKS of %1 is on the clipboard: register it with the portal.")
                               .arg(source->name));
    }
}

} // namespace medpull
