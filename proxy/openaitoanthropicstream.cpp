#include "openaitoanthropicstream.h"

#include "codecjson.h"
#include "logging.h"
#include "ssewriter.h"

#include <QVarLengthArray>

#include <algorithm>
#include <limits>
#include <simdjson.h>

namespace Switchyard {

using namespace CodecJson;

namespace {

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

bool isWhitespace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// A tool key no upstream index can take: a tool whose index was reused for another call.
constexpr qint64 RetiredKey = std::numeric_limits<qint64>::min();
// Key of the legacy single delta.function_call.
constexpr qint64 LegacyFunctionKey = RetiredKey + 1;

} // namespace

OpenAIToAnthropicStream::OpenAIToAnthropicStream(Options options)
    : m_options(std::move(options))
{
    if (m_options.messageId.isEmpty())
        m_options.messageId = Wire::newMessageId();
}

OpenAIToAnthropicStream::~OpenAIToAnthropicStream() = default;

// --- Upstream events ---

void OpenAIToAnthropicStream::handleEvent(const SseEvent &event)
{
    const std::string_view data = trimmed(event.data);
    if (!event.hasData || data.empty())
        return;
    if (data == "[DONE]") {
        handleDone();
        return;
    }
    Element root;
    if (jsonParser().parse(data.data(), data.size()).get(root) != simdjson::SUCCESS) {
        warnBadEvent("invalid JSON", data); // step 1: one bad chunk does not kill the stream
        return;
    }
    if (event.name == "error") {
        // openai-node treats an SSE event named "error" as an error whatever its shape.
        handleUpstreamError(present(root, "error").value_or(root), data);
        return;
    }
    if (!root.is_object()) {
        warnBadEvent("not an object", data);
        return;
    }
    if (const auto error = present(root, "error")) {
        handleUpstreamError(*error, data);
        return;
    }
    handleChunk(root);
}

void OpenAIToAnthropicStream::handleUpstreamError(const Element &error, std::string_view raw)
{
    // Step 2: before the start this is an HTTP-level failure the caller may fail over from;
    // afterwards an error event that Claude Code retries.
    UpstreamStreamError failure = StreamErrors::fromOpenAIError(error, raw);
    qCWarning(lcProxy) << "upstream error inside the stream:" << failure.httpStatus << failure.message;
    const std::string_view frameType = StreamErrors::midStreamType(failure);
    failWith(std::move(failure), "upstream_error", frameType);
}

void OpenAIToAnthropicStream::handleChunk(const Element &chunk)
{
    bool hasUsage = false;
    if (const auto usage = present(chunk, "usage"); usage && usage->is_object()) {
        // Step 4: the latest report wins. All-zero reports (some compatibles attach one to every
        // chunk) say nothing and must not replace the estimate or an earlier real report.
        const Wire::TokenUsage reported = Wire::usageFromOpenAI(*usage);
        if (reported.inputTokens + reported.outputTokens + reported.cacheReadTokens
                + reported.cacheWriteTokens
            > 0) {
            m_usage = reported;
            hasUsage = true;
        }
    }
    if (!hasStarted())
        emitMessageStart(hasUsage ? &m_usage : nullptr);
    // Step 9: after the first finish only usage still counts (duplicated finish chunks).
    if (m_finishSeen)
        return;

    // Step 5: choices[0] only, whatever its "index" says.
    Element choices;
    Element choice;
    if (!member(chunk, "choices", &choices) || !choices.is_array()
        || choices.at(0).get(choice) != simdjson::SUCCESS || !choice.is_object())
        return;
    if (const auto delta = present(choice, "delta"); delta && delta->is_object())
        handleDelta(*delta);
    if (isFinished())
        return;
    // Content and finish_reason in one chunk: the content above went first. "" is not a finish.
    const std::string_view finish = stringOr(choice, "finish_reason");
    if (!finish.empty())
        recordFinish(finish);
}

void OpenAIToAnthropicStream::handleDone()
{
    if (!hasStarted()) {
        failWith({"api_error", "upstream returned an empty stream", 502, {}}, "empty_response");
        return;
    }
    completeMessage();
}

void OpenAIToAnthropicStream::handleEnd(bool upstreamEof)
{
    if (!hasStarted()) {
        failWith({"api_error", "upstream returned an empty stream", 502, {}}, "empty_response");
    } else if (m_finishSeen) {
        // Step 10: finish seen, [DONE] missing: everything arrived but the terminator.
        completeMessage();
    } else {
        qCWarning(lcProxy) << "upstream stream ended before a finish_reason"
                           << (upstreamEof ? "(EOF)" : "(aborted)");
        failWith({"api_error", "upstream stream ended unexpectedly", 502, {}}, "upstream_cut");
    }
}

void OpenAIToAnthropicStream::emitMessageStart(const Wire::TokenUsage *chunkUsage)
{
    Wire::TokenUsage usage;
    usage.inputTokens = m_options.inputTokenEstimate;
    if (chunkUsage) {
        usage.cacheReadTokens = chunkUsage->cacheReadTokens;
        usage.cacheWriteTokens = chunkUsage->cacheWriteTokens;
    }
    JsonWriter &w = payload();
    w.beginObject().field("type", "message_start").key("message").beginObject();
    w.field("id", view(m_options.messageId)).field("type", "message").field("role", "assistant");
    w.key("content").beginArray().endArray();
    w.field("model", view(m_options.requestedModel));
    w.key("stop_reason").null().key("stop_sequence").null();
    w.key("usage");
    Wire::writeAnthropicUsage(w, usage);
    w.endObject().endObject();
    emitPayload("message_start");
    markStarted();
}

// --- Deltas (steps 6-8) ---

void OpenAIToAnthropicStream::handleDelta(const Element &delta)
{
    // Providers name reasoning differently; OpenRouter sends the same text as "reasoning" and in
    // "reasoning_details", so the first non-empty source is used, never their concatenation.
    std::string_view reasoning = stringOr(delta, "reasoning_content");
    if (reasoning.empty())
        reasoning = stringOr(delta, "reasoning");
    if (reasoning.empty()) {
        Element details;
        if (member(delta, "reasoning_details", &details) && details.is_array()) {
            m_scratch.resize(0);
            for (Element detail : details.get_array()) {
                m_scratch.append(bytes(stringOr(detail, "text")));
                m_scratch.append(bytes(stringOr(detail, "summary")));
            }
            reasoning = view(m_scratch);
        }
    }
    if (!reasoning.empty())
        appendReasoning(reasoning);

    if (const std::string_view text = stringOr(delta, "content"); !text.empty())
        appendText(text);
    if (const std::string_view refusal = stringOr(delta, "refusal"); !refusal.empty())
        appendText(refusal);

    Element calls;
    if (member(delta, "tool_calls", &calls) && calls.is_array()) {
        size_t position = 0;
        for (Element call : calls.get_array()) {
            if (call.is_object())
                handleToolCall(call, position);
            if (isFinished())
                return;
            ++position;
        }
    }
    if (const auto legacy = present(delta, "function_call"); legacy && legacy->is_object())
        handleLegacyFunctionCall(*legacy);
}

void OpenAIToAnthropicStream::appendReasoning(std::string_view text)
{
    if (m_openTools > 0) {
        m_lateThinking.append(text.data(), qsizetype(text.size()));
        return;
    }
    if (m_open != Kind::Thinking) {
        closeOpen();
        startBlock(Kind::Thinking);
    }
    m_thinkingText.append(text.data(), qsizetype(text.size()));
    emitDelta(m_openIndex, "thinking_delta", "thinking", text);
}

void OpenAIToAnthropicStream::appendText(std::string_view text)
{
    if (m_openTools > 0) {
        m_lateText.append(text.data(), qsizetype(text.size()));
        return;
    }
    if (m_open == Kind::Text) {
        emitDelta(m_openIndex, "text_delta", "text", text);
        return;
    }
    if (isBlank(text)) {
        // No whitespace-only text block between reasoning and tool calls (4.10 #10).
        m_wsPending.append(text.data(), qsizetype(text.size()));
        return;
    }
    closeOpen();
    startBlock(Kind::Text);
    if (m_wsPending.isEmpty()) {
        emitDelta(m_openIndex, "text_delta", "text", text);
    } else {
        m_wsPending.append(text.data(), qsizetype(text.size()));
        emitDelta(m_openIndex, "text_delta", "text", view(m_wsPending));
        m_wsPending.resize(0);
    }
}

void OpenAIToAnthropicStream::handleToolCall(const Element &call, size_t position)
{
    Element indexValue;
    const bool hasIndex = member(call, "index", &indexValue) && isInteger(indexValue);
    const std::string_view id = stringOr(call, "id");
    std::string_view name;
    std::string_view args;
    std::string minified;
    if (const auto function = present(call, "function"); function && function->is_object()) {
        name = stringOr(*function, "name");
        Element arguments;
        if (member(*function, "arguments", &arguments)) {
            if (arguments.is_string()) {
                args = std::string_view(arguments);
            } else if (arguments.is_object()) {
                // A few compatibles send the arguments as an object instead of JSON text.
                minified = simdjson::minify(arguments);
                args = minified;
            }
        }
    }
    const size_t tool = toolFor(hasIndex, hasIndex ? toInt64(indexValue) : 0, id, position);
    updateTool(tool, id, name, args);
}

void OpenAIToAnthropicStream::handleLegacyFunctionCall(const Element &call)
{
    size_t tool = m_tools.size();
    for (size_t i = 0; i < m_tools.size(); ++i) {
        if (m_tools[i].key == LegacyFunctionKey)
            tool = i;
    }
    if (tool == m_tools.size()) {
        tool = addTool(LegacyFunctionKey);
        m_tools[tool].id = Wire::newToolUseId(); // function_call has no id at all
    }
    updateTool(tool, {}, stringOr(call, "name"), stringOr(call, "arguments"));
}

size_t OpenAIToAnthropicStream::addTool(qint64 key)
{
    Tool tool;
    tool.key = key;
    m_tools.push_back(std::move(tool));
    return m_tools.size() - 1;
}

size_t OpenAIToAnthropicStream::toolFor(bool hasIndex, qint64 index, std::string_view id, size_t position)
{
    const auto byKey = [this](qint64 key) -> qsizetype {
        for (size_t i = 0; i < m_tools.size(); ++i) {
            if (m_tools[i].key == key)
                return qsizetype(i);
        }
        return -1;
    };
    if (hasIndex) {
        const qsizetype found = byKey(index);
        if (found < 0)
            return addTool(index);
        Tool &tool = m_tools[size_t(found)];
        // Some compatibles restart at index 0 for every call: a different id is a different call,
        // and it must get its own block (4.10 #1).
        if (!id.empty() && !tool.id.isEmpty() && view(tool.id) != id) {
            tool.key = RetiredKey;
            return addTool(index);
        }
        return size_t(found);
    }
    // No index: match by id, else keep feeding the call that was last opened without an index.
    if (!id.empty()) {
        for (size_t i = 0; i < m_tools.size(); ++i) {
            if (view(m_tools[i].id) == id)
                return i;
        }
        qint64 key = qint64(position);
        if (byKey(key) >= 0) {
            for (const Tool &tool : m_tools)
                key = std::max(key, tool.key + 1);
        }
        const size_t tool = addTool(key);
        m_lastUnindexedTool = qsizetype(tool);
        return tool;
    }
    if (m_lastUnindexedTool >= 0)
        return size_t(m_lastUnindexedTool);
    const qsizetype found = byKey(qint64(position));
    return found >= 0 ? size_t(found) : addTool(qint64(position));
}

void OpenAIToAnthropicStream::updateTool(size_t index, std::string_view id, std::string_view name,
                                         std::string_view args)
{
    Tool &tool = m_tools[index];
    // Providers that send name:"" first fill it in later (CLIProxyAPI#3748).
    if (tool.id.isEmpty() && !id.empty())
        tool.id = bytes(id);
    if (tool.name.isEmpty() && !name.empty())
        tool.name = bytes(name);
    if (!tool.started && !tool.id.isEmpty() && !tool.name.isEmpty()) {
        startTool(tool);
        if (isFinished())
            return;
    }
    if (!args.empty())
        appendArguments(tool, args);
}

void OpenAIToAnthropicStream::appendArguments(Tool &tool, std::string_view args)
{
    if (m_options.whitespaceGuard > 0) {
        int run = tool.whitespaceRun;
        for (char c : args) {
            run = isWhitespace(c) ? run + 1 : 0;
            if (run >= m_options.whitespaceGuard) {
                qCWarning(lcProxy) << "tool call" << tool.name
                                   << "arguments degenerated into whitespace; aborting";
                failWith({"api_error", "tool call arguments degenerated into whitespace", 502, {}},
                         "tool_args_whitespace");
                return;
            }
        }
        tool.whitespaceRun = run;
    }
    tool.args.append(args.data(), qsizetype(args.size()));
    if (tool.started)
        emitDelta(tool.blockIndex, "input_json_delta", "partial_json", args);
}

void OpenAIToAnthropicStream::startTool(Tool &tool)
{
    closeOpen();
    const QByteArray id = m_options.toolNames ? m_options.toolNames->registerToolId(view(tool.id))
                                              : Wire::sanitizeToolId(view(tool.id));
    const QByteArray name =
        m_options.toolNames ? m_options.toolNames->clientToolName(view(tool.name)) : tool.name;
    JsonWriter &w = payload();
    w.beginObject().field("type", "content_block_start").field("index", m_nextIndex);
    w.key("content_block").beginObject();
    w.field("type", "tool_use").field("id", view(id)).field("name", view(name));
    w.key("input").beginObject().endObject();
    w.endObject().endObject();
    emitPayload("content_block_start");
    markFirstContent();
    tool.blockIndex = m_nextIndex++;
    tool.started = true;
    tool.open = true;
    ++m_openTools;
    m_anyTool = true;
    // Arguments that arrived before the name go out as one delta right after the start.
    if (!tool.args.isEmpty())
        emitDelta(tool.blockIndex, "input_json_delta", "partial_json", view(tool.args));
}

void OpenAIToAnthropicStream::completeArguments(const Tool &tool)
{
    // The concatenated partial_json must parse as an object at the stop (1.7 invariant 6). A model
    // that hit max_tokens inside a call leaves it cut off; when closing strings and brackets repairs
    // it, the missing tail goes out as a last delta. Anything else cannot be fixed after the fact.
    const std::string_view args = view(tool.args);
    if (isBlank(args))
        return;
    Wire::ArgumentsParse how = Wire::ArgumentsParse::Ok;
    const QByteArray repaired = Wire::toolArgumentsObject(args, &how);
    if (how == Wire::ArgumentsParse::Ok)
        return;
    size_t begin = 0;
    size_t end = args.size();
    while (begin < end && isWhitespace(args[begin]))
        ++begin;
    while (end > begin && isWhitespace(args[end - 1]))
        --end;
    const std::string_view trimmedArgs = args.substr(begin, end - begin);
    if (how == Wire::ArgumentsParse::Repaired && view(repaired).starts_with(trimmedArgs)) {
        qCWarning(lcProxy) << "tool call" << tool.name << "arguments were cut off; completing them";
        emitDelta(tool.blockIndex, "input_json_delta", "partial_json",
                  view(repaired).substr(trimmedArgs.size()));
    } else {
        qCWarning(lcProxy) << "tool call" << tool.name << "arguments are not a JSON object";
    }
}

// --- Finish (steps 9, 10) ---

void OpenAIToAnthropicStream::recordFinish(std::string_view reason)
{
    m_finishSeen = true;
    m_finishReason = bytes(reason);
    closeBlocks();
}

void OpenAIToAnthropicStream::closeBlocks()
{
    closeOpen();
    for (Tool &tool : m_tools) {
        if (tool.started)
            continue;
        // Never drop a call silently: start it late with whatever is missing synthesised.
        if (tool.id.isEmpty())
            tool.id = Wire::newToolUseId();
        if (tool.name.isEmpty()) {
            qCWarning(lcProxy) << "upstream tool call" << tool.id
                               << "never got a name; emitting unknown_tool";
            tool.name = "unknown_tool";
        }
        startTool(tool);
        if (isFinished())
            return;
    }
    // Stops in ascending block order (4.3 step 9), whatever order the calls were created in.
    QVarLengthArray<Tool *, 16> openTools;
    for (Tool &tool : m_tools) {
        if (tool.open)
            openTools.append(&tool);
    }
    std::sort(openTools.begin(), openTools.end(),
              [](const Tool *a, const Tool *b) { return a->blockIndex < b->blockIndex; });
    for (Tool *tool : openTools) {
        completeArguments(*tool);
        emitBlockStop(tool->blockIndex);
        tool->open = false;
    }
    m_openTools = 0;

    // Output that arrived while tool blocks were open becomes complete blocks after them.
    if (!isBlank(view(m_lateThinking))) {
        startBlock(Kind::Thinking);
        m_thinkingText = m_lateThinking;
        emitDelta(m_openIndex, "thinking_delta", "thinking", view(m_lateThinking));
        closeOpen();
    }
    if (!isBlank(view(m_lateText))) {
        startBlock(Kind::Text);
        emitDelta(m_openIndex, "text_delta", "text", view(m_lateText));
        closeOpen();
    }
    m_lateThinking = QByteArray();
    m_lateText = QByteArray();
}

void OpenAIToAnthropicStream::completeMessage()
{
    if (!m_finishSeen) {
        qCInfo(lcProxy) << "upstream stream ended with [DONE] but no finish_reason; using end_turn";
        closeBlocks();
        if (isFinished())
            return;
    }
    if (!m_usage.present)
        m_usage.inputTokens = m_options.inputTokenEstimate;
    const std::string_view stopReason = Wire::anthropicStopReason(view(m_finishReason), m_anyTool);

    JsonWriter &w = payload();
    w.beginObject().field("type", "message_delta");
    w.key("delta").beginObject().field("stop_reason", stopReason).key("stop_sequence").null().endObject();
    w.key("usage");
    Wire::writeAnthropicUsage(w, m_usage);
    w.endObject();
    emitPayload("message_delta");

    payload().beginObject().field("type", "message_stop").endObject();
    emitPayload("message_stop");
    complete(stopReason);
}

// --- Blocks ---

void OpenAIToAnthropicStream::closeOpen()
{
    if (m_open == Kind::None)
        return;
    if (m_open == Kind::Thinking) {
        // Non-Anthropic reasoning has no signature; a proxy-owned one keeps the block well-formed
        // and recognisable when it comes back in the history (4.9).
        const QByteArray signature = Wire::proxySignature(view(m_thinkingText));
        emitDelta(m_openIndex, "signature_delta", "signature", view(signature));
        m_thinkingText.resize(0);
    }
    emitBlockStop(m_openIndex);
    m_open = Kind::None;
    m_openIndex = -1;
}

void OpenAIToAnthropicStream::startBlock(Kind kind)
{
    JsonWriter &w = payload();
    w.beginObject().field("type", "content_block_start").field("index", m_nextIndex);
    w.key("content_block").beginObject();
    if (kind == Kind::Thinking)
        w.field("type", "thinking").field("thinking", "");
    else
        w.field("type", "text").field("text", "");
    w.endObject().endObject();
    emitPayload("content_block_start");
    markFirstContent();
    m_open = kind;
    m_openIndex = m_nextIndex++;
}

void OpenAIToAnthropicStream::emitDelta(int index, std::string_view deltaType, std::string_view field,
                                        std::string_view text)
{
    JsonWriter &w = payload();
    w.beginObject().field("type", "content_block_delta").field("index", index);
    w.key("delta").beginObject().field("type", deltaType).field(field, text).endObject();
    w.endObject();
    emitPayload("content_block_delta");
    if (deltaType != "signature_delta")
        m_contentBytes += qint64(text.size());
}

void OpenAIToAnthropicStream::emitBlockStop(int index)
{
    payload().beginObject().field("type", "content_block_stop").field("index", index).endObject();
    emitPayload("content_block_stop");
}

void OpenAIToAnthropicStream::emitPayload(std::string_view eventName)
{
    Sse::appendEvent(m_out, eventName, view(payloadBytes()));
}

} // namespace Switchyard
