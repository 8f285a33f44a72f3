#include "circuitbreaker.h"

#include "logging.h"

#include <algorithm>

namespace Switchyard {

namespace {

int intField(const QJsonObject &object, const char *name, int fallback, int minimum)
{
    const QJsonValue value = object.value(QLatin1String(name));
    if (!value.isDouble() || value.toDouble() < minimum)
        return fallback;
    return value.toInt(fallback);
}

} // namespace

BreakerConfig BreakerConfig::fromJson(const QJsonObject &object)
{
    BreakerConfig config;
    config.failureThreshold = intField(object, "failureThreshold", config.failureThreshold, 0);
    const int percent = intField(object, "errorRatePercent", int(config.errorRateThreshold * 100), 0);
    config.errorRateThreshold = std::min(percent, 100) / 100.0;
    config.windowSize = intField(object, "windowSize", config.windowSize, 1);
    config.minRequests = intField(object, "minRequests", config.minRequests, 1);
    config.baseCooldownMs =
        qint64(intField(object, "baseCooldownSeconds", int(config.baseCooldownMs / 1000), 1)) * 1000;
    config.maxCooldownMs =
        qint64(intField(object, "maxCooldownSeconds", int(config.maxCooldownMs / 1000), 1)) * 1000;
    config.maxCooldownMs = std::max(config.maxCooldownMs, config.baseCooldownMs);
    return config;
}

QString breakerStateName(BreakerState state)
{
    switch (state) {
    case BreakerState::Closed:
        return QStringLiteral("closed");
    case BreakerState::Open:
        return QStringLiteral("open");
    case BreakerState::HalfOpen:
        return QStringLiteral("half_open");
    }
    return {};
}

CircuitBreaker::CircuitBreaker(const UpstreamKey &key, const Clock *clock, const BreakerConfig &config)
    : m_key(key)
    , m_clock(clock)
    , m_config(config)
{
}

qint64 CircuitBreaker::cooldownFor(const BreakerConfig &config, int openings)
{
    qint64 cooldown = config.baseCooldownMs;
    for (int i = 1; i < openings && cooldown < config.maxCooldownMs; ++i)
        cooldown *= 2;
    return std::min(cooldown, config.maxCooldownMs);
}

void CircuitBreaker::setConfig(const BreakerConfig &config)
{
    const bool windowChanged = config.windowSize != m_config.windowSize;
    m_config = config;
    if (windowChanged) {
        m_window.clear();
        m_windowNext = 0;
        m_windowFailures = 0;
    }
}

bool CircuitBreaker::probeExpired() const
{
    return m_clock->steadyMs() - m_probeStartedSteady >= m_config.probeLeaseMs;
}

bool CircuitBreaker::peek() const
{
    if (m_force != BreakerForce::None)
        return m_force == BreakerForce::Closed;
    switch (m_state) {
    case BreakerState::Closed:
        return true;
    case BreakerState::Open:
        return m_clock->steadyMs() >= m_probeAtSteady;
    case BreakerState::HalfOpen:
        return !m_probeInFlight || probeExpired();
    }
    return false;
}

CircuitBreaker::Admission CircuitBreaker::admit()
{
    if (m_force != BreakerForce::None)
        return m_force == BreakerForce::Closed ? Admission::Allowed : Admission::Rejected;
    switch (m_state) {
    case BreakerState::Closed:
        return Admission::Allowed;
    case BreakerState::Open:
        if (m_clock->steadyMs() < m_probeAtSteady)
            return Admission::Rejected;
        transition(BreakerState::HalfOpen, BreakerTransition::Cause::CooldownElapsed,
                   QStringLiteral("cooldown of %1 s elapsed").arg(m_cooldownMs / 1000));
        break;
    case BreakerState::HalfOpen:
        if (m_probeInFlight && !probeExpired())
            return Admission::Rejected;
        if (m_probeInFlight)
            qCWarning(lcRouting) << "breaker" << m_key.channelId << m_key.model
                                 << "probe never reported; granting a new one";
        break;
    }
    m_probeInFlight = true;
    m_probeStartedSteady = m_clock->steadyMs();
    return Admission::Probe;
}

void CircuitBreaker::record(bool success)
{
    const size_t window = size_t(std::max(1, m_config.windowSize));
    if (m_window.size() < window) {
        m_window.push_back(!success);
    } else {
        if (m_window[m_windowNext])
            --m_windowFailures;
        m_window[m_windowNext] = !success;
    }
    m_windowNext = (m_windowNext + 1) % window;
    if (!success)
        ++m_windowFailures;
    m_consecutiveFailures = success ? 0 : m_consecutiveFailures + 1;
}

void CircuitBreaker::resetStatistics()
{
    m_window.clear();
    m_windowNext = 0;
    m_windowFailures = 0;
    m_consecutiveFailures = 0;
}

void CircuitBreaker::recordSuccess(Admission admission)
{
    record(true);
    if (admission != Admission::Probe || m_force != BreakerForce::None || m_state != BreakerState::HalfOpen)
        return;
    m_probeInFlight = false;
    m_openings = 0;
    m_cooldownMs = 0;
    resetStatistics();
    transition(BreakerState::Closed, BreakerTransition::Cause::ProbeSucceeded,
               QStringLiteral("probe succeeded"));
}

void CircuitBreaker::recordFailure(Admission admission)
{
    record(false);
    if (m_force != BreakerForce::None)
        return;
    if (m_state == BreakerState::HalfOpen) {
        if (admission == Admission::Probe) {
            m_probeInFlight = false;
            open(BreakerTransition::Cause::ProbeFailed, QStringLiteral("probe failed"));
        }
        return;
    }
    if (m_state != BreakerState::Closed)
        return;
    if (m_config.failureThreshold > 0 && m_consecutiveFailures >= m_config.failureThreshold) {
        open(BreakerTransition::Cause::ConsecutiveFailures,
             QStringLiteral("%1 consecutive failures").arg(m_consecutiveFailures));
        return;
    }
    const int requests = int(m_window.size());
    if (m_config.errorRateThreshold > 0 && requests >= m_config.minRequests
        && double(m_windowFailures) >= m_config.errorRateThreshold * double(requests)) {
        open(BreakerTransition::Cause::ErrorRate,
             QStringLiteral("error rate %1% over %2 requests")
                 .arg(qRound(100.0 * m_windowFailures / requests))
                 .arg(requests));
    }
}

void CircuitBreaker::releaseProbe()
{
    m_probeInFlight = false;
}

void CircuitBreaker::open(BreakerTransition::Cause cause, const QString &description)
{
    ++m_openings;
    m_cooldownMs = cooldownFor(m_config, m_openings);
    m_probeAtSteady = m_clock->steadyMs() + m_cooldownMs;
    transition(BreakerState::Open, cause, description);
}

void CircuitBreaker::transition(BreakerState to, BreakerTransition::Cause cause, const QString &description)
{
    const BreakerState from = m_state;
    m_state = to;
    notify(from, to, cause, description);
}

void CircuitBreaker::notify(BreakerState from, BreakerState to, BreakerTransition::Cause cause,
                            const QString &description)
{
    BreakerTransition t;
    t.key = m_key;
    t.from = from;
    t.to = to;
    t.cause = cause;
    t.atMs = m_clock->nowMs();
    t.cooldownMs = to == BreakerState::Open && m_force == BreakerForce::None ? m_cooldownMs : 0;
    t.description = description;
    m_lastTransitionAtMs = t.atMs;
    qCInfo(lcRouting).noquote() << "breaker" << m_key.channelId << m_key.model << breakerStateName(from)
                                << "->" << breakerStateName(to) << ":" << description;
    if (m_onTransition)
        m_onTransition(t);
}

BreakerState CircuitBreaker::effectiveState() const
{
    switch (m_force) {
    case BreakerForce::Open:
        return BreakerState::Open;
    case BreakerForce::Closed:
        return BreakerState::Closed;
    case BreakerForce::None:
        break;
    }
    return m_state;
}

void CircuitBreaker::setForce(BreakerForce force, BreakerTransition::Cause cause, const QString &description)
{
    if (m_force == force)
        return;
    const BreakerState before = effectiveState();
    m_force = force;
    if (force == BreakerForce::None) {
        m_probeInFlight = false;
        m_openings = 0;
        m_cooldownMs = 0;
        resetStatistics();
        m_state = BreakerState::Closed;
    }
    // Reported even when the effective state does not change, so the UI learns about the override.
    notify(before, effectiveState(), cause, description);
}

void CircuitBreaker::forceOpen()
{
    setForce(BreakerForce::Open, BreakerTransition::Cause::Forced, QStringLiteral("forced open"));
}

void CircuitBreaker::forceClosed()
{
    setForce(BreakerForce::Closed, BreakerTransition::Cause::Forced, QStringLiteral("forced closed"));
}

void CircuitBreaker::clearForce()
{
    setForce(BreakerForce::None, BreakerTransition::Cause::ForceCleared, QStringLiteral("override cleared"));
}

BreakerSnapshot CircuitBreaker::snapshot() const
{
    BreakerSnapshot s;
    s.key = m_key;
    s.state = m_state;
    s.force = m_force;
    s.admitting = peek();
    s.consecutiveFailures = m_consecutiveFailures;
    s.windowRequests = int(m_window.size());
    s.windowFailures = m_windowFailures;
    s.errorRate = m_window.empty() ? 0 : double(m_windowFailures) / double(m_window.size());
    s.openings = m_openings;
    s.cooldownMs = m_state == BreakerState::Closed ? 0 : m_cooldownMs;
    s.nextProbeAtMs = m_state == BreakerState::Open ? m_clock->wallFromSteady(m_probeAtSteady) : 0;
    s.probeInFlight = m_state == BreakerState::HalfOpen && m_probeInFlight;
    s.lastTransitionAtMs = m_lastTransitionAtMs;
    return s;
}

CircuitBreakerRegistry::CircuitBreakerRegistry(const Clock *clock, const BreakerConfig &config)
    : m_clock(clock)
    , m_config(config)
{
}

void CircuitBreakerRegistry::setConfig(const BreakerConfig &config)
{
    m_config = config;
    for (CircuitBreaker &b : m_breakers)
        b.setConfig(config);
}

void CircuitBreakerRegistry::setTransitionHandler(CircuitBreaker::TransitionHandler handler)
{
    m_onTransition = std::move(handler);
}

CircuitBreaker &CircuitBreakerRegistry::breaker(const UpstreamKey &key)
{
    auto it = m_breakers.find(key);
    if (it == m_breakers.end()) {
        it = m_breakers.insert(key, CircuitBreaker(key, m_clock, m_config));
        // Through the registry so a handler set later reaches breakers created earlier.
        it->setTransitionHandler([this](const BreakerTransition &t) {
            if (m_onTransition)
                m_onTransition(t);
        });
    }
    return it.value();
}

const CircuitBreaker *CircuitBreakerRegistry::find(const UpstreamKey &key) const
{
    const auto it = m_breakers.constFind(key);
    return it == m_breakers.cend() ? nullptr : &it.value();
}

bool CircuitBreakerRegistry::peek(const UpstreamKey &key) const
{
    const CircuitBreaker *b = find(key);
    return !b || b->peek();
}

QList<BreakerSnapshot> CircuitBreakerRegistry::snapshot() const
{
    QList<BreakerSnapshot> list;
    list.reserve(m_breakers.size());
    for (const CircuitBreaker &b : m_breakers)
        list.append(b.snapshot());
    std::sort(list.begin(), list.end(), [](const BreakerSnapshot &a, const BreakerSnapshot &b) {
        return a.key.channelId != b.key.channelId ? a.key.channelId < b.key.channelId
                                                  : a.key.model < b.key.model;
    });
    return list;
}

BreakerSnapshot CircuitBreakerRegistry::snapshot(const UpstreamKey &key) const
{
    const CircuitBreaker *b = find(key);
    return b ? b->snapshot() : CircuitBreaker(key, m_clock, m_config).snapshot();
}

void CircuitBreakerRegistry::retain(const std::function<bool(const UpstreamKey &)> &keep)
{
    m_breakers.removeIf([&keep](const auto &it) { return !keep(it.key()); });
}

} // namespace Switchyard
