// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "clikeycommands.h"

#include "destinationsecrets.h"
#include "keyarchive.h"
#include "tokenrepository.h"
#include "tokenvault.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QScopeGuard>

#include <sodium.h>
#include <termios.h>
#include <unistd.h>

namespace medpull::cli {

namespace {

const QString passphraseFileOption = QStringLiteral("passphrase-file");
const char passphraseVariable[] = "MEDPULL_KEY_PASSPHRASE";

// Wipes what it holds when it goes: passphrases and keys.
struct Secret {
    QByteArray bytes;
    ~Secret() { sodium_memzero(bytes.data(), size_t(bytes.size())); }
};

QByteArray promptOnTerminal(const QString &prompt) {
    QFile tty(QStringLiteral("/dev/tty"));
    if (!tty.open(QIODevice::ReadWrite | QIODevice::Unbuffered))
        return {};
    tty.write(prompt.toUtf8());
    termios saved{};
    const bool isTerminal = tcgetattr(tty.handle(), &saved) == 0;
    if (isTerminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(tty.handle(), TCSAFLUSH, &quiet);
    }
    QByteArray line = tty.readLine();
    if (isTerminal)
        tcsetattr(tty.handle(), TCSAFLUSH, &saved);
    tty.write("\n");
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return line;
}

QByteArray passphrase(const CommandParser &parser, bool confirm) {
    if (parser.isSet(passphraseFileOption)) {
        QFile file(parser.value(passphraseFileOption));
        if (!file.open(QIODevice::ReadOnly))
            throw CliError(
                QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        QByteArray line = file.readLine();
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        return line;
    }
    if (qEnvironmentVariableIsSet(passphraseVariable))
        return qgetenv(passphraseVariable);
    if (!isatty(STDIN_FILENO))
        throw CliError(QStringLiteral("no passphrase: give --passphrase-file FILE or set %1")
                           .arg(QLatin1String(passphraseVariable)),
                       ExitUsage);
    QByteArray first = promptOnTerminal(QStringLiteral("Passphrase: "));
    if (confirm) {
        Secret again{promptOnTerminal(QStringLiteral("The same passphrase again: "))};
        if (again.bytes != first) {
            sodium_memzero(first.data(), size_t(first.size()));
            throw CliError(QStringLiteral("the passphrases differ; nothing was written"));
        }
    }
    return first;
}

// The file argument comes first: `key export FILE [options]`.
QString takeFile(QStringList &arguments, const QString &command) {
    if (arguments.isEmpty() || arguments.constFirst().startsWith(QLatin1Char('-'))) {
        if (arguments.contains(QStringLiteral("--help")) ||
            arguments.contains(QStringLiteral("-h")))
            return {};
        throw CliError(QStringLiteral("%1: say which FILE (see --help)").arg(command), ExitUsage);
    }
    return arguments.takeFirst();
}

// The database's vault, opened as the engine opens it.
std::unique_ptr<TokenVault> openVault(const Database &database) {
    auto vault = std::make_unique<TokenVault>(DestinationSecrets::vaultOptions(database));
    bool answered = false;
    QString failure;
    QEventLoop loop;
    QObject::connect(vault.get(), &TokenVault::ready, &loop, [&](bool ok, const QString &error) {
        answered = true;
        failure = ok ? QString() : error;
        loop.quit();
    });
    vault->open();
    // A key file answers inside open(), before the loop would run.
    if (!answered)
        loop.exec();
    if (!failure.isEmpty())
        throw CliError(QStringLiteral("cannot load the token key: %1").arg(failure));
    const QString clash = DestinationSecrets::recordKey(database, *vault);
    if (!clash.isEmpty())
        throw CliError(clash);
    return vault;
}

void writeNewFile(const QString &path, const QByteArray &bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(bytes) != bytes.size() || !file.flush()) {
        const QString why = file.errorString();
        if (file.isOpen()) {
            file.close();
            file.remove();
        }
        throw CliError(QStringLiteral("cannot write %1: %2").arg(path, why));
    }
}

} // namespace

int runKeyExport(const QStringList &arguments, GlobalOptions globals) {
    QStringList rest = arguments;
    const QString path = takeFile(rest, QStringLiteral("key export"));
    CommandParser parser(QStringLiteral("key export"),
                         QStringLiteral("key export FILE: writes the database's token key to "
                                        "FILE, sealed with a passphrase (never overwrites FILE)."));
    parser.addOption({passphraseFileOption,
                      QStringLiteral("Read the passphrase from the first line of FILE (else %1, "
                                     "else a prompt).")
                          .arg(QLatin1String(passphraseVariable)),
                      QStringLiteral("FILE")});
    if (!parser.parse(rest, globals))
        return ExitOk;
    if (QFileInfo::exists(path))
        throw CliError(QStringLiteral("%1 exists; choose a new file name").arg(path));
    const std::unique_ptr<Database> database = openDatabase(globals);
    const std::unique_ptr<TokenVault> vault = openVault(*database);
    Secret secret{passphrase(parser, true)};
    if (secret.bytes.size() < KeyArchive::minimumPassphraseLength)
        throw CliError(QStringLiteral("the passphrase needs at least %1 characters")
                           .arg(KeyArchive::minimumPassphraseLength),
                       ExitUsage);
    QList<QByteArray> keys = vault->keys();
    const QByteArray archive = KeyArchive::seal(keys, secret.bytes);
    for (QByteArray &key : keys)
        sodium_memzero(key.data(), size_t(key.size()));
    if (archive.isEmpty())
        throw CliError(QStringLiteral("not enough memory to seal the key"));
    writeNewFile(path, archive);
    if (globals.json)
        printJson(
            QJsonObject{{QStringLiteral("file"), path}, {QStringLiteral("keyId"), vault->keyId()}});
    else
        printLine(QStringLiteral("exported key %1 to %2").arg(vault->keyId(), path));
    return ExitOk;
}

int runKeyImport(const QStringList &arguments, GlobalOptions globals) {
    QStringList rest = arguments;
    const QString path = takeFile(rest, QStringLiteral("key import"));
    CommandParser parser(
        QStringLiteral("key import"),
        QStringLiteral("key import FILE: puts a key written by key export where this machine "
                       "looks for the database's key (never replaces a different key)."));
    parser.addOption({passphraseFileOption,
                      QStringLiteral("Read the passphrase from the first line of FILE (else %1, "
                                     "else a prompt).")
                          .arg(QLatin1String(passphraseVariable)),
                      QStringLiteral("FILE")});
    if (!parser.parse(rest, globals))
        return ExitOk;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw CliError(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const QByteArray archive = file.read(1 << 20);
    const std::unique_ptr<Database> database = openDatabase(globals);
    const QStringList known = TokenRepository(*database).knownKeyIds();
    Secret secret{passphrase(parser, false)};
    QString error;
    std::optional<QList<QByteArray>> keys = KeyArchive::open(archive, secret.bytes, &error);
    if (!keys)
        throw CliError(QStringLiteral("%1: %2").arg(path, error));
    const auto wipe = qScopeGuard([&keys] {
        for (QByteArray &key : *keys)
            sodium_memzero(key.data(), size_t(key.size()));
    });

    // The key the database names, or (for a database that names none yet)
    // the file's current one.
    const QByteArray *chosen = known.isEmpty() ? &keys->constFirst() : nullptr;
    QStringList offered;
    for (const QByteArray &key : std::as_const(*keys)) {
        offered.append(TokenVault::keyFileId(key));
        for (const QString &id : known) {
            if (!chosen &&
                TokenVault::fingerprint(id) == TokenVault::fingerprint(TokenVault::keyFileId(key)))
                chosen = &key;
        }
    }
    if (!chosen)
        throw CliError(
            QStringLiteral("%1 holds key %2, but this database's data is sealed with "
                           "%3; nothing was imported")
                .arg(path, offered.join(QStringLiteral(", ")), known.join(QStringLiteral(", "))));
    const QString keyId = TokenVault::keyFileId(*chosen);
    const QString target =
        TokenVault::keyFilePathFor(database->displayLocation(), keyId, QString());
    if (QFileInfo::exists(target)) {
        QFile existing(target);
        Secret present;
        if (existing.open(QIODevice::ReadOnly))
            present.bytes = existing.readAll();
        if (present.bytes != *chosen)
            throw CliError(QStringLiteral("a different key file is at %1; move it away first "
                                          "(nothing was overwritten)")
                               .arg(target));
    } else {
        writeNewFile(target, *chosen);
    }
    const QString recorded = TokenRepository(*database).recordKeyId(keyId);
    if (TokenVault::fingerprint(recorded) != TokenVault::fingerprint(keyId))
        throw CliError(QStringLiteral("imported key %1 to %2, but this database records key %3 "
                                      "as its own")
                           .arg(keyId, target, recorded));
    if (globals.json)
        printJson(QJsonObject{{QStringLiteral("file"), target}, {QStringLiteral("keyId"), keyId}});
    else
        printLine(QStringLiteral("imported key %1 to %2").arg(keyId, target));
    return ExitOk;
}

} // namespace medpull::cli
