// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "destinationsmodel.h"

#include "destinationconfig.h"
#include "errorcode.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace medpull {

int DestinationsModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString DestinationsModel::kindText(DestinationKind kind) {
    switch (kind) {
    case DestinationKind::NdjsonFolder:
        return tr("NDJSON folder");
    case DestinationKind::FhirServer:
        return tr("FHIR server");
    case DestinationKind::Webhook:
        return tr("Webhook");
    case DestinationKind::S3:
        return tr("S3 object storage");
    }
    return {};
}

QVariant DestinationsModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DestinationSummary &row = rowAt(index.row());
    switch (role) {
    case IdRole:
        return row.destination.id;
    case EnabledRole:
        return row.destination.enabled;
    case FailedRole:
        return row.failed;
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Name:
            return row.destination.name;
        case Kind:
            return kindText(row.destination.kind);
        case Enabled:
            return row.destination.enabled ? tr("Enabled") : tr("Disabled");
        case LastDelivery:
            return row.lastDeliveredAt.isValid()
                       ? QLocale().toString(row.lastDeliveredAt.toLocalTime(), QLocale::ShortFormat)
                       : tr("never");
        case Failures:
            if (row.failed == 0 && row.retrying == 0)
                return tr("none");
            if (row.retrying == 0)
                return tr("%n failed", nullptr, int(row.failed));
            if (row.failed == 0)
                return tr("%n retrying", nullptr, int(row.retrying));
            return tr("%1 failed, %2 retrying").arg(row.failed).arg(row.retrying);
        case Target:
            return DestinationConfig::target(row.destination);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Failures && !row.lastError.isEmpty())
            return errorText(row.lastError);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Failures && row.failed > 0)
            return QBrush(QColor(0xb0, 0x1e, 0x1e));
        if (!row.destination.enabled)
            return QBrush(QColor(0x80, 0x80, 0x80));
        return {};
    default:
        return {};
    }
}

QVariant DestinationsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Name:
        return tr("Name");
    case Kind:
        return tr("Kind");
    case Enabled:
        return tr("State");
    case LastDelivery:
        return tr("Last delivery");
    case Failures:
        return tr("Failures");
    case Target:
        return tr("Target");
    case ColumnCount:
        break;
    }
    return {};
}

void DestinationsModel::setDestinations(const QList<DestinationSummary> &destinations) {
    merge(destinations);
}

} // namespace medpull
