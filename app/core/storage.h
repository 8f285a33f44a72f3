#pragma once

// The one local SQLite database. Reads run on the thread that opened the Storage (normally the GUI
// thread) through its own connection; every write runs on a dedicated writer thread that owns the
// write connection and batches usage inserts. WAL mode lets the two proceed side by side, and the
// proxy thread never waits on disk: it only posts records.
//
// Threading contract: open(), close() and the destructor belong to the opening thread. Reads called
// from another thread are served by the writer's connection (correct, just serialised with writes).
// write(), the save/delete functions, recordUsage() and flushUsage() may be called from any thread
// while the Storage is open; stop the producers of usage records before close().

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
    using DbFunction = std::function<bool(QSqlDatabase &db, QString *error)>;

    explicit Storage(QObject *parent = nullptr);
    ~Storage() override;

    static QString databaseFileName() { return QStringLiteral("switchyard.db"); }
    static int currentSchemaVersion();

    // Opens (creating if needed) <dataDir>/switchyard.db in WAL mode, migrates it forward to the
    // current schema one step at a time, and starts the writer thread. Fails, with a message naming
    // the directory or file, when the directory cannot be created or written, the file is not a
    // database, or its schema is newer than this build knows (it is never downgraded).
    bool open(const QString &dataDir, QString *error = nullptr);
    // Commits pending usage and stops the writer thread. Safe to call twice.
    void close();
    bool isOpen() const;
    QString dataDir() const;
    QString databasePath() const;
    int schemaVersion() const;
    // Result of PRAGMA integrity_check: "ok" when healthy.
    QString integrityCheck() const;

    // --- Configuration. Call from the opening thread; writes block until committed. ---
    // Everything, settings included, with ids and nested keys/members/prices. Top-level lists are
    // ordered by id (rules by position, then id), nested lists keep the order they were saved in.
    ConfigData loadConfig() const;
    bool loadConfig(ConfigData *config, QString *error = nullptr) const;
    // Makes the stored configuration equal to *config in one transaction: rows are matched by id,
    // id 0 inserts, stored rows absent from *config are deleted. Writes the new ids back.
    // Settings are part of it: the stored settings become exactly config->settings.
    // A negative id is a placeholder for a new entity that others in the same config refer to
    // (Channel::providerId, GroupMember::channelId); it is inserted and the references are rewritten.
    // A positive id that is not stored (any more) is inserted under that id.
    // On failure nothing changes, in the database or in *config.
    bool saveConfig(ConfigData *config, QString *error = nullptr);

    // Single-entity saves insert when id <= 0 and write the new id back (nested keys/members too);
    // on failure the entity is left untouched. Deletes fail when no row has that id.
    bool saveProvider(Provider *provider, QString *error = nullptr); // id 0 inserts
    bool deleteProvider(qint64 id, QString *error = nullptr); // deletes its channels too
    bool saveChannel(Channel *channel, QString *error = nullptr);
    bool deleteChannel(qint64 id, QString *error = nullptr); // and its keys and group memberships
    bool saveGroup(ModelGroup *group, QString *error = nullptr);
    bool deleteGroup(qint64 id, QString *error = nullptr);
    bool saveRule(RoutingRule *rule, QString *error = nullptr);
    bool deleteRule(qint64 id, QString *error = nullptr);
    bool saveClientKey(ClientKey *key, QString *error = nullptr); // sets createdAt on insert if unset
    bool deleteClientKey(qint64 id, QString *error = nullptr);

    // Strings, integers, booleans, doubles, QDateTime, QByteArray, QStringList, QVariantList and
    // QVariantMap round-trip with their type. Setting an invalid QVariant removes the key.
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
    // the error) to roll back. This is how every config write reaches the disk. Emits configChanged()
    // after a successful commit. StorageTables (storagetables.h) has the row functions to use in fn.
    bool write(const DbFunction &fn, QString *error = nullptr);
    // The same without configChanged(), for data that is not configuration (captured request
    // bodies, maintenance), so that writing it does not make the proxy rebuild its snapshot.
    bool writeData(const DbFunction &fn, QString *error = nullptr);
    // Runs fn against one consistent snapshot of the database (a read transaction) and waits; for
    // queries the typed functions above do not cover, e.g. usage aggregations for charts. fn must
    // not write: on the opening thread the connection is read-only.
    bool read(const DbFunction &fn, QString *error = nullptr) const;

Q_SIGNALS:
    // After every successful config or settings write, on the thread that made the write.
    void configChanged();
    void settingChanged(const QString &key);
    // After a batch of usage records was committed, delivered on the Storage's thread. Batches are
    // only announced while something is connected.
    void usageRecorded(const QList<UsageRecord> &records);

protected:
    void connectNotify(const QMetaMethod &signal) override;
    void disconnectNotify(const QMetaMethod &signal) override;

private:
    void stopWriter();
    void updateCommitReporting();

    QString m_dataDir;
    QString m_databasePath;
    QString m_readConnection;
    QThread *m_ownerThread = nullptr;
    QThread *m_writerThread = nullptr;
    StorageWriter *m_writer = nullptr;
    mutable int m_readDepth = 0; // nested read() calls share the outer read transaction
};

} // namespace Switchyard
