// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventendpointsview.h"

#include "errorcode.h"
#include "eventdeliverymodel.h"
#include "eventendpointservice.h"
#include "eventendpointsmodel.h"

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

QTableView *table(QAbstractItemModel *model, QWidget *parent) {
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->verticalHeader()->hide();
    view->setWordWrap(false);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

} // namespace

EventEndpointsView::EventEndpointsView(std::shared_ptr<const Database> database, QWidget *parent)
    : QWidget(parent)
    , m_service(new EventEndpointService(std::move(database)))
    , m_endpoints(new EventEndpointsModel(this))
    , m_log(new EventDeliveryModel(this)) {
    m_thread.setObjectName(QStringLiteral("event-endpoints"));
    m_service->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_service, &QObject::deleteLater);
    m_thread.start();

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
    m_list = table(m_endpoints, left);
    leftLayout->addWidget(m_list);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add…"), left);
    m_edit = new QPushButton(tr("Edit…"), left);
    m_toggle = new QPushButton(tr("Disable"), left);
    m_remove = new QPushButton(tr("Remove"), left);
    for (QPushButton *button : {add, m_edit, m_toggle, m_remove})
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
    m_logView = table(m_log, right);
    m_logView->horizontalHeader()->resizeSection(EventDeliveryModel::Event, 260);
    m_logView->horizontalHeader()->resizeSection(EventDeliveryModel::Type, 200);
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
    connect(add, &QPushButton::clicked, this, &EventEndpointsView::addEndpoint);
    connect(m_edit, &QPushButton::clicked, this, &EventEndpointsView::editEndpoint);
    connect(m_toggle, &QPushButton::clicked, this, &EventEndpointsView::toggleEnabled);
    connect(m_remove, &QPushButton::clicked, this, &EventEndpointsView::removeEndpoint);
    connect(m_redeliver, &QPushButton::clicked, this, &EventEndpointsView::redeliverSelected);
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &EventEndpointsView::selectionChanged);
    connect(m_logView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_redeliver->setEnabled(m_logView->currentIndex().isValid()); });
    connect(m_service, &EventEndpointService::endpointsLoaded, this,
            [this](const QList<EventEndpoint> &endpoints) {
                m_endpoints->setEndpoints(endpoints);
                if (!m_list->currentIndex().isValid() && m_endpoints->rowCount() > 0)
                    m_list->selectRow(0);
                selectionChanged();
            });
    connect(m_service, &EventEndpointService::logLoaded, this,
            [this](qint64 endpointId, const QList<EventDelivery> &deliveries) {
                const std::optional<EventEndpoint> endpoint = selectedEndpoint();
                if (endpoint && endpoint->id == endpointId)
                    m_log->setLog(endpointId, deliveries);
            });
    connect(m_service, &EventEndpointService::commandFailed, this,
            [this](int requestId, const QString &error) {
                if (requestId == 0)
                    QMessageBox::warning(this, tr("Event endpoints"), error);
            });
    selectionChanged();
    refresh();
}

EventEndpointsView::~EventEndpointsView() {
    m_thread.quit();
    m_thread.wait();
}

void EventEndpointsView::refresh() {
    QMetaObject::invokeMethod(m_service, &EventEndpointService::refresh);
}

std::optional<EventEndpoint> EventEndpointsView::selectedEndpoint() const {
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid() || !m_list->selectionModel()->isRowSelected(current.row()))
        return std::nullopt;
    return m_endpoints->rowAt(current.row());
}

void EventEndpointsView::selectionChanged() {
    const std::optional<EventEndpoint> endpoint = selectedEndpoint();
    m_edit->setEnabled(endpoint.has_value());
    m_toggle->setEnabled(endpoint.has_value());
    m_remove->setEnabled(endpoint.has_value());
    m_redeliver->setEnabled(endpoint && m_logView->currentIndex().isValid());
    m_toggle->setText(endpoint && !endpoint->enabled ? tr("Enable") : tr("Disable"));
    if (!endpoint) {
        m_reason->hide();
        m_log->setLog(0, {});
        return;
    }
    m_reason->setVisible(!endpoint->disabledReason.isEmpty());
    m_reason->setText(tr("Disabled: %1 Enable it to send its pending events.")
                          .arg(errorText(endpoint->disabledReason)));
    QMetaObject::invokeMethod(
        m_service, [service = m_service, id = endpoint->id] { service->loadLog(id, logLimit); });
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
    QMetaObject::invokeMethod(m_service,
                              [service = m_service, id = endpoint->id,
                               enable = !endpoint->enabled] { service->setEnabled(id, enable); });
}

void EventEndpointsView::removeEndpoint() {
    const std::optional<EventEndpoint> endpoint = selectedEndpoint();
    if (!endpoint ||
        QMessageBox::question(this, tr("Remove endpoint"),
                              tr("Remove %1 and its delivery log?").arg(endpoint->name)) !=
            QMessageBox::Yes)
        return;
    QMetaObject::invokeMethod(m_service,
                              [service = m_service, id = endpoint->id] { service->remove(id); });
}

void EventEndpointsView::redeliverSelected() {
    const std::optional<EventEndpoint> endpoint = selectedEndpoint();
    const QModelIndex current = m_logView->currentIndex();
    if (!endpoint || !current.isValid())
        return;
    const qint64 eventId = current.data(EventDeliveryModel::EventIdRole).toLongLong();
    QMetaObject::invokeMethod(m_service, [service = m_service, id = endpoint->id, eventId] {
        service->redeliver(id, eventId);
        service->loadLog(id, logLimit);
    });
}

void EventEndpointsView::openDialog(const EventEndpoint &initial) {
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

    static int lastRequest = 0;
    const int requestId = ++lastRequest;
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
        QMetaObject::invokeMethod(
            m_service, [service = m_service, requestId, endpoint, text = secret->text()] {
                service->save(requestId, endpoint, text);
            });
    });
    connect(m_service, &EventEndpointService::saved, &dialog, [&](int id, const EventEndpoint &) {
        if (id == requestId)
            dialog.accept();
    });
    connect(m_service, &EventEndpointService::commandFailed, &dialog,
            [&](int id, const QString &error) {
                if (id != requestId)
                    return;
                buttons->setEnabled(true);
                status->setText(tr("Not saved: %1").arg(error));
            });
    dialog.setMinimumWidth(480);
    if (dialog.exec() == QDialog::Accepted)
        refresh();
}

} // namespace medpull
