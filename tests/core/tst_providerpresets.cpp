// The built-in provider presets: the promised set, consistent data, and what a preset turns into.

#include "channeltester.h"
#include "providerpresets.h"

#include <QSet>
#include <QTest>
#include <QUrl>

using namespace Switchyard;

class TestProviderPresets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyPromisedPresetExists()
    {
        const QStringList expected = {
            QStringLiteral("anthropic"),   QStringLiteral("openai"),     QStringLiteral("deepseek"),
            QStringLiteral("openrouter"),  QStringLiteral("gemini"),     QStringLiteral("groq"),
            QStringLiteral("siliconflow"), QStringLiteral("volcengine"), QStringLiteral("moonshot"),
            QStringLiteral("zhipu"),       QStringLiteral("ollama"),     QStringLiteral("custom-openai"),
        };
        QStringList ids;
        for (const ProviderPreset &preset : ProviderPresets::all())
            ids.append(preset.id);
        QCOMPARE(ids, expected);
        for (const QString &id : expected) {
            const ProviderPreset *preset = ProviderPresets::find(id);
            QVERIFY(preset);
            QCOMPARE(preset->id, id);
        }
        QVERIFY(!ProviderPresets::find(QStringLiteral("nope")));
    }

    void dataIsConsistent()
    {
        QSet<QString> names;
        for (const ProviderPreset &preset : ProviderPresets::all()) {
            QVERIFY2(!preset.displayName.isEmpty(), qPrintable(preset.id));
            QVERIFY2(!names.contains(preset.displayName), qPrintable(preset.id));
            names.insert(preset.displayName);
            const QUrl url(preset.baseUrl);
            QVERIFY2(url.isValid() && (url.scheme() == u"https" || url.scheme() == u"http"),
                     qPrintable(preset.id));
            QVERIFY2(!preset.baseUrl.endsWith(u'/'), qPrintable(preset.id));
            QVERIFY2(!ProviderPresets::description(preset).isEmpty(), qPrintable(preset.id));
            QCOMPARE(preset.needsKey, preset.id != u"ollama");
            if (preset.id == u"custom-openai") {
                QVERIFY(preset.models.isEmpty());
                continue;
            }
            QVERIFY2(!preset.models.isEmpty(), qPrintable(preset.id));
            QVERIFY2(preset.models.contains(preset.defaultTestModel), qPrintable(preset.id));
            QCOMPARE(QSet<QString>(preset.models.cbegin(), preset.models.cend()).size(),
                     preset.models.size());
            for (const ModelPrice &price : preset.prices) {
                // Every price names one of the preset's models (exactly or as a glob prefix).
                QString stem = price.model;
                stem.remove(u'*');
                const bool matches =
                    std::any_of(preset.models.cbegin(), preset.models.cend(),
                                [&](const QString &model) { return model.startsWith(stem); });
                QVERIFY2(matches, qPrintable(preset.id + u' ' + price.model));
                QVERIFY(price.inputPerMTok > 0 && price.outputPerMTok >= price.inputPerMTok);
                QVERIFY(price.cacheReadPerMTok < price.inputPerMTok);
            }
        }
    }

    void protocols()
    {
        QCOMPARE(ProviderPresets::find(QStringLiteral("anthropic"))->protocol, Protocol::Anthropic);
        QCOMPARE(ProviderPresets::find(QStringLiteral("gemini"))->protocol, Protocol::Gemini);
        for (const char *id : {"openai", "deepseek", "openrouter", "groq", "siliconflow", "volcengine",
                               "moonshot", "zhipu", "ollama", "custom-openai"})
            QCOMPARE(ProviderPresets::find(QLatin1String(id))->protocol, Protocol::OpenAI);
        QVERIFY(ProviderPresets::canTest(Protocol::Anthropic));
        QVERIFY(ProviderPresets::canTest(Protocol::OpenAI));
        QVERIFY(!ProviderPresets::canTest(Protocol::Gemini));
        QVERIFY(!ProviderPresets::canTest(Protocol::Responses));
        // The OpenAI-compatible bases carry their version path, so the test hits the real endpoint.
        QCOMPARE(
            ChannelTester::testUrl(Protocol::OpenAI, ProviderPresets::find(QStringLiteral("zhipu"))->baseUrl),
            QStringLiteral("https://open.bigmodel.cn/api/paas/v4/chat/completions"));
        QCOMPARE(ChannelTester::testUrl(Protocol::Anthropic,
                                        ProviderPresets::find(QStringLiteral("anthropic"))->baseUrl),
                 QStringLiteral("https://api.anthropic.com/v1/messages"));
    }

    void toProviderAndChannel()
    {
        const ProviderPreset *preset = ProviderPresets::find(QStringLiteral("deepseek"));
        const Provider provider = preset->toProvider();
        QCOMPARE(provider.id, 0);
        QCOMPARE(provider.name, preset->displayName);
        QCOMPARE(provider.protocol, preset->protocol);
        QCOMPARE(provider.baseUrl, preset->baseUrl);
        QCOMPARE(provider.prices, preset->prices);
        QCOMPARE(provider.capabilities, preset->capabilities);
        QVERIFY(provider.enabled);
        QCOMPARE(provider.options.value(u"preset").toString(), preset->id);

        const Channel channel = preset->toChannel(42);
        QCOMPARE(channel.providerId, 42);
        QCOMPARE(channel.name, preset->id);
        QCOMPARE(channel.models, preset->models);
        QVERIFY(channel.keys.isEmpty());
        QVERIFY(channel.baseUrl.isEmpty()); // the provider's URL applies
        QVERIFY(channel.enabled);
    }
};

QTEST_APPLESS_MAIN(TestProviderPresets)
#include "tst_providerpresets.moc"
