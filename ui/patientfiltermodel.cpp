// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "patientfiltermodel.h"

#include "patientlistmodel.h"

namespace medpull {

PatientFilterModel::PatientFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent) {
    setSortRole(PatientListModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void PatientFilterModel::setSearchText(const QString &text) {
    const QString search = text.trimmed();
    if (search == m_search)
        return;
    m_search = search;
    invalidateRowsFilter();
}

void PatientFilterModel::setAttentionOnly(bool attentionOnly) {
    if (attentionOnly == m_attentionOnly)
        return;
    m_attentionOnly = attentionOnly;
    invalidateRowsFilter();
}

bool PatientFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const {
    const QAbstractItemModel *model = sourceModel();
    if (m_attentionOnly &&
        !model->index(sourceRow, 0, sourceParent).data(PatientListModel::AttentionRole).toBool())
        return false;
    if (m_search.isEmpty())
        return true;
    const auto matches = [&](int column) {
        return model->index(sourceRow, column, sourceParent)
            .data(PatientListModel::SortRole)
            .toString()
            .contains(m_search, Qt::CaseInsensitive);
    };
    return matches(PatientListModel::Name) || matches(PatientListModel::ExternalId);
}

} // namespace medpull
