#include "router.h"

#include "budget.h"
#include "circuitbreaker.h"
#include "clock.h"
#include "logging.h"
#include "pricing.h"
#include "timepolicy.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <array>

namespace Switchyard {

namespace {

// Long model lists are cut so that a 404 body stays readable.
constexpr int maxListedModels = 40;

constexpr qint64 DefaultLongContextThreshold = 60000;
constexpr qint64 DefaultThinkBudgetThreshold = 1;
const QLatin1String DefaultThinkEffortThreshold("high");
const QLatin1String DefaultSmallModelGlob("*haiku*");

// The documented scenario precedence (router.h).
constexpr std::array<const char *, 5> ScenarioPrecedence = {"longContext", "background", "webSearch", "think",
                                                            "image"};
constexpr std::array<const char *, 3> ModelFamilies = {"opus", "sonnet", "haiku"};

QString joinLimited(const QStringList &names)
{
    if (names.size() <= maxListedModels)
        return names.join(u", ");
    return names.mid(0, maxListedModels).join(u", ")
        + QStringLiteral(" (and %1 more)").arg(names.size() - maxListedModels);
}

// Priority ascending, then weight descending; stable so config order breaks ties.
template<typename T, typename Key>
void sortByPriority(QList<T> &items, Key key)
{
    std::stable_sort(items.begin(), items.end(), [&key](const T &a, const T &b) {
        const auto [pa, wa] = key(a);
        const auto [pb, wb] = key(b);
        if (pa != pb)
            return pa < pb;
        return wa > wb;
    });
}

QString labelOf(const RouteCandidate &candidate)
{
    return candidate.channel->name + u',' + candidate.model;
}

QLatin1String comparison(bool atLeast)
{
    return atLeast ? QLatin1String(">=") : QLatin1String("<");
}

qint64 positiveOption(const QJsonObject &options, const char *name, qint64 fallback)
{
    const QJsonValue value = options.value(QLatin1String(name));
    return value.isDouble() && value.toDouble() > 0 ? qint64(value.toDouble()) : fallback;
}

// What a target ("<channel>,<model>", "<group>") resolved to.
struct TargetResult
{
    QList<RouteCandidate> candidates;
    RouteDecision::Failure failure = RouteDecision::Failure::None;
    QString error;
    QString strategyNote;

    bool ok() const { return !candidates.isEmpty(); }
    void fail(RouteDecision::Failure why, const QString &message)
    {
        failure = why;
        error = message;
    }
};

// One resolve() call: the request, its facts and the decision being built.
class Resolution
{
public:
    Resolution(const ConfigData &config, const RouteRequest &request, const RouterContext &context)
        : m_config(config)
        , m_request(request)
        , m_context(context)
        , m_model(request.model.trimmed())
        , m_traits(request.traits ? *request.traits : RoutingTraits::fromModel(m_model))
    {
    }

    RouteDecision run()
    {
        if (explicitStep() || slotStep() || scenarioStep() || prefixStep() || listingStep())
            return std::move(m_decision);
        defaultStep();
        return std::move(m_decision);
    }

private:
    void trace(const QString &step, bool matched, const QString &detail)
    {
        m_decision.trace.append({step, matched, detail});
    }

    // Fills the decision from a target's result. Always "decides": callers check ok() first when a
    // failure should fall through instead.
    bool decide(const QString &step, const QString &reason, TargetResult result)
    {
        m_decision.step = step;
        m_decision.reason = reason;
        m_decision.candidates = std::move(result.candidates);
        m_decision.strategyNote = result.strategyNote;
        m_decision.ok = !m_decision.candidates.isEmpty();
        m_decision.failure = m_decision.ok ? RouteDecision::Failure::None : result.failure;
        m_decision.error = m_decision.ok ? QString() : result.error;
        qCDebug(lcRouting).noquote() << "route:" << reason << (m_decision.ok ? QString() : m_decision.error)
                                     << '|' << m_decision.traceText();
        return true;
    }

    // --- targets ---

    TargetResult resolveTarget(const QString &rawTarget)
    {
        TargetResult result;
        const QString target = rawTarget.trimmed();
        const qsizetype comma = target.indexOf(u',');
        if (comma < 0) {
            if (const ModelGroup *group = m_config.groupByName(target))
                return expandGroup(*group);
            // A bare channel takes the model id being routed as it is ("claude-*" -> "anthropic").
            if (const Channel *channel = m_config.channelByName(target); channel && !target.isEmpty())
                return channelTarget(*channel, m_model);
            result.fail(RouteDecision::Failure::InvalidRoute,
                        QStringLiteral("no channel,model pair, model group or channel named %1").arg(target));
            return result;
        }
        const QString channelName = target.left(comma).trimmed();
        const QString model = target.mid(comma + 1).trimmed();
        const Channel *channel = m_config.channelByName(channelName);
        if (!channel) {
            QStringList names;
            for (const Channel &c : m_config.channels)
                names.append(c.name);
            names.sort();
            result.fail(
                RouteDecision::Failure::UnknownChannel,
                QStringLiteral("unknown channel %1; channels: %2").arg(channelName, joinLimited(names)));
            return result;
        }
        if (model.isEmpty()) {
            result.fail(RouteDecision::Failure::InvalidRoute,
                        QStringLiteral("no model after channel %1").arg(channelName));
            return result;
        }
        return channelTarget(*channel, model);
    }

    TargetResult channelTarget(const Channel &channel, const QString &model)
    {
        TargetResult result;
        const RouteCandidate candidate = Router::candidateFor(m_config, channel, model);
        if (!candidate.channel)
            result.fail(RouteDecision::Failure::Unavailable,
                        QStringLiteral("channel %1 or its provider is disabled").arg(channel.name));
        else
            result.candidates.append(candidate);
        return result;
    }

    const Clock &clock() const { return m_context.clock ? *m_context.clock : *Clock::system(); }

    TargetResult expandGroup(const ModelGroup &group)
    {
        TargetResult result;
        if (!group.enabled) {
            result.fail(RouteDecision::Failure::Unavailable,
                        QStringLiteral("model group %1 is disabled").arg(group.name));
            trace(QStringLiteral("group"), false, result.error);
            return result;
        }
        const EffectiveGroup effective = TimePolicy::apply(group, m_config, clock());

        QList<RouteCandidate> routes;
        QList<StrategyCandidate> ranked;
        for (const int index : effective.memberIndices) {
            const GroupMember &member = group.members.at(index);
            const Channel *channel = m_config.channelById(member.channelId);
            if (!channel)
                continue;
            RouteCandidate candidate = Router::candidateFor(m_config, *channel, member.model);
            if (!candidate.channel)
                continue;
            candidate.group = &group;
            candidate.member = &member;
            StrategyCandidate strategyCandidate = StrategyCandidate::fromRoute(candidate);
            if (m_context.budgets)
                strategyCandidate.budgetRemaining =
                    m_context.budgets->remainingFraction(BudgetLimit::forChannel(*channel));
            routes.append(candidate);
            ranked.append(strategyCandidate);
        }

        QStringList notes;
        if (!effective.policyName.isEmpty())
            notes.append(QStringLiteral("time policy %1").arg(effective.policyName));
        if (routes.isEmpty()) {
            result.fail(RouteDecision::Failure::Unavailable,
                        QStringLiteral("model group %1 has no enabled member").arg(group.name));
            notes.prepend(result.error);
            trace(QStringLiteral("group"), false, notes.join(u"; "));
            return result;
        }

        StrategyInput input;
        input.strategy = Strategy::Priority;
        if (const std::optional<Strategy> strategy = strategyFromString(effective.strategy))
            input.strategy = *strategy;
        else
            notes.append(QStringLiteral("unknown strategy '%1', priority used").arg(effective.strategy));
        input.groupKey = group.name;
        input.request = m_traits.capabilityTraits();
        input.options = StrategyOptions::fromGroupOptions(group.options);
        input.degrade = m_context.degrade;
        input.health = m_context.health;
        input.breakers = m_context.breakers;
        const StrategyResult ranking = rankCandidates(ranked, input, m_context.strategyState);

        notes.prepend(ranking.note);
        QStringList order;
        for (const RankedCandidate &entry : ranking.order) {
            RouteCandidate candidate = routes.at(entry.index);
            candidate.breakerOpen = entry.breakerOpen;
            candidate.cost = entry.cost;
            order.append(labelOf(candidate)
                         + (entry.breakerOpen ? QStringLiteral(" (breaker open)") : QString()));
            result.candidates.append(candidate);
        }
        QStringList excluded;
        for (const CandidateExclusion &exclusion : ranking.excluded)
            excluded.append(
                QStringLiteral("%1: %2").arg(labelOf(routes.at(exclusion.index)), exclusion.reason));
        result.strategyNote = notes.join(u"; ");

        QString detail = QStringLiteral("%1: %2").arg(group.name, result.strategyNote);
        if (!order.isEmpty())
            detail += QStringLiteral("; order %1").arg(order.join(u", "));
        if (!excluded.isEmpty())
            detail += QStringLiteral("; excluded %1").arg(excluded.join(u", "));
        if (result.candidates.isEmpty())
            result.fail(RouteDecision::Failure::Unavailable,
                        QStringLiteral("model group %1 has no member that can serve this request (%2)")
                            .arg(group.name, excluded.join(u", ")));
        trace(QStringLiteral("group"), result.ok(), detail);
        return result;
    }

    // --- steps ---

    bool explicitStep()
    {
        const QString step = QStringLiteral("explicit");
        // A comma never appears in real model ids, so it is unambiguous.
        if (m_model.contains(u',')) {
            trace(step, true, QStringLiteral("target %1").arg(m_model));
            return decide(step, QStringLiteral("explicit target ") + m_model, resolveTarget(m_model));
        }
        // A disabled group is invisible here: the name may still route through the later steps.
        if (const ModelGroup *group = m_config.groupByName(m_model); group && group->enabled) {
            trace(step, true, QStringLiteral("model group %1").arg(group->name));
            return decide(step, QStringLiteral("group ") + group->name, expandGroup(*group));
        }
        trace(step, false,
              QStringLiteral("%1 is neither <channel>,<model> nor an enabled group").arg(m_model));
        return false;
    }

    bool slotStep()
    {
        const QString step = QStringLiteral("slot");
        if (!m_request.clientKey || m_request.clientKey->slotMap.isEmpty()) {
            trace(step, false,
                  m_request.clientKey ? QStringLiteral("client key has no slot map")
                                      : QStringLiteral("no client key"));
            return false;
        }
        const QString family = Router::modelFamily(m_model);
        if (family.isEmpty()) {
            trace(step, false, QStringLiteral("%1 is not an opus, sonnet or haiku model").arg(m_model));
            return false;
        }
        const QJsonValue slot = m_request.clientKey->slotMap.value(family);
        QString target;
        QString model;
        QString effort;
        if (slot.isString()) {
            target = slot.toString().trimmed();
        } else if (slot.isObject()) {
            const QJsonObject entry = slot.toObject();
            target = entry.value(QLatin1String("target")).toString().trimmed();
            model = entry.value(QLatin1String("model")).toString().trimmed();
            effort = entry.value(QLatin1String("effort")).toString().trimmed();
        } else {
            trace(step, false, QStringLiteral("no %1 slot").arg(family));
            return false;
        }
        if (!effort.isEmpty())
            m_decision.effortOverride = effort;
        const QString effortNote = effort.isEmpty() ? QString() : QStringLiteral(", effort %1").arg(effort);

        if (target.isEmpty()) {
            if (model.isEmpty() || (!model.contains(u',') && !m_config.groupByName(model))) {
                // Only an effort, or a plain model id: the rest of the resolution routes that model.
                if (!model.isEmpty())
                    m_model = model;
                trace(step, false,
                      model.isEmpty() ? QStringLiteral("%1 slot: no target%2").arg(family, effortNote)
                                      : QStringLiteral("%1 slot: model %2%3, resolving that")
                                            .arg(family, model, effortNote));
                return false;
            }
            target = model;
            model.clear();
        }
        QString effective = target;
        QString note;
        if (target.contains(u',')) {
            if (!model.isEmpty())
                effective = target.section(u',', 0, 0).trimmed() + u',' + model;
        } else if (m_config.groupByName(target)) {
            if (!model.isEmpty())
                note = QStringLiteral(" (model override ignored for a group)");
        } else if (m_config.channelByName(target) && !model.isEmpty()) {
            effective = target + u',' + model;
        }
        TargetResult result = resolveTarget(effective);
        const QString detail = QStringLiteral("%1 slot -> %2%3%4").arg(family, effective, effortNote, note);
        if (!result.ok()) {
            trace(step, false, detail + QStringLiteral(": ") + result.error);
            return false;
        }
        trace(step, true, detail);
        return decide(step, QStringLiteral("slot %1 -> %2").arg(family, effective), std::move(result));
    }

    // The enabled scenario rule with the lowest position for match (case-insensitive).
    const RoutingRule *scenarioRule(QStringView match) const
    {
        const RoutingRule *best = nullptr;
        for (const RoutingRule &rule : m_config.rules) {
            if (rule.enabled && rule.kind == u"scenario"
                && rule.match.trimmed().compare(match, Qt::CaseInsensitive) == 0
                && (!best || rule.position < best->position))
                best = &rule;
        }
        return best;
    }

    // Whether the request falls under scenario; detail says why (not).
    bool scenarioApplies(QStringView scenario, const QJsonObject &options, QString *detail) const
    {
        if (scenario == u"longContext") {
            const qint64 threshold =
                positiveOption(options, "longContextThreshold", DefaultLongContextThreshold);
            if (m_traits.inputTokens < 0) {
                *detail = QStringLiteral("input tokens not estimated");
                return false;
            }
            const bool applies = m_traits.inputTokens >= threshold;
            *detail = QStringLiteral("input ~%1 tokens %2 %3")
                          .arg(m_traits.inputTokens)
                          .arg(comparison(applies))
                          .arg(threshold);
            return applies;
        }
        if (scenario == u"background") {
            QStringList globs;
            const QJsonValue configured = options.value(QLatin1String("smallModels"));
            if (configured.isArray()) {
                for (const QJsonValue &glob : configured.toArray())
                    globs.append(glob.toString());
            } else {
                globs.append(DefaultSmallModelGlob);
            }
            for (const QString &glob : std::as_const(globs)) {
                if (!glob.isEmpty() && Pricing::globMatch(glob, m_model)) {
                    *detail = QStringLiteral("%1 matches %2").arg(m_model, glob);
                    return true;
                }
            }
            if (options.value(QLatin1String("titleRequests")).toBool(true) && m_traits.titleRequest) {
                *detail = QStringLiteral("title request (JSON title, no tools)");
                return true;
            }
            *detail = QStringLiteral("neither a small model nor a title request");
            return false;
        }
        if (scenario == u"webSearch") {
            *detail = m_traits.webSearch ? QStringLiteral("web_search tool present")
                                         : QStringLiteral("no web_search tool");
            return m_traits.webSearch;
        }
        if (scenario == u"think")
            return thinkApplies(options, detail);
        if (scenario == u"image") {
            *detail = m_traits.images ? QStringLiteral("%1 image block(s)").arg(m_traits.imageCount)
                                      : QStringLiteral("no image blocks");
            return m_traits.images;
        }
        return false;
    }

    bool thinkApplies(const QJsonObject &options, QString *detail) const
    {
        if (!m_traits.thinking()) {
            *detail = m_traits.thinkingMode == ThinkingMode::Disabled
                ? QStringLiteral("thinking disabled")
                : QStringLiteral("no thinking requested");
            return false;
        }
        const qint64 budgetThreshold =
            positiveOption(options, "budgetThreshold", DefaultThinkBudgetThreshold);
        QString thresholdName =
            options.value(QLatin1String("effortThreshold")).toString().trimmed().toLower();
        if (Traits::effortRank(thresholdName) < 0)
            thresholdName = DefaultThinkEffortThreshold;
        const int thresholdRank = Traits::effortRank(thresholdName);

        QStringList why;
        if (m_traits.thinkingMode == ThinkingMode::Enabled && m_traits.thinkingBudget > 0) {
            const bool applies = m_traits.thinkingBudget >= budgetThreshold;
            why.append(QStringLiteral("budget %1 %2 %3")
                           .arg(m_traits.thinkingBudget)
                           .arg(comparison(applies))
                           .arg(budgetThreshold));
            if (applies) {
                *detail = why.join(u", ");
                return true;
            }
        }
        if (const QString effort = m_traits.effectiveEffort(); !effort.isEmpty()) {
            const bool applies = Traits::effortRank(effort) >= thresholdRank;
            why.append(QStringLiteral("effort %1 %2 %3").arg(effort, comparison(applies), thresholdName));
            if (applies) {
                *detail = why.join(u", ");
                return true;
            }
        }
        if (why.isEmpty())
            why.append(QStringLiteral("thinking without a budget or an effort"));
        *detail = why.join(u", ");
        return false;
    }

    bool scenarioStep()
    {
        bool anyRule = false;
        for (const char *name : ScenarioPrecedence) {
            const QString scenario = QLatin1String(name);
            const RoutingRule *rule = scenarioRule(scenario);
            if (!rule)
                continue;
            anyRule = true;
            const QString step = QStringLiteral("scenario:") + scenario;
            QString detail;
            if (!scenarioApplies(scenario, rule->options, &detail)) {
                trace(step, false, detail);
                continue;
            }
            TargetResult result = resolveTarget(rule->target);
            if (!result.ok()) {
                trace(step, false, QStringLiteral("%1, but %2: %3").arg(detail, rule->target, result.error));
                continue;
            }
            trace(step, true, QStringLiteral("%1 -> %2").arg(detail, rule->target));
            m_decision.scenario = scenario;
            return decide(QStringLiteral("scenario"),
                          QStringLiteral("scenario %1 -> %2").arg(scenario, rule->target), std::move(result));
        }
        if (!anyRule)
            trace(QStringLiteral("scenario"), false, QStringLiteral("no scenario rules"));
        return false;
    }

    bool prefixStep()
    {
        const QString step = QStringLiteral("prefix");
        QList<const RoutingRule *> rules;
        for (const RoutingRule &rule : m_config.rules) {
            if (rule.enabled && rule.kind == u"prefix" && !rule.match.trimmed().isEmpty())
                rules.append(&rule);
        }
        std::stable_sort(rules.begin(), rules.end(), [](const RoutingRule *a, const RoutingRule *b) {
            return a->position < b->position;
        });
        bool anyMatch = false;
        for (const RoutingRule *rule : std::as_const(rules)) {
            const QString glob = rule->match.trimmed();
            if (!Pricing::globMatch(glob, m_model))
                continue;
            anyMatch = true;
            TargetResult result = resolveTarget(rule->target);
            if (!result.ok()) {
                trace(step, false, QStringLiteral("%1 -> %2: %3").arg(glob, rule->target, result.error));
                continue;
            }
            trace(step, true, QStringLiteral("%1 -> %2").arg(glob, rule->target));
            return decide(step, QStringLiteral("prefix %1 -> %2").arg(glob, rule->target), std::move(result));
        }
        if (!anyMatch)
            trace(
                step, false,
                rules.isEmpty()
                    ? QStringLiteral("no prefix rules")
                    : QStringLiteral("no prefix rule matches %1 (%2 rules)").arg(m_model).arg(rules.size()));
        return false;
    }

    bool listingStep()
    {
        const QString step = QStringLiteral("listing");
        QList<const Channel *> listing;
        for (const Channel &channel : m_config.channels) {
            if (channel.models.contains(m_model))
                listing.append(&channel);
        }
        sortByPriority(listing, [](const Channel *c) { return std::pair(c->priority, c->weight); });
        TargetResult result;
        QStringList names;
        QSet<qint64> seen;
        for (const Channel *channel : std::as_const(listing)) {
            const RouteCandidate candidate = Router::candidateFor(m_config, *channel, m_model);
            if (!candidate.channel)
                continue;
            result.candidates.append(candidate);
            names.append(channel->name);
            seen.insert(channel->id);
        }
        // Members of enabled groups serving the model on a channel that does not list it.
        QList<std::pair<const ModelGroup *, const GroupMember *>> members;
        for (const ModelGroup &group : m_config.groups) {
            if (!group.enabled)
                continue;
            for (const GroupMember &member : group.members) {
                if (member.model == m_model)
                    members.append({&group, &member});
            }
        }
        sortByPriority(members, [](const auto &entry) {
            return std::pair(entry.second->priority, entry.second->weight);
        });
        QStringList memberNames;
        for (const auto &[group, member] : std::as_const(members)) {
            const Channel *channel = m_config.channelById(member->channelId);
            if (!channel || seen.contains(channel->id))
                continue;
            RouteCandidate candidate = Router::candidateFor(m_config, *channel, m_model);
            if (!candidate.channel)
                continue;
            candidate.group = group;
            candidate.member = member;
            result.candidates.append(candidate);
            memberNames.append(QStringLiteral("%1 (group %2)").arg(channel->name, group->name));
            seen.insert(channel->id);
        }
        if (!result.ok()) {
            trace(step, false, QStringLiteral("no enabled channel lists %1").arg(m_model));
            return false;
        }
        if (m_context.breakers) {
            // Breaker-open channels stay as a last resort, in their priority order.
            for (RouteCandidate &candidate : result.candidates)
                candidate.breakerOpen = !m_context.breakers->peek({candidate.channel->id, candidate.model});
            std::stable_partition(result.candidates.begin(), result.candidates.end(),
                                  [](const RouteCandidate &c) { return !c.breakerOpen; });
        }
        names += memberNames;
        const QString reason = names.size() == 1
            ? QStringLiteral("channel %1 lists %2").arg(names.first(), m_model)
            : QStringLiteral("channels %1 list %2").arg(names.join(u", "), m_model);
        trace(step, true, reason);
        return decide(step, reason, std::move(result));
    }

    void defaultStep()
    {
        const QString step = QStringLiteral("default");
        if (const RoutingRule *fallback = scenarioRule(u"default")) {
            TargetResult result = resolveTarget(fallback->target);
            if (!result.ok())
                result.error = QStringLiteral("routes.default (%1): %2").arg(fallback->target, result.error);
            trace(step, result.ok(), result.ok() ? fallback->target : result.error);
            decide(step, QStringLiteral("routes.default -> ") + fallback->target, std::move(result));
            return;
        }
        trace(step, false, QStringLiteral("no routes.default"));
        TargetResult result;
        result.fail(RouteDecision::Failure::UnknownModel,
                    QStringLiteral("unknown model %1; available: %2")
                        .arg(m_model, joinLimited(Router::availableModels(m_config))));
        decide(QString(), QStringLiteral("no route"), std::move(result));
    }

    const ConfigData &m_config;
    const RouteRequest &m_request;
    const RouterContext &m_context;
    QString m_model; // the model being routed (a slot may rename it)
    RoutingTraits m_traits;
    RouteDecision m_decision;
};

QStringList modelsOf(const ConfigData &config, const Router::CandidatePredicate &usable, const Clock *clock)
{
    const auto admits = [&usable](const RouteCandidate &candidate) {
        return candidate.channel && (!usable || usable(candidate));
    };
    QSet<QString> names;
    for (const Channel &channel : config.channels) {
        for (const QString &model : channel.models) {
            if (!names.contains(model) && admits(Router::candidateFor(config, channel, model)))
                names.insert(model);
        }
    }
    for (const ModelGroup &group : config.groups) {
        if (!group.enabled)
            continue;
        // Without a predicate the member set does not matter: skip the time-policy parse.
        if (!usable) {
            names.insert(group.name);
            continue;
        }
        const EffectiveGroup effective = TimePolicy::apply(group, config, clock ? *clock : *Clock::system());
        for (const int index : effective.memberIndices) {
            const GroupMember &member = group.members.at(index);
            const Channel *channel = config.channelById(member.channelId);
            if (!channel)
                continue;
            RouteCandidate candidate = Router::candidateFor(config, *channel, member.model);
            candidate.group = &group;
            candidate.member = &member;
            if (admits(candidate)) {
                names.insert(group.name);
                break;
            }
        }
    }
    QStringList sorted(names.begin(), names.end());
    sorted.sort();
    return sorted;
}

} // namespace

QString RouteDecision::traceText() const
{
    QStringList parts;
    for (const RouteTraceStep &entry : trace)
        parts.append(
            QStringLiteral("%1:%2(%3)")
                .arg(entry.step, entry.matched ? QStringLiteral("+") : QStringLiteral("-"), entry.detail));
    return parts.join(u"; ");
}

Router::~Router() = default;

RouteCandidate Router::candidateFor(const ConfigData &config, const Channel &channel, const QString &model)
{
    RouteCandidate candidate;
    const Provider *provider = config.providerById(channel.providerId);
    if (!channel.enabled || !provider || !provider->enabled)
        return candidate;
    candidate.provider = provider;
    candidate.channel = &channel;
    candidate.model = model;
    candidate.baseUrl = channel.baseUrl.trimmed().isEmpty() ? provider->baseUrl : channel.baseUrl.trimmed();
    return candidate;
}

QString Router::modelFamily(QStringView model)
{
    for (const char *family : ModelFamilies) {
        if (model.contains(QLatin1String(family), Qt::CaseInsensitive))
            return QLatin1String(family);
    }
    return {};
}

RouteDecision Router::resolve(const ConfigSnapshot &snapshot, const RouteRequest &request,
                              const RouterContext &context) const
{
    return Resolution(snapshot.config, request, context).run();
}

QStringList Router::availableModels(const ConfigData &config)
{
    return modelsOf(config, {}, nullptr);
}

QStringList Router::availableModels(const ConfigSnapshot &snapshot, const CandidatePredicate &usable,
                                    const Clock *clock)
{
    return modelsOf(snapshot.config, usable, clock);
}

} // namespace Switchyard
