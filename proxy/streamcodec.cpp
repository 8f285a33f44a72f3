#include "streamcodec.h"

#include "codecjson.h"
#include "logging.h"
#include "ssewriter.h"

#include <simdjson.h>

namespace Switchyard {

using namespace CodecJson;

namespace {
constexpr qsizetype PreambleLimit = 64 * 1024;
} // namespace

StreamCodec::StreamCodec()
    : m_json(std::make_unique<simdjson::dom::parser>())
    , m_payload(512)
{
}

StreamCodec::~StreamCodec() = default;

void StreamCodec::feed(const char *data, qsizetype size)
{
    if (size <= 0)
        return;
    if (isFinished()) {
        handleBytesAfterFinish(data, size);
        return;
    }
    handleRawBytes(data, size);
    if (m_sse.eventCount() == 0 && m_preamble.size() < PreambleLimit)
        m_preamble.append(data, std::min(size, PreambleLimit - m_preamble.size()));
    m_sse.feed(data, size);
    drainEvents();
}

void StreamCodec::finish(bool upstreamEof)
{
    if (isFinished())
        return;
    // After an abnormal end the last partial event is not trusted: it may be cut mid-JSON.
    if (upstreamEof) {
        m_sse.finish();
        drainEvents();
    }
    if (!isFinished() && !(upstreamEof && failFromPlainBody()))
        handleEnd(upstreamEof);
}

bool StreamCodec::failFromPlainBody()
{
    if (m_started || m_sse.eventCount() > 0)
        return false;
    const QByteArray body = m_preamble.trimmed();
    m_preamble = QByteArray();
    Element root;
    if (!body.startsWith('{')
        || m_json->parse(body.constData(), size_t(body.size())).get(root) != simdjson::SUCCESS)
        return false;
    const auto error = present(root, "error");
    if (!error)
        return false;
    const std::string_view raw = view(body);
    failWith(stringOr(root, "type") == "error" ? StreamErrors::fromAnthropicError(*error, raw)
                                               : StreamErrors::fromOpenAIError(*error, raw),
             "upstream_error");
    return true;
}

void StreamCodec::fail(std::string_view errorType, std::string_view message, std::string_view errorClass)
{
    UpstreamStreamError error;
    error.type = bytes(errorType);
    error.message = bytes(message);
    error.httpStatus = StreamErrors::httpStatusForAnthropicType(errorType);
    failWith(std::move(error), errorClass);
}

void StreamCodec::drainEvents()
{
    SseEvent event;
    while (!isFinished() && m_sse.next(event))
        handleEvent(event);
    if (!m_preamble.isEmpty() && m_sse.eventCount() > 0)
        m_preamble = QByteArray(); // it is a stream after all
    if (!isFinished() && m_sse.hasError()) {
        UpstreamStreamError error;
        error.type = "api_error";
        error.message = "upstream event exceeds the size limit";
        error.httpStatus = 502;
        failWith(std::move(error), "event_too_large");
    }
}

QByteArray StreamCodec::takeOutput()
{
    QByteArray out = std::move(m_out);
    m_out = QByteArray();
    return out;
}

QByteArray StreamCodec::keepAlive() const
{
    if (isFinished())
        return {};
    const std::string_view frame = pingFrame();
    return QByteArray(frame.data(), qsizetype(frame.size()));
}

QByteArray StreamCodec::errorFrame(std::string_view errorType, std::string_view message) const
{
    QByteArray out;
    appendErrorFrame(out, errorType, message);
    return out;
}

void StreamCodec::handleRawBytes(const char *, qsizetype) { }

void StreamCodec::handleBytesAfterFinish(const char *, qsizetype) { }

JsonWriter &StreamCodec::payload()
{
    m_payload.reset();
    return m_payload;
}

void StreamCodec::markStarted()
{
    m_started = true;
    m_emitted = true;
    m_state = State::Streaming;
}

void StreamCodec::markFirstContent()
{
    if (m_firstContentSeen)
        return;
    m_firstContentSeen = true;
    if (m_onFirstContent)
        m_onFirstContent();
}

void StreamCodec::complete(std::string_view stopReason)
{
    m_stopReason = bytes(stopReason);
    m_state = State::Completed;
}

void StreamCodec::failWith(UpstreamStreamError error, std::string_view errorClass, std::string_view frameType,
                           Frame frame)
{
    if (isFinished())
        return;
    m_errorClass = bytes(errorClass);
    m_upstreamError = std::move(error);
    if (m_started && frame == Frame::Emit) {
        const std::string_view type = frameType.empty() ? view(m_upstreamError.type) : frameType;
        appendErrorFrame(m_out, type, view(m_upstreamError.message));
    }
    m_state = State::Failed;
}

void StreamCodec::warnBadEvent(std::string_view what, std::string_view data)
{
    if (m_warnedBadEvent)
        return;
    m_warnedBadEvent = true;
    qCWarning(lcProxy).noquote() << QStringLiteral("skipping unparsable upstream stream event (%1): %2")
                                        .arg(QLatin1String(what.data(), qsizetype(what.size())),
                                             QString::fromUtf8(
                                                 data.data(), qsizetype(std::min<size_t>(data.size(), 200))));
}

std::string_view AnthropicOutputStream::pingFrame() const
{
    return Sse::AnthropicPing;
}

void AnthropicOutputStream::appendErrorFrame(QByteArray &out, std::string_view errorType,
                                             std::string_view message) const
{
    Sse::appendAnthropicError(out, errorType, message);
}

std::string_view OpenAIOutputStream::pingFrame() const
{
    return Sse::OpenAIPing;
}

void OpenAIOutputStream::appendErrorFrame(QByteArray &out, std::string_view errorType,
                                          std::string_view message) const
{
    Sse::appendOpenAIError(out, errorType, message);
}

namespace StreamErrors {

int httpStatusForAnthropicType(std::string_view errorType)
{
    struct Entry
    {
        std::string_view type;
        int status;
    };
    static constexpr Entry table[] = {
        {"invalid_request_error", 400}, {"authentication_error", 401},
        {"billing_error", 402},         {"permission_error", 403},
        {"not_found_error", 404},       {"request_too_large", 413},
        {"rate_limit_error", 429},      {"api_error", 500},
        {"timeout_error", 504},         {"overloaded_error", 529},
    };
    for (const Entry &entry : table) {
        if (entry.type == errorType)
            return entry.status;
    }
    return 500;
}

std::string_view midStreamType(const UpstreamStreamError &error)
{
    switch (error.httpStatus) {
    case 429:
    case 503:
    case 529:
        return "overloaded_error";
    default:
        return "api_error";
    }
}

namespace {

// Status for an error that carries no numeric code: the words providers use in type/code/message.
int statusFromWords(const QByteArray &words)
{
    struct Rule
    {
        const char *needle;
        int status;
    };
    // First match wins: "insufficient_quota" is a 429 whatever else is said, and an
    // "invalid_request_error" whose code is "invalid_api_key" is a key problem (401), not a 400.
    static constexpr Rule rules[] = {
        {"overload", 529},          {"quota", 429},
        {"rate_limit", 429},        {"rate limit", 429},
        {"too many requests", 429}, {"resource_exhausted", 429},
        {"invalid_api_key", 401},   {"authentication", 401},
        {"unauthorized", 401},      {"permission", 403},
        {"forbidden", 403},         {"not_found", 404},
        {"not found", 404},         {"context_length", 400},
        {"invalid_request", 400},   {"timeout", 504},
        {"timed out", 504},         {"deadline", 504},
        {"unavailable", 503},
    };
    for (const Rule &rule : rules) {
        if (words.contains(rule.needle))
            return rule.status;
    }
    return 500;
}

} // namespace

UpstreamStreamError fromOpenAIError(const Element &error, std::string_view raw)
{
    UpstreamStreamError out;
    out.raw = bytes(raw);
    std::string_view message;
    QByteArray words;
    int status = 0;
    if (error.is_string()) {
        message = std::string_view(error);
    } else if (error.is_object()) {
        message = stringOr(error, "message");
        for (std::string_view key : {"type", "code", "status"}) {
            Element value;
            if (!member(error, key, &value))
                continue;
            if (isInteger(value)) {
                const qint64 number = toInt64(value);
                if (status == 0 && number >= 400 && number <= 599)
                    status = int(number);
            } else if (value.is_string()) {
                words.append(bytes(std::string_view(value))).append(' ');
            }
        }
    }
    if (status == 0) {
        words.append(bytes(message));
        status = statusFromWords(words.toLower());
    }
    out.httpStatus = status;
    out.type = bytes(Wire::anthropicErrorType(status));
    out.message = message.empty() ? QByteArray("upstream error") : bytes(message);
    return out;
}

UpstreamStreamError fromAnthropicError(const Element &error, std::string_view raw)
{
    UpstreamStreamError out;
    out.raw = bytes(raw);
    const std::string_view type = stringOr(error, "type", "api_error");
    out.type = bytes(type);
    out.message = bytes(stringOr(error, "message", "upstream error"));
    out.httpStatus = httpStatusForAnthropicType(type);
    return out;
}

} // namespace StreamErrors

} // namespace Switchyard
