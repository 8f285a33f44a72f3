#include "sseparser.h"

#include <algorithm>
#include <cstring>

namespace Switchyard {

namespace {
constexpr char ByteOrderMark[] = "\xEF\xBB\xBF";
// Consumed input is only moved out of the buffer once this much has accumulated, so a stream of
// small events does not memmove on every event.
constexpr size_t CompactThreshold = 4096;
} // namespace

SseParser::SseParser(qsizetype maxEventSize)
    : m_maxEventSize(maxEventSize)
{
}

void SseParser::feed(const char *data, qsizetype size)
{
    if (m_eof || m_error || size <= 0)
        return;
    if (m_pos >= m_buffer.size()) {
        m_base += qint64(m_buffer.size());
        m_buffer.clear();
        m_pos = 0;
    }
    m_buffer.append(data, size_t(size));
}

void SseParser::finish()
{
    m_eof = true;
}

bool SseParser::skipByteOrderMark()
{
    if (m_bomChecked)
        return true;
    const size_t available = std::min<size_t>(m_buffer.size() - m_pos, 3);
    if (std::memcmp(m_buffer.data() + m_pos, ByteOrderMark, available) != 0) {
        m_bomChecked = true;
        return true;
    }
    if (available == 3) {
        m_pos += 3;
        m_bomChecked = true;
        return true;
    }
    if (m_eof) {
        m_bomChecked = true;
        return true;
    }
    return false; // a prefix of the mark so far: wait for the rest
}

bool SseParser::takeLine(std::string_view &line)
{
    if (m_skipLf && m_pos < m_buffer.size()) {
        if (m_buffer[m_pos] == '\n')
            ++m_pos;
        m_skipLf = false;
    }
    const size_t available = m_buffer.size() - m_pos;
    if (available == 0)
        return false;
    const char *begin = m_buffer.data() + m_pos;
    const auto *lf = static_cast<const char *>(std::memchr(begin, '\n', available));
    const size_t searchCr = lf ? size_t(lf - begin) : available;
    const auto *cr = static_cast<const char *>(std::memchr(begin, '\r', searchCr));
    if (cr) {
        // A lone CR ends the line right away; if the LF of a CRLF arrives in a later feed it is
        // skipped then, so CR-only streams are not held back waiting for a byte that never comes.
        line = std::string_view(begin, size_t(cr - begin));
        m_pos += line.size() + 1;
        m_skipLf = true;
        return true;
    }
    if (lf) {
        line = std::string_view(begin, size_t(lf - begin));
        m_pos += line.size() + 1;
        return true;
    }
    if (m_eof) {
        line = std::string_view(begin, available);
        m_pos += available;
        return true;
    }
    return false;
}

void SseParser::processLine(std::string_view line)
{
    if (line.front() == ':') {
        ++m_comments;
        return;
    }
    const size_t colon = line.find(':');
    const std::string_view field = line.substr(0, colon);
    std::string_view value;
    if (colon != std::string_view::npos) {
        value = line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
    }
    if (field == "data") {
        if (m_hasData)
            m_data.push_back('\n');
        m_data.append(value);
        m_hasData = true;
        m_pending = true;
    } else if (field == "event") {
        m_name.assign(value);
        m_pending = true;
    }
    // "id", "retry" and unknown fields carry nothing the proxy uses.
}

void SseParser::dispatch(SseEvent &event)
{
    m_outData.swap(m_data);
    m_outName.swap(m_name);
    m_data.clear();
    m_name.clear();
    event.name = m_outName;
    event.data = m_outData;
    event.hasData = m_hasData;
    m_hasData = false;
    m_pending = false;
    ++m_events;
}

bool SseParser::next(SseEvent &event)
{
    if (m_error || !skipByteOrderMark())
        return false;
    std::string_view line;
    while (takeLine(line)) {
        if (line.empty()) {
            if (m_pending) {
                dispatch(event);
                m_boundary = m_base + qint64(m_pos);
                return true;
            }
        } else {
            processLine(line);
            if (qsizetype(m_data.size() + m_name.size()) > m_maxEventSize) {
                m_error = true;
                return false;
            }
        }
        if (!m_pending)
            m_boundary = m_base + qint64(m_pos);
    }
    if (m_eof) {
        if (m_pending) {
            dispatch(event);
            m_boundary = bytesFed();
            return true;
        }
        return false;
    }
    if (qsizetype(m_buffer.size() - m_pos + m_data.size()) > m_maxEventSize) {
        m_error = true;
        return false;
    }
    compact();
    return false;
}

void SseParser::compact()
{
    if (m_pos >= m_buffer.size()) {
        m_base += qint64(m_buffer.size());
        m_buffer.clear();
        m_pos = 0;
    } else if (m_pos >= CompactThreshold && m_pos * 2 >= m_buffer.size()) {
        m_base += qint64(m_pos);
        m_buffer.erase(0, m_pos);
        m_pos = 0;
    }
}

void SseParser::reset()
{
    m_buffer.clear();
    m_pos = 0;
    m_base = 0;
    m_boundary = 0;
    m_data.clear();
    m_name.clear();
    m_hasData = false;
    m_pending = false;
    m_outData.clear();
    m_outName.clear();
    m_comments = 0;
    m_events = 0;
    m_skipLf = false;
    m_bomChecked = false;
    m_eof = false;
    m_error = false;
}

} // namespace Switchyard
