#pragma once

// Circuit breaker per upstream (channel, model), protocols.md section 8.
//
//   CLOSED --(N consecutive failures, or error rate >= X% over the last M outcomes once at least
//             minRequests of them are in the window)--> OPEN
//   OPEN   --(cooldown elapsed: the next admit() call)--> HALF_OPEN, and that call is the probe
//   HALF_OPEN: exactly one probe in flight, every other request is rejected
//     probe success --> CLOSED (window, failure streak and cooldown level reset)
//     probe failure --> OPEN with the next cooldown
//
// The cooldown grows with each consecutive opening: base, 2x, 4x, ... capped (30 s, 60 s, 120 s,
// 240 s, 300 s, 300 s ...), and falls back to the base once a probe closes the breaker.
//
// Admission and outcome are two calls: admit() before an attempt tells whether it may go and
// whether it is the probe; recordSuccess()/recordFailure() take that same Admission back, so an
// answer from a request admitted before the breaker opened never counts as the probe's verdict
// (it still counts in the statistics). Failures after the first byte (mid-stream) are failures too:
// the engine simply calls recordFailure(). A probe that ends without a verdict (client went away)
// is handed back with releaseProbe(); a probe nobody reports on is given up after probeLeaseMs so
// a lost report cannot wedge the breaker in HALF_OPEN.
//
// Manual overrides: forceOpen() rejects everything, forceClosed() admits everything; both freeze the
// automatic transitions (outcomes still feed the statistics). clearForce() returns to a fresh CLOSED
// breaker: the person who cleared the override decided the upstream deserves traffic again.
//
// All time comes from the injected Clock (steady time for durations). Thread-confined to the proxy
// thread like HealthStats: no locks.

#include "clock.h"
#include "healthstats.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <vector>

namespace Switchyard {

struct BreakerConfig
{
    int failureThreshold = 5; // consecutive failures that open the breaker; 0 = off
    double errorRateThreshold = 0.5; // fraction of failures in the window that opens it; 0 = off
    int windowSize = 20; // outcomes kept for the error rate
    int minRequests = 10; // the rate only applies once the window holds this many outcomes
    qint64 baseCooldownMs = 30 * 1000;
    qint64 maxCooldownMs = 5 * 60 * 1000;
    qint64 probeLeaseMs = 10 * 60 * 1000; // a probe unreported for this long is abandoned

    // Reads {"failureThreshold":5,"errorRatePercent":50,"windowSize":20,"minRequests":10,
    // "baseCooldownSeconds":30,"maxCooldownSeconds":300}; missing or invalid fields keep defaults.
    static BreakerConfig fromJson(const QJsonObject &object);
};

enum class BreakerState
{
    Closed,
    Open,
    HalfOpen,
};

enum class BreakerForce
{
    None,
    Open,
    Closed,
};

QString breakerStateName(BreakerState state); // "closed", "open", "half_open"

struct BreakerTransition
{
    enum class Cause
    {
        ConsecutiveFailures,
        ErrorRate,
        CooldownElapsed, // OPEN -> HALF_OPEN
        ProbeSucceeded,
        ProbeFailed,
        Forced, // forceOpen / forceClosed
        ForceCleared,
    };

    UpstreamKey key;
    // Effective states (a manual override counts): forcing a CLOSED breaker open reports
    // Closed -> Open, clearing that override Open -> Closed.
    BreakerState from = BreakerState::Closed;
    BreakerState to = BreakerState::Closed;
    Cause cause = Cause::ConsecutiveFailures;
    qint64 atMs = 0; // wall clock
    qint64 cooldownMs = 0; // when to == Open: how long until the next probe
    QString description; // e.g. "5 consecutive failures", "error rate 60% over 20 requests"
};

struct BreakerSnapshot
{
    UpstreamKey key;
    BreakerState state = BreakerState::Closed; // the automatic state (see force for overrides)
    BreakerForce force = BreakerForce::None;
    bool admitting = true; // whether admit() would let a request through now
    int consecutiveFailures = 0;
    int windowRequests = 0;
    int windowFailures = 0;
    double errorRate = 0; // windowFailures / windowRequests, 0 with an empty window
    int openings = 0; // consecutive openings since the last close (cooldown level)
    qint64 cooldownMs = 0; // current cooldown when open
    qint64 nextProbeAtMs = 0; // wall clock, when OPEN; 0 otherwise
    bool probeInFlight = false;
    qint64 lastTransitionAtMs = 0; // wall clock, 0 = never
};

class CircuitBreaker
{
public:
    enum class Admission
    {
        Rejected,
        Allowed,
        Probe, // admitted as the single HALF_OPEN probe: report its outcome with this value
    };

    using TransitionHandler = std::function<void(const BreakerTransition &)>;

    CircuitBreaker(const UpstreamKey &key, const Clock *clock, const BreakerConfig &config = {});
    CircuitBreaker()
        : CircuitBreaker({}, Clock::system())
    {
    }

    // May move OPEN -> HALF_OPEN (and grant the probe); use peek() to ask without side effects.
    Admission admit();
    // Whether admit() would admit now (true for an OPEN breaker whose cooldown has elapsed).
    bool peek() const;

    void recordSuccess(Admission admission = Admission::Allowed);
    void recordFailure(Admission admission = Admission::Allowed);
    // The probe ended without telling anything about the upstream (client disconnected).
    void releaseProbe();

    void forceOpen();
    void forceClosed();
    void clearForce();

    BreakerState state() const { return m_state; } // the automatic state, ignoring overrides
    BreakerForce force() const { return m_force; }
    BreakerState effectiveState() const; // what the override makes of it
    BreakerSnapshot snapshot() const;
    const UpstreamKey &key() const { return m_key; }

    void setConfig(const BreakerConfig &config);
    void setTransitionHandler(TransitionHandler handler) { m_onTransition = std::move(handler); }

    // Cooldown after the given number of consecutive openings (1 = the first).
    static qint64 cooldownFor(const BreakerConfig &config, int openings);

private:
    void record(bool success);
    void resetStatistics();
    void transition(BreakerState to, BreakerTransition::Cause cause, const QString &description);
    void notify(BreakerState from, BreakerState to, BreakerTransition::Cause cause,
                const QString &description);
    void setForce(BreakerForce force, BreakerTransition::Cause cause, const QString &description);
    void open(BreakerTransition::Cause cause, const QString &description);
    bool probeExpired() const;

    UpstreamKey m_key;
    const Clock *m_clock;
    BreakerConfig m_config;
    TransitionHandler m_onTransition;

    BreakerState m_state = BreakerState::Closed;
    BreakerForce m_force = BreakerForce::None;
    int m_consecutiveFailures = 0;
    std::vector<bool> m_window; // ring buffer, true = failure
    size_t m_windowNext = 0;
    int m_windowFailures = 0;
    int m_openings = 0;
    qint64 m_cooldownMs = 0;
    qint64 m_probeAtSteady = 0; // OPEN: when the cooldown ends
    bool m_probeInFlight = false;
    qint64 m_probeStartedSteady = 0;
    qint64 m_lastTransitionAtMs = 0;
};

// All breakers of the proxy, created on first use. Unknown upstreams are CLOSED.
class CircuitBreakerRegistry
{
public:
    using Admission = CircuitBreaker::Admission;

    explicit CircuitBreakerRegistry(const Clock *clock = Clock::system(), const BreakerConfig &config = {});
    Q_DISABLE_COPY_MOVE(CircuitBreakerRegistry)

    const BreakerConfig &config() const { return m_config; }
    void setConfig(const BreakerConfig &config); // applies to existing breakers too

    // Called for every transition of every breaker (the tray shows opened/closed).
    void setTransitionHandler(CircuitBreaker::TransitionHandler handler);

    CircuitBreaker &breaker(const UpstreamKey &key);
    const CircuitBreaker *find(const UpstreamKey &key) const;

    Admission admit(const UpstreamKey &key) { return breaker(key).admit(); }
    bool peek(const UpstreamKey &key) const;
    void recordSuccess(const UpstreamKey &key, Admission admission) { breaker(key).recordSuccess(admission); }
    void recordFailure(const UpstreamKey &key, Admission admission) { breaker(key).recordFailure(admission); }
    void releaseProbe(const UpstreamKey &key) { breaker(key).releaseProbe(); }

    void forceOpen(const UpstreamKey &key) { breaker(key).forceOpen(); }
    void forceClosed(const UpstreamKey &key) { breaker(key).forceClosed(); }
    void clearForce(const UpstreamKey &key) { breaker(key).clearForce(); }

    // Sorted by channel id, then model. Includes every breaker that has seen traffic or a force.
    QList<BreakerSnapshot> snapshot() const;
    BreakerSnapshot snapshot(const UpstreamKey &key) const;

    // Drops breakers of upstreams that no longer exist (after a config change).
    void retain(const std::function<bool(const UpstreamKey &)> &keep);

private:
    const Clock *m_clock;
    BreakerConfig m_config;
    CircuitBreaker::TransitionHandler m_onTransition;
    QHash<UpstreamKey, CircuitBreaker> m_breakers;
};

} // namespace Switchyard
