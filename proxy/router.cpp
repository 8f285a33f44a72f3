#include "router.h"

#include "logging.h"

#include <QSet>

#include <algorithm>

namespace Switchyard {

namespace {

// Long model lists are cut so that a 404 body stays readable.
constexpr int maxListedModels = 40;

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

} // namespace

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

void Router::expandGroup(const ConfigData &config, const ModelGroup &group, RouteDecision &decision)
{
    if (!group.enabled) {
        decision.failure = RouteDecision::Failure::Unavailable;
        decision.error = QStringLiteral("model group %1 is disabled").arg(group.name);
        return;
    }
    QList<const GroupMember *> members;
    for (const GroupMember &member : group.members)
        members.append(&member);
    sortByPriority(members, [](const GroupMember *m) { return std::pair(m->priority, m->weight); });
    for (const GroupMember *member : members) {
        const Channel *channel = config.channelById(member->channelId);
        if (!channel)
            continue;
        RouteCandidate candidate = candidateFor(config, *channel, member->model);
        if (!candidate.channel)
            continue;
        candidate.group = &group;
        candidate.member = member;
        decision.candidates.append(candidate);
    }
    if (decision.candidates.isEmpty()) {
        decision.failure = RouteDecision::Failure::Unavailable;
        decision.error = QStringLiteral("model group %1 has no enabled member").arg(group.name);
    }
}

void Router::resolveTarget(const ConfigData &config, const QString &target, RouteDecision &decision)
{
    const qsizetype comma = target.indexOf(u',');
    if (comma < 0) {
        if (const ModelGroup *group = config.groupByName(target.trimmed())) {
            expandGroup(config, *group, decision);
            return;
        }
        decision.failure = RouteDecision::Failure::InvalidRoute;
        decision.error = QStringLiteral("no channel,model pair or model group named %1").arg(target);
        return;
    }
    const QString channelName = target.left(comma).trimmed();
    const QString model = target.mid(comma + 1).trimmed();
    const Channel *channel = config.channelByName(channelName);
    if (!channel) {
        QStringList names;
        for (const Channel &c : config.channels)
            names.append(c.name);
        names.sort();
        decision.failure = RouteDecision::Failure::UnknownChannel;
        decision.error =
            QStringLiteral("unknown channel %1; channels: %2").arg(channelName, joinLimited(names));
        return;
    }
    if (model.isEmpty()) {
        decision.failure = RouteDecision::Failure::InvalidRoute;
        decision.error = QStringLiteral("no model after channel %1").arg(channelName);
        return;
    }
    const RouteCandidate candidate = candidateFor(config, *channel, model);
    if (!candidate.channel) {
        decision.failure = RouteDecision::Failure::Unavailable;
        decision.error = QStringLiteral("channel %1 or its provider is disabled").arg(channelName);
        return;
    }
    decision.candidates.append(candidate);
}

RouteDecision Router::resolve(const ConfigSnapshot &snapshot, const RouteRequest &request) const
{
    const ConfigData &config = snapshot.config;
    const QString model = request.model.trimmed();
    RouteDecision decision;
    const auto finish = [&decision](const QString &reason) -> RouteDecision {
        decision.reason = reason;
        decision.ok = !decision.candidates.isEmpty();
        if (decision.ok) {
            decision.failure = RouteDecision::Failure::None;
            decision.error.clear();
        }
        qCDebug(lcRouting) << "route:" << reason << (decision.ok ? QString() : decision.error);
        return decision;
    };

    // 1. Explicit target. A comma never appears in real model ids, so it is unambiguous.
    if (model.contains(u',')) {
        resolveTarget(config, model, decision);
        return finish(QStringLiteral("explicit target ") + model);
    }

    // 2. Channels listing the model.
    QList<const Channel *> listing;
    for (const Channel &channel : config.channels) {
        if (channel.models.contains(model))
            listing.append(&channel);
    }
    sortByPriority(listing, [](const Channel *c) { return std::pair(c->priority, c->weight); });
    QStringList listingNames;
    for (const Channel *channel : listing) {
        const RouteCandidate candidate = candidateFor(config, *channel, model);
        if (!candidate.channel)
            continue;
        decision.candidates.append(candidate);
        listingNames.append(channel->name);
    }
    if (!decision.candidates.isEmpty()) {
        return finish(listingNames.size() == 1
                          ? QStringLiteral("channel %1 lists %2").arg(listingNames.first(), model)
                          : QStringLiteral("channels %1 list %2").arg(listingNames.join(u", "), model));
    }

    // 3. A model group of that name.
    if (const ModelGroup *group = config.groupByName(model); group && group->enabled) {
        expandGroup(config, *group, decision);
        return finish(QStringLiteral("group ") + group->name);
    }

    // 4. routes.default.
    const RoutingRule *fallback = nullptr;
    for (const RoutingRule &rule : config.rules) {
        if (rule.enabled && rule.kind == u"scenario" && rule.match == u"default"
            && (!fallback || rule.position < fallback->position))
            fallback = &rule;
    }
    if (fallback) {
        resolveTarget(config, fallback->target, decision);
        if (decision.candidates.isEmpty())
            decision.error = QStringLiteral("routes.default (%1): %2").arg(fallback->target, decision.error);
        return finish(QStringLiteral("routes.default -> ") + fallback->target);
    }

    // 5. Nothing: tell the client what exists.
    decision.failure = RouteDecision::Failure::UnknownModel;
    decision.error =
        QStringLiteral("unknown model %1; available: %2").arg(model, joinLimited(availableModels(config)));
    return finish(QStringLiteral("no route"));
}

QStringList Router::availableModels(const ConfigData &config)
{
    QSet<QString> names;
    for (const Channel &channel : config.channels) {
        const Provider *provider = config.providerById(channel.providerId);
        if (!channel.enabled || !provider || !provider->enabled)
            continue;
        for (const QString &model : channel.models)
            names.insert(model);
    }
    for (const ModelGroup &group : config.groups) {
        if (group.enabled)
            names.insert(group.name);
    }
    QStringList sorted(names.begin(), names.end());
    sorted.sort();
    return sorted;
}

} // namespace Switchyard
