#pragma once

// Shared by the groups and routing page tests: a real AppController on a temporary data dir with two
// providers and three channels in the store, and the screenshot helper.

#include "appcontroller.h"
#include "languagemanager.h"
#include "storage.h"

#include <QCoreApplication>
#include <QDir>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QWidget>

#include <memory>

namespace Switchyard::Test {

struct RoutingFixture
{
    QTemporaryDir dir;
    std::unique_ptr<AppController> controller;
    qint64 mainId = 0; // openai: gpt-4o, gpt-4o-mini
    qint64 dsId = 0; // openai-compatible: deepseek-chat
    qint64 claudeId = 0; // anthropic: claude-sonnet-4-5, claude-haiku-4-5

    bool start()
    {
        AppOptions opts;
        opts.dataDir = dir.path();
        opts.port = 0;
        opts.insecureSecretsFile = true;
        controller = std::make_unique<AppController>(opts);
        if (!controller->start().running)
            return false;
        Provider openai;
        openai.name = QStringLiteral("openai");
        openai.baseUrl = QStringLiteral("https://api.openai.com/v1");
        Provider anthropic;
        anthropic.name = QStringLiteral("anthropic");
        anthropic.protocol = Protocol::Anthropic;
        anthropic.baseUrl = QStringLiteral("https://api.anthropic.com");
        if (!storage()->saveProvider(&openai) || !storage()->saveProvider(&anthropic))
            return false;
        mainId = addChannel(openai.id, QStringLiteral("main"),
                            {QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-mini")});
        dsId = addChannel(openai.id, QStringLiteral("ds"), {QStringLiteral("deepseek-chat")});
        claudeId = addChannel(anthropic.id, QStringLiteral("claude"),
                              {QStringLiteral("claude-sonnet-4-5"), QStringLiteral("claude-haiku-4-5")});
        return mainId > 0 && dsId > 0 && claudeId > 0;
    }

    qint64 addChannel(qint64 providerId, const QString &name, const QStringList &models)
    {
        Channel channel;
        channel.providerId = providerId;
        channel.name = name;
        channel.models = models;
        return storage()->saveChannel(&channel) ? channel.id : 0;
    }

    // The controller republishes the snapshot queued after a save; waits (bounded) until the
    // snapshot has the stored channels, groups, rules and client keys.
    bool waitForPublish() const
    {
        for (int i = 0; i < 250; ++i) {
            const ConfigData stored = config();
            const ConfigSnapshotPtr snapshot = controller->snapshot();
            if (snapshot && snapshot->config.channels == stored.channels
                && snapshot->config.groups == stored.groups && snapshot->config.rules == stored.rules
                && snapshot->config.clientKeys == stored.clientKeys)
                return true;
            QTest::qWait(20);
        }
        return false;
    }

    Storage *storage() const { return controller->storage(); }
    ConfigData config() const { return storage()->loadConfig(); }
};

// Grabs page in English and Chinese into <tmp>/shots-routing/<name>-<lang>.png. SWITCHYARD_EXTRA_QM
// names an extra .qm to install with Chinese (strings not merged into translations/ yet).
inline bool screenshotBothLanguages(QWidget *page, const QString &name, const QSize &size = QSize(1200, 760))
{
    const QString shots = QDir::temp().filePath(QStringLiteral("shots-routing"));
    QDir().mkpath(shots);
    LanguageManager languages;
    QTranslator extra;
    bool ok = true;
    for (const QString &language : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
        if (!languages.setLanguage(language))
            return false;
        const QString extraQm = qEnvironmentVariable("SWITCHYARD_EXTRA_QM");
        if (language == u"zh_CN" && !extraQm.isEmpty() && extra.load(extraQm))
            QCoreApplication::installTranslator(&extra);
        QCoreApplication::processEvents();
        page->resize(size);
        page->show();
        QTest::qWait(50);
        ok = ok && page->grab().save(QDir(shots).filePath(QStringLiteral("%1-%2.png").arg(name, language)));
        QCoreApplication::removeTranslator(&extra);
    }
    languages.setLanguage(QStringLiteral("en"));
    return ok;
}

} // namespace Switchyard::Test
