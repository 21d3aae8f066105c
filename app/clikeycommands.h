// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "clicommon.h"

namespace medpull::cli {

// The token key, moved between machines: `key export FILE` writes the
// database's key sealed with a passphrase, `key import FILE` puts it where
// this machine looks for it. The passphrase comes from --passphrase-file,
// MEDPULL_KEY_PASSPHRASE or, on a terminal, a prompt.
int runKeyExport(const QStringList &arguments, GlobalOptions globals);
int runKeyImport(const QStringList &arguments, GlobalOptions globals);

} // namespace medpull::cli
