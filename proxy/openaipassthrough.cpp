#include "openaipassthrough.h"

#include "codecjson.h"
#include "ssewriter.h"

#include <simdjson.h>

namespace Switchyard {

using namespace CodecJson;

OpenAIPassthroughStream::OpenAIPassthroughStream(bool clientWantsUsage)
    : m_clientWantsUsage(clientWantsUsage)
{
}

OpenAIPassthroughStream::~OpenAIPassthroughStream() = default;

void OpenAIPassthroughStream::handleEvent(const SseEvent &event)
{
    if (!event.hasData)
        return;
    const std::string_view data = event.data;
    if (data == "[DONE]") {
        // An explicit end: complete even when a provider sent no finish_reason.
        if (!hasStarted()) {
            handleEnd(true);
            return;
        }
        Sse::appendDone(m_out);
        complete(Wire::anthropicStopReason(view(m_finishReason), m_sawToolCall));
        return;
    }
    Element chunk;
    if (jsonParser().parse(data.data(), data.size()).get(chunk) != simdjson::SUCCESS || !chunk.is_object()) {
        warnBadEvent("invalid JSON", data);
        return; // one broken chunk does not kill the stream (protocols 4.3 step 1)
    }
    if (const auto error = present(chunk, "error")) {
        UpstreamStreamError failure = StreamErrors::fromOpenAIError(*error, data);
        if (hasStarted()) {
            Sse::appendData(m_out, data); // the upstream's own error chunk is what the client sees
            failWith(std::move(failure), "upstream_error", {}, Frame::AlreadyForwarded);
        } else {
            failWith(std::move(failure), "upstream_error");
        }
        return;
    }
    if (!hasStarted())
        markStarted();
    if (const auto usage = present(chunk, "usage"); usage && usage->is_object())
        m_usage = Wire::usageFromOpenAI(*usage);
    Element choices;
    const bool hasChoices = member(chunk, "choices", &choices) && choices.is_array();
    const bool usageOnly = hasChoices && choices.get_array().size() == 0;
    if (hasChoices)
        observeChoice(chunk);
    if (usageOnly && !m_clientWantsUsage)
        return;
    Sse::appendData(m_out, data);
}

void OpenAIPassthroughStream::observeChoice(const Element &chunk)
{
    Element choices;
    if (!member(chunk, "choices", &choices))
        return;
    for (Element choice : choices.get_array()) {
        if (!choice.is_object())
            continue;
        Element delta;
        if (member(choice, "delta", &delta) && delta.is_object()) {
            const bool toolCall = present(delta, "tool_calls").has_value();
            m_sawToolCall = m_sawToolCall || toolCall;
            if (toolCall || !stringOr(delta, "content").empty()
                || !stringOr(delta, "reasoning_content").empty() || !stringOr(delta, "reasoning").empty())
                markFirstContent();
        }
        if (const std::string_view finish = stringOr(choice, "finish_reason"); !finish.empty())
            m_finishReason = bytes(finish);
        break; // choices[0] only, like the translators
    }
}

void OpenAIPassthroughStream::handleEnd(bool upstreamEof)
{
    if (!hasStarted()) {
        failWith({"api_error", "upstream returned an empty stream", 502, {}}, "empty_response");
        return;
    }
    if (m_finishReason.isEmpty() || !upstreamEof) {
        failWith({"api_error", "upstream stream ended unexpectedly", 502, {}}, "upstream_cut");
        return;
    }
    Sse::appendDone(m_out);
    complete(Wire::anthropicStopReason(view(m_finishReason), m_sawToolCall));
}

} // namespace Switchyard
