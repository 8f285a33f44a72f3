#pragma once

// "Connect Claude Code": points Claude Code at the local proxy by writing the "env" block of
// ~/.claude/settings.json (ANTHROPIC_BASE_URL, ANTHROPIC_AUTH_TOKEN = a Switchyard client key,
// CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1), and puts the file back on request.
//
// - Every other key of the file, and of its env object, is kept.
// - Before each change the current file is copied to settings.json.switchyard-backup-<timestamp>;
//   the first backup since the last restore is the one Restore puts back (the state before
//   Switchyard touched the file). When there was no file, Restore removes it again.
// - The file is replaced atomically (QSaveFile). A file that is not a JSON object is refused and
//   left exactly as it is.
// - The token is a client key made for this purpose ("Claude Code"); its id is kept in the setting
//   claudeCode/clientKeyId. The store only has the key's hash, so a reconnect makes a new key (same
//   slot map, budget and allowlist) and disables the old one. An upstream key is never written.

#include <QString>
#include <QStringList>

namespace Switchyard {

class AppController;
class Storage;

class ClaudeCodeConnector
{
public:
    struct Result
    {
        bool ok = false;
        QString error; // why nothing was changed; never contains a key
        QString token; // the client key now in the file (show once)
        qint64 clientKeyId = 0;
        QString backupPath; // the backup written before this change; empty when there was no file
        QStringList warnings; // e.g. an ANTHROPIC_API_KEY in env that Claude Code would prefer
    };

    enum class Shell
    {
        Posix, // bash, zsh
        PowerShell,
    };

    static constexpr const char *ClientKeyName = "Claude Code";
    static constexpr const char *ClientKeySetting = "claudeCode/clientKeyId";
    static constexpr const char *RestoreSetting = "claudeCode/restoreFrom"; // backup path, or "none"

    // homeDir empty = the user's home directory.
    ClaudeCodeConnector(Storage *storage, const QString &baseUrl, const QString &homeDir = {});
    explicit ClaudeCodeConnector(AppController *controller, const QString &homeDir = {});

    QString settingsPath() const;
    // Writes env into settings.json (see above).
    Result connect();
    // Whether a backup from before the first connect is waiting to be restored.
    bool canRestore() const;
    // Puts the state from before the first connect back. The Claude Code client key stays (other
    // terminals may still use it through the shell lines).
    bool restore(QString *error = nullptr);

    // The token in settings.json when it is the current Claude Code client key (verified against
    // the stored hash); empty otherwise.
    QString currentToken() const;
    // Whether settings.json points at this proxy's base URL.
    bool isConnected() const;

    // The equivalent lines for a terminal. An empty token gives a placeholder the user replaces.
    static QString shellLines(Shell shell, const QString &baseUrl, const QString &token);
    // Both kinds, with the current token when it is known.
    QString shellLines(Shell shell) const { return shellLines(shell, m_baseUrl, currentToken()); }

private:
    struct FileState
    {
        bool exists = false;
        bool valid = false;
        QByteArray bytes;
        QString error;
    };
    FileState readSettings() const;
    QString backupPathFor(const QString &stamp) const;

    Storage *m_storage;
    QString m_baseUrl;
    QString m_homeDir;
};

} // namespace Switchyard
