// Config import/export against a real Storage (SQLite in a temporary directory) and an in-memory
// secret store: validation with JSON paths, all-or-nothing imports, idempotent re-imports, exports
// without key material, round trips, backups, and snapshots with resolved secrets.

#include "backups.h"
#include "configjson.h"
#include "configservice.h"
#include "logcapture.h"
#include "memorysecretstore.h"
#include "storage.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Switchyard;

// Declared before the JSON fixtures: moc stops parsing at multi-line raw strings containing "//".
class TestConfigIo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void validImportStoresEntitiesAndOnlyReferences();
    void invalidImportChangesNothing_data();
    void invalidImportChangesNothing();
    void environmentReferences();
    void reimportIsIdempotent();
    void reimportReplacesRemovedKeys();
    void failedSecretWriteRollsBack();
    void failedDatabaseWriteRollsBackSecrets();
    void routeTargetsMayNameStoredEntities();
    void prefixRulesAreReplacedInOrder();
    void clientKeysGetMetadataOnly();
    void exportWithoutSecretsHasNoKeyMaterial();
    void exportImportRoundTrip();
    void exportWithSecretsRoundTrip();
    void backupsAreWrittenAndCapped();
    void snapshotResolvesSecrets();
    void keysNeverReachTheLog();
};

namespace {

const QByteArray MockKey("sk-mock-7f3a9c2e5b1d4086");
const QByteArray AnthropicKey("sk-ant-api03-secret-4b8e21");

const char *ExampleJson = R"({
  "providers": [
    { "name": "local-openai", "protocol": "openai", "baseUrl": "http://127.0.0.1:9000/v1",
      "channels": [ { "name": "main", "keys": ["$MOCK_KEY"], "models": ["gpt-4o", "deepseek-chat"],
                      "priority": 1, "weight": 1 } ] },
    { "name": "anthropic", "protocol": "anthropic", "baseUrl": "https://api.anthropic.com",
      "channels": [ { "name": "official", "keys": ["sk-ant-api03-secret-4b8e21"], "models": ["claude-sonnet-4-5"] } ] }
  ],
  "routes": { "default": "main,gpt-4o", "background": "main,deepseek-chat" }
})";

// Everything the format supports, for round trips.
const char *RichJson = R"({
  "version": 1,
  "_comment": "fields starting with an underscore are ignored",
  "providers": [
    { "name": "local-openai", "protocol": "openai", "baseUrl": "http://127.0.0.1:9000/v1",
      "capabilities": ["tools", "vision"], "enabled": true,
      "options": { "leadingSystemOnly": true },
      "prices": [ { "model": "gpt-4o*", "input": 2.5, "output": 10, "cacheRead": 1.25 },
                  { "model": "deepseek-chat", "input": 0.27, "output": 1.1 } ],
      "channels": [
        { "name": "main", "keys": ["$MOCK_KEY", { "key": "sk-second-key-000111222", "weight": 3 },
                                   { "key": "sk-third-key-333444555", "disabled": true, "disabledReason": "quota" }],
          "models": ["gpt-4o", "deepseek-chat"], "priority": 1, "weight": 2,
          "dailyRequestQuota": 500, "dailyBudget": 12.5, "proxy": "socks5://127.0.0.1:1080",
          "options": { "timeoutMs": 30000 } },
        { "name": "backup", "baseUrl": "https://backup.example.com/v1", "enabled": false,
          "keys": ["sk-backup-key-987654"], "models": ["gpt-4o"], "proxy": "system" } ] },
    { "name": "anthropic", "protocol": "anthropic", "baseUrl": "https://api.anthropic.com",
      "prices": { "claude-sonnet-4-5": { "input": 3, "output": 15, "cacheRead": 0.3, "cacheWrite": 3.75 } },
      "channels": [ { "name": "official", "keys": ["sk-ant-api03-secret-4b8e21"], "models": ["claude-sonnet-4-5"] } ] },
    { "name": "gemini", "protocol": "gemini", "baseUrl": "https://generativelanguage.googleapis.com",
      "enabled": false, "channels": [] }
  ],
  "modelGroups": [
    { "name": "auto:fast", "strategy": "weighted", "dailyBudget": 5, "maxCostPerRequest": 0.25,
      "options": { "hours": "9-18" },
      "members": [ { "channel": "main", "model": "deepseek-chat", "priority": 0, "weight": 3,
                     "capabilities": ["tools"], "contextWindow": 64000 },
                   { "channel": "official", "model": "claude-sonnet-4-5", "priority": 1,
                     "price": { "input": 2, "output": 9 } } ] }
  ],
  "routes": { "default": "main,gpt-4o", "background": "auto:fast", "think": "official,claude-sonnet-4-5",
              "longContext": "official,claude-sonnet-4-5", "longContextThreshold": 60000,
              "webSearch": { "target": "main,gpt-4o", "enabled": false } },
  "rules": [ { "match": "gpt-*", "target": "main,gpt-4o" },
             { "match": "claude-*", "target": "official,claude-sonnet-4-5", "enabled": false } ],
  "settings": { "proxy/port": 17801, "ui/language": "zh_CN", "usage/captureBodies": false, "budget/scale": 1.5 }
})";

QProcessEnvironment testEnv()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("MOCK_KEY"), QString::fromLatin1(MockKey));
    return env;
}

// A secret store whose writes start failing after a number of successes, to exercise the rollback
// of an import that fails halfway through storing keys.
class FailingWritesStore : public MemorySecretStore
{
public:
    int writesLeft = 1000;

    bool write(const QString &ref, const QByteArray &secret, QString *error) override
    {
        if (writesLeft-- <= 0) {
            if (error)
                *error = QStringLiteral("keyring full");
            return false;
        }
        return MemorySecretStore::write(ref, secret, error);
    }
};

// Ids differ between databases; replace them with positions (references by the position of the
// entity they name) so two configurations can be compared "modulo ids".
ConfigData withoutIds(ConfigData config)
{
    const auto providerIndex = [&config](qint64 id) {
        for (qsizetype i = 0; i < config.providers.size(); ++i) {
            if (config.providers.at(i).id == id)
                return qint64(i + 1);
        }
        return qint64(-1);
    };
    const auto channelIndex = [&config](qint64 id) {
        for (qsizetype i = 0; i < config.channels.size(); ++i) {
            if (config.channels.at(i).id == id)
                return qint64(i + 1);
        }
        return qint64(-1);
    };
    ConfigData out = config;
    for (Provider &provider : out.providers)
        provider.id = 0;
    for (Channel &channel : out.channels) {
        channel.providerId = providerIndex(channel.providerId);
        channel.id = 0;
        for (ChannelKey &key : channel.keys) {
            key.id = 0;
            key.secretRef.clear();
        }
    }
    for (ModelGroup &group : out.groups) {
        group.id = 0;
        for (GroupMember &member : group.members) {
            member.id = 0;
            member.channelId = channelIndex(member.channelId);
        }
    }
    for (RoutingRule &rule : out.rules)
        rule.id = 0;
    for (ClientKey &key : out.clientKeys)
        key.id = 0;
    return out;
}

// Every key of the config with its material, as "<channel>/<fingerprint>" -> secret.
QMap<QString, QByteArray> keyMaterial(const ConfigData &config, SecretStore *store)
{
    QMap<QString, QByteArray> keys;
    for (const Channel &channel : config.channels) {
        for (const ChannelKey &key : channel.keys)
            keys.insert(channel.name + u'/' + key.fingerprint,
                        store->read(key.secretRef).value_or("<missing>"));
    }
    return keys;
}

QByteArray databaseBytes(const QString &dataDir)
{
    QByteArray bytes;
    const QDir dir(dataDir);
    for (const QString &name : dir.entryList({Storage::databaseFileName() + u'*'}, QDir::Files)) {
        QFile file(dir.filePath(name));
        if (file.open(QIODevice::ReadOnly))
            bytes += file.readAll();
    }
    return bytes;
}

mode_t fileMode(const QString &path)
{
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return 0;
    return info.st_mode & 07777;
}

// Replaces every {"fingerprint": ...} key of an export without secrets by {"key": ...}, the way a
// user re-supplies keys when moving a config to another machine.
QByteArray resupplyKeys(const QByteArray &exported, const QHash<QString, QByteArray> &byFingerprint)
{
    QJsonObject root = QJsonDocument::fromJson(exported).object();
    QJsonArray providers = root.value(u"providers").toArray();
    for (qsizetype p = 0; p < providers.size(); ++p) {
        QJsonObject provider = providers.at(p).toObject();
        QJsonArray channels = provider.value(u"channels").toArray();
        for (qsizetype c = 0; c < channels.size(); ++c) {
            QJsonObject channel = channels.at(c).toObject();
            QJsonArray keys = channel.value(u"keys").toArray();
            for (qsizetype k = 0; k < keys.size(); ++k) {
                QJsonObject key = keys.at(k).toObject();
                const QString fingerprint = key.take(u"fingerprint").toString();
                key.remove(u"hint");
                key.insert(u"key", QString::fromLatin1(byFingerprint.value(fingerprint)));
                keys.replace(k, key);
            }
            channel.insert(u"keys", keys);
            channels.replace(c, channel);
        }
        provider.insert(u"channels", channels);
        providers.replace(p, provider);
    }
    root.insert(u"providers", providers);
    return QJsonDocument(root).toJson();
}

} // namespace

// One data directory with its database, secret store and service.
struct Fixture
{
    QTemporaryDir dir;
    Storage storage;
    MemorySecretStore memorySecrets;
    SecretStore *secrets = &memorySecrets;
    std::unique_ptr<ConfigService> service;

    explicit Fixture(SecretStore *store = nullptr)
    {
        if (store)
            secrets = store;
        QString error;
        if (!dir.isValid() || !storage.open(dir.path(), &error))
            qFatal("cannot open storage: %s", qPrintable(error));
        service = std::make_unique<ConfigService>(&storage, secrets, dir.path());
    }
    ConfigData config() const { return storage.loadConfig(); }
    QStringList backups() const { return Backups::list(service->backupDir()); }
};

void TestConfigIo::init()
{
    // Every message logged while a test runs, to prove keys never reach the log.
    Test::LogCapture::install();
}

void TestConfigIo::cleanup()
{
    Test::LogCapture::uninstall();
}

void TestConfigIo::validImportStoresEntitiesAndOnlyReferences()
{
    Fixture f;
    QString error;
    QVERIFY2(f.service->importJson(ExampleJson, &error, testEnv()), qPrintable(error));

    const ConfigData config = f.config();
    QCOMPARE(config.providers.size(), 2);
    const Provider *openai = config.providerByName(QStringLiteral("local-openai"));
    const Provider *anthropic = config.providerByName(QStringLiteral("anthropic"));
    QVERIFY(openai && anthropic);
    QCOMPARE(openai->protocol, Protocol::OpenAI);
    QCOMPARE(openai->baseUrl, QStringLiteral("http://127.0.0.1:9000/v1"));
    QCOMPARE(anthropic->protocol, Protocol::Anthropic);

    const Channel *main = config.channelByName(QStringLiteral("main"));
    const Channel *official = config.channelByName(QStringLiteral("official"));
    QVERIFY(main && official);
    QCOMPARE(main->providerId, openai->id);
    QCOMPARE(official->providerId, anthropic->id);
    QCOMPARE(main->models, (QStringList {QStringLiteral("gpt-4o"), QStringLiteral("deepseek-chat")}));
    QCOMPARE(main->priority, 1);
    QCOMPARE(main->weight, 1);
    QCOMPARE(official->priority, 0);
    QVERIFY(main->enabled);

    QCOMPARE(main->keys.size(), 1);
    const ChannelKey &mockKey = main->keys.first();
    QVERIFY(mockKey.secretRef.startsWith(QStringLiteral("channel-key/")));
    QCOMPARE(mockKey.fingerprint, SecretStore::fingerprintFor(MockKey));
    QCOMPARE(mockKey.hint, SecretStore::hintFor(MockKey));
    QCOMPARE(f.memorySecrets.read(mockKey.secretRef).value_or(QByteArray()), MockKey);
    QCOMPARE(official->keys.size(), 1);
    QCOMPARE(f.memorySecrets.read(official->keys.first().secretRef).value_or(QByteArray()), AnthropicKey);
    QCOMPARE(f.memorySecrets.count(), 2);

    QCOMPARE(config.rules.size(), 2);
    for (const RoutingRule &rule : config.rules)
        QCOMPARE(rule.kind, QStringLiteral("scenario"));
    const auto target = [&config](const QString &scenario) {
        for (const RoutingRule &rule : config.rules) {
            if (rule.match == scenario)
                return rule.target;
        }
        return QString();
    };
    QCOMPARE(target(QStringLiteral("default")), QStringLiteral("main,gpt-4o"));
    QCOMPARE(target(QStringLiteral("background")), QStringLiteral("main,deepseek-chat"));

    // The database holds references only.
    const QByteArray db = databaseBytes(f.dir.path());
    QVERIFY(db.size() > 0);
    QVERIFY(!db.contains(MockKey));
    QVERIFY(!db.contains(AnthropicKey));
    QVERIFY(db.contains(mockKey.secretRef.toLatin1()));
}

void TestConfigIo::invalidImportChangesNothing_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("withMockKey");
    QTest::addColumn<QString>("expectedError");

    QTest::newRow("syntax") << QByteArray("{\n  \"providers\": [\n    { \"name\": \"x\" ,, }\n  ]\n}") << true
                            << QStringLiteral("syntax error at line 3, column");
    QTest::newRow("not an object") << QByteArray("[1, 2]") << true
                                   << QStringLiteral("the configuration must be a JSON object");
    QTest::newRow("bad protocol") << QByteArray(
        R"({"providers": [{"name": "p", "protocol": "foo", "baseUrl": "http://h"}]})")
                                  << true
                                  << QStringLiteral("providers[0].protocol: unknown protocol \"foo\" "
                                                    "(expected anthropic, openai, gemini or responses)");
    QTest::newRow("missing env var")
        << QByteArray(ExampleJson) << false
        << QStringLiteral("providers[0].channels[0].keys[0]: environment variable MOCK_KEY is not set");
    QTest::newRow("unknown route channel")
        << QByteArray(ExampleJson).replace("\"default\": \"main,gpt-4o\"", "\"default\": \"nope,gpt-4o\"")
        << true << QStringLiteral("routes.default: unknown channel \"nope\"");
    QTest::newRow("unknown route group")
        << QByteArray(ExampleJson)
               .replace("\"background\": \"main,deepseek-chat\"", "\"background\": \"fast\"")
        << true << QStringLiteral("routes.background: unknown model group \"fast\"");
    QTest::newRow("unknown scenario") << QByteArray(ExampleJson).replace("\"background\":", "\"backgruond\":")
                                      << true << QStringLiteral("routes.backgruond: unknown scenario");
    QTest::newRow("duplicate provider")
        << QByteArray(ExampleJson).replace("\"name\": \"anthropic\"", "\"name\": \"local-openai\"") << true
        << QStringLiteral("providers[1].name: duplicate provider name \"local-openai\"");
    QTest::newRow("duplicate channel")
        << QByteArray(ExampleJson).replace("\"name\": \"official\"", "\"name\": \"main\"") << true
        << QStringLiteral("providers[1].channels[0].name: duplicate channel name \"main\"");
    QTest::newRow("duplicate key")
        << QByteArray(ExampleJson).replace("[\"$MOCK_KEY\"]", "[\"$MOCK_KEY\", \"sk-mock-7f3a9c2e5b1d4086\"]")
        << true << QStringLiteral("providers[0].channels[0].keys[1]: the same key is already listed at");
    QTest::newRow("string for number")
        << QByteArray(ExampleJson).replace("\"priority\": 1", "\"priority\": \"1\"") << true
        << QStringLiteral("providers[0].channels[0].priority: expected a number, got a string");
    QTest::newRow("fraction for integer")
        << QByteArray(ExampleJson).replace("\"weight\": 1", "\"weight\": 1.5") << true
        << QStringLiteral("providers[0].channels[0].weight: expected a whole number");
    QTest::newRow("object for array") << QByteArray(R"({"providers": {}})") << true
                                      << QStringLiteral("providers: expected an array, got an object");
    QTest::newRow("number for key")
        << QByteArray(ExampleJson).replace("[\"$MOCK_KEY\"]", "[42]") << true
        << QStringLiteral("providers[0].channels[0].keys[0]: expected a string or an object, got a number");
    QTest::newRow("missing name") << QByteArray(ExampleJson).replace("\"name\": \"anthropic\", ", "") << true
                                  << QStringLiteral("providers[1].name: is required");
    QTest::newRow("ftp url")
        << QByteArray(ExampleJson).replace("http://127.0.0.1:9000/v1", "ftp://127.0.0.1/v1") << true
        << QStringLiteral("providers[0].baseUrl: \"ftp://127.0.0.1/v1\" is not an http or https URL");
    QTest::newRow("typo field") << QByteArray(ExampleJson).replace("\"priority\": 1", "\"prioirty\": 1")
                                << true << QStringLiteral("providers[0].channels[0].prioirty: unknown field");
    QTest::newRow("comma in channel name")
        << QByteArray(ExampleJson).replace("\"name\": \"official\"", "\"name\": \"off,icial\"") << true
        << QStringLiteral("providers[1].channels[0].name: a channel name must not contain a comma");
    QTest::newRow("member of unknown channel")
        << QByteArray(R"({"modelGroups": [{"name": "g", "members": [{"channel": "ghost", "model": "m"}]}]})")
        << true << QStringLiteral("modelGroups[0].members[0].channel: unknown channel \"ghost\"");
    QTest::newRow("non-scalar setting")
        << QByteArray(R"({"settings": {"a": [1]}})") << true
        << QStringLiteral("settings.a: expected a string, a number or true/false");
    QTest::newRow("protected setting")
        << QByteArray(R"({"settings": {"secrets/insecureFile": true}})") << true
        << QStringLiteral(
               "settings.secrets/insecureFile: this setting can only be changed in Switchyard itself");
    QTest::newRow("newer version") << QByteArray(R"({"version": 2})") << true
                                   << QStringLiteral("version: format version 2 is newer");
    QTest::newRow("negative budget")
        << QByteArray(ExampleJson).replace("\"weight\": 1", "\"weight\": 1, \"dailyBudget\": -3") << true
        << QStringLiteral("providers[0].channels[0].dailyBudget: must be zero or a positive number");
    QTest::newRow("unknown fingerprint")
        << QByteArray(ExampleJson).replace("[\"$MOCK_KEY\"]", "[{\"fingerprint\": \"0123456789abcdef\"}]")
        << true
        << QStringLiteral("providers[0].channels[0].keys[0].fingerprint: no stored key has fingerprint");
    QTest::newRow("key with a space")
        << QByteArray(ExampleJson).replace("sk-ant-api03-secret-4b8e21", "sk-ant api03") << true
        << QStringLiteral("providers[1].channels[0].keys[0]: the key contains spaces or control characters");
}

void TestConfigIo::invalidImportChangesNothing()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, withMockKey);
    QFETCH(QString, expectedError);

    Fixture f;
    // Something stored beforehand, so "nothing changed" is a real statement.
    const QByteArray baseline =
        R"({"providers": [{"name": "old", "protocol": "openai", "baseUrl": "https://old.example",
        "channels": [{"name": "legacy", "keys": ["sk-legacy-key-0000111"], "models": ["m"]}]}],
        "routes": {"default": "legacy,m"}})";
    QString error;
    QVERIFY2(f.service->importJson(baseline, &error, testEnv()), qPrintable(error));
    const ConfigData before = f.config();
    const QHash<QString, QByteArray> secretsBefore = f.memorySecrets.contents();
    const QStringList backupsBefore = f.backups();

    const QProcessEnvironment env = withMockKey ? testEnv() : QProcessEnvironment();
    QVERIFY(!f.service->importJson(json, &error, env));
    qInfo("error: %s", qPrintable(error));
    QVERIFY2(error.contains(expectedError), qPrintable(QStringLiteral("got: ") + error));
    QVERIFY(!error.contains(QString::fromLatin1(MockKey)));
    QVERIFY(!error.contains(QString::fromLatin1(AnthropicKey)));

    QCOMPARE(f.config(), before);
    QCOMPARE(f.memorySecrets.contents(), secretsBefore);
    QCOMPARE(f.backups(), backupsBefore);
}

void TestConfigIo::environmentReferences()
{
    Fixture f;
    QProcessEnvironment env;
    env.insert(QStringLiteral("PLAIN"), QStringLiteral("sk-plain-env-value-1"));
    env.insert(QStringLiteral("BRACED"), QStringLiteral("  sk-braced-env-value-2\n"));
    env.insert(QStringLiteral("EMPTY"), QString());
    const QByteArray json = R"({"providers": [{"name": "p", "protocol": "openai", "baseUrl": "https://h",
        "channels": [{"name": "c", "keys": ["$PLAIN", {"key": "${BRACED}", "weight": 2}], "models": ["m"]}]}]})";
    QString error;
    QVERIFY2(f.service->importJson(json, &error, env), qPrintable(error));
    const ConfigData config = f.config();
    const Channel *channel = config.channelByName(QStringLiteral("c"));
    QVERIFY(channel);
    QCOMPARE(channel->keys.size(), 2);
    QCOMPARE(f.memorySecrets.read(channel->keys.at(0).secretRef).value_or(""),
             QByteArray("sk-plain-env-value-1"));
    // Whitespace around a key (a trailing newline from a file) is not part of it.
    QCOMPARE(f.memorySecrets.read(channel->keys.at(1).secretRef).value_or(""),
             QByteArray("sk-braced-env-value-2"));
    QCOMPARE(channel->keys.at(1).weight, 2);

    QVERIFY(!f.service->importJson(QByteArray(json).replace("$PLAIN", "$EMPTY"), &error, env));
    QCOMPARE(error, QStringLiteral("providers[0].channels[0].keys[0]: environment variable EMPTY is empty"));
    QVERIFY(!f.service->importJson(QByteArray(json).replace("${BRACED}", "${MISSING}"), &error, env));
    QCOMPARE(error,
             QStringLiteral("providers[0].channels[0].keys[1].key: environment variable MISSING is not set"));
}

void TestConfigIo::reimportIsIdempotent()
{
    Fixture f;
    QString error;
    QVERIFY2(f.service->importJson(RichJson, &error, testEnv()), qPrintable(error));
    const ConfigData first = f.config();
    const QHash<QString, QByteArray> secretsFirst = f.memorySecrets.contents();
    QCOMPARE(f.memorySecrets.count(), 5);

    QVERIFY2(f.service->importJson(RichJson, &error, testEnv()), qPrintable(error));
    QCOMPARE(f.config(), first); // same ids, same refs, same everything
    QCOMPARE(f.memorySecrets.contents(), secretsFirst);

    // The example, which names some of the same entities, only updates those it names.
    QVERIFY2(f.service->importJson(ExampleJson, &error, testEnv()), qPrintable(error));
    const ConfigData afterExample = f.config();
    QCOMPARE(afterExample.providers.size(), first.providers.size());
    QCOMPARE(afterExample.channelByName(QStringLiteral("main"))->id,
             first.channelByName(QStringLiteral("main"))->id);
    QCOMPARE(afterExample.channelByName(QStringLiteral("main"))->keys.first().secretRef,
             first.channelByName(QStringLiteral("main"))->keys.first().secretRef);
    QVERIFY(afterExample.channelByName(QStringLiteral("backup")));
    QVERIFY(afterExample.groupByName(QStringLiteral("auto:fast")));
}

void TestConfigIo::reimportReplacesRemovedKeys()
{
    Fixture f;
    QString error;
    QVERIFY2(f.service->importJson(RichJson, &error, testEnv()), qPrintable(error));
    const Channel before = *f.config().channelByName(QStringLiteral("main"));
    QCOMPARE(before.keys.size(), 3);

    // Drop the second key, keep the first, add a new one.
    QByteArray json(RichJson);
    json.replace(R"({ "key": "sk-second-key-000111222", "weight": 3 },)", R"("sk-brand-new-key-424242",)");
    QVERIFY2(f.service->importJson(json, &error, testEnv()), qPrintable(error));
    const Channel after = *f.config().channelByName(QStringLiteral("main"));
    QCOMPARE(after.id, before.id);
    QCOMPARE(after.keys.size(), 3);
    QCOMPARE(after.keys.at(0), before.keys.at(0)); // same id, ref, hint, fingerprint
    QCOMPARE(after.keys.at(2), before.keys.at(2));
    QCOMPARE(after.keys.at(1).fingerprint, SecretStore::fingerprintFor("sk-brand-new-key-424242"));
    QVERIFY(after.keys.at(1).secretRef != before.keys.at(1).secretRef);
    QCOMPARE(f.memorySecrets.read(after.keys.at(1).secretRef).value_or(""),
             QByteArray("sk-brand-new-key-424242"));
    // The dropped key's secret is gone from the store.
    QVERIFY(!f.memorySecrets.read(before.keys.at(1).secretRef));
    QCOMPARE(f.memorySecrets.count(), 5);

    // A key lost from the keychain is stored again when the file names it.
    f.memorySecrets.remove(after.keys.at(0).secretRef);
    QVERIFY2(f.service->importJson(json, &error, testEnv()), qPrintable(error));
    QCOMPARE(f.memorySecrets.read(after.keys.at(0).secretRef).value_or(""), MockKey);
    QCOMPARE(f.config().channelByName(QStringLiteral("main"))->keys, after.keys);
}

void TestConfigIo::failedSecretWriteRollsBack()
{
    FailingWritesStore store;
    Fixture f(&store);
    QString error;
    QVERIFY2(f.service->importJson(ExampleJson, &error, testEnv()), qPrintable(error));
    const ConfigData before = f.config();
    const QHash<QString, QByteArray> secretsBefore = store.contents();

    // Two new keys; the second write fails.
    const QByteArray json =
        R"({"providers": [{"name": "third", "protocol": "gemini", "baseUrl": "https://g.example",
        "channels": [{"name": "g1", "keys": ["sk-gemini-one-1111", "sk-gemini-two-2222"], "models": ["gemini-2.5-pro"]}]}]})";
    store.writesLeft = 1;
    QVERIFY(!f.service->importJson(json, &error, testEnv()));
    QVERIFY2(error.contains(QStringLiteral("keyring full")), qPrintable(error));
    QCOMPARE(store.contents(), secretsBefore);
    QCOMPARE(f.config(), before);
}

void TestConfigIo::failedDatabaseWriteRollsBackSecrets()
{
    Fixture f;
    QString error;
    QVERIFY2(f.service->importJson(ExampleJson, &error, testEnv()), qPrintable(error));
    const ConfigData before = f.config();
    const QHash<QString, QByteArray> secretsBefore = f.memorySecrets.contents();

    // Make the database refuse new channels, so the save fails after the keys were stored.
    QVERIFY(f.storage.write(
        [](QSqlDatabase &db, QString *err) {
            QSqlQuery query(db);
            if (query.exec(
                    QStringLiteral("CREATE TEMP TRIGGER refuse_channels BEFORE INSERT ON main.channels "
                                   "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")))
                return true;
            *err = query.lastError().text();
            return false;
        },
        &error));
    const QByteArray json =
        R"({"providers": [{"name": "third", "protocol": "gemini", "baseUrl": "https://g.example",
        "channels": [{"name": "g1", "keys": ["sk-gemini-one-1111"], "models": ["gemini-2.5-pro"]}]}]})";
    QVERIFY(!f.service->importJson(json, &error, testEnv()));
    QVERIFY2(error.contains(QStringLiteral("injected failure")), qPrintable(error));
    QCOMPARE(f.memorySecrets.contents(), secretsBefore);
    QCOMPARE(f.config(), before);
}

void TestConfigIo::routeTargetsMayNameStoredEntities()
{
    Fixture f;
    QString error;
    QVERIFY2(f.service->importJson(RichJson, &error, testEnv()), qPrintable(error));
    const QByteArray json = R"({"routes": {"default": "backup,gpt-4o", "image": "auto:fast"},
        "modelGroups": [{"name": "auto:cheap", "members": [{"channel": "official", "model": "claude-sonnet-4-5"}]}]})";
    QVERIFY2(f.service->importJson(json, &error, testEnv()), qPrintable(error));
    const ConfigData config = f.config();
    QVERIFY(config.groupByName(QStringLiteral("auto:cheap")));
    QCOMPARE(config.groupByName(QStringLiteral("auto:cheap"))->members.first().channelId,
             config.channelByName(QStringLiteral("official"))->id);
    int found = 0;
    for (const RoutingRule &rule : config.rules) {
        if (rule.kind == u"scenario" && rule.match == u"default") {
            QCOMPARE(rule.target, QStringLiteral("backup,gpt-4o"));
            ++found;
        }
        if (rule.kind == u"scenario" && rule.match == u"image") {
            QCOMPARE(rule.target, QStringLiteral("auto:fast"));
            ++found;
        }
        if (rule.kind == u"scenario" && rule.match == u"longContext") {
            QCOMPARE(rule.options.value(u"longContextThreshold").toInteger(), 60000);
            ++found;
        }
    }
    QCOMPARE(found, 3);

    // The threshold alone tunes the stored long-context route.
    QVERIFY2(f.service->importJson(R"({"routes": {"longContextThreshold": 100000}})", &error, testEnv()),
             qPrintable(error));
    for (const RoutingRule &rule : f.config().rules) {
        if (rule.match == u"longContext")
            QCOMPARE(rule.options.value(u"longContextThreshold").toInteger(), 100000);
    }
}

void TestConfigIo::prefixRulesAreReplacedInOrder()
{
    Fixture f;
    QString error;
    QVERIFY2(f.service->importJson(RichJson, &error, testEnv()), qPrintable(error));
    const auto prefixRules = [&f]() {
        QList<RoutingRule> rules;
        for (const RoutingRule &rule : f.config().rules) {
            if (rule.kind == u"prefix")
                rules.append(rule);
        }
        std::sort(rules.begin(), rules.end(),
                  [](const RoutingRule &a, const RoutingRule &b) { return a.position < b.position; });
        return rules;
    };
    const QList<RoutingRule> before = prefixRules();
    QCOMPARE(before.size(), 2);
    QCOMPARE(before.at(0).match, QStringLiteral("gpt-*"));
    QCOMPARE(before.at(0).position, 0);
    QCOMPARE(before.at(1).match, QStringLiteral("claude-*"));
    QCOMPARE(before.at(1).position, 1);
    QVERIFY(!before.at(1).enabled);

    const QByteArray json = R"({"rules": [{"match": "o3*", "target": "auto:fast"},
                                           {"match": "claude-*", "target": "official,claude-sonnet-4-5"}]})";
    QVERIFY2(f.service->importJson(json, &error, testEnv()), qPrintable(error));
    const QList<RoutingRule> after = prefixRules();
    QCOMPARE(after.size(), 2);
    QCOMPARE(after.at(0).match, QStringLiteral("o3*"));
    QCOMPARE(after.at(1).match, QStringLiteral("claude-*"));
    QCOMPARE(after.at(1).id, before.at(1).id); // matched by match, so it keeps its id
    QCOMPARE(after.at(1).position, 1);
    QVERIFY(after.at(1).enabled);
}

void TestConfigIo::clientKeysGetMetadataOnly()
{
    Fixture f;
    ClientKey key;
    key.name = QStringLiteral("laptop");
    key.hash = QCryptographicHash::hash("sy-client-secret", QCryptographicHash::Sha256).toHex();
    key.prefix = QStringLiteral("sy-3f9a");
    key.allowedModels = QStringList {QStringLiteral("gpt-4o")};
    QString error;
    QVERIFY2(f.storage.saveClientKey(&key, &error), qPrintable(error));
    const ClientKey stored = f.config().clientKeys.first();

    const QByteArray json = R"({"clientKeys": [
        {"name": "laptop", "disabled": true, "dailyBudget": 2.5, "expiresAt": "2030-01-02T03:04:05.000Z",
         "slotMap": {"opus": {"target": "main,gpt-4o"}}, "prefix": "ignored"},
        {"name": "not-here", "disabled": true}]})";
    QVERIFY2(f.service->importJson(json, &error, testEnv()), qPrintable(error));
    const ConfigData config = f.config();
    QCOMPARE(config.clientKeys.size(), 1); // client keys are never created by an import
    const ClientKey &updated = config.clientKeys.first();
    QCOMPARE(updated.id, stored.id);
    QCOMPARE(updated.hash, stored.hash);
    QCOMPARE(updated.prefix, stored.prefix);
    QCOMPARE(updated.allowedModels, stored.allowedModels); // absent: unchanged
    QVERIFY(updated.disabled);
    QCOMPARE(updated.dailyBudget, 2.5);
    QCOMPARE(updated.expiresAt, QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5), Qt::UTC));
    QCOMPARE(updated.slotMap.value(u"opus").toObject().value(u"target").toString(),
             QStringLiteral("main,gpt-4o"));
}

void TestConfigIo::exportWithoutSecretsHasNoKeyMaterial()
{
    Fixture f;
    QString error;
    QVERIFY2(f.service->importJson(RichJson, &error, testEnv()), qPrintable(error));
    ClientKey key;
    key.name = QStringLiteral("ci");
    key.hash = QCryptographicHash::hash("sy-ci-secret", QCryptographicHash::Sha256).toHex();
    key.prefix = QStringLiteral("sy-ci01");
    QVERIFY(f.storage.saveClientKey(&key, &error));

    // Where keys are kept is this machine's decision, not something a shared file carries.
    QVERIFY(f.storage.setSetting(QStringLiteral("secrets/insecureFile"), true, &error));

    const QByteArray exported = f.service->exportJson(false, &error);
    QVERIFY2(!exported.isEmpty(), qPrintable(error));
    QVERIFY(!exported.contains("secrets/"));
    QVERIFY(exported.contains("\"ui/language\": \"zh_CN\""));
    for (const QByteArray &secret : f.memorySecrets.contents())
        QVERIFY2(!exported.contains(secret), secret.left(6).constData());
    QVERIFY(!exported.contains(key.hash));
    QVERIFY(!exported.contains("\"hash\""));

    const QJsonObject root = QJsonDocument::fromJson(exported).object();
    const QJsonObject firstKey = root.value(u"providers")[0][u"channels"][0][u"keys"][0].toObject();
    QCOMPARE(firstKey.value(u"fingerprint").toString(), SecretStore::fingerprintFor(MockKey));
    QVERIFY(!firstKey.contains(u"key"));
    const QJsonObject clientKey = root.value(u"clientKeys")[0].toObject();
    QCOMPARE(clientKey.value(u"name").toString(), QStringLiteral("ci"));
    QCOMPARE(clientKey.value(u"prefix").toString(), QStringLiteral("sy-ci01"));

    // Written to disk, the export is private to the user.
    const QString path = f.dir.filePath(QStringLiteral("export/config.json"));
    QVERIFY2(f.service->exportFile(path, false, &error), qPrintable(error));
    QCOMPARE(fileMode(path), mode_t(0600));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), exported);
}

void TestConfigIo::exportImportRoundTrip()
{
    Fixture source;
    QString error;
    QVERIFY2(source.service->importJson(RichJson, &error, testEnv()), qPrintable(error));
    const ConfigData original = source.config();
    const QByteArray exported = source.service->exportJson(false, &error);
    QVERIFY2(!exported.isEmpty(), qPrintable(error));

    // Back into the same database: the fingerprints name the stored keys, nothing changes.
    QVERIFY2(source.service->importJson(exported, &error, QProcessEnvironment()), qPrintable(error));
    QCOMPARE(source.config(), original);

    // Elsewhere the fingerprints mean nothing, and the import says which key is missing.
    Fixture target;
    QVERIFY(!target.service->importJson(exported, &error, QProcessEnvironment()));
    QVERIFY2(error.startsWith(QStringLiteral("providers[0].channels[0].keys[0].fingerprint: no stored key")),
             qPrintable(error));
    QCOMPARE(target.memorySecrets.count(), 0);

    // With the keys supplied again, the configuration arrives intact.
    QHash<QString, QByteArray> byFingerprint;
    for (const QByteArray &secret : source.memorySecrets.contents())
        byFingerprint.insert(SecretStore::fingerprintFor(secret), secret);
    QVERIFY2(target.service->importJson(resupplyKeys(exported, byFingerprint), &error, QProcessEnvironment()),
             qPrintable(error));
    const ConfigData copy = target.config();
    QCOMPARE(withoutIds(copy), withoutIds(original));
    QCOMPARE(keyMaterial(copy, target.secrets), keyMaterial(original, source.secrets));
    // And exporting the copy gives the same file.
    QCOMPARE(target.service->exportJson(false, &error), exported);
}

void TestConfigIo::exportWithSecretsRoundTrip()
{
    Fixture source;
    QString error;
    QVERIFY2(source.service->importJson(RichJson, &error, testEnv()), qPrintable(error));
    const QByteArray exported = source.service->exportJson(true, &error);
    QVERIFY2(!exported.isEmpty(), qPrintable(error));
    QVERIFY(exported.contains(MockKey));
    QVERIFY(exported.contains(AnthropicKey));
    // A key with nothing else to say is a plain string.
    const QJsonObject root = QJsonDocument::fromJson(exported).object();
    QCOMPARE(root.value(u"providers")[1][u"channels"][0][u"keys"][0].toString(),
             QString::fromLatin1(AnthropicKey));

    Fixture target;
    QVERIFY2(target.service->importJson(exported, &error, QProcessEnvironment()), qPrintable(error));
    QCOMPARE(withoutIds(target.config()), withoutIds(source.config()));
    QCOMPARE(keyMaterial(target.config(), target.secrets), keyMaterial(source.config(), source.secrets));

    // A key the store lost makes the export fail instead of silently dropping it.
    const ConfigData sourceConfig = source.config();
    const Channel *main = sourceConfig.channelByName(QStringLiteral("main"));
    source.memorySecrets.remove(main->keys.first().secretRef);
    QVERIFY(source.service->exportJson(true, &error).isEmpty());
    QVERIFY2(error.contains(main->keys.first().secretRef), qPrintable(error));
}

void TestConfigIo::backupsAreWrittenAndCapped()
{
    Fixture f;
    QString error;
    QVERIFY(f.backups().isEmpty());
    QVERIFY2(f.service->importJson(ExampleJson, &error, testEnv()), qPrintable(error));
    QCOMPARE(f.backups().size(), 1);

    for (int i = 0; i < 11; ++i) {
        const QByteArray before = f.service->exportJson(false, &error);
        const QByteArray json = QStringLiteral(R"({"settings": {"test/round": %1}})").arg(i).toUtf8();
        QVERIFY2(f.service->importJson(json, &error, testEnv()), qPrintable(error));
        // The newest backup is the configuration as it was before this import.
        QFile newest(f.backups().first());
        QVERIFY(newest.open(QIODevice::ReadOnly));
        QCOMPARE(newest.readAll(), before);
        QCOMPARE(fileMode(newest.fileName()), mode_t(0600));
    }
    const QStringList backups = f.backups();
    QCOMPARE(backups.size(), Backups::DefaultKeep);
    static const QRegularExpression name(QStringLiteral("/config-\\d{8}-\\d{6}-\\d{3}(-\\d+)?\\.json$"));
    for (const QString &path : backups)
        QVERIFY2(name.match(path).hasMatch(), qPrintable(path));
    QCOMPARE(QDir(f.service->backupDir()).entryList(QDir::Files | QDir::Hidden).size(), Backups::DefaultKeep);
    QCOMPARE(f.config().settings.value(QStringLiteral("test/round")).toInt(), 10);
}

void TestConfigIo::snapshotResolvesSecrets()
{
    Fixture f;
    QString error;
    QVERIFY2(f.service->importJson(RichJson, &error, testEnv()), qPrintable(error));
    QStringList warnings;
    const ConfigSnapshotPtr first = f.service->buildSnapshot(&warnings);
    QVERIFY(first);
    QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(u'\n')));
    QCOMPARE(first->config, f.config());
    QCOMPARE(first->secrets.size(), 5);
    const Channel *main = first->config.channelByName(QStringLiteral("main"));
    QCOMPARE(first->secret(main->keys.first().secretRef), MockKey);

    // A key the store cannot produce is left out and named by reference and hint, not value.
    const ChannelKey lost = main->keys.at(1);
    const QByteArray lostSecret = f.memorySecrets.read(lost.secretRef).value_or(QByteArray());
    QVERIFY(!lostSecret.isEmpty());
    f.memorySecrets.remove(lost.secretRef);
    const ConfigSnapshotPtr second = f.service->buildSnapshot(&warnings);
    QVERIFY(second);
    QVERIFY(second->generation > first->generation);
    QCOMPARE(second->secrets.size(), 4);
    QVERIFY(!second->secrets.contains(lost.secretRef));
    QCOMPARE(warnings.size(), 1);
    QVERIFY(warnings.first().contains(lost.secretRef));
    QVERIFY(warnings.first().contains(lost.hint));
    QVERIFY(!warnings.first().contains(QString::fromLatin1(lostSecret)));
    QVERIFY(f.service->buildSnapshot()->generation > second->generation);
}

void TestConfigIo::keysNeverReachTheLog()
{
    Fixture f;
    QString error;
    QVERIFY2(f.service->importJson(RichJson, &error, testEnv()), qPrintable(error));
    QVERIFY2(f.service->importJson(RichJson, &error, testEnv()), qPrintable(error));
    QVERIFY(!f.service->exportJson(true, &error).isEmpty());
    f.memorySecrets.remove(f.config().channels.first().keys.first().secretRef);
    f.service->buildSnapshot();
    QVERIFY(!Test::LogCapture::messages().isEmpty());
    const QString leak = Test::LogCapture::firstContaining(
        {MockKey, AnthropicKey, "sk-second-key-000111222", "sk-third-key-333444555", "sk-backup-key-987654"});
    QVERIFY2(leak.isEmpty(), qPrintable(leak));
}

QTEST_GUILESS_MAIN(TestConfigIo)
#include "tst_configio.moc"
