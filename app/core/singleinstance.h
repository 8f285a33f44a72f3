#pragma once

// One running Switchyard per data directory: two instances would fight over the database, the log
// file and usually the port. The lock file in the data directory decides who owns it (QLockFile
// recognises the lock of a dead process as stale); the owner also listens on a QLocalServer named
// after the directory, so a second launch can ask it to show its window.

#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>

class QLocalServer;
class QLockFile;

namespace Switchyard {

class SingleInstance : public QObject
{
    Q_OBJECT

public:
    enum class Role
    {
        Primary, // this process owns the data directory
        Secondary, // another live process owns it
        Failed, // the lock file could not be created
    };

    explicit SingleInstance(const QString &dataDir, QObject *parent = nullptr);
    ~SingleInstance() override;

    static QString lockFileName() { return QStringLiteral("switchyard.lock"); }
    static QByteArray activateMessage() { return QByteArrayLiteral("activate"); }
    // Derived from a hash of the canonical data directory and the user, so it stays short and two
    // users or two directories never share a name.
    static QString serverNameFor(const QString &dataDir);

    Role acquire(QString *error = nullptr);
    bool isPrimary() const;
    // The process id recorded in the lock file by the owner (0 if unknown).
    qint64 ownerPid() const;
    // Unlocks and stops listening. Safe to call twice.
    void release();

    // From a secondary: delivers one message to the primary and waits (bounded) for its answer.
    bool sendToPrimary(const QByteArray &message, int timeoutMs = 3000, QString *error = nullptr) const;

Q_SIGNALS:
    // On the primary, for every message a later launch sent.
    void messageReceived(const QByteArray &message);

private:
    void acceptConnections();

    QString m_dataDir;
    QString m_serverName;
    std::unique_ptr<QLockFile> m_lock;
    QLocalServer *m_server = nullptr;
    qint64 m_ownerPid = 0;
};

} // namespace Switchyard
