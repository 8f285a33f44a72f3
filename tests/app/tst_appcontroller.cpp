// AppController in-process: what the UI relies on (proxy state, base URL, start/stop, config changes
// reaching the running proxy without a restart, usage reaching the database) and the signal watcher.

#include "appcontroller.h"
#include "configservice.h"
#include "proxyhost.h"
#include "secretstore.h"
#include "signalwatcher.h"
#include "storage.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

using namespace Switchyard;

class TestAppController : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QNetworkAccessManager m_nam;

    AppOptions options() const
    {
        AppOptions options;
        options.headless = true;
        options.dataDir = m_dir->path() + QStringLiteral("/data");
        options.port = 0;
        return options;
    }

    QJsonObject health(const QString &baseUrl)
    {
        QNetworkRequest request(QUrl(baseUrl + QStringLiteral("/health")));
        request.setTransferTimeout(10000);
        std::unique_ptr<QNetworkReply> reply(m_nam.get(request));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 15000))
            return {};
        return QJsonDocument::fromJson(reply->readAll()).object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // The keychain probe must fail fast and never reach a real keyring.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/switchyard-test-bus");
        m_nam.setProxy(QNetworkProxy::NoProxy);
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void startExposesServices()
    {
        AppController controller(options());
        QVERIFY(!controller.isProxyRunning());
        QVERIFY(!controller.storage());

        const AppController::StartResult result = controller.start();
        QVERIFY2(result.running, qPrintable(result.message));
        QCOMPARE(result.exitCode, ExitCode::Ok);
        QVERIFY(controller.storage());
        QVERIFY(controller.storage()->isOpen());
        QVERIFY(controller.configService());
        QVERIFY(controller.proxyHost());
        QVERIFY(controller.isProxyRunning());
        QCOMPARE(controller.dataDir(), QFileInfo(options().dataDir).canonicalFilePath());
        // No keychain and no opt-in: no store, and the reason is there for the UI.
        QVERIFY(!controller.secretStore());
        QVERIFY(!controller.secretsProblem().isEmpty());

        const quint16 port = controller.proxyHost()->port();
        QVERIFY(port != 0);
        QCOMPARE(controller.baseUrl(), QStringLiteral("http://127.0.0.1:%1").arg(port));
        QCOMPARE(controller.listeningLine(),
                 QStringLiteral("Switchyard listening on http://127.0.0.1:%1").arg(port));
        QCOMPARE(health(controller.baseUrl()).value(QLatin1String("status")).toString(),
                 QStringLiteral("ok"));
        QVERIFY(controller.snapshot());

        controller.shutdown();
        QVERIFY(!controller.isProxyRunning());
        QVERIFY(!controller.storage());
        controller.shutdown(); // twice is fine
    }

    void insecureFileOptIn()
    {
        AppOptions opts = options();
        opts.insecureSecretsFile = true;
        AppController controller(opts);
        QVERIFY(controller.start().running);
        QVERIFY(controller.secretStore());
        QVERIFY(!controller.secretStore()->isSecure());
        QVERIFY(controller.secretsProblem().isEmpty());
    }

    void configChangeReachesRunningProxy()
    {
        AppController controller(options());
        QVERIFY(controller.start().running);
        const QString url = controller.baseUrl();
        const quint64 generationBefore = controller.snapshotGeneration();
        QCOMPARE(health(url).value(QLatin1String("providers")).toInt(-1), 0);

        QSignalSpy published(&controller, &AppController::configPublished);
        QSignalSpy stateChanges(&controller, &AppController::proxyStateChanged);
        Provider provider;
        provider.name = QStringLiteral("added-live");
        provider.baseUrl = QStringLiteral("http://127.0.0.1:9");
        QString error;
        QVERIFY2(controller.storage()->saveProvider(&provider, &error), qPrintable(error));
        QVERIFY(published.wait(5000));

        QVERIFY(controller.snapshotGeneration() > generationBefore);
        QCOMPARE(controller.baseUrl(), url); // same port: no restart
        QCOMPARE(stateChanges.count(), 0);
        const QJsonObject after = health(url);
        QCOMPARE(after.value(QLatin1String("providers")).toInt(-1), 1);
        QCOMPARE(quint64(after.value(QLatin1String("configGeneration")).toInteger()),
                 controller.snapshotGeneration());
    }

    void bodyLimitFromSetting()
    {
        // The stored limit reaches the proxy thread when it starts.
        {
            AppController controller(options());
            QVERIFY(controller.start().running);
            QVERIFY(controller.storage()->setSetting(QStringLiteral("proxy/maxBodyBytes"), 1024));
            controller.shutdown();
        }
        AppController controller(options());
        QVERIFY(controller.start().running);
        auto post = [&](int bytes) {
            QNetworkRequest request(QUrl(controller.baseUrl() + QStringLiteral("/v1/messages")));
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            request.setTransferTimeout(10000);
            const QByteArray body = QByteArrayLiteral("{\"model\":\"x\",\"max_tokens\":8,\"messages\":"
                                                      "[{\"role\":\"user\",\"content\":\"")
                + QByteArray(bytes, 'a') + QByteArrayLiteral("\"}]}");
            std::unique_ptr<QNetworkReply> reply(m_nam.post(request, body));
            if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 15000))
                return std::make_pair(0, QJsonObject());
            return std::make_pair(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                                  QJsonDocument::fromJson(reply->readAll()).object());
        };
        const auto [tooLarge, error] = post(4096);
        QCOMPARE(tooLarge, 413);
        QCOMPARE(error.value(QLatin1String("error")).toObject().value(QLatin1String("type")).toString(),
                 QStringLiteral("request_too_large"));
        // Under the limit the request reaches the engine (which has no route for model "x").
        QCOMPARE(post(100).first, 404);
    }

    void stopAndStartProxy()
    {
        AppController controller(options());
        QVERIFY(controller.start().running);
        QSignalSpy stateChanges(&controller, &AppController::proxyStateChanged);

        controller.stopProxy();
        QVERIFY(!controller.isProxyRunning());
        QCOMPARE(stateChanges.count(), 1);
        QVERIFY(!controller.baseUrl().isEmpty()); // the configured URL, for the UI

        QString error;
        QVERIFY2(controller.startProxy(&error), qPrintable(error));
        QVERIFY(controller.isProxyRunning());
        QCOMPARE(stateChanges.count(), 2);
        QVERIFY(controller.startProxy()); // already running: no-op
        QCOMPARE(stateChanges.count(), 2);
        QCOMPARE(health(controller.baseUrl()).value(QLatin1String("status")).toString(),
                 QStringLiteral("ok"));
    }

    void usageReachesStorage()
    {
        AppController controller(options());
        QVERIFY(controller.start().running);
        UsageRecord record;
        record.timestampMs = QDateTime::currentMSecsSinceEpoch();
        record.requestId = QStringLiteral("req_test");
        record.sessionId = QStringLiteral("session-1");
        record.endpoint = QStringLiteral("messages");
        record.requestedModel = QStringLiteral("claude-sonnet-4-5");
        record.resolvedModel = QStringLiteral("gpt-4o");
        record.channelName = QStringLiteral("beta-1");
        record.inputTokens = 12;
        record.outputTokens = 34;
        record.latencyMs = 56;
        record.status = 200;
        record.errorClass = QStringLiteral("none");
        record.routeTrace = QStringLiteral("[]");
        // As the proxy thread would: the direct connection hands it to the storage writer.
        Q_EMIT controller.proxyHost()->usageRecorded(record);
        // The proxy leaves out what it does not know (no session, no error, no route).
        UsageRecord sparse;
        sparse.timestampMs = record.timestampMs + 1;
        sparse.requestId = QStringLiteral("req_sparse");
        sparse.endpoint = QStringLiteral("count_tokens");
        sparse.status = 200;
        Q_EMIT controller.proxyHost()->usageRecorded(sparse);
        controller.storage()->flushUsage();
        QCOMPARE(controller.storage()->usageCount(), qint64(2));
        QStringList ids;
        for (const UsageRecord &stored : controller.storage()->recentUsage(10))
            ids.append(stored.requestId);
        ids.sort();
        QCOMPARE(ids, (QStringList {sparse.requestId, record.requestId})); // sorted
    }

    void oneControllerPerDataDir()
    {
        AppController first(options());
        QVERIFY(first.start().running);
        AppController second(options());
        const AppController::StartResult result = second.start();
        QVERIFY(!result.running);
        QCOMPARE(result.exitCode, ExitCode::AlreadyRunning);
        QVERIFY(result.message.contains(QLatin1String("already running")));
        QVERIFY(!second.storage());
        QVERIFY(first.isProxyRunning());
    }

    void requestQuitShutsDown()
    {
        AppController controller(options());
        QVERIFY(controller.start().running);
        // As the tray's Quit does it: from inside the application's event loop, which it ends.
        QTimer::singleShot(0, &controller, &AppController::requestQuit);
        QTimer safety;
        safety.setSingleShot(true);
        connect(&safety, &QTimer::timeout, QCoreApplication::instance(), [] { QCoreApplication::exit(99); });
        safety.start(20000);
        QCOMPARE(QCoreApplication::exec(), 0);
        QVERIFY(!controller.isProxyRunning());
        QVERIFY(!controller.storage());
        // The data directory is free again.
        AppController next(options());
        QVERIFY(next.start().running);
    }

    void bindFailureNamesThePort()
    {
        QTcpServer blocker;
        QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
        AppOptions opts = options();
        opts.port = blocker.serverPort();
        AppController controller(opts);
        const AppController::StartResult result = controller.start();
        QVERIFY(!result.running);
        QCOMPARE(result.exitCode, ExitCode::BindFailed);
        QVERIFY2(result.message.contains(QString::number(blocker.serverPort())), qPrintable(result.message));
        // Nothing is left half-open: the store is closed and the data directory is free again.
        QVERIFY(!controller.storage());
        QVERIFY(!controller.proxyHost());
        AppController next(options());
        QVERIFY(next.start().running);
    }

#ifdef Q_OS_UNIX
    void signalWatcherDeliversTermination()
    {
        SignalWatcher watcher;
        QString error;
        QVERIFY2(watcher.watch(&error), qPrintable(error));
        SignalWatcher other;
        QVERIFY(!other.watch()); // one per process
        QSignalSpy spy(&watcher, &SignalWatcher::terminationRequested);
        ::raise(SIGTERM);
        QVERIFY(spy.wait(5000));
        QCOMPARE(spy.at(0).at(0).toInt(), SIGTERM);
    }
#endif
};

QTEST_GUILESS_MAIN(TestAppController)
#include "tst_appcontroller.moc"
