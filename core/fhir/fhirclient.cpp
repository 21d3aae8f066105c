// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "fhirclient.h"

#include "operationoutcome.h"
#include "ratelimiter.h"
#include "urlrules.h"

#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>

#include <cmath>

namespace medpull {

namespace {

constexpr qint64 readBufferBytes = 1024 * 1024;

bool isTransientStatus(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

bool isRedirectStatus(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

QString urlForMessage(const QUrl &url) {
    return url.toDisplayString(QUrl::RemoveUserInfo);
}

QString tooLarge(const QUrl &url, qint64 maxBytes) {
    return QStringLiteral("the response from %1 is larger than %2 MB; refused")
        .arg(urlForMessage(url))
        .arg(maxBytes / (1024 * 1024));
}

} // namespace

QString nameOf(FhirErrorKind kind) {
    switch (kind) {
    case FhirErrorKind::None:
        return QStringLiteral("none");
    case FhirErrorKind::Network:
        return QStringLiteral("network");
    case FhirErrorKind::Timeout:
        return QStringLiteral("timeout");
    case FhirErrorKind::Http:
        return QStringLiteral("http");
    case FhirErrorKind::Origin:
        return QStringLiteral("origin");
    case FhirErrorKind::Auth:
        return QStringLiteral("auth");
    case FhirErrorKind::Parse:
        return QStringLiteral("parse");
    case FhirErrorKind::Cancelled:
        return QStringLiteral("cancelled");
    case FhirErrorKind::TooLarge:
        return QStringLiteral("too_large");
    }
    return {};
}

FhirRequest::FhirRequest(FhirClient *client, const QUrl &url)
    : QObject(client)
    , m_client(client) {
    m_result.url = url;
    m_clock.start();
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &FhirRequest::queueAttempt);
}

void FhirRequest::start() {
    ++m_client->m_active;
    const QString why = UrlRules::whyNotAcceptable(m_result.url);
    if (!why.isEmpty()) {
        finish(FhirErrorKind::Origin, why);
        return;
    }
    if (m_attachment) {
        m_sendToken = UrlRules::isSameOrigin(m_client->m_options.fhirBase, m_result.url);
    } else if (!UrlRules::isUnderBase(m_client->m_options.fhirBase, m_result.url)) {
        finish(FhirErrorKind::Origin,
               QStringLiteral("%1 is outside the source's FHIR base %2; not sent with the token")
                   .arg(urlForMessage(m_result.url), urlForMessage(m_client->m_options.fhirBase)));
        return;
    }
    queueAttempt();
}

void FhirRequest::queueAttempt() {
    if (m_finished)
        return;
    RateLimiter *limiter = m_client->m_limiter;
    if (!limiter) {
        send();
        return;
    }
    m_waitingForSlot = true;
    m_ticket = limiter->acquire(this, [this] {
        m_waitingForSlot = false;
        m_holdsSlot = true;
        send();
    });
}

void FhirRequest::send() {
    const FhirClient::Options &options = m_client->m_options;
    QNetworkRequest request(m_result.url);
    request.setRawHeader("Accept", "application/fhir+json");
    // Redirects are followed by hand so that the token never follows one
    // off the FHIR base (Qt's policies would forward the header).
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(options.transferTimeoutMs);
    m_sentToken.clear();
    if (m_client->m_tokens && m_sendToken) {
        m_sentToken = m_client->m_tokens->accessToken();
        if (!m_sentToken.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + m_sentToken.toUtf8());
    }
    ++m_result.attempts;
    m_result.body.clear();
    m_reply = m_client->m_network->get(request);
    // Without a bound, Qt's network thread reads the socket as fast as the
    // server sends and queues everything for this thread: a fast server could
    // fill memory before readBody() ever sees the size.
    m_reply->setReadBufferSize(readBufferBytes);
    // Queued signals of a reply this request has already let go of (finished,
    // aborted, or replaced by a retry's) arrive after m_reply moved on.
    QNetworkReply *reply = m_reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] {
        if (reply != m_reply || m_tooLarge)
            return;
        const qint64 maxBytes = m_client->m_options.maxBodyBytes;
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > maxBytes) {
            refuseBody();
            return;
        }
        // The body's room in one allocation: grown step by step, each step a
        // copy whose predecessor the heap may keep, a large body would cost
        // twice its size. Room not written to is never touched.
        m_result.body.reserve(length.isValid() ? length.toLongLong() : maxBytes);
    });
    connect(m_reply, &QNetworkReply::readyRead, this, &FhirRequest::readBody);
    connect(m_reply, &QNetworkReply::finished, this, &FhirRequest::onReplyFinished);
}

void FhirRequest::readBody() {
    if (!m_reply || m_tooLarge)
        return;
    // Checked before the bytes are added: the body never grows past the
    // room reserved for it.
    if (m_result.body.size() + m_reply->bytesAvailable() > m_client->m_options.maxBodyBytes) {
        refuseBody();
        return;
    }
    m_result.body += m_reply->readAll();
}

void FhirRequest::refuseBody() {
    if (m_tooLarge || !m_reply)
        return;
    m_tooLarge = true;
    m_result.body = QByteArray();
    m_reply->abort();
}

void FhirRequest::onReplyFinished() {
    QNetworkReply *reply = m_reply;
    m_reply.clear();
    if (!reply)
        return;
    reply->deleteLater();
    if (m_holdsSlot) {
        m_holdsSlot = false;
        if (m_client->m_limiter)
            m_client->m_limiter->release();
    }
    if (m_aborting) {
        finish(FhirErrorKind::Cancelled, QStringLiteral("cancelled"));
        return;
    }
    const FhirClient::Options &options = m_client->m_options;
    if (m_tooLarge) {
        m_result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        finish(FhirErrorKind::TooLarge, tooLarge(m_result.url, options.maxBodyBytes));
        return;
    }

    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusAttribute.isValid() ? statusAttribute.toInt() : 0;
    m_result.httpStatus = status;
    if (reply->isOpen() && m_result.body.size() + reply->bytesAvailable() > options.maxBodyBytes) {
        m_result.body = QByteArray();
        finish(FhirErrorKind::TooLarge, tooLarge(m_result.url, options.maxBodyBytes));
        return;
    }
    if (reply->isOpen())
        m_result.body += reply->readAll();
    m_result.body.squeeze();
    m_result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    m_result.outcomeText.clear();

    // A response cut off after its status line (the connection closed before
    // the announced length): what arrived is no answer, so ask again.
    const bool cutOff = status >= 200 && status < 300 && reply->error() != QNetworkReply::NoError;
    if (status == 0 || cutOff) {
        // Qt 6.4 aborts a reply whose transfer timeout expired, which shows
        // as OperationCanceledError; we did not cancel it ourselves.
        const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError ||
                              reply->error() == QNetworkReply::TimeoutError;
        const FhirErrorKind kind = timedOut ? FhirErrorKind::Timeout : FhirErrorKind::Network;
        const QString why =
            timedOut ? QStringLiteral("no response within %1 ms").arg(options.transferTimeoutMs)
            : cutOff ? QStringLiteral("the response was cut off after %1 bytes (%2)")
                           .arg(m_result.body.size())
                           .arg(reply->errorString())
                     : reply->errorString();
        if (m_result.attempts < options.maxAttempts) {
            retryLater(-1, why);
            return;
        }
        finish(kind,
               QStringLiteral("%1 after %2 attempts: %3")
                   .arg(timedOut ? QStringLiteral("timed out") : QStringLiteral("network error"))
                   .arg(m_result.attempts)
                   .arg(why));
        return;
    }

    if (status >= 200 && status < 300) {
        finish(FhirErrorKind::None, {});
        return;
    }

    if (isRedirectStatus(status)) {
        const QUrl target = m_result.url.resolved(
            QUrl::fromEncoded(reply->rawHeader("Location"), QUrl::TolerantMode));
        // A request without the token may follow a redirect anywhere
        // acceptable; one with it stays where the token may go.
        bool allowed = UrlRules::isUnderBase(options.fhirBase, target);
        if (m_attachment)
            allowed = !m_sendToken || UrlRules::isSameOrigin(options.fhirBase, target);
        if (!allowed || !UrlRules::isAcceptableUrl(target)) {
            finish(FhirErrorKind::Origin,
                   QStringLiteral("redirect to %1 is outside the source's FHIR base; not followed")
                       .arg(urlForMessage(target)));
            return;
        }
        if (++m_redirects > options.maxRedirects) {
            finish(FhirErrorKind::Http, QStringLiteral("too many redirects"));
            return;
        }
        m_result.url = target;
        --m_result.attempts;
        queueAttempt();
        return;
    }

    m_result.outcomeText = OperationOutcome::text(m_result.body);
    const QString reason =
        reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().simplified();
    QString httpError = QStringLiteral("HTTP %1").arg(status);
    if (!reason.isEmpty())
        httpError += QLatin1Char(' ') + reason;
    if (!m_result.outcomeText.isEmpty())
        httpError += QLatin1String(": ") + m_result.outcomeText;

    if (status == 401) {
        AccessTokenProvider *tokens = m_client->m_tokens;
        if (!tokens || !m_sendToken || m_result.tokenRefreshed) {
            finish(FhirErrorKind::Auth, httpError);
            return;
        }
        m_result.tokenRefreshed = true;
        m_waitingForToken = true;
        QPointer<FhirRequest> self(this);
        tokens->refreshAccessToken(m_sentToken, [self](bool ok, const QString &error) {
            if (!self || self->m_finished)
                return;
            self->m_waitingForToken = false;
            if (ok)
                self->queueAttempt();
            else
                self->finish(
                    FhirErrorKind::Auth,
                    QStringLiteral("HTTP 401 and the token refresh failed: %1").arg(error));
        });
        return;
    }

    if (isTransientStatus(status)) {
        qint64 delayMs = -1;
        if (status == 429 || status == 503) {
            const QDateTime now = QDateTime::currentDateTimeUtc();
            const QDateTime until =
                FhirClient::parseRetryAfter(reply->rawHeader("Retry-After"), now);
            if (until.isValid()) {
                delayMs = qMax<qint64>(0, now.msecsTo(until));
                if (delayMs > options.maxRetryAfterMs) {
                    m_result.retryAfter = until;
                    finish(FhirErrorKind::Http,
                           QStringLiteral("%1 (the server asks to retry after %2 s)")
                               .arg(httpError)
                               .arg(delayMs / 1000));
                    return;
                }
            }
        }
        if (m_result.attempts < options.maxAttempts) {
            retryLater(delayMs, httpError);
            return;
        }
        finish(FhirErrorKind::Http,
               QStringLiteral("%1 after %2 attempts").arg(httpError).arg(m_result.attempts));
        return;
    }

    finish(FhirErrorKind::Http, httpError);
}

void FhirRequest::retryLater(qint64 delayMs, const QString &) {
    const FhirClient::Options &options = m_client->m_options;
    if (delayMs < 0) {
        // Exponential backoff with jitter in [50%, 100%], so that requests
        // failing together do not retry together.
        const double exponential =
            double(options.initialBackoffMs) * std::pow(2.0, double(qMin(m_retries, 20)));
        const double capped = qMin(exponential, double(options.maxBackoffMs));
        delayMs = qint64(capped * (0.5 + 0.5 * QRandomGenerator::global()->generateDouble()));
    }
    ++m_retries;
    m_retryTimer.start(int(qMin<qint64>(delayMs, std::numeric_limits<int>::max())));
}

void FhirRequest::abort() {
    if (m_finished || m_aborting)
        return;
    if (m_reply && !m_reply->isFinished()) {
        m_aborting = true;
        m_reply->abort();
        return;
    }
    if (m_reply) {
        // Finished, with its finished() still queued: aborting it now would
        // report its error twice. Nobody wants the answer any more.
        m_reply->disconnect(this);
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    if (m_waitingForSlot && m_client->m_limiter)
        m_client->m_limiter->cancel(m_ticket);
    m_waitingForSlot = false;
    m_retryTimer.stop();
    finish(FhirErrorKind::Cancelled, QStringLiteral("cancelled"));
}

void FhirRequest::finish(FhirErrorKind kind, const QString &error) {
    if (m_finished)
        return;
    m_finished = true;
    m_retryTimer.stop();
    if (m_holdsSlot) {
        m_holdsSlot = false;
        if (m_client->m_limiter)
            m_client->m_limiter->release();
    }
    m_result.errorKind = kind;
    m_result.error = error;
    m_result.elapsedMs = m_clock.elapsed();
    --m_client->m_active;
    // Emitted from the event loop so that a caller connecting after get()
    // returns never misses a result that was known at once (e.g. Origin).
    QMetaObject::invokeMethod(
        this,
        [this] {
            emit finished(m_result);
            deleteLater();
        },
        Qt::QueuedConnection);
}

FhirClient::FhirClient(QNetworkAccessManager *network, const Options &options,
                       AccessTokenProvider *tokens, RateLimiter *limiter, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_options(options)
    , m_tokens(tokens)
    , m_limiter(limiter) {
    m_options.maxAttempts = qMax(1, m_options.maxAttempts);
}

FhirClient::~FhirClient() {
    abortAll();
}

FhirRequest *FhirClient::get(const QUrl &url) {
    auto *request = new FhirRequest(this, url);
    request->start();
    return request;
}

QUrl FhirClient::urlFor(const QString &relativePath, const QUrlQuery &query) const {
    QUrl url = m_options.fhirBase;
    QString path = url.path();
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    url.setPath(path + relativePath);
    url.setQuery(query);
    return url;
}

FhirRequest *FhirClient::getAttachment(const QUrl &url) {
    auto *request = new FhirRequest(this, url);
    request->m_attachment = true;
    request->start();
    return request;
}

FhirRequest *FhirClient::search(const QString &resourceType, const QUrlQuery &query) {
    return get(urlFor(resourceType, query));
}

FhirRequest *FhirClient::read(const QString &resourceType, const QString &id) {
    return get(
        urlFor(resourceType + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(id))));
}

void FhirClient::abortAll() {
    const QList<FhirRequest *> requests = findChildren<FhirRequest *>(Qt::FindDirectChildrenOnly);
    for (FhirRequest *request : requests)
        request->abort();
}

QDateTime FhirClient::parseRetryAfter(const QByteArray &value, const QDateTime &now) {
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return {};
    bool isNumber = false;
    const qint64 seconds = trimmed.toLongLong(&isNumber);
    if (isNumber)
        return seconds >= 0 ? now.addSecs(seconds) : QDateTime();
    // IMF-fixdate, the form RFC 9110 requires senders to use.
    QDateTime date = QLocale::c().toDateTime(QString::fromLatin1(trimmed),
                                             QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (date.isValid()) {
        date.setTimeSpec(Qt::UTC);
        return date;
    }
    return QDateTime::fromString(QString::fromLatin1(trimmed), Qt::RFC2822Date);
}

} // namespace medpull
