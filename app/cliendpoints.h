// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "clicommon.h"

#include <QStringList>

namespace medpull::cli {

// `medpull-cli endpoints ...`: event webhook endpoints, their delivery logs,
// redelivery, and the event outbox.
int runEndpointsAdd(const QStringList &arguments, GlobalOptions globals);
int runEndpointsList(const QStringList &arguments, GlobalOptions globals);
int runEndpointsEnable(const QStringList &arguments, GlobalOptions globals);
int runEndpointsDisable(const QStringList &arguments, GlobalOptions globals);
int runEndpointsRemove(const QStringList &arguments, GlobalOptions globals);
int runEndpointsLog(const QStringList &arguments, GlobalOptions globals);
int runEndpointsRedeliver(const QStringList &arguments, GlobalOptions globals);
int runEndpointsEvents(const QStringList &arguments, GlobalOptions globals);
int runEndpointsDeliver(const QStringList &arguments, GlobalOptions globals);

} // namespace medpull::cli
