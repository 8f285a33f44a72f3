#pragma once

// The JSON configuration file format (README "Configuration file"): parsing with validation,
// merging into the stored configuration, and export. Everything here is pure: no storage, no
// secret store, no files, so an invalid document can be rejected before anything changes.

#include "configtypes.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QProcessEnvironment>

#include <functional>
#include <optional>

namespace Switchyard::ConfigJson {

inline constexpr int FormatVersion = 1;

// The scenario names accepted under "routes", in their canonical order (which is also the
// position the scenario rules get).
const QStringList &scenarioNames();

// One channel key as written in the file, with "$NAME" already resolved.
struct KeySpec
{
    QString path; // JSON path, for messages
    // The key material, or nullopt when the entry only names an already stored key by fingerprint
    // (what an export without secrets writes).
    std::optional<QByteArray> secret;
    QString fingerprint;
    int weight = 1;
    bool disabled = false;
    QString disabledReason;
};

struct ChannelSpec
{
    QString path;
    QString providerName;
    Channel channel; // ids, providerId and keys are filled in by merge()
    std::optional<QList<KeySpec>> keys; // nullopt: "keys" absent, the stored keys stay as they are
};

struct MemberSpec
{
    QString channelName;
    GroupMember member; // channelId is filled in by merge()
};

struct GroupSpec
{
    ModelGroup group; // members are filled in by merge()
    QList<MemberSpec> members;
};

// Metadata of an existing client key; a field left out of the file stays unchanged.
struct ClientKeySpec
{
    QString path;
    QString name;
    std::optional<QDateTime> expiresAt; // invalid = never
    std::optional<bool> disabled;
    std::optional<double> dailyBudget;
    std::optional<QStringList> allowedModels;
    std::optional<QJsonObject> slotMap;
};

struct Document
{
    QList<Provider> providers;
    QList<ChannelSpec> channels;
    QList<GroupSpec> groups;
    QList<RoutingRule> scenarioRules; // from "routes"
    std::optional<QList<RoutingRule>> prefixRules; // from "rules"; nullopt when absent
    QVariantMap settings;
    QList<ClientKeySpec> clientKeys;
};

// Parses and validates json against the stored configuration `current` (route targets and group
// members may name channels and groups that exist only there). "$NAME" keys are read from env.
// On failure returns nullopt and *error names the JSON path and the reason; key material never
// appears in the message.
std::optional<Document> parse(const QByteArray &json, const ConfigData &current,
                              const QProcessEnvironment &env, QString *error = nullptr);

struct SecretWrite
{
    QString ref;
    QByteArray secret;
};

struct MergeResult
{
    // current with the document applied. New providers and channels have distinct negative
    // provisional ids (which channel providerIds and member channelIds refer to); other new
    // entities have id 0.
    ConfigData config;
    QList<SecretWrite> newSecrets; // fresh references to store before the config is saved
    // Keys the document matched to a stored reference, with the material the file gave for them
    // (lets the caller re-store a secret the keychain lost).
    QList<SecretWrite> matchedSecrets;
    QStringList orphanedRefs; // references no key uses any more: delete once the config is saved
    QStringList unknownClientKeys; // names in "clientKeys" with no stored key (left alone)
};

// Applies a parsed document to the stored configuration. Entities are matched by name (rules by
// kind and match, group members by channel and model, keys by fingerprint) and keep their ids;
// entities the document does not mention are kept, except prefix rules, which the "rules" array
// replaces as a whole.
MergeResult merge(const ConfigData &current, const Document &document);

// Key material for a stored key, or nullopt to export the key by fingerprint only.
using SecretLookup = std::function<std::optional<QByteArray>(const ChannelKey &key)>;

// The configuration in the import format. Without a lookup, keys are exported as
// {"fingerprint", "hint", "weight", ...} objects that re-import onto the same stored keys.
QJsonObject toJson(const ConfigData &config, const SecretLookup &secrets = {});
QByteArray toJsonBytes(const ConfigData &config, const SecretLookup &secrets = {});

} // namespace Switchyard::ConfigJson
