// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventendpointsview.h"

#include "dataservice.h"
#include "engine.h"
#include "errorcode.h"
#include "eventdeliverymodel.h"
#include "eventendpointsmodel.h"
#include "tableview.h"

#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace medpull {

namespace {

constexpr int refreshIntervalMs = 3000;
constexpr int logLimit = 500;

const QStringList &eventTypeNames() {
    static const QStringList names{
        nameOf(EventType::ConnectionConnected), nameOf(EventType::ConnectionAuthFailed),
        nameOf(EventType::ConnectionTokenRefreshFailed), nameOf(EventType::RecordsSyncCompleted),
        nameOf(EventType::RecordsSyncFailed)};
    return names;
}

} // namespace

EventEndpointsView::EventEndpointsView(DataService *data, Engine *engine, QWidget *parent)
    : QWidget(parent)
    , m_data(data)
    , m_engine(engine)
    , m_endpoints(new EventEndpointsModel(this))
    , m_log(new EventDeliveryModel(this)) {
    auto *layout = new QVBoxLayout(this);
    auto *splitter = new QSplitter(Qt::Horizontal, this);

    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(tr("Event endpoints"), left);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    leftLayout->addWidget(title);
    m_list = new TableView(left);
    m_list->setModel(m_endpoints);
    for (const int column :
         {EventEndpointsModel::Name, EventEndpointsModel::State, EventEndpointsModel::Url})
        m_list->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_list->setEmptyText(tr("No event endpoints. Add one to send signed notifications of "
                            "connections and pulls to another system."));
    leftLayout->addWidget(m_list);
    auto *buttons = new QHBoxLayout;
    m_add = new QPushButton(tr("Add…"), left);
    m_edit = new QPushButton(tr("Edit…"), left);
    m_toggle = new QPushButton(tr("Disable"), left);
    m_remove = new QPushButton(tr("Remove"), left);
    for (QPushButton *button : {m_add, m_edit, m_toggle, m_remove})
        buttons->addWidget(button);
    buttons->addStretch();
    leftLayout->addLayout(buttons);

    auto *right = new QWidget(splitter);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *logTitle = new QLabel(tr("Delivery log"), right);
    logTitle->setFont(bold);
    rightLayout->addWidget(logTitle);
    m_reason = new QLabel(right);
    m_reason->setWordWrap(true);
    m_reason->setStyleSheet(QStringLiteral("color: #b01e1e;"));
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reason->hide();
    rightLayout->addWidget(m_reason);
    m_logView = new TableView(right);
    m_logView->setModel(m_log);
    m_logView->setEmptyText(tr("No event was sent to this endpoint yet."));
    m_logView->horizontalHeader()->resizeSection(EventDeliveryModel::Event, 260);
    for (const int column :
         {EventDeliveryModel::Type, EventDeliveryModel::Account, EventDeliveryModel::Status,
          EventDeliveryModel::Attempts, EventDeliveryModel::LastAttempt})
        m_logView->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    rightLayout->addWidget(m_logView);
    auto *logButtons = new QHBoxLayout;
    m_redeliver = new QPushButton(tr("Redeliver"), right);
    m_redeliver->setToolTip(tr("Send the selected event to this endpoint again"));
    logButtons->addStretch();
    logButtons->addWidget(m_redeliver);
    rightLayout->addLayout(logButtons);

    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter);

    m_refreshTimer = new QTimer(this);
    m_refreshTimer->start(refreshIntervalMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &EventEndpointsView::refresh);
    connect(m_add, &QPushButton::clicked, this, &EventEndpointsView::addEndpoint);
    connect(m_edit, &QPushButton::clicked, this, &EventEndpointsView::editEndpoint);
    connect(m_toggle, &QPushButton::clicked, this, &EventEndpointsView::toggleEnabled);
    connect(m_remove, &QPushButton::clicked, this, &EventEndpointsView::removeEndpoint);
    connect(m_redeliver, &QPushButton::clicked, this, &EventEndpointsView::redeliverSelected);
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &EventEndpointsView::selectionChanged);
    connect(m_logView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_redeliver->setEnabled(m_engine && m_logView->currentIndex().isValid()); });
    connect(m_data, &DataService::eventEndpointsLoaded, this,
            [this](quint64 request, const QList<EventEndpoint> &endpoints) {
                if (request != m_endpointsRequest)
                    return;
                m_endpoints->setEndpoints(endpoints);
                if (!m_list->currentIndex().isValid() && m_endpoints->rowCount() > 0)
                    m_list->selectRow(0);
                selectionChanged();
            });
    connect(m_data, &DataService::eventLogLoaded, this,
            [this](quint64 request, qint64 endpointId, const QList<EventDelivery> &deliveries) {
                const std::optional<EventEndpoint> endpoint = selectedEndpoint();
                if (request == m_logRequest && endpoint && endpoint->id == endpointId)
                    m_log->setLog(endpointId, deliveries);
            });
    connect(m_data, &DataService::failed, this, [this](quint64 request, const QString &error) {
        if (request == m_endpointsRequest || request == m_logRequest) {
            m_reason->setText(tr("Cannot load the event endpoints: %1").arg(error));
            m_reason->show();
        }
    });
    m_add->setEnabled(m_engine != nullptr);
    if (m_engine) {
        connect(m_engine, &Engine::eventEndpointSaved, this, &EventEndpointsView::refresh);
        connect(m_engine, &Engine::eventEndpointsChanged, this, &EventEndpointsView::refresh);
        connect(m_engine, &Engine::commandFailed, this,
                [this](const QString &command, const QString &error) {
                    static const QStringList shownHere{QStringLiteral("enable event endpoint"),
                                                       QStringLiteral("disable event endpoint"),
                                                       QStringLiteral("remove event endpoint"),
                                                       QStringLiteral("redeliver event")};
                    if (shownHere.contains(command))
                        QMessageBox::warning(this, tr("Event endpoints"), error);
                });
    }
    selectionChanged();
    refresh();
}

void EventEndpointsView::showEvent(QShowEvent *event) {
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void EventEndpointsView::refresh() {
    // A hidden tab costs nothing while events go out.
    m_stale = !isVisible();
    if (m_stale)
        return;
    m_endpointsRequest = m_data->requestEventEndpoints();
    requestLog();
}

void EventEndpointsView::requestLog() {
    if (const std::optional<EventEndpoint> endpoint = selectedEndpoint())
        m_logRequest = m_data->requestEventLog(endpoint->id, logLimit);
}

std::optional<EventEndpoint> EventEndpointsView::selectedEndpoint() const {
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid() || !m_list->selectionModel()->isRowSelected(current.row()))
        return std::nullopt;
    return m_endpoints->rowAt(current.row());
}

void EventEndpointsView::selectionChanged() {
    const std::optional<EventEndpoint> endpoint = selectedEndpoint();
    const bool commands = m_engine != nullptr && endpoint.has_value();
    m_edit->setEnabled(commands);
    m_toggle->setEnabled(commands);
    m_remove->setEnabled(commands);
    m_redeliver->setEnabled(commands && m_logView->currentIndex().isValid());
    m_toggle->setText(endpoint && !endpoint->enabled ? tr("Enable") : tr("Disable"));
    if (!endpoint) {
        m_reason->hide();
        m_log->setLog(0, {});
        return;
    }
    m_reason->setVisible(!endpoint->disabledReason.isEmpty());
    // The reason says why it was disabled in a sentence of its own.
    m_reason->setText(errorText(endpoint->disabledReason) + QLatin1Char('\n') +
                      tr("Enable it to send its pending events."));
    if (m_log->endpointId() != endpoint->id)
        m_log->setLog(endpoint->id, {});
    requestLog();
}

void EventEndpointsView::addEndpoint() {
    openDialog({});
}

void EventEndpointsView::editEndpoint() {
    if (const std::optional<EventEndpoint> endpoint = selectedEndpoint())
        openDialog(*endpoint);
}

void EventEndpointsView::toggleEnabled() {
    const std::optional<EventEndpoint> endpoint = selectedEndpoint();
    if (!endpoint)
        return;
    if (!m_engine)
        return;
    if (endpoint->enabled)
        m_engine->disableEventEndpoint(endpoint->id);
    else
        m_engine->enableEventEndpoint(endpoint->id);
}

void EventEndpointsView::removeEndpoint() {
    const std::optional<EventEndpoint> endpoint = selectedEndpoint();
    if (!endpoint ||
        QMessageBox::question(this, tr("Remove endpoint"),
                              tr("Remove %1 and its delivery log?").arg(endpoint->name)) !=
            QMessageBox::Yes)
        return;
    if (m_engine)
        m_engine->removeEventEndpoint(endpoint->id);
}

void EventEndpointsView::redeliverSelected() {
    const std::optional<EventEndpoint> endpoint = selectedEndpoint();
    const QModelIndex current = m_logView->currentIndex();
    if (!endpoint || !current.isValid())
        return;
    const qint64 eventId = current.data(EventDeliveryModel::EventIdRole).toLongLong();
    if (m_engine)
        m_engine->redeliverEvent(endpoint->id, eventId);
}

void EventEndpointsView::openDialog(const EventEndpoint &initial) {
    if (!m_engine)
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(initial.id == 0 ? tr("Add event endpoint") : tr("Edit event endpoint"));
    auto *form = new QFormLayout(&dialog);
    auto *name = new QLineEdit(initial.name, &dialog);
    auto *url = new QLineEdit(initial.url, &dialog);
    url->setPlaceholderText(QStringLiteral("https://backend.example.org/medpull-events"));
    auto *secret = new QLineEdit(&dialog);
    secret->setEchoMode(QLineEdit::Password);
    if (initial.id != 0)
        secret->setPlaceholderText(tr("Stored; leave empty to keep it"));
    form->addRow(tr("Name:"), name);
    form->addRow(tr("URL:"), url);
    form->addRow(tr("Signing secret:"), secret);
    auto *all = new QCheckBox(tr("All events"), &dialog);
    all->setChecked(initial.eventTypes.contains(QStringLiteral("*")));
    form->addRow(tr("Events:"), all);
    QList<QCheckBox *> types;
    for (const QString &type : eventTypeNames()) {
        auto *box = new QCheckBox(type, &dialog);
        box->setChecked(initial.eventTypes.contains(type));
        box->setEnabled(!all->isChecked());
        connect(all, &QCheckBox::toggled, box, [box](bool checked) { box->setEnabled(!checked); });
        form->addRow(QString(), box);
        types.append(box);
    }
    auto *status = new QLabel(&dialog);
    status->setWordWrap(true);
    status->setStyleSheet(QStringLiteral("color: #b01e1e;"));
    form->addRow(status);
    auto *buttons =
        new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);

    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        EventEndpoint endpoint = initial;
        endpoint.name = name->text().trimmed();
        endpoint.url = url->text().trimmed();
        endpoint.eventTypes.clear();
        if (all->isChecked()) {
            endpoint.eventTypes.append(QStringLiteral("*"));
        } else {
            for (QCheckBox *box : std::as_const(types)) {
                if (box->isChecked())
                    endpoint.eventTypes.append(box->text());
            }
        }
        if (endpoint.eventTypes.isEmpty()) {
            status->setText(tr("Choose at least one event type."));
            return;
        }
        buttons->setEnabled(false);
        status->clear();
        m_engine->saveEventEndpoint(endpoint, secret->text());
    });
    // The engine answers one save at a time from this dialog: the endpoint
    // under this name, or the command's failure.
    connect(m_engine, &Engine::eventEndpointSaved, &dialog, [&](const EventEndpoint &saved) {
        if (saved.name == name->text().trimmed())
            dialog.accept();
    });
    connect(m_engine, &Engine::commandFailed, &dialog,
            [&](const QString &command, const QString &error) {
                if (command != QLatin1String("save event endpoint"))
                    return;
                buttons->setEnabled(true);
                status->setText(tr("Not saved: %1").arg(error));
            });
    dialog.setMinimumWidth(480);
    dialog.exec();
}

} // namespace medpull
