// The scripted fake upstream itself, checked with a raw TCP client so that framing is seen byte for
// byte: request recording, keep-alive and pipelining, chunked and close-delimited framing, timing,
// RST vs FIN, connection counting.

#include "fakeupstream.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#ifdef Q_OS_UNIX
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace Switchyard::Test;

namespace {

// A TCP client that collects everything the fake sends, with the arrival time of each read.
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] {
            const QByteArray bytes = m_socket.readAll();
            m_arrivals.append({m_clock.elapsed(), bytes});
            m_received += bytes;
        });
        m_clock.start();
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }

    bool waitConnected() { return m_socket.waitForConnected(3000); }
    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }
    bool waitFor(const std::function<bool()> &done, int timeoutMs = 3000)
    {
        return QTest::qWaitFor(done, timeoutMs);
    }
    bool waitForBytes(const QByteArray &needle, int timeoutMs = 3000)
    {
        return waitFor([&] { return m_received.contains(needle); }, timeoutMs);
    }
    bool waitForClose(int timeoutMs = 3000)
    {
        return waitFor([&] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
    }

    QTcpSocket m_socket;
    QByteArray m_received;
    QList<QPair<qint64, QByteArray>> m_arrivals;
    QElapsedTimer m_clock;
};

QByteArray getRequest(const QByteArray &path, const QByteArray &extraHeaders = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
}

} // namespace

class TestFakeUpstream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordsRequests();
    void keepAliveAndPipelining();
    void chunkedFraming();
    void closeDelimitedFraming();
    void sseScriptTiming();
    void connectionCloseHeader();
    void unknownPathIs404();
    void liveScripting();
    void closeWithoutTerminator();
    void rawBytes();
    void resetSendsRst();
    void countsConnections();
};

void TestFakeUpstream::recordsRequests()
{
    FakeUpstream fake;
    QVERIFY(fake.isListening());
    QVERIFY(fake.port() > 0);
    QCOMPARE(fake.url(QStringLiteral("/v1?x=1")).toString(),
             QStringLiteral("http://127.0.0.1:%1/v1?x=1").arg(fake.port()));
    fake.setHandler(QStringLiteral("/v1/messages"), FakeUpstream::jsonResponse(200, R"({"ok":true})"));
    QSignalSpy received(&fake, &FakeUpstream::requestReceived);

    RawClient client(fake.port());
    QVERIFY(client.waitConnected());
    const QByteArray body = R"({"model":"m1","stream":true})";
    // Sent in two pieces: the parser must wait for the whole body.
    client.send("POST /v1/messages?beta=true HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: secret-1\r\n"
                "anthropic-version: 2023-06-01\r\nContent-Type: application/json\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body.left(5));
    QTest::qWait(50);
    QCOMPARE(fake.requestCount(), 0);
    client.send(body.mid(5));
    QVERIFY(fake.waitForRequests(1));
    QVERIFY(client.waitForBytes(R"({"ok":true})"));

    const RecordedRequest request = fake.lastRequest();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.target, QByteArray("/v1/messages?beta=true"));
    QCOMPARE(request.path, QByteArray("/v1/messages"));
    QCOMPARE(request.version, QByteArray("HTTP/1.1"));
    QCOMPARE(request.header("x-api-key"), QByteArray("secret-1"));
    QCOMPARE(request.header("ANTHROPIC-VERSION"), QByteArray("2023-06-01"));
    QVERIFY(!request.hasHeader("authorization"));
    QCOMPARE(request.headers.first().first, QByteArray("Host")); // wire order and spelling kept
    QCOMPARE(request.body, body);
    QCOMPARE(request.json().value(QStringLiteral("model")).toString(), QStringLiteral("m1"));
    QCOMPARE(received.count(), 1);
    QVERIFY(client.m_received.startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(client.m_received.contains("Content-Length: 11\r\n"));
    QVERIFY(client.m_received.contains("Content-Type: application/json\r\n"));
}

void TestFakeUpstream::keepAliveAndPipelining()
{
    FakeUpstream fake;
    int served = 0;
    fake.setDefaultHandler([&served](FakeExchange &exchange) {
        ++served;
        // The first answer is slow: the pipelined second request must wait for it.
        if (served == 1)
            exchange.delay(100);
        exchange.respond(200, {{"Content-Type", "text/plain"}}, "answer-" + exchange.request().path.mid(1));
    });

    RawClient client(fake.port());
    QVERIFY(client.waitConnected());
    client.send(getRequest("/a"));
    QVERIFY(client.waitForBytes("answer-a"));
    client.send(getRequest("/b") + getRequest("/c"));
    QVERIFY(client.waitForBytes("answer-c"));

    QCOMPARE(fake.requestCount(), 3);
    QCOMPARE(fake.totalConnections(), 1);
    const QList<RecordedRequest> requests = fake.requests();
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(requests[i].connectionId, 1);
        QCOMPARE(requests[i].indexOnConnection, i);
    }
    const QByteArray all = client.m_received;
    QVERIFY(all.indexOf("answer-a") < all.indexOf("answer-b"));
    QVERIFY(all.indexOf("answer-b") < all.indexOf("answer-c"));
    QCOMPARE(all.count("HTTP/1.1 200 OK\r\n"), 3);
    QCOMPARE(client.m_socket.state(), QAbstractSocket::ConnectedState); // kept alive
}

void TestFakeUpstream::chunkedFraming()
{
    FakeUpstream fake;
    const QByteArray big(300, 'x');
    fake.setDefaultHandler([&big](FakeExchange &exchange) {
        exchange.beginStream(200, {{"X-Request-Id", "r1"}})
            .sendChunk("hello")
            .sendChunk({}) // skipped: it would end the body
            .sendChunk(big)
            .endStream();
    });
    RawClient client(fake.port());
    QVERIFY(client.waitConnected());
    client.send(getRequest("/stream"));
    QVERIFY(client.waitForBytes("0\r\n\r\n"));

    const QByteArray response = client.m_received;
    const qsizetype headEnd = response.indexOf("\r\n\r\n");
    const QByteArray head = response.left(headEnd + 2);
    QVERIFY(head.startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(head.contains("X-Request-Id: r1\r\n"));
    QVERIFY(head.contains("Transfer-Encoding: chunked\r\n"));
    QVERIFY(head.contains("Content-Type: text/event-stream\r\n"));
    QVERIFY(!head.contains("Content-Length"));
    QCOMPARE(response.mid(headEnd + 4), "5\r\nhello\r\n12c\r\n" + big + "\r\n0\r\n\r\n");
}

void TestFakeUpstream::closeDelimitedFraming()
{
    FakeUpstream fake;
    fake.setDefaultHandler([](FakeExchange &exchange) {
        exchange.beginStream(200, {}, FakeExchange::Framing::CloseDelimited)
            .sendChunk("part1")
            .sendChunk("part2")
            .endStream();
    });
    RawClient client(fake.port());
    QVERIFY(client.waitConnected());
    client.send(getRequest("/s"));
    QVERIFY(client.waitForClose());
    const QByteArray response = client.m_received;
    QVERIFY(response.contains("Connection: close\r\n"));
    QVERIFY(!response.contains("Transfer-Encoding"));
    QVERIFY(response.endsWith("\r\n\r\npart1part2"));
    QCOMPARE(fake.clientDisconnects(), 0); // the server closed it
}

void TestFakeUpstream::sseScriptTiming()
{
    FakeUpstream fake;
    fake.setDefaultHandler(
        FakeUpstream::sseScript({"data: 1", "data: 2\n\n", FakeUpstream::sseEvent("done", "{}")}, 150));
    RawClient client(fake.port());
    QVERIFY(client.waitConnected());
    client.send(getRequest("/sse"));
    QVERIFY(client.waitForBytes("0\r\n\r\n"));

    const QByteArray response = client.m_received;
    QVERIFY(response.contains("9\r\ndata: 1\n\n\r\n")); // "\n\n" appended
    QVERIFY(response.contains("9\r\ndata: 2\n\n\r\n")); // already complete: unchanged
    QVERIFY(response.contains("event: done\ndata: {}\n\n"));

    // Every event arrives in its own read, at least ~gapMs after the previous one.
    QList<qint64> eventTimes;
    for (const auto &[at, bytes] : std::as_const(client.m_arrivals)) {
        if (bytes.contains("data: "))
            eventTimes.append(at);
    }
    QCOMPARE(eventTimes.size(), 3);
    QVERIFY2(eventTimes[1] - eventTimes[0] >= 120,
             qPrintable(QString::number(eventTimes[1] - eventTimes[0])));
    QVERIFY2(eventTimes[2] - eventTimes[1] >= 120,
             qPrintable(QString::number(eventTimes[2] - eventTimes[1])));
}

void TestFakeUpstream::connectionCloseHeader()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, "{}"));
    {
        RawClient client(fake.port());
        QVERIFY(client.waitConnected());
        client.send(getRequest("/x", "Connection: close\r\n"));
        QVERIFY(client.waitForClose());
        QVERIFY(client.m_received.endsWith("\r\n\r\n{}"));
    }
    fake.setDefaultHandler([](FakeExchange &exchange) {
        exchange.respond(200, {{"Connection", "close"}}, "bye");
    });
    RawClient client(fake.port());
    QVERIFY(client.waitConnected());
    client.send(getRequest("/y"));
    QVERIFY(client.waitForClose());
    QVERIFY(client.m_received.endsWith("\r\n\r\nbye"));
    QCOMPARE(fake.clientDisconnects(), 0);
}

void TestFakeUpstream::unknownPathIs404()
{
    FakeUpstream fake;
    fake.setHandler(QStringLiteral("/known"), FakeUpstream::jsonResponse(200, "{}"));
    RawClient client(fake.port());
    QVERIFY(client.waitConnected());
    client.send(getRequest("/unknown?known"));
    QVERIFY(client.waitForBytes("not_found_error"));
    QVERIFY(client.m_received.startsWith("HTTP/1.1 404 Not Found\r\n"));
}

void TestFakeUpstream::liveScripting()
{
    FakeUpstream fake;
    QPointer<FakeExchange> held;
    fake.setDefaultHandler([&held](FakeExchange &exchange) { held = &exchange; });
    RawClient client(fake.port());
    QVERIFY(client.waitConnected());
    client.send(getRequest("/live"));
    QVERIFY(fake.waitForRequests(1));
    QVERIFY(held);
    QTest::qWait(100);
    QVERIFY(client.m_received.isEmpty()); // nothing scripted, nothing sent

    held->beginStream().sendChunk("first");
    QVERIFY(client.waitForBytes("first"));
    QVERIFY(!held->isComplete());
    held->sendChunk("second").endStream();
    QVERIFY(client.waitForBytes("0\r\n\r\n"));
    QVERIFY(held->isComplete());

    // Steps after the end are ignored, and the stall of a later request holds it forever.
    fake.setDefaultHandler(FakeUpstream::stalled());
    client.m_received.clear();
    client.send(getRequest("/stalled"));
    QVERIFY(fake.waitForRequests(2));
    QTest::qWait(200);
    QVERIFY(client.m_received.isEmpty());
    QCOMPARE(client.m_socket.state(), QAbstractSocket::ConnectedState);
}

void TestFakeUpstream::closeWithoutTerminator()
{
    FakeUpstream fake;
    fake.setDefaultHandler([](FakeExchange &exchange) {
        exchange.beginStream().sendChunk("data: partial\n\n").closeWithoutTerminator();
    });
    RawClient client(fake.port());
    QVERIFY(client.waitConnected());
    client.send(getRequest("/cut"));
    QVERIFY(client.waitForClose());
    QVERIFY(client.m_received.endsWith("data: partial\n\n\r\n"));
    QVERIFY(!client.m_received.contains("0\r\n\r\n"));
}

void TestFakeUpstream::rawBytes()
{
    FakeUpstream fake;
    const QByteArray odd = "HTTP/1.1 200 OK\r\nX-Odd:  two  spaces \r\nContent-Length: 2\r\n\r\nhi";
    fake.setDefaultHandler([&odd](FakeExchange &exchange) {
        if (exchange.request().path == "/raw")
            exchange.sendRaw(odd.left(10)).delay(20).sendRaw(odd.mid(10)).complete();
        else
            exchange.respond(204);
    });
    RawClient client(fake.port());
    QVERIFY(client.waitConnected());
    client.send(getRequest("/raw"));
    QVERIFY(client.waitFor([&] { return client.m_received.size() == odd.size(); }));
    QCOMPARE(client.m_received, odd);
    // complete() hands the connection to the next request.
    client.send(getRequest("/next"));
    QVERIFY(client.waitForBytes("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"));
    QCOMPARE(fake.totalConnections(), 1);
}

void TestFakeUpstream::resetSendsRst()
{
#ifdef Q_OS_UNIX
    FakeUpstream fake;
    fake.setDefaultHandler(
        [](FakeExchange &exchange) { exchange.beginStream().sendChunk("data: x\n\n").delay(50).reset(); });
    // A plain BSD socket: Qt reports FIN and RST alike, recv() tells them apart (0 vs ECONNRESET).
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(fake.port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    const QByteArray request = getRequest("/reset");
    QCOMPARE(::send(fd, request.constData(), size_t(request.size()), 0), ssize_t(request.size()));

    QByteArray received;
    int lastErrno = 0;
    ssize_t lastResult = 1;
    QVERIFY(QTest::qWaitFor(
        [&] {
            char buffer[4096];
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n > 0) {
                received.append(buffer, n);
                return false;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                return false;
            lastResult = n;
            lastErrno = n < 0 ? errno : 0;
            return true;
        },
        3000));
    ::close(fd);
    QVERIFY(received.contains("data: x"));
    QCOMPARE(lastResult, ssize_t(-1));
    QCOMPARE(lastErrno, ECONNRESET);
#else
    QSKIP("needs BSD sockets to tell RST from FIN");
#endif
}

void TestFakeUpstream::countsConnections()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, "{}"));
    QSignalSpy closed(&fake, &FakeUpstream::connectionClosed);
    {
        RawClient a(fake.port());
        RawClient b(fake.port());
        RawClient c(fake.port());
        QVERIFY(a.waitConnected() && b.waitConnected() && c.waitConnected());
        QVERIFY(QTest::qWaitFor([&] { return fake.openConnections() == 3; }, 3000));
        QCOMPARE(fake.peakConnections(), 3);
        c.m_socket.disconnectFromHost();
        QVERIFY(fake.waitForClientDisconnects(1));
        QCOMPARE(fake.openConnections(), 2);
        QCOMPARE(closed.count(), 1);
        QCOMPARE(closed.first().at(1).toBool(), true);
    }
    QVERIFY(fake.waitForClientDisconnects(3));
    QCOMPARE(fake.openConnections(), 0);
    QCOMPARE(fake.peakConnections(), 3);
    QCOMPARE(fake.totalConnections(), 3);
}

QTEST_GUILESS_MAIN(TestFakeUpstream)
#include "tst_fakeupstream.moc"
