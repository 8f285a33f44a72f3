// Resilience through the real engine (issue 4 "Failover and health", "Client keys and budgets"):
// the failover matrix one status class per row, Retry-After, key disable and rotation, every
// circuit-breaker transition driven by a ManualClock, attempt and deadline limits, budgets and the
// downgrade, slot-map effort overrides and /v1/models hiding unusable models. Fake upstreams are
// scripted per test; what they saw (request counts, keys, bodies) is the evidence.

#include "enginefixture.h"
#include "fakeupstream.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTest>

using namespace Switchyard;
using namespace Switchyard::Test;

class TestEngineResilience : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void failoverMatrix_data();
    void failoverMatrix();
    void retryAfterHonoured();
    void keyErrorDisablesKeyThenChannel_data();
    void keyErrorDisablesKeyThenChannel();
    void keyRotationAndDisable();

    void breakerOpensAfterConsecutiveFailures();
    void breakerHalfOpenSingleProbeSuccessCloses();
    void breakerProbeFailureReopensWithDoubledCooldown();
    void breakerOpensOnErrorRate();
    void breakerForcedOpenAndClosed();
    void breakerCountsMidStreamFailures();

    void maxAttemptsLimitsCandidates();
    void deadlineGives504();
    void deadlineAfterContentEndsStreamWithError();

    void budgetMaxCostPerRequest();
    void budgetDailyExhausted();
    void budgetDegradePrefersCheaperMember();

    void slotMapEffortReachesUpstream_data();
    void slotMapEffortReachesUpstream();
    void modelsHidesModelWithOpenBreaker();
    void healthProbesHideUnreachableChannelAndRetireRejectedKeys();
    void breakerThresholdsFromSettings();
};

namespace {

const RawHeaders anthropicHeaders = {{"anthropic-version", "2023-06-01"}};
const QByteArray clientSecret = "sy-resilience-client-key";

QJsonArray traceOf(const UsageRecord &record)
{
    return QJsonDocument::fromJson(record.routeTrace.toUtf8()).array();
}

QString traceField(const UsageRecord &record, int index, const char *field)
{
    return traceOf(record).at(index).toObject().value(QLatin1String(field)).toVariant().toString();
}

QJsonObject errorOf(const RawHttpResponse &response)
{
    return response.json().value("error").toObject();
}

QByteArray textBody(bool anthropic, const QString &text)
{
    return anthropic ? EngineFixture::anthropicMessage(text) : EngineFixture::openAICompletion(text);
}

// Channels "a" (priority 0) and "b" (priority 1) serving model "m", one key each.
SnapshotBuilder aThenB(const FakeUpstream &a, const FakeUpstream &b, Protocol protocol = Protocol::Anthropic)
{
    SnapshotBuilder config;
    config.upstreamChannel("a", protocol, a.url(), {"m"}, {"key-a"}, 0);
    config.upstreamChannel("b", protocol, b.url(), {"m"}, {"key-b"}, 1);
    return config;
}

FakeHandler failing(int status)
{
    return FakeUpstream::jsonResponse(
        status, R"({"type":"error","error":{"type":"api_error","message":"scripted failure"}})");
}

const UpstreamStatus *upstreamStatus(const ProxyStatus &status, qint64 channelId, const QString &model)
{
    for (const UpstreamStatus &upstream : status.upstreams) {
        if (upstream.key.channelId == channelId && upstream.key.model == model)
            return &upstream;
    }
    return nullptr;
}

// Sends one Anthropic request for model m and checks it succeeded.
bool askOk(EngineFixture &fx, const QString &model = "m", bool stream = false)
{
    const auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest(model, stream), anthropicHeaders);
    return response && response->status == 200;
}

// Makes channel a's breaker open: a fails with 500 (b answers) until the 5th consecutive failure.
void openBreakerOfA(EngineFixture &fx, FakeUpstream &a)
{
    a.setDefaultHandler(failing(500));
    for (int i = 0; i < 5; ++i)
        QVERIFY(askOk(fx));
    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::BreakerOpened, 1));
}

QByteArray withMaxTokens(QByteArray body, int maxTokens)
{
    QJsonObject object = QJsonDocument::fromJson(body).object();
    object.insert("max_tokens", maxTokens);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QStringList modelIds(const RawHttpResponse &response)
{
    QStringList ids;
    for (const QJsonValue &model : response.json().value("data").toArray())
        ids.append(model.toObject().value("id").toString());
    return ids;
}

enum class Scenario
{
    Http,
    ConnectRefused,
    ConnectTimeout,
    FirstByteTimeout,
    IdleTimeout,
};

} // namespace

void TestEngineResilience::failoverMatrix_data()
{
    QTest::addColumn<int>("scenario");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<bool>("failsOver");
    QTest::addColumn<QString>("errorClass");

    const auto http = [](const char *name, int status, const QByteArray &retryAfter, bool failsOver,
                         const char *errorClass) {
        QTest::newRow(name) << int(Scenario::Http) << status << retryAfter << failsOver
                            << QString(errorClass);
    };
    QTest::newRow("connect refused") << int(Scenario::ConnectRefused) << 0 << QByteArray() << true
                                     << QString("connect");
    QTest::newRow("connect timeout") << int(Scenario::ConnectTimeout) << 0 << QByteArray() << true
                                     << QString("timeout");
    QTest::newRow("first-byte timeout")
        << int(Scenario::FirstByteTimeout) << 0 << QByteArray() << true << QString("timeout");
    QTest::newRow("idle timeout") << int(Scenario::IdleTimeout) << 0 << QByteArray() << true
                                  << QString("timeout");
    http("429 without Retry-After", 429, {}, true, "rate_limited");
    http("429 Retry-After over the cap", 429, "120", true, "rate_limited");
    http("500", 500, {}, true, "upstream_5xx");
    http("502", 502, {}, true, "upstream_5xx");
    http("503", 503, {}, true, "upstream_5xx");
    http("529", 529, {}, true, "overloaded");
    http("400 final", 400, {}, false, "upstream_4xx");
    http("404 final", 404, {}, false, "upstream_4xx");
    http("413 final", 413, {}, false, "upstream_4xx");
}

void TestEngineResilience::failoverMatrix()
{
    QFETCH(int, scenario);
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    QFETCH(bool, failsOver);
    QFETCH(QString, errorClass);

    FakeUpstream a;
    FakeUpstream b;
    b.setHandler("/v1/messages", [](FakeExchange &exchange) {
        if (exchange.request().json().value("stream").toBool())
            exchange.beginStream(200)
                .sendChunk(EngineFixture::anthropicTextEvents({"from B"}).join())
                .endStream();
        else
            exchange.respondJson(200, EngineFixture::anthropicMessage("from B"));
    });
    QUrl aUrl = a.url();
    quint16 refusedPort = 0;
    switch (Scenario(scenario)) {
    case Scenario::Http: {
        FakeHeaders headers = {{"Content-Type", "application/json"}};
        if (!retryAfter.isEmpty())
            headers.append({"retry-after", retryAfter});
        a.setDefaultHandler([status, headers](FakeExchange &exchange) {
            exchange.respond(status, headers,
                             R"({"type":"error","error":{"type":"api_error","message":"scripted status"}})");
        });
        break;
    }
    case Scenario::ConnectRefused: {
        QTcpServer probe; // free a moment ago: nobody listens there any more
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        refusedPort = probe.serverPort();
        probe.close();
        aUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(refusedPort));
        break;
    }
    case Scenario::ConnectTimeout:
        // TCP connects, the TLS handshake never gets an answer: the connect phase times out.
        aUrl.setScheme("https");
        a.setDefaultHandler(FakeUpstream::stalled());
        break;
    case Scenario::FirstByteTimeout:
        a.setDefaultHandler(FakeUpstream::stalled());
        break;
    case Scenario::IdleTimeout:
        a.setDefaultHandler([](FakeExchange &exchange) { exchange.beginStream(200).stall(); });
        break;
    }

    SnapshotBuilder config;
    config.upstreamChannel("a", Protocol::Anthropic, aUrl, {"m"}, {"key-a"}, 0);
    config.upstreamChannel("b", Protocol::Anthropic, b.url(), {"m"}, {"key-b"}, 1);
    config.setting("proxy/connectTimeoutMs", 300)
        .setting("proxy/firstByteTimeoutMs", 300)
        .setting("proxy/nonStreamTimeoutMs", 300)
        .setting("proxy/idleTimeoutMs", 300)
        .setting("proxy/retryAfterCapMs", 1000);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    // The idle timeout needs a stream (headers, then silence); the others use a plain request.
    const bool stream = Scenario(scenario) == Scenario::IdleTimeout;
    QElapsedTimer clock;
    clock.start();
    const auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("m", stream), anthropicHeaders);
    QVERIFY(response);
    QVERIFY2(clock.elapsed() < 3000, QByteArray::number(clock.elapsed()).constData());
    QVERIFY(fx.waitForRecords(1));
    const UsageRecord record = fx.lastRecord();
    QCOMPARE(traceField(record, 0, "channel"), QString("a"));
    QCOMPARE(traceField(record, 0, "error"), errorClass);
    if (Scenario(scenario) == Scenario::Http || Scenario(scenario) == Scenario::FirstByteTimeout
        || Scenario(scenario) == Scenario::IdleTimeout)
        QCOMPARE(a.requestCount(), 1); // exactly one attempt at A, no retry
    if (failsOver) {
        QCOMPARE(response->status, 200);
        QCOMPARE(b.requestCount(), 1);
        QCOMPARE(traceField(record, 0, "outcome"), QString("failover"));
        QCOMPARE(traceField(record, 1, "outcome"), QString("ok"));
        QCOMPARE(record.channelName, QString("b"));
        const QString text = stream
            ? EngineFixture::anthropicText(EngineFixture::parseSse(response->body))
            : response->json().value("content").toArray().at(0).toObject().value("text").toString();
        QCOMPARE(text, QString("from B"));
        QVERIFY(fx.waitForEvents(ProxyEvent::Kind::Failover, 1));
        const ProxyEvent failover = fx.events(ProxyEvent::Kind::Failover).first();
        QCOMPARE(failover.from, QString("a,m"));
        QCOMPARE(failover.to, QString("b,m"));
    } else {
        // Request errors are the request's fault: the same request would fail anywhere.
        QCOMPARE(response->status, status);
        QCOMPARE(b.requestCount(), 0);
        QCOMPARE(traceOf(record).size(), 1);
        QCOMPARE(traceField(record, 0, "outcome"), QString("final"));
        QCOMPARE(response->json().value("type").toString(), QString("error")); // Anthropic shape
        QCOMPARE(errorOf(*response).value("message").toString(), QString("scripted status"));
        QVERIFY(fx.events(ProxyEvent::Kind::Failover).isEmpty());
    }
}

void TestEngineResilience::retryAfterHonoured()
{
    // A short Retry-After on the first upstream: wait that long, then the same upstream again, even
    // though B is available. The wait is visible in the arrival times and the record's latency.
    FakeUpstream a;
    FakeUpstream b;
    QElapsedTimer arrivals;
    arrivals.start();
    QList<qint64> arrivedAt;
    a.setDefaultHandler([&](FakeExchange &exchange) {
        arrivedAt.append(arrivals.elapsed());
        if (arrivedAt.size() == 1)
            exchange.respond(429, {{"Content-Type", "application/json"}, {"retry-after", "1"}},
                             R"({"type":"error","error":{"type":"rate_limit_error","message":"slow down"}})");
        else
            exchange.respondJson(200, EngineFixture::anthropicMessage("after the wait"));
    });
    b.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("from B")));
    SnapshotBuilder config = aThenB(a, b);
    config.setting("proxy/retryAfterCapMs", 2000);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    const auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->json().value("content").toArray().at(0).toObject().value("text").toString(),
             QString("after the wait"));
    QCOMPARE(a.requestCount(), 2);
    QCOMPARE(b.requestCount(), 0);
    QCOMPARE(arrivedAt.size(), 2);
    const qint64 gap = arrivedAt.at(1) - arrivedAt.at(0);
    QVERIFY2(gap >= 950 && gap < 2500, QByteArray::number(gap).constData());

    QVERIFY(fx.waitForRecords(1));
    const UsageRecord record = fx.lastRecord();
    const QJsonArray trace = traceOf(record);
    QCOMPARE(trace.size(), 2);
    QCOMPARE(trace.at(0).toObject().value("outcome").toString(), QString("retry"));
    QCOMPARE(trace.at(0).toObject().value("status").toInt(), 429);
    QCOMPARE(trace.at(0).toObject().value("error").toString(), QString("rate_limited"));
    QCOMPARE(trace.at(1).toObject().value("outcome").toString(), QString("ok"));
    QCOMPARE(trace.at(1).toObject().value("channel").toString(), QString("a"));
    // The attempts themselves are quick; the request as a whole took the advertised second.
    const qint64 attemptsMs =
        trace.at(0).toObject().value("ms").toInteger() + trace.at(1).toObject().value("ms").toInteger();
    QVERIFY2(attemptsMs < 900, QByteArray::number(attemptsMs).constData());
    QVERIFY2(record.latencyMs >= 950 && record.latencyMs < 2500,
             QByteArray::number(record.latencyMs).constData());
}

void TestEngineResilience::keyErrorDisablesKeyThenChannel_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("401") << 401;
    QTest::newRow("403") << 403;
    QTest::newRow("402") << 402;
}

void TestEngineResilience::keyErrorDisablesKeyThenChannel()
{
    QFETCH(int, status);
    // Channel a has two keys, both rejected; b has a good one. The request tries a's first key, then
    // a's second key at once, then channel b: three attempts, both a keys disabled for good.
    FakeUpstream a;
    FakeUpstream b;
    a.setDefaultHandler(FakeUpstream::jsonResponse(
        status, R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})"));
    b.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("from B")));
    SnapshotBuilder config;
    config.upstreamChannel("a", Protocol::Anthropic, a.url(), {"m"},
                           {"a-first-SECRET-1", "a-second-SECRET-2"}, 0);
    config.upstreamChannel("b", Protocol::Anthropic, b.url(), {"m"}, {"b-only-SECRET-3"}, 1);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(a.requestCount(), 2);
    QCOMPARE(a.requests().at(0).header("x-api-key"), QByteArray("a-first-SECRET-1"));
    QCOMPARE(a.requests().at(1).header("x-api-key"), QByteArray("a-second-SECRET-2"));
    QCOMPARE(b.requestCount(), 1);
    QCOMPARE(b.lastRequest().header("x-api-key"), QByteArray("b-only-SECRET-3"));
    QVERIFY(fx.waitForRecords(1));
    const QJsonArray trace = traceOf(fx.lastRecord());
    QCOMPARE(trace.size(), 3);
    QCOMPARE(trace.at(0).toObject().value("outcome").toString(), QString("key"));
    QCOMPARE(trace.at(0).toObject().value("status").toInt(), status);
    QVERIFY(trace.at(0).toObject().value("keyId").toInteger()
            != trace.at(1).toObject().value("keyId").toInteger());
    QCOMPARE(trace.at(2).toObject().value("channel").toString(), QString("b"));

    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::KeyDisabled, 2));
    for (const ProxyEvent &event : fx.events(ProxyEvent::Kind::KeyDisabled)) {
        QCOMPARE(event.channelId, config.channelId("a"));
        QVERIFY(event.keyHint == "a-firs" || event.keyHint == "a-seco");
        QVERIFY(!event.reason.contains("SECRET"));
        QVERIFY(!event.reason.isEmpty());
    }

    // Both of a's keys are out: the next request goes straight to b without touching a.
    response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(a.requestCount(), 2);
    QCOMPARE(b.requestCount(), 2);
    // The status report shows both keys disabled with their reason.
    QVERIFY(QTest::qWaitFor(
        [&] {
            int disabled = 0;
            for (const ChannelKeyStatus &key : fx.host().status().keys)
                disabled += key.channelId == config.channelId("a") && key.key.disabled ? 1 : 0;
            return disabled == 2;
        },
        3000));
}

void TestEngineResilience::keyRotationAndDisable()
{
    // Three keys in round robin, seen as the Authorization header of an OpenAI upstream. The second
    // key then starts answering 401: it is disabled and never sent again.
    FakeUpstream a;
    bool secondKeyBad = false;
    a.setDefaultHandler([&secondKeyBad](FakeExchange &exchange) {
        if (secondKeyBad && exchange.request().header("authorization") == "Bearer k2-SECRETVALUE-b")
            exchange.respondJson(
                401,
                R"({"error":{"message":"Incorrect API key provided: k2-SEC***","code":"invalid_api_key"}})");
        else
            exchange.respondJson(200, EngineFixture::openAICompletion("ok"));
    });
    SnapshotBuilder config;
    config.upstreamChannel("a", Protocol::OpenAI, a.url(), {"m"},
                           {"k1-SECRETVALUE-a", "k2-SECRETVALUE-b", "k3-SECRETVALUE-c"});
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    QByteArrayList seen;
    for (int i = 0; i < 9; ++i) {
        const auto response = fx.post("/v1/chat/completions", EngineFixture::openAIRequest("m"));
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        seen.append(a.lastRequest().header("authorization").mid(7));
    }
    for (int i = 0; i < 9; ++i)
        QCOMPARE(seen.at(i),
                 QByteArrayList({"k1-SECRETVALUE-a", "k2-SECRETVALUE-b", "k3-SECRETVALUE-c"}).at(i % 3));

    secondKeyBad = true;
    a.clearRequests();
    for (int i = 0; i < 9; ++i) {
        const auto response = fx.post("/v1/chat/completions", EngineFixture::openAIRequest("m"));
        QVERIFY(response);
        QCOMPARE(response->status, 200); // the failing key's request moved on to the next key
    }
    int k2Uses = 0;
    for (const RecordedRequest &request : a.requests())
        k2Uses += request.header("authorization") == "Bearer k2-SECRETVALUE-b" ? 1 : 0;
    QCOMPARE(k2Uses, 1); // the one attempt that found out
    QCOMPARE(a.requestCount(), 10);

    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::KeyDisabled, 1));
    const QList<ProxyEvent> disabled = fx.events(ProxyEvent::Kind::KeyDisabled);
    QCOMPARE(disabled.size(), 1);
    const Channel *channel = config.snapshot().config.channelByName("a");
    QCOMPARE(disabled.first().keyDbId, channel->keys.at(1).id);
    QCOMPARE(disabled.first().keyHint, QString("k2-SEC"));
    QCOMPARE(disabled.first().channelName, QString("a"));
    QVERIFY(!disabled.first().reason.contains("SECRETVALUE"));
    QVERIFY(disabled.first().reason.contains("401"));
}

void TestEngineResilience::breakerOpensAfterConsecutiveFailures()
{
    ManualClock clock;
    FakeUpstream a;
    FakeUpstream b;
    b.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("from B")));
    SnapshotBuilder config = aThenB(a, b);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    fx.setClock(&clock);
    const qint64 aId = config.channelId("a");

    a.setDefaultHandler(failing(500));
    for (int i = 0; i < 4; ++i)
        QVERIFY(askOk(fx));
    QVERIFY(fx.events(ProxyEvent::Kind::BreakerOpened).isEmpty()); // 4 < the threshold of 5
    QVERIFY(askOk(fx));
    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::BreakerOpened, 1));
    const ProxyEvent opened = fx.events(ProxyEvent::Kind::BreakerOpened).first();
    QCOMPARE(opened.channelId, aId);
    QCOMPARE(opened.channelName, QString("a"));
    QCOMPARE(opened.model, QString("m"));
    QVERIFY2(opened.reason.contains("5 consecutive failures"), qPrintable(opened.reason));
    QCOMPARE(a.requestCount(), 5);

    // Open: a is not asked any more, b answers at once.
    for (int i = 0; i < 3; ++i)
        QVERIFY(askOk(fx));
    QCOMPARE(a.requestCount(), 5);
    QCOMPARE(b.requestCount(), 8);
    const ProxyStatus status = fx.host().status();
    const UpstreamStatus *upstream = upstreamStatus(status, aId, "m");
    QVERIFY(upstream);
    QCOMPARE(upstream->breaker.state, BreakerState::Open);
    QCOMPARE(upstream->breaker.cooldownMs, qint64(30000));
    QVERIFY(!upstream->breaker.admitting);
    QVERIFY(status.degraded());

    // With a as the only route the open breaker is a skip in the trace, still without a request.
    SnapshotBuilder onlyA;
    onlyA.upstreamChannel("a", Protocol::Anthropic, a.url(), {"m"}, {"key-a"}, 0);
    QCOMPARE(onlyA.channelId("a"), aId);
    fx.publish(onlyA.build());
    fx.clearRecords();
    const auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 529);
    QCOMPARE(errorOf(*response).value("type").toString(), QString("overloaded_error"));
    QCOMPARE(a.requestCount(), 5);
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(traceField(fx.lastRecord(), 0, "outcome"), QString("skipped"));
    QCOMPARE(traceField(fx.lastRecord(), 0, "error"), QString("breaker_open"));
}

void TestEngineResilience::breakerHalfOpenSingleProbeSuccessCloses()
{
    ManualClock clock;
    FakeUpstream a;
    FakeUpstream b;
    b.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("from B")));
    SnapshotBuilder config = aThenB(a, b);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    fx.setClock(&clock);
    const qint64 aId = config.channelId("a");
    openBreakerOfA(fx, a);

    // The cooldown is 30 s of the engine's clock: one millisecond short of it, a stays out.
    fx.advance(clock, 29999);
    QVERIFY(askOk(fx));
    QCOMPARE(a.requestCount(), 5);

    // Cooldown over: the next request is the probe. a has recovered but answers slowly, so a second
    // request arrives while the probe is in flight: it must not be a second probe.
    fx.advance(clock, 1);
    a.setDefaultHandler([](FakeExchange &exchange) {
        exchange.delay(800).respondJson(200, EngineFixture::anthropicMessage("probe answer"));
    });
    RawHttpClient probe;
    QVERIFY(probe.connectTo(fx.port()));
    probe.sendRequest("POST", "/v1/messages", EngineFixture::anthropicRequest("m"),
                      {{"anthropic-version", "2023-06-01"}, {"Content-Type", "application/json"}});
    QVERIFY(a.waitForRequests(6));
    QVERIFY(askOk(fx)); // served by b
    QCOMPARE(a.requestCount(), 6);
    QVERIFY(fx.events(ProxyEvent::Kind::BreakerClosed).isEmpty());

    const auto probeResponse = probe.readResponse(5000);
    QVERIFY(probeResponse);
    QCOMPARE(probeResponse->status, 200);
    QCOMPARE(probeResponse->json().value("content").toArray().at(0).toObject().value("text").toString(),
             QString("probe answer"));
    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::BreakerClosed, 1));
    const ProxyEvent closed = fx.events(ProxyEvent::Kind::BreakerClosed).first();
    QCOMPARE(closed.channelId, aId);
    QVERIFY2(closed.reason.contains("probe succeeded"), qPrintable(closed.reason));

    // Closed: a is first again.
    a.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("from A")));
    QVERIFY(askOk(fx));
    QCOMPARE(a.requestCount(), 7);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const UpstreamStatus *upstream = upstreamStatus(fx.host().status(), aId, "m");
            return upstream && upstream->breaker.state == BreakerState::Closed
                && upstream->breaker.openings == 0;
        },
        3000));
}

void TestEngineResilience::breakerProbeFailureReopensWithDoubledCooldown()
{
    ManualClock clock;
    FakeUpstream a;
    FakeUpstream b;
    b.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("from B")));
    SnapshotBuilder config = aThenB(a, b);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    fx.setClock(&clock);
    const qint64 aId = config.channelId("a");
    openBreakerOfA(fx, a);

    fx.advance(clock, 30000);
    QVERIFY(askOk(fx)); // the probe fails on a, b answers
    QCOMPARE(a.requestCount(), 6);
    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::BreakerOpened, 2));
    QVERIFY(fx.events(ProxyEvent::Kind::BreakerOpened).at(1).reason.contains("probe failed"));
    QVERIFY(QTest::qWaitFor(
        [&] {
            const UpstreamStatus *upstream = upstreamStatus(fx.host().status(), aId, "m");
            return upstream && upstream->breaker.state == BreakerState::Open
                && upstream->breaker.cooldownMs == 60000;
        },
        3000));

    // 30 s is no longer enough; 60 s is.
    fx.advance(clock, 30000);
    QVERIFY(askOk(fx));
    QCOMPARE(a.requestCount(), 6);
    fx.advance(clock, 30000);
    QVERIFY(askOk(fx));
    QCOMPARE(a.requestCount(), 7);
    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::BreakerOpened, 3)); // failed again: 120 s now
    QVERIFY(QTest::qWaitFor(
        [&] {
            const UpstreamStatus *upstream = upstreamStatus(fx.host().status(), aId, "m");
            return upstream && upstream->breaker.cooldownMs == 120000;
        },
        3000));
}

void TestEngineResilience::breakerOpensOnErrorRate()
{
    // Every other request fails: never two failures in a row, but 50% of the window once it holds
    // the minimum of 10 outcomes.
    ManualClock clock;
    FakeUpstream a;
    FakeUpstream b;
    int calls = 0;
    a.setDefaultHandler([&calls](FakeExchange &exchange) {
        if (calls++ % 2 == 0)
            exchange.respondJson(200, EngineFixture::anthropicMessage("from A"));
        else
            exchange.respondJson(503, R"({"type":"error","error":{"type":"api_error","message":"flaky"}})");
    });
    b.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("from B")));
    SnapshotBuilder config = aThenB(a, b);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    fx.setClock(&clock);

    for (int i = 0; i < 9; ++i)
        QVERIFY(askOk(fx));
    QVERIFY(fx.events(ProxyEvent::Kind::BreakerOpened).isEmpty());
    QVERIFY(askOk(fx)); // the 10th outcome, the 5th failure
    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::BreakerOpened, 1));
    const ProxyEvent opened = fx.events(ProxyEvent::Kind::BreakerOpened).first();
    QVERIFY2(opened.reason.contains("error rate 50%"), qPrintable(opened.reason));
    QCOMPARE(a.requestCount(), 10);
    QVERIFY(askOk(fx));
    QCOMPARE(a.requestCount(), 10);
}

void TestEngineResilience::breakerForcedOpenAndClosed()
{
    ManualClock clock;
    FakeUpstream a;
    FakeUpstream b;
    a.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("from A")));
    b.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("from B")));
    SnapshotBuilder config = aThenB(a, b);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    fx.setClock(&clock);
    const UpstreamKey aKey {config.channelId("a"), "m"};

    QVERIFY(askOk(fx));
    QCOMPARE(a.requestCount(), 1);

    // Forced open: a healthy upstream gets nothing, whatever the clock says.
    fx.host().forceBreaker(aKey, BreakerForce::Open);
    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::BreakerOpened, 1));
    fx.advance(clock, 3600 * 1000);
    for (int i = 0; i < 3; ++i)
        QVERIFY(askOk(fx));
    QCOMPARE(a.requestCount(), 1);
    QCOMPARE(b.requestCount(), 3);

    // Forced closed: a failing upstream keeps getting traffic, far beyond the threshold.
    fx.host().forceBreaker(aKey, BreakerForce::Closed);
    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::BreakerClosed, 1));
    a.setDefaultHandler(failing(500));
    for (int i = 0; i < 8; ++i)
        QVERIFY(askOk(fx));
    QCOMPARE(a.requestCount(), 9);
    QCOMPARE(fx.events(ProxyEvent::Kind::BreakerOpened).size(), 1);
    const UpstreamStatus *upstream = upstreamStatus(fx.host().status(), aKey.channelId, "m");
    QVERIFY(upstream);
    QCOMPARE(upstream->breaker.force, BreakerForce::Closed);
    QVERIFY(upstream->breaker.admitting);

    // Clearing the override gives a fresh closed breaker: it takes 5 new failures to open.
    fx.host().forceBreaker(aKey, BreakerForce::None);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const UpstreamStatus *cleared = upstreamStatus(fx.host().status(), aKey.channelId, "m");
            return cleared && cleared->breaker.force == BreakerForce::None;
        },
        3000));
    for (int i = 0; i < 5; ++i)
        QVERIFY(askOk(fx));
    QCOMPARE(a.requestCount(), 14);
    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::BreakerOpened, 2));
    QVERIFY(askOk(fx));
    QCOMPARE(a.requestCount(), 14);
}

void TestEngineResilience::breakerCountsMidStreamFailures()
{
    // a streams the beginning of an answer, then the connection dies: the client's stream ends with
    // an error event (no replay), and the breaker counts a failure each time.
    ManualClock clock;
    FakeUpstream a;
    FakeUpstream b;
    const QList<QByteArray> events = EngineFixture::anthropicTextEvents({"partial ", "answer"});
    a.setDefaultHandler([events](FakeExchange &exchange) {
        exchange.beginStream(200)
            .sendChunk(events.at(0))
            .sendChunk(events.at(1))
            .sendChunk(events.at(2))
            .delay(10)
            .reset();
    });
    b.setDefaultHandler(FakeUpstream::sseScript(EngineFixture::anthropicTextEvents({"from B"}), 0));
    SnapshotBuilder config = aThenB(a, b);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    fx.setClock(&clock);
    const qint64 aId = config.channelId("a");

    for (int i = 0; i < 5; ++i) {
        const auto response =
            fx.post("/v1/messages", EngineFixture::anthropicRequest("m", true), anthropicHeaders);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        const QList<SseItem> items = EngineFixture::parseSse(response->body);
        QCOMPARE(EngineFixture::eventNames(items).last(), QByteArray("error"));
        QCOMPARE(EngineFixture::anthropicText(items), QString("partial "));
    }
    QCOMPARE(b.requestCount(), 0);
    QVERIFY(fx.waitForRecords(5));
    QCOMPARE(traceField(fx.lastRecord(), 0, "outcome"), QString("cut"));
    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::BreakerOpened, 1));
    QCOMPARE(fx.events(ProxyEvent::Kind::BreakerOpened).first().channelId, aId);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const UpstreamStatus *upstream = upstreamStatus(fx.host().status(), aId, "m");
            return upstream && upstream->health.totalFailures == 5 && upstream->health.inFlight == 0;
        },
        3000));

    // Open: the next stream comes from b, whole.
    const auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("m", true), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(EngineFixture::anthropicText(EngineFixture::parseSse(response->body)), QString("from B"));
    QCOMPARE(a.requestCount(), 5);
}

void TestEngineResilience::maxAttemptsLimitsCandidates()
{
    // Four channels that all fail; proxy/maxAttempts (default 3) stops after three of them.
    std::vector<std::unique_ptr<FakeUpstream>> fakes;
    SnapshotBuilder config;
    for (int i = 0; i < 4; ++i) {
        fakes.push_back(std::make_unique<FakeUpstream>());
        fakes.back()->setDefaultHandler(failing(500));
        config.upstreamChannel(QStringLiteral("c%1").arg(i), Protocol::Anthropic, fakes.back()->url(), {"m"},
                               {QStringLiteral("key-%1").arg(i)}, i);
    }
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 529);
    QCOMPARE(fakes[0]->requestCount(), 1);
    QCOMPARE(fakes[1]->requestCount(), 1);
    QCOMPARE(fakes[2]->requestCount(), 1);
    QCOMPARE(fakes[3]->requestCount(), 0);
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(traceOf(fx.lastRecord()).size(), 3);

    // The setting raises (or lowers) the limit.
    config.setting("proxy/maxAttempts", 4);
    fx.publish(config.build());
    response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(fakes[3]->requestCount(), 1);
    config.setting("proxy/maxAttempts", 1);
    fx.publish(config.build());
    response = fx.post("/v1/chat/completions", EngineFixture::openAIRequest("m"));
    QVERIFY(response);
    QVERIFY(response->status >= 500);
    QVERIFY(errorOf(*response).contains("message")); // OpenAI shape
    QCOMPARE(fakes[0]->requestCount(), 3);
    QCOMPARE(fakes[1]->requestCount(), 2);
}

void TestEngineResilience::deadlineGives504()
{
    FakeUpstream a;
    a.setDefaultHandler(FakeUpstream::stalled());
    SnapshotBuilder config;
    config.upstreamChannel("a", Protocol::Anthropic, a.url(), {"m"}, {"key-a"});
    config.setting("proxy/deadlineMs", 400);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    for (bool anthropic : {true, false}) {
        QElapsedTimer clock;
        clock.start();
        const auto response = anthropic
            ? fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), anthropicHeaders)
            : fx.post("/v1/chat/completions", EngineFixture::openAIRequest("m"));
        QVERIFY(response);
        QVERIFY2(clock.elapsed() >= 350 && clock.elapsed() < 3000,
                 QByteArray::number(clock.elapsed()).constData());
        QCOMPARE(response->status, 504);
        QCOMPARE(response->header("content-type"), QByteArray("application/json"));
        QVERIFY(errorOf(*response).value("message").toString().contains("deadline"));
        QCOMPARE(response->json().contains("type"), anthropic);
    }
    QVERIFY(fx.waitForRecords(2));
    QCOMPARE(fx.lastRecord().status, 504);
    QCOMPARE(fx.lastRecord().errorClass, QString("deadline"));
}

void TestEngineResilience::deadlineAfterContentEndsStreamWithError()
{
    FakeUpstream a;
    const QList<QByteArray> events = EngineFixture::anthropicTextEvents({"started"});
    a.setDefaultHandler([events](FakeExchange &exchange) {
        exchange.beginStream(200)
            .sendChunk(events.at(0))
            .sendChunk(events.at(1))
            .sendChunk(events.at(2))
            .stall();
    });
    SnapshotBuilder config;
    config.upstreamChannel("a", Protocol::Anthropic, a.url(), {"m"}, {"key-a"});
    config.setting("proxy/deadlineMs", 500);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    QElapsedTimer clock;
    clock.start();
    const auto response =
        fx.post("/v1/messages", EngineFixture::anthropicRequest("m", true), anthropicHeaders);
    QVERIFY(response);
    QVERIFY(clock.elapsed() < 3000);
    QCOMPARE(response->status, 200);
    const QList<SseItem> items = EngineFixture::parseSse(response->body);
    QCOMPARE(EngineFixture::anthropicText(items), QString("started"));
    QCOMPARE(items.last().event, QByteArray("error"));
    QVERIFY(items.last().json.value("error").toObject().value("message").toString().contains("deadline"));
    QVERIFY(fx.waitForRecords(1));
    QCOMPARE(fx.lastRecord().status, 200);
    QCOMPARE(fx.lastRecord().errorClass, QString("deadline"));
}

void TestEngineResilience::budgetMaxCostPerRequest()
{
    // Group g costs $10 per MTok each way; a request asking for 5000 output tokens is estimated at
    // about $0.05, over the group's $0.01 cap. It never reaches the upstream.
    FakeUpstream a;
    a.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("ok")));
    SnapshotBuilder config;
    config.upstreamChannel("a", Protocol::Anthropic, a.url(), {"m"}, {"key-a"}, 0,
                           {ModelPrice {"m", 10, 10, 0, 0}});
    config.group("g", {{"a", "m"}}).groupBudget("g", 0, 0.01);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    auto response =
        fx.post("/v1/messages", withMaxTokens(EngineFixture::anthropicRequest("g"), 5000), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 429);
    QCOMPARE(response->json().value("type").toString(), QString("error"));
    QCOMPARE(errorOf(*response).value("type").toString(), QString("rate_limit_error"));
    QString message = errorOf(*response).value("message").toString();
    QVERIFY2(message.contains("per-request limit") && message.contains("group 'g'"), qPrintable(message));

    response = fx.post("/v1/chat/completions", withMaxTokens(EngineFixture::openAIRequest("g"), 5000));
    QVERIFY(response);
    QCOMPARE(response->status, 429);
    QVERIFY(!response->json().contains("type"));
    QCOMPARE(errorOf(*response).value("code").toString(), QString("rate_limit_exceeded"));
    message = errorOf(*response).value("message").toString();
    QVERIFY2(message.contains("per-request limit") && message.contains("group 'g'"), qPrintable(message));
    QCOMPARE(a.requestCount(), 0);
    QVERIFY(fx.waitForRecords(2));
    QCOMPARE(fx.lastRecord().errorClass, QString("budget"));

    // A small request fits under the cap.
    response =
        fx.post("/v1/messages", withMaxTokens(EngineFixture::anthropicRequest("g"), 100), anthropicHeaders);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(a.requestCount(), 1);
}

void TestEngineResilience::budgetDailyExhausted()
{
    // Each answer reports 10000 input + 20000 output tokens at $10/MTok: $0.30 recorded per request
    // against the client key's $1.00 a day. The 4th request spends past it; the 5th is refused.
    ManualClock clock;
    FakeUpstream a;
    a.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("ok", 10000, 20000)));
    SnapshotBuilder config;
    config.upstreamChannel("a", Protocol::Anthropic, a.url(), {"m"}, {"key-a"}, 0,
                           {ModelPrice {"m", 10, 10, 0, 0}});
    config.clientKey("ci", clientSecret).clientKeyBudget("ci", 1.0);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    fx.setClock(&clock);
    const RawHeaders headers = {{"anthropic-version", "2023-06-01"}, {"x-api-key", clientSecret}};

    for (int i = 0; i < 4; ++i) {
        const auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), headers);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
    }
    QVERIFY(fx.waitForRecords(4));
    QVERIFY(qAbs(fx.lastRecord().costUsd - 0.30) < 1e-9);
    auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), headers);
    QVERIFY(response);
    QCOMPARE(response->status, 429);
    QCOMPARE(errorOf(*response).value("type").toString(), QString("rate_limit_error"));
    const QString message = errorOf(*response).value("message").toString();
    QVERIFY2(message.contains("Daily budget of client key 'ci' exhausted"), qPrintable(message));
    QVERIFY2(message.contains("$1.20") && message.contains("$1.00"), qPrintable(message));
    QCOMPARE(a.requestCount(), 4);
    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::BudgetExhausted, 1));
    QCOMPARE(fx.events(ProxyEvent::Kind::BudgetExhausted).first().budget, QString("client key 'ci'"));

    // The OpenAI caller hears the same in its shape; the next local day starts from zero.
    response = fx.post("/v1/chat/completions", EngineFixture::openAIRequest("m"),
                       {{"authorization", "Bearer " + clientSecret}});
    QVERIFY(response);
    QCOMPARE(response->status, 429);
    QVERIFY(errorOf(*response).value("message").toString().contains("client key 'ci'"));
    fx.advance(clock, 24 * 3600 * 1000);
    response = fx.post("/v1/messages", EngineFixture::anthropicRequest("m"), headers);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(a.requestCount(), 5);
}

void TestEngineResilience::budgetDegradePrefersCheaperMember()
{
    // Group g tries "exp" ($10/MTok) before "cheap" ($1/MTok). The client key's $1.00 daily budget
    // reaches 80% after three $0.30 answers: a BudgetWarning, and from then on the cheaper member.
    ManualClock clock;
    FakeUpstream expensive;
    FakeUpstream cheap;
    expensive.setDefaultHandler(
        FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("expensive", 10000, 20000)));
    cheap.setDefaultHandler(
        FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("cheap", 10000, 20000)));
    SnapshotBuilder config;
    config.upstreamChannel("exp", Protocol::Anthropic, expensive.url(), {"m"}, {"key-e"}, 0,
                           {ModelPrice {"m", 10, 10, 0, 0}});
    config.upstreamChannel("cheap", Protocol::Anthropic, cheap.url(), {"m"}, {"key-c"}, 1,
                           {ModelPrice {"m", 1, 1, 0, 0}});
    config.group("g", {{"exp", "m"}, {"cheap", "m"}});
    config.clientKey("ci", clientSecret).clientKeyBudget("ci", 1.0);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    fx.setClock(&clock);
    const RawHeaders headers = {{"anthropic-version", "2023-06-01"}, {"x-api-key", clientSecret}};

    for (int i = 0; i < 3; ++i) {
        const auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("g"), headers);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(expensive.requestCount(), i + 1);
    }
    QCOMPARE(cheap.requestCount(), 0);
    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::BudgetWarning, 1));
    const ProxyEvent warning = fx.events(ProxyEvent::Kind::BudgetWarning).first();
    QCOMPARE(warning.budget, QString("client key 'ci'"));
    QVERIFY2(qAbs(warning.fraction - 0.9) < 1e-6, QByteArray::number(warning.fraction).constData());

    for (int i = 0; i < 2; ++i) {
        const auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("g"), headers);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->json().value("content").toArray().at(0).toObject().value("text").toString(),
                 QString("cheap"));
    }
    QCOMPARE(expensive.requestCount(), 3);
    QCOMPARE(cheap.requestCount(), 2);
    QCOMPARE(fx.events(ProxyEvent::Kind::BudgetWarning).size(), 1); // once per budget and day
}

void TestEngineResilience::slotMapEffortReachesUpstream_data()
{
    QTest::addColumn<int>("protocol");
    QTest::newRow("anthropic upstream") << int(Protocol::Anthropic);
    QTest::newRow("openai upstream") << int(Protocol::OpenAI);
}

void TestEngineResilience::slotMapEffortReachesUpstream()
{
    QFETCH(int, protocol);
    const bool anthropicUpstream = Protocol(protocol) == Protocol::Anthropic;
    FakeUpstream up;
    up.setDefaultHandler(FakeUpstream::jsonResponse(200, textBody(anthropicUpstream, "slotted")));
    SnapshotBuilder config;
    config.upstreamChannel("up", Protocol(protocol), up.url(), {"target-model"}, {"key-up"});
    config.clientKey("ci", clientSecret);
    config.slot("ci", "sonnet", {{"target", "up,target-model"}, {"effort", "low"}});
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    const RawHeaders headers = {{"anthropic-version", "2023-06-01"}, {"x-api-key", clientSecret}};
    auto response = fx.post("/v1/messages", EngineFixture::anthropicRequest("claude-sonnet-4-5"), headers);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(up.requestCount(), 1);
    QJsonObject sent = up.lastRequest().json();
    QCOMPARE(sent.value("model").toString(), QString("target-model"));
    if (anthropicUpstream)
        QCOMPARE(sent.value("output_config").toObject().value("effort").toString(), QString("low"));
    else
        QCOMPARE(sent.value("reasoning_effort").toString(), QString("low"));
    QVERIFY(fx.waitForRecords(1));
    QVERIFY2(fx.lastRecord().routeReason.contains("slot"), qPrintable(fx.lastRecord().routeReason));

    // The OpenAI client gets the same override; a model of another family is not touched.
    response = fx.post("/v1/chat/completions", EngineFixture::openAIRequest("claude-sonnet-4-5"),
                       {{"authorization", "Bearer " + clientSecret}});
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    sent = up.lastRequest().json();
    if (anthropicUpstream)
        QCOMPARE(sent.value("output_config").toObject().value("effort").toString(), QString("low"));
    else
        QCOMPARE(sent.value("reasoning_effort").toString(), QString("low"));
    response = fx.post("/v1/messages", EngineFixture::anthropicRequest("target-model"), headers);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    sent = up.lastRequest().json();
    QVERIFY(!sent.contains("reasoning_effort"));
    QVERIFY(!sent.value("output_config").toObject().contains("effort"));
}

// Background probes (health/probeIntervalSeconds): an unreachable channel's models leave /v1/models,
// a key the upstream rejects is disabled like one a request found, a healthy channel stays listed.
void TestEngineResilience::healthProbesHideUnreachableChannelAndRetireRejectedKeys()
{
    FakeUpstream down;
    FakeUpstream up;
    FakeUpstream rejecting;
    down.setHandler("/v1/models", failing(500));
    up.setHandler("/v1/models", FakeUpstream::jsonResponse(200, R"({"data":[{"id":"m"}]})"));
    rejecting.setHandler("/v1/models", failing(401));
    SnapshotBuilder config;
    config.upstreamChannel("down", Protocol::Anthropic, down.url(), {"gone"}, {"key-down"});
    config.upstreamChannel("up", Protocol::Anthropic, up.url(), {"m"}, {"key-up"});
    config.upstreamChannel("rejecting", Protocol::Anthropic, rejecting.url(), {"r"}, {"key-bad"});
    config.setting("health/probeIntervalSeconds", 1);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));

    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::KeyDisabled, 1));
    const ProxyEvent disabled = fx.events(ProxyEvent::Kind::KeyDisabled).first();
    QCOMPARE(disabled.channelName, QString("rejecting"));
    QVERIFY(!disabled.reason.contains("key-bad"));
    QTRY_VERIFY_WITH_TIMEOUT(down.requestCount() >= 1 && up.requestCount() >= 1, 5000);
    QCOMPARE(down.lastRequest().header("x-api-key"), QByteArray("key-down"));
    const auto response = fx.get("/v1/models");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    // "gone": its channel failed the probe; "r": its only key is retired.
    QCOMPARE(modelIds(*response), QStringList({"m"}));
    // The status report (refreshed within a second) shows the failed probe per model.
    const auto downProbeFailed = [&fx] {
        for (const UpstreamStatus &upstream : fx.host().status().upstreams) {
            if (upstream.channelName == u"down")
                return upstream.lastProbeAtMs > 0 && !upstream.lastProbeOk;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(downProbeFailed(), 3000);
}

// The breaker thresholds are settings ("breaker/*"): two failures open it here instead of five.
void TestEngineResilience::breakerThresholdsFromSettings()
{
    FakeUpstream a;
    a.setDefaultHandler(failing(500));
    SnapshotBuilder config;
    config.upstreamChannel("a", Protocol::Anthropic, a.url(), {"solo"}, {"key-a"});
    config.setting("breaker/failureThreshold", 2);
    config.setting("breaker/baseCooldownSeconds", 60);
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    for (int i = 0; i < 2; ++i) {
        const auto response =
            fx.post("/v1/messages", EngineFixture::anthropicRequest("solo"), anthropicHeaders);
        QVERIFY(response);
        QCOMPARE(response->status, 529);
    }
    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::BreakerOpened, 1));
    const int before = a.requestCount();
    const auto rejected = fx.post("/v1/messages", EngineFixture::anthropicRequest("solo"), anthropicHeaders);
    QVERIFY(rejected);
    QCOMPARE(rejected->status, 529);
    QCOMPARE(a.requestCount(), before); // skipped by the open breaker, the upstream saw nothing
    bool sawCooldown = false;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const UpstreamStatus &upstream : fx.host().status().upstreams) {
                if (upstream.key.model == u"solo" && upstream.breaker.state == BreakerState::Open)
                    sawCooldown = upstream.breaker.cooldownMs == 60000;
            }
            return sawCooldown;
        }(),
        3000);
}

void TestEngineResilience::modelsHidesModelWithOpenBreaker()
{
    ManualClock clock;
    FakeUpstream a;
    FakeUpstream b;
    SnapshotBuilder config;
    config.upstreamChannel("a", Protocol::Anthropic, a.url(), {"solo"}, {"key-a"});
    config.upstreamChannel("b", Protocol::Anthropic, b.url(), {"m"}, {"key-b"});
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    fx.setClock(&clock);
    auto response = fx.get("/v1/models");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(modelIds(*response), QStringList({"m", "solo"}));

    const UpstreamKey solo {config.channelId("a"), "solo"};
    fx.host().forceBreaker(solo, BreakerForce::Open);
    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::BreakerOpened, 1));
    response = fx.get("/v1/models");
    QVERIFY(response);
    QCOMPARE(modelIds(*response), QStringList({"m"}));
    response = fx.get("/v1/models/solo");
    QVERIFY(response);
    QCOMPARE(response->status, 404);

    fx.host().forceBreaker(solo, BreakerForce::None);
    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::BreakerClosed, 1));
    response = fx.get("/v1/models");
    QVERIFY(response);
    QCOMPARE(modelIds(*response), QStringList({"m", "solo"}));

    // Opened by failures the same: hidden while open, listed again once a probe would be admitted.
    a.setDefaultHandler(failing(500));
    for (int i = 0; i < 5; ++i) {
        response = fx.post("/v1/messages", EngineFixture::anthropicRequest("solo"), anthropicHeaders);
        QVERIFY(response);
        QCOMPARE(response->status, 529);
    }
    QVERIFY(fx.waitForEvents(ProxyEvent::Kind::BreakerOpened, 2));
    response = fx.get("/v1/models");
    QVERIFY(response);
    QCOMPARE(modelIds(*response), QStringList({"m"}));
    fx.advance(clock, 30000);
    response = fx.get("/v1/models");
    QVERIFY(response);
    QCOMPARE(modelIds(*response), QStringList({"m", "solo"}));
}

QTEST_GUILESS_MAIN(TestEngineResilience)
#include "tst_engine_resilience.moc"
