// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPair>
#include <QTimer>
#include <QUrl>

#include <deque>
#include <functional>
#include <optional>

namespace medpull::test {

// What the fake server answers to one request.
struct FakeResponse {
    int status = 200;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    // A transport error instead of an HTTP answer (status is then ignored).
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    // Never answers; only the request's transfer timeout or abort() end it.
    bool hang = false;
    int delayMs = 0;

    static FakeResponse json(const QByteArray &body, int status = 200);
    static FakeResponse networkError(QNetworkReply::NetworkError error,
                                     const QString &text = QStringLiteral("fake network error"));
    static FakeResponse hanging();
    static FakeResponse withHeader(FakeResponse response, const QByteArray &name,
                                   const QByteArray &value);
};

// A request the fake saw, as sent.
struct RecordedRequest {
    QNetworkAccessManager::Operation operation;
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const;
};

// A QNetworkAccessManager answering from an in-memory server model, after
// Nextcloud desktop's test/syncenginetestutils.h: payload, error, delayed and
// hanging replies, and a per-test override hook. Responses are keyed by URL
// (query included); queued responses are served once each, in order, before
// the standing one. Unknown URLs get 404 with an OperationOutcome.
class FakeNetworkManager : public QNetworkAccessManager {
    Q_OBJECT

public:
    using Override = std::function<std::optional<FakeResponse>(const RecordedRequest &request)>;

    explicit FakeNetworkManager(QObject *parent = nullptr);

    void setResponse(const QUrl &url, const FakeResponse &response);
    void enqueue(const QUrl &url, const FakeResponse &response);
    // Consulted first; std::nullopt falls through to the URL table.
    void setOverride(Override hook) { m_override = std::move(hook); }

    const QList<RecordedRequest> &requests() const { return m_requests; }
    int requestCount(const QUrl &url) const;
    // Replies created and not yet finished.
    int openReplies() const { return m_open; }
    int peakOpenReplies() const { return m_peakOpen; }

signals:
    void requestReceived(const QUrl &url);

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override;

private:
    FakeResponse responseFor(const RecordedRequest &request);

    QHash<QUrl, FakeResponse> m_standing;
    QHash<QUrl, std::deque<FakeResponse>> m_queued;
    Override m_override;
    QList<RecordedRequest> m_requests;
    int m_open = 0;
    int m_peakOpen = 0;
};

// The reply the fake hands out; public so a test can build one directly.
class FakeReply : public QNetworkReply {
    Q_OBJECT

public:
    FakeReply(const QNetworkRequest &request, QNetworkAccessManager::Operation op,
              const FakeResponse &response, QObject *parent);

    void abort() override;
    qint64 bytesAvailable() const override;
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;

private:
    void respond();
    void failWith(QNetworkReply::NetworkError error, const QString &text);

    FakeResponse m_response;
    QByteArray m_payload;
    qint64 m_offset = 0;
    QTimer m_timer;
    QTimer m_timeout;
    bool m_done = false;
};

} // namespace medpull::test
