#pragma once

// Row mapping between the value types (configtypes.h, usagerecord.h) and the tables of
// switchyard.db. Every function works on the connection it is given, inside whatever transaction the
// caller holds, so several of them can be combined atomically inside Storage::write():
//
//     storage->write([&](QSqlDatabase &db, QString *error) {
//         return StorageTables::saveProvider(db, &provider, error)
//             && StorageTables::saveChannel(db, &channel, error);
//     });
//
// Saves are upserts by id: id <= 0 inserts and writes the new id back, a positive id updates that
// row (or inserts it under that id when it is gone). Nested lists (channel keys, group members,
// provider prices) are synchronised with the parent: their order is kept in a position column and
// stored children absent from the list are deleted.

#include "configtypes.h"
#include "usagerecord.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <optional>

namespace Switchyard::StorageTables {

bool saveProvider(QSqlDatabase &db, Provider *provider, QString *error);
bool saveChannel(QSqlDatabase &db, Channel *channel, QString *error);
bool saveGroup(QSqlDatabase &db, ModelGroup *group, QString *error);
bool saveRule(QSqlDatabase &db, RoutingRule *rule, QString *error);
bool saveClientKey(QSqlDatabase &db, ClientKey *key, QString *error);

// Tables whose rows can be deleted by id. Foreign keys cascade: a provider takes its channels
// along, a channel its keys and group memberships, a group its members.
enum class Entity
{
    Provider,
    Channel,
    Group,
    Rule,
    ClientKey,
};
// Fails when no such row exists.
bool deleteEntity(QSqlDatabase &db, Entity entity, qint64 id, QString *error);

// Makes the stored configuration equal to *config (see Storage::saveConfig), writing ids back.
bool saveConfig(QSqlDatabase &db, ConfigData *config, QString *error);
bool loadConfig(QSqlDatabase &db, ConfigData *config, QString *error);

// Settings keep their value type: strings, integers, booleans, doubles, date-times, byte arrays
// and JSON-like containers (QVariantMap, QVariantList, QStringList) round-trip exactly.
// Setting an invalid QVariant removes the key.
bool setSetting(QSqlDatabase &db, const QString &key, const QVariant &value, QString *error);
// std::nullopt when the key is absent; an invalid QVariant with *error when the query failed.
std::optional<QVariant> setting(QSqlDatabase &db, const QString &key, QString *error);
bool loadSettings(QSqlDatabase &db, QVariantMap *settings, QString *error);
// Whether setSetting() can store values of this type.
bool isStorableSetting(const QVariant &value);

// Usage rows. The insert is prepared once per batch and executed per record.
bool prepareUsageInsert(QSqlQuery &query, QString *error);
// *rejected tells a row the schema refuses (never retried) from a database failure (retried).
bool insertUsage(QSqlQuery &prepared, const UsageRecord &record, QString *error, bool *rejected = nullptr);
// Newest first (by timestamp, then insertion order).
bool recentUsage(QSqlDatabase &db, int limit, QList<UsageRecord> *records, QString *error);
qint64 usageCount(QSqlDatabase &db, QString *error);

} // namespace Switchyard::StorageTables
