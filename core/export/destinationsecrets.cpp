// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "destinationsecrets.h"

#include "database.h"
#include "storeerror.h"
#include "tokenrepository.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <sodium.h>

namespace medpull {

namespace {

const QString sealedKey = QStringLiteral("sealed");

QString text(const QJsonObject &object, const QString &key) {
    return object.value(key).toString();
}

} // namespace

QString DestinationSecrets::undecryptable() {
    return QStringLiteral("destination secret cannot be decrypted: re-enter it");
}

TokenVault::Options DestinationSecrets::vaultOptions(const Database &database) {
    TokenVault::Options options;
    // The location without its password names the same key: the vault
    // derives key file names and keychain entries without the password.
    options.databaseLocation = database.displayLocation();
    const TokenRepository tokens(database);
    options.keychainKeyInUse = tokens.keychainKeyInUse();
    options.knownKeyIds = tokens.knownKeyIds();
    return options;
}

QString DestinationSecrets::recordKey(const Database &database, const TokenVault &vault) {
    const QString recorded = TokenRepository(database).recordKeyId(vault.keyId());
    if (TokenVault::fingerprint(recorded) == TokenVault::fingerprint(vault.keyId()))
        return {};
    return QCoreApplication::translate(
               "DestinationSecrets",
               "another process made a different key for this database first (%1); start again "
               "to use it")
        .arg(recorded);
}

const QStringList &DestinationSecrets::keys() {
    static const QStringList all{QStringLiteral("token"), QStringLiteral("password"),
                                 QStringLiteral("secret"), QStringLiteral("secretAccessKey")};
    return all;
}

bool DestinationSecrets::hasSealed(const QJsonObject &config) {
    return config.value(sealedKey).toObject().contains(QStringLiteral("ciphertext"));
}

bool DestinationSecrets::hasPlain(const QJsonObject &config) {
    for (const QString &key : keys()) {
        if (!text(config, key).isEmpty())
            return true;
    }
    return false;
}

QJsonObject DestinationSecrets::seal(const QJsonObject &config, const TokenVault &vault) {
    QJsonObject result = config;
    QJsonObject plain;
    for (const QString &key : keys()) {
        if (!text(config, key).isEmpty())
            plain.insert(key, text(config, key));
        result.remove(key);
    }
    if (plain.isEmpty())
        return config;
    QByteArray bytes = QJsonDocument(plain).toJson(QJsonDocument::Compact);
    const SealedBytes box = vault.sealBytes(bytes);
    sodium_memzero(bytes.data(), size_t(bytes.size()));
    result.insert(sealedKey,
                  QJsonObject{{QStringLiteral("keys"), QJsonArray::fromStringList(plain.keys())},
                              {QStringLiteral("keyId"), box.keyId},
                              {QStringLiteral("nonce"), QString::fromLatin1(box.nonce.toBase64())},
                              {QStringLiteral("ciphertext"),
                               QString::fromLatin1(box.ciphertext.toBase64())}});
    return result;
}

ExportDestination DestinationSecrets::sealed(ExportDestination destination,
                                             const TokenVault *vault) {
    if (!hasPlain(destination.config))
        return destination;
    if (!vault || !vault->isReady())
        throw StoreError(QStringLiteral("destination secrets cannot be protected: the token "
                                        "vault has no key"));
    destination.config = seal(destination.config, *vault);
    return destination;
}

std::optional<QJsonObject> DestinationSecrets::unseal(const QJsonObject &config,
                                                      const TokenVault *vault, QString *error,
                                                      QString *detail) {
    if (!config.contains(sealedKey))
        return config;
    const auto fail = [&](const QString &why) -> std::optional<QJsonObject> {
        if (error)
            *error = undecryptable();
        if (detail)
            *detail = why;
        return std::nullopt;
    };
    const QJsonObject box = config.value(sealedKey).toObject();
    if (!vault)
        return fail(QStringLiteral("no token vault"));
    QString why;
    std::optional<QByteArray> bytes = vault->unsealBytes(
        {QByteArray::fromBase64(text(box, QStringLiteral("ciphertext")).toLatin1()),
         QByteArray::fromBase64(text(box, QStringLiteral("nonce")).toLatin1()),
         text(box, QStringLiteral("keyId"))},
        &why);
    if (!bytes)
        return fail(why);
    const QJsonObject secrets = QJsonDocument::fromJson(*bytes).object();
    sodium_memzero(bytes->data(), size_t(bytes->size()));
    if (secrets.isEmpty())
        return fail(QStringLiteral("sealed secrets decrypt to no JSON object"));
    QJsonObject result = config;
    result.remove(sealedKey);
    for (const QString &key : keys()) {
        if (secrets.contains(key))
            result.insert(key, secrets.value(key));
    }
    return result;
}

QJsonObject DestinationSecrets::withoutSecrets(const QJsonObject &config) {
    QJsonObject result = config;
    QStringList stored;
    for (const QJsonValue &key : config.value(sealedKey)[QStringLiteral("keys")].toArray())
        stored.append(key.toString());
    for (const QString &key : keys()) {
        if (!text(config, key).isEmpty() && !stored.contains(key))
            stored.append(key);
        result.remove(key);
    }
    result.remove(sealedKey);
    if (!stored.isEmpty())
        result.insert(sealedKey,
                      QJsonObject{{QStringLiteral("keys"), QJsonArray::fromStringList(stored)}});
    return result;
}

QStringList DestinationSecrets::usedKeys(DestinationKind kind, const QJsonObject &config) {
    switch (kind) {
    case DestinationKind::NdjsonFolder:
        return {};
    case DestinationKind::FhirServer: {
        const QString auth = text(config, QStringLiteral("auth"));
        if (auth == QLatin1String("bearer"))
            return {QStringLiteral("token")};
        if (auth == QLatin1String("basic"))
            return {QStringLiteral("password")};
        return {};
    }
    case DestinationKind::Webhook:
        return {QStringLiteral("secret")};
    case DestinationKind::S3:
        return {QStringLiteral("secretAccessKey")};
    }
    return {};
}

QJsonObject DestinationSecrets::keepStored(const ExportDestination &edited,
                                           const QJsonObject &stored) {
    QJsonObject result = edited.config;
    result.remove(sealedKey);
    for (const QString &key : usedKeys(edited.kind, edited.config)) {
        if (text(result, key).isEmpty() && !text(stored, key).isEmpty())
            result.insert(key, text(stored, key));
    }
    return result;
}

} // namespace medpull
