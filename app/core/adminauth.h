#pragma once

// Who may talk to the management API (/admin/*). Two independent gates:
//  1. Browser hygiene, checked first and without looking at the token: the Host header must name
//     this machine (defeats DNS rebinding: a page on evil.example whose name now resolves to
//     127.0.0.1 still sends "Host: evil.example"), and a browser request made on behalf of another
//     site (a non-local Origin, or Sec-Fetch-Site cross-site/same-site without a local Origin) is
//     refused. Checking this before the token keeps a web page from learning anything, timing
//     included, about the token.
//  2. The admin token: "Authorization: Bearer sya-...", compared as SHA-256 digests in constant time.
//
// The token is 32 bytes from the OS CSPRNG in base62 with the prefix "sya-" (distinct from client
// keys, "sy-", so a leaked string says what it unlocks). It lives in the secret store only.

#include <QByteArray>
#include <QLatin1StringView>
#include <QString>

namespace Switchyard::AdminAuth {

// The secret store entry that holds the token.
inline constexpr QLatin1StringView TokenRef {"admin-token"};
inline constexpr QLatin1StringView TokenScheme {"sya-"};
inline constexpr int TokenRandomBytes = 32;

// A fresh token from the CSPRNG.
QString generateToken();

// "127.0.0.1", "localhost" or "[::1]", each with or without ":port" (any case for localhost).
bool isLocalHost(const QByteArray &hostHeader);
// "http(s)://" + a local host (isLocalHost), nothing after it. "null" is not local.
bool isLocalOrigin(const QByteArray &origin);

// Empty when the request may go on to the token check; otherwise why it is refused (403).
QString browserRejection(const QByteArray &host, const QByteArray &origin, const QByteArray &secFetchSite);

// The token of "Bearer <token>" (scheme in any case), empty when the header has another form.
QByteArray bearerToken(const QByteArray &authorization);

// Whether the presented token matches the stored token's digest (ClientAuth::hashKey). An empty
// presented token or digest never matches.
bool tokenMatches(const QByteArray &presented, const QByteArray &storedDigest);

} // namespace Switchyard::AdminAuth
