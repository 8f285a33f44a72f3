// The soak of issue 4: a bounded burst of mixed requests (Anthropic and OpenAI callers, streamed and
// not) against three upstreams that fail at random from a seeded PRNG (5xx, 529, connection resets
// before any byte, streams cut in the middle, 429 with a short Retry-After). Every request must get
// a well-formed answer in the caller's protocol (a success, an error status with an error body, or
// a stream that ends with an error event), nothing may hang, and there is one usage row per request.

#include "engine.h"
#include "enginefixture.h"
#include "fakeupstream.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace Switchyard;
using namespace Switchyard::Test;

class TestEngineSoak : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void burstAgainstFlakyUpstreams();
};

namespace {

constexpr int requestCount = 400;
constexpr int concurrency = 16;
constexpr int budgetMs = 60000;

enum class Fault
{
    None,
    ServerError, // 500 or 503
    Overloaded, // 529
    ResetBeforeAnswer,
    CutMidStream, // streams: some events, then a reset; whole answers: half the body, then a reset
    RateLimited, // 429 with a short Retry-After
};

struct FaultStats
{
    QHash<int, int> counts;
};

// Picks the fate of one upstream request: about 35% of them fail, in every way at once.
Fault pickFault(QRandomGenerator &random)
{
    const quint32 roll = random.bounded(100u);
    if (roll < 65)
        return Fault::None;
    if (roll < 73)
        return Fault::ServerError;
    if (roll < 78)
        return Fault::Overloaded;
    if (roll < 85)
        return Fault::ResetBeforeAnswer;
    if (roll < 93)
        return Fault::CutMidStream;
    return Fault::RateLimited;
}

// One flaky upstream speaking protocol. Its PRNG is seeded, so a run is reproducible up to the
// order in which concurrent requests arrive.
FakeHandler flaky(Protocol protocol, QRandomGenerator *random, FaultStats *stats)
{
    return [protocol, random, stats](FakeExchange &exchange) {
        const Fault fault = pickFault(*random);
        ++stats->counts[int(fault)];
        const bool stream = exchange.request().json().value("stream").toBool();
        const bool anthropic = protocol == Protocol::Anthropic;
        const int gap = int(random->bounded(3u));
        switch (fault) {
        case Fault::ServerError:
            exchange.delay(gap).respondJson(random->bounded(2u) ? 500 : 503,
                                            R"({"error":{"type":"api_error","message":"soak 5xx"}})");
            return;
        case Fault::Overloaded:
            exchange.delay(gap).respondJson(
                529, R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})");
            return;
        case Fault::ResetBeforeAnswer:
            exchange.delay(gap).reset();
            return;
        case Fault::RateLimited:
            exchange.delay(gap).respond(429, {{"Content-Type", "application/json"}, {"retry-after-ms", "30"}},
                                        R"({"error":{"type":"rate_limit_error","message":"soak 429"}})");
            return;
        case Fault::CutMidStream:
        case Fault::None:
            break;
        }
        const bool cut = fault == Fault::CutMidStream;
        if (!stream) {
            const QByteArray body = anthropic ? EngineFixture::anthropicMessage("whole answer", 12, 4)
                                              : EngineFixture::openAICompletion("whole answer", 12, 4);
            if (!cut) {
                exchange.delay(gap).respondJson(200, body);
                return;
            }
            exchange.delay(gap)
                .sendRaw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                         + QByteArray::number(body.size()) + "\r\n\r\n" + body.left(body.size() / 2))
                .delay(gap)
                .reset();
            return;
        }
        const QList<QByteArray> events = anthropic
            ? EngineFixture::anthropicTextEvents({"streamed ", "answer"}, 12, 4)
            : EngineFixture::openAITextChunks({"streamed ", "answer"}, 12, 4);
        exchange.beginStream(200);
        const qsizetype send =
            cut ? 1 + qsizetype(random->bounded(quint32(events.size() - 2))) : events.size();
        for (qsizetype i = 0; i < send; ++i)
            exchange.delay(gap).sendChunk(events.at(i));
        if (cut)
            exchange.reset();
        else
            exchange.endStream();
    };
}

// What a caller may legitimately receive; an empty string when the answer is well formed.
QString checkAnswer(const RawHttpResponse &response, bool anthropic, bool stream)
{
    const QJsonObject json = response.json();
    if (response.status != 200) {
        static const QList<int> allowed = {429, 500, 502, 503, 504, 529};
        if (!allowed.contains(response.status))
            return QStringLiteral("unexpected status %1").arg(response.status);
        if (!response.header("content-type").startsWith("application/json"))
            return QStringLiteral("error without a JSON body");
        const QJsonObject error = json.value("error").toObject();
        if (error.value("message").toString().isEmpty() || error.value("type").toString().isEmpty())
            return QStringLiteral("error body without type/message: %1")
                .arg(QString::fromUtf8(response.body));
        if (anthropic != (json.value("type").toString() == u"error"))
            return QStringLiteral("error body in the wrong protocol: %1")
                .arg(QString::fromUtf8(response.body));
        return {};
    }
    if (!stream) {
        if (anthropic)
            return json.value("type").toString() == u"message"
                    && json.value("content").toArray().at(0).toObject().value("text").toString()
                        == u"whole answer"
                ? QString()
                : QStringLiteral("bad message: %1").arg(QString::fromUtf8(response.body));
        return json.value("choices")
                    .toArray()
                    .at(0)
                    .toObject()
                    .value("message")
                    .toObject()
                    .value("content")
                    .toString()
                == u"whole answer"
            ? QString()
            : QStringLiteral("bad completion: %1").arg(QString::fromUtf8(response.body));
    }
    if (!response.header("content-type").startsWith("text/event-stream"))
        return QStringLiteral("a 200 stream that is not text/event-stream");
    const QList<SseItem> items = EngineFixture::parseSse(response.body);
    if (items.isEmpty())
        return QStringLiteral("an empty stream");
    for (const SseItem &item : items) {
        if (item.data != "[DONE]" && item.json.isEmpty())
            return QStringLiteral("a stream event that is not JSON: %1").arg(QString::fromUtf8(item.data));
    }
    if (anthropic) {
        const QByteArrayList names = EngineFixture::eventNames(items);
        if (names.last() == "error")
            return items.last().json.value("error").toObject().value("message").toString().isEmpty()
                ? QStringLiteral("an error event without a message")
                : QString();
        if (names.count("message_start") != 1 || names.last() != "message_stop")
            return QStringLiteral("an incomplete stream: %1").arg(QString::fromUtf8(names.join(',')));
        return EngineFixture::anthropicText(items) == u"streamed answer"
            ? QString()
            : QStringLiteral("stream text %1").arg(EngineFixture::anthropicText(items));
    }
    for (const SseItem &item : items) {
        if (item.json.contains("error"))
            return item.json.value("error").toObject().value("message").toString().isEmpty()
                ? QStringLiteral("an error chunk without a message")
                : QString();
    }
    if (items.last().data != "[DONE]")
        return QStringLiteral("an OpenAI stream without [DONE]");
    return EngineFixture::openAIText(items) == u"streamed answer"
        ? QString()
        : QStringLiteral("stream text %1").arg(EngineFixture::openAIText(items));
}

QString countsText(const QHash<int, int> &counts)
{
    QList<int> keys = counts.keys();
    std::sort(keys.begin(), keys.end());
    QStringList parts;
    for (int key : keys)
        parts.append(QStringLiteral("%1:%2").arg(key).arg(counts.value(key)));
    return parts.join(u' ');
}

} // namespace

void TestEngineSoak::burstAgainstFlakyUpstreams()
{
    QRandomGenerator upstreamRandom(20260401);
    QRandomGenerator requestRandom(4242);
    FaultStats stats;
    FakeUpstream a;
    FakeUpstream b;
    FakeUpstream c;
    a.setDefaultHandler(flaky(Protocol::Anthropic, &upstreamRandom, &stats));
    b.setDefaultHandler(flaky(Protocol::OpenAI, &upstreamRandom, &stats));
    c.setDefaultHandler(flaky(Protocol::Anthropic, &upstreamRandom, &stats));
    SnapshotBuilder config;
    config.upstreamChannel("a", Protocol::Anthropic, a.url(), {"m"}, {"key-a1", "key-a2"}, 0);
    config.upstreamChannel("b", Protocol::OpenAI, b.url(), {"m"}, {"key-b"}, 1);
    config.upstreamChannel("c", Protocol::Anthropic, c.url(), {"m"}, {"key-c"}, 2);
    config.setting("proxy/retryAfterCapMs", 100)
        .setting("proxy/firstByteTimeoutMs", 5000)
        .setting("proxy/nonStreamTimeoutMs", 5000)
        .setting("proxy/idleTimeoutMs", 5000)
        .setting("proxy/deadlineMs", 15000);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    // Short breaker cooldowns so breakers open, probe and close many times during the burst.
    fx.inProxyThread([](Engine &engine) {
        BreakerConfig breakers;
        // Shorter than the burst itself even when every answer is a quick 529, so the breakers
        // do probe and close during it (with 150 ms the burst sometimes ended while all were open).
        breakers.baseCooldownMs = 20;
        breakers.maxCooldownMs = 100;
        engine.breakers().setConfig(breakers);
    });

    QList<EngineFixture::Request> requests;
    QList<std::pair<bool, bool>> kinds; // (anthropic caller, stream)
    for (int i = 0; i < requestCount; ++i) {
        const bool anthropic = requestRandom.bounded(2u) == 0;
        const bool stream = requestRandom.bounded(2u) == 0;
        kinds.append({anthropic, stream});
        if (anthropic)
            requests.append({"/v1/messages",
                             EngineFixture::anthropicRequest("m", stream),
                             {{"anthropic-version", "2023-06-01"}}});
        else
            requests.append({"/v1/chat/completions", EngineFixture::openAIRequest("m", stream), {}});
    }

    QElapsedTimer clock;
    clock.start();
    const auto answers = fx.postAll(requests, concurrency, budgetMs);
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(elapsed < budgetMs, QByteArray::number(elapsed).constData());

    QHash<int, int> statuses;
    int streamErrors = 0;
    for (int i = 0; i < requestCount; ++i) {
        const auto &answer = answers.at(i);
        QVERIFY2(answer, qPrintable(QStringLiteral("request %1 got no complete answer").arg(i)));
        const QString problem = checkAnswer(*answer, kinds.at(i).first, kinds.at(i).second);
        QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("request %1: %2").arg(i).arg(problem)));
        ++statuses[answer->status];
        if (answer->status == 200 && kinds.at(i).second && answer->body.contains("error"))
            ++streamErrors;
    }
    QVERIFY(fx.waitForRecords(requestCount, 10000));
    QTest::qWait(100); // nothing more may arrive
    QCOMPARE(fx.records().size(), requestCount);
    QSet<QString> ids;
    QHash<QString, int> errorClasses;
    for (const UsageRecord &record : fx.records()) {
        ids.insert(record.requestId);
        ++errorClasses[record.errorClass.isEmpty() ? QStringLiteral("ok") : record.errorClass];
    }
    QCOMPARE(ids.size(), requestCount);

    // The burst really exercised the failure paths and the failover.
    const int upstreamRequests = a.requestCount() + b.requestCount() + c.requestCount();
    QVERIFY(upstreamRequests > requestCount);
    for (const Fault fault : {Fault::ServerError, Fault::Overloaded, Fault::ResetBeforeAnswer,
                              Fault::CutMidStream, Fault::RateLimited})
        QVERIFY(stats.counts.value(int(fault)) > 0);
    QVERIFY(statuses.value(200) > requestCount / 2);
    QVERIFY(!fx.events(ProxyEvent::Kind::Failover).isEmpty());
    QVERIFY(QTest::qWaitFor([&] { return fx.host().status().inFlight == 0; }, 3000));
    qInfo().noquote() << QStringLiteral(
                             "soak: %1 requests in %2 ms, %3 upstream attempts, statuses %4, "
                             "%5 streams ended by an error event, faults by kind %6, error classes %7")
                             .arg(requestCount)
                             .arg(elapsed)
                             .arg(upstreamRequests)
                             .arg(countsText(statuses))
                             .arg(streamErrors)
                             .arg(countsText(stats.counts))
                             .arg(QStringList([&] {
                                      QStringList parts;
                                      for (auto it = errorClasses.cbegin(); it != errorClasses.cend(); ++it)
                                          parts.append(QStringLiteral("%1:%2").arg(it.key()).arg(it.value()));
                                      parts.sort();
                                      return parts;
                                  }())
                                      .join(u' '));
}

QTEST_GUILESS_MAIN(TestEngineSoak)
#include "tst_engine_soak.moc"
