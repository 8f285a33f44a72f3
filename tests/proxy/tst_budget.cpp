// Budgets: the pre-flight cost estimate (prices, globs, overrides), the per-request cap, daily
// budgets per client key, group and channel naming the budget that refused, the 80 % downgrade
// signal firing once per day, and the local-midnight rollover. ManualClock throughout.

#include "budget.h"

#include <QTest>

using namespace Switchyard;

namespace {

Provider provider()
{
    Provider p;
    p.name = QStringLiteral("anthropic");
    p.prices = {
        ModelPrice {QStringLiteral("claude-*"), 3, 15, 0.3, 3.75},
        ModelPrice {QStringLiteral("claude-opus-*"), 15, 75, 1.5, 18.75},
        ModelPrice {QStringLiteral("claude-haiku-4-5"), 1, 5, 0.1, 1.25},
    };
    return p;
}

ClientKey clientKey(qint64 id, const QString &name, double daily)
{
    ClientKey k;
    k.id = id;
    k.name = name;
    k.prefix = QStringLiteral("sy-abcd");
    k.dailyBudget = daily;
    return k;
}

ModelGroup group(const QString &name, double daily, double perRequest)
{
    ModelGroup g;
    g.name = name;
    g.dailyBudget = daily;
    g.maxCostPerRequest = perRequest;
    return g;
}

const QTimeZone UtcPlus2(7200);

} // namespace

class TestBudget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void estimatesFromPrices()
    {
        const Provider p = provider();
        // The most specific glob wins; exact ids beat globs.
        QCOMPARE(Budget::priceFor(&p, std::nullopt, QStringLiteral("claude-opus-4-1"))->inputPerMTok, 15.0);
        QCOMPARE(Budget::priceFor(&p, std::nullopt, QStringLiteral("claude-sonnet-4-5"))->inputPerMTok, 3.0);
        QCOMPARE(Budget::priceFor(&p, std::nullopt, QStringLiteral("claude-haiku-4-5"))->inputPerMTok, 1.0);
        QVERIFY(!Budget::priceFor(&p, std::nullopt, QStringLiteral("gpt-4o")));
        QVERIFY(!Budget::priceFor(nullptr, std::nullopt, QStringLiteral("claude-opus-4-1")));
        // A member's override wins over the table.
        const ModelPrice override {QStringLiteral("x"), 0.5, 1, 0, 0};
        QCOMPARE(Budget::priceFor(&p, override, QStringLiteral("claude-opus-4-1"))->inputPerMTok, 0.5);

        // input x input price + max_tokens x output price.
        const CostEstimate opus = Budget::estimate(
            Budget::priceFor(&p, std::nullopt, QStringLiteral("claude-opus-4-1")), 50000, 32000);
        QVERIFY(opus.priceKnown);
        QCOMPARE(opus.usd, 50000 * 15e-6 + 32000 * 75e-6);
        const CostEstimate unknown = Budget::estimate(std::nullopt, 50000, 32000);
        QVERIFY(!unknown.priceKnown);
        QCOMPARE(unknown.usd, 0.0);
        QCOMPARE(Budget::estimate(override, -5, -5).usd, 0.0);
    }

    void perRequestCapNamesTheGroup()
    {
        ManualClock clock;
        BudgetTracker tracker(&clock);
        const BudgetLimit g = BudgetLimit::forGroup(group(QStringLiteral("auto:fast"), 0, 0.50));
        QVERIFY(tracker.check({g}, 0.50).allowed()); // at the cap is fine
        const BudgetVerdict verdict = tracker.check({g}, 2.94);
        QCOMPARE(verdict.result, BudgetVerdict::Result::OverRequestLimit);
        QCOMPARE(verdict.budget.scope, BudgetScope::Group);
        QCOMPARE(verdict.budget.name, QStringLiteral("auto:fast"));
        QCOMPARE(verdict.limitUsd, 0.50);
        QCOMPARE(verdict.estimateUsd, 2.94);
        QCOMPARE(verdict.message(),
                 QStringLiteral(
                     "Estimated cost $2.94 exceeds the per-request limit of $0.5000 of group 'auto:fast'."));
        // Rejections do not spend anything.
        QCOMPARE(tracker.spentToday(g.bucket()), 0.0);
    }

    void dailyBudgetRejectsOnceSpent()
    {
        ManualClock clock;
        BudgetTracker tracker(&clock);
        const BudgetLimit key = BudgetLimit::forClientKey(clientKey(12, QStringLiteral("ci"), 5));
        const BudgetLimit g = BudgetLimit::forGroup(group(QStringLiteral("auto"), 100, 0));
        const QList<BudgetLimit> budgets {key, g};
        for (int i = 0; i < 4; ++i) {
            QVERIFY(tracker.check(budgets, 1.25).allowed());
            tracker.record(budgets, 1.25);
        }
        QCOMPARE(tracker.spentToday(QStringLiteral("key:12")), 5.0);
        QCOMPARE(tracker.spentToday(QStringLiteral("group:auto")), 5.0);
        QCOMPARE(tracker.requestsToday(QStringLiteral("key:12")), 4);

        const BudgetVerdict verdict = tracker.check(budgets, 0.01);
        QCOMPARE(verdict.result, BudgetVerdict::Result::DailyExhausted);
        QCOMPARE(verdict.budget.scope, BudgetScope::ClientKey);
        QCOMPARE(verdict.budget.name, QStringLiteral("ci"));
        QCOMPARE(verdict.limitUsd, 5.0);
        QCOMPARE(verdict.spentUsd, 5.0);
        QCOMPARE(verdict.message(),
                 QStringLiteral("Daily budget of client key 'ci' exhausted: $5.00 of $5.00 spent today."));

        // The group budget refuses in its own name when it is the one used up.
        const BudgetLimit small = BudgetLimit::forGroup(group(QStringLiteral("cheap"), 1, 0));
        tracker.record({small}, 1.5);
        const BudgetVerdict second =
            tracker.check({BudgetLimit::forClientKey(clientKey(13, {}, 0)), small}, 0.01);
        QCOMPARE(second.result, BudgetVerdict::Result::DailyExhausted);
        QCOMPARE(second.budget.describe(), QStringLiteral("group 'cheap'"));
        // A key without a name is named by its prefix.
        QCOMPARE(BudgetLimit::forClientKey(clientKey(13, {}, 0)).describe(),
                 QStringLiteral("client key 'sy-abcd'"));
    }

    void unlimitedBudgetsNeverRefuse()
    {
        ManualClock clock;
        BudgetTracker tracker(&clock);
        const BudgetLimit key = BudgetLimit::forClientKey(clientKey(1, QStringLiteral("dev"), 0));
        QVERIFY(!key.limited());
        tracker.record({key}, 1000);
        QVERIFY(tracker.check({key}, 1000).allowed());
        QCOMPARE(tracker.remainingFraction(key), 1.0);
        QVERIFY(tracker.check({}, 1e9).allowed());
    }

    void degradeFiresOncePerDay()
    {
        // 23:00 local in UTC+2.
        ManualClock clock(QDateTime(QDate(2025, 1, 6), QTime(23, 0), UtcPlus2).toMSecsSinceEpoch(), UtcPlus2);
        BudgetTracker tracker(&clock);
        QList<DegradeEvent> events;
        tracker.setDegradeHandler([&](const DegradeEvent &e) { events.append(e); });
        const BudgetLimit g = BudgetLimit::forGroup(group(QStringLiteral("auto"), 10, 0));

        tracker.record({g}, 7.9);
        BudgetVerdict verdict = tracker.check({g}, 0.1);
        QVERIFY(!verdict.degrade);
        QVERIFY(events.isEmpty());

        tracker.record({g}, 0.1); // exactly 80 %
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().budget.name, QStringLiteral("auto"));
        QCOMPARE(events.first().spentUsd, 8.0);
        QCOMPARE(events.first().limitUsd, 10.0);
        QCOMPARE(events.first().fraction, 0.8);
        QCOMPARE(events.first().day, QDate(2025, 1, 6));
        QVERIFY(events.first().degrading);
        verdict = tracker.check({g}, 0.1);
        QVERIFY(verdict.allowed());
        QVERIFY(verdict.degrade);
        QCOMPARE(verdict.degradedBudgets, QStringList {QStringLiteral("group 'auto'")});

        // Further spending and checks the same day: no second event.
        for (int i = 0; i < 4; ++i) {
            tracker.record({g}, 0.5);
            tracker.check({g}, 0.1);
        }
        QCOMPARE(events.size(), 1);
        QCOMPARE(tracker.check({g}, 0.1).result, BudgetVerdict::Result::DailyExhausted);
        QVERIFY(tracker.check({g}, 0.1).degrade);

        // Local midnight (UTC+2): a new day, nothing spent, no downgrade, and the event may fire again.
        clock.advance(59 * 60 * 1000);
        QCOMPARE(tracker.spentToday(g.bucket()), 10.0);
        clock.advance(60 * 1000);
        QCOMPARE(tracker.today(), QDate(2025, 1, 7));
        QCOMPARE(tracker.spentToday(g.bucket()), 0.0);
        verdict = tracker.check({g}, 0.1);
        QVERIFY(verdict.allowed());
        QVERIFY(!verdict.degrade);
        tracker.record({g}, 8.5);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.last().day, QDate(2025, 1, 7));
    }

    void degradeThresholdAndSwitchAreConfigurable()
    {
        ManualClock clock;
        BudgetConfig config;
        config.degradeFraction = 0.5;
        config.degradeEnabled = false;
        BudgetTracker tracker(&clock, config);
        QList<DegradeEvent> events;
        tracker.setDegradeHandler([&](const DegradeEvent &e) { events.append(e); });
        const BudgetLimit key = BudgetLimit::forClientKey(clientKey(3, QStringLiteral("k"), 2));
        tracker.record({key}, 0.99);
        QVERIFY(events.isEmpty());
        tracker.record({key}, 0.01);
        // The event still tells the user; it just says cheaper members are not being preferred.
        QCOMPARE(events.size(), 1);
        QVERIFY(!events.first().degrading);
        QVERIFY(!tracker.check({key}, 0).degrade);

        config.degradeEnabled = true;
        tracker.setConfig(config);
        QVERIFY(tracker.check({key}, 0).degrade);
        QCOMPARE(events.size(), 1);
    }

    void seededFromStoredUsage()
    {
        ManualClock clock;
        BudgetTracker tracker(&clock);
        QList<DegradeEvent> events;
        tracker.setDegradeHandler([&](const DegradeEvent &e) { events.append(e); });
        const BudgetLimit key = BudgetLimit::forClientKey(clientKey(4, QStringLiteral("app"), 20));
        QCOMPARE(key.bucket(), QStringLiteral("key:4"));
        tracker.seed(key.bucket(), 17, 120);
        QCOMPARE(tracker.spentToday(key.bucket()), 17.0);
        QCOMPARE(tracker.requestsToday(key.bucket()), 120);
        // The seeded spend already passes 80 %: the first check reports it.
        const BudgetVerdict verdict = tracker.check({key}, 0.5);
        QVERIFY(verdict.allowed());
        QVERIFY(verdict.degrade);
        QCOMPARE(events.size(), 1);
        tracker.record({key}, 3);
        QCOMPARE(tracker.check({key}, 0.5).result, BudgetVerdict::Result::DailyExhausted);
        // Seeding replaces today's value (e.g. a refreshed total from storage).
        tracker.seed(key.bucket(), 1);
        QVERIFY(tracker.check({key}, 0.5).allowed());
    }

    void channelQuotaAndRemainingFraction()
    {
        ManualClock clock;
        BudgetTracker tracker(&clock);
        Channel channel;
        channel.name = QStringLiteral("main");
        channel.dailyBudget = 10;
        channel.dailyRequestQuota = 4;
        const BudgetLimit limit = BudgetLimit::forChannel(channel);
        QCOMPARE(limit.bucket(), QStringLiteral("channel:main"));
        QCOMPARE(tracker.remainingFraction(limit), 1.0);
        tracker.record({limit}, 1);
        // 90 % of the money left, 75 % of the requests: the tighter one counts.
        QCOMPARE(tracker.remainingFraction(limit), 0.75);
        tracker.record({limit}, 7);
        QCOMPARE(tracker.remainingFraction(limit), 0.2);
        QVERIFY(!tracker.exhausted(limit));
        tracker.record({limit}, 0);
        tracker.record({limit}, 0);
        QCOMPARE(tracker.requestsToday(limit.bucket()), 4);
        QVERIFY(tracker.exhausted(limit));
        QCOMPARE(tracker.remainingFraction(limit), 0.0);
        clock.advance(24 * 3600 * 1000);
        QVERIFY(!tracker.exhausted(limit));
    }
};

QTEST_APPLESS_MAIN(TestBudget)
#include "tst_budget.moc"
