#include "providerpresets.h"

#include <QCoreApplication>

namespace Switchyard {

namespace {

constexpr char Context[] = "Switchyard::ProviderPresets";

ModelPrice price(const char *model, double input, double output, double cacheRead = 0, double cacheWrite = 0)
{
    return ModelPrice {QString::fromLatin1(model), input, output, cacheRead, cacheWrite};
}

QStringList list(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *item : items)
        out.append(QString::fromLatin1(item));
    return out;
}

// Prices are list prices in USD per million tokens as published by the vendors (late 2025). Vendors
// that bill in CNY or route to many upstreams (OpenRouter) get none: the user enters their own.
QList<ProviderPreset> buildPresets()
{
    QList<ProviderPreset> presets;
    const auto add = [&presets](ProviderPreset preset) { presets.append(std::move(preset)); };

    add({QStringLiteral("anthropic"),
         QStringLiteral("Anthropic"),
         Protocol::Anthropic,
         QStringLiteral("https://api.anthropic.com"),
         list({"claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5"}),
         list({"tools", "vision", "thinking"}),
         {price("claude-sonnet-4-5*", 3, 15, 0.3, 3.75), price("claude-opus-4-1*", 15, 75, 1.5, 18.75),
          price("claude-haiku-4-5*", 1, 5, 0.1, 1.25)},
         true,
         QStringLiteral("claude-haiku-4-5"),
         QStringLiteral("https://console.anthropic.com/settings/keys"),
         QT_TRANSLATE_NOOP("Switchyard::ProviderPresets", "Claude models, native Messages API")});
    add({QStringLiteral("openai"),
         QStringLiteral("OpenAI"),
         Protocol::OpenAI,
         QStringLiteral("https://api.openai.com/v1"),
         list({"gpt-4.1", "gpt-4.1-mini", "gpt-4o", "gpt-4o-mini", "o4-mini"}),
         list({"tools", "vision"}),
         {price("gpt-4.1", 2, 8, 0.5), price("gpt-4.1-mini", 0.4, 1.6, 0.1), price("gpt-4o", 2.5, 10, 1.25),
          price("gpt-4o-mini", 0.15, 0.6, 0.075), price("o4-mini", 1.1, 4.4, 0.275)},
         true,
         QStringLiteral("gpt-4o-mini"),
         QStringLiteral("https://platform.openai.com/api-keys"),
         QT_TRANSLATE_NOOP("Switchyard::ProviderPresets", "GPT models, Chat Completions API")});
    add({QStringLiteral("deepseek"),
         QStringLiteral("DeepSeek"),
         Protocol::OpenAI,
         QStringLiteral("https://api.deepseek.com/v1"),
         list({"deepseek-chat", "deepseek-reasoner"}),
         list({"tools"}),
         {price("deepseek-chat", 0.28, 0.42, 0.028), price("deepseek-reasoner", 0.28, 0.42, 0.028)},
         true,
         QStringLiteral("deepseek-chat"),
         QStringLiteral("https://platform.deepseek.com/api_keys"),
         QT_TRANSLATE_NOOP("Switchyard::ProviderPresets", "DeepSeek chat and reasoner models")});
    add({QStringLiteral("openrouter"),
         QStringLiteral("OpenRouter"),
         Protocol::OpenAI,
         QStringLiteral("https://openrouter.ai/api/v1"),
         list({"anthropic/claude-sonnet-4.5", "openai/gpt-4o-mini", "deepseek/deepseek-chat",
               "google/gemini-2.5-flash"}),
         list({"tools", "vision"}),
         {},
         true,
         QStringLiteral("openai/gpt-4o-mini"),
         QStringLiteral("https://openrouter.ai/keys"),
         QT_TRANSLATE_NOOP("Switchyard::ProviderPresets", "One key for models of many vendors")});
    add({QStringLiteral("gemini"),
         QStringLiteral("Google Gemini"),
         Protocol::Gemini,
         QStringLiteral("https://generativelanguage.googleapis.com/v1beta"),
         list({"gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite"}),
         list({"tools", "vision", "thinking"}),
         {price("gemini-2.5-pro", 1.25, 10, 0.31), price("gemini-2.5-flash", 0.3, 2.5, 0.075),
          price("gemini-2.5-flash-lite", 0.1, 0.4, 0.025)},
         true,
         QStringLiteral("gemini-2.5-flash"),
         QStringLiteral("https://aistudio.google.com/apikey"),
         QT_TRANSLATE_NOOP("Switchyard::ProviderPresets", "Gemini API (not routed by the proxy yet)")});
    add({QStringLiteral("groq"),
         QStringLiteral("Groq"),
         Protocol::OpenAI,
         QStringLiteral("https://api.groq.com/openai/v1"),
         list({"llama-3.3-70b-versatile", "llama-3.1-8b-instant", "openai/gpt-oss-120b"}),
         list({"tools"}),
         {price("llama-3.3-70b-versatile", 0.59, 0.79), price("llama-3.1-8b-instant", 0.05, 0.08),
          price("openai/gpt-oss-120b", 0.15, 0.75)},
         true,
         QStringLiteral("llama-3.1-8b-instant"),
         QStringLiteral("https://console.groq.com/keys"),
         QT_TRANSLATE_NOOP("Switchyard::ProviderPresets", "Very fast inference of open models")});
    add({QStringLiteral("siliconflow"),
         QStringLiteral("SiliconFlow"),
         Protocol::OpenAI,
         QStringLiteral("https://api.siliconflow.cn/v1"),
         list({"deepseek-ai/DeepSeek-V3", "deepseek-ai/DeepSeek-R1", "Qwen/Qwen2.5-7B-Instruct"}),
         list({"tools"}),
         {},
         true,
         QStringLiteral("Qwen/Qwen2.5-7B-Instruct"),
         QStringLiteral("https://cloud.siliconflow.cn/account/ak"),
         QT_TRANSLATE_NOOP("Switchyard::ProviderPresets", "Open models hosted in China")});
    add({QStringLiteral("volcengine"),
         QStringLiteral("Volcengine Ark"),
         Protocol::OpenAI,
         QStringLiteral("https://ark.cn-beijing.volces.com/api/v3"),
         list({"doubao-seed-1-6-250615", "doubao-1-5-pro-32k-250115", "deepseek-r1-250528"}),
         list({"tools"}),
         {},
         true,
         QStringLiteral("doubao-1-5-pro-32k-250115"),
         QStringLiteral("https://console.volcengine.com/ark/region:ark+cn-beijing/apiKey"),
         QT_TRANSLATE_NOOP("Switchyard::ProviderPresets", "Doubao and hosted models (ByteDance)")});
    add({QStringLiteral("moonshot"),
         QStringLiteral("Moonshot (Kimi)"),
         Protocol::OpenAI,
         QStringLiteral("https://api.moonshot.cn/v1"),
         list({"kimi-k2-0905-preview", "kimi-k2-turbo-preview", "moonshot-v1-8k"}),
         list({"tools"}),
         {},
         true,
         QStringLiteral("moonshot-v1-8k"),
         QStringLiteral("https://platform.moonshot.cn/console/api-keys"),
         QT_TRANSLATE_NOOP("Switchyard::ProviderPresets", "Kimi models")});
    add({QStringLiteral("zhipu"),
         QStringLiteral("Zhipu (GLM)"),
         Protocol::OpenAI,
         QStringLiteral("https://open.bigmodel.cn/api/paas/v4"),
         list({"glm-4.6", "glm-4.5", "glm-4.5-air", "glm-4-flash"}),
         list({"tools"}),
         {},
         true,
         QStringLiteral("glm-4-flash"),
         QStringLiteral("https://open.bigmodel.cn/usercenter/apikeys"),
         QT_TRANSLATE_NOOP("Switchyard::ProviderPresets", "GLM models")});
    add({QStringLiteral("ollama"),
         QStringLiteral("Ollama"),
         Protocol::OpenAI,
         QStringLiteral("http://localhost:11434/v1"),
         list({"llama3.2", "qwen2.5-coder"}),
         list({"tools"}),
         {},
         false,
         QStringLiteral("llama3.2"),
         QString(),
         QT_TRANSLATE_NOOP("Switchyard::ProviderPresets", "Local models on this computer, no key needed")});
    add({QStringLiteral("custom-openai"),
         QStringLiteral("OpenAI-compatible"),
         Protocol::OpenAI,
         QStringLiteral("http://localhost:8000/v1"),
         {},
         list({"tools"}),
         {},
         true,
         QString(),
         QString(),
         QT_TRANSLATE_NOOP("Switchyard::ProviderPresets", "Any other server with an OpenAI-compatible API")});
    return presets;
}

} // namespace

Provider ProviderPreset::toProvider() const
{
    Provider provider;
    provider.name = displayName;
    provider.protocol = protocol;
    provider.baseUrl = baseUrl;
    provider.capabilities = capabilities;
    provider.prices = prices;
    provider.enabled = true;
    provider.options.insert(QStringLiteral("preset"), id);
    return provider;
}

Channel ProviderPreset::toChannel(qint64 providerId) const
{
    Channel channel;
    channel.providerId = providerId;
    channel.name = id;
    channel.models = models;
    channel.enabled = true;
    return channel;
}

namespace ProviderPresets {

const QList<ProviderPreset> &all()
{
    static const QList<ProviderPreset> presets = buildPresets();
    return presets;
}

const ProviderPreset *find(const QString &id)
{
    for (const ProviderPreset &preset : all()) {
        if (preset.id == id)
            return &preset;
    }
    return nullptr;
}

QString description(const ProviderPreset &preset)
{
    return preset.descriptionSource ? QCoreApplication::translate(Context, preset.descriptionSource)
                                    : QString();
}

bool canTest(Protocol protocol)
{
    return protocol == Protocol::Anthropic || protocol == Protocol::OpenAI;
}

} // namespace ProviderPresets

} // namespace Switchyard
