#pragma once

// Secrets held in process memory only. Used by tests and as a scratch store; nothing persists.

#include "secretstore.h"

#include <QHash>
#include <QStringList>

namespace Switchyard {

class MemorySecretStore : public SecretStore
{
public:
    QString backendName() const override { return QStringLiteral("memory"); }
    // Nothing ever reaches the disk.
    bool isSecure() const override { return true; }

    bool write(const QString &ref, const QByteArray &secret, QString *error = nullptr) override;
    std::optional<QByteArray> read(const QString &ref, QString *error = nullptr) override;
    bool remove(const QString &ref, QString *error = nullptr) override;

    qsizetype count() const { return m_secrets.size(); }
    QStringList references() const { return m_secrets.keys(); }
    QHash<QString, QByteArray> contents() const { return m_secrets; }

private:
    QHash<QString, QByteArray> m_secrets;
};

} // namespace Switchyard
