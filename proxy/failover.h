#pragma once

// Error classification for retry and failover (protocols.md section 8). Pure functions: the upstream's
// answer (HTTP status + headers + body, a transport error, or an error inside a 200 stream) goes in,
// the action and the client-facing description come out. The Exchange applies them.
//
// Policy in short:
//   - 400 (and 404, 405, 406, 413, 414, 415, 422, other 4xx): final, the client's request is at fault;
//     a 400 about a thinking signature is flagged so the caller can retry once without thinking.
//   - 401, 403, 402, 429 insufficient_quota: the key/account cannot serve now: fail over.
//   - 429 rate limit: retry the same upstream after Retry-After when it is within the cap, else fail over.
//   - 408, 409, 5xx, 529, errors inside a 200 stream before content, empty streams, connect errors,
//     timeouts before the commit point: fail over.

#include "protocolcommon.h"
#include "upstreamclient.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace Switchyard {

struct UpstreamStreamError;

namespace Failover {

enum class Action
{
    Retry, // same upstream again after retryAfterMs (only rate limits within the cap)
    Failover, // next candidate; the last one's outcome goes to the client
    Final, // return to the client at once: another upstream would reject the same request
};

struct Outcome
{
    Action action = Action::Failover;
    int status = 502; // HTTP status the failure stands for (what the client gets when it is final)
    // UsageRecord::errorClass: upstream_4xx, upstream_5xx, overloaded, rate_limited, quota,
    // upstream_auth, timeout, connect, upstream_cut, empty_response, upstream_protocol, ...
    QByteArray errorClass;
    QString message; // the upstream's own message when it sent one, else a description
    qint64 retryAfterMs = -1; // advertised wait (Retry-After / retry-after-ms), -1 when none
    bool thinkingSignature = false; // a 400 about an invalid thinking signature (protocols 4.9)
    // Counts towards "everything failed with overloaded/5xx" -> 529 overloaded_error (golden 40).
    bool serverSide = false;
};

// An upstream HTTP answer that is not a success (status outside 2xx). body may be any size; only
// a JSON error object in it is read.
Outcome fromHttp(int status, const HttpHeaders &headers, const QByteArray &body,
                 const QDateTime &now = QDateTime::currentDateTimeUtc());
// A transport failure before anything reached the client (connect, timeouts, reset, TLS...).
Outcome fromTransport(const UpstreamError &error);
// An error the stream codecs found inside a 200 answer before its first event: an error chunk, a
// plain JSON error body, an empty stream. codecErrorClass is StreamCodec::errorClass().
Outcome fromStreamError(const UpstreamStreamError &error, const QByteArray &codecErrorClass);
// An error object inside a 200 non-streaming body (ResponseResult::UpstreamError / Malformed).
Outcome fromBodyError(const QByteArray &errorType, const QString &message, bool malformed);

// Milliseconds from retry-after-ms, or Retry-After (delta seconds or an HTTP date); -1 when
// absent or unparsable. Never negative otherwise.
qint64 retryAfterMs(const HttpHeaders &headers, const QDateTime &now = QDateTime::currentDateTimeUtc());

// The message of an upstream error body: Anthropic {"type":"error","error":{message}}, OpenAI
// {"error":{message}}, Gemini [{"error":{message}}] or {"message":..}; empty when none.
// *words gets the lowercased type/code/status/message words for classification.
QString errorMessageFromBody(const QByteArray &body, QByteArray *words = nullptr);

} // namespace Failover
} // namespace Switchyard
