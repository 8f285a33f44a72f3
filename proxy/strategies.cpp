#include "strategies.h"

#include "router.h"

#include <algorithm>
#include <limits>

namespace Switchyard {

namespace {

constexpr double Unbounded = std::numeric_limits<double>::infinity();

struct StrategyNameEntry
{
    Strategy strategy;
    const char *name;
};

constexpr StrategyNameEntry StrategyNames[] = {
    {Strategy::Priority, "priority"},
    {Strategy::WeightedRoundRobin, "weighted_round_robin"},
    {Strategy::LeastConnections, "least_connections"},
    {Strategy::ResponseTime, "response_time"},
    {Strategy::CostOptimized, "cost_optimized"},
    {Strategy::Hybrid, "hybrid"},
    {Strategy::Specified, "specified"},
    {Strategy::Auto, "auto"},
};

constexpr StrategyNameEntry StrategyAliases[] = {
    {Strategy::WeightedRoundRobin, "wrr"},      {Strategy::WeightedRoundRobin, "round_robin"},
    {Strategy::WeightedRoundRobin, "weighted"}, {Strategy::ResponseTime, "latency"},
    {Strategy::CostOptimized, "cost"},          {Strategy::Specified, "pinned"},
};

bool hasCapability(const StrategyCandidate &candidate, const QString &capability)
{
    return candidate.capabilities.isEmpty()
        || candidate.capabilities.contains(capability, Qt::CaseInsensitive);
}

double nonNegative(const QJsonObject &object, const char *name, double fallback)
{
    const QJsonValue value = object.value(QLatin1String(name));
    return value.isDouble() && value.toDouble() >= 0 ? value.toDouble() : fallback;
}

// Everything the ordering steps need about the members, computed once per request.
class Ranking
{
public:
    Ranking(const QList<StrategyCandidate> &candidates, const StrategyInput &input)
        : m_candidates(candidates)
        , m_input(input)
    {
        m_costs.reserve(candidates.size());
        for (const StrategyCandidate &c : candidates) {
            m_costs.append(
                Budget::estimate(c.price, input.request.inputTokens, input.request.outputTokensForCost()));
        }
    }

    const StrategyCandidate &at(int i) const { return m_candidates.at(i); }
    const CostEstimate &cost(int i) const { return m_costs.at(i); }
    int position(int i) const { return at(i).memberIndex >= 0 ? at(i).memberIndex : i; }

    bool priorityLess(int a, int b) const
    {
        const StrategyCandidate &x = at(a);
        const StrategyCandidate &y = at(b);
        if (x.priority != y.priority)
            return x.priority < y.priority;
        if (x.weight != y.weight)
            return x.weight > y.weight;
        return position(a) < position(b);
    }

    double costKey(int i) const { return cost(i).priceKnown ? cost(i).usd : Unbounded; }

    double inFlightPerWeight(int i) const
    {
        const int inFlight = m_input.health ? m_input.health->inFlight(at(i).key) : 0;
        return double(inFlight) / double(std::max(1, at(i).weight));
    }

    // TTFT used for ranking: the EWMA when fresh, 0 (try it) when unmeasured or stale, unless the
    // member has been failing, which would otherwise keep a dead member "unmeasured" and first.
    double latencyKey(int i) const
    {
        const double ewma = knownLatency(i);
        if (ewma >= 0)
            return ewma;
        return failing(i) ? Unbounded : 0;
    }

    bool failing(int i) const { return successRate(i) < 0.5; }

    // The fresh EWMA, or -1.
    double knownLatency(int i) const
    {
        if (!m_input.health)
            return -1;
        const UpstreamKey &key = at(i).key;
        const double ewma = m_input.health->ttftEwmaMs(key);
        return ewma >= 0 && !m_input.health->ttftStale(key) ? ewma : -1;
    }

    double successRate(int i) const { return m_input.health ? m_input.health->successRate(at(i).key) : 1; }

    double contextFit(int i) const
    {
        const qint64 window = at(i).contextWindow;
        if (window <= 0)
            return 0.5;
        const double needed =
            double(m_input.request.inputTokens + std::max<qint64>(0, m_input.request.maxTokens));
        return std::clamp(1.0 - needed / double(window), 0.0, 1.0);
    }

    bool admitted(int i) const { return !m_input.breakers || m_input.breakers->peek(at(i).key); }

    template<typename Key>
    void sortBy(QList<int> &indices, Key key) const
    {
        // Stable over a priority-ordered list: ties keep the priority order.
        std::stable_sort(indices.begin(), indices.end(), [&](int a, int b) { return key(a) < key(b); });
    }

    void sortByPriority(QList<int> &indices) const
    {
        std::stable_sort(indices.begin(), indices.end(), [this](int a, int b) { return priorityLess(a, b); });
    }

    QHash<int, double> hybridScores(const QList<int> &indices, const HybridWeights &w) const;

private:
    const QList<StrategyCandidate> &m_candidates;
    const StrategyInput &m_input;
    QList<CostEstimate> m_costs;
};

// best / value: 1 for the best (lowest) value, proportionally less for the others, so a member
// twice as slow (or expensive) scores half. Unlike min-max scaling, a 10 % difference stays small.
double ratioScore(double value, double best)
{
    if (value <= best)
        return 1;
    return best / value;
}

QHash<int, double> Ranking::hybridScores(const QList<int> &indices, const HybridWeights &w) const
{
    double minLatency = Unbounded;
    double minCost = Unbounded;
    for (const int i : indices) {
        if (const double latency = knownLatency(i); latency >= 0)
            minLatency = std::min(minLatency, latency);
        if (cost(i).priceKnown)
            minCost = std::min(minCost, cost(i).usd);
    }
    const double total = w.latency + w.cost + w.success + w.budget + w.context;
    QHash<int, double> scores;
    for (const int i : indices) {
        const double latency = knownLatency(i);
        // Same rule as response_time: unmeasured is optimistic unless the member keeps failing.
        const double latencyScore = latency >= 0 ? ratioScore(latency, minLatency) : failing(i) ? 0 : 1;
        const double costScore = cost(i).priceKnown ? ratioScore(cost(i).usd, minCost) : 0.5;
        const double budgetScore = std::clamp(at(i).budgetRemaining, 0.0, 1.0);
        const double sum = w.latency * latencyScore + w.cost * costScore + w.success * successRate(i)
            + w.budget * budgetScore + w.context * contextFit(i);
        scores.insert(i, total > 0 ? sum / total : 0);
    }
    return scores;
}

QString upstreamId(const StrategyCandidate &c)
{
    return QString::number(c.key.channelId) + u',' + c.key.model;
}

// pin is a 0-based member index, "<channel>,<model>", or a channel name.
bool pinMatches(const Ranking &ranking, int i, const QString &pin)
{
    bool isIndex = false;
    const int wanted = pin.toInt(&isIndex);
    if (isIndex)
        return ranking.position(i) == wanted;
    const QString &label = ranking.at(i).label;
    if (pin.contains(u','))
        return label.compare(pin, Qt::CaseInsensitive) == 0;
    return label.section(u',', 0, 0).compare(pin, Qt::CaseInsensitive) == 0;
}

int findPinned(const Ranking &ranking, const QList<int> &indices, const QString &pinned)
{
    const QString pin = pinned.trimmed();
    if (pin.isEmpty())
        return -1;
    const auto it =
        std::find_if(indices.cbegin(), indices.cend(), [&](int i) { return pinMatches(ranking, i, pin); });
    return it == indices.cend() ? -1 : *it;
}

// Orders indices (already in priority order) by the strategy. scores holds the hybrid scores of
// every member for hybrid and auto. Returns a note for the trace.
QString applyStrategy(const Ranking &ranking, QList<int> &indices, const StrategyInput &input,
                      const QHash<int, double> &scores, StrategyState *state, bool mayAdvanceRoundRobin)
{
    switch (input.strategy) {
    case Strategy::Priority:
        return {};
    case Strategy::WeightedRoundRobin: {
        if (!mayAdvanceRoundRobin || indices.isEmpty() || !state)
            return {};
        QStringList ids;
        QList<int> weights;
        for (const int i : indices) {
            ids.append(upstreamId(ranking.at(i)));
            weights.append(ranking.at(i).weight);
        }
        QList<int> order;
        state->group(input.groupKey).pick(ids, weights, &order);
        QList<int> reordered;
        for (const int position : order)
            reordered.append(indices.at(position));
        indices = reordered;
        return {};
    }
    case Strategy::LeastConnections:
        ranking.sortBy(indices, [&](int i) { return ranking.inFlightPerWeight(i); });
        return {};
    case Strategy::ResponseTime:
        ranking.sortBy(indices, [&](int i) { return ranking.latencyKey(i); });
        return {};
    case Strategy::CostOptimized:
        ranking.sortBy(indices, [&](int i) { return ranking.costKey(i); });
        return {};
    case Strategy::Hybrid:
    case Strategy::Auto:
        ranking.sortBy(indices, [&](int i) { return -scores.value(i); });
        return {};
    case Strategy::Specified: {
        const int pinned = findPinned(ranking, indices, input.options.pinned);
        if (pinned < 0)
            return input.options.pinned.isEmpty()
                ? QStringLiteral("no member pinned")
                : QStringLiteral("pinned member %1 not available").arg(input.options.pinned);
        indices.removeOne(pinned);
        indices.prepend(pinned);
        return {};
    }
    }
    return {};
}

} // namespace

QString strategyName(Strategy strategy)
{
    for (const StrategyNameEntry &entry : StrategyNames) {
        if (entry.strategy == strategy)
            return QString::fromLatin1(entry.name);
    }
    return {};
}

std::optional<Strategy> strategyFromString(const QString &text)
{
    const QString normalized = text.trimmed().toLower().replace(u'-', u'_');
    const auto lookup = [&](const auto &table) -> std::optional<Strategy> {
        for (const StrategyNameEntry &entry : table) {
            if (normalized == QLatin1String(entry.name))
                return entry.strategy;
        }
        return std::nullopt;
    };
    if (const std::optional<Strategy> strategy = lookup(StrategyNames))
        return strategy;
    return lookup(StrategyAliases);
}

int SmoothWeightedRoundRobin::pick(const QStringList &ids, const QList<int> &weights, QList<int> *order)
{
    if (ids.isEmpty())
        return -1;
    qint64 total = 0;
    QList<qint64> current;
    current.reserve(ids.size());
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const qint64 weight = std::max(1, weights.value(i, 1));
        total += weight;
        current.append(m_current[ids.at(i)] += weight);
    }
    // The first maximum wins, so equal weights rotate in list order.
    const int best = int(std::max_element(current.cbegin(), current.cend()) - current.cbegin());
    m_current[ids.at(best)] -= total;
    current[best] -= total;
    if (order) {
        order->clear();
        for (int i = 0; i < ids.size(); ++i) {
            if (i != best)
                order->append(i);
        }
        std::stable_sort(order->begin(), order->end(), [&](int a, int b) { return current[a] > current[b]; });
        order->prepend(best);
    }
    return best;
}

StrategyCandidate StrategyCandidate::fromRoute(const RouteCandidate &candidate)
{
    StrategyCandidate c;
    c.key = {candidate.channel ? candidate.channel->id : 0, candidate.model};
    c.label = (candidate.channel ? candidate.channel->name : QString()) + u',' + candidate.model;
    if (candidate.member) {
        c.priority = candidate.member->priority;
        c.weight = candidate.member->weight;
        c.capabilities = candidate.member->capabilities;
        c.contextWindow = candidate.member->contextWindow;
        if (candidate.group) {
            const QList<GroupMember> &members = candidate.group->members;
            for (qsizetype i = 0; i < members.size(); ++i) {
                if (&members.at(i) == candidate.member)
                    c.memberIndex = int(i);
            }
        }
    } else if (candidate.channel) {
        c.priority = candidate.channel->priority;
        c.weight = candidate.channel->weight;
    }
    if (c.capabilities.isEmpty() && candidate.provider)
        c.capabilities = candidate.provider->capabilities;
    c.price =
        Budget::priceFor(candidate.provider,
                         candidate.member ? candidate.member->priceOverride : std::nullopt, candidate.model);
    return c;
}

HybridWeights HybridWeights::fromJson(const QJsonObject &object)
{
    HybridWeights w;
    w.latency = nonNegative(object, "latency", w.latency);
    w.cost = nonNegative(object, "cost", w.cost);
    w.success = nonNegative(object, "success", w.success);
    w.budget = nonNegative(object, "budget", w.budget);
    w.context = nonNegative(object, "context", w.context);
    return w;
}

StrategyOptions StrategyOptions::fromGroupOptions(const QJsonObject &options)
{
    StrategyOptions result;
    result.weights = HybridWeights::fromJson(options.value(QLatin1String("hybridWeights")).toObject());
    const QJsonValue pinned = options.value(QLatin1String("pinned"));
    result.pinned = pinned.isDouble() ? QString::number(pinned.toInt()) : pinned.toString();
    return result;
}

int StrategyResult::admissibleCount() const
{
    return int(
        std::count_if(order.cbegin(), order.cend(), [](const RankedCandidate &c) { return !c.breakerOpen; }));
}

QString capabilityMismatch(const StrategyCandidate &candidate, const RequestTraits &request)
{
    if (request.tools && !hasCapability(candidate, QStringLiteral("tools")))
        return QStringLiteral("no tools");
    if (request.images && !hasCapability(candidate, QStringLiteral("vision")))
        return QStringLiteral("no vision");
    if (request.thinking && !hasCapability(candidate, QStringLiteral("thinking")))
        return QStringLiteral("no thinking");
    const qint64 needed = request.inputTokens + std::max<qint64>(0, request.maxTokens);
    if (candidate.contextWindow > 0 && needed > candidate.contextWindow)
        return QStringLiteral("needs %1 tokens, context window %2").arg(needed).arg(candidate.contextWindow);
    return {};
}

StrategyResult rankCandidates(const QList<StrategyCandidate> &candidates, const StrategyInput &input,
                              StrategyState *state)
{
    StrategyResult result;
    const Ranking ranking(candidates, input);

    QList<int> admissible;
    QList<int> open;
    for (int i = 0; i < candidates.size(); ++i) {
        const QString mismatch = capabilityMismatch(candidates.at(i), input.request);
        if (!mismatch.isEmpty())
            result.excluded.append({i, mismatch});
        else if (ranking.admitted(i))
            admissible.append(i);
        else
            open.append(i);
    }
    ranking.sortByPriority(admissible);
    ranking.sortByPriority(open);

    // Normalised over every member that passed the filters, so a score means the same whichever
    // side of the breaker line the member is on.
    QHash<int, double> scores;
    if (input.strategy == Strategy::Hybrid || input.strategy == Strategy::Auto) {
        const HybridWeights weights =
            input.strategy == Strategy::Auto ? HybridWeights {} : input.options.weights;
        scores = ranking.hybridScores(admissible + open, weights);
    }

    QStringList notes {strategyName(input.strategy)};
    if (const QString note = applyStrategy(ranking, admissible, input, scores, state, true); !note.isEmpty())
        notes.append(note);
    // Open members only matter as a last resort: order them the same way, without moving the
    // round-robin position for members that will most likely not be tried.
    applyStrategy(ranking, open, input, scores, state, false);

    if (input.degrade && admissible.size() > 1) {
        ranking.sortBy(admissible, [&](int i) { return ranking.costKey(i); });
        notes.append(QStringLiteral("degraded: cheapest first"));
    }
    if (!open.isEmpty())
        notes.append(QStringLiteral("%1 breaker-open last").arg(open.size()));

    const auto append = [&](const QList<int> &indices, bool breakerOpen) {
        for (const int i : indices)
            result.order.append({i, breakerOpen, scores.value(i), ranking.cost(i)});
    };
    append(admissible, false);
    append(open, true);
    result.note = notes.join(QStringLiteral(", "));
    return result;
}

} // namespace Switchyard
