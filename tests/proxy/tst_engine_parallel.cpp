// Parallel streams through the proxy to ONE upstream host must not queue behind Qt's limit of six
// HTTP/1.1 connections per host (Claude Code runs many sub-agents at once): 16 slow streams of about
// one second each all run at the same time, end to end.

#include "enginefixture.h"
#include "fakeupstream.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>
#include <vector>

using namespace Switchyard;
using namespace Switchyard::Test;

class TestEngineParallel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sixteenSlowStreamsRunConcurrently_data();
    void sixteenSlowStreamsRunConcurrently();
    void overheadPerRequest();
};

namespace {

constexpr int streams = 16;
constexpr int gapMs = 130; // 8-9 events: about 1.1 s per stream

} // namespace

void TestEngineParallel::sixteenSlowStreamsRunConcurrently_data()
{
    QTest::addColumn<bool>("openAIUpstream");
    QTest::newRow("anthropic passthrough") << false;
    QTest::newRow("openai translated") << true;
}

void TestEngineParallel::sixteenSlowStreamsRunConcurrently()
{
    QFETCH(bool, openAIUpstream);
    FakeUpstream fake;
    const QList<QByteArray> events = openAIUpstream
        ? EngineFixture::openAITextChunks({"a", "b", "c", "d"})
        : EngineFixture::anthropicTextEvents({"a", "b", "c", "d"});
    fake.setDefaultHandler(FakeUpstream::sseScript(events, gapMs));
    SnapshotBuilder config;
    config.provider("p", openAIUpstream ? Protocol::OpenAI : Protocol::Anthropic,
                    openAIUpstream ? fake.url("/v1").toString() : fake.url().toString());
    config.channel("c", "p", {"m"}, {"k"});
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    const QByteArray body = EngineFixture::anthropicRequest("m", true);
    const RawHeaders headers = {{"Content-Type", "application/json"}, {"anthropic-version", "2023-06-01"}};

    // One stream alone, for the baseline.
    QElapsedTimer clock;
    clock.start();
    const auto single = fx.post("/v1/messages", body, {{"anthropic-version", "2023-06-01"}});
    QVERIFY(single);
    QCOMPARE(single->status, 200);
    const qint64 oneStreamMs = clock.elapsed();
    QVERIFY(oneStreamMs >= gapMs * 5);
    QCOMPARE(EngineFixture::anthropicText(EngineFixture::parseSse(single->body)), "abcd");

    std::vector<std::unique_ptr<RawHttpClient>> clients;
    for (int i = 0; i < streams; ++i) {
        auto client = std::make_unique<RawHttpClient>();
        QVERIFY(client->connectTo(fx.port()));
        clients.push_back(std::move(client));
    }
    const int connectionsBefore = fake.totalConnections();
    clock.restart();
    for (auto &client : clients)
        client->sendRequest("POST", "/v1/messages", body, headers);
    int complete = 0;
    for (auto &client : clients) {
        // While one client waits the event loop serves all of them.
        const auto response = client->readResponse(10000);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(EngineFixture::anthropicText(EngineFixture::parseSse(response->body)), "abcd");
        ++complete;
    }
    const qint64 wallMs = clock.elapsed();
    QCOMPARE(complete, streams);
    qInfo() << "one stream" << oneStreamMs << "ms; " << streams << "parallel streams" << wallMs
            << "ms; upstream peak connections" << fake.peakConnections() << "new connections"
            << fake.totalConnections() - connectionsBefore;
    QVERIFY2(fake.peakConnections() >= streams, QByteArray::number(fake.peakConnections()).constData());
    QVERIFY2(wallMs < 2 * oneStreamMs, QByteArray::number(wallMs).constData());
    QVERIFY(fx.waitForRecords(streams + 1));
    for (const UsageRecord &record : fx.records()) {
        QCOMPARE(record.status, 200);
        QCOMPARE(record.errorClass, "");
    }
}

void TestEngineParallel::overheadPerRequest()
{
    // What the proxy adds to a small non-streamed request on a keep-alive connection: the same
    // requests once directly to the fake upstream and once through the proxy (in its own thread).
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("ok")));
    SnapshotBuilder config;
    config.provider("p", Protocol::Anthropic, fake.url().toString());
    config.channel("c", "p", {"m"}, {"k"});
    EngineFixture fx;
    QVERIFY(fx.start(config.build()));
    const QByteArray body = EngineFixture::anthropicRequest("m");
    const RawHeaders headers = {{"Content-Type", "application/json"}, {"anthropic-version", "2023-06-01"}};
    constexpr int rounds = 200;
    // Event driven (qWaitFor polls in 10 ms steps, which would swamp the numbers). The fake
    // upstream lives in this thread too, so the client never blocks the thread.
    const auto run = [&](quint16 port) -> qint64 {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
        if (!socket.waitForConnected(3000))
            return -1;
        QByteArray request = "POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n";
        for (const auto &[name, value] : headers)
            request += name + ": " + value + "\r\n";
        request += "\r\n" + body;
        QByteArray received;
        RawHttpResponse response;
        QEventLoop loop;
        QTimer guard;
        guard.setSingleShot(true);
        QObject::connect(&guard, &QTimer::timeout, &loop, &QEventLoop::quit);
        QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
            received += socket.readAll();
            if (const qsizetype used = parseHttpResponse(received, &response); used > 0) {
                received.remove(0, used);
                loop.quit();
            }
        });
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < rounds; ++i) {
            response = {};
            socket.write(request);
            guard.start(5000);
            loop.exec();
            if (response.status != 200)
                return -1;
        }
        return clock.nsecsElapsed() / rounds / 1000;
    };
    const qint64 directUs = run(fake.port());
    const qint64 proxiedUs = run(fx.port());
    QVERIFY(directUs >= 0);
    QVERIFY(proxiedUs >= 0);
    qInfo() << "per request: direct" << directUs << "us, through the proxy" << proxiedUs << "us";
    QVERIFY(fx.waitForRecords(rounds));
    // Generous bound: this only catches something pathological (a timer or a queue in the path).
    QVERIFY2(proxiedUs < 20000, QByteArray::number(proxiedUs).constData());
}

QTEST_GUILESS_MAIN(TestEngineParallel)
#include "tst_engine_parallel.moc"
