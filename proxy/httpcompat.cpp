#include "httpcompat.h"

#include "logging.h"

#include <QTcpSocket>

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#include <QHttpHeaders>
#endif

namespace Switchyard {

namespace {

QHttpServerResponder::StatusCode statusCode(int status)
{
    // Qt writes the number it is given; codes outside its enum (529 overloaded_error) work too.
    return static_cast<QHttpServerResponder::StatusCode>(status);
}

bool hasHeader(const HttpHeaderList &headers, const QByteArray &name)
{
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// --- The version-specific writes. Each takes the responder and writes one piece of a response. ---

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)

QHttpHeaders toQHttpHeaders(const HttpHeaderList &headers)
{
    QHttpHeaders out;
    for (const auto &[name, value] : headers)
        out.append(QAnyStringView(name), QAnyStringView(value));
    return out;
}

void writeStreamHead(QHttpServerResponder &responder, int status, const HttpHeaderList &headers)
{
    // Qt adds "Transfer-Encoding: chunked" and ends the header block itself.
    responder.writeBeginChunked(toQHttpHeaders(headers), statusCode(status));
}

void writeStreamChunk(QHttpServerResponder &responder, const QByteArray &data)
{
    responder.writeChunk(data);
}

void writeStreamEnd(QHttpServerResponder &responder)
{
    responder.writeEndChunked(QByteArray());
}

void writeWhole(QHttpServerResponder &responder, int status, const HttpHeaderList &headers,
                const QByteArray &body)
{
    // Qt adds Content-Length.
    responder.write(body, toQHttpHeaders(headers), statusCode(status));
}

#else // Qt 6.4 - 6.7

void writeHeaderBlock(QHttpServerResponder &responder, int status, const HttpHeaderList &headers)
{
    responder.writeStatusLine(statusCode(status));
    for (const auto &[name, value] : headers)
        responder.writeHeader(name, value);
}

void writeStreamHead(QHttpServerResponder &responder, int status, const HttpHeaderList &headers)
{
    writeHeaderBlock(responder, status, headers);
    responder.writeHeader(QByteArrayLiteral("Transfer-Encoding"), QByteArrayLiteral("chunked"));
    // Qt ends the header block on the first writeBody(); an empty one sends the headers right away.
    responder.writeBody(QByteArray());
}

void writeStreamChunk(QHttpServerResponder &responder, const QByteArray &data)
{
    // Chunked framing (RFC 9112 7.1): size in hex, CRLF, data, CRLF. The socket buffers the three
    // writes, so this costs no extra copy of the data.
    const QByteArray size = QByteArray::number(data.size(), 16) + "\r\n";
    responder.writeBody(size);
    responder.writeBody(data);
    responder.writeBody("\r\n", 2);
}

void writeStreamEnd(QHttpServerResponder &responder)
{
    responder.writeBody("0\r\n\r\n", 5);
}

void writeWhole(QHttpServerResponder &responder, int status, const HttpHeaderList &headers,
                const QByteArray &body)
{
    writeHeaderBlock(responder, status, headers);
    responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(body.size()));
    responder.writeBody(body);
}

#endif

} // namespace

// --- HttpCompat ---

QByteArray HttpCompat::requestHeader(const QHttpServerRequest &request, const QByteArray &name)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    return request.headers().value(QAnyStringView(name)).toByteArray();
#else
    return request.value(name); // case-insensitive in 6.4
#endif
}

// --- TrackingTcpServer ---

TrackingTcpServer::TrackingTcpServer(QObject *parent)
    : QTcpServer(parent)
{
}

QList<QTcpSocket *> TrackingTcpServer::connections() const
{
    QList<QTcpSocket *> out;
    out.reserve(m_sockets.size());
    for (const QPointer<QTcpSocket> &socket : m_sockets) {
        if (socket)
            out.append(socket.data());
    }
    return out;
}

int TrackingTcpServer::connectionCount() const
{
    return int(connections().size());
}

QTcpSocket *TrackingTcpServer::socketFor(const QHttpServerRequest &request) const
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    for (const QPointer<QTcpSocket> &socket : m_sockets) {
        if (socket && socket->peerPort() == request.remotePort()
            && socket->peerAddress().isEqual(request.remoteAddress(), QHostAddress::TolerantConversion))
            return socket.data();
    }
#else
    Q_UNUSED(request)
#endif
    return nullptr;
}

void TrackingTcpServer::incomingConnection(qintptr handle)
{
    // What QTcpServer does by default, plus remembering the socket.
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        qCWarning(lcProxy) << "Cannot take incoming connection:" << socket->errorString();
        delete socket;
        return;
    }
    // SSE events are small writes that must leave at once: with Nagle on, the kernel holds each one
    // until the client's delayed ACK for the previous one arrives (measured: 100 one-per-ms chunks
    // reached the client in ~15 bursts, +35 ms per stream).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_sockets.append(socket);
    connect(socket, &QAbstractSocket::disconnected, this, [this, socket] { forget(socket); });
    connect(socket, &QObject::destroyed, this, [this, socket] { forget(socket); });
    addPendingConnection(socket);
}

void TrackingTcpServer::forget(QTcpSocket *socket)
{
    const qsizetype removed = m_sockets.removeIf([socket](const QPointer<QTcpSocket> &tracked) {
        return tracked.isNull() || tracked.data() == socket;
    });
    if (removed > 0)
        Q_EMIT connectionClosed();
}

// --- ResponseStream ---

ResponseStream::ResponseStream(QHttpServerResponder &&responder, QTcpSocket *socket, RequestContext context)
    : m_socket(socket)
    , m_haveSocket(socket != nullptr)
    , m_context(std::move(context))
{
    m_responder.emplace(std::move(responder));
    if (socket) {
        connect(socket, &QAbstractSocket::disconnected, this, &ResponseStream::onSocketGone);
        connect(socket, &QObject::destroyed, this, &ResponseStream::onSocketGone);
    }
}

ResponseStream::~ResponseStream()
{
    // The owner is usually being destroyed itself right now: calling back into it through
    // clientDisconnected() or finished() would reach a half-destroyed object. The front learns
    // about the end from destroyed(), which Qt emits even with signals blocked.
    blockSignals(true);
    if (!m_finished && clientConnected()) {
        if (m_state == State::Idle) {
            qCWarning(lcProxy) << "Request" << m_context.requestId << m_context.path
                               << "was dropped without an answer";
            sendError(500, "The proxy dropped the request without answering it.");
        } else {
            abortConnection();
        }
    }
    m_finished = true;
    releaseResponder();
}

bool ResponseStream::clientConnected() const
{
    if (!m_responder)
        return false;
    if (!m_haveSocket)
        return true; // cannot tell (see TrackingTcpServer::socketFor); assume the client is there
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

bool ResponseStream::isOpen() const
{
    return !m_finished && clientConnected();
}

qint64 ResponseStream::pendingBytes() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

HttpHeaderList ResponseStream::withStandardHeaders(const HttpHeaderList &headers) const
{
    HttpHeaderList all = headers;
    static const QByteArray requestIdName = QByteArrayLiteral("request-id");
    if (!m_context.requestId.isEmpty() && !hasHeader(headers, requestIdName))
        all.append({requestIdName, m_context.requestId});
    if (m_closeAfterResponse)
        all.append({QByteArrayLiteral("Connection"), QByteArrayLiteral("close")});
    return all;
}

bool ResponseStream::begin(int status, const HttpHeaderList &headers)
{
    if (m_state != State::Idle || !isOpen())
        return false;
    writeStreamHead(*m_responder, status, withStandardHeaders(headers));
    m_state = State::Streaming;
    return true;
}

bool ResponseStream::writeChunk(const QByteArray &data)
{
    if (m_state != State::Streaming || !isOpen())
        return false;
    if (!data.isEmpty())
        writeStreamChunk(*m_responder, data);
    return true;
}

bool ResponseStream::end()
{
    if (m_state != State::Streaming || !isOpen())
        return false;
    writeStreamEnd(*m_responder);
    m_state = State::Done;
    finish();
    return true;
}

bool ResponseStream::sendComplete(int status, const HttpHeaderList &headers, const QByteArray &body)
{
    if (m_state != State::Idle || !isOpen())
        return false;
    const bool head = m_context.method == QHttpServerRequest::Method::Head;
    writeWhole(*m_responder, status, withStandardHeaders(headers), head ? QByteArray() : body);
    m_state = State::Done;
    finish();
    return true;
}

bool ResponseStream::sendError(int status, std::string_view message, const HttpHeaderList &headers)
{
    HttpHeaderList all = headers;
    all.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    return sendComplete(
        status, all,
        errorBody(m_context.errorStyle, status, message,
                  std::string_view(m_context.requestId.constData(), size_t(m_context.requestId.size()))));
}

void ResponseStream::abortConnection()
{
    if (m_socket && m_socket->state() != QAbstractSocket::UnconnectedState) {
        // Hand what was already written to the kernel (abort() would discard it), then close
        // without the chunk terminator: the client sees the response end early.
        m_socket->flush();
        m_socket->abort(); // emits disconnected(), which lands in onSocketGone()
    }
    onSocketGone();
}

void ResponseStream::onSocketGone()
{
    if (m_finished)
        return;
    m_state = State::Disconnected;
    Q_EMIT clientDisconnected();
    finish();
}

void ResponseStream::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_closeAfterResponse && m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->disconnectFromHost(); // sends what is queued first
    Q_EMIT finished();
}

void ResponseStream::releaseResponder()
{
    m_responder.reset();
    if (m_socket)
        disconnect(m_socket, nullptr, this, nullptr);
}

} // namespace Switchyard
