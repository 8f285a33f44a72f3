// Command-line parsing of the switchyard executable: defaults, every option, usage errors, and the
// precedence of command line over stored settings over defaults for the proxy endpoint.

#include "appoptions.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <QTest>

using namespace Switchyard;

class TestAppOptions : public QObject
{
    Q_OBJECT

private:
    static AppOptionsParseResult parse(const QStringList &args)
    {
        return parseAppOptions(QStringList {QStringLiteral("switchyard")} + args);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("Switchyard"));
        QCoreApplication::setApplicationName(QStringLiteral("Switchyard"));
    }

    void defaults()
    {
        const AppOptionsParseResult result = parse({});
        QVERIFY2(result.ok(), qPrintable(result.error));
        const AppOptions &options = result.options;
        QVERIFY(!options.headless);
        QCOMPARE(options.dataDir, QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
        QVERIFY(options.dataDir.contains(QLatin1String("Switchyard")));
        QVERIFY(!options.bindAddress);
        QVERIFY(!options.port);
        QVERIFY(options.configFile.isEmpty());
        QVERIFY(!options.isExportOnly());
        QVERIFY(!options.includeSecrets);
        QVERIFY(!options.insecureSecretsFile);
        QVERIFY(!options.logLevel);
        QVERIFY(!options.showHelp);
        QVERIFY(!options.showVersion);

        const ProxyEndpoint endpoint = resolveProxyEndpoint(options, {}, {});
        QCOMPARE(endpoint.address, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(endpoint.port, quint16(17800));
        // The default must not collide with the routers people run next to Switchyard.
        QVERIFY(AppOptions::DefaultPort != 3456);
        QVERIFY(AppOptions::DefaultPort != 15721);
    }

    void everyOption()
    {
        const QString dir = QDir::tempPath() + QStringLiteral("/sy-opts/../sy-opts-data");
        const AppOptionsParseResult result = parse({
            QStringLiteral("--headless"),
            QStringLiteral("--data-dir"),
            dir,
            QStringLiteral("--bind"),
            QStringLiteral("::1"),
            QStringLiteral("--port"),
            QStringLiteral("0"),
            QStringLiteral("--config"),
            QStringLiteral("in.json"),
            QStringLiteral("--insecure-secrets-file"),
            QStringLiteral("--log-level"),
            QStringLiteral("debug"),
        });
        QVERIFY2(result.ok(), qPrintable(result.error));
        const AppOptions &options = result.options;
        QVERIFY(options.headless);
        QCOMPARE(options.dataDir, QDir::cleanPath(dir));
        QVERIFY(QDir::isAbsolutePath(options.dataDir));
        QCOMPARE(*options.bindAddress, QHostAddress(QHostAddress::LocalHostIPv6));
        QCOMPARE(*options.port, quint16(0));
        QCOMPARE(options.configFile, QStringLiteral("in.json"));
        QVERIFY(options.insecureSecretsFile);
        QCOMPARE(*options.logLevel, QtDebugMsg);
        QCOMPARE(urlHost(*options.bindAddress), QStringLiteral("[::1]"));
    }

    void relativeDataDirBecomesAbsolute()
    {
        const AppOptionsParseResult result = parse({QStringLiteral("--data-dir=rel/dir")});
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.options.dataDir, QDir::current().absoluteFilePath(QStringLiteral("rel/dir")));
    }

    void exportOptions()
    {
        const AppOptionsParseResult result =
            parse({QStringLiteral("--export-config"), QStringLiteral("out.json"),
                   QStringLiteral("--include-secrets")});
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(result.options.isExportOnly());
        QCOMPARE(result.options.exportConfigFile, QStringLiteral("out.json"));
        QVERIFY(result.options.includeSecrets);
    }

    void helpAndVersion()
    {
        QVERIFY(parse({QStringLiteral("--help")}).options.showHelp);
        QVERIFY(parse({QStringLiteral("-h")}).options.showHelp);
        QVERIFY(parse({QStringLiteral("--version")}).options.showVersion);
        // --help wins over otherwise invalid values: the user is asking how to fix them.
        QVERIFY(parse({QStringLiteral("--help"), QStringLiteral("--port"), QStringLiteral("x")}).ok());
    }

    void logLevels_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("level");
        QTest::newRow("debug") << QStringLiteral("debug") << int(QtDebugMsg);
        QTest::newRow("info") << QStringLiteral("info") << int(QtInfoMsg);
        QTest::newRow("warning") << QStringLiteral("warning") << int(QtWarningMsg);
        QTest::newRow("error") << QStringLiteral("error") << int(QtCriticalMsg);
        QTest::newRow("upper case") << QStringLiteral("ERROR") << int(QtCriticalMsg);
    }

    void logLevels()
    {
        QFETCH(QString, text);
        QFETCH(int, level);
        const AppOptionsParseResult result = parse({QStringLiteral("--log-level"), text});
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(int(*result.options.logLevel), level);
        QCOMPARE(int(*logLevelFromString(logLevelToString(QtMsgType(level)))), level);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("port too large")
            << QStringList {QStringLiteral("--port"), QStringLiteral("65536")} << QStringLiteral("65536");
        QTest::newRow("port negative") << QStringList {QStringLiteral("--port=-1")} << QStringLiteral("-1");
        QTest::newRow("port not a number")
            << QStringList {QStringLiteral("--port"), QStringLiteral("http")} << QStringLiteral("http");
        QTest::newRow("port missing value")
            << QStringList {QStringLiteral("--port")} << QStringLiteral("port");
        QTest::newRow("bind not an address")
            << QStringList {QStringLiteral("--bind"), QStringLiteral("example.com")}
            << QStringLiteral("example.com");
        QTest::newRow("bad log level")
            << QStringList {QStringLiteral("--log-level"), QStringLiteral("loud")} << QStringLiteral("loud");
        QTest::newRow("unknown option")
            << QStringList {QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
        QTest::newRow("positional") << QStringList {QStringLiteral("stray")} << QStringLiteral("stray");
        QTest::newRow("empty data dir")
            << QStringList {QStringLiteral("--data-dir=")} << QStringLiteral("--data-dir");
        QTest::newRow("secrets without export")
            << QStringList {QStringLiteral("--include-secrets")} << QStringLiteral("--include-secrets");
        QTest::newRow("import and export")
            << QStringList {QStringLiteral("--config"), QStringLiteral("a.json"),
                            QStringLiteral("--export-config"), QStringLiteral("b.json")}
            << QStringLiteral("--export-config");
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const AppOptionsParseResult result = parse(args);
        QVERIFY(!result.ok());
        QVERIFY2(result.error.contains(mentions), qPrintable(result.error));
    }

    void portBoundaries()
    {
        QCOMPARE(*parse({QStringLiteral("--port=65535")}).options.port, quint16(65535));
        QCOMPARE(*parse({QStringLiteral("--port=1")}).options.port, quint16(1));
    }

    void localhostIsLoopback()
    {
        const AppOptionsParseResult result = parse({QStringLiteral("--bind"), QStringLiteral("localhost")});
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(*result.options.bindAddress, QHostAddress(QHostAddress::LocalHost));
    }

    void precedence()
    {
        const AppOptions plain = parse({}).options;
        const AppOptions withPort = parse({QStringLiteral("--port"), QStringLiteral("18001")}).options;
        const AppOptions withBoth = parse({QStringLiteral("--port"), QStringLiteral("18001"),
                                           QStringLiteral("--bind"), QStringLiteral("0.0.0.0")})
                                        .options;
        const QVariant storedBind = QStringLiteral("127.0.0.2");
        const QVariant storedPort = 18500;

        // Stored settings override the defaults...
        ProxyEndpoint endpoint = resolveProxyEndpoint(plain, storedBind, storedPort);
        QCOMPARE(endpoint.address, QHostAddress(QStringLiteral("127.0.0.2")));
        QCOMPARE(endpoint.port, quint16(18500));
        // ...one at a time...
        endpoint = resolveProxyEndpoint(plain, {}, QStringLiteral("18600"));
        QCOMPARE(endpoint.address, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(endpoint.port, quint16(18600));
        // ...and the command line overrides them, option by option.
        endpoint = resolveProxyEndpoint(withPort, storedBind, storedPort);
        QCOMPARE(endpoint.address, QHostAddress(QStringLiteral("127.0.0.2")));
        QCOMPARE(endpoint.port, quint16(18001));
        endpoint = resolveProxyEndpoint(withBoth, storedBind, storedPort);
        QCOMPARE(endpoint.address, QHostAddress(QHostAddress::AnyIPv4));
        QCOMPARE(endpoint.port, quint16(18001));
    }

    void badStoredSettingsFallBack()
    {
        const AppOptions plain = parse({}).options;
        QStringList warnings;
        const ProxyEndpoint endpoint =
            resolveProxyEndpoint(plain, QStringLiteral("not-an-ip"), QStringLiteral("99999"), &warnings);
        QCOMPARE(endpoint.address, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(endpoint.port, AppOptions::DefaultPort);
        QCOMPARE(warnings.size(), 2);
        QVERIFY(warnings.at(0).contains(QLatin1String("proxy/bind")));
        QVERIFY(warnings.at(1).contains(QLatin1String("proxy/port")));
    }

    void urls()
    {
        QCOMPARE(urlHost(QHostAddress(QStringLiteral("127.0.0.1"))), QStringLiteral("127.0.0.1"));
        QCOMPARE(urlHost(QHostAddress(QStringLiteral("::1"))), QStringLiteral("[::1]"));
        QCOMPARE(clientBaseUrl(QHostAddress(QHostAddress::LocalHost), 17800),
                 QStringLiteral("http://127.0.0.1:17800"));
        // A wildcard bind is reached over loopback.
        QCOMPARE(clientBaseUrl(QHostAddress(QHostAddress::AnyIPv4), 1234),
                 QStringLiteral("http://127.0.0.1:1234"));
        QCOMPARE(clientBaseUrl(QHostAddress(QHostAddress::AnyIPv6), 1234),
                 QStringLiteral("http://[::1]:1234"));
        QCOMPARE(clientBaseUrl(QHostAddress(QStringLiteral("192.168.1.5")), 80),
                 QStringLiteral("http://192.168.1.5:80"));
    }

    void displayDetection_data()
    {
        QTest::addColumn<QStringList>("vars");
        QTest::addColumn<bool>("available");
        QTest::newRow("nothing") << QStringList {} << false;
        QTest::newRow("x11") << QStringList {QStringLiteral("DISPLAY=:0")} << true;
        QTest::newRow("wayland") << QStringList {QStringLiteral("WAYLAND_DISPLAY=wayland-0")} << true;
        QTest::newRow("offscreen") << QStringList {QStringLiteral("QT_QPA_PLATFORM=offscreen")} << true;
        QTest::newRow("xcb without display") << QStringList {QStringLiteral("QT_QPA_PLATFORM=xcb")} << false;
        QTest::newRow("wayland;xcb with x11")
            << QStringList {QStringLiteral("QT_QPA_PLATFORM=wayland;xcb"), QStringLiteral("DISPLAY=:1")}
            << true;
        QTest::newRow("empty display") << QStringList {QStringLiteral("DISPLAY=")} << false;
    }

    void displayDetection()
    {
#if !defined(Q_OS_UNIX) || defined(Q_OS_MACOS)
        QSKIP("A display is always available on this platform");
#endif
        QFETCH(QStringList, vars);
        QFETCH(bool, available);
        QProcessEnvironment env;
        for (const QString &var : std::as_const(vars))
            env.insert(var.section(u'=', 0, 0), var.section(u'=', 1));
        QCOMPARE(displayAvailable(env), available);
    }

    void exitCodesAreDistinct()
    {
        const QList<int> codes {
            exitCodeValue(ExitCode::Ok),
            exitCodeValue(ExitCode::Failure),
            exitCodeValue(ExitCode::UsageError),
            exitCodeValue(ExitCode::DataDirNotWritable),
            exitCodeValue(ExitCode::AlreadyRunning),
            exitCodeValue(ExitCode::BindFailed),
            exitCodeValue(ExitCode::InvalidConfig),
            exitCodeValue(ExitCode::StorageError),
        };
        QCOMPARE(QSet<int>(codes.begin(), codes.end()).size(), codes.size());
        QCOMPARE(exitCodeValue(ExitCode::Ok), 0);
    }
};

QTEST_APPLESS_MAIN(TestAppOptions)
#include "tst_appoptions.moc"
