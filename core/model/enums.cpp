// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "enums.h"

#include <QCoreApplication>

#include <array>
#include <utility>

namespace medpull {

namespace {

template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, const char *>, N>;

constexpr NameTable<ConnectionState, 5> connectionStateNames{{
    {ConnectionState::Pending, "pending"},
    {ConnectionState::Active, "active"},
    {ConnectionState::AuthFailed, "auth_failed"},
    {ConnectionState::RefreshFailed, "refresh_failed"},
    {ConnectionState::Disconnected, "disconnected"},
}};

constexpr NameTable<PullTrigger, 4> pullTriggerNames{{
    {PullTrigger::Connect, "connect"},
    {PullTrigger::Manual, "manual"},
    {PullTrigger::Scheduled, "scheduled"},
    {PullTrigger::Retry, "retry"},
}};

constexpr NameTable<PullStatus, 6> pullStatusNames{{
    {PullStatus::Queued, "queued"},
    {PullStatus::Running, "running"},
    {PullStatus::Succeeded, "succeeded"},
    {PullStatus::Partial, "partial"},
    {PullStatus::Failed, "failed"},
    {PullStatus::Cancelled, "cancelled"},
}};

constexpr NameTable<QueryStatus, 6> queryStatusNames{{
    {QueryStatus::Pending, "pending"},
    {QueryStatus::Running, "running"},
    {QueryStatus::Succeeded, "succeeded"},
    {QueryStatus::Failed, "failed"},
    {QueryStatus::Cancelled, "cancelled"},
    {QueryStatus::NotAvailable, "not_available"},
}};

constexpr NameTable<QueryKind, 4> queryKindNames{{
    {QueryKind::Search, "search"},
    {QueryKind::Read, "read"},
    {QueryKind::Lookup, "lookup"},
    {QueryKind::Everything, "everything"},
}};

constexpr NameTable<RecordStatus, 5> recordStatusNames{{
    {RecordStatus::NotConnected, "not_connected"},
    {RecordStatus::Syncing, "syncing"},
    {RecordStatus::UpToDate, "up_to_date"},
    {RecordStatus::Partial, "partial"},
    {RecordStatus::Attention, "attention"},
}};

constexpr NameTable<FailureKind, 4> failureKindNames{{
    {FailureKind::PortalAuthFailed, "portal_auth_failed"},
    {FailureKind::RetrievalError, "retrieval_error"},
    {FailureKind::TokenRefreshFailed, "token_refresh_failed"},
    {FailureKind::DestinationExportFailed, "destination_export_failed"},
}};

constexpr NameTable<DestinationKind, 4> destinationKindNames{{
    {DestinationKind::NdjsonFolder, "ndjson_folder"},
    {DestinationKind::FhirServer, "fhir_server"},
    {DestinationKind::Webhook, "webhook"},
    {DestinationKind::S3, "s3"},
}};

constexpr NameTable<DeliveryStatus, 4> deliveryStatusNames{{
    {DeliveryStatus::Pending, "pending"},
    {DeliveryStatus::Delivering, "delivering"},
    {DeliveryStatus::Delivered, "delivered"},
    {DeliveryStatus::Failed, "failed"},
}};

constexpr NameTable<AuthEventType, 7> authEventTypeNames{{
    {AuthEventType::SessionStarted, "session_started"},
    {AuthEventType::CallbackReceived, "callback_received"},
    {AuthEventType::CodeExchanged, "code_exchanged"},
    {AuthEventType::TokenRefreshed, "token_refreshed"},
    {AuthEventType::RefreshFailed, "refresh_failed"},
    {AuthEventType::Cancelled, "cancelled"},
    {AuthEventType::Disconnected, "disconnected"},
}};

constexpr NameTable<AuthOutcome, 2> authOutcomeNames{{
    {AuthOutcome::Success, "success"},
    {AuthOutcome::Failure, "failure"},
}};

constexpr NameTable<ClientAuthMethod, 4> clientAuthMethodNames{{
    {ClientAuthMethod::None, "none"},
    {ClientAuthMethod::ClientSecretBasic, "client_secret_basic"},
    {ClientAuthMethod::ClientSecretPost, "client_secret_post"},
    {ClientAuthMethod::PrivateKeyJwt, "private_key_jwt"},
}};

constexpr NameTable<EventType, 5> eventTypeNames{{
    {EventType::ConnectionConnected, "connection.connected"},
    {EventType::ConnectionAuthFailed, "connection.auth_failed"},
    {EventType::ConnectionTokenRefreshFailed, "connection.token_refresh_failed"},
    {EventType::RecordsSyncCompleted, "records.sync.completed"},
    {EventType::RecordsSyncFailed, "records.sync.failed"},
}};

template <typename Enum, std::size_t N>
QString lookupName(const NameTable<Enum, N> &table, Enum value) {
    for (const auto &[candidate, name] : table) {
        if (candidate == value)
            return QString::fromLatin1(name);
    }
    Q_UNREACHABLE();
    return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse(const NameTable<Enum, N> &table, const QString &name) {
    for (const auto &[candidate, text] : table) {
        if (name == QLatin1String(text))
            return candidate;
    }
    return std::nullopt;
}

} // namespace

#define MEDPULL_ENUM_NAMES(Enum, table)                                                            \
    QString nameOf(Enum value) {                                                                   \
        return lookupName(table, value);                                                           \
    }                                                                                              \
    template <> std::optional<Enum> fromName<Enum>(const QString &name) {                          \
        return parse(table, name);                                                                 \
    }

MEDPULL_ENUM_NAMES(ConnectionState, connectionStateNames)
MEDPULL_ENUM_NAMES(PullTrigger, pullTriggerNames)
MEDPULL_ENUM_NAMES(PullStatus, pullStatusNames)
MEDPULL_ENUM_NAMES(QueryStatus, queryStatusNames)
MEDPULL_ENUM_NAMES(QueryKind, queryKindNames)
MEDPULL_ENUM_NAMES(RecordStatus, recordStatusNames)
MEDPULL_ENUM_NAMES(FailureKind, failureKindNames)
MEDPULL_ENUM_NAMES(DestinationKind, destinationKindNames)
MEDPULL_ENUM_NAMES(DeliveryStatus, deliveryStatusNames)
MEDPULL_ENUM_NAMES(AuthEventType, authEventTypeNames)
MEDPULL_ENUM_NAMES(AuthOutcome, authOutcomeNames)
MEDPULL_ENUM_NAMES(ClientAuthMethod, clientAuthMethodNames)
MEDPULL_ENUM_NAMES(EventType, eventTypeNames)

#undef MEDPULL_ENUM_NAMES

QString failureMeaning(FailureKind kind) {
    switch (kind) {
    case FailureKind::PortalAuthFailed:
        return QCoreApplication::translate("medpull", "The patient did not grant usable access.");
    case FailureKind::RetrievalError:
        return QCoreApplication::translate("medpull",
                                           "The portal returned an error during FHIR calls.");
    case FailureKind::TokenRefreshFailed:
        return QCoreApplication::translate("medpull", "The stored refresh token cannot be used.");
    case FailureKind::DestinationExportFailed:
        return QCoreApplication::translate("medpull", "Data landed, delivery failed.");
    }
    Q_UNREACHABLE();
    return {};
}

QString failureNextStep(FailureKind kind) {
    switch (kind) {
    case FailureKind::PortalAuthFailed:
        return QCoreApplication::translate("medpull", "Ask the patient to retry.");
    case FailureKind::RetrievalError:
        return QCoreApplication::translate("medpull", "Inspect the patient's pull history.");
    case FailureKind::TokenRefreshFailed:
        return QCoreApplication::translate("medpull", "Ask the patient to reconnect.");
    case FailureKind::DestinationExportFailed:
        return QCoreApplication::translate("medpull", "Retry from the export destination's page.");
    }
    Q_UNREACHABLE();
    return {};
}

QString sessionOnlyNote() {
    return QCoreApplication::translate(
        "medpull", "Stays connected only while the patient's portal session lasts.");
}

bool isSettled(PullStatus status) {
    return status != PullStatus::Queued && status != PullStatus::Running;
}

} // namespace medpull
