#pragma once

// Request cost from the configured price tables (ModelPrice: US dollars per million tokens). A
// provider lists prices by exact model id or by glob ("gpt-4o*", "claude-*-4-5"); a model group
// member may override the price for its upstream.

#include "configtypes.h"
#include "protocolcommon.h"

#include <QList>
#include <QString>

#include <optional>

namespace Switchyard::Pricing {

// Case-insensitive glob: '*' matches any run of characters, '?' one character.
bool globMatch(QStringView pattern, QStringView text);

// The price for model: an exact entry first, else the matching glob with the most literal
// characters (the most specific one), else none.
std::optional<ModelPrice> find(const QList<ModelPrice> &prices, const QString &model);

// Dollars for the usage at the price: uncached input, output, cache reads and cache writes, each
// per million tokens.
double cost(const ModelPrice &price, const Wire::TokenUsage &usage);

// The cost of an answer from provider's model: the override when given, else the provider's table;
// 0 when no price is known.
double costFor(const Provider *provider, const std::optional<ModelPrice> &priceOverride, const QString &model,
               const Wire::TokenUsage &usage);

} // namespace Switchyard::Pricing
