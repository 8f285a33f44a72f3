// The management API (/admin/*) end to end: a real AppController on a temporary data dir (0600 file
// secret store, port 0), raw HTTP on loopback. Covers the auth matrix (Host, Origin, Sec-Fetch-Site
// before the token), entity CRUD reaching the store, channel keys reaching only the secret store,
// breaker overrides in /admin/status, client keys shown once, usage and log queries, error shapes
// and token regeneration.

#include "adminauth.h"
#include "appcontroller.h"
#include "clientauth.h"
#include "logcapture.h"
#include "proxyhost.h"
#include "rawhttp.h"
#include "secretstore.h"
#include "storage.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>
#include <optional>

using namespace Switchyard;
using Switchyard::Test::RawHttpClient;
using Switchyard::Test::RawHttpResponse;

using Headers = QList<std::pair<QByteArray, QByteArray>>;
Q_DECLARE_METATYPE(Headers)

namespace {

// A key that must never come back in a response or reach the log.
const QByteArray UpstreamKeyA = QByteArrayLiteral("sk-admin-test-AAAA-0123456789abcdef");
const QByteArray UpstreamKeyB = QByteArrayLiteral("sk-admin-test-BBBB-fedcba9876543210");

QByteArray toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class TestAdminApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AppController> m_controller;
    QByteArray m_token;

    AppOptions options(bool insecureFile = true) const
    {
        AppOptions options;
        options.headless = true;
        options.dataDir = m_dir->path() + QStringLiteral("/data");
        options.port = 0;
        options.insecureSecretsFile = insecureFile;
        return options;
    }

    void startController(bool insecureFile = true)
    {
        m_controller = std::make_unique<AppController>(options(insecureFile));
        const AppController::StartResult result = m_controller->start();
        QVERIFY2(result.running, qPrintable(result.message));
    }

    quint16 port() const { return m_controller->proxyHost()->port(); }

    // One request on a fresh connection. host nullopt sends no Host header at all.
    std::optional<RawHttpResponse>
    send(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
         const Headers &headers = {}, const std::optional<QByteArray> &host = QByteArrayLiteral("127.0.0.1"))
    {
        RawHttpClient client;
        if (!client.connectTo(port()))
            return std::nullopt;
        QByteArray request = method + ' ' + target + " HTTP/1.1\r\n";
        if (host)
            request += "Host: " + *host + "\r\n";
        for (const auto &[name, value] : headers)
            request += name + ": " + value + "\r\n";
        if (!body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH")
            request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                + "\r\n";
        request += "Connection: close\r\n\r\n" + body;
        client.send(request);
        return client.readResponse(15000);
    }

    Headers auth(const QByteArray &token) const { return {{"Authorization", "Bearer " + token}}; }

    // An authorised request; fails the test when no response arrives.
    RawHttpResponse api(const QByteArray &method, const QByteArray &target, const QByteArray &body = {})
    {
        const std::optional<RawHttpResponse> response = send(method, target, body, auth(m_token));
        if (!response) {
            QTest::qFail("no response", __FILE__, __LINE__);
            return {};
        }
        // Nothing the API says may contain an upstream key or the admin token.
        if (response->body.contains(UpstreamKeyA) || response->body.contains(UpstreamKeyB)
            || response->body.contains(m_token))
            QTest::qFail("a secret appeared in a response", __FILE__, __LINE__);
        return *response;
    }

    RawHttpResponse api(const QByteArray &method, const QByteArray &target, const QJsonObject &body)
    {
        return api(method, target, toJson(body));
    }

    static bool isErrorShape(const RawHttpResponse &response)
    {
        const QJsonObject error = response.json().value(QStringLiteral("error")).toObject();
        return !error.value(QStringLiteral("message")).toString().isEmpty()
            && response.header("content-type").startsWith("application/json");
    }

    qint64 createProvider(const QString &name = QStringLiteral("mock"))
    {
        const RawHttpResponse response =
            api("POST", "/admin/providers",
                QJsonObject {{QStringLiteral("name"), name},
                             {QStringLiteral("protocol"), QStringLiteral("openai")},
                             {QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:9/v1")}});
        if (response.status != 201)
            qWarning() << response.body;
        return response.status == 201 ? response.json().value(QStringLiteral("id")).toInteger() : 0;
    }

    qint64 createChannel(qint64 providerId, const QString &name, const QJsonArray &keys = {})
    {
        QJsonObject body {
            {QStringLiteral("provider"), providerId},
            {QStringLiteral("name"), name},
            {QStringLiteral("models"), QJsonArray {QStringLiteral("m1"), QStringLiteral("m2")}}};
        if (!keys.isEmpty())
            body.insert(QStringLiteral("keys"), keys);
        const RawHttpResponse response = api("POST", "/admin/channels", body);
        if (response.status != 201)
            qWarning() << response.body;
        return response.status == 201 ? response.json().value(QStringLiteral("id")).toInteger() : 0;
    }

    const Channel *storedChannel(const ConfigData &config, qint64 id) { return config.channelById(id); }

private Q_SLOTS:
    void initTestCase()
    {
        // The keychain probe must fail fast and never reach a real keyring.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/switchyard-test-bus");
        Test::LogCapture::install();
    }

    void cleanupTestCase() { Test::LogCapture::uninstall(); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        startController();
        m_token = m_controller->adminToken().toLatin1();
        QVERIFY(!m_token.isEmpty());
    }

    void cleanup()
    {
        // Whatever happened, neither the token nor an upstream key may have been logged.
        const QString leaked = Test::LogCapture::firstContaining({m_token, UpstreamKeyA, UpstreamKeyB});
        QVERIFY2(leaked.isEmpty(), qPrintable(leaked));
        m_controller.reset();
        m_dir.reset();
    }

    void tokenFormatAndStorage()
    {
        QVERIFY(m_token.startsWith("sya-"));
        QCOMPARE(m_token.size(), 4 + 43);
        for (const char c : m_token.mid(4))
            QVERIFY(std::isalnum(static_cast<unsigned char>(c)));
        // Kept in the secret store and stable across calls.
        const std::optional<QByteArray> stored = m_controller->secretStore()->read(AdminAuth::TokenRef);
        QVERIFY(stored);
        QCOMPARE(*stored, m_token);
        QCOMPARE(m_controller->adminToken().toLatin1(), m_token);
        QVERIFY(AdminAuth::generateToken() != AdminAuth::generateToken());
    }

    void localHostRules_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<bool>("local");
        QTest::newRow("ipv4") << QByteArray("127.0.0.1") << true;
        QTest::newRow("ipv4 port") << QByteArray("127.0.0.1:8080") << true;
        QTest::newRow("localhost") << QByteArray("localhost") << true;
        QTest::newRow("LOCALHOST port") << QByteArray("LocalHost:1") << true;
        QTest::newRow("ipv6") << QByteArray("[::1]") << true;
        QTest::newRow("ipv6 port") << QByteArray("[::1]:65535") << true;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("rebinding name") << QByteArray("evil.example") << false;
        QTest::newRow("suffix") << QByteArray("localhost.evil.example") << false;
        QTest::newRow("ip suffix") << QByteArray("127.0.0.1.nip.io") << false;
        QTest::newRow("bad port") << QByteArray("127.0.0.1:99999") << false;
        QTest::newRow("junk port") << QByteArray("localhost:80x") << false;
        QTest::newRow("lan address") << QByteArray("192.168.1.2") << false;
        QTest::newRow("userinfo") << QByteArray("localhost@evil.example") << false;
    }

    void localHostRules()
    {
        QFETCH(QByteArray, host);
        QFETCH(bool, local);
        QCOMPARE(AdminAuth::isLocalHost(host), local);
        QCOMPARE(AdminAuth::isLocalOrigin("http://" + host), local);
    }

    void authMatrix_data()
    {
        QTest::addColumn<int>("tokenKind"); // 0 none, 1 wrong, 2 right
        QTest::addColumn<QByteArray>("host"); // "-" = no Host header
        QTest::addColumn<Headers>("headers");
        QTest::addColumn<int>("status");

        const QByteArray local("127.0.0.1");
        QTest::newRow("no token") << 0 << local << Headers {} << 401;
        QTest::newRow("wrong token") << 1 << local << Headers {} << 401;
        QTest::newRow("good") << 2 << local << Headers {} << 200;
        QTest::newRow("good localhost") << 2 << QByteArray("localhost:1234") << Headers {} << 200;
        QTest::newRow("good [::1]") << 2 << QByteArray("[::1]") << Headers {} << 200;
        QTest::newRow("bad host, good token") << 2 << QByteArray("evil.example") << Headers {} << 403;
        QTest::newRow("bad host, no token") << 0 << QByteArray("evil.example:80") << Headers {} << 403;
        QTest::newRow("no host") << 2 << QByteArray("-") << Headers {} << 403;
        QTest::newRow("evil origin") << 2 << local << Headers {{"Origin", "https://evil.example"}} << 403;
        QTest::newRow("evil origin, no token")
            << 0 << local << Headers {{"Origin", "https://evil.example"}} << 403;
        QTest::newRow("null origin") << 2 << local << Headers {{"Origin", "null"}} << 403;
        QTest::newRow("local origin") << 2 << local << Headers {{"Origin", "http://localhost:3000"}} << 200;
        QTest::newRow("cross-site fetch") << 2 << local << Headers {{"Sec-Fetch-Site", "cross-site"}} << 403;
        QTest::newRow("same-site fetch") << 2 << local << Headers {{"Sec-Fetch-Site", "same-site"}} << 403;
        QTest::newRow("same-site fetch, local origin")
            << 2 << local << Headers {{"Sec-Fetch-Site", "same-site"}, {"Origin", "http://127.0.0.1:5173"}}
            << 200;
        QTest::newRow("cross-site fetch, evil origin")
            << 2 << local << Headers {{"Sec-Fetch-Site", "cross-site"}, {"Origin", "http://evil.example"}}
            << 403;
        QTest::newRow("same-origin fetch")
            << 2 << local << Headers {{"Sec-Fetch-Site", "same-origin"}} << 200;
        QTest::newRow("user typed url") << 2 << local << Headers {{"Sec-Fetch-Site", "none"}} << 200;
    }

    void authMatrix()
    {
        QFETCH(int, tokenKind);
        QFETCH(QByteArray, host);
        QFETCH(Headers, headers);
        QFETCH(int, status);
        if (tokenKind == 1)
            headers += auth(AdminAuth::generateToken().toLatin1()); // right shape, wrong token
        else if (tokenKind == 2)
            headers += auth(m_token);
        const std::optional<RawHttpResponse> response =
            send("GET", "/admin/status", {}, headers,
                 host == "-" ? std::nullopt : std::optional<QByteArray>(host));
        QVERIFY(response);
        QCOMPARE(response->status, status);
        if (status == 200)
            QVERIFY(response->json().contains(QStringLiteral("breakers")));
        else
            QVERIFY2(isErrorShape(*response), response->body.constData());
        QVERIFY(!response->body.contains(m_token));
    }

    void prefixRouteIsSegmentWise()
    {
        // "/admin" is a whole segment: "/administrator" is the proxy's own 404 (its Anthropic-style
        // body has a top-level "type"), not the admin API's.
        const std::optional<RawHttpResponse> other = send("GET", "/administrator", {}, auth(m_token));
        QVERIFY(other);
        QCOMPARE(other->status, 404);
        QCOMPARE(other->json().value(QStringLiteral("type")).toString(), QStringLiteral("error"));
        const RawHttpResponse admin = api("GET", "/admin/nope");
        QCOMPARE(admin.status, 404);
        QVERIFY(!admin.json().contains(QStringLiteral("type")));
        // Exact routes keep working next to the prefix, and path normalisation applies.
        const std::optional<RawHttpResponse> health = send("GET", "/health");
        QVERIFY(health);
        QCOMPARE(health->status, 200);
        QCOMPARE(api("GET", "/admin//status/").status, 200);
    }

    void bearerSchemeVariants()
    {
        const std::optional<RawHttpResponse> lower =
            send("GET", "/admin/status", {}, {{"authorization", "bearer " + m_token}});
        QVERIFY(lower);
        QCOMPARE(lower->status, 200);
        const std::optional<RawHttpResponse> basic =
            send("GET", "/admin/status", {}, {{"Authorization", "Basic " + m_token}});
        QVERIFY(basic);
        QCOMPARE(basic->status, 401);
        // The token as x-api-key is not accepted: only the admin scheme.
        const std::optional<RawHttpResponse> apiKey =
            send("GET", "/admin/status", {}, {{"x-api-key", m_token}});
        QVERIFY(apiKey);
        QCOMPARE(apiKey->status, 401);
    }

    void channelLifecycle()
    {
        const qint64 providerId = createProvider();
        QVERIFY(providerId > 0);

        // Create with a key given by value: it lands in the secret store only.
        const qint64 channelId = createChannel(providerId, QStringLiteral("primary"),
                                               QJsonArray {QString::fromLatin1(UpstreamKeyA)});
        QVERIFY(channelId > 0);
        ConfigData config = m_controller->storage()->loadConfig();
        const Channel *channel = config.channelById(channelId);
        QVERIFY(channel);
        QCOMPARE(channel->name, QStringLiteral("primary"));
        QCOMPARE(channel->providerId, providerId);
        QCOMPARE(channel->models, QStringList({QStringLiteral("m1"), QStringLiteral("m2")}));
        QCOMPARE(channel->keys.size(), 1);
        const ChannelKey keyA = channel->keys.constFirst();
        QVERIFY(!keyA.secretRef.isEmpty());
        QCOMPARE(m_controller->secretStore()->read(keyA.secretRef).value_or(QByteArray()), UpstreamKeyA);
        QCOMPARE(keyA.fingerprint, SecretStore::fingerprintFor(UpstreamKeyA));
        // The database (and its write-ahead log) holds no key material.
        for (const QString &suffix : {QString(), QStringLiteral("-wal")}) {
            QFile file(m_controller->storage()->databasePath() + suffix);
            if (file.open(QIODevice::ReadOnly))
                QVERIFY(!file.readAll().contains(UpstreamKeyA));
        }

        // Listed with hint and fingerprint, never the key or its reference.
        RawHttpResponse list = api("GET", "/admin/channels");
        QCOMPARE(list.status, 200);
        const QJsonArray items = list.json().value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 1);
        const QJsonObject listed = items.at(0).toObject();
        QCOMPARE(listed.value(QStringLiteral("id")).toInteger(), channelId);
        QCOMPARE(listed.value(QStringLiteral("provider")).toString(), QStringLiteral("mock"));
        const QJsonObject listedKey = listed.value(QStringLiteral("keys")).toArray().at(0).toObject();
        QCOMPARE(listedKey.value(QStringLiteral("hint")).toString(), keyA.hint);
        QCOMPARE(listedKey.value(QStringLiteral("fingerprint")).toString(), keyA.fingerprint);
        QCOMPARE(listedKey.value(QStringLiteral("disabled")).toBool(), false);
        QVERIFY(!listedKey.contains(QStringLiteral("key")));
        QVERIFY(!list.body.contains(keyA.secretRef.toLatin1()));

        // PATCH changes only what it names; the key stays.
        RawHttpResponse patched =
            api("PATCH", "/admin/channels/" + QByteArray::number(channelId),
                QJsonObject {{QStringLiteral("priority"), 5},
                             {QStringLiteral("models"), QJsonArray {QStringLiteral("m3")}}});
        QCOMPARE(patched.status, 200);
        config = m_controller->storage()->loadConfig();
        QCOMPARE(config.channelById(channelId)->priority, 5);
        QCOMPARE(config.channelById(channelId)->models, QStringList {QStringLiteral("m3")});
        QCOMPARE(config.channelById(channelId)->name, QStringLiteral("primary"));
        QCOMPARE(config.channelById(channelId)->keys, QList<ChannelKey> {keyA});

        // Disable the stored key by id and add a second one by value.
        patched =
            api("PATCH", "/admin/channels/" + QByteArray::number(channelId),
                QJsonObject {
                    {QStringLiteral("keys"),
                     QJsonArray {QJsonObject {{QStringLiteral("id"), keyA.id},
                                              {QStringLiteral("disabled"), true},
                                              {QStringLiteral("disabledReason"), QStringLiteral("manual")}},
                                 QJsonObject {{QStringLiteral("key"), QString::fromLatin1(UpstreamKeyB)},
                                              {QStringLiteral("weight"), 3}}}}});
        QCOMPARE(patched.status, 200);
        config = m_controller->storage()->loadConfig();
        QCOMPARE(config.channelById(channelId)->keys.size(), 2);
        const ChannelKey disabledA = config.channelById(channelId)->keys.at(0);
        const ChannelKey keyB = config.channelById(channelId)->keys.at(1);
        QCOMPARE(disabledA.secretRef, keyA.secretRef);
        QVERIFY(disabledA.disabled);
        QCOMPARE(disabledA.disabledReason, QStringLiteral("manual"));
        QCOMPARE(keyB.weight, 3);
        QCOMPARE(m_controller->secretStore()->read(keyB.secretRef).value_or(QByteArray()), UpstreamKeyB);
        const QJsonArray patchedKeys = patched.json().value(QStringLiteral("keys")).toArray();
        QCOMPARE(patchedKeys.size(), 2);
        QCOMPARE(patchedKeys.at(0).toObject().value(QStringLiteral("disabledReason")).toString(),
                 QStringLiteral("manual"));

        // Dropping a key removes it from the secret store too.
        patched = api("PATCH", "/admin/channels/" + QByteArray::number(channelId),
                      QJsonObject {{QStringLiteral("keys"),
                                    QJsonArray {QJsonObject {{QStringLiteral("id"), keyB.id}}}}});
        QCOMPARE(patched.status, 200);
        QCOMPARE(m_controller->storage()->loadConfig().channelById(channelId)->keys.size(), 1);
        QVERIFY(!m_controller->secretStore()->read(keyA.secretRef));

        // PUT replaces every field: without a name it is refused and nothing changes.
        RawHttpResponse put = api("PUT", "/admin/channels/" + QByteArray::number(channelId),
                                  QJsonObject {{QStringLiteral("provider"), QStringLiteral("mock")}});
        QCOMPARE(put.status, 400);
        QVERIFY(isErrorShape(put));
        QVERIFY(put.json()
                    .value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("name")));
        QCOMPARE(m_controller->storage()->loadConfig().channelById(channelId)->priority, 5);
        put = api("PUT", "/admin/channels/" + QByteArray::number(channelId),
                  QJsonObject {{QStringLiteral("provider"), QStringLiteral("mock")},
                               {QStringLiteral("name"), QStringLiteral("renamed")}});
        QCOMPARE(put.status, 200);
        config = m_controller->storage()->loadConfig();
        QCOMPARE(config.channelById(channelId)->name, QStringLiteral("renamed"));
        QCOMPARE(config.channelById(channelId)->priority, 0);
        QCOMPARE(config.channelById(channelId)->keys.size(), 1); // kept: keys cannot be read back

        // Validation: duplicate names, commas, unknown provider, unknown fields.
        QCOMPARE(createChannel(providerId, QStringLiteral("renamed")), 0);
        QCOMPARE(api("POST", "/admin/channels",
                     QJsonObject {{QStringLiteral("provider"), providerId},
                                  {QStringLiteral("name"), QStringLiteral("a,b")}})
                     .status,
                 400);
        QCOMPARE(api("POST", "/admin/channels",
                     QJsonObject {{QStringLiteral("provider"), 999},
                                  {QStringLiteral("name"), QStringLiteral("x")}})
                     .status,
                 400);
        QCOMPARE(api("PATCH", "/admin/channels/" + QByteArray::number(channelId),
                     QJsonObject {{QStringLiteral("colour"), QStringLiteral("red")}})
                     .status,
                 400);

        // The proxy got the change without a restart.
        QVERIFY(QTest::qWaitFor(
            [&] {
                const ConfigSnapshotPtr snapshot = m_controller->proxyHost()->snapshot();
                return snapshot && snapshot->config.channelByName(QStringLiteral("renamed"));
            },
            10000));

        // Delete: gone from the store, its key gone from the secret store.
        const RawHttpResponse deleted = api("DELETE", "/admin/channels/" + QByteArray::number(channelId));
        QCOMPARE(deleted.status, 200);
        QVERIFY(!m_controller->storage()->loadConfig().channelById(channelId));
        QVERIFY(!m_controller->secretStore()->read(keyB.secretRef));
        QCOMPARE(api("GET", "/admin/channels/" + QByteArray::number(channelId)).status, 404);
        QCOMPARE(api("DELETE", "/admin/channels/" + QByteArray::number(channelId)).status, 404);
    }

    void groupsAndRules()
    {
        const qint64 providerId = createProvider();
        const qint64 channelId = createChannel(providerId, QStringLiteral("fast"));
        QVERIFY(channelId > 0);

        RawHttpResponse group =
            api("POST", "/admin/groups",
                QJsonObject {{QStringLiteral("name"), QStringLiteral("auto:fast")},
                             {QStringLiteral("strategy"), QStringLiteral("weighted_round_robin")},
                             {QStringLiteral("members"),
                              QJsonArray {QJsonObject {{QStringLiteral("channel"), QStringLiteral("fast")},
                                                       {QStringLiteral("model"), QStringLiteral("m1")},
                                                       {QStringLiteral("weight"), 3}},
                                          QJsonObject {{QStringLiteral("channel"), channelId},
                                                       {QStringLiteral("model"), QStringLiteral("m2")}}}}});
        QCOMPARE(group.status, 201);
        const qint64 groupId = group.json().value(QStringLiteral("id")).toInteger();
        ConfigData config = m_controller->storage()->loadConfig();
        const ModelGroup *stored = config.groupByName(QStringLiteral("auto:fast"));
        QVERIFY(stored);
        QCOMPARE(stored->id, groupId);
        QCOMPARE(stored->members.size(), 2);
        QCOMPARE(stored->members.at(0).weight, 3);
        QCOMPARE(stored->members.at(1).channelId, channelId);

        RawHttpResponse rule = api("POST", "/admin/rules",
                                   QJsonObject {{QStringLiteral("kind"), QStringLiteral("prefix")},
                                                {QStringLiteral("match"), QStringLiteral("gpt-*")},
                                                {QStringLiteral("target"), QStringLiteral("auto:fast")}});
        QCOMPARE(rule.status, 201);
        const qint64 ruleId = rule.json().value(QStringLiteral("id")).toInteger();
        QCOMPARE(api("POST", "/admin/rules",
                     QJsonObject {{QStringLiteral("kind"), QStringLiteral("scenario")},
                                  {QStringLiteral("match"), QStringLiteral("default")},
                                  {QStringLiteral("target"), QStringLiteral("fast , m1")}})
                     .status,
                 201);
        config = m_controller->storage()->loadConfig();
        QCOMPARE(config.rules.size(), 2);
        QVERIFY(std::any_of(config.rules.cbegin(), config.rules.cend(),
                            [](const RoutingRule &r) { return r.target == QStringLiteral("fast,m1"); }));
        // Targets must exist; scenario names are fixed.
        QCOMPARE(api("POST", "/admin/rules",
                     QJsonObject {{QStringLiteral("kind"), QStringLiteral("prefix")},
                                  {QStringLiteral("match"), QStringLiteral("x*")},
                                  {QStringLiteral("target"), QStringLiteral("nowhere,m1")}})
                     .status,
                 400);
        QCOMPARE(api("POST", "/admin/rules",
                     QJsonObject {{QStringLiteral("kind"), QStringLiteral("scenario")},
                                  {QStringLiteral("match"), QStringLiteral("sometimes")},
                                  {QStringLiteral("target"), QStringLiteral("fast")}})
                     .status,
                 400);

        QCOMPARE(api("PATCH", "/admin/rules/" + QByteArray::number(ruleId),
                     QJsonObject {{QStringLiteral("enabled"), false}})
                     .status,
                 200);
        config = m_controller->storage()->loadConfig();
        const auto storedRule = std::find_if(config.rules.cbegin(), config.rules.cend(),
                                             [&](const RoutingRule &r) { return r.id == ruleId; });
        QVERIFY(storedRule != config.rules.cend());
        QVERIFY(!storedRule->enabled);
        QCOMPARE(storedRule->match, QStringLiteral("gpt-*"));

        QCOMPARE(api("DELETE", "/admin/groups/" + QByteArray::number(groupId)).status, 200);
        QVERIFY(!m_controller->storage()->loadConfig().groupByName(QStringLiteral("auto:fast")));
        QCOMPARE(api("GET", "/admin/providers").json().value(QStringLiteral("items")).toArray().size(), 1);
    }

    void forceBreakerShowsInStatus()
    {
        const qint64 providerId = createProvider();
        const qint64 channelId = createChannel(providerId, QStringLiteral("flaky"),
                                               QJsonArray {QString::fromLatin1(UpstreamKeyA)});
        QVERIFY(channelId > 0);
        const ChannelKey key = m_controller->storage()->loadConfig().channelById(channelId)->keys.value(0);

        const RawHttpResponse forced = api("POST", "/admin/breakers",
                                           QJsonObject {{QStringLiteral("channel"), QStringLiteral("flaky")},
                                                        {QStringLiteral("model"), QStringLiteral("m1")},
                                                        {QStringLiteral("force"), QStringLiteral("open")}});
        QCOMPARE(forced.status, 200);
        QCOMPARE(forced.json().value(QStringLiteral("channelId")).toInteger(), channelId);

        const auto breakerForce = [&]() -> QString {
            const QJsonArray breakers =
                api("GET", "/admin/status").json().value(QStringLiteral("breakers")).toArray();
            for (const QJsonValue &value : breakers) {
                const QJsonObject breaker = value.toObject();
                if (breaker.value(QStringLiteral("channelId")).toInteger() == channelId
                    && breaker.value(QStringLiteral("model")).toString() == QStringLiteral("m1"))
                    return breaker.value(QStringLiteral("force")).toString() + u'/'
                        + (breaker.value(QStringLiteral("admitting")).toBool() ? u'y' : u'n');
            }
            return {};
        };
        QString seen;
        QVERIFY2(QTest::qWaitFor([&] { return (seen = breakerForce()) == QStringLiteral("open/n"); }, 10000),
                 qPrintable(seen));
        const QJsonObject status = api("GET", "/admin/status").json();
        QVERIFY(status.value(QStringLiteral("degraded")).toBool());
        QVERIFY(status.value(QStringLiteral("running")).toBool());
        QVERIFY(status.contains(QStringLiteral("inFlight")));
        QVERIFY(status.value(QStringLiteral("health")).isArray());
        // The channel's key, by the id /admin/channels uses, never by value.
        const QJsonArray keys = status.value(QStringLiteral("keys")).toArray();
        QVERIFY(std::any_of(keys.begin(), keys.end(), [&](const QJsonValue &value) {
            const QJsonObject entry = value.toObject();
            return entry.value(QStringLiteral("channelId")).toInteger() == channelId
                && entry.value(QStringLiteral("id")).toInteger() == key.id
                && entry.value(QStringLiteral("hint")).toString() == key.hint
                && !entry.value(QStringLiteral("disabled")).toBool();
        }));

        // By id as well; "auto" hands the breaker back to the automatic rules.
        QCOMPARE(api("POST", "/admin/breakers",
                     QJsonObject {{QStringLiteral("channel"), channelId},
                                  {QStringLiteral("model"), QStringLiteral("m1")},
                                  {QStringLiteral("force"), QStringLiteral("auto")}})
                     .status,
                 200);
        QVERIFY2(QTest::qWaitFor([&] { return (seen = breakerForce()) == QStringLiteral("auto/y"); }, 10000),
                 qPrintable(seen));

        QCOMPARE(api("POST", "/admin/breakers",
                     QJsonObject {{QStringLiteral("channel"), QStringLiteral("nope")},
                                  {QStringLiteral("model"), QStringLiteral("m1")},
                                  {QStringLiteral("force"), QStringLiteral("open")}})
                     .status,
                 400);
        QCOMPARE(api("POST", "/admin/breakers",
                     QJsonObject {{QStringLiteral("channel"), channelId},
                                  {QStringLiteral("model"), QStringLiteral("m1")},
                                  {QStringLiteral("force"), QStringLiteral("sideways")}})
                     .status,
                 400);
    }

    void clientKeyShownOnce()
    {
        const RawHttpResponse created =
            api("POST", "/admin/client-keys",
                QJsonObject {{QStringLiteral("name"), QStringLiteral("ci")},
                             {QStringLiteral("dailyBudget"), 2.5},
                             {QStringLiteral("allowedModels"), QJsonArray {QStringLiteral("claude-*")}},
                             {QStringLiteral("expiresAt"), QStringLiteral("2030-01-01T00:00:00Z")}});
        QCOMPARE(created.status, 201);
        const QJsonObject object = created.json();
        const QString key = object.value(QStringLiteral("key")).toString();
        QVERIFY(key.startsWith(QStringLiteral("sy-")));
        const qint64 id = object.value(QStringLiteral("id")).toInteger();
        QCOMPARE(object.value(QStringLiteral("prefix")).toString(), key.left(7));
        QCOMPARE(created.header("cache-control"), QByteArray("no-store"));

        ConfigData config = m_controller->storage()->loadConfig();
        QCOMPARE(config.clientKeys.size(), 1);
        const ClientKey stored = config.clientKeys.constFirst();
        QCOMPARE(stored.id, id);
        QCOMPARE(stored.name, QStringLiteral("ci"));
        QCOMPARE(stored.hash, ClientAuth::hashKey(key.toLatin1()));
        QCOMPARE(stored.dailyBudget, 2.5);
        QCOMPARE(stored.allowedModels, QStringList {QStringLiteral("claude-*")});
        QCOMPARE(stored.expiresAt, QDateTime(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC));

        // Afterwards only the prefix: neither the key nor its hash.
        for (const QByteArray &target :
             {QByteArray("/admin/client-keys"), "/admin/client-keys/" + QByteArray::number(id)}) {
            const RawHttpResponse listed = api("GET", target);
            QCOMPARE(listed.status, 200);
            QVERIFY(!listed.body.contains(key.toLatin1()));
            QVERIFY(!listed.body.contains(stored.hash));
            QVERIFY(listed.body.contains(stored.prefix.toLatin1()));
            QVERIFY(!listed.body.contains("\"key\""));
        }

        const RawHttpResponse patched = api("PATCH", "/admin/client-keys/" + QByteArray::number(id),
                                            QJsonObject {{QStringLiteral("disabled"), true},
                                                         {QStringLiteral("expiresAt"), QJsonValue::Null},
                                                         {QStringLiteral("dailyBudget"), 7}});
        QCOMPARE(patched.status, 200);
        QVERIFY(!patched.body.contains(key.toLatin1()));
        config = m_controller->storage()->loadConfig();
        QVERIFY(config.clientKeys.constFirst().disabled);
        QVERIFY(!config.clientKeys.constFirst().expiresAt.isValid());
        QCOMPARE(config.clientKeys.constFirst().dailyBudget, 7.0);
        QCOMPARE(config.clientKeys.constFirst().hash, stored.hash);
        // The hash is not settable.
        QCOMPARE(api("PATCH", "/admin/client-keys/" + QByteArray::number(id),
                     QJsonObject {{QStringLiteral("hash"), QStringLiteral("00")}})
                     .status,
                 400);
        QCOMPARE(api("PUT", "/admin/client-keys/" + QByteArray::number(id), QJsonObject {}).status, 405);

        QCOMPARE(api("DELETE", "/admin/client-keys/" + QByteArray::number(id)).status, 200);
        QVERIFY(m_controller->storage()->loadConfig().clientKeys.isEmpty());
    }

    void usageAndLogs()
    {
        const qint64 day = 86400000;
        const qint64 base = QDateTime(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        struct Row
        {
            qint64 at;
            QString model;
            qint64 channel;
            int status;
            qint64 input;
            double cost;
            QString session;
        };
        const QList<Row> rows {
            {base + 1000, QStringLiteral("alpha"), 1, 200, 100, 0.5, QStringLiteral("s1")},
            {base + 2000, QStringLiteral("alpha"), 2, 429, 10, 0.0, QStringLiteral("s1")},
            {base + day + 5, QStringLiteral("beta"), 1, 200, 300, 1.25, QStringLiteral("s2")},
            {base + day + 6, QStringLiteral("beta"), 1, 502, 0, 0.0, QStringLiteral("s2")},
            {base + 3 * day, QStringLiteral("alpha"), 2, 200, 40, 0.25, QString()},
        };
        int n = 0;
        for (const Row &row : rows) {
            UsageRecord record;
            record.timestampMs = row.at;
            record.requestId = QStringLiteral("req_%1").arg(++n);
            record.sessionId = row.session;
            record.requestedModel = row.model;
            record.resolvedModel = row.model;
            record.channelId = row.channel;
            record.channelName = QStringLiteral("ch%1").arg(row.channel);
            record.inputTokens = row.input;
            record.outputTokens = row.input / 2;
            record.costUsd = row.cost;
            record.status = row.status;
            record.latencyMs = 10 * n;
            record.routeTrace =
                QStringLiteral("[{\"channel\":\"ch%1\",\"outcome\":\"ok\"}]").arg(row.channel);
            record.routeReason = QStringLiteral("listing %1").arg(row.model);
            m_controller->storage()->recordUsage(record);
        }
        m_controller->storage()->flushUsage();

        // Expected aggregates, computed from the rows above for a window.
        const auto expected = [&](qint64 from, qint64 to, const std::function<QString(const Row &)> &keyOf) {
            QMap<QString, std::tuple<qint64, qint64, qint64, double>> out; // requests, errors, input, cost
            for (const Row &row : rows) {
                if (row.at < from || row.at >= to)
                    continue;
                auto &[requests, errors, input, cost] = out[keyOf(row)];
                ++requests;
                errors += row.status >= 400 ? 1 : 0;
                input += row.input;
                cost += row.cost;
            }
            return out;
        };
        const auto actual = [&](const QByteArray &target) {
            QMap<QString, std::tuple<qint64, qint64, qint64, double>> out;
            const RawHttpResponse response = api("GET", target);
            if (response.status != 200)
                qWarning() << response.body;
            for (const QJsonValue &value : response.json().value(QStringLiteral("rows")).toArray()) {
                const QJsonObject row = value.toObject();
                out[row.value(QStringLiteral("key")).toString()] = {
                    row.value(QStringLiteral("requests")).toInteger(),
                    row.value(QStringLiteral("errors")).toInteger(),
                    row.value(QStringLiteral("inputTokens")).toInteger(),
                    row.value(QStringLiteral("costUsd")).toDouble()};
            }
            return out;
        };
        const QByteArray window =
            "from=" + QByteArray::number(base) + "&to=" + QByteArray::number(base + 2 * day);
        QCOMPARE(actual("/admin/usage?groupBy=model&" + window),
                 expected(base, base + 2 * day, [](const Row &r) { return r.model; }));
        QCOMPARE(actual("/admin/usage?groupBy=channel&" + window),
                 expected(base, base + 2 * day,
                          [](const Row &r) { return QStringLiteral("ch%1").arg(r.channel); }));
        QCOMPARE(actual("/admin/usage?groupBy=day&from=2026-03-01&to=2026-03-10"),
                 expected(base, base + 9 * day, [](const Row &r) {
                     return QDateTime::fromMSecsSinceEpoch(r.at, Qt::UTC).date().toString(Qt::ISODate);
                 }));
        const QJsonObject total =
            api("GET", "/admin/usage?from=2026-03-01T00:00:00Z&to=" + QByteArray::number(base + 9 * day))
                .json()
                .value(QStringLiteral("total"))
                .toObject();
        QCOMPARE(total.value(QStringLiteral("requests")).toInteger(), rows.size());
        QCOMPARE(api("GET", "/admin/usage?groupBy=weekday").status, 400);
        QCOMPARE(api("GET", "/admin/usage?from=yesterday").status, 400);

        // Logs: newest first, filters, the route trace as JSON.
        const auto logIds = [&](const QByteArray &query) {
            QStringList ids;
            const RawHttpResponse response = api("GET", "/admin/logs" + query);
            if (response.status != 200)
                qWarning() << response.body;
            for (const QJsonValue &value : response.json().value(QStringLiteral("items")).toArray())
                ids << value.toObject().value(QStringLiteral("requestId")).toString();
            return ids;
        };
        QCOMPARE(logIds(""), QStringList({"req_5", "req_4", "req_3", "req_2", "req_1"}));
        QCOMPARE(logIds("?limit=2"), QStringList({"req_5", "req_4"}));
        QCOMPARE(logIds("?status=429"), QStringList {"req_2"});
        QCOMPARE(logIds("?status=5xx"), QStringList {"req_4"});
        QCOMPARE(logIds("?model=beta"), QStringList({"req_4", "req_3"}));
        QCOMPARE(logIds("?session=s1&status=2xx"), QStringList {"req_1"});
        QCOMPARE(logIds("?before=" + QByteArray::number(base + day)), QStringList({"req_2", "req_1"}));
        const QJsonObject first = api("GET", "/admin/logs?limit=1")
                                      .json()
                                      .value(QStringLiteral("items"))
                                      .toArray()
                                      .at(0)
                                      .toObject();
        QCOMPARE(first.value(QStringLiteral("channelName")).toString(), QStringLiteral("ch2"));
        QCOMPARE(first.value(QStringLiteral("latencyMs")).toInteger(), 50);
        QCOMPARE(first.value(QStringLiteral("routeTrace"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("outcome")),
                 QJsonValue(QStringLiteral("ok")));
        QCOMPARE(first.value(QStringLiteral("routeReason")).toString(), QStringLiteral("listing alpha"));
        QCOMPARE(first.value(QStringLiteral("stream")), QJsonValue(false));
        QCOMPARE(api("GET", "/admin/logs?limit=0").status, 400);
        QCOMPARE(api("GET", "/admin/logs?status=teapot").status, 400);
    }

    void errorShapes_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::newRow("unknown kind")
            << QByteArray("GET") << QByteArray("/admin/nope") << QByteArray() << 404;
        QTest::newRow("bare prefix") << QByteArray("GET") << QByteArray("/admin") << QByteArray() << 404;
        QTest::newRow("too deep") << QByteArray("GET") << QByteArray("/admin/channels/1/keys") << QByteArray()
                                  << 404;
        QTest::newRow("bad id") << QByteArray("GET") << QByteArray("/admin/channels/abc") << QByteArray()
                                << 404;
        QTest::newRow("missing id") << QByteArray("GET") << QByteArray("/admin/channels/999") << QByteArray()
                                    << 404;
        QTest::newRow("status item") << QByteArray("GET") << QByteArray("/admin/status/1") << QByteArray()
                                     << 404;
        QTest::newRow("delete status")
            << QByteArray("DELETE") << QByteArray("/admin/status") << QByteArray() << 405;
        QTest::newRow("get breakers")
            << QByteArray("GET") << QByteArray("/admin/breakers") << QByteArray() << 405;
        QTest::newRow("delete collection")
            << QByteArray("DELETE") << QByteArray("/admin/channels") << QByteArray() << 405;
        QTest::newRow("post item") << QByteArray("POST") << QByteArray("/admin/rules/1") << QByteArray("{}")
                                   << 405;
        QTest::newRow("bad json") << QByteArray("POST") << QByteArray("/admin/channels") << QByteArray("{bad")
                                  << 400;
        QTest::newRow("json array") << QByteArray("POST") << QByteArray("/admin/providers")
                                    << QByteArray("[]") << 400;
        QTest::newRow("empty body") << QByteArray("POST") << QByteArray("/admin/providers") << QByteArray()
                                    << 400;
        QTest::newRow("wrong type") << QByteArray("POST") << QByteArray("/admin/providers")
                                    << QByteArray(
                                           "{\"name\":1,\"protocol\":\"openai\",\"baseUrl\":\"http://x\"}")
                                    << 400;
        QTest::newRow("bad url") << QByteArray("POST") << QByteArray("/admin/providers")
                                 << QByteArray(
                                        "{\"name\":\"p\",\"protocol\":\"openai\",\"baseUrl\":\"ftp://x\"}")
                                 << 400;
    }

    void errorShapes()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        const RawHttpResponse response = api(method, target, body);
        QCOMPARE(response.status, status);
        QVERIFY2(isErrorShape(response), response.body.constData());
        QVERIFY(m_controller->storage()->loadConfig().providers.isEmpty());
    }

    void regenerateInvalidatesOldToken()
    {
        QCOMPARE(api("GET", "/admin/status").status, 200); // caches the digest
        QString error;
        const QByteArray fresh = m_controller->regenerateAdminToken(&error).toLatin1();
        QVERIFY2(!fresh.isEmpty(), qPrintable(error));
        QVERIFY(fresh != m_token);
        QCOMPARE(m_controller->adminToken().toLatin1(), fresh);
        QCOMPARE(m_controller->secretStore()->read(AdminAuth::TokenRef).value_or(QByteArray()), fresh);

        std::optional<RawHttpResponse> response = send("GET", "/admin/status", {}, auth(m_token));
        QVERIFY(response);
        QCOMPARE(response->status, 401);
        response = send("GET", "/admin/status", {}, auth(fresh));
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        const QString leaked = Test::LogCapture::firstContaining({fresh});
        QVERIFY2(leaked.isEmpty(), qPrintable(leaked));
        m_token = fresh;
    }

    void survivesProxyRestartAndLeavingClients()
    {
        // A client that hangs up before the answer leaves nothing behind that breaks the next one.
        for (int i = 0; i < 5; ++i) {
            RawHttpClient client;
            QVERIFY(client.connectTo(port()));
            client.send("GET /admin/status HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_token
                        + "\r\n\r\n");
            client.socket().abort();
        }
        QCOMPARE(api("GET", "/admin/status").status, 200);

        m_controller->stopProxy();
        QVERIFY(!m_controller->isProxyRunning());
        QVERIFY(m_controller->startProxy());
        QCOMPARE(api("GET", "/admin/status").status, 200);
        QCOMPARE(api("GET", "/admin/providers").status, 200);
    }

    void noSecretStoreAnswers503()
    {
        m_controller.reset();
        startController(false);
        QVERIFY(!m_controller->secretStore());
        QVERIFY(m_controller->adminToken().isEmpty());
        QString error;
        QVERIFY(m_controller->regenerateAdminToken(&error).isEmpty());
        QVERIFY(!error.isEmpty());

        std::optional<RawHttpResponse> response = send("GET", "/admin/status", {}, auth(m_token));
        QVERIFY(response);
        QCOMPARE(response->status, 503);
        QVERIFY(isErrorShape(*response));
        QVERIFY(response->json()
                    .value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("keychain")));
        // The local checks still come first.
        response = send("GET", "/admin/status", {}, {}, QByteArrayLiteral("evil.example"));
        QVERIFY(response);
        QCOMPARE(response->status, 403);
    }
};

QTEST_GUILESS_MAIN(TestAdminApi)
#include "tst_adminapi.moc"
