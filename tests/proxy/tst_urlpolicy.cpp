// The upstream URL policy (proxy/urlpolicy.h) at its three enforcement points: the rules themselves,
// config import (a clear error naming the JSON path), and connect time in the HTTP/1.1 client after
// name resolution. Names that must resolve to link-local or metadata addresses use the pool's
// fixed resolution (curl's --resolve), since no test machine routes those addresses; everything
// that connects does so on loopback only.

#include "configjson.h"
#include "fakeupstream.h"
#include "http1pool.h"
#include "upstreamcallrecord.h"
#include "upstreamclient.h"
#include "urlpolicy.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Switchyard;
using namespace Switchyard::Test;

namespace {

using Verdict = UrlPolicy::Verdict;

// A one-provider import file; providerOptions/channelOptions are inserted when not empty.
QByteArray importFile(const QString &providerUrl, const QString &channelUrl,
                      const QJsonObject &providerOptions, const QJsonObject &channelOptions)
{
    QJsonObject channel {{QStringLiteral("name"), QStringLiteral("c1")},
                         {QStringLiteral("models"), QJsonArray {QStringLiteral("m")}}};
    if (!channelUrl.isEmpty())
        channel.insert(QStringLiteral("baseUrl"), channelUrl);
    if (!channelOptions.isEmpty())
        channel.insert(QStringLiteral("options"), channelOptions);
    QJsonObject provider {{QStringLiteral("name"), QStringLiteral("p")},
                          {QStringLiteral("protocol"), QStringLiteral("openai")},
                          {QStringLiteral("baseUrl"), providerUrl},
                          {QStringLiteral("channels"), QJsonArray {channel}}};
    if (!providerOptions.isEmpty())
        provider.insert(QStringLiteral("options"), providerOptions);
    return QJsonDocument(QJsonObject {{QStringLiteral("providers"), QJsonArray {provider}}}).toJson();
}

QJsonObject allow(bool value)
{
    return {{QStringLiteral("allowLinkLocal"), value}};
}

std::unique_ptr<CallRecord> runCall(UpstreamClient &client, const UpstreamRequest &request,
                                    int timeoutMs = 5000)
{
    auto rec = record(client.start(request));
    if (!QTest::qWaitFor([&] { return rec->ended(); }, timeoutMs))
        qWarning("call did not end within %d ms", timeoutMs);
    return rec;
}

UpstreamRequest getTo(const QUrl &url)
{
    UpstreamRequest request;
    request.url = url;
    request.method = "GET";
    request.proxyUrl = QStringLiteral("none");
    request.connectTimeoutMs = 2000;
    request.firstByteTimeoutMs = 3000;
    return request;
}

} // namespace

class TestUrlPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // the rules
    void classify_data();
    void classify();
    void checkUrl_data();
    void checkUrl();
    void validateUpstreamUrlForwards();
    void resolvedAddresses();
    void allowOptionPrecedence();

    // config import
    void importRefuses_data();
    void importRefuses();
    void importAllows_data();
    void importAllows();

    // connect time
    void nameResolvingToMetadataIsRefused_data();
    void nameResolvingToMetadataIsRefused();
    void allowLinkLocalSkipsTheAddressCheck();
    void nameResolvingToLoopbackConnects();
    void nextAddressAfterAFailedConnect();
    void realDnsNameConnects();
    void unknownNameIsAConnectError();
};

void TestUrlPolicy::classify_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("expected");
    using C = UrlPolicy::AddressClass;
    QTest::newRow("public v4") << "8.8.8.8" << int(C::Ordinary);
    QTest::newRow("private v4") << "10.1.2.3" << int(C::Ordinary);
    QTest::newRow("ula v6") << "fd12:3456::1" << int(C::Ordinary);
    QTest::newRow("loopback v4") << "127.0.0.1" << int(C::Loopback);
    QTest::newRow("loopback v4 other") << "127.8.9.10" << int(C::Loopback);
    QTest::newRow("loopback v6") << "::1" << int(C::Loopback);
    QTest::newRow("unspecified v4") << "0.0.0.0" << int(C::Unspecified);
    QTest::newRow("unspecified v6") << "::" << int(C::Unspecified);
    QTest::newRow("link-local v4 low") << "169.254.0.1" << int(C::LinkLocal);
    QTest::newRow("link-local v4 high") << "169.254.255.254" << int(C::LinkLocal);
    QTest::newRow("just outside v4") << "169.255.0.1" << int(C::Ordinary);
    QTest::newRow("link-local v6") << "fe80::1" << int(C::LinkLocal);
    QTest::newRow("link-local v6 scoped") << "fe80::1%1" << int(C::LinkLocal);
    QTest::newRow("link-local v6 upper /10") << "febf::1" << int(C::LinkLocal);
    QTest::newRow("aws v4") << "169.254.169.254" << int(C::CloudMetadata);
    QTest::newRow("aws v6") << "fd00:ec2::254" << int(C::CloudMetadata);
    QTest::newRow("mapped aws") << "::ffff:169.254.169.254" << int(C::CloudMetadata);
    QTest::newRow("mapped link-local") << "::ffff:169.254.1.1" << int(C::LinkLocal);
    QTest::newRow("mapped loopback") << "::ffff:127.0.0.1" << int(C::Loopback);
}

void TestUrlPolicy::classify()
{
    QFETCH(QString, address);
    QFETCH(int, expected);
    const QHostAddress parsed(address);
    QVERIFY2(!parsed.isNull(), qPrintable(address));
    QCOMPARE(int(UrlPolicy::classify(parsed)), expected);
}

void TestUrlPolicy::checkUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowLinkLocal");
    QTest::addColumn<int>("verdict");

    QTest::newRow("https provider") << "https://api.openai.com/v1" << false << int(Verdict::Ok);
    QTest::newRow("loopback (Ollama)") << "http://127.0.0.1:11434/v1" << false << int(Verdict::Ok);
    QTest::newRow("localhost") << "http://localhost:11434/v1" << false << int(Verdict::Ok);
    QTest::newRow("loopback v6") << "http://[::1]:8080" << false << int(Verdict::Ok);
    QTest::newRow("LAN") << "http://192.168.1.10:8000" << false << int(Verdict::Ok);
    QTest::newRow("ftp") << "ftp://files.example.com/" << false << int(Verdict::UnsupportedScheme);
    QTest::newRow("file") << "file:///etc/passwd" << false << int(Verdict::UnsupportedScheme);
    QTest::newRow("relative") << "api.openai.com/v1" << false << int(Verdict::InvalidUrl);
    QTest::newRow("no host") << "http:///v1" << false << int(Verdict::NoHost);
    QTest::newRow("credentials") << "https://u:pw@api.example.com/" << false << int(Verdict::UserInfo);
    QTest::newRow("unspecified") << "http://0.0.0.0:8080" << true << int(Verdict::Unspecified);
    QTest::newRow("aws") << "http://169.254.169.254/latest/meta-data" << false << int(Verdict::CloudMetadata);
    QTest::newRow("aws allowed") << "http://169.254.169.254/latest/meta-data" << true << int(Verdict::Ok);
    QTest::newRow("aws trailing dot") << "http://169.254.169.254./" << false << int(Verdict::CloudMetadata);
    // QUrl normalises the numeric spellings getaddrinfo would accept, so they meet the literal check.
    QTest::newRow("aws as decimal") << "http://2852039166/" << false << int(Verdict::CloudMetadata);
    QTest::newRow("aws as hex") << "http://0xa9fea9fe/" << false << int(Verdict::CloudMetadata);
    QTest::newRow("aws as octal") << "http://0251.0376.0251.0376/" << false << int(Verdict::CloudMetadata);
    QTest::newRow("aws mapped v6") << "http://[::ffff:a9fe:a9fe]/" << false << int(Verdict::CloudMetadata);
    QTest::newRow("aws v6") << "http://[fd00:ec2::254]/" << false << int(Verdict::CloudMetadata);
    QTest::newRow("gcp name") << "http://metadata.google.internal/computeMetadata/v1" << false
                              << int(Verdict::CloudMetadata);
    QTest::newRow("gcp name upper, dot")
        << "http://METADATA.google.internal./" << false << int(Verdict::CloudMetadata);
    QTest::newRow("gcp short name") << "http://metadata/computeMetadata/v1" << false
                                    << int(Verdict::CloudMetadata);
    QTest::newRow("gcp name allowed") << "http://metadata.google.internal/" << true << int(Verdict::Ok);
    QTest::newRow("similar name") << "http://metadata.example.com/" << false << int(Verdict::Ok);
    QTest::newRow("link-local v4") << "http://169.254.10.1:8080/" << false << int(Verdict::LinkLocal);
    QTest::newRow("link-local v6") << "http://[fe80::1]/" << false << int(Verdict::LinkLocal);
    QTest::newRow("link-local v6 allowed") << "http://[fe80::1]/" << true << int(Verdict::Ok);
}

void TestUrlPolicy::checkUrl()
{
    QFETCH(QString, url);
    QFETCH(bool, allowLinkLocal);
    QFETCH(int, verdict);
    QCOMPARE(int(UrlPolicy::checkUrl(QUrl(url), allowLinkLocal)), verdict);
}

void TestUrlPolicy::validateUpstreamUrlForwards()
{
    QString error;
    QVERIFY(!UpstreamClient::validateUpstreamUrl(
        QUrl(QStringLiteral("http://u:hunter2@169.254.169.254/?k=sk-1")), false, &error));
    QVERIFY2(error.startsWith(QStringLiteral("upstream URL http://169.254.169.254/: ")), qPrintable(error));
    QVERIFY(!error.contains(QStringLiteral("hunter2")));
    QVERIFY(!error.contains(QStringLiteral("sk-1")));
    error.clear();
    QVERIFY(!UrlPolicy::validateUpstreamUrl(QUrl(QStringLiteral("http://169.254.169.254/")), false, &error));
    QVERIFY2(error.contains(QStringLiteral("cloud metadata")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("allowLinkLocal")), qPrintable(error));
    error.clear();
    QVERIFY(
        UpstreamClient::validateUpstreamUrl(QUrl(QStringLiteral("http://127.0.0.1:9/v1")), false, &error));
    QVERIFY(error.isEmpty());
}

void TestUrlPolicy::resolvedAddresses()
{
    const QHostAddress lan(QStringLiteral("10.0.0.7"));
    const QHostAddress loopback(QStringLiteral("127.0.0.1"));
    const QHostAddress aws(QStringLiteral("169.254.169.254"));
    const QHostAddress linkLocal6(QStringLiteral("fe80::5"));
    QString error;
    QVERIFY(UrlPolicy::checkResolvedAddresses(QStringLiteral("a.test"), {lan, loopback}, false, &error));
    QVERIFY(error.isEmpty());
    // One bad address in the set refuses the name: DNS must not be able to slip one in.
    QVERIFY(!UrlPolicy::checkResolvedAddresses(QStringLiteral("a.test"), {lan, aws}, false, &error));
    QVERIFY2(error.contains(QStringLiteral("a.test")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("169.254.169.254")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("cloud metadata")), qPrintable(error));
    QVERIFY(!UrlPolicy::checkResolvedAddresses(QStringLiteral("b.test"), {linkLocal6}, false, &error));
    QVERIFY2(error.contains(QStringLiteral("link-local")), qPrintable(error));
    QVERIFY(UrlPolicy::checkResolvedAddresses(QStringLiteral("a.test"), {lan, aws, linkLocal6}, true));
    // The unspecified address is never a destination, allowed or not.
    QVERIFY(!UrlPolicy::checkResolvedAddresses(QStringLiteral("z.test"), {QHostAddress::AnyIPv4}, true));
}

void TestUrlPolicy::allowOptionPrecedence()
{
    QVERIFY(!UrlPolicy::allowsLinkLocal({}, {}));
    QVERIFY(UrlPolicy::allowsLinkLocal(allow(true), {}));
    QVERIFY(UrlPolicy::allowsLinkLocal({}, allow(true)));
    QVERIFY(!UrlPolicy::allowsLinkLocal(allow(false), allow(true))); // the channel's own value wins
    QVERIFY(UrlPolicy::allowsLinkLocal(allow(true), allow(false)));
    // Only a JSON boolean counts.
    QVERIFY(!UrlPolicy::allowsLinkLocal({{QStringLiteral("allowLinkLocal"), QStringLiteral("true")}}, {}));
}

void TestUrlPolicy::importRefuses_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("pathPrefix");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("provider metadata")
        << importFile(QStringLiteral("http://169.254.169.254/latest"), {}, {}, {})
        << QStringLiteral(
               "providers[0].baseUrl: \"http://169.254.169.254/latest\" is a cloud metadata endpoint")
        << QStringLiteral("allowLinkLocal");
    QTest::newRow("provider link-local v6")
        << importFile(QStringLiteral("http://[fe80::1]:8080/v1"), {}, {}, {})
        << QStringLiteral("providers[0].baseUrl: \"http://[fe80::1]:8080/v1\" is a link-local address")
        << QStringLiteral("allowLinkLocal");
    QTest::newRow("provider gcp name")
        << importFile(QStringLiteral("http://metadata.google.internal/v1"), {}, {}, {})
        << QStringLiteral("providers[0].baseUrl: ") << QStringLiteral("cloud metadata endpoint");
    QTest::newRow("channel metadata v6")
        << importFile(QStringLiteral("https://api.example.com/v1"), QStringLiteral("http://[fd00:ec2::254]/"),
                      {}, {})
        << QStringLiteral("providers[0].channels[0].baseUrl: ") << QStringLiteral("cloud metadata endpoint");
    QTest::newRow("channel refuses though provider allows")
        << importFile(QStringLiteral("https://api.example.com/v1"), QStringLiteral("http://169.254.3.4/v1"),
                      allow(true), allow(false))
        << QStringLiteral("providers[0].channels[0].baseUrl: ") << QStringLiteral("link-local");
    QTest::newRow("credentials") << importFile(
        QStringLiteral("https://bob:hunter2@api.example.com/v1"), {}, {},
        {}) << QStringLiteral("providers[0].baseUrl: \"https://api.example.com/v1\" must not contain")
                                 << QStringLiteral("keys");
    QTest::newRow("unspecified even when allowed")
        << importFile(QStringLiteral("http://0.0.0.0:8080/v1"), {}, allow(true), {})
        << QStringLiteral("providers[0].baseUrl: ") << QStringLiteral("unspecified");
}

void TestUrlPolicy::importRefuses()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, pathPrefix);
    QFETCH(QString, mentions);
    QString error;
    const auto document = ConfigJson::parse(json, ConfigData(), QProcessEnvironment(), &error);
    QVERIFY(!document);
    QVERIFY2(error.startsWith(pathPrefix), qPrintable(error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
    QVERIFY(!error.contains(QStringLiteral("hunter2")));
}

void TestUrlPolicy::importAllows_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expectedChannelUrl");

    QTest::newRow("loopback") << importFile(QStringLiteral("http://127.0.0.1:11434/v1"), {}, {}, {})
                              << QString();
    QTest::newRow("provider option") << importFile(QStringLiteral("http://169.254.169.254/v1"), {},
                                                   allow(true), {})
                                     << QString();
    QTest::newRow("channel option") << importFile(
        QStringLiteral("https://api.example.com/v1"), QStringLiteral("http://169.254.169.254/v1"), {},
        allow(true)) << QStringLiteral("http://169.254.169.254/v1");
    QTest::newRow("channel inherits provider option")
        << importFile(QStringLiteral("https://api.example.com/v1"), QStringLiteral("http://[fe80::2]:80/v1"),
                      allow(true), {})
        << QStringLiteral("http://[fe80::2]:80/v1");
}

void TestUrlPolicy::importAllows()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expectedChannelUrl);
    QString error;
    const auto document = ConfigJson::parse(json, ConfigData(), QProcessEnvironment(), &error);
    QVERIFY2(document, qPrintable(error));
    QCOMPARE(document->channels.size(), 1);
    QCOMPARE(document->channels.first().channel.baseUrl, expectedChannelUrl);
}

void TestUrlPolicy::nameResolvingToMetadataIsRefused_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("reason");
    QTest::newRow("aws v4") << "169.254.169.254"
                            << "cloud metadata";
    QTest::newRow("aws v6") << "fd00:ec2::254"
                            << "cloud metadata";
    QTest::newRow("link-local v4") << "169.254.7.7"
                                   << "link-local";
    QTest::newRow("link-local v6") << "fe80::7"
                                   << "link-local";
}

void TestUrlPolicy::nameResolvingToMetadataIsRefused()
{
    QFETCH(QString, address);
    QFETCH(QString, reason);
    // The fake upstream stands by on loopback: the name also resolves to it, but one refused
    // address refuses the name, so nothing reaches anyone.
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, R"({"data":[]})"));
    UpstreamClient client;
    client.connectionPool()->setResolve(QStringLiteral("models.rebind.test"),
                                        {QHostAddress(QStringLiteral("127.0.0.1")), QHostAddress(address)});
    const QUrl url(QStringLiteral("http://models.rebind.test:%1/v1/models").arg(fake.port()));
    QVERIFY(UpstreamClient::validateUpstreamUrl(url, false)); // a name passes the URL check

    QElapsedTimer clock;
    clock.start();
    const auto rec = runCall(client, getTo(url));
    QVERIFY(rec->ended());
    QVERIFY(rec->error);
    QCOMPARE(rec->error->kind, UpstreamError::Kind::Connect);
    QVERIFY(rec->error->isTransient()); // classified like a connect error: the router fails over
    QVERIFY2(rec->error->message.contains(QStringLiteral("models.rebind.test")),
             qPrintable(rec->errorText()));
    QVERIFY2(rec->error->message.contains(QHostAddress(address).toString()), qPrintable(rec->errorText()));
    QVERIFY2(rec->error->message.contains(reason), qPrintable(rec->errorText()));
    QVERIFY(clock.elapsed() < 2000); // refused, not timed out
    QCOMPARE(fake.totalConnections(), 0);
    QCOMPARE(client.connectionCount(), 0);
}

void TestUrlPolicy::allowLinkLocalSkipsTheAddressCheck()
{
    // Allowed, the same name is connected to: the first address is the fake on loopback.
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, R"({"ok":true})"));
    UpstreamClient client;
    client.connectionPool()->setResolve(
        QStringLiteral("imds.test"),
        {QHostAddress(QStringLiteral("127.0.0.1")), QHostAddress(QStringLiteral("169.254.169.254"))});
    UpstreamRequest request = getTo(QUrl(QStringLiteral("http://imds.test:%1/latest").arg(fake.port())));
    request.allowLinkLocal = true;
    auto rec = runCall(client, request);
    QVERIFY2(rec->finished, qPrintable(rec->errorText()));
    QCOMPARE(rec->status, 200);
    QCOMPARE(fake.lastRequest().header("host"), QStringLiteral("imds.test:%1").arg(fake.port()).toLatin1());

    // A request without the option never borrows that connection: it is checked and refused.
    request.allowLinkLocal = false;
    rec = runCall(client, request);
    QVERIFY(rec->error);
    QCOMPARE(rec->error->kind, UpstreamError::Kind::Connect);
    QCOMPARE(fake.requestCount(), 1);
}

void TestUrlPolicy::nameResolvingToLoopbackConnects()
{
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, R"({"ok":1})"));
    UpstreamClient client;
    client.connectionPool()->setResolve(QStringLiteral("ollama.lan.test"),
                                        {QHostAddress(QStringLiteral("127.0.0.1"))});
    const QUrl url(QStringLiteral("http://ollama.lan.test:%1/v1/models").arg(fake.port()));
    for (int i = 0; i < 2; ++i) {
        const auto rec = runCall(client, getTo(url));
        QVERIFY2(rec->finished, qPrintable(rec->errorText()));
        QCOMPARE(rec->body, QByteArray(R"({"ok":1})"));
    }
    QCOMPARE(fake.totalConnections(), 1); // checked once, then kept alive
    QCOMPARE(fake.lastRequest().header("host"),
             QStringLiteral("ollama.lan.test:%1").arg(fake.port()).toLatin1());
}

void TestUrlPolicy::nextAddressAfterAFailedConnect()
{
    // Like QAbstractSocket with a name: an address that refuses the connection is followed by the
    // next one (127.0.0.2 has nothing listening on this port; the fake listens on 127.0.0.1).
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, R"({"second":true})"));
    UpstreamClient client;
    client.connectionPool()->setResolve(
        QStringLiteral("two.test"),
        {QHostAddress(QStringLiteral("127.0.0.2")), QHostAddress(QStringLiteral("127.0.0.1"))});
    const auto rec = runCall(client, getTo(QUrl(QStringLiteral("http://two.test:%1/").arg(fake.port()))));
    QVERIFY2(rec->finished, qPrintable(rec->errorText()));
    QCOMPARE(rec->body, QByteArray(R"({"second":true})"));
    QCOMPARE(fake.totalConnections(), 1);
}

void TestUrlPolicy::realDnsNameConnects()
{
    // "localhost" goes through the real resolver (/etc/hosts) and its check; the second connection
    // gets its answer from Qt's host cache.
    FakeUpstream fake;
    fake.setDefaultHandler(FakeUpstream::jsonResponse(200, R"({"dns":true})"));
    UpstreamClient client;
    for (int i = 0; i < 2; ++i) {
        client.trimIdleManagers(0);
        const auto rec =
            runCall(client, getTo(QUrl(QStringLiteral("http://localhost:%1/x").arg(fake.port()))));
        QVERIFY2(rec->finished, qPrintable(rec->errorText()));
        QCOMPARE(rec->body, QByteArray(R"({"dns":true})"));
    }
    QCOMPARE(fake.totalConnections(), 2);
}

void TestUrlPolicy::unknownNameIsAConnectError()
{
    UpstreamClient client;
    const auto rec = runCall(client, getTo(QUrl(QStringLiteral("http://no-such-host.invalid/v1"))), 15000);
    QVERIFY(rec->error);
    QCOMPARE(rec->error->kind, UpstreamError::Kind::Connect);
    QCOMPARE(rec->error->networkError, int(QNetworkReply::HostNotFoundError));
    QVERIFY2(rec->error->message.contains(QStringLiteral("no-such-host.invalid")),
             qPrintable(rec->errorText()));
}

QTEST_GUILESS_MAIN(TestUrlPolicy)
#include "tst_urlpolicy.moc"
