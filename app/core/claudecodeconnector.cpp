#include "claudecodeconnector.h"

#include "appcontroller.h"
#include "applogging.h"
#include "clientkeys.h"
#include "privatefile.h"
#include "storage.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace Switchyard {

namespace {

struct ClaudeCode
{
    Q_DECLARE_TR_FUNCTIONS(ClaudeCodeConnector)
};

const QString BaseUrlVar = QStringLiteral("ANTHROPIC_BASE_URL");
const QString TokenVar = QStringLiteral("ANTHROPIC_AUTH_TOKEN");
const QString TrafficVar = QStringLiteral("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC");
const QString NoBackup = QStringLiteral("none");

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

// The settings object of a file that exists, or an empty object for a missing one.
QJsonObject parseObject(const QByteArray &bytes, QString *error)
{
    if (bytes.trimmed().isEmpty())
        return {}; // an empty file is as good as a missing one
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = ClaudeCode::tr("it is not valid JSON (%1 at offset %2)")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return {};
    }
    if (!doc.isObject()) {
        *error = ClaudeCode::tr("it does not contain a JSON object");
        return {};
    }
    const QJsonValue env = doc.object().value(QStringLiteral("env"));
    if (!env.isUndefined() && !env.isObject()) {
        *error = ClaudeCode::tr("its \"env\" entry is not an object");
        return {};
    }
    return doc.object();
}

} // namespace

ClaudeCodeConnector::ClaudeCodeConnector(Storage *storage, const QString &baseUrl, const QString &homeDir)
    : m_storage(storage)
    , m_baseUrl(baseUrl)
    , m_homeDir(homeDir.isEmpty() ? QDir::homePath() : homeDir)
{
}

ClaudeCodeConnector::ClaudeCodeConnector(AppController *controller, const QString &homeDir)
    : ClaudeCodeConnector(controller->storage(), controller->baseUrl(), homeDir)
{
}

QString ClaudeCodeConnector::settingsPath() const
{
    return QDir(m_homeDir).filePath(QStringLiteral(".claude/settings.json"));
}

QString ClaudeCodeConnector::backupPathFor(const QString &stamp) const
{
    return settingsPath() + QStringLiteral(".switchyard-backup-") + stamp;
}

ClaudeCodeConnector::FileState ClaudeCodeConnector::readSettings() const
{
    FileState state;
    QFile file(settingsPath());
    if (!file.exists()) {
        state.valid = true;
        return state;
    }
    state.exists = true;
    if (!file.open(QIODevice::ReadOnly)) {
        state.error =
            ClaudeCode::tr("Cannot read %1: %2").arg(nativePath(file.fileName()), file.errorString());
        return state;
    }
    state.bytes = file.readAll();
    state.valid = true;
    return state;
}

ClaudeCodeConnector::Result ClaudeCodeConnector::connect()
{
    Result result;
    const QString path = settingsPath();
    const FileState file = readSettings();
    if (!file.valid) {
        result.error = file.error;
        return result;
    }
    QString parseError;
    QJsonObject settings = parseObject(file.bytes, &parseError);
    if (!parseError.isEmpty()) {
        result.error =
            ClaudeCode::tr("%1 was left unchanged because %2. Fix or move the file, then try again.")
                .arg(nativePath(path), parseError);
        return result;
    }

    // A fresh key; the previous one (if any) hands over its limits and slot map.
    const qint64 previousId = m_storage->setting(QLatin1String(ClientKeySetting)).toLongLong();
    const ConfigData config = m_storage->loadConfig();
    const ClientKey *previous = nullptr;
    for (const ClientKey &key : config.clientKeys) {
        if (key.id == previousId)
            previous = &key;
    }
    const ClientKeys::GeneratedKey generated = ClientKeys::generate();
    ClientKey record = ClientKeys::makeRecord(QLatin1String(ClientKeyName), generated);
    if (previous) {
        record.slotMap = previous->slotMap;
        record.dailyBudget = previous->dailyBudget;
        record.allowedModels = previous->allowedModels;
        record.expiresAt = previous->expiresAt;
    }
    QString error;
    if (!m_storage->saveClientKey(&record, &error)) {
        result.error = ClaudeCode::tr("Cannot create a client key for Claude Code: %1").arg(error);
        return result;
    }

    QJsonObject env = settings.value(QStringLiteral("env")).toObject();
    if (env.contains(QStringLiteral("ANTHROPIC_API_KEY")))
        result.warnings.append(
            ClaudeCode::tr(
                "%1 also sets ANTHROPIC_API_KEY; remove it so Claude Code uses the Switchyard key.")
                .arg(nativePath(path)));
    env.insert(BaseUrlVar, m_baseUrl);
    env.insert(TokenVar, generated.plaintext);
    env.insert(TrafficVar, QStringLiteral("1"));
    settings.insert(QStringLiteral("env"), env);

    // A symlinked settings file (dotfile managers) is updated where it points, not replaced.
    const QFileInfo info(path);
    const QString target = info.isSymLink() ? info.canonicalFilePath() : path;
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    const auto undoKey = [&] {
        QString ignored;
        m_storage->deleteClientKey(record.id, &ignored);
    };
    if (file.exists) {
        result.backupPath = backupPathFor(stamp);
        if (!writePrivateFile(result.backupPath, file.bytes, &error)) {
            undoKey();
            result.backupPath.clear();
            result.error = ClaudeCode::tr("Cannot write the backup, so %1 was left unchanged: %2")
                               .arg(nativePath(path), error);
            return result;
        }
    }
    // 0600: the file now holds a credential for the proxy.
    if (!writePrivateFile(target, QJsonDocument(settings).toJson(QJsonDocument::Indented), &error)) {
        undoKey();
        result.error = ClaudeCode::tr("Cannot write %1: %2").arg(nativePath(path), error);
        return result;
    }

    // Only now that the file names the new key is the old one retired.
    if (previous && !previous->disabled) {
        ClientKey old = *previous;
        old.disabled = true;
        if (!m_storage->saveClientKey(&old, &error))
            qCWarning(lcApp).noquote() << "Cannot disable the previous Claude Code client key:" << error;
    }
    m_storage->setSetting(QLatin1String(ClientKeySetting), record.id);
    // Restore goes back to the state before the first connect, not to our own previous write.
    if (!canRestore())
        m_storage->setSetting(QLatin1String(RestoreSetting), file.exists ? result.backupPath : NoBackup);

    qCInfo(lcApp).noquote() << "Claude Code settings written to" << path << "with client key"
                            << generated.prefix;
    result.ok = true;
    result.token = generated.plaintext;
    result.clientKeyId = record.id;
    return result;
}

bool ClaudeCodeConnector::canRestore() const
{
    const QString from = m_storage->setting(QLatin1String(RestoreSetting)).toString();
    return from == NoBackup || (!from.isEmpty() && QFile::exists(from));
}

bool ClaudeCodeConnector::restore(QString *error)
{
    const auto fail = [error](const QString &text) {
        if (error)
            *error = text;
        return false;
    };
    if (!canRestore())
        return fail(ClaudeCode::tr("There is no backup of the Claude Code settings to restore."));
    const QString from = m_storage->setting(QLatin1String(RestoreSetting)).toString();
    const QString path = settingsPath();
    if (from == NoBackup) {
        // Switchyard created the file: restoring means it is gone again.
        if (QFile::exists(path) && !QFile::remove(path))
            return fail(ClaudeCode::tr("Cannot remove %1.").arg(nativePath(path)));
    } else {
        QFile backup(from);
        if (!backup.open(QIODevice::ReadOnly))
            return fail(
                ClaudeCode::tr("Cannot read the backup %1: %2").arg(nativePath(from), backup.errorString()));
        QString writeError;
        const QFileInfo info(path);
        if (!writePrivateFile(info.isSymLink() ? info.canonicalFilePath() : path, backup.readAll(),
                              &writeError))
            return fail(ClaudeCode::tr("Cannot write %1: %2").arg(nativePath(path), writeError));
    }
    m_storage->setSetting(QLatin1String(RestoreSetting), QVariant());
    qCInfo(lcApp).noquote() << "Claude Code settings restored" << (from == NoBackup ? QString() : from);
    return true;
}

QString ClaudeCodeConnector::currentToken() const
{
    const FileState file = readSettings();
    QString parseError;
    const QJsonObject settings = parseObject(file.bytes, &parseError);
    const QString token = settings.value(QStringLiteral("env")).toObject().value(TokenVar).toString();
    if (token.isEmpty())
        return {};
    const qint64 id = m_storage->setting(QLatin1String(ClientKeySetting)).toLongLong();
    for (const ClientKey &key : m_storage->loadConfig().clientKeys) {
        if (key.id == id && !key.disabled && ClientKeys::verify(token.toUtf8(), key.hash))
            return token;
    }
    return {};
}

bool ClaudeCodeConnector::isConnected() const
{
    const FileState file = readSettings();
    QString parseError;
    const QJsonObject settings = parseObject(file.bytes, &parseError);
    return file.exists && parseError.isEmpty()
        && settings.value(QStringLiteral("env")).toObject().value(BaseUrlVar).toString() == m_baseUrl;
}

QString ClaudeCodeConnector::shellLines(Shell shell, const QString &baseUrl, const QString &token)
{
    const QString key = token.isEmpty() ? QStringLiteral("<your Switchyard client key>") : token;
    const QList<std::pair<QString, QString>> vars {
        {BaseUrlVar, baseUrl}, {TokenVar, key}, {TrafficVar, QStringLiteral("1")}};
    QString lines;
    for (const auto &[name, value] : vars) {
        // Single quotes: nothing inside is expanded by either shell, and none of the values contains one.
        if (shell == Shell::PowerShell)
            lines += QStringLiteral("$env:%1 = '%2'\n").arg(name, value);
        else
            lines += QStringLiteral("export %1='%2'\n").arg(name, value);
    }
    return lines;
}

} // namespace Switchyard
