#pragma once

// Request-body translation between Anthropic Messages and OpenAI Chat Completions, and the history
// normalisation applied before an Anthropic upstream (protocols 4.1, 4.4, 4.9, Appendix C.6).
//
// Input is a simdjson DOM element of the client's body (already parsed by the caller, who owns the
// parser and must keep it alive for the call); output is written with JsonWriter. Stateless and
// reentrant: any thread may call these, the only shared state is CodecOptions::toolNames.

#include "codecoptions.h"

#include <QByteArray>
#include <QString>

#include <string_view>

namespace simdjson::dom {
class element;
} // namespace simdjson::dom

namespace Switchyard::RequestCodec {

// Anthropic Messages request -> OpenAI Chat Completions request. Returns false with a client-facing
// message (for a 400 invalid_request_error) when the request is malformed (wrong types, missing
// messages, unknown roles...).
bool anthropicToOpenAI(const simdjson::dom::element &request, const CodecOptions &options, QByteArray *out,
                       QString *error);

// OpenAI Chat Completions request -> Anthropic Messages request. Returns false with a client-facing
// message (400) for malformed input, n > 1, unsupported image types and unsupported parts.
bool openAIToAnthropic(const simdjson::dom::element &request, const CodecOptions &options, QByteArray *out,
                       QString *error);

// --- Anthropic upstream (client already speaks Anthropic) ---

// Cheap scan: true when the history needs normalizeForAnthropic() (tool ids with characters
// Anthropic rejects, empty/whitespace text blocks, text after a tool_use in an assistant turn,
// tool_result blocks after other blocks, proxy-signed thinking blocks, unanswered tool_use).
bool needsNormalization(const simdjson::dom::element &request);

// Rewrites the body with the history fixed as listed above and model = options.targetModel (when
// set). Everything else is copied through. *changed tells whether anything besides the model
// changed. Returns false only when the body is not an Anthropic request object.
bool normalizeForAnthropic(const simdjson::dom::element &request, const CodecOptions &options,
                           QByteArray *out, bool *changed = nullptr);

// The retry after Anthropic answered 400 about thinking signatures: normalisation plus removal of
// every thinking/redacted_thinking block; the top-level thinking parameter is dropped as well when
// the last assistant turn calls tools and so would lack its mandatory leading thinking block.
bool stripAllThinking(const simdjson::dom::element &request, const CodecOptions &options, QByteArray *out);

// Where a top-level member's value sits in a JSON object's bytes.
struct MemberSpan
{
    qsizetype open = -1; // offset of the object's '{'
    bool empty = false; // the object has no members
    bool found = false;
    qsizetype valueStart = -1; // [valueStart, valueEnd) when found
    qsizetype valueEnd = -1;
};
// False when object is not a JSON object (only the top level is scanned, nothing is validated
// beyond what skipping values needs).
bool findMember(const QByteArray &object, std::string_view key, MemberSpan *span);
// Sets one top-level member to rawValue (valid JSON text): replaces its value bytes in place, or
// inserts it first when absent. Every other byte stays identical.
bool setMemberInPlace(const QByteArray &object, std::string_view key, std::string_view rawValue,
                      QByteArray *out);

// Replaces only the top-level "model" string value of body (inserts one when absent) and leaves
// every other byte identical, which keeps prompt caching and thinking signatures intact. Returns
// false when body is not a JSON object or its model is not a string.
bool rewriteModelInPlace(const QByteArray &body, std::string_view newModel, QByteArray *out);

// The whole Anthropic-upstream preparation: normalise when needsNormalization(), else splice the
// model in place (or hand back body unchanged when options.targetModel is empty).
bool prepareForAnthropic(const QByteArray &body, const simdjson::dom::element &request,
                         const CodecOptions &options, QByteArray *out);

} // namespace Switchyard::RequestCodec
