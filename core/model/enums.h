// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

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
// A pull query shares the pull's settled names; `pending` waits for a worker;
// `not_available` is the portal's answer that this connection cannot have it
// (a type outside the granted scopes, an unsupported type or search).
enum class QueryStatus { Pending, Running, Succeeded, Failed, Cancelled, NotAvailable };
// A pull query is a search of the patient's resources of a type, a read of
// one referenced resource, a lookup of several referenced ones by `_id`, or
// the patient's whole record at once (Patient/[id]/$everything).
enum class QueryKind { Search, Read, Lookup, Everything };
enum class RecordStatus { NotConnected, Syncing, UpToDate, Partial, Attention };
enum class FailureKind {
    PortalAuthFailed,
    RetrievalError,
    TokenRefreshFailed,
    DestinationExportFailed
};
enum class DestinationKind { NdjsonFolder, FhirServer, Webhook, S3 };
enum class DeliveryStatus { Pending, Delivering, Delivered, Failed };
enum class AuthEventType {
    SessionStarted,
    CallbackReceived,
    CodeExchanged,
    TokenRefreshed,
    RefreshFailed,
    Cancelled,
    Disconnected
};
enum class AuthOutcome { Success, Failure };
// How medpull authenticates at a source's token endpoint.
enum class ClientAuthMethod { None, ClientSecretBasic, ClientSecretPost, PrivateKeyJwt };
// What an event endpoint is told about (named as in the event's `type`).
enum class EventType {
    ConnectionConnected,
    ConnectionAuthFailed,
    ConnectionTokenRefreshFailed,
    RecordsSyncCompleted,
    RecordsSyncFailed
};

QString nameOf(ConnectionState value);
QString nameOf(PullTrigger value);
QString nameOf(PullStatus value);
QString nameOf(QueryStatus value);
QString nameOf(QueryKind value);
QString nameOf(RecordStatus value);
QString nameOf(FailureKind value);
QString nameOf(DestinationKind value);
QString nameOf(DeliveryStatus value);
QString nameOf(AuthEventType value);
QString nameOf(AuthOutcome value);
QString nameOf(ClientAuthMethod value);
QString nameOf(EventType value);

// nameOf() is not called toString() so that QTest's toString() hook stays
// free for test output. Parsing an unknown name yields std::nullopt; callers decide whether that is
// corrupt data (the store) or bad user input (the command line).
template <typename Enum> std::optional<Enum> fromName(const QString &name);

// DESIGN.md's failure table: what a failure kind means and what to do next.
QString failureMeaning(FailureKind kind);
QString failureNextStep(FailureKind kind);
// What an account connected without a refresh token says about itself.
QString sessionOnlyNote();

bool isSettled(PullStatus status);

} // namespace medpull
