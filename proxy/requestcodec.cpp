#include "requestcodec.h"

#include "codecjson.h"
#include "jsonwriter.h"
#include "logging.h"
#include "protocolcommon.h"

#include <QList>
#include <QSet>

namespace Switchyard::RequestCodec {

using namespace CodecJson;

namespace {

constexpr std::string_view redactedReasoningPlaceholder = "(reasoning redacted)";

// Collects the first validation failure as a client-facing message; every converter returns false
// right after calling fail(), so the partial output is discarded by the caller.
struct Errors
{
    QString *target = nullptr;

    bool fail(const QString &message) const
    {
        if (target)
            *target = message;
        return false;
    }
};

QString at(const char *path, qsizetype index)
{
    return QString::fromLatin1(path).arg(index);
}

QString at(const char *path, qsizetype index, qsizetype inner)
{
    return QString::fromLatin1(path).arg(index).arg(inner);
}

QByteArray dataUrl(std::string_view mediaType, std::string_view data)
{
    QByteArray url;
    url.reserve(qsizetype(mediaType.size() + data.size()) + 13);
    url.append("data:");
    url.append(mediaType.data(), qsizetype(mediaType.size()));
    url.append(";base64,");
    url.append(data.data(), qsizetype(data.size()));
    return url;
}

// Tool parameters / input_schema: copied through except the top-level "$schema" (OpenAI and strict
// compatibles reject it), with type:"object" and properties guaranteed (protocols 4.10 #21).
void writeObjectSchema(JsonWriter &w, const std::optional<Element> &schema)
{
    w.beginObject();
    bool hasType = false;
    bool hasProperties = false;
    if (schema && schema->is_object()) {
        for (const auto field : simdjson::dom::object(*schema)) {
            if (field.key == "$schema")
                continue;
            hasType = hasType || field.key == "type";
            hasProperties = hasProperties || field.key == "properties";
            w.key(field.key);
            writeRaw(w, field.value);
        }
    }
    if (!hasType)
        w.field("type", "object");
    if (!hasProperties)
        w.key("properties").beginObject().endObject();
    w.endObject();
}

// What both request converters share: the route's options, the first error, and the checks that
// read the same in either direction (only what gets written differs).
class Converter
{
public:
    Converter(const CodecOptions &options, QString *error)
        : m_options(options)
        , m_errors {error}
    {
    }

protected:
    // The body must be an object; the model sent upstream is the route's upstream model name when
    // it has one, else the client's.
    bool requestModel(const Element &request, std::string_view *model) const
    {
        if (!request.is_object())
            return m_errors.fail(QStringLiteral("request body: expected a JSON object"));
        *model = std::string_view(m_options.targetModel.constData(), size_t(m_options.targetModel.size()));
        if (!model->empty())
            return true;
        const auto requested = stringMember(request, "model");
        if (!requested)
            return m_errors.fail(QStringLiteral("model: expected a string"));
        *model = *requested;
        return true;
    }

    // temperature and top_p, when present, must be numbers; write(name, value) decides what the
    // upstream gets.
    template<typename Write>
    bool samplingParams(const Element &request, Write write) const
    {
        for (const char *name : {"temperature", "top_p"}) {
            const auto value = present(request, name);
            if (!value)
                continue;
            if (!isNumber(*value))
                return m_errors.fail(QString::fromLatin1(name) + QStringLiteral(": expected a number"));
            write(name, toDouble(*value));
        }
        return true;
    }

    const CodecOptions &m_options;
    Errors m_errors;
};

// =============================================================================================
// Anthropic -> OpenAI
// =============================================================================================

struct OAPart
{
    enum Kind
    {
        Text,
        ImageUrl,
        File,
    };
    Kind kind = Text;
    QByteArray text; // text, image URL or file data URL
    QByteArray filename;
};

struct OAToolCall
{
    QByteArray id;
    QByteArray name;
    std::string arguments;
};

struct OAMessage
{
    enum Role
    {
        System,
        User,
        Assistant,
        Tool,
    };
    Role role = User;
    bool midSystem = false; // role:"system" message that followed other messages
    QList<OAPart> parts; // user
    QByteArray text; // system, tool, assistant
    bool hasText = false; // assistant: false -> content null
    QList<OAToolCall> toolCalls;
    QByteArray reasoning;
    bool hasReasoning = false;
    QByteArray toolCallId;
};

class AnthropicToOpenAI : Converter
{
public:
    using Converter::Converter;
    bool run(const Element &request, QByteArray *out);

private:
    bool convertSystem(const Element &request, QByteArray *systemText);
    bool systemText(const Element &content, QByteArray *text, bool stripBilling, const QString &where);
    bool convertMessage(const Element &message, qsizetype index);
    bool convertUser(const Element &content, qsizetype index);
    bool convertAssistant(const Element &content, qsizetype index);
    template<typename Handle>
    bool forEachBlock(const Element &content, qsizetype index, Handle handle);
    bool mediaPart(const Element &block, std::string_view type, QList<OAPart> *parts, const QString &where);
    bool toolResult(const Element &block, QList<OAPart> *media, const QString &where);
    void pairToolMessages();
    void placeMidSystemMessages(OAMessage *leading);
    bool convertTools(const Element &request, JsonWriter *tools, int *count,
                      std::optional<Element> *webSearchTool);
    bool writeToolChoice(JsonWriter &w, const Element &request, int toolCount, bool *disableParallel);
    bool reasoningEffort(const Element &request, std::string_view *effort);
    void writeMessage(JsonWriter &w, const OAMessage &m) const;
    QByteArray upstreamId(std::string_view id) const;
    QByteArray outboundName(std::string_view name) const;

    QList<OAMessage> m_messages;
    QSet<QByteArray> m_functionNames; // outbound names of the tools actually sent
    bool m_seenNonSystem = false;
};

QByteArray AnthropicToOpenAI::upstreamId(std::string_view id) const
{
    return m_options.toolNames ? m_options.toolNames->upstreamToolId(id) : bytes(id);
}

QByteArray AnthropicToOpenAI::outboundName(std::string_view name) const
{
    return m_options.toolNames ? m_options.toolNames->registerToolName(name) : Wire::outboundToolName(name);
}

bool AnthropicToOpenAI::systemText(const Element &content, QByteArray *text, bool stripBilling,
                                   const QString &where)
{
    if (content.is_string()) {
        std::string_view s = std::string_view(content);
        if (stripBilling)
            s = Wire::stripBillingHeader(s);
        text->append(s.data(), qsizetype(s.size()));
        return true;
    }
    if (!content.is_array())
        return m_errors.fail(where + QStringLiteral(": expected a string or an array of text blocks"));
    bool first = true;
    qsizetype i = 0;
    for (const Element block : simdjson::dom::array(content)) {
        const auto blockText = stringMember(block, "text");
        if (!block.is_object() || (stringOr(block, "type", "text") == "text" && !blockText))
            return m_errors.fail(where + at("[%1]: expected a text block", i));
        ++i;
        if (!blockText)
            continue;
        std::string_view s = *blockText;
        // Claude Code's attribution line changes on every request; forwarded it defeats the
        // upstream's prefix cache (protocols 2.8 #1).
        if (stripBilling && first)
            s = Wire::stripBillingHeader(s);
        first = false;
        if (s.empty())
            continue;
        if (!text->isEmpty())
            text->append("\n\n");
        text->append(s.data(), qsizetype(s.size()));
    }
    return true;
}

bool AnthropicToOpenAI::convertSystem(const Element &request, QByteArray *text)
{
    const auto system = present(request, "system");
    if (!system)
        return true;
    return systemText(*system, text, true, QStringLiteral("system"));
}

bool AnthropicToOpenAI::mediaPart(const Element &block, std::string_view type, QList<OAPart> *parts,
                                  const QString &where)
{
    Element source;
    if (!member(block, "source", &source) || !source.is_object())
        return m_errors.fail(where + QStringLiteral(".source: expected an object"));
    const std::string_view sourceType = stringOr(source, "type");
    if (type == "image") {
        if (sourceType == "base64") {
            const auto mediaType = stringMember(source, "media_type");
            const auto data = stringMember(source, "data");
            if (!mediaType || !data)
                return m_errors.fail(where + QStringLiteral(".source: media_type and data must be strings"));
            parts->append({OAPart::ImageUrl, dataUrl(*mediaType, *data), {}});
        } else if (sourceType == "url") {
            const auto url = stringMember(source, "url");
            if (!url)
                return m_errors.fail(where + QStringLiteral(".source.url: expected a string"));
            parts->append({OAPart::ImageUrl, bytes(*url), {}});
        } else {
            qCWarning(lcProxy) << "image source type" << bytes(sourceType)
                               << "cannot be sent upstream; dropped";
        }
        return true;
    }
    // document
    const std::string_view title = stringOr(block, "title");
    if (sourceType == "base64") {
        const auto mediaType = stringMember(source, "media_type");
        const auto data = stringMember(source, "data");
        if (!mediaType || !data)
            return m_errors.fail(where + QStringLiteral(".source: media_type and data must be strings"));
        parts->append({OAPart::File, dataUrl(*mediaType, *data),
                       title.empty() ? QByteArrayLiteral("document.pdf") : bytes(title)});
    } else if (sourceType == "text") {
        const auto data = stringMember(source, "data");
        if (!data)
            return m_errors.fail(where + QStringLiteral(".source.data: expected a string"));
        if (!isBlank(*data))
            parts->append({OAPart::Text, bytes(*data), {}});
    } else if (sourceType == "content") {
        const auto content = present(source, "content");
        if (content && content->is_string()) {
            if (!isBlank(std::string_view(*content)))
                parts->append({OAPart::Text, bytes(std::string_view(*content)), {}});
        } else if (content && content->is_array()) {
            qsizetype i = 0;
            for (const Element inner : simdjson::dom::array(*content)) {
                const std::string_view innerType = stringOr(inner, "type");
                if (innerType == "text") {
                    const std::string_view t = stringOr(inner, "text");
                    if (!isBlank(t))
                        parts->append({OAPart::Text, bytes(t), {}});
                } else if (innerType == "image") {
                    if (!mediaPart(inner, innerType, parts, where + at(".source.content[%1]", i)))
                        return false;
                }
                ++i;
            }
        }
    } else if (sourceType == "url") {
        // Chat Completions has no URL form for files: tell the model where the document is.
        QByteArray note("[Document: ");
        note.append(bytes(stringOr(source, "url")));
        note.append(']');
        parts->append({OAPart::Text, note, {}});
    } else {
        qCWarning(lcProxy) << "document source type" << bytes(sourceType)
                           << "cannot be sent upstream; dropped";
    }
    return true;
}

bool AnthropicToOpenAI::toolResult(const Element &block, QList<OAPart> *media, const QString &where)
{
    const auto toolUseId = stringMember(block, "tool_use_id");
    if (!toolUseId)
        return m_errors.fail(where + QStringLiteral(".tool_use_id: expected a string"));
    OAMessage tool;
    tool.role = OAMessage::Tool;
    tool.toolCallId = upstreamId(*toolUseId);
    QByteArray text;
    const auto content = present(block, "content");
    if (content && content->is_string()) {
        text = bytes(std::string_view(*content));
    } else if (content && content->is_array()) {
        qsizetype i = 0;
        for (const Element inner : simdjson::dom::array(*content)) {
            if (!inner.is_object())
                return m_errors.fail(where + at(".content[%1]: expected an object", i));
            const std::string_view innerType = stringOr(inner, "type");
            std::string_view piece;
            if (innerType == "text") {
                const auto t = stringMember(inner, "text");
                if (!t)
                    return m_errors.fail(where + at(".content[%1].text: expected a string", i));
                piece = *t;
            } else if (innerType == "image" || innerType == "document") {
                // A tool message carries text only: media goes to a user message after the tool
                // messages (protocols 4.1 step 2).
                if (!mediaPart(inner, innerType, media, where + at(".content[%1]", i)))
                    return false;
            } else if (innerType == "search_result") {
                piece = stringOr(inner, "title");
            }
            if (!piece.empty()) {
                if (!text.isEmpty())
                    text.append('\n');
                text.append(piece.data(), qsizetype(piece.size()));
            }
            ++i;
        }
    } else if (content) {
        return m_errors.fail(where + QStringLiteral(".content: expected a string or an array"));
    }
    if (text.isEmpty())
        text = QByteArrayLiteral("(no output)");
    // OpenAI has no error flag; without the prefix the model cannot tell a failure (4.10 #11).
    if (boolOr(block, "is_error", false))
        text.prepend("Error: ");
    tool.text = text;
    m_messages.append(tool);
    return true;
}

// Walks the content blocks of messages[index] (an array) with the checks every user and assistant
// block gets: an object with a string type, and a string text when it is a text block.
// handle(block, type, where) returns false to stop after recording an error.
template<typename Handle>
bool AnthropicToOpenAI::forEachBlock(const Element &content, qsizetype index, Handle handle)
{
    qsizetype j = 0;
    for (const Element block : simdjson::dom::array(content)) {
        const QString where = at("messages[%1].content[%2]", index, j++);
        if (!block.is_object())
            return m_errors.fail(where + QStringLiteral(": expected an object"));
        const auto type = stringMember(block, "type");
        if (!type)
            return m_errors.fail(where + QStringLiteral(".type: expected a string"));
        if (*type == "text" && !stringMember(block, "text"))
            return m_errors.fail(where + QStringLiteral(".text: expected a string"));
        if (!handle(block, *type, where))
            return false;
    }
    return true;
}

bool AnthropicToOpenAI::convertUser(const Element &content, qsizetype index)
{
    OAMessage user;
    user.role = OAMessage::User;
    if (content.is_string()) {
        const std::string_view s(content);
        if (!s.empty())
            user.parts.append({OAPart::Text, bytes(s), {}});
    } else {
        QList<OAPart> toolMedia;
        const bool converted = forEachBlock(
            content, index, [&](const Element &block, std::string_view type, const QString &where) {
                if (type == "text") {
                    const std::string_view text = stringOr(block, "text");
                    if (!isBlank(text))
                        user.parts.append({OAPart::Text, bytes(text), {}});
                } else if (type == "image" || type == "document") {
                    return mediaPart(block, type, &user.parts, where);
                } else if (type == "tool_result") {
                    // Tool messages go first, before any user text of the turn (4.10 #6).
                    return toolResult(block, &toolMedia, where);
                } else if (type == "search_result") {
                    QByteArray text = bytes(stringOr(block, "title"));
                    Element inner;
                    if (member(block, "content", &inner) && inner.is_array()) {
                        for (const Element t : simdjson::dom::array(inner)) {
                            text.append('\n');
                            text.append(bytes(stringOr(t, "text")));
                        }
                    }
                    if (!isBlank(std::string_view(text.constData(), size_t(text.size()))))
                        user.parts.append({OAPart::Text, text, {}});
                }
                return true;
            });
        if (!converted)
            return false;
        user.parts = toolMedia + user.parts;
    }
    if (!user.parts.isEmpty())
        m_messages.append(user);
    return true;
}

bool AnthropicToOpenAI::convertAssistant(const Element &content, qsizetype index)
{
    OAMessage assistant;
    assistant.role = OAMessage::Assistant;
    if (content.is_string()) {
        const std::string_view s(content);
        assistant.text = bytes(s);
        assistant.hasText = !s.empty();
    } else {
        bool redacted = false;
        const bool converted = forEachBlock(
            content, index, [&](const Element &block, std::string_view type, const QString &where) {
                if (type == "text") {
                    assistant.text.append(bytes(stringOr(block, "text")));
                } else if (type == "tool_use") {
                    const auto id = stringMember(block, "id");
                    const auto name = stringMember(block, "name");
                    if (!id || !name)
                        return m_errors.fail(where + QStringLiteral(": tool_use needs string id and name"));
                    const auto input = present(block, "input");
                    if (input && !input->is_object())
                        return m_errors.fail(where + QStringLiteral(".input: expected an object"));
                    assistant.toolCalls.append({upstreamId(*id), outboundName(*name),
                                                input ? simdjson::minify(*input) : std::string("{}")});
                } else if (type == "thinking") {
                    const std::string_view thinking = stringOr(block, "thinking");
                    if (!thinking.empty()) {
                        if (!assistant.reasoning.isEmpty())
                            assistant.reasoning.append('\n');
                        assistant.reasoning.append(thinking.data(), qsizetype(thinking.size()));
                    } else {
                        redacted = true;
                    }
                } else if (type == "redacted_thinking") {
                    redacted = true;
                }
                // server_tool_use / web_search_tool_result: results of searches the upstream cannot see
                // or replay; dropped (protocols 4.1).
                return true;
            });
        if (!converted)
            return false;
        if (m_options.reasoningRoundTrip) {
            // DeepSeek-style thinking modes insist on non-empty reasoning for earlier turns.
            if (assistant.reasoning.isEmpty() && redacted)
                assistant.reasoning = bytes(redactedReasoningPlaceholder);
            assistant.hasReasoning = !assistant.reasoning.isEmpty();
        }
        // Pure tool-call turns carry content null, as OpenAI itself produces them.
        const std::string_view text(assistant.text.constData(), size_t(assistant.text.size()));
        assistant.hasText = !assistant.text.isEmpty() && !(isBlank(text) && !assistant.toolCalls.isEmpty());
    }
    if (assistant.hasText || !assistant.toolCalls.isEmpty() || assistant.hasReasoning)
        m_messages.append(assistant);
    return true;
}

bool AnthropicToOpenAI::convertMessage(const Element &message, qsizetype index)
{
    if (!message.is_object())
        return m_errors.fail(at("messages[%1]: expected an object", index));
    const auto role = stringMember(message, "role");
    if (!role)
        return m_errors.fail(at("messages[%1].role: expected a string", index));
    Element content;
    if (!member(message, "content", &content) || !(content.is_string() || content.is_array()))
        return m_errors.fail(at("messages[%1].content: expected a string or an array", index));
    if (*role == "system") {
        // Claude Code's mid-conversation system message (Appendix C.3); extra keys such as
        // output_config are ignored.
        OAMessage system;
        system.role = OAMessage::System;
        system.midSystem = m_seenNonSystem;
        if (!systemText(content, &system.text, false, at("messages[%1].content", index)))
            return false;
        if (!system.text.isEmpty())
            m_messages.append(system);
        return true;
    }
    m_seenNonSystem = true;
    if (*role == "user")
        return convertUser(content, index);
    if (*role == "assistant")
        return convertAssistant(content, index);
    return m_errors.fail(at("messages[%1].role: must be \"user\", \"assistant\" or \"system\"", index));
}

// Every assistant tool call needs exactly one tool message before the next non-tool message
// (protocols 4.1 "Validate at the end"): results arrive in completion order (kept, any order is
// fine), system messages that sit between the call and its results move after them, missing results
// of an interrupted turn become "(interrupted)", and results nobody asked for become user text.
void AnthropicToOpenAI::pairToolMessages()
{
    auto orphanAsUser = [](const OAMessage &tool) {
        OAMessage user;
        user.role = OAMessage::User;
        QByteArray text("Result of tool call ");
        text.append(tool.toolCallId);
        text.append(":\n");
        text.append(tool.text);
        user.parts.append({OAPart::Text, text, {}});
        return user;
    };
    QList<OAMessage> result;
    result.reserve(m_messages.size());
    for (qsizetype i = 0; i < m_messages.size();) {
        const OAMessage &m = m_messages.at(i);
        if (m.role == OAMessage::Tool) {
            qCWarning(lcProxy) << "tool_result for" << m.toolCallId
                               << "has no matching tool_use; sent as user text";
            result.append(orphanAsUser(m));
            ++i;
            continue;
        }
        result.append(m);
        ++i;
        if (m.role != OAMessage::Assistant || m.toolCalls.isEmpty())
            continue;
        QSet<QByteArray> pending;
        for (const OAToolCall &call : m.toolCalls)
            pending.insert(call.id);
        QList<OAMessage> held;
        const QList<OAToolCall> calls = m.toolCalls;
        while (i < m_messages.size()
               && (m_messages.at(i).role == OAMessage::Tool || m_messages.at(i).role == OAMessage::System)) {
            const OAMessage &next = m_messages.at(i++);
            if (next.role == OAMessage::System)
                held.append(next);
            else if (pending.remove(next.toolCallId))
                result.append(next);
            else
                held.append(orphanAsUser(next));
        }
        for (const OAToolCall &call : calls) {
            if (!pending.contains(call.id))
                continue;
            qCInfo(lcProxy) << "tool call" << call.id << "has no result (interrupted turn)";
            OAMessage tool;
            tool.role = OAMessage::Tool;
            tool.toolCallId = call.id;
            tool.text = QByteArrayLiteral("(interrupted)");
            result.append(tool);
        }
        result.append(held);
    }
    m_messages = result;
}

// For leading-system-only providers: system messages before any conversation merge into the leading
// system message; later ones become a <system-reminder> text part of the preceding user message (or
// of a user message of their own) at the same position, so the prompt prefix stays stable.
void AnthropicToOpenAI::placeMidSystemMessages(OAMessage *leading)
{
    if (!m_options.leadingSystemOnly)
        return;
    QList<OAMessage> result;
    result.reserve(m_messages.size());
    for (const OAMessage &m : std::as_const(m_messages)) {
        if (m.role != OAMessage::System) {
            result.append(m);
            continue;
        }
        if (!m.midSystem) {
            if (!leading->text.isEmpty())
                leading->text.append("\n\n");
            leading->text.append(m.text);
            continue;
        }
        QByteArray wrapped("<system-reminder>\n");
        wrapped.append(m.text);
        wrapped.append("\n</system-reminder>");
        if (result.isEmpty() || result.last().role != OAMessage::User) {
            OAMessage user;
            user.role = OAMessage::User;
            result.append(user);
        }
        result.last().parts.append({OAPart::Text, wrapped, {}});
    }
    m_messages = result;
}

void AnthropicToOpenAI::writeMessage(JsonWriter &w, const OAMessage &m) const
{
    w.beginObject();
    switch (m.role) {
    case OAMessage::System:
        w.field("role", "system")
            .field("content", std::string_view(m.text.constData(), size_t(m.text.size())));
        break;
    case OAMessage::Tool:
        w.field("role", "tool");
        w.field("tool_call_id", std::string_view(m.toolCallId.constData(), size_t(m.toolCallId.size())));
        w.field("content", std::string_view(m.text.constData(), size_t(m.text.size())));
        break;
    case OAMessage::User:
        w.field("role", "user");
        w.key("content");
        if (m.parts.size() == 1 && m.parts.first().kind == OAPart::Text) {
            const QByteArray &t = m.parts.first().text;
            w.value(std::string_view(t.constData(), size_t(t.size())));
            break;
        }
        w.beginArray();
        for (const OAPart &p : m.parts) {
            const std::string_view text(p.text.constData(), size_t(p.text.size()));
            w.beginObject();
            switch (p.kind) {
            case OAPart::Text:
                w.field("type", "text").field("text", text);
                break;
            case OAPart::ImageUrl:
                w.field("type", "image_url");
                w.key("image_url").beginObject().field("url", text).endObject();
                break;
            case OAPart::File:
                w.field("type", "file");
                w.key("file").beginObject();
                w.field("filename", std::string_view(p.filename.constData(), size_t(p.filename.size())));
                w.field("file_data", text);
                w.endObject();
                break;
            }
            w.endObject();
        }
        w.endArray();
        break;
    case OAMessage::Assistant:
        w.field("role", "assistant");
        w.key("content");
        if (m.hasText)
            w.value(std::string_view(m.text.constData(), size_t(m.text.size())));
        else
            w.null();
        if (m.hasReasoning)
            w.field("reasoning_content",
                    std::string_view(m.reasoning.constData(), size_t(m.reasoning.size())));
        if (!m.toolCalls.isEmpty()) {
            w.key("tool_calls").beginArray();
            for (const OAToolCall &call : m.toolCalls) {
                w.beginObject();
                w.field("id", std::string_view(call.id.constData(), size_t(call.id.size())));
                w.field("type", "function");
                w.key("function").beginObject();
                w.field("name", std::string_view(call.name.constData(), size_t(call.name.size())));
                w.field("arguments", std::string_view(call.arguments));
                w.endObject();
                w.endObject();
            }
            w.endArray();
        }
        break;
    }
    w.endObject();
}

bool AnthropicToOpenAI::convertTools(const Element &request, JsonWriter *tools, int *count,
                                     std::optional<Element> *webSearchTool)
{
    *count = 0;
    const auto list = present(request, "tools");
    if (!list)
        return true;
    if (!list->is_array())
        return m_errors.fail(QStringLiteral("tools: expected an array"));
    tools->beginArray();
    qsizetype i = 0;
    for (const Element tool : simdjson::dom::array(*list)) {
        const QString where = at("tools[%1]", i++);
        if (!tool.is_object())
            return m_errors.fail(where + QStringLiteral(": expected an object"));
        // Claude Code's DeferredToolPlaceholder: only meaningful to Anthropic's tool search.
        if (boolOr(tool, "defer_loading", false))
            continue;
        const std::string_view type = stringOr(tool, "type");
        const auto schema = present(tool, "input_schema");
        if (type.starts_with("web_search")) {
            // A server tool: never a function nobody implements (protocols 2.6, 4.10 #23).
            *webSearchTool = tool;
            continue;
        }
        if (!type.empty() && type != "custom" && !schema) {
            qCInfo(lcProxy) << "server tool" << bytes(type) << "cannot run on an OpenAI upstream; dropped";
            continue;
        }
        const auto name = stringMember(tool, "name");
        if (!name || name->empty())
            return m_errors.fail(where + QStringLiteral(".name: expected a non-empty string"));
        if (schema && !schema->is_object())
            return m_errors.fail(where + QStringLiteral(".input_schema: expected an object"));
        const QByteArray outbound = outboundName(*name);
        m_functionNames.insert(outbound);
        tools->beginObject();
        tools->field("type", "function");
        tools->key("function").beginObject();
        tools->field("name", std::string_view(outbound.constData(), size_t(outbound.size())));
        tools->field("description", stringOr(tool, "description"));
        tools->key("parameters");
        writeObjectSchema(*tools, schema);
        tools->endObject();
        tools->endObject();
        ++*count;
    }
    tools->endArray();
    return true;
}

bool AnthropicToOpenAI::writeToolChoice(JsonWriter &w, const Element &request, int toolCount,
                                        bool *disableParallel)
{
    *disableParallel = false;
    const auto choice = present(request, "tool_choice");
    if (!choice)
        return true;
    std::string_view type;
    if (choice->is_string()) {
        type = std::string_view(*choice); // some routers send bare strings; tolerate them
    } else if (choice->is_object()) {
        type = stringOr(*choice, "type");
        *disableParallel = boolOr(*choice, "disable_parallel_tool_use", false);
    } else {
        return m_errors.fail(QStringLiteral("tool_choice: expected an object"));
    }
    // OpenAI rejects tool_choice without tools (they may all have been server tools).
    if (toolCount == 0)
        return true;
    if (type == "auto" || type == "none") {
        w.field("tool_choice", type);
    } else if (type == "any" || type == "required") {
        w.field("tool_choice", "required");
    } else if (type == "tool") {
        const auto name = stringMember(*choice, "name");
        if (!name)
            return m_errors.fail(QStringLiteral("tool_choice.name: expected a string"));
        const QByteArray outbound = outboundName(*name);
        if (!m_functionNames.contains(outbound)) {
            // e.g. the stripped web_search server tool: naming a function that was not sent is a 400.
            qCInfo(lcProxy) << "tool_choice names" << outbound << "which is not sent upstream; using auto";
            w.field("tool_choice", "auto");
            return true;
        }
        w.key("tool_choice").beginObject().field("type", "function");
        w.key("function")
            .beginObject()
            .field("name", std::string_view(outbound.constData(), size_t(outbound.size())))
            .endObject();
        w.endObject();
    } else {
        return m_errors.fail(QStringLiteral("tool_choice.type: must be auto, any, tool or none"));
    }
    return true;
}

// protocols 4.9 / golden 19: output_config.effort wins, adaptive means the top level, a budget maps
// by thresholds, and thinking disabled drops any effort (Claude Code subagents send both, 2.5).
bool AnthropicToOpenAI::reasoningEffort(const Element &request, std::string_view *effort)
{
    *effort = {};
    std::string_view thinkingType;
    const auto thinking = present(request, "thinking");
    if (thinking) {
        if (!thinking->is_object())
            return m_errors.fail(QStringLiteral("thinking: expected an object"));
        thinkingType = stringOr(*thinking, "type");
    }
    if (thinkingType == "disabled")
        return true;
    std::string_view explicitEffort;
    const auto outputConfig = present(request, "output_config");
    if (outputConfig) {
        if (!outputConfig->is_object())
            return m_errors.fail(QStringLiteral("output_config: expected an object"));
        explicitEffort = stringOr(*outputConfig, "effort");
    }
    if (explicitEffort == "low" || explicitEffort == "medium" || explicitEffort == "high")
        *effort = explicitEffort;
    else if (explicitEffort == "xhigh" || explicitEffort == "max")
        *effort = "xhigh";
    else if (thinkingType == "adaptive")
        *effort = "xhigh";
    else if (thinkingType == "enabled") {
        Element budget;
        if (member(*thinking, "budget_tokens", &budget) && isNumber(budget)) {
            const qint64 tokens = toInt64(budget);
            *effort = tokens < m_options.effortLowBelow ? "low"
                : tokens < m_options.effortMediumBelow  ? "medium"
                                                        : "high";
        } else {
            *effort = "high";
        }
    }
    if (!m_options.effortCapable)
        *effort = {};
    else if (m_options.effortCapHigh && *effort == "xhigh")
        *effort = "high";
    return true;
}

bool AnthropicToOpenAI::run(const Element &request, QByteArray *out)
{
    std::string_view model;
    if (!requestModel(request, &model))
        return false;

    Element messages;
    if (!member(request, "messages", &messages) || !messages.is_array())
        return m_errors.fail(QStringLiteral("messages: expected an array"));

    OAMessage leading;
    leading.role = OAMessage::System;
    if (!convertSystem(request, &leading.text))
        return false;
    qsizetype index = 0;
    for (const Element message : simdjson::dom::array(messages)) {
        if (!convertMessage(message, index++))
            return false;
    }
    pairToolMessages();
    placeMidSystemMessages(&leading);

    JsonWriter tools;
    int toolCount = 0;
    std::optional<Element> webSearchTool;
    if (!convertTools(request, &tools, &toolCount, &webSearchTool))
        return false;
    std::string_view effort;
    if (!reasoningEffort(request, &effort))
        return false;

    JsonWriter w(4096);
    w.beginObject();
    w.field("model", model);
    w.key("messages").beginArray();
    if (!leading.text.isEmpty())
        writeMessage(w, leading);
    for (const OAMessage &m : std::as_const(m_messages))
        writeMessage(w, m);
    w.endArray();

    if (const auto maxTokens = present(request, "max_tokens")) {
        if (!isInteger(*maxTokens) || toInt64(*maxTokens) < 1)
            return m_errors.fail(QStringLiteral("max_tokens: expected a positive integer"));
        qint64 value = toInt64(*maxTokens);
        if (m_options.maxOutputTokens > 0)
            value = std::min(value, m_options.maxOutputTokens);
        w.field(m_options.useMaxCompletionTokens ? "max_completion_tokens" : "max_tokens", value);
    }
    const bool sampling = samplingParams(request, [&](const char *name, double value) {
        if (!m_options.omitSamplingParams)
            w.field(name, value);
    });
    if (!sampling)
        return false;
    if (const auto stops = present(request, "stop_sequences")) {
        if (!stops->is_array())
            return m_errors.fail(QStringLiteral("stop_sequences: expected an array of strings"));
        const simdjson::dom::array list(*stops);
        if (list.size() > 0) {
            w.key("stop").beginArray();
            size_t written = 0;
            for (const Element stop : list) {
                if (!stop.is_string())
                    return m_errors.fail(QStringLiteral("stop_sequences: expected an array of strings"));
                // OpenAI accepts at most four stop sequences.
                if (written++ < 4)
                    w.value(std::string_view(stop));
            }
            w.endArray();
            if (written > 4)
                qCInfo(lcProxy) << "stop_sequences truncated to 4 of" << written;
        }
    }
    if (boolOr(request, "stream", false)) {
        // Without include_usage most upstreams send no usage at all when streaming (4.10 #4).
        w.field("stream", true);
        w.key("stream_options").beginObject().field("include_usage", true).endObject();
    }
    if (toolCount > 0)
        w.rawField("tools", std::string_view(tools.data().constData(), size_t(tools.data().size())));
    bool disableParallel = false;
    if (!writeToolChoice(w, request, toolCount, &disableParallel))
        return false;
    if (disableParallel && toolCount > 0)
        w.field("parallel_tool_calls", false);
    if (!effort.empty())
        w.field("reasoning_effort", effort);
    if (const auto outputConfig = present(request, "output_config")) {
        const auto format = present(*outputConfig, "format");
        if (format && stringOr(*format, "type") == "json_schema") {
            w.key("response_format").beginObject().field("type", "json_schema");
            w.key("json_schema").beginObject().field("name", "output");
            w.key("schema");
            if (const auto schema = present(*format, "schema"))
                writeRaw(w, *schema);
            else
                w.beginObject().endObject();
            w.field("strict", true);
            w.endObject().endObject();
        }
    }
    if (webSearchTool && m_options.webSearch == WebSearchPolicy::NativeOpenAI) {
        w.key("web_search_options").beginObject();
        if (const auto location = present(*webSearchTool, "user_location");
            location && location->is_object()) {
            w.key("user_location").beginObject().field("type", "approximate");
            w.key("approximate").beginObject();
            for (const char *field : {"city", "region", "country", "timezone"}) {
                if (const auto v = stringMember(*location, field))
                    w.field(field, *v);
            }
            w.endObject().endObject();
        }
        w.endObject();
    }
    if (!m_options.sessionId.isEmpty()) {
        // Keeps one conversation on the same cache shard of OpenAI-style upstreams.
        const QByteArray key = m_options.sessionId.left(64);
        w.field("prompt_cache_key", std::string_view(key.constData(), size_t(key.size())));
    }
    w.endObject();
    *out = w.take();
    return true;
}

// =============================================================================================
// OpenAI -> Anthropic
// =============================================================================================

struct ABlock
{
    enum Kind
    {
        Text,
        ImageBase64,
        ImageUrl,
        Pdf,
        ToolUse,
        ToolResult,
    };
    Kind kind = Text;
    QByteArray a; // text | media type | url | tool id | tool_use_id
    QByteArray b; // base64 data | tool name | result text
    QByteArray input; // tool_use input (JSON object text)
};

struct AMessage
{
    bool user = true;
    QList<ABlock> blocks;
    bool acceptsUserMerge = false; // a tool-result turn the next user message may join
};

class OpenAIToAnthropic : Converter
{
public:
    using Converter::Converter;
    bool run(const Element &request, QByteArray *out);

private:
    bool contentText(const Element &content, QByteArray *text, const QString &where, bool allowRefusal);
    bool userBlocks(const Element &content, QList<ABlock> *blocks, const QString &where);
    bool imageBlock(const Element &part, QList<ABlock> *blocks, const QString &where);
    bool fileBlock(const Element &part, QList<ABlock> *blocks, const QString &where);
    bool convertMessage(const Element &message, qsizetype index);
    void appendToolResult(const QByteArray &id, const QByteArray &text);
    void stripFinalAssistantWhitespace();
    bool writeTools(JsonWriter &w, const Element &request, bool *hasTools);
    bool writeToolChoice(JsonWriter &w, const Element &request, bool hasTools);
    void writeMessage(JsonWriter &w, const AMessage &m) const;

    QList<QByteArray> m_system;
    QList<AMessage> m_messages;
    QByteArray m_lastFunctionCallId; // legacy function_call / role:"function" pairing
};

// Text of string content or of [{type:"text"}] parts (refusal parts too for assistants).
bool OpenAIToAnthropic::contentText(const Element &content, QByteArray *text, const QString &where,
                                    bool allowRefusal)
{
    if (content.is_null())
        return true;
    if (content.is_string()) {
        text->append(bytes(std::string_view(content)));
        return true;
    }
    if (!content.is_array())
        return m_errors.fail(where + QStringLiteral(": expected a string or an array of text parts"));
    qsizetype i = 0;
    for (const Element part : simdjson::dom::array(content)) {
        const std::string_view type = stringOr(part, "type");
        if (type == "text")
            text->append(bytes(stringOr(part, "text")));
        else if (allowRefusal && type == "refusal")
            text->append(bytes(stringOr(part, "refusal")));
        else if (!part.is_object())
            return m_errors.fail(where + at("[%1]: expected an object", i));
        ++i;
    }
    return true;
}

bool OpenAIToAnthropic::imageBlock(const Element &part, QList<ABlock> *blocks, const QString &where)
{
    Element image;
    std::string_view url;
    const bool hasImage = member(part, "image_url", &image);
    if (hasImage && image.is_string())
        url = std::string_view(image);
    else if (hasImage && image.is_object())
        url = stringOr(image, "url");
    if (url.empty())
        return m_errors.fail(where + QStringLiteral(".image_url.url: expected a string"));
    if (url.starts_with("data:")) {
        const size_t marker = url.find(";base64,");
        if (marker == std::string_view::npos)
            return m_errors.fail(where + QStringLiteral(": image data URLs must be base64 encoded"));
        QByteArray mediaType = bytes(url.substr(5, marker - 5)).toLower();
        if (mediaType == "image/jpg")
            mediaType = "image/jpeg";
        static const QSet<QByteArray> accepted {"image/jpeg", "image/png", "image/gif", "image/webp"};
        if (!accepted.contains(mediaType)) {
            return m_errors.fail(where + QStringLiteral(": unsupported image type \"")
                                 + QString::fromUtf8(mediaType)
                                 + QStringLiteral("\" (use image/jpeg, image/png, image/gif or image/webp)"));
        }
        blocks->append({ABlock::ImageBase64, mediaType, bytes(url.substr(marker + 8)), {}});
        return true;
    }
    if (url.starts_with("http://") || url.starts_with("https://")) {
        blocks->append({ABlock::ImageUrl, bytes(url), {}, {}});
        return true;
    }
    return m_errors.fail(where + QStringLiteral(".image_url.url: expected a data: or http(s): URL"));
}

bool OpenAIToAnthropic::fileBlock(const Element &part, QList<ABlock> *blocks, const QString &where)
{
    Element file;
    if (!member(part, "file", &file) || !file.is_object())
        return m_errors.fail(where + QStringLiteral(".file: expected an object"));
    const std::string_view data = stringOr(file, "file_data");
    constexpr std::string_view pdfPrefix = "data:application/pdf;base64,";
    if (!data.starts_with(pdfPrefix))
        return m_errors.fail(where + QStringLiteral(".file: only PDF data URLs (file_data) are supported"));
    blocks->append(
        {ABlock::Pdf, QByteArrayLiteral("application/pdf"), bytes(data.substr(pdfPrefix.size())), {}});
    return true;
}

bool OpenAIToAnthropic::userBlocks(const Element &content, QList<ABlock> *blocks, const QString &where)
{
    if (content.is_string()) {
        const std::string_view text(content);
        if (!isBlank(text))
            blocks->append({ABlock::Text, bytes(text), {}, {}});
        return true;
    }
    if (!content.is_array())
        return m_errors.fail(where + QStringLiteral(": expected a string or an array of parts"));
    qsizetype i = 0;
    for (const Element part : simdjson::dom::array(content)) {
        const QString partWhere = where + at("[%1]", i++);
        if (!part.is_object())
            return m_errors.fail(partWhere + QStringLiteral(": expected an object"));
        const std::string_view type = stringOr(part, "type");
        if (type == "text") {
            const auto text = stringMember(part, "text");
            if (!text)
                return m_errors.fail(partWhere + QStringLiteral(".text: expected a string"));
            // Anthropic rejects empty and whitespace-only text blocks.
            if (!isBlank(*text))
                blocks->append({ABlock::Text, bytes(*text), {}, {}});
        } else if (type == "image_url") {
            if (!imageBlock(part, blocks, partWhere))
                return false;
        } else if (type == "file") {
            if (!fileBlock(part, blocks, partWhere))
                return false;
        } else {
            return m_errors.fail(partWhere + QStringLiteral(": content part type \"")
                                 + QString::fromUtf8(bytes(type)) + QStringLiteral("\" is not supported"));
        }
    }
    return true;
}

void OpenAIToAnthropic::appendToolResult(const QByteArray &id, const QByteArray &text)
{
    // Consecutive tool messages answer one assistant turn: one user message with all results.
    if (m_messages.isEmpty() || !m_messages.last().acceptsUserMerge) {
        AMessage user;
        user.acceptsUserMerge = true;
        m_messages.append(user);
    }
    m_messages.last().blocks.append({ABlock::ToolResult, id, text, {}});
}

bool OpenAIToAnthropic::convertMessage(const Element &message, qsizetype index)
{
    const QString where = at("messages[%1]", index);
    if (!message.is_object())
        return m_errors.fail(where + QStringLiteral(": expected an object"));
    const auto role = stringMember(message, "role");
    if (!role)
        return m_errors.fail(where + QStringLiteral(".role: expected a string"));
    Element content;
    const bool hasContent = member(message, "content", &content);
    if (*role == "system" || *role == "developer") {
        QByteArray text;
        if (hasContent && !contentText(content, &text, where + QStringLiteral(".content"), false))
            return false;
        if (!text.isEmpty())
            m_system.append(text);
        return true;
    }
    if (*role == "user") {
        if (!hasContent)
            return m_errors.fail(where + QStringLiteral(".content: required"));
        QList<ABlock> blocks;
        if (!userBlocks(content, &blocks, where + QStringLiteral(".content")))
            return false;
        if (blocks.isEmpty())
            return true;
        // Text right after tool messages joins their user turn, after the tool_results (4.4).
        if (!m_messages.isEmpty() && m_messages.last().acceptsUserMerge) {
            m_messages.last().blocks.append(blocks);
            m_messages.last().acceptsUserMerge = false;
        } else {
            m_messages.append({true, blocks, false});
        }
        return true;
    }
    if (*role == "tool" || *role == "function") {
        QByteArray id;
        if (*role == "tool") {
            const auto toolCallId = stringMember(message, "tool_call_id");
            if (!toolCallId)
                return m_errors.fail(where + QStringLiteral(".tool_call_id: expected a string"));
            id = Wire::sanitizeToolId(*toolCallId);
        } else {
            id = m_lastFunctionCallId.isEmpty() ? Wire::newToolUseId() : m_lastFunctionCallId;
        }
        QByteArray text;
        if (hasContent && !contentText(content, &text, where + QStringLiteral(".content"), false))
            return false;
        appendToolResult(id, text);
        return true;
    }
    if (*role != "assistant")
        return m_errors.fail(where + QStringLiteral(".role: unknown role \"")
                             + QString::fromUtf8(bytes(*role)) + QLatin1Char('"'));

    AMessage assistant;
    assistant.user = false;
    QByteArray text;
    if (hasContent && !contentText(content, &text, where + QStringLiteral(".content"), true))
        return false;
    if (const auto refusal = stringMember(message, "refusal"); refusal && text.isEmpty())
        text = bytes(*refusal);
    if (!isBlank(std::string_view(text.constData(), size_t(text.size()))))
        assistant.blocks.append({ABlock::Text, text, {}, {}});
    // reasoning_content is dropped: without an Anthropic signature it would be rejected.
    auto addToolUse = [&](std::string_view id, std::string_view name, std::string_view arguments) {
        Wire::ArgumentsParse how;
        QByteArray input = Wire::toolArgumentsObject(arguments, &how);
        if (how == Wire::ArgumentsParse::Invalid || how == Wire::ArgumentsParse::Repaired)
            qCWarning(lcProxy) << "tool call" << bytes(id) << "has invalid JSON arguments ("
                               << (how == Wire::ArgumentsParse::Repaired ? "repaired" : "replaced by {}")
                               << ")";
        assistant.blocks.append({ABlock::ToolUse, Wire::sanitizeToolId(id), bytes(name), input});
    };
    if (const auto calls = present(message, "tool_calls")) {
        if (!calls->is_array())
            return m_errors.fail(where + QStringLiteral(".tool_calls: expected an array"));
        qsizetype i = 0;
        for (const Element call : simdjson::dom::array(*calls)) {
            const QString callWhere = where + at(".tool_calls[%1]", i++);
            Element function;
            if (!call.is_object() || !member(call, "function", &function) || !function.is_object())
                return m_errors.fail(callWhere + QStringLiteral(".function: expected an object"));
            const auto id = stringMember(call, "id");
            const auto name = stringMember(function, "name");
            if (!id || !name)
                return m_errors.fail(callWhere + QStringLiteral(": id and function.name must be strings"));
            addToolUse(*id, *name, stringOr(function, "arguments"));
        }
    }
    if (const auto call = present(message, "function_call"); call && call->is_object()) {
        m_lastFunctionCallId = Wire::newToolUseId();
        addToolUse(std::string_view(m_lastFunctionCallId.constData(), size_t(m_lastFunctionCallId.size())),
                   stringOr(*call, "name"), stringOr(*call, "arguments"));
    }
    if (!assistant.blocks.isEmpty())
        m_messages.append(assistant);
    return true;
}

// Anthropic rejects "final assistant content cannot end with trailing whitespace" (prefill turns).
void OpenAIToAnthropic::stripFinalAssistantWhitespace()
{
    if (m_messages.isEmpty() || m_messages.last().user)
        return;
    QList<ABlock> &blocks = m_messages.last().blocks;
    if (blocks.isEmpty() || blocks.last().kind != ABlock::Text)
        return;
    QByteArray &text = blocks.last().a;
    while (!text.isEmpty() && isBlank(std::string_view(text.constData() + text.size() - 1, 1)))
        text.chop(1);
    if (text.isEmpty())
        blocks.removeLast();
    if (blocks.isEmpty())
        m_messages.removeLast();
}

void OpenAIToAnthropic::writeMessage(JsonWriter &w, const AMessage &m) const
{
    auto view = [](const QByteArray &b) { return std::string_view(b.constData(), size_t(b.size())); };
    w.beginObject();
    w.field("role", m.user ? "user" : "assistant");
    w.key("content");
    if (m.blocks.size() == 1 && m.blocks.first().kind == ABlock::Text) {
        w.value(view(m.blocks.first().a));
        w.endObject();
        return;
    }
    w.beginArray();
    for (const ABlock &b : m.blocks) {
        w.beginObject();
        switch (b.kind) {
        case ABlock::Text:
            w.field("type", "text").field("text", view(b.a));
            break;
        case ABlock::ImageBase64:
        case ABlock::Pdf:
            w.field("type", b.kind == ABlock::Pdf ? "document" : "image");
            w.key("source").beginObject();
            w.field("type", "base64").field("media_type", view(b.a)).field("data", view(b.b));
            w.endObject();
            break;
        case ABlock::ImageUrl:
            w.field("type", "image");
            w.key("source").beginObject().field("type", "url").field("url", view(b.a)).endObject();
            break;
        case ABlock::ToolUse:
            w.field("type", "tool_use").field("id", view(b.a)).field("name", view(b.b));
            w.rawField("input", view(b.input));
            break;
        case ABlock::ToolResult:
            w.field("type", "tool_result").field("tool_use_id", view(b.a)).field("content", view(b.b));
            break;
        }
        w.endObject();
    }
    w.endArray();
    w.endObject();
}

bool OpenAIToAnthropic::writeTools(JsonWriter &w, const Element &request, bool *hasTools)
{
    *hasTools = false;
    const auto tools = present(request, "tools");
    if (!tools)
        return true;
    if (!tools->is_array())
        return m_errors.fail(QStringLiteral("tools: expected an array"));
    if (simdjson::dom::array(*tools).size() == 0)
        return true;
    w.key("tools").beginArray();
    qsizetype i = 0;
    for (const Element tool : simdjson::dom::array(*tools)) {
        const QString where = at("tools[%1]", i++);
        Element function;
        if (!tool.is_object())
            return m_errors.fail(where + QStringLiteral(": expected an object"));
        if (stringOr(tool, "type", "function") != "function")
            return m_errors.fail(where + QStringLiteral(".type: only function tools are supported"));
        if (!member(tool, "function", &function) || !function.is_object())
            return m_errors.fail(where + QStringLiteral(".function: expected an object"));
        const auto name = stringMember(function, "name");
        if (!name || name->empty())
            return m_errors.fail(where + QStringLiteral(".function.name: expected a non-empty string"));
        const auto parameters = present(function, "parameters");
        if (parameters && !parameters->is_object())
            return m_errors.fail(where + QStringLiteral(".function.parameters: expected an object"));
        w.beginObject();
        w.field("name", *name);
        if (const auto description = stringMember(function, "description"))
            w.field("description", *description);
        w.key("input_schema");
        writeObjectSchema(w, parameters);
        w.endObject();
        *hasTools = true;
    }
    w.endArray();
    return true;
}

bool OpenAIToAnthropic::writeToolChoice(JsonWriter &w, const Element &request, bool hasTools)
{
    const auto choice = present(request, "tool_choice");
    Element parallel;
    const bool disableParallel =
        member(request, "parallel_tool_calls", &parallel) && parallel.is_bool() && !bool(parallel);
    if (!hasTools)
        return true;
    std::string_view type = "auto";
    std::string_view name;
    if (choice && choice->is_string()) {
        const std::string_view c(*choice);
        type = c == "required" ? "any" : c == "none" ? "none" : "auto";
    } else if (choice && choice->is_object()) {
        if (stringOr(*choice, "type") == "function") {
            Element function;
            if (!member(*choice, "function", &function) || !stringMember(function, "name"))
                return m_errors.fail(QStringLiteral("tool_choice.function.name: expected a string"));
            type = "tool";
            name = stringOr(function, "name");
        }
    } else if (choice) {
        return m_errors.fail(QStringLiteral("tool_choice: expected a string or an object"));
    }
    if (!choice && !disableParallel)
        return true;
    w.key("tool_choice").beginObject().field("type", type);
    if (!name.empty())
        w.field("name", name);
    if (disableParallel && type != "none")
        w.field("disable_parallel_tool_use", true);
    w.endObject();
    return true;
}

bool OpenAIToAnthropic::run(const Element &request, QByteArray *out)
{
    std::string_view model;
    if (!requestModel(request, &model))
        return false;
    if (const auto n = present(request, "n")) {
        if (!isInteger(*n))
            return m_errors.fail(QStringLiteral("n: expected an integer"));
        if (toInt64(*n) > 1)
            return m_errors.fail(QStringLiteral("n: only one choice (n = 1) is supported by this upstream"));
    }
    Element messages;
    if (!member(request, "messages", &messages) || !messages.is_array())
        return m_errors.fail(QStringLiteral("messages: expected an array"));
    qsizetype index = 0;
    for (const Element message : simdjson::dom::array(messages)) {
        if (!convertMessage(message, index++))
            return false;
    }
    stripFinalAssistantWhitespace();
    if (m_messages.isEmpty())
        return m_errors.fail(QStringLiteral("messages: at least one user or assistant message is required"));

    qint64 maxTokens = m_options.defaultMaxTokens;
    for (const char *name : {"max_completion_tokens", "max_tokens"}) {
        if (const auto value = present(request, name)) {
            if (!isInteger(*value) || toInt64(*value) < 1)
                return m_errors.fail(QString::fromLatin1(name)
                                     + QStringLiteral(": expected a positive integer"));
            maxTokens = toInt64(*value);
            break;
        }
    }
    if (m_options.maxOutputTokens > 0)
        maxTokens = std::min(maxTokens, m_options.maxOutputTokens);

    // reasoning_effort -> thinking (protocols 4.9): a budget below max_tokens, or adaptive + effort.
    std::string_view effort;
    if (const auto value = present(request, "reasoning_effort")) {
        if (!value->is_string())
            return m_errors.fail(QStringLiteral("reasoning_effort: expected a string"));
        effort = std::string_view(*value);
    }
    // protocols 4.9: effort -> thinking budget (LiteLLM uses 2048 for medium; 4096 leaves room).
    struct EffortLevel
    {
        std::string_view openAI;
        qint64 budget;
        std::string_view anthropicEffort; // for adaptive thinking
    };
    static constexpr EffortLevel levels[] = {
        {"minimal", 1024, "low"}, {"low", 1024, "low"},      {"medium", 4096, "medium"},
        {"high", 16384, "high"},  {"xhigh", 32768, "xhigh"}, {"max", 32768, "max"},
    };
    qint64 budget = 0;
    std::string_view adaptiveEffort;
    for (const EffortLevel &level : levels) {
        if (level.openAI == effort) {
            budget = level.budget;
            adaptiveEffort = level.anthropicEffort;
        }
    }
    if (budget == 0 && !effort.empty() && effort != "none")
        return m_errors.fail(QStringLiteral("reasoning_effort: unknown value"));
    bool thinking = budget > 0;
    if (thinking && !m_options.adaptiveThinking && maxTokens <= budget) {
        // Thinking tokens count against max_tokens: keep the client's answer budget on top.
        maxTokens += budget;
        if (m_options.maxOutputTokens > 0 && maxTokens > m_options.maxOutputTokens) {
            maxTokens = m_options.maxOutputTokens;
            budget = maxTokens - 1;
        }
        thinking = budget >= 1024;
    }

    JsonWriter w(4096);
    w.beginObject();
    w.field("model", model);
    w.field("max_tokens", maxTokens);
    if (m_system.size() == 1) {
        w.field("system", std::string_view(m_system.first().constData(), size_t(m_system.first().size())));
    } else if (!m_system.isEmpty()) {
        w.key("system").beginArray();
        for (const QByteArray &text : std::as_const(m_system))
            w.beginObject()
                .field("type", "text")
                .field("text", std::string_view(text.constData(), size_t(text.size())))
                .endObject();
        w.endArray();
    }
    w.key("messages").beginArray();
    for (const AMessage &m : std::as_const(m_messages))
        writeMessage(w, m);
    w.endArray();

    if (const auto stop = present(request, "stop")) {
        if (stop->is_string()) {
            w.key("stop_sequences").beginArray().value(std::string_view(*stop)).endArray();
        } else if (stop->is_array()) {
            w.key("stop_sequences").beginArray();
            for (const Element s : simdjson::dom::array(*stop)) {
                if (!s.is_string())
                    return m_errors.fail(QStringLiteral("stop: expected a string or an array of strings"));
                w.value(std::string_view(s));
            }
            w.endArray();
        } else {
            return m_errors.fail(QStringLiteral("stop: expected a string or an array of strings"));
        }
    }
    const bool sampling = samplingParams(request, [&](const char *name, double value) {
        // Anthropic's range is 0..1 (OpenAI's 0..2), and extended thinking accepts no sampling changes.
        if (!thinking)
            w.field(name, std::clamp(value, 0.0, 1.0));
    });
    if (!sampling)
        return false;
    if (boolOr(request, "stream", false))
        w.field("stream", true);
    bool hasTools = false;
    if (!writeTools(w, request, &hasTools) || !writeToolChoice(w, request, hasTools))
        return false;

    if (thinking && m_options.adaptiveThinking)
        w.key("thinking").beginObject().field("type", "adaptive").endObject();
    else if (thinking)
        w.key("thinking").beginObject().field("type", "enabled").field("budget_tokens", budget).endObject();

    std::optional<Element> schema;
    if (const auto format = present(request, "response_format"); format && format->is_object()) {
        Element jsonSchema;
        if (stringOr(*format, "type") == "json_schema" && member(*format, "json_schema", &jsonSchema))
            schema = present(jsonSchema, "schema");
    }
    const bool effortInConfig = thinking && m_options.adaptiveThinking;
    if (effortInConfig || schema) {
        w.key("output_config").beginObject();
        if (effortInConfig)
            w.field("effort", adaptiveEffort);
        if (schema) {
            w.key("format").beginObject().field("type", "json_schema");
            w.key("schema");
            writeRaw(w, *schema);
            w.endObject();
        }
        w.endObject();
    }
    if (const auto user = stringMember(request, "user"); user && !user->empty())
        w.key("metadata").beginObject().field("user_id", *user).endObject();
    w.endObject();
    *out = w.take();
    return true;
}

// =============================================================================================
// Anthropic upstream: history normalisation (protocols 4.9, golden 58/59)
// =============================================================================================

bool validToolId(std::string_view id)
{
    return !id.empty() && Wire::sanitizeToolId(id) == bytes(id);
}

struct PlannedBlock
{
    Element block;
    QByteArray newId; // non-empty: the block's id / tool_use_id is rewritten to this
};

struct PlannedMessage
{
    Element message;
    bool user = false;
    bool rewrite = false; // content is written from blocks instead of copied
    bool stringContent = false;
    QList<PlannedBlock> blocks;
    QList<QByteArray> interrupted; // tool_use ids answered with a synthetic result (user turns)
    QList<QByteArray> toolUseIds; // assistant turns
};

struct HistoryPlan
{
    QList<PlannedMessage> messages;
    bool changed = false;
    bool dropThinkingParam = false;
    bool valid = false;
};

enum class ThinkingPolicy
{
    DropProxySigned,
    DropAll,
};

QByteArray blockId(const Element &block, std::string_view key)
{
    return bytes(stringOr(block, key));
}

// Decides, block by block, what an Anthropic upstream needs changed. Shared by the cheap check and
// the rewrite so both always agree.
HistoryPlan planHistory(const Element &request, ThinkingPolicy policy)
{
    HistoryPlan plan;
    Element messages;
    if (!request.is_object() || !member(request, "messages", &messages) || !messages.is_array())
        return plan;
    plan.valid = true;
    for (const Element message : simdjson::dom::array(messages)) {
        PlannedMessage pm;
        pm.message = message;
        const std::string_view role = stringOr(message, "role");
        pm.user = role == "user";
        Element content;
        const bool hasContent = message.is_object() && member(message, "content", &content);
        if (!hasContent || !content.is_array()) {
            pm.stringContent = hasContent && content.is_string();
            plan.messages.append(pm);
            continue;
        }
        for (const Element block : simdjson::dom::array(content)) {
            const std::string_view type = stringOr(block, "type");
            PlannedBlock pb {block, {}};
            if (type == "text") {
                if (isBlank(stringOr(block, "text"))) {
                    pm.rewrite = true; // Anthropic rejects empty/whitespace text blocks
                    continue;
                }
            } else if (type == "thinking" || type == "redacted_thinking") {
                if (policy == ThinkingPolicy::DropAll
                    || (type == "thinking" && Wire::isProxySignature(stringOr(block, "signature")))) {
                    pm.rewrite = true;
                    continue;
                }
            } else if (type == "tool_use" || type == "server_tool_use") {
                const std::string_view id = stringOr(block, "id");
                if (type == "tool_use")
                    pm.toolUseIds.append(Wire::sanitizeToolId(id));
                if (!id.empty() && !validToolId(id)) {
                    pb.newId = Wire::sanitizeToolId(id);
                    pm.rewrite = true;
                }
            } else if (type == "tool_result") {
                const std::string_view id = stringOr(block, "tool_use_id");
                if (!id.empty() && !validToolId(id)) {
                    pb.newId = Wire::sanitizeToolId(id);
                    pm.rewrite = true;
                }
            }
            pm.blocks.append(pb);
        }
        // Order: a user turn starts with its tool_result blocks; an assistant turn ends with its
        // tool_use blocks, so text after the first tool_use moves before it (a recorded API fixture
        // shows the 400 otherwise).
        auto isType = [](const PlannedBlock &b, std::string_view t) {
            return stringOr(b.block, "type") == t;
        };
        const std::string_view anchor = pm.user ? "tool_result" : "tool_use";
        const auto first = std::find_if(pm.blocks.begin(), pm.blocks.end(),
                                        [&](const PlannedBlock &b) { return isType(b, anchor); });
        QList<PlannedBlock> head(pm.blocks.begin(), first);
        QList<PlannedBlock> anchored;
        QList<PlannedBlock> moved;
        for (auto it = first; it != pm.blocks.end(); ++it) {
            const bool move = pm.user ? !isType(*it, "tool_result") : isType(*it, "text");
            (move ? moved : anchored).append(*it);
        }
        const bool reorder = pm.user ? !head.isEmpty() && first != pm.blocks.end() : !moved.isEmpty();
        if (reorder) {
            pm.rewrite = true;
            pm.blocks = pm.user ? anchored + head + moved : head + moved + anchored;
        }
        plan.changed = plan.changed || pm.rewrite;
        plan.messages.append(pm);
    }

    // Every tool_use must be answered in the next user turn (system messages in between skipped).
    for (qsizetype i = 0; i < plan.messages.size(); ++i) {
        const PlannedMessage &assistant = plan.messages.at(i);
        if (assistant.user || assistant.toolUseIds.isEmpty())
            continue;
        qsizetype next = i + 1;
        while (next < plan.messages.size() && stringOr(plan.messages.at(next).message, "role") == "system")
            ++next;
        if (next >= plan.messages.size() || !plan.messages.at(next).user)
            continue; // last turn (a prefill) or followed by another assistant turn: nothing to attach to
        PlannedMessage &user = plan.messages[next];
        QSet<QByteArray> answered;
        for (const PlannedBlock &b : std::as_const(user.blocks)) {
            if (stringOr(b.block, "type") == "tool_result")
                answered.insert(b.newId.isEmpty() ? blockId(b.block, "tool_use_id") : b.newId);
        }
        for (const QByteArray &id : assistant.toolUseIds) {
            if (!answered.contains(id) && !user.interrupted.contains(id)) {
                user.interrupted.append(id);
                user.rewrite = true;
                plan.changed = true;
            }
        }
    }

    // With thinking on, the last assistant turn of a tool loop must start with a thinking block; if
    // we removed it, the thinking parameter has to go too (cc-switch thinking_rectifier does this).
    for (qsizetype i = plan.messages.size() - 1; i >= 0; --i) {
        const PlannedMessage &pm = plan.messages.at(i);
        if (pm.user || stringOr(pm.message, "role") != "assistant")
            continue;
        if (pm.rewrite && !pm.toolUseIds.isEmpty()) {
            const std::string_view firstType =
                pm.blocks.isEmpty() ? std::string_view() : stringOr(pm.blocks.first().block, "type");
            Element thinking;
            const std::string_view thinkingType =
                member(request, "thinking", &thinking) ? stringOr(thinking, "type") : std::string_view();
            if ((thinkingType == "enabled" || thinkingType == "adaptive") && firstType != "thinking"
                && firstType != "redacted_thinking") {
                plan.dropThinkingParam = true;
                plan.changed = true;
            }
        }
        break;
    }
    return plan;
}

void writeBlock(JsonWriter &w, const PlannedBlock &b)
{
    if (b.newId.isEmpty()) {
        writeRaw(w, b.block);
        return;
    }
    const std::string_view idKey = stringOr(b.block, "type") == "tool_result" ? "tool_use_id" : "id";
    w.beginObject();
    for (const auto field : simdjson::dom::object(b.block)) {
        w.key(field.key);
        if (field.key == idKey)
            w.value(std::string_view(b.newId.constData(), size_t(b.newId.size())));
        else
            writeRaw(w, field.value);
    }
    w.endObject();
}

void writeInterrupted(JsonWriter &w, const QList<QByteArray> &ids)
{
    for (const QByteArray &id : ids) {
        w.beginObject();
        w.field("type", "tool_result");
        w.field("tool_use_id", std::string_view(id.constData(), size_t(id.size())));
        w.field("content", "(interrupted)");
        w.field("is_error", true);
        w.endObject();
    }
}

void writePlannedMessage(JsonWriter &w, const PlannedMessage &pm)
{
    if (!pm.rewrite) {
        writeRaw(w, pm.message);
        return;
    }
    w.beginObject();
    for (const auto field : simdjson::dom::object(pm.message)) {
        w.key(field.key);
        if (field.key != "content") {
            writeRaw(w, field.value);
            continue;
        }
        w.beginArray();
        writeInterrupted(w, pm.interrupted);
        if (pm.stringContent) {
            const std::string_view text(field.value);
            if (!isBlank(text))
                w.beginObject().field("type", "text").field("text", text).endObject();
        } else {
            for (const PlannedBlock &b : pm.blocks)
                writeBlock(w, b);
        }
        w.endArray();
    }
    w.endObject();
}

bool writeNormalized(const Element &request, const HistoryPlan &plan, const CodecOptions &options,
                     QByteArray *out)
{
    const std::string_view target(options.targetModel.constData(), size_t(options.targetModel.size()));
    JsonWriter w(64 * 1024);
    w.beginObject();
    bool wroteModel = false;
    for (const auto field : simdjson::dom::object(request)) {
        if (field.key == "model" && !target.empty()) {
            w.field("model", target);
            wroteModel = true;
        } else if (field.key == "messages") {
            w.key("messages").beginArray();
            for (const PlannedMessage &pm : plan.messages) {
                if (pm.rewrite && !pm.stringContent && pm.blocks.isEmpty() && pm.interrupted.isEmpty())
                    continue;
                writePlannedMessage(w, pm);
            }
            w.endArray();
        } else if (field.key == "thinking" && plan.dropThinkingParam) {
            continue;
        } else if (field.key == "context_management" && plan.dropThinkingParam) {
            // Its clear_thinking edits require thinking to be on.
            continue;
        } else {
            w.key(field.key);
            writeRaw(w, field.value);
        }
    }
    if (!wroteModel && !target.empty())
        w.field("model", target);
    w.endObject();
    *out = w.take();
    return true;
}

// Offset just past the JSON string starting at pos (which holds '"'), or npos.
size_t skipString(std::string_view d, size_t pos)
{
    for (size_t p = pos + 1; p < d.size(); ++p) {
        if (d[p] == '\\')
            ++p;
        else if (d[p] == '"')
            return p + 1;
    }
    return std::string_view::npos;
}

size_t skipSpace(std::string_view d, size_t pos)
{
    while (pos < d.size() && (d[pos] == ' ' || d[pos] == '\n' || d[pos] == '\r' || d[pos] == '\t'))
        ++pos;
    return pos;
}

// Offset just past the JSON value starting at pos, or npos.
size_t skipValue(std::string_view d, size_t pos)
{
    if (pos >= d.size())
        return std::string_view::npos;
    if (d[pos] == '"')
        return skipString(d, pos);
    if (d[pos] == '{' || d[pos] == '[') {
        int depth = 0;
        for (size_t p = pos; p < d.size(); ++p) {
            const char c = d[p];
            if (c == '"') {
                p = skipString(d, p);
                if (p == std::string_view::npos)
                    return p;
                --p;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return p + 1;
            }
        }
        return std::string_view::npos;
    }
    size_t p = pos;
    while (p < d.size() && d[p] != ',' && d[p] != '}' && d[p] != ']' && d[p] != ' ' && d[p] != '\n'
           && d[p] != '\r' && d[p] != '\t')
        ++p;
    return p == pos ? std::string_view::npos : p;
}

} // namespace

bool anthropicToOpenAI(const simdjson::dom::element &request, const CodecOptions &options, QByteArray *out,
                       QString *error)
{
    AnthropicToOpenAI converter(options, error);
    return converter.run(request, out);
}

bool openAIToAnthropic(const simdjson::dom::element &request, const CodecOptions &options, QByteArray *out,
                       QString *error)
{
    OpenAIToAnthropic converter(options, error);
    return converter.run(request, out);
}

bool needsNormalization(const simdjson::dom::element &request)
{
    return planHistory(request, ThinkingPolicy::DropProxySigned).changed;
}

bool normalizeForAnthropic(const simdjson::dom::element &request, const CodecOptions &options,
                           QByteArray *out, bool *changed)
{
    const HistoryPlan plan = planHistory(request, ThinkingPolicy::DropProxySigned);
    if (changed)
        *changed = plan.changed;
    return plan.valid && writeNormalized(request, plan, options, out);
}

bool stripAllThinking(const simdjson::dom::element &request, const CodecOptions &options, QByteArray *out)
{
    const HistoryPlan plan = planHistory(request, ThinkingPolicy::DropAll);
    return plan.valid && writeNormalized(request, plan, options, out);
}

bool findMember(const QByteArray &object, std::string_view key, MemberSpan *span)
{
    const std::string_view d(object.constData(), size_t(object.size()));
    *span = {};
    const size_t open = skipSpace(d, 0);
    if (open >= d.size() || d[open] != '{')
        return false;
    span->open = qsizetype(open);
    size_t p = skipSpace(d, open + 1);
    span->empty = p < d.size() && d[p] == '}';
    if (span->empty)
        return true;
    while (true) {
        if (p >= d.size() || d[p] != '"')
            return false;
        const size_t keyEnd = skipString(d, p);
        if (keyEnd == std::string_view::npos)
            return false;
        const std::string_view name = d.substr(p + 1, keyEnd - p - 2);
        p = skipSpace(d, keyEnd);
        if (p >= d.size() || d[p] != ':')
            return false;
        const size_t valueStart = skipSpace(d, p + 1);
        const size_t valueEnd = skipValue(d, valueStart);
        if (valueEnd == std::string_view::npos)
            return false;
        if (name == key) {
            span->found = true;
            span->valueStart = qsizetype(valueStart);
            span->valueEnd = qsizetype(valueEnd);
            return true;
        }
        p = skipSpace(d, valueEnd);
        if (p < d.size() && d[p] == ',') {
            p = skipSpace(d, p + 1);
            continue;
        }
        return p < d.size() && d[p] == '}';
    }
}

bool setMemberInPlace(const QByteArray &object, std::string_view key, std::string_view rawValue,
                      QByteArray *out)
{
    MemberSpan span;
    if (!findMember(object, key, &span))
        return false;
    out->clear();
    out->reserve(object.size() + qsizetype(key.size() + rawValue.size()) + 4);
    if (span.found) {
        // Only the value's bytes change: caching and thinking signatures see the same body.
        out->append(object.constData(), span.valueStart);
        out->append(rawValue.data(), qsizetype(rawValue.size()));
        out->append(object.constData() + span.valueEnd, object.size() - span.valueEnd);
        return true;
    }
    out->append(object.constData(), span.open + 1);
    out->append('"');
    out->append(key.data(), qsizetype(key.size()));
    out->append("\":");
    out->append(rawValue.data(), qsizetype(rawValue.size()));
    if (!span.empty)
        out->append(',');
    out->append(object.constData() + span.open + 1, object.size() - span.open - 1);
    return true;
}

bool rewriteModelInPlace(const QByteArray &body, std::string_view newModel, QByteArray *out)
{
    MemberSpan span;
    if (!findMember(body, "model", &span) || (span.found && body.at(span.valueStart) != '"'))
        return false;
    QByteArray quoted = "\"";
    JsonWriter::appendEscaped(quoted, newModel);
    quoted += '"';
    return setMemberInPlace(body, "model", std::string_view(quoted.constData(), size_t(quoted.size())), out);
}

bool prepareForAnthropic(const QByteArray &body, const simdjson::dom::element &request,
                         const CodecOptions &options, QByteArray *out)
{
    if (needsNormalization(request))
        return normalizeForAnthropic(request, options, out);
    if (options.targetModel.isEmpty()) {
        *out = body;
        return true;
    }
    return rewriteModelInPlace(
        body, std::string_view(options.targetModel.constData(), size_t(options.targetModel.size())), out);
}

} // namespace Switchyard::RequestCodec
