#pragma once

// Runs the proxy in its own thread. ProxyHost lives in the caller's (GUI / main) thread and owns
// the QThread; the ProxyServer is created in, lives in and is destroyed in the proxy thread.
// The GUI talks to it only through thread-safe calls (publishSnapshot) and signals.

#include "proxyserver.h"

#include <QHostAddress>
#include <QMutex>
#include <QObject>
#include <QString>

#include <memory>

class QThread;

namespace Switchyard {

class ProxyHost : public QObject
{
    Q_OBJECT
public:
    explicit ProxyHost(QObject *parent = nullptr);
    ~ProxyHost() override; // stops the proxy if it runs

    // Starts the thread, creates the ProxyServer in it and binds. Blocks until it listens or failed;
    // on failure *error says why (a port in use is named) and no thread is left running.
    bool start(const ProxyServer::Options &options, QString *error = nullptr);
    bool isRunning() const;
    quint16 port() const { return m_port; }
    // "http://127.0.0.1:PORT" (what ANTHROPIC_BASE_URL should be), empty when not running.
    QString baseUrl() const;

    // Thread-safe, takes effect for the next request without a restart. A snapshot published before
    // start() is handed to the server when it starts.
    void publishSnapshot(ConfigSnapshotPtr snapshot);
    ConfigSnapshotPtr snapshot() const;

    // Stops accepting, lets in-flight requests end (up to graceMs), then stops the thread. Blocks.
    void stop(int graceMs = 10000);

    // The server, for wiring in the proxy thread (QMetaObject::invokeMethod on it). Null when stopped.
    ProxyServer *server() const { return m_server; }
    QThread *proxyThread() const { return m_thread.get(); }
    // Thread-safe; an empty report while stopped.
    ProxyStatus status() const;
    // Thread-safe; no-op while stopped.
    void forceBreaker(const UpstreamKey &key, BreakerForce force);
    void enableKey(qint64 channelId, const QString &keyId);
    void seedBudgets(const QHash<QString, QPair<double, qint64>> &spend);

Q_SIGNALS:
    // Emitted in the proxy thread. Connect with Qt::DirectConnection to Storage::recordUsage to keep
    // the GUI thread out of the path; other connections are queued as usual.
    void usageRecorded(const Switchyard::UsageRecord &record);
    // Emitted in the proxy thread (use a queued or auto connection).
    void proxyEvent(const Switchyard::ProxyEvent &event);
    // Emitted by stop() in the caller's thread once the proxy thread has ended.
    void stopped();

private:
    std::unique_ptr<QThread> m_thread;
    ProxyServer *m_server = nullptr; // lives in m_thread, deletes itself there when stopped
    quint16 m_port = 0;
    QHostAddress m_address;
    // Guards m_snapshot and m_serverStopped, and keeps the server alive while a call into it is
    // being posted from this thread (it is destroyed only after reporting stopped under this lock).
    mutable QMutex m_stateMutex;
    ConfigSnapshotPtr m_snapshot; // latest published, also for a server started later
    bool m_serverStopped = true;
};

} // namespace Switchyard
