#pragma once

// The write side of Storage. Lives on its own QThread and owns the only connection that changes
// switchyard.db. Config writes arrive as blocking calls from Storage; usage records arrive from any
// thread through postUsage(), which only appends to a locked queue, and are committed in batches so
// that a busy proxy costs one transaction per ~100 requests instead of one per request.

#include "usagerecord.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <atomic>
#include <functional>
#include <optional>

class QTimer;

namespace Switchyard {

class StorageWriter : public QObject
{
    Q_OBJECT

public:
    using Function = std::function<bool(QSqlDatabase &db, QString *error)>;

    // A batch is committed once this many records are queued...
    static constexpr int BatchSize = 100;
    // ...or this long after the first record of the batch was queued, whichever comes first.
    static constexpr int MaxBatchDelayMs = 100;

    StorageWriter(const QString &databasePath, const QString &connectionName);
    ~StorageWriter() override;

    // --- Writer thread only (Storage reaches them through blocking invocations). ---

    // Opens the write connection, switches the file to WAL and migrates the schema.
    bool open(QString *error);
    // Commits the queued usage, then closes the connection. Records posted afterwards are dropped.
    void shutdown();
    // Runs fn inside one transaction; fn returning false (or a failed commit) rolls back. A call made
    // from inside fn joins the running transaction.
    bool runInTransaction(const Function &fn, QString *error);
    // Runs fn on the write connection without opening a transaction of its own. Used for reads
    // requested from threads that have no read connection.
    bool run(const Function &fn, QString *error);
    // Commits every queued usage record in one transaction. On failure the records stay queued and
    // are retried with the next batch.
    bool commitPendingUsage();

    // --- Any thread. ---

    // Queues a record; never blocks on the database.
    void postUsage(const UsageRecord &record);
    // Whether committed batches are announced through usageCommitted(). Off unless someone
    // listens, so a process without an event loop on the receiving side does not pile up events.
    void setReportCommits(bool report);

Q_SIGNALS:
    // Emitted on the writer thread after a batch committed.
    void usageCommitted(const QList<UsageRecord> &records);

private:
    void armBatchTimer();
    QSqlDatabase database() const;

    const QString m_databasePath;
    const QString m_connectionName;
    QTimer *m_batchTimer = nullptr;
    std::optional<QSqlQuery> m_insertUsage; // prepared once per connection
    bool m_inTransaction = false;
    bool m_open = false;
    int m_failedBatches = 0;
    std::atomic_bool m_reportCommits {
        false}; // consecutive failures, to log the first one loudly and not flood

    QMutex m_queueMutex;
    QList<UsageRecord> m_queue; // guarded by m_queueMutex
    bool m_accepting = true; // guarded by m_queueMutex
};

} // namespace Switchyard
