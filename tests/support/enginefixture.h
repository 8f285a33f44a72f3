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

#include "proxyhost.h"
#include "rawhttp.h"
#include "usagerecord.h"

#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QVariant>

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
};

} // namespace Switchyard::Test
