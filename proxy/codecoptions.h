#pragma once

// What a route and its provider need from the request/response codecs: the model to send, and the
// quirks of the upstream family (protocols 4.1, 4.4, 4.9, 2.6). Built once per attempt by the router
// (forProvider() reads the provider configuration) and passed by const reference; cheap to copy.

#include <QByteArray>
#include <QString>

namespace Switchyard {

struct Provider;

namespace Wire {
class ToolNameRegistry;
} // namespace Wire

// What to do with Anthropic server tools of type web_search_* when the upstream is OpenAI Chat
// (protocols 2.6). They are never forwarded as a function nobody implements.
enum class WebSearchPolicy
{
    Strip, // drop the tool; the model answers without searching
    NativeOpenAI, // send web_search_options; url_citation annotations come back as search blocks
};

struct CodecOptions
{
    // Model id sent upstream. Empty keeps the model of the client's request.
    QByteArray targetModel;

    // --- Anthropic client -> OpenAI Chat upstream ---
    // DeepSeek/Kimi/GLM thinking modes need the previous turns' reasoning back as reasoning_content.
    bool reasoningRoundTrip = false;
    // Chat templates that reject a system message after the first: later ones become a user-side
    // "<system-reminder>" text part instead of moving to the front (which would break prefix caching).
    bool leadingSystemOnly = false;
    // o-series / gpt-5 want max_completion_tokens and reject max_tokens.
    bool useMaxCompletionTokens = false;
    // Reasoning models that reject temperature/top_p other than the default.
    bool omitSamplingParams = false;
    // Send reasoning_effort at all (models known to accept it).
    bool effortCapable = false;
    // Providers that only know low/medium/high: xhigh/max are clamped to high.
    bool effortCapHigh = false;
    // thinking.budget_tokens -> effort thresholds (cc-switch defaults): < low -> "low",
    // < medium -> "medium", otherwise "high".
    int effortLowBelow = 4000;
    int effortMediumBelow = 16000;
    // Session id sent as prompt_cache_key (first 64 chars) so one conversation keeps hitting the same
    // prompt cache. Empty sends none: leave it empty for compatibles that reject unknown fields.
    QByteArray sessionId;
    WebSearchPolicy webSearch = WebSearchPolicy::Strip;
    // Upper bound for max_tokens / max_completion_tokens; 0 = none.
    qint64 maxOutputTokens = 0;

    // --- OpenAI client -> Anthropic upstream ---
    // max_tokens when the OpenAI client sent none (Anthropic requires it).
    qint64 defaultMaxTokens = 4096;
    // reasoning_effort becomes thinking:{type:"adaptive"} + output_config.effort instead of a budget.
    bool adaptiveThinking = false;
    // The OpenAI client opted in to reasoning_content in responses (4.5, 4.6).
    bool includeReasoningInOpenAIResponse = false;

    // Shared map of rewritten tool ids and names (golden 12, 26). Not owned; may be null, in which
    // case names are still shortened and ids sanitised but nothing can be restored later.
    Wire::ToolNameRegistry *toolNames = nullptr;

    // Defaults for an upstream model and provider: model-name heuristics (o1/o3/o4/gpt-5 use
    // max_completion_tokens and accept reasoning_effort), then the provider's capabilities
    // ("reasoning-round-trip", "reasoning-effort") and options ("leadingSystemOnly", "effortCap",
    // "effortLowBelow", "effortMediumBelow", "webSearch": "strip"|"native-openai",
    // "maxOutputTokens", "defaultMaxTokens", "useMaxCompletionTokens", "adaptiveThinking").
    // Config-time work (reads QJsonObject), not for the per-chunk path.
    static CodecOptions forProvider(const Provider &provider, const QString &upstreamModel);
};

} // namespace Switchyard
