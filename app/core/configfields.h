#pragma once

// Member names of the JSON shapes of entities (config files, the admin API): one spelling for both.

#include <QLatin1StringView>

namespace Switchyard::ConfigField {

constexpr QLatin1StringView AllowedModels("allowedModels");
constexpr QLatin1StringView BaseUrl("baseUrl");
constexpr QLatin1StringView CacheRead("cacheRead");
constexpr QLatin1StringView CacheWrite("cacheWrite");
constexpr QLatin1StringView Capabilities("capabilities");
constexpr QLatin1StringView Channel("channel");
constexpr QLatin1StringView ChannelId("channelId");
constexpr QLatin1StringView Channels("channels");
constexpr QLatin1StringView ClientKeys("clientKeys");
constexpr QLatin1StringView ContextWindow("contextWindow");
constexpr QLatin1StringView CreatedAt("createdAt");
constexpr QLatin1StringView DailyBudget("dailyBudget");
constexpr QLatin1StringView DailyRequestQuota("dailyRequestQuota");
constexpr QLatin1StringView Disabled("disabled");
constexpr QLatin1StringView DisabledReason("disabledReason");
constexpr QLatin1StringView Enabled("enabled");
constexpr QLatin1StringView ExpiresAt("expiresAt");
constexpr QLatin1StringView Fingerprint("fingerprint");
constexpr QLatin1StringView Hint("hint");
constexpr QLatin1StringView Id("id");
constexpr QLatin1StringView Input("input");
constexpr QLatin1StringView Key("key");
constexpr QLatin1StringView Keys("keys");
constexpr QLatin1StringView Kind("kind");
constexpr QLatin1StringView LongContext("longContext");
constexpr QLatin1StringView LongContextThreshold("longContextThreshold");
constexpr QLatin1StringView Match("match");
constexpr QLatin1StringView MaxCostPerRequest("maxCostPerRequest");
constexpr QLatin1StringView Members("members");
constexpr QLatin1StringView Model("model");
constexpr QLatin1StringView ModelGroups("modelGroups");
constexpr QLatin1StringView Models("models");
constexpr QLatin1StringView Name("name");
constexpr QLatin1StringView Options("options");
constexpr QLatin1StringView Output("output");
constexpr QLatin1StringView Position("position");
constexpr QLatin1StringView Prefix("prefix");
constexpr QLatin1StringView Price("price");
constexpr QLatin1StringView Prices("prices");
constexpr QLatin1StringView Priority("priority");
constexpr QLatin1StringView Protocol("protocol");
constexpr QLatin1StringView Provider("provider");
constexpr QLatin1StringView ProviderId("providerId");
constexpr QLatin1StringView Providers("providers");
constexpr QLatin1StringView Proxy("proxy");
constexpr QLatin1StringView Routes("routes");
constexpr QLatin1StringView Rules("rules");
constexpr QLatin1StringView Settings("settings");
constexpr QLatin1StringView SlotMap("slotMap");
constexpr QLatin1StringView Strategy("strategy");
constexpr QLatin1StringView Target("target");
constexpr QLatin1StringView Version("version");
constexpr QLatin1StringView Weight("weight");

} // namespace Switchyard::ConfigField
