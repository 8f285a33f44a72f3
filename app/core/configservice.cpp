#include "configservice.h"

#include "applogging.h"
#include "backups.h"
#include "configjson.h"
#include "privatefile.h"
#include "secretstore.h"
#include "storage.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <atomic>

namespace Switchyard {

namespace {

struct ConfigServiceText
{
    Q_DECLARE_TR_FUNCTIONS(ConfigService)
};

bool fail(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

// Snapshots from every service instance share one counter, so a generation never repeats within
// the process even if the service is recreated.
std::atomic<quint64> s_lastGeneration {0};

// Removes secrets written by an import that did not complete. Failures are logged by reference
// only; there is nothing else to do about them.
void removeSecrets(SecretStore *store, const QList<ConfigJson::SecretWrite> &written)
{
    for (const ConfigJson::SecretWrite &secret : written) {
        QString error;
        if (!store->remove(secret.ref, &error))
            qCWarning(lcConfig).noquote()
                << "Could not remove" << secret.ref << "after a failed import:" << error;
    }
}

} // namespace

ConfigService::ConfigService(Storage *storage, SecretStore *secrets, const QString &dataDir)
    : m_storage(storage)
    , m_secrets(secrets)
    , m_dataDir(dataDir)
{
}

QString ConfigService::backupDir() const
{
    return Backups::directoryFor(m_dataDir);
}

bool ConfigService::importFile(const QString &path, QString *error, const QProcessEnvironment &env)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(error,
                    ConfigServiceText::tr("cannot read %1: %2")
                        .arg(QDir::toNativeSeparators(path), file.errorString()));
    return importJson(file.readAll(), error, env);
}

bool ConfigService::importJson(const QByteArray &json, QString *error, const QProcessEnvironment &env)
{
    ConfigData current;
    QString loadError;
    // Merging into an empty config because the load failed would wipe the stored one.
    if (!m_storage->loadConfig(&current, &loadError))
        return fail(error,
                    ConfigServiceText::tr("could not read the current configuration: %1").arg(loadError));

    // 1. Validate everything. Nothing has changed yet, so a bad file simply fails here.
    QString parseError;
    const std::optional<ConfigJson::Document> document = ConfigJson::parse(json, current, env, &parseError);
    if (!document)
        return fail(error, parseError);
    ConfigJson::MergeResult merged = ConfigJson::merge(current, *document);
    for (const QString &name : std::as_const(merged.unknownClientKeys))
        qCInfo(lcConfig) << "Import: no client key named" << name << "exists here; its metadata was skipped";

    // A stored key the file names again may have vanished from the keychain (reset, new machine):
    // the file has its material, so store it again under the same reference.
    QList<ConfigJson::SecretWrite> toWrite = merged.newSecrets;
    if (!merged.matchedSecrets.isEmpty() && m_secrets) {
        for (const ConfigJson::SecretWrite &secret : std::as_const(merged.matchedSecrets)) {
            QString readError;
            if (!m_secrets->read(secret.ref, &readError) && readError.isEmpty())
                toWrite.append(secret);
        }
    }
    if (!toWrite.isEmpty() && !m_secrets)
        return fail(error,
                    ConfigServiceText::tr("the file contains new keys, but no secret store is available "
                                          "to keep them (no keychain answered)"));

    // 2. Keep a copy of what is about to be replaced.
    QString backupError;
    const QString backup =
        Backups::write(backupDir(), ConfigJson::toJsonBytes(current), Backups::DefaultKeep, &backupError);
    if (backup.isEmpty())
        return fail(error,
                    ConfigServiceText::tr("could not save a backup of the current configuration, so "
                                          "nothing was imported: %1")
                        .arg(backupError));
    qCInfo(lcConfig).noquote() << "Saved the previous configuration to" << QDir::toNativeSeparators(backup);

    // 3. Secrets first: a config row must never point at a secret that is not there.
    QList<ConfigJson::SecretWrite> written;
    for (const ConfigJson::SecretWrite &secret : std::as_const(toWrite)) {
        QString writeError;
        if (!m_secrets->write(secret.ref, secret.secret, &writeError)) {
            removeSecrets(m_secrets, written);
            return fail(error,
                        ConfigServiceText::tr("could not store a key in the %1 secret store: %2")
                            .arg(m_secrets->backendName(), writeError));
        }
        written.append(secret);
    }

    // 4. The whole configuration in one transaction. New providers and channels carry provisional
    // negative ids that saveConfig resolves; prefix rules the file replaced are deleted by it.
    QString saveError;
    const bool saved = m_storage->saveConfig(&merged.config, &saveError);
    if (!saved) {
        removeSecrets(m_secrets, written);
        return fail(error, ConfigServiceText::tr("could not save the configuration: %1").arg(saveError));
    }

    // 5. Only now can replaced keys go: until the commit, the old config still used them.
    if (m_secrets) {
        for (const QString &ref : std::as_const(merged.orphanedRefs)) {
            QString removeError;
            if (!m_secrets->remove(ref, &removeError))
                qCWarning(lcConfig).noquote()
                    << "Could not remove the unused secret" << ref << ":" << removeError;
        }
    }
    qCInfo(lcConfig) << "Imported configuration:" << document->providers.size() << "providers,"
                     << document->channels.size() << "channels," << document->groups.size() << "model groups,"
                     << merged.newSecrets.size() << "new keys," << merged.orphanedRefs.size()
                     << "keys removed";
    if (error)
        error->clear();
    return true;
}

QByteArray ConfigService::exportJson(bool includeSecrets, QString *error) const
{
    ConfigData config;
    if (!m_storage->loadConfig(&config, error))
        return {};
    if (!includeSecrets) {
        if (error)
            error->clear();
        return ConfigJson::toJsonBytes(config);
    }
    if (!m_secrets) {
        fail(error, ConfigServiceText::tr("keys cannot be exported: no secret store is available"));
        return {};
    }
    QString firstFailure;
    const QByteArray json =
        ConfigJson::toJsonBytes(config, [&](const ChannelKey &key) -> std::optional<QByteArray> {
            QString readError;
            std::optional<QByteArray> secret = m_secrets->read(key.secretRef, &readError);
            if (!secret && firstFailure.isEmpty()) {
                firstFailure = readError.isEmpty()
                    ? ConfigServiceText::tr("the key %1 (%2) is missing from the secret store")
                          .arg(key.secretRef, key.hint)
                    : readError;
            }
            return secret;
        });
    if (!firstFailure.isEmpty()) {
        // Half an export with secrets would silently lose keys when imported elsewhere.
        fail(error, ConfigServiceText::tr("could not export the keys: %1").arg(firstFailure));
        return {};
    }
    if (error)
        error->clear();
    return json;
}

bool ConfigService::exportFile(const QString &path, bool includeSecrets, QString *error) const
{
    const QByteArray json = exportJson(includeSecrets, error);
    if (json.isEmpty())
        return false;
    // 0600 either way: even without keys the file names every upstream the user has.
    return writePrivateFile(path, json, error);
}

ConfigSnapshotPtr ConfigService::buildSnapshot(QStringList *warnings) const
{
    auto snapshot = std::make_shared<ConfigSnapshot>();
    QString loadError;
    if (!m_storage->loadConfig(&snapshot->config, &loadError)) {
        // An empty snapshot would make a running proxy forget every route; keep the old one.
        const QString warning = ConfigServiceText::tr("could not load the configuration: %1").arg(loadError);
        qCWarning(lcConfig).noquote() << warning;
        if (warnings)
            warnings->append(warning);
        return nullptr;
    }
    for (const Channel &channel : std::as_const(snapshot->config.channels)) {
        for (const ChannelKey &key : channel.keys) {
            if (snapshot->secrets.contains(key.secretRef))
                continue;
            QString readError;
            std::optional<QByteArray> secret =
                m_secrets ? m_secrets->read(key.secretRef, &readError) : std::nullopt;
            if (secret) {
                snapshot->secrets.insert(key.secretRef, *secret);
                continue;
            }
            QString reason = readError;
            if (!m_secrets)
                reason = ConfigServiceText::tr("no secret store is available");
            else if (reason.isEmpty())
                reason = ConfigServiceText::tr("it is missing from the %1 secret store")
                             .arg(m_secrets->backendName());
            const QString warning = ConfigServiceText::tr("channel %1: key %2 (%3) cannot be used: %4")
                                        .arg(channel.name, key.hint, key.secretRef, reason);
            qCWarning(lcConfig).noquote() << warning;
            if (warnings)
                warnings->append(warning);
        }
    }
    snapshot->generation = ++s_lastGeneration;
    return snapshot;
}

} // namespace Switchyard
