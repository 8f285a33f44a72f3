#include "httpfront.h"

#include "logging.h"
#include "protocolcommon.h"

#include <QDateTime>
#include <QTcpSocket>

#include <algorithm>

namespace Switchyard {

namespace {

// The prefix "/v1" as a whole segment: "/v1" or "/v1/...".
bool startsWithSegment(const QByteArray &path, const QByteArray &segment)
{
    return path.startsWith(segment) && (path.size() == segment.size() || path.at(segment.size()) == '/');
}

} // namespace

HttpFront::HttpFront(QObject *parent)
    : QAbstractHttpServer(parent)
{
}

HttpFront::~HttpFront()
{
    // Handlers may keep streams beyond the front's life; Qt's connection objects (children of the
    // listeners, destroyed after this body) must outlive every responder, so release them now.
    const QSet<ResponseStream *> live = m_live;
    for (ResponseStream *stream : live) {
        disconnect(stream, nullptr, this, nullptr);
        stream->releaseResponder();
    }
    for (TrackingTcpServer *listener : std::as_const(m_listeners))
        disconnect(listener, nullptr, this, nullptr);
}

bool HttpFront::listenOn(const QHostAddress &address, quint16 port, QString *error)
{
    auto *listener = new TrackingTcpServer(this);
    if (!listener->listen(address, port)) {
        const QString message = tr("Cannot listen on %1 port %2: %3")
                                    .arg(address.toString())
                                    .arg(port)
                                    .arg(listener->errorString());
        if (error)
            *error = message;
        delete listener;
        return false;
    }
    bind(listener);
    m_listeners.append(listener);
    connect(listener, &TrackingTcpServer::connectionClosed, this, &HttpFront::checkDrained);
    qCInfo(lcProxy).noquote() << "Listening on" << address.toString() << "port" << listener->serverPort();
    return true;
}

quint16 HttpFront::port() const
{
    return m_listeners.isEmpty() ? 0 : m_listeners.constFirst()->serverPort();
}

bool HttpFront::isListening() const
{
    for (const TrackingTcpServer *listener : m_listeners) {
        if (listener->isListening())
            return true;
    }
    return false;
}

int HttpFront::connectionCount() const
{
    int count = 0;
    for (const TrackingTcpServer *listener : m_listeners)
        count += listener->connectionCount();
    return count;
}

void HttpFront::route(QHttpServerRequest::Method method, const QByteArray &path, Handler handler)
{
    QList<Route> &routes = m_routes[normalisePath(path)];
    for (Route &route : routes) {
        if (route.method == method) {
            route.handler = std::move(handler);
            return;
        }
    }
    routes.append({method, std::move(handler)});
}

void HttpFront::routePrefix(const QByteArray &prefix, Handler handler)
{
    const QByteArray normalised = normalisePath(prefix);
    for (PrefixRoute &route : m_prefixRoutes) {
        if (route.prefix == normalised) {
            route.handler = std::move(handler);
            return;
        }
    }
    const auto longer = std::find_if(m_prefixRoutes.begin(), m_prefixRoutes.end(), [&](const PrefixRoute &r) {
        return r.prefix.size() < normalised.size();
    });
    m_prefixRoutes.insert(longer, {normalised, std::move(handler)});
}

const HttpFront::Handler *HttpFront::prefixHandler(const QByteArray &path) const
{
    for (const PrefixRoute &route : m_prefixRoutes) {
        if (startsWithSegment(path, route.prefix))
            return &route.handler;
    }
    return nullptr;
}

QByteArray HttpFront::normalisePath(const QByteArray &path)
{
    QByteArray out;
    out.reserve(path.size() + 1);
    for (const char c : path) {
        if (c == '/' && out.endsWith('/'))
            continue; // "//v1/messages" from a base URL with a trailing slash
        out.append(c);
    }
    if (!out.startsWith('/'))
        out.prepend('/');
    if (out.size() > 1 && out.endsWith('/'))
        out.chop(1);

    static const QByteArray proxyPrefix = QByteArrayLiteral("/proxy");
    static const QByteArray v1 = QByteArrayLiteral("/v1");
    if (startsWithSegment(out, proxyPrefix) && startsWithSegment(out.mid(proxyPrefix.size()), v1))
        out.remove(0, proxyPrefix.size());
    // A base URL that already ends in /v1 makes the SDKs request /v1/v1/... (protocols 1.1).
    while (startsWithSegment(out, v1) && startsWithSegment(out.mid(v1.size()), v1))
        out.remove(0, v1.size());
    return out;
}

ErrorStyle HttpFront::errorStyleFor(const QByteArray &path, const QHttpServerRequest &request)
{
    if (!HttpCompat::requestHeader(request, QByteArrayLiteral("anthropic-version")).isEmpty())
        return ErrorStyle::Anthropic;
    if (path.contains("/completions") || path.contains("/responses") || path.contains("/embeddings"))
        return ErrorStyle::OpenAI;
    if (startsWithSegment(path, QByteArrayLiteral("/v1/models"))) {
        const QByteArray authorization =
            HttpCompat::requestHeader(request, QByteArrayLiteral("authorization"));
        const bool bearer = authorization.startsWith("Bearer ") || authorization.startsWith("bearer ");
        if (bearer && HttpCompat::requestHeader(request, QByteArrayLiteral("x-api-key")).isEmpty())
            return ErrorStyle::OpenAI;
    }
    return ErrorStyle::Anthropic;
}

QTcpSocket *HttpFront::socketFor(const QHttpServerRequest &request) const
{
    for (const TrackingTcpServer *listener : m_listeners) {
        if (QTcpSocket *socket = listener->socketFor(request))
            return socket;
    }
    return nullptr;
}

void HttpFront::dispatch(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                         QTcpSocket *socket)
{
    RequestContext context;
    context.requestId = Wire::newRequestId();
    context.method = request.method();
    context.path = normalisePath(request.url().path(QUrl::FullyEncoded).toLatin1());
    context.errorStyle = errorStyleFor(context.path, request);
    context.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    context.elapsed.start();
    if (m_requestHook)
        m_requestHook(context);

    auto stream = std::make_unique<ResponseStream>(std::move(responder), socket, std::move(context));
    track(stream.get());

    const QByteArray connection = HttpCompat::requestHeader(request, QByteArrayLiteral("connection"));
    if (m_draining || connection.compare("close", Qt::CaseInsensitive) == 0)
        stream->setCloseAfterResponse(true);
    if (m_draining) {
        stream->sendError(503, "The proxy is shutting down.");
        return;
    }
    if (request.body().size() > m_maxBodyBytes) {
        stream->sendError(413,
                          QStringLiteral("Request body is larger than the limit of %1 bytes.")
                              .arg(m_maxBodyBytes)
                              .toStdString());
        return;
    }

    const auto routes = m_routes.constFind(stream->context().path);
    if (routes == m_routes.cend()) {
        if (const Handler *prefixed = prefixHandler(stream->context().path)) {
            const Handler handler = *prefixed; // a copy, as below
            handler(request, std::move(stream));
            return;
        }
        stream->sendError(404, "Not found: " + stream->context().path.toStdString());
        return;
    }
    for (const Route &route : *routes) {
        if (route.method == request.method()) {
            // A copy: the handler may register routes and so invalidate the reference.
            const Handler handler = route.handler;
            handler(request, std::move(stream));
            return;
        }
    }
    stream->sendError(405, "Method not allowed on " + stream->context().path.toStdString());
}

void HttpFront::track(ResponseStream *stream)
{
    m_live.insert(stream);
    m_inFlight.insert(stream);
    connect(stream, &ResponseStream::finished, this, [this, stream] {
        m_inFlight.remove(stream);
        checkDrained();
    });
    // Only the address is used: the object is being destroyed.
    connect(stream, &QObject::destroyed, this, [this, stream] {
        m_live.remove(stream);
        m_inFlight.remove(stream);
        checkDrained();
    });
}

void HttpFront::beginDrain()
{
    if (m_draining)
        return;
    m_draining = true;
    for (TrackingTcpServer *listener : std::as_const(m_listeners))
        listener->close();

    QSet<QTcpSocket *> busy;
    for (ResponseStream *stream : std::as_const(m_inFlight)) {
        stream->setCloseAfterResponse(true);
        if (QTcpSocket *socket = stream->socket())
            busy.insert(socket);
    }
    for (const TrackingTcpServer *listener : std::as_const(m_listeners)) {
        for (QTcpSocket *socket : listener->connections()) {
            if (!busy.contains(socket))
                socket->disconnectFromHost();
        }
    }
    qCInfo(lcProxy) << "Draining:" << m_inFlight.size() << "requests in flight," << connectionCount()
                    << "connections open";
    checkDrained();
}

void HttpFront::abortAll()
{
    const QSet<ResponseStream *> inFlight = m_inFlight;
    if (!inFlight.isEmpty())
        qCWarning(lcProxy) << "Aborting" << inFlight.size() << "requests still in flight";
    for (ResponseStream *stream : inFlight) {
        if (m_inFlight.contains(stream)) // an earlier abort may have ended it
            stream->abortConnection();
    }
    for (const TrackingTcpServer *listener : std::as_const(m_listeners)) {
        for (QTcpSocket *socket : listener->connections())
            socket->abort();
    }
    checkDrained();
}

void HttpFront::checkDrained()
{
    if (!m_drainedEmitted && isDrained()) {
        m_drainedEmitted = true;
        Q_EMIT drained();
    }
}

} // namespace Switchyard
