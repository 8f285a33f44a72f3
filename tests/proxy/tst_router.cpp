// The minimal router: explicit "<channel>,<model>" targets, channels listing a model (priority and
// weight order), model groups, the routes.default scenario rule and the unknown-model error.

#include "router.h"

#include <QTest>

using namespace Switchyard;

namespace {

Provider provider(qint64 id, const QString &name, const QString &baseUrl, bool enabled = true)
{
    Provider p;
    p.id = id;
    p.name = name;
    p.baseUrl = baseUrl;
    p.enabled = enabled;
    return p;
}

Channel channel(qint64 id, qint64 providerId, const QString &name, const QStringList &models,
                int priority = 0, int weight = 1, bool enabled = true)
{
    Channel c;
    c.id = id;
    c.providerId = providerId;
    c.name = name;
    c.models = models;
    c.priority = priority;
    c.weight = weight;
    c.enabled = enabled;
    return c;
}

GroupMember member(qint64 channelId, const QString &model, int priority, int weight = 1)
{
    GroupMember m;
    m.channelId = channelId;
    m.model = model;
    m.priority = priority;
    m.weight = weight;
    return m;
}

RoutingRule scenario(const QString &match, const QString &target, int position, bool enabled = true)
{
    RoutingRule r;
    r.kind = QStringLiteral("scenario");
    r.match = match;
    r.target = target;
    r.position = position;
    r.enabled = enabled;
    return r;
}

// openai (1) and deepseek (2) enabled, "off" (3) disabled.
ConfigSnapshot makeSnapshot()
{
    ConfigSnapshot snapshot;
    ConfigData &config = snapshot.config;
    config.providers = {provider(1, QStringLiteral("openai"), QStringLiteral("https://api.openai.com/v1")),
                        provider(2, QStringLiteral("deepseek"), QStringLiteral("https://api.deepseek.com")),
                        provider(3, QStringLiteral("off"), QStringLiteral("https://off.example"), false)};
    Channel backup = channel(11, 1, QStringLiteral("backup"), {QStringLiteral("gpt-4o")}, 0, 1);
    backup.baseUrl = QStringLiteral("https://gw.example.com/v1");
    config.channels = {
        channel(10, 1, QStringLiteral("main"), {QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-mini")}, 1,
                1),
        backup,
        channel(12, 1, QStringLiteral("heavy"), {QStringLiteral("gpt-4o")}, 0, 5),
        channel(13, 2, QStringLiteral("ds"), {QStringLiteral("deepseek-chat")}),
        channel(14, 2, QStringLiteral("disabled-ch"),
                {QStringLiteral("gpt-4o"), QStringLiteral("only-disabled")}, -1, 1, false),
        channel(15, 3, QStringLiteral("dead-provider"),
                {QStringLiteral("gpt-4o"), QStringLiteral("only-dead-provider")}, -1),
    };

    ModelGroup fast;
    fast.name = QStringLiteral("auto:fast");
    fast.members = {member(13, QStringLiteral("deepseek-chat"), 1),
                    member(10, QStringLiteral("gpt-4o-mini"), 0, 1),
                    member(12, QStringLiteral("gpt-4o"), 0, 3),
                    member(14, QStringLiteral("x"), -1),
                    member(15, QStringLiteral("y"), -1),
                    member(99, QStringLiteral("missing-channel"), -1)};
    ModelGroup off;
    off.name = QStringLiteral("off-group");
    off.enabled = false;
    off.members = {member(10, QStringLiteral("gpt-4o"), 0)};
    ModelGroup empty;
    empty.name = QStringLiteral("empty-group");
    empty.members = {member(14, QStringLiteral("gpt-4o"), 0)};
    config.groups = {fast, off, empty};

    RoutingRule prefix;
    prefix.kind = QStringLiteral("prefix");
    prefix.match = QStringLiteral("claude-*");
    prefix.target = QStringLiteral("main,gpt-4o");
    // Disabled: a disabled prefix rule must not catch the claude-* models the default rule serves.
    prefix.enabled = false;
    config.rules = {scenario(QStringLiteral("default"), QStringLiteral("main,gpt-4o"), 0, false), // disabled
                    scenario(QStringLiteral("background"), QStringLiteral("main,gpt-4o-mini"), 1),
                    scenario(QStringLiteral("default"), QStringLiteral("ds,deepseek-chat"), 2), prefix};
    return snapshot;
}

QStringList channelsOf(const RouteDecision &decision)
{
    QStringList names;
    for (const RouteCandidate &candidate : decision.candidates)
        names.append(candidate.channel->name + u'/' + candidate.model);
    return names;
}

RouteDecision resolve(const ConfigSnapshot &snapshot,
                      const QString &model) // snapshot must outlive the result
{
    return Router().resolve(snapshot, RouteRequest {model});
}

} // namespace

class TestRouter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void explicitTarget();
    void explicitTargetUnknownChannel();
    void explicitTargetDisabled();
    void channelsListingModelByPriorityThenWeight();
    void singleChannelListing();
    void modelGroupByName();
    void disabledOrEmptyGroup();
    void defaultRuleToChannel();
    void defaultRuleToGroup();
    void defaultRuleLowestPositionWins();
    void defaultRuleBrokenTarget();
    void unknownModelListsAvailable();
    // The full router on the minimal fixture.
    void modelFamilies();
    void neutralContextMatchesPlainResolve();
    void bareChannelTarget();
    void traceOfMinimalResolution();
    void availableModelsPredicate();
};

void TestRouter::explicitTarget()
{
    const ConfigSnapshot snapshot = makeSnapshot();
    RouteDecision decision = resolve(snapshot, QStringLiteral("main,gpt-4o"));
    QVERIFY(decision.ok);
    QCOMPARE(decision.failure, RouteDecision::Failure::None);
    QCOMPARE(channelsOf(decision), QStringList {QStringLiteral("main/gpt-4o")});
    QCOMPARE(decision.candidates[0].provider->name, QStringLiteral("openai"));
    QCOMPARE(decision.candidates[0].baseUrl, QStringLiteral("https://api.openai.com/v1"));
    QVERIFY(!decision.candidates[0].group);
    QCOMPARE(decision.reason, QStringLiteral("explicit target main,gpt-4o"));

    // The model need not be listed, spaces are tolerated, and a channel base URL overrides.
    decision = resolve(snapshot, QStringLiteral("backup, o3-mini"));
    QVERIFY(decision.ok);
    QCOMPARE(channelsOf(decision), QStringList {QStringLiteral("backup/o3-mini")});
    QCOMPARE(decision.candidates[0].baseUrl, QStringLiteral("https://gw.example.com/v1"));

    decision = resolve(snapshot, QStringLiteral("main,"));
    QVERIFY(!decision.ok);
    QCOMPARE(decision.failure, RouteDecision::Failure::InvalidRoute);
}

void TestRouter::explicitTargetUnknownChannel()
{
    const ConfigSnapshot snapshot = makeSnapshot(); // candidates point into it
    const RouteDecision decision = resolve(snapshot, QStringLiteral("nope,gpt-4o"));
    QVERIFY(!decision.ok);
    QVERIFY(decision.candidates.isEmpty());
    QCOMPARE(decision.failure, RouteDecision::Failure::UnknownChannel);
    QVERIFY(decision.error.startsWith(QStringLiteral("unknown channel nope")));
    QVERIFY(decision.error.contains(QStringLiteral("main")));
}

void TestRouter::explicitTargetDisabled()
{
    const ConfigSnapshot snapshot = makeSnapshot();
    for (const QString &target :
         {QStringLiteral("disabled-ch,gpt-4o"), QStringLiteral("dead-provider,gpt-4o")}) {
        const RouteDecision decision = resolve(snapshot, target);
        QVERIFY(!decision.ok);
        QCOMPARE(decision.failure, RouteDecision::Failure::Unavailable);
        QVERIFY(decision.error.contains(target.section(u',', 0, 0)));
    }
}

void TestRouter::channelsListingModelByPriorityThenWeight()
{
    const ConfigSnapshot snapshot = makeSnapshot(); // candidates point into it
    const RouteDecision decision = resolve(snapshot, QStringLiteral("gpt-4o"));
    QVERIFY(decision.ok);
    // Priority 0 first (heavier weight first), then priority 1; the disabled channel and the channel
    // of the disabled provider are skipped although their priority is lower.
    QCOMPARE(channelsOf(decision),
             (QStringList {QStringLiteral("heavy/gpt-4o"), QStringLiteral("backup/gpt-4o"),
                           QStringLiteral("main/gpt-4o")}));
    QCOMPARE(decision.reason, QStringLiteral("channels heavy, backup, main list gpt-4o"));
    QCOMPARE(decision.candidates[1].baseUrl, QStringLiteral("https://gw.example.com/v1"));
}

void TestRouter::singleChannelListing()
{
    const ConfigSnapshot snapshot = makeSnapshot(); // candidates point into it
    const RouteDecision decision = resolve(snapshot, QStringLiteral("deepseek-chat"));
    QVERIFY(decision.ok);
    QCOMPARE(channelsOf(decision), QStringList {QStringLiteral("ds/deepseek-chat")});
    QCOMPARE(decision.reason, QStringLiteral("channel ds lists deepseek-chat"));
    QCOMPARE(decision.candidates[0].baseUrl, QStringLiteral("https://api.deepseek.com"));
}

void TestRouter::modelGroupByName()
{
    const ConfigSnapshot snapshot = makeSnapshot(); // candidates point into it
    const RouteDecision decision = resolve(snapshot, QStringLiteral("auto:fast"));
    QVERIFY(decision.ok);
    QCOMPARE(channelsOf(decision),
             (QStringList {QStringLiteral("heavy/gpt-4o"), QStringLiteral("main/gpt-4o-mini"),
                           QStringLiteral("ds/deepseek-chat")}));
    QCOMPARE(decision.reason, QStringLiteral("group auto:fast"));
    for (const RouteCandidate &candidate : decision.candidates) {
        QVERIFY(candidate.group);
        QCOMPARE(candidate.group->name, QStringLiteral("auto:fast"));
        QVERIFY(candidate.member);
        QCOMPARE(candidate.member->model, candidate.model);
        QCOMPARE(candidate.member->channelId, candidate.channel->id);
    }
}

void TestRouter::disabledOrEmptyGroup()
{
    ConfigSnapshot snapshot = makeSnapshot();
    // A disabled group is invisible: the request falls through to routes.default.
    RouteDecision decision = resolve(snapshot, QStringLiteral("off-group"));
    QVERIFY(decision.ok);
    QCOMPARE(channelsOf(decision), QStringList {QStringLiteral("ds/deepseek-chat")});

    decision = resolve(snapshot, QStringLiteral("empty-group"));
    QVERIFY(!decision.ok);
    QCOMPARE(decision.failure, RouteDecision::Failure::Unavailable);
    QVERIFY(decision.error.contains(QStringLiteral("no enabled member")));
}

void TestRouter::defaultRuleToChannel()
{
    const ConfigSnapshot snapshot = makeSnapshot();
    for (const QString &model : {QStringLiteral("claude-sonnet-4-5"), QStringLiteral("only-disabled"),
                                 QStringLiteral("only-dead-provider")}) {
        const RouteDecision decision = resolve(snapshot, model);
        QVERIFY(decision.ok);
        QCOMPARE(channelsOf(decision), QStringList {QStringLiteral("ds/deepseek-chat")});
        QCOMPARE(decision.reason, QStringLiteral("routes.default -> ds,deepseek-chat"));
    }
}

void TestRouter::defaultRuleToGroup()
{
    ConfigSnapshot snapshot = makeSnapshot();
    snapshot.config.rules[2].target = QStringLiteral("auto:fast");
    const RouteDecision decision = resolve(snapshot, QStringLiteral("claude-opus-4"));
    QVERIFY(decision.ok);
    QCOMPARE(channelsOf(decision),
             (QStringList {QStringLiteral("heavy/gpt-4o"), QStringLiteral("main/gpt-4o-mini"),
                           QStringLiteral("ds/deepseek-chat")}));
    QCOMPARE(decision.reason, QStringLiteral("routes.default -> auto:fast"));
}

void TestRouter::defaultRuleLowestPositionWins()
{
    ConfigSnapshot snapshot = makeSnapshot();
    snapshot.config.rules.append(scenario(QStringLiteral("default"), QStringLiteral("backup,gpt-4o"), -5));
    const RouteDecision decision = resolve(snapshot, QStringLiteral("claude-opus-4"));
    QVERIFY(decision.ok);
    QCOMPARE(channelsOf(decision), QStringList {QStringLiteral("backup/gpt-4o")});
}

void TestRouter::defaultRuleBrokenTarget()
{
    ConfigSnapshot snapshot = makeSnapshot();
    snapshot.config.rules[2].target = QStringLiteral("ghost,model");
    RouteDecision decision = resolve(snapshot, QStringLiteral("claude-opus-4"));
    QVERIFY(!decision.ok);
    QCOMPARE(decision.failure, RouteDecision::Failure::UnknownChannel);
    QVERIFY(decision.error.startsWith(QStringLiteral("routes.default (ghost,model): unknown channel ghost")));

    snapshot.config.rules[2].target = QStringLiteral("no-such-group");
    decision = resolve(snapshot, QStringLiteral("claude-opus-4"));
    QVERIFY(!decision.ok);
    QCOMPARE(decision.failure, RouteDecision::Failure::InvalidRoute);
    QVERIFY(decision.error.contains(QStringLiteral("no-such-group")));
}

void TestRouter::unknownModelListsAvailable()
{
    ConfigSnapshot snapshot = makeSnapshot();
    snapshot.config.rules.removeIf([](const RoutingRule &rule) { return rule.match == u"default"; });
    const RouteDecision decision = resolve(snapshot, QStringLiteral("claude-sonnet-4-5"));
    QVERIFY(!decision.ok);
    QVERIFY(decision.candidates.isEmpty());
    QCOMPARE(decision.failure, RouteDecision::Failure::UnknownModel);
    // Disabled channels, the disabled provider's channel and the disabled group are not offered.
    QCOMPARE(decision.error,
             QStringLiteral("unknown model claude-sonnet-4-5; available: auto:fast, deepseek-chat, "
                            "empty-group, gpt-4o, gpt-4o-mini"));
    QCOMPARE(Router::availableModels(snapshot.config),
             (QStringList {QStringLiteral("auto:fast"), QStringLiteral("deepseek-chat"),
                           QStringLiteral("empty-group"), QStringLiteral("gpt-4o"),
                           QStringLiteral("gpt-4o-mini")}));
}

void TestRouter::modelFamilies()
{
    QCOMPARE(Router::modelFamily(u"claude-opus-5-5"), QStringLiteral("opus"));
    QCOMPARE(Router::modelFamily(u"claude-3-5-haiku-20241022"), QStringLiteral("haiku"));
    QCOMPARE(Router::modelFamily(u"claude-sonnet-4-5"), QStringLiteral("sonnet"));
    QCOMPARE(Router::modelFamily(u"anthropic/Claude-Sonnet-4"), QStringLiteral("sonnet"));
    QVERIFY(Router::modelFamily(u"gpt-4o").isEmpty());
    QVERIFY(Router::modelFamily(u"").isEmpty());
}

void TestRouter::neutralContextMatchesPlainResolve()
{
    const ConfigSnapshot snapshot = makeSnapshot();
    for (const QString &model : {QStringLiteral("gpt-4o"), QStringLiteral("auto:fast"),
                                 QStringLiteral("main,x"), QStringLiteral("claude-opus-4")}) {
        const RouteDecision plain = Router().resolve(snapshot, RouteRequest {model});
        const RouteDecision neutral = Router().resolve(snapshot, RouteRequest {model}, RouterContext {});
        QCOMPARE(channelsOf(neutral), channelsOf(plain));
        QCOMPARE(neutral.reason, plain.reason);
        QCOMPARE(neutral.trace, plain.trace);
    }
}

void TestRouter::bareChannelTarget()
{
    // routes.default naming a channel sends the requested model id there unchanged.
    ConfigSnapshot snapshot = makeSnapshot();
    snapshot.config.rules[2].target = QStringLiteral("ds");
    const RouteDecision decision = resolve(snapshot, QStringLiteral("claude-opus-4"));
    QVERIFY(decision.ok);
    QCOMPARE(channelsOf(decision), QStringList {QStringLiteral("ds/claude-opus-4")});
}

void TestRouter::traceOfMinimalResolution()
{
    const ConfigSnapshot snapshot = makeSnapshot();
    const RouteDecision decision = resolve(snapshot, QStringLiteral("gpt-4o-mini"));
    QStringList steps;
    for (const RouteTraceStep &step : decision.trace)
        steps.append(step.step);
    // Only the background scenario rule exists; the disabled prefix rule is not counted.
    QCOMPARE(steps,
             (QStringList {QStringLiteral("explicit"), QStringLiteral("slot"),
                           QStringLiteral("scenario:background"), QStringLiteral("prefix"),
                           QStringLiteral("listing")}));
    QCOMPARE(decision.trace[3].detail, QStringLiteral("no prefix rules"));
    QVERIFY(decision.trace.last().matched);
    QCOMPARE(decision.step, QStringLiteral("listing"));
    QVERIFY(decision.traceText().startsWith(QStringLiteral("explicit:-(gpt-4o-mini is neither")));
}

void TestRouter::availableModelsPredicate()
{
    const ConfigSnapshot snapshot = makeSnapshot();
    // Only the deepseek channel is usable: its model and the group with a deepseek member remain.
    const QStringList models = Router::availableModels(
        snapshot, [](const RouteCandidate &candidate) { return candidate.provider->name == u"deepseek"; });
    QCOMPARE(models, (QStringList {QStringLiteral("auto:fast"), QStringLiteral("deepseek-chat")}));
}

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
