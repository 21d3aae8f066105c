// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The token key in the system keychain (QtKeychain over the Secret Service),
// run by ctest inside with-secret-service.sh: a private D-Bus session with an
// unlocked GNOME keyring.

#include "tokenvault.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace medpull;

namespace {

struct Opened {
    std::unique_ptr<TokenVault> vault;
    bool ok = false;
    QString error;
};

Opened open(const TokenVault::Options &options) {
    Opened opened;
    opened.vault = std::make_unique<TokenVault>(options);
    QSignalSpy ready(opened.vault.get(), &TokenVault::ready);
    opened.vault->open();
    if (ready.isEmpty() && !ready.wait(10000))
        return opened;
    opened.ok = ready.first().at(0).toBool();
    opened.error = ready.first().at(1).toString();
    return opened;
}

TokenVault::Options keychainOptions(const QString &location) {
    TokenVault::Options options;
    options.databaseLocation = location;
    options.keychainTimeoutMs = 10000;
    return options;
}

TokenSet sampleTokens() {
    TokenSet tokens;
    tokens.accessToken = QStringLiteral("access-123");
    tokens.refreshToken = QStringLiteral("refresh-456");
    tokens.scope = QStringLiteral("patient/*.rs offline_access");
    return tokens;
}

} // namespace

class TestKeychain : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        qunsetenv("MEDPULL_KEY_FILE_ONLY");
        const QDBusConnection bus = QDBusConnection::sessionBus();
        if (!bus.isConnected() ||
            !bus.interface()->isServiceRegistered(QStringLiteral("org.freedesktop.secrets")))
            QSKIP("no Secret Service on the session bus: run through with-secret-service.sh");
    }

    // The key is created in the keychain, never on disk, and found again by
    // the next vault on the same database.
    void keychainHoldsTheKey() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("medpull.sqlite"));
        const Opened first = open(keychainOptions(db));
        QVERIFY2(first.ok, qPrintable(first.error));
        QCOMPARE(first.vault->keyStorage(), TokenVault::KeyStorage::Keychain);
        QVERIFY(first.vault->keyId().startsWith(QLatin1String("keychain:")));
        QVERIFY(!QFileInfo::exists(first.vault->keyFilePath()));
        const SealedTokens sealed = first.vault->seal(sampleTokens());

        const Opened again = open(keychainOptions(db));
        QVERIFY2(again.ok, qPrintable(again.error));
        QCOMPARE(again.vault->keyStorage(), TokenVault::KeyStorage::Keychain);
        QCOMPARE(again.vault->keyId(), first.vault->keyId());
        QString error;
        const std::optional<TokenSet> unsealed = again.vault->unseal(sealed, &error);
        QVERIFY2(unsealed, qPrintable(error));
        QCOMPARE(unsealed->refreshToken, QStringLiteral("refresh-456"));
        QVERIFY(!QFileInfo::exists(first.vault->keyFilePath()));

        // Another database gets a key of its own.
        const Opened other = open(keychainOptions(dir.filePath(QStringLiteral("other.sqlite"))));
        QVERIFY2(other.ok, qPrintable(other.error));
        QVERIFY(other.vault->keyId() != first.vault->keyId());
        QVERIFY(!other.vault->unseal(sealed));
    }

    // A database whose tokens were sealed partly with the keychain's key and
    // partly with a key file made later (a slow keychain could cause that):
    // the key file wins, and the keychain's key still opens what it sealed.
    void keychainKeyStillOpensEarlierTokens() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("mixed.sqlite"));
        const Opened keychain = open(keychainOptions(db));
        QVERIFY2(keychain.ok, qPrintable(keychain.error));
        QCOMPARE(keychain.vault->keyStorage(), TokenVault::KeyStorage::Keychain);
        const SealedTokens early = keychain.vault->seal(sampleTokens());

        TokenVault::Options fileOnly = keychainOptions(db);
        fileOnly.keyFileOnly = true;
        const Opened file = open(fileOnly);
        QVERIFY2(file.ok, qPrintable(file.error));
        QCOMPARE(file.vault->keyStorage(), TokenVault::KeyStorage::KeyFile);
        const SealedTokens late = file.vault->seal(sampleTokens());
        QVERIFY(!file.vault->unseal(early));

        TokenVault::Options mixed = keychainOptions(db);
        mixed.keychainKeyInUse = true;
        const Opened both = open(mixed);
        QVERIFY2(both.ok, qPrintable(both.error));
        QCOMPARE(both.vault->keyStorage(), TokenVault::KeyStorage::KeyFile);
        QCOMPARE(both.vault->keyId(), file.vault->keyId());
        QString error;
        QVERIFY2(both.vault->unseal(early, &error), qPrintable(error));
        QVERIFY2(both.vault->unseal(late, &error), qPrintable(error));
        // New tokens are sealed with the key that wins.
        QCOMPARE(both.vault->seal(sampleTokens()).keyId, file.vault->keyId());
    }

    // A keychain that does not answer in time: a fresh database falls back to
    // a key file; one whose tokens the keychain's key sealed refuses to start
    // rather than make a new key that could never read them.
    void slowKeychainNeverReplacesAKeyInUse() {
        QTemporaryDir dir;
        TokenVault::Options options =
            keychainOptions(dir.filePath(QStringLiteral("in-use.sqlite")));
        options.keychainTimeoutMs = 0;
        options.keychainKeyInUse = true;
        const Opened refused = open(options);
        QVERIFY(!refused.ok);
        QVERIFY2(refused.error.contains(QLatin1String("unlock the keychain")),
                 qPrintable(refused.error));
        QVERIFY(!QFileInfo::exists(refused.vault->keyFilePath()));

        options.databaseLocation = dir.filePath(QStringLiteral("fresh.sqlite"));
        options.keychainKeyInUse = false;
        const Opened fallback = open(options);
        QVERIFY2(fallback.ok, qPrintable(fallback.error));
        QCOMPARE(fallback.vault->keyStorage(), TokenVault::KeyStorage::KeyFile);
        QVERIFY(fallback.vault->fallbackReason().contains(QLatin1String("in time")));
        QVERIFY(QFileInfo::exists(fallback.vault->keyFilePath()));
    }
};

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
