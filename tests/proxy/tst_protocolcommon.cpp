// Shared wire-protocol helpers: stop/finish maps, usage conversion, tool ids and names, the tool
// name registry, proxy signatures, ids, error bodies, session ids and the billing line.

#include "jsonwriter.h"
#include "protocolcommon.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <simdjson.h>

using namespace Switchyard;

namespace {

// Parses json with simdjson and hands the root element to fn (the parser must outlive the element).
template<typename Fn>
auto withElement(const QByteArray &json, Fn fn)
{
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    const auto error = parser.parse(json.constData(), size_t(json.size())).get(root);
    if (error != simdjson::SUCCESS)
        qFatal("test JSON does not parse: %s", json.constData());
    return fn(root);
}

QJsonObject parseObject(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qFatal("output is not a JSON object: %s", json.constData());
    return doc.object();
}

Wire::TokenUsage openAIUsage(const QByteArray &json)
{
    return withElement(json, [](const simdjson::dom::element &e) { return Wire::usageFromOpenAI(e); });
}

QByteArray sv(std::string_view s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

} // namespace

class TestProtocolCommon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stopReasonFromOpenAI_data();
    void stopReasonFromOpenAI();
    void finishReasonFromAnthropic_data();
    void finishReasonFromAnthropic();

    void usageFromOpenAIStandard();
    void usageFromOpenAIDeepSeek();
    void usageFromOpenAIAnthropicStyleAndCacheWrite();
    void usageFromOpenAINeverNegative();
    void usageFromOpenAINotAnObject();
    void usageFromAnthropicOverwritesBase();
    void writeAnthropicUsageCacheFieldsOnlyWhenPositive();
    void writeOpenAIUsageSums();

    void sanitizeToolId();
    void outboundToolNameShortAndLong();
    void outboundToolNameInvalidCharacters();
    void registryRoundTrips();
    void registryIsBounded();

    void toolArguments_data();
    void toolArguments();

    void proxySignatureRecognisable();
    void idFormats();
    void errorTypes();
    void errorBodiesShapeAndEscaping();
    void sessionIdFromUserId_data();
    void sessionIdFromUserId();
    void billingLineStrip();
};

void TestProtocolCommon::stopReasonFromOpenAI_data()
{
    QTest::addColumn<QByteArray>("finish");
    QTest::addColumn<bool>("hadToolUse");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("stop") << QByteArray("stop") << false << QByteArray("end_turn");
    QTest::newRow("length") << QByteArray("length") << false << QByteArray("max_tokens");
    QTest::newRow("tool_calls") << QByteArray("tool_calls") << false << QByteArray("tool_use");
    QTest::newRow("function_call") << QByteArray("function_call") << false << QByteArray("tool_use");
    QTest::newRow("content_filter") << QByteArray("content_filter") << false << QByteArray("refusal");
    QTest::newRow("stop with tools") << QByteArray("stop") << true << QByteArray("tool_use");
    QTest::newRow("missing") << QByteArray() << false << QByteArray("end_turn");
    QTest::newRow("unknown") << QByteArray("weird") << false << QByteArray("end_turn");
}

void TestProtocolCommon::stopReasonFromOpenAI()
{
    QFETCH(QByteArray, finish);
    QFETCH(bool, hadToolUse);
    QFETCH(QByteArray, expected);
    QCOMPARE(sv(Wire::anthropicStopReason(std::string_view(finish.constData(), size_t(finish.size())),
                                          hadToolUse)),
             expected);
}

void TestProtocolCommon::finishReasonFromAnthropic_data()
{
    QTest::addColumn<QByteArray>("stop");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("end_turn") << QByteArray("end_turn") << QByteArray("stop");
    QTest::newRow("stop_sequence") << QByteArray("stop_sequence") << QByteArray("stop");
    QTest::newRow("pause_turn") << QByteArray("pause_turn") << QByteArray("stop");
    QTest::newRow("max_tokens") << QByteArray("max_tokens") << QByteArray("length");
    QTest::newRow("window") << QByteArray("model_context_window_exceeded") << QByteArray("length");
    QTest::newRow("tool_use") << QByteArray("tool_use") << QByteArray("tool_calls");
    QTest::newRow("refusal") << QByteArray("refusal") << QByteArray("content_filter");
}

void TestProtocolCommon::finishReasonFromAnthropic()
{
    QFETCH(QByteArray, stop);
    QFETCH(QByteArray, expected);
    QCOMPARE(sv(Wire::openAIFinishReason(std::string_view(stop.constData(), size_t(stop.size())))), expected);
}

void TestProtocolCommon::usageFromOpenAIStandard()
{
    // The 3.2 example: 4908 prompt tokens of which 4096 cached -> 812 uncached (golden 22).
    const auto u = openAIUsage(R"({"prompt_tokens":4908,"completion_tokens":61,"total_tokens":4969,
        "prompt_tokens_details":{"cached_tokens":4096},"completion_tokens_details":{"reasoning_tokens":7}})");
    QVERIFY(u.present);
    QCOMPARE(u.inputTokens, 812);
    QCOMPARE(u.cacheReadTokens, 4096);
    QCOMPARE(u.cacheWriteTokens, 0);
    QCOMPARE(u.outputTokens, 61);
    QCOMPARE(u.reasoningTokens, 7);
}

void TestProtocolCommon::usageFromOpenAIDeepSeek()
{
    const auto u = openAIUsage(
        R"({"prompt_tokens":1000,"completion_tokens":5,"prompt_cache_hit_tokens":600,"prompt_cache_miss_tokens":400})");
    QCOMPARE(u.cacheReadTokens, 600);
    QCOMPARE(u.inputTokens, 400);
    QCOMPARE(u.outputTokens, 5);
    // A zero cached_tokens next to DeepSeek's own field does not hide the real hit count.
    const auto both = openAIUsage(
        R"({"prompt_tokens":1000,"completion_tokens":5,"prompt_tokens_details":{"cached_tokens":0},"prompt_cache_hit_tokens":300})");
    QCOMPARE(both.cacheReadTokens, 300);
    QCOMPARE(both.inputTokens, 700);
}

void TestProtocolCommon::usageFromOpenAIAnthropicStyleAndCacheWrite()
{
    const auto u = openAIUsage(
        R"({"prompt_tokens":900,"completion_tokens":1,"cache_read_input_tokens":100,"cache_creation_input_tokens":200})");
    QCOMPARE(u.cacheReadTokens, 100);
    QCOMPARE(u.cacheWriteTokens, 200);
    QCOMPARE(u.inputTokens, 600);
    const auto w = openAIUsage(
        R"({"prompt_tokens":500,"completion_tokens":1,"prompt_tokens_details":{"cached_tokens":100,"cache_write_tokens":50}})");
    QCOMPARE(w.cacheWriteTokens, 50);
    QCOMPARE(w.inputTokens, 350);
    // Doubles from sloppy compatibles are read too.
    const auto d = openAIUsage(R"({"prompt_tokens":12.0,"completion_tokens":3.0})");
    QCOMPARE(d.inputTokens, 12);
    QCOMPARE(d.outputTokens, 3);
}

void TestProtocolCommon::usageFromOpenAINeverNegative()
{
    const auto u = openAIUsage(
        R"({"prompt_tokens":10,"completion_tokens":1,"prompt_tokens_details":{"cached_tokens":50}})");
    QCOMPARE(u.inputTokens, 0);
    QCOMPARE(u.cacheReadTokens, 50);
}

void TestProtocolCommon::usageFromOpenAINotAnObject()
{
    const auto u = openAIUsage("null");
    QVERIFY(!u.present);
    QCOMPARE(u.inputTokens, 0);
}

void TestProtocolCommon::usageFromAnthropicOverwritesBase()
{
    Wire::TokenUsage base;
    base.inputTokens = 812;
    base.cacheReadTokens = 4096;
    base.outputTokens = 1;
    const auto u =
        withElement(R"({"output_tokens":61,"output_tokens_details":{"thinking_tokens":9}})",
                    [&](const simdjson::dom::element &e) { return Wire::usageFromAnthropic(e, base); });
    QVERIFY(u.present);
    QCOMPARE(u.inputTokens, 812);
    QCOMPARE(u.cacheReadTokens, 4096);
    QCOMPARE(u.outputTokens, 61);
    QCOMPARE(u.reasoningTokens, 9);
    const auto full = withElement(
        R"({"input_tokens":5,"cache_creation_input_tokens":7,"cache_read_input_tokens":0,"output_tokens":2})",
        [&](const simdjson::dom::element &e) { return Wire::usageFromAnthropic(e, base); });
    QCOMPARE(full.inputTokens, 5);
    QCOMPARE(full.cacheWriteTokens, 7);
    QCOMPARE(full.cacheReadTokens, 0);
}

void TestProtocolCommon::writeAnthropicUsageCacheFieldsOnlyWhenPositive()
{
    Wire::TokenUsage u;
    u.inputTokens = 812;
    u.outputTokens = 61;
    JsonWriter w;
    Wire::writeAnthropicUsage(w, u);
    QJsonObject o = parseObject(w.take());
    QCOMPARE(o.value("input_tokens").toInt(), 812);
    QCOMPARE(o.value("output_tokens").toInt(), 61);
    QVERIFY(!o.contains("cache_read_input_tokens"));
    QVERIFY(!o.contains("cache_creation_input_tokens"));
    QVERIFY(!o.contains("server_tool_use"));

    u.cacheReadTokens = 4096;
    u.cacheWriteTokens = 3;
    u.webSearchRequests = 2;
    Wire::writeAnthropicUsage(w, u);
    o = parseObject(w.take());
    QCOMPARE(o.value("cache_read_input_tokens").toInt(), 4096);
    QCOMPARE(o.value("cache_creation_input_tokens").toInt(), 3);
    QCOMPARE(o.value("server_tool_use").toObject().value("web_search_requests").toInt(), 2);
}

void TestProtocolCommon::writeOpenAIUsageSums()
{
    // Golden 45's numbers: 812 uncached + 4096 cached.
    Wire::TokenUsage u;
    u.inputTokens = 812;
    u.cacheReadTokens = 4096;
    u.outputTokens = 61;
    JsonWriter w;
    Wire::writeOpenAIUsage(w, u);
    QJsonObject o = parseObject(w.take());
    QCOMPARE(o.value("prompt_tokens").toInt(), 4908);
    QCOMPARE(o.value("completion_tokens").toInt(), 61);
    QCOMPARE(o.value("total_tokens").toInt(), 4969);
    QCOMPARE(o.value("prompt_tokens_details").toObject().value("cached_tokens").toInt(), 4096);
    QVERIFY(!o.contains("completion_tokens_details"));
    u.reasoningTokens = 20;
    Wire::writeOpenAIUsage(w, u);
    o = parseObject(w.take());
    QCOMPARE(o.value("completion_tokens_details").toObject().value("reasoning_tokens").toInt(), 20);
}

void TestProtocolCommon::sanitizeToolId()
{
    QCOMPARE(Wire::sanitizeToolId("functions.Read:0"), QByteArray("functions_Read_0"));
    QCOMPARE(Wire::sanitizeToolId("call_abc-DEF9"), QByteArray("call_abc-DEF9"));
    QCOMPARE(Wire::sanitizeToolId("a b/€"), QByteArray("a_b____")); // € is 3 bytes
    const QByteArray fresh = Wire::sanitizeToolId("");
    QVERIFY(QRegularExpression("^toolu_[A-Za-z0-9]{24}$").match(QString::fromLatin1(fresh)).hasMatch());
}

void TestProtocolCommon::outboundToolNameShortAndLong()
{
    QCOMPARE(Wire::outboundToolName("Read"), QByteArray("Read"));
    const QByteArray exact64(64, 'x');
    QCOMPARE(Wire::outboundToolName(std::string_view(exact64.constData(), 64)), exact64);

    // Golden 12: mcp__ + 70 x 'a' -> first 55 + '_' + 8 hex of SHA-256(original).
    const QByteArray original = QByteArray("mcp__") + QByteArray(70, 'a');
    const QByteArray out =
        Wire::outboundToolName(std::string_view(original.constData(), size_t(original.size())));
    QCOMPARE(out.size(), 64);
    QCOMPARE(out.left(55), original.left(55));
    QCOMPARE(out.at(55), '_');
    QCOMPARE(out.mid(56), QCryptographicHash::hash(original, QCryptographicHash::Sha256).toHex().left(8));

    // Two long names sharing the first 55 characters stay distinct.
    const QByteArray other = QByteArray("mcp__") + QByteArray(69, 'a') + 'b';
    QVERIFY(Wire::outboundToolName(std::string_view(other.constData(), size_t(other.size()))) != out);
}

void TestProtocolCommon::outboundToolNameInvalidCharacters()
{
    const QByteArray out = Wire::outboundToolName("my.tool:v2");
    QVERIFY(QRegularExpression("^[A-Za-z0-9_-]{1,64}$").match(QString::fromLatin1(out)).hasMatch());
    QVERIFY(out.startsWith("my_tool_v2_"));
}

void TestProtocolCommon::registryRoundTrips()
{
    Wire::ToolNameRegistry registry;
    QCOMPARE(registry.registerToolId("functions.Read:0"), QByteArray("functions_Read_0"));
    QCOMPARE(registry.upstreamToolId("functions_Read_0"), QByteArray("functions.Read:0"));
    // Ids that needed no change are not stored and map to themselves.
    QCOMPARE(registry.registerToolId("call_1"), QByteArray("call_1"));
    QCOMPARE(registry.upstreamToolId("call_1"), QByteArray("call_1"));
    QCOMPARE(registry.upstreamToolId("toolu_unknown"), QByteArray("toolu_unknown"));

    const QByteArray longName = QByteArray("mcp__server__") + QByteArray(80, 'z');
    const QByteArray outbound =
        registry.registerToolName(std::string_view(longName.constData(), size_t(longName.size())));
    QCOMPARE(outbound.size(), 64);
    QCOMPARE(registry.clientToolName(std::string_view(outbound.constData(), size_t(outbound.size()))),
             longName);
    QCOMPARE(registry.registerToolName("Read"), QByteArray("Read"));
    QCOMPARE(registry.clientToolName("Read"), QByteArray("Read"));
    QCOMPARE(registry.size(), 2);
}

void TestProtocolCommon::registryIsBounded()
{
    Wire::ToolNameRegistry registry(100);
    for (int i = 0; i < 1000; ++i) {
        const QByteArray id = "call." + QByteArray::number(i);
        registry.registerToolId(std::string_view(id.constData(), size_t(id.size())));
    }
    QCOMPARE(registry.size(), 100);
    // The newest survive, the oldest were evicted (and then map to themselves).
    QCOMPARE(registry.upstreamToolId("call_999"), QByteArray("call.999"));
    QCOMPARE(registry.upstreamToolId("call_900"), QByteArray("call.900"));
    QCOMPARE(registry.upstreamToolId("call_0"), QByteArray("call_0"));
    // Re-registering an existing id does not grow the registry.
    registry.registerToolId("call.999");
    QCOMPARE(registry.size(), 100);
}

void TestProtocolCommon::toolArguments_data()
{
    QTest::addColumn<QByteArray>("arguments");
    QTest::addColumn<int>("how");
    QTest::addColumn<QByteArray>("expectedJson"); // compared as parsed JSON
    using P = Wire::ArgumentsParse;
    QTest::newRow("valid") << QByteArray(" {\"p\":\"a\"} ") << int(P::Ok) << QByteArray("{\"p\":\"a\"}");
    QTest::newRow("empty") << QByteArray("") << int(P::Empty) << QByteArray("{}");
    QTest::newRow("blank") << QByteArray(" \n") << int(P::Empty) << QByteArray("{}");
    // Golden 25: truncated arguments are repaired when possible.
    QTest::newRow("dangling colon") << QByteArray("{\"p\":") << int(P::Repaired)
                                    << QByteArray("{\"p\":null}");
    QTest::newRow("open string") << QByteArray("{\"p\":\"hel") << int(P::Repaired)
                                 << QByteArray("{\"p\":\"hel\"}");
    QTest::newRow("dangling key") << QByteArray("{\"a\":1,\"b") << int(P::Repaired)
                                  << QByteArray("{\"a\":1,\"b\":null}");
    QTest::newRow("nested") << QByteArray("{\"a\":[1,{\"b\":2") << int(P::Repaired)
                            << QByteArray("{\"a\":[1,{\"b\":2}]}");
    QTest::newRow("trailing comma") << QByteArray("{\"a\":1,") << int(P::Repaired) << QByteArray("{\"a\":1}");
    QTest::newRow("escape at end") << QByteArray("{\"a\":\"x\\") << int(P::Repaired)
                                   << QByteArray("{\"a\":\"x\"}");
    QTest::newRow("not an object") << QByteArray("[1,2]") << int(P::Invalid) << QByteArray("{}");
    QTest::newRow("garbage") << QByteArray("not json") << int(P::Invalid) << QByteArray("{}");
    QTest::newRow("bad literal") << QByteArray("{\"a\":tru") << int(P::Invalid) << QByteArray("{}");
    QTest::newRow("extra close") << QByteArray("{\"a\":1}}") << int(P::Invalid) << QByteArray("{}");
}

void TestProtocolCommon::toolArguments()
{
    QFETCH(QByteArray, arguments);
    QFETCH(int, how);
    QFETCH(QByteArray, expectedJson);
    Wire::ArgumentsParse result;
    const QByteArray out =
        Wire::toolArgumentsObject(std::string_view(arguments.constData(), size_t(arguments.size())), &result);
    QCOMPARE(int(result), how);
    QCOMPARE(parseObject(out), parseObject(expectedJson));
}

void TestProtocolCommon::proxySignatureRecognisable()
{
    const QByteArray a = Wire::proxySignature("plan");
    const QByteArray b = Wire::proxySignature("other plan");
    QVERIFY(!a.isEmpty());
    QVERIFY(a != b);
    QCOMPARE(Wire::proxySignature("plan"), a); // deterministic within the process
    QVERIFY(Wire::isProxySignature(std::string_view(a.constData(), size_t(a.size()))));
    QVERIFY(!Wire::isProxySignature("EqQBCkYIBRgCKkD3mKd0"));
    QVERIFY(!Wire::isProxySignature(""));
    QVERIFY(!Wire::isProxySignature("mock-sig-step1"));
}

void TestProtocolCommon::idFormats()
{
    const QRegularExpression msg("^msg_[A-Za-z0-9]{24}$");
    const QRegularExpression toolu("^toolu_[A-Za-z0-9]{24}$");
    const QRegularExpression req("^req_[A-Za-z0-9]{24}$");
    const QRegularExpression chat("^chatcmpl-[A-Za-z0-9]{24}$");
    QSet<QByteArray> seen;
    for (int i = 0; i < 50; ++i) {
        const QByteArray m = Wire::newMessageId();
        QVERIFY2(msg.match(QString::fromLatin1(m)).hasMatch(), m.constData());
        QVERIFY(toolu.match(QString::fromLatin1(Wire::newToolUseId())).hasMatch());
        QVERIFY(req.match(QString::fromLatin1(Wire::newRequestId())).hasMatch());
        QVERIFY(chat.match(QString::fromLatin1(Wire::newChatCompletionId())).hasMatch());
        seen.insert(m);
    }
    QCOMPARE(seen.size(), 50);
}

void TestProtocolCommon::errorTypes()
{
    QCOMPARE(sv(Wire::anthropicErrorType(400)), QByteArray("invalid_request_error"));
    QCOMPARE(sv(Wire::anthropicErrorType(401)), QByteArray("authentication_error"));
    QCOMPARE(sv(Wire::anthropicErrorType(402)), QByteArray("billing_error"));
    QCOMPARE(sv(Wire::anthropicErrorType(403)), QByteArray("permission_error"));
    QCOMPARE(sv(Wire::anthropicErrorType(404)), QByteArray("not_found_error"));
    QCOMPARE(sv(Wire::anthropicErrorType(413)), QByteArray("request_too_large"));
    QCOMPARE(sv(Wire::anthropicErrorType(422)), QByteArray("invalid_request_error"));
    QCOMPARE(sv(Wire::anthropicErrorType(429)), QByteArray("rate_limit_error"));
    QCOMPARE(sv(Wire::anthropicErrorType(500)), QByteArray("api_error"));
    QCOMPARE(sv(Wire::anthropicErrorType(502)), QByteArray("api_error"));
    QCOMPARE(sv(Wire::anthropicErrorType(504)), QByteArray("timeout_error"));
    QCOMPARE(sv(Wire::anthropicErrorType(529)), QByteArray("overloaded_error"));
    QCOMPARE(sv(Wire::openAIErrorType(400)), QByteArray("invalid_request_error"));
    QCOMPARE(sv(Wire::openAIErrorType(401)), QByteArray("authentication_error"));
    QCOMPARE(sv(Wire::openAIErrorType(429)), QByteArray("rate_limit_exceeded"));
    QCOMPARE(sv(Wire::openAIErrorType(503)), QByteArray("server_error"));
}

void TestProtocolCommon::errorBodiesShapeAndEscaping()
{
    const QByteArray message = "bad \"quote\"\nline\\ and \x01 control";
    QJsonObject a = parseObject(Wire::anthropicErrorBody(
        "rate_limit_error", std::string_view(message.constData(), size_t(message.size())), "req_011Abc"));
    QCOMPARE(a.value("type").toString(), QStringLiteral("error"));
    QCOMPARE(a.value("error").toObject().value("type").toString(), QStringLiteral("rate_limit_error"));
    QCOMPARE(a.value("error").toObject().value("message").toString(), QString::fromUtf8(message));
    QCOMPARE(a.value("request_id").toString(), QStringLiteral("req_011Abc"));
    a = parseObject(Wire::anthropicErrorBody("api_error", "x"));
    QVERIFY(!a.contains("request_id"));

    QJsonObject o = parseObject(Wire::openAIErrorBody("invalid_request_error", "m\u00e9ss\"age"));
    const QJsonObject e = o.value("error").toObject();
    QCOMPARE(e.value("message").toString(), QString::fromUtf8("m\u00e9ss\"age"));
    QCOMPARE(e.value("type").toString(), QStringLiteral("invalid_request_error"));
    QVERIFY(e.contains("param") && e.value("param").isNull());
    QVERIFY(e.contains("code") && e.value("code").isNull());
    o = parseObject(Wire::openAIErrorBody("rate_limit_exceeded", "slow down", "rate_limit_exceeded"));
    QCOMPARE(o.value("error").toObject().value("code").toString(), QStringLiteral("rate_limit_exceeded"));
}

void TestProtocolCommon::sessionIdFromUserId_data()
{
    QTest::addColumn<QByteArray>("userId");
    QTest::addColumn<QString>("expected");
    // Golden 6 and Appendix C.3.
    QTest::newRow("json string") << QByteArray(R"({"device_id":"d","account_uuid":"","session_id":"J"})")
                                 << QStringLiteral("J");
    QTest::newRow("json uuid") << QByteArray(
        R"({"device_id":"0123abcd","account_uuid":"","session_id":"86dc367d-fef4-4fd4-8c48-0c93fd732bad"})")
                               << QStringLiteral("86dc367d-fef4-4fd4-8c48-0c93fd732bad");
    QTest::newRow("legacy") << QByteArray("user_ab12_account__session_L") << QStringLiteral("L");
    QTest::newRow("legacy with account")
        << QByteArray("user_ab12_account_3f1c2d4e-1111-2222-3333-444455556666_session_9a8b7c6d-aaaa")
        << QStringLiteral("9a8b7c6d-aaaa");
    QTest::newRow("plain") << QByteArray("plain") << QString();
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("json without session") << QByteArray(R"({"device_id":"d"})") << QString();
    QTest::newRow("broken json") << QByteArray(R"({"session_id":)") << QString();
    QTest::newRow("legacy no session value") << QByteArray("user_ab_account__session_") << QString();
}

void TestProtocolCommon::sessionIdFromUserId()
{
    QFETCH(QByteArray, userId);
    QFETCH(QString, expected);
    QCOMPARE(Wire::sessionIdFromUserId(std::string_view(userId.constData(), size_t(userId.size()))),
             expected);
}

void TestProtocolCommon::billingLineStrip()
{
    // Golden 9's first block.
    QCOMPARE(sv(Wire::stripBillingHeader("x-anthropic-billing-header: cc_version=2.1.1; cc_entrypoint=cli; "
                                         "cch=ab12c;\nYou are Claude Code.")),
             QByteArray("You are Claude Code."));
    // Claude Code 2.1.330 sends the line as a block of its own, without newline (Appendix C.3).
    QCOMPARE(sv(Wire::stripBillingHeader(
                 "x-anthropic-billing-header: cc_version=2.1.330.1f4; cc_entrypoint=sdk-cli;")),
             QByteArray());
    QCOMPARE(sv(Wire::stripBillingHeader("You are Claude Code.")), QByteArray("You are Claude Code."));
    // Only a leading line is removed.
    QCOMPARE(sv(Wire::stripBillingHeader("Hi\nx-anthropic-billing-header: a;")),
             QByteArray("Hi\nx-anthropic-billing-header: a;"));
}

QTEST_APPLESS_MAIN(TestProtocolCommon)

#include "tst_protocolcommon.moc"
