// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "event.h"

#include <optional>

namespace medpull {

class Database;

// Writes events into the outbox. Each call belongs inside the transaction of
// the state change that causes the event, so a crash either keeps both or
// neither: no event is lost and none is invented.
//
// The envelope (the body every endpoint receives, fixed when written):
//   {"id": uuid, "type": "connection.connected", "api_version": "1",
//    "created_at": ISO 8601 UTC with milliseconds,
//    "data": {"patient": {...}, "connection": {...}, "pull": {...} | null,
//             "changes": {...}}}
// patient, connection and pull as `medpull-cli status --json` shows them;
// "changes" only in records.sync.completed: {"counts": {Type: n},
// "total": n, "deleted": {Type: n}, "deletedTotal": n}.
class EventOutbox {
public:
    static constexpr char apiVersion[] = "1";

    // A connection event (connected, auth failed, token refresh failed).
    static OutboxEvent record(const Database &database, EventType type, qint64 connectionId);
    // What a settled pull means for endpoints: records.sync.completed when
    // it stored new or changed records or found some deleted,
    // records.sync.failed when it failed and will not be retried
    // (`retryScheduled`: an automatic retry follows; not for a refused
    // refresh token either: that is connection.token_refresh_failed), else
    // nothing.
    static std::optional<OutboxEvent> pullSettled(const Database &database, qint64 pullId,
                                                  bool retryScheduled);
};

} // namespace medpull
