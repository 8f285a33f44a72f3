#include "pricing.h"

namespace Switchyard::Pricing {

namespace {

qsizetype literalCount(QStringView pattern)
{
    qsizetype count = 0;
    for (const QChar c : pattern) {
        if (c != u'*' && c != u'?')
            ++count;
    }
    return count;
}

} // namespace

bool globMatch(QStringView pattern, QStringView text)
{
    // Iterative matcher with one backtrack point per '*': linear in practice, no regex compile.
    qsizetype p = 0;
    qsizetype t = 0;
    qsizetype starP = -1;
    qsizetype starT = 0;
    while (t < text.size()) {
        if (p < pattern.size()
            && (pattern.at(p) == u'?' || pattern.at(p).toCaseFolded() == text.at(t).toCaseFolded())) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern.at(p) == u'*') {
            starP = p++;
            starT = t;
        } else if (starP >= 0) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern.at(p) == u'*')
        ++p;
    return p == pattern.size();
}

std::optional<ModelPrice> find(const QList<ModelPrice> &prices, const QString &model)
{
    const ModelPrice *best = nullptr;
    qsizetype bestLiterals = -1;
    for (const ModelPrice &price : prices) {
        if (price.model.compare(model, Qt::CaseInsensitive) == 0)
            return price;
        if (!price.model.contains(u'*') && !price.model.contains(u'?'))
            continue;
        const qsizetype literals = literalCount(price.model);
        if (literals > bestLiterals && globMatch(price.model, model)) {
            best = &price;
            bestLiterals = literals;
        }
    }
    if (!best)
        return std::nullopt;
    return *best;
}

double cost(const ModelPrice &price, const Wire::TokenUsage &usage)
{
    const double perToken = 1.0 / 1'000'000.0;
    return (double(usage.inputTokens) * price.inputPerMTok + double(usage.outputTokens) * price.outputPerMTok
            + double(usage.cacheReadTokens) * price.cacheReadPerMTok
            + double(usage.cacheWriteTokens) * price.cacheWritePerMTok)
        * perToken;
}

double costFor(const Provider *provider, const std::optional<ModelPrice> &priceOverride, const QString &model,
               const Wire::TokenUsage &usage)
{
    if (priceOverride)
        return cost(*priceOverride, usage);
    if (!provider)
        return 0;
    const std::optional<ModelPrice> price = find(provider->prices, model);
    return price ? cost(*price, usage) : 0;
}

} // namespace Switchyard::Pricing
