#pragma once

// One HTTP/1.1 keep-alive connection to an upstream, and the incremental response parser it runs.
//
// Why our own client instead of QNetworkAccessManager (tests/bench findings 1 and 3): QNAM leaves
// TCP_NODELAY off and writes a request body over 16 KB in two writes, so the tail waits ~40 ms for
// the server's delayed ACK; it reads the status line and headers one byte per read(); and it runs in
// a worker thread, so every event crosses threads. Here the socket lives in the owning (proxy)
// thread, has TCP_NODELAY, the request goes out in one write, and the parser works on whatever one
// read() returned.
//
// A connection carries one request at a time (no pipelining). Sockets: QTcpSocket for http,
// QSslSocket for https (system CAs, SNI = the origin host, ALPN "http/1.1"). Proxies are set on the
// socket (HTTP CONNECT tunnel or SOCKS5), except plain http through an HTTP proxy, which connects to
// the proxy and sends absolute-form requests (what QNAM and curl do; viaHttpProxy below).
//
// Socket errors are handled from the event loop (queued), never inside send(): a caller that starts
// a request is never called back from within that call.
//
// Direct connections to a host name resolve it here (QHostInfo, which caches like Qt's sockets do)
// and check every address with UrlPolicy::checkResolvedAddresses before connecting, unless the
// target allows link-local: a name that resolves to a cloud metadata or link-local address is
// refused as a connect error, and nothing is sent. The socket then connects to the checked
// addresses in order (the next one after a failed TCP connect, as QAbstractSocket does for a
// name), so DNS cannot answer differently between the check and the connect. Through a proxy the
// proxy resolves the name.

#include <QAbstractSocket>
#include <QByteArray>
#include <QByteArrayView>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QNetworkProxy>
#include <QObject>
#include <QPair>
#include <QSslConfiguration>
#include <QString>

class QHostInfo;
class QSslError;

namespace Switchyard {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>; // the same alias as upstreamclient.h
struct UpstreamError;

// Incremental HTTP/1.1 response parser (RFC 9112): status line, header fields, then a body framed by
// Transfer-Encoding: chunked, Content-Length, or the end of the connection. Body bytes are never
// buffered: feed() appends what it decoded to the caller's array, so a stream is passed on as it
// arrives. Only partial lines (status, header, chunk-size) are kept between calls.
class Http1ResponseParser
{
public:
    enum class Event
    {
        NeedMore, // all input used; the message goes on
        Headers, // the final (non-1xx) header block is complete; isComplete() if there is no body
        Complete, // the message ended; bytes after it were not consumed
        Error, // malformed; errorString() says why
    };

    // Against a broken or hostile upstream: one line, and the whole header block (or trailer block).
    static constexpr qsizetype maxLineBytes = 64 * 1024;
    static constexpr qsizetype maxHeaderBytes = 256 * 1024;
    static constexpr int maxFieldCount = 512;

    // Ready for the response to a new request. bodyless: the request was HEAD.
    void reset(bool bodyless = false);

    // Parses data[from..]: decoded body bytes are appended to *body (sharing data when the whole
    // input is body). Returns at the end of the input, right after the final header block, at the
    // end of the message or at an error; *consumed says how many bytes were used. 1xx responses
    // (100 Continue, 103 Early Hints) are skipped.
    Event feed(const QByteArray &data, qsizetype from, qsizetype *consumed, QByteArray *body);
    // The peer closed the connection: true when that ends the message (a close-delimited body).
    bool finishAtEof();

    int status() const { return m_status; } // 0 until the final status line
    const HttpHeaders &headers() const { return m_headers; } // wire order, names as sent, duplicates kept
    const HttpHeaders &trailers() const { return m_trailers; }
    bool headersComplete() const { return m_state > State::HeaderLines; }
    bool isComplete() const { return m_state == State::Complete; }
    bool hasFailed() const { return m_state == State::Failed; }
    // Valid once complete: the connection may carry another request.
    bool keepAlive() const { return m_keepAlive; }
    bool isCloseDelimited() const { return m_state == State::UntilClose; }
    const QString &errorString() const { return m_error; }

private:
    enum class State
    {
        StatusLine,
        HeaderLines,
        LengthBody,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        UntilClose,
        Complete,
        Failed,
    };
    enum class Line
    {
        Complete,
        Partial,
        TooLong,
    };

    Line takeLine(const QByteArray &data, qsizetype *pos, QByteArrayView *line);
    Event handleLine(QByteArrayView line);
    bool parseStatusLine(QByteArrayView line);
    bool parseFieldLine(QByteArrayView line, HttpHeaders *fields);
    Event endOfHeaders();
    bool parseChunkSize(QByteArrayView line);
    Event fail(const QString &why);

    State m_state = State::StatusLine;
    QByteArray m_partial; // an incomplete line from the previous input
    HttpHeaders m_headers;
    HttpHeaders m_trailers;
    qsizetype m_headerBytes = 0;
    qint64 m_remaining = 0; // of the Content-Length body or the current chunk
    int m_status = 0;
    int m_minorVersion = 1;
    bool m_bodyless = false;
    bool m_keepAlive = false;
    QString m_error;
};

// Where a connection goes and how. Connections with the same key are interchangeable.
struct Http1Target
{
    QString host; // the origin host (Host header, SNI, certificate name)
    quint16 port = 0; // the origin port
    bool tls = false;
    // Set on the socket: NoProxy, an HttpProxy (CONNECT tunnel) or a Socks5Proxy.
    QNetworkProxy socketProxy = QNetworkProxy(QNetworkProxy::NoProxy);
    // Plain http through an HTTP proxy: the socket connects to proxyHost:proxyPort and requests use
    // the absolute form; socket errors are proxy errors.
    bool viaHttpProxy = false;
    QString proxyHost;
    quint16 proxyPort = 0;
    // Direct connections check what host resolved to (UrlPolicy::checkResolvedAddresses) unless
    // this is set; part of the key.
    bool allowLinkLocal = false;
    QString key; // pool key: origin + proxy identity (holds proxy credentials: memory only)

    QString hostPort() const; // "host:port" for messages (IPv6 in brackets)
};

// What a connection reports to the request it carries. Never called from inside send().
class Http1Listener
{
public:
    virtual void http1Connected() = 0; // a new connection is up (TCP, proxy, TLS): the request goes out
    virtual void http1Headers(int status, const HttpHeaders &headers) = 0;
    virtual void http1Data(const QByteArray &chunk) = 0; // decoded body bytes
    virtual void http1Complete() = 0; // the connection is already back in the pool (or closed)
    // The connection failed and is closed. staleReuse: it had served earlier responses and died
    // before any byte of this one, so nothing of this request was processed visibly and it can be
    // sent again on a fresh connection. The error's afterHeaders/bytesReceived are left to the listener.
    virtual void http1Failed(const UpstreamError &error, bool staleReuse) = 0;

protected:
    ~Http1Listener() = default;
};

class Http1Connection : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        New, // not connected yet; the first send() connects
        Connecting, // TCP / proxy / TLS handshake under way, the request waits
        Busy, // a request is out, its response not complete
        Idle, // keep-alive, in the pool
        Closed,
    };

    Http1Connection(Http1Target target, const QSslConfiguration &tls, QObject *parent = nullptr);
    ~Http1Connection() override;

    // Addresses to use instead of resolving the target host (a direct connection only), like curl's
    // --resolve; they are checked like DNS answers. Set before the first send(). For tests, which
    // need a name that resolves to an address no test machine routes.
    void setResolvedAddresses(const QList<QHostAddress> &addresses) { m_fixedAddresses = addresses; }

    // Sends one request, its complete bytes (head and body), with one write; the response goes to
    // listener. Only in New or Idle state.
    void send(Http1Listener *listener, const QByteArray &request, bool headRequest);
    // The listener gives up: stop reporting and close the socket (the connection is not reused).
    void abandon();

    State state() const { return m_state; }
    // Idle, still connected, nothing unread: safe to send the next request on.
    bool isReusable() const;
    const Http1Target &target() const { return m_target; }
    QAbstractSocket *socket() const { return m_socket; }
    int responsesServed() const { return m_served; }
    int readCalls() const { return m_readCalls; } // readyRead handlers that read bytes (diagnostics)
    qint64 idleMs() const; // time since it became idle; -1 if not idle
    QByteArray negotiatedProtocol() const; // ALPN result ("http/1.1"), empty for http or none

Q_SIGNALS:
    void becameIdle(Switchyard::Http1Connection *connection); // after a complete keep-alive response
    void closed(Switchyard::Http1Connection *connection); // socket gone; never reused

private:
    void connectToTarget();
    void onLookup(const QHostInfo &info);
    void connectToAddresses(const QList<QHostAddress> &addresses);
    void connectToNextAddress();
    void onTcpConnected();
    void onReady();
    void onReadyRead();
    void onSocketError(QAbstractSocket::SocketError error);
    void handleSocketGone(QAbstractSocket::SocketError error, const QString &message);
    void consume(const QByteArray &data);
    void finishResponse(bool leftover);
    void failResponse(UpstreamError error, bool staleReuse);
    void closeSocket();

    Http1Target m_target;
    QAbstractSocket *m_socket;
    Http1Listener *m_listener = nullptr;
    Http1ResponseParser m_parser;
    QByteArray m_pending; // the request while connecting
    QStringList m_tlsErrors;
    QList<QHostAddress> m_fixedAddresses;
    QList<QHostAddress> m_addresses; // checked addresses of a direct connection, tried in order
    qsizetype m_nextAddress = 0;
    int m_lookupId = -1; // a QHostInfo lookup is under way
    bool m_tcpUp = false; // TCP (and the proxy handshake) completed
    QElapsedTimer m_idleSince;
    State m_state = State::New;
    qint64 m_responseBytes = 0; // bytes read since the current request was sent
    int m_served = 0;
    int m_readCalls = 0;
    bool m_errorQueued = false; // a socket error is on its way through the event loop
};

} // namespace Switchyard
