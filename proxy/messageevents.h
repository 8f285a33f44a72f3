#pragma once

// An Anthropic Messages response object replayed as the SSE event sequence a streaming call would
// have produced (protocols 1.7): for a stream:true request whose upstream answered with one
// non-streamed body (Appendix C.6: "Stream everything, including answers to stream:true requests
// that go to a non-streaming upstream").

#include <QByteArray>

namespace simdjson::dom {
class element;
} // namespace simdjson::dom

namespace Switchyard::MessageEvents {

// message_start (content [], stop_reason null), per content block start / delta(s) / stop,
// message_delta (stop_reason, stop_sequence, usage), message_stop. Text, thinking (+ signature)
// and tool_use / server_tool_use inputs become deltas; blocks without a delta form
// (redacted_thinking, web_search_tool_result, ...) are sent whole in their start event.
// Returns false when message is not a message object.
bool toSse(const simdjson::dom::element &message, QByteArray *out);

} // namespace Switchyard::MessageEvents
