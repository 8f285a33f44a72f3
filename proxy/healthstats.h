#pragma once

// Live health of each upstream (channel, model) as the proxy sees it: requests in flight (for
// least_connections), an EWMA of time to first token (for response_time), the recent success rate
// and the last error (for hybrid scoring and the UI).
//
// Thread confinement: one HealthStats belongs to the proxy thread and is only touched there (the
// engine records, the strategies read), so it has no locks. Anything another thread wants (UI,
// admin API) goes through snapshot() marshalled onto the proxy thread.

#include "clock.h"

#include <QHash>
#include <QList>
#include <QString>

#include <vector>

namespace Switchyard {

// One upstream as routing sees it: a channel and the model id sent to it.
struct UpstreamKey
{
    qint64 channelId = 0;
    QString model;

    bool operator==(const UpstreamKey &) const = default;
};

inline size_t qHash(const UpstreamKey &key, size_t seed = 0) noexcept
{
    return qHashMulti(seed, key.channelId, key.model);
}

struct HealthConfig
{
    // Weight of the newest TTFT sample. 0.3 follows a slowdown within ~5 requests without letting
    // one outlier dominate. The first sample seeds the average directly.
    double ttftAlpha = 0.3;
    // Outcomes kept for the recent success rate.
    int successWindow = 50;
    // A TTFT average older than this is reported as stale, so response_time tries that member again
    // instead of trusting a measurement from before it recovered (or slowed down).
    qint64 ttftStaleAfterMs = 5 * 60 * 1000;
};

struct HealthSnapshot
{
    UpstreamKey key;
    int inFlight = 0;
    double ttftEwmaMs = -1; // -1 = no sample yet
    qint64 ttftSamples = 0;
    bool ttftStale = false;
    int recentRequests = 0; // outcomes in the window
    int recentFailures = 0;
    double successRate = 1; // 1 with no outcomes yet
    qint64 totalRequests = 0;
    qint64 totalFailures = 0;
    QString lastError; // error class or message of the last failure; never contains keys
    qint64 lastErrorAtMs = 0; // wall clock, 0 = never
};

class HealthStats
{
public:
    enum class Result
    {
        Success,
        Failure, // counts against the success rate (including failures after the first byte)
        Canceled, // the client went away: says nothing about the upstream
    };

    explicit HealthStats(const Clock *clock = Clock::system(), const HealthConfig &config = {});

    const HealthConfig &config() const { return m_config; }
    void setConfig(const HealthConfig &config);

    // One attempt's life: begin() when it is sent, firstToken() when the first token arrived,
    // end() exactly once when it is over.
    void begin(const UpstreamKey &key);
    void firstToken(const UpstreamKey &key, qint64 ttftMs);
    void end(const UpstreamKey &key, Result result, const QString &error = {});

    int inFlight(const UpstreamKey &key) const;
    // -1 when unknown (no sample yet).
    double ttftEwmaMs(const UpstreamKey &key) const;
    bool ttftStale(const UpstreamKey &key) const;
    // Fraction of successes among the recent outcomes; 1 with no outcomes (new members are assumed
    // healthy until they show otherwise).
    double successRate(const UpstreamKey &key) const;
    int recentFailures(const UpstreamKey &key) const;

    HealthSnapshot snapshot(const UpstreamKey &key) const;
    QList<HealthSnapshot> snapshot() const;
    void clear() { m_entries.clear(); }

private:
    struct Entry
    {
        int inFlight = 0;
        double ttftEwma = -1;
        qint64 ttftSamples = 0;
        qint64 ttftAtSteady = 0;
        std::vector<bool> outcomes; // ring buffer of the last successWindow outcomes, true = success
        size_t next = 0;
        int recentFailures = 0;
        qint64 totalRequests = 0;
        qint64 totalFailures = 0;
        QString lastError;
        qint64 lastErrorAtMs = 0;
    };

    const Entry *find(const UpstreamKey &key) const;
    HealthSnapshot snapshotOf(const UpstreamKey &key, const Entry &entry) const;
    void pushOutcome(Entry &entry, bool success);

    const Clock *m_clock;
    HealthConfig m_config;
    QHash<UpstreamKey, Entry> m_entries;
};

} // namespace Switchyard
