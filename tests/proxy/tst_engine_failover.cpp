// Retry and failover end to end (protocols.md section 8, golden 40, 54-57): two fake upstreams A and
// B serve the same model, A first. Plus the classification table itself, key rotation and the
// commit points of a streamed answer.

#include "enginefixture.h"
#include "failover.h"
#include "fakeupstream.h"
#include "jsontestutil.h"
#include "streamcodec.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTest>

using namespace Switchyard;
using namespace Switchyard::Test;

class TestEngineFailover : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classification_data();
    void classification();
    void retryAfterParsing();
    void golden40_errorChunkBeforeContent();
    void golden54_retryAfter();
    void golden55_badRequestIsFinal();
    void golden56_quotaVsRateLimit();
    void golden57_commitPoint();
    void keyErrorsFailOver();
    void allServerSideFailuresAre529();
    void timeoutsFailOverThenGive504();
    void connectErrorFailsOver();
    void emptyStreamFailsOver();
    void failoverContinuesAfterEarlyPing();
    void keysRotateAndSkipDisabled();
    void unusableCandidatesAreSkipped();
};

namespace {

const RawHeaders anthropicHeaders = {{"anthropic-version", "2023-06-01"}};

// A and B, both Anthropic (or both OpenAI), both serving model "m"; A has the lower priority value.
SnapshotBuilder twoUpstreams(const FakeUpstream &a, const FakeUpstream &b,
                             Protocol protocol = Protocol::Anthropic)
{
    const auto base = [protocol](const FakeUpstream &fake) {
        return protocol == Protocol::OpenAI ? fake.url("/v1").toString() : fake.url().toString();
    };
    SnapshotBuilder config;
    config.provider("pa", protocol, base(a)).provider("pb", protocol, base(b));
    config.channel("a", "pa", {"m"}, {"key-a"}, 0).channel("b", "pb", {"m"}, {"key-b"}, 1);
    return config;
}

SnapshotBuilder oneUpstream(const FakeUpstream &a, Protocol protocol = Protocol::Anthropic)
{
    SnapshotBuilder config;
    config.provider("pa", protocol,
                    protocol == Protocol::OpenAI ? a.url("/v1").toString() : a.url().toString());
    config.channel("a", "pa", {"m"}, {"key-a"});
    return config;
}

QJsonArray traceOf(const UsageRecord &record)
{
    return QJsonDocument::fromJson(record.routeTrace.toUtf8()).array();
}

QByteArray errorType(const RawHttpResponse &response)
{
    return response.json().value("error").toObject().value("type").toString().toUtf8();
}

} // namespace

void TestEngineFailover::classification_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("action");
    QTest::addColumn<QByteArray>("errorClass");
    QTest::addColumn<bool>("serverSide");

    const int failover = int(Failover::Action::Failover);
    const int final = int(Failover::Action::Final);
    QTest::newRow("400")
        << 400
        << QByteArray(
               R"({"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long"}})")
        << final << QByteArray("upstream_4xx") << false;
    QTest::newRow("404") << 404 << QByteArray() << final << QByteArray("upstream_4xx") << false;
    QTest::newRow("413") << 413 << QByteArray() << final << QByteArray("upstream_4xx") << false;
    QTest::newRow("422") << 422 << QByteArray() << final << QByteArray("upstream_4xx") << false;
    QTest::newRow("401") << 401 << QByteArray(R"({"error":{"code":"invalid_api_key"}})") << failover
                         << QByteArray("upstream_auth") << false;
    QTest::newRow("403") << 403 << QByteArray() << failover << QByteArray("upstream_auth") << false;
    QTest::newRow("402") << 402 << QByteArray() << failover << QByteArray("quota") << false;
    QTest::newRow("gemini bad key")
        << 400
        << QByteArray(
               R"([{"error":{"code":400,"message":"API key not valid","details":[{"reason":"API_KEY_INVALID"}]}}])")
        << failover << QByteArray("upstream_auth") << false;
    QTest::newRow("429 quota")
        << 429
        << QByteArray(R"({"error":{"type":"insufficient_quota","code":"insufficient_quota","message":"x"}})")
        << failover << QByteArray("quota") << false;
    QTest::newRow("429 no retry-after") << 429 << QByteArray(R"({"error":{"code":"rate_limit_exceeded"}})")
                                        << failover << QByteArray("rate_limited") << false;
    QTest::newRow("408") << 408 << QByteArray() << failover << QByteArray("upstream_4xx") << true;
    QTest::newRow("500") << 500 << QByteArray() << failover << QByteArray("upstream_5xx") << true;
    QTest::newRow("503 overloaded") << 503 << QByteArray(R"({"error":{"message":"Model overloaded"}})")
                                    << failover << QByteArray("overloaded") << true;
    QTest::newRow("529")
        << 529 << QByteArray(R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")
        << failover << QByteArray("overloaded") << true;
    QTest::newRow("302") << 302 << QByteArray() << failover << QByteArray("upstream_protocol") << false;
}

void TestEngineFailover::classification()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(int, action);
    QFETCH(QByteArray, errorClass);
    QFETCH(bool, serverSide);
    const Failover::Outcome outcome = Failover::fromHttp(status, {}, body);
    QCOMPARE(int(outcome.action), action);
    QCOMPARE(outcome.errorClass, errorClass);
    QCOMPARE(outcome.serverSide, serverSide);
    QVERIFY(!outcome.message.isEmpty());

    // The signature case of golden 58, and a rate limit with Retry-After.
    const Failover::Outcome signature = Failover::fromHttp(
        400, {},
        R"({"type":"error","error":{"type":"invalid_request_error","message":"Invalid `signature` in `thinking` block"}})");
    QVERIFY(signature.thinkingSignature);
    QCOMPARE(signature.message, "Invalid `signature` in `thinking` block");
    const Failover::Outcome limited = Failover::fromHttp(429, {{"Retry-After", "2"}}, {});
    QCOMPARE(int(limited.action), int(Failover::Action::Retry));
    QCOMPARE(limited.retryAfterMs, qint64(2000));

    // Transport failures and errors inside a 200 stream.
    UpstreamError timeout;
    timeout.kind = UpstreamError::Kind::FirstByteTimeout;
    QCOMPARE(Failover::fromTransport(timeout).errorClass, QByteArray("timeout"));
    QCOMPARE(Failover::fromTransport(timeout).status, 504);
    UpstreamError refused;
    refused.kind = UpstreamError::Kind::Connect;
    QCOMPARE(Failover::fromTransport(refused).errorClass, QByteArray("connect"));
    UpstreamStreamError chunk;
    chunk.type = "overloaded_error";
    chunk.message = "overloaded";
    chunk.httpStatus = 529;
    QCOMPARE(Failover::fromStreamError(chunk, "upstream_error").errorClass, QByteArray("overloaded"));
    UpstreamStreamError empty {"api_error", "empty", 502, {}};
    QVERIFY(Failover::fromStreamError(empty, "empty_response").serverSide);
}

void TestEngineFailover::retryAfterParsing()
{
    const QDateTime now = QDateTime::fromString("2026-01-01T00:00:00Z", Qt::ISODate);
    QCOMPARE(Failover::retryAfterMs({{"retry-after", "3"}}, now), qint64(3000));
    QCOMPARE(Failover::retryAfterMs({{"Retry-After", "1.5"}}, now), qint64(1500));
    QCOMPARE(Failover::retryAfterMs({{"retry-after-ms", "250"}, {"retry-after", "9"}}, now), qint64(250));
    QCOMPARE(Failover::retryAfterMs({{"retry-after", "Thu, 01 Jan 2026 00:00:10 GMT"}}, now), qint64(10000));
    QCOMPARE(Failover::retryAfterMs({{"retry-after", "Wed, 31 Dec 2025 23:00:00 GMT"}}, now), qint64(0));
    QCOMPARE(Failover::retryAfterMs({{"retry-after", "soon"}}, now), qint64(-1));
    QCOMPARE(Failover::retryAfterMs({}, now), qint64(-1));
}

void TestEngineFailover::golden40_errorChunkBeforeContent()
{
    FakeUpstream a;
    FakeUpstream b;
    a.setDefaultHandler(FakeUpstream::sseScript({R"(data: {"error":{"message":"overloaded"}})"}, 0));
    b.setDefaultHandler(FakeUpstream::sseScript(EngineFixture::openAITextChunks({"from ", "B"}), 5));
    SnapshotBuilder config = twoUpstreams(a, b, Protocol::OpenAI);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    // A fails before any content: the client sees one normal stream, B's.
    auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m", true), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QList<SseItem> items = EngineFixture::parseSse(response->body);
    QCOMPARE(EngineFixture::eventNames(items).count("message_start"), 1);
    QVERIFY(!EngineFixture::eventNames(items).contains("error"));
    QCOMPARE(EngineFixture::anthropicText(items), "from B");
    QCOMPARE(a.requestCount(), 1);
    QCOMPARE(b.requestCount(), 1);
    QVERIFY(fx.waitForRecords(1));
    QJsonArray trace = traceOf(fx.lastRecord());
    QCOMPARE(trace.size(), 2);
    QCOMPARE(trace.at(0).toObject().value("outcome").toString(), "failover");
    QCOMPARE(trace.at(0).toObject().value("error").toString(), "overloaded");
    QCOMPARE(trace.at(1).toObject().value("outcome").toString(), "ok");
    QCOMPARE(fx.lastRecord().channelName, "b");
    QVERIFY(response->header("x-switchyard-route").contains("a,m"));
    QVERIFY(response->header("x-switchyard-route").contains("b,m=200"));

    // The same with an Anthropic upstream whose first event is an error event.
    FakeUpstream c;
    c.setDefaultHandler(FakeUpstream::sseScript(
        {FakeUpstream::sseEvent(
            "error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")},
        0));
    SnapshotBuilder onlyA = oneUpstream(c);
    fx.publish(onlyA.build());
    fx.clearRecords();
    // No alternative: HTTP 529 overloaded_error, not a 200 stream.
    response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m", true), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 529);
    QCOMPARE(errorType(*response), QByteArray("overloaded_error"));
    QCOMPARE(response->header("content-type"), QByteArray("application/json"));
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(fx.lastRecord().status, 529);
    QCOMPARE(fx.lastRecord().errorClass, "overloaded");
}

void TestEngineFailover::golden54_retryAfter()
{
    FakeUpstream a;
    FakeUpstream b;
    int calls = 0;
    a.setDefaultHandler([&calls](FakeExchange &exchange) {
        if (calls++ == 0)
            exchange.respond(429, {{"Content-Type", "application/json"}, {"retry-after", "1"}},
                             R"({"type":"error","error":{"type":"rate_limit_error","message":"slow down"}})");
        else
            exchange.respondJson(200, EngineFixture::anthropicMessage("after wait"));
    });
    b.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("from B")));
    SnapshotBuilder config = oneUpstream(a);
    config.setting("proxy/retryAfterCapMs", 3000);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    // Short Retry-After, only upstream: wait and retry once; the client sees only the success.
    QElapsedTimer clock;
    clock.start();
    auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->json().value("content").toArray().at(0).toObject().value("text").toString(),
             "after wait");
    QVERIFY2(clock.elapsed() >= 900, QByteArray::number(clock.elapsed()).constData());
    QCOMPARE(a.requestCount(), 2);
    QVERIFY(fx.waitForRecords(1));
    QJsonArray trace = traceOf(fx.lastRecord());
    QCOMPARE(trace.size(), 2);
    QCOMPARE(trace.at(0).toObject().value("outcome").toString(), "retry");
    QCOMPARE(trace.at(0).toObject().value("status").toInt(), 429);

    // Retry-After above the cap with B available: straight to B, A cools down.
    a.clearRequests();
    a.setDefaultHandler([](FakeExchange &exchange) {
        exchange.respond(
            429, {{"Content-Type", "application/json"}, {"retry-after", "120"}},
            R"({"type":"error","error":{"type":"rate_limit_error","message":"come back later"}})");
    });
    SnapshotBuilder both = twoUpstreams(a, b);
    both.setting("proxy/retryAfterCapMs", 3000);
    fx.publish(both.build());
    fx.clearRecords();
    clock.restart();
    response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->json().value("content").toArray().at(0).toObject().value("text").toString(), "from B");
    QVERIFY2(clock.elapsed() < 900, QByteArray::number(clock.elapsed()).constData());
    QCOMPARE(a.requestCount(), 1);
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(traceOf(fx.lastRecord()).at(0).toObject().value("outcome").toString(), "failover");
    // Cooling down: the next request goes to B first.
    response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(a.requestCount(), 1);
    QCOMPARE(b.requestCount(), 2);
}

void TestEngineFailover::golden55_badRequestIsFinal()
{
    FakeUpstream a;
    FakeUpstream b;
    a.setDefaultHandler(FakeUpstream::jsonResponse(
        400, R"({"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long"}})"));
    b.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("never")));
    EngineFixture fx;
    QVERIFY(fx.start(twoUpstreams(a, b).build()));
    for (bool stream : {false, true}) {
        const auto response =
            fx.post("/v1/messages", EngineFixture::anthropicRequest("m", stream), anthropicHeaders);
        QVERIFY(response);
        QCOMPARE(response->status, 400);
        QCOMPARE(errorType(*response), QByteArray("invalid_request_error"));
        QCOMPARE(response->json().value("error").toObject().value("message").toString(),
                 "prompt is too long");
    }
    QCOMPARE(a.requestCount(), 2);
    QCOMPARE(b.requestCount(), 0);
    // The OpenAI caller gets the same decision in its shape.
    const auto response = fx.post("/v1/chat/completions", EngineFixture::openAIRequest("m"));
    QVERIFY(response);
    QCOMPARE(response->status, 400);
    QCOMPARE(errorType(*response), QByteArray("invalid_request_error"));
    QCOMPARE(b.requestCount(), 0);
}

void TestEngineFailover::golden56_quotaVsRateLimit()
{
    FakeUpstream a;
    FakeUpstream b;
    a.setDefaultHandler([](FakeExchange &exchange) {
        exchange.respond(
            429, {{"Content-Type", "application/json"}, {"retry-after", "1"}},
            R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota",)"
            R"("param":null,"code":"insufficient_quota"}})");
    });
    b.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::openAICompletion("from B")));
    SnapshotBuilder config = twoUpstreams(a, b, Protocol::OpenAI);
    config.setting("proxy/retryAfterCapMs", 3000);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    // Quota: no retry on A at all, straight to B.
    QElapsedTimer clock;
    clock.start();
    auto response = fx.post("/v1/chat/completions", EngineFixture::openAIRequest("m"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(clock.elapsed() < 900);
    QCOMPARE(a.requestCount(), 1);
    QCOMPARE(b.requestCount(), 1);
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(traceOf(fx.lastRecord()).at(0).toObject().value("error").toString(), "quota");

    // The key without quota rests: the next request goes straight to B without asking A.
    response = fx.post("/v1/chat/completions", EngineFixture::openAIRequest("m"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(a.requestCount(), 1);
    QCOMPARE(b.requestCount(), 2);

    // Rate limit (a fresh proxy, so A's key is not resting): retry A after its Retry-After.
    EngineFixture fresh;
    QVERIFY(fresh.start(config.build()));
    int calls = 0;
    a.clearRequests();
    b.clearRequests();
    a.setDefaultHandler([&calls](FakeExchange &exchange) {
        if (calls++ == 0)
            exchange.respond(
                429, {{"Content-Type", "application/json"}, {"retry-after", "1"}},
                R"({"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}})");
        else
            exchange.respondJson(200, EngineFixture::openAICompletion("from A"));
    });
    response = fresh.post("/v1/chat/completions", EngineFixture::openAIRequest("m"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(Test::firstChoiceMessage(response->json()).value("content").toString(), "from A");
    QCOMPARE(a.requestCount(), 2);
    QCOMPARE(b.requestCount(), 0);
}

void TestEngineFailover::golden57_commitPoint()
{
    FakeUpstream a;
    FakeUpstream b;
    const QList<QByteArray> events = EngineFixture::anthropicTextEvents({"one ", "two"});
    a.setDefaultHandler([events](FakeExchange &exchange) {
        exchange.beginStream(200);
        for (int i = 0; i < 4; ++i)
            exchange.sendChunk(events.at(i)).delay(20);
        exchange.reset();
    });
    b.setDefaultHandler(FakeUpstream::sseScript(EngineFixture::anthropicTextEvents({"replayed"}), 0));
    EngineFixture fx;
    QVERIFY(fx.start(twoUpstreams(a, b).build()));
    const auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("m", true), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const QList<SseItem> items = EngineFixture::parseSse(response->body);
    QCOMPARE(EngineFixture::eventNames(items),
             QByteArrayList({"message_start", "content_block_start", "content_block_delta",
                             "content_block_delta", "error"}));
    QCOMPARE(EngineFixture::anthropicText(items), "one two");
    QVERIFY(!items.last().json.value("error").toObject().value("message").toString().isEmpty());
    QCOMPARE(b.requestCount(), 0); // no replay on the same client stream
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(fx.lastRecord().status, 200);
    QCOMPARE(fx.lastRecord().errorClass, "upstream_cut");
    QCOMPARE(traceOf(fx.lastRecord()).at(0).toObject().value("outcome").toString(), "cut");
}

void TestEngineFailover::keyErrorsFailOver()
{
    for (int status : {401, 402, 403}) {
        FakeUpstream a;
        FakeUpstream b;
        a.setDefaultHandler(FakeUpstream::jsonResponse(
            status,
            R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})"));
        b.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("from B")));
        EngineFixture fx;
        QVERIFY(fx.start(twoUpstreams(a, b).build()));
        auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), anthropicHeaders);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(a.requestCount(), 1);
        QCOMPARE(b.requestCount(), 1);
        QCOMPARE(a.lastRequest().header("x-api-key"), QByteArray("key-a"));
        QCOMPARE(b.lastRequest().header("x-api-key"), QByteArray("key-b"));

        // The only upstream's key is bad: the client hears about it (golden 53's mapping).
        fx.publish(oneUpstream(a).build());
        response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), anthropicHeaders);
        QVERIFY(response);
        QCOMPARE(response->status, status);
    }
}

void TestEngineFailover::allServerSideFailuresAre529()
{
    FakeUpstream a;
    FakeUpstream b;
    a.setDefaultHandler(FakeUpstream::jsonResponse(500, R"({"error":{"message":"boom"}})"));
    b.setDefaultHandler(FakeUpstream::jsonResponse(503, R"({"error":{"message":"unavailable"}})"));
    EngineFixture fx;
    QVERIFY(fx.start(twoUpstreams(a, b).build()));
    auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 529);
    QCOMPARE(errorType(*response), QByteArray("overloaded_error"));
    const QString message = response->json().value("error").toObject().value("message").toString();
    QVERIFY2(message.contains("boom") && message.contains("unavailable"), qPrintable(message));

    response = fx.post("/v1/chat/completions", EngineFixture::openAIRequest("m", true));
    QVERIFY(response);
    QCOMPARE(response->status, 529);
    QVERIFY(response->json().value("error").toObject().contains("message")); // OpenAI shape
    QVERIFY(!response->json().contains("type"));
    QCOMPARE(a.requestCount(), 2);
    QCOMPARE(b.requestCount(), 2);
}

void TestEngineFailover::timeoutsFailOverThenGive504()
{
    FakeUpstream a;
    FakeUpstream b;
    a.setDefaultHandler(FakeUpstream::stalled());
    b.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("from B")));
    SnapshotBuilder config = twoUpstreams(a, b);
    config.setting("proxy/nonStreamTimeoutMs", 500).setting("proxy/firstByteTimeoutMs", 500);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    QElapsedTimer clock;
    clock.start();
    auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(clock.elapsed() >= 400 && clock.elapsed() < 3000);
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(traceOf(fx.lastRecord()).at(0).toObject().value("error").toString(), "timeout");

    SnapshotBuilder onlyA = oneUpstream(a);
    onlyA.setting("proxy/nonStreamTimeoutMs", 500).setting("proxy/firstByteTimeoutMs", 500);
    fx.publish(onlyA.build());
    fx.clearRecords();
    response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m", true), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 504);
    QCOMPARE(errorType(*response), QByteArray("timeout_error"));
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(fx.lastRecord().errorClass, "timeout");
}

void TestEngineFailover::connectErrorFailsOver()
{
    quint16 closedPort = 0;
    {
        QTcpServer probe; // a port that was free a moment ago: connections are refused
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    FakeUpstream b;
    b.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("from B")));
    SnapshotBuilder config;
    config.provider("pa", Protocol::Anthropic, QStringLiteral("http://127.0.0.1:%1").arg(closedPort));
    config.provider("pb", Protocol::Anthropic, b.url().toString());
    config.channel("a", "pa", {"m"}, {"key-a"}, 0).channel("b", "pb", {"m"}, {"key-b"}, 1);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    const auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("m", true), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(EngineFixture::anthropicText(EngineFixture::parseSse(response->body)), "from B");
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(traceOf(fx.lastRecord()).at(0).toObject().value("error").toString(), "connect");

    SnapshotBuilder onlyA;
    onlyA.provider("pa", Protocol::Anthropic, QStringLiteral("http://127.0.0.1:%1").arg(closedPort));
    onlyA.channel("a", "pa", {"m"});
    fx.publish(onlyA.build());
    const auto failed = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), anthropicHeaders);
    QVERIFY(failed);
    QCOMPARE(failed->status, 502);
    QCOMPARE(errorType(*failed), QByteArray("api_error"));
}

void TestEngineFailover::emptyStreamFailsOver()
{
    FakeUpstream a;
    FakeUpstream b;
    a.setDefaultHandler([](FakeExchange &exchange) { exchange.beginStream(200).endStream(); });
    b.setDefaultHandler(FakeUpstream::sseScript(EngineFixture::anthropicTextEvents({"B"}), 0));
    EngineFixture fx;
    QVERIFY(fx.start(twoUpstreams(a, b).build()));
    const auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("m", true), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(EngineFixture::anthropicText(EngineFixture::parseSse(response->body)), "B");
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(traceOf(fx.lastRecord()).at(0).toObject().value("error").toString(), "empty_response");
}

void TestEngineFailover::failoverContinuesAfterEarlyPing()
{
    // A stalls before answering; a ping is due first, so the client already has 200 + a ping. The
    // answer is not committed to A yet: B's stream follows, as one well-formed stream.
    FakeUpstream a;
    FakeUpstream b;
    a.setDefaultHandler(FakeUpstream::stalled());
    b.setDefaultHandler(FakeUpstream::sseScript(EngineFixture::anthropicTextEvents({"B after ping"}), 0));
    SnapshotBuilder config = twoUpstreams(a, b);
    config.setting("proxy/pingIntervalMs", 150).setting("proxy/firstByteTimeoutMs", 700);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    const auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("m", true), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const QList<SseItem> items = EngineFixture::parseSse(response->body);
    const QByteArrayList names = EngineFixture::eventNames(items, true);
    QCOMPARE(names.first(), QByteArray("ping"));
    QCOMPARE(EngineFixture::eventNames(items).count("message_start"), 1);
    QCOMPARE(EngineFixture::eventNames(items).last(), QByteArray("message_stop"));
    QCOMPARE(EngineFixture::anthropicText(items), "B after ping");

    // Without B the final failure is an error event (the status line is already out).
    fx.publish(
        oneUpstream(a).setting("proxy/pingIntervalMs", 150).setting("proxy/firstByteTimeoutMs", 700).build());
    fx.clearRecords();
    const auto failed = fx.post("/v1/messages", EngineFixture::anthropicRequest("m", true), anthropicHeaders);
    QVERIFY(failed);
    QCOMPARE(failed->status, 200);
    const QList<SseItem> failedItems = EngineFixture::parseSse(failed->body);
    QCOMPARE(failedItems.last().event, QByteArray("error"));
    QCOMPARE(failedItems.last().json.value("error").toObject().value("type").toString(), "timeout_error");
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(fx.lastRecord().status, 200);
    QCOMPARE(fx.lastRecord().errorClass, "timeout");
}

void TestEngineFailover::keysRotateAndSkipDisabled()
{
    FakeUpstream a;
    a.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("ok")));
    SnapshotBuilder config;
    config.provider("pa", Protocol::Anthropic, a.url().toString());
    config.channel("a", "pa", {"m"}, {"k1", "k2", "k3"});
    config.disableKey("a", 1);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    QByteArrayList used;
    for (int i = 0; i < 4; ++i) {
        const auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), anthropicHeaders);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        used.append(a.lastRequest().header("x-api-key"));
    }
    QCOMPARE(used, QByteArrayList({"k1", "k3", "k1", "k3"}));
}

void TestEngineFailover::unusableCandidatesAreSkipped()
{
    FakeUpstream b;
    b.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("from B")));
    SnapshotBuilder config;
    config.provider("gem", Protocol::Gemini, "http://127.0.0.1:9");
    config.provider("pa", Protocol::Anthropic, b.url().toString());
    config.provider("pb", Protocol::Anthropic, b.url().toString());
    config.channel("gemini", "gem", {"m"}, {"g"}, 0);
    config.channel("nokeys", "pa", {"m"}, {"dead"}, 1);
    config.disableKey("nokeys", 0);
    config.channel("b", "pb", {"m"}, {"key-b"}, 2);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    const auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(b.requestCount(), 1);
    QCOMPARE(b.lastRequest().header("x-api-key"), QByteArray("key-b"));
    QVERIFY(fx.waitForRecords(1));
    const QJsonArray trace = traceOf(fx.lastRecord());
    QCOMPARE(trace.size(), 3);
    QCOMPARE(trace.at(0).toObject().value("outcome").toString(), "skipped");
    QCOMPARE(trace.at(0).toObject().value("error").toString(), "unsupported_protocol");
    QCOMPARE(trace.at(1).toObject().value("error").toString(), "no_key");
}

QTEST_GUILESS_MAIN(TestEngineFailover)
#include "tst_engine_failover.moc"
