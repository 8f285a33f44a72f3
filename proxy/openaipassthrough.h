#pragma once

// OpenAI Chat upstream -> OpenAI Chat client: every chunk goes through with its data unchanged
// (re-framed as "data: <json>\n\n"), while the side observation gives the usage record its
// tokens, finish reason and time to first token, and catches what a blind pipe gets wrong: an
// error chunk or an empty stream before the first chunk (the caller can still fail over, so
// nothing is forwarded before it) and a cut stream (no finish_reason and no [DONE]: an error chunk
// is appended instead of a silent end, protocols 3.4).
//
// The engine asks streamed OpenAI upstreams for usage (stream_options.include_usage) even when the
// client did not; the usage-only chunk is then kept from such a client.

#include "streamcodec.h"

namespace Switchyard {

class OpenAIPassthroughStream final : public OpenAIOutputStream
{
public:
    // clientWantsUsage: the client itself asked for stream_options.include_usage.
    explicit OpenAIPassthroughStream(bool clientWantsUsage);
    ~OpenAIPassthroughStream() override;

protected:
    void handleEvent(const SseEvent &event) override;
    void handleEnd(bool upstreamEof) override;

private:
    void observeChoice(const simdjson::dom::element &chunk);

    bool m_clientWantsUsage;
    bool m_sawToolCall = false;
};

} // namespace Switchyard
