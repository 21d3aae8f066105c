// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "patientrepository.h"

#include "database.h"
#include "sql.h"

namespace medpull {

namespace {

Patient patientFrom(const QSqlQuery &query) {
    Patient patient;
    patient.id = query.value(0).toLongLong();
    patient.displayName = query.value(1).toString();
    patient.externalId = query.value(2).toString();
    patient.createdAt = sql::timeFromDb(query.value(3));
    return patient;
}

const QString patientColumns = QStringLiteral("p.id, p.display_name, p.external_id, p.created_at");

RecordStatus deriveRecordStatus(int active, int attention, int busy, int partial,
                                const QDateTime &latestPull) {
    if (attention > 0)
        return RecordStatus::Attention;
    if (busy > 0)
        return RecordStatus::Syncing;
    if (active == 0)
        return RecordStatus::NotConnected;
    if (partial > 0)
        return RecordStatus::Partial;
    // Active but never pulled: the connect pull is about to start.
    if (!latestPull.isValid())
        return RecordStatus::Syncing;
    return RecordStatus::UpToDate;
}

} // namespace

Patient PatientRepository::add(const QString &displayName, const QString &externalId) {
    Patient patient;
    patient.displayName = displayName;
    patient.externalId = externalId;
    patient.createdAt = QDateTime::currentDateTimeUtc();
    patient.id =
        sql::insert(m_db.connection(),
                    QStringLiteral("INSERT INTO patients (display_name, external_id, "
                                   "created_at) VALUES (?, ?, ?) RETURNING id"),
                    {displayName, sql::nullIfEmpty(externalId), sql::toDb(patient.createdAt)});
    return patient;
}

std::optional<Patient> PatientRepository::get(qint64 id) const {
    QSqlQuery query = sql::run(
        m_db.connection(),
        QStringLiteral("SELECT %1 FROM patients p WHERE p.id = ?").arg(patientColumns), {id});
    if (!query.next())
        return std::nullopt;
    return patientFrom(query);
}

std::optional<Patient> PatientRepository::findByExternalId(const QString &externalId) const {
    QSqlQuery query = sql::run(
        m_db.connection(),
        QStringLiteral("SELECT %1 FROM patients p WHERE p.external_id = ?").arg(patientColumns),
        {externalId});
    if (!query.next())
        return std::nullopt;
    return patientFrom(query);
}

QList<Patient> PatientRepository::list() const {
    QSqlQuery query =
        sql::run(m_db.connection(),
                 QStringLiteral("SELECT %1 FROM patients p ORDER BY p.id").arg(patientColumns));
    QList<Patient> patients;
    while (query.next())
        patients.append(patientFrom(query));
    return patients;
}

QList<PatientSummary> PatientRepository::summaries() const {
    return querySummaries({}, {});
}

std::optional<PatientSummary> PatientRepository::summary(qint64 patientId) const {
    const QList<PatientSummary> found =
        querySummaries(QStringLiteral("WHERE p.id = ?"), {patientId});
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

QList<PatientSummary> PatientRepository::querySummaries(const QString &where,
                                                        const QVariantList &values) const {
    // Per patient: accounts (not disconnected), accounts needing attention
    // (Connection::needsAttention(): auth or refresh failed, retries exhausted),
    // active accounts, queued or running pulls, the latest settled pull,
    // active accounts whose latest settled pull did not fully succeed, and
    // export deliveries of the patient's data that failed for good.
    const QString statement = QStringLiteral(R"(
        SELECT %1,
          (SELECT count(*) FROM connections c
             WHERE c.patient_id = p.id AND c.state <> 'disconnected'),
          (SELECT count(*) FROM connections c
             WHERE c.patient_id = p.id AND (c.state IN ('auth_failed', 'refresh_failed')
               OR (c.state = 'active' AND c.failure_kind = 'retrieval_error'
                   AND c.retry_at IS NULL))),
          (SELECT count(*) FROM connections c
             WHERE c.patient_id = p.id AND c.state = 'active'),
          (SELECT count(*) FROM connections c JOIN pulls pl ON pl.connection_id = c.id
             WHERE c.patient_id = p.id AND c.state = 'active'
               AND pl.status IN ('queued', 'running')),
          (SELECT max(pl.finished_at) FROM connections c JOIN pulls pl ON pl.connection_id = c.id
             WHERE c.patient_id = p.id),
          (SELECT count(*) FROM connections c
             WHERE c.patient_id = p.id AND c.state = 'active'
               AND (SELECT pl.status FROM pulls pl
                      WHERE pl.connection_id = c.id AND pl.status NOT IN ('queued', 'running')
                      ORDER BY pl.id DESC LIMIT 1) IN ('partial', 'failed')),
          (SELECT count(*) FROM deliveries d JOIN pulls pl ON pl.id = d.pull_id
             JOIN connections c ON c.id = pl.connection_id
             WHERE c.patient_id = p.id AND d.status = 'failed')
        FROM patients p %2 ORDER BY p.id)")
                                  .arg(patientColumns, where);
    QSqlQuery query = sql::run(m_db.connection(), statement, values);
    QList<PatientSummary> summaries;
    while (query.next()) {
        PatientSummary summary;
        summary.patient = patientFrom(query);
        summary.accountCount = query.value(4).toInt();
        const int accountsNeedingAttention = query.value(5).toInt();
        // A failed delivery needs a person too, but the records themselves
        // are fine: it counts for attention, not for the record status.
        summary.attentionCount = accountsNeedingAttention + query.value(10).toInt();
        summary.latestPullAt = sql::timeFromDb(query.value(8));
        summary.recordStatus = deriveRecordStatus(query.value(6).toInt(), accountsNeedingAttention,
                                                  query.value(7).toInt(), query.value(9).toInt(),
                                                  summary.latestPullAt);
        summaries.append(summary);
    }
    return summaries;
}

} // namespace medpull
