// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "attention.h"
#include "connection.h"
#include "enums.h"
#include "exportdestination.h"

#include <QDateTime>
#include <QIcon>
#include <QString>

// How the vocabulary of DESIGN.md looks in the dashboard: every status has a
// translated word and an icon whose shape (not only its color) tells it apart.
namespace medpull {

enum class StatusShape { Ok, Busy, Waiting, Partial, Problem, Inactive };

QIcon statusIcon(StatusShape shape);

QString statusText(RecordStatus status);
QString statusText(ConnectionState state);
QString statusText(PullStatus status);
QString statusText(QueryStatus status);
QString statusText(DeliveryStatus status);
// A delivery's status, "Retrying" for one that waits for an automatic retry.
QString statusText(const Delivery &delivery);
QString triggerText(PullTrigger trigger);
QString authEventText(AuthEventType type);
QString authOutcomeText(AuthOutcome outcome);
QString failureKindText(FailureKind kind);
// The next step an account shows: while an automatic retry waits, when it
// runs ("Retrying at 14:05 (attempt 3 of 6)"); else its failure's next step;
// empty for an account without a problem.
QString accountNextStep(const Connection &connection);
// The next step of an attention inbox entry.
QString attentionNextStep(const AttentionItem &item);
// The time of day, for times within the next day, else the date and time.
QString shortTime(const QDateTime &when);

StatusShape statusShape(RecordStatus status);
StatusShape statusShape(ConnectionState state);
StatusShape statusShape(PullStatus status);
StatusShape statusShape(QueryStatus status);
StatusShape statusShape(DeliveryStatus status);

template <typename Status> QIcon statusIconFor(Status status) {
    return statusIcon(statusShape(status));
}

// "3 minutes ago", "in 2 hours", "just now"; empty for an invalid time.
QString relativeTime(const QDateTime &when, const QDateTime &now = QDateTime::currentDateTimeUtc());
// The exact local time, for tooltips and tables.
QString exactTime(const QDateTime &when);
// The label format of a chart's time axis whose ticks are `tickStepMs`
// apart: fine enough that no two ticks read the same.
QString chartTimeFormat(qint64 tickStepMs);
// "1.2 s", "3 min 4 s"; empty when either end is missing.
QString durationText(const QDateTime &start, const QDateTime &end);

} // namespace medpull
