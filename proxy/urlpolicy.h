#pragma once

// Which upstream URLs and addresses Switchyard may talk to: one set of rules for config import
// (app/core/configjson.cpp), for every request (UpstreamClient::start) and, after DNS, for every new
// direct connection (Http1Connection).
//
// Why: a base URL is user (or import-file) controlled and the request carries a provider key. On a
// cloud VM, a URL or a DNS name pointing at the instance metadata service (169.254.169.254,
// fd00:ec2::254, metadata.google.internal) would hand that service our request, and its answer
// (instance credentials) back to the caller. Link-local addresses (169.254.0.0/16, fe80::/10) are
// refused with it: they are where such services live, and no provider API is there.
//
// Rules:
// - http or https only, a host, no user:password in the URL (keys belong in channel keys);
// - the unspecified address (0.0.0.0, ::) is refused: it is not a destination;
// - link-local addresses, the cloud metadata addresses and names ("metadata.google.internal",
//   "metadata") are refused unless explicitly allowed: option {"allowLinkLocal": true} on the
//   channel, or on the provider (the channel's value wins when it has one);
// - loopback and private ranges stay allowed: local models (Ollama) and LAN gateways.
// IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry. QUrl already normalises
// numeric hosts such as "2852039166" or "0xa9fea9fe" to dotted IPv4, so they cannot slip past.
//
// Names are checked by name here; what they resolve to is checked when a direct connection is
// opened (checkResolvedAddresses). Through a proxy the proxy resolves the name, so only the name
// and literal checks apply.

#include <QHostAddress>
#include <QJsonObject>
#include <QLatin1StringView>
#include <QList>
#include <QString>
#include <QUrl>

namespace Switchyard::UrlPolicy {

// The option key, on a channel's or a provider's options object.
inline constexpr QLatin1StringView allowLinkLocalOption("allowLinkLocal");

enum class Verdict
{
    Ok,
    InvalidUrl, // not a valid absolute URL
    UnsupportedScheme, // not http or https
    NoHost,
    UserInfo, // user:password@ in the URL
    Unspecified, // 0.0.0.0 or ::
    LinkLocal, // 169.254.0.0/16 or fe80::/10 (without allowLinkLocal)
    CloudMetadata, // 169.254.169.254, fd00:ec2::254, metadata.google.internal (without allowLinkLocal)
};

// What an address is, for the rules above (IPv4-mapped addresses are unwrapped first).
enum class AddressClass
{
    Ordinary, // public, private (RFC 1918, ULA) or anything else not below
    Loopback,
    Unspecified,
    LinkLocal,
    CloudMetadata,
};

AddressClass classify(const QHostAddress &address);
// Cloud metadata host names (case-insensitive, a trailing dot ignored).
bool isMetadataHostName(const QString &host);

// The verdict for an address or a host (name or literal) under allowLinkLocal.
Verdict checkAddress(const QHostAddress &address, bool allowLinkLocal);
Verdict checkHost(const QString &host, bool allowLinkLocal);
// The verdict for a base or request URL.
Verdict checkUrl(const QUrl &url, bool allowLinkLocal);

// A short English reason for logs and upstream error messages ("link-local address", ...).
QString describe(Verdict verdict);

// checkUrl with an English message: "upstream URL <url without credentials or query>: <reason>".
bool validateUpstreamUrl(const QUrl &url, bool allowLinkLocal, QString *error = nullptr);

// After DNS, before connecting: every address host resolved to must pass (one refused address
// refuses the name, so a record set cannot mix a metadata address in). On refusal *error names
// the host, the address and how to allow it.
bool checkResolvedAddresses(const QString &host, const QList<QHostAddress> &addresses, bool allowLinkLocal,
                            QString *error = nullptr);

// The effective "allowLinkLocal": the channel's option when it has a boolean one, else the
// provider's, else false.
bool allowsLinkLocal(const QJsonObject &channelOptions, const QJsonObject &providerOptions);

} // namespace Switchyard::UrlPolicy
