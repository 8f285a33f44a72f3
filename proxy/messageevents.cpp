#include "messageevents.h"

#include "codecjson.h"
#include "ssewriter.h"

#include <simdjson.h>

namespace Switchyard::MessageEvents {

using namespace CodecJson;

namespace {

class Emitter
{
public:
    explicit Emitter(QByteArray *out)
        : m_out(out)
    {
    }

    JsonWriter &begin(std::string_view type)
    {
        m_json.reset();
        m_json.beginObject().field("type", type);
        return m_json;
    }
    void send(std::string_view type)
    {
        m_json.endObject();
        const QByteArray &data = m_json.data();
        Sse::appendEvent(*m_out, type, std::string_view(data.constData(), size_t(data.size())));
    }
    void delta(int index, std::string_view deltaType, std::string_view field, std::string_view text)
    {
        JsonWriter &w = begin("content_block_delta");
        w.field("index", index);
        w.key("delta").beginObject().field("type", deltaType).field(field, text).endObject();
        send("content_block_delta");
    }

private:
    QByteArray *m_out;
    JsonWriter m_json {512};
};

void writeBlockStart(JsonWriter &w, const Element &block, std::string_view type)
{
    w.key("content_block").beginObject().field("type", type);
    if (type == "text") {
        w.field("text", "");
    } else if (type == "thinking") {
        w.field("thinking", "");
    } else {
        w.field("id", stringOr(block, "id"));
        w.field("name", stringOr(block, "name"));
        w.key("input").beginObject().endObject();
    }
    w.endObject();
}

} // namespace

bool toSse(const simdjson::dom::element &message, QByteArray *out)
{
    if (!message.is_object())
        return false;
    Element content;
    if (!member(message, "content", &content) || !content.is_array())
        return false;
    Emitter e(out);

    JsonWriter &start = e.begin("message_start");
    start.key("message").beginObject();
    start.field("id", stringOr(message, "id"));
    start.field("type", "message");
    start.field("role", stringOr(message, "role", "assistant"));
    start.field("model", stringOr(message, "model"));
    start.key("content").beginArray().endArray();
    start.key("stop_reason").null();
    start.key("stop_sequence").null();
    const auto usage = present(message, "usage");
    if (usage) {
        start.key("usage");
        writeRaw(start, *usage);
    } else {
        start.rawField("usage", R"({"input_tokens":0,"output_tokens":0})");
    }
    start.endObject();
    e.send("message_start");

    int index = 0;
    for (Element block : content.get_array()) {
        if (!block.is_object())
            continue;
        const std::string_view type = stringOr(block, "type");
        const bool text = type == "text";
        const bool thinking = type == "thinking";
        const bool toolLike = type == "tool_use" || type == "server_tool_use";
        JsonWriter &w = e.begin("content_block_start");
        w.field("index", index);
        if (text || thinking || toolLike) {
            writeBlockStart(w, block, type);
        } else {
            w.key("content_block");
            writeRaw(w, block);
        }
        e.send("content_block_start");

        if (text) {
            if (const std::string_view t = stringOr(block, "text"); !t.empty())
                e.delta(index, "text_delta", "text", t);
        } else if (thinking) {
            if (const std::string_view t = stringOr(block, "thinking"); !t.empty())
                e.delta(index, "thinking_delta", "thinking", t);
            if (const std::string_view s = stringOr(block, "signature"); !s.empty())
                e.delta(index, "signature_delta", "signature", s);
        } else if (toolLike) {
            Element input;
            if (member(block, "input", &input) && input.is_object()) {
                const std::string json = simdjson::minify(input);
                e.delta(index, "input_json_delta", "partial_json", json);
            }
        }
        JsonWriter &stop = e.begin("content_block_stop");
        stop.field("index", index);
        e.send("content_block_stop");
        ++index;
    }

    JsonWriter &delta = e.begin("message_delta");
    delta.key("delta").beginObject();
    const std::string_view stopReason = stringOr(message, "stop_reason", "end_turn");
    delta.field("stop_reason", stopReason.empty() ? std::string_view("end_turn") : stopReason);
    if (const auto sequence = stringMember(message, "stop_sequence"))
        delta.field("stop_sequence", *sequence);
    else
        delta.key("stop_sequence").null();
    delta.endObject();
    if (usage) {
        delta.key("usage");
        writeRaw(delta, *usage);
    } else {
        delta.rawField("usage", R"({"output_tokens":0})");
    }
    e.send("message_delta");

    e.begin("message_stop");
    e.send("message_stop");
    return true;
}

} // namespace Switchyard::MessageEvents
