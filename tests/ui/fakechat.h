#pragma once

// An OpenAI-compatible chat completions handler for FakeUpstream that answers "OK", streamed when
// the request asks for a stream (the channel tester, the proxy for Claude Code) and as one JSON
// body otherwise. Shared by the first-run wizard and screenshot tests.

#include "fakeupstream.h"

#include <QJsonObject>

namespace Switchyard::Test {

inline void serveChatOk(FakeExchange &ex)
{
    if (ex.request().json().value(QStringLiteral("stream")).toBool()) {
        ex.beginStream(200)
            .sendChunk("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\","
                       "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"OK\"},"
                       "\"finish_reason\":null}]}\n\n")
            .sendChunk("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\","
                       "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                       "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}\n\n")
            .sendChunk("data: [DONE]\n\n")
            .endStream();
        return;
    }
    ex.respondJson(200,
                   "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"m\","
                   "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"OK\"},"
                   "\"finish_reason\":\"stop\"}],"
                   "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}");
}

} // namespace Switchyard::Test
