#include "anthropicstreamobserver.h"

#include "codecjson.h"
#include "logging.h"
#include "ssewriter.h"

#include <simdjson.h>

namespace Switchyard {

using namespace CodecJson;

AnthropicStreamObserver::AnthropicStreamObserver() = default;

AnthropicStreamObserver::~AnthropicStreamObserver() = default;

std::string_view AnthropicStreamObserver::pingFrame() const
{
    return Sse::AnthropicPing;
}

void AnthropicStreamObserver::appendErrorFrame(QByteArray &out, std::string_view errorType,
                                               std::string_view message) const
{
    Sse::appendAnthropicError(out, errorType, message);
}

void AnthropicStreamObserver::handleRawBytes(const char *data, qsizetype size)
{
    m_raw.append(data, size);
}

void AnthropicStreamObserver::handleEvent(const SseEvent &event)
{
    const qint64 end = sseParser().boundaryOffset();
    Element root;
    const bool parsed = event.hasData
        && jsonParser().parse(event.data.data(), event.data.size()).get(root) == simdjson::SUCCESS
        && root.is_object();
    if (!parsed && event.hasData) {
        if (sseParser().isFinished()) {
            // A final event without its blank line that does not parse was torn by the cut.
            discardTo(end);
            return;
        }
        warnBadEvent("invalid JSON", event.data);
    }
    const std::string_view type = parsed ? stringOr(root, "type", event.name) : event.name;

    if (type == "error") {
        UpstreamStreamError error = parsed
            ? StreamErrors::fromAnthropicError(present(root, "error").value_or(root), event.data)
            : UpstreamStreamError {"api_error", "upstream error event", 500, bytes(event.data)};
        if (hasStarted()) {
            forwardLast(end); // the upstream's own error event is what the client should see
            failWith(std::move(error), "upstream_error", {}, Frame::AlreadyForwarded);
        } else {
            discardTo(end);
            failWith(std::move(error), "upstream_error");
        }
        return;
    }
    if (!hasStarted()) {
        // Pings and junk before the first real event are not forwarded: until then the caller
        // may still switch upstreams, and it sends its own keep-alives.
        if (!parsed || type == "ping") {
            discardTo(end);
            return;
        }
        markStarted();
    }
    if (parsed)
        observe(type, root);
    if (type == "message_stop") {
        forwardLast(end);
        complete(m_stopReason.isEmpty() ? std::string_view("end_turn") : view(m_stopReason));
        return;
    }
    forwardTo(end);
}

void AnthropicStreamObserver::observe(std::string_view type, const Element &event)
{
    if (type == "message_start") {
        Element message;
        if (member(event, "message", &message) && message.is_object()) {
            m_messageId = bytes(stringOr(message, "id"));
            m_model = bytes(stringOr(message, "model"));
            if (const auto usage = present(message, "usage"))
                m_usage = Wire::usageFromAnthropic(*usage);
        }
    } else if (type == "content_block_start" || type == "content_block_delta") {
        markFirstContent();
    } else if (type == "message_delta") {
        Element delta;
        if (member(event, "delta", &delta) && delta.is_object()) {
            if (const std::string_view stop = stringOr(delta, "stop_reason"); !stop.empty())
                m_stopReason = bytes(stop);
        }
        if (const auto usage = present(event, "usage"))
            m_usage = Wire::usageFromAnthropic(*usage, m_usage);
    }
}

void AnthropicStreamObserver::handleEnd(bool upstreamEof)
{
    if (!hasStarted()) {
        failWith({"api_error", "upstream returned an empty stream", 502, {}}, "empty_response");
        return;
    }
    // Whatever follows the last complete event is a torn event: never forward it.
    discardTo(m_rawBase + m_raw.size());
    qCWarning(lcProxy) << "Anthropic upstream stream ended before message_stop"
                       << (upstreamEof ? "(EOF)" : "(aborted)");
    failWith({"api_error", "upstream stream ended unexpectedly", 502, {}}, "upstream_cut");
}

void AnthropicStreamObserver::forwardTo(qint64 offset)
{
    const qsizetype count = qsizetype(std::min<qint64>(offset - m_rawBase, m_raw.size()));
    if (count <= 0)
        return;
    m_out.append(m_raw.constData(), count);
    if (sseParser().isFinished() && count == m_raw.size()) {
        // The final event came without its blank line (dispatched at EOF): terminate it so an
        // event appended later (or the client's parser) sees it as complete. A CR-terminated line
        // needs a CR, since an LF after it would only complete the CRLF.
        const char last = m_raw.at(count - 1);
        if (last == '\n')
            m_out.append('\n');
        else if (last == '\r')
            m_out.append('\r');
        else
            m_out.append("\n\n", 2);
    }
    emitted();
    m_raw.remove(0, count);
    m_rawBase += count;
}

void AnthropicStreamObserver::forwardLast(qint64 offset)
{
    forwardTo(offset);
    if (m_out.isEmpty() || m_out.back() != '\r')
        return;
    // The parser ends a line at a CR without waiting for a possible LF; pass that LF on too, now
    // or when it arrives, so the client gets the upstream's bytes exactly.
    if (m_raw.isEmpty())
        m_lfMayFollow = true;
    else if (m_raw.front() == '\n')
        forwardTo(m_rawBase + 1);
}

void AnthropicStreamObserver::handleBytesAfterFinish(const char *data, qsizetype size)
{
    if (m_lfMayFollow && size > 0 && data[0] == '\n')
        m_out.append('\n');
    m_lfMayFollow = false;
}

void AnthropicStreamObserver::discardTo(qint64 offset)
{
    const qsizetype count = qsizetype(std::min<qint64>(offset - m_rawBase, m_raw.size()));
    if (count <= 0)
        return;
    m_raw.remove(0, count);
    m_rawBase += count;
}

} // namespace Switchyard
