#include "keyrotation.h"

#include "logging.h"

#include <algorithm>

namespace Switchyard {

KeyRotation::KeyRotation(const Clock *clock)
    : m_clock(clock)
{
}

KeyRotation::Mode KeyRotation::modeFor(const Channel &channel)
{
    const QString mode = channel.options.value(QLatin1String("keyRotation")).toString().trimmed().toLower();
    if (mode == QLatin1String("round_robin") || mode == QLatin1String("round-robin"))
        return Mode::RoundRobin;
    if (mode == QLatin1String("weighted"))
        return Mode::Weighted;
    const bool weighted = std::any_of(channel.keys.cbegin(), channel.keys.cend(),
                                      [](const ChannelKey &key) { return key.weight != 1; });
    return weighted ? Mode::Weighted : Mode::RoundRobin;
}

QString KeyRotation::keyId(const ChannelKey &key)
{
    return key.secretRef.isEmpty() ? QStringLiteral("id:%1").arg(key.id) : key.secretRef;
}

QString KeyRotation::disableReason(int httpStatus, const QString &message)
{
    QString what;
    switch (httpStatus) {
    case 401:
        what = QStringLiteral("authentication failed");
        break;
    case 402:
        what = QStringLiteral("payment required");
        break;
    case 403:
        what = QStringLiteral("permission denied");
        break;
    default:
        what = QStringLiteral("rejected");
        break;
    }
    QString reason = QStringLiteral("HTTP %1 %2").arg(httpStatus).arg(what);
    const QString detail = message.simplified().left(200);
    if (!detail.isEmpty())
        reason += QStringLiteral(": ") + detail;
    return reason;
}

const KeyRotation::KeyState *KeyRotation::stateOf(qint64 channelId, const QString &keyId) const
{
    const auto channel = m_channels.constFind(channelId);
    if (channel == m_channels.cend())
        return nullptr;
    const auto key = channel->keys.constFind(keyId);
    return key == channel->keys.cend() ? nullptr : &key.value();
}

qint64 KeyRotation::coolingRemaining(const KeyState *state) const
{
    if (!state)
        return 0;
    return std::max<qint64>(0, state->coolUntilSteady - m_clock->steadyMs());
}

bool KeyRotation::isAvailable(qint64 channelId, const ChannelKey &key) const
{
    if (key.disabled)
        return false;
    const KeyState *state = stateOf(channelId, keyId(key));
    return !state || (!state->disabled && coolingRemaining(state) == 0);
}

KeyPick KeyRotation::next(const Channel &channel, const QSet<QString> &exclude)
{
    KeyPick pick;
    if (channel.keys.isEmpty())
        return pick;

    QList<int> candidates;
    bool anyEnabled = false;
    for (int i = 0; i < channel.keys.size(); ++i) {
        const ChannelKey &key = channel.keys.at(i);
        const QString id = keyId(key);
        const KeyState *state = stateOf(channel.id, id);
        if (key.disabled || (state && state->disabled))
            continue;
        anyEnabled = true;
        if (exclude.contains(id))
            continue;
        if (const qint64 remaining = coolingRemaining(state); remaining > 0) {
            pick.retryAfterMs = pick.retryAfterMs < 0 ? remaining : std::min(pick.retryAfterMs, remaining);
            continue;
        }
        candidates.append(i);
    }
    if (!anyEnabled) {
        pick.status = KeyPick::Status::AllDisabled;
        return pick;
    }
    if (candidates.isEmpty()) {
        pick.status = KeyPick::Status::Unavailable;
        return pick;
    }

    ChannelState &state = m_channels[channel.id];
    int chosen = candidates.first();
    if (modeFor(channel) == Mode::Weighted) {
        QStringList ids;
        QList<int> weights;
        for (const int i : candidates) {
            ids.append(keyId(channel.keys.at(i)));
            weights.append(channel.keys.at(i).weight);
        }
        chosen = candidates.at(state.weighted.pick(ids, weights));
    } else {
        // The first available key at or after the cursor, wrapping around.
        const auto atOrAfter =
            std::find_if(candidates.cbegin(), candidates.cend(), [&](int i) { return i >= state.cursor; });
        chosen = atOrAfter != candidates.cend() ? *atOrAfter : candidates.first();
        state.cursor = (chosen + 1) % int(channel.keys.size());
    }
    pick.status = KeyPick::Status::Ok;
    pick.key = &channel.keys.at(chosen);
    pick.keyId = keyId(*pick.key);
    pick.retryAfterMs = -1;
    return pick;
}

void KeyRotation::coolDown(qint64 channelId, const QString &keyId, qint64 durationMs)
{
    if (durationMs <= 0)
        return;
    KeyState &state = m_channels[channelId].keys[keyId];
    // A later, longer Retry-After extends the cooldown; a shorter one never shortens it.
    state.coolUntilSteady = std::max(state.coolUntilSteady, m_clock->steadyMs() + durationMs);
}

void KeyRotation::disable(const Channel &channel, const ChannelKey &key, const QString &reason)
{
    KeyState &state = m_channels[channel.id].keys[keyId(key)];
    if (state.disabled)
        return;
    state.disabled = true;
    state.reason = reason;
    qCWarning(lcRouting).noquote() << "channel" << channel.name << "key" << key.hint << "disabled:" << reason;
    if (m_onDisable)
        m_onDisable({channel.id, key.id, keyId(key), key.hint, reason});
}

void KeyRotation::enable(qint64 channelId, const QString &keyId)
{
    const auto channel = m_channels.find(channelId);
    if (channel == m_channels.end())
        return;
    const auto key = channel->keys.find(keyId);
    if (key == channel->keys.end())
        return;
    key->disabled = false;
    key->reason.clear();
    key->coolUntilSteady = 0;
}

void KeyRotation::resetChannel(qint64 channelId)
{
    const auto channel = m_channels.find(channelId);
    if (channel == m_channels.end())
        return;
    channel->cursor = 0;
    channel->weighted.clear();
    for (KeyState &key : channel->keys)
        key.coolUntilSteady = 0;
}

QList<KeyStatus> KeyRotation::status(const Channel &channel) const
{
    QList<KeyStatus> list;
    for (const ChannelKey &key : channel.keys) {
        KeyStatus s;
        s.keyId = keyId(key);
        s.hint = key.hint;
        const KeyState *state = stateOf(channel.id, s.keyId);
        s.disabled = key.disabled || (state && state->disabled);
        s.disabledReason = key.disabled ? key.disabledReason : state ? state->reason : QString();
        if (const qint64 remaining = coolingRemaining(state); remaining > 0)
            s.coolingUntilMs = m_clock->nowMs() + remaining;
        list.append(s);
    }
    return list;
}

} // namespace Switchyard
