#include "proxyhost.h"

#include "applogging.h"

#include <QDeadlineTimer>
#include <QMutexLocker>
#include <QThread>

namespace Switchyard {

ProxyHost::ProxyHost(QObject *parent)
    : QObject(parent)
{
    registerProxyMetaTypes();
}

ProxyHost::~ProxyHost()
{
    stop();
}

bool ProxyHost::start(const ProxyServer::Options &options, QString *error)
{
    if (m_thread) {
        if (error)
            *error = tr("The proxy is already running.");
        return false;
    }

    auto thread = std::make_unique<QThread>();
    thread->setObjectName(QStringLiteral("switchyard-proxy"));
    // Something that lives in the new thread, to run the server's construction there.
    auto *anchor = new QObject;
    anchor->moveToThread(thread.get());
    thread->start();

    {
        QMutexLocker locker(&m_stateMutex);
        m_serverStopped = false;
    }
    ProxyServer *server = nullptr;
    quint16 port = 0;
    QString startError;
    const ConfigSnapshotPtr initial = snapshot();
    QMetaObject::invokeMethod(
        anchor,
        [&] {
            anchor->deleteLater();
            auto created = std::make_unique<ProxyServer>();
            created->setSnapshot(initial);
            connect(created.get(), &ProxyServer::usageRecorded, this, &ProxyHost::usageRecorded,
                    Qt::DirectConnection);
            connect(created.get(), &ProxyServer::proxyEvent, this, &ProxyHost::proxyEvent,
                    Qt::DirectConnection);
            // The server stays alive until the thread has finished (QThread deletes it then, in
            // this thread), so in-flight handlers and Qt's connection objects go down in order.
            connect(created.get(), &ProxyServer::stopped, created.get(), [this] {
                QMutexLocker locker(&m_stateMutex);
                m_serverStopped = true;
                QThread::currentThread()->quit();
            });
            if (!created->start(options, &startError))
                return; // destroyed here, in its own thread
            port = created->port();
            server = created.release();
            connect(QThread::currentThread(), &QThread::finished, server, &QObject::deleteLater);
        },
        Qt::BlockingQueuedConnection);

    if (!server) {
        thread->quit();
        thread->wait();
        qCWarning(lcApp).noquote() << "Proxy did not start:" << startError;
        if (error)
            *error = startError;
        return false;
    }
    m_thread = std::move(thread);
    m_server = server;
    m_port = port;
    m_address = options.address;
    qCInfo(lcApp).noquote() << "Proxy running at" << baseUrl();
    return true;
}

bool ProxyHost::isRunning() const
{
    if (!m_thread || !m_thread->isRunning())
        return false;
    QMutexLocker locker(&m_stateMutex);
    return !m_serverStopped;
}

QString ProxyHost::baseUrl() const
{
    if (!m_thread)
        return {};
    QString host = QStringLiteral("127.0.0.1");
    if (m_address.protocol() == QAbstractSocket::IPv6Protocol && !m_address.isEqual(QHostAddress::AnyIPv6))
        host = QLatin1Char('[') + m_address.toString() + QLatin1Char(']');
    else if (m_address.protocol() == QAbstractSocket::IPv4Protocol
             && !m_address.isEqual(QHostAddress::AnyIPv4))
        host = m_address.toString();
    return QStringLiteral("http://%1:%2").arg(host).arg(m_port);
}

void ProxyHost::publishSnapshot(ConfigSnapshotPtr snapshot)
{
    QMutexLocker locker(&m_stateMutex);
    m_snapshot = snapshot;
    // Under the lock: the server is not destroyed before it has reported stopped, which also
    // takes the lock.
    if (m_server && !m_serverStopped)
        m_server->setSnapshot(std::move(snapshot));
}

ConfigSnapshotPtr ProxyHost::snapshot() const
{
    QMutexLocker locker(&m_stateMutex);
    return m_snapshot;
}

ProxyStatus ProxyHost::status() const
{
    QMutexLocker locker(&m_stateMutex);
    if (m_server && !m_serverStopped)
        return m_server->status();
    return {};
}

void ProxyHost::forceBreaker(const UpstreamKey &key, BreakerForce force)
{
    QMutexLocker locker(&m_stateMutex);
    if (m_server && !m_serverStopped)
        m_server->forceBreaker(key, force);
}

void ProxyHost::enableKey(qint64 channelId, const QString &keyId)
{
    QMutexLocker locker(&m_stateMutex);
    if (m_server && !m_serverStopped)
        m_server->enableKey(channelId, keyId);
}

void ProxyHost::seedBudgets(const QHash<QString, QPair<double, qint64>> &spend)
{
    QMutexLocker locker(&m_stateMutex);
    if (m_server && !m_serverStopped)
        m_server->seedBudgets(spend);
}

void ProxyHost::stop(int graceMs)
{
    if (!m_thread)
        return;
    {
        QMutexLocker locker(&m_stateMutex);
        if (m_server && !m_serverStopped) {
            ProxyServer *server = m_server;
            QMetaObject::invokeMethod(
                server, [server, graceMs] { server->beginShutdown(graceMs); }, Qt::QueuedConnection);
        }
    }
    // The server aborts what is left when the grace period ends, so the thread ends soon after it.
    if (!m_thread->wait(QDeadlineTimer(qint64(qMax(0, graceMs)) + 5000))) {
        qCCritical(lcApp) << "Proxy thread still running" << graceMs + 5000 << "ms after stop; quitting it";
        m_thread->quit();
        m_thread->wait();
    }
    {
        QMutexLocker locker(&m_stateMutex);
        m_server = nullptr;
        m_serverStopped = true;
    }
    m_thread.reset();
    m_port = 0;
    qCInfo(lcApp) << "Proxy thread stopped";
    Q_EMIT stopped();
}

} // namespace Switchyard
