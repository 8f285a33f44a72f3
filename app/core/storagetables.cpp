#include "storagetables.h"

#include "database.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSet>

namespace Switchyard::StorageTables {

namespace {

struct Column
{
    const char *name;
    QVariant value;
};

bool failWith(QString *error, const QString &context, const QString &reason)
{
    Db::setError(error, context + QStringLiteral(": ") + reason);
    return false;
}

// INSERT ... ON CONFLICT(id) DO UPDATE: id <= 0 lets SQLite pick the id, which is written back.
bool upsert(QSqlDatabase &db, const char *table, qint64 *id, const QList<Column> &columns, QString *error)
{
    QStringList names {QStringLiteral("id")};
    QStringList updates;
    for (const Column &column : columns) {
        const QString name = QLatin1String(column.name);
        names.append(name);
        updates.append(QStringLiteral("%1 = excluded.%1").arg(name));
    }
    QStringList placeholders;
    placeholders.fill(QStringLiteral("?"), names.size());
    const QString sql = QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) ON CONFLICT(id) DO UPDATE SET %4")
                            .arg(QLatin1String(table), names.join(QStringLiteral(", ")),
                                 placeholders.join(QStringLiteral(", ")), updates.join(QStringLiteral(", ")));
    QSqlQuery query(db);
    if (!Db::prepare(query, sql, error))
        return false;
    query.addBindValue(*id > 0 ? QVariant(*id) : Db::null());
    for (const Column &column : columns)
        query.addBindValue(Db::bindable(column.value));
    if (!Db::exec(query, error))
        return false;
    if (*id <= 0)
        *id = query.lastInsertId().toLongLong();
    return true;
}

// Deletes the rows of table (restricted to parentColumn = parentId when parentColumn is set) whose
// id is not in keep.
bool deleteAbsent(QSqlDatabase &db, const char *table, const char *parentColumn, qint64 parentId,
                  const QSet<qint64> &keep, QString *error)
{
    QList<qint64> doomed;
    {
        QSqlQuery select(db);
        QString sql = QStringLiteral("SELECT id FROM %1").arg(QLatin1String(table));
        if (parentColumn)
            sql += QStringLiteral(" WHERE %1 = ?").arg(QLatin1String(parentColumn));
        if (!Db::prepare(select, sql, error))
            return false;
        if (parentColumn)
            select.addBindValue(parentId);
        if (!Db::exec(select, error))
            return false;
        while (select.next()) {
            const qint64 id = select.value(0).toLongLong();
            if (!keep.contains(id))
                doomed.append(id);
        }
    }
    if (doomed.isEmpty())
        return true;
    QSqlQuery remove(db);
    if (!Db::prepare(remove, QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(QLatin1String(table)), error))
        return false;
    for (qint64 id : std::as_const(doomed)) {
        remove.addBindValue(id);
        if (!Db::exec(remove, error))
            return false;
    }
    return true;
}

template<typename T>
QSet<qint64> storedIds(const QList<T> &items)
{
    QSet<qint64> ids;
    for (const T &item : items) {
        if (item.id > 0)
            ids.insert(item.id);
    }
    return ids;
}

QVariant msOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : Db::null();
}

QDateTime timeFromMs(const QVariant &column)
{
    return column.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(column.toLongLong());
}

QJsonObject priceToJson(const ModelPrice &price)
{
    return QJsonObject {{QStringLiteral("model"), price.model},
                        {QStringLiteral("input"), price.inputPerMTok},
                        {QStringLiteral("output"), price.outputPerMTok},
                        {QStringLiteral("cacheRead"), price.cacheReadPerMTok},
                        {QStringLiteral("cacheWrite"), price.cacheWritePerMTok}};
}

ModelPrice priceFromJson(const QJsonObject &json)
{
    return ModelPrice {json.value(u"model").toString(), json.value(u"input").toDouble(),
                       json.value(u"output").toDouble(), json.value(u"cacheRead").toDouble(),
                       json.value(u"cacheWrite").toDouble()};
}

// Reads the columns of the current row in SELECT order.
class RowReader
{
public:
    explicit RowReader(const QSqlQuery &query)
        : m_query(query)
    {
    }
    QVariant value() { return m_query.value(m_index++); }
    qint64 integer() { return value().toLongLong(); }
    int smallInt() { return value().toInt(); }
    double real() { return value().toDouble(); }
    bool flag() { return value().toLongLong() != 0; }
    QString text() { return value().toString(); }

private:
    const QSqlQuery &m_query;
    int m_index = 0;
};

// The element of list whose id is indexed in index, or nullptr. Foreign keys make a miss impossible
// in a healthy file; the check keeps a damaged one from crashing the loader.
template<typename T>
T *parentOf(QList<T> &list, const QHash<qint64, qsizetype> &index, qint64 id)
{
    const auto it = index.constFind(id);
    return it == index.constEnd() ? nullptr : &list[it.value()];
}

// Runs a SELECT and calls onRow(reader) for every row.
template<typename OnRow>
bool selectRows(QSqlDatabase &db, const QString &sql, const QVariantList &bindings, OnRow onRow,
                QString *error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!Db::prepare(query, sql, error))
        return false;
    for (const QVariant &binding : bindings)
        query.addBindValue(binding);
    if (!Db::exec(query, error))
        return false;
    while (query.next()) {
        RowReader reader(query);
        onRow(reader);
    }
    return true;
}

// Children are synchronised per parent when one entity is saved on its own. A whole-config save
// deletes absent children globally first, so a key or member moved between parents survives.
enum class ChildSync
{
    PerParent,
    AlreadyDone,
};

bool saveProviderImpl(QSqlDatabase &db, Provider *provider, QString *error)
{
    const QString context = QStringLiteral("provider \"%1\"").arg(provider->name);
    QString reason;
    const bool ok = upsert(db, "providers", &provider->id,
                           {{"name", provider->name},
                            {"protocol", protocolToString(provider->protocol)},
                            {"base_url", provider->baseUrl},
                            {"capabilities", Db::jsonText(provider->capabilities)},
                            {"options", Db::jsonText(provider->options)},
                            {"enabled", provider->enabled}},
                           &reason);
    if (!ok)
        return failWith(error, context, reason);

    // Prices have no identity of their own: the list is rewritten with its order.
    QSqlQuery clear(db);
    if (!Db::prepare(clear, QStringLiteral("DELETE FROM provider_prices WHERE provider_id = ?"), &reason))
        return failWith(error, context, reason);
    clear.addBindValue(provider->id);
    if (!Db::exec(clear, &reason))
        return failWith(error, context, reason);
    for (qsizetype i = 0; i < provider->prices.size(); ++i) {
        const ModelPrice &price = provider->prices.at(i);
        qint64 priceId = 0;
        if (!upsert(db, "provider_prices", &priceId,
                    {{"provider_id", provider->id},
                     {"position", qint64(i)},
                     {"model", price.model},
                     {"input_per_mtok", price.inputPerMTok},
                     {"output_per_mtok", price.outputPerMTok},
                     {"cache_read_per_mtok", price.cacheReadPerMTok},
                     {"cache_write_per_mtok", price.cacheWritePerMTok}},
                    &reason))
            return failWith(error, context, reason);
    }
    return true;
}

bool saveChannelImpl(QSqlDatabase &db, Channel *channel, ChildSync sync, QString *error)
{
    const QString context = QStringLiteral("channel \"%1\"").arg(channel->name);
    QString reason;
    if (channel->providerId <= 0)
        return failWith(error, context, QStringLiteral("it has no provider"));
    const bool ok = upsert(db, "channels", &channel->id,
                           {{"provider_id", channel->providerId},
                            {"name", channel->name},
                            {"base_url", channel->baseUrl},
                            {"models", Db::jsonText(channel->models)},
                            {"priority", channel->priority},
                            {"weight", channel->weight},
                            {"enabled", channel->enabled},
                            {"daily_request_quota", channel->dailyRequestQuota},
                            {"daily_budget", channel->dailyBudget},
                            {"proxy_url", channel->proxyUrl},
                            {"options", Db::jsonText(channel->options)}},
                           &reason);
    if (!ok)
        return failWith(error, context, reason);
    if (sync == ChildSync::PerParent
        && !deleteAbsent(db, "channel_keys", "channel_id", channel->id, storedIds(channel->keys), &reason))
        return failWith(error, context, reason);
    for (qsizetype i = 0; i < channel->keys.size(); ++i) {
        ChannelKey &key = channel->keys[i];
        if (!upsert(db, "channel_keys", &key.id,
                    {{"channel_id", channel->id},
                     {"position", qint64(i)},
                     {"secret_ref", key.secretRef},
                     {"hint", key.hint},
                     {"fingerprint", key.fingerprint},
                     {"weight", key.weight},
                     {"disabled", key.disabled},
                     {"disabled_reason", key.disabledReason}},
                    &reason))
            return failWith(error, context + QStringLiteral(" key %1").arg(i), reason);
    }
    return true;
}

bool saveGroupImpl(QSqlDatabase &db, ModelGroup *group, ChildSync sync, QString *error)
{
    const QString context = QStringLiteral("group \"%1\"").arg(group->name);
    QString reason;
    const bool ok = upsert(db, "model_groups", &group->id,
                           {{"name", group->name},
                            {"strategy", group->strategy},
                            {"daily_budget", group->dailyBudget},
                            {"max_cost_per_request", group->maxCostPerRequest},
                            {"enabled", group->enabled},
                            {"options", Db::jsonText(group->options)}},
                           &reason);
    if (!ok)
        return failWith(error, context, reason);
    if (sync == ChildSync::PerParent
        && !deleteAbsent(db, "group_members", "group_id", group->id, storedIds(group->members), &reason))
        return failWith(error, context, reason);
    for (qsizetype i = 0; i < group->members.size(); ++i) {
        GroupMember &member = group->members[i];
        const QVariant price =
            member.priceOverride ? QVariant(Db::jsonText(priceToJson(*member.priceOverride))) : Db::null();
        if (!upsert(db, "group_members", &member.id,
                    {{"group_id", group->id},
                     {"channel_id", member.channelId},
                     {"position", qint64(i)},
                     {"model", member.model},
                     {"priority", member.priority},
                     {"weight", member.weight},
                     {"capabilities", Db::jsonText(member.capabilities)},
                     {"context_window", member.contextWindow},
                     {"price_override", price}},
                    &reason))
            return failWith(error, context + QStringLiteral(" member %1 (%2)").arg(i).arg(member.model),
                            reason);
    }
    return true;
}

const char *tableOf(Entity entity)
{
    switch (entity) {
    case Entity::Provider:
        return "providers";
    case Entity::Channel:
        return "channels";
    case Entity::Group:
        return "model_groups";
    case Entity::Rule:
        return "routing_rules";
    case Entity::ClientKey:
        return "client_keys";
    }
    return "";
}

// Resolves a reference inside a config being saved: positive ids are stored rows, negative ids are
// placeholders for entities inserted earlier in the same save.
bool resolveReference(qint64 *reference, const QHash<qint64, qint64> &placeholders)
{
    if (*reference >= 0)
        return true;
    const auto it = placeholders.constFind(*reference);
    if (it == placeholders.constEnd())
        return false;
    *reference = it.value();
    return true;
}

// Saves every item of list, recording placeholder (negative) ids -> new ids.
template<typename T, typename Save>
bool saveAll(QList<T> &list, QHash<qint64, qint64> *placeholders, Save save)
{
    for (T &item : list) {
        const qint64 before = item.id;
        if (!save(&item))
            return false;
        if (before < 0 && placeholders)
            placeholders->insert(before, item.id);
    }
    return true;
}

// --- Settings encoding: value text plus the QMetaType name needed to restore the exact type. ---

bool isJsonContainer(int typeId)
{
    return typeId == QMetaType::QVariantMap || typeId == QMetaType::QVariantList
        || typeId == QMetaType::QStringList;
}

bool isIntegral(int typeId)
{
    switch (typeId) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Long:
    case QMetaType::ULong:
        return true;
    default:
        return false;
    }
}

std::optional<QString> encodeSetting(const QVariant &value)
{
    const int typeId = value.metaType().id();
    switch (typeId) {
    case QMetaType::QString:
        return value.toString();
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::Double:
    case QMetaType::Float:
        // Shortest representation that parses back to the same double.
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QMetaType::QByteArray:
        return QString::fromLatin1(value.toByteArray().toBase64());
    case QMetaType::QDateTime:
        return value.toDateTime().toString(Qt::ISODateWithMs);
    default:
        break;
    }
    if (isIntegral(typeId))
        return value.toString();
    if (isJsonContainer(typeId)) {
        // Wrapped in an array so that lists and maps share one encoding.
        const QJsonArray wrapper {QJsonValue::fromVariant(value)};
        return QString::fromUtf8(QJsonDocument(wrapper).toJson(QJsonDocument::Compact));
    }
    return std::nullopt;
}

QVariant decodeSetting(const QString &text, const QString &typeName)
{
    const QMetaType type = QMetaType::fromName(typeName.toLatin1());
    if (!type.isValid())
        return text;
    const int typeId = type.id();
    if (typeId == QMetaType::QByteArray)
        return QByteArray::fromBase64(text.toLatin1());
    if (typeId == QMetaType::QDateTime)
        return QDateTime::fromString(text, Qt::ISODateWithMs);
    if (isJsonContainer(typeId)) {
        QVariant inner = QJsonDocument::fromJson(text.toUtf8()).array().at(0).toVariant();
        inner.convert(type);
        return inner;
    }
    if (typeId == QMetaType::Bool)
        return QVariant(text == u"true");
    QVariant result(text);
    result.convert(type);
    return result;
}

// All usage columns in UsageRecord order, shared by the insert and the selects.
const QStringList &usageColumns()
{
    static const QStringList columns {
        QStringLiteral("timestamp_ms"),
        QStringLiteral("request_id"),
        QStringLiteral("session_id"),
        QStringLiteral("client_key_id"),
        QStringLiteral("endpoint"),
        QStringLiteral("requested_model"),
        QStringLiteral("resolved_model"),
        QStringLiteral("channel_id"),
        QStringLiteral("channel_name"),
        QStringLiteral("input_tokens"),
        QStringLiteral("output_tokens"),
        QStringLiteral("cache_read_tokens"),
        QStringLiteral("cache_write_tokens"),
        QStringLiteral("cost_usd"),
        QStringLiteral("latency_ms"),
        QStringLiteral("ttft_ms"),
        QStringLiteral("status"),
        QStringLiteral("error_class"),
        QStringLiteral("stream"),
        QStringLiteral("route_trace"),
        QStringLiteral("route_reason"),
    };
    return columns;
}

} // namespace

bool saveProvider(QSqlDatabase &db, Provider *provider, QString *error)
{
    return saveProviderImpl(db, provider, error);
}

bool saveChannel(QSqlDatabase &db, Channel *channel, QString *error)
{
    return saveChannelImpl(db, channel, ChildSync::PerParent, error);
}

bool saveGroup(QSqlDatabase &db, ModelGroup *group, QString *error)
{
    return saveGroupImpl(db, group, ChildSync::PerParent, error);
}

bool saveRule(QSqlDatabase &db, RoutingRule *rule, QString *error)
{
    QString reason;
    if (upsert(db, "routing_rules", &rule->id,
               {{"kind", rule->kind},
                {"match", rule->match},
                {"target", rule->target},
                {"position", rule->position},
                {"enabled", rule->enabled},
                {"options", Db::jsonText(rule->options)}},
               &reason))
        return true;
    return failWith(error, QStringLiteral("rule %1 \"%2\"").arg(rule->kind, rule->match), reason);
}

bool saveClientKey(QSqlDatabase &db, ClientKey *key, QString *error)
{
    // A key gets its creation time when it is first stored, unless the caller set one (import).
    if (key->id <= 0 && !key->createdAt.isValid())
        key->createdAt = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch());
    QString reason;
    if (upsert(db, "client_keys", &key->id,
               {{"name", key->name},
                {"hash", QString::fromLatin1(key->hash)},
                {"prefix", key->prefix},
                {"created_at", msOrNull(key->createdAt)},
                {"expires_at", msOrNull(key->expiresAt)},
                {"disabled", key->disabled},
                {"daily_budget", key->dailyBudget},
                {"allowed_models", Db::jsonText(key->allowedModels)},
                {"slot_map", Db::jsonText(key->slotMap)}},
               &reason))
        return true;
    return failWith(error, QStringLiteral("client key \"%1\" (%2)").arg(key->name, key->prefix), reason);
}

bool deleteEntity(QSqlDatabase &db, Entity entity, qint64 id, QString *error)
{
    QSqlQuery query(db);
    if (!Db::prepare(query, QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(QLatin1String(tableOf(entity))),
                     error))
        return false;
    query.addBindValue(id);
    if (!Db::exec(query, error))
        return false;
    if (query.numRowsAffected() > 0)
        return true;
    Db::setError(error, QStringLiteral("no row %1 in %2").arg(id).arg(QLatin1String(tableOf(entity))));
    return false;
}

bool saveConfig(QSqlDatabase &db, ConfigData *config, QString *error)
{
    // 1. Delete what the config no longer has. Cascades remove the dependents of deleted rows; rows
    //    the config still lists are re-inserted under their id by the upserts below.
    QSet<qint64> keptKeys;
    for (const Channel &channel : std::as_const(config->channels))
        keptKeys.unite(storedIds(channel.keys));
    QSet<qint64> keptMembers;
    for (const ModelGroup &group : std::as_const(config->groups))
        keptMembers.unite(storedIds(group.members));
    QString reason;
    const bool deleted = deleteAbsent(db, "routing_rules", nullptr, 0, storedIds(config->rules), &reason)
        && deleteAbsent(db, "client_keys", nullptr, 0, storedIds(config->clientKeys), &reason)
        && deleteAbsent(db, "group_members", nullptr, 0, keptMembers, &reason)
        && deleteAbsent(db, "model_groups", nullptr, 0, storedIds(config->groups), &reason)
        && deleteAbsent(db, "channel_keys", nullptr, 0, keptKeys, &reason)
        && deleteAbsent(db, "channels", nullptr, 0, storedIds(config->channels), &reason)
        && deleteAbsent(db, "providers", nullptr, 0, storedIds(config->providers), &reason);
    if (!deleted)
        return failWith(error, QStringLiteral("removing deleted entries"), reason);

    // 2. Upsert in dependency order, resolving placeholder ids as the referenced rows get theirs.
    QHash<qint64, qint64> providerIds;
    QHash<qint64, qint64> channelIds;
    const bool saved =
        saveAll(config->providers, &providerIds, [&](Provider *p) { return saveProviderImpl(db, p, error); })
        && saveAll(config->channels, &channelIds,
                   [&](Channel *c) {
                       if (!resolveReference(&c->providerId, providerIds))
                           return failWith(
                               error, QStringLiteral("channel \"%1\"").arg(c->name),
                               QStringLiteral("unknown provider reference %1").arg(c->providerId));
                       return saveChannelImpl(db, c, ChildSync::AlreadyDone, error);
                   })
        && saveAll(config->groups, nullptr,
                   [&](ModelGroup *g) {
                       for (GroupMember &member : g->members) {
                           if (!resolveReference(&member.channelId, channelIds))
                               return failWith(
                                   error, QStringLiteral("group \"%1\"").arg(g->name),
                                   QStringLiteral("unknown channel reference %1").arg(member.channelId));
                       }
                       return saveGroupImpl(db, g, ChildSync::AlreadyDone, error);
                   })
        && saveAll(config->rules, nullptr, [&](RoutingRule *r) { return saveRule(db, r, error); })
        && saveAll(config->clientKeys, nullptr, [&](ClientKey *k) { return saveClientKey(db, k, error); });
    if (!saved)
        return false;

    // 3. Settings are part of the configuration: the stored set becomes exactly config->settings.
    if (!Db::exec(db, QStringLiteral("DELETE FROM settings"), &reason))
        return failWith(error, QStringLiteral("settings"), reason);
    for (auto it = config->settings.cbegin(); it != config->settings.cend(); ++it) {
        if (!setSetting(db, it.key(), it.value(), error))
            return false;
    }
    return true;
}

bool loadConfig(QSqlDatabase &db, ConfigData *config, QString *error)
{
    *config = ConfigData();
    QHash<qint64, qsizetype> providerIndex;
    QHash<qint64, qsizetype> channelIndex;
    QHash<qint64, qsizetype> groupIndex;

    const auto readProvider = [&](RowReader &row) {
        Provider p;
        p.id = row.integer();
        p.name = row.text();
        p.protocol = protocolFromString(row.text()).value_or(Protocol::OpenAI);
        p.baseUrl = row.text();
        p.capabilities = Db::stringListFromJson(row.value());
        p.options = Db::objectFromJson(row.value());
        p.enabled = row.flag();
        providerIndex.insert(p.id, config->providers.size());
        config->providers.append(p);
    };
    const auto readPrice = [&](RowReader &row) {
        const qint64 providerId = row.integer();
        ModelPrice price;
        price.model = row.text();
        price.inputPerMTok = row.real();
        price.outputPerMTok = row.real();
        price.cacheReadPerMTok = row.real();
        price.cacheWritePerMTok = row.real();
        if (auto *parent = parentOf(config->providers, providerIndex, providerId))
            parent->prices.append(price);
    };
    const auto readChannel = [&](RowReader &row) {
        Channel c;
        c.id = row.integer();
        c.providerId = row.integer();
        c.name = row.text();
        c.baseUrl = row.text();
        c.models = Db::stringListFromJson(row.value());
        c.priority = row.smallInt();
        c.weight = row.smallInt();
        c.enabled = row.flag();
        c.dailyRequestQuota = row.integer();
        c.dailyBudget = row.real();
        c.proxyUrl = row.text();
        c.options = Db::objectFromJson(row.value());
        channelIndex.insert(c.id, config->channels.size());
        config->channels.append(c);
    };
    const auto readKey = [&](RowReader &row) {
        ChannelKey key;
        key.id = row.integer();
        const qint64 channelId = row.integer();
        key.secretRef = row.text();
        key.hint = row.text();
        key.fingerprint = row.text();
        key.weight = row.smallInt();
        key.disabled = row.flag();
        key.disabledReason = row.text();
        if (auto *parent = parentOf(config->channels, channelIndex, channelId))
            parent->keys.append(key);
    };
    const auto readGroup = [&](RowReader &row) {
        ModelGroup g;
        g.id = row.integer();
        g.name = row.text();
        g.strategy = row.text();
        g.dailyBudget = row.real();
        g.maxCostPerRequest = row.real();
        g.enabled = row.flag();
        g.options = Db::objectFromJson(row.value());
        groupIndex.insert(g.id, config->groups.size());
        config->groups.append(g);
    };
    const auto readMember = [&](RowReader &row) {
        GroupMember m;
        m.id = row.integer();
        const qint64 groupId = row.integer();
        m.channelId = row.integer();
        m.model = row.text();
        m.priority = row.smallInt();
        m.weight = row.smallInt();
        m.capabilities = Db::stringListFromJson(row.value());
        m.contextWindow = row.integer();
        const QVariant price = row.value();
        if (!price.isNull())
            m.priceOverride = priceFromJson(Db::objectFromJson(price));
        if (auto *parent = parentOf(config->groups, groupIndex, groupId))
            parent->members.append(m);
    };
    const auto readRule = [&](RowReader &row) {
        RoutingRule r;
        r.id = row.integer();
        r.kind = row.text();
        r.match = row.text();
        r.target = row.text();
        r.position = row.smallInt();
        r.enabled = row.flag();
        r.options = Db::objectFromJson(row.value());
        config->rules.append(r);
    };
    const auto readClientKey = [&](RowReader &row) {
        ClientKey k;
        k.id = row.integer();
        k.name = row.text();
        k.hash = row.text().toLatin1();
        k.prefix = row.text();
        k.createdAt = timeFromMs(row.value());
        k.expiresAt = timeFromMs(row.value());
        k.disabled = row.flag();
        k.dailyBudget = row.real();
        k.allowedModels = Db::stringListFromJson(row.value());
        k.slotMap = Db::objectFromJson(row.value());
        config->clientKeys.append(k);
    };

    // Parents first, so children find their parent's index.
    return selectRows(db,
                      QStringLiteral("SELECT id, name, protocol, base_url, capabilities, options, enabled "
                                     "FROM providers ORDER BY id"),
                      {}, readProvider, error)
        && selectRows(db,
                      QStringLiteral("SELECT provider_id, model, input_per_mtok, output_per_mtok, "
                                     "cache_read_per_mtok, cache_write_per_mtok FROM provider_prices "
                                     "ORDER BY provider_id, position, id"),
                      {}, readPrice, error)
        && selectRows(
               db,
               QStringLiteral("SELECT id, provider_id, name, base_url, models, priority, weight, enabled, "
                              "daily_request_quota, daily_budget, proxy_url, options "
                              "FROM channels ORDER BY id"),
               {}, readChannel, error)
        && selectRows(
               db,
               QStringLiteral("SELECT id, channel_id, secret_ref, hint, fingerprint, weight, disabled, "
                              "disabled_reason FROM channel_keys ORDER BY channel_id, position, id"),
               {}, readKey, error)
        && selectRows(
               db,
               QStringLiteral("SELECT id, name, strategy, daily_budget, max_cost_per_request, enabled, "
                              "options FROM model_groups ORDER BY id"),
               {}, readGroup, error)
        && selectRows(
               db,
               QStringLiteral("SELECT id, group_id, channel_id, model, priority, weight, capabilities, "
                              "context_window, price_override FROM group_members "
                              "ORDER BY group_id, position, id"),
               {}, readMember, error)
        && selectRows(db,
                      QStringLiteral("SELECT id, kind, match, target, position, enabled, options "
                                     "FROM routing_rules ORDER BY position, id"),
                      {}, readRule, error)
        && selectRows(db,
                      QStringLiteral("SELECT id, name, hash, prefix, created_at, expires_at, disabled, "
                                     "daily_budget, allowed_models, slot_map FROM client_keys ORDER BY id"),
                      {}, readClientKey, error)
        && loadSettings(db, &config->settings, error);
}

bool isStorableSetting(const QVariant &value)
{
    return !value.isValid() || encodeSetting(value).has_value();
}

bool setSetting(QSqlDatabase &db, const QString &key, const QVariant &value, QString *error)
{
    const QString context = QStringLiteral("setting \"%1\"").arg(key);
    QSqlQuery query(db);
    QString reason;
    if (!value.isValid()) {
        if (!Db::prepare(query, QStringLiteral("DELETE FROM settings WHERE key = ?"), &reason))
            return failWith(error, context, reason);
        query.addBindValue(key);
        return Db::exec(query, &reason) || failWith(error, context, reason);
    }
    const std::optional<QString> text = encodeSetting(value);
    if (!text)
        return failWith(
            error, context,
            QStringLiteral("values of type %1 cannot be stored").arg(QLatin1String(value.typeName())));
    if (!Db::prepare(
            query,
            QStringLiteral("INSERT INTO settings (key, value, type) VALUES (?, ?, ?) "
                           "ON CONFLICT(key) DO UPDATE SET value = excluded.value, type = excluded.type"),
            &reason))
        return failWith(error, context, reason);
    query.addBindValue(Db::bindable(key));
    query.addBindValue(Db::bindable(*text));
    query.addBindValue(QLatin1String(value.metaType().name()));
    return Db::exec(query, &reason) || failWith(error, context, reason);
}

std::optional<QVariant> setting(QSqlDatabase &db, const QString &key, QString *error)
{
    std::optional<QVariant> result;
    const bool ok = selectRows(
        db, QStringLiteral("SELECT value, type FROM settings WHERE key = ?"), {key},
        [&](RowReader &row) {
            const QString text = row.text();
            result = decodeSetting(text, row.text());
        },
        error);
    if (!ok)
        return QVariant();
    return result;
}

bool loadSettings(QSqlDatabase &db, QVariantMap *settings, QString *error)
{
    settings->clear();
    return selectRows(
        db, QStringLiteral("SELECT key, value, type FROM settings ORDER BY key"), {},
        [&](RowReader &row) {
            const QString key = row.text();
            const QString text = row.text();
            settings->insert(key, decodeSetting(text, row.text()));
        },
        error);
}

bool prepareUsageInsert(QSqlQuery &query, QString *error)
{
    QStringList placeholders;
    placeholders.fill(QStringLiteral("?"), usageColumns().size());
    return Db::prepare(
        query,
        QStringLiteral("INSERT INTO usage (%1) VALUES (%2)")
            .arg(usageColumns().join(QStringLiteral(", ")), placeholders.join(QStringLiteral(", "))),
        error);
}

bool insertUsage(QSqlQuery &prepared, const UsageRecord &r, QString *error, bool *rejected)
{
    const QVariant values[] = {
        r.timestampMs,      r.requestId,  r.sessionId,   r.clientKeyId, r.endpoint,     r.requestedModel,
        r.resolvedModel,    r.channelId,  r.channelName, r.inputTokens, r.outputTokens, r.cacheReadTokens,
        r.cacheWriteTokens, r.costUsd,    r.latencyMs,   r.ttftMs,      r.status,       r.errorClass,
        r.stream,           r.routeTrace, r.routeReason};
    static_assert(std::size(values) == 21, "one value per usage column");
    for (int i = 0; i < int(std::size(values)); ++i)
        prepared.bindValue(i, Db::bindable(values[i]));
    const bool ok = Db::exec(prepared, error);
    if (rejected)
        *rejected = !ok && Db::isConstraintError(prepared);
    return ok;
}

bool recentUsage(QSqlDatabase &db, int limit, QList<UsageRecord> *records, QString *error)
{
    records->clear();
    return selectRows(
        db,
        QStringLiteral("SELECT %1 FROM usage ORDER BY timestamp_ms DESC, id DESC LIMIT ?")
            .arg(usageColumns().join(QStringLiteral(", "))),
        {qMax(0, limit)},
        [&](RowReader &row) {
            UsageRecord r;
            r.timestampMs = row.integer();
            r.requestId = row.text();
            r.sessionId = row.text();
            r.clientKeyId = row.integer();
            r.endpoint = row.text();
            r.requestedModel = row.text();
            r.resolvedModel = row.text();
            r.channelId = row.integer();
            r.channelName = row.text();
            r.inputTokens = row.integer();
            r.outputTokens = row.integer();
            r.cacheReadTokens = row.integer();
            r.cacheWriteTokens = row.integer();
            r.costUsd = row.real();
            r.latencyMs = row.integer();
            r.ttftMs = row.integer();
            r.status = row.smallInt();
            r.errorClass = row.text();
            r.stream = row.flag();
            r.routeTrace = row.text();
            r.routeReason = row.text();
            records->append(r);
        },
        error);
}

qint64 usageCount(QSqlDatabase &db, QString *error)
{
    const QVariant count = Db::scalar(db, QStringLiteral("SELECT count(*) FROM usage"), error);
    return count.isValid() ? count.toLongLong() : -1;
}

} // namespace Switchyard::StorageTables
