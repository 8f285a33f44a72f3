// The groups page over a real store: create and edit a group and its members through the widgets,
// reorder members by drag and drop and by the buttons, strategy options and time policies, delete;
// the item models under QAbstractItemModelTester.

#include "groupmodel.h"
#include "groupspage.h"
#include "membermodel.h"
#include "pagefeedback.h"
#include "routingfixture.h"
#include "strategies.h"
#include "timepolicy.h"
#include "timepolicymodel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QTimeEdit>

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

void selectData(QComboBox *combo, const QVariant &data)
{
    const int index = combo->findData(data);
    QVERIFY2(index >= 0, qPrintable(data.toString()));
    combo->setCurrentIndex(index);
}

void addMember(GroupsPage &page, const QString &channel, const QString &model)
{
    auto *channels = child<QComboBox>(&page, "newMemberChannel");
    channels->setCurrentIndex(channels->findText(channel));
    QVERIFY(channels->currentIndex() >= 0);
    auto *models = child<QComboBox>(&page, "newMemberModel");
    models->setCurrentText(model);
    click(&page, "addMember");
}

// A copy: callers pass the temporary of loadConfig().
std::optional<ModelGroup> storedGroup(const ConfigData &config, const QString &name)
{
    const ModelGroup *group = config.groupByName(name);
    return group ? std::optional(*group) : std::nullopt;
}

// "<channel id>:<model>" in stored priority order.
QStringList memberOrder(const ModelGroup &group)
{
    QList<GroupMember> members = group.members;
    std::stable_sort(members.begin(), members.end(),
                     [](const GroupMember &a, const GroupMember &b) { return a.priority < b.priority; });
    QStringList out;
    for (const GroupMember &member : members)
        out.append(member.model);
    return out;
}

QList<int> priorities(const ModelGroup &group)
{
    QList<int> out;
    for (const GroupMember &member : group.members)
        out.append(member.priority);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

class TestGroupsPage : public QObject
{
    Q_OBJECT

private:
    // A page with a saved group "auto:fast" of three members: gpt-4o-mini, deepseek-chat, claude-haiku-4-5.
    void createThreeMemberGroup(GroupsPage &page)
    {
        click(&page, "newGroup");
        auto *name = child<QLineEdit>(&page, "groupName");
        name->clear();
        QTest::keyClicks(name, QStringLiteral("auto:fast"));
        addMember(page, QStringLiteral("main"), QStringLiteral("gpt-4o-mini"));
        addMember(page, QStringLiteral("ds"), QStringLiteral("deepseek-chat"));
        addMember(page, QStringLiteral("claude"), QStringLiteral("claude-haiku-4-5"));
        click(&page, "saveGroup");
    }

private Q_SLOTS:
    void initTestCase() { qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/switchyard-test-bus"); }

    void createGroupThroughWidgets()
    {
        RoutingFixture fixture;
        QVERIFY(fixture.start());
        GroupsPage page(fixture.controller.get());

        click(&page, "newGroup");
        auto *name = child<QLineEdit>(&page, "groupName");
        name->clear();
        QTest::keyClicks(name, QStringLiteral("auto:cheap"));
        selectData(child<QComboBox>(&page, "groupStrategy"), strategyName(Strategy::CostOptimized));
        child<QDoubleSpinBox>(&page, "groupDailyBudget")->setValue(5);
        child<QDoubleSpinBox>(&page, "groupMaxCost")->setValue(0.25);
        addMember(page, QStringLiteral("ds"), QStringLiteral("deepseek-chat"));
        addMember(page, QStringLiteral("main"), QStringLiteral("gpt-4o-mini"));

        // Edit the second member in the table: weight, vision tag, context window, price override.
        auto *view = child<QTableView>(&page, "memberTable");
        QAbstractItemModel *model = view->model();
        QVERIFY(model->setData(model->index(1, MemberModel::WeightColumn), 3));
        QVERIFY(model->setData(model->index(1, MemberModel::VisionColumn), Qt::Checked, Qt::CheckStateRole));
        QVERIFY(model->setData(model->index(1, MemberModel::ContextColumn), 128000));
        QVERIFY(model->setData(model->index(1, MemberModel::InputPriceColumn), 0.15));
        QVERIFY(model->setData(model->index(1, MemberModel::OutputPriceColumn), 0.6));
        QVERIFY(!model->setData(model->index(1, MemberModel::WeightColumn), 0)); // weights start at 1

        click(&page, "saveGroup");
        const ConfigData config = fixture.config();
        const std::optional<ModelGroup> group = storedGroup(config, QStringLiteral("auto:cheap"));
        QVERIFY(group);
        QVERIFY(group->id > 0);
        QCOMPARE(group->strategy, QStringLiteral("cost_optimized"));
        QCOMPARE(group->dailyBudget, 5.0);
        QCOMPARE(group->maxCostPerRequest, 0.25);
        QVERIFY(group->enabled);
        QCOMPARE(memberOrder(*group),
                 (QStringList {QStringLiteral("deepseek-chat"), QStringLiteral("gpt-4o-mini")}));
        const GroupMember &mini = group->members.at(group->members.at(0).model == u"gpt-4o-mini" ? 0 : 1);
        QCOMPARE(mini.channelId, fixture.mainId);
        QCOMPARE(mini.weight, 3);
        QCOMPARE(mini.capabilities, QStringList {QStringLiteral("vision")});
        QCOMPARE(mini.contextWindow, 128000);
        QVERIFY(mini.priceOverride);
        QCOMPARE(mini.priceOverride->inputPerMTok, 0.15);
        QCOMPARE(mini.priceOverride->outputPerMTok, 0.6);

        // The list shows it, and an invalid name is refused without touching the store.
        QCOMPARE(page.groupModel()->rowCount(), 1);
        name->clear();
        QTest::keyClicks(name, QStringLiteral("main,gpt-4o"));
        click(&page, "saveGroup");
        QVERIFY(!child<QLabel>(&page, "groupStatus")->text().isEmpty());
        QVERIFY(fixture.config().groupByName(QStringLiteral("auto:cheap")));
        QVERIFY(!fixture.config().groupByName(QStringLiteral("main,gpt-4o")));
    }

    void reorderByButtons()
    {
        RoutingFixture fixture;
        QVERIFY(fixture.start());
        GroupsPage page(fixture.controller.get());
        createThreeMemberGroup(page);

        auto *view = child<QTableView>(&page, "memberTable");
        view->selectRow(2);
        click(&page, "memberUp"); // haiku before deepseek
        QCOMPARE(view->currentIndex().row(), 1);
        view->selectRow(0);
        click(&page, "memberDown"); // gpt-4o-mini after haiku
        click(&page, "saveGroup");

        const std::optional<ModelGroup> group = storedGroup(fixture.config(), QStringLiteral("auto:fast"));
        QVERIFY(group);
        QCOMPARE(memberOrder(*group),
                 (QStringList {QStringLiteral("claude-haiku-4-5"), QStringLiteral("gpt-4o-mini"),
                               QStringLiteral("deepseek-chat")}));
        QCOMPARE(priorities(*group), (QList<int> {0, 1, 2}));
        // The first row cannot move up, the last cannot move down.
        view->selectRow(0);
        QVERIFY(!child<QPushButton>(&page, "memberUp")->isEnabled());
        view->selectRow(2);
        QVERIFY(!child<QPushButton>(&page, "memberDown")->isEnabled());
    }

    void reorderByDrag()
    {
        RoutingFixture fixture;
        QVERIFY(fixture.start());
        GroupsPage page(fixture.controller.get());
        createThreeMemberGroup(page);

        // What a drag of the last row onto the first does: the view's model encodes the dragged rows,
        // then decodes them at the drop target.
        auto *view = child<QTableView>(&page, "memberTable");
        QAbstractItemModel *model = view->model();
        QVERIFY(model->supportedDropActions() & Qt::MoveAction);
        QVERIFY(model->flags(model->index(2, 0)) & Qt::ItemIsDragEnabled);
        std::unique_ptr<QMimeData> mime(model->mimeData({model->index(2, 0), model->index(2, 1)}));
        QVERIFY(mime->hasFormat(MemberModel::mimeType()));
        QVERIFY(model->canDropMimeData(mime.get(), Qt::MoveAction, -1, -1, model->index(0, 0)));
        QVERIFY(!model->canDropMimeData(mime.get(), Qt::CopyAction, -1, -1, model->index(0, 0)));
        QVERIFY(model->dropMimeData(mime.get(), Qt::MoveAction, -1, -1, model->index(0, 0)));
        QCOMPARE(model->rowCount(), 3); // moved, not copied
        QCOMPARE(model->index(0, MemberModel::ModelColumn).data().toString(),
                 QStringLiteral("claude-haiku-4-5"));
        QCOMPARE(model->index(0, MemberModel::PriorityColumn).data().toInt(), 0);

        // Dropping the first row past the end (between rows, on the root) moves it last.
        mime.reset(model->mimeData({model->index(0, 0)}));
        QVERIFY(model->dropMimeData(mime.get(), Qt::MoveAction, 3, 0, {}));
        click(&page, "saveGroup");

        const std::optional<ModelGroup> group = storedGroup(fixture.config(), QStringLiteral("auto:fast"));
        QVERIFY(group);
        QCOMPARE(memberOrder(*group),
                 (QStringList {QStringLiteral("gpt-4o-mini"), QStringLiteral("deepseek-chat"),
                               QStringLiteral("claude-haiku-4-5")}));
        QCOMPARE(priorities(*group), (QList<int> {0, 1, 2}));
    }

    void hybridWeightsAndTimePolicy()
    {
        RoutingFixture fixture;
        QVERIFY(fixture.start());
        GroupsPage page(fixture.controller.get());
        createThreeMemberGroup(page);

        auto *hybrid = child<QGroupBox>(&page, "hybridWeights");
        QVERIFY(hybrid->isHidden());
        selectData(child<QComboBox>(&page, "groupStrategy"), strategyName(Strategy::Hybrid));
        QVERIFY(!hybrid->isHidden());
        child<QDoubleSpinBox>(&page, "hybrid_cost")->setValue(0.8);

        click(&page, "addTimePolicy");
        child<QLineEdit>(&page, "timePolicyName")->setText(QStringLiteral("night"));
        QTest::keyClicks(child<QLineEdit>(&page, "timePolicyName"), QStringLiteral("s"));
        for (int day = 1; day <= 7; ++day)
            child<QCheckBox>(&page, qPrintable(QStringLiteral("timePolicyDay%1").arg(day)))
                ->setChecked(day == 5);
        child<QTimeEdit>(&page, "timePolicyFrom")->setTime(QTime(22, 0));
        child<QTimeEdit>(&page, "timePolicyTo")->setTime(QTime(6, 30));
        selectData(child<QComboBox>(&page, "timePolicyStrategy"), strategyName(Strategy::CostOptimized));
        auto *members = child<QListWidget>(&page, "timePolicyMembers");
        QCOMPARE(members->count(), 3);
        const QList<QListWidgetItem *> ds =
            members->findItems(QStringLiteral("ds,deepseek-chat"), Qt::MatchExactly);
        QCOMPARE(ds.size(), 1);
        ds.first()->setCheckState(Qt::Checked);
        click(&page, "saveGroup");

        const std::optional<ModelGroup> group = storedGroup(fixture.config(), QStringLiteral("auto:fast"));
        QVERIFY(group);
        QCOMPARE(group->strategy, QStringLiteral("hybrid"));
        QCOMPARE(
            HybridWeights::fromJson(group->options.value(QStringLiteral("hybridWeights")).toObject()).cost,
            0.8);
        QStringList errors;
        const TimePolicySet policies = TimePolicySet::parse(group->options, &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QCOMPARE(policies.policies.size(), 1);
        const TimeWindowPolicy &night = policies.policies.first();
        QCOMPARE(night.name, QStringLiteral("nights"));
        QCOMPARE(night.days, quint8(1u << 4)); // Friday only
        QCOMPARE(night.fromMinute, 22 * 60);
        QCOMPARE(night.toMinute, 6 * 60 + 30);
        QCOMPARE(night.strategy, QStringLiteral("cost_optimized"));
        QCOMPARE(night.members, QStringList {QStringLiteral("ds,deepseek-chat")});
        // Friday 23:00 is inside (the window crosses midnight), Thursday 23:00 is not.
        QVERIFY(night.matches(QDateTime(QDate(2026, 11, 20), QTime(23, 0))));
        QVERIFY(!night.matches(QDateTime(QDate(2026, 11, 19), QTime(23, 0))));

        // Reloading shows the stored policy again.
        page.reload();
        QCOMPARE(child<QLineEdit>(&page, "timePolicyName")->text(), QStringLiteral("nights"));
        QCOMPARE(child<QTimeEdit>(&page, "timePolicyFrom")->time(), QTime(22, 0));

        // Removing it drops the key from the options.
        click(&page, "removeTimePolicy");
        click(&page, "saveGroup");
        QVERIFY(!storedGroup(fixture.config(), QStringLiteral("auto:fast"))
                     ->options.contains(QStringLiteral("timePolicies")));
    }

    void editDisableAndDelete()
    {
        RoutingFixture fixture;
        QVERIFY(fixture.start());
        GroupsPage page(fixture.controller.get());
        createThreeMemberGroup(page);
        const qint64 id = storedGroup(fixture.config(), QStringLiteral("auto:fast"))->id;

        auto *name = child<QLineEdit>(&page, "groupName");
        name->clear();
        QTest::keyClicks(name, QStringLiteral("auto:quick"));
        child<QCheckBox>(&page, "groupEnabled")->setChecked(false);
        auto *view = child<QTableView>(&page, "memberTable");
        view->selectRow(1);
        click(&page, "removeMember");
        click(&page, "saveGroup");
        ConfigData config = fixture.config();
        QCOMPARE(config.groups.size(), 1);
        QCOMPARE(config.groups.first().id, id); // edited in place, not a new group
        QCOMPARE(config.groups.first().name, QStringLiteral("auto:quick"));
        QVERIFY(!config.groups.first().enabled);
        QCOMPARE(memberOrder(config.groups.first()),
                 (QStringList {QStringLiteral("gpt-4o-mini"), QStringLiteral("claude-haiku-4-5")}));
        QCOMPARE(priorities(config.groups.first()), (QList<int> {0, 1}));

        click(&page, "deleteGroup");
        auto *box = page.findChild<QMessageBox *>(QStringLiteral("confirmDeleteGroup"));
        QVERIFY(box);
        QTest::mouseClick(confirmButton(box), Qt::LeftButton);
        QVERIFY(fixture.config().groups.isEmpty());
        QCOMPARE(page.groupModel()->rowCount(), 0);
    }

    void followsStoreChanges()
    {
        RoutingFixture fixture;
        QVERIFY(fixture.start());
        GroupsPage page(fixture.controller.get());
        ModelGroup group;
        group.name = QStringLiteral("auto:imported");
        GroupMember member;
        member.channelId = fixture.dsId;
        member.model = QStringLiteral("deepseek-chat");
        group.members = {member};
        QVERIFY(fixture.storage()->saveGroup(&group));
        QTRY_COMPARE_WITH_TIMEOUT(page.groupModel()->rowCount(), 1, 5000);
        QCOMPARE(page.groupModel()->index(0, GroupModel::NameColumn).data().toString(),
                 QStringLiteral("auto:imported"));
        QCOMPARE(page.memberModel()->memberLabel(0), QStringLiteral("ds,deepseek-chat"));
    }

    void memberModelUnderTester()
    {
        MemberModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Channel a;
        a.id = 1;
        a.name = QStringLiteral("a");
        Channel b = a;
        b.id = 2;
        b.name = QStringLiteral("b");
        model.setChannels({a, b});
        GroupMember first;
        first.channelId = 1;
        first.model = QStringLiteral("m1");
        first.priority = 5;
        GroupMember second = first;
        second.model = QStringLiteral("m2");
        second.priority = 1;
        model.setMembers({first, second});
        QCOMPARE(model.memberLabel(0), QStringLiteral("a,m2")); // sorted by priority
        model.addMember(2, QStringLiteral("m3"));
        QCOMPARE(model.members().last().priority, 6);
        QVERIFY(model.moveDown(0));
        QVERIFY(model.moveUp(2));
        QVERIFY(!model.moveUp(0));
        QVERIFY(!model.moveDown(2));
        QVERIFY(!model.moveRows({}, 0, 1, {}, 1)); // onto itself
        QCOMPARE(model.memberLabel(0), QStringLiteral("a,m1"));
        QCOMPARE(model.memberLabel(1), QStringLiteral("b,m3"));
        QCOMPARE(model.memberLabel(2), QStringLiteral("a,m2"));
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.members().at(row).priority, row);
        QVERIFY(model.setData(model.index(0, MemberModel::ChannelColumn), QStringLiteral("b")));
        QCOMPARE(model.members().first().channelId, 2);
        QVERIFY(!model.setData(model.index(0, MemberModel::ChannelColumn), QStringLiteral("nope")));
        QVERIFY(!(model.flags(model.index(0, MemberModel::PriorityColumn)) & Qt::ItemIsEditable));
        // Clearing both prices removes the override.
        QVERIFY(model.setData(model.index(0, MemberModel::InputPriceColumn), 1.0));
        QVERIFY(model.members().first().priceOverride);
        QVERIFY(model.setData(model.index(0, MemberModel::InputPriceColumn), QString()));
        QVERIFY(!model.members().first().priceOverride);
        std::unique_ptr<QMimeData> mime(model.mimeData({model.index(2, 0)}));
        QVERIFY(model.dropMimeData(mime.get(), Qt::MoveAction, 0, 0, {}));
        QCOMPARE(model.memberLabel(0), QStringLiteral("a,m2"));
        QVERIFY(model.removeRows(0, 2));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.members().first().priority, 0);
        QMimeData foreign;
        foreign.setText(QStringLiteral("x"));
        QVERIFY(!model.canDropMimeData(&foreign, Qt::MoveAction, 0, 0, {}));
    }

    void groupAndPolicyModelsUnderTester()
    {
        GroupModel groups;
        QAbstractItemModelTester groupTester(&groups, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ModelGroup group;
        group.id = 4;
        group.name = QStringLiteral("auto:x");
        group.strategy = QStringLiteral("wrr");
        group.dailyBudget = 2.5;
        groups.setGroups({group});
        QCOMPARE(groups.rowOf(4), 0);
        QCOMPARE(groups.index(0, GroupModel::StrategyColumn).data().toString(),
                 GroupModel::strategyTitle(QStringLiteral("weighted_round_robin")));
        QCOMPARE(groups.index(0, GroupModel::DailyBudgetColumn).data().toString(), QStringLiteral("$2.50"));
        QCOMPARE(groups.index(0, GroupModel::EnabledColumn).data(Qt::CheckStateRole).toInt(),
                 int(Qt::Checked));
        groups.setGroups({});

        TimePolicyModel policies;
        QAbstractItemModelTester policyTester(&policies,
                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QJsonObject options {
            {QStringLiteral("timePolicies"),
             QJsonArray {QJsonObject {{QStringLiteral("days"), QJsonArray {QStringLiteral("mon-fri")}},
                                      {QStringLiteral("from"), QStringLiteral("09:00")},
                                      {QStringLiteral("to"), QStringLiteral("18:00")}},
                         QJsonObject {{QStringLiteral("strategy"), QStringLiteral("no-such-strategy")}},
                         QJsonObject {{QStringLiteral("name"), QStringLiteral("always")},
                                      {QStringLiteral("members"), QJsonArray {QStringLiteral("main")}}}}}};
        QStringList errors;
        policies.setFromOptions(options, &errors);
        QCOMPARE(policies.rowCount(), 2);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(policies.index(0, TimePolicyModel::DaysColumn).data().toString(),
                 TimePolicyModel::daysText(0x1f));
        // Round trip: what the model writes parses back to the same policies.
        QStringList roundTripErrors;
        const TimePolicySet reparsed = TimePolicySet::parse(
            QJsonObject {{QStringLiteral("timePolicies"), policies.toJson()}}, &roundTripErrors);
        QVERIFY(roundTripErrors.isEmpty());
        QCOMPARE(reparsed.policies.size(), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(reparsed.policies.at(i).days, policies.policy(i).days);
            QCOMPARE(reparsed.policies.at(i).fromMinute, policies.policy(i).fromMinute);
            QCOMPARE(reparsed.policies.at(i).toMinute, policies.policy(i).toMinute);
            QCOMPARE(reparsed.policies.at(i).members, policies.policy(i).members);
        }
        QCOMPARE(policies.addPolicy(), 2);
        QVERIFY(policies.removeRows(0, 2));
        QCOMPARE(policies.rowCount(), 1);
    }

    void screenshots()
    {
        RoutingFixture fixture;
        QVERIFY(fixture.start());
        GroupsPage page(fixture.controller.get());
        createThreeMemberGroup(page);
        selectData(child<QComboBox>(&page, "groupStrategy"), strategyName(Strategy::Hybrid));
        click(&page, "addTimePolicy");
        QVERIFY(
            Switchyard::Test::screenshotBothLanguages(&page, QStringLiteral("groups"), QSize(1200, 1150)));
    }
};

QTEST_MAIN(TestGroupsPage)
#include "tst_groupspage.moc"
