#pragma once

// End-to-end harness for the protocol engine: the real ProxyServer (with its Engine) running in its
// own thread through ProxyHost, configured with snapshots built here that point at in-process fake
// upstreams (FakeUpstream), plus helpers to build Anthropic / OpenAI request bodies and upstream
// streams, to parse the SSE a client receives and to collect the usage records the proxy emits.
//
//   EngineFixture fx;
//   FakeUpstream fake;
//   SnapshotBuilder config;
//   config.provider("anthropic", Protocol::Anthropic, fake.url().toString());
//   config.channel("main", "anthropic", {"claude-x"}, {"sk-ant-secret"});
//   QVERIFY(fx.start(config.build()));
//   auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("claude-x"));

#include "clock.h"
#include "proxyhost.h"
#include "rawhttp.h"
#include "usagerecord.h"

#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QUrl>
#include <QVariant>

#include <functional>
#include <memory>
#include <optional>

namespace Switchyard::Test {

using RawHeaders = QList<std::pair<QByteArray, QByteArray>>;

// Builds a ConfigSnapshot step by step; ids are assigned 1, 2, 3... per kind.
class SnapshotBuilder
{
public:
    SnapshotBuilder();

    // baseUrl as the provider is configured: "http://127.0.0.1:PORT" or ".../v1".
    SnapshotBuilder &provider(const QString &name, Protocol protocol, const QString &baseUrl,
                              const QList<ModelPrice> &prices = {});
    // keys: secrets; each becomes a ChannelKey with secretRef "key/<channel>/<n>" and the secret in
    // the snapshot. No keys: the channel sends no auth.
    SnapshotBuilder &channel(const QString &name, const QString &provider, const QStringList &models,
                             const QStringList &keys = {}, int priority = 0);
    SnapshotBuilder &disableKey(const QString &channel, int index);
    SnapshotBuilder &group(const QString &name, const QList<std::pair<QString, QString>> &channelModels);
    SnapshotBuilder &defaultRoute(const QString &target);
    SnapshotBuilder &clientKey(const QString &name, const QByteArray &secret, bool disabled = false,
                               const QDateTime &expiresAt = {}, const QStringList &allowedModels = {});
    SnapshotBuilder &setting(const QString &key, const QVariant &value);

    // A provider "p-<name>" at base (a fake upstream's url(); "/v1" is appended for OpenAI) and a
    // channel <name> on it: the usual one-fake-one-channel setup of failover tests.
    SnapshotBuilder &upstreamChannel(const QString &name, Protocol protocol, const QUrl &base,
                                     const QStringList &models, const QStringList &keys = {},
                                     int priority = 0, const QList<ModelPrice> &prices = {});

    // --- routing: rules, groups, client-key controls (for the routing and resilience tests) ---
    // A RoutingRule of kind "scenario" or "prefix", appended after the existing ones.
    SnapshotBuilder &rule(const QString &kind, const QString &match, const QString &target,
                          const QJsonObject &options = {});
    SnapshotBuilder &groupStrategy(const QString &group, const QString &strategy,
                                   const QJsonObject &options = {});
    SnapshotBuilder &groupBudget(const QString &group, double dailyUsd, double maxPerRequestUsd = 0);
    // Member index of a group (in the order given to group()); null when there is none.
    GroupMember *member(const QString &group, int index);
    SnapshotBuilder &clientKeyBudget(const QString &name, double dailyUsd);
    // slotMap[family] = slot, e.g. slot("ci", "sonnet", {{"target", "a,m"}, {"effort", "low"}}).
    SnapshotBuilder &slot(const QString &clientKey, const QString &family, const QJsonObject &slot);

    // Ids assigned by the builder (0 when unknown).
    qint64 channelId(const QString &name) const;
    qint64 clientKeyId(const QString &name) const;

    ConfigSnapshotPtr build() const;
    ConfigSnapshot &snapshot() { return *m_snapshot; }

private:
    std::shared_ptr<ConfigSnapshot> m_snapshot;
    qint64 m_nextId = 1;
};

struct SseItem
{
    QByteArray event; // empty for OpenAI chunks
    QByteArray data; // raw data
    QJsonObject json; // data parsed (empty for [DONE] and non-objects)
};

class EngineFixture : public QObject
{
    Q_OBJECT
public:
    explicit EngineFixture(QObject *parent = nullptr);
    ~EngineFixture() override;

    bool start(ConfigSnapshotPtr snapshot, const ProxyServer::Options &options = {});
    void publish(ConfigSnapshotPtr snapshot);
    quint16 port() const { return m_host.port(); }
    ProxyHost &host() { return m_host; }

    // One request on a fresh connection. Content-Type: application/json is added for bodies.
    std::optional<RawHttpResponse> post(const QByteArray &target, const QByteArray &body,
                                        const RawHeaders &headers = {}, int timeoutMs = 10000);
    std::optional<RawHttpResponse> get(const QByteArray &target, const RawHeaders &headers = {},
                                       int timeoutMs = 10000);

    // Runs fn in the proxy thread and waits for it (engine state: clock, breaker config, budgets).
    void inProxyThread(const std::function<void(Engine &)> &fn);
    // Engine::setClock in the proxy thread; call before any traffic. The clock must outlive the proxy.
    void setClock(const Clock *clock);
    // ManualClock::advance in the proxy thread, so the engine never reads a clock being written.
    void advance(ManualClock &clock, qint64 ms);

    // ProxyEvents (ProxyServer::proxyEvent), in order, collected from the proxy thread.
    QList<ProxyEvent> events() const;
    QList<ProxyEvent> events(ProxyEvent::Kind kind) const;
    bool waitForEvents(ProxyEvent::Kind kind, int count, int timeoutMs = 5000);
    void clearEvents();

    // Several requests at once, each on its own connection, at most `concurrency` in flight; the
    // event loop keeps running (fake upstreams in this thread keep answering). Answers in request
    // order; nullopt for a request without a complete answer before timeoutMs (overall).
    struct Request
    {
        QByteArray target;
        QByteArray body;
        RawHeaders headers;
    };
    QList<std::optional<RawHttpResponse>> postAll(const QList<Request> &requests, int concurrency,
                                                  int timeoutMs = 30000);

    // Usage records, in the order the proxy emitted them.
    QList<UsageRecord> records() const;
    bool waitForRecords(int count, int timeoutMs = 10000);
    UsageRecord lastRecord() const;
    void clearRecords();

    // --- Bodies ---
    // {"model":m,"max_tokens":256,"messages":[{"role":"user","content":text}],"stream":stream}
    static QByteArray anthropicRequest(const QString &model, bool stream = false,
                                       const QString &text = "Hello");
    // {"model":m,"messages":[{"role":"user","content":text}],"stream":stream}
    static QByteArray openAIRequest(const QString &model, bool stream = false, const QString &text = "Hello");

    // An Anthropic SSE stream: message_start (usage input/cache), one text block with the given
    // deltas, message_delta (end_turn, output tokens), message_stop.
    static QList<QByteArray> anthropicTextEvents(const QList<QByteArray> &deltas, int inputTokens = 10,
                                                 int outputTokens = 5, int cacheRead = 0, int cacheWrite = 0);
    // A non-streamed Anthropic message with one text block.
    static QByteArray anthropicMessage(const QString &text, int inputTokens = 10, int outputTokens = 5);
    // OpenAI chunks: a role chunk, one chunk per text delta, a finish chunk, a usage chunk and [DONE].
    static QList<QByteArray> openAITextChunks(const QList<QByteArray> &deltas, int promptTokens = 10,
                                              int completionTokens = 5);
    static QByteArray openAICompletion(const QString &text, int promptTokens = 10, int completionTokens = 5);

    // --- Parsing what the client got ---
    static QList<SseItem> parseSse(const QByteArray &body);
    // Event names in order, pings left out unless withPings.
    static QByteArrayList eventNames(const QList<SseItem> &items, bool withPings = false);
    // Concatenated text_delta texts (Anthropic) or delta.content (OpenAI).
    static QString anthropicText(const QList<SseItem> &items);
    static QString openAIText(const QList<SseItem> &items);
    static QJsonObject json(const QByteArray &body);

private:
    ProxyHost m_host;
    mutable QMutex m_mutex;
    QList<UsageRecord> m_records;
    QList<ProxyEvent> m_events;
};

} // namespace Switchyard::Test
