// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace medpull {

class RateLimiter;

enum class FhirErrorKind {
    None,
    Network,   // connection refused, DNS, reset ... after all attempts
    Timeout,   // no bytes within the transfer timeout, after all attempts
    Http,      // an HTTP error status (4xx, or 5xx after all attempts)
    Origin,    // the URL is not under the source's FHIR base: nothing was sent
    Auth,      // 401 after one token refresh, or the refresh itself failed
    Parse,     // the body is not what was asked for (set by callers that parse)
    Cancelled, // aborted by the caller
    TooLarge,  // the response was larger than Options::maxBodyBytes: refused, not retried
};
QString nameOf(FhirErrorKind kind);

// The outcome of one logical FHIR GET, however many attempts it took.
struct FhirResult {
    QUrl url; // the URL finally requested (after same-base redirects)
    int httpStatus = 0;
    QByteArray body;
    QByteArray contentType;
    FhirErrorKind errorKind = FhirErrorKind::None;
    QString error;       // one line, never containing a token
    QString outcomeText; // OperationOutcome text of an error body, if any
    int attempts = 0;    // HTTP requests sent
    qint64 elapsedMs = 0;
    bool tokenRefreshed = false;
    // Set when the server asked (Retry-After) to wait longer than this client
    // waits within one request: when the caller should try again.
    QDateTime retryAfter;

    bool ok() const { return errorKind == FhirErrorKind::None; }
};

// Where FhirClient gets its bearer token, and the seam for a refresh on 401.
class AccessTokenProvider {
public:
    virtual ~AccessTokenProvider() = default;
    virtual QString accessToken() const = 0;
    // The server rejected `rejectedToken` with 401. Call done(true, {}) once
    // accessToken() returns a fresh token (at once if it already differs:
    // another request refreshed first), or done(false, reason). `done` may be
    // called from this thread's event loop at any later time.
    virtual void refreshAccessToken(const QString &rejectedToken,
                                    std::function<void(bool ok, const QString &error)> done) = 0;
};

class FhirClient;

// One logical GET in flight. Emits finished() exactly once, then deletes
// itself later (like a QNetworkReply the caller need not delete).
class FhirRequest : public QObject {
    Q_OBJECT

public:
    QUrl url() const { return m_result.url; }
    bool isFinished() const { return m_finished; }
    const FhirResult &result() const { return m_result; }
    // Stops the request; finished() follows with FhirErrorKind::Cancelled.
    void abort();

signals:
    void finished(const medpull::FhirResult &result);

private:
    friend class FhirClient;
    FhirRequest(FhirClient *client, const QUrl &url);

    void start();
    void queueAttempt();
    void send();
    void onReplyFinished();
    // Takes what has arrived, and stops a response that grows past the limit.
    void readBody();
    void refuseBody();
    void retryLater(qint64 delayMs, const QString &why);
    void finish(FhirErrorKind kind, const QString &error);

    FhirClient *m_client;
    QPointer<QNetworkReply> m_reply;
    QTimer m_retryTimer;
    QElapsedTimer m_clock;
    FhirResult m_result;
    QString m_sentToken;
    quint64 m_ticket = 0;
    bool m_holdsSlot = false;
    bool m_waitingForSlot = false;
    bool m_waitingForToken = false;
    bool m_aborting = false;
    bool m_tooLarge = false;
    bool m_finished = false;
    // An attachment's raw content off the FHIR base (getAttachment()).
    bool m_attachment = false;
    bool m_sendToken = true;
    int m_retries = 0;
    int m_redirects = 0;
};

// Performs FHIR GETs against one source's FHIR base with its bearer token:
// searches, next links and reads, many in flight at once, each retried on
// transient failures (network errors, 429, 500, 502, 503, 504) with
// exponential backoff and jitter, honouring Retry-After. A 2xx whose body is
// cut off is retried like a network error. A 401 triggers one
// token refresh and one retry. The token is only ever sent to URLs under the
// FHIR base (DESIGN.md); a URL elsewhere fails with FhirErrorKind::Origin and
// no request is made. Redirects are followed by hand for the same reason.
//
// Lives in, and is used from, one worker thread with its own
// QNetworkAccessManager. Never blocks.
class FhirClient : public QObject {
    Q_OBJECT

public:
    struct Options {
        QUrl fhirBase;
        int transferTimeoutMs = 30000;
        int maxAttempts = 4; // per logical request, transient failures only
        int initialBackoffMs = 500;
        int maxBackoffMs = 30000;
        // A Retry-After up to this long is waited out (without holding a
        // limiter slot); a longer one ends the request with retryAfter set,
        // for the caller to schedule.
        int maxRetryAfterMs = 600 * 1000;
        // A response body larger than this (by its Content-Length, or as it
        // arrives) is refused: the reply is aborted and nothing more is read,
        // so memory stays bounded whatever the server sends.
        qint64 maxBodyBytes = 64 * 1024 * 1024;
        int maxRedirects = 5;
    };

    // `tokens` and `limiter` may be null (no Authorization header / no limit);
    // both must outlive the client.
    FhirClient(QNetworkAccessManager *network, const Options &options,
               AccessTokenProvider *tokens = nullptr, RateLimiter *limiter = nullptr,
               QObject *parent = nullptr);
    ~FhirClient() override;

    const Options &options() const { return m_options; }
    QUrl fhirBase() const { return m_options.fhirBase; }

    // An absolute URL, e.g. a next link. Must be under the FHIR base.
    FhirRequest *get(const QUrl &url);
    // An attachment's raw content (a PDF, C-CDA XML) at a URL off the FHIR
    // base: on the portal's own origin it is sent with the token (the same
    // server the patient authorised), on another origin never; that server
    // answering 401/403 means it wants an authorization medpull does not
    // give it.
    FhirRequest *getAttachment(const QUrl &url);
    // {base}/{resourceType}?{query}
    FhirRequest *search(const QString &resourceType, const QUrlQuery &query = {});
    // {base}/{resourceType}/{id}
    FhirRequest *read(const QString &resourceType, const QString &id);
    QUrl urlFor(const QString &relativePath, const QUrlQuery &query = {}) const;

    // Requests started and not yet finished.
    int inFlight() const { return m_active; }
    void abortAll();

    // "120" or an HTTP-date; an invalid QDateTime when neither.
    static QDateTime parseRetryAfter(const QByteArray &value, const QDateTime &now);

private:
    friend class FhirRequest;

    QNetworkAccessManager *m_network;
    Options m_options;
    AccessTokenProvider *m_tokens;
    QPointer<RateLimiter> m_limiter;
    int m_active = 0;
};

} // namespace medpull

Q_DECLARE_METATYPE(medpull::FhirResult)
