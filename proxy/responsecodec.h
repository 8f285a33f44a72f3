#pragma once

// Non-streaming response translation between OpenAI Chat Completions and Anthropic Messages
// (protocols 4.2, 4.5, 4.7, 4.8). The streaming state machines live elsewhere (streamcodec).
//
// Input is the upstream's 200 body as a simdjson DOM element (the caller parses and keeps the parser
// alive); output is written with JsonWriter. Stateless and reentrant apart from
// CodecOptions::toolNames.

#include "codecoptions.h"
#include "protocolcommon.h"

#include <QByteArray>
#include <QString>

#include <string_view>

namespace simdjson::dom {
class element;
} // namespace simdjson::dom

namespace Switchyard {

struct ResponseResult
{
    enum Status
    {
        Ok,
        // The upstream answered 200 with an error object (or type:"error") instead of a result:
        // treat it like an upstream failure (retry/failover per protocols 8), never as success.
        UpstreamError,
        // The body is not a response of the expected protocol (no choices, wrong types): an upstream
        // failure as well, reported to the client as api_error if nothing else succeeds.
        Malformed,
    };
    Status status = Malformed;
    QString errorMessage; // for UpstreamError/Malformed; the upstream's message when it sent one
    QByteArray errorType; // upstream error.type or error.code when present
    Wire::TokenUsage usage; // in Anthropic terms, for the usage record
    QByteArray stopReason; // Anthropic stop_reason (openAIToAnthropic) / OpenAI finish_reason
    int toolCalls = 0;

    bool ok() const { return status == Ok; }
};

namespace ResponseCodec {

// OpenAI chat.completion -> Anthropic message. model in the output is requestedModel (the name the
// client asked for); thinking blocks get a proxy signature; tool ids are sanitised and registered in
// options.toolNames, truncated tool names restored from it.
ResponseResult openAIToAnthropic(const simdjson::dom::element &body, std::string_view requestedModel,
                                 const CodecOptions &options, QByteArray *out);

// Anthropic message -> OpenAI chat.completion. reasoning_content only when
// options.includeReasoningInOpenAIResponse.
ResponseResult anthropicToOpenAI(const simdjson::dom::element &body, std::string_view requestedModel,
                                 const CodecOptions &options, QByteArray *out);

} // namespace ResponseCodec
} // namespace Switchyard
