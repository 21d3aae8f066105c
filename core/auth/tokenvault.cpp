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

QString TokenVault::keyFilePath() const {
    const QString &location = m_options.databaseLocation;
    if (!isPostgresLocation(location))
        return location + QStringLiteral(".key");
    QString dir = m_options.keyDirectory;
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir).filePath(
        QStringLiteral("medpull-%1.key").arg(QString::fromLatin1(locationHash(location))));
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
    if (keychainSkipped()) {
        useKeyFile(QStringLiteral("key file requested"));
        return;
    }
    if (QFileInfo::exists(keyFilePath())) {
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
    fail(QStringLiteral("the stored tokens are sealed with a key in the system keychain, and %1; "
                        "unlock the keychain and start again (MEDPULL_KEY_FILE_ONLY=1 starts "
                        "over with a key file, and every account then needs reconnecting)")
             .arg(why));
}

void TokenVault::useKeyFile(const QString &why) {
    m_fallbackReason = why;
    const QString path = keyFilePath();
    QFile file(path);
    if (file.exists()) {
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                                QFileDevice::ReadOther | QFileDevice::WriteOther;
        if (file.permissions() & others) {
            fail(QStringLiteral("key file %1 is accessible to other users; run chmod 600 on it")
                     .arg(path));
            return;
        }
        if (!file.open(QIODevice::ReadOnly)) {
            fail(QStringLiteral("cannot read key file %1: %2").arg(path, file.errorString()));
            return;
        }
        const QByteArray key = file.readAll();
        if (key.size() != keySize) {
            fail(QStringLiteral("key file %1 is corrupt (%2 bytes, expected %3)")
                     .arg(path)
                     .arg(key.size())
                     .arg(keySize));
            return;
        }
        setKey(key, KeyStorage::KeyFile);
        return;
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    const QByteArray key = Sodium::randomBytes(keySize);
    // Created with owner-only permissions, never widened after the fact.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(key) != key.size() || !file.flush()) {
        fail(QStringLiteral("cannot create key file %1: %2").arg(path, file.errorString()));
        return;
    }
    file.close();
    setKey(key, KeyStorage::KeyFile);
}

void TokenVault::setKey(const QByteArray &key, KeyStorage storage) {
    m_key = key;
    m_storage = storage;
    m_keyId = keyIdFor(key, storage);
    if (storage == KeyStorage::KeyFile && m_options.keychainKeyInUse && !keychainSkipped()) {
        readEarlierKeychainKey();
        return;
    }
    emit ready(true, {});
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
        emit ready(true, {});
    });
    m_keychainLate = [this] {
        emit ready(true, {});
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
    const QByteArray &key = sealed.keyId == m_keyId ? m_key : m_earlierKeys.value(sealed.keyId);
    if (key.isEmpty())
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
            reinterpret_cast<const unsigned char *>(key.constData())) != 0)
        return fail(
            QStringLiteral("sealed %1 failed authentication (tampered or wrong key)").arg(what));
    return plain;
}

} // namespace medpull
