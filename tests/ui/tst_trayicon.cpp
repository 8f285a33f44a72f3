// The tray over a real AppController: every menu action does what it says (clipboard, proxy state,
// default and slot targets in the store, language), the icon follows the proxy state, and the
// notifier's rate limit holds with a stepped clock.

#include "appcontroller.h"
#include "claudecodeconnector.h"
#include "languagemanager.h"
#include "notifier.h"
#include "slotmap.h"
#include "storage.h"
#include "trayicon.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Switchyard;

namespace {

QAction *action(TrayIcon *tray, const char *name)
{
    QAction *found = tray->menu()->findChild<QAction *>(QLatin1String(name));
    if (!found)
        qWarning("missing action %s", name);
    return found;
}

QMenu *submenu(TrayIcon *tray, const QString &name)
{
    return tray->menu()->findChild<QMenu *>(name);
}

QAction *entry(QMenu *menu, const QString &text)
{
    for (QAction *a : menu->actions()) {
        if (a->text() == text)
            return a;
    }
    return nullptr;
}

QString checkedText(QMenu *menu)
{
    for (QAction *a : menu->actions()) {
        if (a->isChecked())
            return a->text();
    }
    return {};
}

const RoutingRule *defaultRule(const ConfigData &config)
{
    for (const RoutingRule &rule : config.rules) {
        if (rule.kind == u"scenario" && rule.match == u"default")
            return &rule;
    }
    return nullptr;
}

ProxyEvent makeEvent(ProxyEvent::Kind kind, const QString &from = QString(), const QString &to = QString())
{
    ProxyEvent e;
    e.kind = kind;
    e.from = from;
    e.to = to;
    e.channelName = QStringLiteral("main");
    e.model = QStringLiteral("m1");
    e.reason = QStringLiteral("upstream_5xx: 503");
    e.budget = QStringLiteral("client key 'Claude Code'");
    e.fraction = kind == ProxyEvent::Kind::BudgetWarning ? 0.8 : 1.0;
    return e;
}

} // namespace

class TestTrayIcon : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_home;
    std::unique_ptr<AppController> m_controller;

    void seed()
    {
        Storage *storage = m_controller->storage();
        Provider provider;
        provider.name = QStringLiteral("Acme");
        provider.baseUrl = QStringLiteral("http://127.0.0.1:9/v1");
        QVERIFY(storage->saveProvider(&provider));
        Channel main;
        main.providerId = provider.id;
        main.name = QStringLiteral("main");
        main.models = {QStringLiteral("m1"), QStringLiteral("m2")};
        QVERIFY(storage->saveChannel(&main));
        Channel off = main;
        off.id = 0;
        off.name = QStringLiteral("off");
        off.enabled = false;
        QVERIFY(storage->saveChannel(&off));
        ModelGroup group;
        group.name = QStringLiteral("auto:fast");
        GroupMember member;
        member.channelId = main.id;
        member.model = QStringLiteral("m1");
        group.members = {member};
        QVERIFY(storage->saveGroup(&group));
        RoutingRule rule;
        rule.kind = QStringLiteral("scenario");
        rule.match = QStringLiteral("default");
        rule.target = QStringLiteral("main,m1");
        QVERIFY(storage->saveRule(&rule));
    }

private Q_SLOTS:
    void init()
    {
        AppOptions opts;
        opts.dataDir = m_dir.path() + QStringLiteral("/") + QString::fromLatin1(QTest::currentTestFunction());
        opts.port = 0;
        opts.insecureSecretsFile = true;
        m_controller = std::make_unique<AppController>(opts);
        QVERIFY(m_controller->start().running);
        qputenv("HOME", m_home.path().toUtf8());
    }

    void cleanup()
    {
        m_controller->shutdown();
        m_controller.reset();
    }

    void copyActionsFillTheClipboard()
    {
        TrayIcon tray(m_controller.get());
        action(&tray, "trayCopyBaseUrl")->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), m_controller->baseUrl());

        // Before Connect Claude Code the lines carry a placeholder for the key ...
        action(&tray, "trayCopyClaudeEnv")->trigger();
        QString lines = QGuiApplication::clipboard()->text();
        QVERIFY(lines.contains(QStringLiteral("ANTHROPIC_BASE_URL='%1'").arg(m_controller->baseUrl())));
        QVERIFY(lines.contains(QStringLiteral("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC='1'")));
        QVERIFY(lines.contains(QStringLiteral("<your Switchyard client key>")));

        // ... and after it the key written to settings.json.
        const ClaudeCodeConnector::Result connected = ClaudeCodeConnector(m_controller.get()).connect();
        QVERIFY2(connected.ok, qPrintable(connected.error));
        action(&tray, "trayCopyClaudeEnv")->trigger();
        lines = QGuiApplication::clipboard()->text();
        QVERIFY(lines.contains(QStringLiteral("ANTHROPIC_AUTH_TOKEN='%1'").arg(connected.token)));
    }

    void toggleStopsAndStartsAndIconFollows()
    {
        TrayIcon tray(m_controller.get());
        QCOMPARE(tray.state(), TrayIcon::State::Running);
        action(&tray, "trayToggleProxy")->trigger();
        QVERIFY(!m_controller->isProxyRunning());
        QCOMPARE(tray.state(), TrayIcon::State::Stopped);
        QCOMPARE(action(&tray, "trayToggleProxy")->text(), QStringLiteral("Start proxy"));
        QVERIFY(!action(&tray, "trayCopyBaseUrl")->isEnabled());
        action(&tray, "trayToggleProxy")->trigger();
        QVERIFY(m_controller->isProxyRunning());
        QCOMPARE(tray.state(), TrayIcon::State::Running);

        // An open breaker makes the proxy degraded, and the icon says so.
        seed();
        const qint64 channelId =
            m_controller->storage()->loadConfig().channelByName(QStringLiteral("main"))->id;
        m_controller->forceBreaker(channelId, QStringLiteral("m1"), BreakerForce::Open);
        QTRY_VERIFY(m_controller->proxyStatus().degraded());
        tray.refresh();
        QCOMPARE(tray.state(), TrayIcon::State::Degraded);
        m_controller->forceBreaker(channelId, QStringLiteral("m1"), BreakerForce::None);
        QTRY_VERIFY(!m_controller->proxyStatus().degraded());
        tray.refresh();
        QCOMPARE(tray.state(), TrayIcon::State::Running);

        for (auto state : {TrayIcon::State::Running, TrayIcon::State::Degraded, TrayIcon::State::Stopped}) {
            QVERIFY(!QIcon(TrayIcon::iconPath(state, true)).pixmap(22, 22).isNull());
            QVERIFY(!QIcon(TrayIcon::iconPath(state, false)).pixmap(22, 22).isNull());
        }
    }

    void quickSwitchDefaultTarget()
    {
        seed();
        TrayIcon tray(m_controller.get());
        QMenu *menu = submenu(&tray, QStringLiteral("trayDefaultTarget"));
        QVERIFY(menu);
        // Enabled channels' models and the groups; the disabled channel is not offered.
        QVERIFY(entry(menu, QStringLiteral("main,m1")));
        QVERIFY(entry(menu, QStringLiteral("main,m2")));
        QVERIFY(entry(menu, QStringLiteral("auto:fast")));
        QVERIFY(!entry(menu, QStringLiteral("off,m1")));
        QCOMPARE(checkedText(menu), QStringLiteral("main,m1"));

        entry(menu, QStringLiteral("auto:fast"))->trigger();
        const ConfigData config = m_controller->storage()->loadConfig();
        QCOMPARE(defaultRule(config)->target, QStringLiteral("auto:fast"));
        QCOMPARE(config.rules.size(), 1);
        // The menu is refilled from the store (after the config change settles).
        QTRY_COMPARE(checkedText(submenu(&tray, QStringLiteral("trayDefaultTarget"))),
                     QStringLiteral("auto:fast"));
    }

    void quickSwitchCreatesDefaultRuleWhenMissing()
    {
        seed();
        Storage *storage = m_controller->storage();
        QVERIFY(storage->deleteRule(storage->loadConfig().rules.first().id));
        TrayIcon tray(m_controller.get());
        QMenu *menu = submenu(&tray, QStringLiteral("trayDefaultTarget"));
        QCOMPARE(checkedText(menu), QString());
        entry(menu, QStringLiteral("main,m2"))->trigger();
        const RoutingRule *rule = defaultRule(storage->loadConfig());
        QVERIFY(rule);
        QCOMPARE(rule->target, QStringLiteral("main,m2"));
        QVERIFY(rule->enabled);
    }

    void quickSwitchSlots()
    {
        seed();
        TrayIcon tray(m_controller.get());
        // No Claude Code key yet: the slot menus say so and offer nothing.
        QMenu *opus = submenu(&tray, QStringLiteral("traySlot-opus"));
        QVERIFY(opus);
        QCOMPARE(opus->actions().size(), 1);
        QVERIFY(!opus->actions().first()->isEnabled());

        const ClaudeCodeConnector::Result connected = ClaudeCodeConnector(m_controller.get()).connect();
        QVERIFY(connected.ok);
        // The menus are refilled once the key exists.
        QTRY_VERIFY(entry(submenu(&tray, QStringLiteral("traySlot-opus")), QStringLiteral("main,m2")));
        opus = submenu(&tray, QStringLiteral("traySlot-opus"));
        entry(opus, QStringLiteral("main,m2"))->trigger();
        const auto slotOf = [this](const QString &slot) {
            for (const ClientKey &key : m_controller->storage()->loadConfig().clientKeys) {
                if (key.name == u"Claude Code" && !key.disabled)
                    return SlotMap::entry(key.slotMap, slot);
            }
            return SlotMap::Entry {};
        };
        QCOMPARE(slotOf(QStringLiteral("opus")).target, QStringLiteral("main,m2"));
        QVERIFY(slotOf(QStringLiteral("haiku")).target.isEmpty());

        QMenu *haiku = submenu(&tray, QStringLiteral("traySlot-haiku"));
        QTRY_VERIFY(entry(haiku, QStringLiteral("auto:fast")));
        entry(haiku, QStringLiteral("auto:fast"))->trigger();
        QCOMPARE(slotOf(QStringLiteral("haiku")).target, QStringLiteral("auto:fast"));
        QCOMPARE(slotOf(QStringLiteral("opus")).target, QStringLiteral("main,m2"));

        // "Not mapped" removes the slot again.
        opus = submenu(&tray, QStringLiteral("traySlot-opus"));
        QTRY_COMPARE(checkedText(opus), QStringLiteral("main,m2"));
        opus->actions().first()->trigger();
        QVERIFY(slotOf(QStringLiteral("opus")).isEmpty());
    }

    void languageMenuSavesTheSetting()
    {
        LanguageManager languages;
        languages.follow(m_controller->storage());
        TrayIcon tray(m_controller.get());
        action(&tray, "trayLanguage-zh_CN")->trigger();
        QCOMPARE(m_controller->storage()->setting(QStringLiteral("language")).toString(),
                 QStringLiteral("zh_CN"));
        QCOMPARE(languages.language(), QStringLiteral("zh_CN"));
        QTRY_COMPARE(action(&tray, "trayQuit")->text(), QStringLiteral("退出"));
        QVERIFY(action(&tray, "trayLanguage-zh_CN")->isChecked());
        action(&tray, "trayLanguage-en")->trigger();
        QCOMPARE(languages.language(), QStringLiteral("en"));
        QTRY_COMPARE(action(&tray, "trayQuit")->text(), QStringLiteral("Quit"));
        QVERIFY(action(&tray, "trayLanguage-en")->isChecked());
    }

    void openAndQuitActions()
    {
        TrayIcon tray(m_controller.get());
        QSignalSpy open(&tray, &TrayIcon::openWindowRequested);
        action(&tray, "trayOpen")->trigger();
        QCOMPARE(open.count(), 1);
        QVERIFY(action(&tray, "trayQuit"));
    }

    void proxyEventsBecomeNotifications()
    {
        TrayIcon tray(m_controller.get());
        Q_EMIT m_controller->proxyEvent(
            makeEvent(ProxyEvent::Kind::Failover, QStringLiteral("a,m"), QStringLiteral("b,m")));
        QCOMPARE(tray.shownNotifications().size(), 1);
        const Notification shown = tray.shownNotifications().first();
        QCOMPARE(shown.title, QStringLiteral("Failover"));
        QVERIFY(shown.message.contains(QStringLiteral("a,m → b,m")));
        QVERIFY(shown.message.contains(QStringLiteral("upstream_5xx")));
        // A second failover at once is held back by the rate limit.
        Q_EMIT m_controller->proxyEvent(
            makeEvent(ProxyEvent::Kind::Failover, QStringLiteral("c,m"), QStringLiteral("d,m")));
        QCOMPARE(tray.shownNotifications().size(), 1);
        QCOMPARE(tray.notifier()->pendingCount(), 1);
    }

    // --- Notifier on its own, with a stepped clock. ---

    void notifierRateLimitsPerKindAndCoalesces()
    {
        qint64 now = 1000;
        Notifier notifier;
        notifier.setClock([&now] { return now; });
        QSignalSpy spy(&notifier, &Notifier::notify);
        const auto last = [&spy] { return spy.last().first().value<Notification>(); };

        notifier.handle(makeEvent(ProxyEvent::Kind::Failover, QStringLiteral("a,m"), QStringLiteral("b,m")));
        QCOMPARE(spy.count(), 1);
        // Another kind is not limited by the first.
        notifier.handle(makeEvent(ProxyEvent::Kind::BreakerOpened));
        QCOMPARE(spy.count(), 2);
        QCOMPARE(last().kind, ProxyEvent::Kind::BreakerOpened);

        // A burst of failovers inside the interval is held ...
        for (int i = 0; i < 5; ++i) {
            now += 1000;
            notifier.handle(
                makeEvent(ProxyEvent::Kind::Failover, QStringLiteral("x%1,m").arg(i), QStringLiteral("y,m")));
        }
        QCOMPARE(spy.count(), 2);
        QCOMPARE(notifier.pendingCount(), 5);
        now = 1000 + Notifier::DefaultIntervalMs - 1;
        notifier.flushDue();
        QCOMPARE(spy.count(), 2);

        // ... and summed up once the interval is over: the latest plus "4 more".
        now = 1000 + Notifier::DefaultIntervalMs;
        notifier.flushDue();
        QCOMPARE(spy.count(), 3);
        QCOMPARE(last().kind, ProxyEvent::Kind::Failover);
        QCOMPARE(last().coalesced, 4);
        QVERIFY(last().message.contains(QStringLiteral("x4,m")));
        QVERIFY(last().message.contains(QStringLiteral("4 more")));
        QCOMPARE(notifier.pendingCount(), 0);

        // The summary started a new interval.
        now += 10;
        notifier.handle(makeEvent(ProxyEvent::Kind::Failover, QStringLiteral("p,m"), QStringLiteral("q,m")));
        QCOMPARE(spy.count(), 3);
        QCOMPARE(notifier.pendingCount(), 1);
        // A single held event is shown as itself, without a count.
        now += Notifier::DefaultIntervalMs;
        notifier.flushDue();
        QCOMPARE(spy.count(), 4);
        QCOMPARE(last().coalesced, 0);
        QVERIFY(last().message.contains(QStringLiteral("p,m → q,m")));
        QVERIFY(!last().message.contains(QStringLiteral("more")));
    }

    void notifierFlushesOnItsOwnTimer()
    {
        Notifier notifier;
        notifier.setIntervalMs(200);
        QSignalSpy spy(&notifier, &Notifier::notify);
        notifier.handle(makeEvent(ProxyEvent::Kind::KeyDisabled));
        notifier.handle(makeEvent(ProxyEvent::Kind::KeyDisabled));
        notifier.handle(makeEvent(ProxyEvent::Kind::KeyDisabled));
        QCOMPARE(spy.count(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 2, 3000);
        QCOMPARE(spy.last().first().value<Notification>().coalesced, 1);
    }

    void notifierDescribesEveryKind()
    {
        const QList<ProxyEvent::Kind> kinds {
            ProxyEvent::Kind::Failover,      ProxyEvent::Kind::BreakerOpened,
            ProxyEvent::Kind::BreakerClosed, ProxyEvent::Kind::KeyDisabled,
            ProxyEvent::Kind::BudgetWarning, ProxyEvent::Kind::BudgetExhausted};
        QSet<QString> titles;
        for (ProxyEvent::Kind kind : kinds) {
            ProxyEvent e = makeEvent(kind, QStringLiteral("a,m"), QStringLiteral("b,m"));
            e.keyHint = QStringLiteral("sk-ab…");
            const Notification n = Notifier::describe(e);
            QVERIFY(!n.title.isEmpty());
            QVERIFY(!n.message.isEmpty());
            titles.insert(n.title);
        }
        QCOMPARE(titles.size(), kinds.size());
        QVERIFY(Notifier::describe(makeEvent(ProxyEvent::Kind::BudgetWarning))
                    .title.contains(QStringLiteral("80%")));
        ProxyEvent key = makeEvent(ProxyEvent::Kind::KeyDisabled);
        key.keyHint = QStringLiteral("sk-ab…");
        QVERIFY(Notifier::describe(key).message.contains(QStringLiteral("sk-ab…")));
    }
};

QTEST_MAIN(TestTrayIcon)
#include "tst_trayicon.moc"
