// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "statuspresentation.h"

#include "backoff.h"

#include <QCoreApplication>
#include <QHash>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace medpull {

namespace {

// Shapes drawn in a 16-unit square, scaled to each icon size.
void drawShape(QPainter &p, StatusShape shape) {
    const QPen outline(QColor(0, 0, 0, 90), 0.8);
    switch (shape) {
    case StatusShape::Ok: {
        p.setPen(outline);
        p.setBrush(QColor(0x2e, 0x7d, 0x32));
        p.drawEllipse(QRectF(1, 1, 14, 14));
        QPen tick(Qt::white, 2.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        p.setPen(tick);
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(QPolygonF{{4.5, 8.3}, {7.0, 10.8}, {11.5, 5.5}});
        break;
    }
    case StatusShape::Busy: {
        p.setPen(outline);
        p.setBrush(QColor(0x15, 0x65, 0xc0));
        p.drawEllipse(QRectF(1, 1, 14, 14));
        QPen arc(Qt::white, 1.6, Qt::SolidLine, Qt::RoundCap);
        p.setPen(arc);
        p.setBrush(Qt::NoBrush);
        const QRectF ring(4.2, 4.2, 7.6, 7.6);
        p.drawArc(ring, 20 * 16, 140 * 16);
        p.drawArc(ring, 200 * 16, 140 * 16);
        p.setPen(Qt::NoPen);
        p.setBrush(Qt::white);
        p.drawPolygon(QPolygonF{{2.9, 7.0}, {6.1, 7.0}, {4.5, 9.4}});
        p.drawPolygon(QPolygonF{{9.9, 9.0}, {13.1, 9.0}, {11.5, 6.6}});
        break;
    }
    case StatusShape::Waiting: {
        p.setPen(QPen(QColor(0x61, 0x61, 0x61), 1.4));
        p.setBrush(QColor(0xf5, 0xf5, 0xf5));
        p.drawEllipse(QRectF(1.5, 1.5, 13, 13));
        p.setPen(QPen(QColor(0x42, 0x42, 0x42), 1.4, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(8, 8), QPointF(8, 4.3));
        p.drawLine(QPointF(8, 8), QPointF(10.8, 9.6));
        break;
    }
    case StatusShape::Partial: {
        p.setPen(QPen(QColor(0xb2, 0x6a, 0x00), 1.4));
        p.setBrush(Qt::white);
        p.drawEllipse(QRectF(1.5, 1.5, 13, 13));
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xef, 0x8f, 0x00));
        p.drawPie(QRectF(1.5, 1.5, 13, 13), 90 * 16, 180 * 16);
        break;
    }
    case StatusShape::Problem: {
        QPainterPath triangle;
        triangle.moveTo(8, 1);
        triangle.lineTo(15.2, 14.5);
        triangle.lineTo(0.8, 14.5);
        triangle.closeSubpath();
        p.setPen(QPen(QColor(0x8e, 0x0b, 0x0b), 0.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(QColor(0xc6, 0x28, 0x28));
        p.drawPath(triangle);
        p.setPen(QPen(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(8, 5.3), QPointF(8, 9.6));
        p.drawPoint(QPointF(8, 12.2));
        break;
    }
    case StatusShape::Inactive: {
        p.setPen(QPen(QColor(0x75, 0x75, 0x75), 1.4));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(QRectF(1.5, 1.5, 13, 13));
        p.setPen(QPen(QColor(0x75, 0x75, 0x75), 1.6, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(5, 8), QPointF(11, 8));
        break;
    }
    }
}

QIcon makeIcon(StatusShape shape) {
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(size / 16.0, size / 16.0);
        drawShape(painter, shape);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

QIcon statusIcon(StatusShape shape) {
    // Icons are built on first use, on the GUI thread only.
    static QHash<StatusShape, QIcon> cache;
    auto found = cache.find(shape);
    if (found == cache.end())
        found = cache.insert(shape, makeIcon(shape));
    return *found;
}

QString statusText(RecordStatus status) {
    switch (status) {
    case RecordStatus::NotConnected:
        return QCoreApplication::translate("Status", "Not connected");
    case RecordStatus::Syncing:
        return QCoreApplication::translate("Status", "Syncing");
    case RecordStatus::UpToDate:
        return QCoreApplication::translate("Status", "Up to date");
    case RecordStatus::Partial:
        return QCoreApplication::translate("Status", "Partial");
    case RecordStatus::Attention:
        return QCoreApplication::translate("Status", "Needs attention");
    }
    return {};
}

QString statusText(ConnectionState state) {
    switch (state) {
    case ConnectionState::Pending:
        return QCoreApplication::translate("Status", "Waiting for authorization");
    case ConnectionState::Active:
        return QCoreApplication::translate("Status", "Active");
    case ConnectionState::AuthFailed:
        return QCoreApplication::translate("Status", "Authorization failed");
    case ConnectionState::RefreshFailed:
        return QCoreApplication::translate("Status", "Refresh failed");
    case ConnectionState::Disconnected:
        return QCoreApplication::translate("Status", "Disconnected");
    }
    return {};
}

QString statusText(PullStatus status) {
    switch (status) {
    case PullStatus::Queued:
        return QCoreApplication::translate("Status", "Queued");
    case PullStatus::Running:
        return QCoreApplication::translate("Status", "Running");
    case PullStatus::Succeeded:
        return QCoreApplication::translate("Status", "Succeeded");
    case PullStatus::Partial:
        return QCoreApplication::translate("Status", "Partial");
    case PullStatus::Failed:
        return QCoreApplication::translate("Status", "Failed");
    case PullStatus::Cancelled:
        return QCoreApplication::translate("Status", "Cancelled");
    }
    return {};
}

QString statusText(QueryStatus status) {
    switch (status) {
    case QueryStatus::Pending:
        return QCoreApplication::translate("Status", "Pending");
    case QueryStatus::Running:
        return QCoreApplication::translate("Status", "Running");
    case QueryStatus::Succeeded:
        return QCoreApplication::translate("Status", "Succeeded");
    case QueryStatus::Failed:
        return QCoreApplication::translate("Status", "Failed");
    case QueryStatus::Cancelled:
        return QCoreApplication::translate("Status", "Cancelled");
    case QueryStatus::NotAvailable:
        return QCoreApplication::translate("Status", "Not available");
    }
    return {};
}

QString statusText(DeliveryStatus status) {
    switch (status) {
    case DeliveryStatus::Pending:
        return QCoreApplication::translate("Status", "Pending");
    case DeliveryStatus::Delivering:
        return QCoreApplication::translate("Status", "Delivering");
    case DeliveryStatus::Delivered:
        return QCoreApplication::translate("Status", "Delivered");
    case DeliveryStatus::Failed:
        return QCoreApplication::translate("Status", "Failed");
    }
    return {};
}

QString statusText(const Delivery &delivery) {
    if (delivery.status == DeliveryStatus::Pending && !delivery.lastError.isEmpty())
        return QCoreApplication::translate("Status", "Retrying");
    return statusText(delivery.status);
}

QString triggerText(PullTrigger trigger) {
    switch (trigger) {
    case PullTrigger::Connect:
        return QCoreApplication::translate("Status", "Connect");
    case PullTrigger::Manual:
        return QCoreApplication::translate("Status", "Manual");
    case PullTrigger::Scheduled:
        return QCoreApplication::translate("Status", "Scheduled");
    case PullTrigger::Retry:
        return QCoreApplication::translate("Status", "Retry");
    }
    return {};
}

QString authEventText(AuthEventType type) {
    switch (type) {
    case AuthEventType::SessionStarted:
        return QCoreApplication::translate("Status", "Session started");
    case AuthEventType::CallbackReceived:
        return QCoreApplication::translate("Status", "Callback received");
    case AuthEventType::CodeExchanged:
        return QCoreApplication::translate("Status", "Code exchanged");
    case AuthEventType::TokenRefreshed:
        return QCoreApplication::translate("Status", "Token refreshed");
    case AuthEventType::RefreshFailed:
        return QCoreApplication::translate("Status", "Refresh failed");
    case AuthEventType::Cancelled:
        return QCoreApplication::translate("Status", "Cancelled by staff");
    case AuthEventType::Disconnected:
        return QCoreApplication::translate("Status", "Disconnected");
    }
    return {};
}

QString authOutcomeText(AuthOutcome outcome) {
    return outcome == AuthOutcome::Success ? QCoreApplication::translate("Status", "Success")
                                           : QCoreApplication::translate("Status", "Failure");
}

QString failureKindText(FailureKind kind) {
    switch (kind) {
    case FailureKind::PortalAuthFailed:
        return QCoreApplication::translate("Status", "Portal authorization failed");
    case FailureKind::RetrievalError:
        return QCoreApplication::translate("Status", "Retrieval error");
    case FailureKind::TokenRefreshFailed:
        return QCoreApplication::translate("Status", "Token refresh failed");
    case FailureKind::DestinationExportFailed:
        return QCoreApplication::translate("Status", "Export failed");
    }
    return {};
}

QString accountNextStep(const Connection &connection) {
    if (connection.state == ConnectionState::Active && connection.retryAt.isValid())
        return QCoreApplication::translate("Status", "Retrying at %1 (attempt %2 of %3)")
            .arg(shortTime(connection.retryAt))
            .arg(connection.retryAttempt)
            .arg(Backoff().maxAttempts());
    if (connection.state == ConnectionState::Active && connection.retriesExhausted() &&
        connection.retryAttempt > 0)
        return QCoreApplication::translate(
            "Status", "Automatic retries used up. Inspect the patient's pull history.");
    if (!connection.failureKind)
        return {};
    return failureNextStep(*connection.failureKind);
}

QString attentionNextStep(const AttentionItem &item) {
    if (item.kind == FailureKind::DestinationExportFailed && item.retrying)
        return QCoreApplication::translate("Status",
                                           "Retrying automatically; Retry delivery sends it now.");
    if (item.kind == FailureKind::DestinationExportFailed)
        return QCoreApplication::translate("Status",
                                           "Automatic retries used up; use Retry delivery.");
    return failureNextStep(item.kind);
}

QString shortTime(const QDateTime &when) {
    if (!when.isValid())
        return {};
    const QDateTime local = when.toLocalTime();
    if (qAbs(when.secsTo(QDateTime::currentDateTimeUtc())) < 20 * 3600)
        return QLocale().toString(local.time(), QStringLiteral("HH:mm"));
    return QLocale().toString(local, QStringLiteral("yyyy-MM-dd HH:mm"));
}

StatusShape statusShape(RecordStatus status) {
    switch (status) {
    case RecordStatus::NotConnected:
        return StatusShape::Inactive;
    case RecordStatus::Syncing:
        return StatusShape::Busy;
    case RecordStatus::UpToDate:
        return StatusShape::Ok;
    case RecordStatus::Partial:
        return StatusShape::Partial;
    case RecordStatus::Attention:
        return StatusShape::Problem;
    }
    return StatusShape::Inactive;
}

StatusShape statusShape(ConnectionState state) {
    switch (state) {
    case ConnectionState::Pending:
        return StatusShape::Waiting;
    case ConnectionState::Active:
        return StatusShape::Ok;
    case ConnectionState::AuthFailed:
    case ConnectionState::RefreshFailed:
        return StatusShape::Problem;
    case ConnectionState::Disconnected:
        return StatusShape::Inactive;
    }
    return StatusShape::Inactive;
}

StatusShape statusShape(PullStatus status) {
    switch (status) {
    case PullStatus::Queued:
        return StatusShape::Waiting;
    case PullStatus::Running:
        return StatusShape::Busy;
    case PullStatus::Succeeded:
        return StatusShape::Ok;
    case PullStatus::Partial:
        return StatusShape::Partial;
    case PullStatus::Failed:
        return StatusShape::Problem;
    case PullStatus::Cancelled:
        return StatusShape::Inactive;
    }
    return StatusShape::Inactive;
}

StatusShape statusShape(QueryStatus status) {
    switch (status) {
    case QueryStatus::Pending:
        return StatusShape::Waiting;
    case QueryStatus::Running:
        return StatusShape::Busy;
    case QueryStatus::Succeeded:
        return StatusShape::Ok;
    case QueryStatus::Failed:
        return StatusShape::Problem;
    case QueryStatus::Cancelled:
    case QueryStatus::NotAvailable:
        return StatusShape::Inactive;
    }
    return StatusShape::Inactive;
}

StatusShape statusShape(DeliveryStatus status) {
    switch (status) {
    case DeliveryStatus::Pending:
        return StatusShape::Waiting;
    case DeliveryStatus::Delivering:
        return StatusShape::Busy;
    case DeliveryStatus::Delivered:
        return StatusShape::Ok;
    case DeliveryStatus::Failed:
        return StatusShape::Problem;
    }
    return StatusShape::Inactive;
}

QString relativeTime(const QDateTime &when, const QDateTime &now) {
    if (!when.isValid())
        return {};
    const qint64 seconds = when.secsTo(now);
    const qint64 magnitude = qAbs(seconds);
    const bool future = seconds < 0;
    if (magnitude < 45)
        return future ? QCoreApplication::translate("Status", "in a moment")
                      : QCoreApplication::translate("Status", "just now");
    if (magnitude < 3600) {
        const int n = int(qMax<qint64>(1, magnitude / 60));
        return future ? QCoreApplication::translate("Status", "in %n minute(s)", nullptr, n)
                      : QCoreApplication::translate("Status", "%n minute(s) ago", nullptr, n);
    }
    if (magnitude < 86400) {
        const int n = int(magnitude / 3600);
        return future ? QCoreApplication::translate("Status", "in %n hour(s)", nullptr, n)
                      : QCoreApplication::translate("Status", "%n hour(s) ago", nullptr, n);
    }
    if (magnitude < 86400 * 60) {
        const int n = int(magnitude / 86400);
        return future ? QCoreApplication::translate("Status", "in %n day(s)", nullptr, n)
                      : QCoreApplication::translate("Status", "%n day(s) ago", nullptr, n);
    }
    return QLocale().toString(when.toLocalTime().date(), QStringLiteral("yyyy-MM-dd"));
}

QString chartTimeFormat(qint64 tickStepMs) {
    if (tickStepMs < 60 * 1000)
        return QStringLiteral("HH:mm:ss");
    // Within a day (five ticks six hours apart) the time of day is enough.
    if (tickStepMs < 6 * 3600 * 1000LL)
        return QStringLiteral("HH:mm");
    if (tickStepMs < 86400 * 1000LL)
        return QStringLiteral("yyyy-MM-dd HH:mm");
    return QStringLiteral("yyyy-MM-dd");
}

QString exactTime(const QDateTime &when) {
    if (!when.isValid())
        return {};
    return QLocale().toString(when.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString durationText(const QDateTime &start, const QDateTime &end) {
    if (!start.isValid() || !end.isValid())
        return {};
    const qint64 ms = qMax<qint64>(0, start.msecsTo(end));
    if (ms < 10000)
        return QCoreApplication::translate("Status", "%1 s")
            .arg(QLocale().toString(ms / 1000.0, 'f', 1));
    const qint64 seconds = ms / 1000;
    if (seconds < 3600)
        return QCoreApplication::translate("Status", "%1 min %2 s")
            .arg(seconds / 60)
            .arg(seconds % 60);
    return QCoreApplication::translate("Status", "%1 h %2 min")
        .arg(seconds / 3600)
        .arg((seconds % 3600) / 60);
}

} // namespace medpull
