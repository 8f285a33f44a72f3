#include "anthropictoopenaistream.h"

#include "codecjson.h"
#include "logging.h"
#include "ssewriter.h"

#include <QDateTime>

#include <simdjson.h>

namespace Switchyard {

using namespace CodecJson;

namespace {
// Anthropic block indices are small and dense; anything beyond this is a broken upstream, and is
// ignored rather than allowed to size the block table.
constexpr qint64 MaxBlockIndex = 100000;
} // namespace

AnthropicToOpenAIStream::AnthropicToOpenAIStream(Options options)
    : m_options(std::move(options))
{
    if (m_options.created == 0)
        m_options.created = QDateTime::currentSecsSinceEpoch();
}

AnthropicToOpenAIStream::~AnthropicToOpenAIStream() = default;

void AnthropicToOpenAIStream::handleEvent(const SseEvent &event)
{
    if (!event.hasData)
        return;
    const std::string_view data = event.data;
    Element root;
    if (jsonParser().parse(data.data(), data.size()).get(root) != simdjson::SUCCESS || !root.is_object()) {
        warnBadEvent("invalid JSON", data);
        return;
    }
    const std::string_view type = stringOr(root, "type", event.name);
    const bool content = type == "content_block_start" || type == "content_block_delta"
        || type == "message_delta" || type == "message_stop";
    if (content && !hasStarted())
        handleMessageStart(nullptr); // a broken upstream without message_start still gets a role chunk
    if (type == "message_start") {
        handleMessageStart(&root);
    } else if (type == "content_block_start") {
        handleBlockStart(root);
    } else if (type == "content_block_delta") {
        handleBlockDelta(root);
    } else if (type == "message_delta") {
        handleMessageDelta(root);
    } else if (type == "message_stop") {
        handleMessageStop();
    } else if (type == "ping") {
        // Before the start the caller's own keep-alive timer covers silence, and nothing may be
        // written yet (failover must stay possible).
        if (hasStarted())
            Sse::appendComment(m_out, "ping");
    } else if (type == "error") {
        failWith(StreamErrors::fromAnthropicError(present(root, "error").value_or(root), data),
                 "upstream_error");
    }
    // content_block_stop carries nothing for OpenAI; unknown events are skipped like the SDK does.
}

void AnthropicToOpenAIStream::handleEnd(bool upstreamEof)
{
    if (!hasStarted()) {
        failWith({"api_error", "upstream returned an empty stream", 502, {}}, "empty_response");
        return;
    }
    qCWarning(lcProxy) << "Anthropic upstream stream ended before message_stop"
                       << (upstreamEof ? "(EOF)" : "(aborted)");
    failWith({"api_error", "upstream stream ended unexpectedly", 502, {}}, "upstream_cut");
}

void AnthropicToOpenAIStream::handleMessageStart(const Element *event)
{
    if (hasStarted())
        return;
    Element message;
    if (event && member(*event, "message", &message) && message.is_object()) {
        const std::string_view id = stringOr(message, "id");
        if (!id.empty())
            m_completionId = "chatcmpl-" + bytes(id);
        if (const auto usage = present(message, "usage"))
            m_usage = Wire::usageFromAnthropic(*usage);
    }
    if (m_completionId.isEmpty())
        m_completionId = Wire::newChatCompletionId();
    endChunk(beginChunk().field("role", "assistant").field("content", ""));
    markStarted();
}

const AnthropicToOpenAIStream::BlockInfo *AnthropicToOpenAIStream::blockAt(const Element &event) const
{
    Element index;
    if (!member(event, "index", &index) || !isInteger(index))
        return nullptr;
    const qint64 i = toInt64(index);
    if (i < 0 || i >= qint64(m_blocks.size()))
        return nullptr;
    return &m_blocks[size_t(i)];
}

void AnthropicToOpenAIStream::handleBlockStart(const Element &event)
{
    Element index;
    Element block;
    if (!member(event, "index", &index) || !isInteger(index) || !member(event, "content_block", &block)
        || !block.is_object())
        return;
    const qint64 i = toInt64(index);
    if (i < 0 || i > MaxBlockIndex)
        return;
    if (qint64(m_blocks.size()) <= i)
        m_blocks.resize(size_t(i) + 1);
    BlockInfo &info = m_blocks[size_t(i)];
    const std::string_view type = stringOr(block, "type");
    if (type == "text") {
        info.kind = Block::Text;
        if (const std::string_view text = stringOr(block, "text"); !text.empty())
            emitContent("content", text);
    } else if (type == "thinking") {
        info.kind = Block::Thinking;
        if (const std::string_view text = stringOr(block, "thinking");
            !text.empty() && m_options.includeReasoning)
            emitContent("reasoning_content", text);
    } else if (type == "tool_use") {
        info.kind = Block::Tool;
        info.toolIndex = m_toolCount++;
        const std::string_view name = stringOr(block, "name");
        const QByteArray clientName =
            m_options.toolNames ? m_options.toolNames->clientToolName(name) : bytes(name);
        JsonWriter &w = beginChunk();
        w.key("tool_calls").beginArray().beginObject();
        w.field("index", info.toolIndex).field("id", stringOr(block, "id")).field("type", "function");
        w.key("function").beginObject().field("name", view(clientName)).field("arguments", "").endObject();
        w.endObject().endArray();
        endChunk(w);
        markFirstContent();
        // Anthropic streams input through deltas and starts with {}; an upstream that put the whole
        // input into the start event must not lose it.
        Element input;
        if (member(block, "input", &input) && input.is_object() && input.get_object().size() > 0) {
            const std::string arguments = simdjson::minify(input);
            JsonWriter &args = beginChunk();
            args.key("tool_calls").beginArray().beginObject().field("index", info.toolIndex);
            args.key("function").beginObject().field("arguments", arguments).endObject();
            args.endObject().endArray();
            endChunk(args);
        }
    } else {
        // server_tool_use, web_search_tool_result, redacted_thinking: nothing an OpenAI client reads.
        info.kind = Block::Other;
    }
}

void AnthropicToOpenAIStream::handleBlockDelta(const Element &event)
{
    Element delta;
    if (!member(event, "delta", &delta) || !delta.is_object())
        return;
    const BlockInfo *info = blockAt(event);
    const std::string_view type = stringOr(delta, "type");
    if (type == "text_delta") {
        if (const std::string_view text = stringOr(delta, "text"); !text.empty())
            emitContent("content", text);
    } else if (type == "thinking_delta") {
        if (const std::string_view text = stringOr(delta, "thinking");
            !text.empty() && m_options.includeReasoning)
            emitContent("reasoning_content", text);
    } else if (type == "input_json_delta") {
        const std::string_view partial = stringOr(delta, "partial_json");
        if (partial.empty() || !info || info->kind != Block::Tool)
            return;
        JsonWriter &w = beginChunk();
        w.key("tool_calls").beginArray().beginObject().field("index", info->toolIndex);
        w.key("function").beginObject().field("arguments", partial).endObject();
        w.endObject().endArray();
        endChunk(w);
    }
    // signature_delta and citations_delta have no OpenAI counterpart.
}

void AnthropicToOpenAIStream::handleMessageDelta(const Element &event)
{
    Element delta;
    if (member(event, "delta", &delta) && delta.is_object()) {
        if (const std::string_view stop = stringOr(delta, "stop_reason"); !stop.empty())
            m_stopReason = bytes(stop);
    }
    if (const auto usage = present(event, "usage"))
        m_usage = Wire::usageFromAnthropic(*usage, m_usage); // cumulative: overwrite, keep the rest
}

void AnthropicToOpenAIStream::handleMessageStop()
{
    const QByteArray stopReason = m_stopReason.isEmpty() ? QByteArray("end_turn") : m_stopReason;
    m_finishReason = bytes(Wire::openAIFinishReason(view(stopReason)));
    endChunk(beginChunk(), view(m_finishReason));
    if (m_options.includeUsage) {
        JsonWriter &w = payload();
        w.beginObject().field("id", view(m_completionId)).field("object", "chat.completion.chunk");
        w.field("created", m_options.created).field("model", view(m_options.requestedModel));
        w.key("choices").beginArray().endArray();
        w.key("usage");
        Wire::writeOpenAIUsage(w, m_usage);
        w.endObject();
        Sse::appendData(m_out, view(payloadBytes()));
    }
    Sse::appendDone(m_out);
    complete(view(stopReason));
}

JsonWriter &AnthropicToOpenAIStream::beginChunk()
{
    JsonWriter &w = payload();
    w.beginObject().field("id", view(m_completionId)).field("object", "chat.completion.chunk");
    w.field("created", m_options.created).field("model", view(m_options.requestedModel));
    w.key("choices").beginArray().beginObject().field("index", 0).key("delta").beginObject();
    return w;
}

void AnthropicToOpenAIStream::endChunk(JsonWriter &w, std::string_view finishReason)
{
    w.endObject().key("finish_reason");
    if (finishReason.empty())
        w.null();
    else
        w.value(finishReason);
    w.endObject().endArray().endObject();
    Sse::appendData(m_out, view(payloadBytes()));
}

void AnthropicToOpenAIStream::emitContent(std::string_view field, std::string_view text)
{
    endChunk(beginChunk().field(field, text));
    markFirstContent();
}

} // namespace Switchyard
