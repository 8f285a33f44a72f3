#pragma once

// Framing of the server-sent events the proxy writes to its clients: Anthropic streams name every
// event (protocols 1.7), OpenAI streams send bare data lines ending in [DONE] (protocols 3.3).
// Payloads come from JsonWriter, which escapes every control character, so a payload is always a
// single line and needs no splitting into several data lines.

#include <QByteArray>

#include <string_view>

namespace Switchyard::Sse {

// Keep-alives (protocols 2.7, 4.6): a ping event the Anthropic SDK ignores, and a comment that
// intermediaries see but OpenAI SDKs never surface.
inline constexpr std::string_view AnthropicPing = "event: ping\ndata: {\"type\":\"ping\"}\n\n";
inline constexpr std::string_view OpenAIPing = ": ping\n\n";
inline constexpr std::string_view OpenAIDone = "data: [DONE]\n\n";

// "event: <name>\ndata: <json>\n\n"
void appendEvent(QByteArray &out, std::string_view name, std::string_view json);
// "data: <json>\n\n"
void appendData(QByteArray &out, std::string_view json);
// ": <text>\n\n"
void appendComment(QByteArray &out, std::string_view text);
// "data: [DONE]\n\n"
void appendDone(QByteArray &out);
// An Anthropic error event, {"type":"error","error":{"type":..,"message":..}} (protocols 1.7, 1.8).
void appendAnthropicError(QByteArray &out, std::string_view errorType, std::string_view message);
// An OpenAI mid-stream error, data: {"error":{"message":..,"type":..,...}} (protocols 3.4).
void appendOpenAIError(QByteArray &out, std::string_view errorType, std::string_view message);

} // namespace Switchyard::Sse
