#include "protocolcommon.h"

#include "jsonwriter.h"
#include "logging.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QMutexLocker>
#include <QRandomGenerator>
#include <QVarLengthArray>

#include <optional>
#include <simdjson.h>

namespace Switchyard::Wire {

namespace {

// Numbers in usage objects come as int64, uint64 or (from some compatibles) double.
std::optional<qint64> numberAt(const simdjson::dom::element &object, std::string_view key)
{
    simdjson::dom::element value;
    if (object.at_key(key).get(value) != simdjson::SUCCESS)
        return std::nullopt;
    switch (value.type()) {
    case simdjson::dom::element_type::INT64:
        return qint64(int64_t(value));
    case simdjson::dom::element_type::UINT64:
        return qint64(std::min<uint64_t>(uint64_t(value), uint64_t(std::numeric_limits<qint64>::max())));
    case simdjson::dom::element_type::DOUBLE: {
        const double d = double(value);
        if (!(d >= 0.0 && d < 9.0e18))
            return std::nullopt;
        return qint64(d);
    }
    default:
        return std::nullopt;
    }
}

std::optional<qint64> nestedNumberAt(const simdjson::dom::element &object, std::string_view outer,
                                     std::string_view inner)
{
    simdjson::dom::element nested;
    if (object.at_key(outer).get(nested) != simdjson::SUCCESS || !nested.is_object())
        return std::nullopt;
    return numberAt(nested, inner);
}

bool isToolIdChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

QByteArray randomBase62(std::string_view prefix, int length)
{
    static constexpr char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QByteArray out;
    out.reserve(qsizetype(prefix.size()) + length);
    out.append(prefix.data(), qsizetype(prefix.size()));
    QRandomGenerator *rng = QRandomGenerator::global();
    for (int i = 0; i < length; ++i)
        out.append(alphabet[rng->bounded(62)]);
    return out;
}

constexpr std::string_view signaturePrefix = "switchyard:v1:";

// Per-process key: the signature only has to be recognisable as ours and not look like a forgery of
// Anthropic's, it is never verified across restarts.
const QByteArray &signatureKey()
{
    static const QByteArray key = [] {
        QByteArray k(32, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(k.data()), k.size() / 4);
        return k;
    }();
    return key;
}

} // namespace

// --- Stop reasons ---

std::string_view anthropicStopReason(std::string_view finish, bool hadToolUse)
{
    if (hadToolUse || finish == "tool_calls" || finish == "function_call")
        return "tool_use";
    if (finish == "stop")
        return "end_turn";
    if (finish == "length")
        return "max_tokens";
    if (finish == "content_filter")
        return "refusal";
    if (!finish.empty())
        qCWarning(lcProxy) << "unknown upstream finish_reason"
                           << QByteArray(finish.data(), qsizetype(finish.size())) << "mapped to end_turn";
    return "end_turn";
}

std::string_view openAIFinishReason(std::string_view stop)
{
    if (stop == "max_tokens" || stop == "model_context_window_exceeded")
        return "length";
    if (stop == "tool_use")
        return "tool_calls";
    if (stop == "refusal")
        return "content_filter";
    return "stop";
}

// --- Usage ---

TokenUsage usageFromOpenAI(const simdjson::dom::element &usage)
{
    TokenUsage u;
    if (!usage.is_object())
        return u;
    u.present = true;
    const qint64 prompt = numberAt(usage, "prompt_tokens").value_or(0);
    u.outputTokens = numberAt(usage, "completion_tokens").value_or(0);

    // First reported non-zero value wins; DeepSeek sends both cached_tokens and its own field.
    for (const auto &candidate : {numberAt(usage, "cache_read_input_tokens"),
                                  nestedNumberAt(usage, "prompt_tokens_details", "cached_tokens"),
                                  numberAt(usage, "prompt_cache_hit_tokens")}) {
        if (candidate && *candidate > 0) {
            u.cacheReadTokens = *candidate;
            break;
        }
    }
    for (const auto &candidate : {numberAt(usage, "cache_creation_input_tokens"),
                                  nestedNumberAt(usage, "prompt_tokens_details", "cache_write_tokens")}) {
        if (candidate && *candidate > 0) {
            u.cacheWriteTokens = *candidate;
            break;
        }
    }
    // OpenAI counts cached tokens inside prompt_tokens, Anthropic does not.
    u.inputTokens = std::max<qint64>(0, prompt - u.cacheReadTokens - u.cacheWriteTokens);
    u.reasoningTokens = nestedNumberAt(usage, "completion_tokens_details", "reasoning_tokens").value_or(0);
    return u;
}

TokenUsage usageFromAnthropic(const simdjson::dom::element &usage, const TokenUsage &base)
{
    TokenUsage u = base;
    if (!usage.is_object())
        return u;
    u.present = true;
    if (auto v = numberAt(usage, "input_tokens"))
        u.inputTokens = *v;
    if (auto v = numberAt(usage, "output_tokens"))
        u.outputTokens = *v;
    if (auto v = numberAt(usage, "cache_read_input_tokens"))
        u.cacheReadTokens = *v;
    if (auto v = numberAt(usage, "cache_creation_input_tokens"))
        u.cacheWriteTokens = *v;
    if (auto v = nestedNumberAt(usage, "output_tokens_details", "thinking_tokens"))
        u.reasoningTokens = *v;
    return u;
}

void writeAnthropicUsage(JsonWriter &out, const TokenUsage &usage)
{
    out.beginObject();
    out.field("input_tokens", usage.inputTokens);
    if (usage.cacheWriteTokens > 0)
        out.field("cache_creation_input_tokens", usage.cacheWriteTokens);
    if (usage.cacheReadTokens > 0)
        out.field("cache_read_input_tokens", usage.cacheReadTokens);
    out.field("output_tokens", usage.outputTokens);
    if (usage.webSearchRequests > 0) {
        out.key("server_tool_use")
            .beginObject()
            .field("web_search_requests", usage.webSearchRequests)
            .endObject();
    }
    out.endObject();
}

void writeOpenAIUsage(JsonWriter &out, const TokenUsage &usage)
{
    const qint64 prompt = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
    out.beginObject();
    out.field("prompt_tokens", prompt);
    out.field("completion_tokens", usage.outputTokens);
    out.field("total_tokens", prompt + usage.outputTokens);
    out.key("prompt_tokens_details").beginObject().field("cached_tokens", usage.cacheReadTokens).endObject();
    if (usage.reasoningTokens > 0) {
        out.key("completion_tokens_details")
            .beginObject()
            .field("reasoning_tokens", usage.reasoningTokens)
            .endObject();
    }
    out.endObject();
}

// --- Tool ids and names ---

QByteArray sanitizeToolId(std::string_view id)
{
    if (id.empty())
        return newToolUseId();
    QByteArray out(id.data(), qsizetype(id.size()));
    for (char &c : out) {
        if (!isToolIdChar(c))
            c = '_';
    }
    return out;
}

QByteArray outboundToolName(std::string_view name)
{
    constexpr size_t maxLength = 64;
    constexpr qsizetype keptPrefix = 55;
    const bool valid = std::all_of(name.begin(), name.end(), isToolIdChar);
    if (valid && !name.empty() && name.size() <= maxLength)
        return QByteArray(name.data(), qsizetype(name.size()));
    // The hash of the ORIGINAL keeps two names that share a prefix (or differ only in characters
    // OpenAI rejects) apart.
    QByteArray out = sanitizeToolId(name).left(keptPrefix);
    const QByteArray digest = QCryptographicHash::hash(QByteArrayView(name.data(), qsizetype(name.size())),
                                                       QCryptographicHash::Sha256)
                                  .toHex();
    out.append('_');
    out.append(digest.left(8));
    return out;
}

namespace {

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

std::string_view trimJsonSpace(std::string_view text)
{
    while (!text.empty() && isJsonSpace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isJsonSpace(text.back()))
        text.remove_suffix(1);
    return text;
}

bool parsesAsObject(std::string_view text)
{
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element doc;
    return parser.parse(text.data(), text.size()).get(doc) == simdjson::SUCCESS && doc.is_object();
}

// Completes JSON that was cut off (a model hitting max_tokens inside a tool call, a dropped stream):
// closes an open string, completes a dangling key or ':' with null, drops a trailing ',' and closes
// the open containers. Returns an empty array when the text is not a cut-off object.
QByteArray completeTruncatedJson(std::string_view text)
{
    if (text.empty() || text.front() != '{')
        return {};
    struct Open
    {
        char closer;
        bool objectExpectsKey; // objects only: no key seen since '{' or ','
        bool keyWithoutColon; // objects only: a key string ended, ':' not yet seen
    };
    QVarLengthArray<Open, 16> stack;
    bool inString = false;
    bool escaped = false;
    for (char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"') {
                inString = false;
                if (!stack.isEmpty() && stack.last().closer == '}' && stack.last().objectExpectsKey) {
                    stack.last().objectExpectsKey = false;
                    stack.last().keyWithoutColon = true;
                }
            }
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            break;
        case '{':
            stack.append({'}', true, false});
            break;
        case '[':
            stack.append({']', false, false});
            break;
        case '}':
        case ']':
            if (stack.isEmpty() || stack.last().closer != c)
                return {};
            stack.removeLast();
            if (stack.isEmpty())
                return {}; // complete (and evidently invalid) document: nothing to repair
            break;
        case ':':
            if (!stack.isEmpty())
                stack.last().keyWithoutColon = false;
            break;
        case ',':
            if (!stack.isEmpty() && stack.last().closer == '}')
                stack.last().objectExpectsKey = true;
            break;
        default:
            break;
        }
    }
    if (stack.isEmpty())
        return {};
    QByteArray out(text.data(), qsizetype(text.size()));
    if (inString) {
        if (escaped)
            out.chop(1);
        out.append('"');
        if (stack.last().closer == '}' && stack.last().objectExpectsKey) {
            stack.last().objectExpectsKey = false;
            stack.last().keyWithoutColon = true;
        }
    }
    while (!out.isEmpty() && isJsonSpace(out.back()))
        out.chop(1);
    if (out.endsWith(','))
        out.chop(1);
    if (stack.last().closer == '}' && stack.last().keyWithoutColon)
        out.append(":null");
    else if (out.endsWith(':'))
        out.append("null");
    for (qsizetype i = stack.size() - 1; i >= 0; --i)
        out.append(stack[i].closer);
    return out;
}

} // namespace

QByteArray toolArgumentsObject(std::string_view arguments, ArgumentsParse *how)
{
    auto report = [how](ArgumentsParse result) {
        if (how)
            *how = result;
    };
    const std::string_view trimmed = trimJsonSpace(arguments);
    if (trimmed.empty()) {
        report(ArgumentsParse::Empty);
        return QByteArrayLiteral("{}");
    }
    if (parsesAsObject(trimmed)) {
        report(ArgumentsParse::Ok);
        return QByteArray(trimmed.data(), qsizetype(trimmed.size()));
    }
    const QByteArray repaired = completeTruncatedJson(trimmed);
    if (!repaired.isEmpty()
        && parsesAsObject(std::string_view(repaired.constData(), size_t(repaired.size())))) {
        report(ArgumentsParse::Repaired);
        return repaired;
    }
    report(ArgumentsParse::Invalid);
    return QByteArrayLiteral("{}");
}

ToolNameRegistry::ToolNameRegistry(int capacity)
    : m_capacity(std::max(1, capacity))
{
}

QByteArray ToolNameRegistry::registerToolId(std::string_view upstreamId)
{
    QByteArray sanitized = sanitizeToolId(upstreamId);
    if (upstreamId.empty() || sanitized == QByteArrayView(upstreamId.data(), qsizetype(upstreamId.size())))
        return sanitized;
    remember(m_ids, sanitized, upstreamId);
    return sanitized;
}

QByteArray ToolNameRegistry::upstreamToolId(std::string_view clientId) const
{
    return originalOf(m_ids, clientId);
}

QByteArray ToolNameRegistry::registerToolName(std::string_view clientName)
{
    QByteArray outbound = outboundToolName(clientName);
    if (outbound == QByteArrayView(clientName.data(), qsizetype(clientName.size())))
        return outbound;
    remember(m_names, outbound, clientName);
    return outbound;
}

QByteArray ToolNameRegistry::clientToolName(std::string_view outboundName) const
{
    return originalOf(m_names, outboundName);
}

int ToolNameRegistry::size() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_ids.original.size() + m_names.original.size());
}

// Oldest entries go first: a conversation that old has long been answered.
void ToolNameRegistry::remember(Rewrites &rewrites, const QByteArray &rewritten, std::string_view original)
{
    const QByteArray value(original.data(), qsizetype(original.size()));
    QMutexLocker lock(&m_mutex);
    auto it = rewrites.original.find(rewritten);
    if (it != rewrites.original.end()) {
        *it = value;
        return;
    }
    rewrites.original.insert(rewritten, value);
    rewrites.order.append(rewritten);
    while (rewrites.order.size() > m_capacity)
        rewrites.original.remove(rewrites.order.takeFirst());
}

// Anything never rewritten is its own original.
QByteArray ToolNameRegistry::originalOf(const Rewrites &rewrites, std::string_view rewritten) const
{
    const QByteArray key(rewritten.data(), qsizetype(rewritten.size()));
    QMutexLocker lock(&m_mutex);
    return rewrites.original.value(key, key);
}

// --- Thinking signatures ---

QByteArray proxySignature(std::string_view thinkingText)
{
    const QByteArray mac = QMessageAuthenticationCode::hash(
        QByteArrayView(thinkingText.data(), qsizetype(thinkingText.size())).toByteArray(), signatureKey(),
        QCryptographicHash::Sha256);
    QByteArray out(signaturePrefix.data(), qsizetype(signaturePrefix.size()));
    out.append(mac.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    return out;
}

bool isProxySignature(std::string_view signature)
{
    return signature.starts_with(signaturePrefix);
}

// --- Ids ---

QByteArray newMessageId()
{
    return randomBase62("msg_", 24);
}

QByteArray newToolUseId()
{
    return randomBase62("toolu_", 24);
}

QByteArray newRequestId()
{
    return randomBase62("req_", 24);
}

QByteArray newChatCompletionId()
{
    return randomBase62("chatcmpl-", 24);
}

// --- Errors ---

std::string_view anthropicErrorType(int httpStatus)
{
    switch (httpStatus) {
    case 400:
        return "invalid_request_error";
    case 401:
        return "authentication_error";
    case 402:
        return "billing_error";
    case 403:
        return "permission_error";
    case 404:
        return "not_found_error";
    case 413:
        return "request_too_large";
    case 429:
        return "rate_limit_error";
    case 504:
        return "timeout_error";
    case 529:
        return "overloaded_error";
    default:
        break;
    }
    if (httpStatus >= 400 && httpStatus < 500)
        return "invalid_request_error";
    return "api_error";
}

std::string_view openAIErrorType(int httpStatus)
{
    switch (httpStatus) {
    case 401:
        return "authentication_error";
    case 403:
        return "permission_error";
    case 404:
        return "not_found_error";
    case 429:
        return "rate_limit_exceeded";
    default:
        break;
    }
    if (httpStatus >= 400 && httpStatus < 500)
        return "invalid_request_error";
    return "server_error";
}

QByteArray anthropicErrorBody(std::string_view errorType, std::string_view message,
                              std::string_view requestId)
{
    JsonWriter w(qsizetype(message.size()) + 96);
    w.beginObject();
    w.field("type", "error");
    w.key("error").beginObject().field("type", errorType).field("message", message).endObject();
    if (!requestId.empty())
        w.field("request_id", requestId);
    w.endObject();
    return w.take();
}

QByteArray openAIErrorBody(std::string_view errorType, std::string_view message, std::string_view code)
{
    JsonWriter w(qsizetype(message.size()) + 96);
    w.beginObject();
    w.key("error").beginObject();
    w.field("message", message);
    w.field("type", errorType);
    w.key("param").null();
    w.key("code");
    if (code.empty())
        w.null();
    else
        w.value(code);
    w.endObject();
    w.endObject();
    return w.take();
}

// --- Session id ---

QString sessionIdFromUserId(std::string_view userId)
{
    if (userId.empty())
        return {};
    if (userId.front() == '{') {
        // Claude Code 2.1.x: a JSON object serialised into the string.
        simdjson::dom::parser parser;
        simdjson::dom::element doc;
        if (parser.parse(userId.data(), userId.size()).get(doc) != simdjson::SUCCESS)
            return {};
        std::string_view session;
        if (doc.at_key("session_id").get(session) != simdjson::SUCCESS)
            return {};
        return QString::fromUtf8(session.data(), qsizetype(session.size()));
    }
    // Legacy form: user_<hex>_account_<uuid or empty>_session_<uuid>.
    constexpr std::string_view marker = "_session_";
    if (!userId.starts_with("user_") || userId.find("_account_") == std::string_view::npos)
        return {};
    const size_t at = userId.rfind(marker);
    if (at == std::string_view::npos || at + marker.size() >= userId.size())
        return {};
    const std::string_view session = userId.substr(at + marker.size());
    return QString::fromUtf8(session.data(), qsizetype(session.size()));
}

// --- Billing line ---

std::string_view stripBillingHeader(std::string_view systemText)
{
    constexpr std::string_view prefix = "x-anthropic-billing-header:";
    if (!systemText.starts_with(prefix))
        return systemText;
    const size_t newline = systemText.find('\n');
    if (newline == std::string_view::npos)
        return {};
    return systemText.substr(newline + 1);
}

} // namespace Switchyard::Wire
