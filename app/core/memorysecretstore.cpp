#include "memorysecretstore.h"

namespace Switchyard {

bool MemorySecretStore::write(const QString &ref, const QByteArray &secret, QString *error)
{
    if (error)
        error->clear();
    m_secrets.insert(ref, secret);
    return true;
}

std::optional<QByteArray> MemorySecretStore::read(const QString &ref, QString *error)
{
    if (error)
        error->clear();
    const auto it = m_secrets.constFind(ref);
    if (it == m_secrets.constEnd())
        return std::nullopt;
    return *it;
}

bool MemorySecretStore::remove(const QString &ref, QString *error)
{
    if (error)
        error->clear();
    m_secrets.remove(ref);
    return true;
}

} // namespace Switchyard
