// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "clicommon.h"
#include "source.h"
#include "sourcesettings.h"

namespace medpull::cli {

// The registration settings' options, shared by `sources add` and `sources
// edit`. A secret is never an argument (other users can read those): it is
// read from a file, or from stdin for "-".
void addSettingsOptions(CommandParser &parser);
// The options given, as settings (unset ones stay unset); usage errors throw.
SourceSettings readSettings(const CommandParser &parser);
// The source named NAME (a name or an id).
Source requireSource(const Database &database, const QString &nameOrId);
// A source as `sources list --json` and the engine commands print it:
// secrets only as whether they are stored.
QJsonObject sourceJson(const Source &source);

// Prints the public JWKS of a private_key_jwt source, for the portal's admin.
int runSourcesJwks(const QStringList &arguments, GlobalOptions globals);

} // namespace medpull::cli
