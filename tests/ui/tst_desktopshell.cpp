// The desktop shell: window and tray over a real AppController (real store, real proxy thread),
// offscreen. Writes a screenshot of the window in both languages into the build tree.

#include "appcontroller.h"
#include "dashboardpage.h"
#include "desktopshell.h"
#include "languagemanager.h"
#include "mainwindow.h"
#include "secretstore.h"
#include "settingspage.h"
#include "storage.h"
#include "trayicon.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Switchyard;

class TestDesktopShell : public QObject
{
    Q_OBJECT

private:
    AppOptions options(const QString &dataDir) const
    {
        AppOptions opts;
        opts.dataDir = dataDir;
        opts.port = 0;
        return opts;
    }

    // The first-run wizard is tested on its own (tst_firstrunwizard); here it would sit on top.
    static void skipWizard(AppController &controller)
    {
        controller.storage()->setSetting(QStringLiteral("firstRun/done"), true);
    }

    template<typename T>
    static T *child(QWidget *root, const char *name)
    {
        T *widget = root->findChild<T *>(QLatin1String(name));
        if (!widget)
            qWarning("missing widget %s", name);
        return widget;
    }

    static QAction *menuAction(TrayIcon *tray, const char *name)
    {
        return tray->menu()->findChild<QAction *>(QLatin1String(name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        // No keychain in this process: the shell must show the problem and offer the opt-in.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/switchyard-test-bus");
    }

    void windowShowsProxyStateAndUrl()
    {
        QTemporaryDir dir;
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        skipWizard(controller);
        DesktopShell shell(&controller);
        shell.show();
        MainWindow *window = shell.mainWindow();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QVERIFY(!shell.firstRunWizard());

        auto *url = child<QLabel>(window, "baseUrl");
        QVERIFY(url);
        QCOMPARE(url->text(), controller.baseUrl());
        QVERIFY(url->text().startsWith(u"http://127.0.0.1:"));
        auto *env = child<QPlainTextEdit>(window, "claudeEnvLines");
        QVERIFY(
            env->toPlainText().contains(QStringLiteral("ANTHROPIC_BASE_URL='%1'").arg(controller.baseUrl())));

        auto *copy = child<QPushButton>(window, "copyBaseUrl");
        QTest::mouseClick(copy, Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), controller.baseUrl());

        // Stop and start from the window.
        auto *toggle = child<QPushButton>(window, "toggleProxy");
        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(!controller.isProxyRunning());
        QVERIFY(!copy->isEnabled());
        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(controller.isProxyRunning());
        QVERIFY(copy->isEnabled());
        controller.shutdown();
    }

    void sidebarSwitchesPages()
    {
        QTemporaryDir dir;
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        MainWindow window(&controller);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QListWidget *sidebar = window.sidebar();
        QCOMPARE(sidebar->count(), MainWindow::PageCount);
        QCOMPARE(window.currentPage(), MainWindow::Page::Dashboard);
        QVERIFY(qobject_cast<DashboardPage *>(window.page(MainWindow::Page::Dashboard)));
        QVERIFY(qobject_cast<SettingsPage *>(window.page(MainWindow::Page::Settings)));
        for (int row = sidebar->count() - 1; row >= 0; --row) {
            const QRect rect = sidebar->visualItemRect(sidebar->item(row));
            QTest::mouseClick(sidebar->viewport(), Qt::LeftButton, {}, rect.center());
            QCOMPARE(int(window.currentPage()), row);
            QWidget *page = window.page(MainWindow::Page(row));
            QVERIFY(page->isVisible());
            QVERIFY(!sidebar->item(row)->text().isEmpty());
        }
        controller.shutdown();
    }

    void dashboardShowsTodayAndActiveSessions()
    {
        QTemporaryDir dir;
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        Storage *storage = controller.storage();
        const QDateTime now = QDateTime::currentDateTime();
        const qint64 midnightMs = now.date().startOfDay().toMSecsSinceEpoch();
        const qint64 nowMs = now.toMSecsSinceEpoch();
        struct Row
        {
            qint64 atMs;
            const char *session;
            const char *model;
            qint64 tokens;
            double cost;
        };
        const QList<Row> rows {
            {midnightMs - 3600 * 1000, "sess-old", "m-old", 1000, 1.0}, // yesterday, local time
            {nowMs - 40 * 60 * 1000, "sess-stale", "m-stale", 200, 0.5}, // idle for 40 minutes
            {nowMs - 5 * 60 * 1000, "sess-active", "m-first", 30, 0.25},
            {nowMs - 1000, "sess-active", "m-latest", 40, 0.125},
        };
        qint64 todayRequests = 0;
        qint64 todayTokens = 0;
        for (const Row &row : rows) {
            UsageRecord record;
            record.timestampMs = row.atMs;
            record.sessionId = QLatin1String(row.session);
            record.resolvedModel = QLatin1String(row.model);
            record.inputTokens = row.tokens / 2;
            record.outputTokens = row.tokens - row.tokens / 2;
            record.costUsd = row.cost;
            record.status = 200;
            storage->recordUsage(record);
            if (row.atMs >= midnightMs) {
                ++todayRequests;
                todayTokens += row.tokens;
            }
        }
        storage->flushUsage();

        const QList<DashboardPage::Session> sessions =
            DashboardPage::activeSessions(storage, now.addMSecs(-DashboardPage::ActiveSessionWindowMs));
        QCOMPARE(sessions.size(), 1);
        QCOMPARE(sessions.first().sessionId, QStringLiteral("sess-active"));
        QCOMPARE(sessions.first().requests, 2);
        QCOMPARE(sessions.first().tokens, 70);
        QCOMPARE(sessions.first().costUsd, 0.375);
        QCOMPARE(sessions.first().lastModel, QStringLiteral("m-latest"));

        DashboardPage page(&controller);
        page.refresh();
        QCOMPARE(child<QLabel>(&page, "todayRequests")->text(), QLocale().toString(todayRequests));
        QCOMPARE(child<QLabel>(&page, "todayTokens")->text(), QLocale().toString(todayTokens));
        auto *table = child<QTableWidget>(&page, "activeSessions");
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 4)->text(), QStringLiteral("m-latest"));

        // New usage shows up by itself (throttled).
        UsageRecord record;
        record.timestampMs = QDateTime::currentMSecsSinceEpoch();
        record.sessionId = QStringLiteral("sess-new");
        record.resolvedModel = QStringLiteral("m-new");
        record.status = 200;
        storage->recordUsage(record);
        QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), 2, 5000);
        QCOMPARE(child<QLabel>(&page, "todayRequests")->text(), QLocale().toString(todayRequests + 1));
        controller.shutdown();
    }

    void trayMenuActions()
    {
        QTemporaryDir dir;
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        DesktopShell shell(&controller);
        TrayIcon *tray = shell.trayIcon();
        QCOMPARE(tray->state(), TrayIcon::State::Running);

        menuAction(tray, "trayToggleProxy")->trigger(); // stop
        QVERIFY(!controller.isProxyRunning());
        QCOMPARE(tray->state(), TrayIcon::State::Stopped);
        QVERIFY(!menuAction(tray, "trayCopyBaseUrl")->isEnabled());
        menuAction(tray, "trayToggleProxy")->trigger(); // start again
        QVERIFY(controller.isProxyRunning());
        QCOMPARE(tray->state(), TrayIcon::State::Running);

        menuAction(tray, "trayCopyBaseUrl")->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), controller.baseUrl());

        shell.mainWindow()->hide();
        menuAction(tray, "trayOpen")->trigger(); // open window
        QVERIFY(shell.mainWindow()->isVisible());

        // Every state has both icon variants in the resources.
        for (auto state : {TrayIcon::State::Running, TrayIcon::State::Degraded, TrayIcon::State::Stopped}) {
            QVERIFY(QFile::exists(TrayIcon::iconPath(state, true)));
            QVERIFY(QFile::exists(TrayIcon::iconPath(state, false)));
        }
        controller.shutdown();
    }

    void closingHidesWhileTrayKeepsRunning()
    {
        QTemporaryDir dir;
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        MainWindow window(&controller);
        window.setKeepRunningInTray(true);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy quit(&window, &MainWindow::quitRequested);
        window.close();
        QVERIFY(!window.isVisible());
        QCOMPARE(quit.count(), 0);
        QVERIFY(controller.isProxyRunning());

        // Without a tray the window is the entry point: closing it quits.
        window.setKeepRunningInTray(false);
        window.show();
        window.close();
        QCOMPARE(quit.count(), 1);
        controller.shutdown();
    }

    void noKeychainOffersExplicitOptIn()
    {
        QTemporaryDir dir;
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        QVERIFY(!controller.secretsProblem().isEmpty());
        QVERIFY(!controller.secretStore());

        DesktopShell shell(&controller);
        shell.show();
        MainWindow *window = shell.mainWindow();
        auto *warning = child<QLabel>(window, "secretsWarning");
        auto *optIn = child<QPushButton>(window, "useInsecureSecretsFile");
        QVERIFY(warning->isVisibleTo(window));
        QVERIFY(optIn->isVisibleTo(window));

        // The start-up dialog is open, non-blocking, and cancelling changes nothing.
        auto *dialog = window->findChild<QMessageBox *>(QStringLiteral("insecureSecretsDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        dialog->button(QMessageBox::Cancel)->click();
        QVERIFY(!controller.secretStore());
        QVERIFY(!QFile::exists(QDir(dir.path()).filePath(QStringLiteral("secrets.insecure.json"))));

        // Accepting opts in: the 0600 file store is used from now on and the setting is kept.
        QTest::mouseClick(optIn, Qt::LeftButton);
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = window->findChild<QMessageBox *>(QStringLiteral("insecureSecretsDialog")))
                    && box->isVisible());
        QAbstractButton *accept = nullptr;
        for (QAbstractButton *button : box->buttons()) {
            if (box->buttonRole(button) == QMessageBox::AcceptRole)
                accept = button;
        }
        QVERIFY(accept);
        accept->click();
        QVERIFY(controller.secretStore());
        QVERIFY(!controller.secretStore()->isSecure());
        QCOMPARE(controller.storage()->setting(QStringLiteral("secrets/insecureFile")).toBool(), true);
        QVERIFY(!optIn->isVisibleTo(window));
        QVERIFY(warning->isVisibleTo(window)); // now it warns that keys are unencrypted
        QVERIFY(warning->text().contains(QStringLiteral("UNENCRYPTED")));
        controller.shutdown();
    }

    void languageSwitchAppliesAtOnce()
    {
        QTemporaryDir dir;
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        skipWizard(controller);
        controller.storage()->setSetting(QStringLiteral("language"), QStringLiteral("en"));
        DesktopShell shell(&controller);
        LanguageManager &languages = *shell.languageManager();
        QCOMPARE(languages.language(), QStringLiteral("en"));
        shell.show();
        MainWindow *window = shell.mainWindow();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QAction *toggle = menuAction(shell.trayIcon(), "trayToggleProxy");
        QAction *english = menuAction(shell.trayIcon(), "trayLanguage-en");
        QAction *chinese = menuAction(shell.trayIcon(), "trayLanguage-zh_CN");
        QCOMPARE(toggle->text(), QStringLiteral("Stop proxy"));
        QVERIFY(english->isChecked());

        // Switching applies at once, without a restart: saving the setting (as the settings page
        // does) is enough.
        controller.storage()->setSetting(QStringLiteral("language"), QStringLiteral("zh_CN"));
        QCOMPARE(languages.language(), QStringLiteral("zh_CN"));
        QTRY_COMPARE(toggle->text(), QStringLiteral("停止代理"));
        QCOMPARE(window->windowTitle(), QStringLiteral("Switchyard"));
        QCOMPARE(menuAction(shell.trayIcon(), "trayQuit")->text(), QStringLiteral("退出"));
        QVERIFY(chinese->isChecked());

        // The tray's language menu saves the setting too, and the switch follows.
        english->trigger();
        QCOMPARE(controller.storage()->setting(QStringLiteral("language")).toString(), QStringLiteral("en"));
        QCOMPARE(languages.language(), QStringLiteral("en"));
        QTRY_COMPARE(toggle->text(), QStringLiteral("Stop proxy"));
        controller.shutdown();
    }
};

QTEST_MAIN(TestDesktopShell)
#include "tst_desktopshell.moc"
