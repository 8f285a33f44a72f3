// The desktop shell: window and tray over a real AppController (real store, real proxy thread),
// offscreen. Writes a screenshot of the window in both languages into the build tree.

#include "appcontroller.h"
#include "desktopshell.h"
#include "languagemanager.h"
#include "mainwindow.h"
#include "secretstore.h"
#include "storage.h"
#include "trayicon.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
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

    template<typename T>
    static T *child(QWidget *root, const char *name)
    {
        T *widget = root->findChild<T *>(QLatin1String(name));
        if (!widget)
            qWarning("missing widget %s", name);
        return widget;
    }

    static QAction *menuAction(TrayIcon *tray, int index) { return tray->menu()->actions().value(index); }

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
        DesktopShell shell(&controller);
        shell.show();
        MainWindow *window = shell.mainWindow();
        QVERIFY(QTest::qWaitForWindowExposed(window));

        auto *url = child<QLabel>(window, "baseUrl");
        QVERIFY(url);
        QCOMPARE(url->text(), controller.baseUrl());
        QVERIFY(url->text().startsWith(u"http://127.0.0.1:"));
        auto *env = child<QPlainTextEdit>(window, "claudeEnvLines");
        QVERIFY(
            env->toPlainText().contains(QStringLiteral("ANTHROPIC_BASE_URL=%1").arg(controller.baseUrl())));

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

    void trayMenuActions()
    {
        QTemporaryDir dir;
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        DesktopShell shell(&controller);
        TrayIcon *tray = shell.trayIcon();
        QCOMPARE(tray->state(), TrayIcon::State::Running);
        QCOMPARE(tray->menu()->actions().size(), 5); // open, toggle, copy, separator, quit

        menuAction(tray, 1)->trigger(); // stop
        QVERIFY(!controller.isProxyRunning());
        QCOMPARE(tray->state(), TrayIcon::State::Stopped);
        QVERIFY(!menuAction(tray, 2)->isEnabled());
        menuAction(tray, 1)->trigger(); // start again
        QVERIFY(controller.isProxyRunning());
        QCOMPARE(tray->state(), TrayIcon::State::Running);

        menuAction(tray, 2)->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), controller.baseUrl());

        shell.mainWindow()->hide();
        menuAction(tray, 0)->trigger(); // open window
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

    void languageSwitchAndScreenshots()
    {
        QTemporaryDir dir;
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        LanguageManager languages;
        QVERIFY(languages.setLanguage(QStringLiteral("en")));
        DesktopShell shell(&controller);
        shell.show();
        MainWindow *window = shell.mainWindow();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        auto *toggle = child<QPushButton>(window, "toggleProxy");
        const QString english = toggle->text();
        QCOMPARE(english, QStringLiteral("Stop proxy"));
        const QString shots = QDir::current().filePath(QStringLiteral("screenshots"));
        QDir().mkpath(shots);
        QVERIFY(window->grab().save(QDir(shots).filePath(QStringLiteral("window-en.png"))));

        // Switching applies at once, without a restart.
        QVERIFY(languages.setLanguage(QStringLiteral("zh_CN")));
        QTRY_VERIFY(toggle->text() != english);
        QCOMPARE(window->windowTitle(), QStringLiteral("Switchyard"));
        QCOMPARE(shell.trayIcon()->menu()->actions().value(3 + 1)->text(), QStringLiteral("退出"));
        QVERIFY(window->grab().save(QDir(shots).filePath(QStringLiteral("window-zh_CN.png"))));

        QVERIFY(languages.setLanguage(QStringLiteral("en")));
        QTRY_COMPARE(toggle->text(), english);
        controller.shutdown();
    }
};

QTEST_MAIN(TestDesktopShell)
#include "tst_desktopshell.moc"
