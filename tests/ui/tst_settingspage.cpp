// The settings page over a real AppController (real store, real proxy thread), offscreen: every
// edit is checked in the stored settings (or the desktop file, the config, the secret store), and
// the endpoint Apply really rebinds the proxy.

#include "appcontroller.h"
#include "autostart.h"
#include "configservice.h"
#include "pagefeedback.h"
#include "pageshots.h"
#include "secretstore.h"
#include "settingspage.h"
#include "storage.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Switchyard;

namespace {

template<typename T>
T *child(QWidget *root, const char *name)
{
    T *widget = root->findChild<T *>(QLatin1String(name));
    if (!widget)
        qWarning("missing widget %s", name);
    return widget;
}

template<typename T>
T *openDialog(QWidget *root, const char *name)
{
    T *found = nullptr;
    for (T *candidate : root->findChildren<T *>(QLatin1String(name))) {
        if (candidate->isVisible())
            found = candidate;
    }
    return found;
}

AppOptions options(const QString &dataDir, bool insecureFile = true)
{
    AppOptions opts;
    opts.dataDir = dataDir;
    opts.insecureSecretsFile = insecureFile;
    // No --port: the stored proxy/port decides, so Apply can move the proxy (seedPort sets it first).
    return opts;
}

// The stored port before the controller starts, so the first start binds any free port.
void seedPort(const QString &dataDir, int port)
{
    Storage storage;
    QVERIFY(storage.open(dataDir));
    QVERIFY(storage.setSetting(QStringLiteral("proxy/port"), port));
    storage.close();
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

QVariant setting(AppController &controller, const char *key)
{
    return controller.storage()->setting(QLatin1String(key));
}

void typeAndEnter(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

} // namespace

class TestSettingsPage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_xdgConfig;

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/switchyard-test-bus");
        QVERIFY(m_xdgConfig.isValid());
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_xdgConfig.path()));
        qunsetenv("APPIMAGE");
    }

    void applyMovesTheProxyOrShowsTheBindError()
    {
        QTemporaryDir dir;
        seedPort(dir.path(), 0);
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        SettingsPage page(&controller);
        auto *bind = child<QLineEdit>(&page, "bindAddress");
        auto *port = child<QSpinBox>(&page, "port");
        auto *apply = child<QPushButton>(&page, "applyEndpoint");
        auto *status = child<QLabel>(&page, "endpointStatus");
        QCOMPARE(bind->text(), QStringLiteral("127.0.0.1"));
        QCOMPARE(port->value(), 0);
        QVERIFY(status->text().contains(controller.baseUrl()));

        const quint16 target = freePort();
        QVERIFY(target);
        port->setValue(target);
        QTest::mouseClick(apply, Qt::LeftButton);
        QVERIFY(controller.isProxyRunning());
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(target);
        QCOMPARE(controller.baseUrl(), url);
        QVERIFY2(status->text().contains(url), qPrintable(status->text()));
        QCOMPARE(setting(controller, "proxy/port").toInt(), int(target));
        QCOMPARE(setting(controller, "proxy/bind").toString(), QStringLiteral("127.0.0.1"));

        // A port someone else holds: the error is shown and the setting is still saved.
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        port->setValue(squatter.serverPort());
        QTest::mouseClick(apply, Qt::LeftButton);
        QVERIFY(!controller.isProxyRunning());
        QVERIFY2(status->text().contains(QString::number(squatter.serverPort())), qPrintable(status->text()));
        QCOMPARE(setting(controller, "proxy/port").toInt(), int(squatter.serverPort()));

        // Not an address: refused before anything is saved or stopped.
        typeAndEnter(bind, QStringLiteral("localhost:80"));
        QVERIFY(status->text().contains(QStringLiteral("localhost:80")));
        QCOMPARE(setting(controller, "proxy/bind").toString(), QStringLiteral("127.0.0.1"));

        // Back to any free port. The proxy is stopped now, so Apply only saves; starting it picks it up.
        bind->setText(QStringLiteral("127.0.0.1"));
        port->setValue(0);
        QTest::mouseClick(apply, Qt::LeftButton);
        QCOMPARE(setting(controller, "proxy/port").toInt(), 0);
        QVERIFY(controller.startProxy());
        QVERIFY(status->text().contains(controller.baseUrl()));
        QVERIFY(status->text().startsWith(QStringLiteral("Listening")));
        controller.shutdown();
    }

    void editsAreSavedAtOnce()
    {
        QTemporaryDir dir;
        seedPort(dir.path(), 0);
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        SettingsPage page(&controller);

        // Defaults shown while nothing is stored.
        auto *usageDays = child<QSpinBox>(&page, "usageRetentionDays");
        auto *bodyDays = child<QSpinBox>(&page, "bodyRetentionDays");
        auto *capture = child<QCheckBox>(&page, "captureBodies");
        auto *attempts = child<QSpinBox>(&page, "maxAttempts");
        auto *deadline = child<QSpinBox>(&page, "deadlineMs");
        auto *probes = child<QSpinBox>(&page, "probeIntervalSeconds");
        auto *noProxy = child<QLineEdit>(&page, "noProxy");
        auto *routeHeader = child<QCheckBox>(&page, "routeHeader");
        auto *degrade = child<QCheckBox>(&page, "degradeOnBudget");
        QCOMPARE(usageDays->value(), SettingsPage::DefaultUsageRetentionDays);
        QCOMPARE(bodyDays->value(), SettingsPage::DefaultBodyRetentionDays);
        QVERIFY(!capture->isChecked());
        QCOMPARE(attempts->value(), 3);
        QCOMPARE(deadline->value(), 0);
        QCOMPARE(probes->value(), 0);
        QVERIFY(routeHeader->isChecked());
        QVERIFY(degrade->isChecked());
        QVERIFY(!setting(controller, "retention/usageDays").isValid());

        usageDays->setValue(30);
        bodyDays->setValue(2);
        QTest::mouseClick(capture, Qt::LeftButton);
        attempts->setValue(5);
        deadline->setValue(120000);
        probes->setValue(60);
        typeAndEnter(noProxy, QStringLiteral("localhost, .corp.example"));
        QTest::mouseClick(routeHeader, Qt::LeftButton);
        QTest::mouseClick(degrade, Qt::LeftButton);

        QCOMPARE(setting(controller, "retention/usageDays").toInt(), 30);
        QCOMPARE(setting(controller, "retention/bodyDays").toInt(), 2);
        QCOMPARE(setting(controller, "proxy/captureBodies").toBool(), true);
        QCOMPARE(setting(controller, "proxy/maxAttempts").toInt(), 5);
        QCOMPARE(setting(controller, "proxy/deadlineMs").toInt(), 120000);
        QCOMPARE(setting(controller, "health/probeIntervalSeconds").toInt(), 60);
        QCOMPARE(setting(controller, "network/noProxy").toString(),
                 QStringLiteral("localhost, .corp.example"));
        QCOMPARE(setting(controller, "proxy/routeHeader").toBool(), false);
        QCOMPARE(setting(controller, "budget/degrade").toBool(), false);

        // The proxy gets the settings with the next snapshot.
        QTRY_COMPARE(
            controller.snapshot()->config.settings.value(QStringLiteral("proxy/maxAttempts")).toInt(), 5);

        // Changes made elsewhere (an import, the admin API) show up at once.
        QVERIFY(controller.storage()->setSetting(QStringLiteral("retention/usageDays"), 45));
        QCOMPARE(usageDays->value(), 45);
        QVERIFY(
            controller.storage()->setSetting(QStringLiteral("proxy/captureBodies"), QStringLiteral("off")));
        QVERIFY(!capture->isChecked());
        controller.shutdown();
    }

    void languageIsSavedAndAnnounced()
    {
        QTemporaryDir dir;
        seedPort(dir.path(), 0);
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        SettingsPage page(&controller);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy selected(&page, &SettingsPage::languageSelected);
        auto *language = child<QComboBox>(&page, "language");
        QCOMPARE(language->currentData().toString(), QString()); // system default
        QCOMPARE(language->count(), 3);

        language->setFocus();
        QTest::keyClick(language, Qt::Key_Down); // English
        QTest::keyClick(language, Qt::Key_Down); // 简体中文
        QCOMPARE(language->currentText(), QStringLiteral("简体中文"));
        QCOMPARE(setting(controller, "language").toString(), QStringLiteral("zh_CN"));
        QCOMPARE(selected.count(), 2);
        QCOMPARE(selected.last().first().toString(), QStringLiteral("zh_CN"));

        QVERIFY(controller.storage()->setSetting(QStringLiteral("language"), QStringLiteral("en")));
        QCOMPARE(language->currentData().toString(), QStringLiteral("en"));
        controller.shutdown();
    }

    void autostartWritesAndRemovesTheDesktopFile()
    {
        QTemporaryDir dir;
        seedPort(dir.path(), 0);
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        const QString desktopFile = m_xdgConfig.filePath(QStringLiteral("autostart/switchyard.desktop"));
        QFile::remove(desktopFile);

        SettingsPage page(&controller);
        auto *autostart = child<QCheckBox>(&page, "autostart");
        QVERIFY(!autostart->isChecked());
        QTest::mouseClick(autostart, Qt::LeftButton);
        QVERIFY(QFile::exists(desktopFile));
        QFile file(desktopFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(file.readAll())
                    .contains(QStringLiteral("Exec=")
                              + Autostart::quoteExecArgument(QCoreApplication::applicationFilePath())));
        file.close();
        QVERIFY(Autostart().isEnabled());

        // A new page reads the state from the file.
        {
            SettingsPage again(&controller);
            QVERIFY(child<QCheckBox>(&again, "autostart")->isChecked());
        }
        QTest::mouseClick(autostart, Qt::LeftButton);
        QVERIFY(!QFile::exists(desktopFile));
        controller.shutdown();
    }

    void exportImportAndRestoreThroughThePage()
    {
        QTemporaryDir dir;
        seedPort(dir.path(), 0);
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        Provider provider;
        provider.name = QStringLiteral("openai");
        provider.baseUrl = QStringLiteral("https://api.openai.com/v1");
        QVERIFY(controller.storage()->saveProvider(&provider));
        Channel channel;
        channel.providerId = provider.id;
        channel.name = QStringLiteral("main");
        channel.models = {QStringLiteral("gpt-4o")};
        channel.priority = 5;
        QVERIFY(controller.storage()->saveChannel(&channel));
        const auto storedPriority = [&controller] {
            const ConfigData config = controller.storage()->loadConfig();
            const Channel *main = config.channelByName(QStringLiteral("main"));
            return main ? main->priority : -1;
        };

        SettingsPage page(&controller);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto *backups = child<QListWidget>(&page, "backupsList");
        auto *restore = child<QPushButton>(&page, "restoreBackup");
        auto *status = child<QLabel>(&page, "configStatus");
        QVERIFY(!restore->isEnabled());

        // Export, with the keys warning shown while "include keys" is ticked.
        auto *includeKeys = child<QCheckBox>(&page, "exportIncludeKeys");
        QTest::mouseClick(includeKeys, Qt::LeftButton);
        bool warned = false;
        for (QLabel *label : page.findChildren<QLabel *>())
            warned = warned || (label->isVisible() && label->text().contains(QStringLiteral("plain text")));
        QVERIFY(warned);
        QTest::mouseClick(includeKeys, Qt::LeftButton);

        QTemporaryDir files;
        const QString exported = files.filePath(QStringLiteral("exported.json"));
        QTest::mouseClick(child<QPushButton>(&page, "exportConfig"), Qt::LeftButton);
        QFileDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = openDialog<QFileDialog>(&page, "exportDialog")));
        dialog->selectFile(exported);
        static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept() via the public base
        QVERIFY2(QFile::exists(exported), qPrintable(status->text()));
        QVERIFY(status->text().contains(QStringLiteral("exported.json")));
        {
            QFile file(exported);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY(file.readAll().contains("\"main\""));
        }

        // Change the store, then import the file back.
        channel.priority = 9;
        QVERIFY(controller.storage()->saveChannel(&channel));
        QCOMPARE(storedPriority(), 9);
        QTest::mouseClick(child<QPushButton>(&page, "importConfig"), Qt::LeftButton);
        QTRY_VERIFY((dialog = openDialog<QFileDialog>(&page, "importDialog")));
        dialog->selectFile(exported);
        static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept() via the public base
        QCOMPARE(storedPriority(), 5);
        QVERIFY2(status->text().contains(QStringLiteral("exported.json")), qPrintable(status->text()));

        // The import took a backup of the state before it (priority 9): restoring brings that back.
        QCOMPARE(backups->count(), 1);
        backups->setCurrentRow(0);
        QVERIFY(restore->isEnabled());
        QTest::mouseClick(restore, Qt::LeftButton);
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = openDialog<QMessageBox>(&page, "confirmRestoreBackup")));
        confirmButton(box)->click();
        QCOMPARE(storedPriority(), 9);
        QCOMPARE(backups->count(), 2); // the restore backed up the state it replaced

        // A broken file changes nothing and says why.
        const QString broken = files.filePath(QStringLiteral("broken.json"));
        {
            QFile file(broken);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("{ \"providers\": [ { \"name\": 5 } ] }");
        }
        QTest::mouseClick(child<QPushButton>(&page, "importConfig"), Qt::LeftButton);
        QTRY_VERIFY((dialog = openDialog<QFileDialog>(&page, "importDialog")));
        dialog->selectFile(broken);
        static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept() via the public base
        QCOMPARE(storedPriority(), 9);
        QVERIFY(status->text().startsWith(QStringLiteral("Nothing was imported")));
        QCOMPARE(backups->count(), 2);
        controller.shutdown();
    }

    void adminTokenMaskedRevealCopyRegenerate()
    {
        QTemporaryDir dir;
        seedPort(dir.path(), 0);
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        SettingsPage page(&controller);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto *token = child<QLineEdit>(&page, "adminToken");
        const QString original = controller.adminToken();
        QVERIFY(!original.isEmpty());
        QCOMPARE(token->text(), original);
        QCOMPARE(token->echoMode(), QLineEdit::Password);
        QVERIFY(token->displayText() != original);

        auto *reveal = child<QPushButton>(&page, "revealAdminToken");
        QTest::mouseClick(reveal, Qt::LeftButton);
        QCOMPARE(token->echoMode(), QLineEdit::Normal);
        QCOMPARE(token->displayText(), original);
        QTest::mouseClick(reveal, Qt::LeftButton);
        QCOMPARE(token->echoMode(), QLineEdit::Password);

        QTest::mouseClick(child<QPushButton>(&page, "copyAdminToken"), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), original);

        QTest::mouseClick(child<QPushButton>(&page, "regenerateAdminToken"), Qt::LeftButton);
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = openDialog<QMessageBox>(&page, "confirmRegenerateToken")));
        box->button(QMessageBox::Cancel)->click();
        QCOMPARE(controller.adminToken(), original);

        QTest::mouseClick(child<QPushButton>(&page, "regenerateAdminToken"), Qt::LeftButton);
        QTRY_VERIFY((box = openDialog<QMessageBox>(&page, "confirmRegenerateToken")));
        confirmButton(box)->click();
        const QString renewed = controller.adminToken();
        QVERIFY(!renewed.isEmpty());
        QVERIFY(renewed != original);
        QCOMPARE(token->text(), renewed);
        controller.shutdown();
    }

    void insecureFileStoreIsAnnounced()
    {
        QTemporaryDir dir;
        seedPort(dir.path(), 0);
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        QVERIFY(controller.secretStore() && !controller.secretStore()->isSecure());
        SettingsPage page(&controller);
        auto *status = child<QLabel>(&page, "secretsStatus");
        QVERIFY(status->text().contains(QStringLiteral("UNENCRYPTED")));
        QVERIFY(status->text().contains(QDir::toNativeSeparators(dir.path())));
        QVERIFY(!child<QPushButton>(&page, "enableInsecureSecrets")->isVisibleTo(&page));
        controller.shutdown();
    }

    void noKeychainOffersTheFileAfterConfirmation()
    {
        QTemporaryDir dir;
        seedPort(dir.path(), 0);
        AppController controller(options(dir.path(), false));
        QVERIFY(controller.start().running);
        QVERIFY(!controller.secretStore());
        QVERIFY(!controller.secretsProblem().isEmpty());
        SettingsPage page(&controller);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto *status = child<QLabel>(&page, "secretsStatus");
        auto *enable = child<QPushButton>(&page, "enableInsecureSecrets");
        QVERIFY(enable->isVisible());
        QVERIFY(status->text().contains(controller.secretsProblem()));
        QVERIFY(!child<QPushButton>(&page, "regenerateAdminToken")->isEnabled());

        QTest::mouseClick(enable, Qt::LeftButton);
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = openDialog<QMessageBox>(&page, "confirmInsecureSecrets")));
        box->button(QMessageBox::Cancel)->click();
        QVERIFY(!controller.secretStore());

        QTest::mouseClick(enable, Qt::LeftButton);
        QTRY_VERIFY((box = openDialog<QMessageBox>(&page, "confirmInsecureSecrets")));
        confirmButton(box)->click();
        QVERIFY(controller.secretStore());
        QCOMPARE(setting(controller, "secrets/insecureFile").toBool(), true);
        QVERIFY(!enable->isVisible());
        QVERIFY(status->text().contains(QStringLiteral("UNENCRYPTED")));
        // With a store there is an admin token to show.
        QVERIFY(child<QPushButton>(&page, "regenerateAdminToken")->isEnabled());
        QCOMPARE(child<QLineEdit>(&page, "adminToken")->text(), controller.adminToken());
        controller.shutdown();
    }

    void screenshots()
    {
        QTemporaryDir dir;
        seedPort(dir.path(), 0);
        AppController controller(options(dir.path()));
        QVERIFY(controller.start().running);
        QVERIFY(controller.configService()->importJson(R"({"providers": []})"));
        SettingsPage page(&controller);
        child<QCheckBox>(&page, "exportIncludeKeys")->setChecked(true);
        page.resize(900, 2000); // tall enough to show every group without scrolling
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(Test::savePageShots(&page, QStringLiteral("settings")));
        controller.shutdown();
    }
};

QTEST_MAIN(TestSettingsPage)
#include "tst_settingspage.moc"
