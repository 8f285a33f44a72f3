// Group strategies through the real engine (issue 4 "Model groups"): the router's ranking fed by
// the engine's live state (round-robin positions, requests in flight, time to first token, prices),
// observed as which fake upstream the requests reached.

#include "enginefixture.h"
#include "fakeupstream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Switchyard;
using namespace Switchyard::Test;

class TestEngineStrategies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void weightedRoundRobinDistribution();
    void leastConnectionsUnderConcurrency();
    void responseTimeAdaptsAfterSlowdown();
    void responseTimeLearnsFromWholeAnswers();
    void costOptimizedPicksCheaper();
    void capabilityFilterSkipsMemberWithoutVision();
};

namespace {

const RawHeaders anthropicHeaders = {{"anthropic-version", "2023-06-01"}};

// Group "g" over channels "a" and "b" (model "m" on both, a first in priority), with strategy.
SnapshotBuilder groupOfTwo(const FakeUpstream &a, const FakeUpstream &b, const QString &strategy,
                           const QList<ModelPrice> &aPrices = {}, const QList<ModelPrice> &bPrices = {})
{
    SnapshotBuilder config;
    config.upstreamChannel("a", Protocol::Anthropic, a.url(), {"m"}, {"key-a"}, 0, aPrices);
    config.upstreamChannel("b", Protocol::Anthropic, b.url(), {"m"}, {"key-b"}, 1, bPrices);
    config.group("g", {{"a", "m"}, {"b", "m"}}).groupStrategy("g", strategy);
    return config;
}

bool askGroup(EngineFixture &fx, bool stream = false)
{
    const auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("g", stream), anthropicHeaders);
    return response && response->status == 200;
}

// A streamed answer whose first text arrives after about 3 x gapMs (two events precede it).
FakeHandler streamWithGap(const int &gapMs)
{
    return [&gapMs](FakeExchange &exchange) {
        exchange.beginStream(200);
        for (const QByteArray &event : EngineFixture::anthropicTextEvents({"hi"}))
            exchange.delay(gapMs).sendChunk(event);
        exchange.endStream();
    };
}

QByteArray imageRequest(const QString &model)
{
    // A 1x1 PNG: the request carries an image block, which only vision members may take.
    const QJsonObject image {{"type", "image"},
                             {"source",
                              QJsonObject {{"type", "base64"},
                                           {"media_type", "image/png"},
                                           {"data",
                                            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQ"
                                            "DwAEhQGAhKmMIQAAAABJRU5ErkJggg=="}}}};
    const QJsonObject body {
        {"model", model},
        {"max_tokens", 256},
        {"messages",
         QJsonArray {QJsonObject {
             {"role", "user"},
             {"content", QJsonArray {image, QJsonObject {{"type", "text"}, {"text", "What is this?"}}}}}}}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace

void TestEngineStrategies::weightedRoundRobinDistribution()
{
    FakeUpstream a;
    FakeUpstream b;
    a.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("a")));
    b.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("b")));
    SnapshotBuilder config = groupOfTwo(a, b, "weighted_round_robin");
    config.member("g", 0)->weight = 3;
    config.member("g", 1)->weight = 1;
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    constexpr int total = 200;
    QList<EngineFixture::Request> requests;
    for (int i = 0; i < total; ++i)
        requests.append({"/v1/messages", EngineFixture::anthropicRequest("g"), anthropicHeaders});
    // Sequential requests, so each sees the previous one's round-robin position.
    const auto answers = fx.postAll(requests, 1, 60000);
    for (const auto &answer : answers) {
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
    }
    QCOMPARE(a.requestCount() + b.requestCount(), total);
    // 3:1 within +-5% of the requests.
    const int tolerance = total * 5 / 100;
    QVERIFY2(qAbs(a.requestCount() - total * 3 / 4) <= tolerance,
             QByteArray::number(a.requestCount()).constData());
    QVERIFY2(qAbs(b.requestCount() - total / 4) <= tolerance,
             QByteArray::number(b.requestCount()).constData());
    // Interleaved, not in blocks: no window of 8 consecutive requests misses b.
    QVERIFY(fx.waitForRecords(total));
    const QList<UsageRecord> records = fx.records();
    int sinceB = 0;
    int longestWithoutB = 0;
    for (const UsageRecord &record : records) {
        sinceB = record.channelName == u"b" ? 0 : sinceB + 1;
        longestWithoutB = std::max(longestWithoutB, sinceB);
    }
    QVERIFY2(longestWithoutB <= 7, QByteArray::number(longestWithoutB).constData());
}

void TestEngineStrategies::leastConnectionsUnderConcurrency()
{
    // Both members answer after a while, so connections pile up. Each new request must go to the
    // member with fewer requests in flight: a, b, a, b; priority order alone would be a, a, a, a.
    FakeUpstream a;
    FakeUpstream b;
    const FakeHandler slow = [](FakeExchange &exchange) {
        exchange.delay(1200).respondJson(200, EngineFixture::anthropicMessage("slow"));
    };
    a.setDefaultHandler(slow);
    b.setDefaultHandler(slow);
    EngineFixture fx;
    QVERIFY(fx.start(groupOfTwo(a, b, "least_connections").build()));

    std::vector<std::unique_ptr<RawHttpClient>> clients;
    const QList<std::pair<int, int>> expected = {{1, 0}, {1, 1}, {2, 1}, {2, 2}};
    for (const auto &[aCount, bCount] : expected) {
        clients.push_back(std::make_unique<RawHttpClient>());
        QVERIFY(clients.back()->connectTo(fx.port()));
        clients.back()->sendRequest(
            "POST", "/v1/messages", EngineFixture::anthropicRequest("g"),
            {{"anthropic-version", "2023-06-01"}, {"Content-Type", "application/json"}});
        // The request reached an upstream (and is held there) before the next one is sent.
        QVERIFY(
            QTest::qWaitFor([&] { return a.requestCount() + b.requestCount() == aCount + bCount; }, 3000));
        QCOMPARE(a.requestCount(), aCount);
        QCOMPARE(b.requestCount(), bCount);
    }
    QCOMPARE(a.peakConnections(), 2);
    QCOMPARE(b.peakConnections(), 2);
    for (auto &client : clients) {
        const auto response = client->readResponse(5000);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
    }

    // All idle again: the tie goes back to the priority order.
    QVERIFY(askGroup(fx));
    QCOMPARE(a.requestCount(), 3);
}

void TestEngineStrategies::responseTimeAdaptsAfterSlowdown()
{
    // Streams: a's first token after ~0 ms, b's after ~120 ms. Once both are measured, a gets the
    // traffic. Then a slows to ~750 ms: after one slow answer its average passes b's, traffic moves.
    FakeUpstream a;
    FakeUpstream b;
    int aGap = 0;
    const int bGap = 40;
    a.setDefaultHandler(streamWithGap(aGap));
    b.setDefaultHandler(streamWithGap(bGap));
    EngineFixture fx;
    QVERIFY(fx.start(groupOfTwo(a, b, "response_time").build()));

    for (int i = 0; i < 10; ++i)
        QVERIFY(askGroup(fx, true));
    // The first goes to a (nothing measured, priority), the second to the unmeasured b, then a.
    // (A scheduling hiccup on a loaded machine may cost a the odd request, not the majority.)
    QVERIFY2(b.requestCount() >= 1 && b.requestCount() <= 2,
             QByteArray::number(b.requestCount()).constData());
    QCOMPARE(a.requestCount() + b.requestCount(), 10);

    aGap = 250;
    const int aBefore = a.requestCount();
    const int bBefore = b.requestCount();
    for (int i = 0; i < 10; ++i)
        QVERIFY(askGroup(fx, true));
    const int aSlow = a.requestCount() - aBefore;
    const int bNow = b.requestCount() - bBefore;
    QVERIFY2(aSlow >= 1 && aSlow <= 2, QByteArray::number(aSlow).constData());
    QCOMPARE(aSlow + bNow, 10);
    // The tail of the run is all b.
    QVERIFY(fx.waitForRecords(20));
    const QList<UsageRecord> records = fx.records();
    for (qsizetype i = records.size() - 7; i < records.size(); ++i)
        QCOMPARE(records.at(i).channelName, QString("b"));
}

void TestEngineStrategies::responseTimeLearnsFromWholeAnswers()
{
    // The same for non-streamed requests: the time until the whole answer is their time to first
    // token. a answers at once at first, then takes 400 ms; b always takes 60 ms.
    FakeUpstream a;
    FakeUpstream b;
    int aDelay = 0;
    a.setDefaultHandler([&aDelay](FakeExchange &exchange) {
        exchange.delay(aDelay).respondJson(200, EngineFixture::anthropicMessage("a"));
    });
    b.setDefaultHandler([](FakeExchange &exchange) {
        exchange.delay(60).respondJson(200, EngineFixture::anthropicMessage("b"));
    });
    SnapshotBuilder config = groupOfTwo(a, b, "response_time");
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    for (int i = 0; i < 6; ++i)
        QVERIFY(askGroup(fx));
    aDelay = 400;
    for (int i = 0; i < 8; ++i)
        QVERIFY(askGroup(fx));
    // a served at least its first requests: the status report must carry its TTFT average.
    const qint64 aId = config.channelId("a");
    HealthSnapshot aHealth;
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const UpstreamStatus &upstream : fx.host().status().upstreams) {
                if (upstream.key.channelId == aId)
                    aHealth = upstream.health;
            }
            return aHealth.totalRequests > 0 && aHealth.inFlight == 0;
        },
        3000));
    // A whole answer counts as its first token: response_time learns non-streamed latency too.
    QVERIFY2(aHealth.ttftSamples > 0, QByteArray::number(aHealth.ttftSamples).constData());
    QVERIFY(b.requestCount() > 0);
    QVERIFY(fx.waitForRecords(14));
    const QList<UsageRecord> records = fx.records();
    for (qsizetype i = records.size() - 5; i < records.size(); ++i)
        QCOMPARE(records.at(i).channelName, QString("b"));
}

void TestEngineStrategies::costOptimizedPicksCheaper()
{
    FakeUpstream a;
    FakeUpstream b;
    a.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("expensive")));
    b.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("cheap")));
    // a comes first by priority but costs ten times as much.
    SnapshotBuilder config =
        groupOfTwo(a, b, "cost_optimized", {ModelPrice {"m", 10, 30, 0, 0}}, {ModelPrice {"m", 1, 3, 0, 0}});
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    for (int i = 0; i < 5; ++i)
        QVERIFY(askGroup(fx));
    QCOMPARE(a.requestCount(), 0);
    QCOMPARE(b.requestCount(), 5);
    QVERIFY(fx.waitForRecords(5));
    QVERIFY2(fx.lastRecord().routeReason.contains("cost"), qPrintable(fx.lastRecord().routeReason));

    // A member price override beats the provider table: now a is the cheap one.
    config.member("g", 0)->priceOverride = ModelPrice {"m", 0.1, 0.3, 0, 0};
    fx.publish(config.build());
    QVERIFY(askGroup(fx));
    QCOMPARE(a.requestCount(), 1);

    // The same group under priority sends to a whatever it costs (the control).
    config.member("g", 0)->priceOverride.reset();
    config.groupStrategy("g", "priority");
    fx.publish(config.build());
    QVERIFY(askGroup(fx));
    QCOMPARE(a.requestCount(), 2);
}

void TestEngineStrategies::capabilityFilterSkipsMemberWithoutVision()
{
    FakeUpstream a;
    FakeUpstream b;
    a.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("text only")));
    b.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("sees images")));
    SnapshotBuilder config = groupOfTwo(a, b, "priority");
    config.member("g", 0)->capabilities = {"tools"};
    config.member("g", 1)->capabilities = {"tools", "vision"};
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    QVERIFY(askGroup(fx)); // text: the first member
    QCOMPARE(a.requestCount(), 1);
    auto response = fx.post("/v1/messages", imageRequest("g"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->json().value("content").toArray().at(0).toObject().value("text").toString(),
             QString("sees images"));
    QCOMPARE(a.requestCount(), 1);
    QCOMPARE(b.requestCount(), 1);
    QVERIFY(fx.waitForRecords(2));
    // The filtered member is not even a failover candidate: one attempt in the trace.
    QCOMPARE(QJsonDocument::fromJson(fx.lastRecord().routeTrace.toUtf8()).array().size(), 1);
    QVERIFY2(fx.lastRecord().routeReason.contains("vision"), qPrintable(fx.lastRecord().routeReason));

    // No member can see images: the request is refused instead of sent to a blind model.
    config.member("g", 1)->capabilities = {"tools"};
    fx.publish(config.build());
    response = fx.post("/v1/messages", imageRequest("g"), anthropicHeaders);
    QVERIFY(response);
    QVERIFY(response->status >= 400);
    QCOMPARE(response->json().value("type").toString(), QString("error"));
    QCOMPARE(a.requestCount(), 1);
    QCOMPARE(b.requestCount(), 1);
}

QTEST_GUILESS_MAIN(TestEngineStrategies)
#include "tst_engine_strategies.moc"
