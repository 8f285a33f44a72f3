// Time policies of model groups: parsing (and its error reports), day and time windows including
// windows that cross midnight, evaluation in the clock's local time zone, member subsets and
// strategy switches.

#include "timepolicy.h"

#include <QJsonArray>
#include <QTest>

using namespace Switchyard;

namespace {

// 2025-01-06 is a Monday.
QDateTime at(int dayOffset, int hour, int minute, const QTimeZone &zone = QTimeZone::utc())
{
    return QDateTime(QDate(2025, 1, 6).addDays(dayOffset), QTime(hour, minute), zone);
}

constexpr int Mon = 0, Tue = 1, Fri = 4, Sat = 5, Sun = 6;

QJsonObject options(const QJsonArray &policies)
{
    return QJsonObject {{QStringLiteral("timePolicies"), policies}};
}

QJsonObject window(const QJsonArray &days, const QString &from, const QString &to)
{
    QJsonObject o {{QStringLiteral("from"), from}, {QStringLiteral("to"), to}};
    if (!days.isEmpty())
        o.insert(QStringLiteral("days"), days);
    return o;
}

TimeWindowPolicy single(const QJsonObject &entry)
{
    QStringList errors;
    const TimePolicySet set = TimePolicySet::parse(options(QJsonArray {entry}), &errors);
    if (!errors.isEmpty() || set.policies.size() != 1)
        qFatal("policy did not parse: %s", qPrintable(errors.join(u';')));
    return set.policies.first();
}

struct GroupFixture
{
    GroupFixture()
    {
        Channel main;
        main.id = 1;
        main.name = QStringLiteral("main");
        Channel backup;
        backup.id = 2;
        backup.name = QStringLiteral("backup");
        config.channels = {main, backup};
        group.name = QStringLiteral("auto");
        group.strategy = QStringLiteral("priority");
        for (const auto &[channel, model] : {std::pair {1, "gpt-4o"}, std::pair {1, "gpt-4o-mini"},
                                             std::pair {2, "claude-sonnet"}, std::pair {2, "claude-haiku"}}) {
            GroupMember m;
            m.channelId = channel;
            m.model = QString::fromLatin1(model);
            group.members.append(m);
        }
    }

    ConfigData config;
    ModelGroup group;
};

} // namespace

class TestTimePolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesTimes()
    {
        QCOMPARE(TimePolicy::parseTimeOfDay(QStringLiteral("09:00")), 540);
        QCOMPARE(TimePolicy::parseTimeOfDay(QStringLiteral("9:30")), 570);
        QCOMPARE(TimePolicy::parseTimeOfDay(QStringLiteral(" 23:59 ")), 1439);
        QCOMPARE(TimePolicy::parseTimeOfDay(QStringLiteral("24:00")), 1440);
        QCOMPARE(TimePolicy::parseTimeOfDay(QStringLiteral("00:00")), 0);
        for (const char *bad : {"24:01", "12:60", "12", "12:5", "ab:cd", "", "-1:00", "123:00", "12:00:00"})
            QCOMPARE(TimePolicy::parseTimeOfDay(QString::fromLatin1(bad)), -1);
    }

    void parsesDays()
    {
        QString error;
        QCOMPARE(TimePolicy::parseDays({QStringLiteral("mon")}), quint8(0x01));
        QCOMPARE(TimePolicy::parseDays({QStringLiteral("Sunday")}), quint8(0x40));
        QCOMPARE(TimePolicy::parseDays({QStringLiteral("weekdays")}), quint8(0x1f));
        QCOMPARE(TimePolicy::parseDays({QStringLiteral("weekend")}), quint8(0x60));
        QCOMPARE(TimePolicy::parseDays({QStringLiteral("mon-wed"), QStringLiteral("fri")}), quint8(0x17));
        QCOMPARE(TimePolicy::parseDays({QStringLiteral("fri-mon")}), quint8(0x71)); // wraps over the weekend
        QCOMPARE(TimePolicy::parseDays({QStringLiteral("*")}), quint8(0x7f));
        QCOMPARE(TimePolicy::parseDays({QStringLiteral("funday")}, &error), quint8(0));
        QVERIFY(error.contains(QLatin1String("funday")));
        QCOMPARE(TimePolicy::parseDays({QStringLiteral("mo")}, &error), quint8(0)); // too short to be sure
    }

    void parsesTheDocumentedShape()
    {
        const QJsonObject groupOptions = options(QJsonArray {QJsonObject {
            {QStringLiteral("name"), QStringLiteral("office hours")},
            {QStringLiteral("days"), QJsonArray {QStringLiteral("mon"), QStringLiteral("tue")}},
            {QStringLiteral("from"), QStringLiteral("09:00")},
            {QStringLiteral("to"), QStringLiteral("18:00")},
            {QStringLiteral("strategy"), QStringLiteral("cost_optimized")},
            {QStringLiteral("members"), QJsonArray {QStringLiteral("main,gpt-4o")}},
        }});
        QStringList errors;
        const TimePolicySet set = TimePolicySet::parse(groupOptions, &errors);
        QVERIFY(errors.isEmpty());
        QCOMPARE(set.policies.size(), 1);
        const TimeWindowPolicy &p = set.policies.first();
        QCOMPARE(p.name, QStringLiteral("office hours"));
        QCOMPARE(p.days, quint8(0x03));
        QCOMPARE(p.fromMinute, 540);
        QCOMPARE(p.toMinute, 1080);
        QCOMPARE(p.strategy, QStringLiteral("cost_optimized"));
        QCOMPARE(p.members, QStringList {QStringLiteral("main,gpt-4o")});
        // Days may also be one comma-separated string.
        QCOMPARE(single(QJsonObject {{QStringLiteral("days"), QStringLiteral("sat, sun")}}).days,
                 quint8(0x60));
    }

    void reportsBadEntriesAndKeepsGoodOnes()
    {
        const QJsonObject groupOptions = options(QJsonArray {
            window(QJsonArray {QStringLiteral("moonday")}, QStringLiteral("09:00"), QStringLiteral("10:00")),
            window({}, QStringLiteral("25:00"), QStringLiteral("10:00")),
            QJsonObject {{QStringLiteral("strategy"), QStringLiteral("coin_flip")}},
            QStringLiteral("not an object"),
            window({}, QStringLiteral("24:00"), QStringLiteral("01:00")),
            window(QJsonArray {QStringLiteral("sat")}, QStringLiteral("10:00"), QStringLiteral("12:00")),
        });
        QStringList errors;
        const TimePolicySet set = TimePolicySet::parse(groupOptions, &errors);
        QCOMPARE(set.policies.size(), 1);
        QCOMPARE(set.policies.first().days, quint8(0x20));
        QCOMPARE(set.policies.first().name, QStringLiteral("timePolicies[5]"));
        QCOMPARE(errors.size(), 5);
        QVERIFY(errors.at(0).startsWith(QLatin1String("timePolicies[0]:")));
        QVERIFY(errors.at(0).contains(QLatin1String("moonday")));
        QVERIFY(errors.at(1).contains(QLatin1String("25:00")));
        QVERIFY(errors.at(2).contains(QLatin1String("coin_flip")));
        QVERIFY(errors.at(3).contains(QLatin1String("not an object")));
        QVERIFY(errors.at(4).startsWith(QLatin1String("timePolicies[4]:")));

        errors.clear();
        QVERIFY(TimePolicySet::parse(QJsonObject {{QStringLiteral("timePolicies"), 3}}, &errors).isEmpty());
        QCOMPARE(errors.size(), 1);
        errors.clear();
        QVERIFY(TimePolicySet::parse(QJsonObject {}, &errors).isEmpty());
        QVERIFY(errors.isEmpty());
    }

    void weekdayOfficeHours()
    {
        const TimeWindowPolicy p = single(window(QJsonArray {QStringLiteral("weekdays")},
                                                 QStringLiteral("09:00"), QStringLiteral("18:00")));
        QVERIFY(!p.matches(at(Mon, 8, 59)));
        QVERIFY(p.matches(at(Mon, 9, 0)));
        QVERIFY(p.matches(at(Mon, 17, 59)));
        QVERIFY(!p.matches(at(Mon, 18, 0))); // the end is exclusive
        QVERIFY(p.matches(at(Fri, 12, 0)));
        QVERIFY(!p.matches(at(Sat, 12, 0)));
        QVERIFY(!p.matches(at(Sun, 12, 0)));
        // Seconds inside the last minute are still inside.
        QVERIFY(p.matches(QDateTime(QDate(2025, 1, 6), QTime(17, 59, 59), QTimeZone::utc())));
    }

    void windowCrossingMidnight()
    {
        // Friday night 22:00 to Saturday 02:00.
        const TimeWindowPolicy p = single(
            window(QJsonArray {QStringLiteral("fri")}, QStringLiteral("22:00"), QStringLiteral("02:00")));
        QVERIFY(!p.matches(at(Fri, 21, 59)));
        QVERIFY(p.matches(at(Fri, 22, 0)));
        QVERIFY(p.matches(at(Fri, 23, 59)));
        QVERIFY(p.matches(at(Sat, 0, 0)));
        QVERIFY(p.matches(at(Sat, 1, 59)));
        QVERIFY(!p.matches(at(Sat, 2, 0)));
        // The morning part belongs to the previous day's window: Friday 01:00 is Thursday's night.
        QVERIFY(!p.matches(at(Fri, 1, 0)));
        QVERIFY(!p.matches(at(Sat, 23, 0)));

        // Every night, including Sunday into Monday (the week wraps).
        const TimeWindowPolicy nightly = single(window({}, QStringLiteral("20:00"), QStringLiteral("08:00")));
        QVERIFY(nightly.matches(at(Sun, 23, 0)));
        QVERIFY(nightly.matches(at(Mon, 7, 59)));
        QVERIFY(!nightly.matches(at(Mon, 8, 0)));
        QVERIFY(!nightly.matches(at(Tue, 12, 0)));

        // Sunday night only: Monday 01:00 is in, Sunday 01:00 is not.
        const TimeWindowPolicy sunday = single(
            window(QJsonArray {QStringLiteral("sun")}, QStringLiteral("23:00"), QStringLiteral("03:00")));
        QVERIFY(sunday.matches(at(Mon, 1, 0)));
        QVERIFY(!sunday.matches(at(Sun, 1, 0)));
    }

    void wholeDayWindows()
    {
        const TimeWindowPolicy weekend =
            single(QJsonObject {{QStringLiteral("days"), QStringLiteral("weekend")}});
        QVERIFY(weekend.matches(at(Sat, 0, 0)));
        QVERIFY(weekend.matches(at(Sun, 23, 59)));
        QVERIFY(!weekend.matches(at(Mon, 0, 0)));
        const TimeWindowPolicy fullDay = single(
            window(QJsonArray {QStringLiteral("tue")}, QStringLiteral("00:00"), QStringLiteral("24:00")));
        QVERIFY(fullDay.matches(at(Tue, 0, 0)));
        QVERIFY(fullDay.matches(at(Tue, 23, 59)));
        QVERIFY(!fullDay.matches(at(Mon, 23, 59)));
        const TimeWindowPolicy lateEvening =
            single(window({}, QStringLiteral("22:00"), QStringLiteral("24:00")));
        QVERIFY(lateEvening.matches(at(Mon, 23, 59)));
        QVERIFY(!lateEvening.matches(at(Tue, 0, 0)));
        QVERIFY(!lateEvening.matches(at(Tue, 21, 59)));
    }

    void evaluatesInLocalTime()
    {
        GroupFixture f;
        f.group.options = options(QJsonArray {QJsonObject {
            {QStringLiteral("days"), QStringLiteral("weekdays")},
            {QStringLiteral("from"), QStringLiteral("09:00")},
            {QStringLiteral("to"), QStringLiteral("18:00")},
            {QStringLiteral("strategy"), QStringLiteral("cost_optimized")},
        }});
        // UTC+8: Monday 01:30 UTC is Monday 09:30 local.
        ManualClock clock(at(Mon, 1, 30).toMSecsSinceEpoch(), QTimeZone(8 * 3600));
        QCOMPARE(TimePolicy::apply(f.group, f.config, clock).strategy, QStringLiteral("cost_optimized"));
        // Friday 10:30 UTC is Friday 18:30 local: outside.
        clock.setNowMs(at(Fri, 10, 30).toMSecsSinceEpoch());
        QCOMPARE(TimePolicy::apply(f.group, f.config, clock).strategy, QStringLiteral("priority"));
        // Sunday 23:30 UTC is Monday 07:30 local: a weekday, too early. Sunday 01:00 UTC = 09:00 local, but
        // Sunday.
        clock.setNowMs(at(Sun, 23, 30).toMSecsSinceEpoch());
        QCOMPARE(TimePolicy::apply(f.group, f.config, clock).strategy, QStringLiteral("priority"));
        clock.setNowMs(at(Sun, 1, 0).toMSecsSinceEpoch());
        QCOMPARE(TimePolicy::apply(f.group, f.config, clock).strategy, QStringLiteral("priority"));
        // Monday 01:00 UTC = 09:00 local Monday: inside. And setLocal works in the clock's zone.
        clock.setLocal(QDateTime(QDate(2025, 1, 13), QTime(9, 0)));
        QCOMPARE(clock.nowMs(), at(Mon + 7, 1, 0).toMSecsSinceEpoch());
        QCOMPARE(TimePolicy::apply(f.group, f.config, clock).strategy, QStringLiteral("cost_optimized"));
    }

    void switchesMembersAndStrategy()
    {
        GroupFixture f;
        f.group.options = options(QJsonArray {
            QJsonObject {{QStringLiteral("name"), QStringLiteral("night")},
                         {QStringLiteral("from"), QStringLiteral("22:00")},
                         {QStringLiteral("to"), QStringLiteral("06:00")},
                         {QStringLiteral("members"), QJsonArray {QStringLiteral("backup")}}},
            QJsonObject {
                {QStringLiteral("name"), QStringLiteral("office")},
                {QStringLiteral("days"), QStringLiteral("mon-fri")},
                {QStringLiteral("from"), QStringLiteral("09:00")},
                {QStringLiteral("to"), QStringLiteral("18:00")},
                {QStringLiteral("strategy"), QStringLiteral("least_connections")},
                {QStringLiteral("members"),
                 QJsonArray {QStringLiteral("main,gpt-4o-mini"), QStringLiteral(" BACKUP , claude-haiku ")}}},
            // Never reached on weekdays 09-18: the first match wins.
            QJsonObject {{QStringLiteral("name"), QStringLiteral("shadowed")},
                         {QStringLiteral("strategy"), QStringLiteral("hybrid")}},
        });

        EffectiveGroup e = TimePolicy::apply(f.group, f.config, at(Tue, 10, 0));
        QCOMPARE(e.policyName, QStringLiteral("office"));
        QCOMPARE(e.strategy, QStringLiteral("least_connections"));
        QCOMPARE(e.memberIndices, (QList<int> {1, 3}));

        e = TimePolicy::apply(f.group, f.config, at(Sat, 3, 0));
        QCOMPARE(e.policyName, QStringLiteral("night"));
        QCOMPARE(e.strategy, QStringLiteral("priority")); // no strategy in the policy: the group's
        QCOMPARE(e.memberIndices, (QList<int> {2, 3})); // a channel name selects all its members

        e = TimePolicy::apply(f.group, f.config, at(Sat, 12, 0));
        QCOMPARE(e.policyName, QStringLiteral("shadowed"));
        QCOMPARE(e.strategy, QStringLiteral("hybrid"));
        QCOMPARE(e.memberIndices, (QList<int> {0, 1, 2, 3}));

        // Without policies the group applies as configured.
        f.group.options = {};
        e = TimePolicy::apply(f.group, f.config, at(Tue, 10, 0));
        QVERIFY(e.policyName.isEmpty());
        QCOMPARE(e.strategy, QStringLiteral("priority"));
        QCOMPARE(e.memberIndices, (QList<int> {0, 1, 2, 3}));
    }

    void clocks()
    {
        const Clock *system = Clock::system();
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const qint64 now = system->nowMs();
        QVERIFY(now >= before && now - before < 5000);
        const qint64 steady = system->steadyMs();
        QVERIFY(system->steadyMs() >= steady);
        QCOMPARE(system->localDateTime(now), QDateTime::fromMSecsSinceEpoch(now).toLocalTime());
        QCOMPARE(system->localDateTime(now).toMSecsSinceEpoch(), now);

        ManualClock manual(1000, QTimeZone(-5 * 3600));
        QCOMPARE(manual.steadyMs(), 0);
        manual.advance(500);
        QCOMPARE(manual.nowMs(), 1500);
        QCOMPARE(manual.steadyMs(), 500);
        QCOMPARE(manual.localNow().offsetFromUtc(), -5 * 3600);
        QCOMPARE(manual.wallFromSteady(800), 1800);
        // Setting the wall clock back leaves steady time alone; forward moves both.
        manual.setNowMs(0);
        QCOMPARE(manual.steadyMs(), 500);
        manual.setLocal(QDateTime(QDate(1970, 1, 1), QTime(0, 0))); // midnight at UTC-5 = 05:00 UTC
        QCOMPARE(manual.nowMs(), 5 * 3600 * 1000);
        QCOMPARE(manual.steadyMs(), 500 + 5 * 3600 * 1000);
    }

    void unknownMembersSelectNothing()
    {
        GroupFixture f;
        f.group.options = options(QJsonArray {
            QJsonObject {{QStringLiteral("members"),
                          QJsonArray {QStringLiteral("gone,gpt-4o"), QStringLiteral("main,gpt-5")}}}});
        const EffectiveGroup e = TimePolicy::apply(f.group, f.config, at(Mon, 12, 0));
        QVERIFY(e.memberIndices.isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestTimePolicy)
#include "tst_timepolicy.moc"
