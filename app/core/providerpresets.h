#pragma once

// Built-in provider presets: what a new user picks in the first-run wizard or the providers page
// instead of typing a base URL and model ids. The data is static and compiled in; a preset only
// seeds a Provider (and a first Channel), everything stays editable afterwards.

#include "configtypes.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Switchyard {

struct ProviderPreset
{
    QString id; // "anthropic", "openai", "deepseek", "openrouter", "gemini", "groq", "siliconflow",
                // "volcengine", "moonshot", "zhipu", "ollama", "custom-openai"
    QString displayName; // brand name, not translated
    Protocol protocol = Protocol::OpenAI;
    QString baseUrl;
    QStringList models; // sensible defaults, editable later
    QStringList capabilities;
    QList<ModelPrice> prices; // USD per MTok where well known, else empty
    bool needsKey = true; // false for ollama
    QString defaultTestModel;
    // Where the user gets a key (shown as a hint next to the key field); empty when none is needed.
    QString keyUrl;
    // Untranslated one-line description; translate with ProviderPresets::description().
    const char *descriptionSource = nullptr;

    // A provider as the preset describes it (id 0, enabled), named after the preset.
    Provider toProvider() const;
    // A first channel for that provider (no keys yet): the preset's models, default priority.
    Channel toChannel(qint64 providerId) const;
};

namespace ProviderPresets {

// Every preset, in the order the UI lists them (custom-openai last).
const QList<ProviderPreset> &all();
// The preset with that id, or nullptr.
const ProviderPreset *find(const QString &id);
// The preset's description in the current UI language.
QString description(const ProviderPreset &preset);
// Whether ChannelTester can test / list models for this protocol yet.
bool canTest(Protocol protocol);

} // namespace ProviderPresets

} // namespace Switchyard
