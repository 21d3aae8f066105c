// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "clicommon.h"

namespace medpull::cli {

// `medpull-cli destinations ACTION`: export destinations and their
// deliveries. Each returns the exit code or throws CliError.
int runDestinationsAdd(const QStringList &arguments, GlobalOptions globals);
int runDestinationsList(const QStringList &arguments, GlobalOptions globals);
int runDestinationsEnable(const QStringList &arguments, GlobalOptions globals);
int runDestinationsDisable(const QStringList &arguments, GlobalOptions globals);
int runDestinationsRetry(const QStringList &arguments, GlobalOptions globals);
int runDestinationsDeliveries(const QStringList &arguments, GlobalOptions globals);
int runDestinationsDeliver(const QStringList &arguments, GlobalOptions globals);

} // namespace medpull::cli
