// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventendpointsmodel.h"

#include "errorcode.h"

#include <QBrush>
#include <QColor>

namespace medpull {

int EventEndpointsModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventEndpointsModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EventEndpoint &endpoint = rowAt(index.row());
    if (role == IdRole)
        return endpoint.id;
    if (role == EnabledRole)
        return endpoint.enabled;
    if (role == Qt::ToolTipRole && !endpoint.disabledReason.isEmpty())
        return errorText(endpoint.disabledReason);
    if (role == Qt::ForegroundRole && index.column() == State && !endpoint.enabled)
        return QBrush(QColor(0xb0, 0x1e, 0x1e));
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case Name:
        return endpoint.name;
    case State:
        if (endpoint.enabled)
            return tr("enabled");
        return endpoint.disabledReason.isEmpty() ? tr("disabled") : tr("disabled: gave up");
    case Url:
        return endpoint.url;
    case Events:
        return endpoint.eventTypes.contains(QStringLiteral("*"))
                   ? tr("all")
                   : endpoint.eventTypes.join(QStringLiteral(", "));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant EventEndpointsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Name:
        return tr("Name");
    case State:
        return tr("State");
    case Url:
        return tr("URL");
    case Events:
        return tr("Events");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace medpull
