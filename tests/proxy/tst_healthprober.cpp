// HealthProber against scripted fake upstreams on loopback: the model-list URL and auth headers
// per protocol, outcomes (ok with model ids, key rejected, other statuses, transport failures),
// which channels are probed, the in-flight cap, snapshot changes mid-round and the interval.

#include "fakeupstream.h"
#include "healthprober.h"
#include "upstreamcallrecord.h"
#include "upstreamclient.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace Switchyard;
using namespace Switchyard::Test;

namespace {

// A configuration built in the test: providers and channels with one key each (secret "key-<name>").
struct Config
{
    ConfigData data;
    QHash<QString, QByteArray> secrets;

    qint64 provider(const QString &name, Protocol protocol, const QString &baseUrl, bool enabled = true)
    {
        Provider p;
        p.id = data.providers.size() + 1;
        p.name = name;
        p.protocol = protocol;
        p.baseUrl = baseUrl;
        p.enabled = enabled;
        data.providers.append(p);
        return p.id;
    }

    Channel &channel(qint64 providerId, const QString &name, bool enabled = true, bool withKey = true)
    {
        Channel c;
        c.id = 100 + data.channels.size();
        c.providerId = providerId;
        c.name = name;
        c.enabled = enabled;
        c.proxyUrl = QStringLiteral("none");
        if (withKey)
            addKey(c, "key-" + name.toUtf8());
        data.channels.append(c);
        return data.channels.last();
    }

    void addKey(Channel &c, const QByteArray &secret, bool disabled = false)
    {
        ChannelKey key;
        key.id = c.id * 10 + c.keys.size();
        key.secretRef = QStringLiteral("ref/%1/%2").arg(c.id).arg(c.keys.size());
        key.disabled = disabled;
        c.keys.append(key);
        secrets.insert(key.secretRef, secret);
    }

    ConfigSnapshotPtr snapshot() const
    {
        auto snapshot = std::make_shared<ConfigSnapshot>();
        snapshot->config = data;
        snapshot->secrets = secrets;
        return snapshot;
    }
};

// Collects probed() results by channel name.
struct Results
{
    explicit Results(HealthProber &prober)
    {
        QObject::connect(&prober, &HealthProber::probed, &prober, [this](const ProbeResult &result) {
            list.append(result);
            at.append(clock.elapsed());
        });
        QObject::connect(&prober, &HealthProber::roundFinished, &prober, [this] { ++rounds; });
        clock.start();
    }

    std::optional<ProbeResult> of(const QString &channel) const
    {
        for (const ProbeResult &result : list) {
            if (result.channelName == channel)
                return result;
        }
        return std::nullopt;
    }
    int countOf(const QString &channel) const
    {
        return int(std::count_if(list.begin(), list.end(),
                                 [&](const ProbeResult &r) { return r.channelName == channel; }));
    }
    bool waitFor(int count, int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] { return list.size() >= count; }, timeoutMs);
    }

    QList<ProbeResult> list;
    QList<qint64> at; // ms since construction, per result
    int rounds = 0;
    QElapsedTimer clock;
};

const QByteArray modelList =
    R"({"data":[{"id":"model-a","type":"model"},{"id":"model-b"}],"has_more":false})";

FakeHandler delayedJson(int ms, int status, const QByteArray &json)
{
    return [=](FakeExchange &exchange) {
        exchange.delay(ms).respond(status, {{"Content-Type", "application/json"}}, json);
    };
}

} // namespace

class TestHealthProber : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelsUrl_data();
    void modelsUrl();
    void parseModelIds();
    void pathsAndAuthHeaders();
    void outcomes();
    void hugeModelListIsNotReadToTheEnd();
    void whoIsProbed();
    void keyChoice();
    void atMostFourInFlight();
    void snapshotChangeSkipsQueuedChannels();
    void intervalIsRespected();
    void overrunningProbeIsNotDoubled();
};

void TestHealthProber::modelsUrl_data()
{
    QTest::addColumn<int>("protocol");
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("expected");
    QTest::newRow("anthropic bare") << int(Protocol::Anthropic) << "https://api.anthropic.com"
                                    << "https://api.anthropic.com/v1/models";
    QTest::newRow("anthropic slash") << int(Protocol::Anthropic) << "https://api.anthropic.com/"
                                     << "https://api.anthropic.com/v1/models";
    QTest::newRow("anthropic v1") << int(Protocol::Anthropic) << "https://gw.example/anthropic/v1/"
                                  << "https://gw.example/anthropic/v1/models";
    QTest::newRow("openai") << int(Protocol::OpenAI) << "https://api.openai.com/v1"
                            << "https://api.openai.com/v1/models";
    QTest::newRow("openai compat no version") << int(Protocol::OpenAI) << " https://api.deepseek.com// "
                                              << "https://api.deepseek.com/models";
    QTest::newRow("gemini") << int(Protocol::Gemini) << "https://generativelanguage.googleapis.com"
                            << "";
    QTest::newRow("responses") << int(Protocol::Responses) << "https://api.openai.com/v1"
                               << "";
}

void TestHealthProber::modelsUrl()
{
    QFETCH(int, protocol);
    QFETCH(QString, base);
    QFETCH(QString, expected);
    QCOMPARE(HealthProber::modelsUrl(Protocol(protocol), base).toString(), expected);
}

void TestHealthProber::parseModelIds()
{
    QCOMPARE(HealthProber::parseModelIds(modelList), (QStringList {"model-a", "model-b"}));
    QCOMPARE(HealthProber::parseModelIds(R"({"object":"list","data":[{"id":"gpt-4o"},{"x":1},{"id":""}]})"),
             QStringList {"gpt-4o"});
    QVERIFY(HealthProber::parseModelIds("not json").isEmpty());
    QVERIFY(HealthProber::parseModelIds(R"({"models":[{"name":"llama3"}]})").isEmpty());
    QVERIFY(HealthProber::parseModelIds({}).isEmpty());
}

void TestHealthProber::pathsAndAuthHeaders()
{
    FakeUpstream fake;
    for (const QString &path : {QStringLiteral("/v1/models"), QStringLiteral("/anthropic/v1/models"),
                                QStringLiteral("/openai/v1/models"), QStringLiteral("/override/v1/models")})
        fake.setHandler(path, FakeUpstream::jsonResponse(200, modelList));
    Config config;
    const qint64 bare =
        config.provider(QStringLiteral("anthropic-bare"), Protocol::Anthropic, fake.url().toString());
    const qint64 versioned = config.provider(QStringLiteral("anthropic-v1"), Protocol::Anthropic,
                                             fake.url(QStringLiteral("/anthropic/v1")).toString());
    const qint64 openai = config.provider(QStringLiteral("openai"), Protocol::OpenAI,
                                          fake.url(QStringLiteral("/openai/v1/")).toString());
    config.channel(bare, QStringLiteral("a1"));
    config.channel(versioned, QStringLiteral("a2"));
    config.channel(openai, QStringLiteral("o1"));
    config.channel(openai, QStringLiteral("o2")).baseUrl =
        fake.url(QStringLiteral("/override/v1")).toString();

    UpstreamClient client;
    HealthProber prober(&client);
    Results results(prober);
    prober.setSnapshot(config.snapshot());
    prober.probeNow();
    QVERIFY(results.waitFor(4));
    QVERIFY(QTest::qWaitFor([&] { return results.rounds == 1; }, 1000));
    QCOMPARE(fake.requestCount(), 4);

    for (const RecordedRequest &request : fake.requests()) {
        QCOMPARE(request.method, QByteArray("GET"));
        QVERIFY(request.body.isEmpty());
        if (request.path == "/v1/models" || request.path == "/anthropic/v1/models") {
            const QByteArray key = request.path == "/v1/models" ? "key-a1" : "key-a2";
            QCOMPARE(request.header("x-api-key"), key);
            QCOMPARE(request.header("anthropic-version"), QByteArray("2023-06-01"));
            QVERIFY(!request.hasHeader("authorization"));
        } else {
            const QByteArray key = request.path == "/openai/v1/models" ? "key-o1" : "key-o2";
            QCOMPARE(request.header("authorization"), "Bearer " + key);
            QVERIFY(!request.hasHeader("x-api-key"));
            QVERIFY(!request.hasHeader("anthropic-version"));
        }
    }
    for (const QString name : {"a1", "a2", "o1", "o2"}) {
        const auto result = results.of(name);
        QVERIFY2(result, qPrintable(name));
        QVERIFY2(result->ok, qPrintable(result->error));
        QVERIFY(!result->keyRejected);
        QCOMPARE(result->status, 200);
        QVERIFY(result->error.isEmpty());
        QVERIFY(result->latencyMs >= 0);
        QCOMPARE(result->models, (QStringList {"model-a", "model-b"}));
        QCOMPARE(result->channelId, config.data.channelByName(name)->id);
    }
}

void TestHealthProber::outcomes()
{
    FakeUpstream fake;
    fake.setHandler(
        QStringLiteral("/s401/models"),
        FakeUpstream::jsonResponse(401, R"({"error":{"message":"Incorrect API key provided: key-k401"}})"));
    fake.setHandler(QStringLiteral("/s403/models"),
                    FakeUpstream::jsonResponse(403, R"({"error":"forbidden"})"));
    fake.setHandler(QStringLiteral("/s500/models"), FakeUpstream::jsonResponse(500, R"({"error":"boom"})"));
    fake.setHandler(QStringLiteral("/s404/models"), FakeUpstream::jsonResponse(404, R"({"error":"nope"})"));
    fake.setHandler(QStringLiteral("/notjson/models"), [](FakeExchange &exchange) {
        exchange.respond(200, {{"Content-Type", "text/plain"}}, "hello");
    });
    fake.setHandler(QStringLiteral("/stall/models"), FakeUpstream::stalled());
    Config config;
    const auto add = [&](const QString &name, const QString &base) {
        config.channel(config.provider(name, Protocol::OpenAI, base), name);
    };
    for (const QString name : {"s401", "s403", "s500", "s404", "notjson", "stall"})
        add(name, fake.url(u'/' + name).toString());
    add(QStringLiteral("refused"), QStringLiteral("http://127.0.0.1:%1/v1").arg(unusedPort()));
    add(QStringLiteral("metadata"), QStringLiteral("http://169.254.169.254/v1"));

    UpstreamClient client;
    HealthProber prober(&client);
    prober.setTimeoutMs(400);
    Results results(prober);
    prober.setSnapshot(config.snapshot());
    prober.probeNow();
    QVERIFY(results.waitFor(8, 10000));

    for (const QString name : {"s401", "s403"}) {
        const auto result = results.of(name);
        QVERIFY(result);
        QVERIFY(!result->ok);
        QVERIFY(result->keyRejected);
        QCOMPARE(result->status, name == u"s401" ? 401 : 403);
        QVERIFY2(result->error.contains(QStringLiteral("key rejected")), qPrintable(result->error));
    }
    for (const QString name : {"s500", "s404"}) {
        const auto result = results.of(name);
        QVERIFY(result);
        QVERIFY(!result->ok);
        QVERIFY(!result->keyRejected);
        QCOMPARE(result->status, name.mid(1).toInt());
        QCOMPARE(result->error, QStringLiteral("HTTP %1").arg(result->status));
    }
    const auto notJson = results.of(QStringLiteral("notjson"));
    QVERIFY(notJson && notJson->ok); // the upstream answered and took the key
    QVERIFY(notJson->models.isEmpty());

    const auto stalled = results.of(QStringLiteral("stall"));
    QVERIFY(stalled && !stalled->ok && !stalled->keyRejected);
    QCOMPARE(stalled->status, 0);
    QCOMPARE(stalled->latencyMs, -1);
    QVERIFY2(stalled->error.startsWith(QStringLiteral("first-byte-timeout")), qPrintable(stalled->error));

    const auto refused = results.of(QStringLiteral("refused"));
    QVERIFY(refused && !refused->ok && !refused->keyRejected);
    QVERIFY2(refused->error.startsWith(QStringLiteral("connect")), qPrintable(refused->error));

    // The URL policy applies to probes too: nothing is sent to a metadata address.
    const auto metadata = results.of(QStringLiteral("metadata"));
    QVERIFY(metadata && !metadata->ok);
    QVERIFY2(metadata->error.contains(QStringLiteral("cloud metadata")), qPrintable(metadata->error));

    for (const ProbeResult &result : std::as_const(results.list))
        QVERIFY2(!result.error.contains(QStringLiteral("key-")), qPrintable(result.error));
}

void TestHealthProber::hugeModelListIsNotReadToTheEnd()
{
    // A 2xx already answered the question: past maxBodyBytes the probe stops reading (ok, no ids)
    // instead of buffering whatever the upstream sends.
    FakeUpstream fake;
    const QByteArray piece(256 * 1024, ' ');
    const int pieces = int(HealthProber::maxBodyBytes / piece.size()) + 4;
    fake.setDefaultHandler([&](FakeExchange &exchange) {
        exchange.beginStream(200, {{"Content-Type", "application/json"}}).sendChunk(R"({"data":[)");
        for (int i = 0; i < pieces; ++i)
            exchange.sendChunk(piece);
        exchange.sendChunk("]}").endStream();
    });
    Config config;
    config.channel(
        config.provider(QStringLiteral("p"), Protocol::OpenAI, fake.url(QStringLiteral("/v1")).toString()),
        QStringLiteral("big"));
    UpstreamClient client;
    HealthProber prober(&client);
    Results results(prober);
    prober.setSnapshot(config.snapshot());
    prober.probeNow();
    QVERIFY(results.waitFor(1, 10000));
    const ProbeResult result = results.list.first();
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.status, 200);
    QVERIFY(result.models.isEmpty());
    QCOMPARE(client.inFlight(), 0);
    // The call was aborted mid-body (a complete response would have left the connection pooled).
    QVERIFY(fake.waitForClientDisconnects(1, 2000));
    QCOMPARE(client.connectionCount(), 0);
}

void TestHealthProber::whoIsProbed()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, modelList));
    Config config;
    const QString base = fake.url(QStringLiteral("/v1")).toString();
    const qint64 on = config.provider(QStringLiteral("on"), Protocol::OpenAI, base);
    const qint64 off = config.provider(QStringLiteral("off"), Protocol::OpenAI, base, false);
    const qint64 gemini = config.provider(QStringLiteral("gemini"), Protocol::Gemini, base);
    const qint64 responses = config.provider(QStringLiteral("responses"), Protocol::Responses, base);
    const qint64 noUrl = config.provider(QStringLiteral("nourl"), Protocol::OpenAI, QString());
    config.channel(on, QStringLiteral("enabled"));
    config.channel(on, QStringLiteral("disabled"), false);
    config.channel(off, QStringLiteral("of-disabled-provider"));
    config.channel(gemini, QStringLiteral("gemini"));
    config.channel(responses, QStringLiteral("responses"));
    config.channel(noUrl, QStringLiteral("no-url"));

    UpstreamClient client;
    HealthProber prober(&client);
    Results results(prober);
    prober.probeNow(); // no snapshot yet: nothing to do
    prober.setSnapshot(config.snapshot());
    prober.probeNow();
    QVERIFY(QTest::qWaitFor([&] { return results.rounds == 1; }, 5000));
    QTest::qWait(100); // nothing else arrives late
    QCOMPARE(results.list.size(), 1);
    QCOMPARE(results.list.first().channelName, QStringLiteral("enabled"));
    QCOMPARE(fake.requestCount(), 1);
    QCOMPARE(prober.inFlight(), 0);
    QCOMPARE(prober.queued(), 0);
}

void TestHealthProber::keyChoice()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, modelList));
    Config config;
    const qint64 provider =
        config.provider(QStringLiteral("p"), Protocol::OpenAI, fake.url(QStringLiteral("/v1")).toString());
    Channel &rotated = config.channel(provider, QStringLiteral("rotated"), true, false);
    config.addKey(rotated, "key-first-disabled", true);
    config.addKey(rotated, "key-second");
    config.channel(provider, QStringLiteral("keyless"), true, false); // e.g. Ollama
    Channel &allDisabled = config.channel(provider, QStringLiteral("all-disabled"), true, false);
    config.addKey(allDisabled, "key-off", true);

    {
        UpstreamClient client;
        HealthProber prober(&client);
        Results results(prober);
        prober.setSnapshot(config.snapshot());
        prober.probeNow();
        QVERIFY(results.waitFor(3));
        QCOMPARE(fake.requestCount(), 2); // all-disabled sends nothing
        QHash<QByteArray, int> authorizations;
        for (const RecordedRequest &request : fake.requests())
            ++authorizations[request.header("authorization")];
        QCOMPARE(authorizations.value("Bearer key-second"), 1); // the first enabled key
        QCOMPARE(authorizations.value(QByteArray()), 1); // keyless: no header at all
        const auto none = results.of(QStringLiteral("all-disabled"));
        QVERIFY(none && !none->ok && !none->keyRejected);
        QCOMPARE(none->error, QStringLiteral("no usable key"));
        QVERIFY(results.of(QStringLiteral("keyless"))->ok);
    }

    // A key provider (the key rotation's current pick) overrides the default.
    fake.clearRequests();
    UpstreamClient client;
    HealthProber prober(&client);
    Results results(prober);
    QList<QString> asked;
    prober.setKeyProvider([&](const Channel &channel) {
        asked.append(channel.name);
        return channel.name == u"rotated" ? QByteArray("key-from-provider") : QByteArray();
    });
    prober.setSnapshot(config.snapshot());
    prober.probeNow();
    QVERIFY(results.waitFor(3));
    std::sort(asked.begin(), asked.end());
    QCOMPARE(asked, (QList<QString> {"all-disabled", "keyless", "rotated"}));
    QCOMPARE(fake.requestCount(), 2);
    bool sawProviderKey = false;
    for (const RecordedRequest &request : fake.requests())
        sawProviderKey |= request.header("authorization") == "Bearer key-from-provider";
    QVERIFY(sawProviderKey);
}

void TestHealthProber::atMostFourInFlight()
{
    FakeUpstream fake;
    fake.setDefaultHandler(delayedJson(150, 200, modelList));
    Config config;
    const qint64 provider =
        config.provider(QStringLiteral("p"), Protocol::OpenAI, fake.url(QStringLiteral("/v1")).toString());
    for (int i = 0; i < 9; ++i)
        config.channel(provider, QStringLiteral("c%1").arg(i));

    UpstreamClient client;
    HealthProber prober(&client);
    Results results(prober);
    int maxInFlight = 0;
    int maxCalls = 0;
    connect(&fake, &FakeUpstream::requestReceived, this, [&] {
        maxInFlight = std::max(maxInFlight, prober.inFlight());
        maxCalls = std::max(maxCalls, client.inFlight());
    });
    prober.setSnapshot(config.snapshot());
    prober.probeNow();
    QCOMPARE(prober.inFlight(), HealthProber::maxInFlight);
    QCOMPARE(prober.queued(), 9 - HealthProber::maxInFlight);
    prober.probeNow(); // a second call while the round runs queues nothing twice
    QCOMPARE(prober.queued(), 9 - HealthProber::maxInFlight);
    QVERIFY(results.waitFor(9));
    QVERIFY(QTest::qWaitFor([&] { return results.rounds == 1; }, 1000));
    QCOMPARE(results.list.size(), 9);
    QCOMPARE(fake.requestCount(), 9);
    QCOMPARE(maxInFlight, HealthProber::maxInFlight);
    QCOMPARE(maxCalls, HealthProber::maxInFlight);
    QVERIFY(fake.peakConnections() <= HealthProber::maxInFlight);
    for (int i = 0; i < 9; ++i)
        QCOMPARE(results.countOf(QStringLiteral("c%1").arg(i)), 1);
}

void TestHealthProber::snapshotChangeSkipsQueuedChannels()
{
    FakeUpstream fake;
    fake.setDefaultHandler(delayedJson(100, 200, modelList));
    Config config;
    const qint64 provider =
        config.provider(QStringLiteral("p"), Protocol::OpenAI, fake.url(QStringLiteral("/v1")).toString());
    for (int i = 0; i < 6; ++i)
        config.channel(provider, QStringLiteral("c%1").arg(i));

    UpstreamClient client;
    HealthProber prober(&client);
    Results results(prober);
    prober.setSnapshot(config.snapshot());
    prober.probeNow(); // c0..c3 in flight, c4 and c5 queued
    QCOMPARE(prober.queued(), 2);
    config.data.channels[5].enabled = false;
    prober.setSnapshot(config.snapshot());
    QVERIFY(QTest::qWaitFor([&] { return results.rounds == 1; }, 5000));
    QCOMPARE(results.list.size(), 5);
    QCOMPARE(results.countOf(QStringLiteral("c5")), 0);
    QCOMPARE(fake.requestCount(), 5);
}

void TestHealthProber::intervalIsRespected()
{
    constexpr int intervalMs = 200;
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, modelList));
    Config config;
    config.channel(
        config.provider(QStringLiteral("p"), Protocol::OpenAI, fake.url(QStringLiteral("/v1")).toString()),
        QStringLiteral("c"));

    UpstreamClient client;
    HealthProber prober(&client);
    Results results(prober);
    prober.setSnapshot(config.snapshot());
    QCOMPARE(prober.interval(), 0);
    QTest::qWait(250); // off by default
    QCOMPARE(results.list.size(), 0);

    results.clock.restart();
    prober.setInterval(intervalMs);
    QCOMPARE(prober.interval(), intervalMs);
    QVERIFY(results.waitFor(4, 10 * intervalMs + 3000));
    const QList<qint64> at = results.at;
    // The first round comes after one interval, not at once; rounds never come early (a coarse
    // timer may fire up to 5% early), and a loaded machine may make them late, not more frequent.
    QVERIFY2(at.first() >= intervalMs * 95 / 100, qPrintable(QString::number(at.first())));
    for (qsizetype i = 1; i < at.size(); ++i)
        QVERIFY2(at[i] - at[i - 1] >= intervalMs * 90 / 100,
                 qPrintable(QStringLiteral("gap %1: %2 ms").arg(i).arg(at[i] - at[i - 1])));
    QCOMPARE(fake.requestCount(), results.list.size());

    prober.setInterval(0);
    const qsizetype count = results.list.size();
    QTest::qWait(3 * intervalMs);
    QCOMPARE(results.list.size(), count);
}

void TestHealthProber::overrunningProbeIsNotDoubled()
{
    // Rounds every 50 ms against an upstream that answers after 400 ms: one probe at a time.
    FakeUpstream fake;
    fake.setDefaultHandler(delayedJson(400, 200, modelList));
    Config config;
    config.channel(
        config.provider(QStringLiteral("p"), Protocol::OpenAI, fake.url(QStringLiteral("/v1")).toString()),
        QStringLiteral("slow"));

    UpstreamClient client;
    HealthProber prober(&client);
    prober.setTimeoutMs(2000);
    Results results(prober);
    int maxCalls = 0;
    connect(&fake, &FakeUpstream::requestReceived, this,
            [&] { maxCalls = std::max(maxCalls, client.inFlight()); });
    prober.setSnapshot(config.snapshot());
    prober.setInterval(50);
    QVERIFY(results.waitFor(2, 5000));
    prober.setInterval(0);
    QCOMPARE(maxCalls, 1);
    QVERIFY(fake.requestCount() <= results.list.size() + 1); // at most the one now in flight
    for (const ProbeResult &result : std::as_const(results.list))
        QVERIFY2(result.ok, qPrintable(result.error));
}

QTEST_GUILESS_MAIN(TestHealthProber)
#include "tst_healthprober.moc"
