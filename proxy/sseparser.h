#pragma once

// Incremental server-sent-events parser for upstream responses (protocols 1.7, last paragraph).
// Bytes are pushed exactly as they came off the socket, split anywhere (even inside a multi-byte
// UTF-8 sequence or between the CR and LF of a line end); complete events are pulled with next().

#include <QtGlobal>

#include <string>
#include <string_view>

namespace Switchyard {

// One dispatched event. The views point into the parser and stay valid until the next call to
// next(), feed(), finish() or reset().
struct SseEvent
{
    std::string_view name; // the "event:" field, empty when the event had none
    std::string_view data; // all "data:" lines joined with '\n'
    bool hasData = false; // at least one data line (data may still be empty)
};

class SseParser
{
public:
    static constexpr qsizetype DefaultMaxEventSize = 64 * 1024 * 1024;

    explicit SseParser(qsizetype maxEventSize = DefaultMaxEventSize);

    // Buffers bytes; nothing is parsed until next() is called.
    void feed(const char *data, qsizetype size);
    // Marks the end of the input: a final line without a line end, and a final event without the
    // blank line after it, are then dispatched by next().
    void finish();
    // Extracts the next complete event. Returns false when no complete event is buffered (or after
    // an error).
    bool next(SseEvent &event);

    // An event grew beyond the size limit; the parser stops producing events.
    bool hasError() const { return m_error; }
    bool isFinished() const { return m_eof; }
    // Comment lines (": keep-alive") seen so far.
    qint64 commentCount() const { return m_comments; }
    qint64 eventCount() const { return m_events; }
    // Total bytes fed.
    qint64 bytesFed() const { return m_base + qint64(m_buffer.size()); }
    // Stream offset up to which the input consists only of complete events and comments: bytes
    // inserted there (a ping event) cannot end up inside another event.
    qint64 boundaryOffset() const { return m_boundary; }

    void reset();

private:
    bool skipByteOrderMark();
    bool takeLine(std::string_view &line);
    void processLine(std::string_view line);
    void dispatch(SseEvent &event);
    void compact();

    qsizetype m_maxEventSize;
    std::string m_buffer; // unparsed input starts at m_pos
    size_t m_pos = 0;
    qint64 m_base = 0; // stream offset of m_buffer[0]
    qint64 m_boundary = 0;

    // The event being assembled.
    std::string m_data;
    std::string m_name;
    bool m_hasData = false;
    bool m_pending = false; // a data or event field was seen since the last dispatch

    // The event last returned by next(); swapped with the ones above so capacity is reused.
    std::string m_outData;
    std::string m_outName;

    qint64 m_comments = 0;
    qint64 m_events = 0;
    bool m_skipLf = false; // the previous line ended in CR: a following LF belongs to it
    bool m_bomChecked = false;
    bool m_eof = false;
    bool m_error = false;
};

} // namespace Switchyard
