// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "pull.h"
#include "rowtablemodel.h"

namespace medpull {

class DataService;
struct PullPage;

// A patient's pulls, newest first, fetched a page at a time as the view
// scrolls, so thousands of pulls cost only what is shown.
class PullHistoryModel : public RowTableModel<Pull> {
    Q_OBJECT

public:
    enum Column { Started, Account, Duration, Trigger, Status, New, Updated, Errors, ColumnCount };
    enum Role { PullIdRole = Qt::UserRole + 1, PullStatusRole };
    static constexpr int pageSize = 100;

    explicit PullHistoryModel(QObject *parent = nullptr);

    void setDataService(DataService *service);
    // Shows another patient's history (or none, with 0).
    void setPatient(qint64 patientId);
    qint64 patientId() const { return m_patientId; }
    void setAccountNames(const QHash<qint64, QString> &names);
    // A pull of this patient was queued, started or settled: its row changes,
    // or a new one appears at the top.
    void updatePull(const Pull &pull);
    bool isLoading() const { return m_pending != 0; }
    qint64 totalCount() const { return m_total; }

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    void loaded();

protected:
    qint64 keyOf(const Pull &row) const override { return row.id; }

private:
    void onPullsLoaded(quint64 request, const medpull::PullPage &page);

    DataService *m_service = nullptr;
    qint64 m_patientId = 0;
    qint64 m_total = 0;
    quint64 m_pending = 0;
    QHash<qint64, QString> m_accountNames;
};

} // namespace medpull
