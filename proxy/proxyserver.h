#pragma once

// The proxy's root object in the proxy thread: owns the HTTP front (listening socket, routes) and
// the protocol engine, holds the current configuration snapshot, serves the admin
// endpoints (/health, /, HEAD /api/hello) and runs the graceful shutdown.
//
// Thread affinity: create it in the thread that will run it (ProxyHost does) and call start() there;
// start() creates every child in the current thread. setSnapshot() and snapshot() are thread-safe;
// everything else belongs to the proxy thread.

#include "configtypes.h"
#include "httpfront.h"
#include "proxyevents.h"
#include "usagerecord.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QMutex>
#include <QObject>

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
    };

    explicit ProxyServer(QObject *parent = nullptr);
    ~ProxyServer() override;

    // Creates the HTTP front, its listening socket and the engine in the current thread
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

    // Publishes a finished request's usage (emits usageRecorded).
    void recordUsage(const Switchyard::UsageRecord &record);

    // Thread-safe. The latest routing status report (breakers, health, keys); the engine refreshes
    // it after every event and at most once a second while requests run.
    ProxyStatus status() const;
    void setStatus(const ProxyStatus &status);
    // Thread-safe: posted to the proxy thread. Manual breaker override (BreakerForce::None clears it).
    void forceBreaker(const Switchyard::UpstreamKey &key, Switchyard::BreakerForce force);
    // Thread-safe: forget a runtime key disable (the user re-enabled the key).
    void enableKey(qint64 channelId, const QString &keyId);
    // Thread-safe: today's spend per budget bucket ("key:<id>", "group:<name>", "channel:<name>")
    // from stored usage, so budgets survive a restart.
    void seedBudgets(const QHash<QString, QPair<double, qint64>> &spend);
    // Publishes a routing event (emits proxyEvent).
    void publishEvent(const Switchyard::ProxyEvent &event);

Q_SIGNALS:
    void usageRecorded(const Switchyard::UsageRecord &record);
    // Emitted in the proxy thread.
    void proxyEvent(const Switchyard::ProxyEvent &event);
    void stopped();

private:
    void registerAdminRoutes();
    void finishShutdown();

    HttpFront *m_front = nullptr;
    Engine *m_engine = nullptr;
    QTimer *m_graceTimer = nullptr;
    QElapsedTimer m_uptime;
    mutable QMutex m_snapshotMutex;
    ConfigSnapshotPtr m_snapshot;
    mutable QMutex m_statusMutex;
    ProxyStatus m_status;
    bool m_shuttingDown = false;
    bool m_stopped = false;
};

} // namespace Switchyard
