#include "storage.h"

#include "applogging.h"
#include "database.h"
#include "migrations.h"
#include "storagetables.h"
#include "storagewriter.h"

#include <QDir>
#include <QFileInfo>
#include <QMetaMethod>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryFile>
#include <QThread>

#include <atomic>

namespace Switchyard {

namespace {

// Runs fn on the writer's thread and returns its result: directly when already there (a write
// function calling back into Storage), otherwise through a blocking queued call.
template<typename Fn>
bool callOnWriter(StorageWriter *writer, Fn &&fn)
{
    if (QThread::currentThread() == writer->thread())
        return fn();
    bool result = false;
    QMetaObject::invokeMethod(
        writer, [&] { result = fn(); }, Qt::BlockingQueuedConnection);
    return result;
}

QString uniqueConnectionName(const char *role)
{
    static std::atomic<int> counter {0};
    return QStringLiteral("switchyard-%1-%2").arg(QLatin1String(role)).arg(++counter);
}

bool checkDataDir(const QString &dir, QString *error)
{
    if (!QDir().mkpath(dir)) {
        Db::setError(error,
                     Storage::tr("Cannot create the data directory %1.").arg(QDir::toNativeSeparators(dir)));
        return false;
    }
    // A real write is the only test that holds for root, read-only mounts and immutable directories;
    // permission bits alone would say yes to root.
    QTemporaryFile probe(QDir(dir).filePath(QStringLiteral(".switchyard-write-check-XXXXXX")));
    if (!probe.open()) {
        Db::setError(error,
                     Storage::tr("The data directory %1 is not writable: %2")
                         .arg(QDir::toNativeSeparators(dir), probe.errorString()));
        return false;
    }
    return true;
}

template<typename T>
bool saveEntity(Storage *storage, T *entity, bool (*save)(QSqlDatabase &, T *, QString *), QString *error)
{
    // Work on a copy so a rolled-back write leaves the caller's ids untouched.
    T copy = *entity;
    if (!storage->write([&](QSqlDatabase &db, QString *e) { return save(db, &copy, e); }, error))
        return false;
    *entity = std::move(copy);
    return true;
}

} // namespace

Storage::Storage(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<UsageRecord>();
    qRegisterMetaType<QList<UsageRecord>>();
}

Storage::~Storage()
{
    close();
}

int Storage::currentSchemaVersion()
{
    return Migrations::latestVersion();
}

bool Storage::open(const QString &dataDir, QString *error)
{
    if (isOpen()) {
        Db::setError(error,
                     tr("The database %1 is already open.").arg(QDir::toNativeSeparators(m_databasePath)));
        return false;
    }
    if (dataDir.trimmed().isEmpty()) {
        Db::setError(error, tr("No data directory was given."));
        return false;
    }
    const QString dir = QDir::cleanPath(QFileInfo(dataDir).absoluteFilePath());
    if (!checkDataDir(dir, error))
        return false;
    const QString path = QDir(dir).filePath(databaseFileName());
    const QString nativePath = QDir::toNativeSeparators(path);

    m_writerThread = new QThread;
    m_writerThread->setObjectName(QStringLiteral("switchyard-storage-writer"));
    m_writer = new StorageWriter(path, uniqueConnectionName("write"));
    m_writer->moveToThread(m_writerThread);
    m_writerThread->start();

    QString reason;
    if (!callOnWriter(m_writer, [&] { return m_writer->open(&reason); })) {
        stopWriter();
        Db::setError(error, tr("Cannot open the database %1: %2").arg(nativePath, reason));
        return false;
    }

    m_readConnection = uniqueConnectionName("read");
    if (!Db::openConnection(m_readConnection, path, Db::ConnectionRole::Reader, &reason)) {
        m_readConnection.clear();
        stopWriter();
        Db::setError(error, tr("Cannot open the database %1 for reading: %2").arg(nativePath, reason));
        return false;
    }

    m_ownerThread = QThread::currentThread();
    m_dataDir = dir;
    m_databasePath = path;
    // Queued: the writer emits on its own thread, listeners expect the Storage's thread.
    connect(m_writer, &StorageWriter::usageCommitted, this, &Storage::usageRecorded, Qt::QueuedConnection);
    updateCommitReporting();
    qCInfo(lcStorage) << "opened" << nativePath << "at schema version" << currentSchemaVersion();
    return true;
}

void Storage::close()
{
    if (!m_writer)
        return;
    if (QThread::currentThread() != m_ownerThread)
        qCWarning(lcStorage) << "Storage::close() called from a thread that did not open it";
    if (!m_readConnection.isEmpty()) {
        Db::closeConnection(m_readConnection);
        m_readConnection.clear();
    }
    stopWriter();
    qCInfo(lcStorage) << "closed" << QDir::toNativeSeparators(m_databasePath);
    m_ownerThread = nullptr;
    m_dataDir.clear();
    m_databasePath.clear();
}

void Storage::stopWriter()
{
    callOnWriter(m_writer, [this] {
        m_writer->shutdown();
        return true;
    });
    m_writerThread->quit();
    m_writerThread->wait();
    // The thread has finished, so deleting its objects from here is safe.
    delete m_writer;
    m_writer = nullptr;
    delete m_writerThread;
    m_writerThread = nullptr;
}

void Storage::connectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&Storage::usageRecorded))
        updateCommitReporting();
}

void Storage::disconnectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&Storage::usageRecorded))
        updateCommitReporting();
}

void Storage::updateCommitReporting()
{
    if (m_writer)
        m_writer->setReportCommits(isSignalConnected(QMetaMethod::fromSignal(&Storage::usageRecorded)));
}

bool Storage::isOpen() const
{
    return m_writer != nullptr;
}

QString Storage::dataDir() const
{
    return m_dataDir;
}

QString Storage::databasePath() const
{
    return m_databasePath;
}

int Storage::schemaVersion() const
{
    int version = -1;
    read([&](QSqlDatabase &db, QString *error) {
        return (version = Migrations::schemaVersion(db, error)) >= 0;
    });
    return version;
}

QString Storage::integrityCheck() const
{
    QStringList problems;
    QString error;
    const bool ok = read(
        [&](QSqlDatabase &db, QString *e) {
            QSqlQuery query(db);
            if (!Db::prepare(query, QStringLiteral("PRAGMA integrity_check"), e) || !Db::exec(query, e))
                return false;
            while (query.next())
                problems.append(query.value(0).toString());
            return true;
        },
        &error);
    return ok ? problems.join(QLatin1Char('\n')) : error;
}

ConfigData Storage::loadConfig() const
{
    ConfigData config;
    QString error;
    if (!loadConfig(&config, &error))
        qCWarning(lcStorage) << "loading the configuration failed:" << error;
    return config;
}

bool Storage::loadConfig(ConfigData *config, QString *error) const
{
    return read([config](QSqlDatabase &db, QString *e) { return StorageTables::loadConfig(db, config, e); },
                error);
}

bool Storage::saveConfig(ConfigData *config, QString *error)
{
    return saveEntity(this, config, &StorageTables::saveConfig, error);
}

bool Storage::saveProvider(Provider *provider, QString *error)
{
    return saveEntity(this, provider, &StorageTables::saveProvider, error);
}

bool Storage::saveChannel(Channel *channel, QString *error)
{
    return saveEntity(this, channel, &StorageTables::saveChannel, error);
}

bool Storage::saveGroup(ModelGroup *group, QString *error)
{
    return saveEntity(this, group, &StorageTables::saveGroup, error);
}

bool Storage::saveRule(RoutingRule *rule, QString *error)
{
    return saveEntity(this, rule, &StorageTables::saveRule, error);
}

bool Storage::saveClientKey(ClientKey *key, QString *error)
{
    return saveEntity(this, key, &StorageTables::saveClientKey, error);
}

bool Storage::deleteProvider(qint64 id, QString *error)
{
    return write(
        [id](QSqlDatabase &db, QString *e) {
            return StorageTables::deleteEntity(db, StorageTables::Entity::Provider, id, e);
        },
        error);
}

bool Storage::deleteChannel(qint64 id, QString *error)
{
    return write(
        [id](QSqlDatabase &db, QString *e) {
            return StorageTables::deleteEntity(db, StorageTables::Entity::Channel, id, e);
        },
        error);
}

bool Storage::deleteGroup(qint64 id, QString *error)
{
    return write(
        [id](QSqlDatabase &db, QString *e) {
            return StorageTables::deleteEntity(db, StorageTables::Entity::Group, id, e);
        },
        error);
}

bool Storage::deleteRule(qint64 id, QString *error)
{
    return write(
        [id](QSqlDatabase &db, QString *e) {
            return StorageTables::deleteEntity(db, StorageTables::Entity::Rule, id, e);
        },
        error);
}

bool Storage::deleteClientKey(qint64 id, QString *error)
{
    return write(
        [id](QSqlDatabase &db, QString *e) {
            return StorageTables::deleteEntity(db, StorageTables::Entity::ClientKey, id, e);
        },
        error);
}

QVariant Storage::setting(const QString &key, const QVariant &defaultValue) const
{
    std::optional<QVariant> value;
    QString error;
    if (!read(
            [&](QSqlDatabase &db, QString *e) {
                value = StorageTables::setting(db, key, e);
                return !value || value->isValid();
            },
            &error)) {
        qCWarning(lcStorage) << "reading setting" << key << "failed:" << error;
        return defaultValue;
    }
    return value.value_or(defaultValue);
}

bool Storage::setSetting(const QString &key, const QVariant &value, QString *error)
{
    if (!StorageTables::isStorableSetting(value)) {
        Db::setError(
            error,
            tr("The setting %1 cannot hold a value of type %2.").arg(key, QLatin1String(value.typeName())));
        return false;
    }
    if (!write([&](QSqlDatabase &db, QString *e) { return StorageTables::setSetting(db, key, value, e); },
               error))
        return false;
    Q_EMIT settingChanged(key);
    return true;
}

void Storage::recordUsage(const UsageRecord &record)
{
    if (!m_writer) {
        qCWarning(lcStorage) << "usage record" << record.requestId << "dropped: the database is not open";
        return;
    }
    m_writer->postUsage(record);
}

void Storage::flushUsage()
{
    if (!m_writer)
        return;
    callOnWriter(m_writer, [this] { return m_writer->commitPendingUsage(); });
}

QList<UsageRecord> Storage::recentUsage(int limit) const
{
    QList<UsageRecord> records;
    QString error;
    if (!read(
            [&](QSqlDatabase &db, QString *e) { return StorageTables::recentUsage(db, limit, &records, e); },
            &error))
        qCWarning(lcStorage) << "reading recent usage failed:" << error;
    return records;
}

qint64 Storage::usageCount() const
{
    qint64 count = -1;
    QString error;
    if (!read([&](QSqlDatabase &db, QString *e) { return (count = StorageTables::usageCount(db, e)) >= 0; },
              &error))
        qCWarning(lcStorage) << "counting usage failed:" << error;
    return count;
}

bool Storage::write(const DbFunction &fn, QString *error)
{
    // A write nested in another one has not committed yet; the outer write announces both.
    const bool nested = m_writerThread && QThread::currentThread() == m_writerThread;
    if (!writeData(fn, error))
        return false;
    if (!nested)
        Q_EMIT configChanged();
    return true;
}

bool Storage::writeData(const DbFunction &fn, QString *error)
{
    if (!m_writer) {
        Db::setError(error, tr("The database is not open."));
        return false;
    }
    return callOnWriter(m_writer, [&] { return m_writer->runInTransaction(fn, error); });
}

bool Storage::read(const DbFunction &fn, QString *error) const
{
    if (!m_writer) {
        Db::setError(error, tr("The database is not open."));
        return false;
    }
    if (QThread::currentThread() != m_ownerThread) {
        // Only the opening thread has a read connection; the writer's connection serves the rest.
        return callOnWriter(m_writer, [&] { return m_writer->run(fn, error); });
    }
    QSqlDatabase db = Db::connection(m_readConnection);
    if (m_readDepth > 0)
        return fn(db, error);
    // One read transaction, so multi-table reads see a single committed state even while the
    // writer commits in between.
    if (!Db::begin(db, Db::TransactionKind::Deferred, error))
        return false;
    ++m_readDepth;
    const bool ok = fn(db, error);
    --m_readDepth;
    QString endError;
    if (!Db::commit(db, &endError))
        qCWarning(lcStorage) << "ending a read transaction failed:" << endError;
    return ok;
}

} // namespace Switchyard
