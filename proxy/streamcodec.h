#pragma once

// Common shape of the streaming translators (protocols 4.3, 4.6) and the Anthropic pass-through
// observer: upstream SSE bytes are pushed in exactly as they arrive, client bytes come out in
// output(), and the result (usage, stop reason, time to first token, error) is read at the end.
//
//   codec.feed(bytes);            // any split; call for every upstream read
//   socket.write(codec.output()); codec.clearOutput();
//   ...
//   codec.finish();               // upstream EOF (or fail(type, message) on a transport error)
//
// output() only ever holds whole events, so the caller may write keepAlive() between two drains.
// Nothing is emitted until the upstream produced its first real event: an upstream error or an
// empty stream before that leaves output() empty and the codec in state Failed with
// hasEmittedAnything() == false, so the caller can still retry, fail over or answer with an HTTP
// error (protocols 8, commit point).
//
// Not thread-safe; one instance per upstream attempt, used on the proxy thread only.

#include "jsonwriter.h"
#include "protocolcommon.h"
#include "sseparser.h"

#include <QByteArray>

#include <functional>
#include <memory>
#include <string_view>

namespace simdjson::dom {
class element;
class parser;
} // namespace simdjson::dom

namespace Switchyard {

// An upstream failure reported to the caller instead of (or in addition to) an error event.
struct UpstreamStreamError
{
    QByteArray type; // Anthropic error type: overloaded_error, rate_limit_error, api_error, ...
    QByteArray message;
    int httpStatus = 0; // what an HTTP-level answer would use; also input for failover classification
    QByteArray raw; // the upstream's error JSON when there was one (for the router's classifier)

    bool isNull() const { return type.isEmpty(); }
};

class StreamCodec
{
public:
    enum class State
    {
        Waiting, // nothing emitted yet
        Streaming, // committed: the client has (or will get) this upstream's response
        Completed, // the stream ended normally
        Failed, // ended with an error: an error event was emitted, or (before start) nothing was
    };

    virtual ~StreamCodec();
    Q_DISABLE_COPY_MOVE(StreamCodec)

    void feed(const char *data, qsizetype size);
    void feed(const QByteArray &data) { feed(data.constData(), data.size()); }
    // The upstream body ended. upstreamEof = true for a normal close of the connection or body;
    // false when the body ended abnormally without a more precise error (treated as a cut stream).
    // A body that held no event but a JSON error object ({"error":{...}}, or Anthropic's
    // {"type":"error",...}) fails before the start with that error.
    void finish(bool upstreamEof = true);
    // Transport error or idle timeout: after the start an error event (errorType, message) closes
    // the stream; before it nothing is emitted and upstreamError() describes the failure.
    void fail(std::string_view errorType, std::string_view message,
              std::string_view errorClass = "transport");

    // Bytes for the client. Only whole events; drain after every feed()/finish()/fail().
    const QByteArray &output() const { return m_out; }
    void clearOutput() { m_out.resize(0); } // keeps the buffer's capacity
    QByteArray takeOutput();

    State state() const { return m_state; }
    bool hasStarted() const { return m_started; }
    bool hasEmittedAnything() const { return m_emitted; }
    bool isFinished() const { return m_state == State::Completed || m_state == State::Failed; }
    // Failed before anything reached the client: retry / fail over / HTTP error are still possible.
    bool failedBeforeStart() const { return m_state == State::Failed && !m_emitted; }
    // Set whenever the stream failed because of the upstream (error chunk or event, empty or cut
    // stream, transport failure passed to fail()).
    const UpstreamStreamError &upstreamError() const { return m_upstreamError; }
    // For UsageRecord::errorClass: "" on success, else "upstream_error", "upstream_cut",
    // "empty_response", "event_too_large", "tool_args_whitespace" or fail()'s errorClass.
    const QByteArray &errorClass() const { return m_errorClass; }

    // Final usage in Anthropic terms. present == false when the upstream reported none (the values
    // are then the local input estimate, if any).
    const Wire::TokenUsage &usage() const { return m_usage; }
    // Anthropic stop_reason of the response ("end_turn", "tool_use", ...), empty until known.
    const QByteArray &stopReason() const { return m_stopReason; }
    // OpenAI finish_reason of a stream with an OpenAI side: the one received from an OpenAI
    // upstream, or the one sent to an OpenAI client; empty until known (and always for the
    // Anthropic pass-through).
    const QByteArray &finishReason() const { return m_finishReason; }

    // Time to first token: set (and the callback invoked once, from inside feed()) when the first
    // content block or content delta is emitted to the client.
    bool firstContentSeen() const { return m_firstContentSeen; }
    void setFirstContentCallback(std::function<void()> callback) { m_onFirstContent = std::move(callback); }

    // The keep-alive frame for this output format (protocols 2.7), or empty when the stream is
    // finished and nothing may be written any more. Always between events, because output() never
    // holds a partial one; allowed before the first event too.
    QByteArray keepAlive() const;
    // An error event in this codec's output format, for a caller that has already sent headers (and
    // pings) when the codec failed before its start.
    QByteArray errorFrame(std::string_view errorType, std::string_view message) const;

    // Upstream SSE comments seen (providers' own keep-alives).
    qint64 upstreamComments() const { return m_sse.commentCount(); }
    // Upstream bytes fed so far.
    qint64 upstreamBytes() const { return m_sse.bytesFed(); }

protected:
    StreamCodec();

    // One upstream event; not called once the codec is finished.
    virtual void handleEvent(const SseEvent &event) = 0;
    // The upstream ended (finish()) and the codec is not finished yet.
    virtual void handleEnd(bool upstreamEof) = 0;
    // Raw upstream bytes, before they are parsed (the pass-through observer keeps them).
    virtual void handleRawBytes(const char *data, qsizetype size);
    // Bytes fed after the codec finished (normally ignored).
    virtual void handleBytesAfterFinish(const char *data, qsizetype size);
    virtual std::string_view pingFrame() const = 0;
    virtual void appendErrorFrame(QByteArray &out, std::string_view errorType,
                                  std::string_view message) const = 0;

    // One parser reused for every event of the stream, so its buffers are allocated once.
    simdjson::dom::parser &jsonParser() { return *m_json; }
    // The scratch writer for one payload, emptied (capacity kept), and what was written to it.
    JsonWriter &payload();
    const QByteArray &payloadBytes() const { return m_payload.data(); }
    static std::string_view view(const QByteArray &bytes)
    {
        return std::string_view(bytes.constData(), size_t(bytes.size()));
    }
    const SseParser &sseParser() const { return m_sse; }

    void markStarted();
    void markFirstContent();
    void emitted() { m_emitted = true; }
    void complete(std::string_view stopReason);
    enum class Frame
    {
        Emit, // write an error frame when the stream has started
        AlreadyForwarded, // the upstream's own error event went through unchanged
    };
    // Ends the stream: after the start with an error frame of frameType (default error.type),
    // before it only by recording the error for the caller.
    void failWith(UpstreamStreamError error, std::string_view errorClass, std::string_view frameType = {},
                  Frame frame = Frame::Emit);
    // Logs one unparsable upstream event per stream (a broken provider should not flood the log).
    void warnBadEvent(std::string_view what, std::string_view data);

    QByteArray m_out;
    Wire::TokenUsage m_usage;
    QByteArray m_stopReason;
    QByteArray m_finishReason;

private:
    void drainEvents();
    bool failFromPlainBody();

    SseParser m_sse;
    std::unique_ptr<simdjson::dom::parser> m_json;
    JsonWriter m_payload;
    // The first bytes, kept until the first event: a 200 answer that is a plain JSON error body
    // instead of a stream (protocols 8) is recognised at the end.
    QByteArray m_preamble;
    State m_state = State::Waiting;
    UpstreamStreamError m_upstreamError;
    QByteArray m_errorClass;
    std::function<void()> m_onFirstContent;
    bool m_started = false;
    bool m_emitted = false;
    bool m_firstContentSeen = false;
    bool m_warnedBadEvent = false;
};

// The frames a codec writes on its own (keep-alive, error event) depend only on the client's wire
// format: the codecs for one format derive from one of these instead of each repeating the same
// pingFrame()/appendErrorFrame() overrides.
class AnthropicOutputStream : public StreamCodec
{
protected:
    std::string_view pingFrame() const final;
    void appendErrorFrame(QByteArray &out, std::string_view errorType, std::string_view message) const final;
};

class OpenAIOutputStream : public StreamCodec
{
protected:
    std::string_view pingFrame() const final;
    void appendErrorFrame(QByteArray &out, std::string_view errorType, std::string_view message) const final;
};

namespace StreamErrors {
// HTTP status an Anthropic error type stands for (overloaded_error 529, rate_limit_error 429, ...).
int httpStatusForAnthropicType(std::string_view errorType);
// The type for an error event once the response is committed: only errors Claude Code retries
// make sense mid-stream, so everything transient reads as overloaded_error, the rest as api_error.
std::string_view midStreamType(const UpstreamStreamError &error);
// An OpenAI-style error value ({"message","type","code"} object, or a bare string) sent inside a
// 200 stream (protocols 3.4, 8): numeric codes are HTTP statuses, otherwise the words decide.
UpstreamStreamError fromOpenAIError(const simdjson::dom::element &error, std::string_view raw);
// An Anthropic error event's inner object {"type","message"} (protocols 1.7, 1.8).
UpstreamStreamError fromAnthropicError(const simdjson::dom::element &error, std::string_view raw);
} // namespace StreamErrors

} // namespace Switchyard
