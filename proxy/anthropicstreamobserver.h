#pragma once

// Anthropic upstream -> Anthropic client: the bytes go through unchanged, but the events are parsed
// on the side for the usage record (message_start / message_delta usage, stop_reason, time to first
// token) and for the two things a blind pipe gets wrong: an error before the first event (the
// caller can still fail over, so nothing is forwarded before message_start) and a cut stream (EOF
// without message_stop gets an error event appended, so Claude Code retries instead of taking a
// truncated answer as complete).
//
// output() holds the upstream bytes up to the end of the last complete event; a partial event is
// held back until its blank line arrives, so keepAlive() and a closing error event can never land
// inside an upstream event.

#include "streamcodec.h"

namespace Switchyard {

class AnthropicStreamObserver final : public StreamCodec
{
public:
    AnthropicStreamObserver();
    ~AnthropicStreamObserver() override;

    const QByteArray &messageId() const { return m_messageId; }
    // The model the upstream reported in message_start.
    const QByteArray &upstreamModel() const { return m_model; }

protected:
    void handleEvent(const SseEvent &event) override;
    void handleEnd(bool upstreamEof) override;
    void handleRawBytes(const char *data, qsizetype size) override;
    void handleBytesAfterFinish(const char *data, qsizetype size) override;
    std::string_view pingFrame() const override;
    void appendErrorFrame(QByteArray &out, std::string_view errorType,
                          std::string_view message) const override;

private:
    void observe(std::string_view type, const simdjson::dom::element &event);
    // Moves the raw bytes before the stream offset out: to output(), or nowhere.
    void forwardTo(qint64 offset);
    // The last event before the end: also forwards the LF of a CRLF that ends it.
    void forwardLast(qint64 offset);
    void discardTo(qint64 offset);

    QByteArray m_raw; // upstream bytes not forwarded yet
    qint64 m_rawBase = 0; // stream offset of m_raw[0]
    bool m_lfMayFollow = false; // finished on a CR: the LF of that CRLF is still to come
    QByteArray m_messageId;
    QByteArray m_model;
};

} // namespace Switchyard
