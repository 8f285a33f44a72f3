#include "jsonwriter.h"

#include <charconv>
#include <cmath>

namespace Switchyard {

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_hasElement.isEmpty()) {
        if (m_hasElement.last())
            m_out.append(',');
        m_hasElement.last() = true;
    }
}

JsonWriter &JsonWriter::beginObject()
{
    separate();
    m_out.append('{');
    m_hasElement.append(false);
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    if (!m_hasElement.isEmpty())
        m_hasElement.removeLast();
    m_out.append('}');
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separate();
    m_out.append('[');
    m_hasElement.append(false);
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    if (!m_hasElement.isEmpty())
        m_hasElement.removeLast();
    m_out.append(']');
    return *this;
}

JsonWriter &JsonWriter::key(std::string_view name)
{
    separate();
    m_out.append('"');
    appendEscaped(m_out, name);
    m_out.append("\":", 2);
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::value(std::string_view text)
{
    separate();
    m_out.append('"');
    appendEscaped(m_out, text);
    m_out.append('"');
    return *this;
}

JsonWriter &JsonWriter::value(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    return value(std::string_view(utf8.constData(), size_t(utf8.size())));
}

JsonWriter &JsonWriter::value(qint64 number)
{
    separate();
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, number);
    m_out.append(buf, res.ptr - buf);
    return *this;
}

JsonWriter &JsonWriter::value(uint64_t number)
{
    separate();
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, number);
    m_out.append(buf, res.ptr - buf);
    return *this;
}

JsonWriter &JsonWriter::value(double number)
{
    separate();
    if (!std::isfinite(number)) {
        // JSON has no NaN/Inf; null is what JSON.stringify writes too.
        m_out.append("null", 4);
        return *this;
    }
    char buf[32];
    // Shortest round-trip form, so 0.2 stays 0.2.
    const auto res = std::to_chars(buf, buf + sizeof buf, number);
    m_out.append(buf, res.ptr - buf);
    return *this;
}

JsonWriter &JsonWriter::value(bool flag)
{
    separate();
    if (flag)
        m_out.append("true", 4);
    else
        m_out.append("false", 5);
    return *this;
}

JsonWriter &JsonWriter::null()
{
    separate();
    m_out.append("null", 4);
    return *this;
}

JsonWriter &JsonWriter::raw(std::string_view json)
{
    separate();
    m_out.append(json.data(), qsizetype(json.size()));
    return *this;
}

QByteArray JsonWriter::take()
{
    QByteArray out = std::move(m_out);
    clear();
    return out;
}

void JsonWriter::clear()
{
    m_out.clear();
    m_hasElement.clear();
    m_afterKey = false;
}

void JsonWriter::appendEscaped(QByteArray &out, std::string_view text)
{
    static const char hex[] = "0123456789abcdef";
    const char *begin = text.data();
    const char *end = begin + text.size();
    const char *run = begin;
    for (const char *p = begin; p != end; ++p) {
        const unsigned char c = static_cast<unsigned char>(*p);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(run, p - run);
        run = p + 1;
        switch (c) {
        case '"':
            out.append("\\\"", 2);
            break;
        case '\\':
            out.append("\\\\", 2);
            break;
        case '\n':
            out.append("\\n", 2);
            break;
        case '\r':
            out.append("\\r", 2);
            break;
        case '\t':
            out.append("\\t", 2);
            break;
        case '\b':
            out.append("\\b", 2);
            break;
        case '\f':
            out.append("\\f", 2);
            break;
        default: {
            const char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
            out.append(esc, 6);
        }
        }
    }
    out.append(run, end - run);
}

} // namespace Switchyard
