#include "codecoptions.h"

#include "configtypes.h"

#include <QJsonValue>

namespace Switchyard {

namespace {

// "openai/gpt-5-mini" and "azure/o3" name the same families as their last path segment.
QString modelFamily(const QString &model)
{
    const QString lower = model.toLower();
    const qsizetype slash = lower.lastIndexOf(QLatin1Char('/'));
    return slash >= 0 ? lower.mid(slash + 1) : lower;
}

bool isOSeries(const QString &family)
{
    return family.size() >= 2 && family.at(0) == QLatin1Char('o') && family.at(1).isDigit();
}

void readBool(const QJsonObject &options, const char *key, bool *target)
{
    const QJsonValue value = options.value(QLatin1String(key));
    if (value.isBool())
        *target = value.toBool();
}

template<typename Int>
void readInt(const QJsonObject &options, const char *key, Int *target)
{
    const QJsonValue value = options.value(QLatin1String(key));
    if (value.isDouble() && value.toDouble() >= 0)
        *target = Int(value.toDouble());
}

} // namespace

CodecOptions CodecOptions::forProvider(const Provider &provider, const QString &upstreamModel)
{
    CodecOptions o;
    o.targetModel = upstreamModel.toUtf8();

    const QString family = modelFamily(upstreamModel);
    const bool gpt5 = family.startsWith(QLatin1String("gpt-5"));
    if (isOSeries(family) || gpt5) {
        o.useMaxCompletionTokens = true;
        o.omitSamplingParams = true;
        o.effortCapable = true;
        // The first reasoning generations know low/medium/high only; newer ones add xhigh.
        o.effortCapHigh = isOSeries(family) || family == QLatin1String("gpt-5")
            || family.startsWith(QLatin1String("gpt-5-"));
    }

    if (provider.capabilities.contains(QLatin1String("reasoning-round-trip")))
        o.reasoningRoundTrip = true;
    if (provider.capabilities.contains(QLatin1String("reasoning-effort")))
        o.effortCapable = true;

    const QJsonObject &opts = provider.options;
    readBool(opts, "leadingSystemOnly", &o.leadingSystemOnly);
    readBool(opts, "useMaxCompletionTokens", &o.useMaxCompletionTokens);
    readBool(opts, "omitSamplingParams", &o.omitSamplingParams);
    readBool(opts, "effortCapable", &o.effortCapable);
    readBool(opts, "adaptiveThinking", &o.adaptiveThinking);
    readBool(opts, "reasoningRoundTrip", &o.reasoningRoundTrip);
    const QString cap = opts.value(QLatin1String("effortCap")).toString();
    if (cap == QLatin1String("high"))
        o.effortCapHigh = true;
    else if (cap == QLatin1String("none"))
        o.effortCapHigh = false;
    readInt(opts, "effortLowBelow", &o.effortLowBelow);
    readInt(opts, "effortMediumBelow", &o.effortMediumBelow);
    readInt(opts, "maxOutputTokens", &o.maxOutputTokens);
    readInt(opts, "defaultMaxTokens", &o.defaultMaxTokens);
    if (opts.value(QLatin1String("webSearch")).toString() == QLatin1String("native-openai"))
        o.webSearch = WebSearchPolicy::NativeOpenAI;
    return o;
}

} // namespace Switchyard
