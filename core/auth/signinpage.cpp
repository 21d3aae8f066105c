// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "signinpage.h"

#include "loopbackhttpserver.h"

namespace medpull {

namespace {

QString portalAnswer(const AuthorizationResult &result) {
    return result.errorDescription.isEmpty() ? result.errorCode : result.errorDescription;
}

QString link(const QUrl &url, const QString &text) {
    return QStringLiteral("<a href=\"%1\">%2</a>")
        .arg(url.toString(QUrl::FullyEncoded).toHtmlEscaped(), text.toHtmlEscaped());
}

} // namespace

SignInPage SignInPage::waiting(const QString &portalName) {
    return {tr("Still connecting to %1").arg(portalName),
            tr("Your sign-in at %1 was received, but the connection is taking longer than "
               "usual. The staff can see whether it worked; you can close this window.")
                .arg(portalName),
            {}};
}

SignInPage SignInPage::forResult(const QString &portalName, const AuthorizationResult &result,
                                 const SignInLinks &links) {
    using Failure = AuthorizationResult::Failure;
    SignInPage page;
    page.links = links;
    page.title = tr("Not connected to %1").arg(portalName);
    switch (result.failure) {
    case Failure::None:
        page.title = tr("Connected to %1").arg(portalName);
        page.message = tr("Connected to %1. Your records are being retrieved in the background; "
                          "you can close this window.")
                           .arg(portalName);
        break;
    case Failure::Denied:
        page.message =
            tr("You did not allow access to your records at %1, so nothing was connected.")
                .arg(portalName);
        break;
    case Failure::ErrorCallback:
        page.message =
            result.errorCode.isEmpty()
                ? tr("%1 ended the sign-in without giving access, so nothing was connected.")
                      .arg(portalName)
                : tr("%1 could not complete the sign-in (it said: %2), so nothing was connected.")
                      .arg(portalName, portalAnswer(result));
        break;
    case Failure::StateMismatch:
        page.message = tr("This answer from %1 does not belong to the sign-in the staff started "
                          "(it may come from an older sign-in window), so nothing was connected.")
                           .arg(portalName);
        break;
    case Failure::ExchangeFailed:
        page.message = tr("You signed in, but %1 did not complete the connection, so nothing was "
                          "connected.")
                           .arg(portalName);
        break;
    case Failure::Timeout:
        page.message =
            tr("This sign-in took too long and has expired, so nothing was connected to %1.")
                .arg(portalName);
        break;
    case Failure::Cancelled:
        page.message = tr("The sign-in was cancelled at the clinic. Nothing was connected to %1.")
                           .arg(portalName);
        break;
    case Failure::ListenFailed:
    case Failure::InvalidRequest:
        page.message =
            tr("The sign-in could not be started, so nothing was connected to %1.").arg(portalName);
        break;
    }
    const bool patientCanRetry = !result.ok() && result.failure != Failure::Cancelled;
    if (patientCanRetry && links.tryAgain.isEmpty())
        page.message +=
            QLatin1Char(' ') + tr("To try again, ask the staff to start the connection again.");
    return page;
}

QByteArray SignInPage::html() const {
    QString body = QStringLiteral("<p>%1</p>").arg(message.toHtmlEscaped());
    if (!links.tryAgain.isEmpty())
        body +=
            QStringLiteral("<p><strong>%1</strong></p>").arg(link(links.tryAgain, tr("Try again")));
    if (!links.otherSources.isEmpty()) {
        body += QStringLiteral("<h2>%1</h2><p>%2</p><ul>")
                    .arg(tr("Other sources").toHtmlEscaped(),
                         tr("Your records can also be retrieved from:").toHtmlEscaped());
        for (const SignInLinks::OtherSource &source : links.otherSources)
            body += QStringLiteral("<li>%1 &ndash; %2</li>")
                        .arg(source.name.toHtmlEscaped(),
                             link(source.connect, tr("Connect another source")));
        body += QStringLiteral("</ul>");
    }
    return LoopbackHttpServer::page(title, body);
}

} // namespace medpull
