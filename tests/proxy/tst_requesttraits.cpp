// Routing facts read from request bodies: Claude Code 2.1.330 main turns, its title side query,
// older explicit-budget and haiku requests (protocols Appendix C.3, 2.4-2.6) and OpenAI Chat bodies.

#include "requesttraits.h"
#include "tokencounter.h"

#include <QTest>

#include <simdjson.h>

using namespace Switchyard;

namespace {

// Claude Code 2.1.330 `-p` turn 1, trimmed to a few of its 12 tools (keys in wire order).
const QByteArray ClaudeCodeMainTurn = R"({
  "model": "claude-opus-5-5",
  "messages": [
    {"role": "user", "content": [
      {"type": "text", "text": "<system-reminder>\nAttribution for git commits ...</system-reminder>\n"},
      {"type": "text", "text": "create hello.txt"}]},
    {"role": "system", "content": [
      {"type": "text", "text": "# Environment\nYou have been invoked in the following environment: \n - Platform: linux",
       "cache_control": {"type": "ephemeral"}}],
     "output_config": {"effort": "medium"}}
  ],
  "system": [
    {"type": "text", "text": "x-anthropic-billing-header: cc_version=2.1.330.1f4; cc_entrypoint=sdk-cli;"},
    {"type": "text", "text": "You are a Claude agent, built on Anthropic's Claude Agent SDK.", "cache_control": {"type": "ephemeral"}},
    {"type": "text", "text": "\nYou are an agent working with the user toward their goals.", "cache_control": {"type": "ephemeral"}}
  ],
  "tools": [
    {"name": "Bash", "description": "Run a shell command.", "input_schema": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"], "additionalProperties": false}},
    {"name": "Read", "description": "Read a file.", "input_schema": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {"file_path": {"type": "string"}}, "required": ["file_path"], "additionalProperties": false}},
    {"name": "Write", "description": "Write a file.", "input_schema": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {"file_path": {"type": "string"}, "content": {"type": "string"}}, "required": ["file_path", "content"], "additionalProperties": false}},
    {"name": "DeferredToolPlaceholder", "description": "Reserved placeholder that keeps deferred tool loading active; never call this tool.", "input_schema": {"type": "object", "properties": {}}, "defer_loading": true}
  ],
  "metadata": {"user_id": "{\"device_id\":\"ab\",\"account_uuid\":\"\",\"session_id\":\"86dc367d-fef4-4fd4-8c48-0c93fd732bad\"}"},
  "max_tokens": 128000,
  "thinking": {"type": "adaptive", "display": "omitted"},
  "context_management": {"edits": [{"type": "clear_thinking_20251015", "keep": "all"}]},
  "output_config": {"effort": "medium"},
  "stream": true
})";

// The interactive session-title side query: no tools, a JSON schema asking for a title.
const QByteArray ClaudeCodeTitleRequest = R"({
  "model": "claude-opus-5-5",
  "messages": [{"role": "user", "content": [{"type": "text", "text": "<session>\ncreate hello.txt\n</session>\n\nWrite the title in the predominant language of the session"}]}],
  "system": [
    {"type": "text", "text": "x-anthropic-billing-header: cc_version=2.1.330.b24; cc_entrypoint=cli;"},
    {"type": "text", "text": "You are Claude Code, Anthropic's official CLI for Claude.", "cache_control": {"type": "ephemeral"}},
    {"type": "text", "text": "You are naming a coding session.", "cache_control": {"type": "ephemeral"}}
  ],
  "tools": [],
  "metadata": {"user_id": "{}"},
  "max_tokens": 128000,
  "output_config": {"effort": "medium", "format": {"type": "json_schema", "schema": {"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"], "additionalProperties": false}}},
  "stream": true
})";

// Claude Code 2.0.77: explicit thinking budget, Explore warmup on the haiku model.
const QByteArray ExplicitBudget = R"({
  "model": "claude-sonnet-4-5-20250929",
  "messages": [{"role": "user", "content": [{"type": "text", "text": "think hard about this", "cache_control": {"type": "ephemeral"}}]}],
  "max_tokens": 32000,
  "thinking": {"type": "enabled", "budget_tokens": 31999},
  "stream": true
})";

const QByteArray HaikuWarmup = R"({
  "model": "claude-haiku-4-5-20251001",
  "messages": [{"role": "user", "content": "Warmup"}],
  "tools": [{"name": "Glob", "description": "Find files.", "input_schema": {"type": "object", "properties": {"pattern": {"type": "string"}}}}],
  "max_tokens": 32000,
  "stream": true
})";

} // namespace

class TestRequestTraits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void claudeCodeMainTurn();
    void claudeCodeTitleRequest();
    void explicitThinkingBudget();
    void haikuModelIsBackground();
    void disabledThinkingDropsEffort();
    void perMessageEffortWhenNoTopLevel();
    void webSearchServerTool();
    void imagesAnywhereInHistory();
    void jsonFormatWithoutTitleIsNotATitleRequest();
    void openAIToolsImagesReasoning();
    void openAITitleAndWebSearch();
    void openAIVendorThinkingFlags();
    void invalidBodies();
    void effortRanks();
    void capabilityTraitsForStrategies();
};

void TestRequestTraits::claudeCodeMainTurn()
{
    const std::optional<RoutingTraits> traits =
        RoutingTraits::read(ClaudeCodeMainTurn, RequestDialect::Anthropic);
    QVERIFY(traits);
    QCOMPARE(traits->model, QStringLiteral("claude-opus-5-5"));
    QVERIFY(traits->tools);
    QCOMPARE(traits->toolCount, 4);
    QVERIFY(!traits->webSearch);
    QVERIFY(!traits->images);
    QCOMPARE(traits->thinkingMode, ThinkingMode::Adaptive);
    QVERIFY(traits->thinking());
    QCOMPARE(traits->effort, QStringLiteral("medium"));
    QCOMPARE(traits->effectiveEffort(), QStringLiteral("medium"));
    QCOMPARE(traits->maxTokens, qint64(128000));
    QVERIFY(!traits->smallModel);
    QVERIFY(!traits->titleRequest);
    QVERIFY(!traits->background());
    // The estimate is TokenCounter's, the real tokenizer: tools alone add Anthropic's tool prompt.
    QCOMPARE(traits->inputTokens, TokenCounter::countAnthropicRequest(ClaudeCodeMainTurn));
    QVERIFY(traits->inputTokens > TokenCounter::AnthropicToolPromptTokens);

    const std::optional<RoutingTraits> uncounted =
        RoutingTraits::read(ClaudeCodeMainTurn, RequestDialect::Anthropic, false);
    QVERIFY(uncounted);
    QCOMPARE(uncounted->inputTokens, qint64(-1));
    QCOMPARE(uncounted->toolCount, 4);
}

void TestRequestTraits::claudeCodeTitleRequest()
{
    const std::optional<RoutingTraits> traits =
        RoutingTraits::read(ClaudeCodeTitleRequest, RequestDialect::Anthropic);
    QVERIFY(traits);
    QVERIFY(!traits->tools); // "tools": []
    QCOMPARE(traits->toolCount, 0);
    QVERIFY(traits->titleRequest);
    QVERIFY(traits->background());
    QVERIFY(!traits->smallModel); // no small/fast model configured: the main model
    QCOMPARE(traits->thinkingMode, ThinkingMode::None);
    QVERIFY(!traits->thinking());
    QCOMPARE(traits->effort, QStringLiteral("medium"));
    QVERIFY(traits->effectiveEffort().isEmpty()); // no thinking, so no thinking effort

    // The same schema with a tool present is a normal structured-output call.
    QByteArray withTool = ClaudeCodeTitleRequest;
    withTool.replace(R"("tools": [])",
                     R"("tools": [{"name": "Read", "input_schema": {"type": "object", "properties": {}}}])");
    const std::optional<RoutingTraits> tooled =
        RoutingTraits::read(withTool, RequestDialect::Anthropic, false);
    QVERIFY(tooled);
    QVERIFY(tooled->tools);
    QVERIFY(!tooled->titleRequest);
    QVERIFY(!tooled->background());
}

void TestRequestTraits::explicitThinkingBudget()
{
    const std::optional<RoutingTraits> traits =
        RoutingTraits::read(ExplicitBudget, RequestDialect::Anthropic);
    QVERIFY(traits);
    QCOMPARE(traits->thinkingMode, ThinkingMode::Enabled);
    QCOMPARE(traits->thinkingBudget, qint64(31999));
    QCOMPARE(traits->maxTokens, qint64(32000));
    QVERIFY(traits->effort.isEmpty());
    QVERIFY(traits->effectiveEffort().isEmpty()); // a budget, not an effort
    QVERIFY(!traits->tools);

    // Adaptive without an effort thinks at the API default, high.
    QByteArray adaptive = ExplicitBudget;
    adaptive.replace(R"({"type": "enabled", "budget_tokens": 31999})", R"({"type": "adaptive"})");
    const std::optional<RoutingTraits> adaptiveTraits =
        RoutingTraits::read(adaptive, RequestDialect::Anthropic, false);
    QVERIFY(adaptiveTraits);
    QCOMPARE(adaptiveTraits->thinkingMode, ThinkingMode::Adaptive);
    QCOMPARE(adaptiveTraits->thinkingBudget, qint64(0));
    QCOMPARE(adaptiveTraits->effectiveEffort(), QStringLiteral("high"));
}

void TestRequestTraits::haikuModelIsBackground()
{
    const std::optional<RoutingTraits> traits = RoutingTraits::read(HaikuWarmup, RequestDialect::Anthropic);
    QVERIFY(traits);
    QVERIFY(traits->smallModel);
    QVERIFY(traits->background());
    QVERIFY(traits->tools);
    QVERIFY(!traits->titleRequest);
    QCOMPARE(traits->thinkingMode, ThinkingMode::None);
    QVERIFY(RoutingTraits::fromModel(QStringLiteral("claude-3-5-HAIKU-20241022")).smallModel);
    QVERIFY(!RoutingTraits::fromModel(QStringLiteral("claude-sonnet-4-5")).smallModel);
}

void TestRequestTraits::disabledThinkingDropsEffort()
{
    // Subagent calls since 2.1.166: thinking disabled while an effort is still set (protocols 2.5).
    const QByteArray body = R"({"model": "claude-sonnet-5-5", "max_tokens": 1000,
        "messages": [{"role": "user", "content": "hi"}],
        "thinking": {"type": "disabled"}, "output_config": {"effort": "high"}})";
    const std::optional<RoutingTraits> traits = RoutingTraits::read(body, RequestDialect::Anthropic, false);
    QVERIFY(traits);
    QCOMPARE(traits->thinkingMode, ThinkingMode::Disabled);
    QVERIFY(!traits->thinking());
    QVERIFY(traits->effort.isEmpty());
    QVERIFY(traits->effectiveEffort().isEmpty());
}

void TestRequestTraits::perMessageEffortWhenNoTopLevel()
{
    const QByteArray body =
        R"({"model": "claude-opus-5-5", "max_tokens": 1000, "thinking": {"type": "adaptive"},
        "messages": [
          {"role": "user", "content": "a"},
          {"role": "system", "content": "env", "output_config": {"effort": "low"}},
          {"role": "user", "content": "b"},
          {"role": "system", "content": "later", "output_config": {"effort": "MAX"}}]})";
    const std::optional<RoutingTraits> traits = RoutingTraits::read(body, RequestDialect::Anthropic, false);
    QVERIFY(traits);
    QCOMPARE(traits->effort, QStringLiteral("max")); // the latest turn's, lower-cased
    QCOMPARE(traits->effectiveEffort(), QStringLiteral("max"));

    // A top-level effort wins over per-message ones.
    QByteArray topLevel = body;
    topLevel.replace(R"("thinking": {"type": "adaptive"})",
                     R"("thinking": {"type": "adaptive"}, "output_config": {"effort": "low"})");
    const std::optional<RoutingTraits> withTop =
        RoutingTraits::read(topLevel, RequestDialect::Anthropic, false);
    QVERIFY(withTop);
    QCOMPARE(withTop->effort, QStringLiteral("low"));
}

void TestRequestTraits::webSearchServerTool()
{
    const QByteArray body = R"({"model": "claude-sonnet-4-5", "max_tokens": 4096,
        "messages": [{"role": "user", "content": "Perform a web search for the query: qt 6.9 release date"}],
        "tools": [{"type": "web_search_20250305", "name": "web_search", "max_uses": 8}]})";
    const std::optional<RoutingTraits> traits = RoutingTraits::read(body, RequestDialect::Anthropic, false);
    QVERIFY(traits);
    QVERIFY(traits->webSearch);
    QVERIFY(traits->tools);
    QCOMPARE(traits->toolCount, 1);

    // A client function that is merely called WebSearch is not the server tool.
    const QByteArray named = R"({"model": "claude-sonnet-4-5", "messages": [],
        "tools": [{"name": "WebSearch", "input_schema": {"type": "object"}}]})";
    const std::optional<RoutingTraits> plain = RoutingTraits::read(named, RequestDialect::Anthropic, false);
    QVERIFY(plain);
    QVERIFY(!plain->webSearch);
}

void TestRequestTraits::imagesAnywhereInHistory()
{
    const QByteArray body = R"({"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": [
        {"role": "user", "content": [
          {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
          {"type": "text", "text": "what is this?"}]},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "Screenshot", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": [
          {"type": "text", "text": "captured"},
          {"type": "image", "source": {"type": "url", "url": "https://example.com/a.png"}}]}]}]})";
    const std::optional<RoutingTraits> traits = RoutingTraits::read(body, RequestDialect::Anthropic);
    QVERIFY(traits);
    QVERIFY(traits->images);
    QCOMPARE(traits->imageCount, 2);
    QVERIFY(traits->inputTokens >= 2 * TokenCounter::MinImageTokens);

    const std::optional<RoutingTraits> text =
        RoutingTraits::read(ExplicitBudget, RequestDialect::Anthropic, false);
    QVERIFY(text);
    QVERIFY(!text->images);
    QCOMPARE(text->imageCount, 0);
}

void TestRequestTraits::jsonFormatWithoutTitleIsNotATitleRequest()
{
    const QByteArray body = R"({"model": "claude-opus-5-5", "messages": [], "tools": [],
        "output_config": {"format": {"type": "json_schema", "schema": {"type": "object",
          "properties": {"summary": {"type": "string"}}}}}})";
    const std::optional<RoutingTraits> traits = RoutingTraits::read(body, RequestDialect::Anthropic, false);
    QVERIFY(traits);
    QVERIFY(!traits->titleRequest);
    QVERIFY(!traits->background());
}

void TestRequestTraits::openAIToolsImagesReasoning()
{
    const QByteArray body = R"({"model": "gpt-5", "max_completion_tokens": 4000, "max_tokens": 99,
        "reasoning_effort": "High",
        "messages": [
          {"role": "system", "content": "be brief"},
          {"role": "user", "content": [{"type": "text", "text": "describe"},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "low"}}]},
          {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
            "function": {"name": "lookup", "arguments": "{}"}}]},
          {"role": "tool", "tool_call_id": "call_1", "content": "42"}],
        "tools": [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}]})";
    const std::optional<RoutingTraits> traits = RoutingTraits::read(body, RequestDialect::OpenAIChat);
    QVERIFY(traits);
    QCOMPARE(traits->model, QStringLiteral("gpt-5"));
    QVERIFY(traits->tools);
    QVERIFY(!traits->webSearch);
    QVERIFY(traits->images);
    QCOMPARE(traits->imageCount, 1);
    QCOMPARE(traits->thinkingMode, ThinkingMode::Enabled);
    QCOMPARE(traits->effort, QStringLiteral("high"));
    QCOMPARE(traits->effectiveEffort(), QStringLiteral("high"));
    QCOMPARE(traits->maxTokens, qint64(4000)); // max_completion_tokens wins
    QCOMPARE(traits->inputTokens, TokenCounter::countOpenAIRequest(body));

    const QByteArray none = R"({"model": "gpt-5", "max_tokens": 50, "reasoning_effort": "none",
        "messages": [{"role": "user", "content": "hi"}]})";
    const std::optional<RoutingTraits> noReasoning =
        RoutingTraits::read(none, RequestDialect::OpenAIChat, false);
    QVERIFY(noReasoning);
    QCOMPARE(noReasoning->thinkingMode, ThinkingMode::Disabled);
    QVERIFY(!noReasoning->thinking());
    QCOMPARE(noReasoning->maxTokens, qint64(50));
    QVERIFY(!noReasoning->tools);
}

void TestRequestTraits::openAITitleAndWebSearch()
{
    const QByteArray title =
        R"({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "name this"}],
        "response_format": {"type": "json_schema", "json_schema": {"name": "session_title", "strict": true,
          "schema": {"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}}}})";
    const std::optional<RoutingTraits> titleTraits =
        RoutingTraits::read(title, RequestDialect::OpenAIChat, false);
    QVERIFY(titleTraits);
    QVERIFY(titleTraits->titleRequest);
    QVERIFY(titleTraits->background());

    const QByteArray search = R"({"model": "gpt-4o-search-preview", "web_search_options": {},
        "messages": [{"role": "user", "content": "news"}]})";
    const std::optional<RoutingTraits> searchTraits =
        RoutingTraits::read(search, RequestDialect::OpenAIChat, false);
    QVERIFY(searchTraits);
    QVERIFY(searchTraits->webSearch);
    QVERIFY(!searchTraits->tools);

    // Legacy function calling counts as tools.
    const QByteArray functions = R"({"model": "gpt-4", "messages": [],
        "functions": [{"name": "a", "parameters": {}}, {"name": "b", "parameters": {}}]})";
    const std::optional<RoutingTraits> legacy =
        RoutingTraits::read(functions, RequestDialect::OpenAIChat, false);
    QVERIFY(legacy);
    QVERIFY(legacy->tools);
    QCOMPARE(legacy->toolCount, 2);
}

void TestRequestTraits::openAIVendorThinkingFlags()
{
    const QByteArray qwen = R"({"model": "qwen3-coder", "enable_thinking": true, "messages": []})";
    const std::optional<RoutingTraits> qwenTraits =
        RoutingTraits::read(qwen, RequestDialect::OpenAIChat, false);
    QVERIFY(qwenTraits);
    QCOMPARE(qwenTraits->thinkingMode, ThinkingMode::Enabled);

    const QByteArray deepseek =
        R"({"model": "deepseek-v3", "thinking": {"type": "enabled", "budget_tokens": 2048},
        "messages": []})";
    const std::optional<RoutingTraits> dsTraits =
        RoutingTraits::read(deepseek, RequestDialect::OpenAIChat, false);
    QVERIFY(dsTraits);
    QCOMPARE(dsTraits->thinkingMode, ThinkingMode::Enabled);
    QCOMPARE(dsTraits->thinkingBudget, qint64(2048));

    const QByteArray openRouter = R"({"model": "openai/o3", "reasoning": {"effort": "low"}, "messages": []})";
    const std::optional<RoutingTraits> orTraits =
        RoutingTraits::read(openRouter, RequestDialect::OpenAIChat, false);
    QVERIFY(orTraits);
    QCOMPARE(orTraits->thinkingMode, ThinkingMode::Enabled);
    QCOMPARE(orTraits->effort, QStringLiteral("low"));
}

void TestRequestTraits::invalidBodies()
{
    QVERIFY(!RoutingTraits::read(QByteArrayLiteral("{not json"), RequestDialect::Anthropic));
    QVERIFY(!RoutingTraits::read(QByteArrayLiteral("[1,2]"), RequestDialect::OpenAIChat));
    QVERIFY(!RoutingTraits::read(QByteArray(), RequestDialect::Anthropic));

    // Wrong member types are ignored rather than trusted.
    const QByteArray odd = R"({"model": 5, "tools": {"a": 1}, "max_tokens": "many", "thinking": "yes",
        "messages": [{"role": "user", "content": 7}]})";
    const std::optional<RoutingTraits> traits = RoutingTraits::read(odd, RequestDialect::Anthropic, false);
    QVERIFY(traits);
    QVERIFY(traits->model.isEmpty());
    QVERIFY(!traits->tools);
    QCOMPARE(traits->maxTokens, qint64(0));
    QCOMPARE(traits->thinkingMode, ThinkingMode::None);
    QVERIFY(!traits->images);
}

void TestRequestTraits::effortRanks()
{
    const QStringList ordered = {QStringLiteral("none"),   QStringLiteral("minimal"), QStringLiteral("low"),
                                 QStringLiteral("medium"), QStringLiteral("high"),    QStringLiteral("xhigh"),
                                 QStringLiteral("max")};
    for (qsizetype i = 1; i < ordered.size(); ++i)
        QVERIFY2(Traits::effortRank(ordered.at(i - 1)) < Traits::effortRank(ordered.at(i)),
                 qPrintable(ordered.at(i)));
    QCOMPARE(Traits::effortRank(u" HIGH "), Traits::effortRank(u"high"));
    QCOMPARE(Traits::effortRank(u"extreme"), -1);
    QCOMPARE(Traits::effortRank(u""), -1);
}

void TestRequestTraits::capabilityTraitsForStrategies()
{
    RoutingTraits traits;
    traits.tools = true;
    traits.images = true;
    traits.thinkingMode = ThinkingMode::Adaptive;
    traits.inputTokens = 1200;
    traits.maxTokens = 32000;
    RequestTraits request = traits.capabilityTraits();
    QVERIFY(request.tools);
    QVERIFY(request.images);
    QVERIFY(request.thinking);
    QCOMPARE(request.inputTokens, qint64(1200));
    QCOMPARE(request.maxTokens, qint64(32000));

    traits.thinkingMode = ThinkingMode::Disabled;
    traits.inputTokens = -1; // unknown counts as nothing, never negative
    request = traits.capabilityTraits();
    QVERIFY(!request.thinking);
    QCOMPARE(request.inputTokens, qint64(0));
}

QTEST_APPLESS_MAIN(TestRequestTraits)
#include "tst_requesttraits.moc"
