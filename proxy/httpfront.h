#pragma once

// The proxy's HTTP/1.1 front: accepts connections, normalises paths, dispatches to registered
// handlers and answers what no handler takes (404/405), oversized bodies (413) and requests that
// arrive while shutting down (503), in the caller's error shape. Owns its listening sockets and
// tracks every connection and every request in flight so the server can drain gracefully.
//
// Thread affinity: lives in the proxy thread; route(), listenOn() and everything else must be
// called from that thread. Handlers run there too, synchronously inside Qt's request handling.

#include "httpcompat.h"
#include "requestcontext.h"

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QList>
#include <QSet>

#include <functional>
#include <memory>

class QTcpSocket;

namespace Switchyard {

class HttpFront : public QAbstractHttpServer
{
    Q_OBJECT
public:
    // The request is only valid during the call (Qt reuses it for the connection's next request):
    // copy what is needed later. The stream carries the RequestContext and lives as long as the
    // handler keeps it.
    using Handler =
        std::function<void(const QHttpServerRequest &request, std::unique_ptr<ResponseStream> stream)>;
    // Runs for every request before dispatch, to attach per-request state such as the config
    // snapshot to the context.
    using RequestHook = std::function<void(RequestContext &context)>;

    static constexpr qint64 DefaultMaxBodyBytes = 32 * 1024 * 1024; // Anthropic's limit (protocols 1.8)

    explicit HttpFront(QObject *parent = nullptr);
    ~HttpFront() override;

    // Listens on address:port (0 = any free port) and serves connections from there. On failure
    // *error names the address and port and says why.
    bool listenOn(const QHostAddress &address, quint16 port, QString *error = nullptr);
    // Port of the first listener, 0 when not listening.
    quint16 port() const;
    bool isListening() const;

    // Registers a handler for an exact normalised path (see normalisePath), e.g. "/v1/messages".
    // A later registration for the same method and path replaces the earlier one.
    void route(QHttpServerRequest::Method method, const QByteArray &path, Handler handler);
    // Registers a handler for every method on prefix and every path below it as whole segments
    // ("/admin" takes "/admin" and "/admin/channels/3", not "/administrator"), for a sub-API that
    // answers its own 404 and 405. Exact routes win; among prefixes the longest match wins.
    void routePrefix(const QByteArray &prefix, Handler handler);

    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }
    qint64 maxBodyBytes() const { return m_maxBodyBytes; }
    void setRequestHook(RequestHook hook) { m_requestHook = std::move(hook); }

    // Requests whose response is not finished yet.
    int inFlight() const { return int(m_inFlight.size()); }
    // Open client connections, idle keep-alive ones included.
    int connectionCount() const;

    // Graceful shutdown, step 1: stop listening (new connections are refused), close idle
    // keep-alive connections, answer requests that still arrive with 503, and close each remaining
    // connection once its response is complete. drained() follows when nothing is left.
    void beginDrain();
    bool isDraining() const { return m_draining; }
    bool isDrained() const { return m_draining && m_inFlight.isEmpty() && connectionCount() == 0; }
    // Graceful shutdown, step 2 (grace period over): drops every connection; in-flight responses see
    // clientDisconnected().
    void abortAll();

    // "/proxy/v1/x" and "/v1/v1/x" -> "/v1/x"; repeated and trailing slashes removed. The query
    // string is not part of the path (Claude Code sends "?beta=true").
    static QByteArray normalisePath(const QByteArray &path);
    // The error shape for a request, deliberately simple:
    //  1. an anthropic-version header means Anthropic;
    //  2. OpenAI-style endpoints (path contains "/completions", "/responses" or "/embeddings") mean
    //     OpenAI;
    //  3. "/v1/models..." with "Authorization: Bearer" and no x-api-key means OpenAI (both APIs
    //     have that path; only OpenAI clients authenticate that way without Anthropic headers);
    //  4. everything else is Anthropic (the proxy's main client is Claude Code).
    static ErrorStyle errorStyleFor(const QByteArray &normalisedPath, const QHttpServerRequest &request);

Q_SIGNALS:
    // Draining and no request in flight and no connection left.
    void drained();

protected:
    // The only version-specific part outside httpcompat: Qt's virtual signatures.
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override
    {
        dispatch(request, std::move(responder), socketFor(request));
        return true;
    }
    void missingHandler(const QHttpServerRequest &request, QHttpServerResponder &responder) override
    {
        dispatch(request, std::move(responder), socketFor(request));
    }
#else
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        dispatch(request, makeResponder(request, socket), socket);
        return true;
    }
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        dispatch(request, makeResponder(request, socket), socket);
    }
#endif

private:
    struct Route
    {
        QHttpServerRequest::Method method;
        Handler handler;
    };
    struct PrefixRoute
    {
        QByteArray prefix;
        Handler handler;
    };

    void dispatch(const QHttpServerRequest &request, QHttpServerResponder &&responder, QTcpSocket *socket);
    QTcpSocket *socketFor(const QHttpServerRequest &request) const;
    const Handler *prefixHandler(const QByteArray &path) const;
    void track(ResponseStream *stream);
    void checkDrained();

    QList<TrackingTcpServer *> m_listeners;
    QHash<QByteArray, QList<Route>> m_routes;
    QList<PrefixRoute> m_prefixRoutes; // longest prefix first
    qint64 m_maxBodyBytes = DefaultMaxBodyBytes;
    RequestHook m_requestHook;
    QSet<ResponseStream *> m_live; // every ResponseStream not yet destroyed
    QSet<ResponseStream *> m_inFlight; // those not yet finished
    bool m_draining = false;
    bool m_drainedEmitted = false;
};

} // namespace Switchyard
