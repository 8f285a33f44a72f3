#pragma once

// The command line of the switchyard executable, parsed into a plain struct so the controller and the
// tests never see QCommandLineParser. Parsing needs no QCoreApplication instance (main parses before it
// knows whether to create a QApplication); only helpText() does.

#include <QHostAddress>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace Switchyard {

// Every way the process can end. Documented for users in README.md ("Command line").
enum class ExitCode : int
{
    Ok = 0,
    Failure = 1, // anything not covered below
    UsageError = 2, // bad command line
    DataDirNotWritable = 3, // the data directory cannot be created or written
    AlreadyRunning = 4, // another instance owns the data directory (headless)
    BindFailed = 5, // the proxy port is taken or the address cannot be bound
    InvalidConfig = 6, // --config file rejected
    StorageError = 7, // the database cannot be opened, migrated or written
};

constexpr int exitCodeValue(ExitCode code)
{
    return static_cast<int>(code);
}

struct AppOptions
{
    // 17800: clear of claude-code-router (3456) and cc-switch (15721), which users often run alongside.
    static constexpr quint16 DefaultPort = 17800;
    static QHostAddress defaultBindAddress() { return QHostAddress(QHostAddress::LocalHost); }

    bool headless = false; // --headless given
    QString dataDir; // absolute; the platform default unless --data-dir
    std::optional<QHostAddress> bindAddress; // --bind, when given
    std::optional<quint16> port; // --port, when given (0 = any free port)
    QString configFile; // --config
    QString exportConfigFile; // --export-config
    bool includeSecrets = false; // --include-secrets
    bool insecureSecretsFile = false; // --insecure-secrets-file
    std::optional<QtMsgType> logLevel; // --log-level, when given
    bool showVersion = false;
    bool showHelp = false;

    bool isExportOnly() const { return !exportConfigFile.isEmpty(); }
};

struct AppOptionsParseResult
{
    AppOptions options;
    QString error; // non-empty on a usage error; options are then unspecified

    bool ok() const { return error.isEmpty(); }
};

// args includes the program name first, as QCoreApplication::arguments() does.
AppOptionsParseResult parseAppOptions(const QStringList &args);
// The --help text. Needs a QCoreApplication instance (Qt takes the program name from it).
QString appOptionsHelpText();
// <AppDataLocation> for organization and application "Switchyard" (set by main before parsing).
QString defaultDataDir();

// "debug", "info", "warning", "error" (also "critical"); nullopt for anything else.
std::optional<QtMsgType> logLevelFromString(const QString &text);
QString logLevelToString(QtMsgType level);

// Where the proxy listens: the command line wins over the stored settings (proxy/bind, proxy/port),
// which win over the defaults. A stored value that does not parse is ignored and named in *warning.
struct ProxyEndpoint
{
    QHostAddress address;
    quint16 port = 0;
};
ProxyEndpoint resolveProxyEndpoint(const AppOptions &options, const QVariant &storedBind,
                                   const QVariant &storedPort, QStringList *warnings = nullptr);

// Formats an address for a URL: IPv6 in brackets.
QString urlHost(const QHostAddress &address);
// The URL a local client uses to reach a proxy bound to address:port. A wildcard bind is reached
// through the loopback address.
QString clientBaseUrl(const QHostAddress &address, quint16 port);

// Whether a GUI can be shown. On Linux this needs DISPLAY or WAYLAND_DISPLAY, unless QT_QPA_PLATFORM
// names a platform that needs neither (offscreen, minimal, eglfs, vnc, ...). Elsewhere: always.
bool displayAvailable(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

} // namespace Switchyard
