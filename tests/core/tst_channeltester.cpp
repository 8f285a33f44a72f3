// ChannelTester against an in-process fake upstream: the request it sends in each protocol, latency
// and time-to-first-token measured from a paced stream, errors (HTTP, stream, refused, timeout) with
// the key never in them, model discovery with paging, cancel, and unsupported protocols.

#include "channeltester.h"
#include "fakeupstream.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Switchyard;
using namespace Switchyard::Test;

namespace {

const QByteArray Secret = "sk-test-0123456789abcdefSECRET";

Provider provider(Protocol protocol)
{
    Provider p;
    p.id = 1;
    p.name = QStringLiteral("p");
    p.protocol = protocol;
    return p;
}

QByteArray anthropicDelta(const char *text)
{
    return FakeUpstream::sseEvent(
        "content_block_delta",
        QByteArray(R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":")") + text
            + "\"}}");
}

QByteArray openAIDelta(const char *text)
{
    return QByteArray(
               R"(data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":")")
        + text + "\"},\"finish_reason\":null}]}\n\n";
}

ChannelTestResult runTest(ChannelTester &tester, const Provider &p, const QString &base,
                          const QByteArray &secret, const QString &model = QStringLiteral("m1"))
{
    QSignalSpy spy(&tester, &ChannelTester::testFinished);
    tester.test(p, base, secret, model);
    if (!spy.wait(10000) || spy.size() != 1)
        return {};
    return spy.at(0).at(0).value<ChannelTestResult>();
}

} // namespace

class TestChannelTester : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void anthropicStreamMeasuresLatencyAndFirstToken()
    {
        FakeUpstream fake;
        fake.setHandler(QStringLiteral("/v1/messages"), [](FakeExchange &ex) {
            ex.beginStream(200)
                .sendChunk(
                    FakeUpstream::sseEvent("message_start", R"({"type":"message_start","message":{}})"))
                .delay(150)
                .sendChunk(anthropicDelta("O"))
                .sendChunk(anthropicDelta("K"))
                .delay(120)
                .sendChunk(FakeUpstream::sseEvent("message_stop", R"({"type":"message_stop"})"))
                .endStream();
        });
        ChannelTester tester;
        QSignalSpy progress(&tester, &ChannelTester::progress);
        const ChannelTestResult result = runTest(tester, provider(Protocol::Anthropic), fake.url().toString(),
                                                 Secret, QStringLiteral("claude-haiku-4-5"));
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.reply, QStringLiteral("OK"));
        QVERIFY2(result.ttftMs >= 140, qPrintable(QString::number(result.ttftMs)));
        QVERIFY2(result.latencyMs >= result.ttftMs + 100, qPrintable(QString::number(result.latencyMs)));
        QVERIFY(result.latencyMs < 5000);
        QVERIFY(progress.size() >= 2); // connecting, waiting/first token

        const RecordedRequest request = fake.lastRequest();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QByteArray("/v1/messages"));
        QCOMPARE(request.header("x-api-key"), Secret);
        QVERIFY(!request.header("anthropic-version").isEmpty());
        QVERIFY(!request.hasHeader("authorization"));
        const QJsonObject body = request.json();
        QCOMPARE(body.value(u"model").toString(), QStringLiteral("claude-haiku-4-5"));
        QCOMPARE(body.value(u"max_tokens").toInt(), 8);
        QCOMPARE(body.value(u"stream").toBool(), true);
        QCOMPARE(body.value(u"messages").toArray().at(0).toObject().value(u"content").toString(),
                 QStringLiteral("Reply with OK"));
    }

    void anthropicBaseWithVersionSuffix()
    {
        QCOMPARE(ChannelTester::testUrl(Protocol::Anthropic, QStringLiteral("https://api.anthropic.com/")),
                 QStringLiteral("https://api.anthropic.com/v1/messages"));
        QCOMPARE(ChannelTester::testUrl(Protocol::Anthropic, QStringLiteral("https://x.test/v1")),
                 QStringLiteral("https://x.test/v1/messages"));
        QCOMPARE(ChannelTester::modelsUrl(Protocol::Anthropic, QStringLiteral("https://x.test/v1/")),
                 QStringLiteral("https://x.test/v1/models"));
        QCOMPARE(ChannelTester::testUrl(Protocol::OpenAI, QStringLiteral("https://api.openai.com/v1/")),
                 QStringLiteral("https://api.openai.com/v1/chat/completions"));
        QCOMPARE(ChannelTester::modelsUrl(Protocol::OpenAI, QStringLiteral("http://h:1/api/v3")),
                 QStringLiteral("http://h:1/api/v3/models"));
    }

    void openAIStreamWithBearer()
    {
        FakeUpstream fake;
        fake.setHandler(QStringLiteral("/v1/chat/completions"), [](FakeExchange &ex) {
            ex.beginStream(200)
                .sendChunk(R"(data: {"id":"c","choices":[{"index":0,"delta":{"role":"assistant"}}]})"
                           "\n\n")
                .delay(100)
                .sendChunk(openAIDelta("OK"))
                .sendChunk("data: [DONE]\n\n")
                .endStream();
        });
        ChannelTester tester;
        const ChannelTestResult result =
            runTest(tester, provider(Protocol::OpenAI), fake.url(QStringLiteral("/v1")).toString(), Secret);
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.reply, QStringLiteral("OK"));
        QVERIFY(result.ttftMs >= 90);
        QVERIFY(result.latencyMs >= result.ttftMs);
        const RecordedRequest request = fake.lastRequest();
        QCOMPARE(request.path, QByteArray("/v1/chat/completions"));
        QCOMPARE(request.header("authorization"), "Bearer " + Secret);
        QVERIFY(!request.hasHeader("x-api-key"));
        QCOMPARE(request.json().value(u"max_tokens").toInt(), 8);
    }

    void noKeySendsNoAuthorization()
    {
        FakeUpstream fake;
        fake.setDefaultHandler(FakeUpstream::sseScript({openAIDelta("OK"), "data: [DONE]"}, 0));
        ChannelTester tester;
        const ChannelTestResult result =
            runTest(tester, provider(Protocol::OpenAI), fake.url().toString(), {});
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY(!fake.lastRequest().hasHeader("authorization"));
    }

    void jsonAnswerInsteadOfStream()
    {
        FakeUpstream fake;
        fake.setDefaultHandler(FakeUpstream::jsonResponse(
            200, R"({"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"OK."}}]})"));
        ChannelTester tester;
        const ChannelTestResult result =
            runTest(tester, provider(Protocol::OpenAI), fake.url().toString(), Secret);
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.reply, QStringLiteral("OK."));
        QCOMPARE(result.ttftMs, result.latencyMs);
    }

    void httpErrorNeverShowsTheKey()
    {
        FakeUpstream fake;
        // Some upstreams echo what they got; the result must not carry it in full.
        fake.setDefaultHandler(FakeUpstream::jsonResponse(
            401,
            R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key )" + Secret
                + R"("}})"));
        ChannelTester tester;
        const ChannelTestResult result =
            runTest(tester, provider(Protocol::Anthropic), fake.url().toString(), Secret);
        QVERIFY(!result.ok);
        QCOMPARE(result.status, 401);
        QVERIFY2(result.error.contains(QLatin1String("401")), qPrintable(result.error));
        QVERIFY2(result.error.contains(QLatin1String("invalid x-api-key")), qPrintable(result.error));
        QVERIFY2(!result.error.contains(QString::fromUtf8(Secret)), qPrintable(result.error));
    }

    void streamErrorEvent()
    {
        FakeUpstream fake;
        fake.setDefaultHandler(FakeUpstream::sseScript(
            {FakeUpstream::sseEvent(
                "error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")},
            0));
        ChannelTester tester;
        const ChannelTestResult result =
            runTest(tester, provider(Protocol::Anthropic), fake.url().toString(), Secret);
        QVERIFY(!result.ok);
        QCOMPARE(result.status, 200);
        QVERIFY2(result.error.contains(QLatin1String("Overloaded")), qPrintable(result.error));
    }

    void connectionRefused()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const quint16 port = server.serverPort();
        server.close(); // nothing listens there now
        ChannelTester tester;
        const ChannelTestResult result = runTest(tester, provider(Protocol::OpenAI),
                                                 QStringLiteral("http://127.0.0.1:%1/v1").arg(port), Secret);
        QVERIFY(!result.ok);
        QCOMPARE(result.status, 0);
        QVERIFY(!result.error.isEmpty());
    }

    void timeoutOnStalledUpstream()
    {
        FakeUpstream fake;
        fake.setDefaultHandler(FakeUpstream::stalled());
        ChannelTester tester;
        tester.setTimeoutMs(400);
        QElapsedTimer clock;
        clock.start();
        const ChannelTestResult result =
            runTest(tester, provider(Protocol::OpenAI), fake.url().toString(), Secret);
        QVERIFY(!result.ok);
        QVERIFY2(clock.elapsed() < 4000, "the timeout did not end the test");
        QVERIFY2(result.error.contains(QLatin1String("0.4")), qPrintable(result.error));
    }

    void cancelEmitsNothing()
    {
        FakeUpstream fake;
        fake.setDefaultHandler(FakeUpstream::stalled());
        ChannelTester tester;
        QSignalSpy finished(&tester, &ChannelTester::testFinished);
        tester.test(provider(Protocol::OpenAI), fake.url().toString(), Secret, QStringLiteral("m"));
        QVERIFY(fake.waitForRequests(1));
        QVERIFY(tester.isBusy());
        tester.cancel();
        QVERIFY(!tester.isBusy());
        QTest::qWait(200);
        QCOMPARE(finished.size(), 0);
    }

    void unsupportedProtocolsFailWithoutRequest()
    {
        FakeUpstream fake;
        ChannelTester tester;
        for (Protocol protocol : {Protocol::Gemini, Protocol::Responses}) {
            const ChannelTestResult result =
                runTest(tester, provider(protocol), fake.url().toString(), Secret);
            QVERIFY(!result.ok);
            QVERIFY2(result.error.contains(QLatin1String("not supported")), qPrintable(result.error));
            QSignalSpy discovered(&tester, &ChannelTester::modelsDiscovered);
            tester.discoverModels(provider(protocol), fake.url().toString(), Secret);
            QVERIFY(discovered.wait(2000));
            QVERIFY(discovered.at(0).at(0).toStringList().isEmpty());
            QVERIFY(!discovered.at(0).at(1).toString().isEmpty());
        }
        QCOMPARE(fake.requestCount(), 0);
    }

    void missingModelOrBase()
    {
        ChannelTester tester;
        ChannelTestResult result = runTest(tester, provider(Protocol::OpenAI),
                                           QStringLiteral("http://127.0.0.1:1/v1"), Secret, QString());
        QVERIFY(!result.ok);
        QVERIFY(!result.error.isEmpty());
        result = runTest(tester, provider(Protocol::OpenAI), QString(), Secret);
        QVERIFY(!result.ok);
    }

    void discoverOpenAIModels()
    {
        FakeUpstream fake;
        fake.setHandler(
            QStringLiteral("/v1/models"),
            FakeUpstream::jsonResponse(200, R"({"object":"list","data":[{"id":"zeta","object":"model"},
                            {"id":"alpha","object":"model"},{"id":"alpha","object":"model"}]})"));
        ChannelTester tester;
        QSignalSpy progress(&tester, &ChannelTester::progress);
        QSignalSpy discovered(&tester, &ChannelTester::modelsDiscovered);
        tester.discoverModels(provider(Protocol::OpenAI), fake.url(QStringLiteral("/v1")).toString(), Secret);
        QVERIFY(discovered.wait(5000));
        QCOMPARE(discovered.at(0).at(1).toString(), QString());
        QCOMPARE(discovered.at(0).at(0).toStringList(),
                 (QStringList {QStringLiteral("alpha"), QStringLiteral("zeta")}));
        QVERIFY(progress.size() >= 2);
        QCOMPARE(fake.lastRequest().method, QByteArray("GET"));
        QCOMPARE(fake.lastRequest().header("authorization"), "Bearer " + Secret);
    }

    void discoverAnthropicFollowsPages()
    {
        FakeUpstream fake;
        fake.setHandler(QStringLiteral("/v1/models"), [](FakeExchange &ex) {
            if (ex.request().target.contains("after_id=claude-b"))
                ex.respondJson(
                    200,
                    R"({"data":[{"id":"claude-c","type":"model"}],"has_more":false,"last_id":"claude-c"})");
            else
                ex.respondJson(200,
                               R"({"data":[{"id":"claude-a","type":"model"},{"id":"claude-b","type":"model"}],
                                      "has_more":true,"first_id":"claude-a","last_id":"claude-b"})");
        });
        ChannelTester tester;
        QSignalSpy discovered(&tester, &ChannelTester::modelsDiscovered);
        tester.discoverModels(provider(Protocol::Anthropic), fake.url().toString(), Secret);
        QVERIFY(discovered.wait(5000));
        QCOMPARE(discovered.at(0).at(0).toStringList(),
                 (QStringList {QStringLiteral("claude-a"), QStringLiteral("claude-b"),
                               QStringLiteral("claude-c")}));
        QCOMPARE(fake.requestCount(), 2);
        QCOMPARE(fake.requests().at(0).header("x-api-key"), Secret);
        QCOMPARE(fake.requests().at(1).header("x-api-key"), Secret);
    }

    void discoverError()
    {
        FakeUpstream fake;
        fake.setDefaultHandler(FakeUpstream::jsonResponse(403, R"({"error":{"message":"forbidden here"}})"));
        ChannelTester tester;
        QSignalSpy discovered(&tester, &ChannelTester::modelsDiscovered);
        tester.discoverModels(provider(Protocol::OpenAI), fake.url().toString(), Secret);
        QVERIFY(discovered.wait(5000));
        QVERIFY(discovered.at(0).at(0).toStringList().isEmpty());
        const QString error = discovered.at(0).at(1).toString();
        QVERIFY2(error.contains(QLatin1String("403")) && error.contains(QLatin1String("forbidden here")),
                 qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestChannelTester)
#include "tst_channeltester.moc"
