// Non-streaming response translation OpenAI Chat <-> Anthropic Messages: golden cases 20 (response
// half), 22-27 and 46, plus upstream errors inside 200 bodies and malformed bodies.

#include "codecoptions.h"
#include "jsontestutil.h"
#include "protocolcommon.h"
#include "responsecodec.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <simdjson.h>

using namespace Switchyard;

// Declared before the helpers: moc's tokenizer does not follow the raw string literals below.
class TestResponseCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void golden20_webSearchCitations();
    void golden22_nonStreamingTextAndTool();
    void golden23_reasoningGoesFirst();
    void golden24_finishReasonTable_data();
    void golden24_finishReasonTable();
    void golden25_badToolArguments();
    void golden26_toolIdSanitising();
    void golden27_neverEmptyTextBlock();
    void messageIdAndModel();
    void contentPartsRefusalAndLegacyFunctionCall();
    void missingUsageAndNameFallback();
    void upstreamErrorIn200Body_data();
    void upstreamErrorIn200Body();
    void malformedBodies_data();
    void malformedBodies();

    void golden46_stopMappingBack_data();
    void golden46_stopMappingBack();
    void anthropicMessageToChatCompletion();
    void anthropicReasoningOptIn();
    void anthropicTextOnlyAndEmpty();
};

namespace {

using Test::json;
using Test::toObject;

enum class Direction
{
    OpenAIToAnthropic,
    AnthropicToOpenAI,
};

ResponseResult convert(Direction direction, const QByteArray &body, QJsonObject *out,
                       const CodecOptions &options = {}, std::string_view model = "claude-sonnet-4-5")
{
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(body.constData(), size_t(body.size())).get(root) != simdjson::SUCCESS)
        qFatal("test body does not parse: %s", body.constData());
    QByteArray raw;
    const ResponseResult result = direction == Direction::OpenAIToAnthropic
        ? ResponseCodec::openAIToAnthropic(root, model, options, &raw)
        : ResponseCodec::anthropicToOpenAI(root, model, options, &raw);
    if (out && result.ok())
        *out = toObject(raw);
    return result;
}

QJsonObject anthropicFrom(const QByteArray &openAIBody, const CodecOptions &options = {})
{
    QJsonObject out;
    const ResponseResult r = convert(Direction::OpenAIToAnthropic, openAIBody, &out, options);
    if (!r.ok())
        qFatal("openAIToAnthropic failed: %s", qPrintable(r.errorMessage));
    return out;
}

QByteArray openAIMessage(const QByteArray &message, const QByteArray &finish = "\"stop\"")
{
    return R"({"id":"chatcmpl-9","object":"chat.completion","created":1730000000,"model":"gpt-4.1","choices":[{"index":0,"message":)"
        + message + R"(,"finish_reason":)" + finish + "}]}";
}

// The 3.2 example.
const char *reference32 = R"({
  "id": "chatcmpl-9", "object": "chat.completion", "created": 1730000000, "model": "gpt-4.1",
  "choices": [{"index": 0, "message": {"role": "assistant", "content": "Let me read it.", "refusal": null,
    "tool_calls": [{"id": "call_abc", "type": "function", "function": {"name": "Read", "arguments": "{\"file_path\":\"/src/main.cpp\"}"}}]},
    "logprobs": null, "finish_reason": "tool_calls"}],
  "usage": {"prompt_tokens": 4908, "completion_tokens": 61, "total_tokens": 4969,
    "prompt_tokens_details": {"cached_tokens": 4096}, "completion_tokens_details": {"reasoning_tokens": 0}}})";

// The 1.6 example.
const char *reference16 = R"({
  "id": "msg_01AbCdEf", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
  "content": [
    {"type": "thinking", "thinking": "Need to read main.cpp.", "signature": "EqQBCkYI..."},
    {"type": "text", "text": "Let me read it."},
    {"type": "tool_use", "id": "toolu_01XyZ", "name": "Read", "input": {"file_path": "/src/main.cpp"}}
  ],
  "stop_reason": "tool_use", "stop_sequence": null,
  "usage": {"input_tokens": 812, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 4096, "output_tokens": 61}})";

} // namespace

void TestResponseCodec::golden20_webSearchCitations()
{
    const QByteArray body = openAIMessage(
        R"({"role":"assistant","content":"Berlin is sunny.","annotations":[{"type":"url_citation","url_citation":{"url":"https://w.example/a","title":"Weather A","start_index":0,"end_index":5}},{"type":"url_citation","url_citation":{"url":"https://w.example/b","title":"Weather B","start_index":6,"end_index":9}},{"type":"url_citation","url_citation":{"url":"https://w.example/a","title":"dup","start_index":1,"end_index":2}}]})");
    // Policy strip: no search blocks, no server_tool_use usage.
    const QJsonObject stripped = anthropicFrom(body);
    QCOMPARE(stripped.value("content").toArray().size(), 1);
    QVERIFY(!stripped.value("usage").toObject().contains("server_tool_use"));

    CodecOptions native;
    native.webSearch = WebSearchPolicy::NativeOpenAI;
    const QJsonObject out = anthropicFrom(body, native);
    const QJsonArray content = out.value("content").toArray();
    QCOMPARE(content.size(), 3);
    const QJsonObject use = content[0].toObject();
    QCOMPARE(use.value("type").toString(), QStringLiteral("server_tool_use"));
    QCOMPARE(use.value("name").toString(), QStringLiteral("web_search"));
    QVERIFY(QRegularExpression("^srvtoolu_[A-Za-z0-9]+$").match(use.value("id").toString()).hasMatch());
    const QJsonObject result = content[1].toObject();
    QCOMPARE(result.value("type").toString(), QStringLiteral("web_search_tool_result"));
    QCOMPARE(result.value("tool_use_id").toString(), use.value("id").toString());
    const QJsonArray results = result.value("content").toArray();
    QCOMPARE(results.size(), 2); // duplicate URL folded
    QCOMPARE(results[0].toObject().value("type").toString(), QStringLiteral("web_search_result"));
    QCOMPARE(results[0].toObject().value("url").toString(), QStringLiteral("https://w.example/a"));
    QCOMPARE(results[1].toObject().value("title").toString(), QStringLiteral("Weather B"));
    QCOMPARE(content[2].toObject(), json(R"({"type":"text","text":"Berlin is sunny."})"));
    QCOMPARE(out.value("usage")
                 .toObject()
                 .value("server_tool_use")
                 .toObject()
                 .value("web_search_requests")
                 .toInt(),
             1);
    QCOMPARE(out.value("stop_reason").toString(), QStringLiteral("end_turn"));
}

void TestResponseCodec::golden22_nonStreamingTextAndTool()
{
    QJsonObject out;
    const ResponseResult r = convert(Direction::OpenAIToAnthropic, reference32, &out);
    QVERIFY(r.ok());
    QCOMPARE(out.value("type").toString(), QStringLiteral("message"));
    QCOMPARE(out.value("role").toString(), QStringLiteral("assistant"));
    QCOMPARE(
        out.value("content").toArray(),
        json(
            R"({"c":[{"type":"text","text":"Let me read it."},{"type":"tool_use","id":"call_abc","name":"Read","input":{"file_path":"/src/main.cpp"}}]})")
            .value("c")
            .toArray());
    QCOMPARE(out.value("stop_reason").toString(), QStringLiteral("tool_use"));
    QVERIFY(out.contains("stop_sequence") && out.value("stop_sequence").isNull());
    QCOMPARE(out.value("usage").toObject(),
             json(R"({"input_tokens":812,"output_tokens":61,"cache_read_input_tokens":4096})"));
    // The caller gets the numbers for the usage record too.
    QCOMPARE(r.usage.inputTokens, 812);
    QCOMPARE(r.usage.cacheReadTokens, 4096);
    QCOMPARE(r.stopReason, QByteArray("tool_use"));
    QCOMPARE(r.toolCalls, 1);
}

void TestResponseCodec::golden23_reasoningGoesFirst()
{
    const QJsonObject out =
        anthropicFrom(openAIMessage(R"({"role":"assistant","content":"ans","reasoning_content":"why"})"));
    const QJsonArray content = out.value("content").toArray();
    QCOMPARE(content.size(), 2);
    const QJsonObject thinking = content[0].toObject();
    QCOMPARE(thinking.value("type").toString(), QStringLiteral("thinking"));
    QCOMPARE(thinking.value("thinking").toString(), QStringLiteral("why"));
    const QByteArray signature = thinking.value("signature").toString().toUtf8();
    QVERIFY(Wire::isProxySignature(std::string_view(signature.constData(), size_t(signature.size()))));
    QCOMPARE(content[1].toObject(), json(R"({"type":"text","text":"ans"})"));

    // OpenRouter-style "reasoning" works too, and stays before tool calls.
    const QJsonArray withTool =
        anthropicFrom(
            openAIMessage(
                R"({"role":"assistant","content":null,"reasoning":"r","tool_calls":[{"id":"c","type":"function","function":{"name":"X","arguments":"{}"}}]})",
                "\"tool_calls\""))
            .value("content")
            .toArray();
    QCOMPARE(withTool.size(), 2);
    QCOMPARE(withTool[0].toObject().value("type").toString(), QStringLiteral("thinking"));
    QCOMPARE(withTool[1].toObject().value("type").toString(), QStringLiteral("tool_use"));
}

void TestResponseCodec::golden24_finishReasonTable_data()
{
    QTest::addColumn<QByteArray>("finish");
    QTest::addColumn<bool>("withTools");
    QTest::addColumn<QString>("expected");
    QTest::newRow("stop") << QByteArray("\"stop\"") << false << "end_turn";
    QTest::newRow("length") << QByteArray("\"length\"") << false << "max_tokens";
    QTest::newRow("tool_calls") << QByteArray("\"tool_calls\"") << true << "tool_use";
    QTest::newRow("content_filter") << QByteArray("\"content_filter\"") << false << "refusal";
    QTest::newRow("stop with tool_calls") << QByteArray("\"stop\"") << true << "tool_use";
    QTest::newRow("missing") << QByteArray("null") << false << "end_turn";
}

void TestResponseCodec::golden24_finishReasonTable()
{
    QFETCH(QByteArray, finish);
    QFETCH(bool, withTools);
    QFETCH(QString, expected);
    const QByteArray message = withTools
        ? QByteArray(
            R"({"role":"assistant","content":"x","tool_calls":[{"id":"c","type":"function","function":{"name":"X","arguments":"{}"}}]})")
        : QByteArray(R"({"role":"assistant","content":"x"})");
    const QJsonObject out = anthropicFrom(openAIMessage(message, finish));
    QCOMPARE(out.value("stop_reason").toString(), expected);
}

void TestResponseCodec::golden25_badToolArguments()
{
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression("invalid JSON arguments"));
    const QJsonObject repaired = anthropicFrom(openAIMessage(
        R"({"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"X","arguments":"{\"p\":"}}]})",
        "\"tool_calls\""));
    QCOMPARE(repaired.value("content").toArray()[0].toObject().value("input").toObject(),
             json(R"({"p":null})"));

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression("invalid JSON arguments"));
    QJsonObject out;
    const ResponseResult r = convert(
        Direction::OpenAIToAnthropic,
        openAIMessage(
            R"({"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"X","arguments":"not json at all"}}]})",
            "\"tool_calls\""),
        &out);
    QVERIFY(r.ok()); // still a successful response
    QCOMPARE(out.value("content").toArray()[0].toObject().value("input").toObject(), QJsonObject());

    // Empty arguments are simply {} (no warning expected; an unexpected one would fail the test).
    QTest::failOnWarning(QRegularExpression("invalid JSON"));
    const QJsonObject empty = anthropicFrom(openAIMessage(
        R"({"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"X","arguments":""}}]})",
        "\"tool_calls\""));
    QCOMPARE(empty.value("content").toArray()[0].toObject().value("input").toObject(), QJsonObject());
}

void TestResponseCodec::golden26_toolIdSanitising()
{
    Wire::ToolNameRegistry registry;
    CodecOptions options;
    options.toolNames = &registry;
    const QJsonObject out = anthropicFrom(
        openAIMessage(
            R"({"role":"assistant","content":null,"tool_calls":[{"id":"functions.Read:0","type":"function","function":{"name":"Read","arguments":"{}"}}]})",
            "\"tool_calls\""),
        options);
    QCOMPARE(out.value("content").toArray()[0].toObject().value("id").toString(),
             QStringLiteral("functions_Read_0"));
    QCOMPARE(registry.upstreamToolId("functions_Read_0"), QByteArray("functions.Read:0"));
    // Without a registry the id is still sanitised.
    const QJsonObject bare = anthropicFrom(openAIMessage(
        R"({"role":"assistant","content":null,"tool_calls":[{"id":"a.b","type":"function","function":{"name":"R","arguments":"{}"}}]})",
        "\"tool_calls\""));
    QCOMPARE(bare.value("content").toArray()[0].toObject().value("id").toString(), QStringLiteral("a_b"));
}

void TestResponseCodec::golden27_neverEmptyTextBlock()
{
    for (const char *content : {"\"\"", "\"\\n\\n\"", "\"  \\t\""}) {
        const QByteArray message = R"({"role":"assistant","content":)" + QByteArray(content)
            + R"(,"tool_calls":[{"id":"c","type":"function","function":{"name":"X","arguments":"{}"}}]})";
        const QJsonArray blocks =
            anthropicFrom(openAIMessage(message, "\"tool_calls\"")).value("content").toArray();
        QCOMPARE(blocks.size(), 1);
        QCOMPARE(blocks[0].toObject().value("type").toString(), QStringLiteral("tool_use"));
    }
    // Nothing at all: an empty content array, not an invented empty text block.
    const QJsonObject nothing = anthropicFrom(openAIMessage(R"({"role":"assistant","content":""})"));
    QCOMPARE(nothing.value("content").toArray().size(), 0);
    QCOMPARE(nothing.value("stop_reason").toString(), QStringLiteral("end_turn"));
    // Whitespace-only reasoning is no thinking block either.
    QCOMPARE(anthropicFrom(openAIMessage(R"({"role":"assistant","content":"a","reasoning_content":" \n"})"))
                 .value("content")
                 .toArray()
                 .size(),
             1);
}

void TestResponseCodec::messageIdAndModel()
{
    QJsonObject out;
    QVERIFY(convert(Direction::OpenAIToAnthropic, reference32, &out, {}, "claude-opus-4-1").ok());
    QCOMPARE(out.value("id").toString(), QStringLiteral("msg_chatcmpl_9"));
    QCOMPARE(out.value("model").toString(), QStringLiteral("claude-opus-4-1")); // what the client asked for

    const QJsonObject odd = anthropicFrom(
        R"({"id":"gen-1.2/3","choices":[{"message":{"role":"assistant","content":"x"},"finish_reason":"stop"}]})");
    QCOMPARE(odd.value("id").toString(), QStringLiteral("msg_gen_1_2_3"));
    const QJsonObject noId = anthropicFrom(
        R"({"choices":[{"message":{"role":"assistant","content":"x"},"finish_reason":"stop"}]})");
    QVERIFY(QRegularExpression("^msg_[A-Za-z0-9_]+$").match(noId.value("id").toString()).hasMatch());
}

void TestResponseCodec::contentPartsRefusalAndLegacyFunctionCall()
{
    const QJsonArray parts =
        anthropicFrom(
            openAIMessage(
                R"({"role":"assistant","content":[{"type":"text","text":"a"},{"type":"output_text","text":"b"}]})"))
            .value("content")
            .toArray();
    QCOMPARE(parts.size(), 1);
    QCOMPARE(parts[0].toObject(), json(R"({"type":"text","text":"ab"})"));

    const QJsonObject refusal = anthropicFrom(openAIMessage(
        R"({"role":"assistant","content":null,"refusal":"I can't help with that."})", "\"content_filter\""));
    QCOMPARE(refusal.value("content").toArray()[0].toObject(),
             json(R"({"type":"text","text":"I can't help with that."})"));
    QCOMPARE(refusal.value("stop_reason").toString(), QStringLiteral("refusal"));

    const QJsonObject legacy = anthropicFrom(openAIMessage(
        R"({"role":"assistant","content":null,"function_call":{"name":"Grep","arguments":"{\"q\":1}"}})",
        "\"function_call\""));
    const QJsonObject use = legacy.value("content").toArray()[0].toObject();
    QCOMPARE(use.value("name").toString(), QStringLiteral("Grep"));
    QCOMPARE(use.value("input").toObject(), json(R"({"q":1})"));
    QVERIFY(QRegularExpression("^toolu_[A-Za-z0-9]+$").match(use.value("id").toString()).hasMatch());
    QCOMPARE(legacy.value("stop_reason").toString(), QStringLiteral("tool_use"));
}

void TestResponseCodec::missingUsageAndNameFallback()
{
    const QJsonObject out = anthropicFrom(
        R"({"id":"x","choices":[{"message":{"role":"assistant","content":"x"},"finish_reason":"stop"}]})");
    QCOMPARE(out.value("usage").toObject(), json(R"({"input_tokens":0,"output_tokens":0})"));

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression("has no name"));
    const QJsonObject noName = anthropicFrom(openAIMessage(
        R"({"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"arguments":"{}"}}]})",
        "\"tool_calls\""));
    QCOMPARE(noName.value("content").toArray()[0].toObject().value("name").toString(),
             QStringLiteral("unknown_tool"));
}

void TestResponseCodec::upstreamErrorIn200Body_data()
{
    QTest::addColumn<int>("direction");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QByteArray>("type");
    QTest::newRow("openai error object")
        << int(Direction::OpenAIToAnthropic)
        << QByteArray(R"({"error":{"message":"overloaded","type":"server_error","code":null}})")
        << "overloaded" << QByteArray("server_error");
    QTest::newRow("openai error with code")
        << int(Direction::OpenAIToAnthropic)
        << QByteArray(R"({"error":{"message":"slow down","code":"rate_limit_exceeded"}})") << "slow down"
        << QByteArray("rate_limit_exceeded");
    QTest::newRow("openai error string")
        << int(Direction::OpenAIToAnthropic) << QByteArray(R"({"error":"boom"})") << "boom" << QByteArray();
    QTest::newRow("openai error next to choices")
        << int(Direction::OpenAIToAnthropic)
        << QByteArray(R"({"choices":[],"error":{"message":"quota","type":"insufficient_quota"}})") << "quota"
        << QByteArray("insufficient_quota");
    QTest::newRow("anthropic error")
        << int(Direction::AnthropicToOpenAI)
        << QByteArray(R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")
        << "Overloaded" << QByteArray("overloaded_error");
}

void TestResponseCodec::upstreamErrorIn200Body()
{
    QFETCH(int, direction);
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    QFETCH(QByteArray, type);
    const ResponseResult r = convert(Direction(direction), body, nullptr);
    QCOMPARE(r.status, ResponseResult::UpstreamError);
    QVERIFY(!r.ok());
    QCOMPARE(r.errorMessage, message);
    QCOMPARE(r.errorType, type);
}

void TestResponseCodec::malformedBodies_data()
{
    QTest::addColumn<int>("direction");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("array") << int(Direction::OpenAIToAnthropic) << QByteArray("[1]");
    QTest::newRow("no choices") << int(Direction::OpenAIToAnthropic) << QByteArray(R"({"id":"x"})");
    QTest::newRow("empty choices") << int(Direction::OpenAIToAnthropic) << QByteArray(R"({"choices":[]})");
    QTest::newRow("choices object") << int(Direction::OpenAIToAnthropic) << QByteArray(R"({"choices":{}})");
    QTest::newRow("message string") << int(Direction::OpenAIToAnthropic)
                                    << QByteArray(R"({"choices":[{"message":"hi"}]})");
    QTest::newRow("tool call without function")
        << int(Direction::OpenAIToAnthropic)
        << QByteArray(R"({"choices":[{"message":{"content":null,"tool_calls":[{"id":"c"}]}}]})");
    QTest::newRow("anthropic string") << int(Direction::AnthropicToOpenAI) << QByteArray(R"("x")");
    QTest::newRow("anthropic no content")
        << int(Direction::AnthropicToOpenAI) << QByteArray(R"({"type":"message"})");
    QTest::newRow("anthropic content string")
        << int(Direction::AnthropicToOpenAI) << QByteArray(R"({"type":"message","content":"hi"})");
}

void TestResponseCodec::malformedBodies()
{
    QFETCH(int, direction);
    QFETCH(QByteArray, body);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression("malformed upstream response"));
    const ResponseResult r = convert(Direction(direction), body, nullptr);
    QCOMPARE(r.status, ResponseResult::Malformed);
    QVERIFY(!r.errorMessage.isEmpty());
}

void TestResponseCodec::golden46_stopMappingBack_data()
{
    QTest::addColumn<QByteArray>("stop");
    QTest::addColumn<QString>("finish");
    QTest::newRow("max_tokens") << QByteArray("max_tokens") << "length";
    QTest::newRow("refusal") << QByteArray("refusal") << "content_filter";
    QTest::newRow("stop_sequence") << QByteArray("stop_sequence") << "stop";
    QTest::newRow("end_turn") << QByteArray("end_turn") << "stop";
    QTest::newRow("pause_turn") << QByteArray("pause_turn") << "stop";
    QTest::newRow("tool_use") << QByteArray("tool_use") << "tool_calls";
    QTest::newRow("window") << QByteArray("model_context_window_exceeded") << "length";
}

void TestResponseCodec::golden46_stopMappingBack()
{
    QFETCH(QByteArray, stop);
    QFETCH(QString, finish);
    const QByteArray body =
        R"({"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"x"}],"stop_reason":")"
        + stop + R"(","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}})";
    QJsonObject out;
    const ResponseResult r = convert(Direction::AnthropicToOpenAI, body, &out);
    QVERIFY(r.ok());
    QCOMPARE(out.value("choices").toArray()[0].toObject().value("finish_reason").toString(), finish);
    QCOMPARE(QString::fromLatin1(r.stopReason), finish);
}

void TestResponseCodec::anthropicMessageToChatCompletion()
{
    QJsonObject out;
    const ResponseResult r = convert(Direction::AnthropicToOpenAI, reference16, &out, {}, "gpt-4o-alias");
    QVERIFY(r.ok());
    QCOMPARE(out.value("id").toString(), QStringLiteral("chatcmpl-msg_01AbCdEf"));
    QCOMPARE(out.value("object").toString(), QStringLiteral("chat.completion"));
    QCOMPARE(out.value("model").toString(), QStringLiteral("gpt-4o-alias"));
    QVERIFY(qAbs(out.value("created").toInteger() - QDateTime::currentSecsSinceEpoch()) < 60);
    const QJsonObject choice = out.value("choices").toArray()[0].toObject();
    QCOMPARE(choice.value("index").toInt(-1), 0);
    QCOMPARE(choice.value("finish_reason").toString(), QStringLiteral("tool_calls"));
    const QJsonObject message = choice.value("message").toObject();
    QCOMPARE(message.value("role").toString(), QStringLiteral("assistant"));
    QCOMPARE(message.value("content").toString(), QStringLiteral("Let me read it."));
    QVERIFY(!message.contains("reasoning_content")); // not opted in
    const QJsonArray calls = message.value("tool_calls").toArray();
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls[0].toObject().value("id").toString(), QStringLiteral("toolu_01XyZ"));
    QCOMPARE(calls[0].toObject().value("type").toString(), QStringLiteral("function"));
    const QJsonObject function = calls[0].toObject().value("function").toObject();
    QCOMPARE(function.value("name").toString(), QStringLiteral("Read"));
    QCOMPARE(toObject(function.value("arguments").toString().toUtf8()),
             json(R"({"file_path":"/src/main.cpp"})"));
    // Usage per 4.8 (golden 45's numbers).
    const QJsonObject usage = out.value("usage").toObject();
    QCOMPARE(usage.value("prompt_tokens").toInt(), 4908);
    QCOMPARE(usage.value("completion_tokens").toInt(), 61);
    QCOMPARE(usage.value("total_tokens").toInt(), 4969);
    QCOMPARE(usage.value("prompt_tokens_details").toObject().value("cached_tokens").toInt(), 4096);
    QCOMPARE(r.usage.inputTokens, 812);
    QCOMPARE(r.toolCalls, 1);
}

void TestResponseCodec::anthropicReasoningOptIn()
{
    CodecOptions options;
    options.includeReasoningInOpenAIResponse = true;
    QJsonObject out;
    QVERIFY(convert(Direction::AnthropicToOpenAI, reference16, &out, options).ok());
    QCOMPARE(out.value("choices")
                 .toArray()[0]
                 .toObject()
                 .value("message")
                 .toObject()
                 .value("reasoning_content")
                 .toString(),
             QStringLiteral("Need to read main.cpp."));
}

void TestResponseCodec::anthropicTextOnlyAndEmpty()
{
    QJsonObject out;
    QVERIFY(
        convert(
            Direction::AnthropicToOpenAI,
            R"({"id":"msg_2","type":"message","content":[{"type":"text","text":"a"},{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}},{"type":"text","text":"b"}],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":2,"cache_creation_input_tokens":5}})",
            &out)
            .ok());
    const QJsonObject message = out.value("choices").toArray()[0].toObject().value("message").toObject();
    QCOMPARE(message.value("content").toString(), QStringLiteral("ab"));
    QVERIFY(!message.contains("tool_calls"));
    QCOMPARE(out.value("usage").toObject().value("prompt_tokens").toInt(), 8);

    QVERIFY(convert(Direction::AnthropicToOpenAI,
                    R"({"id":"msg_3","type":"message","content":[],"stop_reason":"max_tokens"})", &out)
                .ok());
    const QJsonObject empty = out.value("choices").toArray()[0].toObject();
    QVERIFY(empty.value("message").toObject().value("content").isNull());
    QCOMPARE(empty.value("finish_reason").toString(), QStringLiteral("length"));
}

QTEST_APPLESS_MAIN(TestResponseCodec)

#include "tst_responsecodec.moc"
