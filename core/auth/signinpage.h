// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "authorizationflow.h"
#include "signinlinks.h"

#include <QCoreApplication>
#include <QString>

namespace medpull {

// What the patient's browser shows on the redirect URI: the outcome of the
// sign-in in plain words, for each way it can end, and its links.
struct SignInPage {
    Q_DECLARE_TR_FUNCTIONS(SignInPage)

public:
    QString title;
    QString message;
    SignInLinks links;

    // While the code exchange has not answered in time.
    static SignInPage waiting(const QString &portalName);
    static SignInPage forResult(const QString &portalName, const AuthorizationResult &result,
                                const SignInLinks &links = {});
    // One self-contained, localized HTML document.
    QByteArray html() const;
};

} // namespace medpull
