#pragma once

// Which of a channel's keys serves the next request (issue 4 "several keys per channel").
//
// - Rotation: round robin (each available key in turn) or weighted (smooth weighted round robin on
//   ChannelKey::weight, the same algorithm as group members). Channel options select it with
//   {"keyRotation": "round_robin" | "weighted"}; by default weighted when any key has a weight other
//   than 1, which with equal weights is the same as round robin anyway.
// - Cooldown: coolDown(key, ms) after a 429 with Retry-After keeps the key out until then.
// - Disable: disable(key, reason) after 401/402/403 takes it out for good and reports it through
//   the disable handler, which the app uses to persist ChannelKey::disabled/disabledReason; the next
//   config snapshot then carries the flag. enable() undoes a runtime disable (the user re-enabled
//   the key).
// - Keys disabled in the config, disabled at runtime, cooling down, or already tried by this
//   request (exclude) are skipped; when none is left the pick says why (no keys, all disabled, or
//   all cooling / tried, with the time until the first cooldown ends).
//
// Keys are identified by their keychain reference (secretRef), stable across config edits, or by
// "id:<id>" when a key has none. Never by the secret. Thread-confined to the proxy thread.

#include "clock.h"
#include "configtypes.h"
#include "strategies.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <functional>

namespace Switchyard {

struct KeyPick
{
    enum class Status
    {
        Ok,
        NoKeys, // the channel has no key configured
        AllDisabled, // every key is disabled (config or runtime)
        Unavailable, // every usable key is cooling down or already tried by this request
    };

    Status status = Status::NoKeys;
    const ChannelKey *key = nullptr; // into the channel passed to next()
    QString keyId;
    qint64 retryAfterMs = -1; // Unavailable: until the first cooldown ends; -1 when none is cooling

    bool ok() const { return status == Status::Ok; }
};

struct KeyDisabledEvent
{
    qint64 channelId = 0;
    qint64 keyDbId = 0; // ChannelKey::id
    QString keyId; // KeyRotation::keyId()
    QString hint; // display prefix, never the key
    QString reason;
};

struct KeyStatus
{
    QString keyId;
    QString hint;
    bool disabled = false; // config or runtime
    QString disabledReason;
    qint64 coolingUntilMs = 0; // wall clock, 0 = not cooling
};

class KeyRotation
{
public:
    enum class Mode
    {
        RoundRobin,
        Weighted,
    };

    using DisableHandler = std::function<void(const KeyDisabledEvent &)>;

    explicit KeyRotation(const Clock *clock = Clock::system());

    static Mode modeFor(const Channel &channel);
    static QString keyId(const ChannelKey &key);
    // "HTTP 401: invalid x-api-key" style reason for a disabling status; message is the upstream's
    // (it never contains our key: providers echo at most a prefix).
    static QString disableReason(int httpStatus, const QString &message);

    void setDisableHandler(DisableHandler handler) { m_onDisable = std::move(handler); }

    // The key for the next attempt on channel; exclude holds keyIds this request already tried.
    KeyPick next(const Channel &channel, const QSet<QString> &exclude = {});

    void coolDown(qint64 channelId, const QString &keyId, qint64 durationMs);
    void disable(const Channel &channel, const ChannelKey &key, const QString &reason);
    void enable(qint64 channelId, const QString &keyId);
    // Forgets cooldowns and rotation state of a channel (keeps runtime disables).
    void resetChannel(qint64 channelId);

    bool isAvailable(qint64 channelId, const ChannelKey &key) const;
    QList<KeyStatus> status(const Channel &channel) const;

private:
    struct KeyState
    {
        qint64 coolUntilSteady = 0;
        bool disabled = false;
        QString reason;
    };
    struct ChannelState
    {
        QHash<QString, KeyState> keys;
        int cursor = 0; // round robin: index to try first
        SmoothWeightedRoundRobin weighted;
    };

    const KeyState *stateOf(qint64 channelId, const QString &keyId) const;
    qint64 coolingRemaining(const KeyState *state) const;

    const Clock *m_clock;
    DisableHandler m_onDisable;
    QHash<qint64, ChannelState> m_channels;
};

} // namespace Switchyard
