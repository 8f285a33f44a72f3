#pragma once

// Cost guards for a request before it is sent, and daily spend per client key, model group and
// channel.
//
// Estimate: estimated input tokens x input price + max_tokens x output price, with the price of the
// group member's priceOverride when it has one, else the provider's table (exact id, then the most
// specific glob, see Pricing::find). Unknown price = estimate 0 with priceKnown false: a request is
// never refused for a cost nobody configured.
//
// Checks, in the order the caller lists the budgets:
//   - maxPerRequestUsd > 0 and the estimate exceeds it          -> OverRequestLimit
//   - dailyUsd > 0 and today's recorded spend has reached it     -> DailyExhausted
// The daily check compares what was already spent, not spent + estimate: estimates use max_tokens
// (Claude Code asks for 32000 output tokens on every turn), so adding them would lock a budget long
// before it is really used up. The per-request cap is the guard against one expensive request.
//
// Degrade: once a daily budget's spend reaches degradeFraction (80%) of its limit, verdicts carry
// degrade = true (the strategies then prefer cheaper members) and the degrade handler fires once per
// budget per day (the tray shows it).
//
// Days are local calendar days of the injected clock: spend resets at local midnight. Spend lives
// in memory, fed by record() from completed requests; at startup the app seeds today's totals from
// stored usage. Thread-confined to the proxy thread: no locks.

#include "clock.h"
#include "configtypes.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace Switchyard {

struct CostEstimate
{
    double usd = 0;
    bool priceKnown = false;
};

namespace Budget {

// The member's override when given, else the provider's table entry for model.
std::optional<ModelPrice> priceFor(const Provider *provider, const std::optional<ModelPrice> &priceOverride,
                                   const QString &model);
CostEstimate estimate(const std::optional<ModelPrice> &price, qint64 inputTokens, qint64 outputTokens);

} // namespace Budget

enum class BudgetScope
{
    ClientKey,
    Group,
    Channel,
};

struct BudgetLimit
{
    BudgetScope scope = BudgetScope::ClientKey;
    QString id; // stable identity within the scope: client key id, group name, channel name
    QString name; // for messages: the client key's name (or prefix), the group or channel name
    double dailyUsd = 0; // 0 = unlimited
    double maxPerRequestUsd = 0; // 0 = unlimited
    qint64 dailyRequests = 0; // channels only (dailyRequestQuota); 0 = unlimited

    static BudgetLimit forClientKey(const ClientKey &key);
    static BudgetLimit forGroup(const ModelGroup &group);
    static BudgetLimit forChannel(const Channel &channel);

    // "key:12", "group:auto:fast", "channel:main": the tracker's bucket, also used by seed().
    QString bucket() const;
    // "client key 'ci'", "group 'auto:fast'", "channel 'main'"
    QString describe() const;
    bool limited() const { return dailyUsd > 0 || maxPerRequestUsd > 0 || dailyRequests > 0; }
};

struct BudgetVerdict
{
    enum class Result
    {
        Allowed,
        OverRequestLimit, // the estimate exceeds maxPerRequestUsd
        DailyExhausted, // today's spend reached dailyUsd
    };

    Result result = Result::Allowed;
    BudgetLimit budget; // the budget that refused the request
    double limitUsd = 0;
    double spentUsd = 0; // today's spend of that budget
    double estimateUsd = 0;
    bool degrade = false; // some budget is at or above the degrade threshold (and degrading is on)
    QStringList degradedBudgets; // describe() of each such budget

    bool allowed() const { return result == Result::Allowed; }
    // For the 429 body, e.g. "Daily budget of group 'auto:fast' exhausted: $5.02 of $5.00 spent today."
    QString message() const;
};

struct DegradeEvent
{
    BudgetLimit budget;
    double spentUsd = 0;
    double limitUsd = 0;
    double fraction = 0; // spent / limit
    QDate day;
    bool degrading = false; // whether cheaper members are now preferred (BudgetConfig::degradeEnabled)
};

struct BudgetConfig
{
    double degradeFraction = 0.8;
    bool degradeEnabled = true;
};

class BudgetTracker
{
public:
    using DegradeHandler = std::function<void(const DegradeEvent &)>;

    explicit BudgetTracker(const Clock *clock = Clock::system(), const BudgetConfig &config = {});

    const BudgetConfig &config() const { return m_config; }
    void setConfig(const BudgetConfig &config) { m_config = config; }
    void setDegradeHandler(DegradeHandler handler) { m_onDegrade = std::move(handler); }

    // Before sending: every budget that applies (client key, group), the request's estimate.
    BudgetVerdict check(const QList<BudgetLimit> &budgets, double estimateUsd);
    // After a request completed (or failed after costing tokens): adds cost and one request to each.
    void record(const QList<BudgetLimit> &budgets, double costUsd);
    // Today's totals from stored usage (replaces what the bucket holds for today).
    void seed(const QString &bucket, double spentUsd, qint64 requests = 0);

    double spentToday(const QString &bucket) const;
    qint64 requestsToday(const QString &bucket) const;
    // Share of the daily budget (or request quota, whichever is tighter) left today, in [0, 1];
    // 1 when unlimited. Strategies use it as a member's remaining budget fraction.
    double remainingFraction(const BudgetLimit &budget) const;
    // Daily budget or request quota used up: a channel in this state should be skipped.
    bool exhausted(const BudgetLimit &budget) const { return remainingFraction(budget) <= 0; }

    QDate today() const;

private:
    struct Bucket
    {
        QDate day;
        double spentUsd = 0;
        qint64 requests = 0;
        bool degradeAnnounced = false;
    };

    Bucket &bucket(const QString &key);
    const Bucket *current(const QString &key) const; // null when empty or from another day
    // Fires the degrade event when the budget crossed the threshold; returns whether it is at/above it.
    bool evaluateDegrade(const BudgetLimit &budget);

    const Clock *m_clock;
    BudgetConfig m_config;
    DegradeHandler m_onDegrade;
    QHash<QString, Bucket> m_buckets;
};

} // namespace Switchyard
