// The process-wide log sink: size-based rotation keeping the last N files, the key redaction safety
// net, the level filter, and concurrent writers.

#include "applogging.h"
#include "logsink.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Switchyard;

namespace {

QString readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

QStringList logLines(const QString &path)
{
    return readAll(path).split(u'\n', Qt::SkipEmptyParts);
}

// The "#<n>" marker each test line carries, or -1.
int markerOf(const QString &line)
{
    static const QRegularExpression marker(QStringLiteral("#(\\d+)\\b"));
    const QRegularExpressionMatch match = marker.match(line);
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

} // namespace

class TestLogSink : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<LogSink> m_sink;

    QString logPath() const { return QDir(m_dir.path()).filePath(LogSink::fileName()); }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        QDir(m_dir.path()).removeRecursively();
        QVERIFY(QDir().mkpath(m_dir.path()));
        m_sink = std::make_unique<LogSink>();
        m_sink->setEchoToStderr(false);
        QString error;
        QVERIFY2(m_sink->openFile(m_dir.path(), &error), qPrintable(error));
        m_sink->install();
        QVERIFY(m_sink->isInstalled());
        QCOMPARE(LogSink::current(), m_sink.get());
    }

    void cleanup()
    {
        m_sink->setMinimumLevel(QtInfoMsg);
        m_sink.reset();
        QCOMPARE(LogSink::current(), nullptr);
    }

    void writesFormattedLines()
    {
        qCInfo(lcApp) << "hello from the test #1";
        qCWarning(lcStorage) << "disk is slow #2";
        const QStringList lines = logLines(logPath());
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines.at(0).contains(QLatin1String(" info switchyard.app: hello from the test #1")),
                 qPrintable(lines.at(0)));
        QVERIFY2(lines.at(1).contains(QLatin1String(" warning switchyard.storage: disk is slow #2")),
                 qPrintable(lines.at(1)));
        // UTC ISO timestamp first, so files from different machines sort the same.
        QVERIFY(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z "))
                    .match(lines.at(0))
                    .hasMatch());
#ifdef Q_OS_UNIX
        QCOMPARE(QFile::permissions(logPath()) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
#endif
    }

    void rotationKeepsFive()
    {
        const qint64 maxBytes = 2000;
        m_sink->setMaxFileBytes(maxBytes);
        m_sink->setKeptFiles(5);
        const int total = 400; // ~100 bytes each: about 20 files' worth, so rotation wraps several times
        for (int i = 0; i < total; ++i)
            qCInfo(lcApp).noquote() << QStringLiteral("rotation line #%1 ").arg(i) + QString(40, u'x');

        QVERIFY(QFile::exists(logPath()));
        for (int index = 1; index <= 5; ++index)
            QVERIFY2(QFile::exists(logPath() + u'.' + QString::number(index)),
                     qPrintable(QString::number(index)));
        QVERIFY(!QFile::exists(logPath() + QStringLiteral(".6")));
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files).size(), 6);

        // Oldest to newest: .5, .4, ..., .1, the live file. Together they hold one unbroken run of
        // the most recent lines, and no file grew past the limit.
        QList<int> markers;
        for (int index = 5; index >= 0; --index) {
            const QString path = index == 0 ? logPath() : logPath() + u'.' + QString::number(index);
            QVERIFY2(QFileInfo(path).size() <= maxBytes, qPrintable(path));
            const QStringList lines = logLines(path);
            QVERIFY(!lines.isEmpty());
            for (const QString &line : lines)
                markers.append(markerOf(line));
        }
        QCOMPARE(markers.constLast(), total - 1);
        for (qsizetype i = 1; i < markers.size(); ++i)
            QCOMPARE(markers.at(i), markers.at(i - 1) + 1);
        QVERIFY(markers.constFirst() > 0); // the oldest lines were dropped
    }

    void keptFilesIsConfigurable()
    {
        m_sink->setMaxFileBytes(500);
        m_sink->setKeptFiles(2);
        for (int i = 0; i < 100; ++i)
            qCInfo(lcApp).noquote() << QStringLiteral("short-keep line #%1 ").arg(i) + QString(40, u'y');
        QVERIFY(QFile::exists(logPath() + QStringLiteral(".2")));
        QVERIFY(!QFile::exists(logPath() + QStringLiteral(".3")));
    }

    void redactsKeys_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("kept");
        QTest::newRow("anthropic") << QStringLiteral(
            "upstream said no for sk-ant-api03-Zx9QwErTyUiOpAsDfGhJkL")
                                   << QStringLiteral("Zx9QwErTyUiOpAsDfGhJkL")
                                   << QStringLiteral("sk-ant-***");
        QTest::newRow("openai project")
            << QStringLiteral("key=sk-proj-abcdefghijklmnop1234 rejected")
            << QStringLiteral("abcdefghijklmnop1234") << QStringLiteral("sk-proj-***");
        QTest::newRow("openai classic")
            << QStringLiteral("using sk-4f3e2d1c0b9a8f7e6d5c4b3a")
            << QStringLiteral("4f3e2d1c0b9a8f7e6d5c4b3a") << QStringLiteral("sk-***");
        QTest::newRow("client key") << QStringLiteral("client sy-0123456789abcdef0123456789abcdef connected")
                                    << QStringLiteral("0123456789abcdef0123456789abcdef")
                                    << QStringLiteral("sy-***");
        QTest::newRow("gemini") << QStringLiteral(
            "GET /v1beta/models?key=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStU")
                                << QStringLiteral("SyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStU")
                                << QStringLiteral("AIza***");
        QTest::newRow("bearer") << QStringLiteral("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig")
                                << QStringLiteral("eyJhbGciOiJIUzI1NiJ9") << QStringLiteral("Bearer ***");
        QTest::newRow("header") << QStringLiteral("x-api-key: 9f8e7d6c5b4a39281706f5e4")
                                << QStringLiteral("9f8e7d6c5b4a39281706f5e4")
                                << QStringLiteral("x-api-key: ***");
        QTest::newRow("json member") << QStringLiteral(R"({"api_key": "Qm9vbXNoYWthbGFrYQ12", "model": "x"})")
                                     << QStringLiteral("Qm9vbXNoYWthbGFrYQ12")
                                     << QStringLiteral("\"model\": \"x\"");
    }

    void redactsKeys()
    {
        QFETCH(QString, message);
        QFETCH(QString, secret);
        QFETCH(QString, kept);

        const QString redacted = LogSink::redact(message);
        QVERIFY2(!redacted.contains(secret), qPrintable(redacted));
        QVERIFY2(redacted.contains(kept), qPrintable(redacted));

        qCWarning(lcProxyTest()).noquote() << message;
        const QString file = readAll(logPath());
        QVERIFY2(!file.contains(secret), qPrintable(file));
        QVERIFY2(file.contains(kept), qPrintable(file));
    }

    void leavesOrdinaryTextAlone_data()
    {
        QTest::addColumn<QString>("message");
        QTest::newRow("usage") << QStringLiteral(
            "claude-sonnet-4-5 via openrouter,gpt-4o: 1234 in, 56 out, 812 ms");
        QTest::newRow("hint") << QStringLiteral("key sk-ant… disabled after 401");
        QTest::newRow("short prefix") << QStringLiteral("client sy-3f9a used 3 requests");
        QTest::newRow("tokens") << QStringLiteral(R"({"max_tokens": 4096, "input_tokens": 12})");
        QTest::newRow("words with sk") << QStringLiteral("task-scheduler-background-refresh ran");
    }

    void leavesOrdinaryTextAlone()
    {
        QFETCH(QString, message);
        QCOMPARE(LogSink::redact(message), message);
    }

    void levelFilter()
    {
        m_sink->setMinimumLevel(QtWarningMsg);
        QCOMPARE(m_sink->minimumLevel(), QtWarningMsg);
        qCDebug(lcApp) << "debug #1";
        qCInfo(lcApp) << "info #2";
        qCWarning(lcApp) << "warning #3";
        qCCritical(lcApp) << "error #4";

        m_sink->setMinimumLevel(QtDebugMsg);
        QVERIFY(lcApp().isDebugEnabled()); // the category itself now lets debug through
        qCDebug(lcApp) << "debug #5";
        qCInfo(lcConfig) << "info #6";

        m_sink->setMinimumLevel(QtInfoMsg);
        QVERIFY(!lcApp().isDebugEnabled());
        qCDebug(lcApp) << "debug #7";
        qCInfo(lcApp) << "info #8";

        m_sink->setMinimumLevel(QtCriticalMsg);
        qCWarning(lcApp) << "warning #9";
        qCCritical(lcApp) << "error #10";

        QList<int> markers;
        for (const QString &line : logLines(logPath()))
            markers.append(markerOf(line));
        QCOMPARE(markers, (QList<int> {3, 4, 5, 6, 8, 10}));
    }

    void userMessagesReachTheFile()
    {
        m_sink->setMinimumLevel(QtCriticalMsg); // user messages are never filtered
        m_sink->userMessage(
            QtWarningMsg,
            QStringLiteral("No display found; running headless #1 sk-ant-api03-abcdefghijklmnopqrst"));
        const QString file = readAll(logPath());
        QVERIFY2(file.contains(QLatin1String("running headless #1 sk-ant-***")), qPrintable(file));
        QVERIFY(!file.contains(QLatin1String("abcdefghijklmnopqrst")));
    }

    void concurrentWriters()
    {
        m_sink->setMaxFileBytes(64 * 1024);
        m_sink->setKeptFiles(100); // keep everything so every line can be counted
        constexpr int threadCount = 4;
        constexpr int linesPerThread = 500;
        QList<QThread *> threads;
        for (int t = 0; t < threadCount; ++t) {
            threads.append(QThread::create([t] {
                for (int i = 0; i < linesPerThread; ++i)
                    qCInfo(lcProxyTest()).noquote()
                        << QStringLiteral("thread %1 line #%2 end").arg(t).arg(t * linesPerThread + i);
            }));
        }
        for (QThread *thread : std::as_const(threads))
            thread->start();
        for (QThread *thread : std::as_const(threads)) {
            QVERIFY(thread->wait(30000));
            delete thread;
        }

        QSet<int> seen;
        const QStringList files = QDir(m_dir.path()).entryList({LogSink::fileName() + u'*'}, QDir::Files);
        QVERIFY(files.size() > 1); // rotation happened while threads were writing
        for (const QString &name : files) {
            for (const QString &line : logLines(QDir(m_dir.path()).filePath(name))) {
                // Lines never interleave: each is complete.
                QVERIFY2(line.endsWith(QLatin1String(" end")), qPrintable(line));
                seen.insert(markerOf(line));
            }
        }
        QCOMPARE(seen.size(), threadCount * linesPerThread);
    }

private:
    static const QLoggingCategory &lcProxyTest()
    {
        static const QLoggingCategory category("switchyard.test");
        return category;
    }
};

QTEST_APPLESS_MAIN(TestLogSink)
#include "tst_logsink.moc"
