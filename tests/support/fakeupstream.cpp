#include "fakeupstream.h"

#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/socket.h>
#endif

namespace Switchyard::Test {

namespace {

constexpr qsizetype maxHeaderBytes = 64 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 307:
        return "Temporary Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 529:
        return "Overloaded";
    default:
        return "Status";
    }
}

bool hasHeader(const FakeHeaders &headers, const QByteArray &name)
{
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray headValue(const FakeHeaders &headers, const QByteArray &name)
{
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return {};
}

void addHeader(FakeHeaders &headers, const QByteArray &name, const QByteArray &value)
{
    headers.append(QPair<QByteArray, QByteArray>(name, value));
}

QByteArray statusHead(int status, const FakeHeaders &headers)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto &[name, value] : headers)
        head += name + ": " + value + "\r\n";
    return head;
}

} // namespace

// --- RecordedRequest ---

QByteArray RecordedRequest::header(const QByteArray &name) const
{
    return headValue(headers, name);
}

bool RecordedRequest::hasHeader(const QByteArray &name) const
{
    return Test::hasHeader(headers, name);
}

QJsonObject RecordedRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

// --- FakeConnection: one accepted socket, its parser and its current exchange ---

class FakeConnection : public QObject
{
public:
    FakeConnection(FakeUpstream *server, QTcpSocket *socket, int id)
        : QObject(server)
        , m_server(server)
        , m_socket(socket)
        , m_id(id)
    {
        socket->setParent(this);
        // Scripts time their writes: Nagle must not merge two chunks sent 100 ms apart.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(socket, &QTcpSocket::readyRead, this, &FakeConnection::onReadyRead);
        connect(socket, &QTcpSocket::disconnected, this, [this] { finish(!m_closingByUs); });
    }

    void write(const QByteArray &bytes)
    {
        if (m_socket->state() != QAbstractSocket::ConnectedState)
            return;
        m_socket->write(bytes);
        m_socket->flush();
    }

    void close()
    {
        m_closingByUs = true;
        m_socket->disconnectFromHost(); // flushes what was written, then FIN
    }

    void reset()
    {
        m_closingByUs = true;
        // SO_LINGER with a zero timeout turns close() into an RST.
        const qintptr fd = m_socket->socketDescriptor();
        if (fd >= 0) {
            struct linger lingerOption = {1, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_LINGER, reinterpret_cast<const char *>(&lingerOption),
                         sizeof lingerOption);
        }
        m_socket->abort();
    }

    void exchangeComplete()
    {
        const bool closeAfter = m_closeAfterResponse;
        m_exchange = nullptr;
        if (closeAfter) {
            close();
            return;
        }
        // Next pipelined / keep-alive request, outside the current call stack.
        QTimer::singleShot(0, this, &FakeConnection::parse);
    }

    int id() const { return m_id; }

    void markResponseCloses() { m_closeAfterResponse = true; }

    void abortNow()
    {
        m_closingByUs = true;
        m_socket->abort();
    }

private:
    void onReadyRead()
    {
        m_buffer += m_socket->readAll();
        parse();
    }

    // Parses one complete request from the buffer when no exchange is running.
    void parse()
    {
        if (m_exchange || m_done)
            return;
        const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            if (m_buffer.size() > maxHeaderBytes) {
                write("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\n\r\n");
                close();
            }
            return;
        }
        RecordedRequest request;
        const QList<QByteArray> lines = m_buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        request.version = requestLine.value(2);
        const qsizetype query = request.target.indexOf('?');
        request.path = query < 0 ? request.target : request.target.left(query);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                addHeader(request.headers, line.left(colon).trimmed(), line.mid(colon + 1).trimmed());
        }

        qsizetype consumed = headerEnd + 4;
        if (request.header("Transfer-Encoding").toLower().contains("chunked")) {
            // Minimal de-chunking; trailers are not supported.
            qsizetype pos = consumed;
            for (;;) {
                const qsizetype lineEnd = m_buffer.indexOf("\r\n", pos);
                if (lineEnd < 0)
                    return; // wait for more
                bool ok = false;
                const qsizetype size =
                    m_buffer.mid(pos, lineEnd - pos).split(';').value(0).trimmed().toLongLong(&ok, 16);
                if (!ok)
                    return abortNow();
                if (m_buffer.size() < lineEnd + 2 + size + 2)
                    return;
                if (size == 0) {
                    consumed = lineEnd + 4;
                    break;
                }
                request.body += m_buffer.mid(lineEnd + 2, size);
                pos = lineEnd + 2 + size + 2;
            }
        } else {
            const qsizetype length = request.header("Content-Length").toLongLong();
            if (m_buffer.size() < consumed + length) {
                if (request.header("Expect").compare("100-continue", Qt::CaseInsensitive) == 0
                    && !m_sentContinue) {
                    m_sentContinue = true;
                    write("HTTP/1.1 100 Continue\r\n\r\n");
                }
                return;
            }
            request.body = m_buffer.mid(consumed, length);
            consumed += length;
        }
        m_buffer.remove(0, consumed);
        m_sentContinue = false;

        request.connectionId = m_id;
        request.indexOnConnection = m_requestIndex++;
        m_closeAfterResponse = request.header("Connection").toLower().contains("close");
        m_exchange = new FakeExchange(this, request);
        m_server->m_requests.append(request);
        Q_EMIT m_server->requestReceived(request);
        m_server->dispatch(*m_exchange);
        m_exchange->schedule();
    }

    void finish(bool byClient)
    {
        if (m_done)
            return;
        m_done = true;
        if (m_exchange) {
            m_exchange->m_clientGone = byClient;
            m_exchange->m_stopped = true;
        }
        m_server->connectionFinished(this, byClient);
    }

    FakeUpstream *m_server;
    QTcpSocket *m_socket;
    int m_id;
    int m_requestIndex = 0;
    QByteArray m_buffer;
    QPointer<FakeExchange> m_exchange;
    bool m_closeAfterResponse = false;
    bool m_closingByUs = false;
    bool m_sentContinue = false;
    bool m_done = false;
};

// --- FakeExchange ---

FakeExchange::FakeExchange(FakeConnection *connection, RecordedRequest request)
    : QObject(connection)
    , m_connection(connection)
    , m_request(std::move(request))
{
}

FakeExchange &FakeExchange::add(Step step)
{
    m_steps.push_back(std::move(step));
    schedule();
    return *this;
}

void FakeExchange::schedule()
{
    if (m_scheduled || m_waiting || m_stopped)
        return;
    m_scheduled = true;
    // Always from the event loop: the handler (or the test) finishes scripting first.
    QTimer::singleShot(0, this, &FakeExchange::run);
}

void FakeExchange::run()
{
    m_scheduled = false;
    while (!m_steps.empty() && !m_stopped && !m_waiting) {
        Step step = std::move(m_steps.front());
        m_steps.pop_front();
        switch (step.type) {
        case StepType::Write:
            m_connection->write(step.data);
            break;
        case StepType::Delay:
            m_waiting = true;
            QTimer::singleShot(step.ms, Qt::PreciseTimer, this, [this] {
                m_waiting = false;
                run();
            });
            return;
        case StepType::Call:
            step.call();
            break;
        case StepType::Stall:
            m_stopped = true;
            return;
        case StepType::Reset:
            m_stopped = true;
            m_connection->reset();
            return;
        case StepType::Close:
            m_stopped = true;
            m_connection->close();
            return;
        case StepType::Complete:
            m_stopped = true;
            m_complete = true;
            m_connection->exchangeComplete();
            return;
        }
    }
}

FakeExchange &FakeExchange::respond(int status, const FakeHeaders &headers, const QByteArray &body)
{
    FakeHeaders all = headers;
    if (!hasHeader(all, "Content-Length"))
        addHeader(all, "Content-Length", QByteArray::number(body.size()));
    if (headValue(all, "Connection").toLower().contains("close"))
        m_connection->markResponseCloses();
    add({StepType::Write, statusHead(status, all) + "\r\n" + body});
    return complete();
}

FakeExchange &FakeExchange::respondJson(int status, const QByteArray &json)
{
    return respond(status, {{"Content-Type", "application/json"}}, json);
}

FakeExchange &FakeExchange::beginStream(int status, const FakeHeaders &headers, Framing framing)
{
    m_framing = framing;
    FakeHeaders all = headers;
    if (!hasHeader(all, "Content-Type"))
        addHeader(all, "Content-Type", "text/event-stream");
    if (!hasHeader(all, "Cache-Control"))
        addHeader(all, "Cache-Control", "no-cache");
    if (framing == Framing::Chunked)
        addHeader(all, "Transfer-Encoding", "chunked");
    else
        addHeader(all, "Connection", "close");
    if (headValue(all, "Connection").toLower().contains("close"))
        m_connection->markResponseCloses();
    return add({StepType::Write, statusHead(status, all) + "\r\n"});
}

FakeExchange &FakeExchange::sendChunk(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return *this; // an empty chunk would be the terminator
    if (m_framing == Framing::CloseDelimited)
        return add({StepType::Write, bytes});
    return add({StepType::Write, QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n"});
}

FakeExchange &FakeExchange::endStream()
{
    if (m_framing == Framing::CloseDelimited)
        return add({StepType::Close});
    add({StepType::Write, QByteArrayLiteral("0\r\n\r\n")});
    return complete();
}

FakeExchange &FakeExchange::sendRaw(const QByteArray &bytes)
{
    return add({StepType::Write, bytes});
}

FakeExchange &FakeExchange::complete()
{
    return add({StepType::Complete});
}

FakeExchange &FakeExchange::delay(int ms)
{
    return add({StepType::Delay, {}, ms});
}

FakeExchange &FakeExchange::then(std::function<void()> step)
{
    return add({StepType::Call, {}, 0, std::move(step)});
}

FakeExchange &FakeExchange::stall()
{
    return add({StepType::Stall});
}

FakeExchange &FakeExchange::reset()
{
    return add({StepType::Reset});
}

FakeExchange &FakeExchange::closeWithoutTerminator()
{
    return add({StepType::Close});
}

// --- FakeUpstream ---

FakeUpstream::FakeUpstream(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    // A raw QTcpServer (not QHttpServer) has no bind(): listen() is its only API.
    m_server->listen(QHostAddress::LocalHost, 0);
    connect(m_server, &QTcpServer::newConnection, this, &FakeUpstream::onNewConnection);
}

FakeUpstream::~FakeUpstream()
{
    m_destroying = true; // aborting below reports back through connectionFinished()
    m_server->close();
    const QList<QPointer<FakeConnection>> connections = m_connections;
    for (const QPointer<FakeConnection> &connection : connections) {
        if (connection)
            connection->abortNow();
    }
}

bool FakeUpstream::isListening() const
{
    return m_server->isListening();
}

quint16 FakeUpstream::port() const
{
    return m_server->serverPort();
}

QUrl FakeUpstream::url(const QString &path) const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port());
    const qsizetype query = path.indexOf(u'?');
    url.setPath(query < 0 ? path : path.left(query));
    if (query >= 0)
        url.setQuery(path.mid(query + 1));
    return url;
}

void FakeUpstream::setHandler(const QString &path, FakeHandler handler)
{
    m_handlers.insert(path, std::move(handler));
}

void FakeUpstream::setDefaultHandler(FakeHandler handler)
{
    m_defaultHandler = std::move(handler);
}

bool FakeUpstream::waitForRequests(int count, int timeoutMs)
{
    return QTest::qWaitFor([&] { return requestCount() >= count; }, timeoutMs);
}

bool FakeUpstream::waitForClientDisconnects(int count, int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_clientDisconnects >= count; }, timeoutMs);
}

void FakeUpstream::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        ++m_total;
        ++m_open;
        m_peak = std::max(m_peak, m_open);
        m_connections.append(new FakeConnection(this, socket, m_total));
    }
}

void FakeUpstream::dispatch(FakeExchange &exchange)
{
    const FakeHandler handler =
        m_handlers.value(QString::fromUtf8(exchange.request().path), m_defaultHandler);
    if (handler) {
        handler(exchange);
        return;
    }
    exchange.respondJson(404, R"({"error":{"type":"not_found_error","message":"no handler for this path"}})");
}

void FakeUpstream::connectionFinished(FakeConnection *connection, bool byClient)
{
    if (m_destroying)
        return;
    --m_open;
    if (byClient)
        ++m_clientDisconnects;
    m_connections.removeAll(connection);
    connection->deleteLater();
    Q_EMIT connectionClosed(connection->id(), byClient);
}

FakeHandler FakeUpstream::sseScript(const QList<QByteArray> &events, int gapMs, int status)
{
    return [events, gapMs, status](FakeExchange &exchange) {
        exchange.beginStream(status);
        for (const QByteArray &event : events) {
            if (gapMs > 0)
                exchange.delay(gapMs);
            exchange.sendChunk(event.endsWith("\n\n") ? event : event + "\n\n");
        }
        exchange.endStream();
    };
}

FakeHandler FakeUpstream::jsonResponse(int status, const QByteArray &json)
{
    return [status, json](FakeExchange &exchange) { exchange.respondJson(status, json); };
}

FakeHandler FakeUpstream::stalled()
{
    return [](FakeExchange &exchange) { exchange.stall(); };
}

QByteArray FakeUpstream::sseEvent(const QByteArray &event, const QByteArray &data)
{
    return "event: " + event + "\ndata: " + data + "\n\n";
}

} // namespace Switchyard::Test
