// Route resolution (issue 4): every step, the precedence between steps and between Claude Code
// scenarios, the client key's slot map, prefix globs, model groups (capability filters, context
// window, time policies, strategies with live health/breakers/budgets), the route trace, golden
// case 60 on realistic bodies and the /v1/models availability filter. All on a ManualClock.

#include "budget.h"
#include "circuitbreaker.h"
#include "clock.h"
#include "healthstats.h"
#include "requesttraits.h"
#include "router.h"
#include "strategies.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Switchyard;

Q_DECLARE_METATYPE(Switchyard::RoutingTraits)

namespace {

ModelPrice price(const QString &model, double input, double output)
{
    ModelPrice p;
    p.model = model;
    p.inputPerMTok = input;
    p.outputPerMTok = output;
    return p;
}

Provider provider(qint64 id, const QString &name, Protocol protocol, bool enabled = true)
{
    Provider p;
    p.id = id;
    p.name = name;
    p.protocol = protocol;
    p.baseUrl = QStringLiteral("https://%1.example").arg(name);
    p.enabled = enabled;
    return p;
}

Channel channel(qint64 id, qint64 providerId, const QString &name, const QStringList &models,
                int priority = 0, bool enabled = true)
{
    Channel c;
    c.id = id;
    c.providerId = providerId;
    c.name = name;
    c.models = models;
    c.priority = priority;
    c.enabled = enabled;
    return c;
}

GroupMember member(qint64 channelId, const QString &model, int priority, const QStringList &capabilities = {},
                   qint64 contextWindow = 0, int weight = 1)
{
    GroupMember m;
    m.channelId = channelId;
    m.model = model;
    m.priority = priority;
    m.capabilities = capabilities;
    m.contextWindow = contextWindow;
    m.weight = weight;
    return m;
}

ModelGroup group(const QString &name, const QString &strategy, const QList<GroupMember> &members)
{
    ModelGroup g;
    g.name = name;
    g.strategy = strategy;
    g.members = members;
    return g;
}

RoutingRule rule(const QString &kind, const QString &match, const QString &target, int position = 0,
                 const QJsonObject &options = {})
{
    RoutingRule r;
    r.kind = kind;
    r.match = match;
    r.target = target;
    r.position = position;
    r.options = options;
    return r;
}

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

// Channel ids.
enum : qint64
{
    Claude = 10,
    Oai = 11,
    Ds = 12,
    Cheap = 13,
    Off = 14,
    Dead = 15,
    Search = 16,
};

// Scenario targets (distinct so the test can tell them apart) and their upstream label.
const QHash<QString, QString> ScenarioUpstream = {
    {QStringLiteral("longContext"), QStringLiteral("oai/gpt-4.1")},
    {QStringLiteral("background"), QStringLiteral("cheap/gpt-4o-mini")},
    {QStringLiteral("webSearch"), QStringLiteral("search/gpt-4o-search-preview")},
    {QStringLiteral("think"), QStringLiteral("ds/deepseek-reasoner")},
    {QStringLiteral("image"), QStringLiteral("oai/gpt-4o")},
};

ConfigSnapshot makeSnapshot()
{
    ConfigSnapshot snapshot;
    ConfigData &config = snapshot.config;
    Provider openai = provider(2, QStringLiteral("openai"), Protocol::OpenAI);
    openai.prices = {price(QStringLiteral("gpt-4o"), 2.5, 10),
                     price(QStringLiteral("gpt-4o-mini"), 0.15, 0.6),
                     price(QStringLiteral("gpt-5"), 1.25, 10)};
    Provider deepseek = provider(3, QStringLiteral("deepseek"), Protocol::OpenAI);
    deepseek.prices = {price(QStringLiteral("deepseek-*"), 0.27, 1.1)};
    config.providers = {provider(1, QStringLiteral("anthropic"), Protocol::Anthropic), openai, deepseek,
                        provider(4, QStringLiteral("gone"), Protocol::OpenAI, false)};
    config.channels = {
        channel(Claude, 1, QStringLiteral("claude"),
                {QStringLiteral("claude-sonnet-4-5"), QStringLiteral("claude-opus-4-1"),
                 QStringLiteral("claude-haiku-4-5-20251001")}),
        channel(Oai, 2, QStringLiteral("oai"),
                {QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-mini"), QStringLiteral("gpt-5"),
                 QStringLiteral("gpt-4.1")}),
        channel(Ds, 3, QStringLiteral("ds"),
                {QStringLiteral("deepseek-chat"), QStringLiteral("deepseek-reasoner")}),
        channel(Cheap, 2, QStringLiteral("cheap"), {QStringLiteral("gpt-4o-mini")}, 1),
        channel(Off, 2, QStringLiteral("off"), {QStringLiteral("gpt-4o")}, -1, false),
        channel(Dead, 4, QStringLiteral("dead"), {QStringLiteral("gpt-4o")}, -1),
        channel(Search, 2, QStringLiteral("search"), {QStringLiteral("gpt-4o-search-preview")}),
    };
    config.groups = {
        group(QStringLiteral("auto:fast"), QStringLiteral("priority"),
              {member(Oai, QStringLiteral("gpt-4o"), 0, {QStringLiteral("tools"), QStringLiteral("vision")},
                      128000),
               member(Ds, QStringLiteral("deepseek-chat"), 1, {QStringLiteral("tools")}, 64000),
               member(Cheap, QStringLiteral("gpt-4o-mini"), 2), member(Off, QStringLiteral("gpt-4o"), 0)})};
    config.rules = {
        rule(QStringLiteral("scenario"), QStringLiteral("background"), QStringLiteral("cheap,gpt-4o-mini")),
        rule(QStringLiteral("scenario"), QStringLiteral("webSearch"),
             QStringLiteral("search,gpt-4o-search-preview")),
        rule(QStringLiteral("scenario"), QStringLiteral("think"), QStringLiteral("ds,deepseek-reasoner")),
        rule(QStringLiteral("scenario"), QStringLiteral("longContext"), QStringLiteral("oai,gpt-4.1")),
        rule(QStringLiteral("scenario"), QStringLiteral("image"), QStringLiteral("oai,gpt-4o")),
        rule(QStringLiteral("scenario"), QStringLiteral("default"),
             QStringLiteral("claude,claude-sonnet-4-5")),
        rule(QStringLiteral("prefix"), QStringLiteral("gpt-*"), QStringLiteral("auto:fast"), 1),
        rule(QStringLiteral("prefix"), QStringLiteral("claude-*"), QStringLiteral("claude"), 2),
    };
    return snapshot;
}

void removeRules(ConfigData &config, const QString &kind, const QString &match = {})
{
    config.rules.removeIf(
        [&](const RoutingRule &r) { return r.kind == kind && (match.isEmpty() || r.match == match); });
}

RoutingRule *findRule(ConfigData &config, const QString &kind, const QString &match)
{
    for (RoutingRule &r : config.rules) {
        if (r.kind == kind && r.match == match)
            return &r;
    }
    return nullptr;
}

QStringList labels(const RouteDecision &decision)
{
    QStringList names;
    for (const RouteCandidate &candidate : decision.candidates)
        names.append(candidate.channel->name + u'/' + candidate.model);
    return names;
}

QString first(const RouteDecision &decision)
{
    return decision.candidates.isEmpty() ? QString() : labels(decision).first();
}

QStringList traceSteps(const RouteDecision &decision)
{
    QStringList steps;
    for (const RouteTraceStep &entry : decision.trace)
        steps.append(entry.step + (entry.matched ? u'+' : u'-'));
    return steps;
}

const RouteTraceStep *traceStep(const RouteDecision &decision, const QString &step)
{
    for (const RouteTraceStep &entry : decision.trace) {
        if (entry.step == step)
            return &entry;
    }
    return nullptr;
}

// Traits of a plain request to model, without any scenario condition.
RoutingTraits plainTraits(const QString &model)
{
    RoutingTraits traits = RoutingTraits::fromModel(model);
    traits.inputTokens = 100;
    traits.maxTokens = 1000;
    return traits;
}

RouteRequest request(const QString &model, const std::optional<RoutingTraits> &traits = std::nullopt,
                     const ClientKey *key = nullptr)
{
    RouteRequest r;
    r.model = model;
    r.traits = traits;
    r.clientKey = key;
    return r;
}

RouteDecision resolve(const ConfigSnapshot &snapshot, const RouteRequest &r,
                      const RouterContext &context = {})
{
    return Router().resolve(snapshot, r, context);
}

ClientKey keyWithSlots(const char *slotMap)
{
    ClientKey key;
    key.id = 7;
    key.name = QStringLiteral("laptop");
    key.slotMap = json(slotMap);
    return key;
}

QByteArray anthropicBody(const QString &model, const QByteArray &extra, const QByteArray &text = "hello")
{
    return QByteArrayLiteral(R"({"model":")") + model.toUtf8()
        + QByteArrayLiteral(
               R"(","max_tokens":32000,"stream":true,"messages":[{"role":"user","content":[{"type":"text","text":")")
        + text + QByteArrayLiteral(R"("}]}])") + extra + '}';
}

RoutingTraits readAnthropic(const QByteArray &body)
{
    const std::optional<RoutingTraits> traits = RoutingTraits::read(body, RequestDialect::Anthropic);
    return traits.value_or(RoutingTraits {});
}

} // namespace

class TestRouting : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // steps
    void step1ExplicitChannelAndGroup();
    void step1ExplicitFailureDoesNotFallThrough();
    void step2SlotMap();
    void step2SlotEffortOverride();
    void step2SlotFallsThrough();
    void step3ScenarioEach_data();
    void step3ScenarioEach();
    void step3ScenarioPrecedenceMatrix_data();
    void step3ScenarioPrecedenceMatrix();
    void step3LongContextThreshold();
    void step3BackgroundOptions();
    void step3ThinkThresholds();
    void step3ScenarioRuleSelection();
    void step3UnusableScenarioTargetFallsThrough();
    void step4PrefixGlobsInOrder();
    void step4PrefixBrokenTargetFallsThrough();
    void step5ListingChannelsAndGroupMembers();
    void step5ListingBreakerOpenLast();
    void step6DefaultAndUnknownModel();
    void stepPrecedence();
    void routeTraceContent();
    void golden60_sideQueryRouting();
    // groups
    void groupCapabilityFilters();
    void groupContextWindowFilter();
    void groupAllMembersFilteredOut();
    void groupTimePolicySwitchesMembersAndStrategy();
    void groupStrategiesOrderMembers();
    void groupWeightedRoundRobinUsesState();
    void groupHealthAndBreakers();
    void groupDegradeAndBudgets();
    // /v1/models
    void availableModelsWithUsablePredicate();
};

void TestRouting::step1ExplicitChannelAndGroup()
{
    const ConfigSnapshot snapshot = makeSnapshot();
    const ClientKey key = keyWithSlots(R"({"opus": "ds,deepseek-chat"})");
    RoutingTraits haiku = plainTraits(QStringLiteral("claude-haiku-4-5"));
    haiku.webSearch = true;

    // The explicit target wins over the slot map and every scenario the body would trigger.
    RouteDecision decision = resolve(snapshot, request(QStringLiteral("oai,gpt-5"), haiku, &key));
    QVERIFY(decision.ok);
    QCOMPARE(labels(decision), QStringList {QStringLiteral("oai/gpt-5")});
    QCOMPARE(decision.step, QStringLiteral("explicit"));
    QCOMPARE(decision.trace.size(), 1);
    QCOMPARE(decision.trace.first(),
             (RouteTraceStep {QStringLiteral("explicit"), true, QStringLiteral("target oai,gpt-5")}));

    // A group name, even one a prefix rule would also catch.
    ConfigSnapshot prefixed = makeSnapshot();
    prefixed.config.rules.append(
        rule(QStringLiteral("prefix"), QStringLiteral("auto*"), QStringLiteral("oai,gpt-5"), -1));
    decision = resolve(prefixed, request(QStringLiteral("auto:fast")));
    QVERIFY(decision.ok);
    QCOMPARE(decision.step, QStringLiteral("explicit"));
    QCOMPARE(decision.reason, QStringLiteral("group auto:fast"));
    // The disabled channel's member is dropped; priority order.
    QCOMPARE(labels(decision),
             (QStringList {QStringLiteral("oai/gpt-4o"), QStringLiteral("ds/deepseek-chat"),
                           QStringLiteral("cheap/gpt-4o-mini")}));
    QCOMPARE(traceSteps(decision), (QStringList {QStringLiteral("explicit+"), QStringLiteral("group+")}));
    QVERIFY(traceStep(decision, QStringLiteral("group"))
                ->detail.startsWith(QStringLiteral("auto:fast: priority")));
}

void TestRouting::step1ExplicitFailureDoesNotFallThrough()
{
    const ConfigSnapshot snapshot = makeSnapshot();
    RouteDecision decision = resolve(snapshot, request(QStringLiteral("nope,gpt-4o")));
    QVERIFY(!decision.ok);
    QCOMPARE(decision.failure, RouteDecision::Failure::UnknownChannel);
    QCOMPARE(decision.step, QStringLiteral("explicit"));

    decision = resolve(snapshot, request(QStringLiteral("off,gpt-4o")));
    QVERIFY(!decision.ok);
    QCOMPARE(decision.failure, RouteDecision::Failure::Unavailable);
    // routes.default exists but the client named its target: no silent reroute.
    QVERIFY(decision.candidates.isEmpty());
}

void TestRouting::step2SlotMap()
{
    const ConfigSnapshot snapshot = makeSnapshot();
    const ClientKey key = keyWithSlots(R"({
        "opus": {"target": "ds,deepseek-reasoner"},
        "sonnet": "auto:fast",
        "haiku": {"target": "oai", "model": "gpt-4o-mini"}})");

    RouteDecision decision =
        resolve(snapshot, request(QStringLiteral("claude-opus-5-5"), std::nullopt, &key));
    QCOMPARE(labels(decision), QStringList {QStringLiteral("ds/deepseek-reasoner")});
    QCOMPARE(decision.step, QStringLiteral("slot"));
    QCOMPARE(decision.reason, QStringLiteral("slot opus -> ds,deepseek-reasoner"));
    QVERIFY(decision.effortOverride.isEmpty());

    decision = resolve(snapshot, request(QStringLiteral("claude-sonnet-4-5"), std::nullopt, &key));
    QCOMPARE(labels(decision),
             (QStringList {QStringLiteral("oai/gpt-4o"), QStringLiteral("ds/deepseek-chat"),
                           QStringLiteral("cheap/gpt-4o-mini")}));
    QCOMPARE(decision.step, QStringLiteral("slot"));

    // Family by substring, any spelling: the older claude-3-5-haiku-... ids too. A bare channel with
    // a model override.
    decision = resolve(snapshot, request(QStringLiteral("claude-3-5-haiku-20241022"), std::nullopt, &key));
    QCOMPARE(labels(decision), QStringList {QStringLiteral("oai/gpt-4o-mini")});

    // The model override replaces a channel target's model; a bare channel alone keeps the id.
    const ClientKey overrides = keyWithSlots(R"({
        "opus": {"target": "ds,deepseek-chat", "model": "deepseek-reasoner"},
        "sonnet": {"target": "search"}})");
    decision = resolve(snapshot, request(QStringLiteral("claude-opus-4-1"), std::nullopt, &overrides));
    QCOMPARE(labels(decision), QStringList {QStringLiteral("ds/deepseek-reasoner")});
    decision = resolve(snapshot, request(QStringLiteral("claude-sonnet-4-5"), std::nullopt, &overrides));
    QCOMPARE(labels(decision), QStringList {QStringLiteral("search/claude-sonnet-4-5")});

    // A model outside the three families is not slotted.
    decision = resolve(snapshot, request(QStringLiteral("gpt-5"), std::nullopt, &key));
    QCOMPARE(decision.step, QStringLiteral("prefix"));
    const RouteTraceStep *slot = traceStep(decision, QStringLiteral("slot"));
    QVERIFY(slot && !slot->matched);
    QVERIFY(slot->detail.contains(QStringLiteral("not an opus, sonnet or haiku model")));

    // A key without a slot map, and no key at all.
    const ClientKey plain = keyWithSlots("{}");
    decision = resolve(snapshot, request(QStringLiteral("claude-opus-4-1"), std::nullopt, &plain));
    QCOMPARE(traceStep(decision, QStringLiteral("slot"))->detail,
             QStringLiteral("client key has no slot map"));
    decision = resolve(snapshot, request(QStringLiteral("claude-opus-4-1")));
    QCOMPARE(traceStep(decision, QStringLiteral("slot"))->detail, QStringLiteral("no client key"));
}

void TestRouting::step2SlotEffortOverride()
{
    ConfigSnapshot snapshot = makeSnapshot();
    const ClientKey key = keyWithSlots(R"({
        "opus": {"target": "ds,deepseek-reasoner", "effort": "low"},
        "sonnet": {"effort": "max"}})");

    RouteDecision decision =
        resolve(snapshot, request(QStringLiteral("claude-opus-5-5"), std::nullopt, &key));
    QCOMPARE(labels(decision), QStringList {QStringLiteral("ds/deepseek-reasoner")});
    QCOMPARE(decision.effortOverride, QStringLiteral("low"));
    QVERIFY(traceStep(decision, QStringLiteral("slot"))->detail.contains(QStringLiteral("effort low")));

    // Effort only: the override applies and the rest of the resolution picks the upstream.
    decision = resolve(snapshot, request(QStringLiteral("claude-sonnet-4-5"), std::nullopt, &key));
    QCOMPARE(decision.effortOverride, QStringLiteral("max"));
    QCOMPARE(decision.step, QStringLiteral("prefix"));
    QCOMPARE(labels(decision), QStringList {QStringLiteral("claude/claude-sonnet-4-5")});

    // Haiku has no slot: no override.
    decision = resolve(snapshot, request(QStringLiteral("claude-haiku-4-5"), std::nullopt, &key));
    QVERIFY(decision.effortOverride.isEmpty());
}

void TestRouting::step2SlotFallsThrough()
{
    ConfigSnapshot snapshot = makeSnapshot();
    const ClientKey key = keyWithSlots(R"({
        "opus": {"target": "ghost,x", "effort": "low"},
        "sonnet": {"target": "off,gpt-4o"},
        "haiku": {"model": "gpt-5"}})");

    RouteDecision decision =
        resolve(snapshot, request(QStringLiteral("claude-opus-4-1"), std::nullopt, &key));
    QVERIFY(decision.ok);
    QCOMPARE(decision.step, QStringLiteral("prefix"));
    QCOMPARE(decision.effortOverride, QStringLiteral("low")); // the family's override still holds
    const RouteTraceStep *slot = traceStep(decision, QStringLiteral("slot"));
    QVERIFY(slot && !slot->matched);
    QVERIFY(slot->detail.contains(QStringLiteral("unknown channel ghost")));

    decision = resolve(snapshot, request(QStringLiteral("claude-sonnet-4-5"), std::nullopt, &key));
    QCOMPARE(decision.step, QStringLiteral("prefix"));
    QVERIFY(traceStep(decision, QStringLiteral("slot"))->detail.contains(QStringLiteral("disabled")));

    // A plain model id renames the request; without prefix rules the listing routes it.
    removeRules(snapshot.config, QStringLiteral("prefix"));
    removeRules(snapshot.config, QStringLiteral("scenario"), QStringLiteral("background"));
    decision = resolve(snapshot, request(QStringLiteral("claude-haiku-4-5"), std::nullopt, &key));
    QCOMPARE(decision.step, QStringLiteral("listing"));
    QCOMPARE(labels(decision), QStringList {QStringLiteral("oai/gpt-5")});
    QVERIFY(traceStep(decision, QStringLiteral("slot"))->detail.contains(QStringLiteral("model gpt-5")));
}

void TestRouting::step3ScenarioEach_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<RoutingTraits>("traits");

    RoutingTraits traits = plainTraits(QStringLiteral("claude-sonnet-4-5"));
    traits.inputTokens = 60000;
    QTest::newRow("longContext") << QStringLiteral("longContext") << traits;

    QTest::newRow("background haiku")
        << QStringLiteral("background") << plainTraits(QStringLiteral("claude-haiku-4-5-20251001"));
    traits = plainTraits(QStringLiteral("claude-opus-5-5"));
    traits.titleRequest = true;
    QTest::newRow("background title") << QStringLiteral("background") << traits;

    traits = plainTraits(QStringLiteral("claude-sonnet-4-5"));
    traits.webSearch = true;
    traits.tools = true;
    QTest::newRow("webSearch") << QStringLiteral("webSearch") << traits;

    traits = plainTraits(QStringLiteral("claude-sonnet-4-5"));
    traits.thinkingMode = ThinkingMode::Enabled;
    traits.thinkingBudget = 8000;
    QTest::newRow("think budget") << QStringLiteral("think") << traits;
    traits.thinkingMode = ThinkingMode::Adaptive;
    traits.thinkingBudget = 0;
    traits.effort = QStringLiteral("high");
    QTest::newRow("think adaptive high") << QStringLiteral("think") << traits;

    traits = plainTraits(QStringLiteral("claude-sonnet-4-5"));
    traits.images = true;
    traits.imageCount = 2;
    QTest::newRow("image") << QStringLiteral("image") << traits;
}

void TestRouting::step3ScenarioEach()
{
    QFETCH(QString, scenario);
    QFETCH(RoutingTraits, traits);
    const ConfigSnapshot snapshot = makeSnapshot();
    const RouteDecision decision = resolve(snapshot, request(traits.model, traits));
    QVERIFY(decision.ok);
    QCOMPARE(decision.step, QStringLiteral("scenario"));
    QCOMPARE(decision.scenario, scenario);
    QCOMPARE(labels(decision), QStringList {ScenarioUpstream.value(scenario)});
    const RouteTraceStep *entry = traceStep(decision, QStringLiteral("scenario:") + scenario);
    QVERIFY(entry && entry->matched);
    QVERIFY(
        entry->detail.endsWith(QStringLiteral("-> ") + ScenarioUpstream.value(scenario).replace(u'/', u',')));
}

void TestRouting::step3ScenarioPrecedenceMatrix_data()
{
    // Every combination of the five conditions; the documented precedence decides.
    const QStringList precedence = {QStringLiteral("longContext"), QStringLiteral("background"),
                                    QStringLiteral("webSearch"), QStringLiteral("think"),
                                    QStringLiteral("image")};
    QTest::addColumn<RoutingTraits>("traits");
    QTest::addColumn<QString>("expected");
    for (int mask = 0; mask < 32; ++mask) {
        RoutingTraits traits = plainTraits(QStringLiteral("claude-sonnet-4-5"));
        QStringList on;
        if (mask & 1) {
            traits.inputTokens = 90000;
            on.append(precedence.at(0));
        }
        if (mask & 2) {
            traits.titleRequest = true;
            on.append(precedence.at(1));
        }
        if (mask & 4) {
            traits.webSearch = true;
            on.append(precedence.at(2));
        }
        if (mask & 8) {
            traits.thinkingMode = ThinkingMode::Enabled;
            traits.thinkingBudget = 4096;
            on.append(precedence.at(3));
        }
        if (mask & 16) {
            traits.images = true;
            traits.imageCount = 1;
            on.append(precedence.at(4));
        }
        const QString expected = on.isEmpty() ? QString() : on.first();
        QTest::addRow("%s", on.isEmpty() ? "none" : qPrintable(on.join(u'+'))) << traits << expected;
    }
}

void TestRouting::step3ScenarioPrecedenceMatrix()
{
    QFETCH(RoutingTraits, traits);
    QFETCH(QString, expected);
    const ConfigSnapshot snapshot = makeSnapshot();
    const RouteDecision decision = resolve(snapshot, request(traits.model, traits));
    QVERIFY(decision.ok);
    QCOMPARE(decision.scenario, expected);
    if (expected.isEmpty()) {
        // No scenario: the claude-* prefix rule sends the model to the claude channel.
        QCOMPARE(decision.step, QStringLiteral("prefix"));
        QCOMPARE(labels(decision), QStringList {QStringLiteral("claude/claude-sonnet-4-5")});
    } else {
        QCOMPARE(labels(decision), QStringList {ScenarioUpstream.value(expected)});
    }
}

void TestRouting::step3LongContextThreshold()
{
    ConfigSnapshot snapshot = makeSnapshot();
    RoutingTraits traits = plainTraits(QStringLiteral("claude-sonnet-4-5"));
    traits.inputTokens = 59999;
    RouteDecision decision = resolve(snapshot, request(traits.model, traits));
    QVERIFY(decision.scenario.isEmpty());
    QCOMPARE(traceStep(decision, QStringLiteral("scenario:longContext"))->detail,
             QStringLiteral("input ~59999 tokens < 60000"));

    // Configured threshold, inclusive.
    findRule(snapshot.config, QStringLiteral("scenario"), QStringLiteral("longContext"))->options =
        json(R"({"longContextThreshold": 1000})");
    traits.inputTokens = 1000;
    decision = resolve(snapshot, request(traits.model, traits));
    QCOMPARE(decision.scenario, QStringLiteral("longContext"));
    traits.inputTokens = 999;
    decision = resolve(snapshot, request(traits.model, traits));
    QVERIFY(decision.scenario.isEmpty());

    // Without a body there is no estimate, so no long-context route.
    decision = resolve(snapshot, request(traits.model));
    QCOMPARE(traceStep(decision, QStringLiteral("scenario:longContext"))->detail,
             QStringLiteral("input tokens not estimated"));
}

void TestRouting::step3BackgroundOptions()
{
    ConfigSnapshot snapshot = makeSnapshot();
    // The model alone (no body) is enough for a haiku side query.
    RouteDecision decision = resolve(snapshot, request(QStringLiteral("claude-haiku-4-5-20251001")));
    QCOMPARE(decision.scenario, QStringLiteral("background"));
    QCOMPARE(traceStep(decision, QStringLiteral("scenario:background"))->detail,
             QStringLiteral("claude-haiku-4-5-20251001 matches *haiku* -> cheap,gpt-4o-mini"));

    // smallModels replaces the default list; titleRequests false turns title detection off.
    findRule(snapshot.config, QStringLiteral("scenario"), QStringLiteral("background"))->options =
        json(R"({"smallModels": ["*flash*", "gpt-?o-mini"], "titleRequests": false})");
    decision = resolve(snapshot, request(QStringLiteral("gemini-2.0-FLASH")));
    QCOMPARE(decision.scenario, QStringLiteral("background"));
    decision = resolve(snapshot, request(QStringLiteral("gpt-4o-mini")));
    QCOMPARE(decision.scenario, QStringLiteral("background"));
    decision = resolve(snapshot, request(QStringLiteral("claude-haiku-4-5-20251001")));
    QVERIFY(decision.scenario.isEmpty());
    RoutingTraits title = plainTraits(QStringLiteral("claude-opus-5-5"));
    title.titleRequest = true;
    decision = resolve(snapshot, request(title.model, title));
    QVERIFY(decision.scenario.isEmpty());
    QCOMPARE(traceStep(decision, QStringLiteral("scenario:background"))->detail,
             QStringLiteral("neither a small model nor a title request"));
}

void TestRouting::step3ThinkThresholds()
{
    ConfigSnapshot snapshot = makeSnapshot();
    const auto scenarioFor = [&snapshot](const RoutingTraits &traits) {
        return resolve(snapshot, request(traits.model, traits)).scenario;
    };
    const QString think = QStringLiteral("think");
    RoutingTraits traits = plainTraits(QStringLiteral("claude-opus-5-5"));

    // Claude Code 2.1.330's every-turn default (adaptive + medium) stays below the default "high".
    traits.thinkingMode = ThinkingMode::Adaptive;
    traits.effort = QStringLiteral("medium");
    QVERIFY(scenarioFor(traits).isEmpty());
    traits.effort = QStringLiteral("xhigh");
    QCOMPARE(scenarioFor(traits), think);
    traits.effort.clear(); // adaptive at the API default, high
    QCOMPARE(scenarioFor(traits), think);

    // Disabled thinking never qualifies.
    traits.thinkingMode = ThinkingMode::Disabled;
    QVERIFY(scenarioFor(traits).isEmpty());
    QCOMPARE(
        traceStep(resolve(snapshot, request(traits.model, traits)), QStringLiteral("scenario:think"))->detail,
        QStringLiteral("thinking disabled"));

    // An OpenAI reasoning request at low effort, no budget.
    traits.thinkingMode = ThinkingMode::Enabled;
    traits.effort = QStringLiteral("low");
    QVERIFY(scenarioFor(traits).isEmpty());

    // Configured thresholds.
    findRule(snapshot.config, QStringLiteral("scenario"), think)->options =
        json(R"({"budgetThreshold": 10000, "effortThreshold": "low"})");
    QCOMPARE(scenarioFor(traits), think);
    traits.effort.clear();
    traits.thinkingBudget = 8000;
    QVERIFY(scenarioFor(traits).isEmpty());
    QCOMPARE(
        traceStep(resolve(snapshot, request(traits.model, traits)), QStringLiteral("scenario:think"))->detail,
        QStringLiteral("budget 8000 < 10000"));
    traits.thinkingBudget = 10000;
    QCOMPARE(scenarioFor(traits), think);
    // An invalid effort threshold falls back to the default, high.
    findRule(snapshot.config, QStringLiteral("scenario"), think)->options =
        json(R"({"effortThreshold": "lots"})");
    traits.thinkingMode = ThinkingMode::Adaptive;
    traits.thinkingBudget = 0;
    traits.effort = QStringLiteral("medium");
    QVERIFY(scenarioFor(traits).isEmpty());
    traits.effort = QStringLiteral("high");
    QCOMPARE(scenarioFor(traits), think);
}

void TestRouting::step3ScenarioRuleSelection()
{
    ConfigSnapshot snapshot = makeSnapshot();
    // Lowest position wins among rules of one scenario; disabled rules and odd match case.
    RoutingRule disabled =
        rule(QStringLiteral("scenario"), QStringLiteral("background"), QStringLiteral("oai,gpt-5"), -9);
    disabled.enabled = false;
    snapshot.config.rules.append(disabled);
    snapshot.config.rules.append(rule(QStringLiteral("scenario"), QStringLiteral("BACKGROUND"),
                                      QStringLiteral("ds,deepseek-chat"), -1));
    RouteDecision decision = resolve(snapshot, request(QStringLiteral("claude-haiku-4-5")));
    QCOMPARE(decision.scenario, QStringLiteral("background"));
    QCOMPARE(labels(decision), QStringList {QStringLiteral("ds/deepseek-chat")});

    // No scenario rules at all: one trace entry says so.
    removeRules(snapshot.config, QStringLiteral("scenario"));
    snapshot.config.rules.append(
        rule(QStringLiteral("scenario"), QStringLiteral("default"), QStringLiteral("ds,deepseek-chat")));
    decision = resolve(snapshot, request(QStringLiteral("claude-haiku-4-5")));
    const RouteTraceStep *entry = traceStep(decision, QStringLiteral("scenario"));
    QVERIFY(entry);
    QCOMPARE(entry->detail, QStringLiteral("no scenario rules"));
    QCOMPARE(decision.step, QStringLiteral("prefix"));
}

void TestRouting::step3UnusableScenarioTargetFallsThrough()
{
    ConfigSnapshot snapshot = makeSnapshot();
    findRule(snapshot.config, QStringLiteral("scenario"), QStringLiteral("background"))->target =
        QStringLiteral("off,gpt-4o");
    RoutingTraits traits = plainTraits(QStringLiteral("claude-haiku-4-5"));
    traits.webSearch = true;
    // background's target is disabled: the next scenario that applies (webSearch) takes it.
    RouteDecision decision = resolve(snapshot, request(traits.model, traits));
    QCOMPARE(decision.scenario, QStringLiteral("webSearch"));
    const RouteTraceStep *background = traceStep(decision, QStringLiteral("scenario:background"));
    QVERIFY(background && !background->matched);
    QVERIFY(background->detail.contains(
        QStringLiteral("but off,gpt-4o: channel off or its provider is disabled")));

    // A group target whose members cannot serve the request is unusable too.
    findRule(snapshot.config, QStringLiteral("scenario"), QStringLiteral("webSearch"))->target =
        QStringLiteral("auto:fast");
    traits.inputTokens = 200000; // fits no member with a known window
    snapshot.config.groups[0].members[2].contextWindow = 16000;
    findRule(snapshot.config, QStringLiteral("scenario"), QStringLiteral("longContext"))->target =
        QStringLiteral("ghost");
    decision = resolve(snapshot, request(traits.model, traits));
    QCOMPARE(decision.step, QStringLiteral("prefix"));
    QVERIFY(traceStep(decision, QStringLiteral("scenario:longContext"))
                ->detail.contains(QStringLiteral("no channel,model pair")));
    QVERIFY(traceStep(decision, QStringLiteral("scenario:webSearch"))
                ->detail.contains(QStringLiteral("no member that can serve")));
}

void TestRouting::step4PrefixGlobsInOrder()
{
    ConfigSnapshot snapshot = makeSnapshot();
    RouteDecision decision = resolve(snapshot, request(QStringLiteral("gpt-5")));
    QCOMPARE(decision.step, QStringLiteral("prefix"));
    QCOMPARE(decision.reason, QStringLiteral("prefix gpt-* -> auto:fast"));
    QCOMPARE(first(decision), QStringLiteral("oai/gpt-4o"));

    // A bare channel target keeps the model id; globs ignore case.
    decision = resolve(snapshot, request(QStringLiteral("Claude-Opus-5-5")));
    QCOMPARE(labels(decision), QStringList {QStringLiteral("claude/Claude-Opus-5-5")});

    // Position decides between overlapping globs, then list order; '?' is one character.
    snapshot.config.rules.append(
        rule(QStringLiteral("prefix"), QStringLiteral("gpt-4*"), QStringLiteral("oai,gpt-4.1"), 0));
    snapshot.config.rules.append(
        rule(QStringLiteral("prefix"), QStringLiteral("o?-mini"), QStringLiteral("oai,gpt-5"), 3));
    snapshot.config.rules.append(
        rule(QStringLiteral("prefix"), QStringLiteral("o?-*"), QStringLiteral("ds,deepseek-chat"), 3));
    decision = resolve(snapshot, request(QStringLiteral("gpt-4o-mini")));
    QCOMPARE(labels(decision), QStringList {QStringLiteral("oai/gpt-4.1")});
    decision = resolve(snapshot, request(QStringLiteral("o3-mini")));
    QCOMPARE(labels(decision), QStringList {QStringLiteral("oai/gpt-5")}); // same position: list order
    decision = resolve(snapshot, request(QStringLiteral("o10-mini")));
    QCOMPARE(decision.step, QStringLiteral("default"));

    findRule(snapshot.config, QStringLiteral("prefix"), QStringLiteral("gpt-4*"))->position = 5;
    decision = resolve(snapshot, request(QStringLiteral("gpt-4o-mini")));
    QCOMPARE(decision.reason, QStringLiteral("prefix gpt-* -> auto:fast"));
    findRule(snapshot.config, QStringLiteral("prefix"), QStringLiteral("gpt-*"))->enabled = false;
    decision = resolve(snapshot, request(QStringLiteral("gpt-4o-mini")));
    QCOMPARE(decision.reason, QStringLiteral("prefix gpt-4* -> oai,gpt-4.1"));

    // No rule matches: one trace entry.
    decision = resolve(snapshot, request(QStringLiteral("deepseek-chat")));
    const RouteTraceStep *entry = traceStep(decision, QStringLiteral("prefix"));
    QVERIFY(entry && !entry->matched);
    QVERIFY(entry->detail.startsWith(QStringLiteral("no prefix rule matches deepseek-chat")));
}

void TestRouting::step4PrefixBrokenTargetFallsThrough()
{
    ConfigSnapshot snapshot = makeSnapshot();
    snapshot.config.rules.append(
        rule(QStringLiteral("prefix"), QStringLiteral("gpt-5*"), QStringLiteral("nothing"), 0));
    const RouteDecision decision = resolve(snapshot, request(QStringLiteral("gpt-5")));
    QCOMPARE(decision.reason, QStringLiteral("prefix gpt-* -> auto:fast"));
    QCOMPARE(traceSteps(decision).mid(traceSteps(decision).indexOf(QStringLiteral("prefix-"))),
             (QStringList {QStringLiteral("prefix-"), QStringLiteral("group+"), QStringLiteral("prefix+")}));
    QVERIFY(traceStep(decision, QStringLiteral("prefix"))
                ->detail.startsWith(QStringLiteral("gpt-5* -> nothing: ")));
}

void TestRouting::step5ListingChannelsAndGroupMembers()
{
    ConfigSnapshot snapshot = makeSnapshot();
    // A group member serves deepseek-chat on the cheap channel, which does not list it.
    snapshot.config.groups.append(group(
        QStringLiteral("mirror"), QStringLiteral("priority"),
        {member(Cheap, QStringLiteral("deepseek-chat"), 0), member(Ds, QStringLiteral("deepseek-chat"), 1)}));
    const RouteDecision decision = resolve(snapshot, request(QStringLiteral("deepseek-chat")));
    QCOMPARE(decision.step, QStringLiteral("listing"));
    QCOMPARE(labels(decision),
             (QStringList {QStringLiteral("ds/deepseek-chat"), QStringLiteral("cheap/deepseek-chat")}));
    QVERIFY(!decision.candidates[0].group); // the channel lists it
    QVERIFY(decision.candidates[1].group);
    QCOMPARE(decision.candidates[1].group->name, QStringLiteral("mirror"));
    QCOMPARE(decision.reason, QStringLiteral("channels ds, cheap (group mirror) list deepseek-chat"));

    // Channel priority: oai (0) before cheap (1); disabled channel/provider skipped.
    removeRules(snapshot.config, QStringLiteral("prefix"));
    const RouteDecision mini = resolve(snapshot, request(QStringLiteral("gpt-4o-mini")));
    QCOMPARE(labels(mini),
             (QStringList {QStringLiteral("oai/gpt-4o-mini"), QStringLiteral("cheap/gpt-4o-mini")}));
    const RouteDecision gpt4o = resolve(snapshot, request(QStringLiteral("gpt-4o")));
    QCOMPARE(labels(gpt4o), QStringList {QStringLiteral("oai/gpt-4o")});
}

void TestRouting::step5ListingBreakerOpenLast()
{
    ConfigSnapshot snapshot = makeSnapshot();
    removeRules(snapshot.config, QStringLiteral("prefix"));
    ManualClock clock;
    CircuitBreakerRegistry breakers(&clock);
    breakers.forceOpen({Oai, QStringLiteral("gpt-4o-mini")});
    RouterContext context;
    context.breakers = &breakers;
    const RouteDecision decision = resolve(snapshot, request(QStringLiteral("gpt-4o-mini")), context);
    QCOMPARE(labels(decision),
             (QStringList {QStringLiteral("cheap/gpt-4o-mini"), QStringLiteral("oai/gpt-4o-mini")}));
    QVERIFY(!decision.candidates[0].breakerOpen);
    QVERIFY(decision.candidates[1].breakerOpen);
}

void TestRouting::step6DefaultAndUnknownModel()
{
    ConfigSnapshot snapshot = makeSnapshot();
    RouteDecision decision = resolve(snapshot, request(QStringLiteral("mistral-large")));
    QCOMPARE(decision.step, QStringLiteral("default"));
    QCOMPARE(labels(decision), QStringList {QStringLiteral("claude/claude-sonnet-4-5")});
    QCOMPARE(decision.trace.last(),
             (RouteTraceStep {QStringLiteral("default"), true, QStringLiteral("claude,claude-sonnet-4-5")}));

    // routes.default to a group applies the group's filters like any other group target.
    findRule(snapshot.config, QStringLiteral("scenario"), QStringLiteral("default"))->target =
        QStringLiteral("auto:fast");
    RoutingTraits vision = plainTraits(QStringLiteral("mistral-large"));
    vision.images = true;
    removeRules(snapshot.config, QStringLiteral("scenario"), QStringLiteral("image"));
    decision = resolve(snapshot, request(vision.model, vision));
    QCOMPARE(labels(decision),
             (QStringList {QStringLiteral("oai/gpt-4o"), QStringLiteral("cheap/gpt-4o-mini")}));

    removeRules(snapshot.config, QStringLiteral("scenario"), QStringLiteral("default"));
    decision = resolve(snapshot, request(QStringLiteral("mistral-large")));
    QVERIFY(!decision.ok);
    QCOMPARE(decision.failure, RouteDecision::Failure::UnknownModel);
    QVERIFY(decision.step.isEmpty());
    QCOMPARE(decision.error,
             QStringLiteral("unknown model mistral-large; available: auto:fast, claude-haiku-4-5-20251001, "
                            "claude-opus-4-1, claude-sonnet-4-5, deepseek-chat, deepseek-reasoner, "
                            "gpt-4.1, gpt-4o, gpt-4o-mini, gpt-4o-search-preview, gpt-5"));
    QCOMPARE(decision.trace.last(),
             (RouteTraceStep {QStringLiteral("default"), false, QStringLiteral("no routes.default")}));
}

void TestRouting::stepPrecedence()
{
    // One request that every step could serve; remove the winning layer one at a time.
    ConfigSnapshot snapshot = makeSnapshot();
    const QString haiku = QStringLiteral("claude-haiku-4-5-20251001");
    const ClientKey key = keyWithSlots(R"({"haiku": "ds,deepseek-chat"})");

    RouteDecision decision =
        resolve(snapshot, request(QStringLiteral("oai,gpt-5"), plainTraits(haiku), &key));
    QCOMPARE(decision.step, QStringLiteral("explicit"));

    decision = resolve(snapshot, request(haiku, plainTraits(haiku), &key));
    QCOMPARE(decision.step, QStringLiteral("slot"));
    QCOMPARE(labels(decision), QStringList {QStringLiteral("ds/deepseek-chat")});

    decision = resolve(snapshot, request(haiku, plainTraits(haiku)));
    QCOMPARE(decision.step, QStringLiteral("scenario"));
    QCOMPARE(labels(decision), QStringList {QStringLiteral("cheap/gpt-4o-mini")});

    removeRules(snapshot.config, QStringLiteral("scenario"), QStringLiteral("background"));
    decision = resolve(snapshot, request(haiku, plainTraits(haiku)));
    QCOMPARE(decision.step, QStringLiteral("prefix"));
    QCOMPARE(labels(decision), QStringList {QStringLiteral("claude/") + haiku});

    removeRules(snapshot.config, QStringLiteral("prefix"));
    decision = resolve(snapshot, request(haiku, plainTraits(haiku)));
    QCOMPARE(decision.step, QStringLiteral("listing"));
    QCOMPARE(decision.reason, QStringLiteral("channel claude lists ") + haiku);

    decision = resolve(
        snapshot, request(QStringLiteral("claude-haiku-9"), plainTraits(QStringLiteral("claude-haiku-9"))));
    QCOMPARE(decision.step, QStringLiteral("default"));
    QCOMPARE(labels(decision), QStringList {QStringLiteral("claude/claude-sonnet-4-5")});
}

void TestRouting::routeTraceContent()
{
    const ConfigSnapshot snapshot = makeSnapshot();
    RoutingTraits traits = plainTraits(QStringLiteral("claude-sonnet-4-5"));
    traits.thinkingMode = ThinkingMode::Adaptive;
    traits.effort = QStringLiteral("medium");
    RouteDecision decision = resolve(snapshot, request(traits.model, traits));
    QCOMPARE(traceSteps(decision),
             (QStringList {QStringLiteral("explicit-"), QStringLiteral("slot-"),
                           QStringLiteral("scenario:longContext-"), QStringLiteral("scenario:background-"),
                           QStringLiteral("scenario:webSearch-"), QStringLiteral("scenario:think-"),
                           QStringLiteral("scenario:image-"), QStringLiteral("prefix+")}));
    QCOMPARE(decision.trace[0].detail,
             QStringLiteral("claude-sonnet-4-5 is neither <channel>,<model> nor an enabled group"));
    QCOMPARE(decision.trace[2].detail, QStringLiteral("input ~100 tokens < 60000"));
    QCOMPARE(decision.trace[4].detail, QStringLiteral("no web_search tool"));
    QCOMPARE(decision.trace[5].detail, QStringLiteral("effort medium < high"));
    QCOMPARE(decision.trace[6].detail, QStringLiteral("no image blocks"));
    QCOMPARE(decision.trace[7].detail, QStringLiteral("claude-* -> claude"));
    QVERIFY(decision.traceText().contains(QStringLiteral("scenario:think:-(effort medium < high)")));
    QVERIFY(decision.traceText().endsWith(QStringLiteral("prefix:+(claude-* -> claude)")));

    // Through to the listing and to routes.default.
    ConfigSnapshot bare = makeSnapshot();
    removeRules(bare.config, QStringLiteral("prefix"));
    decision =
        resolve(bare, request(QStringLiteral("deepseek-chat"), plainTraits(QStringLiteral("deepseek-chat"))));
    QCOMPARE(
        decision.trace.last(),
        (RouteTraceStep {QStringLiteral("listing"), true, QStringLiteral("channel ds lists deepseek-chat")}));
    QCOMPARE(decision.trace.at(decision.trace.size() - 2),
             (RouteTraceStep {QStringLiteral("prefix"), false, QStringLiteral("no prefix rules")}));
    decision = resolve(bare, request(QStringLiteral("llama-3"), plainTraits(QStringLiteral("llama-3"))));
    QCOMPARE(
        traceSteps(decision).mid(7),
        (QStringList {QStringLiteral("prefix-"), QStringLiteral("listing-"), QStringLiteral("default+")}));
    QCOMPARE(traceStep(decision, QStringLiteral("listing"))->detail,
             QStringLiteral("no enabled channel lists llama-3"));
}

void TestRouting::golden60_sideQueryRouting()
{
    // A route table with background, webSearch, think and longContext routes (protocols 2.4).
    ConfigSnapshot snapshot = makeSnapshot();
    removeRules(snapshot.config, QStringLiteral("prefix"));
    const auto routeOf = [&snapshot](const QByteArray &body) {
        const RoutingTraits traits = readAnthropic(body);
        return resolve(snapshot, request(traits.model, traits));
    };
    const QString sonnet = QStringLiteral("claude-sonnet-4-5");
    const QByteArray webSearchTool =
        R"(,"tools":[{"type":"web_search_20250305","name":"web_search","max_uses":8}])";
    const QByteArray thinking = R"(,"thinking":{"type":"enabled","budget_tokens":16000})";
    // Far above the 60000-token default threshold with the real tokenizer.
    const QByteArray longText = QByteArray("the quick brown fox jumps over the lazy dog ").repeated(9000);

    // The haiku model goes to the background upstream.
    RouteDecision decision = routeOf(anthropicBody(QStringLiteral("claude-haiku-4-5-20251001"), {}));
    QCOMPARE(decision.scenario, QStringLiteral("background"));
    QCOMPARE(first(decision), ScenarioUpstream.value(QStringLiteral("background")));

    // Same body, sonnet with a web_search server tool: the web-search route.
    decision = routeOf(anthropicBody(sonnet, webSearchTool));
    QCOMPARE(decision.scenario, QStringLiteral("webSearch"));
    QCOMPARE(first(decision), ScenarioUpstream.value(QStringLiteral("webSearch")));

    // Thinking and no search tool: the think route.
    decision = routeOf(anthropicBody(sonnet, thinking));
    QCOMPARE(decision.scenario, QStringLiteral("think"));
    QCOMPARE(first(decision), ScenarioUpstream.value(QStringLiteral("think")));

    // Estimated input over the threshold: the long-context route.
    const QByteArray longBody = anthropicBody(sonnet, {}, longText);
    QVERIFY2(readAnthropic(longBody).inputTokens >= 60000, "the long body must exceed the default threshold");
    decision = routeOf(longBody);
    QCOMPARE(decision.scenario, QStringLiteral("longContext"));
    QCOMPARE(first(decision), ScenarioUpstream.value(QStringLiteral("longContext")));

    // Precedence as in 2.4: long context > haiku > web search > thinking.
    decision = routeOf(
        anthropicBody(QStringLiteral("claude-haiku-4-5-20251001"), webSearchTool + thinking, longText));
    QCOMPARE(decision.scenario, QStringLiteral("longContext"));
    decision = routeOf(anthropicBody(QStringLiteral("claude-haiku-4-5-20251001"), webSearchTool + thinking));
    QCOMPARE(decision.scenario, QStringLiteral("background"));
    decision = routeOf(anthropicBody(sonnet, webSearchTool + thinking));
    QCOMPARE(decision.scenario, QStringLiteral("webSearch"));

    // None of them: the ordinary steps (the listing here, else routes.default).
    decision = routeOf(anthropicBody(sonnet, {}));
    QVERIFY(decision.scenario.isEmpty());
    QCOMPARE(decision.step, QStringLiteral("listing")); // claude lists claude-sonnet-4-5
    decision = routeOf(anthropicBody(QStringLiteral("claude-sonnet-9"), {}));
    QCOMPARE(decision.step, QStringLiteral("default"));

    // Claude Code's title side query on the main model is background as well.
    const QByteArray title = anthropicBody(
        QStringLiteral("claude-opus-5-5"),
        R"(,"tools":[],"output_config":{"effort":"medium","format":{"type":"json_schema","schema":{"type":"object","properties":{"title":{"type":"string"}},"required":["title"]}}})");
    decision = routeOf(title);
    QCOMPARE(decision.scenario, QStringLiteral("background"));
    QCOMPARE(traceStep(decision, QStringLiteral("scenario:background"))->detail,
             QStringLiteral("title request (JSON title, no tools) -> cheap,gpt-4o-mini"));
}

void TestRouting::groupCapabilityFilters()
{
    ConfigSnapshot snapshot = makeSnapshot();
    snapshot.config.groups.append(group(
        QStringLiteral("caps"), QStringLiteral("priority"),
        {member(Oai, QStringLiteral("gpt-4o"), 3,
                {QStringLiteral("tools"), QStringLiteral("vision"), QStringLiteral("thinking")}, 128000),
         member(Ds, QStringLiteral("deepseek-chat"), 0, {QStringLiteral("tools")}, 64000),
         member(Cheap, QStringLiteral("gpt-4o-mini"), 1), // untagged: passes every tag filter
         member(Oai, QStringLiteral("gpt-5"), 2, {QStringLiteral("vision")}, 400000)}));
    const auto orderFor = [&snapshot](const RoutingTraits &traits) {
        return labels(resolve(snapshot, request(QStringLiteral("caps"), traits)));
    };
    const QString a = QStringLiteral("oai/gpt-4o");
    const QString b = QStringLiteral("ds/deepseek-chat");
    const QString c = QStringLiteral("cheap/gpt-4o-mini");
    const QString d = QStringLiteral("oai/gpt-5");

    RoutingTraits traits = plainTraits(QStringLiteral("caps"));
    QCOMPARE(orderFor(traits), (QStringList {b, c, d, a}));
    QCOMPARE(labels(resolve(snapshot, request(QStringLiteral("caps")))),
             (QStringList {b, c, d, a})); // no body

    traits.tools = true;
    QCOMPARE(orderFor(traits), (QStringList {b, c, a}));
    traits.tools = false;
    traits.images = true;
    QCOMPARE(orderFor(traits), (QStringList {c, d, a}));
    traits.images = false;
    traits.thinkingMode = ThinkingMode::Adaptive;
    QCOMPARE(orderFor(traits), (QStringList {c, a}));
    traits.thinkingMode = ThinkingMode::Disabled; // not requested: no filter
    QCOMPARE(orderFor(traits), (QStringList {b, c, d, a}));

    traits.tools = true;
    traits.images = true;
    const RouteDecision decision = resolve(snapshot, request(QStringLiteral("caps"), traits));
    QCOMPARE(labels(decision), (QStringList {c, a}));
    const QString detail = traceStep(decision, QStringLiteral("group"))->detail;
    QVERIFY(detail.contains(QStringLiteral("excluded ds,deepseek-chat: no vision, oai,gpt-5: no tools")));
    QVERIFY(detail.contains(QStringLiteral("order cheap,gpt-4o-mini, oai,gpt-4o")));
}

void TestRouting::groupContextWindowFilter()
{
    const ConfigSnapshot snapshot = makeSnapshot();
    RoutingTraits traits = plainTraits(QStringLiteral("auto:fast"));
    traits.inputTokens = 60000;
    traits.maxTokens = 8000; // 68000 > deepseek's 64000
    RouteDecision decision = resolve(snapshot, request(traits.model, traits));
    QCOMPARE(labels(decision),
             (QStringList {QStringLiteral("oai/gpt-4o"), QStringLiteral("cheap/gpt-4o-mini")}));
    QVERIFY(
        traceStep(decision, QStringLiteral("group"))
            ->detail.contains(QStringLiteral("ds,deepseek-chat: needs 68000 tokens, context window 64000")));

    traits.maxTokens = 4000; // exactly 64000 fits
    decision = resolve(snapshot, request(traits.model, traits));
    QCOMPARE(decision.candidates.size(), 3);

    traits.inputTokens = 130000; // only the unknown window is left
    decision = resolve(snapshot, request(traits.model, traits));
    QCOMPARE(labels(decision), QStringList {QStringLiteral("cheap/gpt-4o-mini")});
}

void TestRouting::groupAllMembersFilteredOut()
{
    ConfigSnapshot snapshot = makeSnapshot();
    snapshot.config.groups[0].members[2].capabilities = {QStringLiteral("tools")};
    RoutingTraits traits = plainTraits(QStringLiteral("auto:fast"));
    traits.images = true;
    traits.thinkingMode = ThinkingMode::Enabled;
    traits.thinkingBudget = 2048;
    // Explicit group: the failure is final and names every reason.
    RouteDecision decision = resolve(snapshot, request(traits.model, traits));
    QVERIFY(!decision.ok);
    QCOMPARE(decision.failure, RouteDecision::Failure::Unavailable);
    QCOMPARE(decision.error,
             QStringLiteral("model group auto:fast has no member that can serve this request "
                            "(oai,gpt-4o: no thinking, ds,deepseek-chat: no vision, "
                            "cheap,gpt-4o-mini: no vision)"));
    // Through a prefix rule: the next rule and step get their turn (here routes.default).
    removeRules(snapshot.config, QStringLiteral("scenario"), QStringLiteral("think"));
    removeRules(snapshot.config, QStringLiteral("scenario"), QStringLiteral("image"));
    traits.model = QStringLiteral("gpt-9");
    decision = resolve(snapshot, request(traits.model, traits));
    QVERIFY(decision.ok);
    QCOMPARE(decision.step, QStringLiteral("default"));
}

void TestRouting::groupTimePolicySwitchesMembersAndStrategy()
{
    ConfigSnapshot snapshot = makeSnapshot();
    ModelGroup timed =
        group(QStringLiteral("timed"), QStringLiteral("priority"),
              {member(Oai, QStringLiteral("gpt-4o"), 0), member(Cheap, QStringLiteral("gpt-4o-mini"), 1),
               member(Ds, QStringLiteral("deepseek-chat"), 2)});
    timed.options = json(R"({"timePolicies": [
        {"name": "office", "days": ["mon-fri"], "from": "09:00", "to": "18:00", "strategy": "cost_optimized"},
        {"name": "night", "from": "22:00", "to": "06:00", "members": ["ds"]}]})");
    snapshot.config.groups.append(timed);
    ManualClock clock; // Monday 2025-01-06 00:00 UTC
    RouterContext context;
    context.clock = &clock;
    const RoutingTraits traits = plainTraits(QStringLiteral("timed")); // 100 in, 1000 out: costs differ
    const auto route = [&] { return resolve(snapshot, request(QStringLiteral("timed"), traits), context); };

    RouteDecision decision = route();
    QCOMPARE(labels(decision), QStringList {QStringLiteral("ds/deepseek-chat")});
    QVERIFY(decision.strategyNote.contains(QStringLiteral("time policy night")));

    clock.setLocal(QDateTime(QDate(2025, 1, 6), QTime(10, 0)));
    decision = route();
    QCOMPARE(labels(decision),
             (QStringList {QStringLiteral("cheap/gpt-4o-mini"), QStringLiteral("ds/deepseek-chat"),
                           QStringLiteral("oai/gpt-4o")}));
    QCOMPARE(decision.strategyNote, QStringLiteral("cost_optimized; time policy office"));

    clock.setLocal(QDateTime(QDate(2025, 1, 6), QTime(19, 0)));
    decision = route();
    QCOMPARE(labels(decision),
             (QStringList {QStringLiteral("oai/gpt-4o"), QStringLiteral("cheap/gpt-4o-mini"),
                           QStringLiteral("ds/deepseek-chat")}));
    QCOMPARE(decision.strategyNote, QStringLiteral("priority"));

    clock.setLocal(QDateTime(QDate(2025, 1, 11), QTime(10, 0))); // Saturday: no office hours
    QCOMPARE(route().strategyNote, QStringLiteral("priority"));
}

void TestRouting::groupStrategiesOrderMembers()
{
    ConfigSnapshot snapshot = makeSnapshot();
    snapshot.config.groups.append(
        group(QStringLiteral("strat"), QStringLiteral("priority"),
              {member(Oai, QStringLiteral("gpt-4o"), 0), member(Cheap, QStringLiteral("gpt-4o-mini"), 1),
               member(Ds, QStringLiteral("deepseek-chat"), 2)}));
    const RoutingTraits traits = plainTraits(QStringLiteral("strat"));
    const auto orderWith = [&](const QString &strategy, const QJsonObject &options = {}) {
        snapshot.config.groups.last().strategy = strategy;
        snapshot.config.groups.last().options = options;
        return labels(resolve(snapshot, request(QStringLiteral("strat"), traits)));
    };
    const QString a = QStringLiteral("oai/gpt-4o");
    const QString b = QStringLiteral("cheap/gpt-4o-mini");
    const QString c = QStringLiteral("ds/deepseek-chat");
    QCOMPARE(orderWith(QStringLiteral("priority")), (QStringList {a, b, c}));
    QCOMPARE(orderWith(QStringLiteral("cost_optimized")), (QStringList {b, c, a}));
    QCOMPARE(orderWith(QStringLiteral("specified"), json(R"({"pinned": "ds"})")), (QStringList {c, a, b}));
    // hybrid weighted on cost alone orders like cost_optimized.
    QCOMPARE(
        orderWith(QStringLiteral("hybrid"), json(R"({"hybridWeights": {"latency": 0, "cost": 1, "success": 0,
                                                           "budget": 0, "context": 0}})")),
        (QStringList {b, c, a}));
    // Unknown strategy names fall back to priority, and the trace says so.
    QCOMPARE(orderWith(QStringLiteral("fastest-please")), (QStringList {a, b, c}));
    const RouteDecision decision = resolve(snapshot, request(QStringLiteral("strat"), traits));
    QVERIFY(
        decision.strategyNote.contains(QStringLiteral("unknown strategy 'fastest-please', priority used")));
    // Costs are carried to the engine.
    QVERIFY(decision.candidates[0].cost.priceKnown);
    QVERIFY(decision.candidates[0].cost.usd > decision.candidates[1].cost.usd);
}

void TestRouting::groupWeightedRoundRobinUsesState()
{
    ConfigSnapshot snapshot = makeSnapshot();
    snapshot.config.groups.append(group(QStringLiteral("wrr"), QStringLiteral("weighted_round_robin"),
                                        {member(Oai, QStringLiteral("gpt-4o"), 0, {}, 0, 1),
                                         member(Cheap, QStringLiteral("gpt-4o-mini"), 0, {}, 0, 3)}));
    // Without state, the order is the priority order every time (weight breaks the tie).
    for (int i = 0; i < 3; ++i)
        QCOMPARE(first(resolve(snapshot, request(QStringLiteral("wrr")))),
                 QStringLiteral("cheap/gpt-4o-mini"));

    StrategyState state;
    RouterContext context;
    context.strategyState = &state;
    QHash<QString, int> leads;
    for (int i = 0; i < 8; ++i)
        ++leads[first(resolve(snapshot, request(QStringLiteral("wrr")), context))];
    QCOMPARE(leads.value(QStringLiteral("cheap/gpt-4o-mini")), 6);
    QCOMPARE(leads.value(QStringLiteral("oai/gpt-4o")), 2);
}

void TestRouting::groupHealthAndBreakers()
{
    ConfigSnapshot snapshot = makeSnapshot();
    snapshot.config.groups.append(
        group(QStringLiteral("live"), QStringLiteral("least_connections"),
              {member(Oai, QStringLiteral("gpt-4o"), 0), member(Cheap, QStringLiteral("gpt-4o-mini"), 1)}));
    ManualClock clock;
    HealthStats health(&clock);
    CircuitBreakerRegistry breakers(&clock);
    RouterContext context;
    context.clock = &clock;
    context.health = &health;
    const UpstreamKey oai {Oai, QStringLiteral("gpt-4o")};
    const UpstreamKey cheap {Cheap, QStringLiteral("gpt-4o-mini")};
    const auto route = [&] { return resolve(snapshot, request(QStringLiteral("live")), context); };

    QCOMPARE(first(route()), QStringLiteral("oai/gpt-4o"));
    health.begin(oai);
    QCOMPARE(first(route()), QStringLiteral("cheap/gpt-4o-mini")); // fewer in flight
    health.end(oai, HealthStats::Result::Success);

    snapshot.config.groups.last().strategy = QStringLiteral("response_time");
    health.begin(oai);
    health.firstToken(oai, 900);
    health.end(oai, HealthStats::Result::Success);
    health.begin(cheap);
    health.firstToken(cheap, 150);
    health.end(cheap, HealthStats::Result::Success);
    QCOMPARE(first(route()), QStringLiteral("cheap/gpt-4o-mini"));

    // A breaker that would reject puts its member last, flagged.
    context.breakers = &breakers;
    breakers.forceOpen(cheap);
    const RouteDecision decision = route();
    QCOMPARE(labels(decision),
             (QStringList {QStringLiteral("oai/gpt-4o"), QStringLiteral("cheap/gpt-4o-mini")}));
    QVERIFY(decision.candidates[1].breakerOpen);
    QVERIFY(traceStep(decision, QStringLiteral("group"))
                ->detail.contains(QStringLiteral("cheap,gpt-4o-mini (breaker open)")));
}

void TestRouting::groupDegradeAndBudgets()
{
    ConfigSnapshot snapshot = makeSnapshot();
    snapshot.config.channels[1].dailyBudget = 10; // oai
    snapshot.config.groups.append(
        group(QStringLiteral("spend"), QStringLiteral("priority"),
              {member(Oai, QStringLiteral("gpt-4o"), 0), member(Cheap, QStringLiteral("gpt-4o-mini"), 1)}));
    const RoutingTraits traits = plainTraits(QStringLiteral("spend"));
    RouterContext context;
    QCOMPARE(first(resolve(snapshot, request(QStringLiteral("spend"), traits), context)),
             QStringLiteral("oai/gpt-4o"));
    context.degrade = true;
    RouteDecision decision = resolve(snapshot, request(QStringLiteral("spend"), traits), context);
    QCOMPARE(first(decision), QStringLiteral("cheap/gpt-4o-mini"));
    QVERIFY(decision.strategyNote.contains(QStringLiteral("degraded: cheapest first")));

    // Hybrid on the remaining budget: oai has spent 90% of its day.
    context.degrade = false;
    snapshot.config.groups.last().strategy = QStringLiteral("hybrid");
    snapshot.config.groups.last().options =
        json(R"({"hybridWeights": {"latency": 0, "cost": 0, "success": 0, "budget": 1, "context": 0}})");
    QCOMPARE(first(resolve(snapshot, request(QStringLiteral("spend"), traits), context)),
             QStringLiteral("oai/gpt-4o"));
    ManualClock clock;
    BudgetTracker budgets(&clock);
    budgets.record({BudgetLimit::forChannel(snapshot.config.channels[1])}, 9.0);
    context.budgets = &budgets;
    QCOMPARE(first(resolve(snapshot, request(QStringLiteral("spend"), traits), context)),
             QStringLiteral("cheap/gpt-4o-mini"));
}

void TestRouting::availableModelsWithUsablePredicate()
{
    ConfigSnapshot snapshot = makeSnapshot();
    ModelGroup timed =
        group(QStringLiteral("timed"), QStringLiteral("priority"),
              {member(Oai, QStringLiteral("gpt-4o"), 0), member(Ds, QStringLiteral("deepseek-chat"), 1)});
    timed.options =
        json(R"({"timePolicies": [{"name": "night", "from": "22:00", "to": "06:00", "members": ["oai"]}]})");
    snapshot.config.groups.append(timed);
    snapshot.config.groups.append(group(QStringLiteral("oai-only"), QStringLiteral("priority"),
                                        {member(Oai, QStringLiteral("gpt-5"), 0)}));

    // Everything usable: the same list as the config-only overload.
    QCOMPARE(Router::availableModels(snapshot, {}), Router::availableModels(snapshot.config));
    QCOMPARE(Router::availableModels(snapshot, [](const RouteCandidate &) { return true; }),
             Router::availableModels(snapshot.config));

    // The oai channel is unusable (say, its breaker is open).
    ManualClock clock; // Monday 00:00: the night policy keeps only the oai member of "timed"
    const auto notOai = [](const RouteCandidate &c) { return c.channel->name != u"oai"; };
    QStringList models = Router::availableModels(snapshot, notOai, &clock);
    QVERIFY(!models.contains(QStringLiteral("gpt-5"))); // only oai lists it
    QVERIFY(!models.contains(QStringLiteral("gpt-4o"))); // the others are disabled
    QVERIFY(models.contains(QStringLiteral("gpt-4o-mini"))); // cheap lists it too
    QVERIFY(models.contains(QStringLiteral("auto:fast"))); // ds and cheap members
    QVERIFY(!models.contains(QStringLiteral("oai-only")));
    QVERIFY(!models.contains(QStringLiteral("timed")));
    clock.setLocal(QDateTime(QDate(2025, 1, 6), QTime(12, 0)));
    models = Router::availableModels(snapshot, notOai, &clock);
    QVERIFY(models.contains(QStringLiteral("timed"))); // the ds member is back in the set

    // The predicate sees group members with their group.
    QStringList seen;
    Router::availableModels(
        snapshot,
        [&seen](const RouteCandidate &c) {
            if (c.group)
                seen.append(c.group->name + u':' + c.model);
            return false;
        },
        &clock);
    QVERIFY(seen.contains(QStringLiteral("oai-only:gpt-5")));
    QVERIFY(Router::availableModels(
                snapshot, [](const RouteCandidate &) { return false; }, &clock)
                .isEmpty());
}

QTEST_APPLESS_MAIN(TestRouting)
#include "tst_routing.moc"
