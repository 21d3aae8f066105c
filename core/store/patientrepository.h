// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "patient.h"

#include <QList>

#include <optional>

namespace medpull {

class Database;

class PatientRepository {
public:
    explicit PatientRepository(const Database &database)
        : m_db(database) {}

    // Throws StoreError when the external id is already taken.
    Patient add(const QString &displayName, const QString &externalId = {});
    std::optional<Patient> get(qint64 id) const;
    std::optional<Patient> findByExternalId(const QString &externalId) const;
    QList<Patient> list() const;

    // The dashboard's patient list: every patient with the derived record
    // status, latest pull time and account counts, in one statement.
    QList<PatientSummary> summaries() const;
    std::optional<PatientSummary> summary(qint64 patientId) const;

private:
    QList<PatientSummary> querySummaries(const QString &where, const QVariantList &values) const;

    const Database &m_db;
};

} // namespace medpull
