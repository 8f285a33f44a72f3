#include "http1pool.h"

#include "http1connection.h"
#include "logging.h"

#include <QSslSocket>
#include <QTimerEvent>

namespace Switchyard {

Http1Pool::Http1Pool(QObject *parent)
    : QObject(parent)
{
}

Http1Pool::~Http1Pool()
{
    // The connections are children; stop them from calling back into a half-destroyed pool.
    for (Origin &origin : m_origins) {
        for (Http1Connection *connection : std::as_const(origin.all))
            connection->disconnect(this);
    }
}

Http1Connection *Http1Pool::takeIdle(const QString &key)
{
    auto it = m_origins.find(key);
    if (it == m_origins.end())
        return nullptr;
    Origin &origin = it.value();
    while (!origin.idle.isEmpty()) {
        Http1Connection *connection = origin.idle.takeLast();
        --m_idle;
        if (connection->isReusable()) {
            updateSweep();
            return connection;
        }
        // Closed by the server a moment ago (its FIN is being processed): never hand it out.
        origin.all.removeOne(connection);
        --m_total;
        connection->disconnect(this);
        connection->abandon();
        connection->deleteLater();
    }
    if (origin.all.isEmpty())
        m_origins.erase(it);
    updateSweep();
    return nullptr;
}

Http1Connection *Http1Pool::open(const Http1Target &target)
{
    Origin &origin = m_origins[target.key];
    if (origin.all.size() >= m_maxPerKey)
        return nullptr;
    auto *connection =
        new Http1Connection(target, target.tls ? sslConfiguration() : QSslConfiguration(), this);
    if (const auto fixed = m_resolve.constFind(target.host.toLower()); fixed != m_resolve.cend())
        connection->setResolvedAddresses(*fixed);
    connect(connection, &Http1Connection::becameIdle, this, &Http1Pool::onIdle);
    connect(connection, &Http1Connection::closed, this, &Http1Pool::onClosed);
    origin.all.append(connection);
    ++m_total;
    return connection;
}

int Http1Pool::connectionCount(const QString &key) const
{
    const auto it = m_origins.constFind(key);
    return it == m_origins.cend() ? 0 : int(it->all.size());
}

QList<Http1Connection *> Http1Pool::connections() const
{
    QList<Http1Connection *> all;
    for (const Origin &origin : m_origins)
        all += origin.all;
    return all;
}

void Http1Pool::setMaxConnectionsPerKey(int count)
{
    m_maxPerKey = std::max(1, count);
}

void Http1Pool::setIdleTimeoutMs(int ms)
{
    m_idleTimeoutMs = std::max(1, ms);
    m_sweep.stop();
    updateSweep();
}

QSslConfiguration Http1Pool::sslConfiguration()
{
    if (!m_ssl) {
        m_ssl = QSslConfiguration::defaultConfiguration();
        // HTTP/1.1 only: one stream per connection is what the pool is built around, and h2 over
        // TLS would need a second framing layer for no gain on a local proxy's few origins.
        m_ssl->setAllowedNextProtocols({QByteArray(QSslConfiguration::NextProtocolHttp1_1)});
        m_ssl->setPeerVerifyMode(QSslSocket::VerifyPeer);
    }
    return *m_ssl;
}

void Http1Pool::setSslConfiguration(const QSslConfiguration &configuration)
{
    m_ssl = configuration;
}

int Http1Pool::closeIdle(qint64 idleMs)
{
    int closed = 0;
    for (auto it = m_origins.begin(); it != m_origins.end();) {
        Origin &origin = it.value();
        const QList<Http1Connection *> idle = origin.idle;
        for (Http1Connection *connection : idle) {
            if (connection->idleMs() >= idleMs) {
                drop(origin, connection);
                ++closed;
            }
        }
        it = origin.all.isEmpty() ? m_origins.erase(it) : std::next(it);
    }
    updateSweep();
    return closed;
}

void Http1Pool::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_sweep.timerId())
        return QObject::timerEvent(event);
    const int closed = closeIdle(m_idleTimeoutMs);
    if (closed > 0)
        qCDebug(lcProxy) << "upstream pool: closed" << closed << "idle connections";
    if (m_idle == 0)
        m_sweep.stop();
}

void Http1Pool::onIdle(Http1Connection *connection)
{
    Origin &origin = m_origins[connection->target().key];
    origin.idle.append(connection);
    ++m_idle;
    updateSweep();
    Q_EMIT slotAvailable(connection->target().key);
}

void Http1Pool::onClosed(Http1Connection *connection)
{
    const QString key = connection->target().key;
    auto it = m_origins.find(key);
    if (it == m_origins.end())
        return;
    if (it->idle.removeOne(connection))
        --m_idle;
    if (it->all.removeOne(connection))
        --m_total;
    if (it->all.isEmpty())
        m_origins.erase(it);
    connection->disconnect(this);
    connection->deleteLater();
    updateSweep();
    Q_EMIT slotAvailable(key);
}

void Http1Pool::drop(Origin &origin, Http1Connection *connection)
{
    if (origin.idle.removeOne(connection))
        --m_idle;
    if (origin.all.removeOne(connection))
        --m_total;
    connection->disconnect(this);
    connection->abandon();
    connection->deleteLater();
}

void Http1Pool::updateSweep()
{
    // Runs only while there are idle connections (it stops itself in timerEvent), so an idle proxy
    // does not wake up for nothing; not stopped on every takeIdle(), which would cost two timer
    // registrations per request.
    if (m_idle > 0 && !m_sweep.isActive())
        m_sweep.start(std::clamp(m_idleTimeoutMs / 4, 20, 10 * 1000), Qt::CoarseTimer, this);
}

void Http1Pool::setResolve(const QString &host, const QList<QHostAddress> &addresses)
{
    if (addresses.isEmpty())
        m_resolve.remove(host.toLower());
    else
        m_resolve.insert(host.toLower(), addresses);
}

} // namespace Switchyard
