#pragma once

// OpenAI Chat Completions chunks -> Anthropic Messages SSE: the state machine of protocols 4.3
// (steps 1-12), holding the invariants of 1.7 (one message_start first, dense block indices, delta
// types matching block types, every block stopped once before the single message_delta, then
// message_stop; never an empty or whitespace-only text block; no message_stop after an error).

#include "streamcodec.h"

#include <vector>

namespace Switchyard {

class OpenAIToAnthropicStream final : public AnthropicOutputStream
{
public:
    struct Options
    {
        QByteArray requestedModel; // echoed as message.model: the model the client asked for
        qint64 inputTokenEstimate = 0; // message_start.usage.input_tokens (and the fallback total)
        Wire::ToolNameRegistry *toolNames = nullptr; // ids are registered, names restored; not owned
        // Abort a tool call whose arguments run this many whitespace characters in a row (a model
        // bug, protocols 4.10 #22); 0 disables the guard.
        int whitespaceGuard = 500;
        QByteArray messageId; // empty: a fresh msg_ id
    };

    explicit OpenAIToAnthropicStream(Options options);
    ~OpenAIToAnthropicStream() override;

    const QByteArray &messageId() const { return m_options.messageId; }
    // Content blocks started so far.
    int blockCount() const { return m_nextIndex; }
    // Bytes of text, thinking and tool arguments emitted: a basis for an output estimate when the
    // upstream sent no usage.
    qint64 contentBytes() const { return m_contentBytes; }

protected:
    void handleEvent(const SseEvent &event) override;
    void handleEnd(bool upstreamEof) override;

private:
    enum class Kind
    {
        None,
        Text,
        Thinking,
    };
    struct Tool
    {
        qint64 key = 0; // upstream tool_calls[].index (or a substitute, 4.3 step 8)
        QByteArray id; // upstream id, unsanitised
        QByteArray name;
        // All argument text so far; what arrived before id and name were both known is emitted
        // as one delta at the start, and the whole is checked once more at the stop.
        QByteArray args;
        int blockIndex = -1;
        int whitespaceRun = 0;
        bool started = false;
        bool open = false;
    };

    void handleChunk(const simdjson::dom::element &chunk);
    void handleUpstreamError(const simdjson::dom::element &error, std::string_view raw);
    void handleDone();
    void emitMessageStart(const Wire::TokenUsage *chunkUsage);
    void handleDelta(const simdjson::dom::element &delta);
    void handleToolCall(const simdjson::dom::element &call, size_t position);
    void handleLegacyFunctionCall(const simdjson::dom::element &call);
    size_t toolFor(bool hasIndex, qint64 index, std::string_view id, size_t position);
    size_t addTool(qint64 key);
    void updateTool(size_t tool, std::string_view id, std::string_view name, std::string_view args);
    void appendReasoning(std::string_view text);
    void appendText(std::string_view text);
    void appendArguments(Tool &tool, std::string_view args);
    void startTool(Tool &tool);
    void completeArguments(const Tool &tool);
    void recordFinish(std::string_view reason);
    void closeBlocks();
    void completeMessage();

    void closeOpen();
    void startBlock(Kind kind);
    void emitDelta(int index, std::string_view deltaType, std::string_view field, std::string_view text);
    void emitBlockStop(int index);
    void emitPayload(std::string_view eventName);

    Options m_options;
    int m_nextIndex = 0;
    Kind m_open = Kind::None;
    int m_openIndex = -1;
    std::vector<Tool> m_tools;
    int m_openTools = 0;
    qsizetype m_lastUnindexedTool = -1; // for providers that omit tool_calls[].index
    bool m_anyTool = false;
    bool m_finishSeen = false;
    QByteArray m_thinkingText; // text of the open thinking block, for its proxy signature
    QByteArray m_wsPending; // whitespace-only text not emitted yet (step 7)
    QByteArray m_lateText; // text arriving while tool blocks are open (emitted at finish)
    QByteArray m_lateThinking;
    QByteArray m_scratch;
    qint64 m_contentBytes = 0;
};

} // namespace Switchyard
