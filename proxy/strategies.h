#pragma once

// Orders the members of a model group for one request: which to try first, and what to fail over
// to. Pure and deterministic: the only state is the weighted-round-robin position per group
// (StrategyState), live health (HealthStats) and breaker admission (CircuitBreakerRegistry), all
// passed in, and no randomness anywhere.
//
// Steps of rankCandidates():
//   1. Capability filters, derived from the request (RequestTraits), before any strategy:
//        tools present    -> members tagged "tools"
//        image blocks     -> members tagged "vision"
//        thinking         -> members tagged "thinking"
//        input tokens + max_tokens <= context window (contextWindow 0 = unknown = allowed)
//      A member without any capability tags is untagged, not incapable: it passes the three tag
//      filters (as an unknown context window passes the size filter). Tagging one capability makes
//      the list authoritative for that member. Filtered members are reported in excluded with why.
//   2. Breaker admission (peek, no side effects): members whose breaker would reject go to the end
//      of the order, flagged breakerOpen, in the strategy's order. They are not dropped, so the
//      engine can still decide to try them when nothing else is left; CircuitBreaker::admit() is the
//      real gate at attempt time.
//   3. The strategy orders the admissible members:
//        priority              member priority (lower first), then weight (higher), then list order
//        weighted_round_robin  smooth weighted round robin (nginx): over N requests each member
//                              leads weight/sum(weights) of them, evenly interleaved; the rest
//                              follow in the order they would be picked next
//        least_connections     fewest requests in flight per unit of weight
//        response_time         lowest EWMA time to first token; a member without a fresh sample
//                              (new, or last measured > ttftStaleAfterMs ago) counts as 0 ms so it
//                              gets tried, unless its recent success rate is below 50%, in which
//                              case it ranks after the measured ones
//        cost_optimized        lowest estimated cost for this request (input tokens x input price +
//                              expected output tokens x output price); unknown prices last
//        hybrid                weighted score of latency, cost, recent success rate, remaining
//                              budget and context fit, each normalised to [0, 1] (1 = best), the
//                              sum divided by the sum of the weights: latency and cost as
//                              best/value among the members that have one (twice as slow = 0.5;
//                              unmeasured or stale latency 1, or 0 when failing as above; unknown
//                              price 0.5), success rate and remaining budget as they are, context
//                              fit = 1 - needed/window (unknown window 0.5)
//        specified             the pinned member first, the others after it in priority order
//        auto                  hybrid with the default weights
//      Ties always fall back to the priority order, so results never depend on hash order.
//   4. degrade (a daily budget is 80% used): admissible members are re-sorted by estimated cost,
//      cheapest first (stable, so equal costs keep the strategy's order).
//
// Thread-confined to the proxy thread (StrategyState has no locks).

#include "budget.h"
#include "circuitbreaker.h"
#include "configtypes.h"
#include "healthstats.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Switchyard {

struct RouteCandidate;

enum class Strategy
{
    Priority,
    WeightedRoundRobin,
    LeastConnections,
    ResponseTime,
    CostOptimized,
    Hybrid,
    Specified,
    Auto,
};

QString strategyName(Strategy strategy); // "priority", "weighted_round_robin", ...
// Also accepts "-" for "_", any case, and the aliases "wrr", "round_robin", "latency", "cost",
// "pinned". nullopt for anything else.
std::optional<Strategy> strategyFromString(const QString &text);

// Smooth weighted round robin (nginx's algorithm): on every pick each entry's current value grows
// by its weight, the largest wins and gives back the sum of all weights. Entries are named by id so
// the state survives config changes (a removed entry simply stops being offered).
class SmoothWeightedRoundRobin
{
public:
    // Picks one of ids (weights[i] <= 0 counts as 1); -1 for an empty list. When order is given it
    // receives all indices, the pick first, then the rest in the order they would be picked next.
    int pick(const QStringList &ids, const QList<int> &weights, QList<int> *order = nullptr);
    void clear() { m_current.clear(); }

private:
    QHash<QString, qint64> m_current;
};

// Round-robin positions per group, kept by the engine for the life of the proxy.
class StrategyState
{
public:
    SmoothWeightedRoundRobin &group(const QString &key) { return m_groups[key]; }
    void clear() { m_groups.clear(); }

private:
    QHash<QString, SmoothWeightedRoundRobin> m_groups;
};

// What the request needs, derived from its body.
struct RequestTraits
{
    bool tools = false;
    bool images = false;
    bool thinking = false;
    qint64 inputTokens = 0; // estimate from TokenCounter
    qint64 maxTokens = 0; // requested max output tokens; 0 = not given
    // Output tokens assumed when ranking by cost; -1 = maxTokens.
    qint64 expectedOutputTokens = -1;

    qint64 outputTokensForCost() const
    {
        return expectedOutputTokens >= 0 ? expectedOutputTokens : maxTokens;
    }
};

struct StrategyCandidate
{
    UpstreamKey key;
    QString label; // "<channel>,<model>", for traces and specified
    int memberIndex = -1; // position in the group's member list; -1 = position in the candidate list
    int priority = 0;
    int weight = 1;
    std::optional<ModelPrice> price; // resolved price (override or provider table); nullopt = unknown
    qint64 contextWindow = 0; // 0 = unknown
    QStringList capabilities; // "tools", "vision", "thinking"; empty = untagged
    double budgetRemaining = 1; // share of the channel's daily budget/quota left, [0, 1]

    // From a router candidate: member priority/weight/capabilities/context window when it came from
    // a group (the provider's capabilities when the member lists none), the channel's otherwise;
    // price = member override, else the provider's table.
    static StrategyCandidate fromRoute(const RouteCandidate &candidate);
};

struct HybridWeights
{
    double latency = 0.3;
    double cost = 0.3;
    double success = 0.25;
    double budget = 0.1;
    double context = 0.05;

    // {"latency":..,"cost":..,"success":..,"budget":..,"context":..}; missing or negative = default.
    static HybridWeights fromJson(const QJsonObject &object);
    bool operator==(const HybridWeights &) const = default;
};

// Strategy settings a group keeps in ModelGroup::options:
//   {"hybridWeights": {...HybridWeights}, "pinned": "<channel>,<model>" | "<channel>" | <index>}
struct StrategyOptions
{
    HybridWeights weights;
    QString pinned; // specified: "<channel>,<model>", a channel name, or a 0-based member index

    static StrategyOptions fromGroupOptions(const QJsonObject &options);
};

struct StrategyInput
{
    Strategy strategy = Strategy::Priority;
    QString groupKey; // round-robin state bucket, normally the group name
    RequestTraits request;
    StrategyOptions options;
    bool degrade = false; // a daily budget passed its degrade threshold: cheapest first
    const HealthStats *health = nullptr; // null = nothing known
    const CircuitBreakerRegistry *breakers = nullptr; // null = everything admitted
};

struct RankedCandidate
{
    int index = -1; // into the candidate list given to rankCandidates()
    bool breakerOpen = false;
    double score = 0; // hybrid/auto score in [0, 1]; 0 for the other strategies
    CostEstimate cost; // this request's estimated cost on that member
};

struct CandidateExclusion
{
    int index = -1;
    QString reason; // "no vision", "needs 210000 tokens, context window 128000", ...
};

struct StrategyResult
{
    QList<RankedCandidate> order; // admissible first (best first), then breaker-open ones
    QList<CandidateExclusion> excluded; // removed by the capability filters
    QString note; // for the route trace, e.g. "weighted_round_robin, degraded: cheapest first"

    bool isEmpty() const { return order.isEmpty(); }
    int admissibleCount() const;
};

// Why candidate cannot serve the request, or an empty string.
QString capabilityMismatch(const StrategyCandidate &candidate, const RequestTraits &request);

// state keeps the weighted-round-robin positions; without it (null) weighted_round_robin falls
// back to the priority order. The other strategies do not need it.
StrategyResult rankCandidates(const QList<StrategyCandidate> &candidates, const StrategyInput &input,
                              StrategyState *state);

} // namespace Switchyard
