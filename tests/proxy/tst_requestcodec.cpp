// Request translation Anthropic <-> OpenAI Chat and the Anthropic-upstream history normalisation:
// golden cases 9-21, 26 (request half), 44, 58 (first half), 59, and Claude Code 2.1.330 bodies
// (protocols Appendix C.3). Outputs are parsed and checked field by field.

#include "codecoptions.h"
#include "configtypes.h"
#include "jsontestutil.h"
#include "protocolcommon.h"
#include "requestcodec.h"
#include "responsecodec.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <simdjson.h>

using namespace Switchyard;

// Declared before the helpers: moc's tokenizer does not follow the raw string literals below.
class TestRequestCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Anthropic -> OpenAI (golden 9-21, 26)
    void golden09_systemBlocksAndBillingLine();
    void golden10_simpleTurnAndParameters();
    void golden11_toolsAndToolChoice();
    void golden12_longToolName();
    void golden13_assistantTextAndParallelToolUse();
    void golden14_toolOnlyAssistantTurn();
    void golden15_toolResultsBeforeUserText();
    void golden16_errorToolResult();
    void golden17_imageInsideToolResult();
    void golden18_thinkingHistoryPerProvider();
    void golden19_thinkingBudgetToEffort_data();
    void golden19_thinkingBudgetToEffort();
    void golden20_webSearchServerTool();
    void golden21_midConversationSystemMessage();
    void golden26_toolIdSanitising();
    void appendixC3_turn1ToOpenAI();
    void appendixC3_turn2ToOpenAI();
    void outputConfigFormatToResponseFormat();
    void stopSequencesAtMostFour();
    void interruptedToolCallGetsResult();
    void orphanToolResultBecomesUserText();
    void documentsAndImages();
    void emptyToolResultAndLimits();
    void reasoningRoundTripPlaceholder();

    // OpenAI -> Anthropic (golden 44)
    void golden44_openAIRequestToAnthropic();
    void openAIImagesAndFiles();
    void openAIParametersAndReasoning();
    void openAIToolsAndChoices();
    void openAIFinalAssistantWhitespace();
    void openAIBadInput();

    // Anthropic upstream (golden 58, 59)
    void golden58_foreignThinkingStripped();
    void golden59_historyNormalisation();
    void stripAllThinkingDropsParameterWhenNeeded();
    void unansweredToolUseAnswered();
    void cleanClaudeCodeBodyIsNotRewritten();
    void rewriteModelInPlace_data();
    void rewriteModelInPlace();

    // Bad input
    void badAnthropicInput_data();
    void badAnthropicInput();
    void invalidUtf8RejectedByParser();
    void hugeStrings();
    void mutatedBodiesNeverCrash();
    void codecOptionsFromProvider();
};

namespace {

struct Parsed
{
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    simdjson::error_code error = simdjson::SUCCESS;

    explicit Parsed(const QByteArray &json)
    {
        error = parser.parse(json.constData(), size_t(json.size())).get(root);
    }
};

using Test::json;
using Test::toObject;

// Runs A->O and returns the parsed output; fails the test on a codec error.
QJsonObject toOpenAI(const QByteArray &request, const CodecOptions &options = {}, QByteArray *raw = nullptr)
{
    Parsed p(request);
    if (p.error != simdjson::SUCCESS)
        qFatal("test request does not parse: %s", request.constData());
    QByteArray out;
    QString error;
    if (!RequestCodec::anthropicToOpenAI(p.root, options, &out, &error))
        qFatal("anthropicToOpenAI failed: %s", qPrintable(error));
    if (raw)
        *raw = out;
    return toObject(out);
}

QString openAIError(const QByteArray &request, const CodecOptions &options = {})
{
    Parsed p(request);
    if (p.error != simdjson::SUCCESS)
        qFatal("test request does not parse: %s", request.constData());
    QByteArray out;
    QString error;
    if (RequestCodec::anthropicToOpenAI(p.root, options, &out, &error))
        return QString();
    return error.isEmpty() ? QStringLiteral("<empty message>") : error;
}

QJsonObject toAnthropic(const QByteArray &request, const CodecOptions &options = {})
{
    Parsed p(request);
    if (p.error != simdjson::SUCCESS)
        qFatal("test request does not parse: %s", request.constData());
    QByteArray out;
    QString error;
    if (!RequestCodec::openAIToAnthropic(p.root, options, &out, &error))
        qFatal("openAIToAnthropic failed: %s", qPrintable(error));
    return toObject(out);
}

QString anthropicError(const QByteArray &request, const CodecOptions &options = {})
{
    Parsed p(request);
    QByteArray out;
    QString error;
    if (RequestCodec::openAIToAnthropic(p.root, options, &out, &error))
        return QString();
    return error.isEmpty() ? QStringLiteral("<empty message>") : error;
}

QJsonArray messagesOf(const QJsonObject &o)
{
    return o.value("messages").toArray();
}

QByteArray minimal(const QByteArray &messages, const QByteArray &extra = {})
{
    return "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,"
        + (extra.isEmpty() ? QByteArray() : extra + ",") + "\"messages\":" + messages + "}";
}

const char *tuAssistant =
    R"({"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Read","input":{"p":"a"}}]})";

// A realistic Claude Code 2.1.330 main request (Appendix C.3), turn 1 or turn 2, keys in wire order.
QByteArray claudeCodeBody(bool turn2)
{
    const QByteArray schema = R"("$schema":"https://json-schema.org/draft/2020-12/schema")";
    QByteArray tools = "[";
    const char *names[] = {"Agent", "Bash", "Edit", "Read", "Write"};
    for (const char *name : names) {
        tools += "{\"name\":\"" + QByteArray(name) + "\",\"description\":\"The " + QByteArray(name)
            + " tool.\",\"input_schema\":{" + schema
            + R"(,"type":"object","properties":{"file_path":{"type":"string","description":"absolute"}},"required":["file_path"],"additionalProperties":false}},)";
    }
    tools +=
        R"({"name":"DeferredToolPlaceholder","description":"Reserved placeholder that keeps deferred tool loading active; never call this tool.","input_schema":{"type":"object","properties":{}},"defer_loading":true}])";

    QByteArray messages =
        R"([{"role":"user","content":[{"type":"text","text":"<system-reminder>\nAttribution for git commits ...\n</system-reminder>\n"},{"type":"text","text":"create hello.txt"}]},)";
    if (!turn2) {
        messages +=
            R"({"role":"system","content":[{"type":"text","text":"# Environment\nYou have been invoked in the following environment: \n - Platform: linux","cache_control":{"type":"ephemeral"}}],"output_config":{"effort":"medium"}}])";
    } else {
        messages +=
            R"({"role":"system","content":"# Environment\nYou have been invoked in the following environment: \n - Platform: linux","output_config":{"effort":"medium"}},)";
        messages +=
            R"({"role":"assistant","content":[{"type":"thinking","thinking":"I should write the file and read it.","signature":"EqQBCkYIBRgCKkD3mKd0sig"},{"type":"text","text":"Creating it."},{"type":"tool_use","id":"toolu_01Bash","name":"Bash","input":{"command":"echo hi > hello.txt"}},{"type":"tool_use","id":"toolu_01Read","name":"Read","input":{"file_path":"/w/hello.txt"}}]},)";
        messages +=
            R"({"role":"user","content":[{"tool_use_id":"toolu_01Read","type":"tool_result","content":"1\thi"},{"tool_use_id":"toolu_01Bash","type":"tool_result","content":"File created successfully at: /w/hello.txt","is_error":false,"cache_control":{"type":"ephemeral"}}]}])";
    }

    return R"({"model":"claude-opus-5-5","messages":)" + messages + R"(,"system":[)"
        + R"({"type":"text","text":"x-anthropic-billing-header: cc_version=2.1.330.1f4; cc_entrypoint=sdk-cli;"},)"
        + R"({"type":"text","text":"You are a Claude agent, built on Anthropic's Claude Agent SDK.","cache_control":{"type":"ephemeral"}},)"
        + R"({"type":"text","text":"\nYou are an agent working with the user toward their goals.","cache_control":{"type":"ephemeral"}}],)"
        + R"("tools":)" + tools + ","
        + R"("metadata":{"user_id":"{\"device_id\":\"0a1b2c\",\"account_uuid\":\"\",\"session_id\":\"86dc367d-fef4-4fd4-8c48-0c93fd732bad\"}"},)"
        + R"("max_tokens":128000,"thinking":{"type":"adaptive","display":"omitted"},)"
        + R"("context_management":{"edits":[{"type":"clear_thinking_20251015","keep":"all"}]},)"
        + R"("output_config":{"effort":"medium"},"stream":true})";
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Anthropic -> OpenAI
// ---------------------------------------------------------------------------------------------

void TestRequestCodec::golden09_systemBlocksAndBillingLine()
{
    const QByteArray request = minimal(
        R"([{"role":"user","content":[{"type":"text","text":"Hi","cache_control":{"type":"ephemeral"}}]}])",
        R"("system":[{"type":"text","text":"x-anthropic-billing-header: cc_version=2.1.1; cc_entrypoint=cli; cch=ab12c;\nYou are Claude Code."},{"type":"text","text":"Be terse.","cache_control":{"type":"ephemeral"}}])");
    QByteArray raw;
    const QJsonObject out = toOpenAI(request, {}, &raw);
    const QJsonArray messages = messagesOf(out);
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[0].toObject(),
             json(R"({"role":"system","content":"You are Claude Code.\n\nBe terse."})"));
    QCOMPARE(messages[1].toObject(), json(R"({"role":"user","content":"Hi"})"));
    QVERIFY(!raw.contains("cache_control"));
    QVERIFY(!raw.contains("billing"));

    // System as a plain string, billing line stripped as well; empty afterwards -> no system message.
    const QJsonObject plain = toOpenAI(minimal(R"([{"role":"user","content":"Hi"}])",
                                               R"("system":"x-anthropic-billing-header: cch=1;\nS")"));
    QCOMPARE(messagesOf(plain)[0].toObject(), json(R"({"role":"system","content":"S"})"));
    const QJsonObject onlyBilling = toOpenAI(
        minimal(R"([{"role":"user","content":"Hi"}])", R"("system":"x-anthropic-billing-header: cch=1;")"));
    QCOMPARE(messagesOf(onlyBilling).size(), 1);
    QCOMPARE(messagesOf(onlyBilling)[0].toObject().value("role").toString(), QStringLiteral("user"));

    // The same request to an Anthropic upstream keeps system byte-identical.
    Parsed p(request);
    CodecOptions anthropic;
    anthropic.targetModel = "claude-sonnet-4-5-20250929";
    QByteArray forwarded;
    QVERIFY(RequestCodec::prepareForAnthropic(request, p.root, anthropic, &forwarded));
    const qsizetype systemAt = request.indexOf("\"system\"");
    const QByteArray systemBytes = request.mid(systemAt, request.indexOf("]", systemAt) - systemAt + 1);
    QVERIFY(forwarded.contains(systemBytes));
    QCOMPARE(toObject(forwarded).value("model").toString(), QStringLiteral("claude-sonnet-4-5-20250929"));
}

void TestRequestCodec::golden10_simpleTurnAndParameters()
{
    const QByteArray request =
        R"({"model":"claude-sonnet-4-5","max_tokens":1024,"temperature":0.2,"top_k":5,"stop_sequences":["END"],"stream":true,"messages":[{"role":"user","content":"Hi"}]})";
    CodecOptions options;
    options.targetModel = "gpt-4.1";
    const QJsonObject out = toOpenAI(request, options);
    const QJsonObject expected = json(
        R"({"model":"gpt-4.1","max_tokens":1024,"temperature":0.2,"stop":["END"],"stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]})");
    QCOMPARE(out, expected);
    QVERIFY(!out.contains("top_k"));

    // o-series / gpt-5: max_completion_tokens instead of max_tokens (and no sampling knobs).
    const CodecOptions reasoning = CodecOptions::forProvider(Provider {}, QStringLiteral("o3-mini"));
    QVERIFY(reasoning.useMaxCompletionTokens);
    const QJsonObject o3 = toOpenAI(request, reasoning);
    QCOMPARE(o3.value("model").toString(), QStringLiteral("o3-mini"));
    QCOMPARE(o3.value("max_completion_tokens").toInt(), 1024);
    QVERIFY(!o3.contains("max_tokens"));
    QVERIFY(!o3.contains("temperature"));
    const QJsonObject gpt5 =
        toOpenAI(request, CodecOptions::forProvider(Provider {}, QStringLiteral("gpt-5")));
    QCOMPARE(gpt5.value("max_completion_tokens").toInt(), 1024);

    // Without a target model the client's model is kept; stream false adds nothing.
    const QJsonObject same = toOpenAI(minimal(R"([{"role":"user","content":"Hi"}])", R"("stream":false)"));
    QCOMPARE(same.value("model").toString(), QStringLiteral("claude-sonnet-4-5"));
    QVERIFY(!same.contains("stream"));
    QVERIFY(!same.contains("stream_options"));

    // max_tokens clamped to the provider's cap.
    CodecOptions capped;
    capped.maxOutputTokens = 500;
    QCOMPARE(toOpenAI(request, capped).value("max_tokens").toInt(), 500);
}

void TestRequestCodec::golden11_toolsAndToolChoice()
{
    const QByteArray tools =
        R"("tools":[{"name":"Read","description":"d","input_schema":{"type":"object","properties":{"p":{"type":"string"}},"required":["p"]}},{"name":"Ping","input_schema":{}}])";
    const QByteArray messages = R"([{"role":"user","content":"go"}])";
    const QJsonObject out = toOpenAI(
        minimal(messages, tools + R"(,"tool_choice":{"type":"any","disable_parallel_tool_use":true})"));
    const QJsonArray expectedTools =
        json(
            R"({"t":[{"type":"function","function":{"name":"Read","description":"d","parameters":{"type":"object","properties":{"p":{"type":"string"}},"required":["p"]}}},{"type":"function","function":{"name":"Ping","description":"","parameters":{"type":"object","properties":{}}}}]})")
            .value("t")
            .toArray();
    QCOMPARE(out.value("tools").toArray(), expectedTools);
    QCOMPARE(out.value("tool_choice").toString(), QStringLiteral("required"));
    QCOMPARE(out.value("parallel_tool_calls").toBool(true), false);

    const QJsonObject named =
        toOpenAI(minimal(messages, tools + R"(,"tool_choice":{"type":"tool","name":"Read"})"));
    QCOMPARE(named.value("tool_choice").toObject(),
             json(R"({"type":"function","function":{"name":"Read"}})"));
    QVERIFY(!named.contains("parallel_tool_calls"));
    QCOMPARE(toOpenAI(minimal(messages, tools + R"(,"tool_choice":{"type":"auto"})"))
                 .value("tool_choice")
                 .toString(),
             QStringLiteral("auto"));
    QCOMPARE(toOpenAI(minimal(messages, tools + R"(,"tool_choice":{"type":"none"})"))
                 .value("tool_choice")
                 .toString(),
             QStringLiteral("none"));
    // Bare strings are tolerated.
    QCOMPARE(toOpenAI(minimal(messages, tools + R"(,"tool_choice":"any")")).value("tool_choice").toString(),
             QStringLiteral("required"));

    // disable_parallel_tool_use without tools: neither tool_choice nor parallel_tool_calls.
    const QJsonObject noTools =
        toOpenAI(minimal(messages, R"("tool_choice":{"type":"auto","disable_parallel_tool_use":true})"));
    QVERIFY(!noTools.contains("tools"));
    QVERIFY(!noTools.contains("tool_choice"));
    QVERIFY(!noTools.contains("parallel_tool_calls"));

    // A schema without type gets type:"object"; $schema is removed; cache_control on tools dropped.
    const QJsonObject cleaned = toOpenAI(minimal(
        messages,
        R"("tools":[{"name":"X","input_schema":{"$schema":"https://json-schema.org/draft/2020-12/schema","properties":{"a":{"type":"integer"}}},"cache_control":{"type":"ephemeral"}}])"));
    const QJsonObject params = cleaned.value("tools")
                                   .toArray()[0]
                                   .toObject()
                                   .value("function")
                                   .toObject()
                                   .value("parameters")
                                   .toObject();
    QCOMPARE(params, json(R"({"type":"object","properties":{"a":{"type":"integer"}}})"));
    QVERIFY(!cleaned.value("tools").toArray()[0].toObject().contains("cache_control"));
}

void TestRequestCodec::golden12_longToolName()
{
    const QByteArray longName = QByteArray("mcp__") + QByteArray(70, 'a');
    QCOMPARE(longName.size(), 75);
    Wire::ToolNameRegistry registry;
    CodecOptions options;
    options.toolNames = &registry;
    const QByteArray history =
        R"([{"role":"user","content":"go"},{"role":"assistant","content":[{"type":"tool_use","id":"toolu_9","name":")"
        + longName
        + R"(","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_9","content":"ok"}]}])";
    const QJsonObject out =
        toOpenAI(minimal(history,
                         R"("tools":[{"name":")" + longName
                             + R"(","input_schema":{"type":"object"}}],"tool_choice":{"type":"tool","name":")"
                             + longName + "\"}"),
                 options);
    const QString outbound =
        out.value("tools").toArray()[0].toObject().value("function").toObject().value("name").toString();
    QCOMPARE(outbound.size(), 64);
    QCOMPARE(outbound.left(55), QString::fromLatin1(longName.left(55)));
    QCOMPARE(outbound.mid(55),
             QStringLiteral("_")
                 + QString::fromLatin1(
                     QCryptographicHash::hash(longName, QCryptographicHash::Sha256).toHex().left(8)));
    // The same truncated name in tool_choice and in the replayed history.
    QCOMPARE(out.value("tool_choice").toObject().value("function").toObject().value("name").toString(),
             outbound);
    QCOMPARE(messagesOf(out)[1]
                 .toObject()
                 .value("tool_calls")
                 .toArray()[0]
                 .toObject()
                 .value("function")
                 .toObject()
                 .value("name")
                 .toString(),
             outbound);

    // The upstream calls the truncated name; the client sees the original 75-character name.
    const QByteArray upstream =
        R"({"id":"chatcmpl-1","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":")"
        + outbound.toLatin1() + R"(","arguments":"{}"}}]},"finish_reason":"tool_calls"}]})";
    Parsed p(upstream);
    QByteArray response;
    QVERIFY(ResponseCodec::openAIToAnthropic(p.root, "claude-sonnet-4-5", options, &response).ok());
    QCOMPARE(toObject(response).value("content").toArray()[0].toObject().value("name").toString(),
             QString::fromLatin1(longName));
}

void TestRequestCodec::golden13_assistantTextAndParallelToolUse()
{
    const QJsonObject out = toOpenAI(minimal(
        R"([{"role":"user","content":"read a and b"},{"role":"assistant","content":[{"type":"text","text":"I'll read both."},{"type":"tool_use","id":"toolu_1","name":"Read","input":{"p":"a"}},{"type":"tool_use","id":"toolu_2","name":"Read","input":{"p":"b"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"A"},{"type":"tool_result","tool_use_id":"toolu_2","content":"B"}]}])"));
    const QJsonArray messages = messagesOf(out);
    QCOMPARE(messages.size(), 4);
    const QJsonObject expected = json(
        R"({"role":"assistant","content":"I'll read both.","tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"Read","arguments":"{\"p\":\"a\"}"}},{"id":"toolu_2","type":"function","function":{"name":"Read","arguments":"{\"p\":\"b\"}"}}]})");
    QCOMPARE(messages[1].toObject(), expected);
}

void TestRequestCodec::golden14_toolOnlyAssistantTurn()
{
    const QJsonObject out = toOpenAI(minimal(
        QByteArray("[{\"role\":\"user\",\"content\":\"x\"},") + tuAssistant
        + R"(,{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"A"}]}])"));
    const QJsonObject assistant = messagesOf(out)[1].toObject();
    QVERIFY(assistant.contains("content"));
    QVERIFY(assistant.value("content").isNull());
    QCOMPARE(assistant.value("tool_calls").toArray().size(), 1);
    // Whitespace-only text next to tool calls is no content either.
    const QJsonObject ws = toOpenAI(minimal(
        R"([{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"text","text":"\n\n"},{"type":"tool_use","id":"t","name":"R","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"A"}]}])"));
    QVERIFY(messagesOf(ws)[1].toObject().value("content").isNull());
}

void TestRequestCodec::golden15_toolResultsBeforeUserText()
{
    const QJsonObject out = toOpenAI(minimal(
        R"([{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Read","input":{"p":"a"}},{"type":"tool_use","id":"toolu_2","name":"Read","input":{"p":"b"}}]},{"role":"user","content":[{"type":"text","text":"also check c"},{"type":"tool_result","tool_use_id":"toolu_2","content":"B"},{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"A1"},{"type":"text","text":"A2"}]}]}])"));
    const QJsonArray messages = messagesOf(out);
    QCOMPARE(messages.size(), 5);
    QCOMPARE(messages[2].toObject(), json(R"({"role":"tool","tool_call_id":"toolu_2","content":"B"})"));
    QCOMPARE(messages[3].toObject(), json(R"({"role":"tool","tool_call_id":"toolu_1","content":"A1\nA2"})"));
    QCOMPARE(messages[4].toObject(), json(R"({"role":"user","content":"also check c"})"));
}

void TestRequestCodec::golden16_errorToolResult()
{
    const QJsonObject out = toOpenAI(minimal(
        R"([{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"Read","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"ENOENT","is_error":true}]}])"));
    QCOMPARE(messagesOf(out)[2].toObject(),
             json(R"({"role":"tool","tool_call_id":"t","content":"Error: ENOENT"})"));
}

void TestRequestCodec::golden17_imageInsideToolResult()
{
    const QJsonObject out = toOpenAI(minimal(
        R"([{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"Shot","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text","text":"shot"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAA"}}]}]}])"));
    const QJsonArray messages = messagesOf(out);
    QCOMPARE(messages.size(), 4);
    QCOMPARE(messages[2].toObject(), json(R"({"role":"tool","tool_call_id":"t","content":"shot"})"));
    QCOMPARE(
        messages[3].toObject(),
        json(
            R"({"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,AAA"}}]})"));
}

void TestRequestCodec::golden18_thinkingHistoryPerProvider()
{
    const QByteArray request = minimal(
        R"([{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"thinking","thinking":"plan","signature":"s"},{"type":"tool_use","id":"t","name":"R","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"ok"}]}])");
    const QJsonObject generic = toOpenAI(request);
    QVERIFY(!messagesOf(generic)[1].toObject().contains("reasoning_content"));
    CodecOptions deepseek;
    deepseek.reasoningRoundTrip = true;
    QCOMPARE(messagesOf(toOpenAI(request, deepseek))[1].toObject().value("reasoning_content").toString(),
             QStringLiteral("plan"));

    const QByteArray redacted = minimal(
        R"([{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"redacted_thinking","data":"opaque"},{"type":"tool_use","id":"t","name":"R","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"ok"}]}])");
    const QString placeholder =
        messagesOf(toOpenAI(redacted, deepseek))[1].toObject().value("reasoning_content").toString();
    QVERIFY(!placeholder.trimmed().isEmpty());
    QVERIFY(!messagesOf(toOpenAI(redacted))[1].toObject().contains("reasoning_content"));
}

void TestRequestCodec::golden19_thinkingBudgetToEffort_data()
{
    QTest::addColumn<QByteArray>("params");
    QTest::addColumn<bool>("capHigh");
    QTest::addColumn<QString>("expected"); // empty: no reasoning parameter
    QTest::newRow("2048") << QByteArray(R"("thinking":{"type":"enabled","budget_tokens":2048})") << false
                          << "low";
    QTest::newRow("8000") << QByteArray(R"("thinking":{"type":"enabled","budget_tokens":8000})") << false
                          << "medium";
    QTest::newRow("31999") << QByteArray(R"("thinking":{"type":"enabled","budget_tokens":31999})") << false
                           << "high";
    QTest::newRow("3999") << QByteArray(R"("thinking":{"type":"enabled","budget_tokens":3999})") << false
                          << "low";
    QTest::newRow("4000") << QByteArray(R"("thinking":{"type":"enabled","budget_tokens":4000})") << false
                          << "medium";
    QTest::newRow("16000") << QByteArray(R"("thinking":{"type":"enabled","budget_tokens":16000})") << false
                           << "high";
    QTest::newRow("no budget") << QByteArray(R"("thinking":{"type":"enabled"})") << false << "high";
    QTest::newRow("adaptive+max") << QByteArray(
        R"("thinking":{"type":"adaptive"},"output_config":{"effort":"max"})")
                                  << false << "xhigh";
    QTest::newRow("adaptive+max capped")
        << QByteArray(R"("thinking":{"type":"adaptive"},"output_config":{"effort":"max"})") << true << "high";
    QTest::newRow("adaptive alone") << QByteArray(R"("thinking":{"type":"adaptive"})") << false << "xhigh";
    QTest::newRow("effort wins") << QByteArray(
        R"("thinking":{"type":"enabled","budget_tokens":31999},"output_config":{"effort":"low"})")
                                 << false << "low";
    QTest::newRow("disabled+high") << QByteArray(
        R"("thinking":{"type":"disabled"},"output_config":{"effort":"high"})")
                                   << false << "";
    QTest::newRow("nothing") << QByteArray(R"("temperature":1)") << false << "";
}

void TestRequestCodec::golden19_thinkingBudgetToEffort()
{
    QFETCH(QByteArray, params);
    QFETCH(bool, capHigh);
    QFETCH(QString, expected);
    CodecOptions options;
    options.effortCapable = true;
    options.effortCapHigh = capHigh;
    const QJsonObject out = toOpenAI(minimal(R"([{"role":"user","content":"x"}])", params), options);
    if (expected.isEmpty())
        QVERIFY(!out.contains("reasoning_effort"));
    else
        QCOMPARE(out.value("reasoning_effort").toString(), expected);
    QVERIFY(!out.contains("thinking"));
    QVERIFY(!out.contains("output_config"));
    // A model not known to accept effort gets no reasoning parameter at all.
    QVERIFY(!toOpenAI(minimal(R"([{"role":"user","content":"x"}])", params)).contains("reasoning_effort"));
}

void TestRequestCodec::golden20_webSearchServerTool()
{
    const QByteArray request = minimal(
        R"([{"role":"user","content":"search the news"}])",
        R"("tools":[{"type":"web_search_20250305","name":"web_search","max_uses":5,"user_location":{"type":"approximate","city":"Berlin","country":"DE"}}],"tool_choice":{"type":"auto","disable_parallel_tool_use":true})");
    QByteArray raw;
    const QJsonObject stripped = toOpenAI(request, {}, &raw);
    QVERIFY(!stripped.contains("tools"));
    QVERIFY(!stripped.contains("tool_choice"));
    QVERIFY(!stripped.contains("parallel_tool_calls"));
    QVERIFY(!stripped.contains("web_search_options"));
    QVERIFY(!raw.contains("web_search"));

    CodecOptions native;
    native.webSearch = WebSearchPolicy::NativeOpenAI;
    const QJsonObject nativeOut = toOpenAI(request, native, &raw);
    QVERIFY(!nativeOut.contains("tools"));
    QCOMPARE(
        nativeOut.value("web_search_options").toObject(),
        json(R"({"user_location":{"type":"approximate","approximate":{"city":"Berlin","country":"DE"}}})"));
    QVERIFY(!raw.contains("\"function\""));

    // Next to custom tools only the custom ones become functions; a newer dated type is detected too.
    const QJsonObject mixed = toOpenAI(minimal(
        R"([{"role":"user","content":"x"}])",
        R"("tools":[{"type":"web_search_20260101","name":"web_search"},{"name":"Read","input_schema":{"type":"object","properties":{}}},{"type":"code_execution_20250825","name":"code_execution"}],"tool_choice":{"type":"tool","name":"web_search"})"));
    // Forcing the stripped server tool would name a function that was never sent.
    QCOMPARE(mixed.value("tool_choice").toString(), QStringLiteral("auto"));
    QCOMPARE(mixed.value("tools").toArray().size(), 1);
    QCOMPARE(
        mixed.value("tools").toArray()[0].toObject().value("function").toObject().value("name").toString(),
        QStringLiteral("Read"));
}

void TestRequestCodec::golden21_midConversationSystemMessage()
{
    const QByteArray request = minimal(
        R"([{"role":"user","content":"one"},{"role":"assistant","content":"two"},{"role":"system","content":"reminder"},{"role":"user","content":"three"}])",
        R"("system":"S")");
    const QJsonArray plain = messagesOf(toOpenAI(request));
    QCOMPARE(plain.size(), 5);
    QCOMPARE(plain[0].toObject(), json(R"({"role":"system","content":"S"})"));
    QCOMPARE(plain[3].toObject(), json(R"({"role":"system","content":"reminder"})"));
    QCOMPARE(plain[4].toObject(), json(R"({"role":"user","content":"three"})"));

    CodecOptions strict;
    strict.leadingSystemOnly = true;
    const QJsonArray wrapped = messagesOf(toOpenAI(request, strict));
    QCOMPARE(wrapped.size(), 5);
    QCOMPARE(wrapped[0].toObject(), json(R"({"role":"system","content":"S"})"));
    // Nothing but the leading message has role system.
    for (qsizetype i = 1; i < wrapped.size(); ++i)
        QVERIFY(wrapped[i].toObject().value("role").toString() != QStringLiteral("system"));
    QCOMPARE(wrapped[3].toObject(),
             json(R"({"role":"user","content":"<system-reminder>\nreminder\n</system-reminder>"})"));
    QCOMPARE(wrapped[4].toObject(), json(R"({"role":"user","content":"three"})"));
}

void TestRequestCodec::golden26_toolIdSanitising()
{
    Wire::ToolNameRegistry registry;
    CodecOptions options;
    options.toolNames = &registry;
    // The upstream's id comes back sanitised to the client...
    Parsed upstream(
        R"({"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"functions.Read:0","type":"function","function":{"name":"Read","arguments":"{\"p\":\"a\"}"}}]},"finish_reason":"tool_calls"}]})");
    QByteArray response;
    QVERIFY(ResponseCodec::openAIToAnthropic(upstream.root, "claude-sonnet-4-5", options, &response).ok());
    QCOMPARE(toObject(response).value("content").toArray()[0].toObject().value("id").toString(),
             QStringLiteral("functions_Read_0"));
    // ...and the next request's tool_use and tool_result ids go back as the upstream's id.
    const QJsonArray messages = messagesOf(toOpenAI(
        minimal(
            R"([{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_use","id":"functions_Read_0","name":"Read","input":{"p":"a"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"functions_Read_0","content":"A"}]}])"),
        options));
    QCOMPARE(messages[1].toObject().value("tool_calls").toArray()[0].toObject().value("id").toString(),
             QStringLiteral("functions.Read:0"));
    QCOMPARE(messages[2].toObject(),
             json(R"({"role":"tool","tool_call_id":"functions.Read:0","content":"A"})"));
}

void TestRequestCodec::appendixC3_turn1ToOpenAI()
{
    CodecOptions options = CodecOptions::forProvider(Provider {}, QStringLiteral("gpt-5.1"));
    options.sessionId = "86dc367d-fef4-4fd4-8c48-0c93fd732bad";
    QByteArray raw;
    const QJsonObject out = toOpenAI(claudeCodeBody(false), options, &raw);

    // Stripped entirely.
    for (const char *key : {"metadata", "thinking", "context_management", "output_config", "system", "top_k"})
        QVERIFY2(!out.contains(QLatin1String(key)), key);
    for (const char *needle : {"cache_control", "$schema", "defer_loading", "DeferredToolPlaceholder",
                               "x-anthropic-billing-header", "clear_thinking", "device_id"})
        QVERIFY2(!raw.contains(needle), needle);

    QCOMPARE(out.value("model").toString(), QStringLiteral("gpt-5.1"));
    QCOMPARE(out.value("max_completion_tokens").toInt(), 128000);
    QVERIFY(!out.contains("max_tokens"));
    QCOMPARE(out.value("stream").toBool(), true);
    QCOMPARE(out.value("stream_options").toObject(), json(R"({"include_usage":true})"));
    QCOMPARE(out.value("reasoning_effort").toString(), QStringLiteral("medium")); // output_config.effort wins
    QCOMPARE(out.value("prompt_cache_key").toString(),
             QStringLiteral("86dc367d-fef4-4fd4-8c48-0c93fd732bad"));

    const QJsonArray messages = messagesOf(out);
    QCOMPARE(messages.size(), 3);
    // Billing block dropped, the other two joined.
    QCOMPARE(
        messages[0].toObject(),
        json(
            R"({"role":"system","content":"You are a Claude agent, built on Anthropic's Claude Agent SDK.\n\n\nYou are an agent working with the user toward their goals."})"));
    QCOMPARE(
        messages[1].toObject(),
        json(
            R"({"role":"user","content":[{"type":"text","text":"<system-reminder>\nAttribution for git commits ...\n</system-reminder>\n"},{"type":"text","text":"create hello.txt"}]})"));
    // The in-messages system message stays in place, output_config ignored.
    QCOMPARE(
        messages[2].toObject(),
        json(
            R"({"role":"system","content":"# Environment\nYou have been invoked in the following environment: \n - Platform: linux"})"));

    const QJsonArray tools = out.value("tools").toArray();
    QCOMPARE(tools.size(), 5); // DeferredToolPlaceholder dropped
    for (const QJsonValue &tool : tools) {
        const QJsonObject function = tool.toObject().value("function").toObject();
        QCOMPARE(tool.toObject().value("type").toString(), QStringLiteral("function"));
        QCOMPARE(
            function.value("parameters").toObject(),
            json(
                R"({"type":"object","properties":{"file_path":{"type":"string","description":"absolute"}},"required":["file_path"],"additionalProperties":false})"));
    }
    QCOMPARE(tools[4].toObject().value("function").toObject().value("name").toString(),
             QStringLiteral("Write"));

    // A leading-system-only provider gets the environment as a reminder inside the first user turn.
    CodecOptions strict = options;
    strict.leadingSystemOnly = true;
    const QJsonArray strictMessages = messagesOf(toOpenAI(claudeCodeBody(false), strict));
    QCOMPARE(strictMessages.size(), 2);
    const QJsonArray parts = strictMessages[1].toObject().value("content").toArray();
    QCOMPARE(parts.size(), 3);
    QVERIFY(parts[2].toObject().value("text").toString().startsWith(
        QStringLiteral("<system-reminder>\n# Environment")));
}

void TestRequestCodec::appendixC3_turn2ToOpenAI()
{
    Wire::ToolNameRegistry registry;
    CodecOptions options;
    options.targetModel = "deepseek-chat";
    options.reasoningRoundTrip = true;
    options.toolNames = &registry;
    const QJsonObject out = toOpenAI(claudeCodeBody(true), options);
    QCOMPARE(out.value("max_tokens").toInt(), 128000);
    QVERIFY(!out.contains("reasoning_effort")); // not effort-capable

    const QJsonArray messages = messagesOf(out);
    QCOMPARE(messages.size(), 6);
    QCOMPARE(messages[2].toObject().value("role").toString(), QStringLiteral("system"));
    QCOMPARE(messages[2].toObject().value("content").toString(),
             QStringLiteral(
                 "# Environment\nYou have been invoked in the following environment: \n - Platform: linux"));
    const QJsonObject assistant = messages[3].toObject();
    QCOMPARE(assistant.value("content").toString(), QStringLiteral("Creating it."));
    QCOMPARE(assistant.value("reasoning_content").toString(),
             QStringLiteral("I should write the file and read it."));
    const QJsonArray calls = assistant.value("tool_calls").toArray();
    QCOMPARE(calls.size(), 2);
    QCOMPARE(
        calls[0].toObject(),
        json(
            R"({"id":"toolu_01Bash","type":"function","function":{"name":"Bash","arguments":"{\"command\":\"echo hi > hello.txt\"}"}})"));
    QCOMPARE(calls[1].toObject().value("id").toString(), QStringLiteral("toolu_01Read"));
    // Tool results in completion order (Read first), kept as they came; is_error:false adds no prefix.
    QCOMPARE(messages[4].toObject(),
             json(R"({"role":"tool","tool_call_id":"toolu_01Read","content":"1\thi"})"));
    QCOMPARE(
        messages[5].toObject(),
        json(
            R"({"role":"tool","tool_call_id":"toolu_01Bash","content":"File created successfully at: /w/hello.txt"})"));
}

void TestRequestCodec::outputConfigFormatToResponseFormat()
{
    // The session-title request of Appendix C.3.
    const QJsonObject out = toOpenAI(minimal(
        R"([{"role":"user","content":[{"type":"text","text":"<session>\ncreate hello.txt\n</session>"}]}])",
        R"("tools":[],"output_config":{"format":{"type":"json_schema","schema":{"type":"object","properties":{"title":{"type":"string"}},"required":["title"],"additionalProperties":false}}})"));
    QCOMPARE(
        out.value("response_format").toObject(),
        json(
            R"({"type":"json_schema","json_schema":{"name":"output","schema":{"type":"object","properties":{"title":{"type":"string"}},"required":["title"],"additionalProperties":false},"strict":true}})"));
    QVERIFY(!out.contains("tools"));
    QVERIFY(!out.contains("output_config"));
}

void TestRequestCodec::stopSequencesAtMostFour()
{
    const QJsonObject out = toOpenAI(
        minimal(R"([{"role":"user","content":"x"}])", R"("stop_sequences":["a","b","c","d","e","f"])"));
    QCOMPARE(out.value("stop").toArray(), json(R"({"s":["a","b","c","d"]})").value("s").toArray());
    QVERIFY(
        !toOpenAI(minimal(R"([{"role":"user","content":"x"}])", R"("stop_sequences":[])")).contains("stop"));
}

void TestRequestCodec::interruptedToolCallGetsResult()
{
    // Two calls, only one answered, then the user moved on: the other gets "(interrupted)" before
    // the user text; a system message between call and results moves after the results.
    const QJsonArray messages = messagesOf(toOpenAI(minimal(
        R"([{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_use","id":"a","name":"R","input":{}},{"type":"tool_use","id":"b","name":"R","input":{}}]},{"role":"system","content":"sys"},{"role":"user","content":[{"type":"tool_result","tool_use_id":"b","content":"B"},{"type":"text","text":"stop"}]}])")));
    QCOMPARE(messages.size(), 6);
    QCOMPARE(messages[2].toObject(), json(R"({"role":"tool","tool_call_id":"b","content":"B"})"));
    QCOMPARE(messages[3].toObject(),
             json(R"j({"role":"tool","tool_call_id":"a","content":"(interrupted)"})j"));
    QCOMPARE(messages[4].toObject(), json(R"({"role":"system","content":"sys"})"));
    QCOMPARE(messages[5].toObject(), json(R"({"role":"user","content":"stop"})"));

    // Assistant with tool calls as the last message (no user turn at all).
    const QJsonArray last = messagesOf(
        toOpenAI(minimal(QByteArray("[{\"role\":\"user\",\"content\":\"x\"},") + tuAssistant + "]")));
    QCOMPARE(last.size(), 3);
    QCOMPARE(last[2].toObject(),
             json(R"j({"role":"tool","tool_call_id":"toolu_1","content":"(interrupted)"})j"));
}

void TestRequestCodec::orphanToolResultBecomesUserText()
{
    const QJsonArray messages = messagesOf(toOpenAI(minimal(
        R"([{"role":"user","content":[{"type":"tool_result","tool_use_id":"gone","content":"old"},{"type":"text","text":"hi"}]}])")));
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[0].toObject().value("role").toString(), QStringLiteral("user"));
    QVERIFY(messages[0].toObject().value("content").toString().contains(QStringLiteral("old")));
    QCOMPARE(messages[1].toObject(), json(R"({"role":"user","content":"hi"})"));
}

void TestRequestCodec::documentsAndImages()
{
    const QJsonArray messages = messagesOf(toOpenAI(minimal(
        R"([{"role":"user","content":[{"type":"text","text":"look"},{"type":"text","text":"  "},{"type":"image","source":{"type":"url","url":"https://x/y.png"}},{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBE"}},{"type":"document","source":{"type":"text","media_type":"text/plain","data":"plain doc"}}]}])")));
    QCOMPARE(messages.size(), 1);
    QCOMPARE(
        messages[0].toObject(),
        json(
            R"({"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"https://x/y.png"}},{"type":"file","file":{"filename":"document.pdf","file_data":"data:application/pdf;base64,JVBE"}},{"type":"text","text":"plain doc"}]})"));
    // A user turn of only whitespace text disappears.
    QCOMPARE(
        messagesOf(
            toOpenAI(minimal(
                R"([{"role":"user","content":"a"},{"role":"user","content":[{"type":"text","text":" \n"}]}])")))
            .size(),
        1);
}

void TestRequestCodec::emptyToolResultAndLimits()
{
    const QJsonArray messages = messagesOf(toOpenAI(minimal(
        R"([{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_use","id":"a","name":"R","input":{}},{"type":"tool_use","id":"b","name":"R","input":{}},{"type":"tool_use","id":"c","name":"R","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"a","content":""},{"type":"tool_result","tool_use_id":"b"},{"type":"tool_result","tool_use_id":"c","content":[],"is_error":true}]}])")));
    QCOMPARE(messages[2].toObject().value("content").toString(), QStringLiteral("(no output)"));
    QCOMPARE(messages[3].toObject().value("content").toString(), QStringLiteral("(no output)"));
    QCOMPARE(messages[4].toObject().value("content").toString(), QStringLiteral("Error: (no output)"));

    // prompt_cache_key is capped at 64 characters.
    CodecOptions options;
    options.sessionId = QByteArray(100, 's');
    QCOMPARE(toOpenAI(minimal(R"([{"role":"user","content":"x"}])"), options)
                 .value("prompt_cache_key")
                 .toString()
                 .size(),
             64);
}

void TestRequestCodec::reasoningRoundTripPlaceholder()
{
    // Joined thinking blocks; assistant turns without thinking get no field.
    CodecOptions deepseek;
    deepseek.reasoningRoundTrip = true;
    const QJsonArray messages = messagesOf(toOpenAI(
        minimal(
            R"([{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"thinking","thinking":"a","signature":"s"},{"type":"thinking","thinking":"b","signature":"s"},{"type":"text","text":"t"}]},{"role":"user","content":"y"},{"role":"assistant","content":"plain"}])"),
        deepseek));
    QCOMPARE(messages[1].toObject().value("reasoning_content").toString(), QStringLiteral("a\nb"));
    QVERIFY(!messages[3].toObject().contains("reasoning_content"));
}

// ---------------------------------------------------------------------------------------------
// OpenAI -> Anthropic
// ---------------------------------------------------------------------------------------------

void TestRequestCodec::golden44_openAIRequestToAnthropic()
{
    CodecOptions options;
    options.targetModel = "claude-sonnet-4-5";
    const QJsonObject out = toAnthropic(
        R"({"model":"gpt-4o","messages":[{"role":"system","content":"S"},{"role":"user","content":"Q"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}}]},{"role":"tool","tool_call_id":"call_1","content":"R"},{"role":"user","content":"next"}],"max_completion_tokens":500,"stop":"X","tool_choice":"required","parallel_tool_calls":false,"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"x":{"type":"integer"}}}}}]})",
        options);
    QCOMPARE(out.value("model").toString(), QStringLiteral("claude-sonnet-4-5"));
    QCOMPARE(out.value("system").toString(), QStringLiteral("S"));
    QCOMPARE(out.value("max_tokens").toInt(), 500);
    QCOMPARE(out.value("stop_sequences").toArray(), json(R"({"s":["X"]})").value("s").toArray());
    QCOMPARE(out.value("tool_choice").toObject(), json(R"({"type":"any","disable_parallel_tool_use":true})"));
    const QJsonArray expected =
        json(
            R"({"m":[{"role":"user","content":"Q"},{"role":"assistant","content":[{"type":"tool_use","id":"call_1","name":"f","input":{"x":1}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"R"},{"type":"text","text":"next"}]}]})")
            .value("m")
            .toArray();
    QCOMPARE(out.value("messages").toArray(), expected);
    QCOMPARE(out.value("tools").toArray()[0].toObject(),
             json(R"({"name":"f","input_schema":{"type":"object","properties":{"x":{"type":"integer"}}}})"));
}

void TestRequestCodec::openAIImagesAndFiles()
{
    const QJsonObject out = toAnthropic(
        R"({"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"see"},{"type":"text","text":""},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBO"}},{"type":"image_url","image_url":{"url":"https://example.com/cat.jpg","detail":"high"}},{"type":"image_url","image_url":{"url":"data:image/JPG;base64,/9j/"}},{"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBE"}}]}]})");
    const QJsonArray expected =
        json(
            R"({"c":[{"type":"text","text":"see"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBO"}},{"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}},{"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/"}},{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBE"}}]})")
            .value("c")
            .toArray();
    QCOMPARE(out.value("messages").toArray()[0].toObject().value("content").toArray(), expected);
    QCOMPARE(out.value("max_tokens").toInt(), 4096); // default

    QVERIFY(
        anthropicError(
            R"({"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/bmp;base64,Qk0="}}]}]})")
            .contains(QStringLiteral("image/bmp")));
    QVERIFY(
        !anthropicError(
             R"({"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x/y.png"}}]}]})")
             .isEmpty());
    QVERIFY(
        !anthropicError(
             R"({"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AA","format":"wav"}}]}]})")
             .isEmpty());
}

void TestRequestCodec::openAIParametersAndReasoning()
{
    const QJsonObject out = toAnthropic(
        R"({"model":"m","messages":[{"role":"developer","content":[{"type":"text","text":"D"}]},{"role":"system","content":"S2"},{"role":"user","content":"q"}],"max_tokens":100,"temperature":1.7,"top_p":0.5,"stop":["a","b"],"user":"u-1","stream":true,"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"},"strict":true}},"seed":3,"frequency_penalty":1})");
    QCOMPARE(out.value("system").toArray(),
             json(R"({"s":[{"type":"text","text":"D"},{"type":"text","text":"S2"}]})").value("s").toArray());
    QCOMPARE(out.value("temperature").toDouble(), 1.0); // clamped
    QCOMPARE(out.value("top_p").toDouble(), 0.5);
    QCOMPARE(out.value("stop_sequences").toArray().size(), 2);
    QCOMPARE(out.value("metadata").toObject(), json(R"({"user_id":"u-1"})"));
    QCOMPARE(out.value("stream").toBool(), true);
    QCOMPARE(out.value("output_config").toObject(),
             json(R"({"format":{"type":"json_schema","schema":{"type":"object"}}})"));
    QVERIFY(!out.contains("seed"));
    QVERIFY(!out.contains("frequency_penalty"));
    QVERIFY(!out.contains("thinking"));

    // reasoning_effort -> budget; max_tokens raised above the budget; sampling knobs dropped.
    const QJsonObject high = toAnthropic(
        R"({"model":"m","messages":[{"role":"user","content":"q"}],"max_tokens":1000,"reasoning_effort":"high","temperature":0.3})");
    QCOMPARE(high.value("thinking").toObject(), json(R"({"type":"enabled","budget_tokens":16384})"));
    QVERIFY(high.value("max_tokens").toInt() > 16384);
    QVERIFY(!high.contains("temperature"));
    const QJsonObject low = toAnthropic(
        R"({"model":"m","messages":[{"role":"user","content":"q"}],"max_tokens":20000,"reasoning_effort":"low"})");
    QCOMPARE(low.value("thinking").toObject().value("budget_tokens").toInt(), 1024);
    QCOMPARE(low.value("max_tokens").toInt(), 20000);
    QCOMPARE(
        toAnthropic(R"({"model":"m","messages":[{"role":"user","content":"q"}],"reasoning_effort":"medium"})")
            .value("thinking")
            .toObject()
            .value("budget_tokens")
            .toInt(),
        4096);
    QCOMPARE(
        toAnthropic(
            R"({"model":"m","messages":[{"role":"user","content":"q"}],"max_tokens":64000,"reasoning_effort":"xhigh"})")
            .value("thinking")
            .toObject()
            .value("budget_tokens")
            .toInt(),
        32768);
    QVERIFY(
        !toAnthropic(R"({"model":"m","messages":[{"role":"user","content":"q"}],"reasoning_effort":"none"})")
             .contains("thinking"));
    CodecOptions adaptive;
    adaptive.adaptiveThinking = true;
    const QJsonObject adaptiveOut = toAnthropic(
        R"({"model":"m","messages":[{"role":"user","content":"q"}],"reasoning_effort":"medium"})", adaptive);
    QCOMPARE(adaptiveOut.value("thinking").toObject(), json(R"({"type":"adaptive"})"));
    QCOMPARE(adaptiveOut.value("output_config").toObject(), json(R"({"effort":"medium"})"));

    QVERIFY(anthropicError(R"({"model":"m","messages":[{"role":"user","content":"q"}],"n":2})")
                .contains(QStringLiteral("n")));
    QVERIFY(anthropicError(R"({"model":"m","messages":[{"role":"user","content":"q"}],"n":1})").isEmpty());
}

void TestRequestCodec::openAIToolsAndChoices()
{
    const QByteArray tools = R"("tools":[{"type":"function","function":{"name":"f","description":"d"}}])";
    auto choice = [&](const QByteArray &extra) {
        return toAnthropic(R"({"model":"m","messages":[{"role":"user","content":"q"}],)" + tools + "," + extra
                           + "}");
    };
    QCOMPARE(choice(R"("tool_choice":"auto")").value("tool_choice").toObject(), json(R"({"type":"auto"})"));
    QCOMPARE(choice(R"("tool_choice":"none")").value("tool_choice").toObject(), json(R"({"type":"none"})"));
    QCOMPARE(choice(R"("tool_choice":{"type":"function","function":{"name":"f"}})")
                 .value("tool_choice")
                 .toObject(),
             json(R"({"type":"tool","name":"f"})"));
    QCOMPARE(choice(R"("parallel_tool_calls":false)").value("tool_choice").toObject(),
             json(R"({"type":"auto","disable_parallel_tool_use":true})"));
    QVERIFY(!choice(R"("parallel_tool_calls":true)").contains("tool_choice"));
    // Missing parameters -> an empty object schema.
    QCOMPARE(choice(R"("stream":false)").value("tools").toArray()[0].toObject(),
             json(R"({"name":"f","description":"d","input_schema":{"type":"object","properties":{}}})"));

    // Invalid JSON arguments in history -> repaired or {} (never a failure).
    const QJsonObject bad = toAnthropic(
        R"({"model":"m","messages":[{"role":"user","content":"q"},{"role":"assistant","content":"","tool_calls":[{"id":"functions.f:0","type":"function","function":{"name":"f","arguments":"{\"x\":"}},{"id":"c2","type":"function","function":{"name":"f","arguments":"nope"}}]},{"role":"tool","tool_call_id":"functions.f:0","content":[{"type":"text","text":"R"}]},{"role":"tool","tool_call_id":"c2","content":"R2"}]})");
    const QJsonArray blocks = bad.value("messages").toArray()[1].toObject().value("content").toArray();
    QCOMPARE(blocks.size(), 2);
    QCOMPARE(blocks[0].toObject().value("id").toString(), QStringLiteral("functions_f_0"));
    QCOMPARE(blocks[0].toObject().value("input").toObject(), json(R"({"x":null})"));
    QCOMPARE(blocks[1].toObject().value("input").toObject(), QJsonObject());
    const QJsonArray results = bad.value("messages").toArray()[2].toObject().value("content").toArray();
    QCOMPARE(results.size(), 2);
    QCOMPARE(results[0].toObject().value("tool_use_id").toString(), QStringLiteral("functions_f_0"));
    QCOMPARE(results[0].toObject().value("content").toString(), QStringLiteral("R"));

    QVERIFY(
        !anthropicError(
             R"({"model":"m","messages":[{"role":"user","content":"q"}],"tools":[{"type":"custom","custom":{"name":"x"}}]})")
             .isEmpty());
}

void TestRequestCodec::openAIFinalAssistantWhitespace()
{
    const QJsonObject out = toAnthropic(
        R"({"model":"m","messages":[{"role":"user","content":"q"},{"role":"assistant","content":"Sure, here \n"}]})");
    QCOMPARE(out.value("messages").toArray()[1].toObject(),
             json(R"({"role":"assistant","content":"Sure, here"})"));
    // Not the final message: left alone.
    const QJsonObject mid = toAnthropic(
        R"({"model":"m","messages":[{"role":"user","content":"q"},{"role":"assistant","content":"A \n"},{"role":"user","content":"more"}]})");
    QCOMPARE(mid.value("messages").toArray()[1].toObject().value("content").toString(),
             QStringLiteral("A \n"));
    // reasoning_content is dropped.
    const QJsonObject reasoning = toAnthropic(
        R"({"model":"m","messages":[{"role":"user","content":"q"},{"role":"assistant","content":"A","reasoning_content":"why"},{"role":"user","content":"more"}]})");
    QVERIFY(!QJsonDocument(reasoning).toJson().contains("why"));
}

void TestRequestCodec::openAIBadInput()
{
    QVERIFY(!anthropicError(R"({"model":"m","messages":"hi"})").isEmpty());
    QVERIFY(!anthropicError(R"({"model":"m"})").isEmpty());
    QVERIFY(!anthropicError(R"({"model":"m","messages":[{"role":"wizard","content":"x"}]})").isEmpty());
    QVERIFY(!anthropicError(R"({"model":"m","messages":[{"role":"user","content":5}]})").isEmpty());
    QVERIFY(!anthropicError(R"({"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":"many"})")
                 .isEmpty());
    QVERIFY(
        !anthropicError(R"({"model":"m","messages":[{"role":"user","content":"x"}],"stop":5})").isEmpty());
    QVERIFY(!anthropicError(R"({"model":"m","messages":[{"role":"user","content":"x"}],"temperature":"hot"})")
                 .isEmpty());
    QVERIFY(!anthropicError(R"({"model":"m","messages":[{"role":"tool","content":"x"}]})").isEmpty());
    QVERIFY(!anthropicError(R"({"model":"m","messages":[]})").isEmpty());
    QVERIFY(!anthropicError(R"([1,2])").isEmpty());
}

// ---------------------------------------------------------------------------------------------
// Anthropic upstream
// ---------------------------------------------------------------------------------------------

void TestRequestCodec::golden58_foreignThinkingStripped()
{
    const QByteArray proxySig = Wire::proxySignature("from deepseek");
    const QByteArray request =
        R"({"model":"claude-sonnet-4-5","max_tokens":2000,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"thinking","thinking":"from deepseek","signature":")"
        + proxySig
        + R"("},{"type":"text","text":"answer"}]},{"role":"user","content":"y"},{"role":"assistant","content":[{"type":"thinking","thinking":"real","signature":"EqQBCkYIreal"},{"type":"text","text":"ok"}]},{"role":"user","content":"z"}]})";
    Parsed p(request);
    QVERIFY(RequestCodec::needsNormalization(p.root));
    CodecOptions options;
    options.targetModel = "claude-sonnet-4-5-20250929";
    QByteArray out;
    bool changed = false;
    QVERIFY(RequestCodec::normalizeForAnthropic(p.root, options, &out, &changed));
    QVERIFY(changed);
    const QJsonObject o = toObject(out);
    QCOMPARE(o.value("model").toString(), QStringLiteral("claude-sonnet-4-5-20250929"));
    const QJsonArray messages = o.value("messages").toArray();
    QCOMPARE(messages.size(), 5);
    // The proxy-signed block is gone, the rest of that turn intact.
    QCOMPARE(messages[1].toObject(),
             json(R"({"role":"assistant","content":[{"type":"text","text":"answer"}]})"));
    // Anthropic's own thinking block untouched, signature included.
    QCOMPARE(
        messages[3].toObject(),
        json(
            R"({"role":"assistant","content":[{"type":"thinking","thinking":"real","signature":"EqQBCkYIreal"},{"type":"text","text":"ok"}]})"));
    QVERIFY(!out.contains(proxySig));

    // The retry after a 400 about signatures: all thinking removed.
    QByteArray retry;
    QVERIFY(RequestCodec::stripAllThinking(p.root, options, &retry));
    QVERIFY(!retry.contains("\"thinking\""));
    QCOMPARE(toObject(retry).value("messages").toArray()[3].toObject(),
             json(R"({"role":"assistant","content":[{"type":"text","text":"ok"}]})"));
}

void TestRequestCodec::golden59_historyNormalisation()
{
    const QByteArray request =
        R"({"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_use","id":"functions.Read:0","name":"Read","input":{"p":"a"}},{"type":"text","text":"done"}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"functions.Read:0","content":"A"}]}]})";
    Parsed p(request);
    QVERIFY(RequestCodec::needsNormalization(p.root));
    QByteArray out;
    QVERIFY(RequestCodec::prepareForAnthropic(request, p.root, CodecOptions {}, &out));
    const QJsonArray messages = toObject(out).value("messages").toArray();
    QCOMPARE(messages.size(), 3);
    QCOMPARE(
        messages[1].toObject(),
        json(
            R"({"role":"assistant","content":[{"type":"text","text":"done"},{"type":"tool_use","id":"functions_Read_0","name":"Read","input":{"p":"a"}}]})"));
    QCOMPARE(
        messages[2].toObject(),
        json(
            R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"functions_Read_0","content":"A"}]})"));
    QCOMPARE(toObject(out).value("model").toString(),
             QStringLiteral("claude-sonnet-4-5")); // no target: kept

    // Empty/whitespace text blocks dropped; a user turn with text before its tool_result reordered.
    const QByteArray messy =
        R"({"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"text","text":""},{"type":"tool_use","id":"t1","name":"R","input":{}}]},{"role":"user","content":[{"type":"text","text":"also"},{"type":"tool_result","tool_use_id":"t1","content":"A"},{"type":"text","text":"  "}]}]})";
    Parsed m(messy);
    QVERIFY(RequestCodec::needsNormalization(m.root));
    QByteArray fixed;
    QVERIFY(RequestCodec::normalizeForAnthropic(m.root, CodecOptions {}, &fixed));
    const QJsonArray fixedMessages = toObject(fixed).value("messages").toArray();
    QCOMPARE(fixedMessages[1].toObject(),
             json(R"({"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"R","input":{}}]})"));
    QCOMPARE(
        fixedMessages[2].toObject(),
        json(
            R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"A"},{"type":"text","text":"also"}]})"));
}

void TestRequestCodec::stripAllThinkingDropsParameterWhenNeeded()
{
    // The last assistant turn calls a tool: without its thinking block the thinking parameter (and
    // the clear_thinking context edit that needs it) must go as well.
    const QByteArray request =
        R"({"model":"m","max_tokens":100,"thinking":{"type":"adaptive"},"context_management":{"edits":[{"type":"clear_thinking_20251015","keep":"all"}]},"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"sig"},{"type":"redacted_thinking","data":"d"},{"type":"tool_use","id":"t1","name":"R","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"A"}]}]})";
    Parsed p(request);
    QVERIFY(!RequestCodec::needsNormalization(p.root));
    QByteArray out;
    QVERIFY(RequestCodec::stripAllThinking(p.root, CodecOptions {}, &out));
    const QJsonObject o = toObject(out);
    QVERIFY(!o.contains("thinking"));
    QVERIFY(!o.contains("context_management"));
    QCOMPARE(o.value("messages").toArray()[1].toObject(),
             json(R"({"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"R","input":{}}]})"));
    QCOMPARE(o.value("max_tokens").toInt(), 100);

    // Final turn without tools: the parameter stays.
    const QByteArray plain =
        R"({"model":"m","thinking":{"type":"enabled","budget_tokens":2000},"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"sig"},{"type":"text","text":"a"}]},{"role":"user","content":"y"}]})";
    Parsed q(plain);
    QVERIFY(RequestCodec::stripAllThinking(q.root, CodecOptions {}, &out));
    QCOMPARE(toObject(out).value("thinking").toObject(), json(R"({"type":"enabled","budget_tokens":2000})"));
}

void TestRequestCodec::unansweredToolUseAnswered()
{
    const QByteArray request =
        R"({"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_use","id":"a","name":"R","input":{}},{"type":"tool_use","id":"b","name":"R","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"b","content":"B"}]},{"role":"assistant","content":[{"type":"tool_use","id":"c","name":"R","input":{}}]},{"role":"user","content":"moving on"}]})";
    Parsed p(request);
    QVERIFY(RequestCodec::needsNormalization(p.root));
    QByteArray out;
    QVERIFY(RequestCodec::normalizeForAnthropic(p.root, CodecOptions {}, &out));
    const QJsonArray messages = toObject(out).value("messages").toArray();
    QCOMPARE(messages.size(), 5);
    QCOMPARE(
        messages[2].toObject(),
        json(
            R"j({"role":"user","content":[{"type":"tool_result","tool_use_id":"a","content":"(interrupted)","is_error":true},{"type":"tool_result","tool_use_id":"b","content":"B"}]})j"));
    QCOMPARE(
        messages[4].toObject(),
        json(
            R"j({"role":"user","content":[{"type":"tool_result","tool_use_id":"c","content":"(interrupted)","is_error":true},{"type":"text","text":"moving on"}]})j"));
}

void TestRequestCodec::cleanClaudeCodeBodyIsNotRewritten()
{
    for (bool turn2 : {false, true}) {
        const QByteArray body = claudeCodeBody(turn2);
        Parsed p(body);
        QVERIFY(!RequestCodec::needsNormalization(p.root));
        CodecOptions options;
        options.targetModel = "claude-opus-4-1";
        QByteArray out;
        QVERIFY(RequestCodec::prepareForAnthropic(body, p.root, options, &out));
        // Byte-identical except the model value.
        QByteArray expected = body;
        expected.replace("\"model\":\"claude-opus-5-5\"", "\"model\":\"claude-opus-4-1\"");
        QCOMPARE(out, expected);
        // No target model: the body is handed back untouched.
        QVERIFY(RequestCodec::prepareForAnthropic(body, p.root, CodecOptions {}, &out));
        QCOMPARE(out, body);
    }
}

void TestRequestCodec::rewriteModelInPlace_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("model");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("first key") << QByteArray(R"({"model":"a","x":1})") << QByteArray("bb") << true
                               << QByteArray(R"({"model":"bb","x":1})");
    QTest::newRow("later key, nested decoys")
        << QByteArray(
               R"( { "metadata" : {"model":"no"}, "s":"\"model\":\"no\"", "arr":[{"model":1},"]}"],  "model" : "old" , "z":true } )")
        << QByteArray("new") << true
        << QByteArray(
               R"( { "metadata" : {"model":"no"}, "s":"\"model\":\"no\"", "arr":[{"model":1},"]}"],  "model" : "new" , "z":true } )");
    QTest::newRow("escaping") << QByteArray(R"({"model":"a\"b"})") << QByteArray("q\"x\\") << true
                              << QByteArray(R"({"model":"q\"x\\"})");
    QTest::newRow("absent") << QByteArray(R"({"x":1})") << QByteArray("m") << true
                            << QByteArray(R"({"model":"m","x":1})");
    QTest::newRow("empty object") << QByteArray("{}") << QByteArray("m") << true
                                  << QByteArray(R"({"model":"m"})");
    QTest::newRow("not a string") << QByteArray(R"({"model":5})") << QByteArray("m") << false << QByteArray();
    QTest::newRow("array") << QByteArray("[1]") << QByteArray("m") << false << QByteArray();
    QTest::newRow("truncated") << QByteArray(R"({"x":"abc)") << QByteArray("m") << false << QByteArray();
    QTest::newRow("utf8") << QByteArray("{\"n\":\"\xe2\x82\xac\",\"model\":\"\xe2\x82\xac\"}")
                          << QByteArray("\xc3\xa9") << true
                          << QByteArray("{\"n\":\"\xe2\x82\xac\",\"model\":\"\xc3\xa9\"}");
}

void TestRequestCodec::rewriteModelInPlace()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, model);
    QFETCH(bool, ok);
    QFETCH(QByteArray, expected);
    QByteArray out;
    QCOMPARE(RequestCodec::rewriteModelInPlace(
                 body, std::string_view(model.constData(), size_t(model.size())), &out),
             ok);
    if (ok)
        QCOMPARE(out, expected);
}

// ---------------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------------

void TestRequestCodec::badAnthropicInput_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("not an object") << QByteArray("[]");
    QTest::newRow("no messages") << QByteArray(R"({"model":"m","max_tokens":1})");
    QTest::newRow("messages not an array") << QByteArray(R"({"model":"m","messages":{"role":"user"}})");
    QTest::newRow("message not an object") << QByteArray(R"({"model":"m","messages":["hi"]})");
    QTest::newRow("content a number")
        << QByteArray(R"({"model":"m","messages":[{"role":"user","content":5}]})");
    QTest::newRow("content missing") << QByteArray(R"({"model":"m","messages":[{"role":"user"}]})");
    QTest::newRow("role unknown") << QByteArray(
        R"({"model":"m","messages":[{"role":"tool","content":"x"}]})");
    QTest::newRow("role number") << QByteArray(R"({"model":"m","messages":[{"role":1,"content":"x"}]})");
    QTest::newRow("block not an object")
        << QByteArray(R"({"model":"m","messages":[{"role":"user","content":[1]}]})");
    QTest::newRow("block without type")
        << QByteArray(R"({"model":"m","messages":[{"role":"user","content":[{"text":"x"}]}]})");
    QTest::newRow("text not a string")
        << QByteArray(R"({"model":"m","messages":[{"role":"user","content":[{"type":"text","text":5}]}]})");
    QTest::newRow("tool_use without id") << QByteArray(
        R"({"model":"m","messages":[{"role":"assistant","content":[{"type":"tool_use","name":"x","input":{}}]}]})");
    QTest::newRow("tool_use input array") << QByteArray(
        R"({"model":"m","messages":[{"role":"assistant","content":[{"type":"tool_use","id":"a","name":"x","input":[]}]}]})");
    QTest::newRow("tool_result content number") << QByteArray(
        R"({"model":"m","messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"a","content":5}]}]})");
    QTest::newRow("image without source")
        << QByteArray(R"({"model":"m","messages":[{"role":"user","content":[{"type":"image"}]}]})");
    QTest::newRow("system a number") << QByteArray(R"({"model":"m","system":5,"messages":[]})");
    QTest::newRow("tools not an array") << QByteArray(R"({"model":"m","tools":{},"messages":[]})");
    QTest::newRow("tool without name")
        << QByteArray(R"({"model":"m","tools":[{"input_schema":{}}],"messages":[]})");
    QTest::newRow("schema a string") << QByteArray(
        R"({"model":"m","tools":[{"name":"x","input_schema":"s"}],"messages":[]})");
    QTest::newRow("max_tokens string") << QByteArray(R"({"model":"m","max_tokens":"9","messages":[]})");
    QTest::newRow("max_tokens negative") << QByteArray(R"({"model":"m","max_tokens":-1,"messages":[]})");
    QTest::newRow("temperature string") << QByteArray(R"({"model":"m","temperature":"x","messages":[]})");
    QTest::newRow("stop_sequences string")
        << QByteArray(R"({"model":"m","stop_sequences":"END","messages":[]})");
    QTest::newRow("stop_sequences numbers")
        << QByteArray(R"({"model":"m","stop_sequences":[1],"messages":[]})");
    QTest::newRow("thinking string") << QByteArray(R"({"model":"m","thinking":"on","messages":[]})");
    QTest::newRow("tool_choice number") << QByteArray(R"({"model":"m","tool_choice":1,"messages":[]})");
    QTest::newRow("model missing") << QByteArray(R"({"messages":[]})");
}

void TestRequestCodec::badAnthropicInput()
{
    QFETCH(QByteArray, request);
    QVERIFY2(!openAIError(request).isEmpty(), request.constData());
}

void TestRequestCodec::invalidUtf8RejectedByParser()
{
    // The caller parses; simdjson refuses invalid UTF-8 so no codec ever sees it.
    const QByteArray bad = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\xff\xfe\"}]}";
    Parsed p(bad);
    QCOMPARE(p.error, simdjson::UTF8_ERROR);
    Parsed truncated(R"({"model":"m","messages":[)");
    QVERIFY(truncated.error != simdjson::SUCCESS);
}

void TestRequestCodec::hugeStrings()
{
    // 8 MB of text (with characters needing escapes) in a tool result and a user turn.
    QByteArray big;
    big.reserve(8 * 1024 * 1024);
    const QByteArray piece = "line \\\"quoted\\\" \\n "; // decodes to 16 characters
    while (big.size() < 8 * 1024 * 1024)
        big.append(piece);
    const qsizetype decodedSize = big.size() / piece.size() * 16;
    const QByteArray request = minimal(
        R"([{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"R","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":")"
        + big + R"("},{"type":"text","text":")" + big + "\"}]}]");
    const QJsonArray messages = messagesOf(toOpenAI(request));
    QCOMPARE(messages.size(), 4);
    QCOMPARE(messages[2].toObject().value("content").toString().size(), decodedSize);
    QVERIFY(
        messages[2].toObject().value("content").toString().startsWith(QStringLiteral("line \"quoted\" \n")));

    const QByteArray openAI = R"({"model":"m","messages":[{"role":"user","content":")" + big + "\"}]}";
    QVERIFY(toAnthropic(openAI).value("messages").toArray()[0].toObject().value("content").toString().size()
            == decodedSize);
}

namespace {

// Every JSON value position in v, as a path of keys/indexes.
void collectPaths(const QJsonValue &v, QVariantList path, QList<QVariantList> *out)
{
    out->append(path);
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            collectPaths(it.value(), path + QVariantList {it.key()}, out);
    } else if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            collectPaths(a.at(i), path + QVariantList {i}, out);
    }
}

QJsonValue replaced(const QJsonValue &v, const QVariantList &path, qsizetype depth, const QJsonValue &with)
{
    if (depth == path.size())
        return with;
    if (v.isObject()) {
        QJsonObject o = v.toObject();
        const QString key = path.at(depth).toString();
        o.insert(key, replaced(o.value(key), path, depth + 1, with));
        return o;
    }
    QJsonArray a = v.toArray();
    const qsizetype i = path.at(depth).toLongLong();
    a.replace(i, replaced(a.at(i), path, depth + 1, with));
    return a;
}

bool isJsonObject(const QByteArray &bytes)
{
    QJsonParseError error;
    return QJsonDocument::fromJson(bytes, &error).isObject() && error.error == QJsonParseError::NoError;
}

} // namespace

void TestRequestCodec::mutatedBodiesNeverCrash()
{
    // Type confusion anywhere in realistic bodies (each value swapped for another type) and random
    // truncation: every codec either fails cleanly or produces valid JSON.
    const QByteArray openAI =
        R"({"model":"m","messages":[{"role":"system","content":"S"},{"role":"user","content":[{"type":"text","text":"Q"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AA"}}]},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}}]},{"role":"tool","tool_call_id":"call_1","content":"R"}],"max_tokens":50,"stop":["X"],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"tool_choice":"auto","reasoning_effort":"low","response_format":{"type":"json_schema","json_schema":{"schema":{}}}})";
    const QByteArray openAIResponse =
        R"({"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"hi","reasoning_content":"r","tool_calls":[{"id":"a.b","type":"function","function":{"name":"f","arguments":"{}"}}],"annotations":[{"type":"url_citation","url_citation":{"url":"u","title":"t"}}]},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":1,"prompt_tokens_details":{"cached_tokens":2}}})";
    const QByteArray anthropicResponse =
        R"({"id":"msg_1","type":"message","content":[{"type":"thinking","thinking":"t","signature":"s"},{"type":"text","text":"x"},{"type":"tool_use","id":"t","name":"n","input":{"a":1}}],"stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":2}})";
    const QJsonValue alternatives[] = {QJsonValue(5),
                                       QJsonValue(QJsonValue::Null),
                                       QJsonValue(QStringLiteral("s")),
                                       QJsonValue(QJsonArray {1, QStringLiteral("x")}),
                                       QJsonValue(QJsonObject {{QStringLiteral("k"), 1}}),
                                       QJsonValue(true),
                                       QJsonValue(QString())};
    Wire::ToolNameRegistry registry(50);
    CodecOptions options;
    options.toolNames = &registry;
    options.reasoningRoundTrip = true;
    options.leadingSystemOnly = true;
    options.effortCapable = true;
    options.webSearch = WebSearchPolicy::NativeOpenAI;
    options.targetModel = "target";
    QRandomGenerator rng(qEnvironmentVariableIsSet("FUZZ_SEED")
                             ? quint32(qEnvironmentVariableIntValue("FUZZ_SEED"))
                             : 20240611u);
    int outputs = 0;
    for (const QByteArray &seed :
         {claudeCodeBody(false), claudeCodeBody(true), openAI, openAIResponse, anthropicResponse}) {
        const QJsonValue root = QJsonDocument::fromJson(seed).object();
        // FUZZ_ROUNDS / FUZZ_SEED allow a longer local run; the default keeps the suite fast.
        const int rounds =
            qEnvironmentVariableIsSet("FUZZ_ROUNDS") ? qEnvironmentVariableIntValue("FUZZ_ROUNDS") : 300;
        for (int round = 0; round < rounds; ++round) {
            QJsonValue mutated = root;
            for (int n = 1 + rng.bounded(3); n > 0; --n) {
                QList<QVariantList> paths;
                collectPaths(mutated, {}, &paths);
                const QVariantList path = paths.at(rng.bounded(int(paths.size())));
                mutated = replaced(mutated, path, 0, alternatives[rng.bounded(7)]);
            }
            if (!mutated.isObject())
                continue;
            QByteArray body = QJsonDocument(mutated.toObject()).toJson(QJsonDocument::Compact);
            if (round % 5 == 4)
                body.truncate(rng.bounded(int(body.size())));
            QByteArray out;
            QString error;
            if (RequestCodec::rewriteModelInPlace(body, "m2", &out) && isJsonObject(body))
                QVERIFY2(isJsonObject(out), body.constData());
            Parsed p(body);
            if (p.error != simdjson::SUCCESS)
                continue;
            auto check = [&](bool ok) {
                if (!ok)
                    return;
                ++outputs;
                QVERIFY2(isJsonObject(out), body.constData());
            };
            check(RequestCodec::anthropicToOpenAI(p.root, options, &out, &error));
            check(RequestCodec::openAIToAnthropic(p.root, options, &out, &error));
            RequestCodec::needsNormalization(p.root);
            check(RequestCodec::normalizeForAnthropic(p.root, options, &out));
            check(RequestCodec::stripAllThinking(p.root, options, &out));
            check(RequestCodec::prepareForAnthropic(body, p.root, options, &out));
            check(ResponseCodec::openAIToAnthropic(p.root, "m", options, &out).ok());
            check(ResponseCodec::anthropicToOpenAI(p.root, "m", options, &out).ok());
        }
    }
    QVERIFY(outputs > 1000); // the mutations left plenty of bodies the codecs accepted
}

void TestRequestCodec::codecOptionsFromProvider()
{
    Provider deepseek;
    deepseek.capabilities = {QStringLiteral("tools"), QStringLiteral("reasoning-round-trip")};
    deepseek.options = QJsonObject {{QStringLiteral("leadingSystemOnly"), true},
                                    {QStringLiteral("webSearch"), QStringLiteral("native-openai")},
                                    {QStringLiteral("effortLowBelow"), 2000},
                                    {QStringLiteral("maxOutputTokens"), 8192},
                                    {QStringLiteral("defaultMaxTokens"), 1000}};
    const CodecOptions d = CodecOptions::forProvider(deepseek, QStringLiteral("deepseek-chat"));
    QCOMPARE(d.targetModel, QByteArray("deepseek-chat"));
    QVERIFY(d.reasoningRoundTrip);
    QVERIFY(d.leadingSystemOnly);
    QVERIFY(!d.useMaxCompletionTokens);
    QVERIFY(!d.effortCapable);
    QCOMPARE(d.webSearch, WebSearchPolicy::NativeOpenAI);
    QCOMPARE(d.effortLowBelow, 2000);
    QCOMPARE(d.effortMediumBelow, 16000);
    QCOMPARE(d.maxOutputTokens, 8192);
    QCOMPARE(d.defaultMaxTokens, 1000);

    const CodecOptions o3 = CodecOptions::forProvider(Provider {}, QStringLiteral("openai/o3"));
    QVERIFY(o3.useMaxCompletionTokens && o3.effortCapable && o3.effortCapHigh && o3.omitSamplingParams);
    const CodecOptions gpt51 = CodecOptions::forProvider(Provider {}, QStringLiteral("gpt-5.1"));
    QVERIFY(gpt51.effortCapable && !gpt51.effortCapHigh);
    QVERIFY(!CodecOptions::forProvider(Provider {}, QStringLiteral("gpt-4.1")).effortCapable);
    QVERIFY(!CodecOptions::forProvider(Provider {}, QStringLiteral("omni-model")).useMaxCompletionTokens);

    Provider capped;
    capped.capabilities = {QStringLiteral("reasoning-effort")};
    capped.options = QJsonObject {{QStringLiteral("effortCap"), QStringLiteral("high")}};
    const CodecOptions c = CodecOptions::forProvider(capped, QStringLiteral("qwen3-max"));
    QVERIFY(c.effortCapable && c.effortCapHigh);
}

QTEST_APPLESS_MAIN(TestRequestCodec)

#include "tst_requestcodec.moc"
