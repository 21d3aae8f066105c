// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "attentionrepository.h"

#include "database.h"
#include "sql.h"

#include <algorithm>

namespace medpull {

QList<AttentionItem> AttentionRepository::list(int limit) const {
    QList<AttentionItem> items;
    QSqlQuery accounts = sql::run(m_db.connection(), QStringLiteral(R"(
        SELECT c.id, c.patient_id, p.display_name, s.name, c.failure_kind, c.failure_detail,
               c.updated_at, c.retry_attempt,
               (SELECT max(pl.id) FROM pulls pl WHERE pl.connection_id = c.id
                  AND pl.status IN ('partial', 'failed'))
        FROM connections c
        JOIN patients p ON p.id = c.patient_id
        JOIN sources s ON s.id = c.source_id
        WHERE c.state IN ('auth_failed', 'refresh_failed')
           OR (c.state = 'active' AND c.failure_kind = 'retrieval_error' AND c.retry_at IS NULL)
        ORDER BY c.updated_at DESC, c.id DESC LIMIT ?)"),
                                  {limit});
    while (accounts.next()) {
        AttentionItem item;
        item.connectionId = accounts.value(0).toLongLong();
        item.patientId = accounts.value(1).toLongLong();
        item.patientName = accounts.value(2).toString();
        item.where = accounts.value(3).toString();
        item.kind = sql::optionalEnumFromDb<FailureKind>(accounts.value(4))
                        .value_or(FailureKind::PortalAuthFailed);
        item.lastError = accounts.value(5).toString();
        item.since = sql::timeFromDb(accounts.value(6));
        item.attempts = accounts.value(7).toInt();
        item.pullId = accounts.value(8).toLongLong();
        items.append(item);
    }
    QSqlQuery deliveries = sql::run(m_db.connection(), QStringLiteral(R"(
        SELECT d.id, d.pull_id, c.id, c.patient_id, p.display_name, e.name, d.status,
               d.attempts, d.last_error, d.created_at, d.next_attempt_at
        FROM deliveries d
        JOIN export_destinations e ON e.id = d.destination_id
        JOIN pulls pl ON pl.id = d.pull_id
        JOIN connections c ON c.id = pl.connection_id
        JOIN patients p ON p.id = c.patient_id
        WHERE d.status = 'failed' OR (d.status IN ('pending', 'delivering') AND d.attempts > 0)
        ORDER BY d.id DESC LIMIT ?)"),
                                    {limit});
    while (deliveries.next()) {
        AttentionItem item;
        item.kind = FailureKind::DestinationExportFailed;
        item.deliveryId = deliveries.value(0).toLongLong();
        item.pullId = deliveries.value(1).toLongLong();
        item.connectionId = deliveries.value(2).toLongLong();
        item.patientId = deliveries.value(3).toLongLong();
        item.patientName = deliveries.value(4).toString();
        item.where = deliveries.value(5).toString();
        item.retrying = deliveries.value(6).toString() != QLatin1String("failed");
        item.attempts = deliveries.value(7).toInt();
        item.lastError = deliveries.value(8).toString();
        item.since = sql::timeFromDb(deliveries.value(9));
        item.nextAttemptAt = sql::timeFromDb(deliveries.value(10));
        items.append(item);
    }
    std::stable_sort(
        items.begin(), items.end(),
        [](const AttentionItem &a, const AttentionItem &b) { return a.since > b.since; });
    return items.mid(0, limit);
}

} // namespace medpull
