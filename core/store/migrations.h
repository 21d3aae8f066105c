// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace medpull {

// One step of the schema's history. Statements use Dialect::expand()
// placeholders. A released migration is never edited: a change is a new step.
struct Migration {
    int version = 0;
    QString description;
    QStringList statements;
};

const QList<Migration> &migrations();

} // namespace medpull
