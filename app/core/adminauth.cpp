#include "adminauth.h"

#include "clientauth.h"
#include "clientkeys.h"

#include <QRandomGenerator>

#include <array>

namespace Switchyard::AdminAuth {

namespace {

bool isPort(const QByteArray &digits)
{
    if (digits.isEmpty() || digits.size() > 5)
        return false;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return false;
    }
    return digits.toInt() <= 65535;
}

} // namespace

QString generateToken()
{
    std::array<quint32, TokenRandomBytes / sizeof(quint32)> words {};
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    QByteArray bytes(reinterpret_cast<const char *>(words.data()), TokenRandomBytes);
    const QString token = TokenScheme + ClientKeys::base62(bytes);
    bytes.fill('\0');
    words.fill(0);
    return token;
}

bool isLocalHost(const QByteArray &hostHeader)
{
    const QByteArray host = hostHeader.trimmed().toLower();
    for (const QByteArrayView name :
         {QByteArrayView("127.0.0.1"), QByteArrayView("localhost"), QByteArrayView("[::1]")}) {
        if (!host.startsWith(name))
            continue;
        const QByteArray rest = host.mid(name.size());
        if (rest.isEmpty() || (rest.startsWith(':') && isPort(rest.mid(1))))
            return true;
    }
    return false;
}

bool isLocalOrigin(const QByteArray &origin)
{
    const QByteArray text = origin.trimmed().toLower();
    for (const QByteArrayView scheme : {QByteArrayView("http://"), QByteArrayView("https://")}) {
        if (text.startsWith(scheme))
            return isLocalHost(text.mid(scheme.size()));
    }
    return false;
}

QString browserRejection(const QByteArray &host, const QByteArray &origin, const QByteArray &secFetchSite)
{
    // Messages are for the developer debugging a script; they name the rule, not the token.
    if (host.trimmed().isEmpty())
        return QStringLiteral("The admin API needs a Host header naming this machine.");
    if (!isLocalHost(host))
        return QStringLiteral("The admin API only answers requests for 127.0.0.1, localhost or [::1].");
    const bool hasOrigin = !origin.trimmed().isEmpty();
    if (hasOrigin && !isLocalOrigin(origin))
        return QStringLiteral("Cross-site requests to the admin API are not allowed.");
    const QByteArray site = secFetchSite.trimmed().toLower();
    if ((site == "cross-site" || site == "same-site") && !hasOrigin)
        return QStringLiteral("Cross-site requests to the admin API are not allowed.");
    return {};
}

QByteArray bearerToken(const QByteArray &authorization)
{
    const QByteArray value = authorization.trimmed();
    constexpr QByteArrayView scheme("bearer ");
    if (value.size() <= scheme.size() || value.left(scheme.size()).toLower() != scheme)
        return {};
    return value.mid(scheme.size()).trimmed();
}

bool tokenMatches(const QByteArray &presented, const QByteArray &storedDigest)
{
    if (presented.isEmpty() || storedDigest.isEmpty())
        return false;
    return ClientAuth::digestsEqual(ClientAuth::hashKey(presented), storedDigest);
}

} // namespace Switchyard::AdminAuth
