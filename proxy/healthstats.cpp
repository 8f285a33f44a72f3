#include "healthstats.h"

#include <algorithm>

namespace Switchyard {

HealthStats::HealthStats(const Clock *clock, const HealthConfig &config)
    : m_clock(clock)
    , m_config(config)
{
    m_config.successWindow = std::max(1, m_config.successWindow);
}

void HealthStats::setConfig(const HealthConfig &config)
{
    const int oldWindow = m_config.successWindow;
    m_config = config;
    m_config.successWindow = std::max(1, m_config.successWindow);
    if (oldWindow == m_config.successWindow)
        return;
    // A different window size invalidates the ring buffers; start the recent rate afresh.
    for (Entry &entry : m_entries) {
        entry.outcomes.clear();
        entry.next = 0;
        entry.recentFailures = 0;
    }
}

void HealthStats::begin(const UpstreamKey &key)
{
    ++m_entries[key].inFlight;
}

void HealthStats::firstToken(const UpstreamKey &key, qint64 ttftMs)
{
    if (ttftMs < 0)
        return;
    Entry &entry = m_entries[key];
    const double sample = double(ttftMs);
    entry.ttftEwma = entry.ttftSamples == 0
        ? sample
        : m_config.ttftAlpha * sample + (1.0 - m_config.ttftAlpha) * entry.ttftEwma;
    ++entry.ttftSamples;
    entry.ttftAtSteady = m_clock->steadyMs();
}

void HealthStats::end(const UpstreamKey &key, Result result, const QString &error)
{
    Entry &entry = m_entries[key];
    entry.inFlight = std::max(0, entry.inFlight - 1);
    if (result == Result::Canceled)
        return;
    const bool success = result == Result::Success;
    pushOutcome(entry, success);
    ++entry.totalRequests;
    if (!success) {
        ++entry.totalFailures;
        entry.lastError = error;
        entry.lastErrorAtMs = m_clock->nowMs();
    }
}

void HealthStats::pushOutcome(Entry &entry, bool success)
{
    const size_t window = size_t(m_config.successWindow);
    if (entry.outcomes.size() < window) {
        entry.outcomes.push_back(success);
    } else {
        if (!entry.outcomes[entry.next])
            --entry.recentFailures;
        entry.outcomes[entry.next] = success;
    }
    entry.next = (entry.next + 1) % window;
    if (!success)
        ++entry.recentFailures;
}

const HealthStats::Entry *HealthStats::find(const UpstreamKey &key) const
{
    const auto it = m_entries.constFind(key);
    return it == m_entries.cend() ? nullptr : &it.value();
}

int HealthStats::inFlight(const UpstreamKey &key) const
{
    const Entry *entry = find(key);
    return entry ? entry->inFlight : 0;
}

double HealthStats::ttftEwmaMs(const UpstreamKey &key) const
{
    const Entry *entry = find(key);
    return entry ? entry->ttftEwma : -1;
}

bool HealthStats::ttftStale(const UpstreamKey &key) const
{
    const Entry *entry = find(key);
    return entry && entry->ttftSamples > 0
        && m_clock->steadyMs() - entry->ttftAtSteady >= m_config.ttftStaleAfterMs;
}

double HealthStats::successRate(const UpstreamKey &key) const
{
    const Entry *entry = find(key);
    if (!entry || entry->outcomes.empty())
        return 1;
    return 1.0 - double(entry->recentFailures) / double(entry->outcomes.size());
}

int HealthStats::recentFailures(const UpstreamKey &key) const
{
    const Entry *entry = find(key);
    return entry ? entry->recentFailures : 0;
}

HealthSnapshot HealthStats::snapshotOf(const UpstreamKey &key, const Entry &entry) const
{
    HealthSnapshot s;
    s.key = key;
    s.inFlight = entry.inFlight;
    s.ttftEwmaMs = entry.ttftEwma;
    s.ttftSamples = entry.ttftSamples;
    s.ttftStale = ttftStale(key);
    s.recentRequests = int(entry.outcomes.size());
    s.recentFailures = entry.recentFailures;
    s.successRate = successRate(key);
    s.totalRequests = entry.totalRequests;
    s.totalFailures = entry.totalFailures;
    s.lastError = entry.lastError;
    s.lastErrorAtMs = entry.lastErrorAtMs;
    return s;
}

HealthSnapshot HealthStats::snapshot(const UpstreamKey &key) const
{
    const Entry *entry = find(key);
    if (!entry) {
        HealthSnapshot s;
        s.key = key;
        return s;
    }
    return snapshotOf(key, *entry);
}

QList<HealthSnapshot> HealthStats::snapshot() const
{
    QList<HealthSnapshot> list;
    list.reserve(m_entries.size());
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
        list.append(snapshotOf(it.key(), it.value()));
    std::sort(list.begin(), list.end(), [](const HealthSnapshot &a, const HealthSnapshot &b) {
        return a.key.channelId != b.key.channelId ? a.key.channelId < b.key.channelId
                                                  : a.key.model < b.key.model;
    });
    return list;
}

} // namespace Switchyard
