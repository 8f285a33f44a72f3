#pragma once

// Client keys: the secrets local tools (Claude Code, SDKs) present to the proxy.
//
// A key is "sy-" + 43 base62 characters encoding 32 bytes from the operating system's CSPRNG
// (QRandomGenerator::system(): getrandom()/ /dev/urandom on Linux, arc4random on macOS,
// RtlGenRandom on Windows). base62 keeps the key one "word" for double-click selection and free
// of characters that need quoting in shells or .env files. Only the SHA-256 hex digest
// (ClientAuth::hashKey, the form the proxy checks) and a display prefix ("sy-" + 4 characters, about
// 24 bits, far too little to rebuild or guess the key) are stored; the plaintext is returned once by
// generate() and never kept.

#include "clientauth.h"
#include "configtypes.h"

#include <QByteArray>
#include <QString>

namespace Switchyard::ClientKeys {

inline constexpr QLatin1StringView Scheme {"sy-"};
inline constexpr int RandomBytes = 32;
inline constexpr int EncodedLength = 43; // ceil(256 / log2(62))
inline constexpr int PrefixLength = 7; // "sy-" + 4

struct GeneratedKey
{
    QString plaintext; // show once, then forget
    QByteArray hash; // lowercase hex SHA-256 of plaintext (ClientKey::hash)
    QString prefix; // ClientKey::prefix
};

GeneratedKey generate();
// The same from given random bytes (tests; generate() feeds it the CSPRNG's output).
GeneratedKey fromRandomBytes(const QByteArray &bytes);

// A new ClientKey record (id 0, not stored) holding the hash and prefix of key.
ClientKey makeRecord(const QString &name, const GeneratedKey &key);

// Fixed-length base62 (0-9, A-Z, a-z), most significant digit first, zero-padded to
// ceil(8 * bytes.size() / log2(62)) digits.
QString base62(const QByteArray &bytes);

// Whether the presented key's digest equals storedHash (hex, any case). The digests are compared
// in constant time, so the time taken says nothing about how much of a guess was right.
bool verify(const QByteArray &presented, const QByteArray &storedHash);
// The proxy checks client keys with the same comparison.
using ClientAuth::digestsEqual;

// "sy-" followed by exactly EncodedLength base62 characters.
bool looksLikeKey(const QString &text);

} // namespace Switchyard::ClientKeys
