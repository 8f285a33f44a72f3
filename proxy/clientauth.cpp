#include "clientauth.h"

#include "pricing.h"

#include <QCryptographicHash>

namespace Switchyard::ClientAuth {

namespace {

QByteArray bearerToken(const QByteArray &authorization)
{
    const QByteArray value = authorization.trimmed();
    constexpr qsizetype prefix = 7; // "Bearer "
    if (value.size() <= prefix || value.left(prefix).compare("bearer ", Qt::CaseInsensitive) != 0)
        return {};
    return value.mid(prefix).trimmed();
}

const ClientKey *findKey(const ConfigData &config, const QByteArray &presented)
{
    if (presented.isEmpty())
        return nullptr;
    const QByteArray digest = hashKey(presented);
    const ClientKey *found = nullptr;
    for (const ClientKey &key : config.clientKeys) {
        if (digestsEqual(key.hash.trimmed(), digest) && !found)
            found = &key;
    }
    return found;
}

} // namespace

QByteArray hashKey(const QByteArray &key)
{
    return QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex();
}

bool digestsEqual(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i) {
        // Case-folds hex letters without a data-dependent branch ('A'..'F' | 0x20 = 'a'..'f',
        // digits already have the bit set).
        diff |= static_cast<unsigned char>((uchar(a.at(i)) | 0x20) ^ (uchar(b.at(i)) | 0x20));
    }
    return diff == 0;
}

bool isLoopback(const QHostAddress &address)
{
    if (address.isLoopback())
        return true;
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    return mapped && QHostAddress(v4).isLoopback();
}

AuthResult check(const ConfigData &config, const QByteArray &xApiKey, const QByteArray &authorization,
                 const QHostAddress &peer, const QDateTime &now)
{
    AuthResult result;
    if (config.clientKeys.isEmpty()) {
        if (isLoopback(peer)) {
            result.status = AuthResult::Status::Ok;
            return result;
        }
        result.status = AuthResult::Status::Forbidden;
        result.message = QStringLiteral(
            "Only clients on this machine may use the proxy until a client key is created in Switchyard.");
        return result;
    }

    const QByteArray apiKey = xApiKey.trimmed();
    const QByteArray bearer = bearerToken(authorization);
    if (apiKey.isEmpty() && bearer.isEmpty()) {
        result.message = QStringLiteral("Missing API key: send it as x-api-key or Authorization: Bearer.");
        return result;
    }
    // Claude Code may send both headers (ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN): either may be
    // the Switchyard key.
    const ClientKey *key = findKey(config, apiKey);
    if (!key)
        key = findKey(config, bearer);
    if (!key) {
        result.message = QStringLiteral("Invalid API key.");
        return result;
    }
    if (key->disabled) {
        result.message = QStringLiteral("API key %1 is disabled.").arg(key->prefix);
        return result;
    }
    if (key->expiresAt.isValid() && key->expiresAt <= now) {
        result.message = QStringLiteral("API key %1 has expired.").arg(key->prefix);
        return result;
    }
    result.status = AuthResult::Status::Ok;
    result.key = key;
    return result;
}

bool allowsModel(const ClientKey *key, const QString &model)
{
    if (!key || key->allowedModels.isEmpty())
        return true;
    for (const QString &allowed : key->allowedModels) {
        if (Pricing::globMatch(allowed, model))
            return true;
    }
    return false;
}

} // namespace Switchyard::ClientAuth
