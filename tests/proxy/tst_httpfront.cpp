// HttpFront and ResponseStream over real loopback connections: routing, error shapes, limits,
// chunked framing on the wire, keep-alive reuse, client disconnects, parallel streams, draining.

#include "chunkstreamer.h"
#include "httpfront.h"
#include "rawhttp.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

using namespace Switchyard;
using namespace Switchyard::Test;
using Method = QHttpServerRequest::Method;

namespace {

const QRegularExpression requestIdPattern(QStringLiteral("^req_[0-9A-Za-z]{24}$"));

// Answers with the normalised path the front routed on, and the body size it received.
void echoHandler(const QHttpServerRequest &request, std::unique_ptr<ResponseStream> stream)
{
    const QByteArray body = stream->context().path + ' ' + QByteArray::number(request.body().size());
    stream->sendComplete(200, {{"Content-Type", "text/plain"}}, body);
}

} // namespace

class TestHttpFront : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void normalisePath_data();
    void normalisePath();
    void routesIgnoringQueryAndPrefixes_data();
    void routesIgnoringQueryAndPrefixes();
    void wrongMethodIs405();
    void notFoundErrorShapes_data();
    void notFoundErrorShapes();
    void bodyOverLimitIs413InCallersShape();
    void headRouteSendsNoBodyAndKeepsConnection();
    void requestIdOnEveryResponse();
    void statusOutsideQtsTable();
    void streamedChunkFramingThenKeepAliveReuse();
    void streamHeadersArriveBeforeFirstChunk();
    void clientDisconnectMidStream();
    void droppedRequestGets500();
    void droppedStreamAbortsConnection();
    void connectionCloseHonoured();
    void fiftyParallelStreams();
    void portInUseFails();
    void drainRefusesNewClosesIdleFinishesInFlight();

private:
    std::unique_ptr<HttpFront> m_front;
};

void TestHttpFront::init()
{
    m_front = std::make_unique<HttpFront>();
    QString error;
    QVERIFY2(m_front->listenOn(QHostAddress(QHostAddress::LocalHost), 0, &error), qPrintable(error));
    QVERIFY(m_front->port() != 0);
    m_front->route(Method::Post, "/v1/messages", echoHandler);
    m_front->route(Method::Post, "/v1/messages/count_tokens", echoHandler);
    m_front->route(Method::Get, "/echo", echoHandler);
}

void TestHttpFront::cleanup()
{
    m_front.reset();
}

void TestHttpFront::normalisePath_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << QByteArray("/v1/messages") << QByteArray("/v1/messages");
    QTest::newRow("root") << QByteArray("/") << QByteArray("/");
    QTest::newRow("empty") << QByteArray("") << QByteArray("/");
    QTest::newRow("trailing slash") << QByteArray("/v1/messages/") << QByteArray("/v1/messages");
    QTest::newRow("double slash") << QByteArray("//v1//messages") << QByteArray("/v1/messages");
    QTest::newRow("proxy prefix") << QByteArray("/proxy/v1/messages") << QByteArray("/v1/messages");
    QTest::newRow("v1 twice") << QByteArray("/v1/v1/messages") << QByteArray("/v1/messages");
    QTest::newRow("v1 three times") << QByteArray("/v1/v1/v1/models") << QByteArray("/v1/models");
    QTest::newRow("proxy and v1 twice") << QByteArray("/proxy/v1/v1/messages") << QByteArray("/v1/messages");
    QTest::newRow("proxy alone stays") << QByteArray("/proxy/health") << QByteArray("/proxy/health");
    QTest::newRow("v1x is not v1") << QByteArray("/v1/v1x/a") << QByteArray("/v1/v1x/a");
    QTest::newRow("v10 is not v1") << QByteArray("/v10/messages") << QByteArray("/v10/messages");
}

void TestHttpFront::normalisePath()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QCOMPARE(HttpFront::normalisePath(input), expected);
}

void TestHttpFront::routesIgnoringQueryAndPrefixes_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("routedPath");
    QTest::newRow("beta query") << QByteArray("/v1/messages?beta=true") << QByteArray("/v1/messages");
    QTest::newRow("proxy prefix") << QByteArray("/proxy/v1/messages") << QByteArray("/v1/messages");
    QTest::newRow("duplicated v1 with query")
        << QByteArray("/v1/v1/messages?beta=true") << QByteArray("/v1/messages");
    QTest::newRow("count_tokens with query")
        << QByteArray("/v1/messages/count_tokens?beta=true") << QByteArray("/v1/messages/count_tokens");
    QTest::newRow("proxy + duplicated v1 + trailing slash")
        << QByteArray("/proxy/v1/v1/messages/?beta=true") << QByteArray("/v1/messages");
}

void TestHttpFront::routesIgnoringQueryAndPrefixes()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, routedPath);
    const QByteArray body = R"({"model":"m","messages":[]})";
    const auto response = rawRequest(m_front->port(), "POST", target, body);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, routedPath + ' ' + QByteArray::number(body.size()));
}

void TestHttpFront::wrongMethodIs405()
{
    const auto response = rawRequest(m_front->port(), "GET", "/v1/messages?beta=true");
    QVERIFY(response);
    QCOMPARE(response->status, 405);
    QCOMPARE(response->json().value("error").toObject().value("type").toString(),
             QStringLiteral("invalid_request_error"));
}

void TestHttpFront::notFoundErrorShapes_data()
{
    using Headers = QList<std::pair<QByteArray, QByteArray>>;
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<bool>("openAIShape");

    QTest::newRow("unknown anthropic path")
        << QByteArray("POST") << QByteArray("/v1/nope?beta=true") << Headers {} << false;
    QTest::newRow("chat completions")
        << QByteArray("POST") << QByteArray("/v1/chat/completions") << Headers {} << true;
    QTest::newRow("chat completions under proxy prefix")
        << QByteArray("POST") << QByteArray("/proxy/v1/chat/completions") << Headers {} << true;
    QTest::newRow("responses") << QByteArray("POST") << QByteArray("/v1/responses") << Headers {} << true;
    QTest::newRow("models with bearer") << QByteArray("GET") << QByteArray("/v1/models")
                                        << Headers {{"Authorization", "Bearer sk-local"}} << true;
    QTest::newRow("models with bearer and anthropic-version")
        << QByteArray("GET") << QByteArray("/v1/models")
        << Headers {{"Authorization", "Bearer sk-local"}, {"anthropic-version", "2023-06-01"}} << false;
    QTest::newRow("models with x-api-key")
        << QByteArray("GET") << QByteArray("/v1/models") << Headers {{"x-api-key", "sk-local"}} << false;
    QTest::newRow("chat path but anthropic-version")
        << QByteArray("POST") << QByteArray("/v1/chat/completions")
        << Headers {{"anthropic-version", "2023-06-01"}} << false;
}

void TestHttpFront::notFoundErrorShapes()
{
    using Headers = QList<std::pair<QByteArray, QByteArray>>;
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(Headers, headers);
    QFETCH(bool, openAIShape);

    const auto response = rawRequest(m_front->port(), method, target, method == "POST" ? "{}" : "", headers);
    QVERIFY(response);
    QCOMPARE(response->status, 404);
    QCOMPARE(response->header("content-type"), QByteArray("application/json"));
    const QJsonObject json = response->json();
    const QJsonObject error = json.value("error").toObject();
    QVERIFY(!error.value("message").toString().isEmpty());
    if (openAIShape) {
        QVERIFY(!json.contains("type"));
        QCOMPARE(error.value("type").toString(), QStringLiteral("not_found_error"));
        QVERIFY(error.contains("param"));
        QVERIFY(error.contains("code"));
    } else {
        QCOMPARE(json.value("type").toString(), QStringLiteral("error"));
        QCOMPARE(error.value("type").toString(), QStringLiteral("not_found_error"));
        QCOMPARE(json.value("request_id").toString().toLatin1(), response->header("request-id"));
    }
}

void TestHttpFront::bodyOverLimitIs413InCallersShape()
{
    m_front->setMaxBodyBytes(1024);
    m_front->route(Method::Post, "/v1/chat/completions", echoHandler);

    const auto atLimit = rawRequest(m_front->port(), "POST", "/v1/messages", QByteArray(1024, 'a'));
    QVERIFY(atLimit);
    QCOMPARE(atLimit->status, 200);
    QCOMPARE(atLimit->body, QByteArray("/v1/messages 1024"));

    const auto anthropic =
        rawRequest(m_front->port(), "POST", "/v1/messages?beta=true", QByteArray(1025, 'a'));
    QVERIFY(anthropic);
    QCOMPARE(anthropic->status, 413);
    QCOMPARE(anthropic->json().value("type").toString(), QStringLiteral("error"));
    QCOMPARE(anthropic->json().value("error").toObject().value("type").toString(),
             QStringLiteral("request_too_large"));

    const auto openAI = rawRequest(m_front->port(), "POST", "/v1/chat/completions", QByteArray(4000, 'a'));
    QVERIFY(openAI);
    QCOMPARE(openAI->status, 413);
    QVERIFY(!openAI->json().contains("type"));
    QVERIFY(openAI->json().value("error").toObject().value("message").toString().contains("1024"));
    QCOMPARE(m_front->inFlight(), 0);
}

void TestHttpFront::headRouteSendsNoBodyAndKeepsConnection()
{
    m_front->route(Method::Head, "/probe",
                   [](const QHttpServerRequest &, std::unique_ptr<ResponseStream> stream) {
                       // A body given for a HEAD request must not reach the wire.
                       stream->sendComplete(200, {{"Content-Type", "text/plain"}}, "must not be sent");
                   });
    RawHttpClient client;
    QVERIFY(client.connectTo(m_front->port()));
    client.sendRequest("HEAD", "/probe?x=1");
    const auto head = client.readResponse(5000, true);
    QVERIFY(head);
    QCOMPARE(head->status, 200);
    QVERIFY(!head->header("request-id").isEmpty());

    // Stray body bytes would corrupt the next response on the same connection.
    client.sendRequest("GET", "/echo");
    const auto next = client.readResponse();
    QVERIFY(next);
    QCOMPARE(next->status, 200);
    QCOMPARE(next->body, QByteArray("/echo 0"));
    QVERIFY(client.buffered().isEmpty());
    QVERIFY(client.isConnected());
}

void TestHttpFront::requestIdOnEveryResponse()
{
    m_front->setMaxBodyBytes(10);
    m_front->route(Method::Get, "/stream",
                   [](const QHttpServerRequest &, std::unique_ptr<ResponseStream> stream) {
                       ChunkStreamer::start(std::move(stream), {"a"}, 1);
                   });
    QSet<QByteArray> seen;
    const QList<std::pair<QByteArray, QByteArray>> requests = {{"GET", "/echo"},
                                                               {"GET", "/missing"},
                                                               {"POST", "/v1/messages"},
                                                               {"GET", "/stream"},
                                                               {"GET", "/echo"}};
    for (const auto &[method, target] : requests) {
        const QByteArray body = method == "POST" ? QByteArray(20, 'x') : QByteArray();
        const auto response = rawRequest(m_front->port(), method, target, body);
        QVERIFY(response);
        const QByteArray id = response->header("request-id");
        QVERIFY2(requestIdPattern.match(QString::fromLatin1(id)).hasMatch(), id.constData());
        QVERIFY2(!seen.contains(id), "request ids must be unique");
        seen.insert(id);
    }
    QCOMPARE(seen.size(), requests.size());
}

void TestHttpFront::statusOutsideQtsTable()
{
    m_front->route(Method::Post, "/v1/overloaded",
                   [](const QHttpServerRequest &, std::unique_ptr<ResponseStream> s) {
                       s->sendError(529, "Overloaded", {{"retry-after", "3"}});
                   });
    RawHttpClient client;
    QVERIFY(client.connectTo(m_front->port()));
    client.sendRequest("POST", "/v1/overloaded", "{}");
    const QByteArray raw = client.waitForBytes("\r\n\r\n");
    QVERIFY(raw.startsWith("HTTP/1.1 529"));
    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 529);
    QCOMPARE(response->header("retry-after"), QByteArray("3"));
    QCOMPARE(response->json().value("error").toObject().value("type").toString(),
             QStringLiteral("overloaded_error"));
}

void TestHttpFront::streamedChunkFramingThenKeepAliveReuse()
{
    m_front->route(Method::Post, "/v1/stream",
                   [](const QHttpServerRequest &, std::unique_ptr<ResponseStream> s) {
                       // "" must be skipped (an empty chunk would end the stream); the rest is framed one by
                       // one.
                       ChunkStreamer::start(std::move(s), {"hello", "", "world!", QByteArray(300, 'z')}, 5);
                   });
    RawHttpClient client;
    QVERIFY(client.connectTo(m_front->port()));
    client.sendRequest("POST", "/v1/stream?beta=true", R"({"stream":true})");
    const auto stream = client.readResponse();
    QVERIFY(stream);
    QCOMPARE(stream->status, 200);
    QCOMPARE(stream->header("transfer-encoding"), QByteArray("chunked"));
    QVERIFY(stream->header("content-length").isEmpty());
    QCOMPARE(stream->header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(stream->wireBody,
             QByteArray("5\r\nhello\r\n6\r\nworld!\r\n12c\r\n") + QByteArray(300, 'z') + "\r\n0\r\n\r\n");
    QCOMPARE(stream->body, QByteArray("helloworld!") + QByteArray(300, 'z'));
    QTRY_COMPARE_WITH_TIMEOUT(m_front->inFlight(), 0, 5000);

    // The same connection serves the next request.
    client.sendRequest("GET", "/echo?again=1");
    const auto second = client.readResponse();
    QVERIFY(second);
    QCOMPARE(second->status, 200);
    QCOMPARE(second->body, QByteArray("/echo 0"));
    QVERIFY(client.isConnected());
    QCOMPARE(m_front->connectionCount(), 1);
}

void TestHttpFront::streamHeadersArriveBeforeFirstChunk()
{
    QPointer<ResponseStream> held;
    std::unique_ptr<ResponseStream> owner;
    m_front->route(Method::Post, "/v1/slow",
                   [&](const QHttpServerRequest &, std::unique_ptr<ResponseStream> s) {
                       QVERIFY(s->begin(200, {{"Content-Type", "text/event-stream"}}));
                       QVERIFY(s->isStarted());
                       held = s.get();
                       owner = std::move(s);
                   });
    RawHttpClient client;
    QVERIFY(client.connectTo(m_front->port()));
    client.sendRequest("POST", "/v1/slow", "{}");
    const QByteArray head = client.waitForBytes("\r\n\r\n");
    QVERIFY2(!head.isEmpty(), "headers must be sent by begin(), before any chunk");
    QVERIFY(head.endsWith("\r\n\r\n"));
    QVERIFY(held);
    QCOMPARE(m_front->inFlight(), 1);
    QVERIFY(!held->begin(200)); // once only
    QVERIFY(!held->sendComplete(200, {}, "x")); // no second status line
    QVERIFY(held->writeChunk("event: ping\n\n"));
    QVERIFY(held->end());
    QVERIFY(!held->writeChunk("late")); // nothing after the end
    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray("event: ping\n\n"));
    QCOMPARE(m_front->inFlight(), 0);
}

void TestHttpFront::clientDisconnectMidStream()
{
    QPointer<ChunkStreamer> streamer;
    std::unique_ptr<QSignalSpy> disconnectSpy;
    std::unique_ptr<QSignalSpy> finishedSpy;
    m_front->route(
        Method::Post, "/v1/endless", [&](const QHttpServerRequest &, std::unique_ptr<ResponseStream> s) {
            disconnectSpy = std::make_unique<QSignalSpy>(s.get(), &ResponseStream::clientDisconnected);
            finishedSpy = std::make_unique<QSignalSpy>(s.get(), &ResponseStream::finished);
            streamer = ChunkStreamer::start(std::move(s), {"first"}, 10, true);
        });
    RawHttpClient client;
    QVERIFY(client.connectTo(m_front->port()));
    client.sendRequest("POST", "/v1/endless", "{}");
    QVERIFY(!client.waitForBytes("tick\n").isEmpty());
    QVERIFY(streamer);
    QSignalSpy doneSpy(streamer.data(), &ChunkStreamer::done);
    QCOMPARE(m_front->inFlight(), 1);

    client.socket().abort();
    QTRY_COMPARE_WITH_TIMEOUT(disconnectSpy->count(), 1, 5000);
    QCOMPARE(finishedSpy->count(), 1);
    QCOMPARE(doneSpy.count(), 1);
    QCOMPARE(doneSpy.at(0).at(0).toBool(), false);
    QCOMPARE(m_front->inFlight(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_front->connectionCount(), 0, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(streamer.isNull(), 5000); // the handler let go of its stream
}

void TestHttpFront::droppedRequestGets500()
{
    m_front->route(Method::Post, "/v1/forgetful",
                   [](const QHttpServerRequest &, std::unique_ptr<ResponseStream>) {});
    const auto response = rawRequest(m_front->port(), "POST", "/v1/forgetful", "{}");
    QVERIFY(response);
    QCOMPARE(response->status, 500);
    QCOMPARE(response->json().value("error").toObject().value("type").toString(),
             QStringLiteral("api_error"));
    QCOMPARE(m_front->inFlight(), 0);
}

void TestHttpFront::droppedStreamAbortsConnection()
{
    m_front->route(Method::Post, "/v1/broken",
                   [](const QHttpServerRequest &, std::unique_ptr<ResponseStream> s) {
                       s->begin(200, {{"Content-Type", "text/event-stream"}});
                       s->writeChunk("partial");
                       // Dropped mid-stream: a terminator now would make a truncated stream look complete.
                   });
    RawHttpClient client;
    QVERIFY(client.connectTo(m_front->port()));
    client.sendRequest("POST", "/v1/broken", "{}");
    QVERIFY(client.waitForDisconnected());
    QVERIFY(client.buffered().contains("7\r\npartial\r\n"));
    QVERIFY(!client.buffered().contains("0\r\n\r\n"));
    QVERIFY(!client.readResponse(100));
    QCOMPARE(m_front->inFlight(), 0);
}

void TestHttpFront::connectionCloseHonoured()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_front->port()));
    client.sendRequest("GET", "/echo", {}, {{"Connection", "close"}});
    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("connection").toLower(), QByteArray("close"));
    QVERIFY(client.waitForDisconnected());
}

void TestHttpFront::fiftyParallelStreams()
{
    constexpr int clients = 50;
    const QList<QByteArray> chunks = {"data: one\n\n", "data: two\n\n", "data: three\n\n", "data: four\n\n"};
    QByteArray expected;
    for (const QByteArray &chunk : chunks)
        expected += chunk;
    int maxInFlight = 0;
    m_front->route(Method::Post, "/v1/messages",
                   [&](const QHttpServerRequest &, std::unique_ptr<ResponseStream> s) {
                       ChunkStreamer::start(std::move(s), chunks, 20);
                       maxInFlight = qMax(maxInFlight, m_front->inFlight());
                   });

    QElapsedTimer timer;
    timer.start();
    std::vector<std::unique_ptr<RawHttpClient>> connections;
    for (int i = 0; i < clients; ++i) {
        connections.push_back(std::make_unique<RawHttpClient>());
        connections.back()->socket().connectToHost(QHostAddress(QHostAddress::LocalHost), m_front->port());
    }
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const auto &c : connections) {
                if (!c->isConnected())
                    return false;
            }
            return true;
        },
        10000));
    for (const auto &c : connections)
        c->sendRequest("POST", "/v1/messages?beta=true", R"({"stream":true})");

    QSet<QByteArray> ids;
    for (const auto &c : connections) {
        const auto response = c->readResponse(20000);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QVERIFY(response->chunked);
        QCOMPARE(response->body, expected);
        ids.insert(response->header("request-id"));
    }
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(ids.size(), clients);
    // 4 chunks 20 ms apart each: run in parallel, the whole batch takes a fraction of 50 x 100 ms.
    QVERIFY2(maxInFlight > clients / 2, qPrintable(QStringLiteral("max in flight %1").arg(maxInFlight)));
    qInfo("%d parallel streams completed in %lld ms (max %d in flight)", clients, elapsed, maxInFlight);
    QTRY_COMPARE_WITH_TIMEOUT(m_front->inFlight(), 0, 5000);
    QCOMPARE(m_front->connectionCount(), clients); // all still open for keep-alive
}

void TestHttpFront::portInUseFails()
{
    HttpFront second;
    QString error;
    QVERIFY(!second.listenOn(QHostAddress(QHostAddress::LocalHost), m_front->port(), &error));
    QVERIFY2(error.contains(QString::number(m_front->port())), qPrintable(error));
    QCOMPARE(second.port(), quint16(0));
    QVERIFY(!second.isListening());
}

void TestHttpFront::drainRefusesNewClosesIdleFinishesInFlight()
{
    const quint16 port = m_front->port();
    QPointer<ChunkStreamer> streamer;
    m_front->route(Method::Post, "/v1/stream",
                   [&](const QHttpServerRequest &, std::unique_ptr<ResponseStream> s) {
                       streamer = ChunkStreamer::start(std::move(s), {"a", "b", "c", "d", "e", "f"}, 50);
                   });

    RawHttpClient idle; // served once, then idle on keep-alive
    QVERIFY(idle.connectTo(port));
    idle.sendRequest("GET", "/echo");
    QVERIFY(idle.readResponse());

    RawHttpClient busy;
    QVERIFY(busy.connectTo(port));
    busy.sendRequest("POST", "/v1/stream", "{}");
    QVERIFY(!busy.waitForBytes("1\r\na\r\n").isEmpty());
    QCOMPARE(m_front->inFlight(), 1);
    QCOMPARE(m_front->connectionCount(), 2);

    QSignalSpy drainedSpy(m_front.get(), &HttpFront::drained);
    m_front->beginDrain();
    QVERIFY(m_front->isDraining());
    QVERIFY(!m_front->isListening());
    QVERIFY(idle.waitForDisconnected()); // idle keep-alive connection closed at once
    QVERIFY(busy.isConnected());
    QCOMPARE(drainedSpy.count(), 0);

    QTcpSocket refused;
    refused.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    QVERIFY(QTest::qWaitFor([&] { return refused.state() == QAbstractSocket::UnconnectedState; }, 5000));
    QCOMPARE(refused.error(), QAbstractSocket::ConnectionRefusedError);

    // The stream in flight completes, then its connection is closed and the front is drained.
    const auto response = busy.readResponse(5000);
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray("abcdef"));
    QVERIFY(busy.waitForDisconnected());
    QTRY_COMPARE_WITH_TIMEOUT(drainedSpy.count(), 1, 5000);
    QCOMPARE(m_front->inFlight(), 0);
    QCOMPARE(m_front->connectionCount(), 0);
}

QTEST_GUILESS_MAIN(TestHttpFront)
#include "tst_httpfront.moc"
