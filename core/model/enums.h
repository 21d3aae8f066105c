#pragma once

#include <QString>

#include <optional>

// The vocabulary of DESIGN.md. The string names are the contract between the
// engine, the database, the dashboard, the command line and the tests; they
// are converted in one place (enums.cpp) and nowhere else.
namespace medpull {

enum class ConnectionState { Pending, Active, AuthFailed, RefreshFailed, Disconnected };
enum class PullTrigger { Connect, Manual, Scheduled, Retry };
enum class PullStatus { Queued, Running, Succeeded, Partial, Failed, Cancelled };
// A pull query shares the pull's settled names; `pending` waits for a worker.
enum class QueryStatus { Pending, Running, Succeeded, Failed, Cancelled };
enum class RecordStatus { NotConnected, Syncing, UpToDate, Partial, Attention };
enum class FailureKind {
    PortalAuthFailed,
    RetrievalError,
    TokenRefreshFailed,
    DestinationExportFailed
};
enum class DestinationKind { NdjsonFolder, FhirServer, Webhook };
enum class DeliveryStatus { Pending, Delivering, Delivered, Failed };
enum class AuthEventType {
    SessionStarted,
    CallbackReceived,
    CodeExchanged,
    TokenRefreshed,
    RefreshFailed,
    Disconnected
};
enum class AuthOutcome { Success, Failure };

QString toString(ConnectionState value);
QString toString(PullTrigger value);
QString toString(PullStatus value);
QString toString(QueryStatus value);
QString toString(RecordStatus value);
QString toString(FailureKind value);
QString toString(DestinationKind value);
QString toString(DeliveryStatus value);
QString toString(AuthEventType value);
QString toString(AuthOutcome value);

// Parsing an unknown name yields std::nullopt; callers decide whether that is
// corrupt data (the store) or bad user input (the command line).
template<typename Enum>
std::optional<Enum> fromString(const QString &name);

// DESIGN.md's failure table: what a failure kind means and what to do next.
QString failureMeaning(FailureKind kind);
QString failureNextStep(FailureKind kind);

bool isSettled(PullStatus status);

} // namespace medpull
