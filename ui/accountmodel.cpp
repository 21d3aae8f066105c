// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "accountmodel.h"

#include "errorcode.h"
#include "statuspresentation.h"

#include <QLocale>

namespace medpull {

namespace {

// Without a refresh token an active account ends with the portal session.
bool sessionOnly(const Connection &connection) {
    return connection.sessionOnly && connection.state == ConnectionState::Active;
}

} // namespace

int AccountModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AccountModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AccountInfo &row = rowAt(index.row());
    const Connection &connection = row.connection;
    if (role == ConnectionIdRole)
        return connection.id;
    if (role == ConnectionStateRole)
        return int(connection.state);
    const auto progress = m_progress.constFind(connection.id);
    const bool pulling = progress != m_progress.constEnd();

    switch (index.column()) {
    case Source:
        if (role == Qt::DisplayRole)
            return row.sourceName;
        if (role == Qt::DecorationRole && !row.identityWarnings.isEmpty())
            return statusIcon(StatusShape::Problem);
        if (role == Qt::ToolTipRole && !row.identityWarnings.isEmpty())
            return row.identityWarnings.join(QLatin1Char('\n'));
        if (role == Qt::ToolTipRole && !connection.fhirPatientId.isEmpty())
            return tr("Patient %1 at this portal").arg(connection.fhirPatientId);
        break;
    case State:
        if (role == ProgressValueRole) {
            if (!pulling)
                return -1;
            return progress->queriesTotal > 0 ? 100 * progress->queriesDone / progress->queriesTotal
                                              : 0;
        }
        if (role == ProgressTextRole && pulling)
            return tr("%1 pages, %2 resources")
                .arg(QLocale().toString(progress->pages), QLocale().toString(progress->resources));
        if (role == Qt::ToolTipRole && pulling)
            return tr("%1 of %2 queries done; now: %3")
                .arg(progress->queriesDone)
                .arg(progress->queriesTotal)
                .arg(progress->currentResourceType);
        if (role == Qt::DisplayRole)
            return stateText(connection.state, sessionOnly(connection));
        if (role == Qt::ToolTipRole && sessionOnly(connection))
            return sessionOnlyNote();
        if (role == Qt::DecorationRole)
            return statusIconFor(connection.state);
        break;
    case LastSuccessfulPull:
        if (role == Qt::DisplayRole)
            return connection.lastSuccessfulPullAt.isValid()
                       ? relativeTime(connection.lastSuccessfulPullAt)
                       : tr("Never");
        if (role == Qt::ToolTipRole)
            return exactTime(connection.lastSuccessfulPullAt);
        break;
    case NextPull: {
        // An automatic retry after a retrieval error is the next pull when
        // it comes before the scheduled one.
        QDateTime next = connection.nextPullAt;
        if (connection.retryAt.isValid() && (!next.isValid() || connection.retryAt < next))
            next = connection.retryAt;
        if (role == Qt::DisplayRole) {
            if (connection.state != ConnectionState::Active)
                return tr("Not scheduled");
            return next.isValid() ? relativeTime(next) : tr("Not scheduled");
        }
        if (role == Qt::ToolTipRole)
            return exactTime(next);
        break;
    }
    case Resources:
        if (role == Qt::DisplayRole)
            return QLocale().toString(row.resourceCount);
        if (role == Qt::TextAlignmentRole)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Failure:
        if (!connection.failureKind) {
            // Not failures, but what a person should know about the account.
            if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
                QStringList notes = row.identityWarnings;
                if (sessionOnly(connection))
                    notes << sessionOnlyNote();
                return notes.isEmpty() ? QVariant() : QVariant(notes.join(QLatin1Char(' ')));
            }
            if (role == Qt::DecorationRole && !row.identityWarnings.isEmpty())
                return statusIcon(StatusShape::Problem);
            break;
        }
        if (role == Qt::DisplayRole)
            return accountNextStep(connection);
        if (role == Qt::DecorationRole)
            return statusIcon(connection.needsAttention() ? StatusShape::Problem
                                                          : StatusShape::Waiting);
        if (role == Qt::ToolTipRole)
            return tr("%1: %2 %3")
                .arg(failureKindText(*connection.failureKind),
                     failureMeaning(*connection.failureKind), errorText(connection.failureDetail));
        break;
    default:
        break;
    }
    return {};
}

QString AccountModel::stateText(ConnectionState state, bool sessionOnly) {
    return sessionOnly ? tr("%1 (session only)").arg(statusText(state)) : statusText(state);
}

QVariant AccountModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Source:
        return tr("Source");
    case State:
        return tr("State");
    case LastSuccessfulPull:
        return tr("Last successful pull");
    case NextPull:
        return tr("Next pull");
    case Resources:
        return tr("Resources");
    case Failure:
        return tr("Next step");
    default:
        return {};
    }
}

void AccountModel::updateConnection(const Connection &connection) {
    const int row = rowOfKey(connection.id);
    if (row < 0)
        return;
    mutableRow(row).connection = connection;
    rowChanged(row);
}

void AccountModel::setProgress(qint64 connectionId, const AccountProgress &progress) {
    m_progress.insert(connectionId, progress);
    const int row = rowOfKey(connectionId);
    if (row >= 0)
        emit dataChanged(index(row, State), index(row, State));
}

void AccountModel::clearProgress(qint64 connectionId) {
    if (!m_progress.remove(connectionId))
        return;
    const int row = rowOfKey(connectionId);
    if (row >= 0)
        emit dataChanged(index(row, State), index(row, State));
}

} // namespace medpull
