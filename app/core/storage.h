#pragma once

// The one local SQLite database. Reads run on the thread that opened the Storage (normally the GUI
// thread) through its own connection; every write runs on a dedicated writer thread that owns the
// write connection and batches usage inserts. WAL mode lets the two proceed side by side, and the
// proxy thread never waits on disk: it only posts records.

#include "configtypes.h"
#include "usagerecord.h"

#include <QObject>
#include <QVariant>

#include <functional>

class QThread;
class QSqlDatabase;

namespace Switchyard {

class StorageWriter;

class Storage : public QObject
{
    Q_OBJECT

public:
    explicit Storage(QObject *parent = nullptr);
    ~Storage() override;

    static QString databaseFileName() { return QStringLiteral("switchyard.db"); }
    static int currentSchemaVersion();

    // Opens (creating if needed) <dataDir>/switchyard.db in WAL mode, migrates it forward to the
    // current schema one step at a time, and starts the writer thread.
    bool open(const QString &dataDir, QString *error = nullptr);
    // Commits pending usage and stops the writer thread. Safe to call twice.
    void close();
    bool isOpen() const;
    QString databasePath() const;
    int schemaVersion() const;
    // Result of PRAGMA integrity_check: "ok" when healthy.
    QString integrityCheck() const;

    // --- Configuration. Call from the opening thread; writes block until committed. ---
    ConfigData loadConfig() const;
    // Makes the stored configuration equal to *config in one transaction: rows are matched by id,
    // id 0 inserts, stored rows absent from *config are deleted. Writes the new ids back.
    bool saveConfig(ConfigData *config, QString *error = nullptr);

    bool saveProvider(Provider *provider, QString *error = nullptr); // id 0 inserts
    bool deleteProvider(qint64 id, QString *error = nullptr); // deletes its channels too
    bool saveChannel(Channel *channel, QString *error = nullptr);
    bool deleteChannel(qint64 id, QString *error = nullptr);
    bool saveGroup(ModelGroup *group, QString *error = nullptr);
    bool deleteGroup(qint64 id, QString *error = nullptr);
    bool saveRule(RoutingRule *rule, QString *error = nullptr);
    bool deleteRule(qint64 id, QString *error = nullptr);
    bool saveClientKey(ClientKey *key, QString *error = nullptr);
    bool deleteClientKey(qint64 id, QString *error = nullptr);

    QVariant setting(const QString &key, const QVariant &defaultValue = {}) const;
    bool setSetting(const QString &key, const QVariant &value, QString *error = nullptr);

    // --- Usage. ---
    // Thread-safe and non-blocking: posts the record to the writer thread, which commits in batches
    // (at most ~100 ms later). Connect producers with Qt::DirectConnection so the record goes
    // straight from the producing thread to the writer.
    void recordUsage(const UsageRecord &record);
    // Blocks until every record posted so far is committed. Thread-safe.
    void flushUsage();
    QList<UsageRecord> recentUsage(int limit = 100) const;
    qint64 usageCount() const;

    // Runs fn on the writer thread inside one transaction and waits. fn returns false (and may set
    // the error) to roll back. This is how every config write reaches the disk.
    bool write(const std::function<bool(QSqlDatabase &db, QString *error)> &fn, QString *error = nullptr);

Q_SIGNALS:
    void configChanged();

private:
    QString m_dataDir;
    QString m_readConnection;
    QThread *m_writerThread = nullptr;
    StorageWriter *m_writer = nullptr;
};

} // namespace Switchyard
