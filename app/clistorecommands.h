// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "clicommon.h"

namespace medpull::cli {

// Commands that read or queue work in the database directly; they need no
// running engine and finish at once. Each returns the exit code or throws
// CliError.
int runSourcesList(const QStringList &arguments, GlobalOptions globals);
int runPatientsAdd(const QStringList &arguments, GlobalOptions globals);
int runPatientsList(const QStringList &arguments, GlobalOptions globals);
int runPull(const QStringList &arguments, GlobalOptions globals);
int runStatus(const QStringList &arguments, GlobalOptions globals);
int runAttention(const QStringList &arguments, GlobalOptions globals);
int runEvents(const QStringList &arguments, GlobalOptions globals);
int runResources(const QStringList &arguments, GlobalOptions globals);

} // namespace medpull::cli
