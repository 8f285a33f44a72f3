// Screenshots of everything the user sees, in English and Simplified Chinese, over a seeded store
// (providers, channels, a group, rules, client keys, usage rows, live channel health from real
// requests through the proxy to a fake upstream): every page of the main window, the tray menu and
// its quick-switch submenu, and every page of the first-run wizard. The PNGs go to
// <build>/tests/screenshots (or $SWITCHYARD_SHOT_DIR) for a person to look at; the test checks that
// each was written and that no visible label, button or check box shows less than its text needs.
// $SWITCHYARD_EXTRA_QM may name a .qm installed on top of zh_CN (strings not merged yet).

#include "appcontroller.h"
#include "claudecodeconnector.h"
#include "fakechat.h"
#include "firstrunwizard.h"
#include "languagemanager.h"
#include "mainwindow.h"
#include "pageshots.h"
#include "secretstore.h"
#include "storage.h"
#include "trayicon.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace Switchyard;
using Switchyard::Test::FakeUpstream;

namespace {

const QSize WindowSize(1180, 780);

const QStringList PageNames {QStringLiteral("dashboard"),  QStringLiteral("providers"),
                             QStringLiteral("groups"),     QStringLiteral("routing"),
                             QStringLiteral("clientkeys"), QStringLiteral("usage"),
                             QStringLiteral("logs"),       QStringLiteral("settings")};

QString describe(const QWidget *widget, const QString &text)
{
    QString path;
    for (const QObject *o = widget; o; o = o->parent()) {
        if (!o->objectName().isEmpty()) {
            path = o->objectName();
            break;
        }
    }
    return QStringLiteral("%1 \"%2\" in %3 (%4x%5)")
        .arg(QLatin1String(widget->metaObject()->className()), text.left(60), path)
        .arg(widget->width())
        .arg(widget->height());
}

// Visible labels, buttons and check boxes whose text does not fit the room the layout gave them.
QStringList clippedTexts(QWidget *root)
{
    QStringList problems;
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *w : widgets) {
        if (!w->isVisible() || w->width() <= 0)
            continue;
        if (auto *button = qobject_cast<QAbstractButton *>(w)) {
            const bool checked = qobject_cast<QPushButton *>(w) || qobject_cast<QCheckBox *>(w)
                || qobject_cast<QRadioButton *>(w);
            if (checked && !button->text().isEmpty() && button->sizeHint().width() > button->width() + 1)
                problems.append(QStringLiteral("cut: ") + describe(w, button->text()));
        } else if (auto *label = qobject_cast<QLabel *>(w)) {
            if (label->text().isEmpty())
                continue;
            if (label->wordWrap()) {
                if (label->heightForWidth(label->width()) > label->height() + 1)
                    problems.append(QStringLiteral("wrapped text cut: ") + describe(w, label->text()));
            } else if (label->sizeHint().width() > label->width() + 1) {
                problems.append(QStringLiteral("cut: ") + describe(w, label->text()));
            }
        } else if (auto *list = qobject_cast<QListWidget *>(w); list && list->objectName() == u"sidebar") {
            for (int i = 0; i < list->count(); ++i) {
                const QRect rect = list->visualItemRect(list->item(i));
                if (list->fontMetrics().horizontalAdvance(list->item(i)->text()) > rect.width())
                    problems.append(QStringLiteral("sidebar item cut: ")
                                    + describe(w, list->item(i)->text()));
            }
        }
    }
    return problems;
}

bool savedPng(const QString &path)
{
    const QImage image(path);
    return QFileInfo(path).size() > 0 && !image.isNull() && image.width() > 10 && image.height() > 10;
}

} // namespace

class TestScreenshots : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_home;
    std::unique_ptr<AppController> m_controller;
    std::unique_ptr<FakeUpstream> m_fake;
    LanguageManager m_languages;
    QTranslator m_extra;
    QString m_token;

    void useLanguage(const QString &code)
    {
        QCoreApplication::removeTranslator(&m_extra);
        QVERIFY(m_languages.setLanguage(code));
        const QString extraQm = qEnvironmentVariable("SWITCHYARD_EXTRA_QM");
        if (code != u"en" && !extraQm.isEmpty() && m_extra.load(extraQm))
            QCoreApplication::installTranslator(&m_extra);
        QCoreApplication::processEvents();
    }

    QString shotPath(const QString &name) const
    {
        return QDir(Switchyard::Test::shotDir()).filePath(name + QStringLiteral(".png"));
    }

    void seed()
    {
        Storage *storage = m_controller->storage();
        SecretStore *secrets = m_controller->secretStore();
        QVERIFY(secrets);
        const auto addChannel = [&](Provider provider, const QString &name, const QStringList &models,
                                    const QByteArray &key) {
            if (!storage->loadConfig().providerByName(provider.name))
                QVERIFY(storage->saveProvider(&provider));
            Channel channel;
            channel.providerId = storage->loadConfig().providerByName(provider.name)->id;
            channel.name = name;
            channel.models = models;
            ChannelKey channelKey;
            channelKey.secretRef = SecretStore::newReference(QStringLiteral("channel-key"));
            channelKey.hint = SecretStore::hintFor(key);
            channelKey.fingerprint = SecretStore::fingerprintFor(key);
            QVERIFY(secrets->write(channelKey.secretRef, key));
            channel.keys = {channelKey};
            QVERIFY(storage->saveChannel(&channel));
        };
        Provider deepseek;
        deepseek.name = QStringLiteral("DeepSeek");
        deepseek.baseUrl = m_fake->url(QStringLiteral("/v1")).toString();
        deepseek.prices = {ModelPrice {QStringLiteral("deepseek-chat"), 0.28, 0.42, 0.028, 0}};
        addChannel(deepseek, QStringLiteral("deepseek"),
                   {QStringLiteral("deepseek-chat"), QStringLiteral("deepseek-reasoner")},
                   "sk-deepseek-0123456789");
        Provider openrouter;
        openrouter.name = QStringLiteral("OpenRouter");
        openrouter.baseUrl = m_fake->url(QStringLiteral("/v1")).toString();
        addChannel(openrouter, QStringLiteral("openrouter"),
                   {QStringLiteral("anthropic/claude-sonnet-4.5"), QStringLiteral("openai/gpt-4o-mini")},
                   "sk-or-v1-0123456789");

        const ConfigData config = storage->loadConfig();
        ModelGroup group;
        group.name = QStringLiteral("auto:fast");
        group.strategy = QStringLiteral("latency");
        for (const Channel &channel : config.channels) {
            GroupMember member;
            member.channelId = channel.id;
            member.model = channel.models.first();
            group.members.append(member);
        }
        QVERIFY(storage->saveGroup(&group));
        const QList<std::tuple<QString, QString, QString>> rules {
            {QStringLiteral("scenario"), QStringLiteral("default"), QStringLiteral("deepseek,deepseek-chat")},
            {QStringLiteral("scenario"), QStringLiteral("background"), QStringLiteral("auto:fast")},
            {QStringLiteral("scenario"), QStringLiteral("think"),
             QStringLiteral("deepseek,deepseek-reasoner")},
            {QStringLiteral("prefix"), QStringLiteral("gpt-*"),
             QStringLiteral("openrouter,openai/gpt-4o-mini")}};
        int position = 0;
        for (const auto &[kind, match, target] : rules) {
            RoutingRule rule;
            rule.kind = kind;
            rule.match = match;
            rule.target = target;
            rule.position = position++;
            QVERIFY(storage->saveRule(&rule));
        }

        const ClaudeCodeConnector::Result connected = ClaudeCodeConnector(m_controller.get()).connect();
        QVERIFY2(connected.ok, qPrintable(connected.error));
        m_token = connected.token;

        // Usage over the last days, three Claude Code sessions, one of them idle for an hour.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QStringList models {QStringLiteral("deepseek-chat"), QStringLiteral("deepseek-reasoner"),
                                  QStringLiteral("anthropic/claude-sonnet-4.5")};
        for (int i = 0; i < 60; ++i) {
            UsageRecord record;
            record.timestampMs = now - qint64(i) * 37 * 60 * 1000 / 3;
            record.requestId = QStringLiteral("req_seed%1").arg(i);
            const QStringList sessions {QStringLiteral("5f0c2a9e-1d2b-4c3e-9f00-6a1b2c3d4e5f"),
                                        QStringLiteral("c81e728d-9d4c-4f63-a1b2-0f9e8d7c6b5a")};
            record.sessionId =
                i < 8 ? sessions[i % 2] : (i < 14 ? QStringLiteral("a7d41c3b-idle") : QString());
            record.clientKeyId = connected.clientKeyId;
            record.endpoint = QStringLiteral("messages");
            record.requestedModel = QStringLiteral("claude-sonnet-4-5");
            record.resolvedModel = models[i % models.size()];
            record.channelName = i % 3 == 2 ? QStringLiteral("openrouter") : QStringLiteral("deepseek");
            record.channelId = config.channelByName(record.channelName)->id;
            record.inputTokens = 1200 + i * 37;
            record.outputTokens = 300 + i * 11;
            record.cacheReadTokens = i % 2 ? 8000 : 0;
            record.costUsd = 0.0012 * (i + 1);
            record.latencyMs = 900 + i * 10;
            record.ttftMs = 300 + i;
            record.status = i % 11 == 5 ? 502 : 200;
            record.errorClass = record.status == 200 ? QString() : QStringLiteral("upstream_5xx");
            record.stream = true;
            storage->recordUsage(record);
        }
        storage->flushUsage();
        storage->setSetting(QStringLiteral("firstRun/done"), true);
    }

    // Real requests through the proxy, so the dashboard has live health with time to first token.
    void sendThroughProxy(int count)
    {
        QTRY_VERIFY(m_controller->snapshot() && !m_controller->snapshot()->config.channels.isEmpty()
                    && !m_controller->snapshot()->config.clientKeys.isEmpty());
        QNetworkAccessManager nam;
        for (int i = 0; i < count; ++i) {
            QNetworkRequest request(QUrl(m_controller->baseUrl() + QStringLiteral("/v1/messages")));
            request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
            request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
            request.setRawHeader("anthropic-version", "2023-06-01");
            std::unique_ptr<QNetworkReply> reply(nam.post(
                request,
                QByteArrayLiteral("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,\"stream\":true,"
                                  "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
            QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("HOME", m_home.path().toUtf8());
        m_fake = std::make_unique<FakeUpstream>();
        m_fake->setHandler(QStringLiteral("/v1/chat/completions"), Switchyard::Test::serveChatOk);
        AppOptions opts;
        opts.dataDir = m_dir.path();
        opts.port = 0;
        opts.insecureSecretsFile = true;
        m_controller = std::make_unique<AppController>(opts);
        QVERIFY(m_controller->start().running);
        seed();
        sendThroughProxy(3);
        // One more upstream in the health list, held open by hand: the red badge.
        const qint64 openrouter =
            m_controller->storage()->loadConfig().channelByName(QStringLiteral("openrouter"))->id;
        m_controller->forceBreaker(openrouter, QStringLiteral("openai/gpt-4o-mini"), BreakerForce::Open);
        QTRY_VERIFY(m_controller->proxyStatus().upstreams.size() >= 2);
    }

    void cleanupTestCase()
    {
        QCoreApplication::removeTranslator(&m_extra);
        m_languages.setLanguage(QStringLiteral("en"));
        m_controller->shutdown();
    }

    void mainWindowPages_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("en") << QStringLiteral("en");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
    }

    void mainWindowPages()
    {
        QFETCH(QString, language);
        useLanguage(language);
        MainWindow window(m_controller.get());
        window.resize(WindowSize);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QStringList problems;
        for (int i = 0; i < MainWindow::PageCount; ++i) {
            window.showPage(MainWindow::Page(i));
            QCoreApplication::processEvents();
            QTest::qWait(30); // pages that load lazily on show
            const QString path = shotPath(PageNames[i] + u'-' + language);
            QVERIFY(window.grab().save(path));
            QVERIFY2(savedPng(path), qPrintable(path));
            for (const QString &problem : clippedTexts(window.page(MainWindow::Page(i))))
                problems.append(PageNames[i] + QStringLiteral(": ") + problem);
        }
        problems += clippedTexts(window.sidebar());
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void trayMenu_data() { mainWindowPages_data(); }

    void trayMenu()
    {
        QFETCH(QString, language);
        useLanguage(language);
        TrayIcon tray(m_controller.get());
        QTRY_VERIFY(
            !tray.menu()->findChild<QMenu *>(QStringLiteral("trayDefaultTarget"))->actions().isEmpty());
        const QList<std::pair<QMenu *, QString>> menus {
            {tray.menu(), QStringLiteral("tray-menu")},
            {tray.menu()->findChild<QMenu *>(QStringLiteral("trayDefaultTarget")),
             QStringLiteral("tray-default-target")},
            {tray.menu()->findChild<QMenu *>(QStringLiteral("traySlot-opus")),
             QStringLiteral("tray-opus-slot")}};
        for (const auto &[menu, name] : menus) {
            QVERIFY(menu);
            menu->ensurePolished();
            menu->adjustSize();
            // Menus size themselves to their longest entry; check that they did.
            for (QAction *action : menu->actions()) {
                if (!action->isSeparator())
                    QVERIFY2(menu->fontMetrics().horizontalAdvance(action->text()) < menu->width(),
                             qPrintable(action->text()));
            }
            const QString path = shotPath(name + u'-' + language);
            QVERIFY(menu->grab().save(path));
            QVERIFY2(savedPng(path), qPrintable(path));
        }
    }

    void wizardPages_data() { mainWindowPages_data(); }

    void wizardPages()
    {
        QFETCH(QString, language);
        useLanguage(language);
        FirstRunWizard wizard(m_controller.get());
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        const QStringList names {QStringLiteral("wizard-1-preset"), QStringLiteral("wizard-2-key"),
                                 QStringLiteral("wizard-3-test"), QStringLiteral("wizard-4-claude")};
        QStringList problems;
        for (int page = 0; page < names.size(); ++page) {
            if (page == FirstRunWizard::KeyPageId) {
                wizard.findChild<QLineEdit *>(QStringLiteral("wizardKey"))
                    ->setText(QStringLiteral("sk-test-123"));
                wizard.findChild<QLineEdit *>(QStringLiteral("wizardBaseUrl"))
                    ->setText(m_fake->url(QStringLiteral("/v1")).toString());
            }
            if (page == FirstRunWizard::PresetPageId) {
                auto *list = wizard.findChild<QListWidget *>(QStringLiteral("wizardPresetList"));
                for (int row = 0; row < list->count(); ++row) {
                    if (list->item(row)->data(Qt::UserRole).toString() == u"deepseek")
                        list->setCurrentRow(row);
                }
            }
            if (page == FirstRunWizard::TestPageId)
                QTRY_VERIFY_WITH_TIMEOUT(!wizard.tester()->isBusy(), 10000);
            QCoreApplication::processEvents();
            const QString path = shotPath(names[page] + u'-' + language);
            QVERIFY(wizard.grab().save(path));
            QVERIFY2(savedPng(path), qPrintable(path));
            for (const QString &problem : clippedTexts(&wizard))
                problems.append(names[page] + QStringLiteral(": ") + problem);
            if (page + 1 < names.size()) {
                wizard.next();
                QCOMPARE(wizard.currentId(), page + 1);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        wizard.reject();
    }
};

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
