#pragma once

// The protocol engine: registers the API routes on the HTTP front and runs every proxied request
// (one Exchange each) from the client through routing, translation and failover to an upstream
// and back. Holds what outlives one request: the upstream client (connection pools), the router,
// the tool id/name registry shared by a conversation's requests, the key rotation cursors and the
// channel cool-downs advertised by Retry-After.
//
// Thread affinity: lives in the proxy thread (ProxyServer creates it in start()); everything here
// is called from that thread.
//
// Settings read from ConfigSnapshot::config.settings for each request (EngineSettings).

#include "budget.h"
#include "circuitbreaker.h"
#include "configtypes.h"
#include "healthstats.h"
#include "httpcompat.h"
#include "keyrotation.h"
#include "protocolcommon.h"
#include "proxyevents.h"
#include "requestcontext.h"
#include "router.h"
#include "usagerecord.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QVariantMap>

#include <memory>

class QTimer;

namespace Switchyard {

class Exchange;
class HealthProber;
struct ProbeResult;
class HttpFront;
class ProxyServer;
class UpstreamClient;

struct EngineSettings
{
    int connectTimeoutMs = 10000; // "proxy/connectTimeoutMs": TCP + TLS handshake of a new connection
    int firstByteTimeoutMs = 60000; // "proxy/firstByteTimeoutMs": streamed requests, until response headers
    // "proxy/nonStreamTimeoutMs": non-streamed requests, until response headers. The headers of a
    // non-streamed answer only come once the whole answer is generated, hence the long default.
    int nonStreamTimeoutMs = 600000;
    int idleTimeoutMs = 180000; // "proxy/idleTimeoutMs": no upstream byte for this long ends the stream
    int pingIntervalMs = 10000; // "proxy/pingIntervalMs": client keep-alive while nothing is written
    int retryAfterCapMs = 10000; // "proxy/retryAfterCapMs": longer Retry-After waits fail over instead
    bool routeHeader = true; // "proxy/routeHeader": x-switchyard-route response header
    bool localTokenCount = true; // "proxy/localTokenCount": count_tokens answered locally (o200k)
    // "proxy/openaiReasoningContent": OpenAI clients get thinking as reasoning_content (opt-in, 4.5).
    bool openAIReasoningContent = false;
    int maxAttempts = 3; // "proxy/maxAttempts": upstream attempts per request, retries included
    int deadlineMs = 0; // "proxy/deadlineMs": overall limit per request; 0 = none (idle timeouts only)
    bool captureBodies = false; // "proxy/captureBodies": bodies in the usage record (debugging)
    bool degradeOnBudget = true; // "budget/degrade": prefer cheaper members at 80% of a daily budget
    int probeIntervalMs = 0; // "health/probeIntervalSeconds" * 1000; 0 = no background probes
    QStringList noProxy; // "network/noProxy": hosts that skip the system or channel proxy

    static EngineSettings fromSettings(const QVariantMap &settings);
};

class Engine : public QObject
{
    Q_OBJECT
public:
    explicit Engine(ProxyServer *server);
    ~Engine() override;

    // POST /v1/messages, /v1/messages/count_tokens, /v1/chat/completions, GET /v1/models and
    // /v1/models/{id} (HttpFront adds the /proxy/v1 and /v1/v1 spellings and ignores queries).
    void registerRoutes(HttpFront *front);

    // For the front's request hook: HttpFront only routes exact paths, so "/v1/models/<id>" is
    // mapped onto the one registered path "/v1/models/*" (the handler reads the id from the URL).
    static void mapRoutePath(RequestContext &context);
    // Loads the o200k tokenizer on a pool thread so the first count_tokens does not wait for it.
    static void warmUp();

    ProxyServer *server() const { return m_server; }
    UpstreamClient *upstreamClient() const { return m_upstream; }
    const Router &router() const { return *m_router; }
    // The next issue's full router plugs in here.
    void setRouter(std::unique_ptr<Router> router);
    Wire::ToolNameRegistry *toolNames() { return &m_toolNames; }

    // --- routing state (breakers, health, keys, budgets), all in the proxy thread ---

    // Replaces the clock of every registry (tests inject a ManualClock before any traffic); forgets
    // the state gathered so far. Null = the system clock.
    void setClock(const Clock *clock);
    const Clock *clock() const { return m_clock; }
    CircuitBreakerRegistry &breakers() { return *m_breakers; }
    HealthStats &health() { return *m_health; }
    KeyRotation &keys() { return *m_keys; }
    BudgetTracker &budgets() { return *m_budgets; }
    RouterContext routerContext(bool degrade);

    // The budgets that apply to a request: the client key's and, when routed through a model group,
    // the group's. Channels' daily budgets and quotas are checked per candidate (channelBudget).
    static QList<BudgetLimit> requestBudgets(const ClientKey *key, const ModelGroup *group);

    // The channel's first key that could serve now (enabled, resolved, not resting or retired at
    // runtime, not in exclude); null when none. A question only: the rotation does not advance.
    const ChannelKey *usableKey(const ConfigSnapshot &snapshot, const Channel &channel,
                                const QSet<QString> &exclude = {}) const;

    void forceBreaker(const UpstreamKey &key, BreakerForce force);
    void enableKey(qint64 channelId, const QString &keyId);
    // Today's spend per budget bucket from stored usage (BudgetLimit::bucket()).
    void seedBudgets(const QHash<QString, QPair<double, qint64>> &spend);

    // A new configuration: probe schedule and targets, breakers of vanished upstreams dropped.
    void applySnapshot(const ConfigSnapshotPtr &snapshot);
    HealthProber *prober() const { return m_prober; }

    void publishEvent(ProxyEvent event);
    // Refreshes ProxyServer::status() soon (coalesced, at most once a second).
    void scheduleStatus();
    ProxyStatus statusReport() const;

    void recordUsage(const UsageRecord &record);
    int activeExchanges() const { return int(m_exchanges.size()); }

private:
    void startExchange(int kind, const QHttpServerRequest &request, std::unique_ptr<ResponseStream> stream);
    void serveModels(const QHttpServerRequest &request, std::unique_ptr<ResponseStream> stream, bool single);

    void createRegistries();
    void onProbed(const ProbeResult &result);
    QByteArray probeKey(const Channel &channel);
    void publishStatus();
    bool isModelUsable(const ConfigSnapshot &snapshot, const RouteCandidate &candidate) const;

    ProxyServer *m_server;
    UpstreamClient *m_upstream;
    std::unique_ptr<Router> m_router;
    Wire::ToolNameRegistry m_toolNames;
    const Clock *m_clock;
    std::unique_ptr<CircuitBreakerRegistry> m_breakers;
    std::unique_ptr<HealthStats> m_health;
    std::unique_ptr<KeyRotation> m_keys;
    std::unique_ptr<BudgetTracker> m_budgets;
    StrategyState m_strategyState;
    QTimer *m_statusTimer = nullptr;
    HealthProber *m_prober = nullptr;
    struct ProbeState
    {
        qint64 atMs = 0;
        bool ok = true;
        QString keyRef; // the key the probe used
    };
    QHash<qint64, ProbeState> m_probes; // channel id -> last probe
    int m_probeIntervalMs = 0;
    QJsonObject m_breakerSettings; // the "breaker/*" settings last applied
    QSet<Exchange *> m_exchanges;
};

} // namespace Switchyard
