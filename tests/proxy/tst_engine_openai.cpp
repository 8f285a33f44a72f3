// The protocol engine end to end across protocols: Anthropic clients on OpenAI-compatible
// upstreams, OpenAI clients on Anthropic upstreams, OpenAI to OpenAI pass-through; streaming and
// non-streaming, with tool calls and thinking/reasoning (protocols 4.1-4.8, golden 26, 28, 45, 47).

#include "enginefixture.h"
#include "fakeupstream.h"
#include "jsontestutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Switchyard;
using namespace Switchyard::Test;

// Declared before the test data: moc cannot read the raw string literals below.
class TestEngineOpenAI : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void anthropicClientOpenAIUpstreamStreaming();
    void anthropicClientOpenAIUpstreamNonStreaming();
    void anthropicClientOpenAIUpstreamWholeAnswerToStream();
    void openAIClientAnthropicUpstreamStreaming();
    void openAIClientAnthropicUpstreamNonStreaming();
    void openAIClientMidStreamErrorClosesWithoutDone();
    void openAIPassthroughStreaming();
    void openAIPassthroughNonStreaming();
    void openAIWholeAnswerToStreamRequest();
    void toolIdsRoundTripAcrossRequests();
};

namespace {

const RawHeaders anthropicHeaders = {{"anthropic-version", "2023-06-01"}};

// protocols 3.3: reasoning, text, one tool call, finish, usage, [DONE].
const QList<QByteArray> openAIToolStream = {
    R"(data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1730000000,"model":"deepseek-chat","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":"Need to"},"finish_reason":null}]})",
    R"(data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1730000000,"model":"deepseek-chat","choices":[{"index":0,"delta":{"reasoning_content":" read main.cpp."},"finish_reason":null}]})",
    R"(data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1730000000,"model":"deepseek-chat","choices":[{"index":0,"delta":{"content":"Let me read it."},"finish_reason":null}]})",
    R"(data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1730000000,"model":"deepseek-chat","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_abc","type":"function","function":{"name":"Read","arguments":""}}]},"finish_reason":null}]})",
    R"(data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1730000000,"model":"deepseek-chat","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"file_path\":"}}]},"finish_reason":null}]})",
    R"(data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1730000000,"model":"deepseek-chat","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"/src/main.cpp\"}"}}]},"finish_reason":null}]})",
    R"(data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1730000000,"model":"deepseek-chat","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})",
    R"(data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1730000000,"model":"deepseek-chat","choices":[],"usage":{"prompt_tokens":4908,"completion_tokens":61,"total_tokens":4969,"prompt_tokens_details":{"cached_tokens":4096}}})",
    "data: [DONE]",
};

// protocols 3.2.
const QByteArray openAIToolCompletion =
    R"({"id":"chatcmpl-9","object":"chat.completion","created":1730000000,"model":"gpt-4.1","choices":[{"index":0,)"
    R"("message":{"role":"assistant","content":"Let me read it.","refusal":null,"tool_calls":[{"id":"call_abc",)"
    R"("type":"function","function":{"name":"Read","arguments":"{\"file_path\":\"/src/main.cpp\"}"}}]},)"
    R"("logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":4908,"completion_tokens":61,)"
    R"("total_tokens":4969,"prompt_tokens_details":{"cached_tokens":4096},"completion_tokens_details":{"reasoning_tokens":0}}})";

QByteArray sse(const char *name, const QByteArray &json)
{
    return FakeUpstream::sseEvent(name, json);
}

// protocols 1.7's example: thinking, text, tool_use.
QList<QByteArray> anthropicToolStream()
{
    return {
        sse("message_start",
            R"({"type":"message_start","message":{"id":"msg_01AbCdEf","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":812,"cache_creation_input_tokens":0,"cache_read_input_tokens":4096,"output_tokens":1}}})"),
        sse("content_block_start",
            R"({"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}})"),
        sse("ping", R"({"type":"ping"})"),
        sse("content_block_delta",
            R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Need to read main.cpp."}})"),
        sse("content_block_delta",
            R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCkYI"}})"),
        sse("content_block_stop", R"({"type":"content_block_stop","index":0})"),
        sse("content_block_start",
            R"({"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}})"),
        sse("content_block_delta",
            R"({"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Let me read it."}})"),
        sse("content_block_stop", R"({"type":"content_block_stop","index":1})"),
        sse("content_block_start",
            R"({"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_01XyZ","name":"Read","input":{}}})"),
        sse("content_block_delta",
            R"({"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}})"),
        sse("content_block_delta",
            R"({"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"file_path\": \"/src/ma"}})"),
        sse("content_block_delta",
            R"({"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"in.cpp\"}"}})"),
        sse("content_block_stop", R"({"type":"content_block_stop","index":2})"),
        sse("message_delta",
            R"({"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":812,"cache_creation_input_tokens":0,"cache_read_input_tokens":4096,"output_tokens":61}})"),
        sse("message_stop", R"({"type":"message_stop"})"),
    };
}

const QByteArray anthropicToolMessage =
    R"({"id":"msg_01AbCdEf","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[)"
    R"({"type":"thinking","thinking":"Need to read main.cpp.","signature":"EqQBCkYI"},)"
    R"({"type":"text","text":"Let me read it."},)"
    R"({"type":"tool_use","id":"toolu_01XyZ","name":"Read","input":{"file_path":"/src/main.cpp"}}],)"
    R"("stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":812,"cache_creation_input_tokens":0,)"
    R"("cache_read_input_tokens":4096,"output_tokens":61}})";

const QByteArray openAIToolRequest =
    R"({"model":"claude-x","stream":true,"stream_options":{"include_usage":true},"messages":[)"
    R"({"role":"system","content":"S"},{"role":"user","content":"Read main.cpp"}],)"
    R"("tools":[{"type":"function","function":{"name":"Read","parameters":{"type":"object","properties":{"file_path":{"type":"string"}}}}}]})";

SnapshotBuilder openAIUpstream(const FakeUpstream &fake, const QStringList &models = {"gpt-x"})
{
    SnapshotBuilder config;
    config.provider("oai", Protocol::OpenAI, fake.url("/v1").toString());
    config.channel("compat", "oai", models, {"sk-openai-1"});
    return config;
}

SnapshotBuilder anthropicUpstream(const FakeUpstream &fake, const QStringList &models = {"claude-x"})
{
    SnapshotBuilder config;
    config.provider("anth", Protocol::Anthropic, fake.url().toString());
    config.channel("main", "anth", models, {"sk-ant-1"});
    return config;
}

QList<SseItem> dataChunks(const QList<SseItem> &items)
{
    QList<SseItem> out;
    for (const SseItem &item : items) {
        if (item.data != "[DONE]")
            out.append(item);
    }
    return out;
}

} // namespace

void TestEngineOpenAI::anthropicClientOpenAIUpstreamStreaming()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::sseScript(openAIToolStream, 5));
    EngineFixture fx;
    QVERIFY(fx.start(openAIUpstream(fake).build()));

    const QByteArray body =
        R"({"model":"gpt-x","max_tokens":1024,"stream":true,"system":[{"type":"text",)"
        R"("text":"x-anthropic-billing-header: cc_version=2.1.1; cch=ab12c;\nYou are Claude Code."}],)"
        R"("messages":[{"role":"user","content":"Read main.cpp"}],)"
        R"("tools":[{"name":"Read","description":"d","input_schema":{"type":"object","properties":{"file_path":{"type":"string"}}}}]})";
    const auto response = fx.post("/v1/messages?beta=true", body,
                                  {{"anthropic-version", "2023-06-01"}, {"anthropic-beta", "x-1"}});
    QVERIFY(response);
    QCOMPARE(response->status, 200);

    // The outbound request is OpenAI Chat.
    const RecordedRequest upstream = fake.lastRequest();
    QCOMPARE(upstream.path, QByteArray("/v1/chat/completions"));
    QCOMPARE(upstream.header("authorization"), QByteArray("Bearer sk-openai-1"));
    QVERIFY(!upstream.hasHeader("anthropic-beta"));
    const QJsonObject sent = upstream.json();
    QCOMPARE(sent.value("model").toString(), "gpt-x");
    QCOMPARE(sent.value("stream").toBool(), true);
    QCOMPARE(sent.value("stream_options").toObject().value("include_usage").toBool(), true);
    const QJsonArray messages = sent.value("messages").toArray();
    QCOMPARE(messages.at(0).toObject().value("role").toString(), "system");
    QCOMPARE(messages.at(0).toObject().value("content").toString(), "You are Claude Code.");
    QCOMPARE(sent.value("tools").toArray().at(0).toObject().value("type").toString(), "function");

    // Golden 28: thinking 0, text 1, tool_use 2, one message_delta.
    const QList<SseItem> items = EngineFixture::parseSse(response->body);
    QCOMPARE(EngineFixture::eventNames(items),
             QByteArrayList({"message_start", "content_block_start", "content_block_delta",
                             "content_block_delta", "content_block_delta", "content_block_stop",
                             "content_block_start", "content_block_delta", "content_block_stop",
                             "content_block_start", "content_block_delta", "content_block_delta",
                             "content_block_stop", "message_delta", "message_stop"}));
    const QJsonObject start = items.at(0).json.value("message").toObject();
    QCOMPARE(start.value("model").toString(), "gpt-x");
    QCOMPARE(start.value("content").toArray().size(), 0);
    QCOMPARE(items.at(1).json.value("content_block").toObject().value("type").toString(), "thinking");
    QCOMPARE(EngineFixture::anthropicText(items), "Let me read it.");
    const QJsonObject tool = items.at(9).json.value("content_block").toObject();
    QCOMPARE(items.at(9).json.value("index").toInt(), 2);
    QCOMPARE(tool.value("type").toString(), "tool_use");
    QCOMPARE(tool.value("id").toString(), "call_abc");
    QCOMPARE(tool.value("name").toString(), "Read");
    QString args;
    for (const SseItem &item : items) {
        const QJsonObject delta = item.json.value("delta").toObject();
        if (delta.value("type").toString() == "input_json_delta")
            args += delta.value("partial_json").toString();
    }
    QCOMPARE(QJsonDocument::fromJson(args.toUtf8()).object().value("file_path").toString(), "/src/main.cpp");
    const QJsonObject messageDelta = items.at(13).json;
    QCOMPARE(messageDelta.value("delta").toObject().value("stop_reason").toString(), "tool_use");
    QCOMPARE(messageDelta.value("usage").toObject().value("input_tokens").toInt(), 812);
    QCOMPARE(messageDelta.value("usage").toObject().value("cache_read_input_tokens").toInt(), 4096);
    QCOMPARE(messageDelta.value("usage").toObject().value("output_tokens").toInt(), 61);

    QVERIFY(fx.waitForRecords(1));
    const UsageRecord record = fx.lastRecord();
    QCOMPARE(record.inputTokens, qint64(812));
    QCOMPARE(record.cacheReadTokens, qint64(4096));
    QCOMPARE(record.outputTokens, qint64(61));
    QCOMPARE(record.resolvedModel, "gpt-x");
    QVERIFY(record.ttftMs >= 0);
}

void TestEngineOpenAI::anthropicClientOpenAIUpstreamNonStreaming()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, openAIToolCompletion));
    SnapshotBuilder config = openAIUpstream(fake, {"gpt-4.1"});
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    const auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("gpt-4.1"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(!fake.lastRequest().json().contains("stream_options"));
    const QJsonObject message = response->json();
    QCOMPARE(message.value("type").toString(), "message");
    QCOMPARE(message.value("model").toString(), "gpt-4.1");
    const QJsonArray content = message.value("content").toArray();
    QCOMPARE(content.size(), 2);
    QCOMPARE(content.at(0).toObject().value("text").toString(), "Let me read it.");
    QCOMPARE(content.at(1).toObject().value("type").toString(), "tool_use");
    QCOMPARE(content.at(1).toObject().value("id").toString(), "call_abc");
    QCOMPARE(content.at(1).toObject().value("input").toObject().value("file_path").toString(),
             "/src/main.cpp");
    QCOMPARE(message.value("stop_reason").toString(), "tool_use");
    QCOMPARE(message.value("usage").toObject().value("input_tokens").toInt(), 812);
    QCOMPARE(message.value("usage").toObject().value("cache_read_input_tokens").toInt(), 4096);
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(fx.lastRecord().outputTokens, qint64(61));
    QCOMPARE(fx.lastRecord().stream, false);
}

void TestEngineOpenAI::anthropicClientOpenAIUpstreamWholeAnswerToStream()
{
    // The upstream ignores stream:true and answers with one body: the client still gets proper SSE.
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, openAIToolCompletion));
    EngineFixture fx;
    QVERIFY(fx.start(openAIUpstream(fake).build()));
    const auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("gpt-x", true), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("content-type"), QByteArray("text/event-stream"));
    const QList<SseItem> items = EngineFixture::parseSse(response->body);
    const QByteArrayList names = EngineFixture::eventNames(items);
    QCOMPARE(names.first(), QByteArray("message_start"));
    QCOMPARE(names.last(), QByteArray("message_stop"));
    QCOMPARE(names.count("message_delta"), 1);
    QCOMPARE(EngineFixture::anthropicText(items), "Let me read it.");
    bool sawTool = false;
    for (const SseItem &item : items) {
        if (item.json.value("content_block").toObject().value("type").toString() == "tool_use") {
            sawTool = true;
            QCOMPARE(item.json.value("content_block").toObject().value("id").toString(), "call_abc");
        }
    }
    QVERIFY(sawTool);
}

void TestEngineOpenAI::openAIClientAnthropicUpstreamStreaming()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::sseScript(anthropicToolStream(), 5));
    SnapshotBuilder config = anthropicUpstream(fake);
    config.setting("proxy/openaiReasoningContent", true);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    const auto response =
        fx.post("/v1/chat/completions", openAIToolRequest, {{"authorization", "Bearer local"}});
    QVERIFY(response);
    QCOMPARE(response->status, 200);

    const RecordedRequest upstream = fake.lastRequest();
    QCOMPARE(upstream.path, QByteArray("/v1/messages"));
    QCOMPARE(upstream.header("x-api-key"), QByteArray("sk-ant-1"));
    QCOMPARE(upstream.header("anthropic-version"), QByteArray("2023-06-01"));
    QVERIFY(!upstream.hasHeader("authorization"));
    const QJsonObject sent = upstream.json();
    QCOMPARE(sent.value("model").toString(), "claude-x");
    QVERIFY(sent.value("max_tokens").toInt() > 0);
    QCOMPARE(sent.value("stream").toBool(), true);
    QVERIFY(sent.value("system").toString() == "S"
            || sent.value("system").toArray().at(0).toObject().value("text").toString() == "S");
    QCOMPARE(sent.value("tools").toArray().at(0).toObject().value("name").toString(), "Read");

    // Golden 45: role chunk, reasoning (opted in), content, tool call index 0, finish, usage, [DONE].
    const QList<SseItem> items = EngineFixture::parseSse(response->body);
    QCOMPARE(items.last().data, QByteArray("[DONE]"));
    const QList<SseItem> chunks = dataChunks(items);
    QCOMPARE(chunks.first()
                 .json.value("choices")
                 .toArray()
                 .at(0)
                 .toObject()
                 .value("delta")
                 .toObject()
                 .value("role")
                 .toString(),
             "assistant");
    QString reasoning;
    QString arguments;
    QString finish;
    QJsonObject usage;
    for (const SseItem &chunk : chunks) {
        QCOMPARE(chunk.json.value("object").toString(), "chat.completion.chunk");
        QCOMPARE(chunk.json.value("model").toString(), "claude-x");
        const QJsonArray choices = chunk.json.value("choices").toArray();
        if (choices.isEmpty()) {
            usage = chunk.json.value("usage").toObject();
            continue;
        }
        const QJsonObject choice = choices.at(0).toObject();
        const QJsonObject delta = choice.value("delta").toObject();
        reasoning += delta.value("reasoning_content").toString();
        for (const QJsonValue &call : delta.value("tool_calls").toArray()) {
            QCOMPARE(call.toObject().value("index").toInt(), 0);
            if (call.toObject().contains("id")) {
                QCOMPARE(call.toObject().value("id").toString(), "toolu_01XyZ");
                QCOMPARE(call.toObject().value("function").toObject().value("name").toString(), "Read");
            }
            arguments += call.toObject().value("function").toObject().value("arguments").toString();
        }
        if (choice.value("finish_reason").isString())
            finish = choice.value("finish_reason").toString();
    }
    QCOMPARE(reasoning, "Need to read main.cpp.");
    QCOMPARE(EngineFixture::openAIText(chunks), "Let me read it.");
    QCOMPARE(QJsonDocument::fromJson(arguments.toUtf8()).object().value("file_path").toString(),
             "/src/main.cpp");
    QCOMPARE(finish, "tool_calls");
    QCOMPARE(usage.value("prompt_tokens").toInt(), 4908);
    QCOMPARE(usage.value("completion_tokens").toInt(), 61);
    QCOMPARE(usage.value("prompt_tokens_details").toObject().value("cached_tokens").toInt(), 4096);

    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(fx.lastRecord().endpoint, "chat.completions");
    QCOMPARE(fx.lastRecord().inputTokens, qint64(812));
    QCOMPARE(fx.lastRecord().cacheReadTokens, qint64(4096));
}

void TestEngineOpenAI::openAIClientAnthropicUpstreamNonStreaming()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, anthropicToolMessage));
    SnapshotBuilder config = anthropicUpstream(fake);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    const QByteArray request =
        R"({"model":"claude-x","max_completion_tokens":500,"stop":"X","messages":[)"
        R"({"role":"system","content":"S"},{"role":"user","content":"Q"},)"
        R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}}]},)"
        R"({"role":"tool","tool_call_id":"call_1","content":"R"},{"role":"user","content":"next"}],)"
        R"("tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],)"
        R"("tool_choice":"required","parallel_tool_calls":false})";
    auto response = fx.post("/v1/chat/completions", request);
    QVERIFY(response);
    QCOMPARE(response->status, 200);

    // Golden 44: the outbound Anthropic request.
    const QJsonObject sent = fake.lastRequest().json();
    QCOMPARE(sent.value("max_tokens").toInt(), 500);
    QCOMPARE(sent.value("stop_sequences").toArray(), QJsonArray({"X"}));
    QCOMPARE(sent.value("tool_choice").toObject().value("type").toString(), "any");
    QCOMPARE(sent.value("tool_choice").toObject().value("disable_parallel_tool_use").toBool(), true);
    const QJsonArray messages = sent.value("messages").toArray();
    QCOMPARE(messages.size(), 3);
    QCOMPARE(messages.at(1).toObject().value("content").toArray().at(0).toObject().value("type").toString(),
             "tool_use");
    const QJsonArray last = messages.at(2).toObject().value("content").toArray();
    QCOMPARE(last.at(0).toObject().value("type").toString(), "tool_result");
    QCOMPARE(last.at(0).toObject().value("tool_use_id").toString(), "call_1");
    QCOMPARE(last.at(1).toObject().value("text").toString(), "next");

    // Golden 4.5: the chat.completion; reasoning only when opted in (not here).
    const QJsonObject completion = response->json();
    QCOMPARE(completion.value("object").toString(), "chat.completion");
    QCOMPARE(completion.value("model").toString(), "claude-x");
    const QJsonObject choice = completion.value("choices").toArray().at(0).toObject();
    QCOMPARE(choice.value("finish_reason").toString(), "tool_calls");
    const QJsonObject message = choice.value("message").toObject();
    QCOMPARE(message.value("content").toString(), "Let me read it.");
    QVERIFY(!message.contains("reasoning_content"));
    const QJsonObject call = message.value("tool_calls").toArray().at(0).toObject();
    QCOMPARE(call.value("id").toString(), "toolu_01XyZ");
    QCOMPARE(call.value("function").toObject().value("name").toString(), "Read");
    QCOMPARE(QJsonDocument::fromJson(call.value("function").toObject().value("arguments").toString().toUtf8())
                 .object()
                 .value("file_path")
                 .toString(),
             "/src/main.cpp");
    QCOMPARE(completion.value("usage").toObject().value("prompt_tokens").toInt(), 4908);

    // With the reasoning opt-in the thinking comes back as reasoning_content.
    config.setting("proxy/openaiReasoningContent", true);
    fx.publish(config.build());
    response = fx.post("/v1/chat/completions", EngineFixture::openAIRequest("claude-x"));
    QVERIFY(response);
    QCOMPARE(Test::firstChoiceMessage(response->json()).value("reasoning_content").toString(),
             "Need to read main.cpp.");
}

void TestEngineOpenAI::openAIClientMidStreamErrorClosesWithoutDone()
{
    // Golden 47: an Anthropic error event after the first content becomes an OpenAI error chunk.
    FakeUpstream fake;
    QList<QByteArray> events = EngineFixture::anthropicTextEvents({"partial"});
    events = events.mid(0, 3);
    events.append(
        sse("error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"));
    fake.setDefaultHandler(FakeUpstream::sseScript(events, 5));
    EngineFixture fx;
    QVERIFY(fx.start(anthropicUpstream(fake).build()));
    const auto response = fx.post("/v1/chat/completions", EngineFixture::openAIRequest("claude-x", true));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const QList<SseItem> items = EngineFixture::parseSse(response->body);
    QVERIFY(!items.isEmpty());
    QVERIFY(items.last().data != "[DONE]");
    QCOMPARE(items.last().json.value("error").toObject().value("type").toString(), "overloaded_error");
    QCOMPARE(EngineFixture::openAIText(items), "partial");
    QVERIFY(fx.waitForRecords(1));
    QVERIFY(!fx.lastRecord().errorClass.isEmpty());
}

void TestEngineOpenAI::openAIPassthroughStreaming()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::sseScript(EngineFixture::openAITextChunks({"Hel", "lo"}, 30, 7), 5));
    SnapshotBuilder config = openAIUpstream(fake, {"gpt-x"});
    config.defaultRoute("compat,gpt-real");
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    // The client did not ask for usage: the proxy asks for it (usage record) and hides the chunk.
    auto response = fx.post("/v1/chat/completions", EngineFixture::openAIRequest("my-alias", true));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("content-type"), QByteArray("text/event-stream"));
    QJsonObject sent = fake.lastRequest().json();
    QCOMPARE(sent.value("model").toString(), "gpt-real");
    QCOMPARE(sent.value("stream_options").toObject().value("include_usage").toBool(), true);
    QList<SseItem> items = EngineFixture::parseSse(response->body);
    QCOMPARE(items.last().data, QByteArray("[DONE]"));
    QCOMPARE(EngineFixture::openAIText(items), "Hello");
    for (const SseItem &item : dataChunks(items))
        QVERIFY2(!item.json.value("choices").toArray().isEmpty(), item.data.constData());
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(fx.lastRecord().inputTokens, qint64(30));
    QCOMPARE(fx.lastRecord().outputTokens, qint64(7));
    QVERIFY(fx.lastRecord().ttftMs >= 0);

    // A client that asks for usage gets the upstream's usage chunk; its stream_options are kept.
    fx.clearRecords();
    QJsonObject request = EngineFixture::json(EngineFixture::openAIRequest("my-alias", true));
    request.insert("stream_options", QJsonObject {{"include_usage", true}});
    response = fx.post("/v1/chat/completions", QJsonDocument(request).toJson(QJsonDocument::Compact));
    QVERIFY(response);
    items = dataChunks(EngineFixture::parseSse(response->body));
    QVERIFY(items.last().json.value("choices").toArray().isEmpty());
    QCOMPARE(items.last().json.value("usage").toObject().value("prompt_tokens").toInt(), 30);
    sent = fake.lastRequest().json();
    QCOMPARE(sent.value("stream_options").toObject().value("include_usage").toBool(), true);
}

void TestEngineOpenAI::openAIPassthroughNonStreaming()
{
    FakeUpstream fake;
    const QByteArray completion = EngineFixture::openAICompletion("whole", 11, 3);
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, completion));
    SnapshotBuilder config = openAIUpstream(fake, {"gpt-x"});
    config.defaultRoute("compat,gpt-real");
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    const QByteArray body =
        R"({"model":"my-alias","messages":[{"role":"user","content":"hi"}],"logprobs":true,"seed":7})";
    const auto response = fx.post("/v1/chat/completions", body);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, completion);
    QByteArray expected = body;
    expected.replace("\"my-alias\"", "\"gpt-real\"");
    QCOMPARE(fake.lastRequest().body, expected);
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(fx.lastRecord().inputTokens, qint64(11));
    QCOMPARE(fx.lastRecord().outputTokens, qint64(3));
}

void TestEngineOpenAI::openAIWholeAnswerToStreamRequest()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, openAIToolCompletion));
    EngineFixture fx;
    QVERIFY(fx.start(openAIUpstream(fake).build()));
    QJsonObject request = EngineFixture::json(EngineFixture::openAIRequest("gpt-x", true));
    request.insert("stream_options", QJsonObject {{"include_usage", true}});
    const auto response =
        fx.post("/v1/chat/completions", QJsonDocument(request).toJson(QJsonDocument::Compact));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("content-type"), QByteArray("text/event-stream"));
    const QList<SseItem> items = EngineFixture::parseSse(response->body);
    QCOMPARE(items.last().data, QByteArray("[DONE]"));
    QCOMPARE(EngineFixture::openAIText(items), "Let me read it.");
    bool sawTool = false;
    QString finish;
    for (const SseItem &item : dataChunks(items)) {
        const QJsonArray choices = item.json.value("choices").toArray();
        if (choices.isEmpty())
            continue;
        const QJsonObject choice = choices.at(0).toObject();
        for (const QJsonValue &call : choice.value("delta").toObject().value("tool_calls").toArray())
            sawTool = sawTool || call.toObject().value("id").toString() == "call_abc";
        if (choice.value("finish_reason").isString())
            finish = choice.value("finish_reason").toString();
    }
    QVERIFY(sawTool);
    QCOMPARE(finish, "tool_calls");
    QCOMPARE(dataChunks(items).last().json.value("usage").toObject().value("completion_tokens").toInt(), 61);
}

void TestEngineOpenAI::toolIdsRoundTripAcrossRequests()
{
    // Golden 26 end to end: an id the client could not replay to Anthropic is sanitised on the way
    // back and restored for the same OpenAI upstream in the next request.
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(
        200,
        R"({"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":)"
        R"({"role":"assistant","content":null,"tool_calls":[{"id":"functions.Read:0","type":"function",)"
        R"("function":{"name":"Read","arguments":"{\"p\":\"a\"}"}}]},"finish_reason":"tool_calls"}],)"
        R"("usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}})"));
    EngineFixture fx;
    QVERIFY(fx.start(openAIUpstream(fake).build()));
    auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("gpt-x"), anthropicHeaders);
    QVERIFY(response);
    const QJsonObject toolUse = response->json().value("content").toArray().at(0).toObject();
    QCOMPARE(toolUse.value("id").toString(), "functions_Read_0");

    const QByteArray next =
        R"({"model":"gpt-x","max_tokens":100,"messages":[{"role":"user","content":"go"},)"
        R"({"role":"assistant","content":[{"type":"tool_use","id":"functions_Read_0","name":"Read","input":{"p":"a"}}]},)"
        R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"functions_Read_0","content":"A"}]}]})";
    response = fx.post("/v1/messages", next, anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const QJsonArray messages = fake.lastRequest().json().value("messages").toArray();
    QString toolCallId;
    QString toolMessageId;
    for (const QJsonValue &value : messages) {
        const QJsonObject message = value.toObject();
        if (message.value("role").toString() == "assistant")
            toolCallId = message.value("tool_calls").toArray().at(0).toObject().value("id").toString();
        if (message.value("role").toString() == "tool")
            toolMessageId = message.value("tool_call_id").toString();
    }
    QCOMPARE(toolCallId, "functions.Read:0");
    QCOMPARE(toolMessageId, "functions.Read:0");
}

QTEST_GUILESS_MAIN(TestEngineOpenAI)
#include "tst_engine_openai.moc"
