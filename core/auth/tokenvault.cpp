// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "tokenvault.h"

#include "sodiumsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QUrl>

#include <qt6keychain/keychain.h>
#include <sodium.h>

namespace medpull {

namespace {

constexpr int keySize = crypto_secretbox_KEYBYTES;

bool isPostgresLocation(const QString &location) {
    return location.startsWith(QLatin1String("postgresql://")) ||
           location.startsWith(QLatin1String("postgres://"));
}

// The database's identity without its password, so rotating the password
// does not orphan the key.
QByteArray locationHash(const QString &location) {
    const QString identity = isPostgresLocation(location)
                                 ? QUrl(location).toString(QUrl::RemovePassword)
                                 : QFileInfo(location).absoluteFilePath();
    return QCryptographicHash::hash(identity.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
}

QString keyIdFor(const QByteArray &key, TokenVault::KeyStorage storage) {
    // A fingerprint, not the key: BLAKE2b over the key, truncated.
    unsigned char hash[16];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char *>(key.constData()),
                       size_t(key.size()), nullptr, 0);
    const QString prefix = storage == TokenVault::KeyStorage::Keychain ? QStringLiteral("keychain:")
                                                                       : QStringLiteral("file:");
    return prefix + QString::fromLatin1(
                        QByteArray(reinterpret_cast<const char *>(hash), sizeof hash).toHex());
}

} // namespace

TokenVault::TokenVault(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options) {
    Sodium::ensureInitialized();
    m_keychainTimeout.setSingleShot(true);
    connect(&m_keychainTimeout, &QTimer::timeout, this, [this] {
        ++m_keychainGeneration; // ignore the job if it answers after all
        m_keychainLate();
    });
    m_keychainLate = [this] {
        keychainUnavailable(QStringLiteral("the keychain did not answer in time"));
    };
}

TokenVault::~TokenVault() {
    if (!m_key.isEmpty())
        sodium_memzero(m_key.data(), size_t(m_key.size()));
    for (QByteArray &key : m_earlierKeys)
        sodium_memzero(key.data(), size_t(key.size()));
}

QString TokenVault::defaultKeyDirectory() {
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/medpull/keys");
}

QString TokenVault::fingerprint(const QString &keyId) {
    return keyId.section(QLatin1Char(':'), -1);
}

QString TokenVault::keyFileId(const QByteArray &key) {
    return keyIdFor(key, KeyStorage::KeyFile);
}

QString TokenVault::keyFilePathFor(const QString &databaseLocation, const QString &keyId,
                                   const QString &keyDirectory) {
    if (!isPostgresLocation(databaseLocation))
        return databaseLocation + QStringLiteral(".key");
    if (keyId.isEmpty())
        return {};
    return QDir(keyDirectory.isEmpty() ? defaultKeyDirectory() : keyDirectory)
        .filePath(QStringLiteral("medpull-%1.key").arg(fingerprint(keyId)));
}

QString TokenVault::keyFilePath() const {
    return m_keyFilePath;
}

QList<QByteArray> TokenVault::keys() const {
    QList<QByteArray> all{m_key};
    for (const QByteArray &key : m_earlierKeys)
        all.append(key);
    return all;
}

QString TokenVault::keychainEntry() const {
    return QStringLiteral("token-key-%1")
        .arg(QString::fromLatin1(locationHash(m_options.databaseLocation)));
}

bool TokenVault::keychainSkipped() const {
    return m_options.keyFileOnly ||
           qEnvironmentVariable("MEDPULL_KEY_FILE_ONLY") == QLatin1String("1");
}

void TokenVault::open() {
    if (isReady()) {
        emit ready(true, {});
        return;
    }
    m_keyFilePath = keyFilePathFor(m_options.databaseLocation, m_options.knownKeyIds.value(0),
                                   m_options.keyDirectory);
    // A PostgreSQL database's key is a key file other workers can be given;
    // the keychain only still holds the key of tokens sealed before.
    const bool postgres = isPostgresLocation(m_options.databaseLocation);
    if (keychainSkipped() || (postgres && !m_options.keychainKeyInUse)) {
        useKeyFile(QStringLiteral("key file requested"));
        return;
    }
    if (!m_keyFilePath.isEmpty() && QFileInfo::exists(m_keyFilePath)) {
        useKeyFile(QStringLiteral("a key file exists"));
        return;
    }
    readFromKeychain();
}

void TokenVault::readFromKeychain() {
    const quint64 generation = ++m_keychainGeneration;
    auto *job = new QKeychain::ReadPasswordJob(keychainService(), this);
    job->setKey(keychainEntry());
    job->setInsecureFallback(false);
    connect(job, &QKeychain::Job::finished, this, [this, job, generation] {
        if (generation != m_keychainGeneration)
            return;
        m_keychainTimeout.stop();
        if (job->error() == QKeychain::EntryNotFound) {
            if (!m_options.knownKeyIds.isEmpty()) {
                fail(missingKey(tr("the system keychain (entry %1) and %2")
                                    .arg(keychainEntry(), m_keyFilePath)));
                return;
            }
            writeToKeychain(Sodium::randomBytes(keySize));
            return;
        }
        const QByteArray key = QByteArray::fromBase64(job->textData().toLatin1());
        if (job->error() != QKeychain::NoError || key.size() != keySize) {
            keychainUnavailable(QStringLiteral("keychain unavailable: %1").arg(job->errorString()));
            return;
        }
        setKey(key, KeyStorage::Keychain);
    });
    m_keychainTimeout.start(m_options.keychainTimeoutMs);
    job->start();
}

void TokenVault::writeToKeychain(const QByteArray &key) {
    const quint64 generation = ++m_keychainGeneration;
    auto *job = new QKeychain::WritePasswordJob(keychainService(), this);
    job->setKey(keychainEntry());
    job->setInsecureFallback(false);
    job->setTextData(QString::fromLatin1(key.toBase64()));
    connect(job, &QKeychain::Job::finished, this, [this, job, key, generation] {
        if (generation != m_keychainGeneration)
            return;
        m_keychainTimeout.stop();
        if (job->error() != QKeychain::NoError) {
            keychainUnavailable(
                QStringLiteral("keychain refused the key: %1").arg(job->errorString()));
            return;
        }
        setKey(key, KeyStorage::Keychain);
    });
    m_keychainTimeout.start(m_options.keychainTimeoutMs);
    job->start();
}

void TokenVault::keychainUnavailable(const QString &why) {
    if (!m_options.keychainKeyInUse) {
        useKeyFile(why);
        return;
    }
    fail(tr("the stored tokens are sealed with a key in the system keychain, and %1; unlock the "
            "keychain and start again, or import the key with medpull-cli key import FILE")
             .arg(why));
}

void TokenVault::useKeyFile(const QString &why) {
    m_fallbackReason = why;
    if (!m_keyFilePath.isEmpty() && QFileInfo::exists(m_keyFilePath)) {
        QByteArray key;
        if (readKeyFile(m_keyFilePath, &key))
            setKey(key, KeyStorage::KeyFile);
        return;
    }
    if (m_options.knownKeyIds.isEmpty()) {
        createKeyFile();
        return;
    }
    if (isPostgresLocation(m_options.databaseLocation) && adoptLegacyKeyFile())
        return;
    fail(missingKey(m_keyFilePath));
}

bool TokenVault::readKeyFile(const QString &path, QByteArray *key) {
    QFile file(path);
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                            QFileDevice::ReadOther | QFileDevice::WriteOther;
    if (file.permissions() & others) {
        fail(QStringLiteral("key file %1 is accessible to other users; run chmod 600 on it")
                 .arg(path));
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        fail(QStringLiteral("cannot read key file %1: %2").arg(path, file.errorString()));
        return false;
    }
    *key = file.readAll();
    if (key->size() != keySize) {
        fail(QStringLiteral("key file %1 is corrupt (%2 bytes, expected %3)")
                 .arg(path)
                 .arg(key->size())
                 .arg(keySize));
        return false;
    }
    return true;
}

void TokenVault::createKeyFile() {
    const QByteArray key = Sodium::randomBytes(keySize);
    if (m_keyFilePath.isEmpty())
        m_keyFilePath =
            keyFilePathFor(m_options.databaseLocation, keyFileId(key), m_options.keyDirectory);
    QDir().mkpath(QFileInfo(m_keyFilePath).absolutePath());
    QFile file(m_keyFilePath);
    // Created with owner-only permissions, never widened after the fact.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(key) != key.size() || !file.flush()) {
        fail(
            QStringLiteral("cannot create key file %1: %2").arg(m_keyFilePath, file.errorString()));
        return;
    }
    file.close();
    setKey(key, KeyStorage::KeyFile);
}

bool TokenVault::adoptLegacyKeyFile() {
    const QString legacy =
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
            .filePath(QStringLiteral("medpull-%1.key")
                          .arg(QString::fromLatin1(locationHash(m_options.databaseLocation))));
    QFile file(legacy);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray key = file.readAll();
    if (key.size() != keySize || !isKnown(keyFileId(key)))
        return false;
    m_keyFilePath =
        keyFilePathFor(m_options.databaseLocation, keyFileId(key), m_options.keyDirectory);
    QDir().mkpath(QFileInfo(m_keyFilePath).absolutePath());
    QFile moved(m_keyFilePath);
    if (!moved.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                    QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        moved.write(key) != key.size() || !moved.flush())
        return false;
    moved.close();
    setKey(key, KeyStorage::KeyFile);
    return true;
}

bool TokenVault::isKnown(const QString &keyId) const {
    for (const QString &known : m_options.knownKeyIds) {
        if (fingerprint(known) == fingerprint(keyId))
            return true;
    }
    return false;
}

QString TokenVault::missingKey(const QString &looked) const {
    return tr("the key that sealed this database's tokens and secrets (%1) is not in %2; nothing "
              "was changed. Put the key file back there (chmod 600), or run medpull-cli key "
              "import FILE with a key exported from a machine that has it")
        .arg(m_options.knownKeyIds.join(QStringLiteral(", ")), looked);
}

void TokenVault::setKey(const QByteArray &key, KeyStorage storage) {
    m_key = key;
    m_storage = storage;
    m_keyId = keyIdFor(key, storage);
    if (storage == KeyStorage::KeyFile && m_options.keychainKeyInUse && !keychainSkipped()) {
        readEarlierKeychainKey();
        return;
    }
    opened();
}

void TokenVault::opened() {
    if (m_options.knownKeyIds.isEmpty() || isKnown(m_keyId)) {
        emit ready(true, {});
        return;
    }
    for (auto it = m_earlierKeys.cbegin(); it != m_earlierKeys.cend(); ++it) {
        if (isKnown(it.key())) {
            emit ready(true, {});
            return;
        }
    }
    const QString where = m_storage == KeyStorage::Keychain
                              ? tr("the system keychain (entry %1)").arg(keychainEntry())
                              : m_keyFilePath;
    m_storage = KeyStorage::None;
    fail(tr("%1 holds key %2, but this database's tokens and secrets are sealed with %3; nothing "
            "was changed. Put the right key file back, or run medpull-cli key import FILE with a "
            "key exported from a machine that has it")
             .arg(where, m_keyId, m_options.knownKeyIds.join(QStringLiteral(", "))));
}

// A key file made while the keychain held the key of stored tokens (a slow
// keychain could cause that before one vault served the whole engine): load
// the keychain's key too, for opening what it sealed. Ready either way.
void TokenVault::readEarlierKeychainKey() {
    const quint64 generation = ++m_keychainGeneration;
    auto *job = new QKeychain::ReadPasswordJob(keychainService(), this);
    job->setKey(keychainEntry());
    job->setInsecureFallback(false);
    connect(job, &QKeychain::Job::finished, this, [this, job, generation] {
        if (generation != m_keychainGeneration)
            return;
        m_keychainTimeout.stop();
        const QByteArray key = QByteArray::fromBase64(job->textData().toLatin1());
        if (job->error() == QKeychain::NoError && key.size() == keySize)
            m_earlierKeys.insert(keyIdFor(key, KeyStorage::Keychain), key);
        opened();
    });
    m_keychainLate = [this] {
        opened();
    };
    m_keychainTimeout.start(m_options.keychainTimeoutMs);
    job->start();
}

void TokenVault::fail(const QString &error) {
    emit ready(false, error);
}

SealedBytes TokenVault::sealBytes(const QByteArray &plain) const {
    Q_ASSERT(isReady());
    SealedBytes sealed;
    sealed.keyId = m_keyId;
    sealed.nonce = Sodium::randomBytes(crypto_secretbox_NONCEBYTES);
    sealed.ciphertext.resize(plain.size() + crypto_secretbox_MACBYTES);
    crypto_secretbox_easy(reinterpret_cast<unsigned char *>(sealed.ciphertext.data()),
                          reinterpret_cast<const unsigned char *>(plain.constData()),
                          quint64(plain.size()),
                          reinterpret_cast<const unsigned char *>(sealed.nonce.constData()),
                          reinterpret_cast<const unsigned char *>(m_key.constData()));
    return sealed;
}

std::optional<QByteArray> TokenVault::unsealBytes(const SealedBytes &sealed, QString *error) const {
    return open(sealed, QStringLiteral("data"), error);
}

SealedTokens TokenVault::seal(const TokenSet &tokens) const {
    QByteArray plain = QJsonDocument(tokens.toJson()).toJson(QJsonDocument::Compact);
    const SealedTokens sealed = sealBytes(plain);
    sodium_memzero(plain.data(), size_t(plain.size()));
    return sealed;
}

std::optional<TokenSet> TokenVault::unseal(const SealedTokens &sealed, QString *error) const {
    std::optional<QByteArray> plain = open(sealed, QStringLiteral("tokens"), error);
    if (!plain)
        return std::nullopt;
    const std::optional<TokenSet> tokens =
        TokenSet::fromJson(QJsonDocument::fromJson(*plain).object());
    sodium_memzero(plain->data(), size_t(plain->size()));
    if (!tokens && error)
        *error = QStringLiteral("sealed tokens decrypt to no token set");
    return tokens;
}

std::optional<QByteArray> TokenVault::open(const SealedBytes &sealed, const QString &what,
                                           QString *error) const {
    const auto fail = [error](const QString &why) -> std::optional<QByteArray> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (!isReady())
        return fail(QStringLiteral("the token vault has no key"));
    const QByteArray *key = fingerprint(sealed.keyId) == fingerprint(m_keyId) ? &m_key : nullptr;
    for (auto it = m_earlierKeys.cbegin(); !key && it != m_earlierKeys.cend(); ++it) {
        if (fingerprint(it.key()) == fingerprint(sealed.keyId))
            key = &it.value();
    }
    if (!key)
        return fail(QStringLiteral("%1 were sealed with key %2, but this vault holds %3")
                        .arg(what, sealed.keyId, m_keyId));
    if (sealed.nonce.size() != crypto_secretbox_NONCEBYTES ||
        sealed.ciphertext.size() < crypto_secretbox_MACBYTES)
        return fail(QStringLiteral("sealed %1 are corrupt").arg(what));
    QByteArray plain(sealed.ciphertext.size() - crypto_secretbox_MACBYTES, Qt::Uninitialized);
    if (crypto_secretbox_open_easy(
            reinterpret_cast<unsigned char *>(plain.data()),
            reinterpret_cast<const unsigned char *>(sealed.ciphertext.constData()),
            quint64(sealed.ciphertext.size()),
            reinterpret_cast<const unsigned char *>(sealed.nonce.constData()),
            reinterpret_cast<const unsigned char *>(key->constData())) != 0)
        return fail(
            QStringLiteral("sealed %1 failed authentication (tampered or wrong key)").arg(what));
    return plain;
}

} // namespace medpull
