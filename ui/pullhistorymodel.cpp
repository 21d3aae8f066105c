// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pullhistorymodel.h"

#include "dataservice.h"
#include "errorcode.h"
#include "statuspresentation.h"

#include <QLocale>

namespace medpull {

PullHistoryModel::PullHistoryModel(QObject *parent)
    : RowTableModel(parent) {}

void PullHistoryModel::setDataService(DataService *service) {
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    m_pending = 0;
    if (m_service)
        connect(m_service, &DataService::pullsLoaded, this, &PullHistoryModel::onPullsLoaded);
}

void PullHistoryModel::setPatient(qint64 patientId) {
    m_patientId = patientId;
    m_total = 0;
    m_pending = 0;
    replaceAll({});
    if (m_patientId != 0 && m_service)
        m_pending = m_service->requestPulls(m_patientId, 0, pageSize);
}

void PullHistoryModel::setAccountNames(const QHash<qint64, QString> &names) {
    m_accountNames = names;
    if (rowCount() > 0)
        emit dataChanged(index(0, Account), index(rowCount() - 1, Account));
}

void PullHistoryModel::updatePull(const Pull &pull) {
    const bool known = rowOfKey(pull.id) >= 0;
    // A pull newer than every shown one goes on top; an older unknown one
    // belongs to a page not fetched yet.
    const bool newest = rows().isEmpty() || pull.id > rowAt(0).id;
    if (!known && !newest)
        return;
    if (!known)
        ++m_total;
    upsert(pull, true);
}

bool PullHistoryModel::canFetchMore(const QModelIndex &parent) const {
    return !parent.isValid() && m_service && m_patientId != 0 && m_pending == 0 &&
           rowCount() < m_total;
}

void PullHistoryModel::fetchMore(const QModelIndex &parent) {
    if (!canFetchMore(parent))
        return;
    m_pending = m_service->requestPulls(m_patientId, rowCount(), pageSize);
}

void PullHistoryModel::onPullsLoaded(quint64 request, const PullPage &page) {
    if (request != m_pending || page.patientId != m_patientId)
        return;
    m_pending = 0;
    m_total = page.total;
    appendPage(page.pulls);
    emit loaded();
}

int PullHistoryModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PullHistoryModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Pull &pull = rowAt(index.row());
    if (role == PullIdRole)
        return pull.id;
    if (role == PullStatusRole)
        return int(pull.status);
    const auto number = [&](qint64 value) -> QVariant {
        if (role == Qt::DisplayRole)
            return QLocale().toString(value);
        if (role == Qt::TextAlignmentRole)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    };
    switch (index.column()) {
    case Started: {
        const QDateTime when = pull.startedAt.isValid() ? pull.startedAt : pull.queuedAt;
        if (role == Qt::DisplayRole)
            return exactTime(when);
        if (role == Qt::ToolTipRole)
            return pull.startedAt.isValid()
                       ? relativeTime(when)
                       : tr("Queued %1, not started yet").arg(relativeTime(pull.queuedAt));
        break;
    }
    case Account:
        if (role == Qt::DisplayRole)
            return m_accountNames.value(pull.connectionId);
        break;
    case Duration:
        if (role == Qt::DisplayRole) {
            if (pull.status == PullStatus::Running)
                return tr("running");
            return durationText(pull.startedAt, pull.finishedAt);
        }
        break;
    case Trigger:
        if (role == Qt::DisplayRole) {
            if (pull.retryOf > 0)
                return tr("%1 (retries pull %2)").arg(triggerText(pull.trigger)).arg(pull.retryOf);
            return pull.full ? triggerText(pull.trigger)
                             : tr("%1 (incremental)").arg(triggerText(pull.trigger));
        }
        break;
    case Status:
        if (role == Qt::DisplayRole)
            return statusText(pull.status);
        if (role == Qt::DecorationRole)
            return statusIconFor(pull.status);
        if (role == Qt::ToolTipRole && !pull.error.isEmpty())
            return errorText(pull.error);
        break;
    case New:
        return number(pull.counts.created);
    case Updated:
        return number(pull.counts.updated);
    case Errors:
        if (role == Qt::DecorationRole && pull.errorCount > 0)
            return statusIcon(StatusShape::Problem);
        if (role == Qt::ToolTipRole && !pull.error.isEmpty())
            return errorText(pull.error);
        return number(pull.errorCount);
    default:
        break;
    }
    return {};
}

QVariant PullHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Started:
        return tr("Started");
    case Account:
        return tr("Account");
    case Duration:
        return tr("Duration");
    case Trigger:
        return tr("Trigger");
    case Status:
        return tr("Status");
    case New:
        return tr("New");
    case Updated:
        return tr("Updated");
    case Errors:
        return tr("Errors");
    default:
        return {};
    }
}

} // namespace medpull
