// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QSortFilterProxyModel>

namespace medpull {

// Search-as-you-type over name and external id, plus "needs attention only".
class PatientFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit PatientFilterModel(QObject *parent = nullptr);

    void setSearchText(const QString &text);
    void setAttentionOnly(bool attentionOnly);
    bool attentionOnly() const { return m_attentionOnly; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_search;
    bool m_attentionOnly = false;
};

} // namespace medpull
