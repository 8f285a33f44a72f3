// Circuit breaker per (channel, model): every transition, the growing cooldown, the single
// half-open probe, stale results, manual overrides and the registry's snapshot. Time is a
// ManualClock throughout.

#include "circuitbreaker.h"

#include <QTest>

using namespace Switchyard;

namespace {

using Admission = CircuitBreaker::Admission;

const UpstreamKey Main {1, QStringLiteral("gpt-4o")};
const UpstreamKey Backup {2, QStringLiteral("claude-sonnet")};

void fail(CircuitBreaker &breaker, int times)
{
    for (int i = 0; i < times; ++i)
        breaker.recordFailure(breaker.admit());
}

void succeed(CircuitBreaker &breaker, int times)
{
    for (int i = 0; i < times; ++i)
        breaker.recordSuccess(breaker.admit());
}

// A breaker plus the transitions it reported.
struct Fixture
{
    explicit Fixture(const BreakerConfig &config = {})
        : breaker(Main, &clock, config)
    {
        breaker.setTransitionHandler([this](const BreakerTransition &t) { transitions.append(t); });
    }

    // Opens the breaker (5 consecutive failures) and returns its cooldown.
    qint64 trip()
    {
        fail(breaker, 5);
        return breaker.snapshot().cooldownMs;
    }

    // From OPEN: wait out the cooldown and take the probe.
    Admission probe()
    {
        clock.advance(breaker.snapshot().nextProbeAtMs - clock.nowMs());
        return breaker.admit();
    }

    ManualClock clock;
    CircuitBreaker breaker;
    QList<BreakerTransition> transitions;
};

} // namespace

class TestCircuitBreaker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void opensAfterConsecutiveFailures()
    {
        Fixture f;
        fail(f.breaker, 4);
        QCOMPARE(f.breaker.state(), BreakerState::Closed);
        QCOMPARE(f.breaker.snapshot().consecutiveFailures, 4);
        QCOMPARE(f.breaker.admit(), Admission::Allowed);
        QVERIFY(f.transitions.isEmpty());

        f.breaker.recordFailure(Admission::Allowed);
        QCOMPARE(f.breaker.state(), BreakerState::Open);
        QCOMPARE(f.breaker.admit(), Admission::Rejected);
        QVERIFY(!f.breaker.peek());
        QCOMPARE(f.transitions.size(), 1);
        const BreakerTransition &t = f.transitions.first();
        QCOMPARE(t.key, Main);
        QCOMPARE(t.from, BreakerState::Closed);
        QCOMPARE(t.to, BreakerState::Open);
        QCOMPARE(t.cause, BreakerTransition::Cause::ConsecutiveFailures);
        QCOMPARE(t.cooldownMs, 30000);
        QCOMPARE(t.atMs, f.clock.nowMs());
        QVERIFY(t.description.contains(QLatin1String("5 consecutive")));
    }

    void successBreaksTheStreak()
    {
        Fixture f;
        fail(f.breaker, 4);
        succeed(f.breaker, 1);
        fail(f.breaker, 4);
        QCOMPARE(f.breaker.state(), BreakerState::Closed);
        QCOMPARE(f.breaker.snapshot().consecutiveFailures, 4);
    }

    void midStreamFailuresCount()
    {
        // A stream that started fine and broke later is reported with recordFailure() like any
        // other failure: five of them open the breaker.
        Fixture f;
        for (int i = 0; i < 5; ++i) {
            const Admission admission = f.breaker.admit();
            QCOMPARE(admission, Admission::Allowed);
            f.clock.advance(1500); // first token arrived, the stream runs, then the upstream cuts it
            f.breaker.recordFailure(admission);
        }
        QCOMPARE(f.breaker.state(), BreakerState::Open);
    }

    void opensOnErrorRate()
    {
        BreakerConfig config; // window 20, min 10 requests, 50 %
        Fixture f(config);
        // Never more than two failures in a row, so only the rate can open it.
        const QList<bool> outcomes {false, false, true, false, false, true, false, false, true};
        for (const bool ok : outcomes) {
            if (ok)
                f.breaker.recordSuccess(f.breaker.admit());
            else
                f.breaker.recordFailure(f.breaker.admit());
        }
        // 6 of 9 failed, but the rate needs 10 requests in the window.
        QCOMPARE(f.breaker.state(), BreakerState::Closed);
        QCOMPARE(f.breaker.snapshot().windowRequests, 9);
        QCOMPARE(f.breaker.snapshot().windowFailures, 6);

        f.breaker.recordFailure(f.breaker.admit());
        QCOMPARE(f.breaker.state(), BreakerState::Open);
        QCOMPARE(f.transitions.size(), 1);
        QCOMPARE(f.transitions.first().cause, BreakerTransition::Cause::ErrorRate);
        QVERIFY(f.transitions.first().description.contains(QLatin1String("70%")));
    }

    void errorRateBelowThresholdStaysClosed()
    {
        Fixture f;
        // 40 % failures spread over 200 requests (F S S F S): no prefix of 10 or more reaches 50 %.
        for (int i = 0; i < 200; ++i) {
            if (i % 5 == 0 || i % 5 == 3)
                f.breaker.recordFailure(f.breaker.admit());
            else
                f.breaker.recordSuccess(f.breaker.admit());
        }
        QCOMPARE(f.breaker.state(), BreakerState::Closed);
        const BreakerSnapshot s = f.breaker.snapshot();
        QCOMPARE(s.windowRequests, 20);
        QCOMPARE(s.windowFailures, 8);
        QCOMPARE(s.errorRate, 0.4);
    }

    void windowSlides()
    {
        BreakerConfig config;
        config.failureThreshold = 0; // rate only
        Fixture f(config);
        fail(f.breaker, 9); // below minRequests
        succeed(f.breaker, 11); // window: 9 failures of 20 = 45 %
        QCOMPARE(f.breaker.state(), BreakerState::Closed);
        succeed(f.breaker, 9); // the old failures slide out
        QCOMPARE(f.breaker.snapshot().windowFailures, 0);
        fail(f.breaker, 9); // 9 of 20
        QCOMPARE(f.breaker.state(), BreakerState::Closed);
        fail(f.breaker, 1); // 10 of 20 = 50 %
        QCOMPARE(f.breaker.state(), BreakerState::Open);
    }

    void halfOpenAfterCooldownAdmitsOneProbe()
    {
        Fixture f;
        f.trip();
        f.clock.advance(29999);
        QVERIFY(!f.breaker.peek());
        QCOMPARE(f.breaker.admit(), Admission::Rejected);
        QCOMPARE(f.breaker.state(), BreakerState::Open);

        f.clock.advance(1);
        QVERIFY(f.breaker.peek());
        QCOMPARE(f.breaker.state(), BreakerState::Open); // peek has no side effect
        QCOMPARE(f.breaker.admit(), Admission::Probe);
        QCOMPARE(f.breaker.state(), BreakerState::HalfOpen);
        QCOMPARE(f.transitions.last().cause, BreakerTransition::Cause::CooldownElapsed);
        QCOMPARE(f.transitions.last().from, BreakerState::Open);
        QVERIFY(f.breaker.snapshot().probeInFlight);

        // Exactly one probe: everything else is turned away while it runs.
        for (int i = 0; i < 10; ++i)
            QCOMPARE(f.breaker.admit(), Admission::Rejected);
        QVERIFY(!f.breaker.peek());
    }

    void probeSuccessCloses()
    {
        Fixture f;
        f.trip();
        QCOMPARE(f.probe(), Admission::Probe);
        f.breaker.recordSuccess(Admission::Probe);
        QCOMPARE(f.breaker.state(), BreakerState::Closed);
        QCOMPARE(f.transitions.last().cause, BreakerTransition::Cause::ProbeSucceeded);
        QCOMPARE(f.transitions.last().from, BreakerState::HalfOpen);
        const BreakerSnapshot s = f.breaker.snapshot();
        QCOMPARE(s.consecutiveFailures, 0);
        QCOMPARE(s.windowRequests, 0);
        QCOMPARE(s.openings, 0);
        QCOMPARE(f.breaker.admit(), Admission::Allowed);
        // The cooldown starts over at the base after a successful close.
        QCOMPARE(f.trip(), 30000);
    }

    void probeFailureReopensWithGrowingCooldown()
    {
        Fixture f;
        QList<qint64> cooldowns {f.trip()};
        for (int i = 0; i < 6; ++i) {
            QCOMPARE(f.probe(), Admission::Probe);
            f.breaker.recordFailure(Admission::Probe);
            QCOMPARE(f.breaker.state(), BreakerState::Open);
            QCOMPARE(f.transitions.last().cause, BreakerTransition::Cause::ProbeFailed);
            cooldowns.append(f.breaker.snapshot().cooldownMs);
            QCOMPARE(f.transitions.last().cooldownMs, cooldowns.last());
        }
        QCOMPARE(cooldowns, (QList<qint64> {30000, 60000, 120000, 240000, 300000, 300000, 300000}));
        // And the reported next probe time matches the clock.
        QCOMPARE(f.breaker.snapshot().nextProbeAtMs, f.clock.nowMs() + 300000);
    }

    void cooldownSequenceFromConfig()
    {
        BreakerConfig config;
        QCOMPARE(CircuitBreaker::cooldownFor(config, 1), 30000);
        QCOMPARE(CircuitBreaker::cooldownFor(config, 4), 240000);
        QCOMPARE(CircuitBreaker::cooldownFor(config, 50), 300000);
        config.baseCooldownMs = 1000;
        config.maxCooldownMs = 5000;
        QCOMPARE(CircuitBreaker::cooldownFor(config, 3), 4000);
        QCOMPARE(CircuitBreaker::cooldownFor(config, 4), 5000);
    }

    void staleResultsDoNotDecideTheProbe()
    {
        Fixture f;
        f.trip();
        QCOMPARE(f.probe(), Admission::Probe);
        // Answers of requests admitted before the breaker opened arrive now: they are statistics,
        // not the probe's verdict.
        f.breaker.recordSuccess(Admission::Allowed);
        QCOMPARE(f.breaker.state(), BreakerState::HalfOpen);
        f.breaker.recordFailure(Admission::Allowed);
        QCOMPARE(f.breaker.state(), BreakerState::HalfOpen);
        QCOMPARE(f.breaker.admit(), Admission::Rejected);
        // Nor does a stale success close an OPEN breaker.
        f.breaker.recordFailure(Admission::Probe);
        QCOMPARE(f.breaker.state(), BreakerState::Open);
        f.breaker.recordSuccess(Admission::Allowed);
        QCOMPARE(f.breaker.state(), BreakerState::Open);
    }

    void releasedProbeLetsAnotherOneGo()
    {
        Fixture f;
        f.trip();
        QCOMPARE(f.probe(), Admission::Probe);
        f.breaker.releaseProbe(); // the client went away: no verdict
        QCOMPARE(f.breaker.state(), BreakerState::HalfOpen);
        QCOMPARE(f.breaker.admit(), Admission::Probe);
        QCOMPARE(f.breaker.admit(), Admission::Rejected);
    }

    void lostProbeIsGivenUpAfterItsLease()
    {
        Fixture f;
        f.trip();
        QCOMPARE(f.probe(), Admission::Probe);
        f.clock.advance(BreakerConfig {}.probeLeaseMs - 1);
        QCOMPARE(f.breaker.admit(), Admission::Rejected);
        f.clock.advance(1);
        QVERIFY(f.breaker.peek());
        QCOMPARE(f.breaker.admit(), Admission::Probe);
    }

    void wallClockJumpsDoNotEndCooldown()
    {
        Fixture f;
        f.trip();
        f.clock.setNowMs(f.clock.nowMs() + 24 * 3600 * 1000); // the user moved the clock a day ahead
        QCOMPARE(f.breaker.admit(), Admission::Rejected);
        f.clock.advance(30000);
        QCOMPARE(f.breaker.admit(), Admission::Probe);
    }

    void forceOpenRejectsEverything()
    {
        Fixture f;
        f.breaker.forceOpen();
        QCOMPARE(f.breaker.admit(), Admission::Rejected);
        QVERIFY(!f.breaker.peek());
        QCOMPARE(f.transitions.size(), 1);
        QCOMPARE(f.transitions.last().from, BreakerState::Closed);
        QCOMPARE(f.transitions.last().to, BreakerState::Open);
        QCOMPARE(f.breaker.effectiveState(), BreakerState::Open);
        QCOMPARE(f.breaker.state(), BreakerState::Closed);
        QCOMPARE(f.transitions.last().cause, BreakerTransition::Cause::Forced);
        BreakerSnapshot s = f.breaker.snapshot();
        QCOMPARE(s.force, BreakerForce::Open);
        QVERIFY(!s.admitting);
        // No cooldown ends a forced open.
        f.clock.advance(3600 * 1000);
        QCOMPARE(f.breaker.admit(), Admission::Rejected);
        // Forcing twice reports once.
        f.breaker.forceOpen();
        QCOMPARE(f.transitions.size(), 1);

        // Forced closed directly from forced open.
        f.breaker.forceClosed();
        QCOMPARE(f.transitions.size(), 2);
        QCOMPARE(f.transitions.last().from, BreakerState::Open);
        QCOMPARE(f.transitions.last().to, BreakerState::Closed);
        QCOMPARE(f.breaker.admit(), Admission::Allowed);
        f.breaker.forceOpen();

        f.breaker.clearForce();
        QCOMPARE(f.breaker.force(), BreakerForce::None);
        QCOMPARE(f.breaker.state(), BreakerState::Closed);
        QCOMPARE(f.transitions.last().cause, BreakerTransition::Cause::ForceCleared);
        QCOMPARE(f.transitions.last().from, BreakerState::Open);
        QCOMPARE(f.transitions.last().to, BreakerState::Closed);
        QCOMPARE(f.breaker.admit(), Admission::Allowed);
    }

    void forceClosedAdmitsEverything()
    {
        Fixture f;
        f.trip();
        f.breaker.forceClosed();
        QCOMPARE(f.transitions.last().from, BreakerState::Open);
        QCOMPARE(f.transitions.last().to, BreakerState::Closed);
        QCOMPARE(f.transitions.last().cause, BreakerTransition::Cause::Forced);
        QCOMPARE(f.breaker.state(), BreakerState::Open); // the automatic state underneath
        for (int i = 0; i < 20; ++i) {
            QCOMPARE(f.breaker.admit(), Admission::Allowed);
            f.breaker.recordFailure(Admission::Allowed);
        }
        // Failures are still counted, but the override keeps it admitting.
        QVERIFY(f.breaker.peek());
        QCOMPARE(f.breaker.snapshot().consecutiveFailures, 5 + 20);
        QCOMPARE(f.breaker.snapshot().force, BreakerForce::Closed);

        // Clearing the override starts a clean CLOSED breaker with the base cooldown.
        f.breaker.clearForce();
        QCOMPARE(f.breaker.state(), BreakerState::Closed);
        QCOMPARE(f.breaker.snapshot().consecutiveFailures, 0);
        QCOMPARE(f.trip(), 30000);
    }

    void registryKeepsBreakersApart()
    {
        ManualClock clock;
        CircuitBreakerRegistry registry(&clock);
        QList<BreakerTransition> transitions;
        registry.setTransitionHandler([&](const BreakerTransition &t) { transitions.append(t); });

        QVERIFY(registry.peek(Main)); // unknown upstreams are closed
        QVERIFY(!registry.find(Main));
        for (int i = 0; i < 5; ++i)
            registry.recordFailure(Main, registry.admit(Main));
        QCOMPARE(registry.admit(Main), Admission::Rejected);
        QCOMPARE(registry.admit(Backup), Admission::Allowed);
        registry.recordSuccess(Backup, Admission::Allowed);
        // Same channel, other model: its own breaker.
        const UpstreamKey sibling {Main.channelId, QStringLiteral("gpt-4o-mini")};
        QCOMPARE(registry.admit(sibling), Admission::Allowed);

        QCOMPARE(transitions.size(), 1);
        QCOMPARE(transitions.first().key, Main);

        registry.forceOpen(Backup);
        QCOMPARE(transitions.size(), 2);
        QCOMPARE(transitions.last().key, Backup);

        const QList<BreakerSnapshot> snapshot = registry.snapshot();
        QCOMPARE(snapshot.size(), 3);
        QCOMPARE(snapshot.at(0).key, Main);
        QCOMPARE(snapshot.at(1).key, sibling);
        QCOMPARE(snapshot.at(2).key, Backup);
        QCOMPARE(snapshot.at(0).state, BreakerState::Open);
        QCOMPARE(snapshot.at(0).nextProbeAtMs, clock.nowMs() + 30000);
        QCOMPARE(snapshot.at(0).consecutiveFailures, 5);
        QVERIFY(!snapshot.at(0).admitting);
        QCOMPARE(snapshot.at(2).force, BreakerForce::Open);
        QCOMPARE(snapshot.at(2).state, BreakerState::Closed);

        registry.retain([&](const UpstreamKey &key) { return key.channelId != Main.channelId; });
        QCOMPARE(registry.snapshot().size(), 1);
        QVERIFY(registry.peek(Main)); // forgotten = closed again
    }

    void registryConfigApplies()
    {
        ManualClock clock;
        BreakerConfig config;
        config.failureThreshold = 2;
        CircuitBreakerRegistry registry(&clock, config);
        registry.recordFailure(Main, registry.admit(Main));
        registry.recordFailure(Main, registry.admit(Main));
        QCOMPARE(registry.snapshot(Main).state, BreakerState::Open);

        config.failureThreshold = 3;
        registry.setConfig(config);
        QCOMPARE(registry.breaker(Backup).snapshot().state, BreakerState::Closed);
        for (int i = 0; i < 2; ++i)
            registry.recordFailure(Backup, registry.admit(Backup));
        QCOMPARE(registry.snapshot(Backup).state, BreakerState::Closed);
        registry.recordFailure(Backup, registry.admit(Backup));
        QCOMPARE(registry.snapshot(Backup).state, BreakerState::Open);
    }

    void configFromJson()
    {
        const BreakerConfig config = BreakerConfig::fromJson(QJsonObject {
            {QStringLiteral("failureThreshold"), 3},
            {QStringLiteral("errorRatePercent"), 25},
            {QStringLiteral("windowSize"), 40},
            {QStringLiteral("minRequests"), 8},
            {QStringLiteral("baseCooldownSeconds"), 10},
            {QStringLiteral("maxCooldownSeconds"), 60},
        });
        QCOMPARE(config.failureThreshold, 3);
        QCOMPARE(config.errorRateThreshold, 0.25);
        QCOMPARE(config.windowSize, 40);
        QCOMPARE(config.minRequests, 8);
        QCOMPARE(config.baseCooldownMs, 10000);
        QCOMPARE(config.maxCooldownMs, 60000);

        const BreakerConfig defaults = BreakerConfig::fromJson(QJsonObject {
            {QStringLiteral("failureThreshold"), QStringLiteral("many")}, {QStringLiteral("windowSize"), 0}});
        QCOMPARE(defaults.failureThreshold, 5);
        QCOMPARE(defaults.windowSize, 20);
    }

    void stateNames()
    {
        QCOMPARE(breakerStateName(BreakerState::Closed), QStringLiteral("closed"));
        QCOMPARE(breakerStateName(BreakerState::Open), QStringLiteral("open"));
        QCOMPARE(breakerStateName(BreakerState::HalfOpen), QStringLiteral("half_open"));
    }
};

QTEST_APPLESS_MAIN(TestCircuitBreaker)
#include "tst_circuitbreaker.moc"
