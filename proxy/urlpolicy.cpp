#include "urlpolicy.h"

namespace Switchyard::UrlPolicy {

namespace {

QString normalisedHost(const QString &host)
{
    QString out = host.toLower();
    if (out.startsWith(u'[') && out.endsWith(u']'))
        out = out.mid(1, out.size() - 2);
    while (out.endsWith(u'.'))
        out.chop(1);
    return out;
}

} // namespace

AddressClass classify(const QHostAddress &input)
{
    QHostAddress address = input;
    address.setScopeId({}); // fe80::1%eth0 is still fe80::1
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    if (mapped && address.protocol() == QAbstractSocket::IPv6Protocol)
        address = QHostAddress(v4); // ::ffff:169.254.169.254 is 169.254.169.254
    static const QHostAddress awsV4(QStringLiteral("169.254.169.254"));
    static const QHostAddress awsV6(QStringLiteral("fd00:ec2::254"));
    if (address.isEqual(QHostAddress::AnyIPv4) || address.isEqual(QHostAddress::AnyIPv6))
        return AddressClass::Unspecified;
    if (address.isLoopback())
        return AddressClass::Loopback;
    if (address.isEqual(awsV4) || address.isEqual(awsV6))
        return AddressClass::CloudMetadata;
    if (address.isLinkLocal())
        return AddressClass::LinkLocal;
    return AddressClass::Ordinary;
}

bool isMetadataHostName(const QString &host)
{
    const QString name = normalisedHost(host);
    return name == u"metadata.google.internal" || name == u"metadata";
}

Verdict checkAddress(const QHostAddress &address, bool allowLinkLocal)
{
    switch (classify(address)) {
    case AddressClass::Unspecified:
        return Verdict::Unspecified;
    case AddressClass::CloudMetadata:
        return allowLinkLocal ? Verdict::Ok : Verdict::CloudMetadata;
    case AddressClass::LinkLocal:
        return allowLinkLocal ? Verdict::Ok : Verdict::LinkLocal;
    case AddressClass::Loopback:
    case AddressClass::Ordinary:
        break;
    }
    return Verdict::Ok;
}

Verdict checkHost(const QString &host, bool allowLinkLocal)
{
    const QString name = normalisedHost(host);
    if (name.isEmpty())
        return Verdict::NoHost;
    QHostAddress address;
    if (address.setAddress(name))
        return checkAddress(address, allowLinkLocal);
    if (isMetadataHostName(name) && !allowLinkLocal)
        return Verdict::CloudMetadata;
    return Verdict::Ok; // a name: what it resolves to is checked at connect time
}

Verdict checkUrl(const QUrl &url, bool allowLinkLocal)
{
    if (!url.isValid() || url.isRelative())
        return Verdict::InvalidUrl;
    const QString scheme = url.scheme().toLower();
    if (scheme != u"http" && scheme != u"https")
        return Verdict::UnsupportedScheme;
    if (normalisedHost(url.host()).isEmpty())
        return Verdict::NoHost;
    if (!url.userInfo().isEmpty())
        return Verdict::UserInfo;
    return checkHost(url.host(), allowLinkLocal);
}

QString describe(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Ok:
        return QStringLiteral("allowed");
    case Verdict::InvalidUrl:
        return QStringLiteral("not a valid absolute URL");
    case Verdict::UnsupportedScheme:
        return QStringLiteral("only http and https are supported");
    case Verdict::NoHost:
        return QStringLiteral("no host");
    case Verdict::UserInfo:
        return QStringLiteral("user:password in the URL is not allowed; store keys as channel keys");
    case Verdict::Unspecified:
        return QStringLiteral("unspecified address");
    case Verdict::LinkLocal:
        return QStringLiteral("link-local address (allow with option \"allowLinkLocal\": true)");
    case Verdict::CloudMetadata:
        return QStringLiteral("cloud metadata endpoint (allow with option \"allowLinkLocal\": true)");
    }
    return {};
}

bool validateUpstreamUrl(const QUrl &url, bool allowLinkLocal, QString *error)
{
    const Verdict verdict = checkUrl(url, allowLinkLocal);
    if (verdict == Verdict::Ok)
        return true;
    if (error)
        *error = QStringLiteral("upstream URL %1: %2")
                     .arg(url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery), describe(verdict));
    return false;
}

bool checkResolvedAddresses(const QString &host, const QList<QHostAddress> &addresses, bool allowLinkLocal,
                            QString *error)
{
    for (const QHostAddress &address : addresses) {
        const Verdict verdict = checkAddress(address, allowLinkLocal);
        if (verdict == Verdict::Ok)
            continue;
        if (error)
            *error = QStringLiteral("upstream host %1 resolves to %2: %3; refused")
                         .arg(host, address.toString(), describe(verdict));
        return false;
    }
    return true;
}

bool allowsLinkLocal(const QJsonObject &channelOptions, const QJsonObject &providerOptions)
{
    const QJsonValue channelValue = channelOptions.value(allowLinkLocalOption);
    if (channelValue.isBool())
        return channelValue.toBool();
    return providerOptions.value(allowLinkLocalOption).toBool(false);
}

} // namespace Switchyard::UrlPolicy
