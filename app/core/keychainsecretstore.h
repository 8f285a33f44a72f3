#pragma once

// The OS keychain through QtKeychain (Secret Service or KWallet on Linux, Keychain on macOS,
// Credential Manager on Windows). QtKeychain jobs are asynchronous; each call here runs one job in
// a local event loop and waits for it, bounded by a timeout, because a locked keyring can sit on
// an unlock prompt forever.

#include "secretstore.h"

#include <QCoreApplication>

#include <chrono>

namespace Switchyard {

class KeychainSecretStore : public SecretStore
{
    Q_DECLARE_TR_FUNCTIONS(KeychainSecretStore)

public:
    explicit KeychainSecretStore(const QString &service,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(15));

    QString backendName() const override { return QStringLiteral("keychain"); }
    bool isSecure() const override { return true; }

    bool write(const QString &ref, const QByteArray &secret, QString *error = nullptr) override;
    std::optional<QByteArray> read(const QString &ref, QString *error = nullptr) override;
    bool remove(const QString &ref, QString *error = nullptr) override;

    // Reads an entry that does not exist. Returns nullopt when the keychain answered (a missing
    // entry is the expected answer), otherwise why it did not.
    std::optional<QString> probe();

    QString service() const { return m_service; }

private:
    QString m_service;
    std::chrono::milliseconds m_timeout;
};

} // namespace Switchyard
