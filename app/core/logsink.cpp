#include "logsink.h"

#include <QDateTime>
#include <QDir>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QRegularExpression>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace Switchyard {

namespace {

std::atomic<LogSink *> s_current = nullptr;
// Set while this thread is inside the sink, so a warning raised by the sink's own file I/O is written
// straight to stderr instead of re-entering (and deadlocking on) the sink's mutex.
thread_local bool t_insideSink = false;

struct Redactor
{
    QRegularExpression pattern;
    QString replacement;
};

// One set per thread: cheap, and no question about sharing compiled patterns between threads.
const QList<Redactor> &redactors()
{
    static const auto options = QRegularExpression::CaseInsensitiveOption;
    thread_local const QList<Redactor> list {
        // Provider and client key formats first, keeping only the well-known prefix.
        {QRegularExpression(
             QStringLiteral(R"(\b(sk-ant-|sk-proj-|sk-svcacct-|sk-or-v1-|sk-|sy-)[A-Za-z0-9_\-]{12,})")),
         QStringLiteral("\\1***")},
        {QRegularExpression(QStringLiteral(R"(\bAIza[0-9A-Za-z_\-]{20,})")), QStringLiteral("AIza***")},
        {QRegularExpression(QStringLiteral(R"(\b(Bearer\s+)[A-Za-z0-9._~+/=\-]{12,})"), options),
         QStringLiteral("\\1***")},
        // Then anything handed over as an api key, secret, token or password: headers, query
        // parameters, JSON members ("x-api-key: ...", "key=...", "\"api_key\": \"...\"").
        {QRegularExpression(
             QStringLiteral(
                 R"(\b((?:[a-z0-9]+[-_])*(?:api[-_]?key|key|secret|token|password)["']?\s*[:=]\s*["']?)[^\s"'&,;*]{12,})"),
             options),
         QStringLiteral("\\1***")},
    };
    return list;
}

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "error";
    case QtFatalMsg:
        return "fatal";
    }
    return "info";
}

void writeStderr(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stderr);
    std::fflush(stderr);
}

QString rotatedPath(const QString &base, int index)
{
    return base + u'.' + QString::number(index);
}

} // namespace

LogSink::LogSink()
    : m_minimumSeverity(severity(QtInfoMsg))
{
}

LogSink::~LogSink()
{
    uninstall();
    closeFile();
}

void LogSink::install()
{
    LogSink *expected = nullptr;
    if (s_current.compare_exchange_strong(expected, this)) {
        m_previousHandler = qInstallMessageHandler(&LogSink::messageHandler);
        setMinimumLevel(minimumLevel());
    }
}

void LogSink::uninstall()
{
    LogSink *expected = this;
    if (s_current.compare_exchange_strong(expected, nullptr)) {
        qInstallMessageHandler(m_previousHandler);
        m_previousHandler = nullptr;
    }
}

bool LogSink::isInstalled() const
{
    return s_current.load() == this;
}

LogSink *LogSink::current()
{
    return s_current.load();
}

bool LogSink::openFile(const QString &logDir, QString *error)
{
    QMutexLocker locker(&m_mutex);
    m_file.close();
    if (!QDir().mkpath(logDir)) {
        if (error)
            *error =
                QStringLiteral("cannot create the log directory %1").arg(QDir::toNativeSeparators(logDir));
        return false;
    }
    m_logDir = logDir;
    m_file.setFileName(QDir(logDir).filePath(fileName()));
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2")
                         .arg(QDir::toNativeSeparators(m_file.fileName()), m_file.errorString());
        return false;
    }
    // Logs name models, sessions and clients: only the user may read them.
    m_file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

void LogSink::closeFile()
{
    QMutexLocker locker(&m_mutex);
    m_file.close();
}

QString LogSink::filePath() const
{
    QMutexLocker locker(&m_mutex);
    return m_file.fileName();
}

void LogSink::setMaxFileBytes(qint64 bytes)
{
    QMutexLocker locker(&m_mutex);
    m_maxFileBytes = std::max<qint64>(1, bytes);
}

void LogSink::setKeptFiles(int count)
{
    QMutexLocker locker(&m_mutex);
    m_keptFiles = std::max(0, count);
}

void LogSink::setMinimumLevel(QtMsgType level)
{
    m_minimumSeverity = severity(level);
    // The switchyard.* categories are filtered at the source, through Qt's rules: a disabled level
    // costs nothing, and QT_LOGGING_RULES (which Qt applies after these) can still pick single
    // categories, e.g. switchyard.routing.debug=true with the level left at info.
    const auto enabled = [level](QtMsgType type) {
        return severity(type) >= severity(level) ? QLatin1String("true") : QLatin1String("false");
    };
    QLoggingCategory::setFilterRules(
        QStringLiteral("switchyard.*.debug=%1\nswitchyard.*.info=%2\n"
                       "switchyard.*.warning=%3")
            .arg(enabled(QtDebugMsg), enabled(QtInfoMsg), enabled(QtWarningMsg)));
}

QtMsgType LogSink::minimumLevel() const
{
    const int current = m_minimumSeverity;
    for (QtMsgType type : {QtDebugMsg, QtInfoMsg, QtWarningMsg, QtCriticalMsg, QtFatalMsg}) {
        if (severity(type) == current)
            return type;
    }
    return QtInfoMsg;
}

void LogSink::setEchoToStderr(bool echo)
{
    m_echoToStderr = echo;
}

int LogSink::severity(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return 0;
    case QtInfoMsg:
        return 1;
    case QtWarningMsg:
        return 2;
    case QtCriticalMsg:
        return 3;
    case QtFatalMsg:
        return 4;
    }
    return 1;
}

QString LogSink::redact(const QString &text)
{
    QString result = text;
    for (const Redactor &redactor : redactors())
        result.replace(redactor.pattern, redactor.replacement);
    return result;
}

QString LogSink::formatLine(QtMsgType type, const char *category, const QString &message) const
{
    const QString timestamp = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QString line = timestamp + u' ' + QLatin1String(levelName(type)) + u' ';
    if (category && *category)
        line += QLatin1String(category) + QLatin1String(": ");
    line += redact(message);
    line += u'\n';
    return line;
}

void LogSink::write(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    // Switchyard's own categories were filtered by their rules (see setMinimumLevel); this catches
    // Qt's categories and plain qDebug().
    const bool ownCategory = context.category && std::strncmp(context.category, "switchyard.", 11) == 0;
    if (!ownCategory && severity(type) < m_minimumSeverity)
        return;
    const QByteArray line = formatLine(type, context.category, message).toUtf8();
    if (t_insideSink) {
        writeStderr(line);
        return;
    }
    t_insideSink = true;
    {
        QMutexLocker locker(&m_mutex);
        appendToFile(line);
        if (m_echoToStderr || !m_file.isOpen())
            writeStderr(line);
    }
    t_insideSink = false;
}

void LogSink::userMessage(QtMsgType type, const QString &message)
{
    const QString redacted = redact(message);
    writeStderr((redacted + u'\n').toUtf8());
    if (t_insideSink)
        return;
    t_insideSink = true;
    {
        QMutexLocker locker(&m_mutex);
        appendToFile(formatLine(type, "switchyard.app", redacted).toUtf8());
    }
    t_insideSink = false;
}

void LogSink::appendToFile(const QByteArray &line)
{
    if (!m_file.isOpen())
        return;
    if (m_file.size() > 0 && m_file.size() + line.size() > m_maxFileBytes)
        rotate();
    if (!m_file.isOpen())
        return;
    m_file.write(line);
    m_file.flush();
}

void LogSink::rotate()
{
    const QString base = m_file.fileName();
    m_file.close();
    if (m_keptFiles > 0) {
        QFile::remove(rotatedPath(base, m_keptFiles));
        for (int index = m_keptFiles - 1; index >= 1; --index) {
            if (QFile::exists(rotatedPath(base, index)))
                QFile::rename(rotatedPath(base, index), rotatedPath(base, index + 1));
        }
        QFile::rename(base, rotatedPath(base, 1));
    } else {
        QFile::remove(base);
    }
    m_file.setFileName(base);
    if (m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
        m_file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void LogSink::messageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (LogSink *sink = s_current.load()) {
        sink->write(type, context, message);
        return;
    }
    writeStderr((message + u'\n').toUtf8());
}

} // namespace Switchyard
