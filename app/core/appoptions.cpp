#include "appoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

namespace Switchyard {

namespace {

QString trText(const char *text)
{
    return QCoreApplication::translate("Switchyard::AppOptions", text);
}

// One place declares the options, so parsing and --help can never disagree.
void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(trText("Local LLM proxy and router for developers."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {QStringLiteral("headless"),
         trText("Run without tray icon or window (implied when no display is found).")},
        {QStringLiteral("data-dir"), trText("Keep the database, logs and backups in <dir>."),
         QStringLiteral("dir")},
        {QStringLiteral("bind"), trText("Listen on <address> (default 127.0.0.1)."),
         QStringLiteral("address")},
        {QStringLiteral("port"), trText("Listen on <port> (default 17800; 0 picks a free port)."),
         QStringLiteral("port")},
        {QStringLiteral("config"), trText("Import the JSON configuration <file> at start."),
         QStringLiteral("file")},
        {QStringLiteral("export-config"), trText("Write the configuration as JSON to <file> and exit."),
         QStringLiteral("file")},
        {QStringLiteral("include-secrets"), trText("With --export-config: include the upstream API keys.")},
        {QStringLiteral("insecure-secrets-file"),
         trText("When no OS keychain answers, keep API keys in a plaintext file (mode 0600) in the data "
                "directory.")},
        {QStringLiteral("log-level"), trText("Log <level>: debug, info, warning or error (default info)."),
         QStringLiteral("level")},
    });
}

std::optional<quint16> parsePort(const QVariant &value)
{
    bool ok = false;
    const uint port = value.toString().trimmed().toUInt(&ok);
    if (!ok || port > 65535)
        return std::nullopt;
    return static_cast<quint16>(port);
}

std::optional<QHostAddress> parseAddress(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return QHostAddress(QHostAddress::LocalHost);
    QHostAddress address;
    if (!address.setAddress(trimmed))
        return std::nullopt;
    return address;
}

} // namespace

AppOptionsParseResult parseAppOptions(const QStringList &args)
{
    AppOptionsParseResult result;
    QCommandLineParser parser;
    addOptions(parser);
    if (!parser.parse(args)) {
        result.error = parser.errorText();
        return result;
    }
    AppOptions &options = result.options;
    options.showHelp = parser.isSet(QStringLiteral("help"));
    options.showVersion = parser.isSet(QStringLiteral("version"));
    if (options.showHelp || options.showVersion)
        return result;

    if (!parser.positionalArguments().isEmpty()) {
        result.error = trText("Unexpected argument: %1").arg(parser.positionalArguments().constFirst());
        return result;
    }

    options.headless = parser.isSet(QStringLiteral("headless"));
    options.includeSecrets = parser.isSet(QStringLiteral("include-secrets"));
    options.insecureSecretsFile = parser.isSet(QStringLiteral("insecure-secrets-file"));
    options.configFile = parser.value(QStringLiteral("config"));
    options.exportConfigFile = parser.value(QStringLiteral("export-config"));

    if (parser.isSet(QStringLiteral("data-dir"))) {
        const QString dir = parser.value(QStringLiteral("data-dir"));
        if (dir.trimmed().isEmpty()) {
            result.error = trText("--data-dir needs a directory");
            return result;
        }
        options.dataDir = QDir::cleanPath(QDir::current().absoluteFilePath(dir));
    } else {
        options.dataDir = defaultDataDir();
    }

    if (parser.isSet(QStringLiteral("bind"))) {
        const QString text = parser.value(QStringLiteral("bind"));
        options.bindAddress = parseAddress(text);
        if (!options.bindAddress) {
            result.error = trText("--bind: not an IP address: %1").arg(text);
            return result;
        }
    }
    if (parser.isSet(QStringLiteral("port"))) {
        const QString text = parser.value(QStringLiteral("port"));
        options.port = parsePort(text);
        if (!options.port) {
            result.error = trText("--port: not a port number between 0 and 65535: %1").arg(text);
            return result;
        }
    }
    if (parser.isSet(QStringLiteral("log-level"))) {
        const QString text = parser.value(QStringLiteral("log-level"));
        options.logLevel = logLevelFromString(text);
        if (!options.logLevel) {
            result.error = trText("--log-level: expected debug, info, warning or error, got: %1").arg(text);
            return result;
        }
    }
    if (parser.isSet(QStringLiteral("config")) && options.configFile.isEmpty()) {
        result.error = trText("--config needs a file");
        return result;
    }
    if (parser.isSet(QStringLiteral("export-config")) && options.exportConfigFile.isEmpty()) {
        result.error = trText("--export-config needs a file");
        return result;
    }
    if (options.includeSecrets && !options.isExportOnly()) {
        result.error = trText("--include-secrets only works with --export-config");
        return result;
    }
    // An export runs next to a live instance without taking the data directory over, so it must not
    // write the configuration.
    if (options.isExportOnly() && !options.configFile.isEmpty()) {
        result.error = trText("--config and --export-config cannot be combined");
        return result;
    }
    return result;
}

QString appOptionsHelpText()
{
    QCommandLineParser parser;
    addOptions(parser);
    return parser.helpText();
}

QString defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

std::optional<QtMsgType> logLevelFromString(const QString &text)
{
    const QString level = text.trimmed().toLower();
    if (level == QLatin1String("debug"))
        return QtDebugMsg;
    if (level == QLatin1String("info"))
        return QtInfoMsg;
    if (level == QLatin1String("warning") || level == QLatin1String("warn"))
        return QtWarningMsg;
    if (level == QLatin1String("error") || level == QLatin1String("critical"))
        return QtCriticalMsg;
    return std::nullopt;
}

QString logLevelToString(QtMsgType level)
{
    switch (level) {
    case QtDebugMsg:
        return QStringLiteral("debug");
    case QtInfoMsg:
        return QStringLiteral("info");
    case QtWarningMsg:
        return QStringLiteral("warning");
    case QtCriticalMsg:
        return QStringLiteral("error");
    case QtFatalMsg:
        return QStringLiteral("fatal");
    }
    return QStringLiteral("info");
}

ProxyEndpoint resolveProxyEndpoint(const AppOptions &options, const QVariant &storedBind,
                                   const QVariant &storedPort, QStringList *warnings)
{
    ProxyEndpoint endpoint {AppOptions::defaultBindAddress(), AppOptions::DefaultPort};
    const auto warn = [warnings](const QString &text) {
        if (warnings)
            warnings->append(text);
    };

    if (options.bindAddress) {
        endpoint.address = *options.bindAddress;
    } else if (storedBind.isValid() && !storedBind.toString().trimmed().isEmpty()) {
        if (const auto address = parseAddress(storedBind.toString()))
            endpoint.address = *address;
        else
            warn(trText("Ignoring the stored setting proxy/bind: not an IP address: %1")
                     .arg(storedBind.toString()));
    }

    if (options.port) {
        endpoint.port = *options.port;
    } else if (storedPort.isValid() && !storedPort.toString().trimmed().isEmpty()) {
        if (const auto port = parsePort(storedPort))
            endpoint.port = *port;
        else
            warn(trText("Ignoring the stored setting proxy/port: not a port number: %1")
                     .arg(storedPort.toString()));
    }
    return endpoint;
}

QString urlHost(const QHostAddress &address)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return u'[' + address.toString() + u']';
    return address.toString();
}

QString clientBaseUrl(const QHostAddress &address, quint16 port)
{
    QHostAddress host = address;
    if (address.isEqual(QHostAddress::AnyIPv4, QHostAddress::StrictConversion)
        || address == QHostAddress::Any)
        host = QHostAddress(QHostAddress::LocalHost);
    else if (address.isEqual(QHostAddress::AnyIPv6, QHostAddress::StrictConversion))
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    return QStringLiteral("http://%1:%2").arg(urlHost(host)).arg(port);
}

bool displayAvailable(const QProcessEnvironment &env)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    const bool x11 = !env.value(QStringLiteral("DISPLAY")).isEmpty();
    const bool wayland = !env.value(QStringLiteral("WAYLAND_DISPLAY")).isEmpty();
    // QT_QPA_PLATFORM may list fallbacks ("wayland;xcb"); the GUI works when any of them can start.
    const QStringList platforms =
        env.value(QStringLiteral("QT_QPA_PLATFORM")).split(u';', Qt::SkipEmptyParts);
    if (platforms.isEmpty())
        return x11 || wayland;
    for (QString platform : platforms) {
        platform = platform.section(u':', 0, 0).trimmed(); // drop "offscreen:arg=value" parameters
        if (platform == QLatin1String("xcb")) {
            if (x11)
                return true;
        } else if (platform.startsWith(QLatin1String("wayland"))) {
            if (wayland)
                return true;
        } else if (!platform.isEmpty()) {
            return true; // offscreen, minimal, eglfs, linuxfb, vnc: no display server needed
        }
    }
    return false;
#else
    Q_UNUSED(env);
    return true;
#endif
}

} // namespace Switchyard
