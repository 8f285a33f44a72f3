#pragma once

// Anthropic Messages SSE -> OpenAI Chat Completions chunks (protocols 4.6): a role chunk first,
// text and (opt-in) reasoning deltas, tool calls numbered by their position among tool blocks (not
// the Anthropic block index), a finish chunk, an optional usage chunk and data: [DONE]. An upstream
// error event becomes data: {"error":{...}} and the stream closes without [DONE].

#include "streamcodec.h"

#include <vector>

namespace Switchyard {

class AnthropicToOpenAIStream final : public OpenAIOutputStream
{
public:
    struct Options
    {
        QByteArray requestedModel; // echoed in every chunk's "model"
        bool includeUsage = false; // the client sent stream_options.include_usage
        bool includeReasoning = false; // thinking -> delta.reasoning_content (opt-in, 4.5)
        Wire::ToolNameRegistry *toolNames = nullptr; // restores shortened tool names; not owned
        qint64 created = 0; // chunk "created" (seconds since epoch); 0: now
    };

    explicit AnthropicToOpenAIStream(Options options);
    ~AnthropicToOpenAIStream() override;

    // "chatcmpl-" + the upstream message id, known once message_start arrived.
    const QByteArray &completionId() const { return m_completionId; }

protected:
    void handleEvent(const SseEvent &event) override;
    void handleEnd(bool upstreamEof) override;

private:
    enum class Block : qint8
    {
        Other, // server tools, redacted thinking, unknown: nothing is forwarded
        Text,
        Thinking,
        Tool,
    };
    struct BlockInfo
    {
        Block kind = Block::Other;
        int toolIndex = -1; // position among the tool blocks
    };

    // event is null when a broken upstream skipped message_start.
    void handleMessageStart(const simdjson::dom::element *event);
    void handleBlockStart(const simdjson::dom::element &event);
    void handleBlockDelta(const simdjson::dom::element &event);
    void handleMessageDelta(const simdjson::dom::element &event);
    void handleMessageStop();
    const BlockInfo *blockAt(const simdjson::dom::element &event) const;

    JsonWriter &beginChunk();
    void endChunk(JsonWriter &w, std::string_view finishReason = {});
    void emitContent(std::string_view field, std::string_view text);

    Options m_options;
    QByteArray m_completionId;
    std::vector<BlockInfo> m_blocks; // by Anthropic block index
    int m_toolCount = 0;
};

} // namespace Switchyard
