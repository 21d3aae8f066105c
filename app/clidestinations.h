#pragma once

#include <QString>
#include <QStringList>

// `medpull-cli destinations add|list|enable|disable|retry|deliveries|deliver`.
// `arguments` are what follows `destinations` (a leading "destinations" is
// skipped too). Prints to stdout (JSON with `json` or --json), errors as one
// line on stderr. Returns 0 on success, 1 when the command failed, 2 for a
// usage error.
int runDestinationsCommand(const QStringList &arguments, const QString &databaseLocation,
                           bool json);
