#pragma once

// Who may use the proxy (protocols 1.2, golden 2). Clients present a local key as "x-api-key" or
// "Authorization: Bearer"; the configuration stores only SHA-256 hex hashes of client keys.
//   - With client keys configured: a missing, unknown, disabled or expired key is refused (401).
//   - Without any: only loopback clients are served (others get 403), so a proxy bound to a LAN
//     address by mistake is not an open relay for the user's provider keys.

#include "configtypes.h"

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QString>

namespace Switchyard {

struct AuthResult
{
    enum class Status
    {
        Ok,
        Unauthorized, // 401 authentication_error / invalid_api_key
        Forbidden, // 403 permission_error
    };

    Status status = Status::Unauthorized;
    const ClientKey *key = nullptr; // the matched key (points into the snapshot); null for anonymous loopback
    QString message; // for the error body; never contains the presented key

    bool ok() const { return status == Status::Ok; }
    int httpStatus() const
    {
        return status == Status::Forbidden ? 403 : status == Status::Unauthorized ? 401 : 200;
    }
};

namespace ClientAuth {

// Lowercase hex SHA-256 of a key, as stored in ClientKey::hash.
QByteArray hashKey(const QByteArray &key);

// Compares two hex digests, case-insensitively, without an early exit: the comparison time does not
// tell how many leading characters of a guessed key's hash were right.
bool digestsEqual(const QByteArray &a, const QByteArray &b);

// Loopback, including IPv4-mapped IPv6 (::ffff:127.0.0.1).
bool isLoopback(const QHostAddress &address);

// xApiKey and authorization are the raw header values (empty when absent).
AuthResult check(const ConfigData &config, const QByteArray &xApiKey, const QByteArray &authorization,
                 const QHostAddress &peer, const QDateTime &now = QDateTime::currentDateTimeUtc());

// Whether the key may use model (ClientKey::allowedModels, globs allowed; empty = all).
bool allowsModel(const ClientKey *key, const QString &model);

} // namespace ClientAuth
} // namespace Switchyard
