#pragma once

// Keep-alive HTTP/1.1 connections to the upstreams, per (scheme, host, port, proxy) key.
//
// Each request takes an idle connection of its key if one is left (the most recently used one, so
// that surplus connections age out), and otherwise opens a new one: parallel streams never wait for
// each other. The only limit is a safety cap per key (maxConnectionsPerKey(), 256 by default)
// against a runaway client; a request beyond it waits until a connection of its key frees up
// (slotAvailable()). Idle connections are closed after idleTimeoutMs() (30 s), or at once when the
// server closes them or sends anything unasked.
//
// Lives in, and is only used from, the thread of its owner (the proxy thread).

#include <QBasicTimer>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QSslConfiguration>
#include <QString>

#include <optional>

namespace Switchyard {

class Http1Connection;
struct Http1Target;

class Http1Pool : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultMaxConnectionsPerKey = 256;
    static constexpr int defaultIdleTimeoutMs = 30 * 1000;

    explicit Http1Pool(QObject *parent = nullptr);
    ~Http1Pool() override; // closes every connection

    // An idle, still connected connection for key, or nullptr. Dead idle connections met on the way
    // are dropped.
    Http1Connection *takeIdle(const QString &key);
    // A new connection for target (it connects on its first send()), or nullptr when target.key is
    // at the cap.
    Http1Connection *open(const Http1Target &target);

    int connectionCount() const { return m_total; } // connecting, busy and idle
    int connectionCount(const QString &key) const;
    int idleCount() const { return m_idle; }
    QList<Http1Connection *> connections() const; // for diagnostics and tests

    int maxConnectionsPerKey() const { return m_maxPerKey; }
    void setMaxConnectionsPerKey(int count);
    int idleTimeoutMs() const { return m_idleTimeoutMs; }
    void setIdleTimeoutMs(int ms);
    // Closes idle connections idle for at least idleMs; returns how many.
    int closeIdle(qint64 idleMs);

    // TLS settings for new connections. Default: the system CAs, peer verification, ALPN "http/1.1".
    // Made on first use, so a proxy with only http upstreams never loads the TLS backend.
    QSslConfiguration sslConfiguration();
    void setSslConfiguration(const QSslConfiguration &configuration);

    // Fixed addresses for a host name on new direct connections, instead of DNS (curl's --resolve);
    // still checked like DNS answers (urlpolicy.h). An empty list removes the entry. Tests use it
    // for names that must resolve to addresses no test machine has.
    void setResolve(const QString &host, const QList<QHostAddress> &addresses);

Q_SIGNALS:
    // A connection of key became idle or closed: a request waiting at the cap can go now.
    void slotAvailable(const QString &key);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    struct Origin
    {
        QList<Http1Connection *> all;
        QList<Http1Connection *> idle; // most recently used last
    };

    void onIdle(Http1Connection *connection);
    void onClosed(Http1Connection *connection);
    // Removes a connection from the books without signals and deletes it later.
    void drop(Origin &origin, Http1Connection *connection);
    void updateSweep();

    QHash<QString, Origin> m_origins;
    std::optional<QSslConfiguration> m_ssl;
    QHash<QString, QList<QHostAddress>> m_resolve;
    QBasicTimer m_sweep;
    int m_total = 0;
    int m_idle = 0;
    int m_maxPerKey = defaultMaxConnectionsPerKey;
    int m_idleTimeoutMs = defaultIdleTimeoutMs;
};

} // namespace Switchyard
