#include "ssewriter.h"

#include "protocolcommon.h"

namespace Switchyard::Sse {

namespace {
void append(QByteArray &out, std::string_view text)
{
    out.append(text.data(), qsizetype(text.size()));
}
} // namespace

void appendEvent(QByteArray &out, std::string_view name, std::string_view json)
{
    out.reserve(out.size() + qsizetype(name.size() + json.size()) + 16);
    append(out, "event: ");
    append(out, name);
    append(out, "\ndata: ");
    append(out, json);
    append(out, "\n\n");
}

void appendData(QByteArray &out, std::string_view json)
{
    out.reserve(out.size() + qsizetype(json.size()) + 8);
    append(out, "data: ");
    append(out, json);
    append(out, "\n\n");
}

void appendComment(QByteArray &out, std::string_view text)
{
    append(out, ": ");
    append(out, text);
    append(out, "\n\n");
}

void appendDone(QByteArray &out)
{
    append(out, OpenAIDone);
}

void appendAnthropicError(QByteArray &out, std::string_view errorType, std::string_view message)
{
    const QByteArray body = Wire::anthropicErrorBody(errorType, message);
    appendEvent(out, "error", std::string_view(body.constData(), size_t(body.size())));
}

void appendOpenAIError(QByteArray &out, std::string_view errorType, std::string_view message)
{
    const QByteArray body = Wire::openAIErrorBody(errorType, message);
    appendData(out, std::string_view(body.constData(), size_t(body.size())));
}

} // namespace Switchyard::Sse
