#include "storagewriter.h"

#include "applogging.h"
#include "database.h"
#include "migrations.h"
#include "storagetables.h"

#include <QThread>
#include <QTimer>

namespace Switchyard {

namespace {

// Body capture (proxy/captureBodies): the bodies and redacted headers a record carries go to
// request_bodies, keyed by request id, in the same transaction as the usage row, so a row and its
// bodies are committed (or retried) together.
bool hasCapture(const UsageRecord &record)
{
    return !record.requestId.isEmpty()
        && (!record.requestBody.isEmpty() || !record.responseBody.isEmpty()
            || !record.requestHeaders.isEmpty());
}

bool insertCapture(std::optional<QSqlQuery> &query, QSqlDatabase &db, const UsageRecord &record,
                   QString *error)
{
    if (!query) {
        // Prepared lazily: capture is off in normal use, and most batches carry no bodies at all.
        query.emplace(db);
        if (!Db::prepare(*query,
                         QStringLiteral("INSERT OR REPLACE INTO request_bodies "
                                        "(request_id, captured_ms, request, response, request_headers) "
                                        "VALUES (?, ?, ?, ?, ?)"),
                         error))
            return false;
    }
    query->bindValue(0, record.requestId);
    query->bindValue(1, record.timestampMs);
    query->bindValue(2, Db::bindable(record.requestBody));
    query->bindValue(3, Db::bindable(record.responseBody));
    query->bindValue(4, Db::bindable(record.requestHeaders));
    return Db::exec(*query, error);
}

} // namespace

StorageWriter::StorageWriter(const QString &databasePath, const QString &connectionName)
    : m_databasePath(databasePath)
    , m_connectionName(connectionName)
{
}

StorageWriter::~StorageWriter()
{
    // Storage calls shutdown() on the writer thread; this only catches a writer that never opened.
    Q_ASSERT(!m_open);
}

QSqlDatabase StorageWriter::database() const
{
    return Db::connection(m_connectionName);
}

bool StorageWriter::open(QString *error)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!Db::openConnection(m_connectionName, m_databasePath, Db::ConnectionRole::Writer, error))
        return false;
    m_open = true;
    QSqlDatabase db = database();
    m_insertUsage.emplace(db);
    if (!Migrations::migrate(db, error) || !StorageTables::prepareUsageInsert(*m_insertUsage, error)) {
        db = QSqlDatabase();
        shutdown();
        return false;
    }
    // Created here so the timer belongs to the writer thread.
    m_batchTimer = new QTimer(this);
    m_batchTimer->setSingleShot(true);
    m_batchTimer->setInterval(MaxBatchDelayMs);
    connect(m_batchTimer, &QTimer::timeout, this, &StorageWriter::commitPendingUsage);
    return true;
}

void StorageWriter::shutdown()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_open)
        commitPendingUsage();
    qsizetype dropped = 0;
    {
        QMutexLocker locker(&m_queueMutex);
        m_accepting = false;
        dropped = m_queue.size();
        m_queue.clear();
    }
    if (dropped > 0)
        qCWarning(lcStorage) << "closing the database with" << dropped
                             << "usage records that could not be committed";
    if (m_batchTimer)
        m_batchTimer->stop();
    m_insertUsage.reset();
    if (m_open) {
        Db::closeConnection(m_connectionName);
        m_open = false;
    }
}

bool StorageWriter::run(const Function &fn, QString *error)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_open) {
        Db::setError(error, QStringLiteral("the database is closed"));
        return false;
    }
    QSqlDatabase db = database();
    return fn(db, error);
}

bool StorageWriter::runInTransaction(const Function &fn, QString *error)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_open) {
        Db::setError(error, QStringLiteral("the database is closed"));
        return false;
    }
    QSqlDatabase db = database();
    if (m_inTransaction)
        return fn(db, error);

    if (!Db::begin(db, Db::TransactionKind::Immediate, error))
        return false;
    m_inTransaction = true;
    QString fnError;
    bool ok = fn(db, &fnError);
    m_inTransaction = false;
    if (ok)
        ok = Db::commit(db, &fnError);
    if (!ok) {
        Db::rollback(db);
        Db::setError(error, fnError.isEmpty() ? QStringLiteral("the write was cancelled") : fnError);
    }
    return ok;
}

bool StorageWriter::commitPendingUsage()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_inTransaction) {
        // Called from inside a write function (e.g. a flush from there): committing the records in
        // that transaction would lose them if it rolls back, so leave them for the timer.
        armBatchTimer();
        return false;
    }
    QList<UsageRecord> batch;
    {
        QMutexLocker locker(&m_queueMutex);
        batch.swap(m_queue);
    }
    if (batch.isEmpty() || !m_open)
        return batch.isEmpty();

    const bool report = m_reportCommits.load(std::memory_order_relaxed);
    QList<UsageRecord> stored;
    QString error;
    const bool ok = runInTransaction(
        [&](QSqlDatabase &db, QString *insertError) {
            stored.clear();
            std::optional<QSqlQuery> insertBodies;
            for (const UsageRecord &record : std::as_const(batch)) {
                bool rejected = false;
                QString recordError;
                if (StorageTables::insertUsage(*m_insertUsage, record, &recordError, &rejected)) {
                    if (hasCapture(record) && !insertCapture(insertBodies, db, record, insertError))
                        return false;
                    if (report)
                        stored.append(record);
                    continue;
                }
                if (!rejected) {
                    *insertError = recordError;
                    return false;
                }
                // SQLite undid just this statement. Retrying a row the schema refuses would block
                // every later record behind it, so it is dropped, loudly.
                qCWarning(lcStorage) << "usage record" << record.requestId
                                     << "refused, dropped:" << recordError;
            }
            return true;
        },
        &error);
    m_insertUsage->finish();

    if (!ok) {
        // Keep the records (oldest first) and retry with the next batch: a full disk or a lock held
        // by another process is usually temporary.
        if (m_failedBatches++ == 0)
            qCWarning(lcStorage) << "could not record" << batch.size()
                                 << "usage records, will retry:" << error;
        {
            QMutexLocker locker(&m_queueMutex);
            batch.append(m_queue);
            m_queue.swap(batch);
        }
        armBatchTimer();
        return false;
    }
    if (m_failedBatches > 0)
        qCInfo(lcStorage) << "usage recording recovered after" << m_failedBatches << "failed attempts";
    m_failedBatches = 0;
    if (report)
        Q_EMIT usageCommitted(stored);
    return true;
}

void StorageWriter::setReportCommits(bool report)
{
    m_reportCommits.store(report, std::memory_order_relaxed);
}

void StorageWriter::postUsage(const UsageRecord &record)
{
    qsizetype queued = 0;
    {
        QMutexLocker locker(&m_queueMutex);
        if (!m_accepting) {
            locker.unlock();
            qCWarning(lcStorage) << "usage record" << record.requestId << "dropped: the database is closed";
            return;
        }
        m_queue.append(record);
        queued = m_queue.size();
    }
    // Only the transitions matter: the first record of a batch starts the delay timer, the
    // BatchSize-th asks for an immediate commit. Everything else just waits in the queue.
    if (queued == 1)
        QMetaObject::invokeMethod(this, &StorageWriter::armBatchTimer, Qt::QueuedConnection);
    else if (queued == BatchSize)
        QMetaObject::invokeMethod(this, &StorageWriter::commitPendingUsage, Qt::QueuedConnection);
}

void StorageWriter::armBatchTimer()
{
    if (m_batchTimer && !m_batchTimer->isActive())
        m_batchTimer->start();
}

} // namespace Switchyard
