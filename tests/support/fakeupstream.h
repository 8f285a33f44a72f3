#pragma once

// A scriptable HTTP/1.1 upstream for tests, on 127.0.0.1 and a free port.
//
// It sits on a raw QTcpServer rather than QHttpServer so a test controls every byte and every
// pause: the framing of a chunk, a stall after the headers, a reset in the middle of a stream.
// Every request is recorded. Each one is answered by the handler registered for its path (query
// ignored) or the default handler, which scripts a FakeExchange; the steps then run in order from
// the event loop, delays on timers, never sleeping.
//
//   FakeUpstream fake;
//   fake.setHandler("/v1/chat/completions", [](FakeExchange &ex) {
//       ex.beginStream(200).sendChunk("data: {...}\n\n").delay(200).sendChunk("data:
//       [DONE]\n\n").endStream();
//   });
//   fake.setDefaultHandler(FakeUpstream::sseScript({"data: 1", "data: 2"}, 100));
//   QUrl base = fake.url("/v1");
//
// Keep-alive works (several requests per connection, in order); "Connection: close" on either side
// closes after the response. Connections are counted (open, peak, total, closed by the client).
// If no handler matches, the answer is 404 with a JSON error body.

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QUrl>

#include <deque>
#include <functional>

class QTcpServer;
class QTcpSocket;

namespace Switchyard::Test {

using FakeHeaders = QList<QPair<QByteArray, QByteArray>>;

struct RecordedRequest
{
    int connectionId = 0; // 1, 2, ... in accept order
    int indexOnConnection = 0; // 0 for the first request on its connection
    QByteArray method;
    QByteArray target; // path with query, as sent
    QByteArray path; // without query
    QByteArray version; // "HTTP/1.1"
    FakeHeaders headers; // in wire order, names as sent
    QByteArray body; // de-chunked if the client sent it chunked

    QByteArray header(const QByteArray &name) const; // case-insensitive; empty if absent
    bool hasHeader(const QByteArray &name) const;
    QJsonObject json() const; // body as a JSON object (empty if it is not one)
};

class FakeConnection;

// The response side of one request. Every builder appends a step and returns *this for chaining;
// steps added after the script ran dry run at once, so a test can also keep a QPointer to the
// exchange and push chunks later.
class FakeExchange : public QObject
{
    Q_OBJECT

public:
    enum class Framing
    {
        Chunked, // Transfer-Encoding: chunked
        CloseDelimited, // no length; the body ends when the server closes the connection
    };

    const RecordedRequest &request() const { return m_request; }

    // Complete response with Content-Length (a Content-Length in headers is kept as given, to lie).
    FakeExchange &respond(int status, const FakeHeaders &headers = {}, const QByteArray &body = {});
    FakeExchange &respondJson(int status, const QByteArray &json);
    // Status line and headers; Content-Type defaults to text/event-stream.
    FakeExchange &beginStream(int status = 200, const FakeHeaders &headers = {},
                              Framing framing = Framing::Chunked);
    FakeExchange &sendChunk(const QByteArray &bytes); // one chunk (chunked) or plain bytes; empty is skipped
    FakeExchange &endStream(); // terminating chunk, or closing the connection when close-delimited
    FakeExchange &sendRaw(const QByteArray &bytes); // exactly these bytes
    FakeExchange &complete(); // the response is over (after sendRaw): serve the next keep-alive request
    FakeExchange &delay(int ms);
    FakeExchange &then(std::function<void()> step); // run test code at this point of the script
    FakeExchange &stall(); // say nothing more; the connection stays open until the fake is destroyed
    FakeExchange &reset(); // abort the connection with a TCP RST
    FakeExchange &closeWithoutTerminator(); // graceful close (FIN) without finishing the response

    bool isComplete() const { return m_complete; } // response fully sent (respond or endStream)
    bool isClientGone() const { return m_clientGone; }

private:
    friend class FakeConnection;

    enum class StepType
    {
        Write,
        Delay,
        Call,
        Stall,
        Reset,
        Close,
        Complete,
    };
    struct Step
    {
        Step(StepType t, QByteArray d = {}, int m = 0, std::function<void()> c = {})
            : type(t)
            , data(std::move(d))
            , ms(m)
            , call(std::move(c))
        {
        }
        StepType type;
        QByteArray data;
        int ms;
        std::function<void()> call;
    };

    FakeExchange(FakeConnection *connection, RecordedRequest request);
    FakeExchange &add(Step step);
    void schedule();
    void run();

    FakeConnection *m_connection;
    RecordedRequest m_request;
    std::deque<Step> m_steps;
    Framing m_framing = Framing::Chunked;
    bool m_scheduled = false;
    bool m_waiting = false;
    bool m_stopped = false; // stalled, reset, closed or complete: later steps are ignored
    bool m_complete = false;
    bool m_clientGone = false;
};

using FakeHandler = std::function<void(FakeExchange &)>;

class FakeUpstream : public QObject
{
    Q_OBJECT

public:
    explicit FakeUpstream(QObject *parent = nullptr); // listens at once
    ~FakeUpstream() override; // aborts every connection

    bool isListening() const;
    quint16 port() const;
    QUrl url(const QString &path = {}) const; // http://127.0.0.1:<port><path>

    void setHandler(const QString &path, FakeHandler handler); // exact path, query ignored
    void setDefaultHandler(FakeHandler handler);

    QList<RecordedRequest> requests() const { return m_requests; }
    int requestCount() const { return int(m_requests.size()); }
    RecordedRequest lastRequest() const
    {
        return m_requests.isEmpty() ? RecordedRequest {} : m_requests.last();
    }
    void clearRequests() { m_requests.clear(); }
    bool waitForRequests(int count, int timeoutMs = 5000);

    int openConnections() const { return m_open; }
    int peakConnections() const { return m_peak; }
    int totalConnections() const { return m_total; }
    int clientDisconnects() const { return m_clientDisconnects; } // closed by the peer, not by a script
    bool waitForClientDisconnects(int count, int timeoutMs = 5000);

    // --- Handlers for common cases ---
    // 200 text/event-stream: before each event wait gapMs, then send it as one chunk. An event
    // without its blank line gets "\n\n" appended, so "data: {...}" is enough.
    static FakeHandler sseScript(const QList<QByteArray> &events, int gapMs, int status = 200);
    static FakeHandler jsonResponse(int status, const QByteArray &json);
    static FakeHandler stalled(); // never answers
    static QByteArray sseEvent(const QByteArray &event, const QByteArray &data); // "event: ..\ndata: ..\n\n"

Q_SIGNALS:
    void requestReceived(const Switchyard::Test::RecordedRequest &request);
    void connectionClosed(int connectionId, bool byClient);

private:
    friend class FakeConnection;

    void onNewConnection();
    void dispatch(FakeExchange &exchange);
    void connectionFinished(FakeConnection *connection, bool byClient);

    QTcpServer *m_server;
    QHash<QString, FakeHandler> m_handlers;
    FakeHandler m_defaultHandler;
    QList<RecordedRequest> m_requests;
    QList<QPointer<FakeConnection>> m_connections;
    int m_open = 0;
    int m_peak = 0;
    int m_total = 0;
    int m_clientDisconnects = 0;
    bool m_destroying = false;
};

} // namespace Switchyard::Test
