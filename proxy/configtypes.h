#pragma once

// Plain value types for everything the user configures. They are shared by the store (app/), the
// proxy thread (as one immutable ConfigSnapshot) and the UI. No behaviour lives here beyond
// conversions, so every layer can copy them across threads freely.

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <memory>
#include <optional>

namespace Switchyard {

// Wire protocol spoken by an upstream provider.
enum class Protocol
{
    Anthropic,
    OpenAI, // OpenAI Chat Completions and every OpenAI-compatible vendor
    Gemini,
    Responses, // OpenAI Responses API
};

QString protocolToString(Protocol protocol);
std::optional<Protocol> protocolFromString(const QString &text);

// Prices in US dollars per million tokens.
struct ModelPrice
{
    QString model; // exact model id, or a glob such as "gpt-4o*"
    double inputPerMTok = 0;
    double outputPerMTok = 0;
    double cacheReadPerMTok = 0;
    double cacheWritePerMTok = 0;

    bool operator==(const ModelPrice &) const = default;
};

struct Provider
{
    qint64 id = 0; // 0 until stored
    QString name; // unique
    Protocol protocol = Protocol::OpenAI;
    QString baseUrl;
    QStringList capabilities; // e.g. "tools", "vision", "thinking", "reasoning-round-trip"
    QList<ModelPrice> prices;
    bool enabled = true;
    QJsonObject options; // provider quirks (leading-system-only, effort cap, ...)

    bool operator==(const Provider &) const = default;
};

// One upstream credential. The secret itself lives in the OS keychain under secretRef; only the
// in-memory ConfigSnapshot handed to the proxy thread ever carries the resolved value.
struct ChannelKey
{
    qint64 id = 0;
    QString secretRef; // keychain entry name, e.g. "channel-key/6f1c..."
    QString hint; // display prefix such as "sk-ant-a…", never more
    QString fingerprint; // first 16 hex chars of SHA-256(secret), to match keys on re-import
    int weight = 1;
    bool disabled = false;
    QString disabledReason;

    bool operator==(const ChannelKey &) const = default;
};

struct Channel
{
    qint64 id = 0;
    qint64 providerId = 0;
    QString name; // unique across all channels: route targets name it as "<channel>,<model>"
    QString baseUrl; // optional override of the provider's base URL
    QList<ChannelKey> keys;
    QStringList models;
    int priority = 0; // lower runs first
    int weight = 1;
    bool enabled = true;
    qint64 dailyRequestQuota = 0; // 0 = unlimited
    double dailyBudget = 0; // USD, 0 = unlimited
    QString proxyUrl; // "", "system", "none", or http://, https://, socks5:// URL
    QJsonObject options;

    bool operator==(const Channel &) const = default;
};

struct GroupMember
{
    qint64 id = 0;
    qint64 channelId = 0;
    QString model;
    int priority = 0;
    int weight = 1;
    QStringList capabilities; // "tools", "vision", "thinking"
    qint64 contextWindow = 0; // 0 = unknown
    std::optional<ModelPrice> priceOverride;

    bool operator==(const GroupMember &) const = default;
};

struct ModelGroup
{
    qint64 id = 0;
    QString name; // virtual model name, e.g. "auto:fast"
    QString strategy = QStringLiteral("priority");
    QList<GroupMember> members;
    double dailyBudget = 0;
    double maxCostPerRequest = 0;
    bool enabled = true;
    QJsonObject options; // time policies, hybrid weights

    bool operator==(const ModelGroup &) const = default;
};

// kind "scenario": match is default|background|think|longContext|webSearch|image.
// kind "prefix": match is a glob on the requested model. target is "<channel>,<model>" or a group.
struct RoutingRule
{
    qint64 id = 0;
    QString kind;
    QString match;
    QString target;
    int position = 0;
    bool enabled = true;
    QJsonObject options; // e.g. longContextThreshold

    bool operator==(const RoutingRule &) const = default;
};

struct ClientKey
{
    qint64 id = 0;
    QString name;
    QByteArray hash; // SHA-256 of the key, hex
    QString prefix; // display prefix, e.g. "sy-3f9a"
    QDateTime createdAt;
    QDateTime expiresAt; // invalid = never
    bool disabled = false;
    double dailyBudget = 0;
    QStringList allowedModels; // empty = all
    QJsonObject slotMap; // {"opus": {"target": "...", "effort": "..."}, "sonnet": ..., "haiku": ...}

    bool operator==(const ClientKey &) const = default;
};

// The whole user configuration, without secrets.
struct ConfigData
{
    QList<Provider> providers;
    QList<Channel> channels;
    QList<ModelGroup> groups;
    QList<RoutingRule> rules;
    QList<ClientKey> clientKeys;
    QVariantMap settings;

    const Provider *providerById(qint64 id) const;
    const Provider *providerByName(const QString &name) const;
    const Channel *channelById(qint64 id) const;
    const Channel *channelByName(const QString &name) const;
    const ModelGroup *groupByName(const QString &name) const;
    // Number of distinct model ids offered by enabled channels and groups.
    int modelCount() const;

    bool operator==(const ConfigData &) const = default;
};

// What the proxy thread reads. Immutable once published: a request keeps the snapshot it started
// with, and a config change publishes a new one.
struct ConfigSnapshot
{
    ConfigData config;
    QHash<QString, QByteArray> secrets; // secretRef -> key material, resolved off the request path
    quint64 generation = 0;

    QByteArray secret(const QString &ref) const { return secrets.value(ref); }
};

using ConfigSnapshotPtr = std::shared_ptr<const ConfigSnapshot>;

} // namespace Switchyard

Q_DECLARE_METATYPE(Switchyard::ConfigSnapshotPtr)
