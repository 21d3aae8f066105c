// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Prints what the sandbox costs: resources/s it generates, requests/s and
// MB/s it serves over loopback HTTP, and start time and memory at 1,000,000
// resources. Figures, not assertions: it fails only when something breaks.

#include "sandboxdata.h"
#include "sandboxhost.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

#include <cstdio>

using namespace medpull;

namespace {

long rssKb() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

QByteArray waitFor(QNetworkReply *reply) {
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    reply->deleteLater();
    return reply->readAll();
}

// A standalone launch without the HTML form: the form's fields are the
// authorize request's own, plus the patient and the button.
QString login(QNetworkAccessManager &manager, const SandboxPortalInfo &portal,
              const QString &patient) {
    const QByteArray verifier = "bench-verifier-0123456789-0123456789-abcdef";
    const QByteArray challenge =
        QCryptographicHash::hash(verifier, QCryptographicHash::Sha256)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
    form.addQueryItem(QStringLiteral("client_id"), QStringLiteral("medpull"));
    form.addQueryItem(QStringLiteral("redirect_uri"), QStringLiteral("http://127.0.0.1:9/cb"));
    form.addQueryItem(QStringLiteral("state"), QStringLiteral("s"));
    form.addQueryItem(QStringLiteral("aud"),
                      QString::fromLatin1(QUrl::toPercentEncoding(portal.fhirBase.toString())));
    form.addQueryItem(QStringLiteral("scope"), QStringLiteral("patient%2F*.read"));
    form.addQueryItem(QStringLiteral("code_challenge"), QString::fromLatin1(challenge));
    form.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    form.addQueryItem(QStringLiteral("patient"), patient);
    form.addQueryItem(QStringLiteral("decision"), QStringLiteral("approve"));
    QNetworkRequest request(portal.authorizationEndpoint);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *redirect = manager.post(request, form.toString(QUrl::FullyEncoded).toUtf8());
    waitFor(redirect);
    const QString code = QUrlQuery(QUrl::fromEncoded(redirect->rawHeader("Location")))
                             .queryItemValue(QStringLiteral("code"));
    QNetworkRequest tokenRequest(portal.tokenEndpoint);
    tokenRequest.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    const QByteArray body =
        "grant_type=authorization_code&client_id=medpull&code=" + code.toLatin1() +
        "&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb&code_verifier=" + verifier;
    return QJsonDocument::fromJson(waitFor(manager.post(tokenRequest, body)))
        .object()
        .value(QStringLiteral("access_token"))
        .toString();
}

void generation() {
    sandbox::SandboxDataset data({"epic", 'e', 1, 1, 200000, 1});
    QByteArray buffer;
    buffer.reserve(4 << 20);
    qint64 resources = 0, bytes = 0;
    QElapsedTimer timer;
    timer.start();
    for (int k = 0; k < sandbox::SearchableKinds; ++k) {
        const int count = data.count(0, sandbox::Kind(k));
        for (int i = 0; i < count; ++i) {
            data.write(buffer, {sandbox::Kind(k), 0, i});
            ++resources;
            if (buffer.size() > (3 << 20)) {
                bytes += buffer.size();
                buffer.clear();
            }
        }
    }
    bytes += buffer.size();
    const double seconds = timer.nsecsElapsed() / 1e9;
    std::printf(
        "generate: %lld resources in %.2f s: %.0f resources/s, %.1f MB/s, %.0f bytes/resource\n",
        resources, seconds, resources / seconds, bytes / seconds / 1e6,
        double(bytes) / double(resources));
}

void million() {
    const long before = rssKb();
    SandboxOptions options;
    options.patients = 1000;
    options.resourcesPerPatient = 333;
    QElapsedTimer timer;
    timer.start();
    SandboxHost host(options);
    QString error;
    if (!host.start(&error)) {
        std::fprintf(stderr, "bench_sandbox: %s\n", qPrintable(error));
        std::exit(1);
    }
    const double startMs = timer.nsecsElapsed() / 1e6;
    QNetworkAccessManager manager;
    timer.restart();
    const QJsonDocument patients = QJsonDocument::fromJson(waitFor(manager.get(QNetworkRequest(
        QUrl(host.info().adminUrl.toString() + QStringLiteral("/portals/epic/patients"))))));
    qint64 total = 0;
    for (const QJsonValue &patient : patients.array())
        total += patient[QStringLiteral("total")].toInt();
    const double countMs = timer.nsecsElapsed() / 1e6;
    std::printf("million: 3 portals x 1000 patients x ~333 resources (epic alone: %lld to pull), "
                "started in %.1f ms, RSS +%ld kB; admin counts for 1000 patients in %.0f ms\n",
                total, startMs, rssKb() - before, countMs);
}

void serving() {
    SandboxOptions options;
    options.patients = 1;
    options.resourcesPerPatient = 200000;
    SandboxHost host(options);
    if (!host.start())
        std::exit(1);
    const SandboxPortalInfo portal = host.info().portals.value(1); // cerner: pages of 200
    QNetworkAccessManager manager;
    const QByteArray bearer = "Bearer " + login(manager, portal, QStringLiteral("cP0")).toUtf8();

    qint64 requests = 0, bytes = 0, resources = 0;
    int running = 0;
    QEventLoop loop;
    std::function<void(const QUrl &)> fetch = [&](const QUrl &url) {
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", bearer);
        QNetworkReply *reply = manager.get(request);
        ++running;
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply] {
            reply->deleteLater();
            --running;
            const QByteArray body = reply->readAll();
            if (reply->error() != QNetworkReply::NoError) {
                std::fprintf(stderr, "bench_sandbox: %s\n", qPrintable(reply->errorString()));
                std::exit(1);
            }
            ++requests;
            bytes += body.size();
            resources += body.count("\"fullUrl\"");
            // The next link is the only one after "next": no need to parse the page.
            const qsizetype next = body.indexOf("\"relation\":\"next\",\"url\":\"");
            if (next >= 0) {
                const qsizetype start = next + 25;
                fetch(QUrl::fromEncoded(body.mid(start, body.indexOf('"', start) - start)));
            } else if (running == 0) {
                loop.quit();
            }
        });
    };
    QElapsedTimer timer;
    timer.start();
    for (int k = 0; k < sandbox::SearchableKinds; ++k) {
        fetch(QUrl(portal.fhirBase.toString() +
                   QStringLiteral("/%1?patient=cP0&_count=200")
                       .arg(QLatin1String(sandbox::kindName(sandbox::Kind(k))))));
    }
    loop.exec();
    const double seconds = timer.nsecsElapsed() / 1e9;
    std::printf("serve: %lld requests, %lld resources, %.1f MB in %.2f s: %.0f requests/s, "
                "%.0f resources/s, %.1f MB/s (pages of 200, 13 searches at once, client in "
                "the same process)\n",
                requests, resources, bytes / 1e6, seconds, requests / seconds, resources / seconds,
                bytes / seconds / 1e6);
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    generation();
    million();
    serving();
    return 0;
}
