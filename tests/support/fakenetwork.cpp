// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "fakenetwork.h"

#include <QBuffer>

namespace medpull::test {

FakeResponse FakeResponse::json(const QByteArray &body, int status) {
    FakeResponse response;
    response.status = status;
    response.body = body;
    response.headers = {{"Content-Type", "application/fhir+json"}};
    return response;
}

FakeResponse FakeResponse::networkError(QNetworkReply::NetworkError error, const QString &text) {
    FakeResponse response;
    response.error = error;
    response.errorString = text;
    return response;
}

FakeResponse FakeResponse::hanging() {
    FakeResponse response;
    response.hang = true;
    return response;
}

FakeResponse FakeResponse::withHeader(FakeResponse response, const QByteArray &name,
                                      const QByteArray &value) {
    response.headers.append({name, value});
    return response;
}

QByteArray RecordedRequest::header(const QByteArray &name) const {
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

FakeNetworkManager::FakeNetworkManager(QObject *parent)
    : QNetworkAccessManager(parent) {}

void FakeNetworkManager::setResponse(const QUrl &url, const FakeResponse &response) {
    m_standing.insert(url, response);
}

void FakeNetworkManager::enqueue(const QUrl &url, const FakeResponse &response) {
    m_queued[url].push_back(response);
}

int FakeNetworkManager::requestCount(const QUrl &url) const {
    int count = 0;
    for (const RecordedRequest &request : m_requests)
        count += request.url == url;
    return count;
}

FakeResponse FakeNetworkManager::responseFor(const RecordedRequest &request) {
    if (m_override) {
        if (std::optional<FakeResponse> answer = m_override(request))
            return *answer;
    }
    auto queued = m_queued.find(request.url);
    if (queued != m_queued.end() && !queued->empty()) {
        FakeResponse response = queued->front();
        queued->pop_front();
        return response;
    }
    auto standing = m_standing.constFind(request.url);
    if (standing != m_standing.constEnd())
        return *standing;
    return FakeResponse::json(R"({"resourceType":"OperationOutcome","issue":[{"severity":"error",)"
                              R"("code":"not-found","diagnostics":"no such fake resource"}]})",
                              404);
}

QNetworkReply *FakeNetworkManager::createRequest(Operation op, const QNetworkRequest &request,
                                                 QIODevice *outgoingData) {
    RecordedRequest recorded{op, request.url(), {}, {}};
    const QList<QByteArray> names = request.rawHeaderList();
    for (const QByteArray &name : names)
        recorded.headers.append({name, request.rawHeader(name)});
    if (outgoingData)
        recorded.body = outgoingData->readAll();
    m_requests.append(recorded);
    emit requestReceived(recorded.url);

    auto *reply = new FakeReply(request, op, responseFor(recorded), this);
    m_peakOpen = qMax(m_peakOpen, ++m_open);
    connect(reply, &QNetworkReply::finished, this, [this] { --m_open; });
    return reply;
}

FakeReply::FakeReply(const QNetworkRequest &request, QNetworkAccessManager::Operation op,
                     const FakeResponse &response, QObject *parent)
    : QNetworkReply(parent)
    , m_response(response) {
    setRequest(request);
    setUrl(request.url());
    setOperation(op);
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &FakeReply::respond);
    // Like Qt 6.4's HTTP backend: a transfer timeout aborts the reply.
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &FakeReply::abort);
    if (request.transferTimeout() > 0)
        m_timeout.start(request.transferTimeout());
    if (!response.hang)
        m_timer.start(qMax(0, response.delayMs));
}

void FakeReply::respond() {
    if (m_done)
        return;
    m_timeout.stop();
    if (m_response.error != QNetworkReply::NoError) {
        failWith(m_response.error, m_response.errorString);
        return;
    }
    m_done = true;
    setAttribute(QNetworkRequest::HttpStatusCodeAttribute, m_response.status);
    setAttribute(QNetworkRequest::HttpReasonPhraseAttribute,
                 m_response.status == 200 ? QByteArray("OK") : QByteArray("Fake"));
    for (const auto &[name, value] : std::as_const(m_response.headers))
        setRawHeader(name, value);
    m_payload = m_response.body;
    setHeader(QNetworkRequest::ContentLengthHeader, m_payload.size());
    if (m_response.status >= 400)
        setError(m_response.status == 404 ? QNetworkReply::ContentNotFoundError
                                          : QNetworkReply::UnknownContentError,
                 QStringLiteral("HTTP %1").arg(m_response.status));
    emit metaDataChanged();
    if (!m_payload.isEmpty())
        emit readyRead();
    emit finished();
}

void FakeReply::failWith(QNetworkReply::NetworkError error, const QString &text) {
    m_done = true;
    m_timer.stop();
    m_timeout.stop();
    setError(error, text);
    emit errorOccurred(error);
    emit finished();
}

void FakeReply::abort() {
    if (m_done)
        return;
    failWith(QNetworkReply::OperationCanceledError, QStringLiteral("Operation canceled"));
}

qint64 FakeReply::bytesAvailable() const {
    return m_payload.size() - m_offset + QIODevice::bytesAvailable();
}

qint64 FakeReply::readData(char *data, qint64 maxSize) {
    const qint64 n = qMin(maxSize, m_payload.size() - m_offset);
    if (n <= 0)
        return m_done ? -1 : 0;
    std::memcpy(data, m_payload.constData() + m_offset, size_t(n));
    m_offset += n;
    return n;
}

} // namespace medpull::test
