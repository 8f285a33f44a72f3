#pragma once

// The usage record number i written by helper_usageburst, shared with tst_crashsafety so the test
// can check every surviving row field by field against what the helper must have written.

#include "usagerecord.h"

#include <QString>

namespace Switchyard::Test {

inline UsageRecord burstRecord(qint64 i)
{
    UsageRecord r;
    r.timestampMs = 1735689600000 + i;
    r.requestId = QStringLiteral("burst-%1").arg(i);
    r.sessionId = QStringLiteral("session-%1").arg(i / 100);
    r.clientKeyId = i % 5;
    r.endpoint = QStringLiteral("messages");
    r.requestedModel = QStringLiteral("claude-sonnet-4-5");
    r.resolvedModel = QStringLiteral("model-%1").arg(i % 4);
    r.channelId = 1 + i % 3;
    // Long enough that a batch spans several pages, so a kill can land in the middle of one.
    r.channelName = QStringLiteral("channel-%1-").arg(i % 3).repeated(12);
    r.inputTokens = i;
    r.outputTokens = i * 3;
    r.cacheReadTokens = i * 5;
    r.cacheWriteTokens = i % 7;
    r.costUsd = double(i) / 1024.0;
    r.latencyMs = 50 + i % 1000;
    r.ttftMs = i % 10 == 0 ? -1 : i % 500;
    r.status = i % 13 == 0 ? 529 : 200;
    r.errorClass = i % 13 == 0 ? QStringLiteral("upstream_5xx") : QString();
    r.stream = i % 2 == 1;
    r.routeTrace =
        QStringLiteral(R"([{"channel":"c%1","status":%2,"record":%3}])").arg(i % 3).arg(r.status).arg(i);
    return r;
}

} // namespace Switchyard::Test
