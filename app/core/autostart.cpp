#include "autostart.h"

#include "applogging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>

namespace Switchyard {

namespace {

QString defaultProgram()
{
    // Inside an AppImage the executable runs from a fresh mount point each time; the AppImage file
    // itself is what must be started at the next login.
    const QString appImage = qEnvironmentVariable("APPIMAGE");
    if (!appImage.isEmpty() && QFileInfo(appImage).isFile())
        return appImage;
    return QCoreApplication::applicationFilePath();
}

#if !defined(Q_OS_WIN)
bool writeWholeFile(const QString &path, const QByteArray &data, QString *error)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        if (error)
            *error = QCoreApplication::translate("Switchyard::Autostart", "Cannot create the folder %1")
                         .arg(QDir::toNativeSeparators(QFileInfo(path).absolutePath()));
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        if (error)
            *error = QCoreApplication::translate("Switchyard::Autostart", "Cannot write %1: %2")
                         .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

bool removeFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.exists() || file.remove())
        return true;
    if (error)
        *error = QCoreApplication::translate("Switchyard::Autostart", "Cannot remove %1: %2")
                     .arg(QDir::toNativeSeparators(path), file.errorString());
    return false;
}
#endif

#if defined(Q_OS_WIN)

constexpr QLatin1StringView EntryName {"Switchyard"};
const QString RunKey = QStringLiteral("HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run");

QString windowsQuote(const QString &argument)
{
    if (!argument.isEmpty() && !argument.contains(u' ') && !argument.contains(u'"'))
        return argument;
    QString quoted = argument;
    quoted.replace(u'"', QLatin1String("\\\""));
    return u'"' + quoted + u'"';
}

#elif defined(Q_OS_MACOS)

QString launchAgentLabel()
{
    const QString domain = QCoreApplication::organizationDomain();
    return domain.isEmpty() ? QStringLiteral("io.switchyard.Switchyard")
                            : domain + u'.' + QCoreApplication::applicationName();
}

QString launchAgentPath()
{
    return QDir::homePath() + QStringLiteral("/Library/LaunchAgents/") + launchAgentLabel()
        + QStringLiteral(".plist");
}

QString xmlEscaped(const QString &text)
{
    return text.toHtmlEscaped();
}

#else

QString desktopFilePath()
{
    // QStandardPaths::GenericConfigLocation is $XDG_CONFIG_HOME, or ~/.config when unset.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QStringLiteral("/autostart/switchyard.desktop");
}

// The string-value escapes of the Desktop Entry format, applied after the Exec quoting.
QString escapeDesktopValue(const QString &value)
{
    QString escaped;
    escaped.reserve(value.size());
    for (const QChar c : value) {
        switch (c.unicode()) {
        case u'\\':
            escaped += QLatin1String("\\\\");
            break;
        case u'\n':
            escaped += QLatin1String("\\n");
            break;
        case u'\t':
            escaped += QLatin1String("\\t");
            break;
        case u'\r':
            escaped += QLatin1String("\\r");
            break;
        default:
            escaped += c;
        }
    }
    return escaped;
}

bool desktopEntrySwitchedOff(const QByteArray &contents)
{
    for (const QByteArray &rawLine : contents.split('\n')) {
        const QByteArray line = rawLine.trimmed();
        const int equals = line.indexOf('=');
        if (equals < 0)
            continue;
        const QByteArray key = line.left(equals).trimmed();
        const QByteArray value = line.mid(equals + 1).trimmed().toLower();
        if ((key == "Hidden" && value == "true") || (key == "X-GNOME-Autostart-enabled" && value == "false"))
            return true;
    }
    return false;
}

#endif

} // namespace

Autostart::Autostart(const QString &program, const QStringList &arguments)
    : m_program(program.isEmpty() ? defaultProgram() : program)
    , m_arguments(arguments)
{
}

QString Autostart::quoteExecArgument(const QString &argument)
{
    // Percent signs start field codes (%f, %u...) anywhere in Exec, quoted or not.
    QString text = argument;
    text.replace(u'%', QLatin1String("%%"));
    static const QString reserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    const bool needsQuotes = text.isEmpty()
        || std::any_of(text.cbegin(), text.cend(), [](QChar c) { return reserved.contains(c); });
    if (!needsQuotes)
        return text;
    QString quoted;
    quoted.reserve(text.size() + 2);
    quoted += u'"';
    for (const QChar c : std::as_const(text)) {
        if (c == u'"' || c == u'`' || c == u'$' || c == u'\\')
            quoted += u'\\';
        quoted += c;
    }
    quoted += u'"';
    return quoted;
}

QString Autostart::commandLine() const
{
    QStringList parts;
#if defined(Q_OS_WIN)
    parts << windowsQuote(QDir::toNativeSeparators(m_program));
    for (const QString &argument : m_arguments)
        parts << windowsQuote(argument);
#elif defined(Q_OS_MACOS)
    parts << m_program << m_arguments;
#else
    parts << quoteExecArgument(m_program);
    for (const QString &argument : m_arguments)
        parts << quoteExecArgument(argument);
#endif
    return parts.join(u' ');
}

QString Autostart::entryLocation() const
{
#if defined(Q_OS_WIN)
    return RunKey + u'\\' + EntryName;
#elif defined(Q_OS_MACOS)
    return launchAgentPath();
#else
    return desktopFilePath();
#endif
}

bool Autostart::isEnabled() const
{
#if defined(Q_OS_WIN)
    QSettings run(RunKey, QSettings::NativeFormat);
    return !run.value(EntryName).toString().isEmpty();
#elif defined(Q_OS_MACOS)
    return QFileInfo::exists(launchAgentPath());
#else
    QFile file(desktopFilePath());
    if (!file.open(QIODevice::ReadOnly))
        return false;
    return !desktopEntrySwitchedOff(file.readAll());
#endif
}

bool Autostart::setEnabled(bool enabled, QString *error)
{
#if defined(Q_OS_WIN)
    QSettings run(RunKey, QSettings::NativeFormat);
    if (enabled)
        run.setValue(EntryName, commandLine());
    else
        run.remove(EntryName);
    run.sync();
    if (run.status() != QSettings::NoError) {
        if (error)
            *error = QCoreApplication::translate("Switchyard::Autostart", "Cannot change the registry key %1")
                         .arg(RunKey);
        return false;
    }
    qCInfo(lcApp) << "Autostart" << (enabled ? "enabled" : "disabled") << "in" << RunKey;
    return true;
#elif defined(Q_OS_MACOS)
    const QString path = launchAgentPath();
    if (!enabled)
        return removeFile(path, error);
    QString arguments;
    for (const QString &argument : QStringList(m_program) + m_arguments)
        arguments += QStringLiteral("        <string>%1</string>\n").arg(xmlEscaped(argument));
    const QString plist = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                         "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                                         "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                                         "<plist version=\"1.0\">\n<dict>\n"
                                         "    <key>Label</key>\n    <string>%1</string>\n"
                                         "    <key>ProgramArguments</key>\n    <array>\n%2    </array>\n"
                                         "    <key>RunAtLoad</key>\n    <true/>\n"
                                         "    <key>ProcessType</key>\n    <string>Interactive</string>\n"
                                         "</dict>\n</plist>\n")
                              .arg(xmlEscaped(launchAgentLabel()), arguments);
    if (!writeWholeFile(path, plist.toUtf8(), error))
        return false;
    qCInfo(lcApp) << "Autostart enabled:" << path;
    return true;
#else
    const QString path = desktopFilePath();
    if (!enabled) {
        if (!removeFile(path, error))
            return false;
        qCInfo(lcApp) << "Autostart disabled: removed" << path;
        return true;
    }
    const QString entry =
        QStringLiteral("[Desktop Entry]\n"
                       "Type=Application\n"
                       "Name=Switchyard\n"
                       "Comment=Local LLM router for Claude Code and OpenAI-compatible tools\n"
                       "Exec=%1\n"
                       "Icon=switchyard\n"
                       "Terminal=false\n"
                       "X-GNOME-Autostart-enabled=true\n")
            .arg(escapeDesktopValue(commandLine()));
    if (!writeWholeFile(path, entry.toUtf8(), error))
        return false;
    qCInfo(lcApp) << "Autostart enabled:" << path;
    return true;
#endif
}

} // namespace Switchyard
