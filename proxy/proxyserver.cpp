#include "proxyserver.h"

#include "engine.h"
#include "jsonwriter.h"
#include "logging.h"

#include <QMutexLocker>
#include <QTimer>

#include <switchyard_version.h>

namespace Switchyard {

namespace {

const HttpHeaderList jsonHeaders = {
    {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")}};

} // namespace

void registerProxyMetaTypes()
{
    static const bool registered = [] {
        qRegisterMetaType<Switchyard::UsageRecord>();
        qRegisterMetaType<Switchyard::ConfigSnapshotPtr>();
        qRegisterMetaType<Switchyard::ProxyEvent>();
        qRegisterMetaType<Switchyard::ProxyStatus>();
        return true;
    }();
    Q_UNUSED(registered)
}

ProxyServer::ProxyServer(QObject *parent)
    : QObject(parent)
{
    registerProxyMetaTypes();
}

ProxyServer::~ProxyServer()
{
    // Whatever is still in flight ends now, while this server and its children are whole, so
    // handlers hear clientDisconnected() before the front and its connections are deleted.
    if (m_front) {
        disconnect(m_front, nullptr, this, nullptr);
        m_front->abortAll();
    }
}

bool ProxyServer::start(const Options &options, QString *error)
{
    if (m_front) {
        if (error)
            *error = tr("The proxy is already started.");
        return false;
    }
    auto *front = new HttpFront(this);
    front->setMaxBodyBytes(options.maxBodyBytes);
    // Runs in the proxy thread before the handler: the request keeps this snapshot to the end.
    front->setRequestHook([this](RequestContext &context) {
        context.snapshot = snapshot();
        Engine::mapRoutePath(context);
    });
    if (!front->listenOn(options.address, options.port, error)) {
        delete front;
        return false;
    }
    m_front = front;
    connect(m_front, &HttpFront::drained, this, &ProxyServer::finishShutdown);

    m_graceTimer = new QTimer(this);
    m_graceTimer->setSingleShot(true);
    connect(m_graceTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcProxy) << "Shutdown grace period over with" << inFlight() << "requests in flight";
        m_front->abortAll();
        finishShutdown();
    });

    m_uptime.start();
    registerAdminRoutes();
    // The API routes (/v1/messages, /v1/chat/completions, ...) and the protocol engine behind them.
    m_engine = new Engine(this);
    m_engine->registerRoutes(m_front);
    Engine::warmUp();
    return true;
}

quint16 ProxyServer::port() const
{
    return m_front ? m_front->port() : 0;
}

bool ProxyServer::isListening() const
{
    return m_front && m_front->isListening();
}

void ProxyServer::setSnapshot(ConfigSnapshotPtr snapshot)
{
    {
        QMutexLocker locker(&m_snapshotMutex);
        m_snapshot = std::move(snapshot);
    }
    // The engine's background work (health probes) follows the config; requests read it themselves.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_engine)
                m_engine->applySnapshot(this->snapshot());
        },
        Qt::QueuedConnection);
}

ConfigSnapshotPtr ProxyServer::snapshot() const
{
    QMutexLocker locker(&m_snapshotMutex);
    return m_snapshot;
}

int ProxyServer::inFlight() const
{
    return m_front ? m_front->inFlight() : 0;
}

ProxyStatus ProxyServer::status() const
{
    QMutexLocker locker(&m_statusMutex);
    return m_status;
}

void ProxyServer::setStatus(const ProxyStatus &status)
{
    QMutexLocker locker(&m_statusMutex);
    m_status = status;
}

void ProxyServer::forceBreaker(const UpstreamKey &key, BreakerForce force)
{
    QMetaObject::invokeMethod(
        this,
        [this, key, force] {
            if (m_engine)
                m_engine->forceBreaker(key, force);
        },
        Qt::QueuedConnection);
}

void ProxyServer::enableKey(qint64 channelId, const QString &keyId)
{
    QMetaObject::invokeMethod(
        this,
        [this, channelId, keyId] {
            if (m_engine)
                m_engine->enableKey(channelId, keyId);
        },
        Qt::QueuedConnection);
}

void ProxyServer::seedBudgets(const QHash<QString, QPair<double, qint64>> &spend)
{
    QMetaObject::invokeMethod(
        this,
        [this, spend] {
            if (m_engine)
                m_engine->seedBudgets(spend);
        },
        Qt::QueuedConnection);
}

void ProxyServer::publishEvent(const ProxyEvent &event)
{
    Q_EMIT proxyEvent(event);
}

void ProxyServer::recordUsage(const UsageRecord &record)
{
    Q_EMIT usageRecorded(record);
}

void ProxyServer::beginShutdown(int graceMs)
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    if (!m_front) {
        finishShutdown();
        return;
    }
    m_graceTimer->start(qMax(0, graceMs));
    m_front->beginDrain(); // emits drained() (-> finishShutdown) now or once the last request ends
}

void ProxyServer::finishShutdown()
{
    if (m_stopped)
        return;
    m_stopped = true;
    if (m_graceTimer)
        m_graceTimer->stop();
    qCInfo(lcProxy) << "Proxy stopped";
    Q_EMIT stopped();
}

void ProxyServer::registerAdminRoutes()
{
    using Method = QHttpServerRequest::Method;

    m_front->route(
        Method::Get, "/health", [this](const QHttpServerRequest &, std::unique_ptr<ResponseStream> stream) {
            const ConfigSnapshot *snapshot = stream->context().snapshot.get();
            JsonWriter out(256);
            out.beginObject();
            out.field("status", "ok");
            out.field("version", SWITCHYARD_VERSION);
            out.field("uptimeSeconds", qint64(m_uptime.elapsed() / 1000));
            out.field("providers", snapshot ? qint64(snapshot->config.providers.size()) : qint64(0));
            out.field("channels", snapshot ? qint64(snapshot->config.channels.size()) : qint64(0));
            out.field("models", snapshot ? snapshot->config.modelCount() : 0);
            out.field("configGeneration", snapshot ? qint64(snapshot->generation) : qint64(0));
            out.endObject();
            stream->sendComplete(200, jsonHeaders, out.take());
        });

    m_front->route(Method::Get, "/", [](const QHttpServerRequest &, std::unique_ptr<ResponseStream> stream) {
        JsonWriter out(128);
        out.beginObject().field("name", "Switchyard").field("version", SWITCHYARD_VERSION);
        out.field("status", "ok").endObject();
        stream->sendComplete(200, jsonHeaders, out.take());
    });

    // Claude Code probes HEAD /api/hello before its first request (protocols C.1).
    const auto emptyOk = [](const QHttpServerRequest &, std::unique_ptr<ResponseStream> stream) {
        stream->sendComplete(200, {}, QByteArray());
    };
    m_front->route(Method::Head, "/", emptyOk);
    m_front->route(Method::Head, "/api/hello", emptyOk);
}

} // namespace Switchyard
