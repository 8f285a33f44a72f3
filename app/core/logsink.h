#pragma once

// The process-wide Qt message handler. Every qDebug/qCInfo/... from any thread ends up here, goes
// through a redaction safety net (anything that looks like an API key is masked), and is appended to
// <dataDir>/logs/switchyard.log, rotated by size (switchyard.log.1 .. .N kept), and, in headless mode,
// echoed to stderr. Redaction is a net, not the policy: code must still never log key material.

#include <QFile>
#include <QMutex>
#include <QString>

#include <atomic>

namespace Switchyard {

class LogSink
{
public:
    static constexpr qint64 DefaultMaxFileBytes = 5 * 1024 * 1024;
    static constexpr int DefaultKeptFiles = 5;

    LogSink();
    ~LogSink(); // uninstalls itself if installed

    LogSink(const LogSink &) = delete;
    LogSink &operator=(const LogSink &) = delete;

    static QString fileName() { return QStringLiteral("switchyard.log"); }

    // Makes this sink the Qt message handler. At most one sink is installed at a time.
    void install();
    void uninstall();
    bool isInstalled() const;
    // The installed sink, or null.
    static LogSink *current();

    // Starts writing to <logDir>/switchyard.log (creating logDir). Until then only stderr is used.
    bool openFile(const QString &logDir, QString *error = nullptr);
    void closeFile();
    QString filePath() const;

    void setMaxFileBytes(qint64 bytes);
    void setKeptFiles(int count);
    // Messages less severe than level are dropped: for the switchyard.* categories by setting Qt's
    // filter rules (which also turns their debug output on, off by default), for others here.
    void setMinimumLevel(QtMsgType level);
    QtMsgType minimumLevel() const;
    void setEchoToStderr(bool echo);

    // Writes one message as if it came through Qt, from any thread.
    void write(QtMsgType type, const QMessageLogContext &context, const QString &message);
    // Writes a line meant for the user to stderr (always, unfiltered) and records it in the log file.
    void userMessage(QtMsgType type, const QString &message);

    // Masks API-key-shaped substrings: sk-..., sk-ant-..., sy-..., AIza..., Bearer tokens and
    // values of api-key headers/parameters. Keeps a short recognisable prefix.
    static QString redact(const QString &text);
    // Lower number = less severe. Qt's own enum is not ordered by severity (QtInfoMsg is 4).
    static int severity(QtMsgType type);

private:
    static void messageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message);
    QString formatLine(QtMsgType type, const char *category, const QString &message) const;
    void appendToFile(const QByteArray &line); // m_mutex held
    void rotate(); // m_mutex held

    mutable QMutex m_mutex;
    QFile m_file;
    QString m_logDir;
    qint64 m_maxFileBytes = DefaultMaxFileBytes;
    int m_keptFiles = DefaultKeptFiles;
    std::atomic<int> m_minimumSeverity;
    std::atomic<bool> m_echoToStderr = true;
    QtMessageHandler m_previousHandler = nullptr;
};

} // namespace Switchyard
