#pragma once

// Pieces of the wire protocols shared by the request, response and stream codecs
// (../shared/docs/protocols.md sections 1.8, 3.4, 4.7, 4.8, 4.9, 2.8). Kept free of simdjson in the
// header so that including it stays cheap.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>

#include <string_view>

namespace simdjson::dom {
class element;
} // namespace simdjson::dom

namespace Switchyard {

class JsonWriter;

namespace Wire {

// --- Stop reasons (protocols 4.7) ---
// OpenAI finish_reason -> Anthropic stop_reason. hadToolUse forces "tool_use".
std::string_view anthropicStopReason(std::string_view openAIFinishReason, bool hadToolUse);
// Anthropic stop_reason -> OpenAI finish_reason.
std::string_view openAIFinishReason(std::string_view anthropicStopReason);

// --- Usage (protocols 4.8) ---
struct TokenUsage
{
    qint64 inputTokens = 0; // Anthropic meaning: uncached input only
    qint64 outputTokens = 0;
    qint64 cacheReadTokens = 0;
    qint64 cacheWriteTokens = 0;
    qint64 reasoningTokens = 0; // part of outputTokens
    qint64 webSearchRequests = 0; // written as server_tool_use.web_search_requests when > 0
    bool present = false;
};
// Reads an OpenAI "usage" object (and the DeepSeek / Anthropic-style variants) into Anthropic terms.
TokenUsage usageFromOpenAI(const simdjson::dom::element &usage);
// Reads an Anthropic "usage" object. Fields missing in usage keep the values already in base, as the
// SDK does when message_delta overwrites message_start.
TokenUsage usageFromAnthropic(const simdjson::dom::element &usage, const TokenUsage &base = {});
// Writes {"input_tokens":..,"output_tokens":..} plus cache fields only when they are > 0.
void writeAnthropicUsage(JsonWriter &out, const TokenUsage &usage);
// Writes {"prompt_tokens":..,"completion_tokens":..,"total_tokens":..,"prompt_tokens_details":..}.
void writeOpenAIUsage(JsonWriter &out, const TokenUsage &usage);

// --- Tool ids and names (protocols 2.8 #9, 4.1, 4.2, golden 12 and 26) ---
// Maps characters outside [A-Za-z0-9_-] to '_'; an empty id becomes a fresh toolu_ id.
QByteArray sanitizeToolId(std::string_view id);
// OpenAI limits function names to 64 chars of [a-zA-Z0-9_-]: longer names become the first 55
// characters + '_' + the first 8 hex chars of SHA-256(original).
QByteArray outboundToolName(std::string_view name);

// Tool-call arguments (OpenAI sends them as a JSON string) as the JSON text of an object, for
// tool_use.input: the arguments themselves when they are an object, else a repaired version of
// truncated JSON (open strings/brackets closed, dangling key or ':' completed with null), else "{}".
enum class ArgumentsParse
{
    Ok, // valid object, returned unchanged (surrounding whitespace trimmed)
    Empty, // empty or whitespace-only: "{}", nothing to warn about
    Repaired, // truncated JSON completed
    Invalid, // not repairable (or not an object): "{}"
};
QByteArray toolArgumentsObject(std::string_view arguments, ArgumentsParse *how = nullptr);

// Remembers what was rewritten so the reverse direction can restore it: sanitised tool ids back to
// the upstream's original ids, truncated tool names back to the client's names. Shared by every
// request of the proxy thread (the history of one conversation spans requests), bounded in size.
class ToolNameRegistry
{
public:
    explicit ToolNameRegistry(int capacity = 20000);

    // Records original -> sanitised and returns the sanitised id.
    QByteArray registerToolId(std::string_view upstreamId);
    // The upstream id a sanitised id came from, or the id itself when it was never rewritten.
    QByteArray upstreamToolId(std::string_view clientId) const;
    // Records a truncated name and returns it (names that fit are returned unchanged).
    QByteArray registerToolName(std::string_view clientName);
    // The client's name for an outbound (possibly truncated) name.
    QByteArray clientToolName(std::string_view outboundName) const;
    // Number of remembered rewrites (ids + names); each kind is capped at capacity, oldest dropped first.
    int size() const;

private:
    // Ids and names are remembered the same way: rewritten -> original, with the insertion order of
    // the keys for oldest-first eviction.
    struct Rewrites
    {
        QHash<QByteArray, QByteArray> original;
        QList<QByteArray> order;
    };
    void remember(Rewrites &rewrites, const QByteArray &rewritten, std::string_view original);
    QByteArray originalOf(const Rewrites &rewrites, std::string_view rewritten) const;

    mutable QMutex m_mutex;
    int m_capacity;
    Rewrites m_ids; // sanitised -> upstream id
    Rewrites m_names; // outbound -> client name
};

// --- Thinking signatures (protocols 4.9) ---
// Proxy-owned signature for a thinking block produced by a non-Anthropic upstream.
QByteArray proxySignature(std::string_view thinkingText);
bool isProxySignature(std::string_view signature);

// --- Ids ---
QByteArray newMessageId(); // "msg_" + 24 random base62 chars
QByteArray newToolUseId(); // "toolu_" + 24 random base62 chars
QByteArray newRequestId(); // "req_" + 24 random base62 chars
QByteArray newChatCompletionId(); // "chatcmpl-" + 24 random base62 chars

// --- Errors (protocols 1.8 and 3.4) ---
// Anthropic error type for an HTTP status: 400 invalid_request_error, 401 authentication_error,
// 402 billing_error, 403 permission_error, 404 not_found_error, 413 request_too_large,
// 429 rate_limit_error, 504 timeout_error, 529 overloaded_error, other 5xx api_error.
std::string_view anthropicErrorType(int httpStatus);
// OpenAI error type for an HTTP status (invalid_request_error, authentication_error,
// permission_error, not_found_error, rate_limit_exceeded, server_error, ...).
std::string_view openAIErrorType(int httpStatus);
// {"type":"error","error":{"type":..,"message":..},"request_id":..}
QByteArray anthropicErrorBody(std::string_view errorType, std::string_view message,
                              std::string_view requestId = {});
// {"error":{"message":..,"type":..,"param":null,"code":..}}
QByteArray openAIErrorBody(std::string_view errorType, std::string_view message, std::string_view code = {});

// --- Session id (protocols 2.2) ---
// From metadata.user_id: the JSON-string form {"session_id":..}, or the legacy
// "user_<hex>_account_<uuid>_session_<uuid>" form. Empty when neither matches.
QString sessionIdFromUserId(std::string_view userId);

// --- Claude Code billing line (protocols 2.8 #1) ---
// Removes a leading "x-anthropic-billing-header: ..." line (and the newline after it).
std::string_view stripBillingHeader(std::string_view systemText);

} // namespace Wire
} // namespace Switchyard
