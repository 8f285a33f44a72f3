// Group strategies: capability filters, every strategy's ordering, weighted distributions over many
// requests, least connections under simulated concurrency, response time adapting to a slowdown,
// breaker-open members last, the budget downgrade, and the HealthStats the strategies read.
// Everything runs on a ManualClock and fixed-seed generators, so every run sees the same numbers.

#include "router.h"
#include "strategies.h"

#include <QRandomGenerator>
#include <QTest>

#include <limits>

using namespace Switchyard;

namespace {

StrategyCandidate member(qint64 channelId, const QString &model, int priority = 0, int weight = 1)
{
    StrategyCandidate c;
    c.key = {channelId, model};
    c.label = QStringLiteral("ch%1,%2").arg(channelId).arg(model);
    c.priority = priority;
    c.weight = weight;
    return c;
}

ModelPrice price(double input, double output)
{
    ModelPrice p;
    p.inputPerMTok = input;
    p.outputPerMTok = output;
    return p;
}

QList<int> order(const StrategyResult &result)
{
    QList<int> indices;
    for (const RankedCandidate &c : result.order)
        indices.append(c.index);
    return indices;
}

int head(const QList<StrategyCandidate> &candidates, const StrategyInput &input, StrategyState *state)
{
    const StrategyResult result = rankCandidates(candidates, input, state);
    return result.order.isEmpty() ? -1 : result.order.first().index;
}

// Counts how often each member leads the order over n requests.
QList<int> leadCounts(const QList<StrategyCandidate> &candidates, const StrategyInput &input, int n)
{
    StrategyState state;
    QList<int> counts(candidates.size(), 0);
    for (int i = 0; i < n; ++i)
        ++counts[head(candidates, input, &state)];
    return counts;
}

void fastSample(HealthStats &health, const UpstreamKey &key, qint64 ttft)
{
    health.begin(key);
    health.firstToken(key, ttft);
    health.end(key, HealthStats::Result::Success);
}

} // namespace

class TestStrategies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void names()
    {
        const QList<Strategy> all {Strategy::Priority,         Strategy::WeightedRoundRobin,
                                   Strategy::LeastConnections, Strategy::ResponseTime,
                                   Strategy::CostOptimized,    Strategy::Hybrid,
                                   Strategy::Specified,        Strategy::Auto};
        for (const Strategy s : all)
            QCOMPARE(strategyFromString(strategyName(s)), s);
        QCOMPARE(strategyName(Strategy::WeightedRoundRobin), QStringLiteral("weighted_round_robin"));
        QCOMPARE(strategyFromString(QStringLiteral(" Least-Connections ")), Strategy::LeastConnections);
        QCOMPARE(strategyFromString(QStringLiteral("wrr")), Strategy::WeightedRoundRobin);
        QCOMPARE(strategyFromString(QStringLiteral("cost")), Strategy::CostOptimized);
        QVERIFY(!strategyFromString(QStringLiteral("random")));
    }

    void priorityOrder()
    {
        const QList<StrategyCandidate> candidates {
            member(1, QStringLiteral("a"), 2), member(2, QStringLiteral("b"), 1, 1),
            member(3, QStringLiteral("c"), 1, 5), member(4, QStringLiteral("d"), 1, 1)};
        StrategyInput input;
        const StrategyResult result = rankCandidates(candidates, input, nullptr);
        // Priority 1 before 2; within it the heavier weight first, then list order.
        QCOMPARE(order(result), (QList<int> {2, 1, 3, 0}));
        QVERIFY(result.excluded.isEmpty());
        QCOMPARE(result.admissibleCount(), 4);
        QCOMPARE(result.note, QStringLiteral("priority"));
    }

    void weightedRoundRobinDistribution_data()
    {
        QTest::addColumn<QList<int>>("weights");
        QTest::newRow("5:3:2") << QList<int> {5, 3, 2};
        QTest::newRow("7:2:1") << QList<int> {7, 2, 1};
        QTest::newRow("equal") << QList<int> {1, 1, 1, 1};
        QTest::newRow("100:1") << QList<int> {100, 1};
    }

    void weightedRoundRobinDistribution()
    {
        QFETCH(QList<int>, weights);
        QList<StrategyCandidate> candidates;
        int total = 0;
        for (int i = 0; i < weights.size(); ++i) {
            candidates.append(member(i + 1, QStringLiteral("m"), 0, weights.at(i)));
            total += weights.at(i);
        }
        StrategyInput input;
        input.strategy = Strategy::WeightedRoundRobin;
        input.groupKey = QStringLiteral("g");
        const int n = 10000;
        const QList<int> counts = leadCounts(candidates, input, n);
        for (int i = 0; i < weights.size(); ++i) {
            const double expected = double(n) * weights.at(i) / total;
            QVERIFY2(qAbs(counts.at(i) - expected) <= 0.01 * n,
                     qPrintable(QStringLiteral("member %1: %2 picks, expected %3")
                                    .arg(i)
                                    .arg(counts.at(i))
                                    .arg(expected)));
        }
    }

    void weightedRoundRobinIsSmooth()
    {
        // Every window of sum(weights) consecutive requests holds each member exactly weight times:
        // no burst of one member.
        const QList<StrategyCandidate> candidates {member(1, QStringLiteral("a"), 0, 5),
                                                   member(2, QStringLiteral("b"), 0, 3),
                                                   member(3, QStringLiteral("c"), 0, 2)};
        StrategyInput input;
        input.strategy = Strategy::WeightedRoundRobin;
        StrategyState state;
        QList<int> picks;
        for (int i = 0; i < 100; ++i)
            picks.append(head(candidates, input, &state));
        for (int start = 0; start + 10 <= picks.size(); start += 10) {
            const QList<int> window = picks.mid(start, 10);
            QCOMPARE(window.count(0), 5);
            QCOMPARE(window.count(1), 3);
            QCOMPARE(window.count(2), 2);
        }
        // The heavy member never leads more than twice in a row.
        int run = 0;
        for (int i = 0; i < picks.size(); ++i) {
            run = picks.at(i) == 0 ? run + 1 : 0;
            QVERIFY(run <= 2);
        }
    }

    void weightedRoundRobinStateIsPerGroup()
    {
        const QList<StrategyCandidate> candidates {member(1, QStringLiteral("a")),
                                                   member(2, QStringLiteral("b"))};
        StrategyState state;
        StrategyInput g1;
        g1.strategy = Strategy::WeightedRoundRobin;
        g1.groupKey = QStringLiteral("one");
        StrategyInput g2 = g1;
        g2.groupKey = QStringLiteral("two");
        QCOMPARE(head(candidates, g1, &state), 0);
        QCOMPARE(head(candidates, g1, &state), 1);
        // The other group starts at its own beginning.
        QCOMPARE(head(candidates, g2, &state), 0);
        QCOMPARE(head(candidates, g1, &state), 0);
        // The failover order after the pick lists the member that would come next.
        const StrategyResult result = rankCandidates(candidates, g1, &state);
        QCOMPARE(order(result), (QList<int> {1, 0}));
    }

    void weightedRoundRobinSkipsOpenBreakers()
    {
        ManualClock clock;
        CircuitBreakerRegistry breakers(&clock);
        const QList<StrategyCandidate> candidates {member(1, QStringLiteral("a"), 0, 2),
                                                   member(2, QStringLiteral("b"), 0, 1),
                                                   member(3, QStringLiteral("c"), 0, 1)};
        breakers.forceOpen(candidates.at(0).key);
        StrategyInput input;
        input.strategy = Strategy::WeightedRoundRobin;
        input.breakers = &breakers;
        StrategyState state;
        QList<int> counts(3, 0);
        for (int i = 0; i < 1000; ++i) {
            const StrategyResult result = rankCandidates(candidates, input, &state);
            QCOMPARE(result.order.size(), 3);
            QCOMPARE(result.order.last().index, 0); // open member last, flagged
            QVERIFY(result.order.last().breakerOpen);
            QCOMPARE(result.admissibleCount(), 2);
            ++counts[result.order.first().index];
        }
        QCOMPARE(counts, (QList<int> {0, 500, 500}));
    }

    void leastConnectionsUnderConcurrency()
    {
        ManualClock clock;
        HealthStats health(&clock);
        const QList<StrategyCandidate> candidates {
            member(1, QStringLiteral("a")), member(2, QStringLiteral("b")), member(3, QStringLiteral("c"))};
        StrategyInput input;
        input.strategy = Strategy::LeastConnections;
        input.health = &health;

        // A burst of 30 requests that stay open spreads evenly.
        QList<int> running;
        for (int i = 0; i < 30; ++i) {
            const int chosen = head(candidates, input, nullptr);
            health.begin(candidates.at(chosen).key);
            running.append(chosen);
        }
        for (const StrategyCandidate &c : candidates)
            QCOMPARE(health.inFlight(c.key), 10);

        // Then requests start and finish at random (fixed seed): every pick is a least loaded member,
        // and the loads never drift apart by more than what finished in between.
        QRandomGenerator random(20240601);
        for (int step = 0; step < 5000; ++step) {
            if (!running.isEmpty() && random.bounded(100) < 48) {
                const int victim = int(random.bounded(int(running.size())));
                health.end(candidates.at(running.takeAt(victim)).key, HealthStats::Result::Success);
                continue;
            }
            int least = std::numeric_limits<int>::max();
            for (const StrategyCandidate &c : candidates)
                least = std::min(least, health.inFlight(c.key));
            const int chosen = head(candidates, input, nullptr);
            QCOMPARE(health.inFlight(candidates.at(chosen).key), least);
            health.begin(candidates.at(chosen).key);
            running.append(chosen);
        }
        QCOMPARE(health.inFlight(candidates.at(0).key) + health.inFlight(candidates.at(1).key)
                     + health.inFlight(candidates.at(2).key),
                 int(running.size()));
    }

    void leastConnectionsHonoursWeight()
    {
        HealthStats health;
        const QList<StrategyCandidate> candidates {member(1, QStringLiteral("big"), 0, 2),
                                                   member(2, QStringLiteral("small"), 0, 1)};
        StrategyInput input;
        input.strategy = Strategy::LeastConnections;
        input.health = &health;
        for (int i = 0; i < 300; ++i)
            health.begin(candidates.at(head(candidates, input, nullptr)).key);
        QCOMPARE(health.inFlight(candidates.at(0).key), 200);
        QCOMPARE(health.inFlight(candidates.at(1).key), 100);
    }

    void responseTimeAdaptsToSlowdown()
    {
        ManualClock clock;
        HealthStats health(&clock);
        const QList<StrategyCandidate> candidates {member(1, QStringLiteral("fast")),
                                                   member(2, QStringLiteral("steady"))};
        StrategyInput input;
        input.strategy = Strategy::ResponseTime;
        input.health = &health;

        fastSample(health, candidates.at(0).key, 200);
        fastSample(health, candidates.at(1).key, 600);
        QCOMPARE(order(rankCandidates(candidates, input, nullptr)), (QList<int> {0, 1}));

        // "fast" slows down to 2 s: the EWMA (alpha 0.3) passes 600 ms with the first slow sample
        // (0.3 * 2000 + 0.7 * 200 = 740).
        QRandomGenerator random(7);
        int samplesUntilSwitch = 0;
        while (head(candidates, input, nullptr) == 0 && samplesUntilSwitch < 20) {
            fastSample(health, candidates.at(0).key, 1900 + random.bounded(200));
            fastSample(health, candidates.at(1).key, 550 + random.bounded(100));
            ++samplesUntilSwitch;
        }
        QCOMPARE(samplesUntilSwitch, 1);
        QCOMPARE(order(rankCandidates(candidates, input, nullptr)), (QList<int> {1, 0}));

        // The slowdown lasts: "steady" keeps the lead.
        for (int i = 0; i < 10; ++i) {
            fastSample(health, candidates.at(0).key, 1900 + random.bounded(200));
            fastSample(health, candidates.at(1).key, 550 + random.bounded(100));
            QCOMPARE(head(candidates, input, nullptr), 1);
        }
        QVERIFY(health.ttftEwmaMs(candidates.at(0).key) > 1800);

        // It recovers: a few fast answers bring it back in front (from ~2 s to below 600 ms takes
        // four samples of 150 ms at alpha 0.3), not one lucky sample.
        int recovery = 0;
        while (head(candidates, input, nullptr) == 1 && recovery < 20) {
            fastSample(health, candidates.at(0).key, 150);
            fastSample(health, candidates.at(1).key, 600);
            ++recovery;
        }
        QVERIFY2(recovery >= 3 && recovery <= 5, qPrintable(QString::number(recovery)));
        QCOMPARE(head(candidates, input, nullptr), 0);
    }

    void responseTimeTriesUnmeasuredMembers()
    {
        ManualClock clock;
        HealthStats health(&clock);
        const QList<StrategyCandidate> candidates {member(1, QStringLiteral("known")),
                                                   member(2, QStringLiteral("new")),
                                                   member(3, QStringLiteral("broken"))};
        StrategyInput input;
        input.strategy = Strategy::ResponseTime;
        input.health = &health;
        fastSample(health, candidates.at(0).key, 300);
        // "broken" never produced a token: failing and unmeasured ranks after the measured ones.
        for (int i = 0; i < 3; ++i) {
            health.begin(candidates.at(2).key);
            health.end(candidates.at(2).key, HealthStats::Result::Failure, QStringLiteral("connect"));
        }
        QCOMPARE(order(rankCandidates(candidates, input, nullptr)), (QList<int> {1, 0, 2}));

        // Once "new" is measured slower, it drops behind.
        fastSample(health, candidates.at(1).key, 900);
        QCOMPARE(order(rankCandidates(candidates, input, nullptr)), (QList<int> {0, 1, 2}));

        // A measurement older than the staleness limit no longer counts: the member is retried.
        clock.advance(HealthConfig {}.ttftStaleAfterMs);
        fastSample(health, candidates.at(0).key, 300);
        QVERIFY(health.ttftStale(candidates.at(1).key));
        QVERIFY(!health.ttftStale(candidates.at(0).key));
        QCOMPARE(order(rankCandidates(candidates, input, nullptr)), (QList<int> {1, 0, 2}));
    }

    void costOptimized()
    {
        QList<StrategyCandidate> candidates {
            member(1, QStringLiteral("premium")), member(2, QStringLiteral("unknown")),
            member(3, QStringLiteral("cheap-output")), member(4, QStringLiteral("cheap-input"))};
        candidates[0].price = price(15, 75);
        candidates[2].price = price(3, 1); // expensive input, cheap output
        candidates[3].price = price(1, 3); // cheap input, expensive output
        StrategyInput input;
        input.strategy = Strategy::CostOptimized;

        // Input-heavy request: cheap input wins; unknown price last.
        input.request.inputTokens = 100000;
        input.request.maxTokens = 1000;
        StrategyResult result = rankCandidates(candidates, input, nullptr);
        QCOMPARE(order(result), (QList<int> {3, 2, 0, 1}));
        QVERIFY(result.order.at(0).cost.priceKnown);
        QCOMPARE(result.order.at(0).cost.usd, (100000 * 1.0 + 1000 * 3.0) / 1e6);
        QVERIFY(!result.order.at(3).cost.priceKnown);

        // Output-heavy request: cheap output wins.
        input.request.inputTokens = 1000;
        input.request.maxTokens = 100000;
        QCOMPARE(order(rankCandidates(candidates, input, nullptr)), (QList<int> {2, 3, 0, 1}));

        // expectedOutputTokens overrides max_tokens for ranking.
        input.request.expectedOutputTokens = 0;
        QCOMPARE(order(rankCandidates(candidates, input, nullptr)).first(), 3);
    }

    void hybridWeighsFactors()
    {
        ManualClock clock;
        HealthStats health(&clock);
        QList<StrategyCandidate> candidates {member(1, QStringLiteral("fast-expensive")),
                                             member(2, QStringLiteral("slow-cheap")),
                                             member(3, QStringLiteral("flaky"))};
        candidates[0].price = price(10, 30);
        candidates[1].price = price(0.5, 1.5);
        candidates[2].price = price(1, 3);
        fastSample(health, candidates.at(0).key, 300);
        fastSample(health, candidates.at(1).key, 3000);
        fastSample(health, candidates.at(2).key, 1000);
        for (int i = 0; i < 9; ++i) { // flaky: 1 success of 10
            health.begin(candidates.at(2).key);
            health.end(candidates.at(2).key, HealthStats::Result::Failure, QStringLiteral("upstream_5xx"));
        }

        StrategyInput input;
        input.strategy = Strategy::Hybrid;
        input.health = &health;
        input.request.inputTokens = 20000;
        input.request.maxTokens = 2000;

        input.options.weights = {1, 0, 0, 0, 0}; // latency only
        QCOMPARE(order(rankCandidates(candidates, input, nullptr)), (QList<int> {0, 2, 1}));
        input.options.weights = {0, 1, 0, 0, 0}; // cost only
        QCOMPARE(order(rankCandidates(candidates, input, nullptr)), (QList<int> {1, 2, 0}));
        input.options.weights = {0, 0, 1, 0, 0}; // success only: flaky last, ties by list order
        QCOMPARE(order(rankCandidates(candidates, input, nullptr)), (QList<int> {0, 1, 2}));

        // Budget: the cheap member's channel has 20 % of its daily budget left. Costs are
        // 0.26, 0.013 and 0.026 dollars, so the cost scores are 0.05, 1 and 0.5.
        candidates[1].budgetRemaining = 0.2;
        input.options.weights = {0, 0.5, 0, 0.5, 0};
        StrategyResult result = rankCandidates(candidates, input, nullptr);
        // flaky: 0.5*0.5 + 0.5 = 0.75; cheap: 0.5*1 + 0.5*0.2 = 0.6; expensive: 0.5*0.05 + 0.5 = 0.525
        QCOMPARE(order(result), (QList<int> {2, 1, 0}));
        for (const RankedCandidate &c : result.order)
            QVERIFY(c.score >= 0 && c.score <= 1);
        QCOMPARE(result.order.at(0).score, 0.75);
        QCOMPARE(result.order.at(1).score, 0.6);

        // Context fit: prefer the member with room to spare.
        candidates[1].budgetRemaining = 1;
        candidates[0].contextWindow = 200000;
        candidates[1].contextWindow = 32000;
        candidates[2].contextWindow = 0; // unknown: neutral
        input.options.weights = {0, 0, 0, 0, 1};
        QCOMPARE(order(rankCandidates(candidates, input, nullptr)), (QList<int> {0, 2, 1}));
    }

    void autoIsHybridWithDefaults()
    {
        ManualClock clock;
        HealthStats health(&clock);
        QList<StrategyCandidate> candidates {member(1, QStringLiteral("a")), member(2, QStringLiteral("b"))};
        candidates[0].price = price(10, 30);
        candidates[1].price = price(1, 3);
        fastSample(health, candidates.at(0).key, 400);
        fastSample(health, candidates.at(1).key, 500);
        StrategyInput input;
        input.health = &health;
        input.request.inputTokens = 1000;
        input.request.maxTokens = 1000;
        input.options.weights = {1, 0, 0, 0, 0}; // ignored by auto
        input.strategy = Strategy::Hybrid;
        QCOMPARE(head(candidates, input, nullptr), 0);
        input.strategy = Strategy::Auto;
        // Defaults weigh cost and latency alike: 10x cheaper beats 25 % faster.
        const StrategyResult result = rankCandidates(candidates, input, nullptr);
        QCOMPARE(order(result), (QList<int> {1, 0}));
        input.strategy = Strategy::Hybrid;
        input.options.weights = HybridWeights {};
        const StrategyResult hybrid = rankCandidates(candidates, input, nullptr);
        QCOMPARE(order(hybrid), order(result));
        QCOMPARE(hybrid.order.first().score, result.order.first().score);
    }

    void specified()
    {
        QList<StrategyCandidate> candidates {member(1, QStringLiteral("a"), 0),
                                             member(2, QStringLiteral("b"), 1),
                                             member(3, QStringLiteral("c"), 2)};
        StrategyInput input;
        input.strategy = Strategy::Specified;
        input.options.pinned = QStringLiteral("ch3,c");
        QCOMPARE(order(rankCandidates(candidates, input, nullptr)), (QList<int> {2, 0, 1}));
        input.options.pinned = QStringLiteral("CH2"); // a channel name, any case
        QCOMPARE(order(rankCandidates(candidates, input, nullptr)), (QList<int> {1, 0, 2}));
        input.options.pinned = QStringLiteral("2"); // member index
        QCOMPARE(order(rankCandidates(candidates, input, nullptr)), (QList<int> {2, 0, 1}));
        candidates[0].memberIndex = 2; // indices are group positions when known
        candidates[2].memberIndex = 0;
        QCOMPARE(order(rankCandidates(candidates, input, nullptr)).first(), 0);
        input.options.pinned = QStringLiteral("nowhere,x");
        const StrategyResult result = rankCandidates(candidates, input, nullptr);
        QCOMPARE(order(result), (QList<int> {0, 1, 2}));
        QVERIFY(result.note.contains(QLatin1String("nowhere,x")));

        const StrategyOptions options = StrategyOptions::fromGroupOptions(
            QJsonObject {{QStringLiteral("pinned"), 1},
                         {QStringLiteral("hybridWeights"), QJsonObject {{QStringLiteral("cost"), 2}}}});
        QCOMPARE(options.pinned, QStringLiteral("1"));
        QCOMPARE(options.weights.cost, 2.0);
        QCOMPARE(options.weights.latency, HybridWeights {}.latency);
    }

    void capabilityFilters()
    {
        QList<StrategyCandidate> candidates {
            member(1, QStringLiteral("text")), member(2, QStringLiteral("vision")),
            member(3, QStringLiteral("all")), member(4, QStringLiteral("untagged")),
            member(5, QStringLiteral("small"))};
        candidates[0].capabilities = QStringList {QStringLiteral("tools")};
        candidates[1].capabilities = QStringList {QStringLiteral("vision")};
        candidates[2].capabilities =
            QStringList {QStringLiteral("tools"), QStringLiteral("Vision"), QStringLiteral("thinking")};
        candidates[4].capabilities =
            QStringList {QStringLiteral("tools"), QStringLiteral("vision"), QStringLiteral("thinking")};
        candidates[2].contextWindow = 200000;
        candidates[4].contextWindow = 8000;

        StrategyInput input;
        const auto admitted = [&](const RequestTraits &traits) {
            input.request = traits;
            QList<int> indices = order(rankCandidates(candidates, input, nullptr));
            std::sort(indices.begin(), indices.end());
            return indices;
        };

        QCOMPARE(admitted({}), (QList<int> {0, 1, 2, 3, 4}));
        RequestTraits tools;
        tools.tools = true;
        QCOMPARE(admitted(tools), (QList<int> {0, 2, 3, 4}));
        RequestTraits images;
        images.images = true;
        QCOMPARE(admitted(images), (QList<int> {1, 2, 3, 4}));
        RequestTraits thinking;
        thinking.thinking = true;
        thinking.tools = true;
        QCOMPARE(admitted(thinking), (QList<int> {2, 3, 4}));

        // input + max_tokens must fit the window; an unknown window (0) passes.
        RequestTraits big;
        big.inputTokens = 7000;
        big.maxTokens = 1000;
        QCOMPARE(admitted(big), (QList<int> {0, 1, 2, 3, 4})); // exactly 8000 fits
        big.maxTokens = 1001;
        QCOMPARE(admitted(big), (QList<int> {0, 1, 2, 3}));
        const StrategyResult result = rankCandidates(candidates, input, nullptr);
        QCOMPARE(result.excluded.size(), 1);
        QCOMPARE(result.excluded.first().index, 4);
        QCOMPARE(result.excluded.first().reason, QStringLiteral("needs 8001 tokens, context window 8000"));
        big.inputTokens = 250000;
        QCOMPARE(admitted(big), (QList<int> {0, 1, 3}));

        // Filters run before the strategy: a pinned member that cannot serve is not used.
        input.strategy = Strategy::Specified;
        input.options.pinned = QStringLiteral("ch1,text");
        input.request = images;
        const StrategyResult pinned = rankCandidates(candidates, input, nullptr);
        QVERIFY(!order(pinned).contains(0));
        QCOMPARE(pinned.excluded.first().reason, QStringLiteral("no vision"));

        // Nothing fits: an empty order, every member excluded with its reason.
        RequestTraits impossible;
        impossible.images = true;
        candidates[3].capabilities = QStringList {QStringLiteral("tools")};
        candidates.removeAt(4);
        candidates.removeAt(2);
        candidates.removeAt(1);
        input.strategy = Strategy::Priority;
        input.request = impossible;
        const StrategyResult none = rankCandidates(candidates, input, nullptr);
        QVERIFY(none.isEmpty());
        QCOMPARE(none.excluded.size(), 2);
    }

    void breakerOpenMembersGoLast()
    {
        ManualClock clock;
        CircuitBreakerRegistry breakers(&clock);
        const QList<StrategyCandidate> candidates {member(1, QStringLiteral("a"), 0),
                                                   member(2, QStringLiteral("b"), 1),
                                                   member(3, QStringLiteral("c"), 2)};
        for (int i = 0; i < 5; ++i)
            breakers.recordFailure(candidates.at(0).key, breakers.admit(candidates.at(0).key));
        StrategyInput input;
        input.breakers = &breakers;
        StrategyResult result = rankCandidates(candidates, input, nullptr);
        QCOMPARE(order(result), (QList<int> {1, 2, 0}));
        QVERIFY(result.order.last().breakerOpen);
        QVERIFY(result.note.contains(QLatin1String("1 breaker-open last")));
        // Ranking only peeks: the breaker did not move to HALF_OPEN.
        clock.advance(30000);
        result = rankCandidates(candidates, input, nullptr);
        QCOMPARE(order(result), (QList<int> {0, 1, 2})); // cooldown over: admissible again
        QCOMPARE(breakers.snapshot(candidates.at(0).key).state, BreakerState::Open);
    }

    void degradePrefersCheaperMembers()
    {
        ManualClock clock;
        CircuitBreakerRegistry breakers(&clock);
        QList<StrategyCandidate> candidates {
            member(1, QStringLiteral("opus"), 0), member(2, QStringLiteral("sonnet"), 1),
            member(3, QStringLiteral("haiku"), 2), member(4, QStringLiteral("mini"), 3)};
        candidates[0].price = price(15, 75);
        candidates[1].price = price(3, 15);
        candidates[2].price = price(1, 5);
        candidates[3].price = price(0.15, 0.6);
        breakers.forceOpen(candidates.at(3).key);
        StrategyInput input;
        input.breakers = &breakers;
        input.request.inputTokens = 10000;
        input.request.maxTokens = 4000;
        QCOMPARE(order(rankCandidates(candidates, input, nullptr)), (QList<int> {0, 1, 2, 3}));
        input.degrade = true;
        const StrategyResult result = rankCandidates(candidates, input, nullptr);
        // Cheapest admissible first; the open member stays last even though it is the cheapest.
        QCOMPARE(order(result), (QList<int> {2, 1, 0, 3}));
        QVERIFY(result.note.contains(QLatin1String("degraded")));
    }

    void deterministic()
    {
        // Same inputs and state history -> same orders, run after run.
        QList<StrategyCandidate> candidates;
        for (int i = 0; i < 6; ++i)
            candidates.append(member(i + 1, QStringLiteral("m"), i % 2, 1 + i % 3));
        const auto run = [&] {
            ManualClock clock;
            HealthStats health(&clock);
            StrategyState state;
            QRandomGenerator random(99);
            QList<QList<int>> orders;
            const QList<Strategy> strategies {Strategy::WeightedRoundRobin, Strategy::LeastConnections,
                                              Strategy::ResponseTime, Strategy::Hybrid};
            for (int i = 0; i < 400; ++i) {
                StrategyInput input;
                input.strategy = strategies.at(i % strategies.size());
                input.health = &health;
                const StrategyResult result = rankCandidates(candidates, input, &state);
                orders.append(order(result));
                const UpstreamKey key = candidates.at(result.order.first().index).key;
                health.begin(key);
                health.firstToken(key, 100 + random.bounded(900));
                if (random.bounded(3) == 0)
                    health.end(key, HealthStats::Result::Success);
            }
            return orders;
        };
        QCOMPARE(run(), run());
    }

    void fromRouteCandidate()
    {
        ConfigData config;
        Provider provider;
        provider.id = 1;
        provider.name = QStringLiteral("openai");
        provider.capabilities = QStringList {QStringLiteral("tools"), QStringLiteral("vision")};
        provider.prices = {ModelPrice {QStringLiteral("gpt-4o*"), 2.5, 10, 0, 0}};
        config.providers.append(provider);
        Channel channel;
        channel.id = 7;
        channel.providerId = 1;
        channel.name = QStringLiteral("main");
        channel.priority = 3;
        channel.weight = 4;
        config.channels.append(channel);
        ModelGroup group;
        group.name = QStringLiteral("auto:fast");
        GroupMember first;
        first.channelId = 7;
        first.model = QStringLiteral("gpt-4o");
        first.priority = 1;
        first.weight = 5;
        first.contextWindow = 128000;
        GroupMember second = first;
        second.model = QStringLiteral("gpt-4o-mini");
        second.capabilities = QStringList {QStringLiteral("tools")};
        second.priceOverride = ModelPrice {QStringLiteral("gpt-4o-mini"), 0.15, 0.6, 0, 0};
        group.members = {first, second};
        config.groups.append(group);

        const ModelGroup &g = config.groups.first();
        RouteCandidate route;
        route.provider = &config.providers.first();
        route.channel = &config.channels.first();
        route.group = &g;
        route.member = &g.members.at(1);
        route.model = g.members.at(1).model;
        StrategyCandidate c = StrategyCandidate::fromRoute(route);
        QCOMPARE(c.key, (UpstreamKey {7, QStringLiteral("gpt-4o-mini")}));
        QCOMPARE(c.label, QStringLiteral("main,gpt-4o-mini"));
        QCOMPARE(c.memberIndex, 1);
        QCOMPARE(c.priority, 1);
        QCOMPARE(c.weight, 5);
        QCOMPARE(c.contextWindow, 128000);
        QCOMPARE(c.capabilities, QStringList {QStringLiteral("tools")}); // the member's own tags win
        QCOMPARE(c.price->inputPerMTok, 0.15); // override wins over the provider's glob

        route.member = &g.members.at(0);
        route.model = g.members.at(0).model;
        c = StrategyCandidate::fromRoute(route);
        QCOMPARE(c.memberIndex, 0);
        QCOMPARE(c.capabilities, provider.capabilities); // untagged member: the provider's
        QCOMPARE(c.price->inputPerMTok, 2.5); // the provider's "gpt-4o*"

        // A plain channel route: the channel's priority and weight.
        route.group = nullptr;
        route.member = nullptr;
        c = StrategyCandidate::fromRoute(route);
        QCOMPARE(c.priority, 3);
        QCOMPARE(c.weight, 4);
        QCOMPARE(c.memberIndex, -1);
    }

    void healthStatsBasics()
    {
        ManualClock clock;
        HealthConfig config;
        config.successWindow = 4;
        HealthStats health(&clock, config);
        const UpstreamKey key {1, QStringLiteral("m")};
        QCOMPARE(health.ttftEwmaMs(key), -1.0);
        QCOMPARE(health.successRate(key), 1.0);

        health.begin(key);
        health.begin(key);
        QCOMPARE(health.inFlight(key), 2);
        health.firstToken(key, 1000); // the first sample seeds the average
        QCOMPARE(health.ttftEwmaMs(key), 1000.0);
        health.firstToken(key, 2000);
        QCOMPARE(health.ttftEwmaMs(key), 0.3 * 2000 + 0.7 * 1000);
        health.end(key, HealthStats::Result::Success);
        health.end(key, HealthStats::Result::Failure, QStringLiteral("upstream_cut")); // mid-stream
        QCOMPARE(health.inFlight(key), 0);
        QCOMPARE(health.successRate(key), 0.5);

        clock.advance(1234);
        health.begin(key);
        health.end(key, HealthStats::Result::Canceled); // the client left: no verdict
        QCOMPARE(health.successRate(key), 0.5);
        QCOMPARE(health.inFlight(key), 0);
        health.end(key, HealthStats::Result::Success); // an extra end never goes negative
        QCOMPARE(health.inFlight(key), 0);

        // The window keeps the last 4 outcomes.
        for (int i = 0; i < 4; ++i) {
            health.begin(key);
            health.end(key, HealthStats::Result::Success);
        }
        QCOMPARE(health.successRate(key), 1.0);
        QCOMPARE(health.recentFailures(key), 0);

        const HealthSnapshot s = health.snapshot(key);
        QCOMPARE(s.totalRequests, 7);
        QCOMPARE(s.totalFailures, 1);
        QCOMPARE(s.lastError, QStringLiteral("upstream_cut"));
        QCOMPARE(s.lastErrorAtMs, clock.nowMs() - 1234);
        QCOMPARE(s.ttftSamples, 2);
        QCOMPARE(s.recentRequests, 4);
        QCOMPARE(health.snapshot().size(), 1);
    }
};

QTEST_APPLESS_MAIN(TestStrategies)
#include "tst_strategies.moc"
