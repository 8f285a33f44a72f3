// "Try a route": every resolution step explained from a model name or a pasted request, the request
// dialect told from the body's shape, and input errors reported instead of routed.

#include "routeexplainer.h"

#include <QJsonArray>
#include <QTest>

using namespace Switchyard;

namespace {

RoutingRule rule(const QString &kind, const QString &match, const QString &target, int position,
                 const QJsonObject &options = {})
{
    RoutingRule r;
    r.id = position + 100;
    r.kind = kind;
    r.match = match;
    r.target = target;
    r.position = position;
    r.options = options;
    return r;
}

// Providers: openai (1), anthropic (2). Channels: main (gpt-4o, gpt-4o-mini), ds (deepseek-chat),
// claude (claude-sonnet-4-5, claude-haiku-4-5). Group auto:fast = main,gpt-4o-mini then ds.
ConfigSnapshot makeSnapshot(bool withRules = true)
{
    ConfigSnapshot snapshot;
    ConfigData &config = snapshot.config;
    Provider openai;
    openai.id = 1;
    openai.name = QStringLiteral("openai");
    openai.baseUrl = QStringLiteral("https://api.openai.com/v1");
    Provider anthropic = openai;
    anthropic.id = 2;
    anthropic.name = QStringLiteral("anthropic");
    anthropic.protocol = Protocol::Anthropic;
    anthropic.baseUrl = QStringLiteral("https://api.anthropic.com");
    config.providers = {openai, anthropic};

    const auto channel = [](qint64 id, qint64 provider, const QString &name, const QStringList &models) {
        Channel c;
        c.id = id;
        c.providerId = provider;
        c.name = name;
        c.models = models;
        return c;
    };
    config.channels = {
        channel(10, 1, QStringLiteral("main"), {QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-mini")}),
        channel(11, 1, QStringLiteral("ds"), {QStringLiteral("deepseek-chat")}),
        channel(12, 2, QStringLiteral("claude"),
                {QStringLiteral("claude-sonnet-4-5"), QStringLiteral("claude-haiku-4-5")}),
    };

    ModelGroup fast;
    fast.id = 1;
    fast.name = QStringLiteral("auto:fast");
    GroupMember mini;
    mini.channelId = 10;
    mini.model = QStringLiteral("gpt-4o-mini");
    mini.priority = 0;
    GroupMember ds;
    ds.channelId = 11;
    ds.model = QStringLiteral("deepseek-chat");
    ds.priority = 1;
    fast.members = {mini, ds};
    config.groups = {fast};

    if (withRules) {
        config.rules = {
            rule(QStringLiteral("scenario"), QStringLiteral("default"), QStringLiteral("main,gpt-4o"), 0),
            rule(QStringLiteral("scenario"), QStringLiteral("background"), QStringLiteral("auto:fast"), 1),
            rule(QStringLiteral("scenario"), QStringLiteral("think"),
                 QStringLiteral("claude,claude-sonnet-4-5"), 2),
            rule(QStringLiteral("scenario"), QStringLiteral("longContext"),
                 QStringLiteral("ds,deepseek-chat"), 3,
                 QJsonObject {{QStringLiteral("longContextThreshold"), 500}}),
            rule(QStringLiteral("scenario"), QStringLiteral("webSearch"), QStringLiteral("main,gpt-4o-mini"),
                 4),
            rule(QStringLiteral("scenario"), QStringLiteral("image"), QStringLiteral("main,gpt-4o"), 5),
            rule(QStringLiteral("prefix"), QStringLiteral("gpt-5*"), QStringLiteral("auto:fast"), 6),
        };
    }

    ClientKey key;
    key.id = 7;
    key.name = QStringLiteral("laptop");
    key.slotMap =
        QJsonObject {{QStringLiteral("opus"),
                      QJsonObject {{QStringLiteral("target"), QStringLiteral("claude,claude-sonnet-4-5")},
                                   {QStringLiteral("effort"), QStringLiteral("low")}}}};
    config.clientKeys = {key};
    return snapshot;
}

QStringList labels(const RouteExplanation &explanation)
{
    QStringList out;
    for (const RouteExplanation::Candidate &candidate : explanation.candidates)
        out.append(candidate.label());
    return out;
}

bool traceHas(const RouteExplanation &explanation, const QString &step, bool matched)
{
    for (const RouteTraceStep &entry : explanation.decision.trace) {
        if (entry.step == step && entry.matched == matched)
            return true;
    }
    return false;
}

QString anthropicBody(const QString &model, const QString &extra = {})
{
    return QStringLiteral(R"({"model":"%1","max_tokens":1024,"messages":[{"role":"user","content":"hi"}]%2})")
        .arg(model, extra);
}

} // namespace

class TestRouteExplainer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void explicitChannelTarget()
    {
        const ConfigSnapshot snapshot = makeSnapshot();
        const RouteExplanation e = RouteExplainer::explain(snapshot, QStringLiteral("main,gpt-4o"));
        QVERIFY(e.inputOk);
        QVERIFY(!e.isRequest);
        QVERIFY(e.routed());
        QCOMPARE(e.decision.step, QStringLiteral("explicit"));
        QCOMPARE(labels(e), QStringList {QStringLiteral("main,gpt-4o")});
        QCOMPARE(e.candidates.first().provider, QStringLiteral("openai"));
        QVERIFY(traceHas(e, QStringLiteral("explicit"), true));
        QVERIFY(e.text.contains(QStringLiteral("main,gpt-4o")));
        QVERIFY(e.text.contains(QStringLiteral("explicit target")));
        QVERIFY(e.text.contains(QStringLiteral("+ explicit: target main,gpt-4o")));
    }

    void explicitGroupExpandsMembersInOrder()
    {
        const ConfigSnapshot snapshot = makeSnapshot();
        const RouteExplanation e = RouteExplainer::explain(snapshot, QStringLiteral("auto:fast"));
        QCOMPARE(e.decision.step, QStringLiteral("explicit"));
        QCOMPARE(labels(e),
                 (QStringList {QStringLiteral("main,gpt-4o-mini"), QStringLiteral("ds,deepseek-chat")}));
        QCOMPARE(e.candidates.first().group, QStringLiteral("auto:fast"));
        QVERIFY(traceHas(e, QStringLiteral("group"), true));
        QVERIFY(!e.decision.strategyNote.isEmpty());
        QVERIFY(e.text.contains(e.decision.strategyNote));
    }

    void slotOfClientKey()
    {
        const ConfigSnapshot snapshot = makeSnapshot();
        const RouteExplanation withKey =
            RouteExplainer::explain(snapshot, QStringLiteral("claude-opus-4-1"), /*clientKeyId=*/7);
        QCOMPARE(withKey.decision.step, QStringLiteral("slot"));
        QCOMPARE(labels(withKey), QStringList {QStringLiteral("claude,claude-sonnet-4-5")});
        QCOMPARE(withKey.decision.effortOverride, QStringLiteral("low"));
        QVERIFY(withKey.text.contains(QStringLiteral("laptop")));
        QVERIFY(withKey.text.contains(QStringLiteral("low")));

        // Without the key the slot step does not match and the default route takes it.
        const RouteExplanation withoutKey =
            RouteExplainer::explain(snapshot, QStringLiteral("claude-opus-4-1"));
        QVERIFY(traceHas(withoutKey, QStringLiteral("slot"), false));
        QCOMPARE(withoutKey.decision.step, QStringLiteral("default"));
        QCOMPARE(labels(withoutKey), QStringList {QStringLiteral("main,gpt-4o")});
    }

    void scenarioBackgroundFromModelName()
    {
        const ConfigSnapshot snapshot = makeSnapshot();
        const RouteExplanation e = RouteExplainer::explain(snapshot, QStringLiteral("claude-haiku-4-5"));
        QCOMPARE(e.decision.step, QStringLiteral("scenario"));
        QCOMPARE(e.decision.scenario, QStringLiteral("background"));
        QCOMPARE(labels(e).first(), QStringLiteral("main,gpt-4o-mini"));
        QVERIFY(traceHas(e, QStringLiteral("scenario:background"), true));
    }

    void scenarioThinkFromAnthropicBody()
    {
        const ConfigSnapshot snapshot = makeSnapshot();
        const RouteExplanation e = RouteExplainer::explain(
            snapshot,
            anthropicBody(QStringLiteral("claude-sonnet-4-5"),
                          QStringLiteral(R"(,"thinking":{"type":"enabled","budget_tokens":8000})")));
        QVERIFY(e.isRequest);
        QCOMPARE(e.dialect, std::optional(RequestDialect::Anthropic));
        QVERIFY(e.traits && e.traits->thinking());
        QCOMPARE(e.decision.scenario, QStringLiteral("think"));
        QCOMPARE(labels(e), QStringList {QStringLiteral("claude,claude-sonnet-4-5")});
    }

    void scenarioLongContext()
    {
        const ConfigSnapshot snapshot = makeSnapshot();
        // The rule's threshold is 500 tokens: a long user message passes it, "hi" does not.
        const QString longText = QStringLiteral("the quick brown fox jumps over the lazy dog ").repeated(100);
        const RouteExplanation e = RouteExplainer::explain(
            snapshot,
            QStringLiteral(R"({"model":"gpt-4o","messages":[{"role":"user","content":"%1"}]})")
                .arg(longText));
        QVERIFY(e.traits && e.traits->inputTokens >= 500);
        QCOMPARE(e.decision.scenario, QStringLiteral("longContext"));
        QCOMPARE(labels(e), QStringList {QStringLiteral("ds,deepseek-chat")});

        const RouteExplanation shortRequest =
            RouteExplainer::explain(snapshot, anthropicBody(QStringLiteral("gpt-4o")));
        QVERIFY(traceHas(shortRequest, QStringLiteral("scenario:longContext"), false));
        QCOMPARE(shortRequest.decision.step, QStringLiteral("listing"));
    }

    void scenarioWebSearch()
    {
        const ConfigSnapshot snapshot = makeSnapshot();
        const RouteExplanation e = RouteExplainer::explain(
            snapshot,
            anthropicBody(
                QStringLiteral("claude-sonnet-4-5"),
                QStringLiteral(R"(,"tools":[{"type":"web_search_20250305","name":"web_search"}])")));
        QCOMPARE(e.dialect, std::optional(RequestDialect::Anthropic));
        QCOMPARE(e.decision.scenario, QStringLiteral("webSearch"));
        QCOMPARE(labels(e), QStringList {QStringLiteral("main,gpt-4o-mini")});
    }

    void scenarioImageFromOpenAIBody()
    {
        const ConfigSnapshot snapshot = makeSnapshot();
        const QString body = QStringLiteral(
            R"({"model":"deepseek-chat","messages":[{"role":"system","content":"be brief"},)"
            R"({"role":"user","content":[{"type":"text","text":"what is this"},)"
            R"({"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]})");
        const RouteExplanation e = RouteExplainer::explain(snapshot, body);
        QCOMPARE(e.dialect, std::optional(RequestDialect::OpenAIChat));
        QVERIFY(e.traits && e.traits->images);
        QCOMPARE(e.decision.scenario, QStringLiteral("image"));
        QCOMPARE(labels(e), QStringList {QStringLiteral("main,gpt-4o")});
        QVERIFY(e.text.contains(RouteExplainer::dialectName(RequestDialect::OpenAIChat)));
    }

    void prefixRule()
    {
        const ConfigSnapshot snapshot = makeSnapshot();
        const RouteExplanation e = RouteExplainer::explain(snapshot, QStringLiteral("gpt-5-codex"));
        QCOMPARE(e.decision.step, QStringLiteral("prefix"));
        QCOMPARE(labels(e).first(), QStringLiteral("main,gpt-4o-mini"));
        QVERIFY(traceHas(e, QStringLiteral("prefix"), true));
        QVERIFY(e.text.contains(QStringLiteral("gpt-5*")));
    }

    void channelListing()
    {
        const ConfigSnapshot snapshot = makeSnapshot();
        const RouteExplanation e = RouteExplainer::explain(snapshot, QStringLiteral("deepseek-chat"));
        QCOMPARE(e.decision.step, QStringLiteral("listing"));
        QCOMPARE(labels(e), QStringList {QStringLiteral("ds,deepseek-chat")});
        QVERIFY(traceHas(e, QStringLiteral("prefix"), false));
    }

    void defaultRoute()
    {
        const ConfigSnapshot snapshot = makeSnapshot();
        const RouteExplanation e = RouteExplainer::explain(snapshot, QStringLiteral("mystery-model"));
        QCOMPARE(e.decision.step, QStringLiteral("default"));
        QCOMPARE(labels(e), QStringList {QStringLiteral("main,gpt-4o")});
        QVERIFY(traceHas(e, QStringLiteral("listing"), false));
        QVERIFY(traceHas(e, QStringLiteral("default"), true));
        QVERIFY(e.text.contains(QStringLiteral("- listing: ")));
        QVERIFY(e.text.contains(QStringLiteral("+ default: ")));
    }

    void unknownModelWithoutDefault()
    {
        const ConfigSnapshot snapshot = makeSnapshot(/*withRules=*/false);
        const RouteExplanation e = RouteExplainer::explain(snapshot, QStringLiteral("mystery-model"));
        QVERIFY(e.inputOk);
        QVERIFY(!e.routed());
        QCOMPARE(e.decision.failure, RouteDecision::Failure::UnknownModel);
        QVERIFY(e.candidates.isEmpty());
        // The error lists what is available.
        QVERIFY(e.text.contains(QStringLiteral("mystery-model")));
        QVERIFY(e.text.contains(QStringLiteral("deepseek-chat")));
    }

    void inputErrors()
    {
        const ConfigSnapshot snapshot = makeSnapshot();
        for (const QString &input : {QString(), QStringLiteral("   "), QStringLiteral("{\"model\": "),
                                     QStringLiteral(R"({"messages":[]})")}) {
            const RouteExplanation e = RouteExplainer::explain(snapshot, input);
            QVERIFY2(!e.inputOk, qPrintable(input));
            QVERIFY(!e.inputError.isEmpty());
            QVERIFY(e.decision.trace.isEmpty());
            QCOMPARE(e.text, e.inputError);
        }
        // A model id followed by a note: only the first word is routed.
        const RouteExplanation e = RouteExplainer::explain(snapshot, QStringLiteral("deepseek-chat  # try"));
        QCOMPARE(e.model, QStringLiteral("deepseek-chat"));
    }

    void dialectFromShape_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<bool>("openai");
        QTest::newRow("bare") << QStringLiteral(
            R"({"model":"x","messages":[{"role":"user","content":"hi"}]})")
                              << false;
        QTest::newRow("anthropic system")
            << QStringLiteral(R"({"model":"x","system":"s","messages":[]})") << false;
        QTest::newRow("anthropic tool_result") << QStringLiteral(
            R"({"model":"x","messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t"}]}]})")
                                               << false;
        QTest::newRow("anthropic tools")
            << QStringLiteral(R"({"model":"x","tools":[{"name":"f","input_schema":{}}],"messages":[]})")
            << false;
        QTest::newRow("openai system role")
            << QStringLiteral(R"({"model":"x","messages":[{"role":"system","content":"s"}]})") << true;
        QTest::newRow("openai function tools") << QStringLiteral(
            R"({"model":"x","tools":[{"type":"function","function":{"name":"f"}}],"messages":[]})")
                                               << true;
        QTest::newRow("openai reasoning")
            << QStringLiteral(R"({"model":"x","reasoning_effort":"high","messages":[]})") << true;
    }

    void dialectFromShape()
    {
        QFETCH(QString, body);
        QFETCH(bool, openai);
        const std::optional<RequestDialect> dialect = RouteExplainer::detectDialect(body.toUtf8());
        QVERIFY(dialect);
        QCOMPARE(*dialect == RequestDialect::OpenAIChat, openai);
        QVERIFY(!RouteExplainer::detectDialect("[1,2]"));
        QVERIFY(!RouteExplainer::detectDialect("nope"));
    }

    void forcedDialectWins()
    {
        // reasoning_effort is only read as thinking in the OpenAI dialect.
        const ConfigSnapshot snapshot = makeSnapshot();
        const QString body = QStringLiteral(R"({"model":"gpt-4o","reasoning_effort":"high","messages":[]})");
        const RouteExplanation detected = RouteExplainer::explain(snapshot, body);
        QCOMPARE(detected.dialect, std::optional(RequestDialect::OpenAIChat));
        QCOMPARE(detected.decision.scenario, QStringLiteral("think"));
        const RouteExplanation forced =
            RouteExplainer::explain(snapshot, body, 0, RouterContext {}, RequestDialect::Anthropic);
        QCOMPARE(forced.dialect, std::optional(RequestDialect::Anthropic));
        QVERIFY(forced.decision.scenario.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRouteExplainer)
#include "tst_routeexplainer.moc"
