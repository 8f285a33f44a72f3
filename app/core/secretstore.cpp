#include "secretstore.h"

#include "applogging.h"
#include "filesecretstore.h"
#include "keychainsecretstore.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QUuid>

namespace Switchyard {

namespace {
struct SecretStoreSelector
{
    Q_DECLARE_TR_FUNCTIONS(SecretStoreSelector)
};
} // namespace

QString SecretStore::newReference(const QString &kind)
{
    return kind + u'/' + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString SecretStore::hintFor(const QByteArray &secret)
{
    // A third of the key at most, capped at six characters: enough to tell keys apart in a list
    // ("sk-ant…" vs "sk-pro…"), never enough to matter. Only printable ASCII is shown, so a binary
    // secret cannot leak a multi-byte sequence or control characters into the UI.
    const qsizetype shown = std::min<qsizetype>(6, secret.size() / 3);
    QString hint;
    for (qsizetype i = 0; i < shown; ++i) {
        const char c = secret.at(i);
        if (c < 0x21 || c > 0x7e)
            break;
        hint += QLatin1Char(c);
    }
    return hint + QChar(0x2026);
}

QString SecretStore::fingerprintFor(const QByteArray &secret)
{
    return QString::fromLatin1(QCryptographicHash::hash(secret, QCryptographicHash::Sha256).toHex().left(16));
}

SecretStoreSelection selectSecretStore(const QString &dataDir, bool allowInsecureFile, const QString &service)
{
    SecretStoreSelection selection;
    auto keychain = std::make_unique<KeychainSecretStore>(service);
    const std::optional<QString> keychainProblem = keychain->probe();
    if (!keychainProblem) {
        qCInfo(lcSecrets) << "Using the OS keychain for upstream keys, service" << service;
        selection.keychainAvailable = true;
        selection.store = std::move(keychain);
        return selection;
    }

    qCWarning(lcSecrets).noquote() << "The OS keychain did not answer:" << *keychainProblem;
    if (allowInsecureFile) {
        const QString path = QDir(dataDir).filePath(FileSecretStore::defaultFileName());
        QString error;
        selection.store = FileSecretStore::open(path, &error);
        if (selection.store)
            return selection;
        selection.problem =
            SecretStoreSelector::tr("No keychain answered (%1), and the plaintext secrets file %2 could not "
                                    "be used: %3")
                .arg(*keychainProblem, QDir::toNativeSeparators(path), error);
        return selection;
    }

    selection.problem =
        SecretStoreSelector::tr(
            "No keychain answered: no Secret Service (gnome-keyring, KeePassXC) or KWallet responded "
            "(%1). Switchyard keeps upstream API keys only in the OS keychain, so it cannot store or "
            "read them now. To fix this, install gnome-keyring (or KWallet), make sure it runs and is "
            "unlocked in your desktop session, and restart Switchyard. If you accept storing the keys "
            "unencrypted in a plaintext file readable by your user account, start Switchyard with "
            "--insecure-secrets-file (or set secrets/insecureFile to true in its settings).")
            .arg(*keychainProblem);
    return selection;
}

} // namespace Switchyard
