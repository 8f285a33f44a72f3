#pragma once

// Decides which upstreams may serve a request, in the order to try them. This is the seam the full
// router (scenarios, slots, group strategies, budgets) replaces: callers only see Router::resolve()
// and the RouteDecision it returns.
//
// Rules of the minimal router, first match wins:
//   1. "<channel>,<model>" in the model field: that channel and upstream model id.
//   2. Enabled channels whose models list contains the exact model, by priority (lower first), then
//      weight (higher first).
//   3. An enabled model group of that name: its members in the same order.
//   4. The enabled scenario rule "default" (lowest position): its target, "<channel>,<model>" or a
//      group name.
//   5. Otherwise an UnknownModel error that names the models available.
// Disabled channels, providers and groups never yield candidates.

#include "configtypes.h"

#include <QList>
#include <QString>

namespace Switchyard {

struct RouteRequest
{
    QString model; // as the client sent it
    // Later: tools/images/thinking flags, token estimate, client key.
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
};

class Router
{
public:
    virtual ~Router();

    virtual RouteDecision resolve(const ConfigSnapshot &snapshot, const RouteRequest &request) const;

    // Sorted distinct model names a client may ask for: models of enabled channels (of enabled
    // providers) and enabled group names.
    static QStringList availableModels(const ConfigData &config);

protected:
    // Candidate for one channel and upstream model; empty (channel == nullptr) when the channel or
    // its provider is disabled or missing.
    static RouteCandidate candidateFor(const ConfigData &config, const Channel &channel,
                                       const QString &model);
    // A "<channel>,<model>" target or a group name. Fills decision (candidates, or failure + error).
    static void resolveTarget(const ConfigData &config, const QString &target, RouteDecision &decision);
    static void expandGroup(const ConfigData &config, const ModelGroup &group, RouteDecision &decision);
};

} // namespace Switchyard
