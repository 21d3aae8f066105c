// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "enginemetrics.h"

#include "database.h"
#include "deliverystore.h"
#include "engine.h"
#include "sql.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace medpull {

namespace {

// A label value with backslash, double quote and line feed escaped.
QByteArray labelValue(const QString &value) {
    QByteArray escaped;
    for (const char c : value.toUtf8()) {
        if (c == '\\' || c == '"')
            escaped += '\\';
        if (c == '\n') {
            escaped += "\\n";
            continue;
        }
        escaped += c;
    }
    return escaped;
}

class Exposition {
public:
    void family(const char *name, const char *type, const char *help) {
        m_text +=
            QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    }

    void sample(const char *name, const QList<std::pair<const char *, QString>> &labels,
                double value) {
        m_text += name;
        if (!labels.isEmpty()) {
            m_text += '{';
            for (qsizetype i = 0; i < labels.size(); ++i) {
                if (i > 0)
                    m_text += ',';
                m_text +=
                    QByteArray(labels.at(i).first) + "=\"" + labelValue(labels.at(i).second) + '"';
            }
            m_text += '}';
        }
        m_text += ' ' + QByteArray::number(value, 'g', 15) + '\n';
    }

    QByteArray text() const { return m_text; }

private:
    QByteArray m_text;
};

// `SELECT key, COUNT(*) ... GROUP BY key` as a map.
QMap<QString, qint64> countsBy(const Database &database, const QString &statement) {
    QSqlQuery query = sql::run(database.connection(), statement);
    QMap<QString, qint64> counts;
    while (query.next())
        counts.insert(query.value(0).toString(), query.value(1).toLongLong());
    return counts;
}

constexpr PullStatus pullStatuses[] = {PullStatus::Queued,    PullStatus::Running,
                                       PullStatus::Succeeded, PullStatus::Partial,
                                       PullStatus::Failed,    PullStatus::Cancelled};
constexpr ConnectionState connectionStates[] = {
    ConnectionState::Pending, ConnectionState::Active, ConnectionState::AuthFailed,
    ConnectionState::RefreshFailed, ConnectionState::Disconnected};

} // namespace

void EngineMetrics::watch(QNetworkAccessManager *network, qint64 sourceId) {
    QObject::connect(
        network, &QNetworkAccessManager::finished, network, [this, sourceId](QNetworkReply *reply) {
            const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
            countRequest(sourceId, status.isValid() ? status.toInt() : 0);
        });
}

void EngineMetrics::follow(Engine *engine) {
    QObject::connect(engine, &Engine::pullSettled, engine,
                     [this](const Pull &pull) { countSettledPull(pull.status); });
    QObject::connect(engine, &Engine::authEventRecorded, engine, [this](const AuthEvent &event) {
        if (event.type == AuthEventType::RefreshFailed)
            countTokenRefreshFailure();
    });
}

void EngineMetrics::countRequest(qint64 sourceId, int httpStatus) {
    QMutexLocker lock(&m_mutex);
    ++m_requests[{sourceId, httpStatus}];
}

void EngineMetrics::countSettledPull(PullStatus status) {
    QMutexLocker lock(&m_mutex);
    ++m_settled[status];
}

void EngineMetrics::countTokenRefreshFailure() {
    QMutexLocker lock(&m_mutex);
    ++m_refreshFailures;
}

void EngineMetrics::countDatabaseReconnect() {
    QMutexLocker lock(&m_mutex);
    ++m_databaseReconnects;
}

QByteArray EngineMetrics::exposition(const Database &database, const QDateTime &now) const {
    QMap<std::pair<qint64, int>, qint64> requests;
    QMap<PullStatus, qint64> settled;
    qint64 refreshFailures = 0;
    qint64 databaseReconnects = 0;
    {
        QMutexLocker lock(&m_mutex);
        requests = m_requests;
        settled = m_settled;
        refreshFailures = m_refreshFailures;
        databaseReconnects = m_databaseReconnects;
    }

    Exposition out;
    const QMap<QString, qint64> pulls =
        countsBy(database, QStringLiteral("SELECT status, COUNT(*) FROM pulls GROUP BY status"));
    out.family("medpull_pulls", "gauge", "Pulls in the database by status.");
    for (const PullStatus status : pullStatuses)
        out.sample("medpull_pulls", {{"status", nameOf(status)}},
                   double(pulls.value(nameOf(status))));

    out.family("medpull_pulls_settled_total", "counter", "Pulls this process settled, by status.");
    for (const PullStatus status : pullStatuses) {
        if (status != PullStatus::Queued && status != PullStatus::Running)
            out.sample("medpull_pulls_settled_total", {{"status", nameOf(status)}},
                       double(settled.value(status)));
    }

    const QVariant lastSettled =
        sql::scalar(database.connection(), QStringLiteral("SELECT MAX(finished_at) FROM pulls"));
    if (!lastSettled.isNull()) {
        out.family("medpull_seconds_since_last_settled_pull", "gauge",
                   "Seconds since the latest pull in the database settled.");
        out.sample("medpull_seconds_since_last_settled_pull", {},
                   double(std::max<qint64>(0, sql::timeFromDb(lastSettled).msecsTo(now))) / 1000.0);
    }

    out.family("medpull_resources", "gauge",
               "Resources stored in the database (current, not deleted), by type.");
    const QMap<QString, qint64> resources =
        countsBy(database, QStringLiteral("SELECT resource_type, COUNT(*) FROM resources WHERE "
                                          "deleted = 0 GROUP BY resource_type"));
    for (auto it = resources.cbegin(); it != resources.cend(); ++it)
        out.sample("medpull_resources", {{"type", it.key()}}, double(it.value()));

    QHash<qint64, QString> sourceNames;
    {
        QSqlQuery query =
            sql::run(database.connection(), QStringLiteral("SELECT id, name FROM sources"));
        while (query.next())
            sourceNames.insert(query.value(0).toLongLong(), query.value(1).toString());
    }
    out.family("medpull_fhir_requests_total", "counter",
               "FHIR requests this process sent, by source and HTTP status (error: no HTTP "
               "answer).");
    for (auto it = requests.cbegin(); it != requests.cend(); ++it) {
        const auto &[sourceId, status] = it.key();
        out.sample("medpull_fhir_requests_total",
                   {{"source", sourceNames.value(sourceId, QString::number(sourceId))},
                    {"status", status > 0 ? QString::number(status) : QStringLiteral("error")}},
                   double(it.value()));
    }

    out.family("medpull_token_refresh_failures_total", "counter",
               "Token refreshes this process saw fail (the account needs a reconnect).");
    out.sample("medpull_token_refresh_failures_total", {}, double(refreshFailures));

    const QMap<QString, qint64> connections = countsBy(
        database, QStringLiteral("SELECT state, COUNT(*) FROM connections GROUP BY state"));
    out.family("medpull_connections", "gauge", "Patients' accounts in the database by state.");
    for (const ConnectionState state : connectionStates)
        out.sample("medpull_connections", {{"state", nameOf(state)}},
                   double(connections.value(nameOf(state))));

    out.family("medpull_deliveries", "gauge",
               "Deliveries not yet delivered, by destination: pending (retrying among them) and "
               "failed.");
    for (const DestinationSummary &summary : DeliveryStore(database).summaries()) {
        const QString &name = summary.destination.name;
        out.sample("medpull_deliveries",
                   {{"destination", name}, {"status", QStringLiteral("pending")}},
                   double(summary.pending));
        out.sample("medpull_deliveries",
                   {{"destination", name}, {"status", QStringLiteral("retrying")}},
                   double(summary.retrying));
        out.sample("medpull_deliveries",
                   {{"destination", name}, {"status", QStringLiteral("failed")}},
                   double(summary.failed));
    }

    out.family("medpull_retries_scheduled", "gauge",
               "Failed queries waiting for their automatic retry.");
    out.sample("medpull_retries_scheduled", {},
               double(sql::scalar(database.connection(),
                                  QStringLiteral("SELECT COUNT(*) FROM pull_queries WHERE status = "
                                                 "'failed' AND next_attempt_at IS NOT NULL"))
                          .toLongLong()));

    out.family("medpull_database_reconnects_total", "counter",
               "Times this process reopened a lost database connection.");
    out.sample("medpull_database_reconnects_total", {}, double(databaseReconnects));
    return out.text();
}

} // namespace medpull
