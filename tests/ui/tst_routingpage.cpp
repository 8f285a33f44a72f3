// The routing page over a real store: scenario targets and the long-context threshold, prefix
// rules (add, edit, reorder, disable, remove) stored as RoutingRule rows, invalid targets refused,
// and "Try a route" showing the deciding step, with and without a client key; RuleModel under
// QAbstractItemModelTester.

#include "routingfixture.h"
#include "routingpage.h"
#include "rulemodel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

using namespace Switchyard;
using Switchyard::Test::RoutingFixture;

namespace {

template<typename T>
T *child(QWidget *root, const char *name)
{
    T *widget = root->findChild<T *>(QLatin1String(name));
    if (!widget)
        qWarning("missing widget %s", name);
    return widget;
}

void click(QWidget *root, const char *name)
{
    auto *button = child<QPushButton>(root, name);
    QVERIFY(button);
    QVERIFY2(button->isEnabled(), name);
    QTest::mouseClick(button, Qt::LeftButton);
}

void setTarget(RoutingPage &page, const QString &scenario, const QString &target)
{
    auto *combo = page.findChild<QComboBox *>(QStringLiteral("target_%1").arg(scenario));
    QVERIFY(combo);
    combo->setCurrentText(target);
}

QList<RoutingRule> rulesOfKind(const ConfigData &config, const QString &kind)
{
    QList<RoutingRule> rules;
    for (const RoutingRule &rule : config.rules) {
        if (rule.kind == kind)
            rules.append(rule);
    }
    std::stable_sort(rules.begin(), rules.end(),
                     [](const RoutingRule &a, const RoutingRule &b) { return a.position < b.position; });
    return rules;
}

const RoutingRule *scenarioRule(const QList<RoutingRule> &rules, const QString &match)
{
    for (const RoutingRule &rule : rules) {
        if (rule.kind == u"scenario" && rule.match == match)
            return &rule;
    }
    return nullptr;
}

// A group the targets can name.
void addGroup(RoutingFixture &fixture)
{
    ModelGroup group;
    group.name = QStringLiteral("auto:fast");
    GroupMember member;
    member.channelId = fixture.dsId;
    member.model = QStringLiteral("deepseek-chat");
    group.members = {member};
    QVERIFY(fixture.storage()->saveGroup(&group));
}

QString tryRoute(RoutingPage &page, const QString &input)
{
    auto *box = child<QPlainTextEdit>(&page, "tryInput");
    box->clear();
    QTest::keyClicks(box, input);
    click(&page, "tryRoute");
    return child<QLabel>(&page, "tryDecision")->property("step").toString();
}

} // namespace

class TestRoutingPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/switchyard-test-bus"); }

    void scenarioTargetsAreStored()
    {
        RoutingFixture fixture;
        QVERIFY(fixture.start());
        addGroup(fixture);
        RoutingPage page(fixture.controller.get());

        // The target lists offer groups and "<channel>,<model>" pairs.
        auto *defaultTarget = child<QComboBox>(&page, "target_default");
        QVERIFY(defaultTarget->findText(QStringLiteral("auto:fast")) >= 0);
        QVERIFY(defaultTarget->findText(QStringLiteral("claude,claude-sonnet-4-5")) >= 0);

        setTarget(page, QStringLiteral("default"), QStringLiteral("main,gpt-4o"));
        setTarget(page, QStringLiteral("background"), QStringLiteral("auto:fast"));
        setTarget(page, QStringLiteral("longContext"), QStringLiteral("ds,deepseek-chat"));
        child<QSpinBox>(&page, "longContextThreshold")->setValue(90000);
        // Free text: a model the channel does not list yet.
        setTarget(page, QStringLiteral("think"), QStringLiteral("claude,claude-opus-4-1"));
        click(&page, "saveRouting");

        ConfigData config = fixture.config();
        QList<RoutingRule> scenarios = rulesOfKind(config, QStringLiteral("scenario"));
        QCOMPARE(scenarios.size(), 4);
        const RoutingRule *fallback = scenarioRule(scenarios, QStringLiteral("default"));
        QVERIFY(fallback);
        QCOMPARE(fallback->target, QStringLiteral("main,gpt-4o"));
        QVERIFY(fallback->enabled);
        QCOMPARE(scenarioRule(scenarios, QStringLiteral("background"))->target, QStringLiteral("auto:fast"));
        QCOMPARE(scenarioRule(scenarios, QStringLiteral("think"))->target,
                 QStringLiteral("claude,claude-opus-4-1"));
        const RoutingRule *longContext = scenarioRule(scenarios, QStringLiteral("longContext"));
        QCOMPARE(longContext->options.value(QStringLiteral("longContextThreshold")).toInt(), 90000);
        const qint64 defaultId = fallback->id;

        // Change one, clear another: updated in place, and the cleared one is deleted.
        setTarget(page, QStringLiteral("default"), QStringLiteral("claude,claude-sonnet-4-5"));
        setTarget(page, QStringLiteral("background"), QString());
        click(&page, "saveRouting");
        config = fixture.config();
        scenarios = rulesOfKind(config, QStringLiteral("scenario"));
        QCOMPARE(scenarios.size(), 3);
        QVERIFY(!scenarioRule(scenarios, QStringLiteral("background")));
        QCOMPARE(scenarioRule(scenarios, QStringLiteral("default"))->id, defaultId);
        QCOMPARE(scenarioRule(scenarios, QStringLiteral("default"))->target,
                 QStringLiteral("claude,claude-sonnet-4-5"));

        // A reload shows what is stored.
        page.reload();
        QCOMPARE(child<QComboBox>(&page, "target_default")->currentText(),
                 QStringLiteral("claude,claude-sonnet-4-5"));
        QCOMPARE(child<QSpinBox>(&page, "longContextThreshold")->value(), 90000);
    }

    void invalidTargetsAreRefused()
    {
        RoutingFixture fixture;
        QVERIFY(fixture.start());
        RoutingPage page(fixture.controller.get());
        setTarget(page, QStringLiteral("default"), QStringLiteral("nochannel,gpt-4o"));
        click(&page, "saveRouting");
        QVERIFY(child<QLabel>(&page, "routingStatus")->text().contains(QStringLiteral("nochannel")));
        setTarget(page, QStringLiteral("default"), QStringLiteral("auto:missing"));
        click(&page, "saveRouting");
        QVERIFY(child<QLabel>(&page, "routingStatus")->text().contains(QStringLiteral("auto:missing")));
        QVERIFY(fixture.config().rules.isEmpty());
        // A bare channel is a valid target.
        setTarget(page, QStringLiteral("default"), QStringLiteral("claude"));
        click(&page, "saveRouting");
        QCOMPARE(fixture.config().rules.size(), 1);
    }

    void prefixRulesAreStoredInOrder()
    {
        RoutingFixture fixture;
        QVERIFY(fixture.start());
        addGroup(fixture);
        RoutingPage page(fixture.controller.get());
        auto *view = child<QTableView>(&page, "prefixRules");
        QAbstractItemModel *model = view->model();

        click(&page, "addPrefixRule");
        QVERIFY(model->setData(model->index(0, RuleModel::MatchColumn), QStringLiteral("gpt-*")));
        QVERIFY(model->setData(model->index(0, RuleModel::TargetColumn), QStringLiteral("auto:fast")));
        click(&page, "addPrefixRule");
        QVERIFY(model->setData(model->index(1, RuleModel::MatchColumn), QStringLiteral("claude-*")));
        QVERIFY(model->setData(model->index(1, RuleModel::TargetColumn), QStringLiteral("claude")));
        click(&page, "addPrefixRule");
        QVERIFY(model->setData(model->index(2, RuleModel::MatchColumn), QStringLiteral("o?-*")));
        QVERIFY(model->setData(model->index(2, RuleModel::TargetColumn), QStringLiteral("main,gpt-4o")));
        QVERIFY(model->setData(model->index(2, RuleModel::EnabledColumn), Qt::Unchecked, Qt::CheckStateRole));
        view->selectRow(1);
        click(&page, "prefixRuleUp"); // claude-* first
        click(&page, "saveRouting");

        QList<RoutingRule> prefixes = rulesOfKind(fixture.config(), QStringLiteral("prefix"));
        QCOMPARE(prefixes.size(), 3);
        QCOMPARE(prefixes.at(0).match, QStringLiteral("claude-*"));
        QCOMPARE(prefixes.at(0).target, QStringLiteral("claude"));
        QCOMPARE(prefixes.at(1).match, QStringLiteral("gpt-*"));
        QCOMPARE(prefixes.at(1).target, QStringLiteral("auto:fast"));
        QCOMPARE(prefixes.at(2).match, QStringLiteral("o?-*"));
        QVERIFY(prefixes.at(0).enabled);
        QVERIFY(!prefixes.at(2).enabled);
        QVERIFY(prefixes.at(0).position < prefixes.at(1).position);
        QVERIFY(prefixes.at(1).position < prefixes.at(2).position);

        // Move the first down, remove the last.
        view->selectRow(0);
        click(&page, "prefixRuleDown");
        view->selectRow(2);
        click(&page, "removePrefixRule");
        click(&page, "saveRouting");
        prefixes = rulesOfKind(fixture.config(), QStringLiteral("prefix"));
        QCOMPARE(prefixes.size(), 2);
        QCOMPARE(prefixes.at(0).match, QStringLiteral("gpt-*"));
        QCOMPARE(prefixes.at(1).match, QStringLiteral("claude-*"));
    }

    void tryARouteShowsTheDecidingStep()
    {
        RoutingFixture fixture;
        QVERIFY(fixture.start());
        addGroup(fixture);
        ClientKey key;
        key.name = QStringLiteral("laptop");
        key.prefix = QStringLiteral("sy-1234");
        key.hash = QByteArray(64, 'a');
        key.slotMap = QJsonObject {{QStringLiteral("opus"), QStringLiteral("claude,claude-sonnet-4-5")}};
        QVERIFY(fixture.storage()->saveClientKey(&key));
        QVERIFY(fixture.waitForPublish()); // the try box routes over the running config
        RoutingPage page(fixture.controller.get());

        // No rules yet: an unknown model has no route.
        QCOMPARE(tryRoute(page, QStringLiteral("mystery")), QString());
        QVERIFY(child<QLabel>(&page, "tryDecision")->text().contains(QStringLiteral("mystery")));
        QCOMPARE(tryRoute(page, QStringLiteral("deepseek-chat")), QStringLiteral("listing"));
        QCOMPARE(tryRoute(page, QStringLiteral("main,gpt-4o")), QStringLiteral("explicit"));

        // Edited but not saved rules already apply to the try box.
        setTarget(page, QStringLiteral("default"), QStringLiteral("main,gpt-4o"));
        setTarget(page, QStringLiteral("background"), QStringLiteral("auto:fast"));
        setTarget(page, QStringLiteral("image"), QStringLiteral("claude,claude-sonnet-4-5"));
        QCOMPARE(tryRoute(page, QStringLiteral("mystery")), QStringLiteral("default"));
        QCOMPARE(tryRoute(page, QStringLiteral("claude-haiku-4-5")), QStringLiteral("scenario"));
        auto *result = child<QPlainTextEdit>(&page, "tryResult");
        QVERIFY(result->toPlainText().contains(QStringLiteral("scenario:background")));
        QVERIFY(result->toPlainText().contains(QStringLiteral("ds,deepseek-chat")));
        QVERIFY(fixture.config().rules.isEmpty());

        // A pasted OpenAI request with an image.
        QCOMPARE(
            tryRoute(page,
                     QStringLiteral(
                         R"({"model":"gpt-4o","messages":[{"role":"user","content":[)"
                         R"({"type":"image_url","image_url":{"url":"data:image/png;base64,AA=="}}]}]})")),
            QStringLiteral("scenario"));
        QVERIFY(result->toPlainText().contains(QStringLiteral("scenario:image")));
        QVERIFY(
            child<QLabel>(&page, "tryDecision")->text().contains(QStringLiteral("claude,claude-sonnet-4-5")));

        // The client key's slot map.
        QCOMPARE(tryRoute(page, QStringLiteral("claude-opus-4-1")), QStringLiteral("default"));
        auto *keys = child<QComboBox>(&page, "tryClientKey");
        keys->setCurrentIndex(keys->findData(key.id));
        QVERIFY(keys->currentIndex() > 0);
        QCOMPARE(tryRoute(page, QStringLiteral("claude-opus-4-1")), QStringLiteral("slot"));
        QVERIFY(result->toPlainText().contains(QStringLiteral("laptop")));

        // Input errors are shown, not routed.
        QCOMPARE(tryRoute(page, QStringLiteral("{\"model\": ")), QString());
        QVERIFY(!child<QLabel>(&page, "tryDecision")->text().isEmpty());
    }

    void ruleModelUnderTester()
    {
        RuleModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        RoutingRule scenario;
        scenario.kind = QStringLiteral("scenario");
        scenario.match = QStringLiteral("default");
        RoutingRule b;
        b.kind = QStringLiteral("prefix");
        b.match = QStringLiteral("b*");
        b.target = QStringLiteral("x");
        b.position = 5;
        RoutingRule a = b;
        a.match = QStringLiteral("a*");
        a.position = 2;
        model.setRules({scenario, b, a});
        QCOMPARE(model.rowCount(), 2); // prefix rules only, by position
        QCOMPARE(model.index(0, RuleModel::MatchColumn).data().toString(), QStringLiteral("a*"));
        QCOMPARE(model.addRule(QStringLiteral("c*"), QStringLiteral("y")), 2);
        QVERIFY(model.moveUp(2));
        QVERIFY(model.moveDown(0));
        QVERIFY(!model.moveUp(0));
        QVERIFY(!model.moveDown(2));
        QVERIFY(!model.setData(model.index(0, RuleModel::MatchColumn), QString())); // a glob is required
        QVERIFY(model.setData(model.index(0, RuleModel::EnabledColumn), Qt::Unchecked, Qt::CheckStateRole));
        const QList<RoutingRule> rules = model.rules();
        QCOMPARE(rules.size(), 3);
        QCOMPARE(rules.at(0).match, QStringLiteral("c*"));
        QVERIFY(!rules.at(0).enabled);
        QCOMPARE(rules.at(1).match, QStringLiteral("a*"));
        for (int i = 0; i < rules.size(); ++i)
            QCOMPARE(rules.at(i).position, i);
        QVERIFY(model.removeRows(0, 2));
        QCOMPARE(model.rowCount(), 1);
    }

    void screenshots()
    {
        RoutingFixture fixture;
        QVERIFY(fixture.start());
        addGroup(fixture);
        RoutingPage page(fixture.controller.get());
        setTarget(page, QStringLiteral("default"), QStringLiteral("main,gpt-4o"));
        setTarget(page, QStringLiteral("background"), QStringLiteral("auto:fast"));
        setTarget(page, QStringLiteral("think"), QStringLiteral("claude,claude-sonnet-4-5"));
        click(&page, "addPrefixRule");
        page.ruleModel()->setData(page.ruleModel()->index(0, RuleModel::TargetColumn),
                                  QStringLiteral("auto:fast"));
        QVERIFY(fixture.waitForPublish());
        tryRoute(page,
                 QStringLiteral(R"({"model":"claude-sonnet-4-5","max_tokens":32000,)"
                                R"("thinking":{"type":"enabled","budget_tokens":16000},)"
                                R"("messages":[{"role":"user","content":"hi"}]})"));
        QVERIFY(Switchyard::Test::screenshotBothLanguages(&page, QStringLiteral("routing")));
    }
};

QTEST_MAIN(TestRoutingPage)
#include "tst_routingpage.moc"
