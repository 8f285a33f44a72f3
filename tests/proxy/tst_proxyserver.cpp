// ProxyServer in its own thread through ProxyHost: thread ownership, /health from published
// snapshots, snapshot stability for requests in flight, usage re-emission, bind failures and the
// graceful stop (in-flight streams finish within the grace period, the rest is aborted).

#include "chunkstreamer.h"
#include "engine.h"
#include "httpfront.h"
#include "proxyhost.h"
#include "proxyserver.h"
#include "rawhttp.h"
#include "upstreamclient.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <atomic>
#include <switchyard_version.h>

using namespace Switchyard;
using namespace Switchyard::Test;
using Method = QHttpServerRequest::Method;

namespace {

Provider provider(const QString &name)
{
    Provider p;
    p.name = name;
    return p;
}

Channel channel(const QString &name, const QStringList &models, bool enabled = true)
{
    Channel c;
    c.name = name;
    c.models = models;
    c.enabled = enabled;
    return c;
}

// 2 providers, 3 channels; distinct models of enabled channels and groups: a, b, c, auto:fast = 4
// ("z" is only on a disabled channel, "auto:off" is a disabled group).
ConfigSnapshotPtr makeSnapshot(quint64 generation)
{
    auto snapshot = std::make_shared<ConfigSnapshot>();
    snapshot->generation = generation;
    snapshot->config.providers = {provider("anthropic"), provider("openai")};
    snapshot->config.channels = {channel("one", {"a", "b"}), channel("two", {"b", "c"}),
                                 channel("off", {"z"}, false)};
    ModelGroup fast;
    fast.name = "auto:fast";
    ModelGroup off;
    off.name = "auto:off";
    off.enabled = false;
    snapshot->config.groups = {fast, off};
    return snapshot;
}

QJsonObject health(quint16 port)
{
    const auto response = rawRequest(port, "GET", "/health");
    if (!response || response->status != 200)
        return {};
    return response->json();
}

// Runs fn in the server's thread and waits for it.
template<typename Fn>
void inProxyThread(ProxyHost &host, Fn fn)
{
    QMetaObject::invokeMethod(host.server(), fn, Qt::BlockingQueuedConnection);
}

} // namespace

class TestProxyServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsInItsOwnThread();
    void adminRoutes();
    void healthReportsPublishedSnapshot();
    void publishingUpdatesHealthWithoutRestart();
    void requestInFlightKeepsItsSnapshot();
    void usageRecordedIsReemitted();
    void portInUseFailsWithMessage();
    void stopLetsSlowStreamFinishThenRefuses();
    void stopAbortsWhatOutlivesGrace();
    void destructorStopsRunningProxy();
    void serverShutdownWithoutHost();
};

void TestProxyServer::startsInItsOwnThread()
{
    ProxyHost host;
    QString error;
    QVERIFY2(host.start({}, &error), qPrintable(error));
    QVERIFY(host.isRunning());
    QVERIFY(host.port() != 0);
    QCOMPARE(host.baseUrl(), QStringLiteral("http://127.0.0.1:%1").arg(host.port()));

    ProxyServer *server = host.server();
    QVERIFY(server);
    QVERIFY(server->thread() != QThread::currentThread());
    QCOMPARE(server->thread(), host.proxyThread());
    QCOMPARE(host.proxyThread()->objectName(), QStringLiteral("switchyard-proxy"));

    // Everything the server created lives in the proxy thread too.
    QThread *frontThread = nullptr;
    QThread *engineThread = nullptr;
    QThread *upstreamThread = nullptr;
    inProxyThread(host, [&] {
        frontThread = server->front()->thread();
        engineThread = server->engine()->thread();
        upstreamThread = server->engine()->upstreamClient()->thread();
    });
    QCOMPARE(frontThread, host.proxyThread());
    QCOMPARE(engineThread, host.proxyThread());
    QCOMPARE(upstreamThread, host.proxyThread());

    QString again;
    QVERIFY(!host.start({}, &again)); // already running
    QVERIFY(!again.isEmpty());

    QSignalSpy stoppedSpy(&host, &ProxyHost::stopped);
    host.stop(1000);
    QCOMPARE(stoppedSpy.count(), 1);
    QVERIFY(!host.isRunning());
    QVERIFY(!host.server());
    QVERIFY(host.baseUrl().isEmpty());
}

void TestProxyServer::adminRoutes()
{
    ProxyHost host;
    QVERIFY(host.start({}));

    const auto hello = rawRequest(host.port(), "HEAD", "/api/hello");
    QVERIFY(hello);
    QCOMPARE(hello->status, 200);
    QVERIFY(!hello->header("request-id").isEmpty());

    const auto headRoot = rawRequest(host.port(), "HEAD", "/");
    QVERIFY(headRoot);
    QCOMPARE(headRoot->status, 200);

    const auto root = rawRequest(host.port(), "GET", "/");
    QVERIFY(root);
    QCOMPARE(root->status, 200);
    QCOMPARE(root->json().value("version").toString(), QStringLiteral(SWITCHYARD_VERSION));
    QCOMPARE(root->json().value("status").toString(), QStringLiteral("ok"));

    // The protocol engine serves the API routes: a body without a model is the client's error.
    const auto noModel = rawRequest(host.port(), "POST", "/v1/messages?beta=true", "{}");
    QVERIFY(noModel);
    QCOMPARE(noModel->status, 400);
    QCOMPARE(noModel->json().value("type").toString(), QStringLiteral("error"));
    QCOMPARE(noModel->json().value("error").toObject().value("type").toString(),
             QStringLiteral("invalid_request_error"));

    const auto unknown = rawRequest(host.port(), "GET", "/v1/nothing-here");
    QVERIFY(unknown);
    QCOMPARE(unknown->status, 404);
}

void TestProxyServer::healthReportsPublishedSnapshot()
{
    ProxyHost host;
    host.publishSnapshot(makeSnapshot(7)); // before start: handed over on start
    QVERIFY(host.start({}));

    const QJsonObject json = health(host.port());
    QCOMPARE(json.value("status").toString(), QStringLiteral("ok"));
    QCOMPARE(json.value("version").toString(), QStringLiteral(SWITCHYARD_VERSION));
    QVERIFY(json.value("uptimeSeconds").isDouble());
    QVERIFY(json.value("uptimeSeconds").toInteger() >= 0);
    QCOMPARE(json.value("providers").toInteger(), 2);
    QCOMPARE(json.value("channels").toInteger(), 3);
    QCOMPARE(json.value("models").toInteger(), 4);
    QCOMPARE(json.value("configGeneration").toInteger(), 7);
}

void TestProxyServer::publishingUpdatesHealthWithoutRestart()
{
    ProxyHost host;
    QVERIFY(host.start({}));
    const quint16 port = host.port();
    QCOMPARE(health(port).value("configGeneration").toInteger(), 0);
    QCOMPARE(health(port).value("providers").toInteger(), 0);

    host.publishSnapshot(makeSnapshot(1));
    QCOMPARE(health(port).value("configGeneration").toInteger(), 1);

    auto bigger = std::make_shared<ConfigSnapshot>(*makeSnapshot(2));
    bigger->config.providers.append(provider("gemini"));
    host.publishSnapshot(bigger);
    const QJsonObject json = health(port);
    QCOMPARE(json.value("configGeneration").toInteger(), 2);
    QCOMPARE(json.value("providers").toInteger(), 3);
    QCOMPARE(host.port(), port);
    QVERIFY(host.isRunning());
}

void TestProxyServer::requestInFlightKeepsItsSnapshot()
{
    ProxyHost host;
    host.publishSnapshot(makeSnapshot(1));
    QVERIFY(host.start({}));
    ProxyServer *server = host.server();
    std::atomic<bool> started = false;
    inProxyThread(host, [&] {
        server->front()->route(
            Method::Post, "/test/slow",
            [server, &started](const QHttpServerRequest &, std::unique_ptr<ResponseStream> s) {
                started = true;
                auto *stream = s.release();
                // Answers later with what the request still sees against what the server has now.
                QTimer::singleShot(300, server, [server, stream] {
                    std::unique_ptr<ResponseStream> owned(stream);
                    const QByteArray body = QByteArray::number(owned->context().snapshot->generation) + ' '
                        + QByteArray::number(server->snapshot()->generation);
                    owned->sendComplete(200, {}, body);
                });
            });
    });

    RawHttpClient client;
    QVERIFY(client.connectTo(host.port()));
    client.sendRequest("POST", "/test/slow", "{}");
    QVERIFY(QTest::qWaitFor([&] { return started.load(); }, 5000));
    host.publishSnapshot(makeSnapshot(2));
    QCOMPARE(health(host.port()).value("configGeneration").toInteger(), 2); // new requests see it

    const auto slow = client.readResponse();
    QVERIFY(slow);
    QCOMPARE(slow->status, 200);
    QCOMPARE(slow->body, QByteArray("1 2"));
}

void TestProxyServer::usageRecordedIsReemitted()
{
    ProxyHost host;
    QVERIFY(host.start({}));
    ProxyServer *server = host.server();
    inProxyThread(host, [server] {
        server->front()->route(Method::Post, "/test/usage",
                               [server](const QHttpServerRequest &, std::unique_ptr<ResponseStream> s) {
                                   UsageRecord record;
                                   record.requestId = QString::fromLatin1(s->context().requestId);
                                   record.endpoint = QStringLiteral("messages");
                                   record.inputTokens = 12;
                                   record.status = 200;
                                   s->sendComplete(200, {}, "ok");
                                   server->recordUsage(record);
                               });
    });

    QThread *directThread = nullptr;
    QString directId;
    connect(
        &host, &ProxyHost::usageRecorded, this,
        [&](const UsageRecord &record) {
            directThread = QThread::currentThread();
            directId = record.requestId;
        },
        Qt::DirectConnection);
    QSignalSpy queuedSpy(&host, &ProxyHost::usageRecorded); // queued into this thread

    const auto response = rawRequest(host.port(), "POST", "/test/usage", "{}");
    QVERIFY(response);
    QTRY_COMPARE_WITH_TIMEOUT(queuedSpy.count(), 1, 5000);
    QCOMPARE(directThread, host.proxyThread());
    QCOMPARE(directId.toLatin1(), response->header("request-id"));
    const auto record = queuedSpy.at(0).at(0).value<UsageRecord>();
    QCOMPARE(record.requestId, directId);
    QCOMPARE(record.inputTokens, 12);
}

void TestProxyServer::portInUseFailsWithMessage()
{
    QTcpServer occupier;
    QVERIFY(occupier.listen(QHostAddress(QHostAddress::LocalHost), 0));
    const quint16 port = occupier.serverPort();

    ProxyHost host;
    ProxyServer::Options options;
    options.port = port;
    QString error;
    QVERIFY(!host.start(options, &error));
    QVERIFY2(error.contains(QString::number(port)), qPrintable(error));
    QVERIFY(!host.isRunning());
    QVERIFY(!host.server());
    QVERIFY(!host.proxyThread());

    // The host is reusable after a failed start.
    occupier.close();
    QVERIFY2(host.start(options, &error), qPrintable(error));
    QCOMPARE(host.port(), port);
}

void TestProxyServer::stopLetsSlowStreamFinishThenRefuses()
{
    ProxyHost host;
    QVERIFY(host.start({}));
    const quint16 port = host.port();
    ProxyServer *server = host.server();
    inProxyThread(host, [server] {
        server->front()->route(Method::Post, "/test/stream",
                               [](const QHttpServerRequest &, std::unique_ptr<ResponseStream> s) {
                                   ChunkStreamer::start(std::move(s), {"1", "2", "3", "4", "5", "6"}, 100);
                               });
    });

    RawHttpClient client;
    QVERIFY(client.connectTo(port));
    client.sendRequest("POST", "/test/stream", "{}");
    QVERIFY(!client.waitForBytes("1\r\n1\r\n").isEmpty());

    QElapsedTimer timer;
    timer.start();
    QSignalSpy stoppedSpy(&host, &ProxyHost::stopped);
    host.stop(5000); // blocks this thread; the stream still has ~500 ms to go
    const qint64 took = timer.elapsed();
    QCOMPARE(stoppedSpy.count(), 1);
    QVERIFY2(took >= 300, qPrintable(QStringLiteral("stop took %1 ms").arg(took)));
    QVERIFY2(took < 5000, qPrintable(QStringLiteral("stop took %1 ms").arg(took)));
    qInfo("stop() with a stream in flight took %lld ms", took);
    QVERIFY(!host.isRunning());

    // The stream arrived complete (kernel-buffered while this thread was blocked).
    const auto response = client.readResponse(5000);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("123456"));
    QVERIFY(client.waitForDisconnected());

    QTcpSocket refused;
    refused.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    QVERIFY(QTest::qWaitFor([&] { return refused.state() == QAbstractSocket::UnconnectedState; }, 5000));
    QCOMPARE(refused.error(), QAbstractSocket::ConnectionRefusedError);
}

void TestProxyServer::stopAbortsWhatOutlivesGrace()
{
    ProxyHost host;
    QVERIFY(host.start({}));
    ProxyServer *server = host.server();
    std::atomic<int> clientGone = 0;
    inProxyThread(host, [server, &clientGone] {
        server->front()->route(Method::Post, "/test/endless",
                               [&clientGone](const QHttpServerRequest &, std::unique_ptr<ResponseStream> s) {
                                   connect(s.get(), &ResponseStream::clientDisconnected, s.get(),
                                           [&clientGone] { ++clientGone; });
                                   ChunkStreamer::start(std::move(s), {}, 20, true);
                               });
    });

    RawHttpClient client;
    QVERIFY(client.connectTo(host.port()));
    client.sendRequest("POST", "/test/endless", "{}");
    QVERIFY(!client.waitForBytes("tick\n").isEmpty());

    QElapsedTimer timer;
    timer.start();
    host.stop(300);
    const qint64 took = timer.elapsed();
    QVERIFY2(took >= 250 && took < 3000, qPrintable(QStringLiteral("stop took %1 ms").arg(took)));
    QCOMPARE(clientGone.load(), 1); // the handler heard about it and could abort its upstream
    QVERIFY(client.waitForDisconnected());
    QVERIFY(!client.buffered().contains("0\r\n\r\n")); // not passed off as complete
    QVERIFY(!host.isRunning());
}

void TestProxyServer::destructorStopsRunningProxy()
{
    quint16 port = 0;
    {
        ProxyHost host;
        QVERIFY(host.start({}));
        port = host.port();
        QCOMPARE(health(port).value("status").toString(), QStringLiteral("ok"));
    }
    QTcpSocket refused;
    refused.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    QVERIFY(QTest::qWaitFor([&] { return refused.state() == QAbstractSocket::UnconnectedState; }, 5000));
    QCOMPARE(refused.error(), QAbstractSocket::ConnectionRefusedError);
}

void TestProxyServer::serverShutdownWithoutHost()
{
    // ProxyServer works in whatever thread creates it; here the test thread.
    ProxyServer server;
    QString error;
    QVERIFY2(server.start({}, &error), qPrintable(error));
    QVERIFY(server.isListening());
    QCOMPARE(server.inFlight(), 0);
    QSignalSpy stoppedSpy(&server, &ProxyServer::stopped);
    server.beginShutdown(1000);
    QCOMPARE(stoppedSpy.count(), 1); // nothing in flight: stopped at once
    QVERIFY(server.isShuttingDown());
    QVERIFY(!server.isListening());
    server.beginShutdown(1000); // idempotent
    QCOMPARE(stoppedSpy.count(), 1);
}

QTEST_GUILESS_MAIN(TestProxyServer)
#include "tst_proxyserver.moc"
