// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "patient.h"
#include "rowtablemodel.h"

namespace medpull {

// The patient list: one row per patient with the derived record status.
class PatientListModel : public RowTableModel<PatientSummary> {
    Q_OBJECT

public:
    enum Column { Name, ExternalId, Status, LatestPull, Accounts, Attention, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, PatientIdRole, RecordStatusRole, AttentionRole };

    using RowTableModel::RowTableModel;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setSummaries(const QList<PatientSummary> &summaries) { merge(summaries); }
    void updateSummary(const PatientSummary &summary) { upsert(summary, false); }
    int rowOfPatient(qint64 patientId) const { return rowOfKey(patientId); }

public slots:
    // "3 minutes ago" ages: repaints the latest-pull column, nothing else.
    void refreshRelativeTimes();

protected:
    qint64 keyOf(const PatientSummary &row) const override { return row.patient.id; }
    bool sameRow(const PatientSummary &a, const PatientSummary &b) const override;
};

} // namespace medpull
