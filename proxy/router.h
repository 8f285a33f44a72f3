#pragma once

// Decides which upstreams may serve a request, in the order to try them (issue 4, "Route
// resolution"). One order, first match wins, every step recorded in RouteDecision::trace:
//
//   1. explicit   "<channel>,<model>" in the model field, or the name of an enabled model group.
//   2. slot       the client key's slot map: a model of the opus / sonnet / haiku family (the family
//                 name anywhere in the id, any case) maps to the slot's target. Slot entries:
//                   {"opus": {"target": "<channel>,<model>" | "<channel>" | "<group>",
//                             "model": "<upstream model>",  // replaces the channel target's model
//                             "effort": "low"}, ...}        // reasoning-effort override
//                 or just {"opus": "<target>"}. Without a target, "model" is the target when it is
//                 "<channel>,<model>" or a group; a plain model id renames the requested model and
//                 the later steps route that name. The effort override is returned in
//                 RouteDecision::effortOverride whenever the family's slot matched, even when the
//                 slot has no target or its target cannot serve the request.
//   3. scenario   Claude Code scenarios, enabled RoutingRules of kind "scenario", checked in this
//                 precedence (protocols 2.4 / golden 60; the lowest position wins among rules of one
//                 match):
//                   longContext  input token estimate >= options.longContextThreshold (60000)
//                   background   the model matches options.smallModels (globs, default ["*haiku*"]),
//                                or a title request (no tools + a JSON-schema format asking for a
//                                "title"; options.titleRequests false turns that off)
//                   webSearch    a web_search server tool (or OpenAI web_search_options)
//                   think        thinking enabled with budget_tokens >= options.budgetThreshold
//                                (default 1: any budget), or thinking (adaptive or OpenAI reasoning)
//                                at an effort >= options.effortThreshold (default "high"; adaptive
//                                thinking without an effort counts as "high", the API default).
//                                Claude Code 2.1.330 sends adaptive + "medium" on every main turn,
//                                which is why the default effort threshold sits above it.
//                   image        image blocks anywhere in the conversation
//                 Long context comes first because a request that does not fit cannot go anywhere
//                 else; background before webSearch and think because side queries must stay cheap
//                 whatever they carry (claude-code-router's order).
//   4. prefix     enabled RoutingRules of kind "prefix" by position (then list order): the first
//                 whose glob ('*', '?', any case) matches the requested model.
//   5. listing    enabled channels whose models list the model (priority, then weight), then
//                 group members with that model on other channels.
//   6. default    the enabled scenario rule "default" (lowest position).
//   Otherwise an UnknownModel error that lists the available models.
//
// Targets (rules, slots): "<channel>,<model>"; a model group's name; or a bare channel name, which
// sends the model id being routed to that channel unchanged (a "claude-*" rule to an Anthropic
// channel).
//
// A step whose target cannot serve the request (disabled, no usable member, every member filtered
// out) is recorded in the trace and resolution goes on with the next candidate rule or step. Only
// step 1 (the client named it) and step 6 (the last resort) fail with their own error.
//
// Model groups expand to their members: the group's time policy (timepolicy.h) picks the strategy
// and member set for the clock's local time, disabled channels/providers are dropped, and
// rankCandidates() (strategies.h) applies the capability filters derived from the request (tools,
// vision, thinking, input + max_tokens within the context window) and orders the rest by the
// strategy, with the health, breaker, budget and degrade inputs of the RouterContext (null =
// neutral). Channel targets and the listing (step 5) are not filtered; with a breaker registry, members
// whose breaker would reject go last.
//
// Thread-confined to the proxy thread when a RouterContext carries live state; resolve() itself
// is const and keeps no state of its own.

#include "configtypes.h"
#include "requesttraits.h"
#include "strategies.h"

#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace Switchyard {

class BudgetTracker;
class CircuitBreakerRegistry;
class Clock;
class HealthStats;

struct RouteRequest
{
    QString model; // as the client sent it
    // Facts from the body; nullopt = only what the model id tells (no capability filters, no
    // body-based scenarios).
    std::optional<RoutingTraits> traits = std::nullopt;
    const ClientKey *clientKey = nullptr; // the authenticated key (its slot map); points into the snapshot
};

// Live inputs of the group strategies. Everything optional: null pointers are neutral (no health
// known, every breaker closed, budgets untouched, round robin falls back to priority).
struct RouterContext
{
    const Clock *clock = nullptr; // time policies; null = Clock::system()
    const HealthStats *health = nullptr;
    const CircuitBreakerRegistry *breakers = nullptr;
    const BudgetTracker *budgets = nullptr; // channels' remaining daily budget share (hybrid)
    StrategyState *strategyState = nullptr; // weighted round-robin positions
    bool degrade = false; // a daily budget is 80% used: cheapest members first
};

// The pointers point into the ConfigSnapshot passed to resolve(): keep that snapshot alive
// (ConfigSnapshotPtr) for as long as the decision is used.
struct RouteCandidate
{
    const Provider *provider = nullptr;
    const Channel *channel = nullptr;
    QString model; // upstream model id to send
    QString baseUrl; // channel override, else the provider's
    const ModelGroup *group = nullptr; // when the candidate came from a model group
    const GroupMember *member = nullptr; // its member entry (capabilities, price override)
    bool breakerOpen = false; // its breaker would reject now: ranked last, a last resort
    CostEstimate cost; // group members: this request's estimated cost there
};

// One step of the resolution as it happened, for logs, the usage record and the route header.
struct RouteTraceStep
{
    QString step; // "explicit", "slot", "scenario:<name>", "prefix", "listing", "default", "group"
    bool matched = false;
    QString detail;

    bool operator==(const RouteTraceStep &) const = default;
};

struct RouteDecision
{
    enum class Failure
    {
        None,
        UnknownModel, // HTTP 404 with the list of available models
        UnknownChannel, // explicit "<channel>,<model>" naming no channel (404)
        Unavailable, // the target exists but is disabled or has no usable member (503)
        InvalidRoute, // a routing rule points at nothing (500: a configuration error)
    };

    QList<RouteCandidate> candidates;
    QString reason; // e.g. "explicit target main,gpt-4o", "channel main lists gpt-4o", "routes.default ->
                    // group auto"
    bool ok = false;
    QString error; // human-readable, e.g. "unknown model X; available: a, b, c"
    Failure failure = Failure::None;

    QString step; // the deciding step: explicit, slot, scenario, prefix, listing, default; empty = none
    QString scenario; // the scenario that matched, e.g. "background"; empty otherwise
    QString effortOverride; // from the client key's slot map: the engine sets this reasoning effort
    QString strategyNote; // the group strategy's note, e.g. "cost_optimized (time policy night)"
    QList<RouteTraceStep> trace;

    // "explicit:-; slot:-(no client key); scenario:background:+(...)" for logs.
    QString traceText() const;
};

class Router
{
public:
    using CandidatePredicate = std::function<bool(const RouteCandidate &)>;

    virtual ~Router();

    RouteDecision resolve(const ConfigSnapshot &snapshot, const RouteRequest &request) const
    {
        return resolve(snapshot, request, RouterContext {});
    }
    virtual RouteDecision resolve(const ConfigSnapshot &snapshot, const RouteRequest &request,
                                  const RouterContext &context) const;

    // Sorted distinct model names a client may ask for: models of enabled channels (of enabled
    // providers) and enabled group names.
    static QStringList availableModels(const ConfigData &config);
    // The same, keeping only names with at least one member usable per the caller (e.g. breaker not
    // open and a key not disabled): a channel model needs one usable channel listing it (or group
    // member serving it), a group one usable member of its current time-policy member set.
    static QStringList availableModels(const ConfigSnapshot &snapshot, const CandidatePredicate &usable,
                                       const Clock *clock = nullptr);

    // Candidate for one channel and upstream model; empty (channel == nullptr) when the channel or
    // its provider is disabled or missing.
    static RouteCandidate candidateFor(const ConfigData &config, const Channel &channel,
                                       const QString &model);

    // Which of opus / sonnet / haiku the model id belongs to; empty for none.
    static QString modelFamily(QStringView model);
};

} // namespace Switchyard
