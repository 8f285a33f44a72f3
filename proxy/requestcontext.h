#pragma once

// Per-request state that the HTTP front fixes when a request arrives and that every later stage
// (router, codecs, upstream client, usage record) reads. It travels with the request's
// ResponseStream, so a handler that answers asynchronously still sees what was true at arrival:
// above all the configuration snapshot, which a config change must not swap under a running request.

#include "configtypes.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHttpServerRequest>

#include <string_view>

namespace Switchyard {

// The error body shape a client understands (protocols 1.8 and 3.4).
enum class ErrorStyle
{
    Anthropic, // {"type":"error","error":{"type":..,"message":..},"request_id":..}
    OpenAI, // {"error":{"message":..,"type":..,"param":null,"code":..}}
};

struct RequestContext
{
    QByteArray requestId; // Wire::newRequestId(), sent back as the request-id header
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Unknown;
    QByteArray path; // normalised route path, e.g. "/v1/messages" (see HttpFront::normalisePath)
    ErrorStyle errorStyle = ErrorStyle::Anthropic;
    qint64 receivedAtMs = 0; // ms since epoch (UTC), for UsageRecord::timestampMs
    QElapsedTimer elapsed; // started on arrival, for latency and time to first token
    ConfigSnapshotPtr snapshot; // the configuration in effect when the request arrived
};

// An error body in the given style (Wire::anthropicErrorBody / Wire::openAIErrorBody), its error
// type derived from the HTTP status (404 not_found_error, 413 request_too_large, ...).
QByteArray errorBody(ErrorStyle style, int httpStatus, std::string_view message,
                     std::string_view requestId = {});

} // namespace Switchyard
