// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>
#include <QString>
#include <QUrl>

namespace medpull {

// The links on the patient's page after signing in; each starts a launch of
// its own (LaunchLinkServer).
struct SignInLinks {
    struct OtherSource {
        QString name;
        QUrl connect;
    };
    QUrl tryAgain; // after a failure: a new launch at the same portal
    QList<OtherSource> otherSources;
};

} // namespace medpull
