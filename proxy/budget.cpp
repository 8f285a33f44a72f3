#include "budget.h"

#include "logging.h"
#include "pricing.h"

#include <algorithm>

namespace Switchyard {

namespace Budget {

std::optional<ModelPrice> priceFor(const Provider *provider, const std::optional<ModelPrice> &priceOverride,
                                   const QString &model)
{
    if (priceOverride)
        return priceOverride;
    if (!provider)
        return std::nullopt;
    return Pricing::find(provider->prices, model);
}

CostEstimate estimate(const std::optional<ModelPrice> &price, qint64 inputTokens, qint64 outputTokens)
{
    CostEstimate result;
    if (!price)
        return result;
    Wire::TokenUsage usage;
    usage.inputTokens = std::max<qint64>(0, inputTokens);
    usage.outputTokens = std::max<qint64>(0, outputTokens);
    result.usd = Pricing::cost(*price, usage);
    result.priceKnown = true;
    return result;
}

} // namespace Budget

namespace {

QString dollars(double usd)
{
    return QStringLiteral("$%1").arg(usd, 0, 'f', usd < 1 ? 4 : 2);
}

// Groups and channels are known by their name alone: it is both the bucket id and what messages show.
BudgetLimit namedLimit(BudgetScope scope, const QString &name, double dailyUsd)
{
    return {.scope = scope, .id = name, .name = name, .dailyUsd = dailyUsd};
}

} // namespace

// Each scope sets only the limits it has; the others stay 0 (unlimited).
BudgetLimit BudgetLimit::forClientKey(const ClientKey &key)
{
    return {.scope = BudgetScope::ClientKey,
            .id = QString::number(key.id),
            .name = key.name.isEmpty() ? key.prefix : key.name,
            .dailyUsd = key.dailyBudget};
}

BudgetLimit BudgetLimit::forGroup(const ModelGroup &group)
{
    BudgetLimit limit = namedLimit(BudgetScope::Group, group.name, group.dailyBudget);
    limit.maxPerRequestUsd = group.maxCostPerRequest;
    return limit;
}

BudgetLimit BudgetLimit::forChannel(const Channel &channel)
{
    BudgetLimit limit = namedLimit(BudgetScope::Channel, channel.name, channel.dailyBudget);
    limit.dailyRequests = channel.dailyRequestQuota;
    return limit;
}

QString BudgetLimit::bucket() const
{
    switch (scope) {
    case BudgetScope::ClientKey:
        return QStringLiteral("key:") + id;
    case BudgetScope::Group:
        return QStringLiteral("group:") + id;
    case BudgetScope::Channel:
        return QStringLiteral("channel:") + id;
    }
    return id;
}

QString BudgetLimit::describe() const
{
    switch (scope) {
    case BudgetScope::ClientKey:
        return QStringLiteral("client key '%1'").arg(name);
    case BudgetScope::Group:
        return QStringLiteral("group '%1'").arg(name);
    case BudgetScope::Channel:
        return QStringLiteral("channel '%1'").arg(name);
    }
    return name;
}

QString BudgetVerdict::message() const
{
    switch (result) {
    case Result::Allowed:
        return {};
    case Result::OverRequestLimit:
        return QStringLiteral("Estimated cost %1 exceeds the per-request limit of %2 of %3.")
            .arg(dollars(estimateUsd), dollars(limitUsd), budget.describe());
    case Result::DailyExhausted:
        return QStringLiteral("Daily budget of %1 exhausted: %2 of %3 spent today.")
            .arg(budget.describe(), dollars(spentUsd), dollars(limitUsd));
    }
    return {};
}

BudgetTracker::BudgetTracker(const Clock *clock, const BudgetConfig &config)
    : m_clock(clock)
    , m_config(config)
{
}

QDate BudgetTracker::today() const
{
    return m_clock->localNow().date();
}

BudgetTracker::Bucket &BudgetTracker::bucket(const QString &key)
{
    Bucket &b = m_buckets[key];
    const QDate day = today();
    if (b.day != day) // a new local day (or a new bucket): start from zero
        b = Bucket {day, 0, 0, false};
    return b;
}

const BudgetTracker::Bucket *BudgetTracker::current(const QString &key) const
{
    const auto it = m_buckets.constFind(key);
    if (it == m_buckets.cend() || it->day != today())
        return nullptr;
    return &it.value();
}

double BudgetTracker::spentToday(const QString &key) const
{
    const Bucket *b = current(key);
    return b ? b->spentUsd : 0;
}

qint64 BudgetTracker::requestsToday(const QString &key) const
{
    const Bucket *b = current(key);
    return b ? b->requests : 0;
}

double BudgetTracker::remainingFraction(const BudgetLimit &budget) const
{
    const Bucket *b = current(budget.bucket());
    double remaining = 1;
    if (budget.dailyUsd > 0)
        remaining = std::min(remaining, 1.0 - (b ? b->spentUsd : 0) / budget.dailyUsd);
    if (budget.dailyRequests > 0)
        remaining = std::min(remaining, 1.0 - double(b ? b->requests : 0) / double(budget.dailyRequests));
    return std::clamp(remaining, 0.0, 1.0);
}

bool BudgetTracker::evaluateDegrade(const BudgetLimit &budget)
{
    if (budget.dailyUsd <= 0)
        return false;
    Bucket &b = bucket(budget.bucket());
    const double fraction = b.spentUsd / budget.dailyUsd;
    if (fraction < m_config.degradeFraction)
        return false;
    if (!b.degradeAnnounced) {
        b.degradeAnnounced = true;
        qCInfo(lcRouting).noquote() << "budget of" << budget.describe() << "at" << qRound(fraction * 100)
                                    << "% of its daily limit";
        if (m_onDegrade) {
            DegradeEvent event;
            event.budget = budget;
            event.spentUsd = b.spentUsd;
            event.limitUsd = budget.dailyUsd;
            event.fraction = fraction;
            event.day = b.day;
            event.degrading = m_config.degradeEnabled;
            m_onDegrade(event);
        }
    }
    return true;
}

BudgetVerdict BudgetTracker::check(const QList<BudgetLimit> &budgets, double estimateUsd)
{
    BudgetVerdict verdict;
    verdict.estimateUsd = estimateUsd;
    for (const BudgetLimit &budget : budgets) {
        if (evaluateDegrade(budget) && m_config.degradeEnabled) {
            verdict.degrade = true;
            verdict.degradedBudgets.append(budget.describe());
        }
        if (!verdict.allowed())
            continue; // keep collecting degrade state, the first refusal stands
        const double spent = spentToday(budget.bucket());
        if (budget.maxPerRequestUsd > 0 && estimateUsd > budget.maxPerRequestUsd) {
            verdict.result = BudgetVerdict::Result::OverRequestLimit;
            verdict.budget = budget;
            verdict.limitUsd = budget.maxPerRequestUsd;
            verdict.spentUsd = spent;
        } else if (budget.dailyUsd > 0 && spent >= budget.dailyUsd) {
            verdict.result = BudgetVerdict::Result::DailyExhausted;
            verdict.budget = budget;
            verdict.limitUsd = budget.dailyUsd;
            verdict.spentUsd = spent;
        }
    }
    return verdict;
}

void BudgetTracker::record(const QList<BudgetLimit> &budgets, double costUsd)
{
    for (const BudgetLimit &budget : budgets) {
        Bucket &b = bucket(budget.bucket());
        b.spentUsd += std::max(0.0, costUsd);
        ++b.requests;
        evaluateDegrade(budget);
    }
}

void BudgetTracker::seed(const QString &key, double spentUsd, qint64 requests)
{
    Bucket &b = bucket(key);
    b.spentUsd = std::max(0.0, spentUsd);
    b.requests = std::max<qint64>(0, requests);
}

} // namespace Switchyard
