#include "responsecodec.h"

#include "codecjson.h"
#include "jsonwriter.h"
#include "logging.h"

#include <QDateTime>
#include <QSet>

#include <optional>

namespace Switchyard::ResponseCodec {

using namespace CodecJson;

namespace {

std::string_view view(const QByteArray &b)
{
    return std::string_view(b.constData(), size_t(b.size()));
}

// A 200 body that carries an error instead of a result ({"error":{...}} from OpenAI compatibles,
// {"type":"error","error":{...}} from Anthropic-style ones). Returns true and fills result if so.
bool upstreamError(const Element &body, ResponseResult *result)
{
    const auto error = present(body, "error");
    if (!error && stringOr(body, "type") != "error")
        return false;
    result->status = ResponseResult::UpstreamError;
    std::string_view message;
    std::string_view type;
    if (error && error->is_object()) {
        message = stringOr(*error, "message");
        type = stringOr(*error, "type");
        if (type.empty())
            type = stringOr(*error, "code");
    } else if (error && error->is_string()) {
        message = std::string_view(*error);
    }
    result->errorType = bytes(type);
    result->errorMessage = message.empty() ? QStringLiteral("upstream returned an error object")
                                           : QString::fromUtf8(message.data(), qsizetype(message.size()));
    return true;
}

ResponseResult malformed(const QString &message)
{
    ResponseResult r;
    r.status = ResponseResult::Malformed;
    r.errorMessage = message;
    qCWarning(lcProxy).noquote() << "malformed upstream response:" << message;
    return r;
}

// Both directions first rule out a body that is not an object or that carries an error instead of
// a result; the answer for such a body, or nothing when it can be converted.
std::optional<ResponseResult> rejectedBody(const Element &body)
{
    if (!body.is_object())
        return malformed(QStringLiteral("upstream response is not a JSON object"));
    ResponseResult result;
    if (upstreamError(body, &result))
        return result;
    return std::nullopt;
}

// "chatcmpl-9x.y" -> "msg_chatcmpl_9x_y": Anthropic message ids look like msg_[A-Za-z0-9_]+.
QByteArray anthropicMessageId(std::string_view upstreamId)
{
    if (upstreamId.empty())
        return Wire::newMessageId();
    QByteArray id = upstreamId.starts_with("msg_") ? QByteArray() : QByteArrayLiteral("msg_");
    id.reserve(id.size() + qsizetype(upstreamId.size()));
    for (char c : upstreamId) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        id.append(ok ? c : '_');
    }
    return id;
}

// Text of an OpenAI message content: a string, or text / output_text parts joined.
QByteArray openAIText(const Element &message)
{
    const auto content = present(message, "content");
    if (!content)
        return {};
    if (content->is_string())
        return bytes(std::string_view(*content));
    QByteArray text;
    if (content->is_array()) {
        for (const Element part : simdjson::dom::array(*content)) {
            const std::string_view type = stringOr(part, "type");
            if (type == "text" || type == "output_text")
                text.append(bytes(stringOr(part, "text")));
        }
    }
    return text;
}

void writeTextBlock(JsonWriter &w, std::string_view text)
{
    w.beginObject().field("type", "text").field("text", text).endObject();
}

// url_citation annotations of a search-capable model -> server_tool_use + web_search_tool_result,
// so Claude Code shows the search the way Anthropic's own server tool does (protocols 2.6).
bool writeSearchBlocks(JsonWriter &w, const Element &message)
{
    const auto annotations = present(message, "annotations");
    if (!annotations || !annotations->is_array())
        return false;
    QSet<QByteArray> seen;
    JsonWriter results;
    results.beginArray();
    for (const Element annotation : simdjson::dom::array(*annotations)) {
        Element citation;
        if (stringOr(annotation, "type") != "url_citation" || !member(annotation, "url_citation", &citation))
            continue;
        const std::string_view url = stringOr(citation, "url");
        if (url.empty() || seen.contains(bytes(url)))
            continue;
        seen.insert(bytes(url));
        results.beginObject();
        results.field("type", "web_search_result")
            .field("url", url)
            .field("title", stringOr(citation, "title"));
        results.field("encrypted_content", "").key("page_age").null();
        results.endObject();
    }
    results.endArray();
    if (seen.isEmpty())
        return false;
    QByteArray id = Wire::newToolUseId();
    id.replace(0, 5, "srvtoolu"); // "toolu_..." -> "srvtoolu_..."
    w.beginObject().field("type", "server_tool_use").field("id", view(id)).field("name", "web_search");
    w.key("input").beginObject().endObject().endObject();
    w.beginObject().field("type", "web_search_tool_result").field("tool_use_id", view(id));
    w.rawField("content", view(results.data()));
    w.endObject();
    return true;
}

void writeToolUse(JsonWriter &w, std::string_view upstreamId, std::string_view upstreamName,
                  std::string_view arguments, const CodecOptions &options)
{
    const QByteArray id = upstreamId.empty() ? Wire::newToolUseId()
        : options.toolNames                  ? options.toolNames->registerToolId(upstreamId)
                                             : Wire::sanitizeToolId(upstreamId);
    QByteArray name =
        options.toolNames ? options.toolNames->clientToolName(upstreamName) : bytes(upstreamName);
    if (name.isEmpty()) {
        qCWarning(lcProxy) << "upstream tool call" << id << "has no name; reported as unknown_tool";
        name = QByteArrayLiteral("unknown_tool");
    }
    Wire::ArgumentsParse how;
    const QByteArray input = Wire::toolArgumentsObject(arguments, &how);
    if (how == Wire::ArgumentsParse::Repaired || how == Wire::ArgumentsParse::Invalid) {
        qCWarning(lcProxy) << "tool call" << id << "had invalid JSON arguments ("
                           << (how == Wire::ArgumentsParse::Repaired ? "repaired" : "replaced by {}") << ")";
    }
    w.beginObject().field("type", "tool_use").field("id", view(id)).field("name", view(name));
    w.rawField("input", view(input));
    w.endObject();
}

} // namespace

ResponseResult openAIToAnthropic(const simdjson::dom::element &body, std::string_view requestedModel,
                                 const CodecOptions &options, QByteArray *out)
{
    if (auto rejected = rejectedBody(body))
        return *rejected;
    ResponseResult result;
    Element choices;
    if (!member(body, "choices", &choices) || !choices.is_array()
        || simdjson::dom::array(choices).size() == 0)
        return malformed(QStringLiteral("upstream response has no choices"));
    const Element choice = simdjson::dom::array(choices).at(0).value_unsafe();
    Element message;
    if (!choice.is_object() || !member(choice, "message", &message) || !message.is_object())
        return malformed(QStringLiteral("upstream choice has no message object"));

    JsonWriter w(1024);
    w.beginObject();
    w.field("id", view(anthropicMessageId(stringOr(body, "id"))));
    w.field("type", "message").field("role", "assistant").field("model", requestedModel);
    w.key("content").beginArray();

    // 1. reasoning first (claude-code-router appended it after tool_use: histories Anthropic rejects).
    std::string_view reasoning = stringOr(message, "reasoning_content");
    if (reasoning.empty())
        reasoning = stringOr(message, "reasoning");
    if (!isBlank(reasoning)) {
        const QByteArray signature = Wire::proxySignature(reasoning);
        w.beginObject()
            .field("type", "thinking")
            .field("thinking", reasoning)
            .field("signature", view(signature));
        w.endObject();
    }
    if (options.webSearch == WebSearchPolicy::NativeOpenAI && writeSearchBlocks(w, message))
        result.usage.webSearchRequests = 1;
    // 2. text, never empty or whitespace-only: it would be replayed and rejected (golden 27).
    const QByteArray text = openAIText(message);
    if (!isBlank(view(text)))
        writeTextBlock(w, view(text));
    const std::string_view refusal = stringOr(message, "refusal");
    if (!isBlank(refusal))
        writeTextBlock(w, refusal);
    // 3. tool calls in order.
    if (const auto calls = present(message, "tool_calls"); calls && calls->is_array()) {
        for (const Element call : simdjson::dom::array(*calls)) {
            Element function;
            if (!call.is_object() || !member(call, "function", &function) || !function.is_object())
                return malformed(QStringLiteral("upstream tool call without a function object"));
            writeToolUse(w, stringOr(call, "id"), stringOr(function, "name"), stringOr(function, "arguments"),
                         options);
            ++result.toolCalls;
        }
    }
    if (const auto call = present(message, "function_call"); call && call->is_object()) {
        writeToolUse(w, {}, stringOr(*call, "name"), stringOr(*call, "arguments"), options);
        ++result.toolCalls;
    }
    w.endArray();

    const std::string_view stop =
        Wire::anthropicStopReason(stringOr(choice, "finish_reason"), result.toolCalls > 0);
    result.stopReason = bytes(stop);
    w.field("stop_reason", stop);
    w.key("stop_sequence").null();
    const qint64 searches = result.usage.webSearchRequests;
    Element usage;
    if (member(body, "usage", &usage))
        result.usage = Wire::usageFromOpenAI(usage);
    result.usage.webSearchRequests = searches;
    w.key("usage");
    Wire::writeAnthropicUsage(w, result.usage);
    w.endObject();
    *out = w.take();
    result.status = ResponseResult::Ok;
    return result;
}

ResponseResult anthropicToOpenAI(const simdjson::dom::element &body, std::string_view requestedModel,
                                 const CodecOptions &options, QByteArray *out)
{
    if (auto rejected = rejectedBody(body))
        return *rejected;
    ResponseResult result;
    Element content;
    if (!member(body, "content", &content) || !content.is_array())
        return malformed(QStringLiteral("upstream message has no content array"));

    QByteArray text;
    QByteArray reasoning;
    JsonWriter calls;
    calls.beginArray();
    for (const Element block : simdjson::dom::array(content)) {
        const std::string_view type = stringOr(block, "type");
        if (type == "text") {
            text.append(bytes(stringOr(block, "text")));
        } else if (type == "thinking") {
            const std::string_view thinking = stringOr(block, "thinking");
            if (!reasoning.isEmpty() && !thinking.empty())
                reasoning.append('\n');
            reasoning.append(bytes(thinking));
        } else if (type == "tool_use") {
            Element input;
            const std::string arguments = member(block, "input", &input) && input.is_object()
                ? simdjson::minify(input)
                : std::string("{}");
            calls.beginObject().field("id", stringOr(block, "id")).field("type", "function");
            calls.key("function").beginObject().field("name", stringOr(block, "name"));
            calls.field("arguments", std::string_view(arguments));
            calls.endObject().endObject();
            ++result.toolCalls;
        }
        // server_tool_use / web_search_tool_result / redacted_thinking have no Chat equivalent.
    }
    calls.endArray();

    const std::string_view messageId = stringOr(body, "id");
    QByteArray id =
        messageId.empty() ? Wire::newChatCompletionId() : QByteArrayLiteral("chatcmpl-") + bytes(messageId);
    const std::string_view finish = Wire::openAIFinishReason(stringOr(body, "stop_reason", "end_turn"));
    result.stopReason = bytes(finish);

    JsonWriter w(1024 + text.size());
    w.beginObject();
    w.field("id", view(id)).field("object", "chat.completion");
    w.field("created", QDateTime::currentSecsSinceEpoch()).field("model", requestedModel);
    w.key("choices").beginArray().beginObject().field("index", 0);
    w.key("message").beginObject().field("role", "assistant");
    w.key("content");
    if (text.isEmpty())
        w.null();
    else
        w.value(view(text));
    if (options.includeReasoningInOpenAIResponse && !reasoning.isEmpty())
        w.field("reasoning_content", view(reasoning));
    if (result.toolCalls > 0)
        w.rawField("tool_calls", view(calls.data()));
    w.key("refusal").null();
    w.endObject();
    w.key("logprobs").null().field("finish_reason", finish);
    w.endObject().endArray();
    Element usage;
    if (member(body, "usage", &usage))
        result.usage = Wire::usageFromAnthropic(usage);
    w.key("usage");
    Wire::writeOpenAIUsage(w, result.usage);
    w.endObject();
    *out = w.take();
    result.status = ResponseResult::Ok;
    return result;
}

} // namespace Switchyard::ResponseCodec
