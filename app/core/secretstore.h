#pragma once

// Upstream API keys live only here: in the OS keychain (QtKeychain, service "Switchyard"), or, when
// no keychain answers and the user explicitly opted in, in a 0600 file with a loud warning. The
// database keeps only the reference name. Calls block (QtKeychain jobs are awaited in a local event
// loop), so they are made from the GUI/main thread and never from the proxy thread.

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

namespace Switchyard {

class SecretStore
{
public:
    virtual ~SecretStore() = default;

    // "keychain", "insecure-file" or "memory".
    virtual QString backendName() const = 0;
    virtual bool isSecure() const = 0;

    virtual bool write(const QString &ref, const QByteArray &secret, QString *error = nullptr) = 0;
    // The secret, or nullopt. A missing entry gives nullopt with *error left empty.
    virtual std::optional<QByteArray> read(const QString &ref, QString *error = nullptr) = 0;
    // Removing a missing entry succeeds.
    virtual bool remove(const QString &ref, QString *error = nullptr) = 0;

    // A fresh reference name for a new secret, e.g. "channel-key/<uuid>".
    static QString newReference(const QString &kind);
    // What may be shown of a key: its first few characters and an ellipsis, never more.
    static QString hintFor(const QByteArray &secret);
    // First 16 hex characters of SHA-256(secret): lets re-imports recognise a key they stored.
    static QString fingerprintFor(const QByteArray &secret);
};

struct SecretStoreSelection
{
    std::unique_ptr<SecretStore> store; // null when no backend may be used
    bool keychainAvailable = false;
    // Human-readable reason when the keychain did not answer (empty otherwise).
    QString problem;
};

// Probes the OS keychain with a harmless read. When it answers, returns the keychain store. When it
// does not, returns the 0600 file store under dataDir only if allowInsecureFile is set, and
// otherwise no store at all, with the problem explained. Never falls back silently.
SecretStoreSelection selectSecretStore(const QString &dataDir, bool allowInsecureFile,
                                       const QString &service = QStringLiteral("Switchyard"));

} // namespace Switchyard
