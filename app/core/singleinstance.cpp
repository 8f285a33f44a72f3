#include "singleinstance.h"

#include "applogging.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>

namespace Switchyard {

namespace {

constexpr qint64 MaxMessageBytes = 1024;
const QByteArray Reply = QByteArrayLiteral("ok\n");

QString canonicalDir(const QString &dir)
{
    const QString canonical = QFileInfo(dir).canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(QFileInfo(dir).absoluteFilePath()) : canonical;
}

} // namespace

SingleInstance::SingleInstance(const QString &dataDir, QObject *parent)
    : QObject(parent)
    , m_dataDir(dataDir)
    , m_serverName(serverNameFor(dataDir))
{
}

SingleInstance::~SingleInstance()
{
    release();
}

QString SingleInstance::serverNameFor(const QString &dataDir)
{
    QByteArray key = canonicalDir(dataDir).toUtf8();
    key += '\0';
    key += qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME")).toUtf8();
    const QByteArray hash = QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(20);
    return QStringLiteral("switchyard-") + QString::fromLatin1(hash);
}

SingleInstance::Role SingleInstance::acquire(QString *error)
{
    if (isPrimary())
        return Role::Primary;

    const QString lockPath = QDir(m_dataDir).filePath(lockFileName());
    auto lock = std::make_unique<QLockFile>(lockPath);
    // 0 = never stale by age: a lock is stale only when its process is gone, however long it ran.
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0)) {
        if (lock->error() == QLockFile::LockFailedError) {
            QString hostname;
            QString appname;
            lock->getLockInfo(&m_ownerPid, &hostname, &appname);
            return Role::Secondary;
        }
        if (error)
            *error = tr("cannot create the lock file %1").arg(QDir::toNativeSeparators(lockPath));
        return Role::Failed;
    }
    m_lock = std::move(lock);
    m_ownerPid = QCoreApplication::applicationPid();

    // We hold the lock, so a socket left under this name belongs to a dead instance.
    QLocalServer::removeServer(m_serverName);
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_serverName)) {
        // Not fatal: the lock still guarantees exclusivity; only "show the window" from a second
        // launch is lost.
        qCWarning(lcApp) << "Cannot listen for other launches on" << m_serverName << ":"
                         << m_server->errorString();
        delete m_server;
        m_server = nullptr;
    } else {
        connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::acceptConnections);
    }
    return Role::Primary;
}

bool SingleInstance::isPrimary() const
{
    return m_lock && m_lock->isLocked();
}

qint64 SingleInstance::ownerPid() const
{
    return m_ownerPid;
}

void SingleInstance::release()
{
    if (m_server) {
        m_server->close();
        delete m_server;
        m_server = nullptr;
    }
    if (m_lock) {
        m_lock->unlock();
        m_lock.reset();
    }
}

void SingleInstance::acceptConnections()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (!socket->canReadLine()) {
                if (socket->bytesAvailable() > MaxMessageBytes)
                    socket->abort();
                return;
            }
            const QByteArray message = socket->readLine(MaxMessageBytes).trimmed();
            socket->write(Reply);
            socket->disconnectFromServer();
            qCInfo(lcApp) << "Message from another launch:" << message;
            Q_EMIT messageReceived(message);
        });
    }
}

bool SingleInstance::sendToPrimary(const QByteArray &message, int timeoutMs, QString *error) const
{
    QLocalSocket socket;
    socket.connectToServer(m_serverName);
    bool delivered = socket.waitForConnected(timeoutMs);
    if (delivered) {
        socket.write(message + '\n');
        delivered = socket.waitForBytesWritten(timeoutMs);
    }
    // The primary answers once it has taken the message; without the answer we cannot tell whether
    // it arrived before the connection closed.
    while (delivered && !socket.canReadLine()) {
        if (!socket.waitForReadyRead(timeoutMs))
            delivered = false;
    }
    if (delivered)
        delivered = socket.readLine() == Reply;
    if (!delivered && error)
        *error = socket.errorString();
    socket.abort();
    return delivered;
}

} // namespace Switchyard
