#pragma once

// Import and export of the JSON configuration file, and the building of the immutable snapshot the
// proxy thread reads. The JSON format is documented in README.md ("Configuration file"); the
// parsing, validation and merging live in configjson.h.

#include "configtypes.h"

#include <QProcessEnvironment>
#include <QString>

namespace Switchyard {

class SecretStore;
class Storage;

class ConfigService
{
public:
    ConfigService(Storage *storage, SecretStore *secrets, const QString &dataDir);

    // Imports a config file. The whole file is validated first; only then is the current config
    // saved to <dataDir>/backups/config-<timestamp>.json (the last 10 are kept) and changed. The
    // import is one transaction: an invalid file changes nothing (config or secret store), and
    // *error names the JSON path and the reason, e.g.
    // "providers[1].channels[0].keys[0]: environment variable MOCK_KEY is not set".
    // Entities are matched by name, so importing the same file twice changes nothing the second
    // time; entities the file does not mention are kept. "$NAME" keys are read from env. Keys go
    // to the secret store only.
    bool importFile(const QString &path, QString *error = nullptr,
                    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    bool importJson(const QByteArray &json, QString *error = nullptr,
                    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    // The current config as JSON in the import format. Without includeSecrets keys are written as
    // {"fingerprint", "hint"} references that re-import onto the keys stored here; with it they are
    // read from the secret store (and the export fails if one cannot be read).
    QByteArray exportJson(bool includeSecrets = false, QString *error = nullptr) const;
    bool exportFile(const QString &path, bool includeSecrets = false, QString *error = nullptr) const;

    // Loads the config and resolves every key reference through the secret store. Keys that cannot
    // be read are left out and reported in *warnings (never with their value). Each snapshot gets a
    // higher generation than any before it. Null (with a warning) when the config cannot be loaded.
    ConfigSnapshotPtr buildSnapshot(QStringList *warnings = nullptr) const;

    QString backupDir() const;

private:
    Storage *m_storage;
    SecretStore *m_secrets;
    QString m_dataDir;
};

} // namespace Switchyard
