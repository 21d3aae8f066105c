// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "clicommon.h"

namespace medpull::cli {

// Commands that run the engine: they start it, drive it through its facade
// and run the event loop until their work is done. Each returns the exit code
// or throws CliError.
int runSourcesAdd(const QStringList &arguments, GlobalOptions globals);
int runConnect(const QStringList &arguments, GlobalOptions globals);
int runRun(const QStringList &arguments, GlobalOptions globals);
int runDemoSeed(const QStringList &arguments, GlobalOptions globals);
// Source management through the engine: `sources edit|disable|enable|remove NAME`.
int runSourcesEdit(const QStringList &arguments, GlobalOptions globals);
int runSourcesDisable(const QStringList &arguments, GlobalOptions globals);
int runSourcesEnable(const QStringList &arguments, GlobalOptions globals);
int runSourcesRemove(const QStringList &arguments, GlobalOptions globals);

} // namespace medpull::cli
