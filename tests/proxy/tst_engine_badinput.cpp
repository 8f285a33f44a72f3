// Malformed client requests end to end, in both caller shapes (Anthropic /v1/messages and OpenAI
// /v1/chat/completions): each gets a clear 4xx error body, never a crash, a hang or an upstream call.

#include "enginefixture.h"
#include "fakeupstream.h"

#include <QTest>

using namespace Switchyard;
using namespace Switchyard::Test;

class TestEngineBadInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void badBodies_data();
    void badBodies();
    void unknownModelNamesAvailableModels();
    void bodyOverLimitIs413();
    void wrongMethodAndHalfRequests();
    void stillServesAfterwards();

private:
    std::unique_ptr<FakeUpstream> m_fake;
    std::unique_ptr<EngineFixture> m_fx;
};

namespace {

struct Shape
{
    const char *name;
    QByteArray path;
    bool openAI;
};

const Shape shapes[] = {
    {"anthropic", "/v1/messages", false},
    {"openai", "/v1/chat/completions", true},
};

constexpr qint64 smallLimit = 64 * 1024;

// Checks the error body shape of the caller and returns the message.
QString checkError(const RawHttpResponse &response, bool openAI, const QByteArray &expectedType)
{
    const QJsonObject body = response.json();
    const QJsonObject error = body.value("error").toObject();
    if (openAI) {
        if (body.contains("type"))
            return "unexpected Anthropic envelope";
    } else if (body.value("type").toString() != "error") {
        return "missing type:error";
    }
    if (error.value("type").toString().toUtf8() != expectedType)
        return "error type " + error.value("type").toString();
    const QString message = error.value("message").toString();
    return message.isEmpty() ? "empty message" : QString();
}

} // namespace

void TestEngineBadInput::initTestCase()
{
    m_fake = std::make_unique<FakeUpstream>();
    m_fake->setDefaultHandler(FakeUpstream::jsonResponse(200, EngineFixture::anthropicMessage("ok")));
    SnapshotBuilder config;
    config.provider("anth", Protocol::Anthropic, m_fake->url().toString());
    config.channel("main", "anth", {"claude-a", "claude-b"}, {"k"});
    m_fx = std::make_unique<EngineFixture>();
    ProxyServer::Options options;
    options.maxBodyBytes = smallLimit;
    QVERIFY(m_fx->start(config.build(), options));
}

void TestEngineBadInput::cleanupTestCase()
{
    m_fx.reset();
    m_fake.reset();
}

void TestEngineBadInput::badBodies_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<bool>("openAI");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("messagePart");

    QByteArray deep;
    for (int i = 0; i < 3000; ++i)
        deep.prepend('[').append(']'); // valid JSON, nested beyond the parser's depth limit
    const QList<std::tuple<const char *, QByteArray, QString>> cases = {
        {"empty", QByteArray(), "empty"},
        {"whitespace", QByteArray("   \n"), "JSON"},
        {"truncated", QByteArray(R"({"model":"claude-a","messages":[{"role":"user","content":"hi)"), "JSON"},
        {"not an object", QByteArray("[1,2,3]"), "object"},
        {"plain text", QByteArray("hello"), "JSON"},
        {"messages not array", QByteArray(R"({"model":"claude-a","messages":5})"), "messages"},
        {"messages missing", QByteArray(R"({"model":"claude-a"})"), "messages"},
        {"model not string", QByteArray(R"({"model":5,"messages":[]})"), "model"},
        {"model missing", QByteArray(R"({"messages":[]})"), "model"},
        {"model empty", QByteArray(R"({"model":"","messages":[]})"), "model"},
        {"stream not bool", QByteArray(R"({"model":"claude-a","messages":[],"stream":"yes"})"), "stream"},
        {"message not object", QByteArray(R"({"model":"claude-a","messages":[5]})"), "messages.0"},
        {"role missing", QByteArray(R"({"model":"claude-a","messages":[{"content":"x"}]})"), "role"},
        {"content number", QByteArray(R"({"model":"claude-a","messages":[{"role":"user","content":5}]})"),
         "content"},
        {"max_tokens string", QByteArray(R"({"model":"claude-a","max_tokens":"9","messages":[]})"),
         "max_tokens"},
        {"invalid utf8",
         QByteArray("{\"model\":\"claude-a\",\"messages\":[{\"role\":\"user\",\"content\":\"\xff\xfe\"}]}"),
         "UTF-8"},
        {"nested too deep", deep, "deep"},
        {"trailing garbage", QByteArray(R"({"model":"claude-a","messages":[]} xyz)"), "JSON"},
    };
    for (const Shape &shape : shapes) {
        for (const auto &[name, body, part] : cases)
            QTest::addRow("%s: %s", shape.name, name) << shape.path << shape.openAI << body << part;
    }
    QTest::addRow("count_tokens: truncated") << QByteArray("/v1/messages/count_tokens") << false
                                             << QByteArray(R"({"model":"claude-a","mess)") << "JSON";
    QTest::addRow("count_tokens: messages not array")
        << QByteArray("/v1/messages/count_tokens") << false
        << QByteArray(R"({"model":"claude-a","messages":{}})") << "messages";
}

void TestEngineBadInput::badBodies()
{
    QFETCH(QByteArray, path);
    QFETCH(bool, openAI);
    QFETCH(QByteArray, body);
    QFETCH(QString, messagePart);

    const int before = m_fake->requestCount();
    const int records = m_fx->records().size();
    const auto response = m_fx->post(path, body, {}, 5000);
    QVERIFY(response);
    QCOMPARE(response->status, 400);
    const QString problem = checkError(*response, openAI, "invalid_request_error");
    QVERIFY2(problem.isEmpty(), qPrintable(problem + ": " + QString::fromUtf8(response->body)));
    const QString message = response->json().value("error").toObject().value("message").toString();
    QVERIFY2(message.contains(messagePart, Qt::CaseInsensitive), qPrintable(message));
    QCOMPARE(m_fake->requestCount(), before);
    QVERIFY(m_fx->waitForRecords(records + 1));
    QCOMPARE(m_fx->lastRecord().status, 400);
    QCOMPARE(m_fx->lastRecord().errorClass, "invalid_request");
}

void TestEngineBadInput::unknownModelNamesAvailableModels()
{
    for (const Shape &shape : shapes) {
        const QByteArray body = shape.openAI ? EngineFixture::openAIRequest("no-such-model")
                                             : EngineFixture::anthropicRequest("no-such-model");
        const auto response = m_fx->post(shape.path, body);
        QVERIFY(response);
        QCOMPARE(response->status, 404);
        const QString problem = checkError(*response, shape.openAI, "not_found_error");
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QString message = response->json().value("error").toObject().value("message").toString();
        QVERIFY2(message.contains("no-such-model") && message.contains("claude-a")
                     && message.contains("claude-b"),
                 qPrintable(message));
        QVERIFY(m_fx->waitForRecords(1));
        QCOMPARE(m_fx->lastRecord().errorClass, "not_found");
    }
    QCOMPARE(m_fake->requestCount(), 0);
}

void TestEngineBadInput::bodyOverLimitIs413()
{
    QByteArray text(smallLimit + 10, 'a');
    for (const Shape &shape : shapes) {
        const QByteArray body = shape.openAI
            ? EngineFixture::openAIRequest("claude-a", false, QString::fromLatin1(text))
            : EngineFixture::anthropicRequest("claude-a", false, QString::fromLatin1(text));
        const auto response = m_fx->post(shape.path, body);
        QVERIFY(response);
        QCOMPARE(response->status, 413);
        const QJsonObject error = response->json().value("error").toObject();
        QVERIFY(!error.value("message").toString().isEmpty());
        if (!shape.openAI)
            QCOMPARE(error.value("type").toString(), "request_too_large");
    }
    QCOMPARE(m_fake->requestCount(), 0);
}

void TestEngineBadInput::wrongMethodAndHalfRequests()
{
    auto response = m_fx->get("/v1/messages", {{"anthropic-version", "2023-06-01"}});
    QVERIFY(response);
    QCOMPARE(response->status, 405);
    response = m_fx->get("/v1/chat/completions");
    QVERIFY(response);
    QCOMPARE(response->status, 405);

    // A client that announces a body and leaves half way: nothing to answer, nothing breaks.
    RawHttpClient client;
    QVERIFY(client.connectTo(m_fx->port()));
    client.send("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                "500\r\n\r\n"
                R"({"model":"claude-a",)");
    QTest::qWait(100);
    client.socket().abort();
    QCOMPARE(m_fake->requestCount(), 0);
}

void TestEngineBadInput::stillServesAfterwards()
{
    for (const Shape &shape : shapes) {
        const QByteArray body = shape.openAI ? EngineFixture::openAIRequest("claude-a")
                                             : EngineFixture::anthropicRequest("claude-a");
        const auto response = m_fx->post(shape.path, body);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
    }
    QCOMPARE(m_fake->requestCount(), 2);
}

QTEST_GUILESS_MAIN(TestEngineBadInput)
#include "tst_engine_badinput.moc"
