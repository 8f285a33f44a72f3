#pragma once

// The one place that knows how QtHttpServer differs between Qt 6.4 (Debian 12) and Qt 6.8+:
//  - 6.4 hands the handler the QTcpSocket and has no chunked-write API, so ResponseStream frames
//    "Transfer-Encoding: chunked" itself over writeBody();
//  - 6.8 hands the handler a QHttpServerResponder&, hides the socket, takes QHttpHeaders and has
//    writeBeginChunked()/writeChunk()/writeEndChunked().
// Everything outside this file pair (and the virtual signatures in httpfront.h) is version-neutral.
//
// Thread affinity: all classes here live in the thread of the HttpFront that created them and must
// be used and destroyed there (QtHttpServer asserts that responders die in the server's thread).

#include "requestcontext.h"

#include <QByteArray>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

#include <optional>
#include <string_view>
#include <utility>

namespace Switchyard {

class HttpFront;

// Response headers as (name, value) pairs, whatever Qt's own header type is.
using HttpHeaderList = QList<std::pair<QByteArray, QByteArray>>;

namespace HttpCompat {

// The value of a request header, matched case-insensitively; empty when absent.
QByteArray requestHeader(const QHttpServerRequest &request, const QByteArray &name);

} // namespace HttpCompat

// A QTcpServer that remembers the connections it accepted. The front needs them to close idle
// keep-alive connections and abort what is left on shutdown, and (Qt 6.8+, which no longer tells a
// handler its socket) to find the socket a request came in on, for client-disconnect detection.
class TrackingTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    explicit TrackingTcpServer(QObject *parent = nullptr);

    QList<QTcpSocket *> connections() const;
    int connectionCount() const;
    // The accepted socket a request arrived on, or nullptr when it cannot be told (Qt < 6.5 has no
    // QHttpServerRequest::remotePort(); there the handler gets the socket from Qt directly).
    QTcpSocket *socketFor(const QHttpServerRequest &request) const;

Q_SIGNALS:
    void connectionClosed();

protected:
    void incomingConnection(qintptr handle) override;

private:
    void forget(QTcpSocket *socket);

    QList<QPointer<QTcpSocket>> m_sockets;
};

// One request's response, owning the QHttpServerResponder Qt gave us. Either a whole response
// (sendComplete / sendError, with Content-Length) or a stream: begin() then writeChunk()... then
// end(), framed as HTTP/1.1 chunked so the keep-alive connection stays usable afterwards.
// Every response carries the request-id header from context().
//
// Handlers keep it (in a std::unique_ptr) for as long as they answer asynchronously. Dropping it
// before answering sends a 500; dropping it mid-stream aborts the connection, because a truncated
// stream must not look complete to the client.
class ResponseStream : public QObject
{
    Q_OBJECT
public:
    ResponseStream(QHttpServerResponder &&responder, QTcpSocket *socket, RequestContext context);
    ~ResponseStream() override;

    const RequestContext &context() const { return m_context; }

    // Status line and headers of a streamed response; the body follows as chunks. Sends the
    // headers at once so the client knows the request was accepted. False if not possible (already
    // answered, client gone).
    bool begin(int status, const HttpHeaderList &headers = {});
    // One chunk of a streamed body. Empty data is ignored (an empty chunk would end the stream).
    bool writeChunk(const QByteArray &data);
    // Ends a streamed body (the terminating zero-size chunk).
    bool end();
    // A whole, non-streamed response with Content-Length. HEAD requests get the headers only.
    bool sendComplete(int status, const HttpHeaderList &headers, const QByteArray &body);
    // sendComplete with an error body in the client's error style (context().errorStyle).
    bool sendError(int status, std::string_view message, const HttpHeaderList &headers = {});

    // Not yet finished and the client is still connected.
    bool isOpen() const;
    // The status line has been sent: the response can no longer change its status (no failover).
    bool isStarted() const { return m_state != State::Idle; }
    // Complete, or ended by a lost / aborted connection. A finished request no longer counts as in
    // flight.
    bool isFinished() const { return m_finished; }
    // Bytes queued in the client socket but not yet sent; lets a producer slow down for a slow reader.
    qint64 pendingBytes() const;

    // Close the client connection once the response is complete (client sent "Connection: close",
    // or the proxy is shutting down).
    void setCloseAfterResponse(bool close) { m_closeAfterResponse = close; }
    bool closeAfterResponse() const { return m_closeAfterResponse; }

    // Drops the client connection without completing the response.
    void abortConnection();

Q_SIGNALS:
    // The client went away before the response was complete. Abort the upstream request.
    void clientDisconnected();
    // Emitted once, when the response is complete or the connection is lost.
    void finished();

private:
    friend class HttpFront;

    enum class State
    {
        Idle,
        Streaming,
        Done,
        Disconnected,
    };

    QTcpSocket *socket() const { return m_socket.data(); }
    bool clientConnected() const;
    HttpHeaderList withStandardHeaders(const HttpHeaderList &headers) const;
    void onSocketGone();
    void finish();
    // Destroys the Qt responder now (the front calls this before Qt's connection objects go away).
    void releaseResponder();

    std::optional<QHttpServerResponder> m_responder;
    QPointer<QTcpSocket> m_socket;
    bool m_haveSocket = false;
    RequestContext m_context;
    State m_state = State::Idle;
    bool m_finished = false;
    bool m_closeAfterResponse = false;
};

} // namespace Switchyard
