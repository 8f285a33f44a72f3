#pragma once

// A small streaming JSON writer. The hot path reads requests with simdjson and writes translated
// bodies and SSE payloads through this, so no second DOM (QJsonDocument) is ever built per request.

#include <QByteArray>
#include <QString>
#include <QVarLengthArray>

#include <cstdint>
#include <string_view>

namespace Switchyard {

class JsonWriter
{
public:
    JsonWriter() = default;
    explicit JsonWriter(qsizetype reserve) { m_out.reserve(reserve); }

    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();

    // Object member name; the next value call writes its value.
    JsonWriter &key(std::string_view name);

    JsonWriter &value(std::string_view text); // escaped JSON string
    JsonWriter &value(const QString &text);
    JsonWriter &value(const char *text) { return value(std::string_view(text)); }
    JsonWriter &value(qint64 number);
    JsonWriter &value(int number) { return value(qint64(number)); }
    JsonWriter &value(uint64_t number);
    JsonWriter &value(double number);
    JsonWriter &value(bool flag);
    JsonWriter &null();
    // An already serialised JSON value (object, array, number...), written verbatim.
    JsonWriter &raw(std::string_view json);

    // Shorthands for key(name).value(v).
    template<typename T>
    JsonWriter &field(std::string_view name, const T &v)
    {
        key(name);
        return value(v);
    }
    JsonWriter &rawField(std::string_view name, std::string_view json)
    {
        key(name);
        return raw(json);
    }

    const QByteArray &data() const { return m_out; }
    QByteArray take();
    void clear();
    // Like clear() but keeps the allocated buffer: for one writer reused per event on the hot path.
    void reset()
    {
        m_out.resize(0);
        m_hasElement.clear();
        m_afterKey = false;
    }

    // Appends the JSON string escape of text (without quotes) to out.
    static void appendEscaped(QByteArray &out, std::string_view text);

private:
    void separate();

    QByteArray m_out;
    // One flag per open container: set once it holds an element, so the next one needs a comma.
    QVarLengthArray<bool, 16> m_hasElement;
    bool m_afterKey = false;
};

} // namespace Switchyard
