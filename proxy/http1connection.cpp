#include "http1connection.h"

#include "logging.h"
#include "upstreamclient.h"
#include "urlpolicy.h"

#include <QHostInfo>
#include <QNetworkReply>
#include <QSslSocket>
#include <QTcpSocket>

#include <cstring>

namespace Switchyard {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && isSpace(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && isSpace(text.back()))
        text.chop(1);
    return text;
}

// RFC 9110 token characters (header names).
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

// Calls visit(token) for each comma-separated, trimmed, non-empty token of every field called name.
template<typename Visit>
void forEachToken(const HttpHeaders &headers, QByteArrayView name, Visit visit)
{
    for (const auto &[key, value] : headers) {
        if (!equalsIgnoringCase(key, name))
            continue;
        QByteArrayView rest(value);
        while (!rest.isEmpty()) {
            const qsizetype comma = rest.indexOf(',');
            const QByteArrayView token = trimmed(comma < 0 ? rest : rest.first(comma));
            rest = comma < 0 ? QByteArrayView() : rest.sliced(comma + 1);
            if (!token.isEmpty())
                visit(token);
        }
    }
}

void appendBody(const QByteArray &data, qsizetype pos, qsizetype length, QByteArray *body)
{
    if (length <= 0)
        return;
    if (pos == 0 && length == data.size() && body->isEmpty())
        *body = data; // the whole read is body: share it
    else
        body->append(data.constData() + pos, length);
}

struct MappedError
{
    UpstreamError::Kind kind;
    QNetworkReply::NetworkError code;
};

// Socket errors in the vocabulary of UpstreamError (and QNetworkReply's codes, which callers and
// logs already know). connecting: before the request could be sent. viaHttpProxy: the socket's peer
// is the proxy; tunnelled: a CONNECT or SOCKS5 proxy is set on the socket.
MappedError mapSocketError(QAbstractSocket::SocketError error, bool connecting, bool viaHttpProxy,
                           bool tunnelled)
{
    using K = UpstreamError::Kind;
    using E = QNetworkReply::NetworkError;
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return viaHttpProxy ? MappedError {K::Proxy, E::ProxyConnectionRefusedError}
                            : MappedError {K::Connect, E::ConnectionRefusedError};
    case QAbstractSocket::HostNotFoundError:
        return viaHttpProxy ? MappedError {K::Proxy, E::ProxyNotFoundError}
                            : MappedError {K::Connect, E::HostNotFoundError};
    case QAbstractSocket::RemoteHostClosedError:
        return {K::Reset, E::RemoteHostClosedError};
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        return {K::Tls, E::SslHandshakeFailedError};
    case QAbstractSocket::ProxyAuthenticationRequiredError:
        return {K::Proxy, E::ProxyAuthenticationRequiredError};
    case QAbstractSocket::ProxyConnectionRefusedError:
        return {K::Proxy, E::ProxyConnectionRefusedError};
    case QAbstractSocket::ProxyConnectionClosedError:
        return {K::Proxy, E::ProxyConnectionClosedError};
    case QAbstractSocket::ProxyConnectionTimeoutError:
        return {K::Proxy, E::ProxyTimeoutError};
    case QAbstractSocket::ProxyNotFoundError:
        return {K::Proxy, E::ProxyNotFoundError};
    case QAbstractSocket::ProxyProtocolError:
        return {K::Proxy, E::UnknownProxyError};
    case QAbstractSocket::SocketAccessError:
        // What Qt reports when an HTTP proxy answers CONNECT with 403 or 405.
        if (tunnelled)
            return {K::Proxy, E::ProxyConnectionRefusedError};
        break;
    default:
        break;
    }
    if (connecting)
        return {viaHttpProxy ? K::Proxy : K::Connect, E::UnknownNetworkError};
    return {K::Reset, E::UnknownNetworkError};
}

UpstreamError makeError(UpstreamError::Kind kind, const QString &message, int networkError)
{
    UpstreamError error;
    error.kind = kind;
    error.message = message;
    error.networkError = networkError;
    return error;
}

} // namespace

// --- Http1ResponseParser ---

void Http1ResponseParser::reset(bool bodyless)
{
    m_state = State::StatusLine;
    m_partial.clear();
    m_headers.clear();
    m_trailers.clear();
    m_headerBytes = 0;
    m_remaining = 0;
    m_status = 0;
    m_minorVersion = 1;
    m_bodyless = bodyless;
    m_keepAlive = false;
    m_error.clear();
}

Http1ResponseParser::Event Http1ResponseParser::feed(const QByteArray &data, qsizetype from,
                                                     qsizetype *consumed, QByteArray *body)
{
    qsizetype pos = from;
    const qsizetype size = data.size();
    const auto result = [&](Event event) {
        *consumed = pos - from;
        return event;
    };
    while (pos < size) {
        switch (m_state) {
        case State::LengthBody:
        case State::ChunkData: {
            const qsizetype length = qsizetype(std::min<qint64>(m_remaining, size - pos));
            appendBody(data, pos, length, body);
            pos += length;
            m_remaining -= length;
            if (m_remaining > 0)
                break;
            if (m_state == State::ChunkData) {
                m_state = State::ChunkDataEnd;
                break;
            }
            m_state = State::Complete;
            return result(Event::Complete);
        }
        case State::UntilClose:
            appendBody(data, pos, size - pos, body);
            pos = size;
            break;
        case State::Complete:
            return result(Event::Complete);
        case State::Failed:
            return result(Event::Error);
        default: {
            QByteArrayView line;
            switch (takeLine(data, &pos, &line)) {
            case Line::Partial:
                return result(Event::NeedMore);
            case Line::TooLong:
                return result(
                    fail(QStringLiteral("header or chunk line longer than %1 bytes").arg(maxLineBytes)));
            case Line::Complete:
                break;
            }
            const Event event = handleLine(line);
            m_partial.clear();
            if (event != Event::NeedMore)
                return result(event);
            break;
        }
        }
    }
    return result(Event::NeedMore);
}

bool Http1ResponseParser::finishAtEof()
{
    if (m_state != State::UntilClose)
        return false;
    m_state = State::Complete;
    return true;
}

Http1ResponseParser::Line Http1ResponseParser::takeLine(const QByteArray &data, qsizetype *pos,
                                                        QByteArrayView *line)
{
    const char *begin = data.constData() + *pos;
    const qsizetype available = data.size() - *pos;
    const char *newline = static_cast<const char *>(std::memchr(begin, '\n', size_t(available)));
    if (!newline) {
        if (m_partial.size() + available > maxLineBytes)
            return Line::TooLong;
        m_partial.append(begin, available);
        *pos = data.size();
        return Line::Partial;
    }
    const qsizetype length = newline - begin;
    *pos += length + 1;
    if (m_partial.isEmpty()) {
        *line = QByteArrayView(begin, length);
    } else {
        if (m_partial.size() + length > maxLineBytes)
            return Line::TooLong;
        m_partial.append(begin, length);
        *line = QByteArrayView(m_partial);
    }
    // CRLF is the terminator; a bare LF is accepted as well (RFC 9112 §2.2).
    if (line->endsWith('\r'))
        line->chop(1);
    return Line::Complete;
}

Http1ResponseParser::Event Http1ResponseParser::handleLine(QByteArrayView line)
{
    const bool inHeaderBlock =
        m_state == State::StatusLine || m_state == State::HeaderLines || m_state == State::Trailers;
    if (inHeaderBlock) {
        m_headerBytes += line.size() + 2;
        if (m_headerBytes > maxHeaderBytes)
            return fail(QStringLiteral("response header block exceeds %1 bytes").arg(maxHeaderBytes));
    }
    switch (m_state) {
    case State::StatusLine:
        if (line.isEmpty())
            return Event::NeedMore; // stray CRLF before the status line (RFC 9112 §2.2)
        if (!parseStatusLine(line))
            return fail(QStringLiteral("malformed status line \"%1\"")
                            .arg(QString::fromLatin1(line.first(std::min<qsizetype>(line.size(), 40)))));
        m_state = State::HeaderLines;
        return Event::NeedMore;
    case State::HeaderLines:
        if (line.isEmpty())
            return endOfHeaders();
        if (!parseFieldLine(line, &m_headers))
            return fail(QStringLiteral("malformed response header line"));
        return Event::NeedMore;
    case State::ChunkSize:
        if (!parseChunkSize(line))
            return fail(QStringLiteral("malformed chunk size line"));
        return Event::NeedMore;
    case State::ChunkDataEnd:
        if (!line.isEmpty())
            return fail(QStringLiteral("chunk data not followed by CRLF"));
        m_state = State::ChunkSize;
        return Event::NeedMore;
    case State::Trailers:
        if (line.isEmpty()) {
            m_state = State::Complete;
            return Event::Complete;
        }
        if (!parseFieldLine(line, &m_trailers))
            return fail(QStringLiteral("malformed trailer line"));
        return Event::NeedMore;
    default:
        break;
    }
    return Event::NeedMore;
}

bool Http1ResponseParser::parseStatusLine(QByteArrayView line)
{
    // HTTP/1.x SP 3DIGIT [SP reason]
    if (line.size() < 12 || !line.startsWith("HTTP/1.") || line[8] != ' ')
        return false;
    const char minor = line[7];
    if (minor < '0' || minor > '9')
        return false;
    int status = 0;
    for (int i = 9; i < 12; ++i) {
        if (line[i] < '0' || line[i] > '9')
            return false;
        status = status * 10 + (line[i] - '0');
    }
    if (status < 100 || (line.size() > 12 && line[12] != ' '))
        return false;
    m_status = status;
    m_minorVersion = minor - '0';
    return true;
}

bool Http1ResponseParser::parseFieldLine(QByteArrayView line, HttpHeaders *fields)
{
    if (isSpace(line.front())) {
        // Obsolete line folding (RFC 9112 §5.2): the continuation joins the previous value with a space.
        if (fields->isEmpty())
            return false;
        const QByteArrayView more = trimmed(line);
        QByteArray &value = fields->last().second;
        if (!more.isEmpty())
            value.append(value.isEmpty() ? "" : " ").append(more);
        return true;
    }
    if (fields->size() >= maxFieldCount)
        return false;
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return false;
    const QByteArrayView name = line.first(colon);
    for (const char c : name) {
        if (!isTokenChar(c))
            return false; // including whitespace before the colon (a smuggling vector, §5.1)
    }
    fields->append({name.toByteArray(), trimmed(line.sliced(colon + 1)).toByteArray()});
    return true;
}

Http1ResponseParser::Event Http1ResponseParser::endOfHeaders()
{
    if (m_status < 200) {
        if (m_status == 101)
            return fail(QStringLiteral("unexpected 101 Switching Protocols"));
        // Interim response: the final one follows on the same connection.
        m_headers.clear();
        m_headerBytes = 0;
        m_status = 0;
        m_state = State::StatusLine;
        return Event::NeedMore;
    }

    m_keepAlive = m_minorVersion >= 1;
    forEachToken(m_headers, "connection", [this](QByteArrayView token) {
        if (equalsIgnoringCase(token, "close"))
            m_keepAlive = false;
        else if (equalsIgnoringCase(token, "keep-alive") && m_minorVersion == 0)
            m_keepAlive = true;
    });

    if (m_bodyless || m_status == 204 || m_status == 304) {
        m_state = State::Complete;
        return Event::Headers;
    }

    bool hasTransferEncoding = false;
    QByteArrayView lastCoding;
    forEachToken(m_headers, "transfer-encoding", [&](QByteArrayView token) {
        hasTransferEncoding = true;
        lastCoding = token;
    });
    bool hasLength = false;
    qint64 length = -1;
    bool lengthValid = true;
    forEachToken(m_headers, "content-length", [&](QByteArrayView token) {
        hasLength = true;
        bool ok = token.size() <= 18;
        for (const char c : token)
            ok = ok && c >= '0' && c <= '9';
        const qint64 value = ok ? token.toLongLong(&ok) : -1;
        if (!ok || (length >= 0 && value != length))
            lengthValid = false; // unparsable, or differing values (§6.3 point 5)
        length = value;
    });

    if (hasTransferEncoding) {
        // Transfer-Encoding wins over Content-Length; a message with both must not be followed by
        // another one on this connection (§6.3 point 3).
        if (hasLength)
            m_keepAlive = false;
        if (equalsIgnoringCase(lastCoding, "chunked")) {
            m_state = State::ChunkSize;
        } else {
            m_state = State::UntilClose; // any other final coding: the body runs to the close
            m_keepAlive = false;
        }
        return Event::Headers;
    }
    if (hasLength) {
        if (!lengthValid)
            return fail(QStringLiteral("invalid Content-Length"));
        m_remaining = length;
        m_state = length == 0 ? State::Complete : State::LengthBody;
        return Event::Headers;
    }
    m_state = State::UntilClose;
    m_keepAlive = false;
    return Event::Headers;
}

bool Http1ResponseParser::parseChunkSize(QByteArrayView line)
{
    // chunk-size [BWS ; chunk-ext]: extensions carry nothing we use, but must be well placed.
    qint64 size = 0;
    qsizetype i = 0;
    for (; i < line.size(); ++i) {
        const char c = line[i];
        int digit;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        else
            break;
        if (i >= 15)
            return false; // beyond 2^60: nobody sends that, and it would overflow
        size = size * 16 + digit;
    }
    if (i == 0)
        return false;
    while (i < line.size() && isSpace(line[i]))
        ++i;
    if (i < line.size() && line[i] != ';')
        return false;
    if (size == 0) {
        m_state = State::Trailers;
        m_headerBytes = 0;
    } else {
        m_remaining = size;
        m_state = State::ChunkData;
    }
    return true;
}

Http1ResponseParser::Event Http1ResponseParser::fail(const QString &why)
{
    m_state = State::Failed;
    m_error = why;
    m_keepAlive = false;
    return Event::Error;
}

// --- Http1Target ---

QString Http1Target::hostPort() const
{
    const QString shownHost = host.contains(u':') ? u'[' + host + u']' : host;
    return shownHost + u':' + QString::number(port);
}

// --- Http1Connection ---

Http1Connection::Http1Connection(Http1Target target, const QSslConfiguration &tls, QObject *parent)
    : QObject(parent)
    , m_target(std::move(target))
{
    if (m_target.tls) {
        auto *socket = new QSslSocket(this);
        socket->setSslConfiguration(tls);
        socket->setPeerVerifyName(m_target.host);
        connect(socket, &QSslSocket::encrypted, this, &Http1Connection::onReady);
        connect(socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            for (const QSslError &error : errors)
                m_tlsErrors.append(error.errorString());
        });
        m_socket = socket;
    } else {
        m_socket = new QTcpSocket(this);
    }
    m_socket->setProxy(m_target.socketProxy);
    connect(m_socket, &QAbstractSocket::connected, this, &Http1Connection::onTcpConnected);
    connect(m_socket, &QAbstractSocket::readyRead, this, &Http1Connection::onReadyRead);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &Http1Connection::onSocketError);
    connect(m_socket, &QAbstractSocket::disconnected, this,
            [this] { onSocketError(QAbstractSocket::RemoteHostClosedError); });
}

Http1Connection::~Http1Connection()
{
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(m_lookupId);
    m_socket->disconnect(this);
    m_socket->abort();
}

void Http1Connection::send(Http1Listener *listener, const QByteArray &request, bool headRequest)
{
    Q_ASSERT(m_state == State::New || m_state == State::Idle);
    m_listener = listener;
    m_parser.reset(headRequest);
    m_responseBytes = 0;
    if (m_state == State::New) {
        m_pending = request;
        connectToTarget();
        return;
    }
    m_state = State::Busy;
    // One write of the whole request, flushed now: with TCP_NODELAY the kernel sends it at once,
    // and no part of it waits for the ACK of another (bench finding 1).
    m_socket->write(request);
    m_socket->flush();
}

void Http1Connection::connectToTarget()
{
    m_state = State::Connecting;
    const bool proxied = m_target.viaHttpProxy || m_target.socketProxy.type() != QNetworkProxy::NoProxy;
    QHostAddress literal;
    if (proxied || literal.setAddress(m_target.host)) {
        // Through a proxy the proxy resolves the name; a literal was checked with the URL.
        const QString host = m_target.viaHttpProxy ? m_target.proxyHost : m_target.host;
        const quint16 port = m_target.viaHttpProxy ? m_target.proxyPort : m_target.port;
        if (m_target.tls) {
            // The host name doubles as SNI and as the name the certificate is checked against;
            // through a CONNECT or SOCKS5 proxy the tunnel is opened to it as well.
            static_cast<QSslSocket *>(m_socket)->connectToHostEncrypted(host, port);
        } else {
            m_socket->connectToHost(host, port);
        }
        return;
    }
    if (!m_fixedAddresses.isEmpty()) {
        // Queued like a lookup result: listeners are never called back from inside send().
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (m_state == State::Connecting)
                    connectToAddresses(m_fixedAddresses);
            },
            Qt::QueuedConnection);
        return;
    }
    m_lookupId = QHostInfo::lookupHost(m_target.host, this, &Http1Connection::onLookup);
}

void Http1Connection::onLookup(const QHostInfo &info)
{
    // One lookup per connection at a time; a late answer after closeSocket() is dropped here.
    if (m_lookupId < 0 || m_state != State::Connecting)
        return;
    m_lookupId = -1;
    if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
        failResponse(makeError(UpstreamError::Kind::Connect,
                               QStringLiteral("could not connect to %1: host not found (%2)")
                                   .arg(m_target.hostPort(), info.errorString()),
                               QNetworkReply::HostNotFoundError),
                     false);
        return;
    }
    connectToAddresses(info.addresses());
}

void Http1Connection::connectToAddresses(const QList<QHostAddress> &addresses)
{
    QString refusal;
    if (!UrlPolicy::checkResolvedAddresses(m_target.host, addresses, m_target.allowLinkLocal, &refusal)) {
        qCWarning(lcProxy).noquote() << refusal;
        failResponse(makeError(UpstreamError::Kind::Connect, refusal, 0), false);
        return;
    }
    m_addresses = addresses;
    m_nextAddress = 0;
    connectToNextAddress();
}

void Http1Connection::connectToNextAddress()
{
    const QHostAddress address = m_addresses.at(m_nextAddress++);
    if (m_target.tls) {
        // SNI and the certificate check use the host name (peerVerifyName), not the address.
        static_cast<QSslSocket *>(m_socket)->connectToHostEncrypted(address.toString(), m_target.port,
                                                                    m_target.host);
    } else {
        m_socket->connectToHost(address, m_target.port);
    }
}

void Http1Connection::onTcpConnected()
{
    m_tcpUp = true;
    // Options only stick once the socket exists (Qt ignores them before connected()).
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    if (!m_target.tls)
        onReady();
}

void Http1Connection::onReady()
{
    if (m_state != State::Connecting)
        return;
    m_state = State::Busy;
    Http1Listener *const listener = m_listener;
    if (listener)
        listener->http1Connected();
    if (m_state != State::Busy || m_listener != listener)
        return;
    m_socket->write(std::exchange(m_pending, {}));
    m_socket->flush();
}

void Http1Connection::onReadyRead()
{
    const QByteArray data = m_socket->readAll();
    if (data.isEmpty())
        return;
    ++m_readCalls;
    if (m_state != State::Busy || !m_listener) {
        // Bytes nobody asked for (on an idle connection): its framing can no longer be trusted.
        closeSocket();
        return;
    }
    consume(data);
}

void Http1Connection::consume(const QByteArray &data)
{
    m_responseBytes += data.size();
    Http1Listener *const listener = m_listener;
    const auto stillOurs = [&] { return m_state == State::Busy && m_listener == listener; };
    QByteArray body;
    qsizetype pos = 0;
    for (;;) {
        qsizetype used = 0;
        const Http1ResponseParser::Event event = m_parser.feed(data, pos, &used, &body);
        pos += used;
        if (event == Http1ResponseParser::Event::Error) {
            if (!body.isEmpty()) {
                listener->http1Data(body); // what was valid before the error is real output
                if (!stillOurs())
                    return;
            }
            failResponse(makeError(UpstreamError::Kind::Protocol,
                                   QStringLiteral("malformed response from %1: %2")
                                       .arg(m_target.hostPort(), m_parser.errorString()),
                                   QNetworkReply::ProtocolFailure),
                         false);
            return;
        }
        if (event == Http1ResponseParser::Event::Headers) {
            if (m_target.viaHttpProxy && m_parser.status() == 407) {
                failResponse(makeError(UpstreamError::Kind::Proxy,
                                       QStringLiteral("proxy %1:%2 requires authentication")
                                           .arg(m_target.proxyHost)
                                           .arg(m_target.proxyPort),
                                       QNetworkReply::ProxyAuthenticationRequiredError),
                             false);
                return;
            }
            listener->http1Headers(m_parser.status(), m_parser.headers());
            if (!stillOurs())
                return;
        }
        if (!body.isEmpty()) {
            listener->http1Data(body);
            if (!stillOurs())
                return;
            body.clear();
        }
        if (m_parser.isComplete()) {
            finishResponse(pos < data.size());
            return;
        }
        if (pos >= data.size())
            return;
    }
}

void Http1Connection::finishResponse(bool leftover)
{
    Http1Listener *const listener = std::exchange(m_listener, nullptr);
    ++m_served;
    // Bytes after the response, or a request body still going out (the server answered early):
    // the next response could not be told apart from this one's leftovers.
    const bool reusable = !leftover && m_parser.keepAlive()
        && m_socket->state() == QAbstractSocket::ConnectedState && m_socket->bytesAvailable() == 0
        && m_socket->bytesToWrite() == 0;
    if (reusable) {
        m_state = State::Idle;
        m_idleSince.start();
        Q_EMIT becameIdle(this); // first, so a request waiting for this origin can take it at once
    } else {
        closeSocket();
    }
    if (listener)
        listener->http1Complete();
}

void Http1Connection::failResponse(UpstreamError error, bool staleReuse)
{
    Http1Listener *const listener = std::exchange(m_listener, nullptr);
    closeSocket();
    if (listener)
        listener->http1Failed(error, staleReuse);
}

void Http1Connection::onSocketError(QAbstractSocket::SocketError error)
{
    if (m_state == State::Closed || m_errorQueued)
        return;
    m_errorQueued = true;
    QString message = m_socket->errorString();
    if (!m_tlsErrors.isEmpty())
        message += QStringLiteral(" (%1)").arg(m_tlsErrors.join(QStringLiteral("; ")));
    // From the event loop: Qt may report an error from inside connectToHost() or flush(), i.e.
    // from inside send(), and listeners must never be called back from there.
    QMetaObject::invokeMethod(
        this, [this, error, message] { handleSocketGone(error, message); }, Qt::QueuedConnection);
}

void Http1Connection::handleSocketGone(QAbstractSocket::SocketError error, const QString &message)
{
    m_errorQueued = false;
    if (m_state == State::Closed)
        return;
    if (m_state == State::New || m_state == State::Idle || !m_listener) {
        closeSocket();
        return;
    }
    if (m_state == State::Busy) {
        // Bytes that came with the close are still part of the response.
        if (m_socket->bytesAvailable() > 0) {
            const QByteArray rest = m_socket->readAll();
            ++m_readCalls;
            consume(rest);
            if (m_state != State::Busy)
                return;
        }
        if (m_parser.finishAtEof()) {
            finishResponse(false);
            return;
        }
    }

    const bool connecting = m_state == State::Connecting;
    if (connecting && !m_tcpUp && m_nextAddress > 0 && m_nextAddress < m_addresses.size()) {
        // This address did not take the connection (e.g. ::1 when the server listens on
        // 127.0.0.1 only): the next one, within the same connect timeout.
        qCDebug(lcProxy) << "upstream" << m_target.hostPort() << "address"
                         << m_addresses.at(m_nextAddress - 1).toString() << "failed:" << message;
        m_socket->abort();
        m_tlsErrors.clear();
        connectToNextAddress();
        return;
    }
    const bool nothingReceived = m_responseBytes == 0;
    const bool tunnelled = m_target.socketProxy.type() != QNetworkProxy::NoProxy;
    const MappedError mapped = mapSocketError(error, connecting, m_target.viaHttpProxy, tunnelled);
    QString text;
    if (connecting) {
        QString where = m_target.viaHttpProxy
            ? QStringLiteral("proxy %1:%2").arg(m_target.proxyHost).arg(m_target.proxyPort)
            : m_target.hostPort();
        if (tunnelled)
            where += QStringLiteral(" through proxy %1:%2")
                         .arg(m_target.socketProxy.hostName())
                         .arg(m_target.socketProxy.port());
        text = QStringLiteral("could not connect to %1: %2").arg(where, message);
    } else if (nothingReceived) {
        text = QStringLiteral("connection to %1 lost before any response byte: %2")
                   .arg(m_target.hostPort(), message);
    } else {
        text = QStringLiteral("connection to %1 lost before the response was complete: %2")
                   .arg(m_target.hostPort(), message);
    }
    UpstreamError failure = makeError(mapped.kind, text, mapped.code);
    if (!connecting && mapped.kind != UpstreamError::Kind::Tls && mapped.kind != UpstreamError::Kind::Proxy)
        failure.kind = UpstreamError::Kind::Reset;
    failResponse(failure, !connecting && nothingReceived && m_served > 0);
}

void Http1Connection::abandon()
{
    m_listener = nullptr;
    closeSocket();
}

void Http1Connection::closeSocket()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_pending.clear();
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(std::exchange(m_lookupId, -1));
    m_socket->disconnect(this);
    m_socket->abort();
    Q_EMIT closed(this);
}

bool Http1Connection::isReusable() const
{
    return m_state == State::Idle && m_socket->state() == QAbstractSocket::ConnectedState
        && m_socket->bytesAvailable() == 0 && !m_errorQueued;
}

qint64 Http1Connection::idleMs() const
{
    return m_state == State::Idle ? m_idleSince.elapsed() : -1;
}

QByteArray Http1Connection::negotiatedProtocol() const
{
    if (!m_target.tls)
        return {};
    return static_cast<const QSslSocket *>(m_socket)->sslConfiguration().nextNegotiatedProtocol();
}

} // namespace Switchyard
