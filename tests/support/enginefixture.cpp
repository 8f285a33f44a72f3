#include "enginefixture.h"

#include "clientauth.h"
#include "engine.h"
#include "sseparser.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QTest>

#include <memory>
#include <vector>

namespace Switchyard::Test {

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

// --- SnapshotBuilder ---

SnapshotBuilder::SnapshotBuilder()
    : m_snapshot(std::make_shared<ConfigSnapshot>())
{
    m_snapshot->generation = 1;
}

SnapshotBuilder &SnapshotBuilder::provider(const QString &name, Protocol protocol, const QString &baseUrl,
                                           const QList<ModelPrice> &prices)
{
    Provider p;
    p.id = m_nextId++;
    p.name = name;
    p.protocol = protocol;
    p.baseUrl = baseUrl;
    p.prices = prices;
    m_snapshot->config.providers.append(p);
    return *this;
}

SnapshotBuilder &SnapshotBuilder::channel(const QString &name, const QString &provider,
                                          const QStringList &models, const QStringList &keys, int priority)
{
    Channel c;
    c.id = m_nextId++;
    c.name = name;
    const Provider *p = m_snapshot->config.providerByName(provider);
    c.providerId = p ? p->id : 0;
    c.models = models;
    c.priority = priority;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        ChannelKey key;
        key.id = m_nextId++;
        key.secretRef = QStringLiteral("key/%1/%2").arg(name).arg(i);
        key.hint = keys.at(i).left(6);
        c.keys.append(key);
        m_snapshot->secrets.insert(key.secretRef, keys.at(i).toUtf8());
    }
    m_snapshot->config.channels.append(c);
    return *this;
}

SnapshotBuilder &SnapshotBuilder::disableKey(const QString &channel, int index)
{
    for (Channel &c : m_snapshot->config.channels) {
        if (c.name == channel && index < c.keys.size())
            c.keys[index].disabled = true;
    }
    return *this;
}

SnapshotBuilder &SnapshotBuilder::group(const QString &name,
                                        const QList<std::pair<QString, QString>> &channelModels)
{
    ModelGroup g;
    g.id = m_nextId++;
    g.name = name;
    int priority = 0;
    for (const auto &[channelName, model] : channelModels) {
        GroupMember member;
        member.id = m_nextId++;
        const Channel *c = m_snapshot->config.channelByName(channelName);
        member.channelId = c ? c->id : 0;
        member.model = model;
        member.priority = priority++;
        g.members.append(member);
    }
    m_snapshot->config.groups.append(g);
    return *this;
}

SnapshotBuilder &SnapshotBuilder::defaultRoute(const QString &target)
{
    RoutingRule rule;
    rule.id = m_nextId++;
    rule.kind = QStringLiteral("scenario");
    rule.match = QStringLiteral("default");
    rule.target = target;
    m_snapshot->config.rules.append(rule);
    return *this;
}

SnapshotBuilder &SnapshotBuilder::clientKey(const QString &name, const QByteArray &secret, bool disabled,
                                            const QDateTime &expiresAt, const QStringList &allowedModels)
{
    ClientKey key;
    key.id = m_nextId++;
    key.name = name;
    key.hash = ClientAuth::hashKey(secret);
    key.prefix = QString::fromUtf8(secret.left(7));
    key.disabled = disabled;
    key.expiresAt = expiresAt;
    key.allowedModels = allowedModels;
    m_snapshot->config.clientKeys.append(key);
    return *this;
}

SnapshotBuilder &SnapshotBuilder::setting(const QString &key, const QVariant &value)
{
    m_snapshot->config.settings.insert(key, value);
    return *this;
}

SnapshotBuilder &SnapshotBuilder::upstreamChannel(const QString &name, Protocol protocol, const QUrl &base,
                                                  const QStringList &models, const QStringList &keys,
                                                  int priority, const QList<ModelPrice> &prices)
{
    QString url = base.toString();
    if (protocol == Protocol::OpenAI)
        url += QLatin1String("/v1");
    const QString providerName = QStringLiteral("p-") + name;
    provider(providerName, protocol, url, prices);
    return channel(name, providerName, models, keys, priority);
}

SnapshotBuilder &SnapshotBuilder::rule(const QString &kind, const QString &match, const QString &target,
                                       const QJsonObject &options)
{
    RoutingRule rule;
    rule.id = m_nextId++;
    rule.kind = kind;
    rule.match = match;
    rule.target = target;
    rule.position = int(m_snapshot->config.rules.size());
    rule.options = options;
    m_snapshot->config.rules.append(rule);
    return *this;
}

SnapshotBuilder &SnapshotBuilder::groupStrategy(const QString &group, const QString &strategy,
                                                const QJsonObject &options)
{
    for (ModelGroup &g : m_snapshot->config.groups) {
        if (g.name == group) {
            g.strategy = strategy;
            g.options = options;
        }
    }
    return *this;
}

SnapshotBuilder &SnapshotBuilder::groupBudget(const QString &group, double dailyUsd, double maxPerRequestUsd)
{
    for (ModelGroup &g : m_snapshot->config.groups) {
        if (g.name == group) {
            g.dailyBudget = dailyUsd;
            g.maxCostPerRequest = maxPerRequestUsd;
        }
    }
    return *this;
}

GroupMember *SnapshotBuilder::member(const QString &group, int index)
{
    for (ModelGroup &g : m_snapshot->config.groups) {
        if (g.name == group && index >= 0 && index < g.members.size())
            return &g.members[index];
    }
    return nullptr;
}

SnapshotBuilder &SnapshotBuilder::clientKeyBudget(const QString &name, double dailyUsd)
{
    for (ClientKey &key : m_snapshot->config.clientKeys) {
        if (key.name == name)
            key.dailyBudget = dailyUsd;
    }
    return *this;
}

SnapshotBuilder &SnapshotBuilder::slot(const QString &clientKey, const QString &family,
                                       const QJsonObject &slot)
{
    for (ClientKey &key : m_snapshot->config.clientKeys) {
        if (key.name == clientKey)
            key.slotMap.insert(family, slot);
    }
    return *this;
}

qint64 SnapshotBuilder::channelId(const QString &name) const
{
    const Channel *channel = m_snapshot->config.channelByName(name);
    return channel ? channel->id : 0;
}

qint64 SnapshotBuilder::clientKeyId(const QString &name) const
{
    for (const ClientKey &key : m_snapshot->config.clientKeys) {
        if (key.name == name)
            return key.id;
    }
    return 0;
}

ConfigSnapshotPtr SnapshotBuilder::build() const
{
    return std::make_shared<const ConfigSnapshot>(*m_snapshot);
}

// --- EngineFixture ---

EngineFixture::EngineFixture(QObject *parent)
    : QObject(parent)
{
    // Emitted in the proxy thread; collected under a lock so tests can read them at any time.
    connect(
        &m_host, &ProxyHost::usageRecorded, this,
        [this](const UsageRecord &record) {
            QMutexLocker locker(&m_mutex);
            m_records.append(record);
        },
        Qt::DirectConnection);
    connect(
        &m_host, &ProxyHost::proxyEvent, this,
        [this](const ProxyEvent &event) {
            QMutexLocker locker(&m_mutex);
            m_events.append(event);
        },
        Qt::DirectConnection);
}

EngineFixture::~EngineFixture()
{
    m_host.stop(2000);
}

bool EngineFixture::start(ConfigSnapshotPtr snapshot, const ProxyServer::Options &options)
{
    m_host.publishSnapshot(std::move(snapshot));
    QString error;
    if (!m_host.start(options, &error)) {
        qWarning() << "proxy did not start:" << error;
        return false;
    }
    return true;
}

void EngineFixture::publish(ConfigSnapshotPtr snapshot)
{
    m_host.publishSnapshot(std::move(snapshot));
}

std::optional<RawHttpResponse> EngineFixture::post(const QByteArray &target, const QByteArray &body,
                                                   const RawHeaders &headers, int timeoutMs)
{
    RawHeaders all = headers;
    all.append(std::pair(QByteArray("Content-Type"), QByteArray("application/json")));
    return rawRequest(port(), "POST", target, body, all, timeoutMs);
}

std::optional<RawHttpResponse> EngineFixture::get(const QByteArray &target, const RawHeaders &headers,
                                                  int timeoutMs)
{
    return rawRequest(port(), "GET", target, {}, headers, timeoutMs);
}

void EngineFixture::inProxyThread(const std::function<void(Engine &)> &fn)
{
    ProxyServer *server = m_host.server();
    if (!server)
        return;
    QMetaObject::invokeMethod(
        server,
        [server, &fn] {
            if (Engine *engine = server->engine())
                fn(*engine);
        },
        Qt::BlockingQueuedConnection);
}

void EngineFixture::setClock(const Clock *clock)
{
    inProxyThread([clock](Engine &engine) { engine.setClock(clock); });
}

void EngineFixture::advance(ManualClock &clock, qint64 ms)
{
    inProxyThread([&clock, ms](Engine &) { clock.advance(ms); });
}

QList<ProxyEvent> EngineFixture::events() const
{
    QMutexLocker locker(&m_mutex);
    return m_events;
}

QList<ProxyEvent> EngineFixture::events(ProxyEvent::Kind kind) const
{
    QList<ProxyEvent> matching = events();
    matching.removeIf([kind](const ProxyEvent &event) { return event.kind != kind; });
    return matching;
}

bool EngineFixture::waitForEvents(ProxyEvent::Kind kind, int count, int timeoutMs)
{
    return QTest::qWaitFor([&] { return events(kind).size() >= count; }, timeoutMs);
}

void EngineFixture::clearEvents()
{
    QMutexLocker locker(&m_mutex);
    m_events.clear();
}

QList<std::optional<RawHttpResponse>> EngineFixture::postAll(const QList<Request> &requests, int concurrency,
                                                             int timeoutMs)
{
    QList<std::optional<RawHttpResponse>> answers(requests.size());
    struct Lane
    {
        std::unique_ptr<RawHttpClient> client;
        qsizetype index = -1;
    };
    std::vector<Lane> lanes(size_t(std::max(1, concurrency)));
    qsizetype next = 0;
    qsizetype answered = 0;
    QElapsedTimer clock;
    clock.start();
    while (answered < requests.size() && clock.elapsed() < timeoutMs) {
        for (Lane &lane : lanes) {
            if (lane.index >= 0) {
                RawHttpResponse response;
                const bool complete = parseHttpResponse(lane.client->buffered(), &response) > 0;
                if (!complete && lane.client->isConnected())
                    continue;
                if (complete)
                    answers[lane.index] = response;
                ++answered;
                lane.client.reset();
                lane.index = -1;
            }
            if (next >= requests.size())
                continue;
            const Request &request = requests.at(next);
            lane.client = std::make_unique<RawHttpClient>();
            lane.index = next++;
            if (!lane.client->connectTo(port())) {
                ++answered; // stays nullopt
                lane.client.reset();
                lane.index = -1;
                continue;
            }
            RawHeaders headers = request.headers;
            headers.append(std::pair(QByteArray("Content-Type"), QByteArray("application/json")));
            lane.client->sendRequest("POST", request.target, request.body, headers);
        }
        QTest::qWait(2);
    }
    return answers;
}

QList<UsageRecord> EngineFixture::records() const
{
    QMutexLocker locker(&m_mutex);
    return m_records;
}

bool EngineFixture::waitForRecords(int count, int timeoutMs)
{
    return QTest::qWaitFor([&] { return records().size() >= count; }, timeoutMs);
}

UsageRecord EngineFixture::lastRecord() const
{
    QMutexLocker locker(&m_mutex);
    return m_records.isEmpty() ? UsageRecord {} : m_records.last();
}

void EngineFixture::clearRecords()
{
    QMutexLocker locker(&m_mutex);
    m_records.clear();
}

QByteArray EngineFixture::anthropicRequest(const QString &model, bool stream, const QString &text)
{
    QJsonObject body {{"model", model},
                      {"max_tokens", 256},
                      {"messages", QJsonArray {QJsonObject {{"role", "user"}, {"content", text}}}}};
    if (stream)
        body.insert("stream", true);
    return compact(body);
}

QByteArray EngineFixture::openAIRequest(const QString &model, bool stream, const QString &text)
{
    QJsonObject body {{"model", model},
                      {"messages", QJsonArray {QJsonObject {{"role", "user"}, {"content", text}}}}};
    if (stream)
        body.insert("stream", true);
    return compact(body);
}

QList<QByteArray> EngineFixture::anthropicTextEvents(const QList<QByteArray> &deltas, int inputTokens,
                                                     int outputTokens, int cacheRead, int cacheWrite)
{
    const auto event = [](const char *name, const QJsonObject &data) {
        return "event: " + QByteArray(name) + "\ndata: " + compact(data) + "\n\n";
    };
    QList<QByteArray> events;
    QJsonObject usage {{"input_tokens", inputTokens},
                       {"output_tokens", 1},
                       {"cache_read_input_tokens", cacheRead},
                       {"cache_creation_input_tokens", cacheWrite}};
    events.append(event("message_start",
                        {{"type", "message_start"},
                         {"message",
                          QJsonObject {{"id", "msg_up1"},
                                       {"type", "message"},
                                       {"role", "assistant"},
                                       {"model", "upstream-model"},
                                       {"content", QJsonArray {}},
                                       {"stop_reason", QJsonValue::Null},
                                       {"stop_sequence", QJsonValue::Null},
                                       {"usage", usage}}}}));
    events.append(event("content_block_start",
                        {{"type", "content_block_start"},
                         {"index", 0},
                         {"content_block", QJsonObject {{"type", "text"}, {"text", ""}}}}));
    for (const QByteArray &delta : deltas) {
        events.append(
            event("content_block_delta",
                  {{"type", "content_block_delta"},
                   {"index", 0},
                   {"delta", QJsonObject {{"type", "text_delta"}, {"text", QString::fromUtf8(delta)}}}}));
    }
    events.append(event("content_block_stop", {{"type", "content_block_stop"}, {"index", 0}}));
    events.append(
        event("message_delta",
              {{"type", "message_delta"},
               {"delta", QJsonObject {{"stop_reason", "end_turn"}, {"stop_sequence", QJsonValue::Null}}},
               {"usage", QJsonObject {{"output_tokens", outputTokens}}}}));
    events.append(event("message_stop", {{"type", "message_stop"}}));
    return events;
}

QByteArray EngineFixture::anthropicMessage(const QString &text, int inputTokens, int outputTokens)
{
    return compact({{"id", "msg_whole"},
                    {"type", "message"},
                    {"role", "assistant"},
                    {"model", "upstream-model"},
                    {"content", QJsonArray {QJsonObject {{"type", "text"}, {"text", text}}}},
                    {"stop_reason", "end_turn"},
                    {"stop_sequence", QJsonValue::Null},
                    {"usage", QJsonObject {{"input_tokens", inputTokens}, {"output_tokens", outputTokens}}}});
}

QList<QByteArray> EngineFixture::openAITextChunks(const QList<QByteArray> &deltas, int promptTokens,
                                                  int completionTokens)
{
    const auto chunk = [](const QJsonObject &delta, const QJsonValue &finish) {
        return "data: "
            + compact(
                   {{"id", "chatcmpl-up"},
                    {"object", "chat.completion.chunk"},
                    {"created", 1730000000},
                    {"model", "upstream-model"},
                    {"choices",
                     QJsonArray {QJsonObject {{"index", 0}, {"delta", delta}, {"finish_reason", finish}}}}})
            + "\n\n";
    };
    QList<QByteArray> chunks;
    chunks.append(chunk({{"role", "assistant"}, {"content", ""}}, QJsonValue::Null));
    for (const QByteArray &delta : deltas)
        chunks.append(chunk({{"content", QString::fromUtf8(delta)}}, QJsonValue::Null));
    chunks.append(chunk({}, "stop"));
    chunks.append("data: "
                  + compact({{"id", "chatcmpl-up"},
                             {"object", "chat.completion.chunk"},
                             {"created", 1730000000},
                             {"model", "upstream-model"},
                             {"choices", QJsonArray {}},
                             {"usage",
                              QJsonObject {{"prompt_tokens", promptTokens},
                                           {"completion_tokens", completionTokens},
                                           {"total_tokens", promptTokens + completionTokens}}}})
                  + "\n\n");
    chunks.append("data: [DONE]\n\n");
    return chunks;
}

QByteArray EngineFixture::openAICompletion(const QString &text, int promptTokens, int completionTokens)
{
    return compact(
        {{"id", "chatcmpl-whole"},
         {"object", "chat.completion"},
         {"created", 1730000000},
         {"model", "upstream-model"},
         {"choices",
          QJsonArray {QJsonObject {{"index", 0},
                                   {"message", QJsonObject {{"role", "assistant"}, {"content", text}}},
                                   {"finish_reason", "stop"}}}},
         {"usage",
          QJsonObject {{"prompt_tokens", promptTokens},
                       {"completion_tokens", completionTokens},
                       {"total_tokens", promptTokens + completionTokens}}}});
}

QList<SseItem> EngineFixture::parseSse(const QByteArray &body)
{
    SseParser parser;
    parser.feed(body.constData(), body.size());
    parser.finish();
    QList<SseItem> items;
    SseEvent event;
    while (parser.next(event)) {
        SseItem item;
        item.event = QByteArray(event.name.data(), qsizetype(event.name.size()));
        item.data = QByteArray(event.data.data(), qsizetype(event.data.size()));
        item.json = QJsonDocument::fromJson(item.data).object();
        items.append(item);
    }
    return items;
}

QByteArrayList EngineFixture::eventNames(const QList<SseItem> &items, bool withPings)
{
    QByteArrayList names;
    for (const SseItem &item : items) {
        if (!withPings && item.event == "ping")
            continue;
        names.append(item.event);
    }
    return names;
}

QString EngineFixture::anthropicText(const QList<SseItem> &items)
{
    QString text;
    for (const SseItem &item : items) {
        const QJsonObject delta = item.json.value("delta").toObject();
        if (item.event == "content_block_delta" && delta.value("type").toString() == "text_delta")
            text += delta.value("text").toString();
    }
    return text;
}

QString EngineFixture::openAIText(const QList<SseItem> &items)
{
    QString text;
    for (const SseItem &item : items) {
        const QJsonArray choices = item.json.value("choices").toArray();
        if (!choices.isEmpty())
            text += choices.first().toObject().value("delta").toObject().value("content").toString();
    }
    return text;
}

QJsonObject EngineFixture::json(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}

} // namespace Switchyard::Test
