#pragma once

// Start at login, the way each desktop expects it:
//   Linux (and other XDG desktops)  $XDG_CONFIG_HOME/autostart/switchyard.desktop (XDG Autostart spec)
//   Windows                         HKCU\Software\Microsoft\Windows\CurrentVersion\Run, value "Switchyard"
//   macOS                           ~/Library/LaunchAgents/<id>.plist with RunAtLoad
// Only per-user entries: no elevation, and removing the entry is always enough to turn it off.

#include <QString>
#include <QStringList>

namespace Switchyard {

class Autostart
{
public:
    // program: what to start; empty = this executable (the AppImage file when run from one, since
    // the mounted path of a running AppImage changes every launch).
    explicit Autostart(const QString &program = {}, const QStringList &arguments = {});

    // The entry exists and is not switched off (Hidden=true or X-GNOME-Autostart-enabled=false on
    // Linux, where the user may have disabled it from the desktop's own settings).
    bool isEnabled() const;
    // Writes or removes the entry. Removing a missing entry succeeds.
    bool setEnabled(bool enabled, QString *error = nullptr);

    QString program() const { return m_program; }
    // Where the entry lives: the file path, or the registry key path on Windows.
    QString entryLocation() const;
    // The command line written into the entry (the desktop file's Exec value on Linux).
    QString commandLine() const;

    // Desktop Entry Exec quoting: arguments with reserved characters go in double quotes, with ",
    // `, $ and \ escaped inside them (the file format then escapes each backslash once more).
    static QString quoteExecArgument(const QString &argument);

private:
    QString m_program;
    QStringList m_arguments;
};

} // namespace Switchyard
