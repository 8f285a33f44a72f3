#pragma once

// The explicit, opt-in fallback when no keychain answers: secrets in a JSON file readable only by
// the user (0600). It is NOT encrypted, so every open logs a loud warning, and it is never chosen
// unless the user asked for it (--insecure-secrets-file or the setting).

#include "secretstore.h"

#include <QCoreApplication>
#include <QHash>

namespace Switchyard {

class FileSecretStore : public SecretStore
{
    Q_DECLARE_TR_FUNCTIONS(FileSecretStore)

public:
    static QString defaultFileName() { return QStringLiteral("secrets.insecure.json"); }

    // Opens the file, creating it (0600, empty) when missing and narrowing wider permissions on an
    // existing one. Null with *error set when the file cannot be used.
    static std::unique_ptr<FileSecretStore> open(const QString &path, QString *error = nullptr);

    QString backendName() const override { return QStringLiteral("insecure-file"); }
    bool isSecure() const override { return false; }

    bool write(const QString &ref, const QByteArray &secret, QString *error = nullptr) override;
    std::optional<QByteArray> read(const QString &ref, QString *error = nullptr) override;
    bool remove(const QString &ref, QString *error = nullptr) override;

    QString path() const { return m_path; }

private:
    explicit FileSecretStore(const QString &path);

    // The file is re-read on every call so two processes (app and CLI) see each other's writes.
    std::optional<QHash<QString, QByteArray>> load(QString *error) const;
    bool save(const QHash<QString, QByteArray> &secrets, QString *error) const;

    QString m_path;
};

} // namespace Switchyard
