// The protocol engine end to end for Anthropic clients (Claude Code): the real ProxyServer in its own
// thread, fake upstreams on loopback, raw HTTP on the client side. Golden cases 1-8, 41, 58, 59 of
// protocols.md section 9, plus byte-faithful passthrough, non-streamed answers to stream requests,
// client disconnects, broken upstream streams, usage records and client auth.

#include "clientauth.h"
#include "enginefixture.h"
#include "fakeupstream.h"
#include "protocolcommon.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkInterface>
#include <QTcpSocket>
#include <QTest>

using namespace Switchyard;
using namespace Switchyard::Test;

namespace {

const RawHeaders anthropicHeaders = {{"anthropic-version", "2023-06-01"}};

// An Anthropic provider at the fake, one channel "main" serving models, one key.
SnapshotBuilder anthropicConfig(const FakeUpstream &fake, const QStringList &models = {"claude-x"},
                                const QList<ModelPrice> &prices = {})
{
    SnapshotBuilder config;
    config.provider("anth", Protocol::Anthropic, fake.url().toString(), prices);
    config.channel("main", "anth", models, {"sk-ant-secret-1"});
    return config;
}

// An upstream that hangs mid-stream: message_start, content_block_start and the first text delta
// of events, then nothing more (the connection stays open).
FakeHandler stallAfterFirstDelta(const QList<QByteArray> &events)
{
    return [events](FakeExchange &exchange) {
        exchange.beginStream(200)
            .sendChunk(events.at(0))
            .sendChunk(events.at(1))
            .sendChunk(events.at(2))
            .stall();
    };
}

QJsonArray messagesOf(const RecordedRequest &request)
{
    return request.json().value("messages").toArray();
}

} // namespace

class TestEngineAnthropic : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void golden60_sideQueryRoutingEndToEnd();
    void golden01_pathWithBetaQuery();
    void golden02_authViaEitherHeader();
    void golden03_missingAnthropicVersion();
    void golden04_betaHeaderPassthrough();
    void golden05_unknownPath();
    void golden06_sessionIdPrecedence();
    void golden07_countTokensNeverFakesZero();
    void golden08_modelsShape();
    void golden41_keepAlive();
    void golden58_foreignThinkingToAnthropic();
    void golden59_historyNormalisation();
    void passthroughBodyIsByteIdenticalExceptModel();
    void streamPassesUpstreamBytesThrough();
    void nonStreamingUpstreamAnswersStreamRequest();
    void clientDisconnectAbortsUpstream();
    void upstreamResetMidStreamEndsWithErrorEvent();
    void upstreamStallMidStreamEndsWithErrorEvent();
    void usageRecordFields();
    void routeHeaderCanBeDisabled();
    void clientKeysRefuseBadKeys();
    void loopbackOnlyWithoutClientKeys();
};

void TestEngineAnthropic::golden01_pathWithBetaQuery()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("hi")));
    EngineFixture fx;
    QVERIFY(fx.start(anthropicConfig(fake).build()));

    const QList<QByteArray> targets = {"/v1/messages?beta=true", "/v1/messages",
                                       "/proxy/v1/messages?beta=true", "/v1/v1/messages?beta=true"};
    for (const QByteArray &target : targets) {
        const auto response = fx.post(target, EngineFixture::anthropicRequest("claude-x"), anthropicHeaders);
        QVERIFY2(response, target.constData());
        QCOMPARE(response->status, 200);
        QCOMPARE(response->json().value("content").toArray().first().toObject().value("text").toString(),
                 "hi");
        const RecordedRequest upstream = fake.lastRequest();
        QCOMPARE(upstream.path, QByteArray("/v1/messages"));
        // The query reaches the Anthropic upstream as the client sent it.
        QCOMPARE(upstream.target.contains("?beta=true"), target.contains("?beta=true"));
    }
    QCOMPARE(fake.requestCount(), targets.size());

    const auto count = fx.post("/v1/messages/count_tokens?beta=true",
                               EngineFixture::anthropicRequest("claude-x"), anthropicHeaders);
    QVERIFY(count);
    QCOMPARE(count->status, 200);
    QVERIFY(count->json().value("input_tokens").toInt() > 0);
    QCOMPARE(fake.requestCount(), targets.size()); // counted locally
}

void TestEngineAnthropic::golden02_authViaEitherHeader()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("ok")));
    SnapshotBuilder config = anthropicConfig(fake);
    config.clientKey("cc", "sy-token-T");
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    const QByteArray body = EngineFixture::anthropicRequest("claude-x");

    auto response = fx.post("/v1/messages", body, {{"authorization", "Bearer sy-token-T"}});
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    response = fx.post("/v1/messages", body, {{"x-api-key", "sy-token-T"}});
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    // Both headers, only one of them the Switchyard key (ANTHROPIC_API_KEY + ANTHROPIC_AUTH_TOKEN).
    response = fx.post("/v1/messages", body,
                       {{"x-api-key", "sk-ant-other"}, {"authorization", "Bearer sy-token-T"}});
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(fake.requestCount(), 3);
    // The client's key never goes upstream: the channel key replaces it.
    QCOMPARE(fake.lastRequest().header("x-api-key"), QByteArray("sk-ant-secret-1"));
    QVERIFY(!fake.lastRequest().hasHeader("authorization"));

    response = fx.post("/v1/messages", body, {{"x-api-key", "wrong"}});
    QVERIFY(response);
    QCOMPARE(response->status, 401);
    const QJsonObject error = response->json();
    QCOMPARE(error.value("type").toString(), "error");
    QCOMPARE(error.value("error").toObject().value("type").toString(), "authentication_error");
    QVERIFY(!error.value("error").toObject().value("message").toString().isEmpty());
    QVERIFY(!response->body.contains("wrong")); // the presented key is never echoed
    QCOMPARE(fake.requestCount(), 3); // upstream never called

    QVERIFY(fx.waitForRecords(4));
    const UsageRecord record = fx.lastRecord();
    QCOMPARE(record.status, 401);
    QCOMPARE(record.errorClass, "auth");
    QCOMPARE(record.clientKeyId, qint64(0));
    QVERIFY(fx.records().at(0).clientKeyId > 0);
}

void TestEngineAnthropic::golden03_missingAnthropicVersion()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("ok")));
    EngineFixture fx;
    QVERIFY(fx.start(anthropicConfig(fake).build()));

    auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("claude-x"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(fake.lastRequest().header("anthropic-version"), QByteArray("2023-06-01"));

    response = fx.post("/v1/messages", EngineFixture::anthropicRequest("claude-x"),
                       {{"anthropic-version", "2023-06-01"}});
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(fake.lastRequest().header("anthropic-version"), QByteArray("2023-06-01"));
}

void TestEngineAnthropic::golden04_betaHeaderPassthrough()
{
    FakeUpstream anthropic;
    anthropic.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("ok")));
    FakeUpstream openai;
    openai.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::openAICompletion("ok")));
    SnapshotBuilder config = anthropicConfig(anthropic);
    config.provider("oai", Protocol::OpenAI, openai.url("/v1").toString());
    config.channel("compat", "oai", {"gpt-x"}, {"sk-openai"});
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    const QByteArray beta = "interleaved-thinking-2025-05-14,context-1m-2025-08-07";
    auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("claude-x"),
                            {{"anthropic-version", "2023-06-01"}, {"anthropic-beta", beta}});
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(anthropic.lastRequest().header("anthropic-beta"), beta);

    response = fx.post("/v1/messages", EngineFixture::anthropicRequest("gpt-x"),
                       {{"anthropic-version", "2023-06-01"}, {"anthropic-beta", beta}});
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(openai.requestCount(), 1);
    QVERIFY(!openai.lastRequest().hasHeader("anthropic-beta"));
    QVERIFY(!openai.lastRequest().hasHeader("anthropic-version"));
    QCOMPARE(openai.lastRequest().header("authorization"), QByteArray("Bearer sk-openai"));
    QCOMPARE(openai.lastRequest().path, QByteArray("/v1/chat/completions"));
}

void TestEngineAnthropic::golden05_unknownPath()
{
    FakeUpstream fake;
    EngineFixture fx;
    QVERIFY(fx.start(anthropicConfig(fake).build()));
    const auto response = fx.post("/v1/foo", EngineFixture::anthropicRequest("claude-x"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 404);
    QCOMPARE(response->json().value("error").toObject().value("type").toString(), "not_found_error");
    QCOMPARE(fake.requestCount(), 0);
}

void TestEngineAnthropic::golden06_sessionIdPrecedence()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("ok")));
    EngineFixture fx;
    QVERIFY(fx.start(anthropicConfig(fake).build()));

    const auto withUserId = [](const QString &userId) {
        QJsonObject body = EngineFixture::json(EngineFixture::anthropicRequest("claude-x"));
        body.insert("metadata", QJsonObject {{"user_id", userId}});
        return QJsonDocument(body).toJson(QJsonDocument::Compact);
    };
    const QString jsonUserId = R"({"device_id":"d","account_uuid":"","session_id":"J"})";
    struct Case
    {
        QByteArray body;
        RawHeaders headers;
        QString expected;
    };
    const QList<Case> cases = {
        {withUserId(jsonUserId), {{"x-claude-code-session-id", "H"}}, "H"},
        {withUserId(jsonUserId), {}, "J"},
        {withUserId("user_ab12_account__session_L"), {}, "L"},
        {withUserId("plain"), {}, ""},
        {EngineFixture::anthropicRequest("claude-x"), {}, ""},
    };
    for (const Case &c : cases) {
        fx.clearRecords();
        const auto response = fx.post("/v1/messages", c.body, c.headers);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QVERIFY(fx.waitForRecords(1));
        QCOMPARE(fx.lastRecord().sessionId, c.expected);
    }
}

void TestEngineAnthropic::golden07_countTokensNeverFakesZero()
{
    FakeUpstream anthropic;
    anthropic.setHandler("/v1/messages/count_tokens",
                         FakeUpstream::jsonResponse(200, R"({"input_tokens":4242})"));
    FakeUpstream openai;
    SnapshotBuilder config = anthropicConfig(anthropic);
    config.provider("oai", Protocol::OpenAI, openai.url("/v1").toString());
    config.channel("compat", "oai", {"gpt-x"});
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    // Local counting (the default): a real count of a non-empty message.
    auto response = fx.post("/v1/messages/count_tokens",
                            EngineFixture::anthropicRequest("gpt-x", false, "Hello there"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const int local = response->json().value("input_tokens").toInt();
    QVERIFY(local > 0);

    config.setting("proxy/localTokenCount", false);
    fx.publish(config.build());
    // The route's upstream cannot count: 404 with an Anthropic error body, never 200 with 0.
    response =
        fx.post("/v1/messages/count_tokens", EngineFixture::anthropicRequest("gpt-x"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 404);
    QCOMPARE(response->json().value("type").toString(), "error");
    QCOMPARE(response->json().value("error").toObject().value("type").toString(), "not_found_error");
    QCOMPARE(openai.requestCount(), 0);

    // An Anthropic route forwards to the upstream's count_tokens, model rewritten.
    response = fx.post("/v1/messages/count_tokens?beta=true", EngineFixture::anthropicRequest("claude-x"),
                       anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->json().value("input_tokens").toInt(), 4242);
    QCOMPARE(anthropic.lastRequest().path, QByteArray("/v1/messages/count_tokens"));
    QCOMPARE(anthropic.lastRequest().header("x-api-key"), QByteArray("sk-ant-secret-1"));

    // An upstream that answers count_tokens with 0 is not trusted either.
    anthropic.setHandler("/v1/messages/count_tokens",
                         FakeUpstream::jsonResponse(200, R"({"input_tokens":0})"));
    response =
        fx.post("/v1/messages/count_tokens", EngineFixture::anthropicRequest("claude-x"), anthropicHeaders);
    QVERIFY(response);
    QVERIFY(response->status != 200);
    QCOMPARE(response->json().value("type").toString(), "error");
}

void TestEngineAnthropic::golden08_modelsShape()
{
    FakeUpstream fake;
    EngineFixture fx;
    QVERIFY(fx.start(anthropicConfig(fake, {"claude-b", "claude-a"}).build()));

    auto response = fx.get("/v1/models", {{"x-api-key", "anything"}, {"anthropic-version", "2023-06-01"}});
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QJsonObject list = response->json();
    QJsonArray data = list.value("data").toArray();
    QCOMPARE(data.size(), 2);
    for (const QJsonValue &value : data) {
        const QJsonObject model = value.toObject();
        QCOMPARE(model.value("type").toString(), "model");
        QVERIFY(!model.value("id").toString().isEmpty());
        QVERIFY(!model.value("display_name").toString().isEmpty());
        QVERIFY(QDateTime::fromString(model.value("created_at").toString(), Qt::ISODate).isValid());
    }
    QCOMPARE(list.value("has_more").toBool(true), false);
    QCOMPARE(list.value("first_id").toString(), data.at(0).toObject().value("id").toString());
    QCOMPARE(list.value("last_id").toString(), data.at(1).toObject().value("id").toString());
    QCOMPARE(list.value("first_id").toString(), "claude-a");

    // Pagination like the API.
    response = fx.get("/v1/models?limit=1", {{"anthropic-version", "2023-06-01"}});
    QVERIFY(response);
    list = response->json();
    QCOMPARE(list.value("data").toArray().size(), 1);
    QCOMPARE(list.value("has_more").toBool(), true);
    response = fx.get("/v1/models?limit=1&after_id=claude-a", {{"anthropic-version", "2023-06-01"}});
    QVERIFY(response);
    QCOMPARE(response->json().value("first_id").toString(), "claude-b");
    QCOMPARE(response->json().value("has_more").toBool(true), false);

    // OpenAI clients (no Anthropic headers) get the OpenAI list shape.
    response = fx.get("/proxy/v1/models", {{"authorization", "Bearer x"}});
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    list = response->json();
    QCOMPARE(list.value("object").toString(), "list");
    data = list.value("data").toArray();
    QCOMPARE(data.size(), 2);
    QCOMPARE(data.at(0).toObject().value("object").toString(), "model");
    QVERIFY(data.at(0).toObject().contains("owned_by"));

    response = fx.get("/v1/models/claude-a", anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->json().value("id").toString(), "claude-a");
    QCOMPARE(response->json().value("type").toString(), "model");

    response = fx.get("/v1/models/claude-unknown", anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 404);
    QCOMPARE(response->json().value("error").toObject().value("type").toString(), "not_found_error");
    response = fx.get("/v1/models/claude-unknown");
    QVERIFY(response);
    QCOMPARE(response->status, 404);
    QVERIFY(response->json().value("error").toObject().contains("message")); // OpenAI shape
}

void TestEngineAnthropic::golden41_keepAlive()
{
    FakeUpstream fake;
    const QList<QByteArray> events = EngineFixture::anthropicTextEvents({"late", " answer"});
    fake.setDefaultHandler([events](FakeExchange &exchange) {
        exchange.beginStream(200).delay(1000);
        for (const QByteArray &event : events)
            exchange.sendChunk(event);
        exchange.endStream();
    });
    SnapshotBuilder config = anthropicConfig(fake);
    config.setting("proxy/pingIntervalMs", 200).setting("proxy/idleTimeoutMs", 3000);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("claude-x", true), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QList<SseItem> items = EngineFixture::parseSse(response->body);
    const QByteArrayList all = EngineFixture::eventNames(items, true);
    QVERIFY2(all.indexOf("ping") >= 0 && all.indexOf("ping") < all.indexOf("message_start"), all.join(' '));
    // Pings are whole events of their own: every event parses, pings carry exactly {"type":"ping"}.
    for (const SseItem &item : items) {
        QVERIFY2(!item.json.isEmpty(), item.data.constData());
        if (item.event == "ping")
            QCOMPARE(item.json, QJsonObject({{"type", "ping"}}));
        else
            QCOMPARE(item.json.value("type").toString().toUtf8(), item.event);
    }
    QCOMPARE(EngineFixture::anthropicText(items), "late answer");
    QCOMPARE(EngineFixture::eventNames(items).last(), QByteArray("message_stop"));

    // A dead upstream: pings keep the client's watchdog happy, the proxy's own idle timeout ends it.
    fake.setDefaultHandler([](FakeExchange &exchange) { exchange.beginStream(200).stall(); });
    config.setting("proxy/idleTimeoutMs", 1000);
    fx.publish(config.build());
    fx.clearRecords();
    QElapsedTimer clock;
    clock.start();
    response = fx.post("/v1/messages", EngineFixture::anthropicRequest("claude-x", true), anthropicHeaders);
    QVERIFY(response);
    QVERIFY(clock.elapsed() < 5000);
    QCOMPARE(response->status, 200);
    items = EngineFixture::parseSse(response->body);
    const QByteArrayList names = EngineFixture::eventNames(items, true);
    QVERIFY2(names.contains("ping"), names.join(' '));
    QCOMPARE(names.last(), QByteArray("error"));
    QVERIFY(!items.last().json.value("error").toObject().value("type").toString().isEmpty());
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(fx.lastRecord().errorClass, "timeout");
}

void TestEngineAnthropic::golden58_foreignThinkingToAnthropic()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("ok")));
    EngineFixture fx;
    QVERIFY(fx.start(anthropicConfig(fake).build()));

    const QByteArray proxySig = Wire::proxySignature("plan");
    const auto history = [](const QJsonObject &thinking) {
        QJsonObject body = EngineFixture::json(EngineFixture::anthropicRequest("claude-x", false, "q"));
        QJsonArray messages = body.value("messages").toArray();
        messages.append(QJsonObject {
            {"role", "assistant"},
            {"content", QJsonArray {thinking, QJsonObject {{"type", "text"}, {"text", "answer"}}}}});
        messages.append(QJsonObject {{"role", "user"}, {"content", "next"}});
        body.insert("messages", messages);
        return QJsonDocument(body).toJson(QJsonDocument::Compact);
    };

    // 1. A proxy-signed (foreign) thinking block is removed; the rest of the turn stays.
    auto response = fx.post(
        "/v1/messages",
        history({{"type", "thinking"}, {"thinking", "plan"}, {"signature", QString::fromUtf8(proxySig)}}),
        anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QJsonArray sent = messagesOf(fake.lastRequest());
    QCOMPARE(sent.size(), 3);
    QJsonArray assistant = sent.at(1).toObject().value("content").toArray();
    QCOMPARE(assistant.size(), 1);
    QCOMPARE(assistant.at(0).toObject().value("type").toString(), "text");
    QCOMPARE(assistant.at(0).toObject().value("text").toString(), "answer");
    QVERIFY(!fake.lastRequest().body.contains(proxySig));

    // 2. Anthropic rejects a signature it does not accept: one retry with all thinking removed.
    fake.clearRequests();
    int calls = 0;
    fake.setDefaultHandler([&calls](FakeExchange &exchange) {
        if (calls++ == 0)
            exchange.respondJson(
                400,
                R"({"type":"error","error":{"type":"invalid_request_error",)"
                R"("message":"messages.1.content.0: Invalid `signature` in `thinking` block"}})");
        else
            exchange.respondJson(200, EngineFixture::anthropicMessage("after retry"));
    });
    fx.clearRecords();
    const QByteArray signedHistory =
        history({{"type", "thinking"}, {"thinking", "plan"}, {"signature", "EqQBCkYIforeign"}});
    response = fx.post("/v1/messages", signedHistory, anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(fake.requestCount(), 2);
    QVERIFY(
        fake.requests().at(0).body.contains("EqQBCkYIforeign")); // an Anthropic signature is kept at first
    QVERIFY(!fake.requests().at(1).body.contains("\"thinking\""));
    assistant = messagesOf(fake.requests().at(1)).at(1).toObject().value("content").toArray();
    QCOMPARE(assistant.size(), 1);
    QCOMPARE(assistant.at(0).toObject().value("text").toString(), "answer");
    QVERIFY(fx.waitForRecords(1));
    const QJsonArray trace = QJsonDocument::fromJson(fx.lastRecord().routeTrace.toUtf8()).array();
    QCOMPARE(trace.size(), 2);
    QCOMPARE(trace.at(0).toObject().value("outcome").toString(), "retry");
    QCOMPARE(trace.at(1).toObject().value("outcome").toString(), "ok");

    // 3. Only one such retry: a second signature error goes to the client as the 400 it is.
    fake.clearRequests();
    fake.setDefaultHandler(FakeUpstream::jsonResponse(
        400, R"({"type":"error","error":{"type":"invalid_request_error","message":"Invalid signature"}})"));
    response = fx.post("/v1/messages", signedHistory, anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 400);
    QCOMPARE(fake.requestCount(), 2);
}

void TestEngineAnthropic::golden59_historyNormalisation()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("ok")));
    EngineFixture fx;
    QVERIFY(fx.start(anthropicConfig(fake).build()));

    const QByteArray body =
        R"({"model":"claude-x","max_tokens":100,"messages":[)"
        R"({"role":"user","content":"read it"},)"
        R"({"role":"assistant","content":[{"type":"tool_use","id":"functions.Read:0","name":"Read","input":{"p":"a"}},{"type":"text","text":"done"}]},)"
        R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"functions.Read:0","content":"x"}]}]})";
    const auto response = fx.post("/v1/messages", body, anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const QJsonArray sent = messagesOf(fake.lastRequest());
    QCOMPARE(sent.size(), 3);
    const QJsonArray assistant = sent.at(1).toObject().value("content").toArray();
    QCOMPARE(assistant.size(), 2);
    QCOMPARE(assistant.at(0).toObject().value("type").toString(), "text");
    QCOMPARE(assistant.at(0).toObject().value("text").toString(), "done");
    QCOMPARE(assistant.at(1).toObject().value("type").toString(), "tool_use");
    QCOMPARE(assistant.at(1).toObject().value("id").toString(), "functions_Read_0");
    QCOMPARE(assistant.at(1).toObject().value("input").toObject().value("p").toString(), "a");
    const QJsonObject result = sent.at(2).toObject().value("content").toArray().at(0).toObject();
    QCOMPARE(result.value("tool_use_id").toString(), "functions_Read_0");
}

void TestEngineAnthropic::passthroughBodyIsByteIdenticalExceptModel()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("ok")));
    SnapshotBuilder config = anthropicConfig(fake, {"claude-x"});
    config.defaultRoute("main,claude-real-model");
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    // Odd spacing, escapes, raw UTF-8, numbers in several spellings, unknown fields, signatures and
    // cache_control: the upstream must see exactly these bytes, only the model value swapped.
    const QByteArray body =
        "{ \"model\" :  \"my-alias\",\n \"max_tokens\":1024,\"system\":[{\"type\":\"text\","
        "\"text\":\"x-anthropic-billing-header: cc_version=2.1; cch=ab;\\nYou are Claude\"}],"
        "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"h\\u00e9llo "
        "\xe2\x9c\x93 \\\"q\\\"\",\"cache_control\":{\"type\":\"ephemeral\"}}]},"
        "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"hmm\","
        "\"signature\":\"EqQBCkYIAxgCKkDx==\"},{\"type\":\"text\",\"text\":\"yes\"}]},"
        "{\"role\":\"user\",\"content\":\"go\"}],"
        "\"unknown_field\" : {\"a\":[1,2.50,3e2,-0.0]},\"context_management\":{\"edits\":[]} }";
    const auto response = fx.post("/v1/messages?beta=true", body, anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QByteArray expected = body;
    expected.replace("\"my-alias\"", "\"claude-real-model\"");
    QCOMPARE(fake.lastRequest().body, expected);
}

void TestEngineAnthropic::streamPassesUpstreamBytesThrough()
{
    FakeUpstream fake;
    const QList<QByteArray> events = EngineFixture::anthropicTextEvents({"Hel", "lo ", "w\xc3\xb6rld"});
    // Split the events at odd places (inside JSON, inside a multi-byte character).
    const QByteArray all = events.join();
    fake.setDefaultHandler([all](FakeExchange &exchange) {
        exchange.beginStream(200);
        for (qsizetype at = 0; at < all.size(); at += 37)
            exchange.sendChunk(all.mid(at, 37)).delay(5);
        exchange.endStream();
    });
    EngineFixture fx;
    QVERIFY(fx.start(anthropicConfig(fake).build()));
    const auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("claude-x", true), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(response->header("cache-control"), QByteArray("no-cache"));
    QVERIFY(response->header("request-id").startsWith("req_"));
    QCOMPARE(response->body, all); // the upstream's bytes, unchanged
}

void TestEngineAnthropic::nonStreamingUpstreamAnswersStreamRequest()
{
    FakeUpstream fake;
    fake.setDefaultHandler(
        FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("whole answer", 12, 7)));
    EngineFixture fx;
    QVERIFY(fx.start(anthropicConfig(fake).build()));
    const auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("claude-x", true), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("content-type"), QByteArray("text/event-stream"));
    const QList<SseItem> items = EngineFixture::parseSse(response->body);
    QCOMPARE(EngineFixture::eventNames(items),
             QByteArrayList({"message_start", "content_block_start", "content_block_delta",
                             "content_block_stop", "message_delta", "message_stop"}));
    QCOMPARE(items.first().json.value("message").toObject().value("content").toArray().size(), 0);
    QCOMPARE(EngineFixture::anthropicText(items), "whole answer");
    QCOMPARE(items.at(4).json.value("delta").toObject().value("stop_reason").toString(), "end_turn");
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(fx.lastRecord().inputTokens, qint64(12));
    QCOMPARE(fx.lastRecord().outputTokens, qint64(7));
    QVERIFY(fx.lastRecord().stream);
}

void TestEngineAnthropic::clientDisconnectAbortsUpstream()
{
    FakeUpstream fake;
    fake.setDefaultHandler(stallAfterFirstDelta(EngineFixture::anthropicTextEvents({"first"})));
    EngineFixture fx;
    QVERIFY(fx.start(anthropicConfig(fake).build()));

    RawHttpClient client;
    QVERIFY(client.connectTo(fx.port()));
    const QByteArray body = EngineFixture::anthropicRequest("claude-x", true);
    client.sendRequest("POST", "/v1/messages", body, {{"Content-Type", "application/json"}});
    QVERIFY(!client.waitForBytes("text_delta").isEmpty());
    QElapsedTimer clock;
    clock.start();
    client.socket().abort();
    QVERIFY(fake.waitForClientDisconnects(1, 3000));
    QVERIFY2(clock.elapsed() < 1500, QByteArray::number(clock.elapsed()).constData());
    QVERIFY(fx.waitForRecords(1));
    const UsageRecord record = fx.lastRecord();
    QCOMPARE(record.errorClass, "client_disconnect");
    QCOMPARE(record.status, 200); // the stream had started
    QCOMPARE(record.inputTokens, qint64(10)); // from message_start
}

void TestEngineAnthropic::upstreamResetMidStreamEndsWithErrorEvent()
{
    FakeUpstream fake;
    const QList<QByteArray> events = EngineFixture::anthropicTextEvents({"Hel", "lo"});
    fake.setDefaultHandler([events](FakeExchange &exchange) {
        exchange.beginStream(200);
        for (int i = 0; i < 4; ++i) // message_start, block start, two deltas
            exchange.sendChunk(events.at(i)).delay(20);
        exchange.reset();
    });
    EngineFixture fx;
    QVERIFY(fx.start(anthropicConfig(fake).build()));
    const auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("claude-x", true), anthropicHeaders);
    QVERIFY(response); // a complete chunked response: ended properly, not cut
    QCOMPARE(response->status, 200);
    const QList<SseItem> items = EngineFixture::parseSse(response->body);
    const QByteArrayList names = EngineFixture::eventNames(items);
    QCOMPARE(names,
             QByteArrayList({"message_start", "content_block_start", "content_block_delta",
                             "content_block_delta", "error"}));
    QCOMPARE(EngineFixture::anthropicText(items), "Hello");
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(fx.lastRecord().errorClass, "upstream_cut");
    QCOMPARE(fx.lastRecord().inputTokens, qint64(10));
}

void TestEngineAnthropic::upstreamStallMidStreamEndsWithErrorEvent()
{
    FakeUpstream fake;
    fake.setDefaultHandler(stallAfterFirstDelta(EngineFixture::anthropicTextEvents({"Hel", "lo"})));
    SnapshotBuilder config = anthropicConfig(fake);
    config.setting("proxy/idleTimeoutMs", 800).setting("proxy/pingIntervalMs", 300);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    QElapsedTimer clock;
    clock.start();
    const auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("claude-x", true), anthropicHeaders);
    QVERIFY(response);
    QVERIFY(clock.elapsed() >= 700 && clock.elapsed() < 5000);
    const QList<SseItem> items = EngineFixture::parseSse(response->body);
    const QByteArrayList names = EngineFixture::eventNames(items);
    QCOMPARE(names.last(), QByteArray("error"));
    QVERIFY(!names.contains("message_stop"));
    QVERIFY(EngineFixture::eventNames(items, true).contains("ping")); // pings filled the silence
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(fx.lastRecord().errorClass, "timeout");
    QCOMPARE(fake.waitForClientDisconnects(1, 3000), true); // the upstream request was closed
}

void TestEngineAnthropic::usageRecordFields()
{
    FakeUpstream fake;
    fake.setDefaultHandler(
        FakeUpstream::sseScript(EngineFixture::anthropicTextEvents({"a", "b"}, 100, 50, 1000, 200), 10));
    const QList<ModelPrice> prices = {{"gpt-*", 99, 99, 99, 99}, {"claude-*", 3.0, 15.0, 0.3, 3.75}};
    EngineFixture fx;
    SnapshotBuilder config = anthropicConfig(fake, {"claude-x"}, prices);
    QVERIFY(fx.start(config.build()));
    const auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("claude-x", true),
                {{"anthropic-version", "2023-06-01"}, {"x-claude-code-session-id", "sess-1"}});
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY2(response->header("x-switchyard-route").contains("main,claude-x"),
             response->header("x-switchyard-route"));
    QVERIFY(fx.waitForRecords(1));
    const UsageRecord r = fx.lastRecord();
    QCOMPARE(r.requestId.toUtf8(), response->header("request-id"));
    QCOMPARE(r.sessionId, "sess-1");
    QCOMPARE(r.endpoint, "messages");
    QCOMPARE(r.requestedModel, "claude-x");
    QCOMPARE(r.resolvedModel, "claude-x");
    QCOMPARE(r.channelName, "main");
    QVERIFY(r.channelId > 0);
    QCOMPARE(r.inputTokens, qint64(100));
    QCOMPARE(r.outputTokens, qint64(50));
    QCOMPARE(r.cacheReadTokens, qint64(1000));
    QCOMPARE(r.cacheWriteTokens, qint64(200));
    // (100*3 + 50*15 + 1000*0.3 + 200*3.75) / 1e6
    QVERIFY2(qAbs(r.costUsd - 0.0021) < 1e-9, QByteArray::number(r.costUsd, 'g', 12).constData());
    QVERIFY(r.ttftMs >= 0);
    QVERIFY(r.ttftMs <= r.latencyMs);
    QVERIFY(r.timestampMs > 0);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.errorClass, "");
    QVERIFY(r.stream);
    const QJsonArray trace = QJsonDocument::fromJson(r.routeTrace.toUtf8()).array();
    QCOMPARE(trace.size(), 1);
    const QJsonObject attempt = trace.at(0).toObject();
    QCOMPARE(attempt.value("channel").toString(), "main");
    QCOMPARE(attempt.value("model").toString(), "claude-x");
    QCOMPARE(attempt.value("outcome").toString(), "ok");
    QCOMPARE(attempt.value("status").toInt(), 200);
    QCOMPARE(attempt.value("keyId").toInteger(), config.snapshot().config.channels.first().keys.first().id);
    QVERIFY(attempt.value("ms").toInteger() >= 0);
    QVERIFY(!r.routeTrace.contains("sk-ant-secret-1")); // never the key
}

void TestEngineAnthropic::routeHeaderCanBeDisabled()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("ok")));
    SnapshotBuilder config = anthropicConfig(fake);
    config.setting("proxy/routeHeader", false);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    const auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("claude-x"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(response->header("x-switchyard-route").isEmpty());
}

void TestEngineAnthropic::clientKeysRefuseBadKeys()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("ok")));
    SnapshotBuilder config = anthropicConfig(fake, {"claude-x", "claude-y"});
    config.clientKey("off", "sy-disabled", true);
    config.clientKey("old", "sy-expired", false, QDateTime::currentDateTimeUtc().addSecs(-60));
    config.clientKey("narrow", "sy-narrow", false, {}, {"claude-y"});
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    const QByteArray body = EngineFixture::anthropicRequest("claude-x");

    for (const QByteArray &key : {QByteArray("sy-disabled"), QByteArray("sy-expired")}) {
        const auto response = fx.post("/v1/messages", body, {{"x-api-key", key}});
        QVERIFY(response);
        QCOMPARE(response->status, 401);
        QCOMPARE(response->json().value("error").toObject().value("type").toString(), "authentication_error");
    }
    auto response = fx.post("/v1/messages", body); // no key at all
    QVERIFY(response);
    QCOMPARE(response->status, 401);

    // The OpenAI shape for OpenAI clients.
    response = fx.post("/v1/chat/completions", EngineFixture::openAIRequest("claude-x"),
                       {{"authorization", "Bearer nope"}});
    QVERIFY(response);
    QCOMPARE(response->status, 401);
    QCOMPARE(response->json().value("error").toObject().value("code").toString(), "invalid_api_key");
    response = fx.get("/v1/models", {{"authorization", "Bearer nope"}});
    QVERIFY(response);
    QCOMPARE(response->status, 401);

    // A key limited to some models.
    response = fx.post("/v1/messages", body, {{"x-api-key", "sy-narrow"}});
    QVERIFY(response);
    QCOMPARE(response->status, 403);
    QCOMPARE(response->json().value("error").toObject().value("type").toString(), "permission_error");
    response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("claude-y"), {{"x-api-key", "sy-narrow"}});
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    response = fx.get("/v1/models", {{"x-api-key", "sy-narrow"}});
    QVERIFY(response);
    QCOMPARE(response->json().value("data").toArray().size(), 1);
    QCOMPARE(fake.requestCount(), 1);
}

void TestEngineAnthropic::loopbackOnlyWithoutClientKeys()
{
    QVERIFY(ClientAuth::isLoopback(QHostAddress("127.0.0.1")));
    QVERIFY(ClientAuth::isLoopback(QHostAddress("127.8.9.10")));
    QVERIFY(ClientAuth::isLoopback(QHostAddress("::1")));
    QVERIFY(ClientAuth::isLoopback(QHostAddress("::ffff:127.0.0.1")));
    QVERIFY(!ClientAuth::isLoopback(QHostAddress("192.168.1.20")));
    QVERIFY(!ClientAuth::isLoopback(QHostAddress("::ffff:10.0.0.1")));
    ConfigData empty;
    QVERIFY(ClientAuth::check(empty, {}, {}, QHostAddress("127.0.0.1")).ok());
    QCOMPARE(ClientAuth::check(empty, {}, {}, QHostAddress("10.1.2.3")).httpStatus(), 403);

    // End to end from a non-loopback address of this machine, when it has one.
    QHostAddress lan;
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback()
            && !address.isLinkLocal()) {
            lan = address;
            break;
        }
    }
    if (lan.isNull())
        QSKIP("no non-loopback IPv4 address on this machine");

    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("ok")));
    SnapshotBuilder config = anthropicConfig(fake);
    EngineFixture fx;
    ProxyServer::Options options;
    options.address = QHostAddress::AnyIPv4;
    QVERIFY(fx.start(config.build(), options));
    const auto requestFrom = [&](const RawHeaders &headers) -> std::optional<RawHttpResponse> {
        QTcpSocket socket;
        socket.connectToHost(lan, fx.port());
        if (!socket.waitForConnected(3000))
            return std::nullopt;
        const QByteArray body = EngineFixture::anthropicRequest("claude-x");
        QByteArray request = "POST /v1/messages HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
                             "application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n";
        for (const auto &[name, value] : headers)
            request += name + ": " + value + "\r\n";
        socket.write(request + "\r\n" + body);
        QByteArray received;
        RawHttpResponse response;
        (void)QTest::qWaitFor( // the result is checked through response.status
            [&] {
                received += socket.readAll();
                return parseHttpResponse(received, &response) > 0;
            },
            5000);
        return response.status ? std::optional(response) : std::nullopt;
    };
    auto response = requestFrom({});
    QVERIFY(response);
    QCOMPARE(response->status, 403);
    QCOMPARE(response->json().value("error").toObject().value("type").toString(), "permission_error");
    QCOMPARE(fake.requestCount(), 0);

    config.clientKey("lan", "sy-lan-key");
    fx.publish(config.build());
    response = requestFrom({{"x-api-key", "sy-lan-key"}});
    QVERIFY(response);
    QCOMPARE(response->status, 200);
}

QTEST_GUILESS_MAIN(TestEngineAnthropic)
// Golden 60 through the engine: the request body's traits reach the router, each scenario sends the
// request to its own upstream model, and the usage record says which step decided.
void TestEngineAnthropic::golden60_sideQueryRoutingEndToEnd()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("ok")));
    SnapshotBuilder config;
    config.provider("anth", Protocol::Anthropic, fake.url().toString());
    config.channel("main", "anth", {"claude-sonnet-4-5", "claude-haiku-4-5-20251001"}, {"sk-ant-main"});
    config.channel("side", "anth", {"bg-model", "search-model", "think-model", "long-model"},
                   {"sk-ant-side"});
    const auto scenario = [&config](const char *match, const char *target, QJsonObject options = {}) {
        RoutingRule rule;
        rule.id = 100 + config.snapshot().config.rules.size();
        rule.kind = QStringLiteral("scenario");
        rule.match = QLatin1String(match);
        rule.target = QLatin1String(target);
        rule.options = options;
        config.snapshot().config.rules.append(rule);
    };
    scenario("background", "side,bg-model");
    scenario("webSearch", "side,search-model");
    scenario("think", "side,think-model");
    scenario("longContext", "side,long-model", QJsonObject {{"longContextThreshold", 2000}});
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    const auto body = [](const char *model, const QJsonObject &extra, const QString &text = "Hello") {
        QJsonObject request {{"model", model},
                             {"max_tokens", 256},
                             {"messages", QJsonArray {QJsonObject {{"role", "user"}, {"content", text}}}}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            request.insert(it.key(), it.value());
        return QJsonDocument(request).toJson(QJsonDocument::Compact);
    };
    const QJsonArray searchTool {QJsonObject {{"type", "web_search_20250305"}, {"name", "web_search"}}};
    const QJsonObject thinking {{"type", "enabled"}, {"budget_tokens", 4096}};
    const QString longText = QStringLiteral("lorem ipsum dolor sit amet ").repeated(400);
    struct Case
    {
        QByteArray body;
        const char *upstreamModel;
        const char *step;
    };
    const QList<Case> cases = {
        {body("claude-haiku-4-5-20251001", {}), "bg-model", "scenario:background"},
        {body("claude-sonnet-4-5", {{"tools", searchTool}}), "search-model", "scenario:webSearch"},
        {body("claude-sonnet-4-5", {{"thinking", thinking}}), "think-model", "scenario:think"},
        // Long context wins over thinking and search (protocols 2.4).
        {body("claude-sonnet-4-5", {{"thinking", thinking}, {"tools", searchTool}}, longText), "long-model",
         "scenario:longContext"},
        {body("claude-sonnet-4-5", {}), "claude-sonnet-4-5", "listing"},
    };
    for (const Case &c : cases) {
        fx.clearRecords();
        const auto response = fx.post("/v1/messages", c.body, anthropicHeaders);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(fake.lastRequest().json().value("model").toString(), QLatin1String(c.upstreamModel));
        QVERIFY(fx.waitForRecords(1));
        const UsageRecord record = fx.lastRecord();
        QCOMPARE(record.resolvedModel, QLatin1String(c.upstreamModel));
        QVERIFY2(record.routeReason.contains(QLatin1String(c.step) + QLatin1String(":+")),
                 qPrintable(record.routeReason));
    }
}

#include "tst_engine_anthropic.moc"
