#include "engine.h"

#include "clientauth.h"
#include "exchange.h"
#include "healthprober.h"
#include "httpfront.h"
#include "logging.h"
#include "modelsendpoint.h"
#include "proxyserver.h"
#include "tokenizer.h"
#include "upstreamclient.h"

#include <QDateTime>
#include <QJsonObject>
#include <QThreadPool>
#include <QTimer>

namespace Switchyard {

namespace {

using Method = QHttpServerRequest::Method;

const QByteArray modelsPath = QByteArrayLiteral("/v1/models");
const QByteArray modelPrefix = QByteArrayLiteral("/v1/models/");
const QByteArray modelRoute = QByteArrayLiteral("/v1/models/*");

int intSetting(const QVariantMap &settings, const char *key, int fallback)
{
    const QVariant value = settings.value(QLatin1String(key));
    bool ok = false;
    const int number = value.toInt(&ok);
    return ok && number >= 0 ? number : fallback;
}

bool boolSetting(const QVariantMap &settings, const char *key, bool fallback)
{
    const QVariant value = settings.value(QLatin1String(key));
    if (!value.isValid())
        return fallback;
    if (value.typeId() == QMetaType::Bool)
        return value.toBool();
    const QString text = value.toString().trimmed().toLower();
    if (text == u"false" || text == u"0" || text == u"no" || text == u"off")
        return false;
    if (text == u"true" || text == u"1" || text == u"yes" || text == u"on")
        return true;
    return fallback;
}

} // namespace

EngineSettings EngineSettings::fromSettings(const QVariantMap &settings)
{
    EngineSettings s;
    s.connectTimeoutMs = intSetting(settings, "proxy/connectTimeoutMs", s.connectTimeoutMs);
    s.firstByteTimeoutMs = intSetting(settings, "proxy/firstByteTimeoutMs", s.firstByteTimeoutMs);
    s.nonStreamTimeoutMs = intSetting(settings, "proxy/nonStreamTimeoutMs", s.nonStreamTimeoutMs);
    s.idleTimeoutMs = intSetting(settings, "proxy/idleTimeoutMs", s.idleTimeoutMs);
    s.pingIntervalMs = intSetting(settings, "proxy/pingIntervalMs", s.pingIntervalMs);
    s.retryAfterCapMs = intSetting(settings, "proxy/retryAfterCapMs", s.retryAfterCapMs);
    s.routeHeader = boolSetting(settings, "proxy/routeHeader", s.routeHeader);
    s.localTokenCount = boolSetting(settings, "proxy/localTokenCount", s.localTokenCount);
    s.openAIReasoningContent =
        boolSetting(settings, "proxy/openaiReasoningContent", s.openAIReasoningContent);
    s.maxAttempts = std::max(1, intSetting(settings, "proxy/maxAttempts", s.maxAttempts));
    s.deadlineMs = intSetting(settings, "proxy/deadlineMs", s.deadlineMs);
    s.captureBodies = boolSetting(settings, "proxy/captureBodies", s.captureBodies);
    s.degradeOnBudget = boolSetting(settings, "budget/degrade", s.degradeOnBudget);
    s.probeIntervalMs = intSetting(settings, "health/probeIntervalSeconds", 0) * 1000;
    // One raw string is enough: ProxyPolicy splits it on commas and whitespace.
    if (const QString noProxy = settings.value(QStringLiteral("network/noProxy")).toString();
        !noProxy.isEmpty())
        s.noProxy = {noProxy};
    return s;
}

Engine::Engine(ProxyServer *server)
    : QObject(server)
    , m_server(server)
    , m_upstream(new UpstreamClient(this))
    , m_router(std::make_unique<Router>())
    , m_clock(Clock::system())
{
    createRegistries();
    m_statusTimer = new QTimer(this);
    m_statusTimer->setSingleShot(true);
    m_statusTimer->setInterval(1000);
    connect(m_statusTimer, &QTimer::timeout, this, &Engine::publishStatus);
    m_prober = new HealthProber(m_upstream, this);
    m_prober->setKeyProvider([this](const Channel &channel) { return probeKey(channel); });
    connect(m_prober, &HealthProber::probed, this, &Engine::onProbed);
    applySnapshot(server->snapshot());
    publishStatus();
}

void Engine::applySnapshot(const ConfigSnapshotPtr &snapshot)
{
    if (!snapshot)
        return;
    const EngineSettings settings = EngineSettings::fromSettings(snapshot->config.settings);
    m_prober->setSnapshot(snapshot);
    m_prober->setNoProxy(settings.noProxy);
    if (settings.probeIntervalMs != m_probeIntervalMs) {
        m_probeIntervalMs = settings.probeIntervalMs;
        m_prober->setInterval(m_probeIntervalMs);
        if (m_probeIntervalMs > 0)
            m_prober->probeNow(); // the first round at once, not one interval after a change
    }
    // Breaker thresholds: settings "breaker/failureThreshold", "breaker/errorRatePercent",
    // "breaker/windowSize", "breaker/minRequests", "breaker/baseCooldownSeconds",
    // "breaker/maxCooldownSeconds". Applied only when they change, so the live breakers keep their
    // statistics across unrelated config edits.
    QJsonObject breakerSettings;
    const QString breakerPrefix = QStringLiteral("breaker/");
    for (auto it = snapshot->config.settings.cbegin(); it != snapshot->config.settings.cend(); ++it) {
        bool isNumber = false;
        const double value = it.value().toDouble(&isNumber);
        if (it.key().startsWith(breakerPrefix) && isNumber)
            breakerSettings.insert(it.key().mid(breakerPrefix.size()), value);
    }
    if (breakerSettings != m_breakerSettings) {
        m_breakerSettings = breakerSettings;
        m_breakers->setConfig(BreakerConfig::fromJson(breakerSettings));
    }
    // Breakers and probe results of upstreams that no longer exist would only show as stale badges.
    m_breakers->retain([&snapshot](const UpstreamKey &key) {
        const Channel *channel = snapshot->config.channelById(key.channelId);
        return channel && channel->models.contains(key.model);
    });
    m_probes.removeIf([&snapshot](const auto &entry) { return !snapshot->config.channelById(entry.key()); });
    scheduleStatus();
}

QByteArray Engine::probeKey(const Channel &channel)
{
    // The first key that requests could use; remembered so a 401/403 retires that very key.
    const ConfigSnapshotPtr snapshot = m_server->snapshot();
    const ChannelKey *key = snapshot ? usableKey(*snapshot, channel) : nullptr;
    if (!key)
        return {};
    m_probes[channel.id].keyRef = KeyRotation::keyId(*key);
    return snapshot->secret(key->secretRef);
}

void Engine::onProbed(const ProbeResult &result)
{
    ProbeState &state = m_probes[result.channelId];
    state.atMs = m_clock->nowMs();
    // A rejected key says nothing about the upstream: the key goes, the channel stays listed.
    state.ok = result.ok || result.keyRejected;
    const ConfigSnapshotPtr snapshot = m_server->snapshot();
    const Channel *channel = snapshot ? snapshot->config.channelById(result.channelId) : nullptr;
    if (result.keyRejected && channel) {
        for (const ChannelKey &key : channel->keys) {
            if (KeyRotation::keyId(key) == state.keyRef) {
                m_keys->disable(*channel, key, KeyRotation::disableReason(result.status, result.error));
                break;
            }
        }
    }
    scheduleStatus();
}

Engine::~Engine()
{
    // Exchanges first: they abort their upstream calls while the upstream client still exists.
    const QSet<Exchange *> exchanges = m_exchanges;
    m_exchanges.clear();
    qDeleteAll(exchanges);
}

void Engine::setRouter(std::unique_ptr<Router> router)
{
    if (router)
        m_router = std::move(router);
}

void Engine::registerRoutes(HttpFront *front)
{
    const auto exchange = [this](Exchange::Kind kind) {
        return [this, kind](const QHttpServerRequest &request, std::unique_ptr<ResponseStream> stream) {
            startExchange(int(kind), request, std::move(stream));
        };
    };
    front->route(Method::Post, "/v1/messages", exchange(Exchange::Kind::Messages));
    front->route(Method::Post, "/v1/messages/count_tokens", exchange(Exchange::Kind::CountTokens));
    front->route(Method::Post, "/v1/chat/completions", exchange(Exchange::Kind::ChatCompletions));
    front->route(Method::Get, modelsPath,
                 [this](const QHttpServerRequest &request, std::unique_ptr<ResponseStream> stream) {
                     serveModels(request, std::move(stream), false);
                 });
    front->route(Method::Get, modelRoute,
                 [this](const QHttpServerRequest &request, std::unique_ptr<ResponseStream> stream) {
                     serveModels(request, std::move(stream), true);
                 });
}

void Engine::mapRoutePath(RequestContext &context)
{
    if (context.path.startsWith(modelPrefix) && context.path.size() > modelPrefix.size())
        context.path = modelRoute;
}

void Engine::warmUp()
{
    QThreadPool::globalInstance()->start([] {
        QElapsedTimer clock;
        clock.start();
        const bool valid = Tokenizer::o200k().isValid();
        qCDebug(lcProxy) << "o200k tokenizer loaded in" << clock.elapsed() << "ms, valid:" << valid;
    });
}

void Engine::startExchange(int kind, const QHttpServerRequest &request,
                           std::unique_ptr<ResponseStream> stream)
{
    auto *exchange = new Exchange(this, Exchange::Kind(kind), request, std::move(stream));
    m_exchanges.insert(exchange);
    connect(exchange, &Exchange::done, this, [this, exchange] {
        m_exchanges.remove(exchange);
        exchange->deleteLater();
    });
    exchange->start();
}

void Engine::serveModels(const QHttpServerRequest &request, std::unique_ptr<ResponseStream> stream,
                         bool single)
{
    const QByteArray xApiKey = HttpCompat::requestHeader(request, QByteArrayLiteral("x-api-key"));
    const QByteArray version = HttpCompat::requestHeader(request, QByteArrayLiteral("anthropic-version"));
    const bool anthropic = ModelsEndpoint::wantsAnthropicShape(xApiKey, version);
    const ErrorStyle style = anthropic ? ErrorStyle::Anthropic : ErrorStyle::OpenAI;
    ConfigSnapshotPtr snapshot = stream->context().snapshot;
    if (!snapshot)
        snapshot = std::make_shared<const ConfigSnapshot>();

    const AuthResult auth = ClientAuth::check(
        snapshot->config, xApiKey, HttpCompat::requestHeader(request, QByteArrayLiteral("authorization")),
        request.remoteAddress());
    if (!auth.ok()) {
        ClientError::send(*stream, style, auth.httpStatus(), auth.message);
        return;
    }
    // Only models with at least one member that could serve now (breaker admitting, a usable key).
    QStringList ids = Router::availableModels(
        *snapshot,
        [this, &snapshot](const RouteCandidate &candidate) { return isModelUsable(*snapshot, candidate); },
        m_clock);
    ids.removeIf([&auth](const QString &id) { return !ClientAuth::allowsModel(auth.key, id); });

    static const HttpHeaderList json = {{"Content-Type", "application/json"}};
    if (!single) {
        stream->sendComplete(200, json,
                             anthropic ? ModelsEndpoint::anthropicList(ids, request.query())
                                       : ModelsEndpoint::openAIList(ids));
        return;
    }
    // The id is everything after /v1/models/ (ids may contain '/', e.g. "openai/gpt-4o").
    const QByteArray path = HttpFront::normalisePath(request.url().path(QUrl::FullyEncoded).toUtf8());
    const QString id = QUrl::fromPercentEncoding(path.mid(modelPrefix.size()));
    if (!ids.contains(id)) {
        ClientError::send(*stream, style, 404, QStringLiteral("Model %1 not found.").arg(id));
        return;
    }
    stream->sendComplete(200, json,
                         anthropic ? ModelsEndpoint::anthropicModel(id) : ModelsEndpoint::openAIModel(id));
}

bool Engine::isModelUsable(const ConfigSnapshot &snapshot, const RouteCandidate &candidate) const
{
    if (!m_breakers->peek(UpstreamKey {candidate.channel->id, candidate.model}))
        return false;
    // The last background probe could not reach the channel (a fresh failure, within two rounds).
    if (const auto probe = m_probes.constFind(candidate.channel->id); probe != m_probes.cend() && !probe->ok
        && m_probeIntervalMs > 0 && m_clock->nowMs() - probe->atMs < 2 * qint64(m_probeIntervalMs))
        return false;
    // A channel without keys is a local model without auth.
    return candidate.channel->keys.isEmpty() || usableKey(snapshot, *candidate.channel);
}

const ChannelKey *Engine::usableKey(const ConfigSnapshot &snapshot, const Channel &channel,
                                    const QSet<QString> &exclude) const
{
    for (const ChannelKey &key : channel.keys) {
        if (!key.disabled && !snapshot.secret(key.secretRef).isEmpty() && m_keys->isAvailable(channel.id, key)
            && !exclude.contains(KeyRotation::keyId(key)))
            return &key;
    }
    return nullptr;
}

void Engine::setClock(const Clock *clock)
{
    m_clock = clock ? clock : Clock::system();
    createRegistries();
}

void Engine::createRegistries()
{
    m_breakers = std::make_unique<CircuitBreakerRegistry>(m_clock);
    m_health = std::make_unique<HealthStats>(m_clock);
    m_keys = std::make_unique<KeyRotation>(m_clock);
    m_budgets = std::make_unique<BudgetTracker>(m_clock);
    m_strategyState.clear();

    m_breakers->setTransitionHandler([this](const BreakerTransition &transition) {
        ProxyEvent event;
        event.kind = transition.to == BreakerState::Open ? ProxyEvent::Kind::BreakerOpened
                                                         : ProxyEvent::Kind::BreakerClosed;
        if (transition.to == BreakerState::HalfOpen)
            return; // the probe's verdict is the news, not its start
        event.atMs = transition.atMs;
        event.channelId = transition.key.channelId;
        event.model = transition.key.model;
        event.reason = transition.description;
        publishEvent(event);
    });
    m_keys->setDisableHandler([this](const KeyDisabledEvent &disabled) {
        ProxyEvent event;
        event.kind = ProxyEvent::Kind::KeyDisabled;
        event.atMs = m_clock->nowMs();
        event.channelId = disabled.channelId;
        event.keyDbId = disabled.keyDbId;
        event.keyHint = disabled.hint;
        event.reason = disabled.reason;
        publishEvent(event);
    });
    m_budgets->setDegradeHandler([this](const DegradeEvent &degrade) {
        ProxyEvent event;
        event.kind =
            degrade.fraction >= 1 ? ProxyEvent::Kind::BudgetExhausted : ProxyEvent::Kind::BudgetWarning;
        event.atMs = m_clock->nowMs();
        event.budget = degrade.budget.describe();
        event.fraction = degrade.fraction;
        event.reason = QStringLiteral("$%1 of $%2 spent today")
                           .arg(degrade.spentUsd, 0, 'f', 2)
                           .arg(degrade.limitUsd, 0, 'f', 2);
        publishEvent(event);
    });
}

RouterContext Engine::routerContext(bool degrade)
{
    RouterContext context;
    context.clock = m_clock;
    context.health = m_health.get();
    context.breakers = m_breakers.get();
    context.budgets = m_budgets.get();
    context.strategyState = &m_strategyState;
    context.degrade = degrade;
    return context;
}

QList<BudgetLimit> Engine::requestBudgets(const ClientKey *key, const ModelGroup *group)
{
    QList<BudgetLimit> budgets;
    if (key) {
        const BudgetLimit limit = BudgetLimit::forClientKey(*key);
        if (limit.limited())
            budgets.append(limit);
    }
    if (group) {
        const BudgetLimit limit = BudgetLimit::forGroup(*group);
        if (limit.limited())
            budgets.append(limit);
    }
    return budgets;
}

void Engine::forceBreaker(const UpstreamKey &key, BreakerForce force)
{
    switch (force) {
    case BreakerForce::Open:
        m_breakers->forceOpen(key);
        break;
    case BreakerForce::Closed:
        m_breakers->forceClosed(key);
        break;
    case BreakerForce::None:
        m_breakers->clearForce(key);
        break;
    }
    publishStatus();
}

void Engine::enableKey(qint64 channelId, const QString &keyId)
{
    m_keys->enable(channelId, keyId);
    publishStatus();
}

void Engine::seedBudgets(const QHash<QString, QPair<double, qint64>> &spend)
{
    for (auto it = spend.cbegin(); it != spend.cend(); ++it)
        m_budgets->seed(it.key(), it.value().first, it.value().second);
}

void Engine::publishEvent(ProxyEvent event)
{
    if (event.atMs == 0)
        event.atMs = m_clock->nowMs();
    if (event.channelName.isEmpty() && event.channelId != 0) {
        if (const ConfigSnapshotPtr snapshot = m_server->snapshot()) {
            if (const Channel *channel = snapshot->config.channelById(event.channelId))
                event.channelName = channel->name;
        }
    }
    m_server->publishEvent(event);
    publishStatus();
}

void Engine::scheduleStatus()
{
    if (!m_statusTimer->isActive())
        m_statusTimer->start();
}

void Engine::publishStatus()
{
    m_statusTimer->stop();
    m_server->setStatus(statusReport());
}

ProxyStatus Engine::statusReport() const
{
    ProxyStatus status;
    status.atMs = m_clock->nowMs();
    status.inFlight = activeExchanges();
    const ConfigSnapshotPtr snapshot = m_server->snapshot();
    const auto channelName = [&snapshot](qint64 id) {
        const Channel *channel = snapshot ? snapshot->config.channelById(id) : nullptr;
        return channel ? channel->name : QString();
    };
    QHash<UpstreamKey, UpstreamStatus> upstreams;
    for (const HealthSnapshot &health : m_health->snapshot()) {
        UpstreamStatus &entry = upstreams[health.key];
        entry.key = health.key;
        entry.health = health;
    }
    for (const BreakerSnapshot &breaker : m_breakers->snapshot()) {
        UpstreamStatus &entry = upstreams[breaker.key];
        entry.key = breaker.key;
        entry.breaker = breaker;
    }
    // Probed channels show up per model even before their first request.
    for (auto it = m_probes.cbegin(); it != m_probes.cend(); ++it) {
        const Channel *channel = snapshot ? snapshot->config.channelById(it.key()) : nullptr;
        if (!channel || it->atMs == 0)
            continue;
        for (const QString &model : channel->models) {
            UpstreamStatus &entry = upstreams[UpstreamKey {channel->id, model}];
            entry.key = UpstreamKey {channel->id, model};
            entry.lastProbeAtMs = it->atMs;
            entry.lastProbeOk = it->ok;
        }
    }
    for (UpstreamStatus &entry : upstreams) {
        entry.channelName = channelName(entry.key.channelId);
        if (entry.breaker.key.channelId == 0) { // no breaker yet: a fresh, closed one
            entry.breaker.key = entry.key;
        }
        if (entry.health.key.channelId == 0)
            entry.health.key = entry.key;
        status.upstreams.append(entry);
    }
    std::sort(status.upstreams.begin(), status.upstreams.end(),
              [](const UpstreamStatus &a, const UpstreamStatus &b) {
                  return a.key.channelId != b.key.channelId ? a.key.channelId < b.key.channelId
                                                            : a.key.model < b.key.model;
              });
    if (snapshot) {
        for (const Channel &channel : snapshot->config.channels) {
            for (const KeyStatus &key : m_keys->status(channel))
                status.keys.append({channel.id, key});
        }
    }
    return status;
}

void Engine::recordUsage(const UsageRecord &record)
{
    m_server->recordUsage(record);
}

} // namespace Switchyard
