// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "exportdestination.h"
#include "tokenvault.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace medpull {

class Database;

// A destination's secrets (a FHIR server's bearer token or basic password, a
// webhook's signing secret, an S3 secret access key) are encrypted at rest like connection tokens,
// with the token vault's key. The stored config keeps its other fields
// readable and holds the secrets only inside
//   "sealed": {"keys": [names], "keyId", "nonce", "ciphertext" (base64)}
// whose plaintext is a JSON object of those keys. A config written by an
// earlier build may still hold them in plain; it is read as it is and sealed
// on its next write (or by the exporter's reseal when it starts).
class DestinationSecrets {
public:
    // The one line a delivery or a connection test reports when the sealed
    // secrets cannot be opened (another key, or tampered).
    static QString undecryptable();

    // The vault of the database's location, as the engine opens it (a key
    // file next to a SQLite file wins, so every process finds the same key),
    // knowing the keys the database names.
    static TokenVault::Options vaultOptions(const Database &database);
    // Records an opened vault's key as the database's (once, see
    // TokenRepository::recordKeyId). An error line when another process
    // recorded a different key first: sealing with this one would leave its
    // data unreadable there. Throws StoreError.
    static QString recordKey(const Database &database, const TokenVault &vault);

    static const QStringList &keys();
    // Whether the config holds secrets sealed, or in plain.
    static bool hasSealed(const QJsonObject &config);
    static bool hasPlain(const QJsonObject &config);

    // The config as it may be stored: plain secrets moved into "sealed" (a
    // config without them is returned as it is). Requires a ready vault when
    // there is something to seal.
    static QJsonObject seal(const QJsonObject &config, const TokenVault &vault);
    // seal() for a destination about to be written; throws StoreError when
    // the vault has no key, so nothing is stored unprotected.
    static ExportDestination sealed(ExportDestination destination, const TokenVault *vault);
    // The config with its secrets in plain, for a delivery or a connection
    // test; std::nullopt with undecryptable() in `error` and the vault's
    // reason (for a log, never for a person) in `detail`.
    static std::optional<QJsonObject> unseal(const QJsonObject &config, const TokenVault *vault,
                                             QString *error, QString *detail = nullptr);

    // What may leave the engine (UI, lists): no secret values, and "sealed"
    // reduced to {"keys": [...]} so an editor can say which are stored.
    static QJsonObject withoutSecrets(const QJsonObject &config);
    // The secret names the config's kind and auth use.
    static QStringList usedKeys(DestinationKind kind, const QJsonObject &config);
    // An edited destination's config with the stored secrets it still uses
    // but does not repeat (an editor never sees them); `stored` is plain.
    static QJsonObject keepStored(const ExportDestination &edited, const QJsonObject &stored);
};

} // namespace medpull
