#pragma once

// One proxied request from arrival to its usage record: client auth, the single simdjson parse of
// the body, validation, routing, then attempts at the route's candidates in failover order
// (protocols.md sections 2.7 and 8), and the answer to the client in its own protocol.
//
// Commit points of a streamed answer:
//   - Headers: "200 + text/event-stream" goes out when the first upstream event is forwarded, or
//     earlier when the first keep-alive ping is due (a silent upstream must not trip the client's
//     idle watchdog, protocols 2.7). From then on a final failure is an error event, not an HTTP
//     status.
//   - Content: once an upstream's first event has been forwarded the answer belongs to that
//     upstream: a later failure ends the stream with an error event (golden 57), never a replay.
//     Until then (pings only) failover continues, even after the headers went out.
//
// Lives in the proxy thread; deletes itself (deleteLater) once the usage record is out.

#include "engine.h"
#include "failover.h"
#include "upstreamclient.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

class QTimer;

namespace simdjson::dom {
class parser;
class element;
} // namespace simdjson::dom

namespace Switchyard {

class StreamCodec;
struct CodecOptions;

// Error bodies in the client's shape: Anthropic {"type":"error",...} or OpenAI {"error":{...}},
// OpenAI's 401 with code invalid_api_key as the real API sends it.
namespace ClientError {
QByteArray body(ErrorStyle style, int status, const QString &message, const QByteArray &requestId);
// An error event for a stream whose headers were already sent.
QByteArray streamFrame(ErrorStyle style, int status, const QString &message);
bool send(ResponseStream &stream, ErrorStyle style, int status, const QString &message,
          const HttpHeaderList &headers = {});
} // namespace ClientError

class Exchange : public QObject
{
    Q_OBJECT
public:
    enum class Kind
    {
        Messages, // POST /v1/messages (Anthropic)
        CountTokens, // POST /v1/messages/count_tokens (Anthropic)
        ChatCompletions, // POST /v1/chat/completions (OpenAI)
    };

    Exchange(Engine *engine, Kind kind, const QHttpServerRequest &request,
             std::unique_ptr<ResponseStream> stream);
    ~Exchange() override;

    void start();

Q_SIGNALS:
    // The response is complete (or the client left) and the usage record is out.
    void done();

private:
    struct TraceEntry
    {
        QString channel;
        qint64 channelId = 0;
        qint64 keyId = 0;
        QString model;
        QByteArray outcome; // ok, retry, failover, final, cut, skipped, client_disconnect
        int status = 0;
        QByteArray errorClass;
        qint64 ms = 0;
    };
    enum class BodyMode
    {
        None,
        Stream, // 2xx text/event-stream through m_codec
        Whole, // 2xx body buffered until the end
        Error, // non-2xx body buffered for classification
    };

    // --- setup ---
    bool authenticate();
    bool parseAndValidate();
    QString validate(const simdjson::dom::element &root) const;
    void readRoutingFields(const simdjson::dom::element &root);
    void countTokensLocally();
    bool route();
    bool checkBudgets();
    qint64 inputTokens();
    double estimateCost(const RouteCandidate &candidate);

    // --- attempts ---
    void startAttempt();
    bool prepareBody(const CodecOptions &options, QByteArray *out, QString *error);
    bool prepareUpstreamBody(const CodecOptions &options, QByteArray *out, QString *error);
    UpstreamRequest buildRequest(const QByteArray &secret) const;
    void onHeaders(int status, const HttpHeaders &headers);
    void onData(const QByteArray &chunk);
    void onUpstreamFinished();
    void onUpstreamFailed(const UpstreamError &error);
    void createCodec();
    void pumpCodec();
    void handleWholeBody();
    bool answerFromMessage(const QByteArray &anthropicMessage);
    void handleFailure(const Failover::Outcome &outcome, bool skipped = false);
    // Ends the running attempt's accounting (health, breaker) once; Canceled says nothing about
    // the upstream (and hands a breaker probe back).
    void settleAttempt(HealthStats::Result result, const QString &error = {});
    void markFirstToken();
    bool handleKeyFailure(const Failover::Outcome &outcome);
    void onDeadline();
    void failFinally(const Failover::Outcome &last);
    void closeTrace(const QByteArray &outcome, int status, const QByteArray &errorClass);
    void detachCall(bool abort);

    // --- client side ---
    bool isAnthropicInbound() const { return m_kind != Kind::ChatCompletions; }
    ErrorStyle style() const { return isAnthropicInbound() ? ErrorStyle::Anthropic : ErrorStyle::OpenAI; }
    HttpHeaderList routeHeaders() const;
    void ensureHeaders();
    void writeClient(const QByteArray &bytes);
    void captureResponse(const QByteArray &bytes);
    void onPingDue();
    void replyError(int status, const QString &message, const QByteArray &errorClass,
                    const HttpHeaderList &headers = {});
    void replyJson(const QByteArray &body);
    void endStream(const QByteArray &errorClass);
    void onClientDisconnected();
    void finish(int status, const QByteArray &errorClass);
    QByteArray traceJson() const;

    Engine *m_engine;
    Kind m_kind;
    std::unique_ptr<ResponseStream> m_stream;
    ConfigSnapshotPtr m_snapshot;
    EngineSettings m_settings;

    // From the HTTP request (the QHttpServerRequest is only valid during the handler call).
    QByteArray m_body;
    QByteArray m_query;
    QByteArray m_xApiKey;
    QByteArray m_authorization;
    QByteArray m_anthropicVersion;
    QByteArray m_anthropicBeta;
    QByteArray m_sessionHeader;
    QHostAddress m_peer;

    // The one parse of the client's body; m_root points into m_parser and stays valid for every
    // attempt (translations are redone per candidate from it).
    std::unique_ptr<simdjson::dom::parser> m_parser;
    std::unique_ptr<simdjson::dom::element> m_root;
    std::unique_ptr<simdjson::dom::parser> m_responseParser;

    const ClientKey *m_clientKey = nullptr;
    QString m_requestedModel;
    QString m_sessionId;
    bool m_clientStream = false;
    bool m_includeUsage = false;

    RoutingTraits m_traits;
    RouteDecision m_decision;
    QList<BudgetLimit> m_budgets; // the client key's and the route's group's, when limited
    qsizetype m_candidate = -1;
    int m_attempts = 0; // requests actually sent upstream (retries included)
    QSet<QString> m_triedKeys; // keys of the current candidate that failed this request
    UpstreamKey m_upstreamKey; // the current attempt's (channel, model)
    CircuitBreaker::Admission m_admission = CircuitBreaker::Admission::Allowed;
    bool m_attemptOpen = false; // health/breaker accounting of the current attempt is pending
    bool m_attemptTtftSampled = false;
    bool m_budgetCharged = false;
    const ChannelKey *m_key = nullptr; // the key of the current attempt (null: a keyless channel)
    QByteArray m_secret;
    bool m_retriedCandidate = false;
    bool m_thinkingStripped = false;
    QList<Failover::Outcome> m_failures;
    QList<TraceEntry> m_trace;
    QElapsedTimer m_attemptClock;

    QPointer<UpstreamCall> m_call;
    int m_upstreamStatus = 0;
    HttpHeaders m_upstreamHeaders;
    BodyMode m_mode = BodyMode::None;
    QByteArray m_upstreamBody;
    std::unique_ptr<StreamCodec> m_codec;
    Wire::TokenUsage m_usage;

    QTimer *m_pingTimer = nullptr;
    QTimer *m_deadlineTimer = nullptr;
    QByteArray m_requestHeadersText; // body capture: redacted request headers
    QByteArray m_responseCapture;
    bool m_headersSent = false;
    bool m_contentCommitted = false;
    bool m_finished = false;
    qint64 m_ttftMs = -1;
};

} // namespace Switchyard
