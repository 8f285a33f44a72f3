#include "exchange.h"

#include "anthropicstreamobserver.h"
#include "anthropictoopenaistream.h"
#include "clientauth.h"
#include "codecjson.h"
#include "codecoptions.h"
#include "logging.h"
#include "messageevents.h"
#include "openaipassthrough.h"
#include "openaitoanthropicstream.h"
#include "pricing.h"
#include "proxyserver.h"
#include "requestcodec.h"
#include "responsecodec.h"
#include "ssewriter.h"
#include "tokencounter.h"
#include "urlpolicy.h"

#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <simdjson.h>

namespace Switchyard {

using namespace CodecJson;

namespace {

// Upstream bodies larger than this are not buffered (a stream is never buffered at all).
constexpr qsizetype maxWholeBody = 64 * 1024 * 1024;
// Error bodies are read for their message only.
constexpr qsizetype maxErrorBody = 1024 * 1024;
// Body capture keeps at most this much of each body.
constexpr qsizetype maxCaptureBytes = 1024 * 1024;
// A key that answered 429 without saying how long to wait rests for this long.
constexpr qint64 defaultKeyCoolDownMs = 5000;
// A key whose account ran out of quota (429 insufficient_quota) rests for this long.
constexpr qint64 quotaKeyCoolDownMs = 10 * 60 * 1000;
// Status recorded when the client left before any response byte (nginx's convention).
constexpr int clientClosedStatus = 499;
constexpr const char *defaultAnthropicVersion = "2023-06-01";

const HttpHeaderList jsonContentType = {
    {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")}};

std::string_view view(const QByteArray &bytes)
{
    return std::string_view(bytes.constData(), size_t(bytes.size()));
}

QByteArray headerValue(const HttpHeaders &headers, const char *name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString describeJsonError(simdjson::error_code error)
{
    switch (error) {
    case simdjson::UTF8_ERROR:
        return QStringLiteral("Request body is not valid UTF-8.");
    case simdjson::EMPTY:
        return QStringLiteral("Request body is empty; expected a JSON object.");
    case simdjson::DEPTH_ERROR:
        return QStringLiteral("Request body is nested too deeply.");
    default:
        break;
    }
    return QStringLiteral("Request body is not valid JSON: %1.")
        .arg(QString::fromUtf8(simdjson::error_message(error)));
}

enum class Expect
{
    String,
    Array,
    Object,
    Bool,
    Integer,
    Number,
    StringOrArray,
};

const char *expectName(Expect expect)
{
    switch (expect) {
    case Expect::String:
        return "a string";
    case Expect::Array:
        return "an array";
    case Expect::Object:
        return "an object";
    case Expect::Bool:
        return "a boolean";
    case Expect::Integer:
        return "an integer";
    case Expect::Number:
        return "a number";
    case Expect::StringOrArray:
        return "a string or an array";
    }
    return "a value";
}

bool matches(const Element &value, Expect expect)
{
    switch (expect) {
    case Expect::String:
        return value.is_string();
    case Expect::Array:
        return value.is_array();
    case Expect::Object:
        return value.is_object();
    case Expect::Bool:
        return value.is_bool();
    case Expect::Integer:
        return isInteger(value);
    case Expect::Number:
        return isNumber(value);
    case Expect::StringOrArray:
        return value.is_string() || value.is_array();
    }
    return false;
}

// Empty when the member is absent (or null and optional) or of the expected type.
QString checkMember(const Element &object, std::string_view key, Expect expect, bool required)
{
    Element value;
    const QString name = QString::fromLatin1(key.data(), qsizetype(key.size()));
    if (!member(object, key, &value) || (value.is_null() && !required)) {
        return required ? QStringLiteral("%1: field required").arg(name) : QString();
    }
    if (!matches(value, expect))
        return QStringLiteral("%1: expected %2").arg(name, QLatin1String(expectName(expect)));
    return {};
}

Protocol upstreamProtocol(const RouteCandidate &candidate)
{
    return candidate.provider ? candidate.provider->protocol : Protocol::OpenAI;
}

QByteArray percentSafe(const QString &text)
{
    // Header values must stay printable ASCII; channel names are user text.
    return QUrl::toPercentEncoding(text, QByteArrayLiteral(" ,:/@()_-.~"));
}

} // namespace

// --- ClientError ---

namespace ClientError {

QByteArray body(ErrorStyle style, int status, const QString &message, const QByteArray &requestId)
{
    const QByteArray text = message.toUtf8();
    if (style == ErrorStyle::Anthropic)
        return Wire::anthropicErrorBody(Wire::anthropicErrorType(status), view(text), view(requestId));
    if (status == 401) // what OpenAI itself answers for a bad key
        return Wire::openAIErrorBody("invalid_request_error", view(text), "invalid_api_key");
    if (status == 429)
        return Wire::openAIErrorBody(Wire::openAIErrorType(status), view(text), "rate_limit_exceeded");
    return Wire::openAIErrorBody(Wire::openAIErrorType(status), view(text));
}

QByteArray streamFrame(ErrorStyle style, int status, const QString &message)
{
    QByteArray out;
    const QByteArray text = message.toUtf8();
    if (style == ErrorStyle::Anthropic)
        Sse::appendAnthropicError(out, Wire::anthropicErrorType(status), view(text));
    else
        Sse::appendOpenAIError(out, Wire::openAIErrorType(status), view(text));
    return out;
}

bool send(ResponseStream &stream, ErrorStyle style, int status, const QString &message,
          const HttpHeaderList &headers)
{
    HttpHeaderList all = headers;
    all += jsonContentType;
    return stream.sendComplete(status, all, body(style, status, message, stream.context().requestId));
}

} // namespace ClientError

// --- Exchange ---

Exchange::Exchange(Engine *engine, Kind kind, const QHttpServerRequest &request,
                   std::unique_ptr<ResponseStream> stream)
    : QObject(engine)
    , m_engine(engine)
    , m_kind(kind)
    , m_stream(std::move(stream))
    , m_body(request.body())
    , m_query(request.url().query(QUrl::FullyEncoded).toUtf8())
    , m_xApiKey(HttpCompat::requestHeader(request, QByteArrayLiteral("x-api-key")))
    , m_authorization(HttpCompat::requestHeader(request, QByteArrayLiteral("authorization")))
    , m_anthropicVersion(HttpCompat::requestHeader(request, QByteArrayLiteral("anthropic-version")))
    , m_anthropicBeta(HttpCompat::requestHeader(request, QByteArrayLiteral("anthropic-beta")))
    , m_sessionHeader(HttpCompat::requestHeader(request, QByteArrayLiteral("x-claude-code-session-id")))
    , m_peer(request.remoteAddress())
{
    m_snapshot = m_stream->context().snapshot;
    if (!m_snapshot)
        m_snapshot = std::make_shared<const ConfigSnapshot>();
    m_settings = EngineSettings::fromSettings(m_snapshot->config.settings);
    if (m_settings.captureBodies) {
        for (const auto &[name, value] : request.headers()) {
            const QByteArray lower = name.toLower();
            const bool secret = lower == "authorization" || lower == "x-api-key" || lower == "cookie"
                || lower == "proxy-authorization";
            m_requestHeadersText += name + ": " + (secret ? QByteArray("[redacted]") : value) + '\n';
        }
    }
    connect(m_stream.get(), &ResponseStream::clientDisconnected, this, &Exchange::onClientDisconnected);
}

Exchange::~Exchange()
{
    // Destroyed with the engine while still running (proxy shutdown): stop the upstream silently.
    detachCall(true);
}

void Exchange::start()
{
    if (!authenticate() || !parseAndValidate())
        return;
    if (m_kind == Kind::CountTokens && m_settings.localTokenCount) {
        countTokensLocally();
        return;
    }
    if (!route() || !checkBudgets())
        return;
    if (m_settings.deadlineMs > 0) {
        m_deadlineTimer = new QTimer(this);
        m_deadlineTimer->setSingleShot(true);
        connect(m_deadlineTimer, &QTimer::timeout, this, &Exchange::onDeadline);
        m_deadlineTimer->start(m_settings.deadlineMs);
    }
    if (m_clientStream) {
        m_pingTimer = new QTimer(this);
        m_pingTimer->setSingleShot(true);
        connect(m_pingTimer, &QTimer::timeout, this, &Exchange::onPingDue);
        if (m_settings.pingIntervalMs > 0)
            m_pingTimer->start(m_settings.pingIntervalMs);
    }
    startAttempt();
}

// --- setup ---

bool Exchange::authenticate()
{
    const AuthResult auth = ClientAuth::check(m_snapshot->config, m_xApiKey, m_authorization, m_peer);
    if (!auth.ok()) {
        replyError(auth.httpStatus(), auth.message, "auth");
        return false;
    }
    m_clientKey = auth.key;
    return true;
}

bool Exchange::parseAndValidate()
{
    m_parser = std::make_unique<simdjson::dom::parser>();
    m_root = std::make_unique<Element>();
    const simdjson::error_code error =
        m_parser->parse(m_body.constData(), size_t(m_body.size())).get(*m_root);
    if (error != simdjson::SUCCESS) {
        replyError(400, describeJsonError(error), "invalid_request");
        return false;
    }
    if (const QString problem = validate(*m_root); !problem.isEmpty()) {
        replyError(400, problem, "invalid_request");
        return false;
    }
    readRoutingFields(*m_root);
    if (!ClientAuth::allowsModel(m_clientKey, m_requestedModel)) {
        replyError(403, QStringLiteral("This API key may not use model %1.").arg(m_requestedModel), "auth");
        return false;
    }
    return true;
}

QString Exchange::validate(const Element &root) const
{
    if (!root.is_object())
        return QStringLiteral("Request body must be a JSON object.");
    struct Field
    {
        std::string_view key;
        Expect expect;
        bool required;
    };
    static constexpr Field messagesFields[] = {
        {"model", Expect::String, true},          {"messages", Expect::Array, true},
        {"stream", Expect::Bool, false},          {"max_tokens", Expect::Integer, false},
        {"system", Expect::StringOrArray, false}, {"tools", Expect::Array, false},
        {"metadata", Expect::Object, false},      {"stop_sequences", Expect::Array, false},
        {"temperature", Expect::Number, false},   {"thinking", Expect::Object, false},
    };
    static constexpr Field chatFields[] = {
        {"model", Expect::String, true},        {"messages", Expect::Array, true},
        {"stream", Expect::Bool, false},        {"stream_options", Expect::Object, false},
        {"max_tokens", Expect::Integer, false}, {"max_completion_tokens", Expect::Integer, false},
        {"n", Expect::Integer, false},          {"tools", Expect::Array, false},
        {"temperature", Expect::Number, false},
    };
    const bool chat = m_kind == Kind::ChatCompletions;
    const auto check = [&root](const auto &fields) -> QString {
        for (const Field &field : fields) {
            if (QString problem = checkMember(root, field.key, field.expect, field.required);
                !problem.isEmpty())
                return problem;
        }
        return {};
    };
    if (QString problem = chat ? check(chatFields) : check(messagesFields); !problem.isEmpty())
        return problem;
    if (stringOr(root, "model").empty())
        return QStringLiteral("model: must not be empty");

    Element messages;
    member(root, "messages", &messages);
    qsizetype index = 0;
    const auto problemAt = [&index](const char *what) {
        return QStringLiteral("messages.%1%2").arg(index).arg(QLatin1String(what));
    };
    for (Element message : messages.get_array()) {
        if (!message.is_object())
            return problemAt(": expected an object");
        if (!stringMember(message, "role"))
            return problemAt(".role: expected a string");
        Element content;
        const bool hasContent = member(message, "content", &content);
        // OpenAI assistant turns with tool_calls carry content null (or none).
        if (chat ? (hasContent && !content.is_null() && !content.is_string() && !content.is_array())
                 : (!hasContent || !(content.is_string() || content.is_array())))
            return problemAt(".content: expected a string or an array");
        ++index;
    }
    return {};
}

void Exchange::readRoutingFields(const Element &root)
{
    const std::string_view model = stringOr(root, "model");
    m_requestedModel = QString::fromUtf8(model.data(), qsizetype(model.size()));
    m_clientStream = m_kind != Kind::CountTokens && boolOr(root, "stream", false);
    if (const auto options = present(root, "stream_options"))
        m_includeUsage = boolOr(*options, "include_usage", false);

    // Session: the header (Claude Code 2.1.86+), else metadata.user_id (protocols 2.2, golden 6).
    m_sessionId = QString::fromUtf8(m_sessionHeader.trimmed());
    if (m_sessionId.isEmpty()) {
        if (const auto metadata = present(root, "metadata"); metadata && metadata->is_object()) {
            if (const auto userId = stringMember(*metadata, "user_id"))
                m_sessionId = Wire::sessionIdFromUserId(*userId);
        }
    }
}

void Exchange::countTokensLocally()
{
    const qint64 tokens = TokenCounter::countAnthropicRequest(*m_root);
    JsonWriter out(32);
    out.beginObject().field("input_tokens", tokens).endObject();
    replyJson(out.take());
}

namespace {

// Counting tokens costs real time on MB-sized bodies; only routes that look at the count pay it.
bool routingNeedsTokenCount(const ConfigData &config)
{
    for (const RoutingRule &rule : config.rules) {
        if (rule.enabled && rule.kind == u"scenario" && rule.match == u"longContext")
            return true;
    }
    for (const ModelGroup &group : config.groups) {
        if (group.enabled)
            return true; // context-window filters and cost estimates
    }
    return false;
}

} // namespace

bool Exchange::route()
{
    const RequestDialect dialect =
        m_kind == Kind::ChatCompletions ? RequestDialect::OpenAIChat : RequestDialect::Anthropic;
    m_traits = RoutingTraits::read(*m_root, dialect, routingNeedsTokenCount(m_snapshot->config));
    RouteRequest request;
    request.model = m_requestedModel;
    request.traits = m_traits;
    request.clientKey = m_clientKey;
    // A client key's daily budget at 80% prefers cheaper members (the group's is checked below).
    const QList<BudgetLimit> keyBudgets = Engine::requestBudgets(m_clientKey, nullptr);
    bool degrade = m_settings.degradeOnBudget && !keyBudgets.isEmpty()
        && m_engine->budgets().check(keyBudgets, 0).degrade;
    m_decision = m_engine->router().resolve(*m_snapshot, request, m_engine->routerContext(degrade));
    if (m_decision.ok && !degrade && m_settings.degradeOnBudget && !m_decision.candidates.isEmpty()
        && m_decision.candidates.first().group) {
        const QList<BudgetLimit> groupBudget =
            Engine::requestBudgets(nullptr, m_decision.candidates.first().group);
        if (!groupBudget.isEmpty() && m_engine->budgets().check(groupBudget, 0).degrade) {
            degrade = true;
            m_decision = m_engine->router().resolve(*m_snapshot, request, m_engine->routerContext(true));
        }
    }
    if (!m_decision.ok) {
        int status = 404;
        QByteArray errorClass = "not_found";
        switch (m_decision.failure) {
        case RouteDecision::Failure::Unavailable:
            status = 503;
            errorClass = "no_route";
            break;
        case RouteDecision::Failure::InvalidRoute:
            status = 500;
            errorClass = "no_route";
            break;
        default:
            break;
        }
        replyError(status,
                   m_decision.error.isEmpty() ? QStringLiteral("No route for model %1.").arg(m_requestedModel)
                                              : m_decision.error,
                   errorClass);
        return false;
    }
    if (m_kind == Kind::CountTokens) {
        // Forwarding only works to upstreams that count exactly (golden 7): Anthropic ones.
        m_decision.candidates.removeIf(
            [](const RouteCandidate &c) { return upstreamProtocol(c) != Protocol::Anthropic; });
        if (m_decision.candidates.isEmpty()) {
            replyError(
                404,
                QStringLiteral("Token counting is not available for model %1: local counting is off and "
                               "its route has no Anthropic upstream.")
                    .arg(m_requestedModel),
                "not_found");
            return false;
        }
    }
    m_candidate = 0;
    return true;
}

qint64 Exchange::inputTokens()
{
    if (m_traits.inputTokens < 0) {
        m_traits.inputTokens = m_kind == Kind::ChatCompletions
            ? RoutingTraits::read(*m_root, RequestDialect::OpenAIChat, true).inputTokens
            : TokenCounter::countAnthropicRequest(*m_root);
    }
    return m_traits.inputTokens;
}

double Exchange::estimateCost(const RouteCandidate &candidate)
{
    if (candidate.cost.priceKnown)
        return candidate.cost.usd;
    const std::optional<ModelPrice> price =
        Budget::priceFor(candidate.provider,
                         candidate.member ? candidate.member->priceOverride : std::nullopt, candidate.model);
    if (!price)
        return 0; // nobody configured a price: never refuse for it
    const qint64 output = m_traits.maxTokens > 0 ? m_traits.maxTokens : 4096;
    return Budget::estimate(price, inputTokens(), output).usd;
}

bool Exchange::checkBudgets()
{
    if (m_decision.candidates.isEmpty())
        return true;
    m_budgets = Engine::requestBudgets(m_clientKey, m_decision.candidates.first().group);
    if (m_budgets.isEmpty())
        return true;
    const BudgetVerdict verdict =
        m_engine->budgets().check(m_budgets, estimateCost(m_decision.candidates.first()));
    if (verdict.allowed())
        return true;
    if (verdict.result == BudgetVerdict::Result::DailyExhausted) {
        ProxyEvent event;
        event.kind = ProxyEvent::Kind::BudgetExhausted;
        event.budget = verdict.budget.describe();
        event.fraction = verdict.limitUsd > 0 ? verdict.spentUsd / verdict.limitUsd : 1;
        event.reason = verdict.message();
        m_engine->publishEvent(event);
    }
    replyError(429, verdict.message(), "budget");
    return false;
}

// --- attempts ---

void Exchange::startAttempt()
{
    if (m_finished)
        return;
    if (m_attempts >= m_settings.maxAttempts && !m_failures.isEmpty()) {
        qCInfo(lcProxy) << "request" << m_stream->context().requestId << "stops after" << m_attempts
                        << "attempts (proxy/maxAttempts)";
        failFinally(m_failures.last());
        return;
    }
    const RouteCandidate &candidate = m_decision.candidates.at(m_candidate);
    m_attemptClock.start();
    m_mode = BodyMode::None;
    m_upstreamStatus = 0;
    m_upstreamHeaders.clear();
    m_upstreamBody.clear();
    m_codec.reset();

    TraceEntry entry;
    entry.channel = candidate.channel->name;
    entry.channelId = candidate.channel->id;
    entry.model = candidate.model;
    m_trace.append(entry);

    const Protocol protocol = upstreamProtocol(candidate);
    if (protocol != Protocol::Anthropic && protocol != Protocol::OpenAI) {
        Failover::Outcome skip;
        skip.status = 501;
        skip.errorClass = "unsupported_protocol";
        skip.message = QStringLiteral("provider %1 speaks %2, which this version cannot proxy yet")
                           .arg(candidate.provider->name, protocolToString(protocol));
        handleFailure(skip, true);
        return;
    }
    // A channel whose own daily budget or request quota is used up sits this request out.
    if (const BudgetLimit channelBudget = BudgetLimit::forChannel(*candidate.channel);
        channelBudget.limited() && m_engine->budgets().exhausted(channelBudget)) {
        Failover::Outcome skip;
        skip.status = 429;
        skip.errorClass = "budget";
        skip.message = QStringLiteral("daily budget or request quota of channel %1 is used up")
                           .arg(candidate.channel->name);
        handleFailure(skip, true);
        return;
    }

    // Keys: the rotation's next usable one that this request has not seen fail yet.
    const KeyPick pick = m_engine->keys().next(*candidate.channel, m_triedKeys);
    m_key = pick.ok() ? pick.key : nullptr;
    m_secret = m_key ? m_snapshot->secret(m_key->secretRef) : QByteArray();
    m_trace.last().keyId = m_key ? m_key->id : 0;
    if (pick.status != KeyPick::Status::NoKeys && (!m_key || m_secret.isEmpty())) {
        Failover::Outcome skip;
        skip.status = pick.status == KeyPick::Status::Unavailable ? 429 : 401;
        skip.errorClass = pick.status == KeyPick::Status::Unavailable ? "rate_limited" : "no_key";
        skip.retryAfterMs = pick.retryAfterMs;
        skip.message = pick.status == KeyPick::Status::Unavailable
            ? QStringLiteral("every key of channel %1 is cooling down").arg(candidate.channel->name)
            : QStringLiteral("channel %1 has no enabled key").arg(candidate.channel->name);
        handleFailure(skip, true);
        return;
    }

    // The breaker of this (channel, model): open ones are skipped, a half-open one lets one probe by.
    m_upstreamKey = UpstreamKey {candidate.channel->id, candidate.model};
    m_admission = m_engine->breakers().admit(m_upstreamKey);
    if (m_admission == CircuitBreaker::Admission::Rejected) {
        Failover::Outcome skip;
        skip.status = 503;
        skip.errorClass = "breaker_open";
        skip.serverSide = true;
        skip.message =
            QStringLiteral("circuit breaker open for %1,%2").arg(candidate.channel->name, candidate.model);
        handleFailure(skip, true);
        return;
    }

    CodecOptions options = CodecOptions::forProvider(*candidate.provider, candidate.model);
    options.toolNames = m_engine->toolNames();
    options.sessionId = m_sessionId.toUtf8();
    options.includeReasoningInOpenAIResponse = m_settings.openAIReasoningContent;
    UpstreamRequest request = buildRequest(m_secret);
    QString error;
    if (!prepareBody(options, &request.body, &error)) {
        // The client's request cannot be expressed for this upstream: a 400 if nothing else can.
        // Nothing was sent, so a granted breaker probe goes back unused.
        if (m_admission == CircuitBreaker::Admission::Probe)
            m_engine->breakers().releaseProbe(m_upstreamKey);
        Failover::Outcome skip;
        skip.action = Failover::Action::Failover;
        skip.status = 400;
        skip.errorClass = "invalid_request";
        skip.message = error;
        handleFailure(skip, true);
        return;
    }

    ++m_attempts;
    m_attemptOpen = true;
    m_attemptTtftSampled = false;
    m_engine->health().begin(m_upstreamKey);
    m_call = m_engine->upstreamClient()->start(request);
    connect(m_call, &UpstreamCall::headersReceived, this, &Exchange::onHeaders);
    connect(m_call, &UpstreamCall::dataReceived, this, &Exchange::onData);
    connect(m_call, &UpstreamCall::finished, this, &Exchange::onUpstreamFinished);
    connect(m_call, &UpstreamCall::failed, this, &Exchange::onUpstreamFailed);
}

namespace {

// The client key's slot map may pin a reasoning effort (issue 4 "slot map"): Anthropic upstreams
// get output_config.effort, OpenAI ones reasoning_effort. Byte splices, the rest stays as it was.
bool applyEffortOverride(QByteArray *body, Protocol protocol, const QString &effort,
                         const CodecOptions &options)
{
    QString level = effort.trimmed().toLower();
    if (level.isEmpty())
        return true;
    QByteArray out;
    if (protocol == Protocol::Anthropic) {
        const QByteArray raw = "\"" + level.toUtf8() + '"';
        RequestCodec::MemberSpan span;
        if (!RequestCodec::findMember(*body, "output_config", &span))
            return false;
        QByteArray config = "{}";
        if (span.found && body->at(span.valueStart) == '{')
            config = body->mid(span.valueStart, span.valueEnd - span.valueStart);
        QByteArray patched;
        if (!RequestCodec::setMemberInPlace(config, "effort",
                                            std::string_view(raw.constData(), size_t(raw.size())), &patched))
            return false;
        if (!RequestCodec::setMemberInPlace(
                *body, "output_config", std::string_view(patched.constData(), size_t(patched.size())), &out))
            return false;
    } else {
        if (options.effortCapHigh && (level == u"xhigh" || level == u"max"))
            level = QStringLiteral("high");
        const QByteArray raw = "\"" + level.toUtf8() + '"';
        if (!RequestCodec::setMemberInPlace(*body, "reasoning_effort",
                                            std::string_view(raw.constData(), size_t(raw.size())), &out))
            return false;
    }
    *body = std::move(out);
    return true;
}

} // namespace

bool Exchange::prepareBody(const CodecOptions &options, QByteArray *out, QString *error)
{
    if (!prepareUpstreamBody(options, out, error))
        return false;
    const Protocol protocol = upstreamProtocol(m_decision.candidates.at(m_candidate));
    if (!m_decision.effortOverride.isEmpty() && m_kind != Kind::CountTokens
        && !applyEffortOverride(out, protocol, m_decision.effortOverride, options)) {
        *error = QStringLiteral("The reasoning effort of the client key's slot map could not be applied.");
        return false;
    }
    return true;
}

bool Exchange::prepareUpstreamBody(const CodecOptions &options, QByteArray *out, QString *error)
{
    const Protocol protocol = upstreamProtocol(m_decision.candidates.at(m_candidate));
    if (isAnthropicInbound()) {
        if (protocol == Protocol::Anthropic) {
            // Byte-faithful: only the model changes, unless the history needs fixing (golden 58/59).
            const bool ok = m_thinkingStripped
                ? RequestCodec::stripAllThinking(*m_root, options, out)
                : RequestCodec::prepareForAnthropic(m_body, *m_root, options, out);
            if (!ok)
                *error = QStringLiteral("The request could not be prepared for the Anthropic upstream.");
            return ok;
        }
        return RequestCodec::anthropicToOpenAI(*m_root, options, out, error);
    }
    if (protocol == Protocol::Anthropic)
        return RequestCodec::openAIToAnthropic(*m_root, options, out, error);

    // OpenAI client, OpenAI upstream: pass through with the model rewritten.
    if (!RequestCodec::rewriteModelInPlace(m_body, view(options.targetModel), out)) {
        *error = QStringLiteral("model: expected a string");
        return false;
    }
    if (m_clientStream && !present(*m_root, "stream_options")) {
        // Ask for usage even if the client did not (protocols 3.3): the usage record needs it; the
        // passthrough codec keeps the extra usage chunk from the client.
        const qsizetype open = out->indexOf('{');
        out->insert(open + 1, "\"stream_options\":{\"include_usage\":true},");
    }
    return true;
}

UpstreamRequest Exchange::buildRequest(const QByteArray &secret) const
{
    const RouteCandidate &candidate = m_decision.candidates.at(m_candidate);
    const Protocol protocol = upstreamProtocol(candidate);
    UpstreamRequest request;
    QString base = candidate.baseUrl.trimmed();
    while (base.endsWith(u'/'))
        base.chop(1);
    QString path;
    if (protocol == Protocol::Anthropic) {
        // Anthropic base URLs come both as "https://api.anthropic.com" and ".../v1".
        path = base.endsWith(QLatin1String("/v1")) ? QStringLiteral("/messages")
                                                   : QStringLiteral("/v1/messages");
        if (m_kind == Kind::CountTokens)
            path += QLatin1String("/count_tokens");
    } else {
        path = QStringLiteral("/chat/completions"); // OpenAI base URLs include the version: http://host/v1
    }
    request.url = QUrl(base + path);
    if (protocol == Protocol::Anthropic && isAnthropicInbound() && !m_query.isEmpty())
        request.url.setQuery(QString::fromUtf8(m_query)); // ?beta=true (golden 1)

    const auto add = [&request](const QByteArray &name, const QByteArray &value) {
        request.headers.append(std::pair(name, value));
    };
    add("Content-Type", "application/json");
    add("Accept", m_clientStream ? "text/event-stream" : "application/json");
    if (protocol == Protocol::Anthropic) {
        const bool forward = isAnthropicInbound() && !m_anthropicVersion.isEmpty();
        add("anthropic-version", forward ? m_anthropicVersion : QByteArray(defaultAnthropicVersion));
        if (isAnthropicInbound() && !m_anthropicBeta.isEmpty())
            add("anthropic-beta", m_anthropicBeta); // byte-identical (golden 4)
        if (!secret.isEmpty())
            add("x-api-key", secret);
    } else if (!secret.isEmpty()) {
        add("Authorization", "Bearer " + secret);
    }
    request.connectTimeoutMs = m_settings.connectTimeoutMs;
    request.firstByteTimeoutMs =
        m_clientStream ? m_settings.firstByteTimeoutMs : m_settings.nonStreamTimeoutMs;
    request.idleTimeoutMs = m_settings.idleTimeoutMs;
    request.proxyUrl = candidate.channel->proxyUrl;
    request.noProxy = m_settings.noProxy;
    request.allowLinkLocal =
        UrlPolicy::allowsLinkLocal(candidate.channel->options, candidate.provider->options);
    return request;
}

void Exchange::onHeaders(int status, const HttpHeaders &headers)
{
    m_upstreamStatus = status;
    m_upstreamHeaders = headers;
    if (status < 200 || status > 299) {
        m_mode = BodyMode::Error;
        return;
    }
    const QByteArray contentType = headerValue(headers, "content-type").toLower();
    if (m_clientStream && contentType.contains("text/event-stream")) {
        m_mode = BodyMode::Stream;
        createCodec();
    } else {
        m_mode = BodyMode::Whole;
    }
}

void Exchange::createCodec()
{
    const Protocol protocol = upstreamProtocol(m_decision.candidates.at(m_candidate));
    const QByteArray model = m_requestedModel.toUtf8();
    if (isAnthropicInbound()) {
        if (protocol == Protocol::Anthropic) {
            m_codec = std::make_unique<AnthropicStreamObserver>();
        } else {
            OpenAIToAnthropicStream::Options options;
            options.requestedModel = model;
            options.inputTokenEstimate = inputTokens();
            options.toolNames = m_engine->toolNames();
            m_codec = std::make_unique<OpenAIToAnthropicStream>(options);
        }
    } else if (protocol == Protocol::Anthropic) {
        AnthropicToOpenAIStream::Options options;
        options.requestedModel = model;
        options.includeUsage = m_includeUsage;
        options.includeReasoning = m_settings.openAIReasoningContent;
        options.toolNames = m_engine->toolNames();
        m_codec = std::make_unique<AnthropicToOpenAIStream>(options);
    } else {
        m_codec = std::make_unique<OpenAIPassthroughStream>(m_includeUsage);
    }
    m_codec->setFirstContentCallback([this] { markFirstToken(); });
}

void Exchange::onData(const QByteArray &chunk)
{
    switch (m_mode) {
    case BodyMode::Stream:
        m_codec->feed(chunk);
        pumpCodec();
        break;
    case BodyMode::Whole:
    case BodyMode::Error: {
        const qsizetype limit = m_mode == BodyMode::Whole ? maxWholeBody : maxErrorBody;
        if (m_upstreamBody.size() + chunk.size() <= limit) {
            m_upstreamBody.append(chunk);
        } else if (m_mode == BodyMode::Whole) {
            detachCall(true);
            Failover::Outcome tooLarge;
            tooLarge.errorClass = "upstream_protocol";
            tooLarge.message = QStringLiteral("upstream response exceeds %1 bytes").arg(maxWholeBody);
            handleFailure(tooLarge);
        }
        break;
    }
    case BodyMode::None:
        break;
    }
}

void Exchange::onUpstreamFinished()
{
    m_call = nullptr; // it deletes itself
    switch (m_mode) {
    case BodyMode::Stream:
        m_codec->finish(true);
        pumpCodec();
        break;
    case BodyMode::Whole:
        handleWholeBody();
        break;
    case BodyMode::Error:
    case BodyMode::None:
        handleFailure(Failover::fromHttp(m_upstreamStatus, m_upstreamHeaders, m_upstreamBody));
        break;
    }
}

void Exchange::onUpstreamFailed(const UpstreamError &error)
{
    m_call = nullptr;
    if (m_codec && m_codec->hasEmittedAnything()) {
        // After the content commit point: an error event ends the client's stream (golden 57).
        const bool timeout = error.isTimeout();
        m_codec->fail(timeout ? "overloaded_error" : "api_error",
                      timeout ? "upstream stopped sending data" : "upstream connection lost",
                      timeout ? "timeout" : "upstream_cut");
        pumpCodec();
        return;
    }
    handleFailure(Failover::fromTransport(error));
}

void Exchange::pumpCodec()
{
    if (m_finished || !m_codec)
        return;
    if (!m_codec->output().isEmpty()) {
        m_contentCommitted = true;
        ensureHeaders();
        writeClient(m_codec->takeOutput());
    }
    if (!m_codec->isFinished())
        return;
    if (m_codec->failedBeforeStart()) {
        detachCall(true);
        handleFailure(Failover::fromStreamError(m_codec->upstreamError(), m_codec->errorClass()));
        return;
    }
    m_usage = m_codec->usage();
    if (m_codec->state() == StreamCodec::State::Completed) {
        // A finished answer: let the upstream close on its own (keep-alive), just stop listening.
        detachCall(false);
        closeTrace("ok", m_upstreamStatus, {});
        endStream({});
        return;
    }
    detachCall(true);
    const QByteArray errorClass =
        m_codec->errorClass().isEmpty() ? QByteArray("upstream_cut") : m_codec->errorClass();
    closeTrace("cut", m_upstreamStatus, errorClass);
    endStream(errorClass);
}

void Exchange::handleWholeBody()
{
    const Protocol protocol = upstreamProtocol(m_decision.candidates.at(m_candidate));
    if (!m_responseParser)
        m_responseParser = std::make_unique<simdjson::dom::parser>();
    Element body;
    if (m_responseParser->parse(m_upstreamBody.constData(), size_t(m_upstreamBody.size())).get(body)
            != simdjson::SUCCESS
        || !body.is_object()) {
        handleFailure(
            Failover::fromBodyError({}, QStringLiteral("upstream returned a body that is not JSON"), true));
        return;
    }

    if (m_kind == Kind::CountTokens) {
        Element tokens;
        if (!member(body, "input_tokens", &tokens) || !isInteger(tokens) || toInt64(tokens) <= 0) {
            handleFailure(Failover::fromBodyError(
                {}, QStringLiteral("upstream count_tokens answer has no count"), true));
            return;
        }
        closeTrace("ok", m_upstreamStatus, {});
        replyJson(m_upstreamBody);
        return;
    }

    const CodecOptions options = [&] {
        const RouteCandidate &candidate = m_decision.candidates.at(m_candidate);
        CodecOptions o = CodecOptions::forProvider(*candidate.provider, candidate.model);
        o.toolNames = m_engine->toolNames();
        o.includeReasoningInOpenAIResponse = m_settings.openAIReasoningContent;
        return o;
    }();
    const std::string_view requestedModel = stringOr(*m_root, "model");

    // Errors inside a 200 body (protocols 8): an error object instead of a result.
    const auto errorInBody = [&]() -> bool {
        const auto error = present(body, "error");
        if (!error && stringOr(body, "type") != "error")
            return false;
        QByteArray words;
        const QString message = Failover::errorMessageFromBody(m_upstreamBody, &words);
        handleFailure(Failover::fromBodyError(words, message, false));
        return true;
    };

    if (protocol == Protocol::Anthropic) {
        if (errorInBody())
            return;
        if (const auto usage = present(body, "usage"))
            m_usage = Wire::usageFromAnthropic(*usage);
        if (m_clientStream || !isAnthropicInbound()) {
            if (!m_clientStream) {
                QByteArray out;
                const ResponseResult result =
                    ResponseCodec::anthropicToOpenAI(body, requestedModel, options, &out);
                if (!result.ok()) {
                    handleFailure(Failover::fromBodyError(result.errorType, result.errorMessage,
                                                          result.status == ResponseResult::Malformed));
                    return;
                }
                closeTrace("ok", m_upstreamStatus, {});
                replyJson(out);
                return;
            }
            answerFromMessage(m_upstreamBody);
            return;
        }
        closeTrace("ok", m_upstreamStatus, {});
        replyJson(m_upstreamBody); // Anthropic to Anthropic: the body as the upstream sent it
        return;
    }

    // OpenAI upstream.
    if (!isAnthropicInbound() && !m_clientStream) {
        if (errorInBody())
            return;
        Element choices;
        if (!member(body, "choices", &choices) || !choices.is_array()) {
            handleFailure(
                Failover::fromBodyError({}, QStringLiteral("upstream response has no choices"), true));
            return;
        }
        if (const auto usage = present(body, "usage"); usage && usage->is_object())
            m_usage = Wire::usageFromOpenAI(*usage);
        closeTrace("ok", m_upstreamStatus, {});
        replyJson(m_upstreamBody);
        return;
    }
    QByteArray message;
    const ResponseResult result = ResponseCodec::openAIToAnthropic(body, requestedModel, options, &message);
    if (!result.ok()) {
        handleFailure(Failover::fromBodyError(result.errorType, result.errorMessage,
                                              result.status == ResponseResult::Malformed));
        return;
    }
    m_usage = result.usage;
    if (m_clientStream) {
        answerFromMessage(message);
        return;
    }
    closeTrace("ok", m_upstreamStatus, {});
    replyJson(message);
}

bool Exchange::answerFromMessage(const QByteArray &anthropicMessage)
{
    // A stream:true request answered with one body: replay it as the events a stream would have had.
    simdjson::dom::parser parser;
    Element message;
    QByteArray events;
    if (parser.parse(anthropicMessage.constData(), size_t(anthropicMessage.size())).get(message)
            != simdjson::SUCCESS
        || !MessageEvents::toSse(message, &events)) {
        handleFailure(
            Failover::fromBodyError({}, QStringLiteral("upstream message could not be streamed"), true));
        return false;
    }
    if (!isAnthropicInbound()) {
        AnthropicToOpenAIStream::Options options;
        options.requestedModel = m_requestedModel.toUtf8();
        options.includeUsage = m_includeUsage;
        options.includeReasoning = m_settings.openAIReasoningContent;
        options.toolNames = m_engine->toolNames();
        AnthropicToOpenAIStream codec(options);
        codec.feed(events);
        codec.finish(true);
        events = codec.takeOutput();
    }
    m_contentCommitted = true;
    markFirstToken();
    closeTrace("ok", m_upstreamStatus, {});
    ensureHeaders();
    writeClient(events);
    endStream({});
    return true;
}

namespace {

// What an attempt's failure says about the upstream (channel, model), for its breaker and health.
HealthStats::Result healthResult(const Failover::Outcome &outcome)
{
    if (outcome.serverSide)
        return HealthStats::Result::Failure;
    static const QByteArrayList transport = {"timeout",           "connect",        "upstream_cut",
                                             "upstream_protocol", "empty_response", "invalid_upstream"};
    if (transport.contains(outcome.errorClass))
        return HealthStats::Result::Failure;
    // The upstream answered and rejected the request itself (400...): it is up.
    if (outcome.action == Failover::Action::Final)
        return HealthStats::Result::Success;
    // Key, quota and rate-limit answers are about the account, not the upstream's health.
    return HealthStats::Result::Canceled;
}

QString describe(const Failover::Outcome &outcome)
{
    return outcome.message.isEmpty()
        ? QString::fromLatin1(outcome.errorClass)
        : QStringLiteral("%1: %2").arg(QString::fromLatin1(outcome.errorClass), outcome.message);
}

} // namespace

void Exchange::settleAttempt(HealthStats::Result result, const QString &error)
{
    if (!m_attemptOpen)
        return;
    m_attemptOpen = false;
    m_engine->health().end(m_upstreamKey, result, error);
    switch (result) {
    case HealthStats::Result::Success:
        m_engine->breakers().recordSuccess(m_upstreamKey, m_admission);
        break;
    case HealthStats::Result::Failure:
        m_engine->breakers().recordFailure(m_upstreamKey, m_admission);
        break;
    case HealthStats::Result::Canceled:
        if (m_admission == CircuitBreaker::Admission::Probe)
            m_engine->breakers().releaseProbe(m_upstreamKey);
        break;
    }
    m_engine->scheduleStatus();
}

void Exchange::markFirstToken()
{
    if (m_ttftMs < 0)
        m_ttftMs = m_stream->context().elapsed.elapsed();
    if (m_attemptOpen && !m_attemptTtftSampled && m_attemptClock.isValid()) {
        m_attemptTtftSampled = true;
        m_engine->health().firstToken(m_upstreamKey, m_attemptClock.elapsed());
    }
}

bool Exchange::handleKeyFailure(const Failover::Outcome &outcome)
{
    // Key problems (protocols 8): 401/403/402 retire the key for good, quota and rate limits rest it.
    // Either way another key of the same channel may serve the request at once.
    if (!m_key)
        return false;
    const RouteCandidate &candidate = m_decision.candidates.at(m_candidate);
    const QString keyId = KeyRotation::keyId(*m_key);
    const bool authFailure = outcome.errorClass == "upstream_auth" || outcome.status == 402;
    if (authFailure) {
        m_engine->keys().disable(*candidate.channel, *m_key,
                                 KeyRotation::disableReason(outcome.status, outcome.message));
    } else if (outcome.errorClass == "quota") {
        m_engine->keys().coolDown(candidate.channel->id, keyId, quotaKeyCoolDownMs);
    } else if (outcome.errorClass == "rate_limited") {
        // Only worth it with another key at hand; otherwise the Retry-After wait decides.
        QSet<QString> others = m_triedKeys;
        others.insert(keyId);
        if (!m_engine->usableKey(*m_snapshot, *candidate.channel, others))
            return false;
        m_engine->keys().coolDown(candidate.channel->id, keyId,
                                  outcome.retryAfterMs > 0 ? outcome.retryAfterMs : defaultKeyCoolDownMs);
    } else {
        return false;
    }
    m_triedKeys.insert(keyId);
    // Asked without advancing the rotation: startAttempt() takes the next key.
    return m_engine->usableKey(*m_snapshot, *candidate.channel, m_triedKeys) != nullptr;
}

void Exchange::handleFailure(const Failover::Outcome &outcome, bool skipped)
{
    if (m_finished)
        return;
    m_failures.append(outcome);
    settleAttempt(healthResult(outcome), describe(outcome));
    const RouteCandidate &candidate = m_decision.candidates.at(m_candidate);
    const bool anthropicUpstream = upstreamProtocol(candidate) == Protocol::Anthropic;
    const bool attemptsLeft = m_attempts < m_settings.maxAttempts;

    // 400 about thinking signatures: once more on the same upstream without any thinking (4.9).
    const bool hasThinking = m_body.contains("\"thinking\"") || m_body.contains("\"redacted_thinking\"");
    if (outcome.thinkingSignature && anthropicUpstream && isAnthropicInbound() && hasThinking
        && !m_thinkingStripped && attemptsLeft) {
        closeTrace("retry", m_upstreamStatus, outcome.errorClass);
        qCInfo(lcProxy) << "request" << m_stream->context().requestId
                        << "retries without thinking blocks after a signature error";
        m_thinkingStripped = true;
        startAttempt();
        return;
    }
    // A key problem with another usable key on the same channel: that key, right away.
    if (!skipped && attemptsLeft && handleKeyFailure(outcome)) {
        closeTrace("key", m_upstreamStatus, outcome.errorClass);
        startAttempt();
        return;
    }
    // Rate limited with a short Retry-After: wait and retry the same upstream once (golden 54).
    if (!skipped && outcome.action == Failover::Action::Retry && !m_retriedCandidate && attemptsLeft
        && outcome.retryAfterMs >= 0 && outcome.retryAfterMs <= m_settings.retryAfterCapMs) {
        closeTrace("retry", m_upstreamStatus, outcome.errorClass);
        m_retriedCandidate = true;
        m_triedKeys.clear(); // the key rested for Retry-After; it may serve again
        QTimer::singleShot(int(outcome.retryAfterMs), this, &Exchange::startAttempt);
        return;
    }

    // A wait longer than the cap: other requests leave this key alone until it is over.
    if (!skipped && m_key && outcome.errorClass == "rate_limited"
        && outcome.retryAfterMs > m_settings.retryAfterCapMs)
        m_engine->keys().coolDown(candidate.channel->id, KeyRotation::keyId(*m_key), outcome.retryAfterMs);

    const bool more = m_candidate + 1 < m_decision.candidates.size();
    if (outcome.action != Failover::Action::Final && more && (skipped || attemptsLeft)) {
        closeTrace(skipped ? "skipped" : "failover", m_upstreamStatus, outcome.errorClass);
        const RouteCandidate &next = m_decision.candidates.at(m_candidate + 1);
        if (!skipped) {
            ProxyEvent event;
            event.kind = ProxyEvent::Kind::Failover;
            event.channelId = candidate.channel->id;
            event.channelName = candidate.channel->name;
            event.model = candidate.model;
            event.from = candidate.channel->name + u',' + candidate.model;
            event.to = next.channel->name + u',' + next.model;
            event.reason = describe(outcome);
            m_engine->publishEvent(event);
        }
        ++m_candidate;
        m_retriedCandidate = false;
        m_thinkingStripped = false;
        m_triedKeys.clear();
        startAttempt();
        return;
    }
    closeTrace(skipped ? "skipped" : "final", m_upstreamStatus, outcome.errorClass);
    failFinally(outcome);
}

void Exchange::failFinally(const Failover::Outcome &last)
{
    // Every attempt failed on the server side (overloaded, 5xx, empty or broken streams): the
    // client should come back later, which Claude Code does for 529 (golden 40).
    bool allServerSide = last.action != Failover::Action::Final;
    for (const Failover::Outcome &failure : std::as_const(m_failures))
        allServerSide = allServerSide && failure.serverSide;
    int status = last.status;
    QString message = last.message;
    if (allServerSide) {
        status = 529;
        QStringList parts;
        for (qsizetype i = 0; i < m_trace.size() && i < m_failures.size(); ++i)
            parts.append(QStringLiteral("%1: %2").arg(m_trace.at(i).channel, m_failures.at(i).message));
        message = QStringLiteral("All upstreams are overloaded or failing (%1).")
                      .arg(parts.join(QLatin1String("; ")));
    }
    HttpHeaderList headers;
    if (status == 429 && last.retryAfterMs >= 0)
        headers.append({"retry-after", QByteArray::number((last.retryAfterMs + 999) / 1000)});
    replyError(status, message, last.errorClass, headers);
}

void Exchange::closeTrace(const QByteArray &outcome, int status, const QByteArray &errorClass)
{
    // Outcomes decided here (the failures are settled by handleFailure with their class).
    if (outcome == "ok") {
        markFirstToken(); // a whole answer's first token is the answer (response_time learns from it)
        settleAttempt(HealthStats::Result::Success);
    } else if (outcome == "cut")
        settleAttempt(HealthStats::Result::Failure, QString::fromLatin1(errorClass)); // mid-stream counts
    else if (outcome == "client_disconnect")
        settleAttempt(HealthStats::Result::Canceled);
    if (m_trace.isEmpty())
        return;
    TraceEntry &entry = m_trace.last();
    entry.outcome = outcome;
    entry.status = status;
    entry.errorClass = errorClass;
    entry.ms = m_attemptClock.isValid() ? m_attemptClock.elapsed() : 0;
}

void Exchange::detachCall(bool abort)
{
    if (!m_call)
        return;
    disconnect(m_call, nullptr, this, nullptr);
    if (abort)
        m_call->abort();
    m_call = nullptr;
}

// --- client side ---

HttpHeaderList Exchange::routeHeaders() const
{
    HttpHeaderList headers;
    if (!m_settings.routeHeader || m_trace.isEmpty())
        return headers;
    // "main,gpt-4o=529 > backup,claude-x=200": the attempts in order, like a route target list.
    QByteArray value;
    for (const TraceEntry &entry : m_trace) {
        if (!value.isEmpty())
            value += " > ";
        value += percentSafe(entry.channel) + ',' + percentSafe(entry.model) + '=';
        if (entry.outcome.isEmpty()) // the attempt now answering (headers of a stream)
            value += m_upstreamStatus > 0 ? QByteArray::number(m_upstreamStatus) : QByteArray("pending");
        else if (entry.status > 0)
            value += QByteArray::number(entry.status);
        else
            value += entry.errorClass;
    }
    headers.append({"x-switchyard-route", value});
    return headers;
}

void Exchange::ensureHeaders()
{
    if (m_headersSent)
        return;
    m_headersSent = true;
    HttpHeaderList headers = {{"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache"}};
    headers += routeHeaders();
    m_stream->begin(200, headers);
}

void Exchange::captureResponse(const QByteArray &bytes)
{
    if (m_settings.captureBodies && m_responseCapture.size() < maxCaptureBytes)
        m_responseCapture.append(bytes.left(maxCaptureBytes - m_responseCapture.size()));
}

void Exchange::writeClient(const QByteArray &bytes)
{
    captureResponse(bytes);
    m_stream->writeChunk(bytes);
    if (m_pingTimer && m_settings.pingIntervalMs > 0)
        m_pingTimer->start(m_settings.pingIntervalMs); // pings only fill silence
}

void Exchange::onPingDue()
{
    if (m_finished)
        return;
    ensureHeaders();
    const std::string_view frame = isAnthropicInbound() ? Sse::AnthropicPing : Sse::OpenAIPing;
    writeClient(QByteArray(frame.data(), qsizetype(frame.size())));
}

void Exchange::replyError(int status, const QString &message, const QByteArray &errorClass,
                          const HttpHeaderList &headers)
{
    if (m_finished)
        return;
    if (m_headersSent) {
        // Pings went out already: the status line cannot change, the error travels as an event.
        const QByteArray frame = ClientError::streamFrame(style(), status, message);
        captureResponse(frame);
        m_stream->writeChunk(frame);
        m_stream->end();
        finish(200, errorClass);
        return;
    }
    HttpHeaderList all = headers;
    all += routeHeaders();
    if (m_settings.captureBodies)
        captureResponse(ClientError::body(style(), status, message, m_stream->context().requestId));
    ClientError::send(*m_stream, style(), status, message, all);
    finish(status, errorClass);
}

void Exchange::replyJson(const QByteArray &body)
{
    markFirstToken();
    captureResponse(body);
    HttpHeaderList headers = jsonContentType;
    headers += routeHeaders();
    m_stream->sendComplete(200, headers, body);
    finish(200, {});
}

void Exchange::endStream(const QByteArray &errorClass)
{
    ensureHeaders();
    m_stream->end();
    finish(200, errorClass);
}

void Exchange::onDeadline()
{
    if (m_finished)
        return;
    detachCall(true);
    const QString message = QStringLiteral("The request took longer than the overall deadline of %1 ms.")
                                .arg(m_settings.deadlineMs);
    if (m_codec && m_codec->hasEmittedAnything()) {
        const QByteArray text = message.toUtf8();
        m_codec->fail("overloaded_error", view(text), "deadline");
        m_usage = m_codec->usage();
        pumpCodec(); // ends the stream with the error event, the attempt counts as cut
        if (!m_finished)
            endStream("deadline");
        return;
    }
    if (!m_trace.isEmpty() && m_trace.last().outcome.isEmpty())
        closeTrace("final", m_upstreamStatus, "deadline");
    settleAttempt(HealthStats::Result::Failure, QStringLiteral("deadline"));
    replyError(504, message, "deadline");
}

void Exchange::onClientDisconnected()
{
    if (m_finished)
        return;
    detachCall(true);
    if (m_codec)
        m_usage = m_codec->usage();
    if (!m_trace.isEmpty() && m_trace.last().outcome.isEmpty())
        closeTrace("client_disconnect", m_upstreamStatus, "client_disconnect");
    finish(m_headersSent ? 200 : clientClosedStatus, "client_disconnect");
}

void Exchange::finish(int status, const QByteArray &errorClass)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_pingTimer)
        m_pingTimer->stop();
    if (m_deadlineTimer)
        m_deadlineTimer->stop();
    detachCall(true);
    settleAttempt(HealthStats::Result::Canceled); // only if nothing decided it (deadline, shutdown)

    const RequestContext &context = m_stream->context();
    UsageRecord record;
    record.timestampMs = context.receivedAtMs;
    record.requestId = QString::fromLatin1(context.requestId);
    record.sessionId = m_sessionId;
    record.clientKeyId = m_clientKey ? m_clientKey->id : 0;
    record.endpoint = m_kind == Kind::Messages ? QStringLiteral("messages")
        : m_kind == Kind::CountTokens          ? QStringLiteral("count_tokens")
                                               : QStringLiteral("chat.completions");
    record.requestedModel = m_requestedModel;
    if (m_candidate >= 0 && m_candidate < m_decision.candidates.size()) {
        const RouteCandidate &candidate = m_decision.candidates.at(m_candidate);
        record.resolvedModel = candidate.model;
        record.channelId = candidate.channel->id;
        record.channelName = candidate.channel->name;
        // count_tokens answers are not billed usage.
        if (m_kind != Kind::CountTokens) {
            record.inputTokens = m_usage.inputTokens;
            record.outputTokens = m_usage.outputTokens;
            record.cacheReadTokens = m_usage.cacheReadTokens;
            record.cacheWriteTokens = m_usage.cacheWriteTokens;
            record.costUsd = Pricing::costFor(
                candidate.provider, candidate.member ? candidate.member->priceOverride : std::nullopt,
                candidate.model, m_usage);
        }
    }
    record.latencyMs = context.elapsed.elapsed();
    record.ttftMs = m_ttftMs;
    record.status = status;
    record.errorClass = QString::fromLatin1(errorClass);
    record.stream = m_clientStream;
    record.routeTrace = QString::fromUtf8(traceJson());
    record.routeReason = m_decision.traceText();
    if (m_settings.captureBodies) {
        record.requestBody = m_body.left(maxCaptureBytes);
        record.responseBody = m_responseCapture;
        record.requestHeaders = QString::fromUtf8(m_requestHeadersText);
    }
    // Spend counts against every budget the request ran under, the channel's included (its daily
    // request quota counts attempts that reached it).
    if (m_attempts > 0 && m_candidate >= 0 && m_candidate < m_decision.candidates.size()) {
        QList<BudgetLimit> budgets = m_budgets;
        const BudgetLimit channelBudget =
            BudgetLimit::forChannel(*m_decision.candidates.at(m_candidate).channel);
        if (channelBudget.limited())
            budgets.append(channelBudget);
        if (!budgets.isEmpty())
            m_engine->budgets().record(budgets, record.costUsd);
    }
    m_engine->recordUsage(record);
    Q_EMIT done();
}

QByteArray Exchange::traceJson() const
{
    JsonWriter out(64 + 160 * m_trace.size());
    out.beginArray();
    for (const TraceEntry &entry : m_trace) {
        out.beginObject();
        out.field("channel", entry.channel);
        out.field("channelId", entry.channelId);
        out.field("keyId", entry.keyId); // the key's id, never the key
        out.field("model", entry.model);
        out.field("outcome", entry.outcome.isEmpty() ? std::string_view("pending") : view(entry.outcome));
        out.field("status", entry.status);
        out.field("error", view(entry.errorClass));
        out.field("ms", entry.ms);
        out.endObject();
    }
    out.endArray();
    return out.take();
}

} // namespace Switchyard
