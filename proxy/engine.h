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

#include "configtypes.h"
#include "httpcompat.h"
#include "protocolcommon.h"
#include "requestcontext.h"
#include "router.h"
#include "usagerecord.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QVariantMap>

#include <memory>

namespace Switchyard {

class Exchange;
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

    struct KeyChoice
    {
        const ChannelKey *key = nullptr; // null: the channel has no keys (local model) or none is usable
        QByteArray secret;
        bool usable = true; // false: the channel has keys but all are disabled or unresolved
    };
    // Round-robin over the channel's enabled keys with a resolved secret.
    KeyChoice pickKey(const ConfigSnapshot &snapshot, const Channel &channel);

    // A channel that asked for a wait longer than the Retry-After cap is tried last until then.
    void coolDown(const Channel &channel, qint64 ms);
    bool isCoolingDown(const Channel &channel) const;

    void recordUsage(const UsageRecord &record);
    int activeExchanges() const { return int(m_exchanges.size()); }

private:
    void startExchange(int kind, const QHttpServerRequest &request, std::unique_ptr<ResponseStream> stream);
    void serveModels(const QHttpServerRequest &request, std::unique_ptr<ResponseStream> stream, bool single);

    ProxyServer *m_server;
    UpstreamClient *m_upstream;
    std::unique_ptr<Router> m_router;
    Wire::ToolNameRegistry m_toolNames;
    QHash<QString, quint64> m_keyCursor; // channel name -> next key
    QHash<QString, qint64> m_coolDownUntil; // channel name -> ms since epoch
    QSet<Exchange *> m_exchanges;
};

} // namespace Switchyard
