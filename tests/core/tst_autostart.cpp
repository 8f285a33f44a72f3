// Start at login: the XDG autostart desktop file on Linux, written under a temporary
// XDG_CONFIG_HOME. The Exec line is decoded here independently (Desktop Entry string escapes, then
// the Exec quoting rules) to check that the program path survives spaces and shell characters.

#include "autostart.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Switchyard;

namespace {

QString readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

QString keyValue(const QString &entry, const QString &key)
{
    for (const QString &line : entry.split(u'\n')) {
        if (line.startsWith(key + u'='))
            return line.mid(key.size() + 1);
    }
    return {};
}

// Desktop Entry spec: "\\" -> "\", "\s" -> " ", "\n", "\t", "\r"; then Exec: whitespace separates
// arguments, double quotes group them, and inside quotes a backslash escapes the next character;
// "%%" is a literal percent sign.
QStringList decodeExec(const QString &value)
{
    QString unescaped;
    for (int i = 0; i < value.size(); ++i) {
        if (value.at(i) == u'\\' && i + 1 < value.size()) {
            const QChar next = value.at(++i);
            unescaped += next == u's' ? QChar(u' ')
                : next == u'n'        ? QChar(u'\n')
                : next == u't'        ? QChar(u'\t')
                : next == u'r'        ? QChar(u'\r')
                                      : next;
        } else {
            unescaped += value.at(i);
        }
    }
    QStringList arguments;
    QString current;
    bool inQuotes = false;
    bool started = false;
    for (int i = 0; i < unescaped.size(); ++i) {
        const QChar c = unescaped.at(i);
        if (c == u'%' && i + 1 < unescaped.size() && unescaped.at(i + 1) == u'%') {
            // A field code, quoted or not.
            current += u'%';
            ++i;
            started = true;
        } else if (inQuotes) {
            if (c == u'\\' && i + 1 < unescaped.size())
                current += unescaped.at(++i);
            else if (c == u'"')
                inQuotes = false;
            else
                current += c;
        } else if (c == u'"') {
            inQuotes = true;
            started = true;
        } else if (c == u' ') {
            if (started)
                arguments << current;
            current.clear();
            started = false;
        } else {
            current += c;
            started = true;
        }
    }
    if (started)
        arguments << current;
    return arguments;
}

} // namespace

class TestAutostart : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_config;

    QString desktopFile() const { return m_config.path() + QStringLiteral("/autostart/switchyard.desktop"); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
        qunsetenv("APPIMAGE");
    }

    void cleanup() { QFile::remove(desktopFile()); }

    void defaultProgramIsThisExecutable()
    {
        QCOMPARE(Autostart().program(), QCoreApplication::applicationFilePath());
        QCOMPARE(Autostart().entryLocation(), desktopFile());
    }

    void appImageFileIsStartedInsteadOfTheMount()
    {
        QTemporaryDir dir;
        const QString appImage = dir.filePath(QStringLiteral("Switchyard-x86_64.AppImage"));
        QFile file(appImage);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        qputenv("APPIMAGE", QFile::encodeName(appImage));
        QCOMPARE(Autostart().program(), appImage);
        qunsetenv("APPIMAGE");
        // A stale variable naming no file is ignored.
        qputenv("APPIMAGE", "/nonexistent/Switchyard.AppImage");
        QCOMPARE(Autostart().program(), QCoreApplication::applicationFilePath());
        qunsetenv("APPIMAGE");
    }

    void enableWritesDesktopFileDisableRemovesIt()
    {
        Autostart autostart;
        QVERIFY(!autostart.isEnabled());
        QString error;
        QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
        QVERIFY(QFile::exists(desktopFile()));
        QVERIFY(autostart.isEnabled());

        const QString entry = readFile(desktopFile());
        QVERIFY(entry.startsWith(QStringLiteral("[Desktop Entry]\n")));
        QCOMPARE(keyValue(entry, QStringLiteral("Type")), QStringLiteral("Application"));
        QCOMPARE(keyValue(entry, QStringLiteral("Name")), QStringLiteral("Switchyard"));
        QCOMPARE(decodeExec(keyValue(entry, QStringLiteral("Exec"))),
                 QStringList {QCoreApplication::applicationFilePath()});

        // Writing again replaces the file rather than appending.
        QVERIFY(autostart.setEnabled(true, &error));
        QCOMPARE(readFile(desktopFile()), entry);

        QVERIFY2(autostart.setEnabled(false, &error), qPrintable(error));
        QVERIFY(!QFile::exists(desktopFile()));
        QVERIFY(!autostart.isEnabled());
        // Turning off what is already off succeeds.
        QVERIFY(autostart.setEnabled(false, &error));
    }

    void execSurvivesSpacesAndShellCharacters_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("plain") << QStringLiteral("/usr/bin/switchyard") << QStringList();
        QTest::newRow("space") << QStringLiteral("/opt/My Apps/switchyard") << QStringList();
        QTest::newRow("shell characters")
            << QStringLiteral("/home/a$b/`x`/\"q\"/back\\slash/switchyard") << QStringList();
        QTest::newRow("percent and argument")
            << QStringLiteral("/home/u/100% done/switchyard")
            << QStringList {QStringLiteral("--data-dir"), QStringLiteral("/tmp/x y")};
        QTest::newRow("non-ASCII") << QStringLiteral("/home/用户/switchyard") << QStringList();
    }

    void execSurvivesSpacesAndShellCharacters()
    {
        QFETCH(QString, program);
        QFETCH(QStringList, arguments);
        Autostart autostart(program, arguments);
        QString error;
        QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
        const QString exec = keyValue(readFile(desktopFile()), QStringLiteral("Exec"));
        QCOMPARE(decodeExec(exec), QStringList {program} + arguments);
    }

    void quoting()
    {
        QCOMPARE(Autostart::quoteExecArgument(QStringLiteral("/usr/bin/switchyard")),
                 QStringLiteral("/usr/bin/switchyard"));
        QCOMPARE(Autostart::quoteExecArgument(QStringLiteral("/a b")), QStringLiteral("\"/a b\""));
        QCOMPARE(Autostart::quoteExecArgument(QStringLiteral("a$b")), QStringLiteral("\"a\\$b\""));
        QCOMPARE(Autostart::quoteExecArgument(QStringLiteral("50%")), QStringLiteral("50%%"));
        QCOMPARE(Autostart::quoteExecArgument(QString()), QStringLiteral("\"\""));
    }

    void entrySwitchedOffByTheDesktopCountsAsDisabled()
    {
        Autostart autostart;
        QVERIFY(autostart.setEnabled(true));
        QFile file(desktopFile());
        QVERIFY(file.open(QIODevice::Append));
        file.write("Hidden=true\n");
        file.close();
        QVERIFY(!autostart.isEnabled());
        // Enabling again from the app writes a fresh entry that counts.
        QVERIFY(autostart.setEnabled(true));
        QVERIFY(autostart.isEnabled());
    }

    void unwritableConfigFolderReportsError()
    {
        QTemporaryDir dir;
        const QString blocker = dir.filePath(QStringLiteral("not-a-folder"));
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(blocker));
        Autostart autostart;
        QString error;
        QVERIFY(!autostart.setEnabled(true, &error));
        QVERIFY2(error.contains(QStringLiteral("not-a-folder")), qPrintable(error));
        QVERIFY(!autostart.isEnabled());
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
    }
};

QTEST_GUILESS_MAIN(TestAutostart)
#include "tst_autostart.moc"
