#pragma once

// The proxy's root object in the proxy thread: owns the HTTP front (listening socket, routes) and
// the upstream QNetworkAccessManagers, holds the current configuration snapshot, serves the admin
// endpoints (/health, /, HEAD /api/hello) and runs the graceful shutdown.
//
// Thread affinity: create it in the thread that will run it (ProxyHost does) and call start() there;
// start() creates every child in the current thread. setSnapshot() and snapshot() are thread-safe;
// everything else belongs to the proxy thread.

#include "configtypes.h"
#include "httpfront.h"
#include "usagerecord.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QMutex>
#include <QObject>

class QNetworkAccessManager;
class QTimer;

namespace Switchyard {

class Engine;

// Registers UsageRecord and ConfigSnapshotPtr for queued connections. Idempotent, thread-safe.
void registerProxyMetaTypes();

class ProxyServer : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QHostAddress address = QHostAddress(QHostAddress::LocalHost);
        quint16 port = 0; // 0 = any free port
        qint64 maxBodyBytes = HttpFront::DefaultMaxBodyBytes; // larger bodies get 413
        // QNetworkAccessManager opens at most 6 HTTP/1.1 connections per upstream host and queues the
        // rest; several managers lift that cap for parallel streams to one provider.
        int networkManagers = 4;
    };

    explicit ProxyServer(QObject *parent = nullptr);
    ~ProxyServer() override;

    // Creates the HTTP front, its listening socket and the network managers in the current thread
    // and starts listening. On failure *error says why (address and port included).
    bool start(const Options &options, QString *error = nullptr);
    quint16 port() const;
    bool isListening() const;

    // Thread-safe. A request keeps the snapshot that was current when it arrived
    // (RequestContext::snapshot); only requests arriving later see the new one.
    Q_SLOT void setSnapshot(Switchyard::ConfigSnapshotPtr snapshot);
    ConfigSnapshotPtr snapshot() const;

    // Graceful stop: closes the listening socket (new connections are refused), lets in-flight
    // requests finish for up to graceMs, then aborts what is left and emits stopped(). Emits
    // stopped() at once when nothing is in flight.
    void beginShutdown(int graceMs);
    bool isShuttingDown() const { return m_shuttingDown; }
    int inFlight() const;

    // For the protocol engine: register routes here (from the proxy thread).
    HttpFront *front() const { return m_front; }
    // The protocol engine serving the API routes; null before start().
    Engine *engine() const { return m_engine; }
    // An upstream network manager. The same key always gets the same manager, so requests to one
    // channel share its connection pool. Null before start().
    QNetworkAccessManager *networkManager(quint32 key = 0) const;
    int networkManagerCount() const { return int(m_networkManagers.size()); }

    // Publishes a finished request's usage (emits usageRecorded).
    void recordUsage(const Switchyard::UsageRecord &record);

Q_SIGNALS:
    void usageRecorded(const Switchyard::UsageRecord &record);
    void stopped();

private:
    void registerAdminRoutes();
    void finishShutdown();

    HttpFront *m_front = nullptr;
    Engine *m_engine = nullptr;
    QList<QNetworkAccessManager *> m_networkManagers;
    QTimer *m_graceTimer = nullptr;
    QElapsedTimer m_uptime;
    mutable QMutex m_snapshotMutex;
    ConfigSnapshotPtr m_snapshot;
    bool m_shuttingDown = false;
    bool m_stopped = false;
};

} // namespace Switchyard
