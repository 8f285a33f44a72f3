// "Connect Claude Code" against a temporary HOME and a real store: the merge keeps the file's other
// content, a backup is made, Restore puts the original back, an invalid file is refused untouched,
// and the token written authenticates at the proxy's client check.

#include "claudecodeconnector.h"
#include "clientauth.h"
#include "clientkeys.h"
#include "storage.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Switchyard;

namespace {

const QString BaseUrl = QStringLiteral("http://127.0.0.1:17899");

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

QJsonObject readJson(const QString &path)
{
    return QJsonDocument::fromJson(readAll(path)).object();
}

AuthResult authenticate(const Storage &storage, const QString &token)
{
    return ClientAuth::check(storage.loadConfig(), QByteArray(), "Bearer " + token.toUtf8(),
                             QHostAddress(QHostAddress::LocalHost));
}

QStringList backupsIn(const QString &home)
{
    return QDir(home + QStringLiteral("/.claude"))
        .entryList({QStringLiteral("settings.json.switchyard-backup-*")}, QDir::Files);
}

} // namespace

class TestClaudeCodeConnector : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_data;
    QTemporaryDir m_home;
    Storage m_storage;

    static QByteArray original()
    {
        return QByteArrayLiteral(
            "{\n  \"model\": \"opus\",\n  \"permissions\": {\"allow\": [\"Bash(ls:*)\"]},\n"
            "  \"env\": {\"FOO\": \"bar\", \"ANTHROPIC_BASE_URL\": \"https://old.example\"}\n}\n");
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_data.isValid() && m_home.isValid());
        QString error;
        QVERIFY2(m_storage.open(m_data.path(), &error), qPrintable(error));
        // A fresh HOME and store for every test function.
        QDir(m_home.path()).removeRecursively();
        QDir().mkpath(m_home.path());
    }

    void cleanup()
    {
        m_storage.close();
        QDir(m_data.path()).removeRecursively();
        QDir().mkpath(m_data.path());
    }

    void mergeKeepsOtherContentAndMakesBackup()
    {
        ClaudeCodeConnector connector(&m_storage, BaseUrl, m_home.path());
        writeAll(connector.settingsPath(), original());
        QVERIFY(!connector.isConnected());

        const ClaudeCodeConnector::Result result = connector.connect();
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY(ClientKeys::looksLikeKey(result.token));

        const QJsonObject settings = readJson(connector.settingsPath());
        QCOMPARE(settings.value(u"model").toString(), QStringLiteral("opus"));
        QCOMPARE(settings.value(u"permissions").toObject().value(u"allow").toArray().first().toString(),
                 QStringLiteral("Bash(ls:*)"));
        const QJsonObject env = settings.value(u"env").toObject();
        QCOMPARE(env.value(u"FOO").toString(), QStringLiteral("bar"));
        QCOMPARE(env.value(u"ANTHROPIC_BASE_URL").toString(), BaseUrl);
        QCOMPARE(env.value(u"ANTHROPIC_AUTH_TOKEN").toString(), result.token);
        QCOMPARE(env.value(u"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC").toString(), QStringLiteral("1"));
        QCOMPARE(env.size(), 4);
        QVERIFY(connector.isConnected());

        // The backup holds the file exactly as it was.
        QVERIFY(!result.backupPath.isEmpty());
        QCOMPARE(readAll(result.backupPath), original());
        QCOMPARE(backupsIn(m_home.path()).size(), 1);

        // The token is a client key named for the purpose, remembered in the settings, and it passes
        // the proxy's check against the stored hash.
        const ConfigData config = m_storage.loadConfig();
        QCOMPARE(config.clientKeys.size(), 1);
        QCOMPARE(config.clientKeys.first().name, QStringLiteral("Claude Code"));
        QCOMPARE(config.clientKeys.first().id, result.clientKeyId);
        QCOMPARE(m_storage.setting(QStringLiteral("claudeCode/clientKeyId")).toLongLong(),
                 result.clientKeyId);
        QVERIFY(!readAll(connector.settingsPath()).contains(config.clientKeys.first().hash));
        const AuthResult auth = authenticate(m_storage, result.token);
        QVERIFY(auth.ok());
        QCOMPARE(auth.key->id, result.clientKeyId);
        QVERIFY(!authenticate(m_storage, result.token + u'x').ok());

        // The token can be recovered from the file (verified), for the shell lines.
        QCOMPARE(connector.currentToken(), result.token);
        const QString posix = connector.shellLines(ClaudeCodeConnector::Shell::Posix);
        QVERIFY(posix.contains(QStringLiteral("export ANTHROPIC_BASE_URL='%1'").arg(BaseUrl)));
        QVERIFY(posix.contains(QStringLiteral("export ANTHROPIC_AUTH_TOKEN='%1'").arg(result.token)));
        QVERIFY(posix.contains(QStringLiteral("export CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC='1'")));
        const QString ps = connector.shellLines(ClaudeCodeConnector::Shell::PowerShell);
        QVERIFY(ps.contains(QStringLiteral("$env:ANTHROPIC_BASE_URL = '%1'").arg(BaseUrl)));
        QVERIFY(ps.contains(QStringLiteral("$env:ANTHROPIC_AUTH_TOKEN = '%1'").arg(result.token)));
    }

    void reconnectReplacesTheKeyAndRestoreGoesBackToTheOriginal()
    {
        ClaudeCodeConnector connector(&m_storage, BaseUrl, m_home.path());
        writeAll(connector.settingsPath(), original());
        const ClaudeCodeConnector::Result first = connector.connect();
        QVERIFY2(first.ok, qPrintable(first.error));

        // The user sets a slot map on the key; a reconnect keeps it on the new key.
        ConfigData config = m_storage.loadConfig();
        ClientKey key = config.clientKeys.first();
        key.slotMap =
            QJsonObject {{QStringLiteral("opus"),
                          QJsonObject {{QStringLiteral("target"), QStringLiteral("ds,deepseek-chat")}}}};
        QVERIFY(m_storage.saveClientKey(&key));

        QTest::qWait(2); // distinct backup timestamps
        const ClaudeCodeConnector::Result second = connector.connect();
        QVERIFY2(second.ok, qPrintable(second.error));
        QVERIFY(second.token != first.token);
        QVERIFY(second.clientKeyId != first.clientKeyId);
        QVERIFY(!authenticate(m_storage, first.token).ok());
        QVERIFY(authenticate(m_storage, second.token).ok());
        config = m_storage.loadConfig();
        QCOMPARE(config.clientKeys.size(), 2);
        for (const ClientKey &k : config.clientKeys) {
            QCOMPARE(k.disabled, k.id == first.clientKeyId);
            QCOMPARE(k.slotMap, key.slotMap);
        }
        QCOMPARE(readJson(connector.settingsPath())
                     .value(u"env")
                     .toObject()
                     .value(u"ANTHROPIC_AUTH_TOKEN")
                     .toString(),
                 second.token);
        QCOMPARE(backupsIn(m_home.path()).size(), 2);

        // Restore brings back the file from before the first connect, byte for byte.
        QVERIFY(connector.canRestore());
        QString error;
        QVERIFY2(connector.restore(&error), qPrintable(error));
        QCOMPARE(readAll(connector.settingsPath()), original());
        QVERIFY(!connector.canRestore());
        QVERIFY(!connector.isConnected());
        QVERIFY(connector.currentToken().isEmpty());
        QVERIFY(!connector.restore(&error));
        QVERIFY(!error.isEmpty());
    }

    void missingFileIsCreatedAndRestoreRemovesIt()
    {
        ClaudeCodeConnector connector(&m_storage, BaseUrl, m_home.path());
        QVERIFY(!QFile::exists(connector.settingsPath()));
        const ClaudeCodeConnector::Result result = connector.connect();
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY(result.backupPath.isEmpty());
        QCOMPARE(readJson(connector.settingsPath())
                     .value(u"env")
                     .toObject()
                     .value(u"ANTHROPIC_AUTH_TOKEN")
                     .toString(),
                 result.token);
        // The file carries a credential: owner-only.
        const QFileDevice::Permissions perms = QFileInfo(connector.settingsPath()).permissions();
        QVERIFY(!(perms & (QFileDevice::ReadOther | QFileDevice::ReadGroup)));
        QVERIFY(connector.canRestore());
        QVERIFY(connector.restore());
        QVERIFY(!QFile::exists(connector.settingsPath()));
    }

    void invalidFileIsLeftUntouched_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("broken json") << QByteArrayLiteral("{\"model\": \"opus\",, }");
        QTest::newRow("array") << QByteArrayLiteral("[1, 2]");
        QTest::newRow("env not an object") << QByteArrayLiteral("{\"env\": \"x\"}");
    }

    void invalidFileIsLeftUntouched()
    {
        QFETCH(QByteArray, content);
        ClaudeCodeConnector connector(&m_storage, BaseUrl, m_home.path());
        writeAll(connector.settingsPath(), content);
        const ClaudeCodeConnector::Result result = connector.connect();
        QVERIFY(!result.ok);
        QVERIFY(result.error.contains(QStringLiteral("settings.json")));
        QCOMPARE(readAll(connector.settingsPath()), content);
        QVERIFY(backupsIn(m_home.path()).isEmpty());
        QVERIFY(m_storage.loadConfig().clientKeys.isEmpty());
        QVERIFY(!m_storage.setting(QStringLiteral("claudeCode/clientKeyId")).isValid());
        QVERIFY(!connector.canRestore());
    }

    void existingApiKeyIsKeptButWarnedAbout()
    {
        ClaudeCodeConnector connector(&m_storage, BaseUrl, m_home.path());
        writeAll(connector.settingsPath(),
                 QByteArrayLiteral("{\"env\": {\"ANTHROPIC_API_KEY\": \"sk-ant-user\"}}"));
        const ClaudeCodeConnector::Result result = connector.connect();
        QVERIFY(result.ok);
        QCOMPARE(result.warnings.size(), 1);
        QVERIFY(!result.warnings.first().contains(QStringLiteral("sk-ant-user")));
        QCOMPARE(readJson(connector.settingsPath())
                     .value(u"env")
                     .toObject()
                     .value(u"ANTHROPIC_API_KEY")
                     .toString(),
                 QStringLiteral("sk-ant-user"));
    }

    void shellLinesWithoutTokenUsePlaceholder()
    {
        const QString lines =
            ClaudeCodeConnector::shellLines(ClaudeCodeConnector::Shell::Posix, BaseUrl, QString());
        QCOMPARE(lines.count(u'\n'), 3);
        QVERIFY(lines.contains(QStringLiteral("export ANTHROPIC_AUTH_TOKEN='<your Switchyard client key>'")));
    }
};

QTEST_GUILESS_MAIN(TestClaudeCodeConnector)
#include "tst_claudecodeconnector.moc"
