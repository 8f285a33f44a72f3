#pragma once

// JSON shapes of the management API (/admin/*): the field names of the configuration file format
// (configjson.h, README "Configuration file"), plus ids, because the API addresses entities by id.
// Channel keys are described (id, hint, fingerprint, weight, disabled, disabledReason), never
// returned. Reading applies the fields present in a request body onto an entity, so the same code
// serves create (onto a default entity), PUT (onto a default entity with the stored id) and PATCH
// (onto the stored entity); validation errors name the field. Messages are for scripts and stay
// in English, like the rest of the API.

#include "configtypes.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>

#include <limits>
#include <optional>

namespace Switchyard::AdminJson {

QJsonObject providerToJson(const Provider &provider);
QJsonObject channelToJson(const Channel &channel, const ConfigData &config);
QJsonObject groupToJson(const ModelGroup &group, const ConfigData &config);
QJsonObject ruleToJson(const RoutingRule &rule);
QJsonObject clientKeyToJson(const ClientKey &key);
QJsonValue dateToJson(const QDateTime &when); // ISO 8601 UTC, null when invalid

// One entry of a channel's "keys" in a request: a new key by value ("sk-..." or {"key": ...}) or a
// stored key by {"id": N}, with its settings.
struct KeyInput
{
    qint64 id = 0; // a stored key of this channel; 0 for a new one
    std::optional<QByteArray> secret; // a new key's material (never logged)
    std::optional<int> weight;
    std::optional<bool> disabled;
    std::optional<QString> disabledReason;
};

// Applies the fields of a request body to an entity. Each returns false with *error naming the
// field when a field is unknown, of the wrong type or out of range; the entity may then be partly
// changed (callers work on a copy). Names are trimmed; uniqueness and references to other
// entities are checked against config.
class Reader
{
public:
    Reader(const QJsonObject &body, const ConfigData &config)
        : m_body(body)
        , m_config(config)
    {
    }

    bool readProvider(Provider *provider);
    // *keys is set when the body has "keys" (the new key list), left alone otherwise.
    bool readChannel(Channel *channel, std::optional<QList<KeyInput>> *keys);
    bool readGroup(ModelGroup *group);
    bool readRule(RoutingRule *rule);
    // Settable fields of a client key: name, disabled, expiresAt, dailyBudget, allowedModels, slotMap.
    bool readClientKey(ClientKey *key);

    QString error() const { return m_error; }

private:
    bool fail(const QString &field, const QString &reason);
    bool checkFields(const QJsonObject &object, const QString &path,
                     std::initializer_list<QLatin1StringView> allowed);
    bool readString(const QJsonObject &object, const QString &path, QLatin1StringView field, QString *out);
    bool readBool(const QJsonObject &object, const QString &path, QLatin1StringView field, bool *out);
    bool readInt(const QJsonObject &object, const QString &path, QLatin1StringView field, qint64 min,
                 qint64 max, qint64 *out);
    bool readInt(const QJsonObject &object, const QString &path, QLatin1StringView field, int *out,
                 int min = std::numeric_limits<int>::min());
    bool readAmount(const QJsonObject &object, const QString &path, QLatin1StringView field, double *out);
    bool readStringList(const QJsonObject &object, const QString &path, QLatin1StringView field,
                        QStringList *out);
    bool readObject(const QJsonObject &object, const QString &path, QLatin1StringView field,
                    QJsonObject *out);
    bool readDate(const QJsonObject &object, const QString &path, QLatin1StringView field, QDateTime *out);
    bool readPrice(const QJsonObject &object, const QString &path, ModelPrice *price);
    bool readKeys(const QJsonValue &value, QList<KeyInput> *keys);
    bool readMembers(const QJsonValue &value, QList<GroupMember> *members, const ModelGroup &group);
    // A channel by id (number) or name (string).
    const Channel *channelRef(const QJsonValue &value) const;
    bool checkTarget(const QString &field, const QString &target);
    template<typename T>
    bool checkName(const QString &name, qint64 id, const QList<T> &list, const QString &what);

    QJsonObject m_body;
    const ConfigData &m_config;
    QString m_error;
};

} // namespace Switchyard::AdminJson
