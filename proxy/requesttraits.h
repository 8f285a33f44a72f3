#pragma once

// The routing facts of one request, read from its body: what the router's scenarios (background,
// think, longContext, webSearch, image) and the model groups' capability filters decide on.
//
// Read from the one simdjson DOM parse the engine already holds, never with QJson. What is read:
//   model        "model"
//   tools        a non-empty "tools" array (any kind, server tools included), or OpenAI "functions"
//   webSearch    Anthropic: a tool whose "type" starts with "web_search" (web_search_20250305, the
//                server tool Claude Code's WebSearch sends, protocols 2.6); OpenAI: the same tool
//                types (Responses style) or a "web_search_options" member
//   images       image blocks anywhere in the conversation, tool_result contents included (Claude
//                Code returns screenshots that way); OpenAI "image_url" / "input_image" parts. The
//                whole history counts because every image is sent upstream again with each turn.
//   thinking     Anthropic "thinking": enabled (budget_tokens) or adaptive; "disabled" wins over any
//                effort (protocols 2.5: the effort is dropped). OpenAI: "reasoning_effort" (or
//                "reasoning.effort") above "none", or a vendor "thinking" object /
//                "enable_thinking": true.
//   effort       Anthropic "output_config.effort"; when absent at the top level, the last per-message
//                "output_config.effort" (per-turn control, Appendix C.3); OpenAI "reasoning_effort"
//                or "reasoning.effort". Adaptive thinking without an effort runs at the API default,
//                "high".
//   maxTokens    "max_tokens" (OpenAI: "max_completion_tokens" first)
//   smallModel   a haiku-family model id ("haiku" anywhere in it, any case)
//   titleRequest no tools and a JSON-schema output format whose schema has a "title" property:
//                Claude Code's session-title side query (Anthropic "output_config.format", OpenAI
//                "response_format")
//   inputTokens  TokenCounter's estimate of the whole request (the real o200k tokenizer)

#include "strategies.h"

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <optional>

namespace simdjson::dom {
class element;
} // namespace simdjson::dom

namespace Switchyard {

enum class RequestDialect
{
    Anthropic, // /v1/messages and count_tokens
    OpenAIChat, // /v1/chat/completions
};

enum class ThinkingMode
{
    None, // not asked for (absent)
    Disabled, // explicitly {"type":"disabled"}
    Enabled, // {"type":"enabled","budget_tokens":N}, OpenAI reasoning_effort, vendor flags
    Adaptive, // {"type":"adaptive"} with output_config.effort
};

struct RoutingTraits
{
    QString model;
    bool tools = false;
    int toolCount = 0;
    bool webSearch = false;
    bool images = false;
    int imageCount = 0;
    ThinkingMode thinkingMode = ThinkingMode::None;
    qint64 thinkingBudget = 0; // budget_tokens when Enabled with a budget; 0 otherwise
    QString effort; // lower case as sent; empty = none (or dropped because thinking is disabled)
    qint64 maxTokens = 0; // 0 = not given
    bool smallModel = false;
    bool titleRequest = false;
    qint64 inputTokens = -1; // -1 = not estimated

    bool thinking() const
    {
        return thinkingMode == ThinkingMode::Enabled || thinkingMode == ThinkingMode::Adaptive;
    }
    // The effort the request thinks at: the explicit one, else "high" for adaptive thinking (the
    // API default); empty when thinking is not requested.
    QString effectiveEffort() const;
    // A side query that a cheap fast model can serve (protocols 2.4).
    bool background() const { return smallModel || titleRequest; }

    // The strategies' view: capability filters and cost estimates.
    RequestTraits capabilityTraits() const;

    // Only what the model id tells (when there is no body to read).
    static RoutingTraits fromModel(const QString &model);

    // countTokens false leaves inputTokens at -1 (the caller may fill in a count it already has).
    static RoutingTraits read(const simdjson::dom::element &body, RequestDialect dialect,
                              bool countTokens = true);
    // nullopt when body is not a JSON object.
    static std::optional<RoutingTraits> read(const QByteArray &body, RequestDialect dialect,
                                             bool countTokens = true);
};

namespace Traits {

// Effort levels in increasing order: none 0, minimal 1, low 2, medium 3, high 4, xhigh 5, max 6;
// -1 for anything else. Any case.
int effortRank(QStringView effort);
// "haiku" anywhere in the model id, any case.
bool isSmallModel(QStringView model);

} // namespace Traits

} // namespace Switchyard
