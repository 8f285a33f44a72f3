#include "adminjson.h"

#include "configfields.h"
#include "configjson.h"

#include <QJsonDocument>
#include <QUrl>

#include <cmath>

namespace Switchyard::AdminJson {

namespace {

// The configuration file's field names (configjson.cpp), plus the API's own.
namespace Field = ConfigField;

const QString ScenarioKind = QStringLiteral("scenario");
const QString PrefixKind = QStringLiteral("prefix");

QString child(const QString &path, QLatin1StringView field)
{
    return path.isEmpty() ? QString(field) : path + u'.' + field;
}

QString index(const QString &path, qsizetype i)
{
    return path + u'[' + QString::number(i) + u']';
}

QString quoted(const QString &text)
{
    return u'"' + text + u'"';
}

QJsonObject priceToJson(const ModelPrice &price)
{
    return {{Field::Model, price.model},
            {Field::Input, price.inputPerMTok},
            {Field::Output, price.outputPerMTok},
            {Field::CacheRead, price.cacheReadPerMTok},
            {Field::CacheWrite, price.cacheWritePerMTok}};
}

bool validUrl(const QString &text, const QStringList &schemes)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && schemes.contains(url.scheme().toLower()) && !url.host().isEmpty();
}

} // namespace

QJsonValue dateToJson(const QDateTime &when)
{
    if (!when.isValid())
        return QJsonValue::Null;
    return when.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject providerToJson(const Provider &provider)
{
    QJsonArray prices;
    for (const ModelPrice &price : provider.prices)
        prices.append(priceToJson(price));
    return {{Field::Id, provider.id},
            {Field::Name, provider.name},
            {Field::Protocol, protocolToString(provider.protocol)},
            {Field::BaseUrl, provider.baseUrl},
            {Field::Capabilities, QJsonArray::fromStringList(provider.capabilities)},
            {Field::Prices, prices},
            {Field::Enabled, provider.enabled},
            {Field::Options, provider.options}};
}

QJsonObject channelToJson(const Channel &channel, const ConfigData &config)
{
    QJsonArray keys;
    for (const ChannelKey &key : channel.keys) {
        // Never the key, nor its secret store reference.
        keys.append(QJsonObject {{Field::Id, key.id},
                                 {Field::Hint, key.hint},
                                 {Field::Fingerprint, key.fingerprint},
                                 {Field::Weight, key.weight},
                                 {Field::Disabled, key.disabled},
                                 {Field::DisabledReason, key.disabledReason}});
    }
    const Switchyard::Provider *provider = config.providerById(channel.providerId);
    return {{Field::Id, channel.id},
            {Field::Name, channel.name},
            {Field::ProviderId, channel.providerId},
            {Field::Provider, provider ? provider->name : QString()},
            {Field::BaseUrl, channel.baseUrl},
            {Field::Keys, keys},
            {Field::Models, QJsonArray::fromStringList(channel.models)},
            {Field::Priority, channel.priority},
            {Field::Weight, channel.weight},
            {Field::Enabled, channel.enabled},
            {Field::DailyRequestQuota, channel.dailyRequestQuota},
            {Field::DailyBudget, channel.dailyBudget},
            {Field::Proxy, channel.proxyUrl},
            {Field::Options, channel.options}};
}

QJsonObject groupToJson(const ModelGroup &group, const ConfigData &config)
{
    QJsonArray members;
    for (const GroupMember &member : group.members) {
        const Switchyard::Channel *channel = config.channelById(member.channelId);
        QJsonObject object {{Field::Id, member.id},
                            {Field::ChannelId, member.channelId},
                            {Field::Channel, channel ? channel->name : QString()},
                            {Field::Model, member.model},
                            {Field::Priority, member.priority},
                            {Field::Weight, member.weight},
                            {Field::Capabilities, QJsonArray::fromStringList(member.capabilities)},
                            {Field::ContextWindow, member.contextWindow}};
        if (member.priceOverride)
            object.insert(Field::Price, priceToJson(*member.priceOverride));
        members.append(object);
    }
    return {{Field::Id, group.id},
            {Field::Name, group.name},
            {Field::Strategy, group.strategy},
            {Field::Members, members},
            {Field::DailyBudget, group.dailyBudget},
            {Field::MaxCostPerRequest, group.maxCostPerRequest},
            {Field::Enabled, group.enabled},
            {Field::Options, group.options}};
}

QJsonObject ruleToJson(const RoutingRule &rule)
{
    return {{Field::Id, rule.id},          {Field::Kind, rule.kind},         {Field::Match, rule.match},
            {Field::Target, rule.target},  {Field::Position, rule.position}, {Field::Enabled, rule.enabled},
            {Field::Options, rule.options}};
}

QJsonObject clientKeyToJson(const ClientKey &key)
{
    // The hash stays in the database: it is all an attacker needs to test guesses offline.
    return {{Field::Id, key.id},
            {Field::Name, key.name},
            {Field::Prefix, key.prefix},
            {Field::CreatedAt, dateToJson(key.createdAt)},
            {Field::ExpiresAt, dateToJson(key.expiresAt)},
            {Field::Disabled, key.disabled},
            {Field::DailyBudget, key.dailyBudget},
            {Field::AllowedModels, QJsonArray::fromStringList(key.allowedModels)},
            {Field::SlotMap, key.slotMap}};
}

// ---- Reader ----

bool Reader::fail(const QString &field, const QString &reason)
{
    if (m_error.isEmpty())
        m_error = field.isEmpty() ? reason : field + QStringLiteral(": ") + reason;
    return false;
}

bool Reader::checkFields(const QJsonObject &object, const QString &path,
                         std::initializer_list<QLatin1StringView> allowed)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        // "id" may be echoed back from a GET; it never changes which entity is addressed.
        if (it.key() == Field::Id && path.isEmpty())
            continue;
        if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
            return fail(path.isEmpty() ? it.key() : path + u'.' + it.key(), QStringLiteral("unknown field"));
    }
    return true;
}

bool Reader::readString(const QJsonObject &object, const QString &path, QLatin1StringView field, QString *out)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined())
        return true;
    if (!value.isString())
        return fail(child(path, field), QStringLiteral("expected a string"));
    *out = value.toString().trimmed();
    return true;
}

bool Reader::readBool(const QJsonObject &object, const QString &path, QLatin1StringView field, bool *out)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined())
        return true;
    if (!value.isBool())
        return fail(child(path, field), QStringLiteral("expected true or false"));
    *out = value.toBool();
    return true;
}

bool Reader::readInt(const QJsonObject &object, const QString &path, QLatin1StringView field, qint64 min,
                     qint64 max, qint64 *out)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined())
        return true;
    const double number = value.toDouble();
    if (!value.isDouble() || !std::isfinite(number) || std::trunc(number) != number)
        return fail(child(path, field), QStringLiteral("expected a whole number"));
    if (number < double(min) || number > double(max))
        return fail(child(path, field),
                    QStringLiteral("%1 is out of range (%2 to %3)").arg(number).arg(min).arg(max));
    *out = value.toInteger();
    return true;
}

bool Reader::readInt(const QJsonObject &object, const QString &path, QLatin1StringView field, int *out,
                     int min)
{
    qint64 value = *out;
    if (!readInt(object, path, field, min, std::numeric_limits<int>::max(), &value))
        return false;
    *out = int(value);
    return true;
}

bool Reader::readAmount(const QJsonObject &object, const QString &path, QLatin1StringView field, double *out)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined())
        return true;
    if (!value.isDouble() || !std::isfinite(value.toDouble()) || value.toDouble() < 0)
        return fail(child(path, field), QStringLiteral("expected zero or a positive number"));
    *out = value.toDouble();
    return true;
}

bool Reader::readStringList(const QJsonObject &object, const QString &path, QLatin1StringView field,
                            QStringList *out)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined())
        return true;
    if (!value.isArray())
        return fail(child(path, field), QStringLiteral("expected an array of strings"));
    QStringList list;
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString text = array.at(i).toString().trimmed();
        if (!array.at(i).isString() || text.isEmpty())
            return fail(index(child(path, field), i), QStringLiteral("expected a non-empty string"));
        if (list.contains(text))
            return fail(index(child(path, field), i), QStringLiteral("%1 is listed twice").arg(quoted(text)));
        list << text;
    }
    *out = list;
    return true;
}

bool Reader::readObject(const QJsonObject &object, const QString &path, QLatin1StringView field,
                        QJsonObject *out)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined())
        return true;
    if (!value.isObject())
        return fail(child(path, field), QStringLiteral("expected an object"));
    *out = value.toObject();
    return true;
}

bool Reader::readDate(const QJsonObject &object, const QString &path, QLatin1StringView field, QDateTime *out)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined())
        return true;
    if (value.isNull()) {
        *out = QDateTime();
        return true;
    }
    QDateTime when;
    if (value.isDouble())
        when = QDateTime::fromMSecsSinceEpoch(value.toInteger(), Qt::UTC);
    else if (value.isString())
        when = QDateTime::fromString(value.toString().trimmed(), Qt::ISODateWithMs);
    if (!when.isValid())
        return fail(child(path, field),
                    QStringLiteral("expected an ISO 8601 date-time, ms since the epoch, or null"));
    *out = when.toUTC();
    return true;
}

bool Reader::readPrice(const QJsonObject &object, const QString &path, ModelPrice *price)
{
    return readAmount(object, path, Field::Input, &price->inputPerMTok)
        && readAmount(object, path, Field::Output, &price->outputPerMTok)
        && readAmount(object, path, Field::CacheRead, &price->cacheReadPerMTok)
        && readAmount(object, path, Field::CacheWrite, &price->cacheWritePerMTok);
}

template<typename T>
bool Reader::checkName(const QString &name, qint64 id, const QList<T> &list, const QString &what)
{
    if (name.isEmpty())
        return fail(QString(Field::Name), QStringLiteral("is required"));
    for (const T &other : list) {
        if (other.name == name && other.id != id)
            return fail(QString(Field::Name),
                        QStringLiteral("another %1 is already called %2").arg(what, quoted(name)));
    }
    return true;
}

bool Reader::readProvider(Provider *provider)
{
    const QString path;
    if (!checkFields(m_body, path,
                     {Field::Name, Field::Protocol, Field::BaseUrl, Field::Capabilities, Field::Prices,
                      Field::Enabled, Field::Options}))
        return false;
    QString protocolText = protocolToString(provider->protocol);
    if (!readString(m_body, path, Field::Name, &provider->name)
        || !readString(m_body, path, Field::Protocol, &protocolText)
        || !readString(m_body, path, Field::BaseUrl, &provider->baseUrl)
        || !readStringList(m_body, path, Field::Capabilities, &provider->capabilities)
        || !readBool(m_body, path, Field::Enabled, &provider->enabled)
        || !readObject(m_body, path, Field::Options, &provider->options))
        return false;
    const std::optional<Protocol> protocol = protocolFromString(protocolText);
    if (!protocol)
        return fail(QString(Field::Protocol),
                    QStringLiteral("unknown protocol %1 (expected anthropic, openai, gemini or responses)")
                        .arg(quoted(protocolText)));
    provider->protocol = *protocol;
    if (!validUrl(provider->baseUrl, {QStringLiteral("http"), QStringLiteral("https")}))
        return fail(QString(Field::BaseUrl), QStringLiteral("expected an http or https URL"));
    const QJsonValue prices = m_body.value(Field::Prices);
    if (!prices.isUndefined()) {
        if (!prices.isArray())
            return fail(QString(Field::Prices), QStringLiteral("expected an array"));
        QList<ModelPrice> list;
        const QJsonArray array = prices.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString itemPath = index(QString(Field::Prices), i);
            const QJsonObject object = array.at(i).toObject();
            ModelPrice price;
            if (!array.at(i).isObject())
                return fail(itemPath, QStringLiteral("expected an object"));
            if (!checkFields(object, itemPath,
                             {Field::Model, Field::Input, Field::Output, Field::CacheRead, Field::CacheWrite})
                || !readString(object, itemPath, Field::Model, &price.model)
                || !readPrice(object, itemPath, &price))
                return false;
            if (price.model.isEmpty())
                return fail(child(itemPath, Field::Model), QStringLiteral("is required"));
            list.append(price);
        }
        provider->prices = list;
    }
    return checkName(provider->name, provider->id, m_config.providers, QStringLiteral("provider"));
}

const Channel *Reader::channelRef(const QJsonValue &value) const
{
    if (value.isDouble())
        return m_config.channelById(value.toInteger());
    if (value.isString())
        return m_config.channelByName(value.toString().trimmed());
    return nullptr;
}

bool Reader::readKeys(const QJsonValue &value, QList<KeyInput> *keys)
{
    const QString path(Field::Keys);
    if (!value.isArray())
        return fail(path, QStringLiteral("expected an array"));
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString itemPath = index(path, i);
        const QJsonValue item = array.at(i);
        KeyInput key;
        QString material;
        if (item.isString()) {
            material = item.toString().trimmed();
        } else if (item.isObject()) {
            const QJsonObject object = item.toObject();
            // "id" names a stored key here, so it is a real field.
            if (!checkFields(object, itemPath,
                             {Field::Id, Field::Key, Field::Weight, Field::Disabled, Field::DisabledReason}))
                return false;
            qint64 id = 0;
            int weight = 1;
            bool disabled = false;
            QString reason;
            if (!readInt(object, itemPath, Field::Id, 1, std::numeric_limits<qint64>::max(), &id)
                || !readString(object, itemPath, Field::Key, &material)
                || !readInt(object, itemPath, Field::Weight, &weight, 0)
                || !readBool(object, itemPath, Field::Disabled, &disabled)
                || !readString(object, itemPath, Field::DisabledReason, &reason))
                return false;
            key.id = id;
            if (object.contains(Field::Weight))
                key.weight = weight;
            if (object.contains(Field::Disabled))
                key.disabled = disabled;
            if (object.contains(Field::DisabledReason))
                key.disabledReason = reason;
            if ((id != 0) == object.contains(Field::Key))
                return fail(itemPath,
                            QStringLiteral("give either \"id\" (a stored key) or \"key\" (a new one)"));
        } else {
            return fail(itemPath, QStringLiteral("expected a key (string) or an object"));
        }
        if (key.id == 0) {
            if (material.isEmpty())
                return fail(itemPath, QStringLiteral("the key is empty"));
            // Keys travel in HTTP headers. The message never repeats the key.
            for (const QChar c : std::as_const(material)) {
                if (c.unicode() < 0x21 || c.unicode() == 0x7f)
                    return fail(itemPath, QStringLiteral("the key contains spaces or control characters"));
            }
            key.secret = material.toUtf8();
        }
        keys->append(key);
    }
    return true;
}

bool Reader::readChannel(Channel *channel, std::optional<QList<KeyInput>> *keys)
{
    const QString path;
    if (!checkFields(m_body, path,
                     {Field::Name, Field::Provider, Field::ProviderId, Field::BaseUrl, Field::Keys,
                      Field::Models, Field::Priority, Field::Weight, Field::Enabled, Field::DailyRequestQuota,
                      Field::DailyBudget, Field::Proxy, Field::Options}))
        return false;
    if (!readString(m_body, path, Field::Name, &channel->name)
        || !readString(m_body, path, Field::BaseUrl, &channel->baseUrl)
        || !readStringList(m_body, path, Field::Models, &channel->models)
        || !readInt(m_body, path, Field::Priority, &channel->priority)
        || !readInt(m_body, path, Field::Weight, &channel->weight, 0)
        || !readBool(m_body, path, Field::Enabled, &channel->enabled)
        || !readInt(m_body, path, Field::DailyRequestQuota, 0, std::numeric_limits<qint64>::max() / 2,
                    &channel->dailyRequestQuota)
        || !readAmount(m_body, path, Field::DailyBudget, &channel->dailyBudget)
        || !readString(m_body, path, Field::Proxy, &channel->proxyUrl)
        || !readObject(m_body, path, Field::Options, &channel->options))
        return false;
    for (const QLatin1StringView field : {Field::Provider, Field::ProviderId}) {
        const QJsonValue value = m_body.value(field);
        if (value.isUndefined())
            continue;
        const Switchyard::Provider *provider = value.isDouble() ? m_config.providerById(value.toInteger())
            : value.isString() ? m_config.providerByName(value.toString().trimmed())
                               : nullptr;
        if (!provider)
            return fail(QString(field), QStringLiteral("no such provider"));
        channel->providerId = provider->id;
    }
    if (!m_config.providerById(channel->providerId))
        return fail(QString(Field::Provider), QStringLiteral("is required (a provider id or name)"));
    // Route targets are "<channel>,<model>", so a comma would make the name ambiguous.
    if (channel->name.contains(u','))
        return fail(QString(Field::Name), QStringLiteral("a channel name must not contain a comma"));
    if (!channel->baseUrl.isEmpty()
        && !validUrl(channel->baseUrl, {QStringLiteral("http"), QStringLiteral("https")}))
        return fail(QString(Field::BaseUrl), QStringLiteral("expected an http or https URL"));
    const QString &proxy = channel->proxyUrl;
    if (!proxy.isEmpty() && proxy != u"system" && proxy != u"none"
        && !validUrl(proxy, {QStringLiteral("http"), QStringLiteral("https"), QStringLiteral("socks5")}))
        return fail(QString(Field::Proxy),
                    QStringLiteral("expected \"system\", \"none\" or an http://, https:// or socks5:// URL"));
    const QJsonValue keysValue = m_body.value(Field::Keys);
    if (!keysValue.isUndefined()) {
        QList<KeyInput> list;
        if (!readKeys(keysValue, &list))
            return false;
        *keys = list;
    }
    return checkName(channel->name, channel->id, m_config.channels, QStringLiteral("channel"));
}

bool Reader::readMembers(const QJsonValue &value, QList<GroupMember> *members, const ModelGroup &group)
{
    const QString path(Field::Members);
    if (!value.isArray())
        return fail(path, QStringLiteral("expected an array"));
    const QJsonArray array = value.toArray();
    QList<GroupMember> list;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString itemPath = index(path, i);
        if (!array.at(i).isObject())
            return fail(itemPath, QStringLiteral("expected an object"));
        const QJsonObject object = array.at(i).toObject();
        if (!checkFields(object, itemPath,
                         {Field::Id, Field::Channel, Field::ChannelId, Field::Model, Field::Priority,
                          Field::Weight, Field::Capabilities, Field::ContextWindow, Field::Price}))
            return false;
        GroupMember member;
        const Switchyard::Channel *channel =
            channelRef(object.contains(Field::ChannelId) ? object.value(Field::ChannelId)
                                                         : object.value(Field::Channel));
        if (!channel)
            return fail(child(itemPath, Field::Channel),
                        QStringLiteral("no such channel (give its id or name)"));
        member.channelId = channel->id;
        if (!readString(object, itemPath, Field::Model, &member.model)
            || !readInt(object, itemPath, Field::Priority, &member.priority)
            || !readInt(object, itemPath, Field::Weight, &member.weight, 0)
            || !readStringList(object, itemPath, Field::Capabilities, &member.capabilities)
            || !readInt(object, itemPath, Field::ContextWindow, 0, std::numeric_limits<qint64>::max() / 2,
                        &member.contextWindow))
            return false;
        if (member.model.isEmpty())
            return fail(child(itemPath, Field::Model), QStringLiteral("is required"));
        const QJsonValue price = object.value(Field::Price);
        if (price.isObject()) {
            ModelPrice override;
            override.model = member.model;
            const QString pricePath = child(itemPath, Field::Price);
            if (!checkFields(price.toObject(), pricePath,
                             {Field::Model, Field::Input, Field::Output, Field::CacheRead, Field::CacheWrite})
                || !readString(price.toObject(), pricePath, Field::Model, &override.model)
                || !readPrice(price.toObject(), pricePath, &override))
                return false;
            member.priceOverride = override;
        } else if (!price.isUndefined() && !price.isNull()) {
            return fail(child(itemPath, Field::Price), QStringLiteral("expected an object or null"));
        }
        for (const GroupMember &other : std::as_const(list)) {
            if (other.channelId == member.channelId && other.model == member.model)
                return fail(itemPath,
                            QStringLiteral("channel %1 with model %2 is already a member")
                                .arg(quoted(channel->name), quoted(member.model)));
        }
        // A member that was stored keeps its id (the store matches rows by id).
        for (const GroupMember &old : group.members) {
            if (old.channelId == member.channelId && old.model == member.model)
                member.id = old.id;
        }
        list.append(member);
    }
    *members = list;
    return true;
}

bool Reader::readGroup(ModelGroup *group)
{
    const QString path;
    if (!checkFields(m_body, path,
                     {Field::Name, Field::Strategy, Field::Members, Field::DailyBudget,
                      Field::MaxCostPerRequest, Field::Enabled, Field::Options}))
        return false;
    if (!readString(m_body, path, Field::Name, &group->name)
        || !readString(m_body, path, Field::Strategy, &group->strategy)
        || !readAmount(m_body, path, Field::DailyBudget, &group->dailyBudget)
        || !readAmount(m_body, path, Field::MaxCostPerRequest, &group->maxCostPerRequest)
        || !readBool(m_body, path, Field::Enabled, &group->enabled)
        || !readObject(m_body, path, Field::Options, &group->options))
        return false;
    if (group->name.contains(u','))
        return fail(QString(Field::Name), QStringLiteral("a model group name must not contain a comma"));
    if (group->strategy.isEmpty())
        return fail(QString(Field::Strategy), QStringLiteral("must not be empty"));
    const QJsonValue members = m_body.value(Field::Members);
    if (!members.isUndefined() && !readMembers(members, &group->members, *group))
        return false;
    return checkName(group->name, group->id, m_config.groups, QStringLiteral("model group"));
}

bool Reader::checkTarget(const QString &field, const QString &target)
{
    // The router's targets: "<channel>,<model>", a model group, or a bare channel name.
    const qsizetype comma = target.indexOf(u',');
    if (comma >= 0) {
        const QString channel = target.left(comma).trimmed();
        if (channel.isEmpty() || target.mid(comma + 1).trimmed().isEmpty())
            return fail(field, QStringLiteral("%1 is not \"<channel>,<model>\"").arg(quoted(target)));
        if (!m_config.channelByName(channel))
            return fail(field, QStringLiteral("unknown channel %1").arg(quoted(channel)));
        return true;
    }
    if (target.isEmpty())
        return fail(field, QStringLiteral("is required"));
    if (!m_config.groupByName(target) && !m_config.channelByName(target))
        return fail(
            field,
            QStringLiteral("%1 is neither a model group nor a channel (a target is \"<channel>,<model>\", a "
                           "group or a channel)")
                .arg(quoted(target)));
    return true;
}

bool Reader::readRule(RoutingRule *rule)
{
    const QString path;
    if (!checkFields(
            m_body, path,
            {Field::Kind, Field::Match, Field::Target, Field::Position, Field::Enabled, Field::Options}))
        return false;
    if (!readString(m_body, path, Field::Kind, &rule->kind)
        || !readString(m_body, path, Field::Match, &rule->match)
        || !readString(m_body, path, Field::Target, &rule->target)
        || !readInt(m_body, path, Field::Position, &rule->position)
        || !readBool(m_body, path, Field::Enabled, &rule->enabled)
        || !readObject(m_body, path, Field::Options, &rule->options))
        return false;
    if (rule->kind != ScenarioKind && rule->kind != PrefixKind)
        return fail(QString(Field::Kind), QStringLiteral("expected \"scenario\" or \"prefix\""));
    if (rule->kind == ScenarioKind && !ConfigJson::scenarioNames().contains(rule->match))
        return fail(QString(Field::Match),
                    QStringLiteral("unknown scenario (expected %1)")
                        .arg(ConfigJson::scenarioNames().join(QStringLiteral(", "))));
    if (rule->match.isEmpty())
        return fail(QString(Field::Match), QStringLiteral("is required"));
    // A comma-separated target is normalised the way the config file does it.
    if (const qsizetype comma = rule->target.indexOf(u','); comma >= 0)
        rule->target = rule->target.left(comma).trimmed() + u',' + rule->target.mid(comma + 1).trimmed();
    return checkTarget(QString(Field::Target), rule->target);
}

bool Reader::readClientKey(ClientKey *key)
{
    const QString path;
    if (!checkFields(m_body, path,
                     {Field::Name, Field::Disabled, Field::ExpiresAt, Field::DailyBudget,
                      Field::AllowedModels, Field::SlotMap}))
        return false;
    if (!readString(m_body, path, Field::Name, &key->name)
        || !readBool(m_body, path, Field::Disabled, &key->disabled)
        || !readDate(m_body, path, Field::ExpiresAt, &key->expiresAt)
        || !readAmount(m_body, path, Field::DailyBudget, &key->dailyBudget)
        || !readStringList(m_body, path, Field::AllowedModels, &key->allowedModels)
        || !readObject(m_body, path, Field::SlotMap, &key->slotMap))
        return false;
    return checkName(key->name, key->id, m_config.clientKeys, QStringLiteral("client key"));
}

} // namespace Switchyard::AdminJson
