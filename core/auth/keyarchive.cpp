// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "keyarchive.h"

#include "sodiumsupport.h"
#include "tokenvault.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <sodium.h>

namespace medpull {

namespace {

const QString formatName = QStringLiteral("medpull-token-key");
constexpr int formatVersion = 1;
constexpr int keySize = crypto_secretbox_KEYBYTES;
// What an archive may ask of the machine that opens it: a damaged or hostile
// file must not make Argon2id take minutes or gigabytes.
constexpr quint64 maxOpsLimit = crypto_pwhash_OPSLIMIT_SENSITIVE;
constexpr quint64 maxMemLimit = crypto_pwhash_MEMLIMIT_SENSITIVE;

QByteArray bytes(const QJsonObject &object, const QString &key) {
    return QByteArray::fromBase64(object.value(key).toString().toLatin1());
}

QString text(const QByteArray &data) {
    return QString::fromLatin1(data.toBase64());
}

// Argon2id over the passphrase; empty when libsodium runs out of memory.
QByteArray deriveKey(const QByteArray &passphrase, const QByteArray &salt, quint64 opsLimit,
                     quint64 memLimit) {
    QByteArray key(keySize, Qt::Uninitialized);
    if (crypto_pwhash(reinterpret_cast<unsigned char *>(key.data()), quint64(key.size()),
                      passphrase.constData(), quint64(passphrase.size()),
                      reinterpret_cast<const unsigned char *>(salt.constData()), opsLimit,
                      size_t(memLimit), crypto_pwhash_ALG_ARGON2ID13) != 0)
        return {};
    return key;
}

} // namespace

QByteArray KeyArchive::seal(const QList<QByteArray> &keys, const QByteArray &passphrase) {
    Sodium::ensureInitialized();
    QByteArray plain;
    QJsonArray ids;
    for (const QByteArray &key : keys) {
        plain += key;
        ids.append(TokenVault::keyFileId(key));
    }
    const QByteArray salt = Sodium::randomBytes(crypto_pwhash_SALTBYTES);
    const quint64 opsLimit = crypto_pwhash_OPSLIMIT_MODERATE;
    const quint64 memLimit = crypto_pwhash_MEMLIMIT_MODERATE;
    QByteArray boxKey = deriveKey(passphrase, salt, opsLimit, memLimit);
    if (boxKey.isEmpty())
        return {};
    const QByteArray nonce = Sodium::randomBytes(crypto_secretbox_NONCEBYTES);
    QByteArray sealed(plain.size() + crypto_secretbox_MACBYTES, Qt::Uninitialized);
    crypto_secretbox_easy(reinterpret_cast<unsigned char *>(sealed.data()),
                          reinterpret_cast<const unsigned char *>(plain.constData()),
                          quint64(plain.size()),
                          reinterpret_cast<const unsigned char *>(nonce.constData()),
                          reinterpret_cast<const unsigned char *>(boxKey.constData()));
    sodium_memzero(plain.data(), size_t(plain.size()));
    sodium_memzero(boxKey.data(), size_t(boxKey.size()));
    const QJsonObject archive{
        {QStringLiteral("format"), formatName},
        {QStringLiteral("version"), formatVersion},
        {QStringLiteral("kdf"), QStringLiteral("argon2id13")},
        {QStringLiteral("opsLimit"), qint64(opsLimit)},
        {QStringLiteral("memLimit"), qint64(memLimit)},
        {QStringLiteral("salt"), text(salt)},
        {QStringLiteral("nonce"), text(nonce)},
        {QStringLiteral("keyIds"), ids},
        {QStringLiteral("sealed"), text(sealed)},
    };
    return QJsonDocument(archive).toJson(QJsonDocument::Indented);
}

std::optional<QList<QByteArray>> KeyArchive::open(const QByteArray &archive,
                                                  const QByteArray &passphrase, QString *error) {
    Sodium::ensureInitialized();
    const auto fail = [error](const QString &why) -> std::optional<QList<QByteArray>> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QJsonObject object = QJsonDocument::fromJson(archive).object();
    if (object.value(QStringLiteral("format")).toString() != formatName)
        return fail(QStringLiteral("not a medpull key file"));
    if (object.value(QStringLiteral("version")).toInt() != formatVersion ||
        object.value(QStringLiteral("kdf")).toString() != QLatin1String("argon2id13"))
        return fail(QStringLiteral("a medpull key file of an unknown version"));
    const qint64 opsLimit = object.value(QStringLiteral("opsLimit")).toInteger();
    const qint64 memLimit = object.value(QStringLiteral("memLimit")).toInteger();
    const QByteArray salt = bytes(object, QStringLiteral("salt"));
    const QByteArray nonce = bytes(object, QStringLiteral("nonce"));
    const QByteArray sealed = bytes(object, QStringLiteral("sealed"));
    if (opsLimit < qint64(crypto_pwhash_OPSLIMIT_MIN) || quint64(opsLimit) > maxOpsLimit ||
        memLimit < qint64(crypto_pwhash_MEMLIMIT_MIN) || quint64(memLimit) > maxMemLimit ||
        salt.size() != crypto_pwhash_SALTBYTES || nonce.size() != crypto_secretbox_NONCEBYTES ||
        sealed.size() < crypto_secretbox_MACBYTES + keySize ||
        (sealed.size() - crypto_secretbox_MACBYTES) % keySize != 0)
        return fail(QStringLiteral("the key file is damaged"));
    QByteArray boxKey = deriveKey(passphrase, salt, quint64(opsLimit), quint64(memLimit));
    if (boxKey.isEmpty())
        return fail(QStringLiteral("not enough memory to check the passphrase"));
    QByteArray plain(sealed.size() - crypto_secretbox_MACBYTES, Qt::Uninitialized);
    const bool opened =
        crypto_secretbox_open_easy(
            reinterpret_cast<unsigned char *>(plain.data()),
            reinterpret_cast<const unsigned char *>(sealed.constData()), quint64(sealed.size()),
            reinterpret_cast<const unsigned char *>(nonce.constData()),
            reinterpret_cast<const unsigned char *>(boxKey.constData())) == 0;
    sodium_memzero(boxKey.data(), size_t(boxKey.size()));
    if (!opened)
        return fail(QStringLiteral("wrong passphrase, or the key file was altered"));
    QList<QByteArray> keys;
    for (qsizetype at = 0; at < plain.size(); at += keySize)
        keys.append(plain.mid(at, keySize));
    sodium_memzero(plain.data(), size_t(plain.size()));
    return keys;
}

} // namespace medpull
