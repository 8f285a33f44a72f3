// UpstreamClient against the in-process fake upstream (loopback only): incremental streaming,
// parallel streams without a per-host limit, every failure class of protocols.md §8, abort, URL
// validation and proxy selection. The HTTP/1.1 transport itself (parser, keep-alive, stale
// connections, TLS, timing) is tested in tst_http1.

#include "fakeupstream.h"
#include "http1pool.h"
#include "upstreamcallrecord.h"
#include "upstreamclient.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QPointer>
#include <QRegularExpression>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <optional>

using namespace Switchyard;
using namespace Switchyard::Test;

class TestUpstreamClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void streamsIncrementally();
    void requestHeadersAreManaged();
    void parallelStreamsDoNotQueue();
    void requestsBeyondTheCapWait();
    void httpErrorStatusIsAResponse();
    void redirectIsNotFollowed();
    void connectRefused();
    void connectTimeout();
    void firstByteTimeout();
    void idleTimeoutMidStream();
    void idleTimerRestartsOnData();
    void resetMidStream();
    void tlsFailure();
    void truncatedChunkedStream();
    void abortClosesUpstreamSocket();
    void destroyingClientAbortsCalls();
    void invalidRequestFailsAsynchronously();
    void validateUpstreamUrl_data();
    void validateUpstreamUrl();
    void proxyPolicyParse();
    void proxyPolicyBypass_data();
    void proxyPolicyBypass();
    void proxyPolicyProxies();
    void proxyPolicyEnvironmentNoProxy();
    void explicitProxyIsUsed();
};

void TestUpstreamClient::streamsIncrementally()
{
    FakeUpstream fake;
    const QList<QByteArray> events = numberedEvents(4);
    fake.setDefaultHandler(FakeUpstream::sseScript(events, 200));
    UpstreamClient client;
    auto rec = record(client.start(postTo(fake.url(QStringLiteral("/v1/chat/completions")))));
    QCOMPARE(client.inFlight(), 1);
    QVERIFY(QTest::qWaitFor([&] { return rec->ended(); }, 5000));

    QVERIFY2(rec->finished, rec->error ? qPrintable(rec->error->message) : "");
    QCOMPARE(rec->status, 200);
    QCOMPARE(rec->header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(rec->body, expectedSse(events));
    QCOMPARE(rec->signalsAfterEnd, 0);
    QCOMPARE(client.inFlight(), 0);

    // Each event is delivered when the fake sends it, ~200 ms apart, not buffered until the end.
    QList<qint64> eventTimes;
    QByteArray seen;
    for (const auto &[at, chunk] : std::as_const(rec->chunks)) {
        seen += chunk;
        while (eventTimes.size() < events.size() && seen.contains(events[eventTimes.size()]))
            eventTimes.append(at);
    }
    QCOMPARE(eventTimes.size(), 4);
    for (int i = 1; i < eventTimes.size(); ++i)
        QVERIFY2(eventTimes[i] - eventTimes[i - 1] >= 150,
                 qPrintable(QStringLiteral("event %1 came %2 ms after the previous")
                                .arg(i)
                                .arg(eventTimes[i] - eventTimes[i - 1])));
    QVERIFY(rec->chunks.size() >= 4);
    QVERIFY(rec->endedAtMs >= 700);
    // TTFT: headers come at once, the first body byte after the script's first 200 ms pause.
    QVERIFY(rec->headersElapsedMs >= 0);
    QVERIFY2(rec->firstByteElapsedMs >= 180 && rec->firstByteElapsedMs < rec->endedAtMs,
             qPrintable(QString::number(rec->firstByteElapsedMs)));
    QVERIFY(rec->headersElapsedMs < rec->firstByteElapsedMs);
}

void TestUpstreamClient::requestHeadersAreManaged()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, R"({"ok":1})"));
    UpstreamClient client;
    UpstreamRequest request = postTo(fake.url(QStringLiteral("/v1/messages?beta=true")));
    request.headers += {{"x-api-key", "k-123"},   {"Accept-Encoding", "gzip, br"}, {"Connection", "close"},
                        {"Host", "evil.example"}, {"anthropic-beta", "a"},         {"anthropic-beta", "b"}};
    auto rec = record(client.start(request));
    QPointer<UpstreamCall> call = rec->call;
    QVERIFY(QTest::qWaitFor([&] { return rec->ended(); }, 5000));
    QVERIFY(rec->finished);
    QCOMPARE(rec->body, QByteArray(R"({"ok":1})"));

    const RecordedRequest seen = fake.lastRequest();
    QCOMPARE(seen.method, QByteArray("POST"));
    QCOMPARE(seen.target, QByteArray("/v1/messages?beta=true"));
    QCOMPARE(seen.body, request.body);
    QCOMPARE(seen.header("x-api-key"), QByteArray("k-123"));
    QCOMPARE(seen.header("accept-encoding"), QByteArray("identity"));
    QCOMPARE(seen.header("host"), QByteArray("127.0.0.1:" + QByteArray::number(fake.port())));
    QVERIFY(!seen.header("connection").toLower().contains("close"));
    QCOMPARE(seen.header("anthropic-beta"), QByteArray("a, b"));
    QVERIFY(!seen.hasHeader("cookie"));
    QVERIFY(seen.header("user-agent").startsWith("Switchyard/"));

    // The ended call deletes itself.
    QVERIFY(QTest::qWaitFor([&] { return call.isNull(); }, 2000));
}

void TestUpstreamClient::parallelStreamsDoNotQueue()
{
    constexpr int streams = 16;
    FakeUpstream fake;
    const QList<QByteArray> events = numberedEvents(10);
    fake.setDefaultHandler(FakeUpstream::sseScript(events, 100)); // ~1 s per stream
    UpstreamClient client;

    // Baseline: one stream alone.
    QElapsedTimer clock;
    clock.start();
    {
        auto single = record(client.start(postTo(fake.url(QStringLiteral("/stream")))));
        QVERIFY(QTest::qWaitFor([&] { return single->ended(); }, 10000));
        QVERIFY(single->finished);
    }
    const qint64 oneStreamMs = clock.elapsed();
    QVERIFY(oneStreamMs >= 900);

    std::vector<std::unique_ptr<CallRecord>> records;
    clock.restart();
    for (int i = 0; i < streams; ++i)
        records.push_back(record(client.start(postTo(fake.url(QStringLiteral("/stream"))))));
    QCOMPARE(client.inFlight(), streams);
    QVERIFY(QTest::qWaitFor(
        [&] { return std::all_of(records.begin(), records.end(), [](const auto &r) { return r->ended(); }); },
        20000));
    const qint64 parallelMs = clock.elapsed();

    for (const auto &r : records) {
        QVERIFY2(r->finished, r->error ? qPrintable(r->error->message) : "");
        QCOMPARE(r->body, expectedSse(events));
    }
    QVERIFY2(fake.peakConnections() >= streams, qPrintable(QString::number(fake.peakConnections())));
    QVERIFY2(
        parallelMs < 2 * oneStreamMs,
        qPrintable(QStringLiteral("16 streams took %1 ms, one took %2 ms").arg(parallelMs).arg(oneStreamMs)));
    qInfo("one stream %lld ms, %d parallel streams %lld ms, peak connections %d", oneStreamMs, streams,
          parallelMs, fake.peakConnections());

    // One connection per parallel stream, the baseline's among them, all kept alive afterwards.
    QCOMPARE(client.inFlight(), 0);
    QCOMPARE(fake.totalConnections(), streams);
    QCOMPARE(client.idleConnectionCount(), streams);
    QCOMPARE(client.managerCount(), streams); // the connection count since the HTTP/1.1 transport
    QCOMPARE(client.trimIdleManagers(0), streams);
    QCOMPARE(client.managerCount(), 0);
    QVERIFY(fake.waitForClientDisconnects(streams, 3000));
}

void TestUpstreamClient::requestsBeyondTheCapWait()
{
    // The safety cap per origin (maxManagers(), 256 by default): a request beyond it waits for a
    // connection of its origin, here the one freed by the first stream that ends.
    FakeUpstream fake;
    const QList<QByteArray> events = numberedEvents(5);
    fake.setDefaultHandler(FakeUpstream::sseScript(events, 100)); // ~0.5 s per stream
    UpstreamClient client;
    QCOMPARE(client.maxManagers(), Http1Pool::defaultMaxConnectionsPerKey);
    constexpr int cap = 3;
    client.setMaxManagers(cap);
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("^upstream pool full \\(3 connections to "
                                                           "127\\.0\\.0\\.1:\\d+\\): further parallel "
                                                           "requests wait$")));
    std::vector<std::unique_ptr<CallRecord>> records;
    for (int i = 0; i < cap + 1; ++i)
        records.push_back(record(client.start(postTo(fake.url(QStringLiteral("/stream"))))));
    QCOMPARE(client.managerCount(), cap);
    QVERIFY(QTest::qWaitFor(
        [&] { return std::all_of(records.begin(), records.end(), [](const auto &r) { return r->ended(); }); },
        10000));
    for (const auto &r : records) {
        QVERIFY2(r->finished, qPrintable(r->errorText()));
        QCOMPARE(r->body, expectedSse(events));
    }
    QCOMPARE(fake.peakConnections(), cap);
    // The waiting request took over a finished stream's keep-alive connection.
    QCOMPARE(fake.totalConnections(), cap);
    QCOMPARE(fake.requests().last().indexOnConnection, 1);
    std::sort(records.begin(), records.end(),
              [](const auto &a, const auto &b) { return a->endedAtMs < b->endedAtMs; });
    // The last one started only when a first one ended: about two stream lengths in total.
    QVERIFY2(records.back()->endedAtMs >= records.front()->endedAtMs + 400,
             qPrintable(QStringLiteral("first ended %1 ms, last %2 ms")
                            .arg(records.front()->endedAtMs)
                            .arg(records.back()->endedAtMs)));
}

void TestUpstreamClient::httpErrorStatusIsAResponse()
{
    FakeUpstream fake;
    fake.setHandler(QStringLiteral("/429"), [](FakeExchange &exchange) {
        exchange.respond(429, {{"Content-Type", "application/json"}, {"Retry-After", "7"}},
                         R"({"error":{"type":"rate_limit_error"}})");
    });
    fake.setHandler(QStringLiteral("/401"), [](FakeExchange &exchange) {
        exchange.respond(401, {{"WWW-Authenticate", "Bearer"}, {"Content-Type", "application/json"}},
                         R"({"error":{"type":"authentication_error"}})");
    });
    fake.setHandler(QStringLiteral("/400"), FakeUpstream::jsonResponse(400, R"({"error":"bad"})"));
    fake.setHandler(QStringLiteral("/503"), FakeUpstream::jsonResponse(503, R"({"error":"down"})"));
    UpstreamClient client;

    const QList<QPair<int, QByteArray>> cases = {{429, R"({"error":{"type":"rate_limit_error"}})"},
                                                 {401, R"({"error":{"type":"authentication_error"}})"},
                                                 {400, R"({"error":"bad"})"},
                                                 {503, R"({"error":"down"})"}};
    for (const auto &[status, body] : cases) {
        auto rec = record(client.start(postTo(fake.url(u'/' + QString::number(status)))));
        QVERIFY(QTest::qWaitFor([&] { return rec->ended(); }, 5000));
        QVERIFY2(rec->finished, qPrintable(QString::number(status)));
        QCOMPARE(rec->status, status);
        QCOMPARE(rec->body, body);
        if (status == 429)
            QCOMPARE(rec->header("retry-after"), QByteArray("7"));
    }
}

void TestUpstreamClient::redirectIsNotFollowed()
{
    FakeUpstream fake;
    FakeUpstream other;
    fake.setDefaultHandler([&other](FakeExchange &exchange) {
        exchange.respond(307, {{"Location", other.url(QStringLiteral("/steal")).toEncoded()}}, {});
    });
    other.setDefaultHandler(FakeUpstream::jsonResponse(200, "{}"));
    UpstreamClient client;
    auto rec = record(client.start(postTo(fake.url(QStringLiteral("/v1")))));
    QVERIFY(QTest::qWaitFor([&] { return rec->ended(); }, 5000));
    QVERIFY(rec->finished);
    QCOMPARE(rec->status, 307);
    QCOMPARE(rec->header("location"), other.url(QStringLiteral("/steal")).toEncoded());
    QTest::qWait(100);
    QCOMPARE(other.requestCount(), 0);
    QCOMPARE(fake.requestCount(), 1);
}

void TestUpstreamClient::connectRefused()
{
    UpstreamClient client;
    QUrl url(QStringLiteral("http://127.0.0.1/v1beta/models/m:generateContent?key=SECRET-KEY-123"));
    url.setPort(unusedPort());
    auto rec = record(client.start(postTo(url)));
    QVERIFY(QTest::qWaitFor([&] { return rec->ended(); }, 3000));
    QVERIFY(rec->error);
    QCOMPARE(rec->error->kind, UpstreamError::Kind::Connect);
    QCOMPARE(rec->error->networkError, int(QNetworkReply::ConnectionRefusedError));
    QVERIFY(!rec->error->afterHeaders);
    QVERIFY(rec->error->isTransient());
    QVERIFY(!rec->error->isTimeout());
    QVERIFY(rec->endedAtMs < 2000);
    QVERIFY(!rec->error->message.contains(QStringLiteral("SECRET-KEY-123")));
    QCOMPARE(client.inFlight(), 0);
}

void TestUpstreamClient::connectTimeout()
{
    // A listening socket whose accept queue is full: Linux drops further SYNs, so connect() hangs.
    QTcpServer server;
    server.setListenBacklogSize(0);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    server.pauseAccepting();
    QList<QTcpSocket *> fillers;
    for (int i = 0; i < 4; ++i) {
        auto *socket = new QTcpSocket(&server);
        socket->connectToHost(QHostAddress::LocalHost, server.serverPort());
        fillers.append(socket);
    }
    QTest::qWait(200);
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, server.serverPort());
    if (probe.waitForConnected(300))
        QSKIP("this kernel completes connections beyond the listen backlog");
    probe.abort();

    UpstreamClient client;
    UpstreamRequest request = postTo(QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(server.serverPort())));
    request.connectTimeoutMs = 300;
    request.firstByteTimeoutMs = 5000;
    auto rec = record(client.start(request));
    QVERIFY(QTest::qWaitFor([&] { return rec->ended(); }, 4000));
    QVERIFY(rec->error);
    QCOMPARE(rec->error->kind, UpstreamError::Kind::ConnectTimeout);
    QVERIFY(rec->error->isTimeout());
    QVERIFY2(rec->endedAtMs >= 250 && rec->endedAtMs < 2000, qPrintable(QString::number(rec->endedAtMs)));
}

void TestUpstreamClient::firstByteTimeout()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::stalled());
    UpstreamClient client;
    UpstreamRequest request = postTo(fake.url(QStringLiteral("/slow")));
    request.firstByteTimeoutMs = 300;
    auto rec = record(client.start(request));
    QVERIFY(QTest::qWaitFor([&] { return rec->ended(); }, 4000));
    QVERIFY(rec->error);
    QCOMPARE(rec->error->kind, UpstreamError::Kind::FirstByteTimeout);
    QVERIFY(rec->error->isTimeout());
    QVERIFY(!rec->error->afterHeaders);
    QCOMPARE(rec->error->networkError, 0);
    QVERIFY2(rec->endedAtMs >= 280 && rec->endedAtMs < 2000, qPrintable(QString::number(rec->endedAtMs)));
    QCOMPARE(rec->status, 0);
    // The stalled upstream connection is closed, not leaked.
    QVERIFY(fake.waitForClientDisconnects(1));
}

void TestUpstreamClient::idleTimeoutMidStream()
{
    FakeUpstream fake;
    fake.setDefaultHandler(
        [](FakeExchange &exchange) { exchange.beginStream().sendChunk("data: 1\n\n").stall(); });
    UpstreamClient client;
    UpstreamRequest request = postTo(fake.url(QStringLiteral("/stream")));
    request.idleTimeoutMs = 300;
    auto rec = record(client.start(request));
    QVERIFY(QTest::qWaitFor([&] { return rec->ended(); }, 4000));
    QVERIFY(rec->error);
    QCOMPARE(rec->error->kind, UpstreamError::Kind::IdleTimeout);
    QVERIFY(rec->error->afterHeaders);
    QCOMPARE(rec->error->bytesReceived, qint64(9));
    QCOMPARE(rec->status, 200);
    QCOMPARE(rec->body, QByteArray("data: 1\n\n"));
    QVERIFY(rec->endedAtMs >= 280);
    QVERIFY(fake.waitForClientDisconnects(1));
}

void TestUpstreamClient::idleTimerRestartsOnData()
{
    FakeUpstream fake;
    const QList<QByteArray> events = numberedEvents(5);
    fake.setDefaultHandler(FakeUpstream::sseScript(events, 200)); // 1 s in total
    UpstreamClient client;
    UpstreamRequest request = postTo(fake.url(QStringLiteral("/stream")));
    request.idleTimeoutMs = 450; // shorter than the stream, longer than any gap
    request.firstByteTimeoutMs = 450;
    auto rec = record(client.start(request));
    QVERIFY(QTest::qWaitFor([&] { return rec->ended(); }, 5000));
    QVERIFY2(rec->finished, rec->error ? qPrintable(rec->error->message) : "");
    QCOMPARE(rec->body, expectedSse(events));
    QVERIFY(rec->endedAtMs > 900);
}

void TestUpstreamClient::resetMidStream()
{
    FakeUpstream fake;
    fake.setDefaultHandler(
        [](FakeExchange &exchange) { exchange.beginStream().sendChunk("data: 1\n\n").delay(100).reset(); });
    UpstreamClient client;
    auto rec = record(client.start(postTo(fake.url(QStringLiteral("/stream")))));
    QVERIFY(QTest::qWaitFor([&] { return rec->ended(); }, 4000));
    QVERIFY(rec->error);
    QCOMPARE(rec->error->kind, UpstreamError::Kind::Reset);
    QVERIFY(rec->error->afterHeaders);
    QVERIFY(rec->error->isTransient());
    QCOMPARE(rec->body, QByteArray("data: 1\n\n"));
}

void TestUpstreamClient::tlsFailure()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    // A server that answers the TLS ClientHello with plain HTTP: the handshake cannot succeed.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&server] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            socket->setParent(&server);
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                socket->readAll();
                socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            });
        }
    });
    UpstreamClient client;
    UpstreamRequest request =
        postTo(QUrl(QStringLiteral("https://127.0.0.1:%1/v1").arg(server.serverPort())));
    request.firstByteTimeoutMs = 5000;
    auto rec = record(client.start(request));
    QVERIFY(QTest::qWaitFor([&] { return rec->ended(); }, 6000));
    QVERIFY(rec->error);
    QCOMPARE(rec->error->kind, UpstreamError::Kind::Tls);
    QCOMPARE(rec->error->networkError, int(QNetworkReply::SslHandshakeFailedError));
    QVERIFY(rec->error->isTransient());
}

void TestUpstreamClient::truncatedChunkedStream()
{
    FakeUpstream fake;
    fake.setDefaultHandler([](FakeExchange &exchange) {
        exchange.beginStream().sendChunk("data: 1\n\n").delay(50).closeWithoutTerminator();
    });
    UpstreamClient client;
    auto rec = record(client.start(postTo(fake.url(QStringLiteral("/stream")))));
    QVERIFY(QTest::qWaitFor([&] { return rec->ended(); }, 4000));
    // A chunked body that ends without its terminator is incomplete: never report success.
    QVERIFY(rec->error);
    QCOMPARE(rec->error->kind, UpstreamError::Kind::Reset);
    QCOMPARE(rec->body, QByteArray("data: 1\n\n"));
}

void TestUpstreamClient::abortClosesUpstreamSocket()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::sseScript(numberedEvents(50), 100)); // 5 s
    UpstreamClient client;
    auto rec = record(client.start(postTo(fake.url(QStringLiteral("/stream")))));
    QVERIFY(QTest::qWaitFor([&] { return !rec->chunks.isEmpty(); }, 4000));
    QVERIFY(rec->call);
    rec->call->abort();
    QCOMPARE(client.inFlight(), 0);
    QCOMPARE(client.connectionCount(), 0); // closed, not returned to the pool
    QVERIFY(fake.waitForClientDisconnects(1, 2000));
    const int chunksAtAbort = int(rec->chunks.size());
    QTest::qWait(300);
    QCOMPARE(int(rec->chunks.size()), chunksAtAbort);
    QVERIFY(!rec->ended()); // abort() is silent
    QVERIFY(rec->call.isNull()); // and the call deleted itself
}

void TestUpstreamClient::destroyingClientAbortsCalls()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::sseScript(numberedEvents(50), 100));
    auto client = std::make_unique<UpstreamClient>();
    auto rec = record(client->start(postTo(fake.url(QStringLiteral("/stream")))));
    QVERIFY(QTest::qWaitFor([&] { return !rec->chunks.isEmpty(); }, 4000));
    client.reset();
    QVERIFY(rec->call.isNull());
    QVERIFY(fake.waitForClientDisconnects(1, 2000));
    QVERIFY(!rec->ended());
}

void TestUpstreamClient::invalidRequestFailsAsynchronously()
{
    UpstreamClient client;
    UpstreamRequest request = postTo(QUrl(QStringLiteral("http://169.254.169.254/latest/meta-data")));
    auto rec = record(client.start(request));
    QVERIFY(!rec->ended()); // not from inside start()
    QVERIFY(QTest::qWaitFor([&] { return rec->ended(); }, 1000));
    QCOMPARE(rec->error->kind, UpstreamError::Kind::InvalidRequest);
    QVERIFY(!rec->error->isTransient());

    request = postTo(QUrl(QStringLiteral("http://127.0.0.1:1/v1")));
    request.proxyUrl = QStringLiteral("ftp://user:hunter2@proxy.example:21");
    rec = record(client.start(request));
    QVERIFY(QTest::qWaitFor([&] { return rec->ended(); }, 1000));
    QCOMPARE(rec->error->kind, UpstreamError::Kind::InvalidRequest);
    QVERIFY(rec->error->message.contains(QStringLiteral("unsupported scheme")));
    QVERIFY(!rec->error->message.contains(QStringLiteral("hunter2")));
    QCOMPARE(client.inFlight(), 0);
}

void TestUpstreamClient::validateUpstreamUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowLinkLocal");
    QTest::addColumn<bool>("valid");

    QTest::newRow("https provider") << "https://api.openai.com/v1" << false << true;
    QTest::newRow("loopback v4") << "http://127.0.0.1:8080/v1" << false << true;
    QTest::newRow("loopback v6") << "http://[::1]:11434" << false << true;
    QTest::newRow("localhost") << "http://localhost:11434/v1" << false << true;
    QTest::newRow("private LAN") << "http://192.168.1.10:8000" << false << true;
    QTest::newRow("no scheme") << "api.openai.com/v1" << false << false;
    QTest::newRow("ftp") << "ftp://files.example.com/" << false << false;
    QTest::newRow("file") << "file:///etc/passwd" << false << false;
    QTest::newRow("no host") << "http:///v1" << false << false;
    QTest::newRow("credentials") << "https://user:pw@api.example.com/" << false << false;
    QTest::newRow("aws metadata") << "http://169.254.169.254/latest/meta-data" << false << false;
    QTest::newRow("aws metadata allowed") << "http://169.254.169.254/latest/meta-data" << true << true;
    QTest::newRow("link-local v4") << "http://169.254.10.1/" << false << false;
    QTest::newRow("link-local v6") << "http://[fe80::1]/" << false << false;
    QTest::newRow("link-local v6 allowed") << "http://[fe80::1]/" << true << true;
    QTest::newRow("aws metadata v6") << "http://[fd00:ec2::254]/" << false << false;
    QTest::newRow("v4-mapped metadata") << "http://[::ffff:169.254.169.254]/" << false << false;
    QTest::newRow("gcp metadata name")
        << "http://metadata.google.internal/computeMetadata/v1" << false << false;
    QTest::newRow("gcp metadata trailing dot") << "http://metadata.google.internal./" << false << false;
    QTest::newRow("unspecified v4") << "http://0.0.0.0:8080" << true << false;
    QTest::newRow("unspecified v6") << "http://[::]:8080" << true << false;
}

void TestUpstreamClient::validateUpstreamUrl()
{
    QFETCH(QString, url);
    QFETCH(bool, allowLinkLocal);
    QFETCH(bool, valid);
    QString error;
    QCOMPARE(UpstreamClient::validateUpstreamUrl(QUrl(url), allowLinkLocal, &error), valid);
    QCOMPARE(error.isEmpty(), valid);
    QVERIFY(!error.contains(QStringLiteral(":pw@")));
}

void TestUpstreamClient::proxyPolicyParse()
{
    QString error;
    QCOMPARE(ProxyPolicy::parse({}, {}, &error).mode, ProxyPolicy::Mode::System);
    QCOMPARE(ProxyPolicy::parse(QStringLiteral("system"), {}, &error).mode, ProxyPolicy::Mode::System);
    QCOMPARE(ProxyPolicy::parse(QStringLiteral("none"), {}, &error).mode, ProxyPolicy::Mode::None);
    QCOMPARE(ProxyPolicy::parse(QStringLiteral(" NONE "), {}, &error).mode, ProxyPolicy::Mode::None);
    QVERIFY(error.isEmpty());

    ProxyPolicy socks =
        ProxyPolicy::parse(QStringLiteral("socks5://alice:s3cret@proxy.local:1081"), {}, &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(socks.mode, ProxyPolicy::Mode::Explicit);
    QCOMPARE(socks.proxy.type(), QNetworkProxy::Socks5Proxy);
    QCOMPARE(socks.proxy.hostName(), QStringLiteral("proxy.local"));
    QCOMPARE(socks.proxy.port(), quint16(1081));
    QCOMPARE(socks.proxy.user(), QStringLiteral("alice"));
    QCOMPARE(socks.proxy.password(), QStringLiteral("s3cret"));
    QCOMPARE(ProxyPolicy::parse(QStringLiteral("socks5h://proxy.local"), {}).proxy.port(), quint16(1080));

    const ProxyPolicy http = ProxyPolicy::parse(QStringLiteral("http://proxy.corp:3128"), {});
    QCOMPARE(http.proxy.type(), QNetworkProxy::HttpProxy);
    QCOMPARE(http.proxy.port(), quint16(3128));
    QCOMPARE(ProxyPolicy::parse(QStringLiteral("http://proxy.corp"), {}).proxy.port(), quint16(1080));
    const ProxyPolicy https = ProxyPolicy::parse(QStringLiteral("https://proxy.corp"), {});
    QCOMPARE(https.proxy.type(), QNetworkProxy::HttpProxy); // Qt cannot speak TLS to a proxy
    QCOMPARE(https.proxy.port(), quint16(443));

    ProxyPolicy::parse(QStringLiteral("ftp://bob:pw123@proxy"), {}, &error);
    QVERIFY(!error.isEmpty());
    QVERIFY(!error.contains(QStringLiteral("pw123")));
    error.clear();
    ProxyPolicy::parse(QStringLiteral("http://"), {}, &error);
    QVERIFY(!error.isEmpty());

    // Policies share managers only when everything matches.
    QCOMPARE(ProxyPolicy::parse(QStringLiteral("http://p:1"), {QStringLiteral("a")}).key(),
             ProxyPolicy::parse(QStringLiteral("http://p:1"), {QStringLiteral("a")}).key());
    QVERIFY(ProxyPolicy::parse(QStringLiteral("http://p:1"), {}).key()
            != ProxyPolicy::parse(QStringLiteral("http://p:2"), {}).key());
    QVERIFY(ProxyPolicy::parse(QStringLiteral("http://p:1"), {}).key()
            != ProxyPolicy::parse(QStringLiteral("socks5://p:1"), {}).key());
    QVERIFY(ProxyPolicy::parse(QStringLiteral("http://u:x@p:1"), {}).key()
            != ProxyPolicy::parse(QStringLiteral("http://u:y@p:1"), {}).key());
    QVERIFY(ProxyPolicy::parse({}, {QStringLiteral("a")}).key() != ProxyPolicy::parse({}, {}).key());
}

void TestUpstreamClient::proxyPolicyBypass_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("bypass");
    QTest::newRow("domain itself") << "example.com" << true;
    QTest::newRow("subdomain") << "api.example.com" << true;
    QTest::newRow("suffix is not a subdomain") << "badexample.com" << false;
    QTest::newRow("dotted entry") << "x.corp.local" << true;
    QTest::newRow("dotted entry bare") << "corp.local" << true;
    QTest::newRow("wildcard entry") << "a.wild.test" << true;
    QTest::newRow("entry with port") << "host.with.port" << true;
    QTest::newRow("cidr in") << "10.1.2.3" << true;
    QTest::newRow("cidr out") << "11.0.0.1" << false;
    QTest::newRow("ip literal") << "192.168.1.5" << true;
    QTest::newRow("other ip") << "192.168.1.6" << false;
    QTest::newRow("comma list entry") << "b.test" << true;
    QTest::newRow("case") << "API.EXAMPLE.COM" << true;
    QTest::newRow("localhost always") << "localhost" << true;
    QTest::newRow("loopback always") << "127.0.0.5" << true;
    QTest::newRow("loopback v6 always") << "::1" << true;
    QTest::newRow("unlisted") << "api.openai.com" << false;
}

void TestUpstreamClient::proxyPolicyBypass()
{
    QFETCH(QString, host);
    QFETCH(bool, bypass);
    const ProxyPolicy policy = ProxyPolicy::parse(
        QStringLiteral("http://proxy:3128"),
        {QStringLiteral("example.com"), QStringLiteral(".corp.local"), QStringLiteral("*.wild.test"),
         QStringLiteral("host.with.port:8443"), QStringLiteral("10.0.0.0/8"), QStringLiteral("192.168.1.5"),
         QStringLiteral("a.test, b.test")});
    QCOMPARE(policy.bypasses(host), bypass);
}

void TestUpstreamClient::proxyPolicyProxies()
{
    const QUrl remote(QStringLiteral("https://api.example.net/v1"));
    const QUrl loopback(QStringLiteral("http://127.0.0.1:8080/v1"));

    const ProxyPolicy socks = ProxyPolicy::parse(QStringLiteral("socks5://proxy:1080"), {});
    QCOMPARE(socks.proxiesFor(remote).value(0).type(), QNetworkProxy::Socks5Proxy);
    QCOMPARE(socks.proxiesFor(loopback).value(0).type(), QNetworkProxy::NoProxy);

    const ProxyPolicy none = ProxyPolicy::parse(QStringLiteral("none"), {});
    QCOMPARE(none.proxiesFor(remote).value(0).type(), QNetworkProxy::NoProxy);

    const ProxyPolicy bypassed =
        ProxyPolicy::parse(QStringLiteral("socks5://proxy:1080"), {QStringLiteral("example.net")});
    QCOMPARE(bypassed.proxiesFor(remote).value(0).type(), QNetworkProxy::NoProxy);

    // "system" follows the environment on Linux (Qt's generic backend reads http_proxy).
#ifdef Q_OS_LINUX
    const QByteArray saved = qgetenv("http_proxy");
    qputenv("http_proxy", "http://sysproxy.test:3129");
    const ProxyPolicy system = ProxyPolicy::parse(QStringLiteral("system"), {});
    const QList<QNetworkProxy> proxies = system.proxiesFor(QUrl(QStringLiteral("http://api.example.net/v1")));
    QCOMPARE(system.proxiesFor(loopback).value(0).type(), QNetworkProxy::NoProxy);
    const ProxyPolicy systemBypassed =
        ProxyPolicy::parse(QStringLiteral("system"), {QStringLiteral("example.net")});
    const QList<QNetworkProxy> bypassedProxies =
        systemBypassed.proxiesFor(QUrl(QStringLiteral("http://api.example.net/v1")));
    if (saved.isNull())
        qunsetenv("http_proxy");
    else
        qputenv("http_proxy", saved);
    QCOMPARE(proxies.value(0).type(), QNetworkProxy::HttpProxy);
    QCOMPARE(proxies.value(0).hostName(), QStringLiteral("sysproxy.test"));
    QCOMPARE(proxies.value(0).port(), quint16(3129));
    QCOMPARE(bypassedProxies.value(0).type(), QNetworkProxy::NoProxy);
#endif
}

void TestUpstreamClient::proxyPolicyEnvironmentNoProxy()
{
    // NO_PROXY and no_proxy both count, in System mode only, with the same entry forms as the
    // noProxy setting; loopback bypasses regardless of either.
    const QByteArray savedUpper = qgetenv("NO_PROXY");
    const QByteArray savedLower = qgetenv("no_proxy");
    const bool upperSet = qEnvironmentVariableIsSet("NO_PROXY");
    const bool lowerSet = qEnvironmentVariableIsSet("no_proxy");
    qputenv("NO_PROXY", " .corp.test,  172.16.0.0/12 ");
    qputenv("no_proxy", "Exact.Host.Test");
    const QStringList entries = ProxyPolicy::environmentNoProxy();
    const bool corp = ProxyPolicy::matchesNoProxy(QStringLiteral("api.corp.test"), entries, false);
    const bool cidr = ProxyPolicy::matchesNoProxy(QStringLiteral("172.20.1.1"), entries, false);
    const bool exact = ProxyPolicy::matchesNoProxy(QStringLiteral("exact.host.test"), entries, false);
    const bool other = ProxyPolicy::matchesNoProxy(QStringLiteral("api.example.net"), entries, false);
    const QNetworkProxy::ProxyType explicitType =
        ProxyPolicy::parse(QStringLiteral("socks5://proxy:1080"), {})
            .proxiesFor(QUrl(QStringLiteral("https://api.corp.test/v1")))
            .value(0)
            .type();
    const QNetworkProxy::ProxyType systemType =
        ProxyPolicy::parse({}, {})
            .proxiesFor(QUrl(QStringLiteral("https://api.corp.test/v1")))
            .value(0)
            .type();
    qunsetenv("NO_PROXY");
    qunsetenv("no_proxy");
    const QStringList cleared = ProxyPolicy::environmentNoProxy();
    if (upperSet)
        qputenv("NO_PROXY", savedUpper);
    if (lowerSet)
        qputenv("no_proxy", savedLower);

    QCOMPARE(entries, (QStringList {".corp.test", "172.16.0.0/12", "exact.host.test"}));
    QVERIFY(corp);
    QVERIFY(cidr);
    QVERIFY(exact);
    QVERIFY(!other);
    QCOMPARE(explicitType, QNetworkProxy::Socks5Proxy);
    QCOMPARE(systemType, QNetworkProxy::NoProxy);
    QVERIFY(cleared.isEmpty());
    QVERIFY(!ProxyPolicy::matchesNoProxy(QStringLiteral("127.0.0.1"), {}, false));
    QVERIFY(ProxyPolicy::matchesNoProxy(QStringLiteral("127.0.0.1"), {}, true));
}

void TestUpstreamClient::explicitProxyIsUsed()
{
    // The fake doubles as an HTTP proxy: Qt sends it the absolute URI of the real target.
    FakeUpstream proxy;
    proxy.setDefaultHandler(FakeUpstream::jsonResponse(200, R"({"via":"proxy"})"));
    UpstreamClient client;
    UpstreamRequest request = postTo(QUrl(QStringLiteral("http://api.upstream.test/v1/chat?x=1")));
    request.proxyUrl = QStringLiteral("http://127.0.0.1:%1").arg(proxy.port());
    auto rec = record(client.start(request));
    QVERIFY(QTest::qWaitFor([&] { return rec->ended(); }, 5000));
    QVERIFY2(rec->finished, rec->error ? qPrintable(rec->error->message) : "");
    QCOMPARE(rec->body, QByteArray(R"({"via":"proxy"})"));
    QCOMPARE(proxy.lastRequest().target, QByteArray("http://api.upstream.test/v1/chat?x=1"));

    // Loopback upstreams never go through the proxy, even a dead one. Connections are pooled per
    // origin and route: one to the proxy, one direct, both kept alive.
    FakeUpstream direct;
    direct.setDefaultHandler(FakeUpstream::jsonResponse(200, R"({"via":"direct"})"));
    request = postTo(direct.url(QStringLiteral("/v1")));
    request.proxyUrl = QStringLiteral("http://127.0.0.1:%1").arg(unusedPort());
    rec = record(client.start(request));
    QVERIFY(QTest::qWaitFor([&] { return rec->ended(); }, 5000));
    QVERIFY2(rec->finished, rec->error ? qPrintable(rec->error->message) : "");
    QCOMPARE(rec->body, QByteArray(R"({"via":"direct"})"));
    QCOMPARE(proxy.requestCount(), 1);
    QCOMPARE(client.managerCount(), 2);
}

QTEST_GUILESS_MAIN(TestUpstreamClient)
#include "tst_upstreamclient.moc"
