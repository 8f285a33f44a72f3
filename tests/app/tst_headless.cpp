// The switchyard executable as a real process: the listening line, /health, clean SIGTERM/SIGINT
// shutdown, one instance per data directory, and every startup failure with its exit code and
// message. Each run gets its own HOME/XDG tree, data directory and (where possible) port 0, and a dead
// D-Bus address so no run ever touches a real keychain.

#include "appoptions.h"
#include "singleinstance.h"
#include "storage.h"
#include "switchyard_version.h"
#include "testutil.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

using namespace Switchyard;

namespace {

constexpr int StartTimeoutMs = 20000;
constexpr int ExitTimeoutMs = 20000;

// One run of the executable, with stdout and stderr collected as they arrive.
class AppRun
{
public:
    explicit AppRun(const QProcessEnvironment &env) { m_process.setProcessEnvironment(env); }
    ~AppRun()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    void start(const QStringList &args)
    {
        m_process.start(Test::appBinary(), args);
        QVERIFY2(m_process.waitForStarted(10000), qPrintable(m_process.errorString()));
    }

    // Waits for the listening line; false if the process ended or the time ran out first.
    bool waitForListening(int timeoutMs = StartTimeoutMs)
    {
        static const QRegularExpression line(
            QStringLiteral("^Switchyard listening on http://([0-9.]+|\\[[0-9a-f:]+\\]):(\\d+)\\n"));
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            collect();
            const QRegularExpressionMatch match = line.match(m_stdout);
            if (match.hasMatch()) {
                m_host = match.captured(1);
                m_port = quint16(match.captured(2).toUInt());
                m_startupMs = timer.elapsed();
                return true;
            }
            if (m_process.state() == QProcess::NotRunning)
                return false;
            m_process.waitForReadyRead(100);
        }
        return false;
    }

    // The exit code, or -1 when the process did not end in time (it is killed then) or crashed.
    int waitForExit(int timeoutMs = ExitTimeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        const bool finished = m_process.waitForFinished(timeoutMs);
        m_exitMs = timer.elapsed();
        collect();
        if (!finished) {
            m_process.kill();
            m_process.waitForFinished(5000);
            return -1;
        }
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

    void terminate() { m_process.terminate(); }
#ifdef Q_OS_UNIX
    void interrupt()
    {
        ::kill(pid_t(m_process.processId()), SIGINT);
    }
#endif

    // Waits until stderr contains text (bounded).
    bool waitForStderr(const QString &text, int timeoutMs = 10000)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            collect();
            if (m_stderr.contains(text))
                return true;
            QTest::qWait(50);
        }
        return false;
    }

    QString stdOut()
    {
        collect();
        return m_stdout;
    }
    QString stdErr()
    {
        collect();
        return m_stderr;
    }
    QString host() const
    {
        return m_host;
    }
    quint16 port() const
    {
        return m_port;
    }
    QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("http://%1:%2%3").arg(m_host).arg(m_port).arg(path));
    }
    qint64 startupMs() const
    {
        return m_startupMs;
    }
    qint64 exitMs() const
    {
        return m_exitMs;
    }

private:
    void collect()
    {
        m_stdout += QString::fromUtf8(m_process.readAllStandardOutput());
        m_stderr += QString::fromUtf8(m_process.readAllStandardError());
    }

    QProcess m_process;
    QString m_stdout;
    QString m_stderr;
    QString m_host;
    quint16 m_port = 0;
    qint64 m_startupMs = -1;
    qint64 m_exitMs = -1;
};

QString diagnostics(AppRun &run)
{
    return QStringLiteral("\n--- stdout ---\n%1\n--- stderr ---\n%2").arg(run.stdOut(), run.stdErr());
}

// A port nothing listens on right now (bound and released; the tiny race is acceptable in tests).
quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

} // namespace

class TestHeadless : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_root;
    QNetworkAccessManager m_nam;
    // Key material the config files use, given to the child through its environment.
    const QByteArray m_keyA = QByteArrayLiteral("sk-ant-test-A1b2C3d4E5f6G7h8I9j0");
    const QByteArray m_keyB = QByteArrayLiteral("sk-test-B9y8X7w6V5u4T3s2R1q0");
    const QByteArray m_keyB2 = QByteArrayLiteral("sk-test-B2zzYYxxWWvvUUttSSrr");

    QString path(const QString &name) const { return QDir(m_root->path()).filePath(name); }
    QString dataDir() const { return path(QStringLiteral("data")); }

    // A private HOME/XDG tree, no display, and a D-Bus address that leads nowhere: the keychain
    // probe fails fast and the developer's real keychain is never touched.
    QProcessEnvironment childEnv() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QString home = path(QStringLiteral("home"));
        QDir().mkpath(home);
        const QString runtime = path(QStringLiteral("runtime"));
        QDir().mkpath(runtime);
        QFile::setPermissions(runtime,
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        env.insert(QStringLiteral("HOME"), home);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/.cache"));
        env.insert(QStringLiteral("XDG_STATE_HOME"), home + QStringLiteral("/.local/state"));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=") + path(QStringLiteral("no-such-bus")));
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.insert(QStringLiteral("SY_TEST_KEY_A"), QString::fromLatin1(m_keyA));
        env.insert(QStringLiteral("SY_TEST_KEY_B"), QString::fromLatin1(m_keyB));
        env.insert(QStringLiteral("SY_TEST_KEY_B2"), QString::fromLatin1(m_keyB2));
        return env;
    }

    QStringList baseArgs(const QString &dir = {}) const
    {
        return {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dir.isEmpty() ? dataDir() : dir,
                QStringLiteral("--port"), QStringLiteral("0")};
    }

    QJsonObject validConfig() const
    {
        const auto channel = [](const QString &name, const QString &keyVar, const QStringList &models) {
            return QJsonObject {{QStringLiteral("name"), name},
                                {QStringLiteral("keys"), QJsonArray {QStringLiteral("$") + keyVar}},
                                {QStringLiteral("models"), QJsonArray::fromStringList(models)}};
        };
        const QJsonArray providers {
            QJsonObject {{QStringLiteral("name"), QStringLiteral("alpha")},
                         {QStringLiteral("protocol"), QStringLiteral("anthropic")},
                         {QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:9/anthropic")},
                         {QStringLiteral("channels"),
                          QJsonArray {channel(QStringLiteral("alpha-main"), QStringLiteral("SY_TEST_KEY_A"),
                                              {QStringLiteral("claude-a"), QStringLiteral("claude-b")})}}},
            QJsonObject {{QStringLiteral("name"), QStringLiteral("beta")},
                         {QStringLiteral("protocol"), QStringLiteral("openai")},
                         {QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:9/v1")},
                         {QStringLiteral("channels"),
                          QJsonArray {channel(QStringLiteral("beta-1"), QStringLiteral("SY_TEST_KEY_B"),
                                              {QStringLiteral("claude-b"), QStringLiteral("gpt-c")}),
                                      channel(QStringLiteral("beta-2"), QStringLiteral("SY_TEST_KEY_B2"),
                                              {QStringLiteral("gpt-d")})}}},
        };
        return QJsonObject {{QStringLiteral("version"), 1}, {QStringLiteral("providers"), providers}};
    }

    QString writeFile(const QString &name, const QByteArray &content) const
    {
        QFile file(path(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(content);
        return file.fileName();
    }

    // GET url and parse the JSON body; bounded by a timeout.
    QJsonObject getJson(const QUrl &url, int *status = nullptr)
    {
        QNetworkRequest request(url);
        request.setTransferTimeout(10000);
        std::unique_ptr<QNetworkReply> reply(m_nam.get(request));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 15000))
            return {};
        if (status)
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        return QJsonDocument::fromJson(reply->readAll()).object();
    }

    void expectHealthy(AppRun &run, QJsonObject *healthOut = nullptr)
    {
        int status = 0;
        const QJsonObject health = getJson(run.url(QStringLiteral("/health")), &status);
        QCOMPARE(status, 200);
        QCOMPARE(health.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(health.value(QLatin1String("version")).toString(), QStringLiteral(SWITCHYARD_VERSION));
        if (healthOut)
            *healthOut = health;
    }

    // Starts a run that must reach the listening line.
    void startListening(AppRun &run, const QStringList &args)
    {
        run.start(args);
        QVERIFY2(run.waitForListening(), qPrintable(diagnostics(run)));
    }

    void stopCleanly(AppRun &run)
    {
        run.terminate();
        const int code = run.waitForExit();
        QVERIFY2(code == exitCodeValue(ExitCode::Ok), qPrintable(QString::number(code) + diagnostics(run)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(Test::appBinary()), qPrintable(Test::appBinary()));
        // Loopback only: a proxy from the environment must not see these requests.
        m_nam.setProxy(QNetworkProxy::NoProxy);
    }

    void init()
    {
        m_root = std::make_unique<QTemporaryDir>();
        QVERIFY(m_root->isValid());
    }

    void cleanup() { m_root.reset(); }

    void version()
    {
        AppRun run(childEnv());
        run.start({QStringLiteral("--version")});
        QCOMPARE(run.waitForExit(), 0);
        QCOMPARE(run.stdOut(), QStringLiteral("Switchyard %1\n").arg(QStringLiteral(SWITCHYARD_VERSION)));
    }

    void help()
    {
        AppRun run(childEnv());
        run.start({QStringLiteral("--help")});
        QCOMPARE(run.waitForExit(), 0);
        for (const char *option :
             {"--headless", "--data-dir", "--bind", "--port", "--config", "--export-config",
              "--include-secrets", "--insecure-secrets-file", "--log-level", "--version"})
            QVERIFY2(run.stdOut().contains(QLatin1String(option)), option);
    }

    void usageError()
    {
        AppRun run(childEnv());
        run.start({QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("70000")});
        QCOMPARE(run.waitForExit(), exitCodeValue(ExitCode::UsageError));
        QVERIFY2(run.stdErr().contains(QLatin1String("70000")), qPrintable(diagnostics(run)));
        QVERIFY(run.stdOut().isEmpty());
    }

    void serveAndTerminate()
    {
        AppRun run(childEnv());
        startListening(run, baseArgs() << QStringLiteral("--insecure-secrets-file"));
        QCOMPARE(run.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(run.port() != 0); // port 0 was asked for: the line shows the real one
        QJsonObject health;
        expectHealthy(run, &health);
        QCOMPARE(health.value(QLatin1String("providers")).toInt(-1), 0);
        QVERIFY(QFile::exists(QDir(dataDir()).filePath(QStringLiteral("logs/switchyard.log"))));

        stopCleanly(run);
        qInfo("startup to listening line: %lld ms, SIGTERM to exit: %lld ms", run.startupMs(), run.exitMs());
        QVERIFY2(run.exitMs() < 5000, qPrintable(QString::number(run.exitMs())));
        // Exactly one line on stdout, even after shutdown.
        QCOMPARE(run.stdOut().count(u'\n'), 1);

        Storage storage;
        QString error;
        QVERIFY2(storage.open(dataDir(), &error), qPrintable(error));
        QCOMPARE(storage.integrityCheck(), QStringLiteral("ok"));
        storage.close();
        // The data directory was released: its lock can be taken at once.
        QLockFile lock(QDir(dataDir()).filePath(SingleInstance::lockFileName()));
        QVERIFY(lock.tryLock(0));
    }

#ifdef Q_OS_UNIX
    void sigintStopsCleanly()
    {
        AppRun run(childEnv());
        startListening(run, baseArgs());
        expectHealthy(run);
        run.interrupt();
        QCOMPARE(run.waitForExit(), exitCodeValue(ExitCode::Ok));
        QVERIFY2(run.stdErr().contains(QLatin1String("shutting down")), qPrintable(diagnostics(run)));
    }

    void duplicateSignalIsNotFatal()
    {
        // timeout(1) and some supervisors deliver the same request twice in a row.
        AppRun run(childEnv());
        startListening(run, baseArgs());
        run.terminate();
        run.terminate();
        QCOMPARE(run.waitForExit(), exitCodeValue(ExitCode::Ok));
    }
#endif

    void desktopModeWithoutDisplayServer()
    {
        // The offscreen platform needs no display: the desktop code path (QApplication, tray,
        // window) runs for real, and a second launch brings that window forward.
        QProcessEnvironment env = childEnv();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const QStringList args {QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--port"),
                                QStringLiteral("0")};
        AppRun first(env);
        startListening(first, args);
        QVERIFY2(!first.stdErr().contains(QLatin1String("running headless")), qPrintable(diagnostics(first)));
        expectHealthy(first);

        AppRun second(env);
        second.start(args);
        QCOMPARE(second.waitForExit(), exitCodeValue(ExitCode::Ok));
        QVERIFY2(second.stdErr().contains(QLatin1String("already running")), qPrintable(diagnostics(second)));

        stopCleanly(first);
        QFile log(QDir(dataDir()).filePath(QStringLiteral("logs/switchyard.log")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(log.readAll().contains("Message from another launch: \"activate\""));
    }

    void restartAfterCleanExit()
    {
        for (int round = 0; round < 2; ++round) {
            AppRun run(childEnv());
            startListening(run, baseArgs());
            expectHealthy(run);
            stopCleanly(run);
        }
    }

    void secondInstanceRefused()
    {
        AppRun first(childEnv());
        startListening(first, baseArgs());

        AppRun second(childEnv());
        second.start(baseArgs());
        QCOMPARE(second.waitForExit(), exitCodeValue(ExitCode::AlreadyRunning));
        QVERIFY2(second.stdErr().contains(QLatin1String("already running for data dir")),
                 qPrintable(diagnostics(second)));
        QVERIFY2(second.stdErr().contains(QDir::toNativeSeparators(dataDir())),
                 qPrintable(diagnostics(second)));
        QVERIFY(second.stdOut().isEmpty());

        // The first one is unaffected.
        expectHealthy(first);
        stopCleanly(first);
    }

    void secondDesktopLaunchActivatesFirst()
    {
        AppRun first(childEnv());
        startListening(first, baseArgs());

        // Without --headless and with a platform that needs no display, the second launch is a
        // desktop launch: it asks the first to show its window and leaves quietly.
        QProcessEnvironment env = childEnv();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        AppRun second(env);
        second.start(
            {QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--port"), QStringLiteral("0")});
        QCOMPARE(second.waitForExit(), exitCodeValue(ExitCode::Ok));
        QVERIFY2(second.stdErr().contains(QLatin1String("already running")), qPrintable(diagnostics(second)));
        QVERIFY2(first.waitForStderr(QStringLiteral("\"activate\"")), qPrintable(diagnostics(first)));
        stopCleanly(first);
    }

    void portInUse()
    {
        QTcpServer blocker;
        QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
        const QString port = QString::number(blocker.serverPort());

        AppRun run(childEnv());
        run.start({QStringLiteral("--headless"), QStringLiteral("--data-dir"), dataDir(),
                   QStringLiteral("--port"), port});
        QCOMPARE(run.waitForExit(), exitCodeValue(ExitCode::BindFailed));
        QVERIFY2(run.stdErr().contains(port), qPrintable(diagnostics(run)));
        QVERIFY2(run.stdErr().contains(QLatin1String("127.0.0.1")), qPrintable(diagnostics(run)));
        QVERIFY(run.stdOut().isEmpty());
    }

    void dataDirNotWritable()
    {
        // Below a regular file: no permission bits involved, so this holds even as root.
        const QString blocker = writeFile(QStringLiteral("plain-file"), "x");
        QVERIFY(!blocker.isEmpty());
        const QString dir = blocker + QStringLiteral("/data");

        AppRun run(childEnv());
        run.start(baseArgs(dir));
        QCOMPARE(run.waitForExit(), exitCodeValue(ExitCode::DataDirNotWritable));
        QVERIFY2(run.stdErr().contains(QDir::toNativeSeparators(dir)), qPrintable(diagnostics(run)));
    }

    void invalidConfig_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("jsonPath");

        QJsonObject badProtocol = validConfig();
        QJsonArray providers = badProtocol.value(QLatin1String("providers")).toArray();
        QJsonObject second = providers.at(1).toObject();
        second.insert(QStringLiteral("protocol"), QStringLiteral("carrier-pigeon"));
        providers.replace(1, second);
        badProtocol.insert(QStringLiteral("providers"), providers);
        QTest::newRow("unknown protocol")
            << QJsonDocument(badProtocol).toJson() << QStringLiteral("providers[1].protocol");

        const QByteArray missingVar =
            QJsonDocument(validConfig()).toJson().replace("SY_TEST_KEY_B2", "SY_TEST_UNSET_VAR");
        QTest::newRow("unset key variable")
            << missingVar << QStringLiteral("providers[1].channels[1].keys[0]");
    }

    void invalidConfig()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, jsonPath);
        const QString file = writeFile(QStringLiteral("bad.json"), json);

        AppRun run(childEnv());
        run.start(baseArgs() << QStringLiteral("--insecure-secrets-file") << QStringLiteral("--config")
                             << file);
        QCOMPARE(run.waitForExit(), exitCodeValue(ExitCode::InvalidConfig));
        QVERIFY2(run.stdErr().contains(jsonPath), qPrintable(diagnostics(run)));
        QVERIFY(run.stdOut().isEmpty());
        // Key material never ends up in the message.
        QVERIFY(!run.stdErr().contains(QString::fromLatin1(m_keyA)));

        // A rejected file changes nothing: the providers before the bad one were not imported.
        AppRun after(childEnv());
        startListening(after, baseArgs());
        QJsonObject health;
        expectHealthy(after, &health);
        QCOMPARE(health.value(QLatin1String("providers")).toInt(-1), 0);
        stopCleanly(after);
    }

    void configImportMatchesHealth()
    {
        const QJsonObject config = validConfig();
        const QString file = writeFile(QStringLiteral("config.json"), QJsonDocument(config).toJson());

        // What /health should report, counted from the file itself.
        const QJsonArray providers = config.value(QLatin1String("providers")).toArray();
        int channelCount = 0;
        QSet<QString> models;
        for (const QJsonValue &provider : providers) {
            const QJsonArray channels = provider.toObject().value(QLatin1String("channels")).toArray();
            channelCount += int(channels.size());
            for (const QJsonValue &channel : channels) {
                for (const QJsonValue &model : channel.toObject().value(QLatin1String("models")).toArray())
                    models.insert(model.toString());
            }
        }

        AppRun run(childEnv());
        startListening(run,
                       baseArgs() << QStringLiteral("--insecure-secrets-file") << QStringLiteral("--config")
                                  << file);
        QJsonObject health;
        expectHealthy(run, &health);
        QCOMPARE(health.value(QLatin1String("providers")).toInt(-1), int(providers.size()));
        QCOMPARE(health.value(QLatin1String("channels")).toInt(-1), channelCount);
        QCOMPARE(health.value(QLatin1String("models")).toInt(-1), int(models.size()));
        QVERIFY(health.value(QLatin1String("configGeneration")).toInt() >= 1);
        QVERIFY2(!run.stdErr().contains(QString::fromLatin1(m_keyA)), qPrintable(diagnostics(run)));
        stopCleanly(run);

        // The configuration persists: the next start without --config serves the same.
        AppRun again(childEnv());
        startListening(again, baseArgs() << QStringLiteral("--insecure-secrets-file"));
        QJsonObject healthAgain;
        expectHealthy(again, &healthAgain);
        QCOMPARE(healthAgain.value(QLatin1String("channels")).toInt(-1), channelCount);
        stopCleanly(again);
    }

    void exportConfig()
    {
        const QString file = writeFile(QStringLiteral("config.json"), QJsonDocument(validConfig()).toJson());
        {
            AppRun importing(childEnv());
            startListening(importing,
                           baseArgs() << QStringLiteral("--insecure-secrets-file")
                                      << QStringLiteral("--config") << file);
            stopCleanly(importing);
        }
        const QList<QByteArray> keys {m_keyA, m_keyB, m_keyB2};

        const QString plain = path(QStringLiteral("export.json"));
        AppRun run(childEnv());
        run.start({QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--export-config"), plain});
        QCOMPARE(run.waitForExit(), exitCodeValue(ExitCode::Ok));
        QVERIFY(run.stdOut().isEmpty()); // no listening line: nothing was started
        QFile exported(plain);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        const QByteArray json = exported.readAll();
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
        QVERIFY2(doc.isObject(), qPrintable(parseError.errorString()));
        QCOMPARE(doc.object().value(QLatin1String("providers")).toArray().size(), 2);
        QVERIFY(json.contains("alpha-main"));
        for (const QByteArray &key : keys) {
            QVERIFY2(!json.contains(key), key.constData());
            QVERIFY(!json.contains(key.right(12))); // not even a tail of it
        }

        // The same export with --include-secrets does carry them, so the check above means something.
        const QString full = path(QStringLiteral("export-full.json"));
        AppRun withKeys(childEnv());
        withKeys.start({QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--insecure-secrets-file"),
                        QStringLiteral("--export-config"), full, QStringLiteral("--include-secrets")});
        QCOMPARE(withKeys.waitForExit(), exitCodeValue(ExitCode::Ok));
        QFile fullFile(full);
        QVERIFY(fullFile.open(QIODevice::ReadOnly));
        const QByteArray fullJson = fullFile.readAll();
        for (const QByteArray &key : keys)
            QVERIFY(fullJson.contains(key));
    }

    void exportWhileRunning()
    {
        AppRun running(childEnv());
        startListening(running, baseArgs());
        const QString out = path(QStringLiteral("live-export.json"));
        AppRun exporting(childEnv());
        exporting.start({QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--export-config"), out});
        QCOMPARE(exporting.waitForExit(), exitCodeValue(ExitCode::Ok));
        QVERIFY(QFile::exists(out));
        expectHealthy(running);
        stopCleanly(running);
    }

    void storedPortAndCommandLinePrecedence()
    {
        const quint16 storedPort = freePort();
        QVERIFY(storedPort != 0);
        QJsonObject config = validConfig();
        config.insert(QStringLiteral("settings"),
                      QJsonObject {{QStringLiteral("proxy/port"), int(storedPort)}});
        const QString file = writeFile(QStringLiteral("config.json"), QJsonDocument(config).toJson());

        // Without --port the stored setting decides...
        {
            AppRun run(childEnv());
            startListening(run,
                           {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dataDir(),
                            QStringLiteral("--insecure-secrets-file"), QStringLiteral("--config"), file});
            QCOMPARE(run.port(), storedPort);
            expectHealthy(run);
            stopCleanly(run);
        }
        // ...and --port overrides it.
        AppRun run(childEnv());
        startListening(run, baseArgs());
        QVERIFY(run.port() != storedPort);
        expectHealthy(run);
        stopCleanly(run);
    }

    void noKeychainStillServes()
    {
        AppRun run(childEnv());
        startListening(run, baseArgs()); // no --insecure-secrets-file, and D-Bus leads nowhere
        QVERIFY2(run.stdErr().contains(QLatin1String("Running without a secret store")),
                 qPrintable(diagnostics(run)));
        QVERIFY2(run.stdErr().contains(QLatin1String("--insecure-secrets-file")),
                 qPrintable(diagnostics(run)));
        expectHealthy(run);
        QVERIFY(!QFile::exists(QDir(dataDir()).filePath(QStringLiteral("secrets.insecure.json"))));
        stopCleanly(run);
    }

    void noDisplayRunsHeadless()
    {
        QProcessEnvironment env = childEnv();
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        AppRun run(env);
        startListening(
            run, {QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--port"), QStringLiteral("0")});
        QVERIFY2(run.stdErr().contains(QLatin1String("No display found; running headless")),
                 qPrintable(diagnostics(run)));
        expectHealthy(run);
        stopCleanly(run);
    }

    void logLevelOption()
    {
        AppRun run(childEnv());
        startListening(run, baseArgs() << QStringLiteral("--log-level") << QStringLiteral("warning"));
        expectHealthy(run);
        stopCleanly(run);
        // Info lines (startup, shutdown) are filtered out; the no-keychain notice is for the user
        // and always shown.
        QVERIFY2(!run.stdErr().contains(QLatin1String(" info ")), qPrintable(diagnostics(run)));
        QVERIFY(run.stdErr().contains(QLatin1String("Running without a secret store")));
        QFile log(QDir(dataDir()).filePath(QStringLiteral("logs/switchyard.log")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(!log.readAll().contains(" info "));
    }
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
