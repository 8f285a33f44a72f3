#include "filesecretstore.h"

#include "applogging.h"
#include "privatefile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace Switchyard {

namespace {

constexpr int FileFormatVersion = 1;

bool fail(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

} // namespace

FileSecretStore::FileSecretStore(const QString &path)
    : m_path(path)
{
}

std::unique_ptr<FileSecretStore> FileSecretStore::open(const QString &path, QString *error)
{
    const QString shownPath = QDir::toNativeSeparators(path);
    std::unique_ptr<FileSecretStore> store(new FileSecretStore(path));
    if (!QFileInfo::exists(path)) {
        if (!store->save({}, error))
            return nullptr;
    } else if (!hasPrivatePermissions(path)) {
        qCWarning(lcSecrets).noquote()
            << "Secrets file" << shownPath << "was accessible to other users; restricting it to 0600";
        if (!QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner)
            || !hasPrivatePermissions(path)) {
            fail(error, tr("cannot restrict the permissions of %1 to 0600").arg(shownPath));
            return nullptr;
        }
    }
    if (!store->load(error))
        return nullptr;
    qCWarning(lcSecrets).noquote()
        << "INSECURE: upstream API keys are stored UNENCRYPTED in" << shownPath
        << "because no keychain is available and the plaintext fallback was enabled. Anyone who can "
           "read this file can use your keys. Install and unlock gnome-keyring or KWallet to keep "
           "them in the OS keychain instead.";
    return store;
}

std::optional<QHash<QString, QByteArray>> FileSecretStore::load(QString *error) const
{
    QHash<QString, QByteArray> secrets;
    QFile file(m_path);
    if (!file.exists())
        return secrets;
    if (!file.open(QIODevice::ReadOnly)) {
        fail(error, tr("cannot read %1: %2").arg(QDir::toNativeSeparators(m_path), file.errorString()));
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    // The message deliberately says nothing about the content: it is made of keys.
    if (!doc.isObject() || doc.object().value(u"version").toInt() != FileFormatVersion) {
        fail(error, tr("%1 is not a valid secrets file").arg(QDir::toNativeSeparators(m_path)));
        return std::nullopt;
    }
    const QJsonObject entries = doc.object().value(u"secrets").toObject();
    for (auto it = entries.begin(); it != entries.end(); ++it) {
        const auto decoded = QByteArray::fromBase64Encoding(it.value().toString().toLatin1(),
                                                            QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            fail(error, tr("%1 has a damaged entry %2").arg(QDir::toNativeSeparators(m_path), it.key()));
            return std::nullopt;
        }
        secrets.insert(it.key(), *decoded);
    }
    return secrets;
}

bool FileSecretStore::save(const QHash<QString, QByteArray> &secrets, QString *error) const
{
    QJsonObject entries;
    for (auto it = secrets.begin(); it != secrets.end(); ++it)
        entries.insert(it.key(), QString::fromLatin1(it.value().toBase64()));
    QJsonObject root;
    root.insert(u"version", FileFormatVersion);
    root.insert(u"warning",
                QStringLiteral("Plaintext Switchyard secrets (base64, not encrypted). Keep this file "
                               "private; prefer the OS keychain."));
    root.insert(u"secrets", entries);
    return writePrivateFile(m_path, QJsonDocument(root).toJson(QJsonDocument::Indented), error);
}

bool FileSecretStore::write(const QString &ref, const QByteArray &secret, QString *error)
{
    auto secrets = load(error);
    if (!secrets)
        return false;
    secrets->insert(ref, secret);
    return save(*secrets, error);
}

std::optional<QByteArray> FileSecretStore::read(const QString &ref, QString *error)
{
    const auto secrets = load(error);
    if (!secrets)
        return std::nullopt;
    if (error)
        error->clear();
    const auto it = secrets->constFind(ref);
    if (it == secrets->constEnd())
        return std::nullopt;
    return *it;
}

bool FileSecretStore::remove(const QString &ref, QString *error)
{
    auto secrets = load(error);
    if (!secrets)
        return false;
    if (!secrets->remove(ref))
        return true;
    return save(*secrets, error);
}

} // namespace Switchyard
