// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QLocale>

class QCoreApplication;

namespace medpull {

// Qt's and medpull's translations for `locale`. A locale medpull has no
// translation for (C.UTF-8, French, ...) gets the English one, whose plural
// forms turn "%n patient(s)" into "1 patient" and "2 patients".
void installTranslations(QCoreApplication &app, const QLocale &locale = QLocale());

} // namespace medpull
