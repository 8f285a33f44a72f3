#include "failover.h"

#include "codecjson.h"
#include "streamcodec.h"

#include <simdjson.h>

namespace Switchyard::Failover {

using namespace CodecJson;

namespace {

// Error bodies are small; anything longer is an HTML page or a stream, never worth parsing whole.
constexpr qsizetype maxErrorBodyParse = 256 * 1024;

QByteArray headerValue(const HttpHeaders &headers, const char *name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value.trimmed();
    }
    return {};
}

void appendWords(QByteArray *words, std::string_view text)
{
    if (!words || text.empty())
        return;
    words->append(bytes(text).toLower()).append(' ');
}

// Collects type/code/status/reason strings (and numbers as text) of one error object.
void collect(const Element &object, QString *message, QByteArray *words)
{
    if (object.is_string()) {
        const std::string_view text(object);
        if (message->isEmpty())
            *message = QString::fromUtf8(text.data(), qsizetype(text.size()));
        appendWords(words, text);
        return;
    }
    if (!object.is_object())
        return;
    if (const auto text = stringMember(object, "message"); text && message->isEmpty())
        *message = QString::fromUtf8(text->data(), qsizetype(text->size()));
    for (std::string_view key : {"type", "code", "status", "reason", "message"}) {
        Element value;
        if (!member(object, key, &value))
            continue;
        if (value.is_string())
            appendWords(words, std::string_view(value));
        else if (isInteger(value) && words)
            words->append(QByteArray::number(toInt64(value))).append(' ');
    }
    // Gemini: details[].reason ("API_KEY_INVALID").
    Element details;
    if (member(object, "details", &details) && details.is_array()) {
        for (Element detail : details.get_array()) {
            if (detail.is_object())
                appendWords(words, stringOr(detail, "reason"));
        }
    }
}

bool isQuota(const QByteArray &words)
{
    return words.contains("insufficient_quota") || words.contains("billing")
        || words.contains("insufficient balance") || words.contains("insufficient_balance")
        || words.contains("credit balance") || words.contains("exceeded your current quota");
}

Outcome make(Action action, int status, const char *errorClass, QString message, bool serverSide = false)
{
    Outcome out;
    out.action = action;
    out.status = status;
    out.errorClass = errorClass;
    out.message = std::move(message);
    out.serverSide = serverSide;
    return out;
}

// The decision for an HTTP-level status, shared by real statuses and error objects in 200 bodies.
Outcome fromStatus(int status, const QByteArray &words, QString message, qint64 retryAfter)
{
    if (message.isEmpty())
        message = QStringLiteral("upstream returned HTTP %1").arg(status);
    // Gemini reports a bad key as 400 API_KEY_INVALID: a key problem, not the request's.
    if (words.contains("api_key_invalid"))
        return make(Action::Failover, 401, "upstream_auth", message);
    switch (status) {
    case 400: {
        Outcome out = make(Action::Final, 400, "upstream_4xx", message);
        out.thinkingSignature =
            words.contains("signature") || message.contains(u"signature", Qt::CaseInsensitive);
        return out;
    }
    case 401:
    case 403:
        return make(Action::Failover, status, "upstream_auth", message);
    case 402:
        return make(Action::Failover, 402, "quota", message);
    case 408:
    case 409:
        return make(Action::Failover, status, "upstream_4xx", message, true);
    case 429: {
        if (isQuota(words))
            return make(Action::Failover, 429, "quota", message);
        Outcome out = make(retryAfter >= 0 ? Action::Retry : Action::Failover, 429, "rate_limited", message);
        out.retryAfterMs = retryAfter;
        return out;
    }
    case 529:
        return make(Action::Failover, 529, "overloaded", message, true);
    default:
        break;
    }
    if (status >= 500 && status <= 599) {
        const bool overloaded = words.contains("overload");
        return make(Action::Failover, status, overloaded ? "overloaded" : "upstream_5xx", message, true);
    }
    if (status >= 400 && status <= 499)
        return make(Action::Final, status, "upstream_4xx", message);
    // 1xx/3xx (redirects are never followed) or nonsense: this upstream cannot serve the request.
    return make(Action::Failover, 502, "upstream_protocol", message);
}

} // namespace

qint64 retryAfterMs(const HttpHeaders &headers, const QDateTime &now)
{
    bool ok = false;
    const QByteArray ms = headerValue(headers, "retry-after-ms");
    if (!ms.isEmpty()) {
        const double value = ms.toDouble(&ok);
        if (ok && value >= 0)
            return qint64(value);
    }
    const QByteArray value = headerValue(headers, "retry-after");
    if (value.isEmpty())
        return -1;
    const double seconds = value.toDouble(&ok);
    if (ok)
        return seconds >= 0 ? qint64(seconds * 1000) : -1;
    // An HTTP date ("Thu, 01 Jan 2026 00:00:10 GMT"); Qt's RFC 2822 parser wants a numeric zone.
    QString date = QString::fromLatin1(value);
    if (date.endsWith(QLatin1String(" GMT")) || date.endsWith(QLatin1String(" UTC")))
        date = date.left(date.size() - 3) + QLatin1String("+0000");
    const QDateTime at = QDateTime::fromString(date, Qt::RFC2822Date);
    if (!at.isValid())
        return -1;
    return std::max<qint64>(0, now.msecsTo(at));
}

QString errorMessageFromBody(const QByteArray &body, QByteArray *words)
{
    const QByteArray trimmed = body.left(maxErrorBodyParse).trimmed();
    QString message;
    if (trimmed.isEmpty())
        return message;
    simdjson::dom::parser parser;
    Element root;
    if (parser.parse(trimmed.constData(), size_t(trimmed.size())).get(root) != simdjson::SUCCESS) {
        // A proxy's HTML page or plain text: its words still help (e.g. "overloaded").
        if (words)
            words->append(trimmed.left(512).toLower());
        return message;
    }
    if (root.is_array()) { // Gemini wraps errors in an array
        for (Element item : root.get_array()) {
            root = item;
            break;
        }
    }
    if (!root.is_object())
        return message;
    if (const auto error = present(root, "error"))
        collect(*error, &message, words);
    collect(root, &message, words);
    return message;
}

Outcome fromHttp(int status, const HttpHeaders &headers, const QByteArray &body, const QDateTime &now)
{
    QByteArray words;
    const QString message = errorMessageFromBody(body, &words);
    return fromStatus(status, words, message, retryAfterMs(headers, now));
}

Outcome fromTransport(const UpstreamError &error)
{
    using K = UpstreamError::Kind;
    switch (error.kind) {
    case K::ConnectTimeout:
    case K::FirstByteTimeout:
    case K::IdleTimeout:
        return make(Action::Failover, 504, "timeout", error.message);
    case K::Reset:
        return make(Action::Failover, 502, error.afterHeaders ? "upstream_cut" : "connect", error.message);
    case K::Protocol:
        return make(Action::Failover, 502, "upstream_protocol", error.message);
    case K::InvalidRequest:
        return make(Action::Failover, 502, "invalid_upstream", error.message);
    case K::Canceled:
        return make(Action::Failover, 502, "canceled", error.message);
    case K::Connect:
    case K::Tls:
    case K::Proxy:
        break;
    }
    return make(Action::Failover, 502, "connect", error.message);
}

Outcome fromStreamError(const UpstreamStreamError &error, const QByteArray &codecErrorClass)
{
    const QString message = QString::fromUtf8(error.message);
    if (codecErrorClass == "empty_response")
        return make(Action::Failover, 502, "empty_response", message, true);
    if (codecErrorClass == "upstream_cut")
        return make(Action::Failover, 502, "upstream_cut", message, true);
    if (codecErrorClass == "event_too_large")
        return make(Action::Failover, 502, "upstream_protocol", message);
    QByteArray words = error.type.toLower() + ' ' + error.raw.left(2048).toLower();
    return fromStatus(error.httpStatus > 0 ? error.httpStatus : 500, words, message, -1);
}

Outcome fromBodyError(const QByteArray &errorType, const QString &message, bool malformed)
{
    if (malformed)
        return make(Action::Failover, 502, "upstream_protocol",
                    message.isEmpty() ? QStringLiteral("upstream returned a malformed response") : message);
    const QByteArray words = errorType.toLower() + ' ' + message.toUtf8().toLower();
    // A type word is all there is to go on: reuse the stream error mapping.
    UpstreamStreamError error;
    error.type = errorType;
    error.message = message.toUtf8();
    error.httpStatus = StreamErrors::httpStatusForAnthropicType(
        std::string_view(errorType.constData(), size_t(errorType.size())));
    if (error.httpStatus == 500) {
        // Not an Anthropic type: an OpenAI-style type/code ("insufficient_quota", "server_error").
        if (words.contains("quota") || words.contains("rate_limit"))
            error.httpStatus = 429;
        else if (words.contains("overload"))
            error.httpStatus = 529;
        else if (words.contains("invalid_request"))
            error.httpStatus = 400;
        else if (words.contains("auth") || words.contains("api_key"))
            error.httpStatus = 401;
    }
    return fromStatus(error.httpStatus, words, message, -1);
}

} // namespace Switchyard::Failover
