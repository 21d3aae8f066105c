// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "tokenset.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <optional>

namespace medpull {

// Bytes sealed for storage: ciphertext, nonce and the id of the key (for a
// TokenSet, TokenRecord's columns).
struct SealedBytes {
    QByteArray ciphertext;
    QByteArray nonce;
    QString keyId;
};
using SealedTokens = SealedBytes;

// Encrypts token sets at rest with libsodium's crypto_secretbox (XSalsa20 +
// Poly1305, a fresh random nonce per write). The 32-byte key lives in one
// place, by the same rule for the dashboard and medpull-cli:
// - a SQLite database: the system keychain (QtKeychain, service "medpull",
//   one entry per database) where one answers, else the key file `<db>.key`
//   beside it, readable only by its owner. A key file that exists wins, so a
//   machine that once fell back keeps reading what it wrote.
// - a PostgreSQL database: a key file in keyDirectory (by default
//   defaultKeyDirectory()) named by the key's id, which the database records
//   (TokenRepository::recordKeyId), so every process and every spelling of
//   the URL finds the same key; copy it between machines with
//   `medpull-cli key export` / `key import`.
//
// The key is never replaced silently: when the database names keys
// (Options::knownKeyIds: something is sealed, or a key was recorded) and
// none of them can be loaded, open() fails and says where it looked; a new
// key is made only for a database that names none.
//
// The keychain is asynchronous and a headless machine may have no secret
// service at all, so open() gives it keychainTimeoutMs before falling back;
// MEDPULL_KEY_FILE_ONLY=1 or Options::keyFileOnly skip it entirely (tests,
// CI). Use from one thread; open() once, then seal()/unseal().
class TokenVault : public QObject {
    Q_OBJECT

public:
    enum class KeyStorage { None, Keychain, KeyFile };

    struct Options {
        QString databaseLocation; // a SQLite path or a postgresql:// URL
        bool keyFileOnly = false;
        int keychainTimeoutMs = 2000;
        // Where key files of PostgreSQL databases go; default
        // defaultKeyDirectory().
        QString keyDirectory;
        // The database holds tokens sealed with a keychain key. A keychain
        // that does not answer then fails open() instead of falling back to
        // a new key file, which would leave those tokens unreadable for good;
        // and where a key file exists (and wins), the keychain's key is
        // loaded beside it so those tokens still open.
        bool keychainKeyInUse = false;
        // TokenRepository::knownKeyIds(): the keys the database names.
        QStringList knownKeyIds = {};
    };

    // GenericDataLocation/medpull/keys: the same for every executable.
    static QString defaultKeyDirectory();
    // The part of a key id that names the key, without where it was kept
    // ("file:" or "keychain:"): a key moved from the keychain into a file
    // (key export, key import) still opens what it sealed.
    static QString fingerprint(const QString &keyId);
    // The id a key has when kept in a key file.
    static QString keyFileId(const QByteArray &key);
    // Where a key belongs as a key file for `databaseLocation`.
    static QString keyFilePathFor(const QString &databaseLocation, const QString &keyId,
                                  const QString &keyDirectory = {});

    explicit TokenVault(const Options &options, QObject *parent = nullptr);
    ~TokenVault() override;

    // Loads or creates the key; ready() follows (possibly before open()
    // returns when no keychain is involved).
    void open();
    bool isReady() const { return m_storage != KeyStorage::None; }
    KeyStorage keyStorage() const { return m_storage; }
    QString keyId() const { return m_keyId; }
    // The key file this vault reads or made; empty for a PostgreSQL
    // database whose key does not exist yet.
    QString keyFilePath() const;
    // The loaded keys (the current one first), for `key export`.
    QList<QByteArray> keys() const;
    // Why the key file is used instead of the keychain, for a log line.
    QString fallbackReason() const { return m_fallbackReason; }

    // Requires isReady().
    SealedTokens seal(const TokenSet &tokens) const;
    // std::nullopt with a one-line `error` for another key, tampering, or a
    // corrupt record.
    std::optional<TokenSet> unseal(const SealedTokens &sealed, QString *error = nullptr) const;

    // Any other secret (an export destination's), with the same key.
    SealedBytes sealBytes(const QByteArray &plain) const;
    std::optional<QByteArray> unsealBytes(const SealedBytes &sealed,
                                          QString *error = nullptr) const;

    static QString keychainService() { return QStringLiteral("medpull"); }

signals:
    void ready(bool ok, const QString &error);

private:
    bool keychainSkipped() const;
    void useKeyFile(const QString &why);
    void keychainUnavailable(const QString &why);
    void readFromKeychain();
    void writeToKeychain(const QByteArray &key);
    void setKey(const QByteArray &key, KeyStorage storage);
    void readEarlierKeychainKey();
    void fail(const QString &error);
    // Ready, unless the database names keys and none of them is loaded.
    void opened();
    bool isKnown(const QString &keyId) const;
    QString missingKey(const QString &looked) const;
    void createKeyFile();
    // A PostgreSQL key file where an earlier medpull kept it (named by the
    // URL in the executable's AppDataLocation): moved to where it belongs.
    bool adoptLegacyKeyFile();
    bool readKeyFile(const QString &path, QByteArray *key);
    QString keychainEntry() const;
    // `what` names the sealed thing in errors ("tokens", "data").
    std::optional<QByteArray> open(const SealedBytes &sealed, const QString &what,
                                   QString *error) const;

    Options m_options;
    QByteArray m_key;
    QString m_keyId;
    QString m_keyFilePath;
    // Keys that only open what was sealed earlier (see keychainKeyInUse).
    QHash<QString, QByteArray> m_earlierKeys;
    // What a keychain job that did not answer in time leads to: a key file
    // (or failing, see keychainKeyInUse); while reading an earlier key, ready.
    std::function<void()> m_keychainLate;
    KeyStorage m_storage = KeyStorage::None;
    QTimer m_keychainTimeout;
    QString m_fallbackReason;
    quint64 m_keychainGeneration = 0;
};

} // namespace medpull
