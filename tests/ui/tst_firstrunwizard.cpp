// The first-run wizard end to end, offscreen: pick a preset, paste a key, the test request reaches a
// fake upstream, the store gets provider, channel (key in the secret store) and default rule,
// Connect Claude Code writes settings.json in a temporary HOME, and a request with that token
// through the proxy arrives upstream with the pasted key.

#include "appcontroller.h"
#include "clientauth.h"
#include "connectclaudewidget.h"
#include "desktopshell.h"
#include "fakechat.h"
#include "firstrunwizard.h"
#include "mainwindow.h"
#include "providerpresets.h"
#include "secretstore.h"
#include "storage.h"

#include <QComboBox>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace Switchyard;
using Switchyard::Test::FakeUpstream;
using Switchyard::Test::serveChatOk;

namespace {

const QByteArray PastedKey = "sk-test-0123456789abcdef";

template<typename T>
T *child(QWidget *root, const char *name)
{
    T *widget = root->findChild<T *>(QLatin1String(name));
    if (!widget)
        qWarning("missing widget %s", name);
    return widget;
}

void selectPreset(FirstRunWizard *wizard, const QString &id)
{
    auto *list = child<QListWidget>(wizard, "wizardPresetList");
    for (int row = 0; row < list->count(); ++row) {
        if (list->item(row)->data(Qt::UserRole).toString() == id)
            list->setCurrentRow(row);
    }
}

} // namespace

class TestFirstRunWizard : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    static AppOptions options(const QString &dataDir)
    {
        AppOptions opts;
        opts.dataDir = dataDir;
        opts.port = 0;
        opts.insecureSecretsFile = true;
        return opts;
    }

private Q_SLOTS:
    void initTestCase() { qputenv("HOME", m_home.path().toUtf8()); }

    void shownOnlyWhileThereIsNoChannel()
    {
        QTemporaryDir dir;
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        QVERIFY(FirstRunWizard::isNeeded(&controller));
        {
            DesktopShell shell(&controller);
            shell.show();
            QVERIFY(shell.firstRunWizard());
            QTRY_VERIFY(shell.firstRunWizard()->isVisible());
            // Cancelling counts as done: it does not come back at every start.
            shell.firstRunWizard()->reject();
            QCOMPARE(controller.storage()->setting(QStringLiteral("firstRun/done")).toBool(), true);
            QVERIFY(!FirstRunWizard::isNeeded(&controller));
        }
        // A configuration with a channel never needs it.
        controller.storage()->setSetting(QStringLiteral("firstRun/done"), QVariant());
        Provider provider = ProviderPresets::find(QStringLiteral("openai"))->toProvider();
        QVERIFY(controller.storage()->saveProvider(&provider));
        Channel channel = ProviderPresets::find(QStringLiteral("openai"))->toChannel(provider.id);
        QVERIFY(controller.storage()->saveChannel(&channel));
        QVERIFY(!FirstRunWizard::isNeeded(&controller));
        DesktopShell shell(&controller);
        shell.show();
        QVERIFY(!shell.firstRunWizard());
        controller.shutdown();
    }

    void presetKeyTestConnect()
    {
        FakeUpstream fake;
        fake.setHandler(QStringLiteral("/v1/chat/completions"), serveChatOk);
        QTemporaryDir dir;
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        FirstRunWizard wizard(&controller);
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));

        // 1. Preset.
        selectPreset(&wizard, QStringLiteral("deepseek"));
        QCOMPARE(wizard.selectedPreset()->id, QStringLiteral("deepseek"));
        wizard.next();
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::KeyPageId));

        // 2. Key; the base URL is the preset's until edited (here: to the fake upstream).
        auto *baseUrl = child<QLineEdit>(&wizard, "wizardBaseUrl");
        QCOMPARE(baseUrl->text(), QStringLiteral("https://api.deepseek.com/v1"));
        QCOMPARE(child<QComboBox>(&wizard, "wizardModel")->currentText(), QStringLiteral("deepseek-chat"));
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled()); // no key yet
        QTest::keyClicks(child<QLineEdit>(&wizard, "wizardKey"), QString::fromLatin1(PastedKey));
        baseUrl->setText(fake.url(QStringLiteral("/v1")).toString());
        QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton);
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::TestPageId));

        // 3. The test is a real request with the pasted key.
        auto *result = child<QLabel>(&wizard, "wizardTestResult");
        QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("It works")), 10000);
        QCOMPARE(fake.requestCount(), 1);
        QCOMPARE(fake.lastRequest().header("authorization"), QByteArray("Bearer " + PastedKey));
        QCOMPARE(fake.lastRequest().json().value(u"model").toString(), QStringLiteral("deepseek-chat"));
        QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton);
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::ClaudePageId));

        // The store has provider, channel and default rule; the key is only in the secret store.
        ConfigData config = controller.storage()->loadConfig();
        QCOMPARE(config.providers.size(), 1);
        QCOMPARE(config.providers.first().name, QStringLiteral("DeepSeek"));
        QCOMPARE(config.providers.first().baseUrl, fake.url(QStringLiteral("/v1")).toString());
        QCOMPARE(config.channels.size(), 1);
        const Channel channel = config.channels.first();
        QCOMPARE(channel.name, QStringLiteral("deepseek"));
        QCOMPARE(channel.providerId, config.providers.first().id);
        QCOMPARE(channel.keys.size(), 1);
        QVERIFY(!channel.keys.first().hint.isEmpty());
        QVERIFY(channel.keys.first().hint.size() < PastedKey.size());
        QCOMPARE(controller.secretStore()->read(channel.keys.first().secretRef).value_or(QByteArray()),
                 PastedKey);
        QCOMPARE(config.rules.size(), 1);
        QCOMPARE(config.rules.first().kind, QStringLiteral("scenario"));
        QCOMPARE(config.rules.first().match, QStringLiteral("default"));
        QCOMPARE(config.rules.first().target, QStringLiteral("deepseek,deepseek-chat"));

        // Back and Next again updates instead of adding a second set.
        wizard.back();
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::TestPageId));
        QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("It works")), 10000);
        wizard.next();
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::ClaudePageId));
        config = controller.storage()->loadConfig();
        QCOMPARE(config.providers.size(), 1);
        QCOMPARE(config.channels.size(), 1);
        QCOMPARE(config.rules.size(), 1);
        QCOMPARE(config.channels.first().keys.first().secretRef, channel.keys.first().secretRef);

        // 4. Connect Claude Code: settings.json in the temporary HOME.
        QTest::mouseClick(child<QPushButton>(&wizard, "connectClaudeCode"), Qt::LeftButton);
        const ClaudeCodeConnector::Result connected = wizard.connectWidget()->lastResult();
        QVERIFY2(connected.ok, qPrintable(connected.error));
        QFile settingsFile(m_home.path() + QStringLiteral("/.claude/settings.json"));
        QVERIFY(settingsFile.open(QIODevice::ReadOnly));
        const QByteArray settingsBytes = settingsFile.readAll();
        QVERIFY(!settingsBytes.contains(PastedKey));
        const QJsonObject env = QJsonDocument::fromJson(settingsBytes).object().value(u"env").toObject();
        QCOMPARE(env.value(u"ANTHROPIC_BASE_URL").toString(), controller.baseUrl());
        const QString token = env.value(u"ANTHROPIC_AUTH_TOKEN").toString();
        QCOMPARE(token, connected.token);
        QVERIFY(ClientAuth::check(controller.storage()->loadConfig(), QByteArray(),
                                  "Bearer " + token.toUtf8(), QHostAddress(QHostAddress::LocalHost))
                    .ok());
        QVERIFY(child<QLabel>(&wizard, "claudeCodeStatus")
                    ->text()
                    .contains(QStringLiteral("now uses Switchyard")));

        // The way Claude Code will use it: a Messages request with that token through the proxy is
        // routed by the default rule and reaches the upstream with the pasted key.
        QTRY_VERIFY(controller.snapshot() && !controller.snapshot()->config.clientKeys.isEmpty());
        fake.clearRequests();
        QNetworkAccessManager nam;
        QNetworkRequest request(QUrl(controller.baseUrl() + QStringLiteral("/v1/messages")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        request.setRawHeader("anthropic-version", "2023-06-01");
        QNetworkReply *reply =
            nam.post(request,
                     QByteArrayLiteral("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,"
                                       "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        const QByteArray body = reply->readAll();
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY2(body.contains("OK"), body.constData());
        QCOMPARE(fake.requestCount(), 1);
        QCOMPARE(fake.lastRequest().header("authorization"), QByteArray("Bearer " + PastedKey));
        QCOMPARE(fake.lastRequest().json().value(u"model").toString(), QStringLiteral("deepseek-chat"));
        delete reply;

        // Finish.
        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        QCOMPARE(wizard.result(), int(QDialog::Accepted));
        QCOMPARE(controller.storage()->setting(QStringLiteral("firstRun/done")).toBool(), true);
        controller.shutdown();
    }

    void failedTestIsShownAndCanBeSkipped()
    {
        FakeUpstream fake;
        fake.setHandler(QStringLiteral("/v1/chat/completions"),
                        FakeUpstream::jsonResponse(401, "{\"error\":{\"message\":\"bad key\"}}"));
        QTemporaryDir dir;
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        FirstRunWizard wizard(&controller);
        wizard.show();
        selectPreset(&wizard, QStringLiteral("openai"));
        wizard.next();
        child<QLineEdit>(&wizard, "wizardKey")->setText(QStringLiteral("sk-wrong"));
        child<QLineEdit>(&wizard, "wizardBaseUrl")->setText(fake.url(QStringLiteral("/v1")).toString());
        wizard.next();
        auto *result = child<QLabel>(&wizard, "wizardTestResult");
        QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("failed")), 10000);
        QVERIFY(!result->text().contains(QStringLiteral("sk-wrong")));
        // The user may go on and fix the key later; the provider is stored anyway.
        wizard.next();
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::ClaudePageId));
        QCOMPARE(controller.storage()->loadConfig().channels.size(), 1);
        controller.shutdown();
    }
};

QTEST_MAIN(TestFirstRunWizard)
#include "tst_firstrunwizard.moc"
