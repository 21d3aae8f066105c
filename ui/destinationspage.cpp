// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "destinationspage.h"

#include "destinationconfig.h"
#include "destinationsdeliverymodel.h"
#include "destinationsmodel.h"
#include "errorcode.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace medpull {

DestinationPage::DestinationPage(DestinationsDeliveryModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model) {
    auto *layout = new QVBoxLayout(this);
    auto *header = new QHBoxLayout;
    auto *titles = new QVBoxLayout;
    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_details = new QLabel(this);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setWordWrap(true);
    titles->addWidget(m_title);
    titles->addWidget(m_details);
    header->addLayout(titles, 1);
    m_edit = new QPushButton(tr("Edit…"), this);
    m_toggle = new QPushButton(this);
    header->addWidget(m_edit, 0, Qt::AlignTop);
    header->addWidget(m_toggle, 0, Qt::AlignTop);
    layout->addLayout(header);

    m_banner = new QLabel(this);
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(
        QStringLiteral("QLabel { background: #fbeaea; color: #7a1414; border: 1px solid #e3b4b4; "
                       "border-radius: 3px; padding: 6px; }"));
    layout->addWidget(m_banner);

    auto *actions = new QHBoxLayout;
    m_retry = new QPushButton(tr("Retry"), this);
    m_retry->setToolTip(tr("Send the selected delivery again now"));
    m_retryAll = new QPushButton(tr("Retry all failed"), this);
    m_retryAll->setToolTip(tr("Send every failed delivery, and every one waiting for an automatic "
                              "retry, again now"));
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    actions->addWidget(m_retry);
    actions->addWidget(m_retryAll);
    actions->addWidget(m_message, 1);
    layout->addLayout(actions);

    m_deliveries = new QTableView(this);
    m_deliveries->setModel(m_model);
    m_deliveries->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_deliveries->setSelectionMode(QAbstractItemView::SingleSelection);
    m_deliveries->verticalHeader()->hide();
    m_deliveries->setWordWrap(false);
    m_deliveries->setAlternatingRowColors(true);
    QHeaderView *columns = m_deliveries->horizontalHeader();
    columns->setStretchLastSection(true);
    columns->setSectionResizeMode(DestinationsDeliveryModel::Patient, QHeaderView::Interactive);
    columns->resizeSection(DestinationsDeliveryModel::Patient, 200);
    columns->resizeSection(DestinationsDeliveryModel::NextAttempt, 160);
    // Short columns fit their words in every language ("Wird wiederholt").
    for (const int column :
         {DestinationsDeliveryModel::PullColumn, DestinationsDeliveryModel::Status,
          DestinationsDeliveryModel::Attempts, DestinationsDeliveryModel::Resources})
        columns->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    layout->addWidget(m_deliveries, 1);

    connect(m_deliveries->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &DestinationPage::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &DestinationPage::updateButtons);
    connect(m_retry, &QPushButton::clicked, this, [this] {
        const QModelIndexList rows = m_deliveries->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            emit retryDeliveryRequested(
                rows.first().data(DestinationsDeliveryModel::IdRole).toLongLong());
    });
    connect(m_retryAll, &QPushButton::clicked, this, [this] {
        if (m_summary)
            emit retryAllFailedRequested(m_summary->destination.id);
    });
    connect(m_edit, &QPushButton::clicked, this, [this] {
        if (m_summary)
            emit editRequested(m_summary->destination);
    });
    connect(m_toggle, &QPushButton::clicked, this, [this] {
        if (m_summary)
            emit enabledChangeRequested(m_summary->destination.id, !m_summary->destination.enabled);
    });
    setSummary(std::nullopt);
}

void DestinationPage::setSummary(const std::optional<DestinationSummary> &summary) {
    // What a command said belongs to the destination it was given on.
    if (!summary || !m_summary || summary->destination.id != m_summary->destination.id)
        m_message->clear();
    m_summary = summary;
    if (!summary) {
        m_title->setText(tr("No destination selected"));
        m_details->setText(tr("Add an export destination, or pick one from the list."));
        m_banner->hide();
        updateButtons();
        return;
    }
    const ExportDestination &d = summary->destination;
    m_title->setText(d.name);
    // A destination saved without its target yet leaves that part out
    // rather than showing an empty one between two separators.
    QStringList parts{DestinationsModel::kindText(d.kind), DestinationConfig::target(d),
                      d.enabled ? tr("enabled") : tr("disabled — receives nothing")};
    parts.removeAll(QString());
    QString details = parts.join(QStringLiteral(" · "));
    details +=
        QLatin1Char('\n') + tr("%n delivered", nullptr, int(summary->delivered)) +
        QStringLiteral(" · ") + tr("%n pending", nullptr, int(summary->pending)) +
        QStringLiteral(" · ") +
        (d.watermarkPullId > 0 ? tr("received everything up to pull %1").arg(d.watermarkPullId)
                               : tr("nothing received in full yet"));
    if (summary->lastDeliveredAt.isValid())
        details += QStringLiteral(" · ") +
                   tr("last delivery %1")
                       .arg(QLocale().toString(summary->lastDeliveredAt.toLocalTime(),
                                               QLocale::ShortFormat));
    m_details->setText(details);
    if (summary->failed > 0 || summary->retrying > 0) {
        QString text;
        if (summary->failed == 1)
            text = tr("1 delivery failed and waits for a person.");
        else if (summary->failed > 1)
            text = tr("%1 deliveries failed and wait for a person.").arg(summary->failed);
        else if (summary->retrying == 1)
            text = tr("1 delivery is being retried automatically.");
        else
            text = tr("%1 deliveries are being retried automatically.").arg(summary->retrying);
        // The next step is here, on this page: say which button takes it.
        text += QLatin1Char(' ') + failureMeaning(FailureKind::DestinationExportFailed) +
                QLatin1Char(' ') +
                (summary->failed > 0
                     ? tr("Once the cause below is fixed, press Retry all failed, or select a "
                          "delivery and press Retry.")
                     : tr("Retry all failed sends them now instead of waiting."));
        if (!summary->lastError.isEmpty())
            text += QLatin1Char('\n') + tr("Last error: %1").arg(errorText(summary->lastError));
        m_banner->setText(text);
        m_banner->show();
    } else {
        m_banner->hide();
    }
    m_toggle->setText(d.enabled ? tr("Disable") : tr("Enable"));
    updateButtons();
}

void DestinationPage::setCommandsEnabled(bool enabled) {
    m_commandsEnabled = enabled;
    updateButtons();
}

void DestinationPage::showMessage(const QString &message) {
    m_message->setText(message);
}

void DestinationPage::updateButtons() {
    const bool have = m_summary.has_value();
    m_edit->setEnabled(m_commandsEnabled && have);
    m_toggle->setEnabled(m_commandsEnabled && have);
    if (!have)
        m_toggle->setText(tr("Disable"));
    m_retryAll->setEnabled(m_commandsEnabled && have &&
                           (m_summary->failed > 0 || m_summary->retrying > 0));
    const QModelIndexList rows = m_deliveries->selectionModel()->selectedRows();
    m_retry->setEnabled(m_commandsEnabled && !rows.isEmpty() &&
                        rows.first().data(DestinationsDeliveryModel::RetryableRole).toBool());
}

} // namespace medpull
