#pragma once

// One record per proxied request. The proxy thread fills it in and emits it; the storage writer
// thread persists it in batches. Value type only, so it crosses threads through queued signals.

#include <QMetaType>
#include <QString>

namespace Switchyard {

struct UsageRecord
{
    qint64 timestampMs = 0; // request start, ms since epoch (UTC)
    QString requestId; // "req_..." as returned to the client
    QString sessionId; // Claude Code session, or empty
    qint64 clientKeyId = 0; // 0 = anonymous loopback client
    QString endpoint; // "messages", "chat.completions", "count_tokens", ...
    QString requestedModel;
    QString resolvedModel;
    qint64 channelId = 0;
    QString channelName;
    qint64 inputTokens = 0; // uncached input
    qint64 outputTokens = 0;
    qint64 cacheReadTokens = 0;
    qint64 cacheWriteTokens = 0;
    double costUsd = 0;
    qint64 latencyMs = 0; // until the response was complete
    qint64 ttftMs = -1; // time to first token, -1 when none
    int status = 0; // HTTP status returned to the client
    QString errorClass; // "", "upstream_5xx", "timeout", "client_disconnect", ...
    bool stream = false;
    QString routeTrace; // compact JSON array of attempts
    QString routeReason; // how the route was chosen: RouteDecision::traceText()

    // Body capture ("proxy/captureBodies", off by default, for debugging): the client's request as
    // received and the answer as sent (a stream's SSE text), each cut at 1 MiB, plus the request
    // headers with credentials redacted. Empty when capture is off.
    QByteArray requestBody;
    QByteArray responseBody;
    QString requestHeaders; // "name: value" lines

    bool operator==(const UsageRecord &) const = default;
};

} // namespace Switchyard

Q_DECLARE_METATYPE(Switchyard::UsageRecord)
