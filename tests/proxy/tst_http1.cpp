// The HTTP/1.1 transport under UpstreamClient: the response parser (split at every byte position),
// keep-alive reuse and its limits, stale pooled connections, socket options, request latency with
// a large body, proxies and TLS. Loopback only: the in-process fake upstream, plus a TLS server
// with a throwaway certificate made for this test.

#include "fakeupstream.h"
#include "http1connection.h"
#include "http1pool.h"
#include "upstreamcallrecord.h"
#include "upstreamclient.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTest>
#include <QTimer>
#include <QtEndian>

#include <algorithm>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

using namespace Switchyard;
using namespace Switchyard::Test;

namespace {

// --- parser helpers ---

struct Parsed
{
    int status = 0;
    HttpHeaders headers;
    HttpHeaders trailers;
    QByteArray body;
    int headerEvents = 0;
    qsizetype consumed = 0;
    bool complete = false;
    bool error = false;
    bool keepAlive = false;
};

// Feeds wire to a parser in pieces ending at cuts (each piece its own array, as socket reads are).
Parsed parseInPieces(const QByteArray &wire, const QList<qsizetype> &cuts, bool bodyless = false,
                     bool eofAtEnd = false)
{
    Http1ResponseParser parser;
    parser.reset(bodyless);
    Parsed out;
    qsizetype start = 0;
    QList<qsizetype> ends = cuts;
    ends.append(wire.size());
    for (const qsizetype end : std::as_const(ends)) {
        const QByteArray piece = wire.mid(start, end - start);
        start = end;
        qsizetype pos = 0;
        while (pos < piece.size() && !out.complete && !out.error) {
            qsizetype used = 0;
            const auto event = parser.feed(piece, pos, &used, &out.body);
            pos += used;
            out.consumed += used;
            out.headerEvents += event == Http1ResponseParser::Event::Headers;
            out.error = event == Http1ResponseParser::Event::Error;
            out.complete = parser.isComplete();
            if (event == Http1ResponseParser::Event::NeedMore)
                break;
        }
    }
    if (eofAtEnd && !out.complete && !out.error)
        out.complete = parser.finishAtEof();
    out.status = parser.status();
    out.headers = parser.headers();
    out.trailers = parser.trailers();
    out.keepAlive = parser.keepAlive();
    return out;
}

Parsed parseWhole(const QByteArray &wire, bool bodyless = false, bool eofAtEnd = false)
{
    return parseInPieces(wire, {}, bodyless, eofAtEnd);
}

QByteArray field(const HttpHeaders &headers, const QByteArray &name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

// A chunked response with everything the decoder must cope with: interim responses, duplicate and
// folded fields, chunk extensions (quoted, with whitespace), upper-case hex and a trailer.
QByteArray chunkedWire()
{
    return "HTTP/1.1 100 Continue\r\n\r\n"
           "HTTP/1.1 200 OK\r\n"
           "Content-Type: text/event-stream\r\n"
           "X-Dup: a\r\n"
           "x-dup: b\r\n"
           "X-Folded: first\r\n"
           "  second\r\n"
           "Transfer-Encoding: chunked\r\n"
           "\r\n"
           "5;ext=1\r\n"
           "hello\r\n"
           "1A ; name=\"quoted;value\"\r\n"
           "abcdefghijklmnopqrstuvwxyz\r\n"
           "0\r\n"
           "Trailer-One: 1\r\n"
           "\r\n";
}

void verifyChunked(const Parsed &parsed, const QByteArray &wire)
{
    QVERIFY(!parsed.error);
    QVERIFY(parsed.complete);
    QCOMPARE(parsed.consumed, wire.size());
    QCOMPARE(parsed.headerEvents, 1);
    QCOMPARE(parsed.status, 200);
    QCOMPARE(parsed.body, QByteArray("helloabcdefghijklmnopqrstuvwxyz"));
    QCOMPARE(parsed.headers.size(), 5);
    QCOMPARE(parsed.headers[1], (QPair<QByteArray, QByteArray>("X-Dup", "a")));
    QCOMPARE(parsed.headers[2], (QPair<QByteArray, QByteArray>("x-dup", "b")));
    QCOMPARE(field(parsed.headers, "x-folded"), QByteArray("first second"));
    QCOMPARE(field(parsed.trailers, "trailer-one"), QByteArray("1"));
    QVERIFY(parsed.keepAlive);
}

// --- end-to-end helpers ---

bool waitAll(const std::vector<std::unique_ptr<CallRecord>> &records, int timeoutMs)
{
    return QTest::qWaitFor(
        [&] { return std::all_of(records.begin(), records.end(), [](const auto &r) { return r->ended(); }); },
        timeoutMs);
}

// Runs one call to its end (or timeoutMs) in a local event loop. Not QTest::qWaitFor, which sleeps
// 10 ms between polls and would swamp the timings measured here.
std::unique_ptr<CallRecord> runOne(UpstreamClient &client, const UpstreamRequest &request,
                                   int timeoutMs = 5000)
{
    auto rec = record(client.start(request));
    QEventLoop loop;
    QObject::connect(rec->call, &UpstreamCall::finished, &loop, &QEventLoop::quit);
    QObject::connect(rec->call, &UpstreamCall::failed, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!rec->ended())
        loop.exec();
    return rec;
}

QByteArray rawResponse(const QByteArray &body, const QByteArray &extraHeaders = {})
{
    return "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" + extraHeaders
        + "\r\n" + body;
}

// Read syscalls of this whole process so far (/proc/self/io), or -1 where that is not readable.
qint64 readSyscalls()
{
    QFile io(QStringLiteral("/proc/self/io"));
    if (!io.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = io.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("syscr:"))
            return line.mid(6).trimmed().toLongLong();
    }
    return -1;
}

qint64 median(QList<qint64> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? -1 : values[values.size() / 2];
}

// A self-signed certificate for api.upstream.test, localhost and 127.0.0.1, valid 2020-2120, made for
// these tests only (api.upstream.test is what the proxy tests tunnel to).
const char testCertificate[] = R"(-----BEGIN CERTIFICATE-----
MIIBijCCATCgAwIBAgIBATAKBggqhkjOPQQDAjAcMRowGAYDVQQDDBFhcGkudXBz
dHJlYW0udGVzdDAgFw0yMDAxMDEwMDAwMDBaGA8yMTIwMDEwMTAwMDAwMFowHDEa
MBgGA1UEAwwRYXBpLnVwc3RyZWFtLnRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMB
BwNCAAQ3VUuVXHJt/snTfUZNyIfu9bbjKq4hfmgyKma7pj6fIbWna3GNoQMCQkkL
gRVrr6d2dIZNuPUx+GfC1kjKOhSZo2EwXzAtBgNVHREEJjAkghFhcGkudXBzdHJl
YW0udGVzdIIJbG9jYWxob3N0hwR/AAABMA8GA1UdEwEB/wQFMAMBAf8wHQYDVR0O
BBYEFPHaegC3iH5tdezK6zmJEUpYzrkkMAoGCCqGSM49BAMCA0gAMEUCIHfzxhL9
AG7j+DE/HrQOawv066DhFWOv5Jx81LX9HffTAiEAwlGX8cU9byc9lSerRngiJ8u0
Y4TNeBwGk0hF9kL+j1A=
-----END CERTIFICATE-----
)";
const char testPrivateKey[] = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg/TJKCqohKM1AhPJ6
UwCHnu792UukNwL4iEfNgk8pwGKhRANCAAQ3VUuVXHJt/snTfUZNyIfu9bbjKq4h
fmgyKma7pj6fIbWna3GNoQMCQkkLgRVrr6d2dIZNuPUx+GfC1kjKOhSZ
-----END PRIVATE KEY-----
)";

// HTTPS on loopback: answers every request with a small JSON body, keep-alive.
class TlsServer : public QTcpServer
{
public:
    TlsServer()
    {
        m_config = QSslConfiguration::defaultConfiguration();
        m_config.setLocalCertificate(QSslCertificate(QByteArray(testCertificate)));
        m_config.setPrivateKey(QSslKey(QByteArray(testPrivateKey), QSsl::Ec));
        m_config.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_config.setAllowedNextProtocols({QByteArray(QSslConfiguration::NextProtocolHttp1_1)});
        listen(QHostAddress::LocalHost, 0);
    }

    int connections = 0;
    int handshakes = 0;
    QList<QByteArray> requests; // head and body, as received

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QSslSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        ++connections;
        socket->setSslConfiguration(m_config);
        connect(socket, &QSslSocket::encrypted, this, [this] { ++handshakes; });
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QSslSocket::readyRead, this, [this, socket, buffer] {
            *buffer += socket->readAll();
            for (;;) {
                const qsizetype headEnd = buffer->indexOf("\r\n\r\n");
                if (headEnd < 0)
                    return;
                const QByteArray head = buffer->left(headEnd).toLower();
                const qsizetype at = head.indexOf("content-length:");
                const qsizetype length =
                    at < 0 ? 0 : head.mid(at + 15, head.indexOf('\r', at) - at - 15).trimmed().toLongLong();
                if (buffer->size() < headEnd + 4 + length)
                    return;
                requests.append(buffer->left(headEnd + 4 + length));
                buffer->remove(0, headEnd + 4 + length);
                socket->write(rawResponse(R"({"tls":true})", "Content-Type: application/json\r\n"));
            }
        });
        connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
        socket->startServerEncryption();
    }

private:
    QSslConfiguration m_config;
};

// A tiny forward proxy on loopback. Whatever target a client names, every connection is relayed to
// one local port (relayPort), and what the client asked for is recorded. Http: CONNECT tunnels,
// and absolute-form requests, rewritten to origin form (only the first request of a connection is
// looked at; tests close idle connections between requests). Socks5: RFC 1928, no authentication.
class FakeProxy : public QTcpServer
{
public:
    enum class Kind
    {
        Http,
        Socks5,
    };

    FakeProxy(Kind kind, quint16 relayPort)
        : m_kind(kind)
        , m_relayPort(relayPort)
    {
        listen(QHostAddress::LocalHost, 0);
    }

    QString url() const
    {
        return QStringLiteral("%1://127.0.0.1:%2")
            .arg(m_kind == Kind::Http ? QStringLiteral("http") : QStringLiteral("socks5"))
            .arg(serverPort());
    }

    int connections = 0;
    QList<QByteArray> heads; // Http: each request head as received (request line and fields)
    QList<QByteArray> socksTargets; // Socks5: "host:port" as asked for

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *client = new QTcpSocket(this);
        if (!client->setSocketDescriptor(descriptor)) {
            delete client;
            return;
        }
        ++connections;
        auto relay = std::make_shared<Relay>();
        relay->client = client;
        connect(client, &QTcpSocket::readyRead, this, [this, relay] { onClientData(relay); });
        connect(client, &QTcpSocket::disconnected, this, [relay] {
            if (relay->upstream)
                relay->upstream->disconnectFromHost();
        });
    }

private:
    enum class Stage
    {
        Greeting, // SOCKS5 method negotiation, or the HTTP request head
        SocksRequest,
        Connecting,
        Relaying,
    };
    struct Relay
    {
        QTcpSocket *client = nullptr;
        QTcpSocket *upstream = nullptr;
        QByteArray buffer; // from the client, not yet relayed
        Stage stage = Stage::Greeting;
    };

    void onClientData(const std::shared_ptr<Relay> &relay)
    {
        relay->buffer += relay->client->readAll();
        if (relay->stage == Stage::Relaying) {
            relay->upstream->write(std::exchange(relay->buffer, {}));
            return;
        }
        if (relay->stage == Stage::Connecting)
            return; // sent once the upstream is up
        if (m_kind == Kind::Http)
            httpHead(relay);
        else
            socksHandshake(relay);
    }

    void httpHead(const std::shared_ptr<Relay> &relay)
    {
        const qsizetype end = relay->buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = relay->buffer.left(end + 4);
        heads.append(head);
        const qsizetype lineEnd = head.indexOf("\r\n");
        const QList<QByteArray> line = head.left(lineEnd).split(' ');
        if (line.value(0) == "CONNECT") {
            relay->buffer.remove(0, end + 4);
            openUpstream(relay, "HTTP/1.1 200 Connection established\r\n\r\n");
            return;
        }
        QByteArray origin =
            QUrl::fromEncoded(line.value(1)).toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
        if (origin.isEmpty())
            origin = "/";
        relay->buffer = line.value(0) + ' ' + origin + ' ' + line.value(2) + relay->buffer.mid(lineEnd);
        openUpstream(relay, {});
    }

    void socksHandshake(const std::shared_ptr<Relay> &relay)
    {
        QByteArray &in = relay->buffer;
        if (relay->stage == Stage::Greeting) {
            if (in.size() < 2 || in.size() < 2 + quint8(in.at(1)))
                return;
            const QByteArray methods = in.mid(2, quint8(in.at(1)));
            in.remove(0, 2 + methods.size());
            const bool noAuth = methods.contains('\0');
            relay->client->write(noAuth ? QByteArray("\x05\x00", 2) : QByteArray("\x05\xff", 2));
            if (!noAuth)
                return;
            relay->stage = Stage::SocksRequest;
        }
        if (in.size() < 5 || in.at(0) != 5 || in.at(1) != 1)
            return;
        qsizetype addressEnd = 0;
        QByteArray host;
        switch (in.at(3)) {
        case 1:
            addressEnd = 8;
            host = QHostAddress(qFromBigEndian<quint32>(in.constData() + 4)).toString().toLatin1();
            break;
        case 3:
            addressEnd = 5 + quint8(in.at(4));
            host = in.mid(5, quint8(in.at(4)));
            break;
        case 4:
            addressEnd = 20;
            if (in.size() >= 20)
                host =
                    QHostAddress(reinterpret_cast<const quint8 *>(in.constData() + 4)).toString().toLatin1();
            break;
        default:
            relay->client->abort();
            return;
        }
        if (in.size() < addressEnd + 2)
            return;
        const quint16 port = quint16(quint8(in.at(addressEnd)) << 8 | quint8(in.at(addressEnd + 1)));
        socksTargets.append(host + ':' + QByteArray::number(port));
        in.remove(0, addressEnd + 2);
        openUpstream(relay, QByteArray("\x05\x00\x00\x01\x00\x00\x00\x00\x00\x00", 10));
    }

    void openUpstream(const std::shared_ptr<Relay> &relay, const QByteArray &reply)
    {
        relay->stage = Stage::Connecting;
        relay->upstream = new QTcpSocket(this);
        connect(relay->upstream, &QTcpSocket::connected, this, [relay, reply] {
            relay->stage = Stage::Relaying;
            if (!reply.isEmpty())
                relay->client->write(reply);
            if (!relay->buffer.isEmpty())
                relay->upstream->write(std::exchange(relay->buffer, {}));
        });
        connect(relay->upstream, &QTcpSocket::readyRead, this,
                [relay] { relay->client->write(relay->upstream->readAll()); });
        connect(relay->upstream, &QTcpSocket::disconnected, this,
                [relay] { relay->client->disconnectFromHost(); });
        connect(relay->upstream, &QTcpSocket::errorOccurred, this, [relay] { relay->client->abort(); });
        relay->upstream->connectToHost(QHostAddress::LocalHost, m_relayPort);
    }

    Kind m_kind;
    quint16 m_relayPort;
};

// Sets environment variables for one scope and restores them after.
class ScopedEnvironment
{
public:
    ScopedEnvironment(std::initializer_list<std::pair<const char *, QByteArray>> values)
    {
        for (const auto &[name, value] : values) {
            m_saved.append({name, qgetenv(name), qEnvironmentVariableIsSet(name)});
            if (value.isNull())
                qunsetenv(name);
            else
                qputenv(name, value);
        }
    }
    ~ScopedEnvironment()
    {
        for (const Saved &saved : std::as_const(m_saved)) {
            if (saved.wasSet)
                qputenv(saved.name, saved.value);
            else
                qunsetenv(saved.name);
        }
    }

private:
    struct Saved
    {
        const char *name;
        QByteArray value;
        bool wasSet;
    };
    QList<Saved> m_saved;
};

} // namespace

class TestHttp1 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // parser
    void chunkedSplitAtEveryBytePosition();
    void contentLengthLeavesTheNextMessage();
    void closeDelimitedBody();
    void bodyIsSharedNotCopied();
    void bodylessResponses_data();
    void bodylessResponses();
    void keepAliveRules_data();
    void keepAliveRules();
    void malformedResponses_data();
    void malformedResponses();
    void oversizedHeadersAreRejected();

    // connection, pool, end to end
    void keepAliveReuse();
    void connectionCloseIsNotReused();
    void staleConnectionIsRetriedOnce();
    void staleRetryHappensOnlyOnce();
    void freshConnectionIsNotRetried();
    void serverClosingAnIdleConnectionIsNoticed();
    void idleConnectionsExpire();
    void parallelStreamsThenReuse();
    void chunkedAcrossReads();
    void closeDelimitedEndToEnd();
    void interimResponsesEndToEnd();
    void headRequestThenReuse();
    void malformedResponseIsProtocolError();
    void headerInjectionIsRejected();
    void socketOptions();
    void headersAreNotReadByteByByte();
    void largeBodyIsNotDelayed();
    void httpProxyUnreachableIsProxyError();
    void httpsThroughHttpProxyUsesConnect();
    void tlsEndToEnd();
    void tlsUntrustedCertificate();
    void httpsThroughConnectProxyEndToEnd();
    void httpThroughHttpProxyEndToEnd();
    void socks5EndToEnd();
    void noProxyBypassesTheProxy();
    void systemProxyHonoursNoProxyEnvironment();
};

// --- parser ---

void TestHttp1::chunkedSplitAtEveryBytePosition()
{
    const QByteArray wire = chunkedWire();
    verifyChunked(parseWhole(wire), wire);
    for (qsizetype cut = 1; cut < wire.size(); ++cut) {
        const Parsed parsed = parseInPieces(wire, {cut});
        verifyChunked(parsed, wire);
        if (QTest::currentTestFailed()) {
            qWarning("failed when split at %lld", qlonglong(cut));
            return;
        }
    }
    // Every pair of cut positions: each line and each chunk boundary split twice.
    for (qsizetype first = 1; first < wire.size(); ++first) {
        for (qsizetype second = first + 1; second < wire.size(); ++second) {
            verifyChunked(parseInPieces(wire, {first, second}), wire);
            if (QTest::currentTestFailed()) {
                qWarning("failed when split at %lld and %lld", qlonglong(first), qlonglong(second));
                return;
            }
        }
    }
    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < wire.size(); ++i)
        everyByte.append(i);
    verifyChunked(parseInPieces(wire, everyByte), wire);
}

void TestHttp1::contentLengthLeavesTheNextMessage()
{
    const QByteArray first = "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world";
    const QByteArray next = "HTTP/1.1 204 No Content\r\n\r\n";
    for (qsizetype cut = 1; cut < first.size(); ++cut) {
        const Parsed parsed = parseInPieces(first + next, {cut});
        QVERIFY(parsed.complete);
        QCOMPARE(parsed.body, QByteArray("hello world"));
        QCOMPARE(parsed.consumed, first.size()); // the next response is not this one's
        QVERIFY(parsed.keepAlive);
    }
    const Parsed truncated = parseWhole(first.left(first.size() - 3), false, true);
    QVERIFY(!truncated.complete); // the connection closed 3 bytes short
    QCOMPARE(truncated.body, QByteArray("hello wo"));
}

void TestHttp1::closeDelimitedBody()
{
    const QByteArray wire = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nno length, until the close";
    for (qsizetype cut = 1; cut < wire.size(); ++cut) {
        const Parsed open = parseInPieces(wire, {cut});
        QVERIFY(!open.complete);
        const Parsed parsed = parseInPieces(wire, {cut}, false, true);
        QVERIFY(parsed.complete);
        QCOMPARE(parsed.body, QByteArray("no length, until the close"));
        QVERIFY(!parsed.keepAlive);
    }
    // Transfer-Encoding other than chunked is close-delimited too.
    const Parsed gzip = parseWhole("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxyz", false, true);
    QVERIFY(gzip.complete);
    QCOMPARE(gzip.body, QByteArray("xyz"));
    QVERIFY(!gzip.keepAlive);
}

void TestHttp1::bodyIsSharedNotCopied()
{
    // A read that is all body reaches the caller as the same array: nothing is re-buffered.
    Http1ResponseParser parser;
    parser.reset();
    const QByteArray head = "HTTP/1.1 200 OK\r\nContent-Length: 8192\r\n\r\n";
    QByteArray body;
    qsizetype used = 0;
    QCOMPARE(parser.feed(head, 0, &used, &body), Http1ResponseParser::Event::Headers);
    QCOMPARE(used, head.size());
    const QByteArray read(8192, 'x');
    QCOMPARE(parser.feed(read, 0, &used, &body), Http1ResponseParser::Event::Complete);
    QCOMPARE(body.size(), read.size());
    QCOMPARE(body.constData(), read.constData());
}

void TestHttp1::bodylessResponses_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<bool>("head");
    QTest::newRow("HEAD with Content-Length")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n") << true;
    QTest::newRow("HEAD chunked") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                                  << true;
    QTest::newRow("204") << QByteArray("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n") << false;
    QTest::newRow("304") << QByteArray("HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n") << false;
}

void TestHttp1::bodylessResponses()
{
    QFETCH(QByteArray, wire);
    QFETCH(bool, head);
    const Parsed parsed = parseWhole(wire + "HTTP/1.1 200 OK", head);
    QVERIFY(parsed.complete);
    QCOMPARE(parsed.headerEvents, 1);
    QVERIFY(parsed.body.isEmpty());
    QCOMPARE(parsed.consumed, wire.size());
    QVERIFY(parsed.keepAlive);
}

void TestHttp1::keepAliveRules_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<bool>("keepAlive");
    QTest::newRow("1.1 default") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") << true;
    QTest::newRow("1.1 close") << QByteArray(
        "HTTP/1.1 200 OK\r\nConnection: Keep-Alive, CLOSE\r\nContent-Length: 0\r\n\r\n")
                               << false;
    QTest::newRow("1.0 default") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n") << false;
    QTest::newRow("1.0 keep-alive") << QByteArray(
        "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")
                                    << true;
    QTest::newRow("chunked and length")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        << false;
    QTest::newRow("repeated equal lengths")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0, 0\r\n\r\n") << true;
}

void TestHttp1::keepAliveRules()
{
    QFETCH(QByteArray, wire);
    QFETCH(bool, keepAlive);
    const Parsed parsed = parseWhole(wire);
    QVERIFY(parsed.complete);
    QCOMPARE(parsed.keepAlive, keepAlive);
}

void TestHttp1::malformedResponses_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n");
    QTest::newRow("http/2 preface") << QByteArray("HTTP/2 200\r\n\r\n");
    QTest::newRow("short status") << QByteArray("HTTP/1.1 20 OK\r\n\r\n");
    QTest::newRow("status glued") << QByteArray("HTTP/1.1 200OK\r\n\r\n");
    QTest::newRow("status below 100") << QByteArray("HTTP/1.1 099 Odd\r\n\r\n");
    QTest::newRow("101") << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n");
    QTest::newRow("field without colon") << QByteArray("HTTP/1.1 200 OK\r\nNoColonHere\r\n\r\n");
    QTest::newRow("space before colon") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\nhello");
    QTest::newRow("fold without field") << QByteArray("HTTP/1.1 200 OK\r\n folded\r\n\r\n");
    QTest::newRow("length not a number") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n");
    QTest::newRow("negative length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n");
    QTest::newRow("differing lengths")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
    QTest::newRow("chunk size not hex")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n");
    QTest::newRow("chunk size empty")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n");
    QTest::newRow("chunk size junk") << QByteArray(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 5\r\n");
    QTest::newRow("chunk size overflow")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n");
    QTest::newRow("chunk without crlf")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n");
}

void TestHttp1::malformedResponses()
{
    QFETCH(QByteArray, wire);
    const Parsed whole = parseWhole(wire);
    QVERIFY(whole.error);
    QVERIFY(!whole.complete);
    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < wire.size(); ++i)
        everyByte.append(i);
    QVERIFY(parseInPieces(wire, everyByte).error);
}

void TestHttp1::oversizedHeadersAreRejected()
{
    const QByteArray longLine =
        "HTTP/1.1 200 OK\r\nX-Long: " + QByteArray(Http1ResponseParser::maxLineBytes, 'a');
    QVERIFY(parseWhole(longLine).error); // no newline yet, already too long
    QByteArray many = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i <= Http1ResponseParser::maxFieldCount; ++i)
        many += "X-" + QByteArray::number(i) + ": v\r\n";
    QVERIFY(parseWhole(many + "\r\n").error);
}

// --- connection, pool, end to end ---

void TestHttp1::keepAliveReuse()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, R"({"ok":1})"));
    UpstreamClient client;
    for (int i = 0; i < 5; ++i) {
        const auto rec = runOne(client, postTo(fake.url(QStringLiteral("/v1"))));
        QVERIFY2(rec->finished, qPrintable(rec->errorText()));
        QCOMPARE(rec->body, QByteArray(R"({"ok":1})"));
        QCOMPARE(client.idleConnectionCount(), 1);
    }
    QCOMPARE(fake.totalConnections(), 1);
    const QList<RecordedRequest> requests = fake.requests();
    for (int i = 0; i < requests.size(); ++i) {
        QCOMPARE(requests[i].connectionId, 1);
        QCOMPARE(requests[i].indexOnConnection, i);
    }
    const QList<Http1Connection *> connections = client.connectionPool()->connections();
    QCOMPARE(connections.size(), 1);
    QCOMPARE(connections.first()->responsesServed(), 5);
}

void TestHttp1::connectionCloseIsNotReused()
{
    FakeUpstream fake;
    fake.setDefaultHandler([](FakeExchange &exchange) {
        exchange.respond(200, {{"Connection", "close"}}, R"({"ok":1})");
    });
    UpstreamClient client;
    for (int i = 0; i < 2; ++i) {
        const auto rec = runOne(client, postTo(fake.url(QStringLiteral("/v1"))));
        QVERIFY2(rec->finished, qPrintable(rec->errorText()));
        QCOMPARE(client.connectionCount(), 0);
    }
    QCOMPARE(fake.totalConnections(), 2);
    QCOMPARE(fake.requests().last().connectionId, 2);
}

void TestHttp1::staleConnectionIsRetriedOnce()
{
    // The second request on connection 1 meets a server that closes it without answering, as a
    // server does that times out an idle connection at the moment the request arrives.
    for (const bool withReset : {false, true}) {
        FakeUpstream fake;
        fake.setDefaultHandler([withReset](FakeExchange &exchange) {
            if (exchange.request().connectionId == 1 && exchange.request().indexOnConnection == 1) {
                if (withReset)
                    exchange.reset();
                else
                    exchange.closeWithoutTerminator();
                return;
            }
            exchange.respondJson(200, "{\"n\":" + QByteArray::number(exchange.request().connectionId) + "}");
        });
        UpstreamClient client;
        auto first = runOne(client, postTo(fake.url(QStringLiteral("/v1"))));
        QVERIFY(first->finished);
        auto second = runOne(client, postTo(fake.url(QStringLiteral("/v1"))));
        QVERIFY2(second->finished, qPrintable(second->errorText()));
        QCOMPARE(second->body, QByteArray(R"({"n":2})"));
        QCOMPARE(second->headerSignals, 1);
        QCOMPARE(fake.requestCount(), 3);
        QCOMPARE(fake.requests()[1].connectionId, 1); // died
        QCOMPARE(fake.requests()[2].connectionId, 2); // the retry, on a new connection
        QCOMPARE(fake.requests()[2].body, fake.requests()[1].body);
    }
}

void TestHttp1::staleRetryHappensOnlyOnce()
{
    // Only the very first request is answered: the retry's fresh connection dies too, and that
    // failure is reported, not retried again.
    FakeUpstream fake;
    fake.setDefaultHandler([](FakeExchange &exchange) {
        if (exchange.request().connectionId == 1 && exchange.request().indexOnConnection == 0)
            exchange.respondJson(200, "{}");
        else
            exchange.closeWithoutTerminator();
    });
    UpstreamClient client;
    QVERIFY(runOne(client, postTo(fake.url(QStringLiteral("/v1"))))->finished);
    const auto rec = runOne(client, postTo(fake.url(QStringLiteral("/v1"))));
    QVERIFY(rec->error);
    QCOMPARE(rec->error->kind, UpstreamError::Kind::Reset);
    QVERIFY(!rec->error->afterHeaders);
    QVERIFY(rec->error->isTransient());
    QCOMPARE(fake.requestCount(), 3);
    QCOMPARE(fake.totalConnections(), 2);
    QCOMPARE(client.connectionCount(), 0);
}

void TestHttp1::freshConnectionIsNotRetried()
{
    // Closed before any byte on a new connection: the server may have acted on the request (or
    // will close every time); not the stale keep-alive race, so no second attempt.
    FakeUpstream fake;
    fake.setDefaultHandler([](FakeExchange &exchange) { exchange.closeWithoutTerminator(); });
    UpstreamClient client;
    const auto rec = runOne(client, postTo(fake.url(QStringLiteral("/v1"))));
    QVERIFY(rec->error);
    QCOMPARE(rec->error->kind, UpstreamError::Kind::Reset);
    QTest::qWait(50);
    QCOMPARE(fake.requestCount(), 1);
}

void TestHttp1::serverClosingAnIdleConnectionIsNoticed()
{
    FakeUpstream fake;
    fake.setDefaultHandler([](FakeExchange &exchange) {
        // A complete keep-alive response, then the server's own idle timeout 100 ms later.
        exchange.sendRaw(rawResponse("ok")).delay(100).closeWithoutTerminator();
    });
    UpstreamClient client;
    QVERIFY(runOne(client, postTo(fake.url(QStringLiteral("/v1"))))->finished);
    QCOMPARE(client.idleConnectionCount(), 1);
    QVERIFY(QTest::qWaitFor([&] { return client.connectionCount() == 0; }, 2000));
    QVERIFY(runOne(client, postTo(fake.url(QStringLiteral("/v1"))))->finished);
    QCOMPARE(fake.requestCount(), 2); // no failed attempt on the closed connection
    QCOMPARE(fake.requests().last().connectionId, 2);
}

void TestHttp1::idleConnectionsExpire()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, "{}"));
    UpstreamClient client;
    QCOMPARE(client.idleConnectionTimeoutMs(), Http1Pool::defaultIdleTimeoutMs);
    client.setIdleConnectionTimeoutMs(200);
    QVERIFY(runOne(client, postTo(fake.url(QStringLiteral("/v1"))))->finished);
    QCOMPARE(client.idleConnectionCount(), 1);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(QTest::qWaitFor([&] { return client.connectionCount() == 0; }, 3000));
    QVERIFY2(clock.elapsed() >= 150, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(fake.waitForClientDisconnects(1, 2000));
}

void TestHttp1::parallelStreamsThenReuse()
{
    constexpr int streams = 16;
    FakeUpstream fake;
    const QList<QByteArray> events = numberedEvents(5);
    fake.setDefaultHandler(FakeUpstream::sseScript(events, 60)); // ~300 ms per stream
    UpstreamClient client;
    for (int round = 0; round < 2; ++round) {
        std::vector<std::unique_ptr<CallRecord>> records;
        for (int i = 0; i < streams; ++i)
            records.push_back(record(client.start(postTo(fake.url(QStringLiteral("/stream"))))));
        QCOMPARE(client.inFlight(), streams);
        QVERIFY(waitAll(records, 10000));
        for (const auto &r : records) {
            QVERIFY2(r->finished, qPrintable(r->errorText()));
            QCOMPARE(r->body, expectedSse(events));
        }
        QCOMPARE(client.idleConnectionCount(), streams);
    }
    QCOMPARE(fake.peakConnections(), streams);
    QCOMPARE(fake.totalConnections(), streams); // the second round ran on the first round's connections
    const QList<RecordedRequest> requests = fake.requests();
    for (int i = streams; i < requests.size(); ++i)
        QCOMPARE(requests[i].indexOnConnection, 1);
}

void TestHttp1::chunkedAcrossReads()
{
    FakeUpstream fake;
    fake.setDefaultHandler([](FakeExchange &exchange) {
        exchange.sendRaw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nda")
            .delay(50)
            .sendRaw("ta\r\n3\r")
            .delay(50)
            .sendRaw("\n!!!\r\n0\r\nX-Trailer: t\r\n")
            .delay(50)
            .sendRaw("\r\n")
            .complete();
    });
    UpstreamClient client;
    for (int i = 0; i < 2; ++i) {
        const auto rec = runOne(client, postTo(fake.url(QStringLiteral("/v1"))));
        QVERIFY2(rec->finished, qPrintable(rec->errorText()));
        QCOMPARE(rec->body, QByteArray("data!!!"));
        QCOMPARE(rec->chunks.size(), 3); // "da", "ta", "!!!": each as it arrived
        QCOMPARE(rec->chunks.first().second, QByteArray("da"));
    }
    QCOMPARE(fake.totalConnections(), 1); // the terminator and trailer were consumed: reusable
}

void TestHttp1::closeDelimitedEndToEnd()
{
    FakeUpstream fake;
    fake.setDefaultHandler([](FakeExchange &exchange) {
        exchange.beginStream(200, {}, FakeExchange::Framing::CloseDelimited)
            .sendChunk("data: 1\n\n")
            .delay(50)
            .sendChunk("data: 2\n\n")
            .endStream();
    });
    UpstreamClient client;
    const auto rec = runOne(client, postTo(fake.url(QStringLiteral("/v1"))));
    QVERIFY2(rec->finished, qPrintable(rec->errorText()));
    QCOMPARE(rec->body, QByteArray("data: 1\n\ndata: 2\n\n"));
    QCOMPARE(client.connectionCount(), 0);
}

void TestHttp1::interimResponsesEndToEnd()
{
    FakeUpstream fake;
    fake.setDefaultHandler([](FakeExchange &exchange) {
        exchange.sendRaw("HTTP/1.1 100 Continue\r\n\r\n")
            .delay(30)
            .sendRaw("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + rawResponse("ok"))
            .complete();
    });
    UpstreamClient client;
    const auto rec = runOne(client, postTo(fake.url(QStringLiteral("/v1"))));
    QVERIFY2(rec->finished, qPrintable(rec->errorText()));
    QCOMPARE(rec->headerSignals, 1);
    QCOMPARE(rec->status, 200);
    QCOMPARE(rec->body, QByteArray("ok"));
    QVERIFY(rec->header("link").isEmpty());
}

void TestHttp1::headRequestThenReuse()
{
    FakeUpstream fake;
    fake.setDefaultHandler([](FakeExchange &exchange) {
        if (exchange.request().method == "HEAD")
            exchange.respond(200, {{"Content-Length", "1234"}}, {}); // the length a GET would have
        else
            exchange.respondJson(200, "{}");
    });
    UpstreamClient client;
    UpstreamRequest head;
    head.url = fake.url(QStringLiteral("/v1/models"));
    head.method = "HEAD";
    const auto rec = runOne(client, head);
    QVERIFY2(rec->finished, qPrintable(rec->errorText()));
    QVERIFY(rec->body.isEmpty());
    QVERIFY(!fake.lastRequest().hasHeader("content-length"));
    QVERIFY(runOne(client, postTo(fake.url(QStringLiteral("/v1"))))->finished);
    QCOMPARE(fake.totalConnections(), 1);
}

void TestHttp1::malformedResponseIsProtocolError()
{
    const QList<QByteArray> answers = {"HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n",
                                       "SSH-2.0-OpenSSH_9.2\r\n\r\n",
                                       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n"};
    for (const QByteArray &answer : answers) {
        FakeUpstream fake;
        fake.setDefaultHandler([answer](FakeExchange &exchange) { exchange.sendRaw(answer).stall(); });
        UpstreamClient client;
        const auto rec = runOne(client, postTo(fake.url(QStringLiteral("/v1"))));
        QVERIFY2(rec->error, answer.constData());
        QCOMPARE(rec->error->kind, UpstreamError::Kind::Protocol);
        QCOMPARE(rec->error->networkError, int(QNetworkReply::ProtocolFailure));
        QCOMPARE(client.connectionCount(), 0);
        QVERIFY(fake.waitForClientDisconnects(1, 2000));
    }
}

void TestHttp1::headerInjectionIsRejected()
{
    FakeUpstream fake;
    UpstreamClient client;
    UpstreamRequest request = postTo(fake.url(QStringLiteral("/v1")));
    request.headers.append(qMakePair(QByteArray("x-api-key"), QByteArray("secret-value\r\nX-Injected: 1")));
    const auto rec = runOne(client, request);
    QVERIFY(rec->error);
    QCOMPARE(rec->error->kind, UpstreamError::Kind::InvalidRequest);
    QVERIFY(rec->error->message.contains(QStringLiteral("x-api-key")));
    QVERIFY(!rec->error->message.contains(QStringLiteral("secret-value")));
    QCOMPARE(fake.requestCount(), 0);
}

void TestHttp1::socketOptions()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, "{}"));
    UpstreamClient client;
    QVERIFY(runOne(client, postTo(fake.url(QStringLiteral("/v1"))))->finished);
    const QList<Http1Connection *> connections = client.connectionPool()->connections();
    QCOMPARE(connections.size(), 1);
    QAbstractSocket *socket = connections.first()->socket();
    QVERIFY(!qobject_cast<QSslSocket *>(socket)); // plain http: no TLS socket
    const qintptr fd = socket->socketDescriptor();
    QVERIFY(fd >= 0);
    int noDelay = 0;
    socklen_t length = sizeof noDelay;
    QCOMPARE(::getsockopt(int(fd), IPPROTO_TCP, TCP_NODELAY, &noDelay, &length), 0);
    QVERIFY(noDelay != 0);
    int keepAlive = 0;
    length = sizeof keepAlive;
    QCOMPARE(::getsockopt(int(fd), SOL_SOCKET, SO_KEEPALIVE, &keepAlive, &length), 0);
    QVERIFY(keepAlive != 0);
}

void TestHttp1::headersAreNotReadByteByByte()
{
    // QNAM read the status line and every header one byte per read() (bench finding 3).
    QByteArray extra;
    for (int i = 0; i < 60; ++i)
        extra += "X-Header-" + QByteArray::number(i) + ": value-" + QByteArray::number(i) + "\r\n";
    const QByteArray response = rawResponse("hello", extra);
    FakeUpstream fake;
    fake.setDefaultHandler([response](FakeExchange &exchange) { exchange.sendRaw(response).complete(); });
    UpstreamClient client;
    QVERIFY(runOne(client, postTo(fake.url(QStringLiteral("/warmup"))))->finished);
    Http1Connection *connection = client.connectionPool()->connections().value(0);
    QVERIFY(connection);
    const int readsBefore = connection->readCalls();
    const qint64 syscallsBefore = readSyscalls();

    const auto rec = runOne(client, postTo(fake.url(QStringLiteral("/v1"))));
    const qint64 syscalls = readSyscalls() - syscallsBefore;
    QVERIFY(rec->finished);
    QCOMPARE(rec->headers.size(), 61);
    QCOMPARE(rec->header("x-header-59"), QByteArray("value-59"));
    QCOMPARE(client.connectionPool()->connections().value(0), connection);
    // One write of ~1.8 KB: one read on our side (two if the kernel splits it).
    QVERIFY2(connection->readCalls() - readsBefore <= 2,
             qPrintable(QString::number(connection->readCalls() - readsBefore)));
    // The whole process (fake server, event loop wake-ups included) against 1,800 bytes.
    if (syscallsBefore >= 0)
        QVERIFY2(syscalls < 200, qPrintable(QStringLiteral("%1 read syscalls").arg(syscalls)));
    qInfo("response with 61 headers: %d socket reads, %lld read syscalls in the process",
          connection->readCalls() - readsBefore, syscalls);
}

void TestHttp1::largeBodyIsNotDelayed()
{
    // Bench finding 1: with QNAM, a body over 16 KB went out in two writes without TCP_NODELAY, and
    // the tail waited for the server's delayed ACK (+40 ms). The fake reads like any server, and
    // the kernel delays its ACKs as usual.
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, R"({"ok":true})"));
    const QUrl url = fake.url(QStringLiteral("/v1/messages"));
    QByteArray big(450 * 1024, 'x');
    for (qsizetype i = 0; i < big.size(); i += 64)
        big[i] = char('a' + (i / 64) % 26);
    const QByteArray small = R"({"model":"m","messages":[]})";

    UpstreamClient client;
    const auto timeUs = [&](const QByteArray &body) -> qint64 {
        UpstreamRequest request = postTo(url);
        request.body = body;
        QElapsedTimer clock;
        clock.start();
        const auto rec = runOne(client, request);
        return rec->finished ? clock.nsecsElapsed() / 1000 : -1;
    };
    for (int i = 0; i < 3; ++i)
        QVERIFY(timeUs(big) > 0); // warm-up: the connection exists, TCP left its quick-ACK start
    QList<qint64> smallUs;
    QList<qint64> bigUs;
    for (int i = 0; i < 7; ++i) {
        smallUs.append(timeUs(small));
        bigUs.append(timeUs(big));
    }
    QVERIFY(!smallUs.contains(-1) && !bigUs.contains(-1));
    QCOMPARE(fake.lastRequest().body, big);
    QCOMPARE(fake.totalConnections(), 1);

    // The control experiment: the same upload through QNAM, to show this setup delays ACKs.
    QNetworkAccessManager nam;
    QList<qint64> namUs;
    for (int i = 0; i < 5; ++i) {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        QElapsedTimer clock;
        clock.start();
        QNetworkReply *reply = nam.post(request, big);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        loop.exec();
        QVERIFY(reply->isFinished());
        namUs.append(clock.nsecsElapsed() / 1000);
        reply->deleteLater();
    }
    const qint64 smallMedian = median(smallUs);
    const qint64 bigMedian = median(bigUs);
    qInfo("median request time: %lld us with a %lld B body, %lld us with %lld B; QNAM with %lld B: %lld us",
          smallMedian, qlonglong(small.size()), bigMedian, qlonglong(big.size()), qlonglong(big.size()),
          median(namUs));
    if (median(namUs) < 30 * 1000)
        qInfo("note: QNAM was not delayed here either, so this kernel did not delay its ACKs this time");
    QVERIFY2(bigMedian < 20 * 1000, qPrintable(QStringLiteral("%1 us").arg(bigMedian)));
    QVERIFY2(bigMedian - smallMedian < 15 * 1000,
             qPrintable(QStringLiteral("%1 us against %2 us").arg(bigMedian).arg(smallMedian)));
}

void TestHttp1::httpProxyUnreachableIsProxyError()
{
    UpstreamClient client;
    UpstreamRequest request = postTo(QUrl(QStringLiteral("http://api.upstream.test/v1")));
    request.proxyUrl = QStringLiteral("http://user:pw-secret@127.0.0.1:%1").arg(unusedPort());
    const auto rec = runOne(client, request);
    QVERIFY(rec->error);
    QCOMPARE(rec->error->kind, UpstreamError::Kind::Proxy);
    QCOMPARE(rec->error->networkError, int(QNetworkReply::ProxyConnectionRefusedError));
    QVERIFY(!rec->error->message.contains(QStringLiteral("pw-secret")));
}

void TestHttp1::httpsThroughHttpProxyUsesConnect()
{
    // The fake as an HTTP proxy that refuses the tunnel: the request must have been a CONNECT to the
    // origin, and the refusal is a proxy error.
    FakeUpstream proxy;
    proxy.setDefaultHandler([](FakeExchange &exchange) { exchange.respond(403, {}, "no tunnels"); });
    UpstreamClient client;
    UpstreamRequest request = postTo(QUrl(QStringLiteral("https://api.upstream.test/v1")));
    request.proxyUrl = QStringLiteral("http://127.0.0.1:%1").arg(proxy.port());
    const auto rec = runOne(client, request);
    QVERIFY(rec->error);
    QCOMPARE(rec->error->kind, UpstreamError::Kind::Proxy);
    QVERIFY2(rec->error->message.contains(QStringLiteral("through proxy 127.0.0.1:")),
             qPrintable(rec->error->message));
    QCOMPARE(proxy.requestCount(), 1);
    QCOMPARE(proxy.lastRequest().method, QByteArray("CONNECT"));
    QCOMPARE(proxy.lastRequest().target, QByteArray("api.upstream.test:443"));
}

void TestHttp1::tlsEndToEnd()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    TlsServer server;
    QVERIFY(server.isListening());
    UpstreamClient client;
    QSslConfiguration tls = client.connectionPool()->sslConfiguration();
    tls.addCaCertificate(QSslCertificate(QByteArray(testCertificate)));
    client.connectionPool()->setSslConfiguration(tls);

    const QUrl url(QStringLiteral("https://127.0.0.1:%1/v1/messages").arg(server.serverPort()));
    for (int i = 0; i < 2; ++i) {
        const auto rec = runOne(client, postTo(url));
        QVERIFY2(rec->finished, qPrintable(rec->errorText()));
        QCOMPARE(rec->status, 200);
        QCOMPARE(rec->body, QByteArray(R"({"tls":true})"));
    }
    QCOMPARE(server.connections, 1); // keep-alive over TLS: one handshake for both requests
    QCOMPARE(server.handshakes, 1);
    QCOMPARE(server.requests.size(), 2);
    QVERIFY(server.requests.first().startsWith("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1:"));
    QVERIFY(server.requests.first().endsWith(postTo(url).body));

    const QList<Http1Connection *> connections = client.connectionPool()->connections();
    QCOMPARE(connections.size(), 1);
    auto *socket = qobject_cast<QSslSocket *>(connections.first()->socket());
    QVERIFY(socket);
    QVERIFY(socket->isEncrypted());
    QCOMPARE(connections.first()->negotiatedProtocol(), QByteArray("http/1.1"));
    int noDelay = 0;
    socklen_t length = sizeof noDelay;
    QCOMPARE(::getsockopt(int(socket->socketDescriptor()), IPPROTO_TCP, TCP_NODELAY, &noDelay, &length), 0);
    QVERIFY(noDelay != 0);
}

void TestHttp1::tlsUntrustedCertificate()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    TlsServer server;
    UpstreamClient client; // the system CAs only
    const auto rec =
        runOne(client, postTo(QUrl(QStringLiteral("https://127.0.0.1:%1/v1").arg(server.serverPort()))));
    QVERIFY(rec->error);
    QCOMPARE(rec->error->kind, UpstreamError::Kind::Tls);
    QCOMPARE(rec->error->networkError, int(QNetworkReply::SslHandshakeFailedError));
    QVERIFY2(rec->error->message.contains(QStringLiteral("self signed"), Qt::CaseInsensitive)
                 || rec->error->message.contains(QStringLiteral("self-signed"), Qt::CaseInsensitive),
             qPrintable(rec->error->message));
    QVERIFY(server.requests.isEmpty());
    QCOMPARE(client.connectionCount(), 0);
}

namespace {

void trustTestCertificate(UpstreamClient &client)
{
    QSslConfiguration tls = client.connectionPool()->sslConfiguration();
    tls.addCaCertificate(QSslCertificate(QByteArray(testCertificate)));
    client.connectionPool()->setSslConfiguration(tls);
}

} // namespace

void TestHttp1::httpsThroughConnectProxyEndToEnd()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    TlsServer server;
    FakeProxy proxy(FakeProxy::Kind::Http, server.serverPort());
    UpstreamClient client;
    trustTestCertificate(client);
    UpstreamRequest request = postTo(QUrl(QStringLiteral("https://api.upstream.test/v1/messages")));
    request.proxyUrl = proxy.url();
    for (int i = 0; i < 2; ++i) {
        const auto rec = runOne(client, request);
        QVERIFY2(rec->finished, qPrintable(rec->errorText()));
        QCOMPARE(rec->status, 200);
        QCOMPARE(rec->body, QByteArray(R"({"tls":true})"));
    }
    // One tunnel, opened by name (the proxy resolves it), TLS end to end inside it and kept alive.
    QCOMPARE(proxy.connections, 1);
    QCOMPARE(proxy.heads.size(), 1);
    QVERIFY2(proxy.heads.first().startsWith("CONNECT api.upstream.test:443 HTTP/1.1\r\n"),
             proxy.heads.first().constData());
    QCOMPARE(server.handshakes, 1);
    QCOMPARE(server.requests.size(), 2);
    QVERIFY2(server.requests.first().startsWith("POST /v1/messages HTTP/1.1\r\nHost: api.upstream.test\r\n"),
             server.requests.first().constData());
    QVERIFY(server.requests.first().endsWith(request.body));
}

void TestHttp1::httpThroughHttpProxyEndToEnd()
{
    FakeUpstream upstream;
    upstream.setDefaultHandler(FakeUpstream::jsonResponse(200, R"({"via":"relay"})"));
    FakeProxy proxy(FakeProxy::Kind::Http, upstream.port());
    UpstreamClient client;
    UpstreamRequest request = postTo(QUrl(QStringLiteral("http://api.upstream.test:8080/v1/chat?x=1")));
    request.proxyUrl = QStringLiteral("http://alice:s3cret@127.0.0.1:%1").arg(proxy.serverPort());
    const auto rec = runOne(client, request);
    QVERIFY2(rec->finished, qPrintable(rec->errorText()));
    QCOMPARE(rec->body, QByteArray(R"({"via":"relay"})"));
    QCOMPARE(proxy.heads.size(), 1);
    const QByteArray head = proxy.heads.first();
    QVERIFY2(head.startsWith("POST http://api.upstream.test:8080/v1/chat?x=1 HTTP/1.1\r\n"),
             head.constData());
    QVERIFY2(
        head.contains("\r\nProxy-Authorization: Basic " + QByteArray("alice:s3cret").toBase64() + "\r\n"),
        head.constData());
    const RecordedRequest &received = upstream.lastRequest();
    QCOMPARE(received.target, QByteArray("/v1/chat?x=1"));
    QCOMPARE(received.header("host"), QByteArray("api.upstream.test:8080"));
    QCOMPARE(received.body, request.body);
}

void TestHttp1::socks5EndToEnd()
{
    FakeUpstream upstream;
    upstream.setDefaultHandler(FakeUpstream::jsonResponse(200, R"({"via":"socks"})"));
    FakeProxy socks(FakeProxy::Kind::Socks5, upstream.port());
    UpstreamClient client;
    UpstreamRequest request = postTo(QUrl(QStringLiteral("http://api.upstream.test/v1/chat")));
    request.proxyUrl = socks.url();
    auto rec = runOne(client, request);
    QVERIFY2(rec->finished, qPrintable(rec->errorText()));
    QCOMPARE(rec->body, QByteArray(R"({"via":"socks"})"));
    QCOMPARE(socks.socksTargets,
             QList<QByteArray> {"api.upstream.test:80"}); // the name, resolved by the proxy
    QCOMPARE(upstream.lastRequest().target, QByteArray("/v1/chat")); // origin form through a tunnel
    QCOMPARE(upstream.lastRequest().header("host"), QByteArray("api.upstream.test"));

    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    TlsServer server;
    FakeProxy socksTls(FakeProxy::Kind::Socks5, server.serverPort());
    trustTestCertificate(client);
    request = postTo(QUrl(QStringLiteral("https://api.upstream.test/v1/messages")));
    request.proxyUrl = QStringLiteral("socks5h://127.0.0.1:%1").arg(socksTls.serverPort());
    rec = runOne(client, request);
    QVERIFY2(rec->finished, qPrintable(rec->errorText()));
    QCOMPARE(rec->body, QByteArray(R"({"tls":true})"));
    QCOMPARE(socksTls.socksTargets, QList<QByteArray> {"api.upstream.test:443"});
    QCOMPARE(server.handshakes, 1);
}

void TestHttp1::noProxyBypassesTheProxy()
{
    // The proxy works (it relays to the same upstream), so a wrong choice would still succeed: the
    // proxy's own count tells which way each request went.
    FakeUpstream upstream;
    upstream.setDefaultHandler(FakeUpstream::jsonResponse(200, R"({"ok":true})"));
    FakeProxy proxy(FakeProxy::Kind::Http, upstream.port());
    UpstreamClient client;
    client.connectionPool()->setResolve(QStringLiteral("api.bypass.test"),
                                        {QHostAddress(QHostAddress::LocalHost)});
    UpstreamRequest request =
        postTo(QUrl(QStringLiteral("http://api.bypass.test:%1/v1/chat").arg(upstream.port())));
    request.proxyUrl = proxy.url();

    const auto send = [&](const QStringList &noProxy) {
        client.trimIdleManagers(0); // each request on a fresh connection: the proxy sees every one
        request.noProxy = noProxy;
        const auto rec = runOne(client, request);
        return rec->finished && rec->body == R"({"ok":true})";
    };
    QVERIFY(send({}));
    QCOMPARE(proxy.heads.size(), 1);
    QVERIFY(send({QStringLiteral(".bypass.test")}));
    QVERIFY(send({QStringLiteral("localhost, *.bypass.test")})); // one setting string, comma separated
    QVERIFY(send({QStringLiteral("api.bypass.test")}));
    QVERIFY(send({QStringLiteral("*")}));
    QCOMPARE(proxy.heads.size(), 1); // none of those went through the proxy
    QVERIFY(send({QStringLiteral("other.test 10.0.0.0/8")}));
    QCOMPARE(proxy.heads.size(), 2);
    QCOMPARE(upstream.requestCount(), 6);
}

void TestHttp1::systemProxyHonoursNoProxyEnvironment()
{
#ifndef Q_OS_LINUX
    QSKIP("the system proxy comes from the environment on Linux only");
#else
    FakeUpstream upstream;
    upstream.setDefaultHandler(FakeUpstream::jsonResponse(200, R"({"ok":true})"));
    FakeProxy proxy(FakeProxy::Kind::Http, upstream.port());
    UpstreamClient client;
    client.connectionPool()->setResolve(QStringLiteral("api.bypass.test"),
                                        {QHostAddress(QHostAddress::LocalHost)});
    UpstreamRequest request =
        postTo(QUrl(QStringLiteral("http://api.bypass.test:%1/v1/chat").arg(upstream.port())));
    request.proxyUrl = QString(); // the default: the system proxy
    const auto send = [&] {
        client.trimIdleManagers(0);
        const auto rec = runOne(client, request);
        return rec->finished && rec->body == R"({"ok":true})";
    };
    const QByteArray proxyUrl = proxy.url().toLatin1();
    {
        ScopedEnvironment env {{"http_proxy", proxyUrl}, {"NO_PROXY", {}}, {"no_proxy", {}}};
        QVERIFY(send());
        QCOMPARE(proxy.heads.size(), 1); // the system proxy is used
    }
    {
        // Upper case, CIDR and "*." forms: Qt's own backends know none of them.
        ScopedEnvironment env {
            {"http_proxy", proxyUrl}, {"NO_PROXY", "10.0.0.0/8,*.bypass.test"}, {"no_proxy", {}}};
        QVERIFY(send());
        QCOMPARE(proxy.heads.size(), 1);
        QVERIFY(
            ProxyPolicy::parse({}, {}).proxiesFor(QUrl(QStringLiteral("http://10.1.2.3/v1"))).first().type()
            == QNetworkProxy::NoProxy);
        // The environment is for the system proxy only: a channel's explicit proxy is used.
        request.proxyUrl = proxy.url();
        QVERIFY(send());
        QCOMPARE(proxy.heads.size(), 2);
        request.proxyUrl.clear();
    }
    {
        ScopedEnvironment env {{"http_proxy", proxyUrl}, {"NO_PROXY", {}}, {"no_proxy", "api.bypass.test"}};
        QVERIFY(send());
        QCOMPARE(proxy.heads.size(), 2);
    }
    QCOMPARE(upstream.requestCount(), 4);
#endif
}

QTEST_GUILESS_MAIN(TestHttp1)
#include "tst_http1.moc"
